<?php
/**
 * Uninstall: every table, option, transient and cron event the plugin created, and nothing else.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Install;

use MegaventorySync\Cron\Housekeeping;
use MegaventorySync\Settings\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * Uninstaller.
 */
final class Uninstaller {
	/**
	 * Removes all plugin data.
	 */
	public static function run() {
		global $wpdb;
		wp_clear_scheduled_hook( Housekeeping::HOOK );
		Schema::drop_all();
		foreach ( array( Settings::OPTION, Settings::KEY_OPTION, Schema::VERSION_OPTION ) as $option ) {
			delete_option( $option );
		}
		// The only user meta we write: which queue notice a user dismissed.
		delete_metadata( 'user', 0, \MegaventorySync\Admin\QueueNotice::DISMISSED_META, '', true );
		// Per-user admin notices are short-lived transients named mvsync_admin_notice_*.
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- one-off cleanup of our own transients.
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s", $wpdb->esc_like( '_transient_mvsync_' ) . '%', $wpdb->esc_like( '_transient_timeout_mvsync_' ) . '%' ) );
	}
}
