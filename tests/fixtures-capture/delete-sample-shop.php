<?php
/**
 * Removes everything create-sample-shop.php made, found by the "fx-" prefix (or, for orders, by
 * created_via = fx-fixtures), so it also cleans up after a half-finished run. Prints counts.
 * Run through the rig: wc-php.sh -f delete-sample-shop.php
 */

require_once __DIR__ . '/fx-created-ids.php';

$removed = array();

$orders = wc_get_orders( array( 'limit' => -1, 'type' => 'shop_order', 'status' => array_keys( wc_get_order_statuses() ) ) );
$removed['orders'] = 0;
foreach ( $orders as $order ) {
	if ( 'fx-fixtures' === $order->get_created_via() ) {
		$order->delete( true );
		++$removed['orders'];
	}
}

$removed['products'] = 0;
$products = wc_get_products( array( 'limit' => -1, 'status' => array( 'publish', 'draft', 'pending', 'private', 'trash' ), 'type' => array_keys( wc_get_product_types() ) ) );
foreach ( $products as $product ) {
	if ( str_starts_with( $product->get_name( 'edit' ), 'fx-' ) ) {
		// Deleting a variable product deletes its variations too.
		$product->delete( true );
		++$removed['products'];
	}
}

$removed['coupons'] = 0;
foreach ( get_posts( array( 'post_type' => 'shop_coupon', 'post_status' => 'any', 'numberposts' => -1 ) ) as $post ) {
	if ( str_starts_with( $post->post_title, 'fx-' ) ) {
		( new WC_Coupon( $post->ID ) )->delete( true );
		++$removed['coupons'];
	}
}

$removed['customers'] = 0;
require_once ABSPATH . 'wp-admin/includes/user.php';
foreach ( get_users( array( 'search' => 'fx-*', 'search_columns' => array( 'user_login' ) ) ) as $user ) {
	wp_delete_user( $user->ID );
	++$removed['customers'];
}

$removed['tax_rates'] = 0;
global $wpdb;
$rate_ids = $wpdb->get_col( "SELECT tax_rate_id FROM {$wpdb->prefix}woocommerce_tax_rates WHERE tax_rate_name LIKE 'fx-%'" );
foreach ( $rate_ids as $rate_id ) {
	WC_Tax::_delete_tax_rate( (int) $rate_id );
	++$removed['tax_rates'];
}

$removed['categories'] = 0;
foreach ( get_terms( array( 'taxonomy' => 'product_cat', 'hide_empty' => false, 'name__like' => 'fx-' ) ) as $term ) {
	if ( str_starts_with( $term->name, 'fx-' ) ) {
		wp_delete_term( $term->term_id, 'product_cat' );
		++$removed['categories'];
	}
}

$removed['attributes'] = 0;
foreach ( wc_get_attribute_taxonomies() as $attribute ) {
	if ( str_starts_with( $attribute->attribute_name, 'fx-' ) ) {
		wc_delete_attribute( (int) $attribute->attribute_id );
		++$removed['attributes'];
	}
}

// Residue that deleting orders and products leaves behind: order notes are comments that outlive
// an order deleted from the HPOS tables, and background actions point at the deleted ids. Only the
// ids that create-sample-shop.php and probe-hooks.php recorded are touched, because other people
// use the same rig.
$created_ids = array_map( 'intval', (array) get_option( FX_CREATED_IDS_OPTION, array() ) );
$removed['order_notes'] = 0;
$removed['background_actions'] = 0;
if ( $created_ids ) {
	$id_list  = implode( ',', $created_ids );
	$note_ids = $wpdb->get_col( "SELECT comment_ID FROM {$wpdb->comments} WHERE comment_type = 'order_note' AND comment_post_ID IN ($id_list)" );
	foreach ( $note_ids as $note_id ) {
		wp_delete_comment( (int) $note_id, true );
		++$removed['order_notes'];
	}
	$pending = $wpdb->get_results(
		"SELECT action_id, args FROM {$wpdb->prefix}actionscheduler_actions
		 WHERE status = 'pending' AND hook IN ('woocommerce_run_product_attribute_lookup_update_callback', 'wc-admin_import_orders')"
	);
	foreach ( $pending as $action ) {
		$args = json_decode( $action->args, true );
		if ( is_array( $args ) && in_array( (int) reset( $args ), $created_ids, true ) ) {
			ActionScheduler::store()->delete_action( (int) $action->action_id );
			++$removed['background_actions'];
		}
	}
}
delete_option( FX_CREATED_IDS_OPTION );

echo wp_json_encode( $removed ), "\n";
