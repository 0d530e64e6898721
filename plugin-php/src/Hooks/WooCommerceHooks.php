<?php
/**
 * WooCommerce (and WordPress) change hooks → outbox rows. Each callback does one INSERT at most;
 * everything slow (reading the entity, mapping, talking to Megaventory) is the worker's job.
 *
 * Hook names and arguments are those of WooCommerce 8.9: the CRUD data stores fire
 * woocommerce_{new,update}_{product,product_variation,coupon,customer,order}, the trash/delete
 * pairs, woocommerce_tax_rate_{added,updated,deleted} and woocommerce_order_status_changed; REST,
 * CSV import and the variation AJAX save all go through the CRUD layer. wp-admin's list-table
 * Trash and "Delete permanently" call wp_trash_post()/wp_delete_post() directly, so the matching
 * WordPress hooks are watched too; duplicates merge into the entity's pending row.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Hooks;

use MegaventorySync\Plugin;

defined( 'ABSPATH' ) || exit;

/**
 * Change recorder.
 */
final class WooCommerceHooks {
	const ORDER_PRIORITY = \MegaventorySync\Outbox\Outbox::PRIORITY_ORDER;

	/**
	 * Order statuses that are not orders yet (block checkout drafts, admin "Add order" drafts).
	 */
	const DRAFT_ORDER_STATUSES = array( 'checkout-draft', 'auto-draft', 'draft' );

	/**
	 * Registers every recording hook.
	 */
	public static function register() {
		$c = self::class;

		add_action( 'woocommerce_new_product', array( $c, 'product_created' ), 10, 1 );
		add_action( 'woocommerce_update_product', array( $c, 'product_updated' ), 10, 1 );
		add_action( 'woocommerce_trash_product', array( $c, 'product_trashed' ), 10, 1 );
		add_action( 'woocommerce_before_delete_product', array( $c, 'product_deleted' ), 10, 1 );
		add_action( 'woocommerce_new_product_variation', array( $c, 'variation_created' ), 10, 1 );
		add_action( 'woocommerce_update_product_variation', array( $c, 'variation_updated' ), 10, 1 );
		add_action( 'woocommerce_trash_product_variation', array( $c, 'variation_trashed' ), 10, 1 );
		add_action( 'woocommerce_before_delete_product_variation', array( $c, 'variation_deleted' ), 10, 1 );

		add_action( 'woocommerce_new_coupon', array( $c, 'coupon_created' ), 10, 1 );
		add_action( 'woocommerce_update_coupon', array( $c, 'coupon_updated' ), 10, 1 );
		add_action( 'woocommerce_trash_coupon', array( $c, 'coupon_trashed' ), 10, 1 );
		add_action( 'woocommerce_delete_coupon', array( $c, 'coupon_deleted' ), 10, 1 );
		add_action( 'woocommerce_increase_coupon_usage_count', array( $c, 'coupon_used' ), 10, 1 );

		// WordPress-level paths used by wp-admin list tables (no WooCommerce hook fires there).
		add_action( 'wp_trash_post', array( $c, 'post_trashed' ), 10, 1 );
		add_action( 'untrashed_post', array( $c, 'post_untrashed' ), 10, 1 );
		add_action( 'before_delete_post', array( $c, 'post_deleting' ), 10, 1 );

		add_action( 'user_register', array( $c, 'user_created' ), 10, 1 );
		add_action( 'woocommerce_new_customer', array( $c, 'user_created' ), 10, 1 );
		add_action( 'woocommerce_created_customer', array( $c, 'user_created' ), 10, 1 );
		add_action( 'profile_update', array( $c, 'user_updated' ), 10, 1 );
		add_action( 'woocommerce_update_customer', array( $c, 'user_updated' ), 10, 1 );
		add_action( 'delete_user', array( $c, 'user_deleted' ), 10, 1 );

		add_action( 'woocommerce_tax_rate_added', array( $c, 'tax_rate_added' ), 10, 1 );
		add_action( 'woocommerce_tax_rate_updated', array( $c, 'tax_rate_updated' ), 10, 1 );
		add_action( 'woocommerce_tax_rate_deleted', array( $c, 'tax_rate_deleted' ), 10, 1 );

		add_action( 'woocommerce_new_order', array( $c, 'order_created' ), 10, 2 );
		add_action( 'woocommerce_order_status_changed', array( $c, 'order_status_changed' ), 10, 3 );
	}

	/**
	 * Writes a row unless the worker itself caused the change.
	 *
	 * @param string     $type     Entity type.
	 * @param int        $id       Entity id.
	 * @param string     $action   Action.
	 * @param array|null $payload  Extra facts.
	 * @param int        $delay    Seconds before the row may be claimed.
	 * @param int        $priority Claim priority.
	 */
	private static function record( $type, $id, $action, $payload = null, $delay = 0, $priority = 0 ) {
		$id = (int) $id;
		if ( $id <= 0 || SyncWorkerContext::is_active() ) {
			return;
		}
		if ( ! Plugin::outbox()->record( $type, $id, $action, $payload, $delay, $priority ) ) {
			// Never break the save; make the lost change visible instead.
			Plugin::logger()->log( 'critical', sprintf( 'Could not record %s %s %d in the outbox; run a full resync of this entity.', $type, $action, $id ) );
		}
	}

