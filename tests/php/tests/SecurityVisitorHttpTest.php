<?php
/**
 * Nothing of the plugin runs for a visitor beyond the hooks' insert (real HTTP, php -S test site,
 * with tools/mu-visitor-probe.php linked in while the class runs): a storefront page, a product
 * page, and an order placed by an anonymous visitor enqueue no plugin asset, make no outgoing
 * request, never read the API key, touch none of the plugin's tables — except, for the order,
 * writing its one outbox row, which is then the only thing that changed; and no megaventory/v1
 * call is possible for the visitor.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

require_once dirname( __DIR__ ) . '/lib/SecurityKit.php';

use MegaventorySync\Install\Schema;
use MegaventorySync\Plugin;

/**
 * Visitor tests.
 */
final class SecurityVisitorHttpTest extends TestCase {
	/**
	 * The probe's link in the site's mu-plugins folder.
	 *
	 * @var string
	 */
	private static $probe_link = '';

	/**
	 * Links the probe into the test site.
	 */
	public static function setUpBeforeClass(): void {
		$site = getenv( 'MVSYNC_WP_DIR' );
		if ( MVSYNC_TESTS_ON_RIG || ! getenv( 'MVSYNC_HTTP_BASE' ) || ! $site ) {
			return;
		}
		self::$probe_link = $site . '/wp-content/mu-plugins/mvsync-visitor-probe.php';
		if ( ! file_exists( self::$probe_link ) ) {
			symlink( dirname( __DIR__ ) . '/tools/mu-visitor-probe.php', self::$probe_link );
		}
	}

	/**
	 * Unlinks the probe.
	 */
	public static function tearDownAfterClass(): void {
		if ( '' !== self::$probe_link && is_link( self::$probe_link ) ) {
			unlink( self::$probe_link );
		}
	}

	/**
	 * Needs the test server; a key is stored (so that it could leak if anything read it).
	 */
	protected function setUp(): void {
		parent::setUp();
		if ( '' === self::$probe_link ) {
			$this->markTestSkipped( 'Needs the php -S test server started by run.sh.' );
		}
		$saved = Plugin::settings()->update(
			array(
				'api_key' => 'visitorKEY-never-read-1234',
				'api_url' => 'https://api.megaventory.com/v2017a/',
			)
		);
		$this->assertTrue( $saved['saved'] );
	}

	/**
	 * A page as an anonymous visitor, with the probe's record of it.
	 *
	 * @param array $query Query parameters.
	 * @return array{status:int, body:string, probe:array}
	 */
	private function visit( array $query ) {
		$url      = rtrim( (string) getenv( 'MVSYNC_HTTP_BASE' ), '/' ) . '/?' . http_build_query( array_merge( $query, array( 'mvsync_visitor_probe' => '1' ) ) );
		$response = HttpClient::request( 'GET', $url );
		$this->assertSame( 1, preg_match( '/<!--mvsync-visitor (.*?)-->/', $response['body'], $match ), 'the probe ran: ' . substr( $response['body'], 0, 200 ) );
		return array(
			'status' => $response['status'],
			'body'   => $response['body'],
			'probe'  => json_decode( $match[1], true ),
		);
	}

	/**
	 * What must hold for every visitor request.
	 *
	 * @param string $what  Page.
	 * @param array  $visit From visit().
	 */
	private function assert_plugin_stayed_quiet( $what, array $visit ) {
		$probe = $visit['probe'];
		$this->assertSame( 0, $probe['current_user'], "$what: anonymous" );
		$this->assertSame( array(), $probe['http'], "$what: no outgoing request" );
		$this->assertSame( array(), $probe['assets'], "$what: no plugin script or style" );
		$this->assertStringNotContainsString( 'plugins/megaventory-sync/', $visit['body'], "$what: no plugin URL in the page" );
		$this->assertStringNotContainsString( 'mvsyncConfig', $visit['body'], "$what: no plugin configuration in the page" );
		$this->assertArrayNotHasKey( 'mvsync_api_key', $probe['option_reads'], "$what: the API key is never read" );
		$this->assertSame( array(), array_diff( array_keys( $probe['option_reads'] ), array( 'mvsync_schema_version', 'mvsync_settings' ) ), "$what: options read: " . wp_json_encode( $probe['option_reads'] ) );
	}

