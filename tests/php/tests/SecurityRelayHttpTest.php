<?php
/**
 * The relay as an attacker would probe it:
 *  - every Megaventory operation the engine does not use is refused (names from the API notes,
 *    /work/shared/megaventory-api.md), in any letter case, and path tricks find no route; nothing
 *    reaches Megaventory;
 *  - nothing is ever sent to another host: a "Megaventory" answering 301/302/303/307/308 towards a
 *    second local listener is not followed (the listener never receives a request, the key goes
 *    nowhere else and is not in the answer), and nothing the caller sends changes the destination;
 *  - the API URL must be https (http only to 127.0.0.0/8, ::1, localhost), checked when saved and
 *    again when sending (a URL that got into the option some other way sends nothing).
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

require_once dirname( __DIR__ ) . '/lib/SecurityKit.php';

use MegaventorySync\Plugin;
use MegaventorySync\Settings\Settings;

/**
 * Relay and API URL security.
 */
final class SecurityRelayHttpTest extends TestCase {
	const KEY = 'secKEY-relay-5f4e3d2c1b0a';

	/**
	 * Operations named in the API notes that the relay must not forward (UserGet would even return
	 * the API key).
	 */
	const NOT_ALLOWED = array(
		'UserGet',
		'CompanyUpdate',
		'CurrencyUpdate',
		'DocumentsUpdate',
		'IntegrationUpdateUpdate',
		'ProductBOMGet',
		'ProductBundleGetAll',
		'ProductBundleDelete',
		'ProductStockGet',
		'ProductStockUpdate',
		'PurchaseOrderCancel',
		'SalesOrderApprove',
		'SalesOrderVerify',
		'SalesOrdersUpdate',
	);

	/**
	 * The "Megaventory" that redirects, and the second listener it points at.
	 *
	 * @var array<string,array{0:resource, 1:string, 2:string}> name → [process, base URL, record file]
	 */
	private static $servers = array();

	/**
	 * Shop manager's application password header.
	 *
	 * @var string
	 */
	private static $auth = '';

	/**
	 * Requests that reached WordPress's HTTP layer in-process.
	 *
	 * @var array
	 */
	private $sent = array();

	/**
	 * Starts the second listener, then the redirecting "Megaventory" pointing at it.
	 */
	public static function setUpBeforeClass(): void {
		if ( MVSYNC_TESTS_ON_RIG || ! getenv( 'MVSYNC_HTTP_BASE' ) ) {
			return;
		}
		$router = dirname( __DIR__ ) . '/tools/security-listener.php';
		foreach ( array( 'elsewhere', 'megaventory' ) as $name ) {
			$record = tempnam( sys_get_temp_dir(), 'mvsync-sec-' . $name . '-' );
			$env    = array( 'MVSYNC_RECORD_FILE' => $record );
			if ( 'megaventory' === $name ) {
				$env['MVSYNC_REDIRECT_TO'] = self::$servers['elsewhere'][1] . '/stolen';
			}
			list( $process, $base )   = SecurityKit::start_server( $router, $env );
			self::$servers[ $name ] = array( $process, $base, $record );
		}
		self::$auth = SecurityKit::application_password_header( SecurityKit::user( 'shop_manager' ) );
	}

	/**
	 * Stops both listeners and removes their records.
	 */
	public static function tearDownAfterClass(): void {
		foreach ( self::$servers as list( $process, , $record ) ) {
			SecurityKit::stop_server( $process );
			if ( is_file( $record ) ) {
				unlink( $record );
			}
		}
		self::$servers = array();
	}

	/**
	 * Empty records; the key and a URL on the redirecting "Megaventory".
	 */
	protected function setUp(): void {
		parent::setUp();
		if ( empty( self::$servers ) ) {
			$this->markTestSkipped( 'Needs the php -S test server started by run.sh.' );
		}
		foreach ( self::$servers as list( , , $record ) ) {
			file_put_contents( $record, '' );
		}
		$this->configure( self::$servers['megaventory'][1] . '/v2017a/' );
		$this->sent = array();
		add_filter( 'pre_http_request', array( $this, 'record_outgoing' ), 10, 3 );
	}

	/**
	 * Removes the in-process recorder.
	 */
	protected function tearDown(): void {
		remove_filter( 'pre_http_request', array( $this, 'record_outgoing' ), 10 );
		parent::tearDown();
	}

