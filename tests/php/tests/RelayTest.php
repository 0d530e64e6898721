<?php
/**
 * The relay: allowlist, key added server-side, and the key never in a response, page, script,
 * log or error.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

use MegaventorySync\Admin\AdminPage;
use MegaventorySync\Admin\StatusReport;
use MegaventorySync\Plugin;

/**
 * Relay tests.
 */
final class RelayTest extends TestCase {
	const KEY = 'mvKEY-7f3a9c1e5b-secret';

	/**
	 * Requests that reached the HTTP layer: [url, args].
	 *
	 * @var array
	 */
	private $sent = array();

	/**
	 * What the fake Megaventory answers: array (response) or WP_Error.
	 *
	 * @var mixed
	 */
	private $answer;

	/**
	 * Key and URL configured; HTTP intercepted with WordPress's own pre_http_request seam.
	 */
	protected function setUp(): void {
		parent::setUp();
		$result = Plugin::settings()->update(
			array(
				'api_key' => self::KEY,
				'api_url' => 'https://mv.example.test/v2017a',
			)
		);
		$this->assertTrue( $result['saved'], wp_json_encode( $result['errors'] ) );
		Plugin::reset_services();
		Plugin::set_clock( $this->clock );
		$this->answer = $this->mv_response( 200, array( 'mvProducts' => array(), 'ResponseStatus' => array( 'ErrorCode' => '0' ) ) );
		add_filter( 'pre_http_request', array( $this, 'intercept' ), 10, 3 );
		$this->act_as( 'shop_manager' );
	}

	/**
	 * Stop intercepting.
	 */
	protected function tearDown(): void {
		remove_filter( 'pre_http_request', array( $this, 'intercept' ), 10 );
		parent::tearDown();
	}

	/**
	 * Filter callback: records the request and returns the canned answer.
	 *
	 * @param mixed  $preempt Preempt value.
	 * @param array  $args    Request args.
	 * @param string $url     URL.
	 * @return mixed
	 */
	public function intercept( $preempt, $args, $url ) {
		$this->sent[] = array( $url, $args );
		return $this->answer;
	}

	/**
	 * A canned HTTP response.
	 *
	 * @param int   $status Status.
	 * @param mixed $body   JSON body.
	 * @return array
	 */
	private function mv_response( $status, $body ) {
		return array(
			'headers'  => array(),
			'body'     => is_string( $body ) ? $body : wp_json_encode( $body ),
			'response' => array(
				'code'    => $status,
				'message' => 'x',
			),
			'cookies'  => array(),
			'filename' => null,
		);
	}

	/**
	 * The call is forwarded to {api_url}json/reply/{Operation} with the key added; a key sent by the
	 * client is dropped; redirects are not followed.
	 */
	public function test_forwards_with_the_key_added_server_side() {
		$response = $this->rest( 'POST', '/megaventory/v1/relay/productget', array( 'Filters' => array( 'FieldName' => 'ProductSKU' ), 'apikey' => 'client-supplied' ) );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assertCount( 1, $this->sent );
		list( $url, $args ) = $this->sent[0];
		$this->assertSame( 'https://mv.example.test/v2017a/json/reply/ProductGet', $url );
		$this->assertSame( 'POST', $args['method'] );
		$this->assertSame( 0, $args['redirection'] );
		$body = json_decode( $args['body'], true );
		$this->assertSame( self::KEY, $body['APIKEY'] );
		$this->assertArrayNotHasKey( 'apikey', $body );
		$this->assertSame( array( 'FieldName' => 'ProductSKU' ), $body['Filters'] );
		$this->assertSame( '0', $response->get_data()->ResponseStatus->ErrorCode );
		$this->assertSame( '{"mvProducts":[],"ResponseStatus":{"ErrorCode":"0"}}', $response->raw_body );
		$this->assertArrayNotHasKey( 'X-Megaventory-Relay-Error', $response->get_headers() );
	}

	/**
	 * Operations outside the allowlist are refused without any outgoing request.
	 */
	public function test_operations_outside_the_allowlist_are_refused() {
		foreach ( array( 'UserGet', 'APIKeyUpdate', 'ProductGetX', 'AccountDelete' ) as $operation ) {
			$response = $this->rest( 'POST', '/megaventory/v1/relay/' . $operation, new \stdClass() );
			$this->assertSame( 403, $response->get_status(), $operation );
			$this->assertSame( 'mvsync_relay_operation_not_allowed', $response->get_data()['code'] );
			$this->assertStringContainsString( $operation, $response->get_data()['message'] );
		}
		$this->assertSame( array(), $this->sent );
	}

	/**
	 * Every operation the engine uses is allowed.
	 */
	public function test_allowlist_covers_the_engine_operations() {
		$engine_operations = array(
			'ProductUpdate',
			'SalesOrderUpdate',
			'InventoryLocationStockGet',
			'IntegrationUpdateGet',
			'IntegrationUpdateDelete',
			'SupplierClientUpdate',
			'TaxUpdate',
			'DiscountUpdate',
			'SalesOrderCancel',
			'DocumentGet',
			'ProductCategoryDelete',
			'DiscountDelete',
			'DiscountUndelete',
			'TaxDelete',
			'TaxUndelete',
			'InventoryLocationStockProductStockUpdate',
		);
		foreach ( $engine_operations as $operation ) {
			$this->assertSame( 200, $this->rest( 'POST', '/megaventory/v1/relay/' . $operation, new \stdClass() )->get_status(), $operation );
		}
	}

