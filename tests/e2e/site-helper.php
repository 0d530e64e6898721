<?php
/**
 * Test-side reads and writes on the site that have no REST route (the end-to-end suite calls
 * this in both modes: `php site-helper.php` on the stand-in site, `wc-php.sh -f` on the rig).
 *
 *   settings '{"order_delay_seconds": 3}'   update the plugin's settings; prints them (no key)
 *   settings                                 print them
 *   outbox-max-id                            the newest outbox row id
 *   outbox-since ID                          rows after ID: [{id, entity_type, entity_id, action, status}]
 *
 * @package MegaventorySyncTests
 */

if ( ! defined( 'ABSPATH' ) ) {
	$_SERVER['HTTP_HOST'] = getenv( 'MVSYNC_HTTP_HOST' );
	require getenv( 'MVSYNC_WP_LOAD' );
}

// wc-php.sh gives the arguments alone; php CLI puts the script first.
$mvsync_args = array_values( array_filter( $argv, static fn( $a ) => 'site-helper.php' !== basename( $a ) ) );
$mvsync_command = $mvsync_args[0] ?? '';

global $wpdb;
switch ( $mvsync_command ) {
	case 'settings':
		if ( isset( $mvsync_args[1] ) ) {
			$result = \MegaventorySync\Plugin::settings()->update( json_decode( $mvsync_args[1], true ) );
			if ( ! $result['saved'] ) {
				fwrite( STDERR, 'settings refused: ' . wp_json_encode( $result['errors'] ) . "\n" );
				exit( 1 );
			}
		}
		$all = \MegaventorySync\Plugin::settings()->all();
		unset( $all['api_key'] );
		echo wp_json_encode( $all );
		break;
	case 'outbox-max-id':
		echo (int) $wpdb->get_var( "SELECT COALESCE(MAX(id), 0) FROM {$wpdb->prefix}mvsync_outbox" );
		break;
	case 'outbox-since':
		$rows = $wpdb->get_results(
			$wpdb->prepare( "SELECT id, entity_type, entity_id, action, status FROM {$wpdb->prefix}mvsync_outbox WHERE id > %d ORDER BY id", (int) ( $mvsync_args[1] ?? 0 ) ),
			ARRAY_A
		);
		echo wp_json_encode( $rows );
		break;
	default:
		fwrite( STDERR, "usage: site-helper.php settings [JSON] | outbox-max-id | outbox-since ID\n" );
		exit( 2 );
}