	/**
	 * Filter pre_http_request: records and blocks every in-process outgoing request.
	 *
	 * @param mixed  $preempt Preempt.
	 * @param array  $args    Arguments.
	 * @param string $url     URL.
	 * @return \WP_Error
	 */
	public function record_outgoing( $preempt, $args, $url ) {
		unset( $preempt, $args );
		$this->sent[] = $url;
		return new \WP_Error( 'mvsync_test_blocked', 'blocked by the test' );
	}

	/**
	 * Saves key and URL through the validating settings store.
	 *
	 * @param string $url API URL.
	 */
	private function configure( $url ) {
		$result = Plugin::settings()->update(
			array(
				'api_key' => self::KEY,
				'api_url' => $url,
			)
		);
		$this->assertTrue( $result['saved'], wp_json_encode( $result['errors'] ) );
		Plugin::reset_services();
	}

	/**
	 * Requests a listener received.
	 *
	 * @param string $name elsewhere or megaventory.
	 * @return array[]
	 */
	private static function received( $name ) {
		$lines = array_filter( explode( "\n", (string) file_get_contents( self::$servers[ $name ][2] ) ) );
		return array_map(
			static function ( $line ) {
				return json_decode( $line, true );
			},
			array_values( $lines )
		);
	}

	/**
	 * A relay call over HTTP as the shop manager.
	 *
	 * @param string $operation Operation (path segment, sent as is).
	 * @param string $body      Raw JSON.
	 * @param array  $headers   Extra header lines.
	 * @return array
	 */
	private function relay( $operation, $body = '{}', array $headers = array() ) {
		return HttpClient::rest( 'POST', '/megaventory/v1/relay/' . $operation, array(), $body, array_merge( array( self::$auth ), $headers ) );
	}

	/**
	 * Operations outside the allowlist, in any case, and path tricks: refused, nothing sent. An
	 * allowed one then reaches the configured URL (so "nothing sent" is not vacuous).
	 */
	public function test_operations_outside_the_allowlist_are_refused_and_never_sent() {
		$this->configure( self::$servers['elsewhere'][1] . '/v2017a/' );
		$failures = array();
		$allowed  = array_map( 'strtolower', Plugin::relay()->allowed_operations() );
		foreach ( self::NOT_ALLOWED as $operation ) {
			$this->assertNotContains( strtolower( $operation ), $allowed, "$operation is not allowlisted" );
			foreach ( array( $operation, strtolower( $operation ), strtoupper( $operation ) ) as $spelling ) {
				$response = $this->relay( $spelling, '{"Filters":[]}' );
				if ( 403 !== $response['status'] || 'mvsync_relay_operation_not_allowed' !== ( $response['json']['code'] ?? null ) || 'mvsync_relay_operation_not_allowed' !== ( $response['headers']['x-megaventory-relay-error'] ?? null ) ) {
					$failures[] = "$spelling: {$response['status']} " . substr( $response['body'], 0, 120 );
				}
				$this->assertStringNotContainsString( self::KEY, $response['body'] );
			}
		}
		// Paths that try to smuggle another operation or location past the allowlist find no route.
		foreach ( array( 'ProductGet%2F..%2FUserGet', 'ProductGet/../UserGet', 'ProductGet%00UserGet', 'ProductGet.json', '..%2F..%2Fjson%2Freply%2FUserGet', 'ProductGet%3Fx%3D1', 'ProductGet%23' ) as $trick ) {
			$response = $this->relay( $trick );
			if ( ! in_array( $response['status'], array( 400, 403, 404 ), true ) ) {
				$failures[] = "$trick: {$response['status']} " . substr( $response['body'], 0, 120 );
			}
		}
		$this->assertSame( array(), $failures );
		$this->assertSame( array(), self::received( 'elsewhere' ), 'no refused call reached Megaventory' );

		$response = $this->relay( 'productget', '{"Filters":[]}' );
		$this->assertSame( 200, $response['status'], $response['body'] );
		$received = self::received( 'elsewhere' );
		$this->assertCount( 1, $received );
		$this->assertSame( '/v2017a/json/reply/ProductGet', $received[0]['uri'], 'the canonical allowlisted name is sent' );
		$this->assertGreaterThanOrEqual( 14, count( self::NOT_ALLOWED ) );
	}