	/**
	 * A response that echoes the key is scrubbed before it reaches the caller.
	 */
	public function test_key_echoed_by_megaventory_is_scrubbed_from_the_response() {
		$this->answer = $this->mv_response( 200, array( 'mvUser' => array( 'APIKEY' => self::KEY ), 'Message' => 'key ' . self::KEY . ' is valid' ) );
		$response     = rest_get_server()->response_to_data( $this->rest( 'POST', '/megaventory/v1/relay/APIKeyGet', new \stdClass() ), false );
		$json         = wp_json_encode( $response );
		$this->assertStringNotContainsString( self::KEY, $json );
		$this->assertStringContainsString( '[redacted]', $json );
	}

	/**
	 * Megaventory's HTTP errors come back with Megaventory's status and body (key redacted), and
	 * without the relay-error header.
	 */
	public function test_megaventory_http_errors_pass_through_with_their_status() {
		$this->answer = $this->mv_response( 500, '<html>Server Error ' . self::KEY . '</html>' );
		$response     = $this->rest( 'POST', '/megaventory/v1/relay/ProductUpdate', array( 'mvProduct' => array() ) );
		$this->assertSame( 500, $response->get_status() );
		$this->assertSame( '<html>Server Error [redacted]</html>', $response->raw_body );
		$this->assertSame( '<html>Server Error [redacted]</html>', $response->get_data() );
		$this->assertArrayNotHasKey( 'X-Megaventory-Relay-Error', $response->get_headers() );
	}

	/**
	 * The relay's own refusals carry X-Megaventory-Relay-Error with their code.
	 */
	public function test_relay_errors_carry_the_relay_error_header() {
		$response = $this->rest( 'POST', '/megaventory/v1/relay/UserGet', new \stdClass() );
		$this->assertSame( 403, $response->get_status() );
		$this->assertSame( 'mvsync_relay_operation_not_allowed', $response->get_headers()['X-Megaventory-Relay-Error'] ?? null );

		$this->answer = new \WP_Error( 'http_request_failed', 'refused' );
		$response     = $this->rest( 'POST', '/megaventory/v1/relay/ProductGet', new \stdClass() );
		$this->assertSame( 502, $response->get_status() );
		$this->assertSame( 'mvsync_relay_unreachable', $response->get_headers()['X-Megaventory-Relay-Error'] ?? null );

		$response = $this->rest( 'POST', '/megaventory/v1/relay/ProductGet', '{"x":"' . str_repeat( 'a', 1048577 ) . '"}' );
		$this->assertSame( 413, $response->get_status() );
		$this->assertSame( 'mvsync_body_too_large', $response->get_headers()['X-Megaventory-Relay-Error'] ?? null );

		$response = $this->rest( 'POST', '/megaventory/v1/relay/ProductGet', '[1,2]' );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'mvsync_invalid_json', $response->get_headers()['X-Megaventory-Relay-Error'] ?? null );

		$this->act_as( 'customer' );
		$response = $this->rest( 'POST', '/megaventory/v1/relay/ProductGet', new \stdClass() );
		$this->assertSame( 403, $response->get_status() );
		$this->assertSame( 'mvsync_forbidden', $response->get_headers()['X-Megaventory-Relay-Error'] ?? null );

