<?php
/**
 * WooCommerce → Megaventory admin page: the shell the WASM worker UI mounts into, the settings
 * form, the dead-letter queue (retry / discard) and the log. Forms post to admin-post.php with a
 * nonce and a capability check; refused values come back with the reason.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Admin;

use MegaventorySync\Plugin;
use MegaventorySync\Settings\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * The admin page.
 */
final class AdminPage {
	const SLUG            = 'mvsync';
	const CAPABILITY      = 'manage_woocommerce';
	const SETTINGS_ACTION = 'mvsync_save_settings';
	const OUTBOX_ACTION   = 'mvsync_outbox_action';
	const NOTICE_KEY      = 'mvsync_admin_notice_';

	/**
	 * Hooks (admin requests only).
	 */
	public static function register() {
		add_action( 'admin_menu', array( self::class, 'add_menu' ), 60 );
		add_action( 'admin_post_' . self::SETTINGS_ACTION, array( self::class, 'handle_settings_post' ) );
		add_action( 'admin_post_' . self::OUTBOX_ACTION, array( self::class, 'handle_outbox_post' ) );
		add_action( 'admin_enqueue_scripts', array( self::class, 'enqueue' ) );
	}

	/**
	 * Adds the submenu under WooCommerce.
	 */
	public static function add_menu() {
		add_submenu_page( 'woocommerce', __( 'Megaventory', 'megaventory-sync' ), __( 'Megaventory', 'megaventory-sync' ), self::CAPABILITY, self::SLUG, array( self::class, 'render' ) );
	}

	/**
	 * The worker UI's script, only on our page. The page gets the REST root and a wp_rest nonce;
	 * it never gets the API key.
	 *
	 * @param string $hook_suffix Current admin page.
	 */
	public static function enqueue( $hook_suffix ) {
		if ( false === strpos( (string) $hook_suffix, self::SLUG ) ) {
			return;
		}
		$script = 'assets/admin-app.js';
		if ( ! file_exists( plugin_dir_path( MVSYNC_PLUGIN_FILE ) . $script ) ) {
			return;
		}
		wp_enqueue_script( 'mvsync-admin-app', plugins_url( $script, MVSYNC_PLUGIN_FILE ), array( 'wp-i18n' ), MVSYNC_VERSION, true );
		wp_set_script_translations( 'mvsync-admin-app', 'megaventory-sync' );
		wp_add_inline_script( 'mvsync-admin-app', 'window.mvsyncConfig = ' . wp_json_encode( self::client_config() ) . ';', 'before' );
	}

	/**
	 * What the page's script receives: where the REST API is and a nonce, never the API key.
	 *
	 * @return array
	 */
	public static function client_config() {
		return array(
			'restRoot'     => esc_url_raw( rest_url( 'megaventory/v1/' ) ),
			'restNonce'    => wp_create_nonce( 'wp_rest' ),
			'assetsUrl'    => esc_url_raw( plugins_url( 'assets/', MVSYNC_PLUGIN_FILE ) ),
			'workerHeader' => 'X-Megaventory-Sync-Worker',
			'siteUrl'      => esc_url_raw( home_url( '/' ) ),
			'adminUrl'     => esc_url_raw( admin_url() ),
			'concurrency'  => (int) Plugin::settings()->get( 'worker_concurrency' ),
		);
	}

	/**
	 * The notice shown when WooCommerce is missing or too old.
	 */
	public static function render_woocommerce_missing_notice() {
		if ( ! current_user_can( 'activate_plugins' ) ) {
			return;
		}
		$message = defined( 'WC_VERSION' )
			/* translators: 1: required WooCommerce version, 2: installed version */
			? sprintf( __( 'Megaventory Sync needs WooCommerce %1$s or newer; this site runs %2$s. Synchronisation is paused until WooCommerce is updated.', 'megaventory-sync' ), MVSYNC_MIN_WC_VERSION, WC_VERSION )
			/* translators: %s: required WooCommerce version */
			: sprintf( __( 'Megaventory Sync needs WooCommerce (%s or newer) to be installed and active. Synchronisation is paused until it is.', 'megaventory-sync' ), MVSYNC_MIN_WC_VERSION );
		printf( '<div class="notice notice-error"><p>%s</p></div>', esc_html( $message ) );
	}

