<?php
/**
 * Prepares the test site for the admin-page browser test:
 *   php seed.php SIM_API_URL PRODUCT_COUNT
 * points the plugin at the simulator, creates PRODUCT_COUNT products (plus one whose name is a
 * script tag) through the stand-in's wc/v3 REST routes, empties the outbox of the rows those
 * saves recorded, and sets aside one failed change whose error text carries markup. Also creates
 * one processing order (not queued) for the list screens' "Sync now".
 * Prints one JSON line: {"products": n, "xss_product_id": id, "dead_row_id": id, "order_id": id}.
 */

require getenv( 'MVSYNC_WP_LOAD' );

use MegaventorySync\Plugin;

$api_url = $argv[1] ?? '';
$count   = (int) ( $argv[2] ?? 0 );
if ( '' === $api_url || $count < 1 ) {
	fwrite( STDERR, "usage: php seed.php SIM_API_URL PRODUCT_COUNT\n" );
	exit( 2 );
}

wp_set_current_user( 1 );
$saved = Plugin::settings()->update(
	array(
		'api_url'               => $api_url,
		'api_key'               => getenv( 'MVSYNC_UI_API_KEY' ) ?: 'admin-ui-test@m1',
		'worker_concurrency'    => 4,
		'poll_interval_seconds' => 5,
	)
);
if ( empty( $saved['saved'] ) ) {
	fwrite( STDERR, 'settings refused: ' . wp_json_encode( $saved['errors'] ?? array() ) . "\n" );
	exit( 1 );
}
Plugin::reset_services();

/**
 * Creates one product through the REST route, as a client would.
 *
 * @param array $fields Product fields.
 * @return int Product id.
 */
function mvsync_seed_product( array $fields ) {
	$request = new WP_REST_Request( 'POST', '/wc/v3/products' );
	$request->set_header( 'Content-Type', 'application/json' );
	$request->set_body( wp_json_encode( $fields ) );
	$response = rest_do_request( $request );
	if ( $response->is_error() || ! isset( $response->get_data()['id'] ) ) {
		fwrite( STDERR, 'cannot create product ' . $fields['sku'] . ': ' . wp_json_encode( $response->get_data() ) . "\n" );
		exit( 1 );
	}
	return (int) $response->get_data()['id'];
}

$first_product_id = 0;
for ( $i = 1; $i <= $count; $i++ ) {
	$product_id       = mvsync_seed_product(
		array(
			'name'          => sprintf( 'UI test product %04d', $i ),
			'sku'           => sprintf( 'UI-%04d', $i ),
			'regular_price' => sprintf( '%d.%02d', 5 + $i % 40, $i % 100 ),
			'status'        => 'publish',
		)
	);
	$first_product_id = $first_product_id ? $first_product_id : $product_id;
}
$xss_id = mvsync_seed_product(
	array(
		'name'          => '<script>window.__pwned=1</script>',
		'sku'           => 'UI-XSS',
		'regular_price' => '1.00',
		'status'        => 'publish',
	)
);

// A paid order for the list screens' "Sync now" (not synchronised until someone asks).
$order_request = new WP_REST_Request( 'POST', '/wc/v3/orders' );
$order_request->set_header( 'Content-Type', 'application/json' );
$order_request->set_body(
	wp_json_encode(
		array(
			'status'     => 'processing',
			'billing'    => array(
				'first_name' => 'Ada',
				'last_name'  => 'Lovelace',
				'email'      => 'ada@example.test',
				'country'    => 'GB',
			),
			'line_items' => array(
				array(
					'product_id' => $first_product_id,
					'quantity'   => 2,
				),
			),
		)
	)
);
$order_response = rest_do_request( $order_request );
if ( $order_response->is_error() || ! isset( $order_response->get_data()['id'] ) ) {
	fwrite( STDERR, 'cannot create the order: ' . wp_json_encode( $order_response->get_data() ) . "\n" );
	exit( 1 );
}
$order_id = (int) $order_response->get_data()['id'];

global $wpdb;
$table = $wpdb->prefix . 'mvsync_outbox';
// The saves above recorded outbox rows; the browser test starts from an empty queue.
$wpdb->query( "DELETE FROM {$table}" ); // phpcs:ignore WordPress.DB
Plugin::outbox()->record( 'product', $xss_id, 'updated' );
$claim = Plugin::outbox()->claim( 1, 60 );
$row   = $claim['items'][0];
$wpdb->update(
	$table,
	array(
		'status'       => 'dead',
		'coalesce_key' => null,
		'lease_token'  => null,
		'lease_key'    => null,
		'attempts'     => 8,
		'last_error'   => 'product.invalid: <img src=x onerror="window.__pwned=2"> was refused',
	),
	array( 'id' => $row['id'] )
);
Plugin::logger()->log( 'info', 'Admin UI test site prepared.' );
Plugin::logger()->log( 'error', 'A seeded error entry for the log filter.' );
echo wp_json_encode(
	array(
		'products'       => $count + 1,
		'xss_product_id' => $xss_id,
		'dead_row_id'    => (int) $row['id'],
		'order_id'       => $order_id,
	)
) . "\n";
