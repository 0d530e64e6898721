<?php
/**
 * Renders WooCommerce's own list tables (products, orders — HPOS or legacy, whichever the site
 * uses — and users) with 50 rows each, as the admin, and prints how many SQL queries touched
 * Megaventory Sync's tables while each page was prepared and its rows displayed, plus the
 * statuses shown. For real
 * WooCommerce (wc-rig); the stand-in has no HPOS list table.
 *
 *   /work/shared/wc-rig/wc-php.sh -f tests/php/tools/list-page-queries.php
 *
 * Creates what it needs (50 products, 50 orders, 50 customers, tagged "mvsync-listprobe") and
 * deletes them again; seeds statuses in our tables for those ids only.
 *
 * @package MegaventorySyncTests
 */

// phpcs:disable -- test tool run inside the rig's WordPress.

require_once ABSPATH . 'wp-admin/includes/admin.php';
if ( ! function_exists( 'wc_get_page_screen_id' ) ) {
	require_once WC_ABSPATH . 'includes/admin/wc-admin-functions.php';
}

use MegaventorySync\Admin\WooScreens;
use MegaventorySync\Install\Schema;
use MegaventorySync\Plugin;

const MVSYNC_PROBE_ROWS = 50;

$hpos = class_exists( '\Automattic\WooCommerce\Utilities\OrderUtil' ) && \Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled();
WooScreens::register();

$created = array( 'products' => array(), 'orders' => array(), 'users' => array() );
for ( $i = 0; $i < MVSYNC_PROBE_ROWS; $i++ ) {
	$product = new WC_Product_Simple();
	$product->set_name( "mvsync-listprobe product $i" );
	$product->set_regular_price( '5' );
	$product->save();
	$created['products'][] = $product->get_id();
	$order = wc_create_order();
	$order->set_billing_email( "mvsync-listprobe-$i@example.test" );
	$order->save();
	$created['orders'][] = $order->get_id();
	$created['users'][]  = wp_insert_user(
		array(
			'user_login' => 'mvsync-listprobe-' . $i . '-' . wp_generate_password( 4, false ),
			'user_pass'  => wp_generate_password( 20 ),
			'user_email' => "mvsync-listprobe-u$i@example.test",
			'role'       => 'customer',
		)
	);
}

global $wpdb;
$outbox = Schema::table( 'outbox' );
$seed   = static function ( $type, array $ids ) use ( $wpdb, $outbox ) {
	$wpdb->query( $wpdb->prepare( "DELETE FROM {$outbox} WHERE entity_type = %s AND entity_id IN (" . implode( ',', array_map( 'intval', $ids ) ) . ')', $type ) );
	foreach ( $ids as $i => $id ) {
		if ( 0 === $i % 4 ) {
			Plugin::links()->put( $type, $id, 7000 + $i, 'order' === $type ? 'SO-' . $i : null );
		} elseif ( 1 === $i % 4 ) {
			Plugin::outbox()->record( $type, $id, 'updated' );
		} elseif ( 2 === $i % 4 ) {
			Plugin::outbox()->record( $type, $id, 'updated' );
			$wpdb->query( $wpdb->prepare( "UPDATE {$outbox} SET status = 'dead', coalesce_key = NULL, last_error = %s WHERE entity_type = %s AND entity_id = %d", 'probe <b>error</b> "quoted"', $type, $id ) );
		}
	}
};
$seed( 'product', $created['products'] );
$seed( 'order', $created['orders'] );
$seed( 'customer', $created['users'] );

$ours    = 0;
$counter = static function ( $query ) use ( &$ours ) {
	if ( false !== strpos( $query, 'mvsync_links' ) || false !== strpos( $query, 'mvsync_outbox' ) ) {
		++$ours;
	}
	return $query;
};

$report = static function ( $label, $html, $queries ) {
	$statuses = array();
	foreach ( array( 'synced', 'pending', 'failed', 'not_linked' ) as $status ) {
		$statuses[ $status ] = substr_count( $html, 'data-mvsync-status="' . $status . '"' );
	}
	$escaped = false === strpos( $html, '<b>error</b>' ) && false !== strpos( $html, 'probe &lt;b&gt;error&lt;/b&gt; &quot;quoted&quot;' );
	printf( "%-28s rows shown %3d  queries on our tables %d  statuses %s  error escaped in title: %s\n", $label, array_sum( $statuses ), $queries, wp_json_encode( $statuses ), $escaped ? 'yes' : 'NO' );
};

$admin = get_user_by( 'login', 'admin' );
wp_set_current_user( $admin->ID );
update_user_option( $admin->ID, 'edit_product_per_page', MVSYNC_PROBE_ROWS );
update_user_option( $admin->ID, 'edit_shop_order_per_page', MVSYNC_PROBE_ROWS );
update_user_option( $admin->ID, 'users_per_page', MVSYNC_PROBE_ROWS );