	/**
	 * Current tab from the query string.
	 *
	 * @return string
	 */
	private static function current_tab() {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- read-only tab switch.
		$tab = isset( $_GET['tab'] ) ? sanitize_key( wp_unslash( $_GET['tab'] ) ) : 'sync';
		return in_array( $tab, array( 'sync', 'settings', 'outbox', 'log' ), true ) ? $tab : 'sync';
	}

	/**
	 * Renders the page.
	 */
	public static function render() {
		if ( ! current_user_can( self::CAPABILITY ) ) {
			wp_die( esc_html__( 'You do not have permission to manage Megaventory Sync.', 'megaventory-sync' ), 403 );
		}
		$tab  = self::current_tab();
		$tabs = array(
			'sync'     => __( 'Synchronisation', 'megaventory-sync' ),
			'settings' => __( 'Settings', 'megaventory-sync' ),
			'outbox'   => __( 'Failed changes', 'megaventory-sync' ),
			'log'      => __( 'Log', 'megaventory-sync' ),
		);
		echo '<div class="wrap"><h1>' . esc_html__( 'Megaventory Sync', 'megaventory-sync' ) . '</h1>';
		self::render_flash_notice();
		echo '<nav class="nav-tab-wrapper">';
		foreach ( $tabs as $key => $label ) {
			printf(
				'<a href="%s" class="nav-tab%s">%s</a>',
				esc_url( add_query_arg( 'tab', $key, admin_url( 'admin.php?page=' . self::SLUG ) ) ),
				$key === $tab ? ' nav-tab-active' : '',
				esc_html( $label )
			);
		}
		echo '</nav>';
		switch ( $tab ) {
			case 'settings':
				self::render_settings();
				break;
			case 'outbox':
				self::render_outbox();
				self::render_parked();
				break;
			case 'log':
				self::render_log();
				break;
			default:
				self::render_sync_shell();
		}
		echo '</div>';
	}

	/**
	 * The mount point of the worker UI, plus the queue counts as a server-rendered fallback.
	 */
	private static function render_sync_shell() {
		$stats = Plugin::outbox()->stats();
		QueueNotice::remember( $stats );
		echo '<div id="mvsync-app" class="mvsync-app">';
		echo '<table class="widefat striped" style="max-width:40em"><tbody>';
		foreach ( $stats['counts'] as $status => $count ) {
			printf( '<tr><th>%s</th><td>%s</td></tr>', esc_html( ucfirst( $status ) ), esc_html( number_format_i18n( $count ) ) );
		}
		echo '</tbody></table>';
		if ( ! Plugin::settings()->has_api_key() ) {
			printf( '<p>%s</p>', esc_html__( 'Enter your Megaventory API key on the Settings tab to start synchronising.', 'megaventory-sync' ) );
		}
		echo '</div>';
	}

