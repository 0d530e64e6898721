<?php
/**
 * Builds the fixture sample shop with WooCommerce's own CRUD API and prints the ids it created as
 * JSON on stdout. Run through the rig: wc-php.sh -f create-sample-shop.php
 *
 * Every name, code, SKU, login and tax-rate name starts with "fx-" so that delete-sample-shop.php
 * can find and remove all of it. All people, addresses and e-mails are invented
 * (example.test is a reserved domain).
 */

require_once __DIR__ . '/fx-created-ids.php';
fx_record_created_ids();

function fx_fail( string $what ) {
	fwrite( STDERR, "create-sample-shop: $what\n" );
	exit( 1 );
}

function fx_must_save( $id, string $what ): int {
	if ( is_wp_error( $id ) || ! $id ) {
		fx_fail( "could not create $what" . ( is_wp_error( $id ) ? ': ' . $id->get_error_message() : '' ) );
	}
	return (int) $id;
}

function fx_term( string $name, string $taxonomy, int $parent = 0 ): int {
	$term = wp_insert_term( $name, $taxonomy, array( 'parent' => $parent ) );
	if ( is_wp_error( $term ) ) {
		fx_fail( "term $name in $taxonomy: " . $term->get_error_message() );
	}
	return (int) $term['term_id'];
}

function fx_tax_rate( array $rate ): int {
	return fx_must_save(
		WC_Tax::_insert_tax_rate(
			$rate + array(
				'tax_rate_state'    => '',
				'tax_rate_priority' => 1,
				'tax_rate_compound' => 0,
				'tax_rate_shipping' => 1,
				'tax_rate_order'    => 0,
				'tax_rate_class'    => '',
			)
		),
		'tax rate ' . $rate['tax_rate_name']
	);
}

// Refuse to run twice: a second shop would make the fixtures ambiguous.
foreach ( WC_Tax::get_rates_for_tax_class( '' ) as $existing ) {
	if ( str_starts_with( $existing->tax_rate_name, 'fx-' ) ) {
		fx_fail( 'fx- data already exists; run delete-sample-shop.php first' );
	}
}

$ids = array();

// ---------------------------------------------------------------- tax rates
// Standard class: a plain rate, two rates sharing name and rate (DE and AT), and a compound pair
// for California (state rate, then a county rate applied on top).
$ids['tax_rates'] = array(
	'de_standard'   => fx_tax_rate( array( 'tax_rate_country' => 'DE', 'tax_rate' => '19.0000', 'tax_rate_name' => 'fx-VAT', 'tax_rate_order' => 1 ) ),
	'at_same_name'  => fx_tax_rate( array( 'tax_rate_country' => 'AT', 'tax_rate' => '19.0000', 'tax_rate_name' => 'fx-VAT', 'tax_rate_order' => 2 ) ),
	'de_reduced'    => fx_tax_rate( array( 'tax_rate_country' => 'DE', 'tax_rate' => '7.0000', 'tax_rate_name' => 'fx-VAT reduced', 'tax_rate_class' => 'reduced-rate', 'tax_rate_order' => 3 ) ),
	'ca_state'      => fx_tax_rate( array( 'tax_rate_country' => 'US', 'tax_rate_state' => 'CA', 'tax_rate' => '7.2500', 'tax_rate_name' => 'fx-CA State', 'tax_rate_order' => 4 ) ),
	'ca_county'     => fx_tax_rate( array( 'tax_rate_country' => 'US', 'tax_rate_state' => 'CA', 'tax_rate' => '1.0000', 'tax_rate_name' => 'fx-CA County', 'tax_rate_priority' => 2, 'tax_rate_compound' => 1, 'tax_rate_shipping' => 0, 'tax_rate_order' => 5 ) ),
);
WC_Tax::_update_tax_rate_postcodes( $ids['tax_rates']['ca_county'], '94105;94107' );
WC_Tax::_update_tax_rate_cities( $ids['tax_rates']['ca_county'], 'San Francisco' );