	/**
	 * Megaventory answering with a redirect to another host: not followed, for every redirect
	 * status; the second host receives nothing; the answer carries neither the key nor the
	 * Location (so a browser-side worker cannot be steered either).
	 */
	public function test_redirects_to_another_host_are_never_followed() {
		foreach ( array( 301, 302, 303, 307, 308 ) as $code ) {
			$this->configure( self::$servers['megaventory'][1] . '/s' . $code . '/v2017a/' );
			$response = $this->relay( 'ProductGet', '{"Filters":[]}' );
			$this->assertSame( $code, $response['status'], "HTTP $code is answered as it came: " . $response['body'] );
			$this->assertArrayNotHasKey( 'location', $response['headers'], "HTTP $code: no Location is passed on" );
			$this->assertStringNotContainsString( self::KEY, $response['body'] . wp_json_encode( $response['headers'] ) );
		}
		$this->assertSame( array(), self::received( 'elsewhere' ), 'the second listener never received a request' );
		$first = self::received( 'megaventory' );
		$this->assertCount( 5, $first, 'each call went to the configured Megaventory once' );
		$this->assertStringContainsString( self::KEY, $first[0]['body'], 'the key went to the configured host only' );
		$this->assertSame( 0, (int) $GLOBALS['wpdb']->get_var( $GLOBALS['wpdb']->prepare( 'SELECT COUNT(*) FROM ' . \MegaventorySync\Install\Schema::table( 'log' ) . ' WHERE message LIKE %s', '%' . self::KEY . '%' ) ) ); // phpcs:ignore WordPress.DB -- our own table.
	}

	/**
	 * Nothing the caller sends moves the destination: Host / forwarding headers, a URL-looking
	 * field in the body, a query string on the route.
	 */
	public function test_the_caller_cannot_choose_the_destination() {
		$this->configure( self::$servers['megaventory'][1] . '/v2017a/' );
		$elsewhere = self::$servers['elsewhere'][1];
		$response  = HttpClient::rest(
			'POST',
			'/megaventory/v1/relay/ProductGet',
			array(
				'api_url' => $elsewhere . '/',
				'url'     => $elsewhere . '/',
			),
			'{"Filters":[],"api_url":"' . $elsewhere . '/","APIURL":"' . $elsewhere . '/"}',
			array( self::$auth, 'X-Forwarded-Host: ' . wp_parse_url( $elsewhere, PHP_URL_HOST ) . ':' . wp_parse_url( $elsewhere, PHP_URL_PORT ), 'X-Original-URL: ' . $elsewhere . '/', 'Forwarded: host=' . wp_parse_url( $elsewhere, PHP_URL_HOST ) )
		);
		$this->assertSame( 200, $response['status'], $response['body'] );
		$this->assertSame( array(), self::received( 'elsewhere' ) );
		$received = self::received( 'megaventory' );
		$this->assertCount( 1, $received );
		$this->assertSame( '/v2017a/json/reply/ProductGet', $received[0]['uri'] );
		$this->assertArrayNotHasKey( 'X-Forwarded-Host', $received[0]['headers'], 'client headers are not forwarded' );
	}

	/**
	 * The key echoed back by Megaventory in any spelling an answer could carry (as is, upper
	 * case, JSON-escaped, URL-encoded) never reaches the caller.
	 */
	public function test_the_key_is_scrubbed_from_answers_in_every_spelling() {
		$key = 'AbcDef123@m42';
		$this->configure( 'https://mv.example.test/v2017a/' );
		update_option( Settings::KEY_OPTION, $key, false );
		Plugin::reset_services();
		remove_filter( 'pre_http_request', array( $this, 'record_outgoing' ), 10 );
		$body   = '{"A":"' . $key . '","B":"' . strtoupper( $key ) . '","C":"https://x.test/?k=' . rawurlencode( $key ) . '","D":"' . strtolower( rawurlencode( $key ) ) . '","E":' . wp_json_encode( $key ) . '}';
		$answer = static function () use ( $body ) {
			return array(
				'headers'  => array( 'content-type' => 'application/json' ),
				'body'     => $body,
				'response' => array(
					'code'    => 400,
					'message' => 'Bad Request',
				),
				'cookies'  => array(),
			);
		};
		add_filter( 'pre_http_request', $answer );
		$this->act_as( 'shop_manager' );
		$response = $this->rest( 'POST', '/megaventory/v1/relay/ProductGet', array( 'Filters' => array() ) );
		remove_filter( 'pre_http_request', $answer );
		$text = $response->raw_body . wp_json_encode( $response->get_data() );
		foreach ( array( $key, strtoupper( $key ), rawurlencode( $key ), strtolower( rawurlencode( $key ) ) ) as $spelling ) {
			$this->assertStringNotContainsStringIgnoringCase( $spelling, $text );
		}
		$this->assertSame( 5, substr_count( $response->raw_body, '[redacted]' ), $response->raw_body );
	}