	/**
	 * The settings form. The API key field is write-only: it is always rendered empty.
	 */
	private static function render_settings() {
		$settings = Plugin::settings();
		$values   = $settings->all();
		$errors   = self::take_transient( 'errors' );
		$errors   = is_array( $errors ) ? $errors : array();
		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
		wp_nonce_field( self::SETTINGS_ACTION );
		echo '<input type="hidden" name="action" value="' . esc_attr( self::SETTINGS_ACTION ) . '">';
		echo '<table class="form-table" role="presentation"><tbody>';

		$key_hint = $settings->has_api_key()
			? __( 'A key is stored. Leave empty to keep it; type a new one to replace it.', 'megaventory-sync' )
			: __( 'No key is stored yet.', 'megaventory-sync' );
		self::row( 'api_key', __( 'API key', 'megaventory-sync' ), '<input type="password" autocomplete="new-password" class="regular-text" id="mvsync-api_key" name="mvsync[api_key]" value="">', $key_hint, $errors );
		self::row( 'api_url', __( 'API URL', 'megaventory-sync' ), sprintf( '<input type="url" class="regular-text" id="mvsync-api_url" name="mvsync[api_url]" value="%s">', esc_attr( $values['api_url'] ) ), __( 'https only; plain http is accepted for 127.0.0.1, ::1 and localhost (test servers).', 'megaventory-sync' ), $errors );
		foreach ( array(
			'order_delay_seconds'   => __( 'Order delay (seconds)', 'megaventory-sync' ),
			'default_location_id'   => __( 'Default location for orders (Megaventory id, 0 = none)', 'megaventory-sync' ),
			'worker_concurrency'    => __( 'Worker concurrency', 'megaventory-sync' ),
			'poll_interval_seconds' => __( 'Poll interval (seconds)', 'megaventory-sync' ),
			'max_attempts'          => __( 'Attempts before a change is set aside', 'megaventory-sync' ),
			'done_retention_days'   => __( 'Keep synchronised changes for (days)', 'megaventory-sync' ),
			'log_retention_days'    => __( 'Keep log entries for (days)', 'megaventory-sync' ),
			'stall_notice_minutes'  => __( 'Warn when nothing was synchronised for (minutes)', 'megaventory-sync' ),
		) as $name => $label ) {
			list( $min, $max ) = Settings::integer_bounds()[ $name ];
			self::row( $name, $label, sprintf( '<input type="number" id="mvsync-%1$s" name="mvsync[%1$s]" value="%2$s" min="%3$s" max="%4$s">', esc_attr( $name ), esc_attr( (string) $values[ $name ] ), esc_attr( (string) $min ), esc_attr( (string) $max ) ), '', $errors );
		}
		self::row( 'included_location_ids', __( 'Inventory locations counted in stock', 'megaventory-sync' ), sprintf( '<input type="text" class="regular-text" id="mvsync-included_location_ids" name="mvsync[included_location_ids]" value="%s">', esc_attr( implode( ', ', $values['included_location_ids'] ) ) ), __( 'Megaventory location ids, comma-separated; empty = all locations.', 'megaventory-sync' ), $errors );
		self::row( 'shipping_service_sku', __( 'Shipping service SKU', 'megaventory-sync' ), sprintf( '<input type="text" id="mvsync-shipping_service_sku" name="mvsync[shipping_service_sku]" value="%s">', esc_attr( $values['shipping_service_sku'] ) ), '', $errors );
		self::row( 'fee_service_sku', __( 'Fee service SKU', 'megaventory-sync' ), sprintf( '<input type="text" id="mvsync-fee_service_sku" name="mvsync[fee_service_sku]" value="%s">', esc_attr( $values['fee_service_sku'] ) ), '', $errors );

		$gateways = array();
		if ( function_exists( 'WC' ) && is_object( WC() ) && method_exists( WC(), 'payment_gateways' ) && is_object( WC()->payment_gateways() ) ) {
			foreach ( (array) WC()->payment_gateways()->payment_gateways() as $id => $gateway ) {
				$gateways[ $id ] = isset( $gateway->title ) ? $gateway->title : $id;
			}
		}
		$gateways = array_merge( array_fill_keys( array_keys( $values['payment_method_map'] ), '' ), $gateways );
		$controls = '';
		foreach ( $gateways as $id => $title ) {
			$controls .= sprintf( '<p><label>%s <select name="mvsync[payment_method_map][%s]"><option value="">%s</option>', esc_html( '' !== $title ? $title : $id ), esc_attr( $id ), esc_html__( '(not mapped)', 'megaventory-sync' ) );
			foreach ( Settings::PAYMENT_VALUES as $method ) {
				$controls .= sprintf( '<option value="%1$s"%2$s>%1$s</option>', esc_attr( $method ), selected( $values['payment_method_map'][ $id ] ?? '', $method, false ) );
			}
			$controls .= '</select></label></p>';
		}
		self::row( 'payment_method_map', __( 'Payment methods', 'megaventory-sync' ), '' === $controls ? esc_html__( 'No payment gateways found.', 'megaventory-sync' ) : $controls, '', $errors );
		echo '</tbody></table>';
		submit_button( __( 'Save settings', 'megaventory-sync' ) );
		echo '</form>';
	}