// Products (posts list table, edit.php's main query).
$GLOBALS['typenow'] = 'product';
$_GET['post_type']  = 'product';
$_REQUEST['post_type'] = 'product';
set_current_screen( 'edit-product' );
// edit.php's query ignores post__in: the newest 50 products are the ones just made.
wp_edit_posts_query( array( 'post_type' => 'product', 'posts_per_page' => MVSYNC_PROBE_ROWS ) );
$table = _get_list_table( 'WP_Posts_List_Table', array( 'screen' => 'edit-product' ) );
Plugin::statuses()->forget();
$ours = 0;
add_filter( 'query', $counter );
$table->prepare_items();
ob_start();
$table->display_rows();
$html = ob_get_clean();
remove_filter( 'query', $counter );
$report( 'products (edit.php)', $html, $ours );

// Orders.
if ( $hpos ) {
	set_current_screen( 'woocommerce_page_wc-orders' );
	$_GET['page']     = 'wc-orders';
	$orders_table     = wc_get_container()->get( \Automattic\WooCommerce\Internal\Admin\Orders\ListTable::class );
	$orders_table->setup( array( 'order_type' => 'shop_order' ) );
	add_filter( 'woocommerce_shop_order_list_table_prepare_items_query_args', static function ( $args ) use ( $created ) {
		$args['limit'] = MVSYNC_PROBE_ROWS;
		$args['id']    = $created['orders'];
		return $args;
	} );
	Plugin::statuses()->forget();
	$ours = 0;
	add_filter( 'query', $counter );
	$orders_table->prepare_items();
	ob_start();
	$orders_table->display_rows();
	$html = ob_get_clean();
	remove_filter( 'query', $counter );
	$report( 'orders (HPOS wc-orders)', $html, $ours );
} else {
	$GLOBALS['typenow']    = 'shop_order';
	$_GET['post_type']     = 'shop_order';
	$_REQUEST['post_type'] = 'shop_order';
	// prepare_items() runs edit.php's query again from the request.
	$_GET['post_status']     = 'wc-pending';
	$_REQUEST['post_status'] = 'wc-pending';
	set_current_screen( 'edit-shop_order' );
	// wc_create_order() makes pending orders; edit.php keeps only the statuses it is given.
	wp_edit_posts_query( array( 'post_type' => 'shop_order', 'post_status' => 'wc-pending', 'posts_per_page' => MVSYNC_PROBE_ROWS ) );
	$table = _get_list_table( 'WP_Posts_List_Table', array( 'screen' => 'edit-shop_order' ) );
	Plugin::statuses()->forget();
	$ours = 0;
	add_filter( 'query', $counter );
	$table->prepare_items();
	ob_start();
	$table->display_rows();
	$html = ob_get_clean();
	remove_filter( 'query', $counter );
	$report( 'orders (legacy edit.php)', $html, $ours );
}

// Users.
set_current_screen( 'users' );
$GLOBALS['wp_list_table'] = _get_list_table( 'WP_Users_List_Table', array( 'screen' => 'users' ) );
add_filter( 'users_list_table_query_args', static function ( $args ) use ( $created ) {
	$args['include'] = $created['users'];
	$args['number']  = MVSYNC_PROBE_ROWS;
	return $args;
} );
Plugin::statuses()->forget();
$ours = 0;
add_filter( 'query', $counter );
$GLOBALS['wp_list_table']->prepare_items();
ob_start();
$GLOBALS['wp_list_table']->display_rows();
$html = ob_get_clean();
remove_filter( 'query', $counter );
$report( 'users (customers)', $html, $ours );

// Clean up what was created, and our rows for those ids.
foreach ( $created['products'] as $id ) {
	wp_delete_post( $id, true );
}
foreach ( $created['orders'] as $id ) {
	$order = wc_get_order( $id );
	if ( $order ) {
		$order->delete( true );
	}
}
require_once ABSPATH . 'wp-admin/includes/user.php';
foreach ( $created['users'] as $id ) {
	wp_delete_user( $id );
}
foreach ( array( 'product' => $created['products'], 'order' => $created['orders'], 'customer' => $created['users'] ) as $type => $ids ) {
	$list = implode( ',', array_map( 'intval', $ids ) );
	$wpdb->query( $wpdb->prepare( "DELETE FROM {$outbox} WHERE entity_type = %s AND entity_id IN ({$list})", $type ) );
	$wpdb->query( $wpdb->prepare( 'DELETE FROM ' . Schema::table( 'links' ) . " WHERE wc_type = %s AND wc_id IN ({$list})", $type ) );
}
$wpdb->query( "DELETE FROM {$outbox} WHERE entity_type = 'variation' AND entity_id IN (" . implode( ',', array_map( 'intval', $created['products'] ) ) . ')' );
echo 'hpos: ' . ( $hpos ? 'on' : 'off' ) . "\n";
