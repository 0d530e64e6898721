<?php
/**
 * Operations hygiene: logging, the WooCommerce → Status section, the cron event, the bootstrap's
 * notices, and an uninstall that removes exactly what the plugin created.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

use MegaventorySync\Admin\AdminPage;
use MegaventorySync\Admin\StatusReport;
use MegaventorySync\Cron\Housekeeping;
use MegaventorySync\Install\Installer;
use MegaventorySync\Install\Schema;
use MegaventorySync\Plugin;

/**
 * Hygiene tests.
 */
final class HygieneTest extends TestCase {
	/**
	 * Entries go to WooCommerce's logger (source megaventory-sync) and to the pageable table.
	 */
	public function test_log_goes_to_woocommerce_logger_and_table() {
		if ( MVSYNC_TESTS_ON_RIG ) {
			$this->markTestSkipped( 'The stand-in logger records entries in memory.' );
		}
		$before = count( wc_get_logger()->entries );
		Plugin::logger()->log( 'error', 'Product 5 rejected', array( 'sku' => 'A-1' ) );
		$entry = wc_get_logger()->entries[ $before ];
		$this->assertSame( 'error', $entry[0] );
		$this->assertStringContainsString( 'Product 5 rejected', $entry[1] );
		$this->assertSame( array( 'source' => 'megaventory-sync' ), $entry[2] );
		for ( $i = 0; $i < 60; $i++ ) {
			Plugin::logger()->log( 'info', "entry $i" );
		}
		$page2 = Plugin::logger()->page( 2, 50 );
		$this->assertSame( 61, $page2['total'] );
		$this->assertCount( 11, $page2['items'] );
		$this->assertSame( 'Product 5 rejected', end( $page2['items'] )['message'] );
		$this->assertSame( array( 'sku' => 'A-1' ), end( $page2['items'] )['context'] );
		$this->assertSame( 1, Plugin::logger()->page( 1, 50, 'error' )['total'] );
	}

	/**
	 * The status section lists queue counts and never the key.
	 */
	public function test_status_report_section() {
		Plugin::settings()->update( array( 'api_key' => 'status-key-123' ) );
		Plugin::outbox()->record( 'product', 1, 'updated' );
		ob_start();
		StatusReport::render();
		$html = ob_get_clean();
		$this->assertStringContainsString( 'Megaventory Sync', $html );
		$this->assertMatchesRegularExpression( '#Outbox pending:</td><td class="help">&nbsp;</td><td>1</td>#', $html );
		$this->assertStringContainsString( 'API key stored', $html );
		$this->assertStringNotContainsString( 'status-key-123', $html );
	}

	/**
	 * Activation schedules housekeeping; deactivation removes it.
	 */
	public function test_cron_event_is_scheduled_on_activation_and_removed_on_deactivation() {
		Installer::deactivate();
		$this->assertFalse( wp_next_scheduled( Housekeeping::HOOK ) );
		Installer::activate();
		$this->assertIsInt( wp_next_scheduled( Housekeeping::HOOK ) );
		$this->assertTrue( (bool) has_action( Housekeeping::HOOK ) );
	}

	/**
	 * Activating again keeps the settings and the key (the incumbent wiped the key).
	 */
	public function test_reactivation_keeps_settings_and_key() {
		Plugin::settings()->update( array( 'api_key' => 'keep-me-1234', 'worker_concurrency' => 5 ) );
		Installer::deactivate();
		Installer::activate();
		$this->assertSame( 'keep-me-1234', Plugin::settings()->api_key() );
		$this->assertSame( 5, Plugin::settings()->get( 'worker_concurrency' ) );
	}

	/**
	 * The missing-WooCommerce notice is escaped, explains itself and is shown only to admins.
	 */
	public function test_missing_woocommerce_notice() {
		$this->act_as( 'administrator' );
		ob_start();
		AdminPage::render_woocommerce_missing_notice();
		$html = ob_get_clean();
		$this->assertStringContainsString( 'notice-error', $html );
		$this->assertStringContainsString( 'WooCommerce', $html );
		$this->act_as( 'shop_manager' );
		ob_start();
		AdminPage::render_woocommerce_missing_notice();
		$this->assertSame( '', ob_get_clean() );
	}