	/**
	 * One settings row. $control is built from escaped parts by the caller.
	 *
	 * @param string $name    Field name.
	 * @param string $label   Label.
	 * @param string $control Control HTML (already escaped).
	 * @param string $hint    Help text.
	 * @param array  $errors  Field errors.
	 */
	private static function row( $name, $label, $control, $hint, array $errors ) {
		printf( '<tr><th scope="row"><label for="mvsync-%s">%s</label></th><td>', esc_attr( $name ), esc_html( $label ) );
		echo wp_kses( $control, self::allowed_form_html() );
		if ( '' !== $hint ) {
			printf( '<p class="description">%s</p>', esc_html( $hint ) );
		}
		if ( isset( $errors[ $name ] ) ) {
			printf( '<p class="mvsync-field-error" style="color:#b32d2e">%s</p>', esc_html( $errors[ $name ] ) );
		}
		echo '</td></tr>';
	}

	/**
	 * Tags and attributes our settings controls use.
	 *
	 * @return array
	 */
	private static function allowed_form_html() {
		$common = array(
			'type'         => true,
			'id'           => true,
			'name'         => true,
			'value'        => true,
			'class'        => true,
			'min'          => true,
			'max'          => true,
			'autocomplete' => true,
		);
		return array(
			'input'  => $common,
			'select' => $common,
			'option' => array(
				'value'    => true,
				'selected' => true,
			),
			'label'  => array(),
			'p'      => array(),
		);
	}

	/**
	 * Dead-lettered changes with retry / discard.
	 */
	private static function render_outbox() {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- read-only paging.
		$page = isset( $_GET['paged'] ) ? max( 1, absint( $_GET['paged'] ) ) : 1;
		$list = Plugin::outbox()->list_by_status( 'dead', $page, 20 );
		if ( empty( $list['items'] ) ) {
			printf( '<p>%s</p>', esc_html__( 'No failed changes. Everything that could not be synchronised after all attempts would be listed here.', 'megaventory-sync' ) );
			return;
		}
		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
		wp_nonce_field( self::OUTBOX_ACTION );
		echo '<input type="hidden" name="action" value="' . esc_attr( self::OUTBOX_ACTION ) . '">';
		echo '<table class="widefat striped"><thead><tr><td></td><th>' . esc_html__( 'Change', 'megaventory-sync' ) . '</th><th>' . esc_html__( 'Attempts', 'megaventory-sync' ) . '</th><th>' . esc_html__( 'Last error', 'megaventory-sync' ) . '</th><th>' . esc_html__( 'Last attempt (UTC)', 'megaventory-sync' ) . '</th></tr></thead><tbody>';
		foreach ( $list['items'] as $item ) {
			printf(
				'<tr><th scope="row"><input type="checkbox" name="ids[]" value="%d"></th><td>%s</td><td>%d</td><td>%s</td><td>%s</td></tr>',
				(int) $item['id'],
				esc_html( sprintf( '%s #%d %s', $item['entity_type'], $item['entity_id'], $item['action'] ) ),
				(int) $item['attempts'],
				esc_html( (string) $item['last_error'] ),
				esc_html( (string) $item['updated_at'] )
			);
		}
		echo '</tbody></table><p>';
		printf( '<button class="button button-primary" name="outbox_action" value="retry">%s</button> ', esc_html__( 'Retry selected', 'megaventory-sync' ) );
		printf( '<button class="button" name="outbox_action" value="discard">%s</button>', esc_html__( 'Discard selected', 'megaventory-sync' ) );
		echo '</p></form>';
		self::pagination( $page, $list['total'], 20, 'outbox' );
	}

