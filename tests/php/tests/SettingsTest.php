<?php
/**
 * Settings: validation with reasons, the write-only API key, and the admin form end to end.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

use MegaventorySync\Admin\AdminPage;
use MegaventorySync\Plugin;
use MegaventorySync\Settings\Settings;

/**
 * Settings tests.
 */
final class SettingsTest extends TestCase {
	/**
	 * Refused values: [field → value, words the reason must contain].
	 *
	 * @return array
	 */
	public function refused_values() {
		return array(
			'plain http to a public host'  => array( array( 'api_url' => 'http://api.megaventory.com/v2017a/' ), 'api_url', 'https' ),
			'ftp URL'                      => array( array( 'api_url' => 'ftp://127.0.0.1/' ), 'api_url', 'https' ),
			'not a URL'                    => array( array( 'api_url' => 'megaventory' ), 'api_url', 'valid URL' ),
			'credentials in the URL'       => array( array( 'api_url' => 'https://u:p@mv.example/' ), 'api_url', 'credentials' ),
			'key with spaces'              => array( array( 'api_key' => 'abc def ghi' ), 'api_key', 'letters' ),
			'key as an array'              => array( array( 'api_key' => array( 'x' ) ), 'api_key', 'text' ),
			'negative delay'               => array( array( 'order_delay_seconds' => '-5' ), 'order_delay_seconds', 'between' ),
			'delay as words'               => array( array( 'order_delay_seconds' => 'ten' ), 'order_delay_seconds', 'whole number' ),
			'concurrency too high'         => array( array( 'worker_concurrency' => 64 ), 'worker_concurrency', 'between 1 and 8' ),
			'poll interval too short'      => array( array( 'poll_interval_seconds' => 1 ), 'poll_interval_seconds', 'between 5' ),
			'location id not a number'     => array( array( 'included_location_ids' => '1, 2, x' ), 'included_location_ids', 'positive whole number' ),
			'unknown payment method'       => array( array( 'payment_method_map' => array( 'cod' => 'Bitcoin' ) ), 'payment_method_map', 'cod' ),
			'HTML in a gateway id'         => array( array( 'payment_method_map' => array( '<b>cod</b>' => 'Cash' ) ), 'payment_method_map', 'gateway id' ),
			'SQL in a service SKU'         => array( array( 'shipping_service_sku' => "x'; DROP TABLE wp_options; --" ), 'shipping_service_sku', 'letters' ),
			'default location not counted' => array( array( 'included_location_ids' => '1,2', 'default_location_id' => '3' ), 'default_location_id', 'included' ),
			'unknown setting'              => array( array( 'admin_password' => 'x' ), 'admin_password', 'Unknown' ),
		);
	}

	/**
	 * Each refused value names the field and says why, and nothing is saved.
	 *
	 * @dataProvider refused_values
	 *
	 * @param array  $input  Input.
	 * @param string $field  Field that must carry the error.
	 * @param string $reason Words of the reason.
	 */
	public function test_refused_values_say_why_and_save_nothing( array $input, $field, $reason ) {
		$before = get_option( Settings::OPTION );
		$result = Plugin::settings()->update( $input + array( 'poll_interval_seconds' => 30 ) );
		$this->assertFalse( $result['saved'] );
		$this->assertArrayHasKey( $field, $result['errors'] );
		$this->assertStringContainsStringIgnoringCase( $reason, $result['errors'][ $field ] );
		$this->assertSame( $before, get_option( Settings::OPTION ) );
		$this->assertSame( '', Plugin::settings()->api_key() );
	}

	/**
	 * Valid values are normalised and saved; http is accepted for loopback hosts only.
	 */
	public function test_valid_values_are_normalised_and_saved() {
		$result = Plugin::settings()->update(
			array(
				'api_url'               => 'http://127.0.0.1:9010/v2017a',
				'api_key'               => '  good-key_123.x  ',
				'order_delay_seconds'   => '600',
				'included_location_ids' => '5, 3, 5',
				'default_location_id'   => '3',
				'payment_method_map'    => array( 'cod' => 'Cash', 'bacs' => 'BankTransfer', 'cheque' => '' ),
				'shipping_service_sku'  => 'ship-1',
				'fee_service_sku'       => 'fee_1',
				'worker_concurrency'    => '3',
				'poll_interval_seconds' => 30,
			)
		);
		$this->assertTrue( $result['saved'], wp_json_encode( $result['errors'] ) );
		$all = Plugin::settings()->all();
		$this->assertSame( 'http://127.0.0.1:9010/v2017a/', $all['api_url'] );
		$this->assertSame( 600, $all['order_delay_seconds'] );
		$this->assertSame( array( 5, 3 ), $all['included_location_ids'] );
		$this->assertSame( array( 'cod' => 'Cash', 'bacs' => 'BankTransfer' ), $all['payment_method_map'] );
		$this->assertSame( 'good-key_123.x', Plugin::settings()->api_key() );
		$this->assertArrayNotHasKey( 'api_key', get_option( Settings::OPTION ), 'the key is stored apart' );
		$this->assertSame( 'no', $this->autoload_of( Settings::KEY_OPTION ) );
		foreach ( array( 'http://localhost/', 'http://[::1]:8080/', 'https://api.megaventory.com/v2017a/' ) as $url ) {
			$this->assertNull( Settings::url_error( $url ), $url );
		}
	}

