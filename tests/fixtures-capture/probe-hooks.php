<?php
/**
 * Observes which WordPress/WooCommerce action hooks fire, and with which arguments, for each way
 * the sync cares about an entity changing (CRUD, REST, CSV import, admin variation save, WordPress
 * core trash/delete, checkout-like order flows). Prints a Markdown report; HOOKS.md quotes it.
 * Run through the rig: wc-php.sh -f probe-hooks.php
 *
 * Everything it creates is named "fx-hook-…" and is deleted again at the end.
 */

require_once __DIR__ . '/fx-created-ids.php';
fx_record_created_ids();

$fx_hook_pattern = '/^('
	. 'woocommerce_(new|update|trash|untrash|delete|before_delete|before_trash)_(product|product_variation|customer|coupon|order)$'
	. '|woocommerce_rest_(insert|delete)_(product|product_variation|shop_coupon|shop_order)_object$'
	. '|woocommerce_rest_(insert|delete)_(customer|tax)$'
	. '|woocommerce_order_status_.+'
	. '|woocommerce_product_import_inserted_product_object|woocommerce_product_import_before_process_item'
	. '|woocommerce_admin_process_(product|variation)_object|woocommerce_save_product_variation'
	. '|woocommerce_(increase|decrease)_coupon_usage_count|woocommerce_order_applied_coupon'
	. '|woocommerce_tax_rate_(added|updated|deleted)'
	. '|woocommerce_created_customer'
	. '|woocommerce_(product|variation)_set_stock(_status)?'
	. '|woocommerce_payment_complete|woocommerce_order_payment_status_changed'
	. '|woocommerce_reduce_order_stock|woocommerce_restore_order_stock'
	. '|wp_trash_post|trashed_post|untrashed_post|before_delete_post|delete_post|deleted_post'
	. '|user_register|profile_update|delete_user|deleted_user'
	. ')$/';

$fx_log       = array();
$fx_action_at = array();

function fx_describe( $value ): string {
	if ( is_object( $value ) ) {
		$id = is_callable( array( $value, 'get_id' ) ) ? '#' . $value->get_id() : ( isset( $value->ID ) ? '#' . $value->ID : '' );
		return get_class( $value ) . $id;
	}
	if ( is_array( $value ) ) {
		return 'array(' . count( $value ) . ')';
	}
	if ( is_bool( $value ) ) {
		return $value ? 'true' : 'false';
	}
	if ( null === $value ) {
		return 'null';
	}
	return is_string( $value ) ? "'" . $value . "'" : (string) $value;
}

// 'all' runs before every action and filter; an action is told apart by its did_action() count.
add_action(
	'all',
	function ( ...$args ) use ( $fx_hook_pattern, &$fx_log, &$fx_action_at ) {
		$hook = current_filter();
		if ( ! preg_match( $fx_hook_pattern, $hook ) ) {
			return;
		}
		$count = did_action( $hook );
		if ( $count <= ( $fx_action_at[ $hook ] ?? 0 ) ) {
			return; // a filter of the same name, or not an action
		}
		$fx_action_at[ $hook ] = $count;
		array_shift( $args ); // the hook name itself
		if ( in_array( $hook, array( 'wp_trash_post', 'trashed_post', 'untrashed_post', 'before_delete_post', 'delete_post', 'deleted_post' ), true ) ) {
			$type = get_post_type( $args[0] );
			if ( in_array( $type, array( 'revision', 'customize_changeset', false ), true ) ) {
				return;
			}
			$args[] = "post_type=$type";
		}
		$fx_log[] = $hook . '(' . implode( ', ', array_map( 'fx_describe', $args ) ) . ')';
	},
	10,
	10
);

$fx_report = array();
function fx_step( string $title, callable $action ) {
	global $fx_log, $fx_report;
	$fx_log = array();
	try {
		$action();
	} catch ( Throwable $e ) {
		$fx_log[] = 'EXCEPTION: ' . $e->getMessage();
	}
	$fx_report[] = array( $title, $fx_log );
}

function fx_rest( string $method, string $route, array $body = array() ) {
	$request = new WP_REST_Request( $method, $route );
	foreach ( $body as $key => $value ) {
		$request->set_param( $key, $value );
	}
	$response = rest_do_request( $request );
	if ( $response->is_error() ) {
		throw new RuntimeException( "$method $route: " . $response->as_error()->get_error_message() );
	}
	return $response->get_data();
}

