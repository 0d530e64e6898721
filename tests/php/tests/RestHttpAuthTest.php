<?php
/**
 * Permission matrix over real HTTP: every route × every role × {no credentials, cookie without
 * nonce, cookie with a bad nonce, cookie + valid nonce, valid application password, wrong
 * application password}. WordPress itself does the authentication; this proves our routes rely
 * on it correctly.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

/**
 * HTTP authentication tests.
 */
final class RestHttpAuthTest extends TestCase {
	/**
	 * Credentials per role: cookie header, nonce, basic-auth header.
	 *
	 * @var array
	 */
	private static $credentials = array();

	/**
	 * Creates a login session and an application password per role.
	 */
	public static function setUpBeforeClass(): void {
		if ( MVSYNC_TESTS_ON_RIG ) {
			return;
		}
		$logins = array(
			'administrator' => 'admin',
			'shop_manager'  => 'shopmanager',
			'customer'      => 'customer1',
			'subscriber'    => 'subscriber1',
		);
		foreach ( $logins as $role => $login ) {
			$user       = get_user_by( 'login', $login );
			$expiration = time() + HOUR_IN_SECONDS;
			$token      = \WP_Session_Tokens::get_instance( $user->ID )->create( $expiration );
			$cookie     = wp_generate_auth_cookie( $user->ID, $expiration, 'logged_in', $token );
			// wp_create_nonce() ties the nonce to the session token read from this cookie.
			$_COOKIE[ LOGGED_IN_COOKIE ] = $cookie;
			wp_set_current_user( $user->ID );
			$nonce = wp_create_nonce( 'wp_rest' );
			unset( $_COOKIE[ LOGGED_IN_COOKIE ] );
			wp_set_current_user( 0 );

			list( $password ) = \WP_Application_Passwords::create_new_application_password( $user->ID, array( 'name' => 'mvsync-test-' . wp_generate_password( 6, false ) ) );
			self::$credentials[ $role ] = array(
				'cookie' => 'Cookie: ' . LOGGED_IN_COOKIE . '=' . rawurlencode( $cookie ),
				'nonce'  => $nonce,
				'basic'  => 'Authorization: Basic ' . base64_encode( $login . ':' . $password ),
				'bad'    => 'Authorization: Basic ' . base64_encode( $login . ':' . 'abcd efgh ijkl mnop qrst uvwx' ),
			);
		}
	}

	/**
	 * Skip on the rig (no php -S there).
	 */
	protected function setUp(): void {
		parent::setUp();
		if ( MVSYNC_TESTS_ON_RIG || ! getenv( 'MVSYNC_HTTP_BASE' ) ) {
			$this->markTestSkipped( 'Needs the php -S test server started by run.sh.' );
		}
	}

	/**
	 * The full matrix.
	 */
	public function test_every_route_for_every_role_and_authentication_method() {
		$failures = array();
		$count    = 0;
		foreach ( RouteCatalog::routes() as $name => list( $method, $route, $query, $body, $allowed_status ) ) {
			$this->expect( $failures, $count, "$name anonymous", 401, $method, $route, $query, $body, array() );
			foreach ( self::$credentials as $role => $cred ) {
				$allowed = RouteCatalog::roles()[ $role ];
				$ok      = $allowed ? $allowed_status : 403;
				// A logged-in cookie without a nonce is treated as no login at all (CSRF protection).
				$this->expect( $failures, $count, "$name $role cookie without nonce", 401, $method, $route, $query, $body, array( $cred['cookie'] ) );
				$this->expect( $failures, $count, "$name $role cookie with a bad nonce", 403, $method, $route, $query, $body, array( $cred['cookie'], 'X-WP-Nonce: 0123456789' ) );
				$this->expect( $failures, $count, "$name $role cookie + nonce", $ok, $method, $route, $query, $body, array( $cred['cookie'], 'X-WP-Nonce: ' . $cred['nonce'] ) );
				$this->expect( $failures, $count, "$name $role application password", $ok, $method, $route, $query, $body, array( $cred['basic'] ) );
				$this->expect( $failures, $count, "$name $role wrong application password", 401, $method, $route, $query, $body, array( $cred['bad'] ) );
			}
		}
		$this->assertSame( array(), $failures, "of $count requests" );
		$this->assertSame( count( RouteCatalog::routes() ) * 21, $count );
	}