	/**
	 * The key field is write-only: an empty submission keeps the stored key; the form never
	 * prints it.
	 */
	public function test_api_key_is_write_only() {
		Plugin::settings()->update( array( 'api_key' => 'stored-key-999' ) );
		$result = Plugin::settings()->update( array( 'api_key' => '', 'poll_interval_seconds' => 20 ) );
		$this->assertTrue( $result['saved'] );
		$this->assertSame( 'stored-key-999', Plugin::settings()->api_key() );
		$this->act_as( 'administrator' );
		$_GET['tab'] = 'settings';
		ob_start();
		AdminPage::render();
		$html = ob_get_clean();
		unset( $_GET['tab'] );
		$this->assertStringNotContainsString( 'stored-key-999', $html );
		$this->assertMatchesRegularExpression( '/<input type="password"[^>]*name="mvsync\[api_key\]" value="">/', $html );
		$this->assertStringContainsString( 'A key is stored', $html );
		$this->assertStringContainsString( 'name="_wpnonce"', $html );
	}

	/**
	 * The admin form over real HTTP: capability and nonce checked; a refused value is not saved and
	 * the page then shows why.
	 */
	public function test_settings_form_over_http() {
		if ( MVSYNC_TESTS_ON_RIG || ! getenv( 'MVSYNC_HTTP_BASE' ) ) {
			$this->markTestSkipped( 'Needs the php -S test server.' );
		}
		$base  = rtrim( getenv( 'MVSYNC_HTTP_BASE' ), '/' );
		$post  = $base . '/wp-admin/admin-post.php';
		$admin = $this->login_cookies( 'admin', AdminPage::SETTINGS_ACTION );
		$sub   = $this->login_cookies( 'subscriber1', AdminPage::SETTINGS_ACTION );
		$form  = static function ( $nonce, array $fields ) {
			return http_build_query( array( 'action' => AdminPage::SETTINGS_ACTION, '_wpnonce' => $nonce, 'mvsync' => $fields ) );
		};
		$type  = 'Content-Type: application/x-www-form-urlencoded';

		$response = HttpClient::request( 'POST', $post, $form( $sub['nonce'], array( 'worker_concurrency' => '4' ) ), array( $sub['cookie'], $type ) );
		$this->assertSame( 403, $response['status'], 'a subscriber may not save' );
		$response = HttpClient::request( 'POST', $post, $form( 'bad-nonce', array( 'worker_concurrency' => '4' ) ), array( $admin['cookie'], $type ) );
		$this->assertSame( 403, $response['status'], 'a bad nonce is refused' );
		wp_cache_flush();
		$this->assertSame( 2, Plugin::settings()->get( 'worker_concurrency' ) );

		$response = HttpClient::request( 'POST', $post, $form( $admin['nonce'], array( 'worker_concurrency' => '4', 'api_key' => 'http-key-1234' ) ), array( $admin['cookie'], $type ) );
		$this->assertSame( 302, $response['status'], $response['body'] );
		wp_cache_flush();
		$this->assertSame( 4, Plugin::settings()->get( 'worker_concurrency' ) );
		$this->assertSame( 'http-key-1234', Plugin::settings()->api_key() );

		$response = HttpClient::request( 'POST', $post, $form( $admin['nonce'], array( 'worker_concurrency' => '99', 'api_url' => 'http://evil.example/' ) ), array( $admin['cookie'], $type ) );
		$this->assertSame( 302, $response['status'] );
		wp_cache_flush();
		$this->assertSame( 4, Plugin::settings()->get( 'worker_concurrency' ) );
		$page = HttpClient::request( 'GET', $base . '/wp-admin/admin.php?page=mvsync&tab=settings', null, array( $admin['cookie'] ) );
		$this->assertSame( 200, $page['status'] );
		$this->assertStringContainsString( 'Settings were not saved', $page['body'] );
		$this->assertStringContainsString( 'worker_concurrency must be between 1 and 8.', $page['body'] );
		$this->assertStringContainsString( 'must use https', $page['body'] );
		$this->assertStringNotContainsString( 'http-key-1234', $page['body'] );
	}

