<?php
/**
 * Megaventory inside WooCommerce's own screens: a status column on the products, orders (HPOS and
 * legacy) and users lists, "Sync now" / "Preview" row actions, "Sync to Megaventory" bulk actions,
 * and the admin-post handler that queues entities at the head of the outbox.
 *
 * Statuses come from our own tables, read once per list page (EntityStatus::prime with every id of
 * the page on the first cell); rendering never calls Megaventory.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Admin;

use MegaventorySync\Outbox\Outbox;
use MegaventorySync\Plugin;
use MegaventorySync\Status\EntityStatus;

defined( 'ABSPATH' ) || exit;

/**
 * List columns, row and bulk actions, "Sync now".
 */
final class WooScreens {
	const COLUMN         = 'mvsync_status';
	const SYNC_ACTION    = 'mvsync_sync_now';
	const BULK_ACTION    = 'mvsync_bulk_sync';
	const QUEUED_ARG     = 'mvsync_queued';
	const HPOS_SCREEN    = 'woocommerce_page_wc-orders';
	const SYNCABLE_TYPES = array( 'product', 'variation', 'order', 'customer' );

	/**
	 * Set between the HPOS list table's query-args filter and its order query.
	 *
	 * @var bool
	 */
	private static $hpos_page_query_pending = false;

	/**
	 * Hooks (admin requests only).
	 */
	public static function register() {
		add_filter( 'manage_edit-product_columns', array( self::class, 'add_column' ) );
		add_action( 'manage_product_posts_custom_column', array( self::class, 'render_product_cell' ), 10, 2 );
		add_filter( 'manage_edit-shop_order_columns', array( self::class, 'add_column' ) );
		add_action( 'manage_shop_order_posts_custom_column', array( self::class, 'render_legacy_order_cell' ), 10, 2 );
		add_filter( 'woocommerce_shop_order_list_table_columns', array( self::class, 'add_column' ) );
		add_action( 'woocommerce_shop_order_list_table_custom_column', array( self::class, 'render_hpos_order_cell' ), 10, 2 );
		add_filter( 'woocommerce_shop_order_list_table_prepare_items_query_args', array( self::class, 'expect_hpos_page_query' ) );
		add_filter( 'woocommerce_order_query', array( self::class, 'prime_from_hpos_page_query' ) );
		add_filter( 'manage_users_columns', array( self::class, 'add_column' ) );
		add_filter( 'manage_users_custom_column', array( self::class, 'user_cell' ), 10, 3 );

		add_filter( 'post_row_actions', array( self::class, 'post_row_actions' ), 10, 2 );
		add_filter( 'user_row_actions', array( self::class, 'user_row_actions' ), 10, 2 );
		foreach ( array( 'edit-product', 'edit-shop_order', self::HPOS_SCREEN ) as $screen ) {
			add_filter( 'bulk_actions-' . $screen, array( self::class, 'add_bulk_action' ) );
			add_filter( 'handle_bulk_actions-' . $screen, array( self::class, 'handle_bulk_action' ), 10, 3 );
		}

		add_action( 'admin_post_' . self::SYNC_ACTION, array( self::class, 'handle_sync_now' ) );
		add_action( 'admin_notices', array( self::class, 'render_queued_notice' ) );
		add_action( 'admin_head', array( self::class, 'print_styles' ) );
	}

	/**
	 * Adds the status column (only for users who may manage WooCommerce).
	 *
	 * @param array $columns Columns.
	 * @return array
	 */
	public static function add_column( $columns ) {
		if ( ! current_user_can( AdminPage::CAPABILITY ) ) {
			return $columns;
		}
		$columns                 = (array) $columns;
		$columns[ self::COLUMN ] = __( 'Megaventory', 'megaventory-sync' );
		return $columns;
	}

