<?php
/**
 * Reads of the fault suite on the site (no REST route covers them):
 *
 *   php site-query.php outbox      {"counts": {status: n}, "attempts": Σ attempts, "retried_rows": n,
 *                                   "dead": [{id, entity_type, entity_id, action, attempts, last_error}],
 *                                   "max_id": n}
 *   php site-query.php expire-leases  ends every current outbox lease now (see faults.mjs)
 *   php site-query.php wc-state    what flows back into WooCommerce, by natural key:
 *                                   {"products": {SKU: {stock, purchase_price}}, "orders": {number: status}}
 *   php site-query.php export DIR  for the API-key scan: DIR/options.json (every wp_options row
 *                                   except the stored key, mvsync_api_key), DIR/tables.sql (our tables, as INSERT lines),
 *                                   DIR/log.json (the plugin's log table)
 *
 * @package MegaventorySyncTests
 */

$_SERVER['HTTP_HOST'] = getenv( 'HTTP_HOST' ) ?: '127.0.0.1';
require getenv( 'MVSYNC_WP_LOAD' );

global $wpdb;
$faults_outbox = $wpdb->prefix . 'mvsync_outbox';
switch ( $argv[1] ?? '' ) {
	case 'outbox':
		$counts = array();
		foreach ( $wpdb->get_results( "SELECT status, COUNT(*) AS n FROM $faults_outbox GROUP BY status", ARRAY_A ) as $row ) {
			$counts[ $row['status'] ] = (int) $row['n'];
		}
		echo wp_json_encode(
			array(
				'counts'         => $counts,
				// attempts counts the failures a worker reported, lease_expiries the batches of a
				// stopped worker: each is one more try of that row, so together they are the retries.
				'attempts'       => (int) $wpdb->get_var( "SELECT COALESCE(SUM(attempts), 0) FROM $faults_outbox" ),
				'retried_rows'   => (int) $wpdb->get_var( "SELECT COUNT(*) FROM $faults_outbox WHERE attempts + lease_expiries > 0" ),
				'extra_attempts' => (int) $wpdb->get_var( "SELECT COALESCE(SUM(attempts + lease_expiries), 0) FROM $faults_outbox" ),
				'dead'           => $wpdb->get_results( "SELECT id, entity_type, entity_id, action, attempts, lease_expiries, last_error FROM $faults_outbox WHERE status = 'dead' ORDER BY id", ARRAY_A ),
				'max_id'         => (int) $wpdb->get_var( "SELECT COALESCE(MAX(id), 0) FROM $faults_outbox" ),
			)
		);
		break;
	case 'expire-leases':
		// Ends every current lease now, as if its 300 s had passed (rows of SIGKILLed workers).
		$expired = $wpdb->query( "UPDATE $faults_outbox SET lease_until = '2000-01-01 00:00:00' WHERE status = 'leased'" );
		echo wp_json_encode( array( 'expired' => (int) $expired ) );
		break;
	case 'wc-state':
		$products = array();
		$ids      = get_posts(
			array(
				'post_type'      => array( 'product', 'product_variation' ),
				'post_status'    => 'any',
				'posts_per_page' => -1,
				'fields'         => 'ids',
			)
		);
		foreach ( $ids as $id ) {
			$product = wc_get_product( $id );
			if ( ! $product || '' === (string) $product->get_sku() ) {
				continue;
			}
			$price                           = $product->get_meta( '_mvsync_purchase_price' );
			$products[ $product->get_sku() ] = array(
				'stock'          => null === $product->get_stock_quantity() ? null : (float) $product->get_stock_quantity(),
				'purchase_price' => ( '' === $price || null === $price ) ? null : (float) $price,
			);
		}
		$orders = array();
		// By post: the stand-in keeps orders as shop_order posts (no wc_get_orders); the number is the id.
		$order_ids = get_posts(
			array(
				'post_type'      => 'shop_order',
				'post_status'    => 'any',
				'posts_per_page' => -1,
				'fields'         => 'ids',
			)
		);
		foreach ( $order_ids as $id ) {
			$order = wc_get_order( $id );
			$orders[ (string) ( method_exists( $order, 'get_order_number' ) ? $order->get_order_number() : $id ) ] = $order->get_status();
		}
		ksort( $products );
		ksort( $orders );
		echo wp_json_encode( array( 'products' => $products, 'orders' => $orders ) );
		break;
	case 'export':
		$dir = $argv[2];
		$options = $wpdb->get_results( "SELECT option_name, option_value FROM {$wpdb->options} WHERE option_name <> 'mvsync_api_key' ORDER BY option_id", ARRAY_A );
		file_put_contents( "$dir/options.json", wp_json_encode( $options ) );
		$sql = '';
		foreach ( array( 'outbox', 'links', 'checkpoints', 'log', 'parked' ) as $name ) {
			$table = $wpdb->prefix . 'mvsync_' . $name;
			foreach ( $wpdb->get_results( "SELECT * FROM $table", ARRAY_A ) as $row ) {
				$sql .= "INSERT INTO $table VALUES (" . implode( ', ', array_map( static fn( $v ) => null === $v ? 'NULL' : "'" . esc_sql( $v ) . "'", $row ) ) . ");\n";
			}
		}
		file_put_contents( "$dir/tables.sql", $sql );
		file_put_contents( "$dir/log.json", wp_json_encode( $wpdb->get_results( "SELECT * FROM {$wpdb->prefix}mvsync_log", ARRAY_A ) ) );
		echo wp_json_encode( array( 'options' => count( $options ) ) );
		break;
	default:
		fwrite( STDERR, "usage: site-query.php outbox | wc-state | export DIR\n" );
		exit( 2 );
}
