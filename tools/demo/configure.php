<?php
/**
 * Prepares the demo shop, run inside the loaded site (tests/lib/wp-site.sh's wp_php):
 *   php configure.php API_URL APP_PASSWORD_FILE
 * with the API key in the environment (MVSYNC_DEMO_API_KEY, never on a command line).
 *
 * Points Megaventory Sync at the simulator, sets the store up the way WooCommerce's setup wizard
 * would (real WooCommerce only), creates a sample shop through WooCommerce's REST API (wc/v3:
 * tax rates, a variable product with variations, simple products, customers, coupons, orders),
 * and an application password for the shop manager, written to APP_PASSWORD_FILE.
 * Works with the WooCommerce stand-in and with real WooCommerce alike.
 */

require getenv( 'MVSYNC_WP_LOAD' );

use MegaventorySync\Plugin;

$api_url       = $argv[1] ?? '';
$password_file = $argv[2] ?? '';
$api_key       = (string) getenv( 'MVSYNC_DEMO_API_KEY' );
if ( '' === $api_url || '' === $password_file || '' === $api_key ) {
	fwrite( STDERR, "usage: MVSYNC_DEMO_API_KEY=… php configure.php API_URL APP_PASSWORD_FILE\n" );
	exit( 2 );
}

function demo_fail( $what ) {
	fwrite( STDERR, "demo: $what\n" );
	exit( 1 );
}

wp_set_current_user( 1 );
$is_standin = defined( 'WC_STANDIN' );

if ( ! $is_standin ) {
	// What the setup wizard would ask: a US store in USD, taxes on, and the wizard marked done.
	update_option( 'woocommerce_store_address', '1 Demo Street' );
	update_option( 'woocommerce_store_city', 'San Francisco' );
	update_option( 'woocommerce_store_postcode', '94105' );
	update_option( 'woocommerce_default_country', 'US:CA' );
	update_option( 'woocommerce_currency', 'USD' );
	update_option( 'woocommerce_calc_taxes', 'yes' );
	update_option( 'woocommerce_enable_coupons', 'yes' );
	update_option( 'woocommerce_manage_stock', 'yes' );
	update_option( 'woocommerce_onboarding_profile', array( 'skipped' => true, 'completed' => true ) );
	update_option( 'woocommerce_task_list_hidden', 'yes' );
	update_option( 'woocommerce_show_marketplace_suggestions', 'no' );
	update_option( 'woocommerce_allow_tracking', 'no' );
}

$saved = Plugin::settings()->update(
	array(
		'api_url'               => $api_url,
		'api_key'               => $api_key,
		'poll_interval_seconds' => 15,
	)
);
if ( empty( $saved['saved'] ) ) {
	demo_fail( 'the plugin refused the settings: ' . wp_json_encode( $saved['errors'] ?? array() ) );
}

/**
 * One wc/v3 REST call as the administrator; the created entity's id.
 */
function demo_rest( $method, $route, array $body ) {
	$request = new WP_REST_Request( $method, '/wc/v3' . $route );
	$request->set_header( 'Content-Type', 'application/json' );
	$request->set_body( wp_json_encode( $body ) );
	$response = rest_do_request( $request );
	$data     = $response->get_data();
	if ( $response->is_error() || ! isset( $data['id'] ) ) {
		demo_fail( "$method $route refused: " . wp_json_encode( $data ) );
	}
	return (int) $data['id'];
}

$counts = array();

// Tax rates: a state rate and a compound county rate on top.
demo_rest( 'POST', '/taxes', array( 'country' => 'US', 'state' => 'CA', 'rate' => '7.2500', 'name' => 'CA State', 'priority' => 1, 'shipping' => true ) );
demo_rest( 'POST', '/taxes', array( 'country' => 'US', 'state' => 'CA', 'rate' => '1.0000', 'name' => 'SF County', 'priority' => 2, 'compound' => true, 'shipping' => false ) );
$counts['tax_rates'] = 2;

// Simple products.
$simple = array();
foreach ( array(
	array( 'DEMO-MUG', 'Enamel camping mug', '19.90', 42 ),
	array( 'DEMO-BOTTLE', 'Steel water bottle', '24.50', 18 ),
	array( 'DEMO-CAP', 'Organic cotton cap', '15.00', 60 ),
	array( 'DEMO-SOCKS', 'Merino hiking socks', '12.90', 75 ),
) as $product ) {
	list( $sku, $name, $price, $stock ) = $product;
	$simple[ $sku ] = demo_rest(
		'POST',
		'/products',
		array(
			'name'           => $name,
			'sku'            => $sku,
			'regular_price'  => $price,
			'manage_stock'   => true,
			'stock_quantity' => $stock,
			'status'         => 'publish',
		)
	);
}