	/**
	 * Translations load at init; our REST routes and hooks are wired.
	 */
	public function test_bootstrap_wiring() {
		$this->assertSame( 10, has_action( 'init', array( Plugin::class, 'load_textdomain' ) ) );
		$this->assertTrue( Plugin::woocommerce_is_usable() );
		$this->assertNotFalse( has_action( 'woocommerce_update_product' ) );
	}

	/**
	 * Uninstall (WordPress's own flow, in another process) removes our tables, options, transients
	 * and cron event, and leaves every other table and option alone.
	 */
	public function test_uninstall_removes_everything_we_created_and_nothing_else() {
		if ( MVSYNC_TESTS_ON_RIG ) {
			$this->markTestSkipped( 'Never uninstall on the shared rig.' );
		}
		global $wpdb;
		Plugin::settings()->update( array( 'api_key' => 'uninstall-key-1', 'worker_concurrency' => 3 ) );
		set_transient( 'mvsync_admin_notice_1', array( 'success', 'x' ), 60 );
		Installer::activate();
		$ours          = array_map( array( Schema::class, 'table' ), Schema::table_keys() );
		$tables_before = array_diff( $wpdb->get_col( 'SHOW TABLES' ), $ours );
		$options_query = "SELECT option_name FROM {$wpdb->options} WHERE option_name NOT LIKE '%mvsync%' AND option_name NOT LIKE '\\_transient%' AND option_name NOT LIKE '\\_site\\_transient%' AND option_name <> 'cron' ORDER BY option_name";
		$options_before = $wpdb->get_col( $options_query ); // phpcs:ignore

		$script = dirname( __DIR__ ) . '/tools/uninstall-plugin.php';
		exec( escapeshellarg( PHP_BINARY ) . ' ' . escapeshellarg( $script ) . ' ' . escapeshellarg( getenv( 'MVSYNC_WP_DIR' ) . '/wp-load.php' ) . ' 2>&1', $output, $status );
		$this->assertSame( 0, $status, implode( "\n", $output ) );
		wp_cache_flush();

		foreach ( $ours as $table ) {
			$this->assertNull( $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $table ) ), "$table dropped" );
		}
		$this->assertSame( array(), $wpdb->get_col( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE '%mvsync%'" ) ); // phpcs:ignore
		$this->assertFalse( wp_next_scheduled( Housekeeping::HOOK ) );
		$this->assertSame( array_values( $tables_before ), array_values( $wpdb->get_col( 'SHOW TABLES' ) ) );
		$options_after = $wpdb->get_col( $options_query ); // phpcs:ignore
		$this->assertSame( array(), array_values( array_diff( $options_before, $options_after ) ), 'no other option was removed' );

		// Put the site back for the other tests, as a fresh activation would.
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		$this->assertNull( activate_plugin( 'megaventory-sync/megaventory-sync.php' ) );
		Installer::activate();
		$this->assertSame( Schema::VERSION, (int) get_option( Schema::VERSION_OPTION ) );
	}

	/**
	 * A storefront page (real HTTP) runs no query of ours: no table read, no option outside the
	 * autoloaded set.
	 */
	public function test_storefront_request_runs_no_query_of_ours() {
		if ( MVSYNC_TESTS_ON_RIG || ! getenv( 'MVSYNC_HTTP_BASE' ) ) {
			$this->markTestSkipped( 'Needs the php -S test server.' );
		}
		$page = HttpClient::request( 'GET', rtrim( getenv( 'MVSYNC_HTTP_BASE' ), '/' ) . '/?mvsync_probe=1' );
		$this->assertSame( 200, $page['status'] );
		$this->assertSame( 1, preg_match( '/<!--mvsync-probe (.*?)-->/', $page['body'], $match ), 'the probe ran' );
		$probe = json_decode( $match[1], true );
		$this->assertGreaterThan( 0, $probe['queries'] );
		$this->assertSame( array(), $probe['ours'] );
	}
}