	/**
	 * URLs the settings must refuse (and that the relay must refuse at send time).
	 *
	 * @return string[]
	 */
	public static function bad_urls() {
		return array(
			'http://example.test/v2017a/',
			'HTTP://example.test/v2017a/',
			'hTtP://example.test/',
			'http://127.0.0.1.evil.test/',
			'http://localhost.evil.test/',
			'http://evil.test/127.0.0.1/',
			'https://127.0.0.1@evil.test/',
			'http://127.0.0.1@evil.test/',
			'http://127.0.0.1:80@evil.test/',
			'https://user:pass@api.megaventory.com/v2017a/',
			'http://evil.test\\@127.0.0.1/',
			'http://127.0.0.1\\@evil.test/',
			'https://127.0.0.1\\evil.test/',
			'http://127.0.0.1#@evil.test/',
			'http://127.0.0.1?@evil.test/',
			"http://127.0.0.1/\n.evil.test/",
			"http://127.0.0.1\t.evil.test/",
			'http://127.0.0.1 .evil.test/',
			'http://127.999.0.1/',
			'http://127.0.0.01/',
			'http://127.1/',
			'http://2130706433/',
			'http://0x7f.0.0.1/',
			'http://[::ffff:7f00:1]/',
			'ftp://127.0.0.1/',
			'file:///etc/passwd',
			'javascript://127.0.0.1/%0aalert(1)',
			'//evil.test/v2017a/',
			'http:evil.test',
			'https:/evil.test/',
			'api.megaventory.com/v2017a/',
			'https://api.megaventory.com/v2017a/?APIKEY=x',
			'https://ápi.megaventory.com/',
			'',
		);
	}

	/**
	 * Every bad URL is refused at save with a reason, and nothing is stored.
	 */
	public function test_bad_api_urls_are_refused_when_saved() {
		$stored = Plugin::settings()->get( 'api_url' );
		foreach ( self::bad_urls() as $url ) {
			$result = Plugin::settings()->update( array( 'api_url' => $url ) );
			$this->assertFalse( $result['saved'], 'refused: ' . wp_json_encode( $url ) );
			$this->assertArrayHasKey( 'api_url', $result['errors'], wp_json_encode( $url ) );
			$this->assertSame( $stored, Plugin::settings()->get( 'api_url' ), 'unchanged after ' . wp_json_encode( $url ) );
		}
	}

	/**
	 * Good URLs: https anywhere, http to loopback only; stored in their canonical form.
	 */
	public function test_https_and_loopback_http_are_accepted() {
		$good = array(
			'https://api.megaventory.com/v2017a/'  => 'https://api.megaventory.com/v2017a/',
			'HTTPS://api.megaventory.com/v2017a'   => 'https://api.megaventory.com/v2017a/',
			'http://127.0.0.1:8351/v2017a/'        => 'http://127.0.0.1:8351/v2017a/',
			'http://127.10.20.30/'                 => 'http://127.10.20.30/',
			'http://localhost:9000/v2017a'         => 'http://localhost:9000/v2017a/',
			'http://[::1]:8351/v2017a/'            => 'http://[::1]:8351/v2017a/',
			'  https://api.megaventory.com/v2017a/ ' => 'https://api.megaventory.com/v2017a/',
		);
		foreach ( $good as $url => $canonical ) {
			$result = Plugin::settings()->update( array( 'api_url' => $url ) );
			$this->assertTrue( $result['saved'], $url . ': ' . wp_json_encode( $result['errors'] ) );
			$this->assertSame( $canonical, Plugin::settings()->get( 'api_url' ) );
		}
	}

	/**
	 * A bad URL that got into the option without the form (a database edit, an old version): the
	 * relay refuses to send, and no request leaves WordPress.
	 */
	public function test_bad_api_urls_are_refused_when_sending() {
		$this->act_as( 'shop_manager' );
		foreach ( self::bad_urls() as $url ) {
			$settings            = get_option( Settings::OPTION, array() );
			$settings['api_url'] = $url;
			update_option( Settings::OPTION, $settings );
			Plugin::reset_services();
			$response = $this->rest( 'POST', '/megaventory/v1/relay/ProductGet', array( 'Filters' => array() ) );
			$this->assertSame( 409, $response->get_status(), wp_json_encode( $url ) . ': ' . wp_json_encode( $response->get_data() ) );
			$this->assertSame( 'mvsync_not_configured', $response->get_data()['code'] );
		}
		$this->assertSame( array(), $this->sent, 'no request left WordPress' );
	}
}