	/**
	 * The stand-in's wc/v3 routes authenticate like WooCommerce's: application passwords and
	 * cookie + nonce work, a cookie without a nonce is anonymous, and the capability decides.
	 */
	public function test_wc_routes_authenticate_like_woocommerce() {
		$failures = array();
		$count    = 0;
		foreach ( array( 'GET /wc/v3/products' => array( 'GET', '/wc/v3/products', null ), 'GET /wc/v3/taxes' => array( 'GET', '/wc/v3/taxes', null ) ) as $name => list( $method, $route, $body ) ) { // phpcs:ignore WordPress.Arrays.ArrayDeclarationSpacing.AssociativeArrayFound -- two routes.
			$this->expect( $failures, $count, "$name anonymous", 401, $method, $route, array(), $body, array() );
			foreach ( self::$credentials as $role => $cred ) {
				$ok = RouteCatalog::roles()[ $role ] ? 200 : 403;
				$this->expect( $failures, $count, "$name $role cookie without nonce", 401, $method, $route, array(), $body, array( $cred['cookie'] ) );
				$this->expect( $failures, $count, "$name $role cookie + nonce", $ok, $method, $route, array(), $body, array( $cred['cookie'], 'X-WP-Nonce: ' . $cred['nonce'] ) );
				$this->expect( $failures, $count, "$name $role application password", $ok, $method, $route, array(), $body, array( $cred['basic'] ) );
				$this->expect( $failures, $count, "$name $role wrong application password", 401, $method, $route, array(), $body, array( $cred['bad'] ) );
			}
		}
		$this->assertSame( array(), $failures, "of $count requests" );
		$list = HttpClient::rest( 'GET', '/wc/v3/products', array( 'per_page' => '1' ), null, array( self::$credentials['shop_manager']['basic'] ) );
		$this->assertArrayHasKey( 'x-wp-total', $list['headers'] );
		$this->assertArrayHasKey( 'x-wp-totalpages', $list['headers'] );
	}