// ---------------------------------------------------------------- categories (nested)
$kitchen = fx_term( 'fx-Kitchen', 'product_cat' );
$mugs    = fx_term( 'fx-Mugs', 'product_cat', $kitchen );
$apparel = fx_term( 'fx-Apparel', 'product_cat' );
$ids['categories'] = array( 'kitchen' => $kitchen, 'mugs' => $mugs, 'apparel' => $apparel );

// ---------------------------------------------------------------- products
// Simple product: regular + sale price, weight, dimensions, no image, nested category, stock,
// and both purchase-price metas the sync reads.
$simple = new WC_Product_Simple();
$simple->set_name( 'fx-Enamel Mug' );
$simple->set_slug( 'fx-enamel-mug' );
$simple->set_sku( 'FX-MUG-001' );
$simple->set_regular_price( '19.90' );
$simple->set_sale_price( '15.90' );
$simple->set_weight( '0.45' );
$simple->set_length( '12' );
$simple->set_width( '9' );
$simple->set_height( '9.5' );
$simple->set_manage_stock( true );
$simple->set_stock_quantity( 42 );
$simple->set_tax_status( 'taxable' );
$simple->set_category_ids( array( $mugs ) );
$simple->set_short_description( 'Enamel camping mug, 350 ml.' );
$simple->set_description( '<p>Enamel mug for the <strong>fixture</strong> shop.</p>' );
$simple->update_meta_data( '_mvsync_purchase_price', '7.35' );
$simple->update_meta_data( '_wc_cog_cost', '7.10' );
$simple->set_status( 'publish' );
$ids['products']['simple'] = fx_must_save( $simple->save(), 'simple product' );

// Global attribute (taxonomy pa_fx-color) + a local one (Size) for the variable product.
$color_attribute_id = fx_must_save(
	wc_create_attribute( array( 'name' => 'fx-Color', 'slug' => 'fx-color', 'type' => 'select', 'order_by' => 'menu_order' ) ),
	'attribute fx-Color'
);
$color_taxonomy = wc_attribute_taxonomy_name( 'fx-color' );
// wc_create_attribute only registers the taxonomy on the next request; terms need it now.
register_taxonomy( $color_taxonomy, array( 'product' ), array( 'hierarchical' => false ) );
$red  = fx_term( 'fx-Red', $color_taxonomy );
$blue = fx_term( 'fx-Blue', $color_taxonomy );
$ids['attributes'] = array( 'color' => $color_attribute_id, 'red_term' => $red, 'blue_term' => $blue );

$color = new WC_Product_Attribute();
$color->set_id( $color_attribute_id );
$color->set_name( $color_taxonomy );
$color->set_options( array( $red, $blue ) );
$color->set_position( 0 );
$color->set_visible( true );
$color->set_variation( true );

$size = new WC_Product_Attribute();
$size->set_name( 'Size' );
$size->set_options( array( 'S', 'M' ) );
$size->set_position( 1 );
$size->set_visible( true );
$size->set_variation( true );

$variable = new WC_Product_Variable();
$variable->set_name( 'fx-Organic Tee' );
$variable->set_slug( 'fx-organic-tee' );
$variable->set_sku( 'FX-TEE' );
$variable->set_weight( '0.2' );
$variable->set_length( '30' );
$variable->set_width( '25' );
$variable->set_height( '2' );
$variable->set_category_ids( array( $apparel ) );
$variable->set_attributes( array( $color, $size ) );
$variable->set_default_attributes( array( $color_taxonomy => 'fx-red', 'size' => 'S' ) );
$variable->set_status( 'publish' );
$variable_id = fx_must_save( $variable->save(), 'variable product' );
$ids['products']['variable'] = $variable_id;

// Red/S: own SKU, prices, dimensions, stock and purchase price.
$red_small = new WC_Product_Variation();
$red_small->set_parent_id( $variable_id );
$red_small->set_attributes( array( $color_taxonomy => 'fx-red', 'size' => 'S' ) );
$red_small->set_sku( 'FX-TEE-RED-S' );
$red_small->set_regular_price( '24.00' );
$red_small->set_sale_price( '21.50' );
$red_small->set_weight( '0.18' );
$red_small->set_length( '28' );
$red_small->set_width( '22' );
$red_small->set_height( '1.5' );
$red_small->set_manage_stock( true );
$red_small->set_stock_quantity( 7 );
$red_small->update_meta_data( '_mvsync_purchase_price', '9.80' );
$red_small->set_status( 'publish' );
$ids['products']['variation_red_s'] = fx_must_save( $red_small->save(), 'variation red/S' );