	/**
	 * Dead-lettered changes: listed escaped on the page; Retry and Discard over real HTTP, with the
	 * capability and nonce checked.
	 */
	public function test_failed_changes_tab_retry_and_discard_over_http() {
		if ( MVSYNC_TESTS_ON_RIG || ! getenv( 'MVSYNC_HTTP_BASE' ) ) {
			$this->markTestSkipped( 'Needs the php -S test server.' );
		}
		update_option( 'mvsync_settings', array( 'max_attempts' => 1 ) );
		Plugin::reset_services();
		Plugin::set_clock( $this->clock );
		$outbox = Plugin::outbox();
		$outbox->record( 'product', 11, 'updated' );
		$outbox->record( 'product', 12, 'updated' );
		$claim = $outbox->claim( 2, 60 );
		foreach ( $claim['items'] as $item ) {
			$outbox->fail( $claim['lease_token'], $item['id'], 'Rejected <script>alert(1)</script><b>SKU</b> & "A-1"' );
		}
		list( $first, $second ) = array_column( $claim['items'], 'id' );

		$base  = rtrim( getenv( 'MVSYNC_HTTP_BASE' ), '/' );
		$admin = $this->login_cookies( 'shopmanager', AdminPage::OUTBOX_ACTION );
		$sub   = $this->login_cookies( 'customer1', AdminPage::OUTBOX_ACTION );
		$page  = HttpClient::request( 'GET', $base . '/wp-admin/admin.php?page=mvsync&tab=outbox', null, array( $admin['cookie'] ) );
		$this->assertSame( 200, $page['status'] );
		$this->assertStringContainsString( 'product #11 updated', $page['body'] );
		// Tags are stripped when the error is stored; what remains is escaped on output.
		$this->assertStringContainsString( 'Rejected SKU &amp; &quot;A-1&quot;', $page['body'] );
		$this->assertStringNotContainsString( 'alert(1)', $page['body'] );

		$type = 'Content-Type: application/x-www-form-urlencoded';
		$post = static function ( $nonce, $action, array $ids ) {
			return http_build_query( array( 'action' => AdminPage::OUTBOX_ACTION, '_wpnonce' => $nonce, 'outbox_action' => $action, 'ids' => $ids ) );
		};
		$response = HttpClient::request( 'POST', $base . '/wp-admin/admin-post.php', $post( $sub['nonce'], 'retry', array( $first ) ), array( $sub['cookie'], $type ) );
		$this->assertSame( 403, $response['status'], 'a customer may not retry' );
		$response = HttpClient::request( 'POST', $base . '/wp-admin/admin-post.php', $post( $admin['nonce'], 'retry', array( $first ) ), array( $admin['cookie'], $type ) );
		$this->assertSame( 302, $response['status'] );
		$response = HttpClient::request( 'POST', $base . '/wp-admin/admin-post.php', $post( $admin['nonce'], 'discard', array( $second ) ), array( $admin['cookie'], $type ) );
		$this->assertSame( 302, $response['status'] );
		$this->assertSame( 'pending', $outbox->find( $first )['status'] );
		$this->assertNull( $outbox->find( $second ) );
	}

	/**
	 * Auth + logged-in cookies of a fresh session, and a nonce for an action in that session.
	 *
	 * @param string $login  User login.
	 * @param string $action Nonce action.
	 * @return array{cookie:string, nonce:string}
	 */
	private function login_cookies( $login, $action ) {
		$user       = get_user_by( 'login', $login );
		$expiration = time() + HOUR_IN_SECONDS;
		$token      = \WP_Session_Tokens::get_instance( $user->ID )->create( $expiration );
		$auth       = wp_generate_auth_cookie( $user->ID, $expiration, 'auth', $token );
		$logged_in  = wp_generate_auth_cookie( $user->ID, $expiration, 'logged_in', $token );
		$_COOKIE[ LOGGED_IN_COOKIE ] = $logged_in;
		wp_set_current_user( $user->ID );
		$nonce = wp_create_nonce( $action );
		unset( $_COOKIE[ LOGGED_IN_COOKIE ] );
		wp_set_current_user( 0 );
		return array(
			'cookie' => 'Cookie: ' . AUTH_COOKIE . '=' . rawurlencode( $auth ) . '; ' . LOGGED_IN_COOKIE . '=' . rawurlencode( $logged_in ),
			'nonce'  => $nonce,
		);
	}

	/**
	 * The autoload flag of an option.
	 *
	 * @param string $option Option.
	 * @return string|null
	 */
	private function autoload_of( $option ) {
		global $wpdb;
		return $wpdb->get_var( $wpdb->prepare( "SELECT autoload FROM {$wpdb->options} WHERE option_name = %s", $option ) );
	}
}
