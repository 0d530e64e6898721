<?php
/**
 * Plugin Name: WooCommerce stand-in (tests only — not WooCommerce)
 * Description: A tiny imitation of the parts of WooCommerce 8.9 that Megaventory Sync touches, for the PHPUnit suite. It fires the same action names with the same arguments as WooCommerce 8.9's CRUD data stores. It is NOT WooCommerce and must never be installed on a real site.
 * Version:     8.9.1-standin
 *
 * Written from the hook signatures of WooCommerce 8.9 (no WooCommerce code is copied). Products,
 * variations and coupons are posts; customers are users; orders are posts of type shop_order;
 * tax rates live in an option. Only what the tests use exists.
 *
 * @package MegaventorySyncTests
 */

defined( 'ABSPATH' ) || exit;

// The version this stand-in imitates (the plugin checks WC_VERSION).
define( 'WC_VERSION', '8.9.1' );
define( 'WC_STANDIN', true );

require_once __DIR__ . '/includes/classes.php';

require_once __DIR__ . '/includes/rest-support.php';
require_once __DIR__ . '/includes/rest-products.php';
require_once __DIR__ . '/includes/rest-people.php';
require_once __DIR__ . '/includes/rest-orders.php';

/**
 * The capabilities WooCommerce's installer gives administrators and shop managers: its own, the
 * post-type caps of products, orders and coupons, and the product term caps.
 *
 * @return string[]
 */
function wc_standin_capabilities() {
	$caps = array( 'manage_woocommerce', 'view_woocommerce_reports' );
	foreach ( array( 'product', 'shop_order', 'shop_coupon' ) as $type ) {
		foreach ( array( 'edit_%s', 'read_%s', 'delete_%s', 'edit_%ss', 'edit_others_%ss', 'publish_%ss', 'read_private_%ss', 'delete_%ss', 'delete_private_%ss', 'delete_published_%ss', 'delete_others_%ss', 'edit_private_%ss', 'edit_published_%ss', 'manage_%s_terms', 'edit_%s_terms', 'delete_%s_terms', 'assign_%s_terms' ) as $pattern ) {
			$caps[] = sprintf( $pattern, $type );
		}
	}
	return $caps;
}

register_activation_hook(
	__FILE__,
	static function () {
		add_role( 'customer', 'Customer', array( 'read' => true ) );
		// A shop manager, as WooCommerce defines one: editor-like, may list users but not create them.
		add_role(
			'shop_manager',
			'Shop manager',
			array(
				'read'                 => true,
				'read_private_posts'   => true,
				'edit_posts'           => true,
				'edit_others_posts'    => true,
				'publish_posts'        => true,
				'delete_posts'         => true,
				'manage_categories'    => true,
				'upload_files'         => true,
				'list_users'           => true,
				'view_admin_dashboard' => true,
			)
		);
		foreach ( array( 'administrator', 'shop_manager' ) as $role_name ) {
			$role = get_role( $role_name );
			if ( $role ) {
				foreach ( wc_standin_capabilities() as $cap ) {
					$role->add_cap( $cap );
				}
			}
		}
	}
);