// A variable product: colour × size, one variation each with its own SKU, price and stock.
$tee = demo_rest(
	'POST',
	'/products',
	array(
		'name'       => 'Organic tee',
		'type'       => 'variable',
		'sku'        => 'DEMO-TEE',
		'status'     => 'publish',
		'attributes' => array(
			array( 'name' => 'Colour', 'options' => array( 'Red', 'Blue' ), 'visible' => true, 'variation' => true ),
			array( 'name' => 'Size', 'options' => array( 'S', 'M' ), 'visible' => true, 'variation' => true ),
		),
	)
);
$variations = array();
foreach ( array( 'Red', 'Blue' ) as $colour ) {
	foreach ( array( 'S', 'M' ) as $size ) {
		$sku                = sprintf( 'DEMO-TEE-%s-%s', strtoupper( $colour ), $size );
		$variations[ $sku ] = demo_rest(
			'POST',
			"/products/$tee/variations",
			array(
				'sku'            => $sku,
				'regular_price'  => 'M' === $size ? '26.00' : '24.00',
				'manage_stock'   => true,
				'stock_quantity' => 10,
				'attributes'     => array(
					array( 'name' => 'Colour', 'option' => $colour ),
					array( 'name' => 'Size', 'option' => $size ),
				),
			)
		);
	}
}
$counts['products']   = count( $simple ) + 1;
$counts['variations'] = count( $variations );

// Customers.
$customers = array();
foreach ( array( array( 'ada', 'Ada', 'Lovelace' ), array( 'alan', 'Alan', 'Turing' ), array( 'grace', 'Grace', 'Hopper' ) ) as $person ) {
	list( $login, $first, $last ) = $person;
	$address             = array(
		'first_name' => $first,
		'last_name'  => $last,
		'address_1'  => '12 Market Street',
		'city'       => 'San Francisco',
		'state'      => 'CA',
		'postcode'   => '94105',
		'country'    => 'US',
	);
	$customers[ $login ] = demo_rest(
		'POST',
		'/customers',
		array(
			'email'      => "$login@example.test",
			'first_name' => $first,
			'last_name'  => $last,
			'username'   => $login,
			'password'   => "$login-demo-password",
			'billing'    => $address + array( 'email' => "$login@example.test" ),
			'shipping'   => $address,
		)
	);
}
$counts['customers'] = count( $customers );

// Coupons.
demo_rest( 'POST', '/coupons', array( 'code' => 'welcome10', 'discount_type' => 'percent', 'amount' => '10', 'description' => 'Ten percent off the first order' ) );
demo_rest( 'POST', '/coupons', array( 'code' => 'spring5', 'discount_type' => 'fixed_cart', 'amount' => '5', 'description' => 'Five off any order' ) );
$counts['coupons'] = 2;

// Orders: paid, on hold with a coupon, and a guest order.
$orders   = array();
$orders[] = demo_rest(
	'POST',
	'/orders',
	array(
		'customer_id'          => $customers['ada'],
		'payment_method'       => 'bacs',
		'payment_method_title' => 'Direct bank transfer',
		'set_paid'             => true,
		'billing'              => array( 'first_name' => 'Ada', 'last_name' => 'Lovelace', 'address_1' => '12 Market Street', 'city' => 'San Francisco', 'state' => 'CA', 'postcode' => '94105', 'country' => 'US', 'email' => 'ada@example.test' ),
		'line_items'           => array(
			array( 'product_id' => $simple['DEMO-MUG'], 'quantity' => 2 ),
			array( 'product_id' => $tee, 'variation_id' => $variations['DEMO-TEE-RED-M'], 'quantity' => 1 ),
		),
	)
);
$orders[] = demo_rest(
	'POST',
	'/orders',
	array(
		'customer_id'          => $customers['alan'],
		'status'               => 'on-hold',
		'payment_method'       => 'cheque',
		'payment_method_title' => 'Check payments',
		'billing'              => array( 'first_name' => 'Alan', 'last_name' => 'Turing', 'address_1' => '12 Market Street', 'city' => 'San Francisco', 'state' => 'CA', 'postcode' => '94105', 'country' => 'US', 'email' => 'alan@example.test' ),
		'line_items'           => array( array( 'product_id' => $simple['DEMO-BOTTLE'], 'quantity' => 1 ) ),
		'coupon_lines'         => array( array( 'code' => 'welcome10' ) ),
	)
);
$orders[] = demo_rest(
	'POST',
	'/orders',
	array(
		'payment_method'       => 'cod',
		'payment_method_title' => 'Cash on delivery',
		'set_paid'             => true,
		'billing'              => array( 'first_name' => 'Guest', 'last_name' => 'Buyer', 'address_1' => '3 Pier', 'city' => 'San Francisco', 'state' => 'CA', 'postcode' => '94107', 'country' => 'US', 'email' => 'guest@example.test' ),
		'line_items'           => array(
			array( 'product_id' => $simple['DEMO-SOCKS'], 'quantity' => 3 ),
			array( 'product_id' => $tee, 'variation_id' => $variations['DEMO-TEE-BLUE-S'], 'quantity' => 2 ),
		),
	)
);
$counts['orders'] = count( $orders );

// The worker's credentials: an application password of the shop manager, in a file only root reads.
$manager = get_user_by( 'login', 'shopmanager' );
if ( ! $manager ) {
	demo_fail( 'no shopmanager user' );
}
$created = WP_Application_Passwords::create_new_application_password( $manager->ID, array( 'name' => 'megaventory-worker (demo)' ) );
if ( is_wp_error( $created ) ) {
	demo_fail( 'cannot create an application password: ' . $created->get_error_message() );
}
$old_umask = umask( 077 );
file_put_contents( $password_file, $created[0] . "\n" );
umask( $old_umask );

echo wp_json_encode( $counts ) . "\n";