// Blue/M: no weight/dimensions of its own, so it inherits the parent's.
$blue_medium = new WC_Product_Variation();
$blue_medium->set_parent_id( $variable_id );
$blue_medium->set_attributes( array( $color_taxonomy => 'fx-blue', 'size' => 'M' ) );
$blue_medium->set_sku( 'FX-TEE-BLUE-M' );
$blue_medium->set_regular_price( '26.00' );
$blue_medium->set_tax_class( 'reduced-rate' );
$blue_medium->set_status( 'publish' );
$ids['products']['variation_blue_m'] = fx_must_save( $blue_medium->save(), 'variation blue/M' );

// Blue/any size: an "any" attribute value, no SKU.
$blue_any = new WC_Product_Variation();
$blue_any->set_parent_id( $variable_id );
$blue_any->set_attributes( array( $color_taxonomy => 'fx-blue', 'size' => '' ) );
$blue_any->set_regular_price( '25.00' );
$blue_any->set_status( 'publish' );
$ids['products']['variation_blue_any'] = fx_must_save( $blue_any->save(), 'variation blue/any' );
WC_Product_Variable::sync( $variable_id );

// No SKU at all.
$no_sku = new WC_Product_Simple();
$no_sku->set_name( 'fx-Sticker Pack' );
$no_sku->set_regular_price( '2.00' );
$no_sku->set_tax_class( 'reduced-rate' );
$no_sku->set_status( 'publish' );
$ids['products']['no_sku'] = fx_must_save( $no_sku->save(), 'product without SKU' );

// HTML, an ampersand, emoji and right-to-left (Hebrew, Arabic) text in the title.
$fancy = new WC_Product_Simple();
$fancy->set_name( 'fx-<b>Bold</b> Café & Tea ☕🍵 שלום مرحبا' );
$fancy->set_sku( 'FX-FANCY-☕' );
$fancy->set_regular_price( '9.99' );
$fancy->set_status( 'publish' );
$ids['products']['fancy_title'] = fx_must_save( $fancy->save(), 'product with HTML/emoji/RTL title' );

// Draft without a price.
$draft = new WC_Product_Simple();
$draft->set_name( 'fx-Draft Lamp' );
$draft->set_sku( 'FX-LAMP-DRAFT' );
$draft->set_status( 'draft' );
$ids['products']['draft'] = fx_must_save( $draft->save(), 'draft product' );

// Sold once, then deleted for good (see the orders below).
$doomed = new WC_Product_Simple();
$doomed->set_name( 'fx-Discontinued Widget' );
$doomed->set_sku( 'FX-WIDGET-OLD' );
$doomed->set_regular_price( '30.00' );
$doomed->set_status( 'publish' );
$doomed_id = fx_must_save( $doomed->save(), 'product to be deleted' );

// ---------------------------------------------------------------- customers
$ada_billing = array(
	'first_name' => 'Ada',
	'last_name'  => 'Fixture',
	'company'    => 'fx-Lovelace Analytics GmbH',
	'address_1'  => 'Musterstraße 12',
	'address_2'  => '3. OG',
	'city'       => 'Berlin',
	'state'      => 'BE',
	'postcode'   => '10115',
	'country'    => 'DE',
	'email'      => 'fx-ada@example.test',
	'phone'      => '+49 30 5550100',
);
$ada_shipping = array(
	'first_name' => 'Ada',
	'last_name'  => 'Fixture',
	'company'    => '',
	'address_1'  => 'Lieferweg 7',
	'address_2'  => 'Hinterhaus',
	'city'       => 'Hamburg',
	'state'      => 'HH',
	'postcode'   => '20095',
	'country'    => 'DE',
	'phone'      => '+49 40 5550199',
);
$ada = new WC_Customer();
$ada->set_username( 'fx-ada' );
$ada->set_email( 'fx-ada@example.test' );
$ada->set_password( 'fx-not-a-real-password' );
$ada->set_first_name( 'Ada' );
$ada->set_last_name( 'Fixture' );
$ada->set_display_name( 'Ada Fixture' );
foreach ( $ada_billing as $key => $value ) {
	$ada->{"set_billing_$key"}( $value );
}
foreach ( $ada_shipping as $key => $value ) {
	$ada->{"set_shipping_$key"}( $value );
}
$ada->update_meta_data( 'fx_loyalty_tier', 'gold' );
$ids['customers']['full'] = fx_must_save( $ada->save(), 'customer fx-ada' );

