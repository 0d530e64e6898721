<?php
/**
 * Bad input gets a 4xx with a clear message and changes nothing.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

use MegaventorySync\Install\Schema;
use MegaventorySync\Plugin;

/**
 * Input validation tests.
 */
final class RestInputTest extends TestCase {
	/**
	 * Logged in as a shop manager, with one pending and one leased row to protect.
	 */
	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'shop_manager' );
		Plugin::outbox()->record( 'product', 1, 'updated' );
		Plugin::outbox()->record( 'product', 2, 'updated' );
		Plugin::outbox()->claim( 1, 300 );
		Plugin::links()->put( 'product', 1, 100, 'SKU-1', 'h1' );
		Plugin::checkpoints()->put( 'initial-import', array( 'page' => 1 ) );
	}

	/**
	 * Checksums of every table we own.
	 *
	 * @return array
	 */
	private function snapshot() {
		global $wpdb;
		$sums = array();
		foreach ( Schema::table_keys() as $key ) {
			$row          = $wpdb->get_row( 'CHECKSUM TABLE ' . Schema::table( $key ), ARRAY_A ); // phpcs:ignore
			$sums[ $key ] = $row['Checksum'];
		}
		return $sums;
	}

	/**
	 * Each case: [method, route, body (array or raw string), expected status, expected code, words the message must contain].
	 *
	 * @return array
	 */
	public function bad_requests() {
		$token = str_repeat( 'a', 32 );
		return array(
			'malformed JSON'                  => array( 'POST', '/megaventory/v1/outbox/claim', '{"limit": 5,', 400, 'rest_invalid_json', 'JSON' ),
			'JSON array instead of an object' => array( 'POST', '/megaventory/v1/outbox/retry', '[1,2,3]', 400, null, '' ),
			'JSON scalar body'                => array( 'POST', '/megaventory/v1/logs', '42', 400, null, '' ),
			'limit of the wrong type'         => array( 'POST', '/megaventory/v1/outbox/claim', array( 'limit' => 'ten' ), 400, 'rest_invalid_param', 'limit' ),
			'limit out of range'              => array( 'POST', '/megaventory/v1/outbox/claim', array( 'limit' => 100000 ), 400, 'rest_invalid_param', 'limit' ),
			'ids not integers'                => array( 'POST', '/megaventory/v1/outbox/ack', array( 'lease_token' => $token, 'ids' => array( 'one' ) ), 400, 'rest_invalid_param', 'ids' ),
			'missing ids'                     => array( 'POST', '/megaventory/v1/outbox/ack', array( 'lease_token' => $token ), 400, 'rest_missing_callback_param', 'ids' ),
			'SQL in the lease token'          => array( 'POST', '/megaventory/v1/outbox/ack', array( 'lease_token' => "' OR 1=1 -- ", 'ids' => array( 1 ) ), 400, 'rest_invalid_param', 'lease_token' ),
			'SQL in an error, stale lease'    => array( 'POST', '/megaventory/v1/outbox/fail', array( 'lease_token' => $token, 'id' => 1, 'error' => "x'; DROP TABLE wp_mvsync_outbox; --" ), 409, 'mvsync_lease_lost', 'lease' ),
			'error as an array'               => array( 'POST', '/megaventory/v1/outbox/fail', array( 'lease_token' => $token, 'id' => 1, 'error' => array( 'a' ) ), 400, 'rest_invalid_param', 'error' ),
			'unknown entity type'             => array( 'POST', '/megaventory/v1/links', array( 'links' => array( array( 'wc_type' => 'post', 'wc_id' => 1, 'mv_id' => 2 ) ) ), 400, 'rest_invalid_param', 'wc_type' ),
			'negative mv id'                  => array( 'POST', '/megaventory/v1/links', array( 'links' => array( array( 'wc_type' => 'product', 'wc_id' => 1, 'mv_id' => -2 ) ) ), 400, 'rest_invalid_param', 'mv_id' ),
			'unexpected link field'           => array( 'POST', '/megaventory/v1/links', array( 'links' => array( array( 'wc_type' => 'product', 'wc_id' => 1, 'mv_id' => 2, 'evil' => '<b>' ) ) ), 400, 'rest_invalid_param', 'evil' ),
			'HTML in a content hash'          => array( 'POST', '/megaventory/v1/links', array( 'links' => array( array( 'wc_type' => 'product', 'wc_id' => 1, 'mv_id' => 2, 'content_hash' => '<script>' ) ) ), 400, 'rest_invalid_param', 'content_hash' ),
			'checkpoint state not an object'  => array( 'PUT', '/megaventory/v1/checkpoints/initial-import', array( 'state' => 'page 2' ), 400, 'rest_invalid_param', 'state' ),
			'huge checkpoint body'            => array( 'PUT', '/megaventory/v1/checkpoints/initial-import', array( 'state' => array( 'blob' => str_repeat( 'x', 300000 ) ) ), 413, 'mvsync_body_too_large', 'bytes' ),
			'huge relay body'                 => array( 'POST', '/megaventory/v1/relay/ProductGet', array( 'blob' => str_repeat( 'x', 1100000 ) ), 413, 'mvsync_body_too_large', 'bytes' ),
			'log level not allowed'           => array( 'POST', '/megaventory/v1/logs', array( 'entries' => array( array( 'level' => 'panic', 'message' => 'x' ) ) ), 400, 'rest_invalid_param', 'level' ),
			'too many log entries'            => array( 'POST', '/megaventory/v1/logs', array( 'entries' => array_fill( 0, 101, array( 'level' => 'info', 'message' => 'x' ) ) ), 400, 'rest_invalid_param', 'entries' ),
			'SQL in a checkpoint job name'    => array( 'GET', "/megaventory/v1/checkpoints/a' OR '1'='1", null, 404, 'rest_no_route', '' ),
		);
	}

	/**
	 * Every bad request is refused with its specific error and leaves every table as it was.
	 *
	 * @dataProvider bad_requests
	 *
	 * @param string       $method  Method.
	 * @param string       $route   Route.
	 * @param array|string $body    Body.
	 * @param int          $status  Expected status.
	 * @param string|null  $code    Expected error code.
	 * @param string       $mention Word the message must contain.
	 */
	public function test_bad_request_is_refused_and_changes_nothing( $method, $route, $body, $status, $code, $mention ) {
		$before   = $this->snapshot();
		$response = $this->rest( $method, $route, $body );
		$data     = $response->get_data();
		$this->assertSame( $status, $response->get_status(), wp_json_encode( $data ) );
		if ( null !== $code ) {
			$this->assertSame( $code, $data['code'] );
		}
		$this->assertNotEmpty( $data['message'] );
		if ( '' !== $mention ) {
			$this->assertStringContainsStringIgnoringCase( $mention, wp_json_encode( $data ) );
		}
		$this->assertSame( $before, $this->snapshot() );
	}

	/**
	 * Non-JSON bodies on write routes are refused over real HTTP too.
	 */
	public function test_form_encoded_body_is_refused_over_http() {
		if ( MVSYNC_TESTS_ON_RIG || ! getenv( 'MVSYNC_HTTP_BASE' ) ) {
			$this->markTestSkipped( 'Needs the php -S test server.' );
		}
		$user             = get_user_by( 'login', 'shopmanager' );
		list( $password ) = \WP_Application_Passwords::create_new_application_password( $user->ID, array( 'name' => 'input-test' ) );
		$auth             = 'Authorization: Basic ' . base64_encode( 'shopmanager:' . $password );
		$before           = $this->snapshot();
		$url              = rtrim( getenv( 'MVSYNC_HTTP_BASE' ), '/' ) . '/?rest_route=/megaventory/v1/checkpoints/initial-import';
		$response         = HttpClient::request( 'PUT', $url, null, array( $auth, 'Content-Type: application/x-www-form-urlencoded' ) );
		$this->assertSame( 400, $response['status'], $response['body'] );
		$malformed = HttpClient::rest( 'POST', '/megaventory/v1/outbox/claim', array(), '{"limit":', array( $auth ) );
		$this->assertSame( 400, $malformed['status'] );
		$this->assertSame( 'rest_invalid_json', $malformed['json']['code'] );
		$this->assertSame( $before, $this->snapshot() );
	}

	/**
	 * SQL in free-text fields is stored as text (prepared statements), never executed.
	 */
	public function test_sql_in_a_sku_is_stored_literally() {
		$sku      = "x'); DROP TABLE wp_users; --";
		$response = $this->rest( 'POST', '/megaventory/v1/links', array( 'links' => array( array( 'wc_type' => 'product', 'wc_id' => 5, 'mv_id' => 50, 'sku' => $sku ) ) ) );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( $sku, Plugin::links()->get( 'product', 5 )['sku'] );
		$this->assertNotFalse( get_user_by( 'login', 'admin' ) );
	}

	/**
	 * A sales-order label travels as the order link's sku: multibyte separators and the full
	 * 191 characters (what the engine cuts labels to) come back unchanged from GET /links.
	 */
	public function test_a_sales_order_label_round_trips_as_the_link_sku() {
		$label    = 'SO 12 · Main · FullyShipped';
		$longest  = str_repeat( '·', 191 );
		$response = $this->rest( 'POST', '/megaventory/v1/links', array( 'links' => array( self::order_link( 12, $label, '00ff' ), self::order_link( 13, $longest ) ) ) );
		$this->assertSame( 200, $response->get_status() );
		$query = array(
			'wc_type' => 'order',
			'wc_ids'  => '12,13',
		);
		$links = $this->rest( 'GET', '/megaventory/v1/links', null, array(), $query )->get_data()['links'];
		$this->assertSame( array( $label, $longest ), wp_list_pluck( $links, 'sku' ) );
		$this->assertSame( '00ff', $links[0]['content_hash'] );
		$too_long = $this->rest( 'POST', '/megaventory/v1/links', array( 'links' => array( self::order_link( 14, $longest . '·' ) ) ) );
		$this->assertSame( 400, $too_long->get_status() );
	}

	/**
	 * An order link as the engine posts it.
	 *
	 * @param int         $wc_id        Order id (the sales order id is ten times it).
	 * @param string      $label        The sales order's label.
	 * @param string|null $content_hash Hash.
	 * @return array
	 */
	private static function order_link( $wc_id, $label, $content_hash = null ) {
		return array(
			'wc_type'      => 'order',
			'wc_id'        => $wc_id,
			'mv_id'        => 10 * $wc_id,
			'sku'          => $label,
			'content_hash' => $content_hash,
		);
	}

	/**
	 * HTML sent in a worker log message is stripped before storage.
	 */
	public function test_html_in_a_log_message_is_stripped() {
		$response = $this->rest( 'POST', '/megaventory/v1/logs', array( 'entries' => array( array( 'level' => 'warning', 'message' => 'Bad <script>alert(1)</script><b>SKU</b>' ) ) ) );
		$this->assertSame( 201, $response->get_status() );
		$this->assertSame( 'Bad SKU', Plugin::logger()->page()['items'][0]['message'] );
	}

	/**
	 * A body field named like a path parameter cannot redirect the relay to another operation.
	 */
	public function test_body_cannot_override_the_relay_operation() {
		update_option( 'mvsync_api_key', 'test-key-123456' );
		$response = $this->rest( 'POST', '/megaventory/v1/relay/NotAnOperation', array( 'operation' => 'ProductGet' ) );
		$this->assertSame( 403, $response->get_status() );
		$this->assertSame( 'mvsync_relay_operation_not_allowed', $response->get_data()['code'] );
	}
}