	/**
	 * Storefront and product pages: nothing at all of ours runs a query.
	 */
	public function test_storefront_and_product_pages() {
		$product = new \WC_Product_Simple();
		$product->set_name( 'Visitor product' );
		$product->set_sku( 'VISIT-1' );
		$product->set_status( 'publish' );
		$product->save();
		$id     = $product->get_id();
		$before = SecurityKit::fingerprint();
		foreach ( array(
			'storefront'   => array(),
			'product page' => array( 'product' => get_post_field( 'post_name', $id ) ),
			'search'       => array( 's' => 'Visitor' ),
		) as $what => $query ) {
			$visit = $this->visit( $query );
			$this->assertSame( 200, $visit['status'], $what );
			$this->assert_plugin_stayed_quiet( $what, $visit );
			$this->assertSame( array(), $visit['probe']['queries'], "$what: no query on the plugin's tables" );
		}
		$this->assertSame( $before, SecurityKit::fingerprint(), 'nothing the plugin stores changed' );
		$this->assertStringContainsString( 'Visitor product', $this->visit( array( 'product' => get_post_field( 'post_name', $id ) ) )['body'], 'the product page was rendered' );
		wp_delete_post( $id, true );
	}

	/**
	 * An order placed by a visitor: the only write of ours is its outbox row.
	 */
	public function test_a_visitor_order_writes_only_its_outbox_row() {
		$product = new \WC_Product_Simple();
		$product->set_name( 'Visitor cart product' );
		$product->set_sku( 'VISIT-2' );
		$product->set_status( 'publish' );
		$product->save();
		global $wpdb;
		$wpdb->query( 'TRUNCATE TABLE ' . Schema::table( 'outbox' ) ); // phpcs:ignore WordPress.DB -- test reset of our own table.
		$before = SecurityKit::fingerprint();

		$visit = $this->visit( array( 'mvsync_visitor_checkout' => $product->get_id() ) );
		$this->assert_plugin_stayed_quiet( 'checkout', $visit );
		$order_id = (int) $visit['probe']['order_id'];
		$this->assertGreaterThan( 0, $order_id, 'the visitor placed an order' );

		$outbox = Schema::table( 'outbox' );
		foreach ( $visit['probe']['queries'] as $query ) {
			$this->assertStringContainsString( $outbox, $query, 'every statement of ours is on the outbox' );
			$this->assertMatchesRegularExpression( '/^\s*INSERT INTO/i', $query, 'and it is the insert' );
		}
		$this->assertNotEmpty( $visit['probe']['queries'] );
		$rows = $this->outbox_rows();
		$this->assertCount( 1, $rows, 'one row' );
		$this->assertSame( array( 'order', $order_id ), array( $rows[0]['entity_type'], (int) $rows[0]['entity_id'] ) );
		$after = SecurityKit::fingerprint();
		unset( $before['outbox'], $after['outbox'] );
		$this->assertSame( $before, $after, 'nothing else the plugin stores changed' );
		wp_delete_post( $order_id, true );
		wp_delete_post( $product->get_id(), true );
	}

	/**
	 * The visitor cannot reach the API: refused before any handler runs, nothing sent.
	 */
	public function test_no_megaventory_call_is_possible_for_a_visitor() {
		foreach ( array( 'config' => 'GET', 'relay/ProductGet' => 'POST', 'outbox/claim' => 'POST' ) as $route => $method ) {
			$url      = rtrim( (string) getenv( 'MVSYNC_HTTP_BASE' ), '/' ) . '/?' . http_build_query(
				array(
					'rest_route'           => '/megaventory/v1/' . $route,
					'mvsync_visitor_probe' => '1',
				)
			);
			$response = HttpClient::request( $method, $url, 'GET' === $method ? null : '{}' );
			$this->assertSame( 401, $response['status'], $route );
			$this->assertSame( 1, preg_match( '/<!--mvsync-visitor (.*?)-->/', $response['body'], $match ) );
			$probe = json_decode( $match[1], true );
			$this->assertSame( array(), $probe['http'], "$route: nothing sent" );
			$this->assertSame( array(), $probe['queries'], "$route: no query of ours" );
			$this->assertArrayNotHasKey( 'mvsync_api_key', $probe['option_reads'] );
		}
	}
}