		$this->act_as( 'shop_manager' );
		delete_option( 'mvsync_api_key' );
		$response = $this->rest( 'POST', '/megaventory/v1/relay/ProductGet', new \stdClass() );
		$this->assertSame( 409, $response->get_status() );
		$this->assertSame( 'mvsync_not_configured', $response->get_headers()['X-Megaventory-Relay-Error'] ?? null );
	}

	/**
	 * Empty objects, empty arrays, nesting, unicode, slashes and numbers reach Megaventory as sent.
	 */
	public function test_the_body_is_forwarded_without_turning_objects_into_arrays() {
		$sent_body = '{"Filters":{},"List":[],"Nested":{"Inner":{}},"Name":"Café / \\"quoted\\"","Price":12.50,"Qty":3,"Big":9007199254740993,"APIKEY":"client","apiKey":"client2"}';
		$this->rest( 'POST', '/megaventory/v1/relay/ProductGet', $sent_body );
		$this->assertCount( 1, $this->sent );
		$forwarded = $this->sent[0][1]['body'];
		$this->assertStringContainsString( '"Filters":{}', $forwarded );
		$this->assertStringContainsString( '"List":[]', $forwarded );
		$this->assertStringContainsString( '"Nested":{"Inner":{}}', $forwarded );
		$this->assertStringContainsString( '"Price":12.5', $forwarded );
		$this->assertStringContainsString( '"Big":9007199254740993', $forwarded );
		$this->assertStringNotContainsString( 'client', $forwarded );
		$decoded = json_decode( $forwarded, true );
		$this->assertSame( 'Café / "quoted"', $decoded['Name'] );
		$this->assertSame( self::KEY, $decoded['APIKEY'] );
	}

	/**
	 * A URL that is not https (and not loopback) is refused at send time too, even if it got into
	 * the option without going through the settings form.
	 */
	public function test_a_plain_http_api_url_is_refused_at_send_time() {
		$settings            = get_option( \MegaventorySync\Settings\Settings::OPTION );
		$settings['api_url'] = 'http://mv.example.test/v2017a/';
		update_option( \MegaventorySync\Settings\Settings::OPTION, $settings );
		Plugin::reset_services();
		$response = $this->rest( 'POST', '/megaventory/v1/relay/ProductGet', new \stdClass() );
		$this->assertSame( 409, $response->get_status() );
		$this->assertSame( 'mvsync_not_configured', $response->get_data()['code'] );
		$this->assertSame( array(), $this->sent );
	}

	/**
	 * A transport failure is a 502 whose message (and log entry) never holds the key.
	 */
	public function test_transport_errors_are_502_without_the_key() {
		$this->answer = new \WP_Error( 'http_request_failed', 'cURL error 28: timed out sending ' . self::KEY );
		$response     = $this->rest( 'POST', '/megaventory/v1/relay/ProductGet', new \stdClass() );
		$this->assertSame( 502, $response->get_status() );
		$this->assertSame( 'mvsync_relay_unreachable', $response->get_data()['code'] );
		$this->assertStringContainsString( 'timed out', $response->get_data()['message'] );
		$this->assertStringNotContainsString( self::KEY, wp_json_encode( $response->get_data() ) );
		$this->assertNotEmpty( Plugin::logger()->page()['items'] );
	}

	/**
	 * Without a key the relay says so.
	 */
	public function test_without_a_key_the_relay_answers_409() {
		delete_option( 'mvsync_api_key' );
		$response = $this->rest( 'POST', '/megaventory/v1/relay/ProductGet', new \stdClass() );
		$this->assertSame( 409, $response->get_status() );
		$this->assertSame( 'mvsync_not_configured', $response->get_data()['code'] );
		$this->assertSame( array(), $this->sent );
	}

	/**
	 * After relay calls, errors and log writes, the key appears nowhere a browser or an admin can
	 * see: REST responses, the admin page's tabs, the script config, the status report, our log
	 * table, WooCommerce's log, and the settings form's errors.
	 */
	public function test_the_key_appears_in_no_response_page_script_log_or_error() {
		$seen   = array();
		$this->answer = $this->mv_response( 200, array( 'echo' => self::KEY ) );
		$seen[] = wp_json_encode( $this->rest( 'POST', '/megaventory/v1/relay/ProductGet', new \stdClass() )->get_data() );
		$this->answer = new \WP_Error( 'x', 'failed with ' . self::KEY );
		$seen[] = wp_json_encode( $this->rest( 'POST', '/megaventory/v1/relay/ProductGet', new \stdClass() )->get_data() );
		$seen[] = wp_json_encode( $this->rest( 'POST', '/megaventory/v1/logs', array( 'entries' => array( array( 'level' => 'error', 'message' => 'worker saw ' . self::KEY, 'context' => array( 'k' => self::KEY ) ) ) ) )->get_data() );
		foreach ( array( '/megaventory/v1/config', '/megaventory/v1/logs', '/megaventory/v1/outbox/stats', '/megaventory/v1/checkpoints' ) as $route ) {
			$seen[] = wp_json_encode( $this->rest( 'GET', $route )->get_data() );
		}
		$config = $this->rest( 'GET', '/megaventory/v1/config' )->get_data();
		$this->assertTrue( $config['has_api_key'] );
		$this->assertArrayNotHasKey( 'api_key', $config );

		$this->act_as( 'administrator' );
		foreach ( array( 'sync', 'settings', 'outbox', 'log' ) as $tab ) {
			$_GET['tab'] = $tab;
			ob_start();
			AdminPage::render();
			$seen[] = ob_get_clean();
		}
		unset( $_GET['tab'] );
		$seen[] = wp_json_encode( AdminPage::client_config() );
		ob_start();
		StatusReport::render();
		$seen[] = ob_get_clean();
		$refused = AdminPage::save_settings( array( 'api_key' => self::KEY . '<bad>' ) );
		$seen[]  = wp_json_encode( $refused );

		global $wpdb;
		$seen[] = wp_json_encode( $wpdb->get_results( 'SELECT * FROM ' . \MegaventorySync\Install\Schema::table( 'log' ), ARRAY_A ) ); // phpcs:ignore
		if ( ! MVSYNC_TESTS_ON_RIG ) {
			$seen[] = wp_json_encode( wc_get_logger()->entries );
		}
		foreach ( $seen as $i => $text ) {
			$this->assertStringNotContainsString( self::KEY, $text, "output #$i" );
		}
		$this->assertStringContainsString( 'worker saw [redacted]', implode( "\n", $seen ) );
	}
}