	/**
	 * What the worker needs after a product or variation is gone: its SKU and Megaventory id.
	 *
	 * @param string $type Entity type.
	 * @param int    $id   Product id.
	 * @return array
	 */
	private static function product_tombstone( $type, $id ) {
		$sku     = null;
		$product = function_exists( 'wc_get_product' ) ? wc_get_product( $id ) : null;
		if ( $product ) {
			$sku = (string) $product->get_sku();
		}
		return self::tombstone( $type, $id, array( 'sku' => '' === $sku ? null : $sku ) );
	}

	/**
	 * Adds the link's Megaventory id to a deletion payload.
	 *
	 * @param string $type  Entity type.
	 * @param int    $id    WooCommerce id.
	 * @param array  $facts Other facts.
	 * @return array
	 */
	private static function tombstone( $type, $id, array $facts ) {
		$link              = Plugin::links()->get( $type, (int) $id );
		$facts['mv_id']    = $link ? $link['mv_id'] : null;
		$facts['link_sku'] = $link ? $link['sku'] : null;
		return $facts;
	}

	// Products and variations.

	/**
	 * Callback.
	 *
	 * @param int $id Product id.
	 */
	public static function product_created( $id ) {
		self::record( 'product', $id, 'created' );
	}

	/**
	 * Callback.
	 *
	 * @param int $id Product id.
	 */
	public static function product_updated( $id ) {
		self::record( 'product', $id, 'updated' );
	}

	/**
	 * Callback.
	 *
	 * @param int $id Product id.
	 */
	public static function product_trashed( $id ) {
		self::record( 'product', $id, 'trashed' );
	}

	/**
	 * Callback (fires before the product is gone, so its SKU can still be read).
	 *
	 * @param int $id Product id.
	 */
	public static function product_deleted( $id ) {
		if ( SyncWorkerContext::is_active() ) {
			return;
		}
		self::record( 'product', $id, 'deleted', self::product_tombstone( 'product', $id ) );
	}

	/**
	 * Callback.
	 *
	 * @param int $id Variation id.
	 */
	public static function variation_created( $id ) {
		self::record( 'variation', $id, 'created' );
	}

	/**
	 * Callback (also the admin AJAX variation save, which saves through the CRUD layer).
	 *
	 * @param int $id Variation id.
	 */
	public static function variation_updated( $id ) {
		self::record( 'variation', $id, 'updated' );
	}

	/**
	 * Callback.
	 *
	 * @param int $id Variation id.
	 */
	public static function variation_trashed( $id ) {
		self::record( 'variation', $id, 'trashed' );
	}

	/**
	 * Callback.
	 *
	 * @param int $id Variation id.
	 */
	public static function variation_deleted( $id ) {
		if ( SyncWorkerContext::is_active() ) {
			return;
		}
		self::record( 'variation', $id, 'deleted', self::product_tombstone( 'variation', $id ) );
	}

	// WordPress post paths (wp-admin list tables).

	/**
	 * Entity type for a post type we follow.
	 *
	 * @param int $post_id Post id.
	 * @return string|null
	 */
	private static function entity_type_of_post( $post_id ) {
		$map       = array(
			'product'           => 'product',
			'product_variation' => 'variation',
			'shop_coupon'       => 'coupon',
		);
		$post_type = get_post_type( $post_id );
		return ( is_string( $post_type ) && isset( $map[ $post_type ] ) ) ? $map[ $post_type ] : null;
	}

	/**
	 * Callback for wp_trash_post.
	 *
	 * @param int $post_id Post id.
	 */
	public static function post_trashed( $post_id ) {
		$type = self::entity_type_of_post( $post_id );
		if ( null !== $type ) {
			self::record( $type, $post_id, 'trashed' );
		}
	}

	/**
	 * Callback for untrashed_post: the entity is back, the worker re-reads it.
	 *
	 * @param int $post_id Post id.
	 */
	public static function post_untrashed( $post_id ) {
		$type = self::entity_type_of_post( $post_id );
		if ( null !== $type ) {
			self::record( $type, $post_id, 'updated' );
		}
	}

	/**
	 * Callback for before_delete_post.
	 *
	 * @param int $post_id Post id.
	 */
	public static function post_deleting( $post_id ) {
		$type = self::entity_type_of_post( $post_id );
		if ( null === $type || SyncWorkerContext::is_active() ) {
			return;
		}
		if ( 'coupon' === $type ) {
			self::record( 'coupon', $post_id, 'deleted', self::tombstone( 'coupon', $post_id, array( 'code' => get_the_title( $post_id ) ) ) );
			return;
		}
		self::record( $type, $post_id, 'deleted', self::product_tombstone( $type, $post_id ) );
	}

	// Coupons.

	/**
	 * Callback.
	 *
	 * @param int $id Coupon id.
	 */
	public static function coupon_created( $id ) {
		self::record( 'coupon', $id, 'created' );
	}