$created = array( 'orders' => array() );

// ------------------------------------------------------------------ products (CRUD)
$simple = null;
fx_step(
	'Product: CRUD create (`new WC_Product_Simple` + `save()`)',
	function () use ( &$simple ) {
		$simple = new WC_Product_Simple();
		$simple->set_name( 'fx-hook-simple' );
		$simple->set_regular_price( '10.00' );
		$simple->set_manage_stock( true );
		$simple->set_stock_quantity( 5 );
		$simple->save();
	}
);
fx_step(
	'Product: CRUD update (price + stock)',
	function () use ( $simple ) {
		$product = wc_get_product( $simple->get_id() );
		$product->set_regular_price( '11.00' );
		$product->set_stock_quantity( 0 );
		$product->save();
	}
);
fx_step( 'Product: `wc_update_product_stock()` (what orders and the stock UI use)', fn() => wc_update_product_stock( $simple->get_id(), 3, 'set' ) );

$variable  = null;
$variation = null;
fx_step(
	'Variable product + variation: CRUD create',
	function () use ( &$variable, &$variation ) {
		$size = new WC_Product_Attribute();
		$size->set_name( 'Size' );
		$size->set_options( array( 'S', 'M' ) );
		$size->set_variation( true );
		$variable = new WC_Product_Variable();
		$variable->set_name( 'fx-hook-variable' );
		$variable->set_attributes( array( $size ) );
		$variable->save();
		$variation = new WC_Product_Variation();
		$variation->set_parent_id( $variable->get_id() );
		$variation->set_attributes( array( 'size' => 'S' ) );
		$variation->set_regular_price( '20.00' );
		$variation->save();
	}
);
fx_step(
	'Variation: CRUD update',
	function () use ( $variation ) {
		$v = wc_get_product( $variation->get_id() );
		$v->set_regular_price( '21.00' );
		$v->save();
	}
);
fx_step(
	'Variation: admin "Save changes" on the Variations tab (`WC_Meta_Box_Product_Data::save_variations`, the body of the `woocommerce_save_variations` AJAX action)',
	function () use ( $variable, $variation ) {
		$_POST = array(
			'variable_post_id'       => array( 0 => $variation->get_id() ),
			'variable_regular_price' => array( 0 => '22.00' ),
			'variable_sku'           => array( 0 => '' ),
			'attribute_size'         => array( 0 => 'S' ),
			'variable_menu_order'    => array( 0 => 0 ),
			'variable_stock_status'  => array( 0 => 'instock' ),
		);
		WC_Meta_Box_Product_Data::save_variations( $variable->get_id(), get_post( $variable->get_id() ) );
		$_POST = array();
	}
);
fx_step( 'Variation: CRUD trash (`delete()`)', fn() => wc_get_product( $variation->get_id() )->delete() );
fx_step( 'Variation: CRUD delete (`delete( true )`)', fn() => wc_get_product( $variation->get_id() )->delete( true ) );
fx_step( 'Product: CRUD trash (`delete()`)', fn() => wc_get_product( $simple->get_id() )->delete() );
fx_step( 'Product: CRUD delete (`delete( true )`)', fn() => wc_get_product( $simple->get_id() )->delete( true ) );

// wp-admin's product list uses WordPress core, not the CRUD classes.
$admin_variable = null;
fx_step(
	'Variable product with 1 variation: prepare (CRUD)',
	function () use ( &$admin_variable ) {
		$size = new WC_Product_Attribute();
		$size->set_name( 'Size' );
		$size->set_options( array( 'S' ) );
		$size->set_variation( true );
		$admin_variable = new WC_Product_Variable();
		$admin_variable->set_name( 'fx-hook-admin-variable' );
		$admin_variable->set_attributes( array( $size ) );
		$admin_variable->save();
		$v = new WC_Product_Variation();
		$v->set_parent_id( $admin_variable->get_id() );
		$v->set_attributes( array( 'size' => 'S' ) );
		$v->save();
	}
);
fx_step( 'Product: wp-admin "Move to Trash" (`wp_trash_post`)', fn() => wp_trash_post( $admin_variable->get_id() ) );
fx_step( 'Product: wp-admin "Restore" (`wp_untrash_post`)', fn() => wp_untrash_post( $admin_variable->get_id() ) );
fx_step( 'Product: wp-admin "Delete Permanently" (`wp_delete_post( id, true )`)', fn() => wp_delete_post( $admin_variable->get_id(), true ) );