$bob_billing = array(
	'first_name' => 'Bob',
	'last_name'  => 'Sample',
	'address_1'  => '500 Example Ave',
	'city'       => 'San Francisco',
	'state'      => 'CA',
	'postcode'   => '94105',
	'country'    => 'US',
	'email'      => 'fx-bob@example.test',
	'phone'      => '555-0142',
);
$bob = new WC_Customer();
$bob->set_username( 'fx-bob' );
$bob->set_email( 'fx-bob@example.test' );
$bob->set_password( 'fx-not-a-real-password' );
$bob->set_first_name( 'Bob' );
$bob->set_last_name( 'Sample' );
foreach ( $bob_billing as $key => $value ) {
	$bob->{"set_billing_$key"}( $value );
}
$ids['customers']['empty_shipping'] = fx_must_save( $bob->save(), 'customer fx-bob' );

// ---------------------------------------------------------------- coupons
$percent = new WC_Coupon();
$percent->set_code( 'fx-percent125' );
$percent->set_description( '12.5 % off everything' );
$percent->set_discount_type( 'percent' );
$percent->set_amount( '12.5' );
$percent->set_usage_limit( 100 );
$percent->set_usage_limit_per_user( 2 );
$ids['coupons']['percent'] = fx_must_save( $percent->save(), 'coupon fx-percent125' );

$fixed_cart = new WC_Coupon();
$fixed_cart->set_code( 'fx-fivecart' );
$fixed_cart->set_discount_type( 'fixed_cart' );
$fixed_cart->set_amount( '5' );
$fixed_cart->set_minimum_amount( '20' );
$fixed_cart->set_free_shipping( true );
$fixed_cart->set_date_expires( '2031-12-31 23:59:59' );
$ids['coupons']['fixed_cart'] = fx_must_save( $fixed_cart->save(), 'coupon fx-fivecart' );

$fixed_product = new WC_Coupon();
$fixed_product->set_code( 'fx-mugdeal' );
$fixed_product->set_discount_type( 'fixed_product' );
$fixed_product->set_amount( '1.50' );
$fixed_product->set_individual_use( true );
$fixed_product->set_product_ids( array( $ids['products']['simple'], $ids['products']['variation_red_s'] ) );
$fixed_product->set_excluded_product_ids( array( $ids['products']['no_sku'] ) );
$fixed_product->set_product_categories( array( $mugs ) );
$fixed_product->set_excluded_product_categories( array( $apparel ) );
$fixed_product->set_limit_usage_to_x_items( 3 );
$fixed_product->set_maximum_amount( '200' );
$fixed_product->set_email_restrictions( array( 'fx-ada@example.test', '*@fx.example.test' ) );
$fixed_product->set_exclude_sale_items( true );
$ids['coupons']['fixed_product'] = fx_must_save( $fixed_product->save(), 'coupon fx-mugdeal' );

// ---------------------------------------------------------------- orders
function fx_flat_rate( string $total ): WC_Order_Item_Shipping {
	$shipping = new WC_Order_Item_Shipping();
	$shipping->set_method_title( 'Flat rate' );
	$shipping->set_method_id( 'flat_rate' );
	$shipping->set_instance_id( '1' );
	$shipping->set_total( $total );
	return $shipping;
}

function fx_fee( string $name, string $total, string $tax_class = '' ): WC_Order_Item_Fee {
	$fee = new WC_Order_Item_Fee();
	$fee->set_name( $name );
	$fee->set_amount( $total );
	$fee->set_total( $total );
	$fee->set_tax_status( 'taxable' );
	$fee->set_tax_class( $tax_class );
	return $fee;
}