	/**
	 * Callback.
	 *
	 * @param int $id Coupon id.
	 */
	public static function coupon_updated( $id ) {
		self::record( 'coupon', $id, 'updated' );
	}

	/**
	 * Callback.
	 *
	 * @param int $id Coupon id.
	 */
	public static function coupon_trashed( $id ) {
		self::record( 'coupon', $id, 'trashed' );
	}

	/**
	 * Callback (after deletion; the before_delete_post path already captured the code).
	 *
	 * @param int $id Coupon id.
	 */
	public static function coupon_deleted( $id ) {
		if ( SyncWorkerContext::is_active() ) {
			return;
		}
		self::record( 'coupon', $id, 'deleted', self::tombstone( 'coupon', $id, array() ) );
	}

	/**
	 * Callback for woocommerce_increase_coupon_usage_count( $coupon, $new_count, $used_by ).
	 *
	 * @param \WC_Coupon $coupon Coupon.
	 */
	public static function coupon_used( $coupon ) {
		if ( is_object( $coupon ) && method_exists( $coupon, 'get_id' ) ) {
			self::record( 'coupon', $coupon->get_id(), 'used' );
		}
	}

	// Customers.

	/**
	 * Whether a user is a WooCommerce customer (role filterable).
	 *
	 * @param int $user_id User id.
	 * @return bool
	 */
	private static function is_customer( $user_id ) {
		$user = get_userdata( (int) $user_id );
		if ( ! $user ) {
			return false;
		}
		$roles = (array) apply_filters( 'mvsync_customer_roles', array( 'customer' ) );
		return (bool) array_intersect( $roles, (array) $user->roles );
	}

	/**
	 * Callback (user_register, woocommerce_created_customer, woocommerce_new_customer).
	 *
	 * @param int $user_id User id.
	 */
	public static function user_created( $user_id ) {
		if ( self::is_customer( $user_id ) ) {
			self::record( 'customer', $user_id, 'created' );
		}
	}

	/**
	 * Callback (profile_update, woocommerce_update_customer).
	 *
	 * @param int $user_id User id.
	 */
	public static function user_updated( $user_id ) {
		if ( self::is_customer( $user_id ) ) {
			self::record( 'customer', $user_id, 'updated' );
		}
	}

	/**
	 * Callback for delete_user (fires before the user is removed).
	 *
	 * @param int $user_id User id.
	 */
	public static function user_deleted( $user_id ) {
		if ( SyncWorkerContext::is_active() || ! self::is_customer( $user_id ) ) {
			return;
		}
		$user = get_userdata( (int) $user_id );
		self::record( 'customer', $user_id, 'deleted', self::tombstone( 'customer', $user_id, array( 'email' => $user ? $user->user_email : null ) ) );
	}

	// Tax rates.

	/**
	 * Callback.
	 *
	 * @param int $tax_rate_id Tax rate id.
	 */
	public static function tax_rate_added( $tax_rate_id ) {
		self::record( 'tax_rate', $tax_rate_id, 'created' );
	}

	/**
	 * Callback.
	 *
	 * @param int $tax_rate_id Tax rate id.
	 */
	public static function tax_rate_updated( $tax_rate_id ) {
		self::record( 'tax_rate', $tax_rate_id, 'updated' );
	}

	/**
	 * Callback (after deletion: only our link still knows the Megaventory id).
	 *
	 * @param int $tax_rate_id Tax rate id.
	 */
	public static function tax_rate_deleted( $tax_rate_id ) {
		if ( SyncWorkerContext::is_active() ) {
			return;
		}
		self::record( 'tax_rate', $tax_rate_id, 'deleted', self::tombstone( 'tax_rate', $tax_rate_id, array() ) );
	}

	// Orders.

	/**
	 * Seconds an order row waits before the worker may claim it.
	 *
	 * @return int
	 */
	private static function order_delay() {
		return (int) Plugin::settings()->get( 'order_delay_seconds' );
	}

	/**
	 * Callback for woocommerce_new_order( $order_id, $order ).
	 *
	 * @param int       $order_id Order id.
	 * @param \WC_Order $order    Order (absent when fired by the legacy API).
	 */
	public static function order_created( $order_id, $order = null ) {
		if ( is_object( $order ) && method_exists( $order, 'get_status' ) && in_array( $order->get_status(), self::DRAFT_ORDER_STATUSES, true ) ) {
			return;
		}
		self::record( 'order', $order_id, 'created', null, self::order_delay(), self::ORDER_PRIORITY );
	}

	/**
	 * Callback for woocommerce_order_status_changed( $order_id, $from, $to, $order ).
	 *
	 * @param int    $order_id Order id.
	 * @param string $from     Old status.
	 * @param string $to       New status.
	 */
	public static function order_status_changed( $order_id, $from, $to ) {
		if ( in_array( $to, self::DRAFT_ORDER_STATUSES, true ) ) {
			return;
		}
		$action = 'cancelled' === $to ? 'cancelled' : 'status_changed';
		self::record(
			'order',
			$order_id,
			$action,
			array(
				'from' => (string) $from,
				'to'   => (string) $to,
			),
			self::order_delay(),
			self::ORDER_PRIORITY
		);
	}
}
