<?php
/**
 * The relay over real HTTP, against a canned Megaventory on a second `php -S`: the worker gets
 * Megaventory's status and body byte for byte, the relay's own errors carry
 * X-Megaventory-Relay-Error, and `{}` in the request reaches Megaventory as `{}`.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

use MegaventorySync\Plugin;

/**
 * Relay passthrough tests.
 */
final class RelayHttpTest extends TestCase {
	const KEY = 'mvKEY-http-0a1b2c3d4e5f';

	/**
	 * The fake Megaventory server process.
	 *
	 * @var resource|null
	 */
	private static $server = null;

	/**
	 * Its base URL.
	 *
	 * @var string
	 */
	private static $base = '';

	/**
	 * Basic-auth header of the shop manager (application password).
	 *
	 * @var string
	 */
	private static $auth = '';

	/**
	 * Starts the fake Megaventory and makes an application password.
	 */
	public static function setUpBeforeClass(): void {
		if ( MVSYNC_TESTS_ON_RIG || ! getenv( 'MVSYNC_HTTP_BASE' ) ) {
			return;
		}
		$port         = (int) getenv( 'MVSYNC_FAKE_MV_PORT' );
		if ( ! $port ) {
			// A port nobody listens on (other test sites on this machine use fixed ones).
			$probe = stream_socket_server( 'tcp://127.0.0.1:0' );
			$port  = (int) substr( strrchr( stream_socket_get_name( $probe, false ), ':' ), 1 );
			fclose( $probe );
		}
		self::$base   = 'http://127.0.0.1:' . $port . '/';
		self::$server = proc_open(
			array( PHP_BINARY, '-S', '127.0.0.1:' . $port, dirname( __DIR__ ) . '/tools/fake-megaventory.php' ),
			array(
				0 => array( 'pipe', 'r' ),
				1 => array( 'file', '/dev/null', 'w' ),
				2 => array( 'file', '/dev/null', 'w' ),
			),
			$pipes
		);
		for ( $i = 0; $i < 50; $i++ ) {
			$socket = @fsockopen( '127.0.0.1', $port, $errno, $errstr, 0.1 ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- polling until the server listens.
			if ( $socket ) {
				fclose( $socket );
				break;
			}
			usleep( 100000 );
		}
		$user             = get_user_by( 'login', 'shopmanager' );
		list( $password ) = \WP_Application_Passwords::create_new_application_password( $user->ID, array( 'name' => 'mvsync-relay-' . wp_generate_password( 6, false ) ) );
		self::$auth       = 'Authorization: Basic ' . base64_encode( 'shopmanager:' . $password );
	}

	/**
	 * Stops the fake Megaventory (the process this class started, by its handle).
	 */
	public static function tearDownAfterClass(): void {
		if ( is_resource( self::$server ) ) {
			proc_terminate( self::$server );
			proc_close( self::$server );
			self::$server = null;
		}
	}

	/**
	 * Points the relay at the fake Megaventory (http to loopback is allowed).
	 */
	protected function setUp(): void {
		parent::setUp();
		if ( ! is_resource( self::$server ) ) {
			$this->markTestSkipped( 'Needs the php -S test server started by run.sh.' );
		}
		$result = Plugin::settings()->update(
			array(
				'api_key' => self::KEY,
				'api_url' => self::$base,
			)
		);
		$this->assertTrue( $result['saved'], wp_json_encode( $result['errors'] ) );
	}

	/**
	 * A relay call over HTTP.
	 *
	 * @param string $operation Operation.
	 * @param string $body      Raw JSON body.
	 * @return array
	 */
	private function relay( $operation, $body ) {
		return HttpClient::rest( 'POST', '/megaventory/v1/relay/' . $operation, array(), $body, array( self::$auth ) );
	}

	/**
	 * Megaventory's 200 body comes back byte for byte; the request reached it with `{}` and `[]`
	 * intact and the key added; the echoed key is redacted.
	 */
	public function test_success_body_is_passed_through_and_objects_stay_objects() {
		$response = $this->relay( 'ProductGet', '{"Filters":{},"Items":[],"Deep":{"A":{}},"APIKEY":"nope"}' );
		$this->assertSame( 200, $response['status'], $response['body'] );
		$this->assertSame( '{"Filters":{},"Items":[],"Deep":{"A":{}},"APIKEY":"[redacted]"}', $response['body'] );
		$this->assertArrayNotHasKey( 'x-megaventory-relay-error', $response['headers'] );
		$received = (string) file_get_contents( sys_get_temp_dir() . '/mvsync-fake-mv-last-request.json' );
		$this->assertSame( '{"Filters":{},"Items":[],"Deep":{"A":{}},"APIKEY":"' . self::KEY . '"}', $received );
	}

	/**
	 * Spacing and number spellings are not re-encoded by WordPress.
	 */
	public function test_body_bytes_are_not_re_encoded() {
		$response = $this->relay( 'DocumentGet', '{}' );
		$this->assertSame( 200, $response['status'] );
		$this->assertSame( "{ \"mvDocuments\" : [ ], \"Price\": 1.50, \"Exp\": 1e3, \"Empty\": {},\n \"ResponseStatus\": {\"ErrorCode\": \"0\"} }", $response['body'] );
		$this->assertStringStartsWith( 'application/json', $response['headers']['content-type'] );
	}

	/**
	 * Megaventory's 500 comes back as a 500 with its own body and content type, without the
	 * relay-error header.
	 */
	public function test_megaventory_errors_keep_their_status_and_body() {
		$response = $this->relay( 'ProductUpdate', '{"mvProduct":{}}' );
		$this->assertSame( 500, $response['status'] );
		$this->assertSame( '<html><body>Internal failure</body></html>', $response['body'] );
		$this->assertStringStartsWith( 'text/html', $response['headers']['content-type'] );
		$this->assertArrayNotHasKey( 'x-megaventory-relay-error', $response['headers'] );
	}

	/**
	 * A redirect is answered as it came, not followed.
	 */
	public function test_redirects_are_not_followed() {
		$response = $this->relay( 'SalesOrderGet', '{}' );
		$this->assertSame( 302, $response['status'] );
		$this->assertSame( '', $response['body'] );
	}

	/**
	 * The relay's own errors are WordPress errors with the marker header.
	 */
	public function test_relay_errors_are_marked() {
		$refused = $this->relay( 'UserGet', '{}' );
		$this->assertSame( 403, $refused['status'] );
		$this->assertSame( 'mvsync_relay_operation_not_allowed', $refused['json']['code'] );
		$this->assertSame( 'mvsync_relay_operation_not_allowed', $refused['headers']['x-megaventory-relay-error'] ?? null );

		$anonymous = HttpClient::rest( 'POST', '/megaventory/v1/relay/ProductGet', array(), '{}' );
		$this->assertSame( 401, $anonymous['status'] );
		$this->assertSame( 'mvsync_forbidden', $anonymous['headers']['x-megaventory-relay-error'] ?? null );

		$too_large = $this->relay( 'ProductGet', '{"x":"' . str_repeat( 'a', 1048577 ) . '"}' );
		$this->assertSame( 413, $too_large['status'] );
		$this->assertSame( 'mvsync_body_too_large', $too_large['headers']['x-megaventory-relay-error'] ?? null );

		delete_option( 'mvsync_api_key' );
		$unconfigured = $this->relay( 'ProductGet', '{}' );
		$this->assertSame( 409, $unconfigured['status'] );
		$this->assertSame( 'mvsync_not_configured', $unconfigured['headers']['x-megaventory-relay-error'] ?? null );
	}
}
