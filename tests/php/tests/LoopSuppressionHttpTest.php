<?php
/**
 * Loop suppression over real HTTP, where WooCommerce's deferred parent-product sync runs at
 * shutdown, after the route callback: a worker's variation stock write must record nothing, not
 * even the parent's update (checked on real WooCommerce 8.9.1 too; see the report of that run).
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

/**
 * HTTP loop-suppression tests.
 */
final class LoopSuppressionHttpTest extends TestCase {
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
	 * With the header, nothing is recorded (variation or parent); without it, both are.
	 */
	public function test_worker_variation_write_records_nothing_even_at_shutdown() {
		$parent = new \WC_Product_Variable();
		$parent->set_name( 'Loop parent' );
		$parent->save();
		$variation = new \WC_Product_Variation();
		$variation->set_parent_id( $parent->get_id() );
		$variation->set_manage_stock( true );
		$variation->set_stock_quantity( 3 );
		$variation->save();
		global $wpdb;
		$wpdb->query( 'TRUNCATE TABLE ' . \MegaventorySync\Install\Schema::table( 'outbox' ) ); // phpcs:ignore

		$user             = get_user_by( 'login', 'shopmanager' );
		list( $password ) = \WP_Application_Passwords::create_new_application_password( $user->ID, array( 'name' => 'mvsync-loop-' . wp_generate_password( 6, false ) ) );
		$auth             = 'Authorization: Basic ' . base64_encode( 'shopmanager:' . $password );
		$route            = '/wc/v3/products/' . $parent->get_id() . '/variations/' . $variation->get_id();

		$worker = HttpClient::rest( 'PUT', $route, array(), array( 'stock_quantity' => 7 ), array( $auth, 'X-Megaventory-Sync-Worker: 1' ) );
		$this->assertSame( 200, $worker['status'], $worker['body'] );
		$this->assertSame( 7, $worker['json']['stock_quantity'] );
		$this->assertSame( array(), $this->outbox_rows() );

		$admin = HttpClient::rest( 'PUT', $route, array(), array( 'stock_quantity' => 8 ), array( $auth ) );
		$this->assertSame( 200, $admin['status'], $admin['body'] );
		$recorded = array_map(
			static function ( $row ) {
				return $row['entity_type'] . ':' . $row['entity_id'];
			},
			$this->outbox_rows()
		);
		$this->assertEqualsCanonicalizing( array( 'variation:' . $variation->get_id(), 'product:' . $parent->get_id() ), $recorded );

		$variation->delete( true );
		$parent->delete( true );
	}
}