	/**
	 * Integration updates from Megaventory that the worker parked, newest first (the latest 20).
	 */
	private static function render_parked() {
		$list = Plugin::parked()->page( 1, 20 );
		printf( '<h2>%s</h2>', esc_html__( 'Updates from Megaventory that could not be applied', 'megaventory-sync' ) );
		if ( empty( $list['items'] ) ) {
			printf( '<p>%s</p>', esc_html__( 'None.', 'megaventory-sync' ) );
			return;
		}
		/* translators: 1: shown, 2: total */
		printf( '<p>%s</p>', esc_html( sprintf( __( 'Showing the latest %1$d of %2$d.', 'megaventory-sync' ), count( $list['items'] ), $list['total'] ) ) );
		echo '<table class="widefat striped"><thead><tr><th>' . esc_html__( 'Time (UTC)', 'megaventory-sync' ) . '</th><th>' . esc_html__( 'Error', 'megaventory-sync' ) . '</th><th>' . esc_html__( 'Update', 'megaventory-sync' ) . '</th></tr></thead><tbody>';
		foreach ( $list['items'] as $item ) {
			printf(
				'<tr><td>%s</td><td><code>%s</code> %s</td><td><code>%s</code></td></tr>',
				esc_html( $item['created_at'] ),
				esc_html( $item['error']['code'] ),
				esc_html( $item['error']['message'] ),
				esc_html( mb_substr( (string) wp_json_encode( $item['update'] ), 0, 500 ) )
			);
		}
		echo '</tbody></table>';
	}

	/**
	 * The log, paged.
	 */
	private static function render_log() {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- read-only paging.
		$page = isset( $_GET['paged'] ) ? max( 1, absint( $_GET['paged'] ) ) : 1;
		$list = Plugin::logger()->page( $page, 50 );
		if ( empty( $list['items'] ) ) {
			printf( '<p>%s</p>', esc_html__( 'The log is empty.', 'megaventory-sync' ) );
			return;
		}
		echo '<table class="widefat striped"><thead><tr><th>' . esc_html__( 'Time (UTC)', 'megaventory-sync' ) . '</th><th>' . esc_html__( 'Level', 'megaventory-sync' ) . '</th><th>' . esc_html__( 'From', 'megaventory-sync' ) . '</th><th>' . esc_html__( 'Message', 'megaventory-sync' ) . '</th></tr></thead><tbody>';
		foreach ( $list['items'] as $item ) {
			printf( '<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>', esc_html( $item['created_at'] ), esc_html( $item['level'] ), esc_html( $item['origin'] ), esc_html( $item['message'] ) );
		}
		echo '</tbody></table>';
		self::pagination( $page, $list['total'], 50, 'log' );
	}

	/**
	 * Previous / next links.
	 *
	 * @param int    $page     Current page.
	 * @param int    $total    Rows.
	 * @param int    $per_page Rows per page.
	 * @param string $tab      Tab.
	 */
	private static function pagination( $page, $total, $per_page, $tab ) {
		$pages = (int) ceil( $total / $per_page );
		if ( $pages <= 1 ) {
			return;
		}
		$base = admin_url( 'admin.php?page=' . self::SLUG . '&tab=' . $tab );
		echo '<p class="tablenav-pages">';
		if ( $page > 1 ) {
			printf( '<a class="button" href="%s">&lsaquo; %s</a> ', esc_url( add_query_arg( 'paged', $page - 1, $base ) ), esc_html__( 'Newer', 'megaventory-sync' ) );
		}
		/* translators: 1: page, 2: pages */
		echo esc_html( sprintf( __( 'Page %1$d of %2$d', 'megaventory-sync' ), $page, $pages ) );
		if ( $page < $pages ) {
			printf( ' <a class="button" href="%s">%s &rsaquo;</a>', esc_url( add_query_arg( 'paged', $page + 1, $base ) ), esc_html__( 'Older', 'megaventory-sync' ) );
		}
		echo '</p>';
	}

	/**
	 * Handles the settings form (admin-post).
	 */
	public static function handle_settings_post() {
		if ( ! current_user_can( self::CAPABILITY ) ) {
			wp_die( esc_html__( 'You do not have permission to change Megaventory Sync settings.', 'megaventory-sync' ), 403 );
		}
		check_admin_referer( self::SETTINGS_ACTION );
		// phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- Settings::validate() sanitises each field.
		$input  = isset( $_POST['mvsync'] ) && is_array( $_POST['mvsync'] ) ? wp_unslash( $_POST['mvsync'] ) : array();
		$result = self::save_settings( $input );
		self::redirect( 'settings', $result );
	}

