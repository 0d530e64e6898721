<?php
/**
 * Test-site-only must-use plugin: with ?mvsync_probe=1, records every SQL query of the request and
 * appends the ones touching Megaventory Sync's tables or options as an HTML comment, so a test can
 * check that a storefront page costs the plugin nothing.
 *
 * @package MegaventorySyncTests
 */

// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- test probe.
if ( isset( $_GET['mvsync_probe'] ) && ! defined( 'SAVEQUERIES' ) ) {
	define( 'SAVEQUERIES', true );
	add_action(
		'shutdown',
		static function () {
			global $wpdb;
			$ours = array();
			foreach ( (array) $wpdb->queries as $query ) {
				if ( false !== stripos( $query[0], 'mvsync' ) ) {
					$ours[] = $query[0];
				}
			}
			echo '<!--mvsync-probe ' . wp_json_encode( array( 'queries' => count( (array) $wpdb->queries ), 'ours' => $ours ) ) . '-->';
		},
		PHP_INT_MAX
	);
}