	/**
	 * A headless worker's loop over real HTTP with an application password: claim, fail one row,
	 * ack the other, and a second claim that gets nothing (the failed row is backing off).
	 */
	public function test_worker_protocol_over_http() {
		\MegaventorySync\Plugin::set_clock( null );
		\MegaventorySync\Plugin::outbox()->record( 'product', 21, 'updated' );
		\MegaventorySync\Plugin::outbox()->record( 'order', 22, 'created', null, 0, 10 );
		$auth  = array( self::$credentials['shop_manager']['basic'] );
		$claim = HttpClient::rest( 'POST', '/megaventory/v1/outbox/claim', array(), array( 'limit' => 10, 'lease_seconds' => 60 ), $auth );
		$this->assertSame( 200, $claim['status'], $claim['body'] );
		$this->assertSame( array( 'order', 'product' ), array_column( $claim['json']['items'], 'entity_type' ) );
		list( $order_row, $product_row ) = $claim['json']['items'];

		$fail = HttpClient::rest( 'POST', '/megaventory/v1/outbox/fail', array(), array( 'lease_token' => $claim['json']['lease_token'], 'id' => $product_row['id'], 'error' => 'ProductUpdate: SKU rejected' ), $auth );
		$this->assertSame( 200, $fail['status'], $fail['body'] );
		$this->assertSame( 'pending', $fail['json']['status'] );
		$this->assertSame( 'ProductUpdate: SKU rejected', $fail['json']['last_error'] );

		$ack = HttpClient::rest( 'POST', '/megaventory/v1/outbox/ack', array(), array( 'lease_token' => $claim['json']['lease_token'], 'ids' => array( $order_row['id'], $product_row['id'] ) ), $auth );
		$this->assertSame( array( $order_row['id'] ), $ack['json']['acked'] );
		$this->assertSame( array( $product_row['id'] ), $ack['json']['not_acked'] );

		$again = HttpClient::rest( 'POST', '/megaventory/v1/outbox/claim', array(), array( 'limit' => 10 ), $auth );
		$this->assertSame( array(), $again['json']['items'] );

		\MegaventorySync\Plugin::outbox()->record( 'product', 23, 'updated' );
		$claim = HttpClient::rest( 'POST', '/megaventory/v1/outbox/claim', array(), array( 'limit' => 10 ), $auth );
		$this->assertSame( array( 23 ), array_column( $claim['json']['items'], 'entity_id' ) );
		$dead = HttpClient::rest( 'POST', '/megaventory/v1/outbox/fail', array(), array( 'lease_token' => $claim['json']['lease_token'], 'id' => $claim['json']['items'][0]['id'], 'error' => '[product.missing_sku] no SKU', 'dead' => true ), $auth );
		$this->assertSame( 200, $dead['status'], $dead['body'] );
		$this->assertSame( 'dead', $dead['json']['status'], 'a permanent error is dead-lettered at once' );
		$stats = HttpClient::rest( 'GET', '/megaventory/v1/outbox/stats', array(), null, $auth );
		$this->assertSame( array( 'pending' => 1, 'leased' => 0, 'done' => 1, 'dead' => 1 ), $stats['json']['counts'] );

		// A worker that stops on purpose hands its lease back: pending at once, nothing counted.
		\MegaventorySync\Plugin::outbox()->record( 'customer', 24, 'updated' );
		$own   = bin2hex( random_bytes( 16 ) );
		$claim = HttpClient::rest( 'POST', '/megaventory/v1/outbox/claim', array(), array( 'limit' => 10, 'lease_token' => $own ), $auth );
		$this->assertSame( array( 24 ), array_column( $claim['json']['items'], 'entity_id' ) );
		$this->assertSame( $own, $claim['json']['lease_token'], 'the worker\'s own token' );
		$release = HttpClient::rest( 'POST', '/megaventory/v1/outbox/release', array(), array( 'lease_tokens' => array( $own ) ), $auth );
		$this->assertSame( 200, $release['status'], $release['body'] );
		$this->assertSame( array( 'released' => 1 ), $release['json'] );
		$again = HttpClient::rest( 'POST', '/megaventory/v1/outbox/claim', array(), array( 'limit' => 10 ), $auth );
		$this->assertSame( array( 24 ), array_column( $again['json']['items'], 'entity_id' ) );
		$this->assertSame( 0, $again['json']['items'][0]['attempts'] );
		$this->assertSame( 0, $again['json']['items'][0]['lease_expiries'] );
		$bad = HttpClient::rest( 'POST', '/megaventory/v1/outbox/release', array(), array( 'lease_tokens' => array( 'not-a-token' ) ), $auth );
		$this->assertSame( 400, $bad['status'], $bad['body'] );
	}

	/**
	 * One request; records a mismatch.
	 *
	 * @param array      $failures Mismatches so far.
	 * @param int        $count    Requests so far.
	 * @param string     $label    Case.
	 * @param int        $expected Expected status.
	 * @param string     $method   Method.
	 * @param string     $route    Route.
	 * @param array      $query    Query.
	 * @param array|null $body     Body.
	 * @param array      $headers  Headers.
	 */
	private function expect( array &$failures, &$count, $label, $expected, $method, $route, array $query, $body, array $headers ) {
		++$count;
		$response = HttpClient::rest( $method, $route, $query, $body, $headers );
		if ( $response['status'] !== $expected ) {
			$failures[] = sprintf( '%s: expected %d, got %d %s', $label, $expected, $response['status'], substr( $response['body'], 0, 200 ) );
		}
	}
}
