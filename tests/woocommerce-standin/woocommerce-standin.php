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

register_activation_hook(
	__FILE__,
	static function () {
		add_role( 'customer', 'Customer', array( 'read' => true ) );
		add_role(
			'shop_manager',
			'Shop manager',
			array(
				'read'               => true,
				'edit_posts'         => true,
				'manage_woocommerce' => true,
				'view_admin_dashboard' => true,
			)
		);
		$admin = get_role( 'administrator' );
		if ( $admin ) {
			$admin->add_cap( 'manage_woocommerce' );
		}
	}
);

add_action(
	'init',
	static function () {
		register_post_type( 'product', array( 'public' => true, 'label' => 'Products' ) );
		register_post_type( 'product_variation', array( 'public' => false, 'label' => 'Variations' ) );
		register_post_type( 'shop_coupon', array( 'public' => false, 'label' => 'Coupons' ) );
		register_post_type( 'shop_order', array( 'public' => false, 'label' => 'Orders' ) );
		foreach ( array( 'pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'checkout-draft' ) as $status ) {
			register_post_status( 'wc-' . $status, array( 'internal' => true ) );
		}
	},
	0
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

// WooCommerce's own REST routes, reduced to what the loop-suppression tests use:
// PUT wc/v3/products/{id} {stock_quantity|regular_price} and PUT wc/v3/orders/{id} {status}.
add_action(
	'rest_api_init',
	static function () {
		$can = static function () {
			return current_user_can( 'manage_woocommerce' );
		};
		register_rest_route(
			'wc/v3',
			'/products/(?P<id>\d+)',
			array(
				'methods'             => 'PUT',
				'permission_callback' => $can,
				'callback'            => static function ( WP_REST_Request $request ) {
					$product = wc_get_product( (int) $request['id'] );
					if ( ! $product ) {
						return new WP_Error( 'woocommerce_rest_product_invalid_id', 'Invalid ID.', array( 'status' => 404 ) );
					}
					if ( isset( $request['stock_quantity'] ) ) {
						$product->set_stock_quantity( (int) $request['stock_quantity'] );
					}
					if ( isset( $request['regular_price'] ) ) {
						$product->set_regular_price( (string) $request['regular_price'] );
					}
					$product->save();
					return array( 'id' => $product->get_id() );
				},
			)
		);
		register_rest_route(
			'wc/v3',
			'/products',
			array(
				'methods'             => 'POST',
				'permission_callback' => $can,
				'callback'            => static function ( WP_REST_Request $request ) {
					$product = new WC_Product_Simple();
					$product->set_name( (string) $request['name'] );
					$product->set_sku( (string) $request['sku'] );
					$product->save();
					return new WP_REST_Response( array( 'id' => $product->get_id() ), 201 );
				},
			)
		);
		register_rest_route(
			'wc/v3',
			'/orders/(?P<id>\d+)',
			array(
				'methods'             => 'PUT',
				'permission_callback' => $can,
				'callback'            => static function ( WP_REST_Request $request ) {
					$order = wc_get_order( (int) $request['id'] );
					if ( ! $order ) {
						return new WP_Error( 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.', array( 'status' => 404 ) );
					}
					if ( isset( $request['status'] ) ) {
						$order->set_status( (string) $request['status'] );
					}
					$order->save();
					return array(
						'id'     => $order->get_id(),
						'status' => $order->get_status(),
					);
				},
			)
		);
	}
);