	/**
	 * Products list cell.
	 *
	 * @param string $column  Column key.
	 * @param int    $post_id Product id.
	 */
	public static function render_product_cell( $column, $post_id ) {
		if ( self::COLUMN !== $column ) {
			return;
		}
		self::prime_from_main_query( 'product', (int) $post_id );
		echo self::cell_html( 'product', (int) $post_id ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- cell_html escapes every part.
	}

	/**
	 * Legacy (posts) orders list cell.
	 *
	 * @param string $column  Column key.
	 * @param int    $post_id Order id.
	 */
	public static function render_legacy_order_cell( $column, $post_id ) {
		if ( self::COLUMN !== $column ) {
			return;
		}
		self::prime_from_main_query( 'order', (int) $post_id );
		echo self::cell_html( 'order', (int) $post_id ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- cell_html escapes every part.
	}

	/**
	 * HPOS orders list cell.
	 *
	 * @param string    $column Column key.
	 * @param \WC_Order $order  Order.
	 */
	public static function render_hpos_order_cell( $column, $order ) {
		if ( self::COLUMN !== $column || ! is_object( $order ) || ! method_exists( $order, 'get_id' ) ) {
			return;
		}
		$order_id = (int) $order->get_id();
		echo self::cell_html( 'order', $order_id ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- cell_html escapes every part.
	}

	/**
	 * The HPOS list table is about to query its page of orders: the next order query is that page.
	 *
	 * @param array $args wc_get_orders() arguments.
	 * @return array Unchanged.
	 */
	public static function expect_hpos_page_query( $args ) {
		self::$hpos_page_query_pending = true;
		return $args;
	}

	/**
	 * Primes the statuses of the HPOS page's orders from the page query's own result (one query
	 * of ours for the page, before any row is rendered).
	 *
	 * @param mixed $results wc_get_orders() result: orders, ids, or a paginated object.
	 * @return mixed Unchanged.
	 */
	public static function prime_from_hpos_page_query( $results ) {
		if ( ! self::$hpos_page_query_pending ) {
			return $results;
		}
		self::$hpos_page_query_pending = false;
		if ( ! current_user_can( AdminPage::CAPABILITY ) ) {
			return $results;
		}
		$orders = is_object( $results ) && isset( $results->orders ) ? $results->orders : $results;
		$ids    = array();
		foreach ( (array) $orders as $order ) {
			$ids[] = is_object( $order ) && method_exists( $order, 'get_id' ) ? (int) $order->get_id() : (int) $order;
		}
		Plugin::statuses()->prime( 'order', $ids );
		return $results;
	}

	/**
	 * Users list cell (customers only).
	 *
	 * @param string $output  Cell so far.
	 * @param string $column  Column key.
	 * @param int    $user_id User id.
	 * @return string
	 */
	public static function user_cell( $output, $column, $user_id ) {
		if ( self::COLUMN !== $column ) {
			return $output;
		}
		$user_id = (int) $user_id;
		if ( ! self::is_customer( $user_id ) ) {
			return '<span aria-hidden="true">—</span>';
		}
		self::prime_from_users_table( $user_id );
		return self::cell_html( 'customer', $user_id );
	}

	/**
	 * Primes the statuses of every user on the current users.php page (its global list table).
	 *
	 * @param int $current The row being rendered (always included).
	 */
	private static function prime_from_users_table( $current ) {
		if ( Plugin::statuses()->has( 'customer', $current ) ) {
			return;
		}
		global $wp_list_table;
		$ids = array( $current );
		if ( is_object( $wp_list_table ) && isset( $wp_list_table->items ) && is_array( $wp_list_table->items ) ) {
			foreach ( $wp_list_table->items as $item ) {
				$ids[] = is_object( $item ) ? (int) $item->ID : (int) $item;
			}
		}
		Plugin::statuses()->prime( 'customer', $ids );
	}

	/**
	 * Primes the statuses of every post on the current list page (edit.php's main query).
	 *
	 * @param string $type    Entity type.
	 * @param int    $current The row being rendered (always included).
	 */
	private static function prime_from_main_query( $type, $current ) {
		if ( Plugin::statuses()->has( $type, $current ) ) {
			return;
		}
		global $wp_query;
		$ids = array( $current );
		if ( is_object( $wp_query ) && ! empty( $wp_query->posts ) ) {
			foreach ( $wp_query->posts as $post ) {
				$ids[] = is_object( $post ) ? (int) $post->ID : (int) $post;
			}
		}
		Plugin::statuses()->prime( $type, $ids );
	}

	/**
	 * Whether a user is a customer (the roles the hooks sync; filter mvsync_customer_roles).
	 *
	 * @param int $user_id User id.
	 * @return bool
	 */
	private static function is_customer( $user_id ) {
		$user = get_userdata( $user_id );
		if ( ! $user ) {
			return false;
		}
		$roles = (array) apply_filters( 'mvsync_customer_roles', array( 'customer' ) );
		return (bool) array_intersect( $roles, (array) $user->roles );
	}

	/**
	 * The status cell: a badge (the error of a failed change in its title) and the actions.
	 *
	 * @param string $type Entity type.
	 * @param int    $id   WooCommerce id.
	 * @return string HTML, escaped.
	 */
	public static function cell_html( $type, $id ) {
		$status = Plugin::statuses()->get( $type, $id );
		return sprintf(
			'<div class="mvsync-cell" data-mvsync-type="%s" data-mvsync-id="%d">%s<div class="row-actions mvsync-actions">%s</div></div>',
			esc_attr( $type ),
			(int) $id,
			self::badge_html( $type, $status ),
			self::action_links_html( $type, $id, $status )
		);
	}

	/**
	 * The status badge.
	 *
	 * @param string $type   Entity type.
	 * @param array  $status From EntityStatus::get().
	 * @return string HTML, escaped.
	 */
	public static function badge_html( $type, array $status ) {
		$title = '';
		switch ( $status['status'] ) {
			case EntityStatus::SYNCED:
				$label = 'order' === $type
					/* translators: %d: Megaventory sales order id */
					? sprintf( __( 'Synced: sales order %d', 'megaventory-sync' ), $status['mv_id'] )
					/* translators: %d: Megaventory id */
					: sprintf( __( 'Synced: #%d', 'megaventory-sync' ), $status['mv_id'] );
				if ( null !== $status['sku'] && 'order' === $type ) {
					// The engine keeps the sales order's number, location and status in the link's sku.
					$label .= ' (' . $status['sku'] . ')';
				}
				/* translators: %s: time (UTC) */
				$title = null !== $status['linked_at'] ? sprintf( __( 'Last synchronised %s', 'megaventory-sync' ), $status['linked_at'] ) : '';
				break;
			case EntityStatus::PENDING:
				$label = __( 'Pending', 'megaventory-sync' );
				break;
			case EntityStatus::FAILED:
				$label = __( 'Failed', 'megaventory-sync' );
				$title = (string) $status['error'];
				break;
			default:
				$label = __( 'Not linked', 'megaventory-sync' );
		}
		return sprintf(
			'<span class="mvsync-status mvsync-status-%1$s" data-mvsync-status="%1$s"%2$s>%3$s</span>',
			esc_attr( $status['status'] ),
			'' === $title ? '' : ' title="' . esc_attr( $title ) . '"',
			esc_html( $label )
		);
	}

	/**
	 * "Sync now" (or "Resend to Megaventory" for a linked order) and "Preview" links.
	 *
	 * @param string $type   Entity type.
	 * @param int    $id     WooCommerce id.
	 * @param array  $status From EntityStatus::get().
	 * @return string HTML, escaped.
	 */
	public static function action_links_html( $type, $id, array $status ) {
		$links = array();
		foreach ( self::actions( $type, $id, $status ) as $key => $link ) {
			$links[] = sprintf( '<span class="%s"><a href="%s">%s</a></span>', esc_attr( $key ), esc_url( $link['url'] ), esc_html( $link['label'] ) );
		}
		return implode( ' | ', $links );
	}

	/**
	 * The actions of one entity.
	 *
	 * @param string $type   Entity type.
	 * @param int    $id     WooCommerce id.
	 * @param array  $status From EntityStatus::get().
	 * @return array<string,array{url:string,label:string}>
	 */
	public static function actions( $type, $id, array $status ) {
		$resend = 'order' === $type && EntityStatus::SYNCED === $status['status'];
		return array(
			'mvsync-sync-now' => array(
				'url'   => self::sync_now_url( $type, array( $id ) ),
				'label' => $resend ? __( 'Resend to Megaventory', 'megaventory-sync' ) : __( 'Sync now', 'megaventory-sync' ),
			),
			'mvsync-preview'  => array(
				'url'   => self::preview_url( $type, $id ),
				'label' => __( 'Preview', 'megaventory-sync' ),
			),
		);
	}

	/**
	 * Nonce-protected admin-post URL that queues entities.
	 *
	 * @param string $type Entity type.
	 * @param int[]  $ids  WooCommerce ids.
	 * @return string
	 */
	public static function sync_now_url( $type, array $ids ) {
		return wp_nonce_url(
			add_query_arg(
				array(
					'action' => self::SYNC_ACTION,
					'type'   => $type,
					'ids'    => implode( ',', array_map( 'intval', $ids ) ),
				),
				admin_url( 'admin-post.php' )
			),
			self::SYNC_ACTION
		);
	}

	/**
	 * The admin page's preview of one entity (admin-ui reads #preview=kind:id).
	 *
	 * @param string $type Entity type.
	 * @param int    $id   WooCommerce id.
	 * @return string
	 */
	public static function preview_url( $type, $id ) {
		$kind = 'variation' === $type ? 'product' : $type;
		return admin_url( 'admin.php?page=' . AdminPage::SLUG ) . '#preview=' . rawurlencode( $kind ) . ':' . (int) $id;
	}

	/**
	 * Row actions on the legacy products and orders lists.
	 *
	 * @param array    $actions Actions.
	 * @param \WP_Post $post    Row.
	 * @return array
	 */
	public static function post_row_actions( $actions, $post ) {
		$type = self::post_entity_type( $post );
		if ( null === $type || ! current_user_can( AdminPage::CAPABILITY ) ) {
			return $actions;
		}
		$id = (int) $post->ID;
		self::prime_from_main_query( $type, $id );
		foreach ( self::actions( $type, $id, Plugin::statuses()->get( $type, $id ) ) as $key => $link ) {
			$actions[ $key ] = sprintf( '<a href="%s">%s</a>', esc_url( $link['url'] ), esc_html( $link['label'] ) );
		}
		return $actions;
	}

	/**
	 * Row actions on the users list (customers).
	 *
	 * @param array    $actions Actions.
	 * @param \WP_User $user    Row.
	 * @return array
	 */
	public static function user_row_actions( $actions, $user ) {
		if ( ! is_object( $user ) || ! current_user_can( AdminPage::CAPABILITY ) || ! self::is_customer( (int) $user->ID ) ) {
			return $actions;
		}
		$id = (int) $user->ID;
		self::prime_from_users_table( $id );
		foreach ( self::actions( 'customer', $id, Plugin::statuses()->get( 'customer', $id ) ) as $key => $link ) {
			$actions[ $key ] = sprintf( '<a href="%s">%s</a>', esc_url( $link['url'] ), esc_html( $link['label'] ) );
		}
		return $actions;
	}

	/**
	 * Entity type of a post row, or null when it is not ours to sync.
	 *
	 * @param mixed $post Post.
	 * @return string|null
	 */
	private static function post_entity_type( $post ) {
		if ( ! is_object( $post ) || ! isset( $post->post_type ) ) {
			return null;
		}
		$types = array(
			'product'           => 'product',
			'product_variation' => 'variation',
			'shop_order'        => 'order',
		);
		return isset( $types[ $post->post_type ] ) ? $types[ $post->post_type ] : null;
	}

	/**
	 * Adds "Sync to Megaventory" to the bulk actions.
	 *
	 * @param array $actions Bulk actions.
	 * @return array
	 */
	public static function add_bulk_action( $actions ) {
		if ( current_user_can( AdminPage::CAPABILITY ) ) {
			$actions                      = (array) $actions;
			$actions[ self::BULK_ACTION ] = __( 'Sync to Megaventory', 'megaventory-sync' );
		}
		return $actions;
	}

	/**
	 * Queues the selected rows (WordPress / WooCommerce checked the list's bulk nonce already).
	 *
	 * @param string $redirect_to Where to go next.
	 * @param string $action      Chosen bulk action.
	 * @param int[]  $ids         Selected ids.
	 * @return string
	 */
	public static function handle_bulk_action( $redirect_to, $action, $ids ) {
		if ( self::BULK_ACTION !== $action || ! current_user_can( AdminPage::CAPABILITY ) ) {
			return $redirect_to;
		}
		$type   = false !== strpos( current_filter(), 'product' ) ? 'product' : 'order';
		$queued = self::queue( $type, (array) $ids );
		return add_query_arg( self::QUEUED_ARG, $queued, $redirect_to );
	}

	/**
	 * Puts entities at the head of the outbox. For an order the engine looks its sales order up
	 * (link, then reference number) before creating one, so queueing it again cannot duplicate it.
	 *
	 * @param string $type Entity type.
	 * @param int[]  $ids  WooCommerce ids.
	 * @return int How many were queued.
	 */
	public static function queue( $type, array $ids ) {
		$queued = 0;
		foreach ( array_unique( array_filter( array_map( 'intval', $ids ) ) ) as $id ) {
			$entity_type = $type;
			if ( 'product' === $type && 'product_variation' === get_post_type( $id ) ) {
				$entity_type = 'variation';
			}
			if ( Plugin::outbox()->record( $entity_type, $id, 'updated', null, 0, Outbox::PRIORITY_MANUAL ) ) {
				++$queued;
			}
		}
		Plugin::statuses()->forget();
		return $queued;
	}

	/**
	 * The admin-post handler behind "Sync now" and "Resend to Megaventory".
	 */
	public static function handle_sync_now() {
		if ( ! current_user_can( AdminPage::CAPABILITY ) ) {
			wp_die( esc_html__( 'You do not have permission to synchronise with Megaventory.', 'megaventory-sync' ), 403 );
		}
		check_admin_referer( self::SYNC_ACTION );
		$type = isset( $_GET['type'] ) ? sanitize_key( wp_unslash( $_GET['type'] ) ) : '';
		if ( ! in_array( $type, self::SYNCABLE_TYPES, true ) ) {
			/* translators: %s: the entity type received */
			wp_die( esc_html( sprintf( __( 'Megaventory Sync cannot queue entities of type "%s".', 'megaventory-sync' ), $type ) ), 400 );
		}
		$raw_ids = isset( $_GET['ids'] ) ? sanitize_text_field( wp_unslash( $_GET['ids'] ) ) : '';
		$ids     = array_filter( array_map( 'absint', explode( ',', $raw_ids ) ) );
		if ( empty( $ids ) ) {
			/* translators: %s: the entity type */
			wp_die( esc_html( sprintf( __( 'No %s id was given to synchronise.', 'megaventory-sync' ), $type ) ), 400 );
		}
		$queued   = self::queue( $type, $ids );
		$referer  = wp_get_referer();
		$fallback = 'order' === $type ? admin_url( 'edit.php?post_type=shop_order' ) : admin_url( 'customer' === $type ? 'users.php' : 'edit.php?post_type=product' );
		wp_safe_redirect( add_query_arg( self::QUEUED_ARG, $queued, $referer ? $referer : $fallback ) );
		exit;
	}

	/**
	 * "N queued" after Sync now or the bulk action.
	 */
	public static function render_queued_notice() {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- display only.
		if ( ! isset( $_GET[ self::QUEUED_ARG ] ) || ! current_user_can( AdminPage::CAPABILITY ) ) {
			return;
		}
		$queued = absint( $_GET[ self::QUEUED_ARG ] ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- display only.
		/* translators: %d: number of entities */
		$message = sprintf( _n( '%d item queued for Megaventory; it is synchronised next.', '%d items queued for Megaventory; they are synchronised next.', $queued, 'megaventory-sync' ), $queued );
		printf( '<div class="notice notice-success is-dismissible mvsync-queued-notice"><p>%s</p></div>', esc_html( $message ) );
	}

	/**
	 * Badge colours, only on the screens that show the column.
	 */
	public static function print_styles() {
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		if ( ! $screen || ! in_array( $screen->id, array( 'edit-product', 'edit-shop_order', self::HPOS_SCREEN, 'users', 'product', 'shop_order' ), true ) ) {
			return;
		}
		echo '<style>.mvsync-status{display:inline-block;padding:0 6px;border-radius:3px;background:#dcdcde}'
			. '.mvsync-status-synced{background:#c6e1c6;color:#2c4700}.mvsync-status-pending{background:#f8dda7;color:#573b00}'
			. '.mvsync-status-failed{background:#eba3a3;color:#761919;cursor:help}.column-mvsync_status{width:11em}</style>';
	}
}
