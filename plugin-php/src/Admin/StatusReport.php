<?php
/**
 * A "Megaventory Sync" section in WooCommerce → Status (no secrets in it).
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Admin;

use MegaventorySync\Cron\Housekeeping;
use MegaventorySync\Install\Schema;
use MegaventorySync\Plugin;

defined( 'ABSPATH' ) || exit;

/**
 * System status section.
 */
final class StatusReport {
	/**
	 * Hook.
	 */
	public static function register() {
		add_action( 'woocommerce_system_status_report', array( self::class, 'render' ) );
	}

	/**
	 * Label → value pairs shown in the section.
	 *
	 * @return array<string,string>
	 */
	public static function rows() {
		$stats    = Plugin::outbox()->stats();
		$settings = Plugin::settings();
		$next     = wp_next_scheduled( Housekeeping::HOOK );
		return array(
			__( 'Plugin version', 'megaventory-sync' ) => MVSYNC_VERSION,
			__( 'Schema version', 'megaventory-sync' ) => (string) get_option( Schema::VERSION_OPTION, '0' ),
			__( 'API key stored', 'megaventory-sync' ) => $settings->has_api_key() ? __( 'Yes', 'megaventory-sync' ) : __( 'No', 'megaventory-sync' ),
			__( 'API URL', 'megaventory-sync' )        => (string) $settings->get( 'api_url' ),
			__( 'Outbox pending', 'megaventory-sync' ) => (string) $stats['counts']['pending'],
			__( 'Outbox leased', 'megaventory-sync' )  => (string) $stats['counts']['leased'],
			__( 'Outbox failed (dead)', 'megaventory-sync' ) => (string) $stats['counts']['dead'],
			__( 'Oldest pending change', 'megaventory-sync' ) => null === $stats['oldest_pending_age_seconds'] ? '–' : human_time_diff( time() - (int) $stats['oldest_pending_age_seconds'] ),
			__( 'Housekeeping next run', 'megaventory-sync' ) => $next ? gmdate( 'Y-m-d H:i', $next ) . ' UTC' : __( 'Not scheduled', 'megaventory-sync' ),
		);
	}

	/**
	 * Prints the section (the table markup WooCommerce's status page uses).
	 */
	public static function render() {
		echo '<table class="wc_status_table widefat" cellspacing="0"><thead><tr><th colspan="3" data-export-label="Megaventory Sync"><h2>' . esc_html__( 'Megaventory Sync', 'megaventory-sync' ) . '</h2></th></tr></thead><tbody>';
		foreach ( self::rows() as $label => $value ) {
			printf( '<tr><td data-export-label="%1$s">%2$s:</td><td class="help">&nbsp;</td><td>%3$s</td></tr>', esc_attr( $label ), esc_html( $label ), esc_html( $value ) );
		}
		echo '</tbody></table>';
	}
}