// Customer order: variation line + simple line, 12.5 % coupon, shipping, +fee and -fee, taxes,
// note, bank transfer.
$order = wc_create_order(
	array(
		'customer_id'   => $ids['customers']['full'],
		'customer_note' => "Please leave the parcel with the neighbour.\nThanks!",
		'created_via'   => 'fx-fixtures',
	)
);
$order->add_product( wc_get_product( $ids['products']['variation_red_s'] ), 2 );
$order->add_product( wc_get_product( $ids['products']['simple'] ), 1 );
$order->set_address( $ada_billing, 'billing' );
$order->set_address( $ada_shipping, 'shipping' );
$order->add_item( fx_flat_rate( '5.00' ) );
$order->add_item( fx_fee( 'fx-Gift wrap', '2.50' ) );
$order->add_item( fx_fee( 'fx-Loyalty discount', '-3.00' ) );
$order->set_payment_method( 'bacs' );
$order->set_payment_method_title( 'Direct bank transfer' );
$order->calculate_totals( true );
$applied = $order->apply_coupon( 'fx-percent125' );
if ( is_wp_error( $applied ) ) {
	fx_fail( 'apply_coupon fx-percent125: ' . $applied->get_error_message() );
}
$order->update_meta_data( '_fx_fixture', 'customer-order' );
$order->update_status( 'processing', 'fx fixture: paid by bank transfer.' );
$ids['orders']['customer'] = fx_must_save( $order->save(), 'customer order' );

// Guest order in California: compound tax, cash on delivery, positive fee, product without SKU.
$guest_address = array(
	'first_name' => 'Grace',
	'last_name'  => 'Guest',
	'address_1'  => '1 Sample Plaza',
	'city'       => 'San Francisco',
	'state'      => 'CA',
	'postcode'   => '94107',
	'country'    => 'US',
	'email'      => 'fx-grace@example.test',
	'phone'      => '555-0177',
);
$guest = wc_create_order( array( 'customer_id' => 0, 'created_via' => 'fx-fixtures' ) );
$guest->add_product( wc_get_product( $ids['products']['no_sku'] ), 3 );
$guest->add_product( wc_get_product( $ids['products']['fancy_title'] ), 1 );
$guest->set_address( $guest_address, 'billing' );
$guest->set_address( $guest_address, 'shipping' );
$guest->add_item( fx_flat_rate( '5.00' ) );
$guest->add_item( fx_fee( 'fx-Cash handling', '1.00' ) );
$guest->set_payment_method( 'cod' );
$guest->set_payment_method_title( 'Cash on delivery' );
$guest->calculate_totals( true );
$guest->update_meta_data( '_fx_fixture', 'guest-order' );
$guest->update_status( 'completed', 'fx fixture: delivered.' );
$ids['orders']['guest'] = fx_must_save( $guest->save(), 'guest order' );

// Order in another currency (EUR) by cheque whose product is deleted afterwards.
$orphan = wc_create_order( array( 'customer_id' => $ids['customers']['empty_shipping'], 'created_via' => 'fx-fixtures' ) );
$orphan->set_currency( 'EUR' );
$orphan->add_product( wc_get_product( $doomed_id ), 1 );
$orphan->add_product( wc_get_product( $ids['products']['variation_blue_m'] ), 1 );
$orphan->set_address( $bob_billing, 'billing' );
$orphan->set_payment_method( 'cheque' );
$orphan->set_payment_method_title( 'Check payments' );
$orphan->calculate_totals( true );
$orphan->update_meta_data( '_fx_fixture', 'deleted-product-order' );
$orphan->update_status( 'on-hold', 'fx fixture: awaiting cheque.' );
$ids['orders']['deleted_product'] = fx_must_save( $orphan->save(), 'order with deleted product' );
$ids['deleted_product_id']        = $doomed_id;

$doomed = wc_get_product( $doomed_id );
if ( ! $doomed || ! $doomed->delete( true ) ) {
	fx_fail( "could not delete product $doomed_id" );
}

echo wp_json_encode( $ids, JSON_PRETTY_PRINT ), "\n";