// wp-admin "Add New": WordPress inserts an auto-draft post first (get_default_post_to_edit), and
// the edit screen's submit then saves that existing post through the CRUD class.
fx_step( 'Product: wp-admin "Add New" then "Publish" (auto-draft post, then `WC_Product::save()`)', function () {
	$post_id = wp_insert_post( array( 'post_title' => 'fx-hook-admin-new', 'post_type' => 'product', 'post_status' => 'auto-draft' ) );
	fx_remember_created_id( $post_id ); // no woocommerce_new_product to record it
	$product = wc_get_product( $post_id );
	$product->set_status( 'publish' );
	$product->set_regular_price( '3.00' );
	$product->save();
	$product->delete( true );
} );
fx_step( 'Coupon: wp-admin "Add coupon" then "Publish" (auto-draft post, then `WC_Coupon::save()`)', function () {
	$post_id = wp_insert_post( array( 'post_title' => 'fx-hook-admin-coupon', 'post_type' => 'shop_coupon', 'post_status' => 'auto-draft' ) );
	$coupon  = new WC_Coupon( $post_id );
	$coupon->set_status( 'publish' );
	$coupon->set_amount( '2' );
	$coupon->save();
	$coupon->delete( true );
} );

// ------------------------------------------------------------------ products (REST)
$rest_product = null;
$rest_variation = null;
fx_step( 'Product: REST `POST /wc/v3/products`', function () use ( &$rest_product ) {
	$rest_product = fx_rest( 'POST', '/wc/v3/products', array( 'name' => 'fx-hook-rest', 'type' => 'variable', 'attributes' => array( array( 'name' => 'Size', 'options' => array( 'S' ), 'variation' => true ) ) ) );
} );
fx_step( 'Product: REST `PUT /wc/v3/products/<id>`', fn() => fx_rest( 'PUT', '/wc/v3/products/' . $rest_product['id'], array( 'description' => 'changed' ) ) );
fx_step( 'Variation: REST `POST /wc/v3/products/<id>/variations`', function () use ( $rest_product, &$rest_variation ) {
	$rest_variation = fx_rest( 'POST', '/wc/v3/products/' . $rest_product['id'] . '/variations', array( 'regular_price' => '5.00', 'attributes' => array( array( 'name' => 'Size', 'option' => 'S' ) ) ) );
} );
fx_step( 'Variation: REST `PUT …/variations/<id>`', fn() => fx_rest( 'PUT', '/wc/v3/products/' . $rest_product['id'] . '/variations/' . $rest_variation['id'], array( 'regular_price' => '6.00' ) ) );
fx_step( 'Variation: REST `DELETE …/variations/<id>?force=true`', fn() => fx_rest( 'DELETE', '/wc/v3/products/' . $rest_product['id'] . '/variations/' . $rest_variation['id'], array( 'force' => true ) ) );
fx_step( 'Product: REST `DELETE /wc/v3/products/<id>` (trash)', fn() => fx_rest( 'DELETE', '/wc/v3/products/' . $rest_product['id'] ) );
fx_step( 'Product: REST `DELETE /wc/v3/products/<id>?force=true`', fn() => fx_rest( 'DELETE', '/wc/v3/products/' . $rest_product['id'], array( 'force' => true ) ) );

// ------------------------------------------------------------------ products (CSV import)
require_once WC_ABSPATH . 'includes/import/class-wc-product-csv-importer.php';
$csv = get_temp_dir() . 'fx-hook-import-' . wp_generate_password( 8, false ) . '.csv';
file_put_contents( $csv, "type,sku,name,regular_price,published\nsimple,FX-HOOK-CSV,fx-hook-csv,7.00,1\n" );
fx_step( 'Product: CSV import, new product (`WC_Product_CSV_Importer::import`)', function () use ( $csv ) {
	( new WC_Product_CSV_Importer( $csv, array( 'parse' => true, 'update_existing' => false ) ) )->import();
} );
file_put_contents( $csv, "type,sku,name,regular_price,published\nsimple,FX-HOOK-CSV,fx-hook-csv,8.00,1\n" );
fx_step( 'Product: CSV import, update existing by SKU', function () use ( $csv ) {
	( new WC_Product_CSV_Importer( $csv, array( 'parse' => true, 'update_existing' => true ) ) )->import();
} );
unlink( $csv );
$csv_product_id = wc_get_product_id_by_sku( 'FX-HOOK-CSV' );
if ( $csv_product_id ) {
	wc_get_product( $csv_product_id )->delete( true );
}