	/**
	 * Saves posted settings; the form's payment map arrives with empty entries for unmapped gateways.
	 *
	 * @param array $input Unslashed form values.
	 * @return array Result of Settings::update().
	 */
	public static function save_settings( array $input ) {
		$result = Plugin::settings()->update( $input );
		Plugin::reset_services();
		if ( $result['saved'] ) {
			Plugin::logger()->log( 'info', 'Settings saved by user ' . get_current_user_id() . '.' );
		}
		return $result;
	}

	/**
	 * Handles retry / discard of dead-lettered rows (admin-post).
	 */
	public static function handle_outbox_post() {
		if ( ! current_user_can( self::CAPABILITY ) ) {
			wp_die( esc_html__( 'You do not have permission to manage the Megaventory outbox.', 'megaventory-sync' ), 403 );
		}
		check_admin_referer( self::OUTBOX_ACTION );
		$ids    = isset( $_POST['ids'] ) && is_array( $_POST['ids'] ) ? array_map( 'absint', wp_unslash( $_POST['ids'] ) ) : array();
		$action = isset( $_POST['outbox_action'] ) ? sanitize_key( wp_unslash( $_POST['outbox_action'] ) ) : '';
		if ( 'retry' === $action ) {
			$count = Plugin::outbox()->retry( $ids );
			/* translators: %d: number of changes */
			$message = sprintf( _n( '%d change queued again.', '%d changes queued again.', $count, 'megaventory-sync' ), $count );
		} elseif ( 'discard' === $action ) {
			$count = Plugin::outbox()->discard( $ids );
			/* translators: %d: number of changes */
			$message = sprintf( _n( '%d change discarded.', '%d changes discarded.', $count, 'megaventory-sync' ), $count );
		} else {
			$message = __( 'Choose Retry or Discard.', 'megaventory-sync' );
		}
		delete_transient( QueueNotice::TRANSIENT );
		self::redirect(
			'outbox',
			array(
				'saved'   => true,
				'errors'  => array(),
				'message' => $message,
			)
		);
	}

	/**
	 * Stores the outcome for the next page view and redirects back to the tab.
	 *
	 * @param string $tab    Tab.
	 * @param array  $result {saved, errors, message?}.
	 */
	private static function redirect( $tab, array $result ) {
		$message = $result['message'] ?? ( $result['saved'] ? __( 'Settings saved.', 'megaventory-sync' ) : __( 'Settings were not saved: correct the fields marked below.', 'megaventory-sync' ) );
		set_transient( self::NOTICE_KEY . get_current_user_id(), array( $result['saved'] ? 'success' : 'error', $message ), 60 );
		if ( ! empty( $result['errors'] ) ) {
			set_transient( self::NOTICE_KEY . 'errors_' . get_current_user_id(), $result['errors'], 60 );
		}
		wp_safe_redirect( add_query_arg( 'tab', $tab, admin_url( 'admin.php?page=' . self::SLUG ) ) );
		exit;
	}

	/**
	 * Prints (once) the outcome of the last form post.
	 */
	private static function render_flash_notice() {
		$notice = get_transient( self::NOTICE_KEY . get_current_user_id() );
		if ( ! is_array( $notice ) ) {
			return;
		}
		delete_transient( self::NOTICE_KEY . get_current_user_id() );
		printf( '<div class="notice notice-%s"><p>%s</p></div>', 'success' === $notice[0] ? 'success' : 'error', esc_html( $notice[1] ) );
	}

	/**
	 * Reads and deletes a per-user transient.
	 *
	 * @param string $name Suffix.
	 * @return mixed
	 */
	private static function take_transient( $name ) {
		$key   = self::NOTICE_KEY . $name . '_' . get_current_user_id();
		$value = get_transient( $key );
		delete_transient( $key );
		return $value;
	}
}
