<?php
/**
 * Seeds the admin-ui test site for xss-test.cjs: script-bearing text in every entity name and
 * message the plugin's pages can render, each payload setting window.__xss when it runs.
 *   php xss-seed.php
 * (run through wp_php, after seed.php: the plugin already points at the simulator.) Writes what it
 * can through the same paths real data takes (wc/v3 for shop data); text the plugin only ever gets
 * from the worker or from Megaventory (errors, log lines, parked updates, link labels) is written
 * straight into the plugin's stores, unfiltered, to prove the output side escapes on its own.
 * Prints one JSON line with the ids and the payloads.
 */

require getenv( 'MVSYNC_WP_LOAD' );

use MegaventorySync\Plugin;

wp_set_current_user( 1 );

$payloads = array(
	'script'  => '<script>window.__xss="script"</script>',
	'img'     => '<img src=x onerror="window.__xss=\'img\'">',
	'svg'     => '"><svg onload="window.__xss=\'svg\'">',
	'details' => "'><details open ontoggle=\"window.__xss='details'\">",
);

/**
 * POSTs to a wc/v3 route in-process; exits on failure.
 *
 * @param string $route  Route.
 * @param array  $fields Body.
 * @return array
 */
function mvsync_xss_post( $route, array $fields ) {
	$request = new WP_REST_Request( 'POST', $route );
	$request->set_header( 'Content-Type', 'application/json' );
	$request->set_body( wp_json_encode( $fields ) );
	$response = rest_do_request( $request );
	if ( $response->is_error() ) {
		fwrite( STDERR, "cannot POST $route: " . wp_json_encode( $response->get_data() ) . "\n" );
		exit( 1 );
	}
	return $response->get_data();
}

$products = array();
$n        = 0;
foreach ( $payloads as $kind => $payload ) {
	++$n;
	$products[ $kind ] = (int) mvsync_xss_post(
		'/wc/v3/products',
		array(
			'name'          => 'XSS ' . $kind . ' ' . $payload,
			'sku'           => 'UI-XSS-' . $n,
			'regular_price' => '2.00',
			'status'        => 'publish',
		)
	)['id'];
}
$customer = (int) mvsync_xss_post(
	'/wc/v3/customers',
	array(
		'email'      => 'xss-customer@example.test',
		'username'   => 'xsscustomer',
		'first_name' => $payloads['img'],
		'last_name'  => $payloads['svg'],
		'billing'    => array(
			'first_name' => $payloads['details'],
			'company'    => $payloads['script'],
		),
	)
)['id'];
$coupon   = (int) mvsync_xss_post(
	'/wc/v3/coupons',
	array(
		'code'          => 'xss-coupon' . $payloads['svg'],
		'discount_type' => 'percent',
		'amount'        => '5',
		'description'   => $payloads['img'],
	)
)['id'];
$order    = (int) mvsync_xss_post(
	'/wc/v3/orders',
	array(
		'status'        => 'processing',
		'customer_note' => $payloads['script'],
		'billing'       => array(
			'first_name' => $payloads['svg'],
			'last_name'  => $payloads['img'],
			'company'    => $payloads['details'],
			'email'      => 'xss-order@example.test',
			'country'    => 'GB',
		),
		'line_items'    => array(
			array(
				'product_id' => $products['script'],
				'quantity'   => 1,
			),
		),
	)
)['id'];

// A second order, synchronised: the orders list shows its link label.
$linked_order = (int) mvsync_xss_post(
	'/wc/v3/orders',
	array(
		'status'     => 'completed',
		'billing'    => array(
			'first_name' => 'Linked',
			'email'      => 'xss-linked@example.test',
			'country'    => 'GB',
		),
		'line_items' => array(
			array(
				'product_id' => $products['img'],
				'quantity'   => 1,
			),
		),
	)
)['id'];

global $wpdb;
$outbox = $wpdb->prefix . 'mvsync_outbox';
// The wc/v3 saves above queued rows; drop them so the drainer does not rewrite what follows.
$wpdb->query( $wpdb->prepare( "DELETE FROM {$outbox} WHERE status = %s", 'pending' ) ); // phpcs:ignore WordPress.DB

// Link labels: the engine keeps a sales order's label (number · location · status) in sku.
Plugin::links()->put( 'order', $order, 990001, 'SO 9 · ' . $payloads['img'] . ' · ' . $payloads['details'], 'h:xss' );
Plugin::links()->put( 'order', $linked_order, 990002, 'SO 10 · ' . $payloads['svg'] . ' · ' . $payloads['script'], 'h:xss2' );

// Failed changes with script in the error: a dead letter per payload (the newest one's error is
// the status badge's hover title on the lists).
foreach ( array( 'product' => $products['img'], 'order' => $order, 'customer' => $customer ) as $type => $id ) {
	foreach ( $payloads as $kind => $payload ) {
		$wpdb->insert( // phpcs:ignore WordPress.DB
			$outbox,
			array(
				'entity_type' => $type,
				'entity_id'   => $id,
				'action'      => 'updated',
				'status'      => 'dead',
				'priority'    => 0,
				'attempts'    => 8,
				'coalesced'   => 0,
				'last_error'  => "$type.invalid ($kind): $payload",
				'available_at' => gmdate( 'Y-m-d H:i:s' ),
				'created_at'  => gmdate( 'Y-m-d H:i:s' ),
				'updated_at'  => gmdate( 'Y-m-d H:i:s' ),
			)
		);
	}
}
// Log lines (one naming the order, for its box) and parked integration updates.
foreach ( $payloads as $kind => $payload ) {
	Plugin::logger()->log( 'error', "log line ($kind): $payload", array( 'entity' => array( 'kind' => 'order', 'wc_id' => $order ) ), 'worker' );
	Plugin::parked()->park( wp_json_encode( array( 'IntegrationUpdateID' => 1, 'JsonData' => $payload ) ), 'code-' . $payload, "parked ($kind): $payload" );
}
// A checkpoint whose state carries text (jobs restore their cards from checkpoints).
Plugin::checkpoints()->put( 'initial-import', array( 'phase' => 'products', 'error' => $payloads['img'], 'done' => 1, 'total' => 9 ) );
delete_transient( 'mvsync_queue_health' );

echo wp_json_encode(
	array(
		'products' => $products,
		'customer' => $customer,
		'coupon'   => $coupon,
		'order'    => $order,
		'linked_order' => $linked_order,
		'payloads' => $payloads,
	)
) . "\n";