// ------------------------------------------------------------------ customers
$customer = null;
fx_step( 'Customer: CRUD create (`new WC_Customer` + `save()`)', function () use ( &$customer ) {
	$customer = new WC_Customer();
	$customer->set_username( 'fx-hook-customer' );
	$customer->set_email( 'fx-hook-customer@example.test' );
	$customer->set_password( 'fx-not-a-password' );
	$customer->save();
} );
fx_step( 'Customer: CRUD update (billing city)', function () use ( $customer ) {
	$c = new WC_Customer( $customer->get_id() );
	$c->set_billing_city( 'Berlin' );
	$c->save();
} );
fx_step( 'Customer: `wc_create_new_customer()` (checkout / My Account registration)', function () {
	wc_create_new_customer( 'fx-hook-registered@example.test', 'fx-hook-registered', 'fx-not-a-password' );
} );
fx_step( 'Customer: CRUD delete (`WC_Customer::delete()`)', fn() => ( new WC_Customer( $customer->get_id() ) )->delete() );
$rest_customer = null;
fx_step( 'Customer: REST `POST /wc/v3/customers`', function () use ( &$rest_customer ) {
	$rest_customer = fx_rest( 'POST', '/wc/v3/customers', array( 'email' => 'fx-hook-rest@example.test', 'username' => 'fx-hook-rest', 'password' => 'fx-not-a-password' ) );
} );
fx_step( 'Customer: REST `PUT /wc/v3/customers/<id>`', fn() => fx_rest( 'PUT', '/wc/v3/customers/' . $rest_customer['id'], array( 'billing' => array( 'city' => 'Paris' ) ) ) );
fx_step( 'Customer: REST `DELETE /wc/v3/customers/<id>?force=true`', fn() => fx_rest( 'DELETE', '/wc/v3/customers/' . $rest_customer['id'], array( 'force' => true ) ) );
$registered = get_user_by( 'login', 'fx-hook-registered' );
fx_step( 'Customer: wp-admin Users → Delete (`wp_delete_user`)', function () use ( $registered ) {
	require_once ABSPATH . 'wp-admin/includes/user.php';
	wp_delete_user( $registered->ID );
} );

// ------------------------------------------------------------------ coupons
$coupon = null;
fx_step( 'Coupon: CRUD create', function () use ( &$coupon ) {
	$coupon = new WC_Coupon();
	$coupon->set_code( 'fx-hook-coupon' );
	$coupon->set_discount_type( 'percent' );
	$coupon->set_amount( 10 );
	$coupon->save();
} );
fx_step( 'Coupon: CRUD update', function () use ( $coupon ) {
	$c = new WC_Coupon( $coupon->get_id() );
	$c->set_amount( 15 );
	$c->save();
} );
$rest_coupon = null;
fx_step( 'Coupon: REST `POST /wc/v3/coupons`', function () use ( &$rest_coupon ) {
	$rest_coupon = fx_rest( 'POST', '/wc/v3/coupons', array( 'code' => 'fx-hook-rest-coupon', 'amount' => '5', 'discount_type' => 'fixed_cart' ) );
} );
fx_step( 'Coupon: REST `DELETE /wc/v3/coupons/<id>?force=true`', fn() => fx_rest( 'DELETE', '/wc/v3/coupons/' . $rest_coupon['id'], array( 'force' => true ) ) );

// ------------------------------------------------------------------ tax rates
$rate_id = 0;
fx_step( 'Tax rate: `WC_Tax::_insert_tax_rate` (used by the settings screen, REST and the CSV importer)', function () use ( &$rate_id ) {
	$rate_id = WC_Tax::_insert_tax_rate( array( 'tax_rate_country' => 'FR', 'tax_rate' => '20.0000', 'tax_rate_name' => 'fx-hook-rate', 'tax_rate_class' => '' ) );
} );
fx_step( 'Tax rate: `WC_Tax::_update_tax_rate`', fn() => WC_Tax::_update_tax_rate( $rate_id, array( 'tax_rate' => '21.0000' ) ) );
fx_step( 'Tax rate: `WC_Tax::_update_tax_rate_postcodes` / `_cities`', function () use ( $rate_id ) {
	WC_Tax::_update_tax_rate_postcodes( $rate_id, '75001' );
	WC_Tax::_update_tax_rate_cities( $rate_id, 'Paris' );
} );
fx_step( 'Tax rate: `WC_Tax::_delete_tax_rate`', fn() => WC_Tax::_delete_tax_rate( $rate_id ) );
$rest_rate = null;
fx_step( 'Tax rate: REST `POST /wc/v3/taxes`', function () use ( &$rest_rate ) {
	$rest_rate = fx_rest( 'POST', '/wc/v3/taxes', array( 'country' => 'FR', 'rate' => '5.5', 'name' => 'fx-hook-rest-rate', 'class' => 'reduced-rate' ) );
} );
fx_step( 'Tax rate: REST `DELETE /wc/v3/taxes/<id>?force=true`', fn() => fx_rest( 'DELETE', '/wc/v3/taxes/' . $rest_rate['id'], array( 'force' => true ) ) );

