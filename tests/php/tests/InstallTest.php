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
	 * The outbox has the unique coalesce and lease keys and the claim index.
	 */
	public function test_outbox_has_the_coalesce_and_claim_indexes() {
		global $wpdb;
		$indexes = $wpdb->get_results( 'SHOW INDEX FROM ' . Schema::table( 'outbox' ), ARRAY_A ); // phpcs:ignore
		$by_name = array();
		foreach ( $indexes as $index ) {
			$by_name[ $index['Key_name'] ][] = $index['Column_name'];
			if ( in_array( $index['Key_name'], array( 'coalesce_key', 'lease_key' ), true ) ) {
				$this->assertSame( '0', (string) $index['Non_unique'] );
			}
		}
		$this->assertSame( array( 'coalesce_key' ), $by_name['coalesce_key'] );
		$this->assertSame( array( 'lease_key' ), $by_name['lease_key'] );
		$this->assertSame( array( 'status', 'priority', 'id', 'available_at', 'lease_until' ), $by_name['claim_order'] );
		// Every index that holds status or lease columns costs each claim and ack a write per row.
		$this->assertSame( array( 'PRIMARY', 'claim_order', 'coalesce_key', 'entity', 'lease_key' ), $this->sorted( array_keys( $by_name ) ) );
	}

	/**
	 * An install made by schema version 4 loses the indexes version 5 retired, gets version 6's
	 * lease columns, and keeps its rows.
	 */
	public function test_upgrade_from_version_4_drops_the_retired_outbox_indexes() {
		global $wpdb;
		$table = Schema::table( 'outbox' );
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery -- test fixture on our own table.
		$wpdb->query( "ALTER TABLE {$table} DROP INDEX claim_order, ADD INDEX claim_order (status, priority, id, available_at), ADD INDEX status_available (status, available_at), ADD INDEX status_lease (status, lease_until), ADD INDEX lease_token (lease_token), DROP INDEX lease_key, DROP COLUMN lease_key, DROP COLUMN lease_expiries" );
		\MegaventorySync\Plugin::outbox()->record( 'product', 5, 'updated' );
		update_option( Schema::VERSION_OPTION, 4 );
		Schema::maybe_upgrade();
		$names       = $wpdb->get_col( "SELECT DISTINCT index_name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = '{$table}'" );
		$claim_order = $wpdb->get_col( "SELECT column_name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = '{$table}' AND index_name = 'claim_order' ORDER BY seq_in_index" );
		$columns     = $wpdb->get_col( "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '{$table}'" );
		// phpcs:enable
		$this->assertSame( array( 'PRIMARY', 'claim_order', 'coalesce_key', 'entity', 'lease_key' ), $this->sorted( $names ) );
		$this->assertContains( 'lease_key', $columns );
		$this->assertContains( 'lease_expiries', $columns );
		$this->assertSame( array( 'status', 'priority', 'id', 'available_at', 'lease_until' ), $claim_order );
		$this->assertSame( Schema::VERSION, (int) get_option( Schema::VERSION_OPTION ) );
		$this->assertCount( 1, $this->outbox_rows() );
	}

	/**
	 * Sorted copy.
	 *
	 * @param string[] $names Names.
	 * @return string[]
	 */
	private function sorted( array $names ) {
		sort( $names );
		return $names;
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
