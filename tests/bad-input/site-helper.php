<?php
/**
 * What the bad-input suite does inside the site because no REST route allows it (WooCommerce's
 * REST API refuses some broken data that imports, other plugins and direct database edits still
 * leave behind). Run as `php site-helper.php COMMAND ARGS` with MVSYNC_WP_LOAD and
 * MVSYNC_HTTP_HOST set (tests/bad-input/run.sh does).
 *
 *   settings JSON                       update the plugin's settings; prints them (no key)
 *   product-create JSON                 a simple product from props through the CRUD setters and
 *                                       one save() (no SKU uniqueness check, as imports do)
 *   product-set ID JSON                 set product props through the CRUD setters, then save()
 *                                       (fires the save hooks, so the outbox records it)
 *   order-line-quantity ID INDEX QTY    set one stored order line's quantity (no hook)
 *
 * @package MegaventorySyncTests
 */

$_SERVER['HTTP_HOST'] = getenv( 'MVSYNC_HTTP_HOST' );
require getenv( 'MVSYNC_WP_LOAD' );

$mvsync_args    = array_slice( $argv, 1 );
$mvsync_command = $mvsync_args[0] ?? '';

/**
 * Stops with a message on stderr.
 *
 * @param string $message What went wrong.
 */
function mvsync_bad_input_fail( $message ) {
	fwrite( STDERR, $message . "\n" );
	exit( 1 );
}

global $wpdb;
switch ( $mvsync_command ) {
	case 'settings':
		$result = \MegaventorySync\Plugin::settings()->update( json_decode( $mvsync_args[1] ?? '{}', true ) );
		if ( ! $result['saved'] ) {
			mvsync_bad_input_fail( 'settings refused: ' . wp_json_encode( $result['errors'] ) );
		}
		$all = \MegaventorySync\Plugin::settings()->all();
		unset( $all['api_key'] );
		echo wp_json_encode( $all );
		break;
	case 'product-create':
		$product = new WC_Product_Simple();
		$product->set_props( (array) json_decode( $mvsync_args[1] ?? '{}', true ) );
		$product->save();
		echo wp_json_encode( array( 'id' => $product->get_id() ) );
		break;
	case 'product-set':
		$product = wc_get_product( (int) ( $mvsync_args[1] ?? 0 ) );
		if ( ! $product ) {
			mvsync_bad_input_fail( 'no product ' . ( $mvsync_args[1] ?? '' ) );
		}
		$product->set_props( (array) json_decode( $mvsync_args[2] ?? '{}', true ) );
		$product->save();
		echo wp_json_encode( array( 'id' => $product->get_id() ) );
		break;
	case 'order-line-quantity':
		$order_id = (int) ( $mvsync_args[1] ?? 0 );
		$props    = get_post_meta( $order_id, '_standin_props', true );
		$index    = (int) ( $mvsync_args[2] ?? 0 );
		if ( ! is_array( $props ) || ! isset( $props['line_items'][ $index ] ) ) {
			mvsync_bad_input_fail( "order $order_id has no line $index" );
		}
		$props['line_items'][ $index ]['quantity'] = (int) ( $mvsync_args[3] ?? 0 );
		update_post_meta( $order_id, '_standin_props', $props );
		echo wp_json_encode( $props['line_items'][ $index ] );
		break;
	default:
		mvsync_bad_input_fail( 'usage: site-helper.php settings JSON | product-create JSON | product-set ID JSON | order-line-quantity ID INDEX QTY' );
}