// ------------------------------------------------------------------ orders
$stocked = new WC_Product_Simple();
$stocked->set_name( 'fx-hook-stocked' );
$stocked->set_regular_price( '4.00' );
$stocked->set_manage_stock( true );
$stocked->set_stock_quantity( 10 );
$stocked->save();
$order = null;
fx_step( 'Order: `wc_create_order()` (status pending)', function () use ( &$order, &$created ) {
	$order = wc_create_order( array( 'created_via' => 'fx-hook' ) );
	$created['orders'][] = $order->get_id();
} );
fx_step( 'Order: add a product line, apply a coupon (`WC_Order::apply_coupon`), save', function () use ( $order, $stocked ) {
	$order->add_product( $stocked, 2 );
	$order->calculate_totals();
	$order->apply_coupon( 'fx-hook-coupon' );
	$order->save();
} );
fx_step( 'Order: `payment_complete()` (pending → processing; reduces stock)', fn() => $order->payment_complete( 'fx-txn-1' ) );
fx_step( 'Order: `update_status( "completed" )`', fn() => $order->update_status( 'completed' ) );
fx_step( 'Order: `update_status( "cancelled" )`', fn() => $order->update_status( 'cancelled' ) );
fx_step( 'Order: CRUD trash (`delete()`)', fn() => wc_get_order( $order->get_id() )->delete() );
fx_step( 'Order: CRUD delete (`delete( true )`)', fn() => wc_get_order( $order->get_id() )->delete( true ) );
$rest_order = null;
fx_step( 'Order: REST `POST /wc/v3/orders` (status processing, one line)', function () use ( &$rest_order, $stocked, &$created ) {
	$rest_order = fx_rest( 'POST', '/wc/v3/orders', array( 'status' => 'processing', 'line_items' => array( array( 'product_id' => $stocked->get_id(), 'quantity' => 1 ) ) ) );
	$created['orders'][] = $rest_order['id'];
} );
fx_step( 'Order: REST `PUT /wc/v3/orders/<id>` status cancelled', fn() => fx_rest( 'PUT', '/wc/v3/orders/' . $rest_order['id'], array( 'status' => 'cancelled' ) ) );
fx_step( 'Order: REST `DELETE /wc/v3/orders/<id>?force=true`', fn() => fx_rest( 'DELETE', '/wc/v3/orders/' . $rest_order['id'], array( 'force' => true ) ) );

// ------------------------------------------------------------------ clean up and report
foreach ( $created['orders'] as $order_id ) {
	$leftover = wc_get_order( $order_id );
	if ( $leftover ) {
		$leftover->delete( true );
	}
}
foreach ( array( 'fx-hook-coupon' ) as $code ) {
	$id = wc_get_coupon_id_by_code( $code );
	if ( $id ) {
		( new WC_Coupon( $id ) )->delete( true );
	}
}
$stocked->delete( true );
wc_get_product( $variable->get_id() )->delete( true );

$hpos = wc_get_container()->get( Automattic\WooCommerce\Utilities\OrderUtil::class )::custom_orders_table_usage_is_enabled();
echo '# Hooks observed on WooCommerce ', WC()->version, ' (orders in ', $hpos ? 'HPOS tables' : 'posts', ")\n\n";
foreach ( $fx_report as list( $title, $hooks ) ) {
	echo "### $title\n\n";
	if ( ! $hooks ) {
		echo "(none of the watched hooks)\n\n";
		continue;
	}
	foreach ( $hooks as $line ) {
		echo "- `$line`\n";
	}
	echo "\n";
}