add_action(
	'init',
	static function () {
		$typed = static function ( $label, $public, $capability_type ) {
			return array(
				'public'          => $public,
				'label'           => $label,
				'capability_type' => $capability_type,
				'map_meta_cap'    => true,
			);
		};
		register_post_type( 'product', $typed( 'Products', true, 'product' ) );
		register_post_type( 'product_variation', $typed( 'Variations', false, 'product' ) );
		register_post_type( 'shop_coupon', $typed( 'Coupons', false, 'shop_coupon' ) );
		// Legacy (posts) order storage: WooCommerce lists orders on edit.php?post_type=shop_order.
		register_post_type( 'shop_order', array( 'show_ui' => true ) + $typed( 'Orders', false, 'shop_order' ) );
		register_taxonomy(
			'product_cat',
			array( 'product' ),
			array(
				'hierarchical' => true,
				'label'        => 'Product categories',
				'capabilities' => array(
					'manage_terms' => 'manage_product_terms',
					'edit_terms'   => 'edit_product_terms',
					'delete_terms' => 'delete_product_terms',
					'assign_terms' => 'assign_product_terms',
				),
			)
		);
		foreach ( array( 'pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'checkout-draft' ) as $status ) {
			// As WooCommerce registers them: not public, but listed under "All" in wp-admin.
			register_post_status(
				'wc-' . $status,
				array(
					'label'                  => ucfirst( str_replace( '-', ' ', $status ) ),
					'public'                 => false,
					'exclude_from_search'    => false,
					'show_in_admin_all_list' => 'checkout-draft' !== $status,
				)
			);
		}
	},
	0
);

// The legacy orders screen lists every order status when none is chosen (as WooCommerce's orders
// list table does: order statuses are not public, so WP_Query would leave them out).
add_filter(
	'request',
	static function ( $query_vars ) {
		global $typenow;
		if ( is_admin() && 'shop_order' === $typenow && empty( $query_vars['post_status'] ) ) {
			$query_vars['post_status'] = array( 'wc-pending', 'wc-processing', 'wc-on-hold', 'wc-completed', 'wc-cancelled', 'wc-refunded', 'wc-failed' );
		}
		return $query_vars;
	}
);

// WooCommerce fires before_woocommerce_init from its own plugins_loaded-time bootstrap.
add_action(
	'plugins_loaded',
	static function () {
		do_action( 'before_woocommerce_init' );
		do_action( 'woocommerce_loaded' );
	},
	-1
);

// The wc/v3 routes the sync worker and the end-to-end tests use (see includes/rest-*.php).
add_action(
	'rest_api_init',
	static function () {
		WC_Standin_Rest_Products::register();
		WC_Standin_Rest_People::register();
		WC_Standin_Rest_Orders::register();
	}
);

/**
 * Paid statuses reduce stock once (each managed line product saved with the new quantity, so the
 * product update and set-stock actions fire) and count coupon usage once; cancelled restores the
 * stock. WooCommerce hooks the same work on the same status actions.
 *
 * @param int      $order_id Order id.
 * @param WC_Order $order    Order.
 */
function wc_standin_order_paid( $order_id, $order ) {
	if ( ! $order->get_prop( 'stock_reduced' ) ) {
		wc_standin_change_line_stock( $order, -1 );
		$order->set_internal_flag( 'stock_reduced', true );
	}
	if ( ! $order->get_prop( 'sales_counted' ) ) {
		// Total sales are written straight to storage, without product hooks, as WooCommerce does.
		foreach ( (array) $order->get_prop( 'line_items', array() ) as $line ) {
			$props = get_post_meta( (int) $line['product_id'], '_standin_props', true );
			if ( is_array( $props ) ) {
				$props['total_sales'] = (int) ( $props['total_sales'] ?? 0 ) + (int) $line['quantity'];
				update_post_meta( (int) $line['product_id'], '_standin_props', $props );
			}
		}
		$order->set_internal_flag( 'sales_counted', true );
	}
	if ( ! $order->get_prop( 'coupon_usage_counted' ) ) {
		$billing = (array) $order->get_prop( 'billing', array() );
		$used_by = (int) $order->get_prop( 'customer_id', 0 ) ? (string) $order->get_prop( 'customer_id' ) : (string) ( $billing['email'] ?? '' );
		foreach ( (array) $order->get_prop( 'coupon_lines', array() ) as $line ) {
			$coupon = new WC_Coupon( (int) $line['coupon_id'] );
			if ( $coupon->get_id() ) {
				$coupon->increase_usage_count( $used_by );
			}
		}
		$order->set_internal_flag( 'coupon_usage_counted', true );
	}
}

/**
 * Cancelled: puts reduced stock back and uncounts coupon usage.
 *
 * @param int      $order_id Order id.
 * @param WC_Order $order    Order.
 */
function wc_standin_order_cancelled( $order_id, $order ) {
	if ( $order->get_prop( 'stock_reduced' ) ) {
		wc_standin_change_line_stock( $order, 1 );
		$order->set_internal_flag( 'stock_reduced', false );
	}
	if ( $order->get_prop( 'coupon_usage_counted' ) ) {
		foreach ( (array) $order->get_prop( 'coupon_lines', array() ) as $line ) {
			$coupon = new WC_Coupon( (int) $line['coupon_id'] );
			if ( $coupon->get_id() ) {
				$coupon->decrease_usage_count();
			}
		}
		$order->set_internal_flag( 'coupon_usage_counted', false );
	}
}

/**
 * Adds (+1) or removes (-1) each line's quantity to its product's managed stock.
 *
 * @param WC_Order $order Order.
 * @param int      $sign  +1 or -1.
 */
function wc_standin_change_line_stock( $order, $sign ) {
	foreach ( (array) $order->get_prop( 'line_items', array() ) as $line ) {
		$product = wc_get_product( (int) ( $line['variation_id'] ? $line['variation_id'] : $line['product_id'] ) );
		if ( $product && $product->get_manage_stock() ) {
			$product->set_stock_quantity( (int) $product->get_stock_quantity() + $sign * (int) $line['quantity'] );
			$product->save();
		}
	}
}

// WooCommerce's deferred product sync: parents of the variations saved in this request are
// saved again at shutdown (priority 10), after the REST callback has returned. Not in the PHPUnit
// process itself (PHP_SAPI 'cli'), whose shutdown may run after the database connection is gone.
add_action(
	'shutdown',
	static function () {
		if ( 'cli' === PHP_SAPI ) {
			return;
		}
		$parents = array_unique( array_map( 'intval', (array) ( $GLOBALS['wc_standin_deferred_sync'] ?? array() ) ) );
		$GLOBALS['wc_standin_deferred_sync'] = array();
		foreach ( $parents as $parent_id ) {
			$parent = wc_get_product( $parent_id );
			if ( $parent && ! $parent instanceof WC_Product_Variation ) {
				$parent->save();
			}
		}
	},
	10
);

foreach ( array( 'processing', 'completed', 'on-hold' ) as $wc_standin_paid_status ) {
	add_action( 'woocommerce_order_status_' . $wc_standin_paid_status, 'wc_standin_order_paid', 10, 2 );
}
add_action( 'woocommerce_order_status_cancelled', 'wc_standin_order_cancelled', 10, 2 );
