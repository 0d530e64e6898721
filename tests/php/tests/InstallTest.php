<?php
/**
 * Activation created the schema; the bootstrap declared HPOS compatibility.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

use MegaventorySync\Install\Schema;

/**
 * Install tests.
 */
final class InstallTest extends TestCase {
	/**
	 * Every table exists and the schema version is stored.
	 */
	public function test_activation_created_every_table_and_the_schema_version() {
		global $wpdb;
		foreach ( Schema::table_keys() as $key ) {
			$this->assertSame( Schema::table( $key ), $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', Schema::table( $key ) ) ) );
		}
		$this->assertSame( Schema::VERSION, (int) get_option( Schema::VERSION_OPTION ) );
	}

	/**
	 * The outbox has the unique coalesce key and the claim index.
	 */
	public function test_outbox_has_the_coalesce_and_claim_indexes() {
		global $wpdb;
		$indexes = $wpdb->get_results( 'SHOW INDEX FROM ' . Schema::table( 'outbox' ), ARRAY_A ); // phpcs:ignore
		$by_name = array();
		foreach ( $indexes as $index ) {
			$by_name[ $index['Key_name'] ][] = $index['Column_name'];
			if ( 'coalesce_key' === $index['Key_name'] ) {
				$this->assertSame( '0', (string) $index['Non_unique'] );
			}
		}
		$this->assertSame( array( 'coalesce_key' ), $by_name['coalesce_key'] );
		$this->assertSame( array( 'status', 'available_at' ), $by_name['status_available'] );
		$this->assertSame( array( 'status', 'priority', 'id', 'available_at' ), $by_name['claim_order'] );
	}

	/**
	 * HPOS (custom_order_tables) compatibility was declared during before_woocommerce_init.
	 */
	public function test_hpos_compatibility_is_declared() {
		if ( MVSYNC_TESTS_ON_RIG ) {
			$this->markTestSkipped( 'The stand-in records declarations; real WooCommerce is checked by FeaturesController.' );
		}
		$declared = \Automattic\WooCommerce\Utilities\FeaturesUtil::$declared['custom_order_tables'] ?? array();
		$this->assertTrue( $declared['megaventory-sync/megaventory-sync.php'] ?? false );
	}
}
