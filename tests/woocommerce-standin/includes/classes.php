<?php
/**
 * Stand-in classes and functions (tests only — not WooCommerce).
 *
 * @package MegaventorySyncTests
 */

// phpcs:disable Generic.Files.OneObjectStructurePerFile.MultipleFound -- a compact test double.

namespace Automattic\WooCommerce\Utilities {
	/**
	 * Records compatibility declarations, like WooCommerce's FeaturesUtil.
	 */
	class FeaturesUtil {
		/**
		 * Declarations: feature → plugin file → bool.
		 *
		 * @var array
		 */
		public static $declared = array();

		/**
		 * Declare (in)compatibility with a feature.
		 *
		 * @param string $feature_id  Feature.
		 * @param string $plugin_file Plugin main file.
		 * @param bool   $positive    Compatible.
		 * @return bool
		 */
		public static function declare_compatibility( $feature_id, $plugin_file, $positive = true ) {
			if ( ! doing_action( 'before_woocommerce_init' ) ) {
				return false;
			}
			self::$declared[ $feature_id ][ plugin_basename( $plugin_file ) ] = (bool) $positive;
			return true;
		}
	}
}

namespace {
	/**
	 * Logger double: keeps entries in memory.
	 */
	class WC_Standin_Logger {
		/**
		 * Logged entries: [level, message, context].
		 *
		 * @var array
		 */
		public $entries = array();

		/**
		 * Log.
		 *
		 * @param string $level   Level.
		 * @param string $message Message.
		 * @param array  $context Context.
		 */
		public function log( $level, $message, $context = array() ) {
			$this->entries[] = array( $level, $message, $context );
		}
	}

	/**
	 * WooCommerce's logger.
	 *
	 * @return WC_Standin_Logger
	 */
	function wc_get_logger() {
		static $logger = null;
		if ( null === $logger ) {
			$logger = new WC_Standin_Logger();
		}
		return $logger;
	}

	/**
	 * Store currency.
	 *
	 * @return string
	 */
	function get_woocommerce_currency() {
		return 'USD';
	}

	/**
	 * Main-instance double.
	 */
	class WC_Standin_Main {
		/**
		 * Version.
		 *
		 * @var string
		 */
		public $version = WC_VERSION;

		/**
		 * Payment gateways double.
		 *
		 * @return object
		 */
		public function payment_gateways() {
			return new class() {
				/**
				 * Gateways by id.
				 *
				 * @return array
				 */
				public function payment_gateways() {
					return array(
						'cod'  => (object) array( 'title' => 'Cash on delivery' ),
						'bacs' => (object) array( 'title' => 'Direct bank transfer' ),
					);
				}
			};
		}
	}

	/**
	 * WC().
	 *
	 * @return WC_Standin_Main
	 */
	function WC() { // phpcs:ignore WordPress.NamingConventions.ValidFunctionName.FunctionNameInvalid -- WooCommerce's name.
		static $main = null;
		if ( null === $main ) {
			$main = new WC_Standin_Main();
		}
		return $main;
	}

	/**
	 * Base of the post-backed CRUD objects: hooks fired as WooCommerce 8.9's CPT data stores do.
	 */
	abstract class WC_Standin_Post_Object {
		/**
		 * Id (0 = not saved).
		 *
		 * @var int
		 */
		protected $id = 0;

		/**
		 * Properties stored as post meta.
		 *
		 * @var array
		 */
		protected $props = array();

		/**
		 * Post title.
		 *
		 * @var string
		 */
		protected $title = '';

		/**
		 * Post status.
		 *
		 * @var string
		 */
		protected $post_status = 'publish';

		/**
		 * Parent post id.
		 *
		 * @var int
		 */
		protected $parent_id = 0;

		/**
		 * Post type.
		 *
		 * @return string
		 */
		abstract protected function post_type();

		/**
		 * Hook-name part: "product", "product_variation", "coupon".
		 *
		 * @return string
		 */
		abstract protected function hook_name();

		/**
		 * Menu order.
		 *
		 * @var int
		 */
		protected $menu_order = 0;

		/**
		 * Props as loaded (to tell what a save changed).
		 *
		 * @var array
		 */
		protected $loaded_props = array();

		/**
		 * Loads an existing object.
		 *
		 * @param int $id Id.
		 */
		public function __construct( $id = 0 ) {
			$id = (int) $id;
			if ( $id > 0 ) {
				$post = get_post( $id );
				if ( $post && $post->post_type === $this->post_type() ) {
					$this->id           = $id;
					$this->title        = $post->post_title;
					$this->post_status  = $post->post_status;
					$this->parent_id    = (int) $post->post_parent;
					$this->menu_order   = (int) $post->menu_order;
					$meta               = get_post_meta( $id, '_standin_props', true );
					$this->props        = is_array( $meta ) ? $meta : array();
					$this->loaded_props = $this->props;
				}
			}
		}

		/**
		 * Sets many properties: through set_{name}() where it exists, else stored as given (the
		 * REST layer validates names and types first).
		 *
		 * @param array $props Name → value.
		 */
		public function set_props( array $props ) {
			foreach ( $props as $name => $value ) {
				$setter = 'set_' . $name;
				if ( is_callable( array( $this, $setter ) ) ) {
					$this->$setter( $value );
				} else {
					$this->props[ $name ] = $value;
				}
			}
		}

		/**
		 * A stored property.
		 *
		 * @param string $name    Property.
		 * @param mixed  $default Default.
		 * @return mixed
		 */
		public function get_prop( $name, $default = null ) {
			return array_key_exists( $name, $this->props ) ? $this->props[ $name ] : $default;
		}

		/**
		 * Post status.
		 *
		 * @return string
		 */
		public function get_status() {
			return $this->post_status;
		}

		/**
		 * Parent id.
		 *
		 * @return int
		 */
		public function get_parent_id() {
			return $this->parent_id;
		}

		/**
		 * Menu order.
		 *
		 * @param int $order Order.
		 */
		public function set_menu_order( $order ) {
			$this->menu_order = (int) $order;
		}

		/**
		 * Menu order.
		 *
		 * @return int
		 */
		public function get_menu_order() {
			return $this->menu_order;
		}

		/**
		 * Meta data entries [{id, key, value}].
		 *
		 * @return array[]
		 */
		public function get_meta_data() {
			return WC_Standin_Meta::entries( $this->props );
		}

		/**
		 * Adds or replaces a meta entry (by id when given, else every entry with that key).
		 *
		 * @param string     $key     Key.
		 * @param mixed      $value   Value.
		 * @param int|string $meta_id Entry id.
		 */
		public function update_meta_data( $key, $value, $meta_id = 0 ) {
			WC_Standin_Meta::update( $this->props, $key, $value, $meta_id );
		}

		/**
		 * A meta value ('' when missing).
		 *
		 * @param string $key Key.
		 * @return mixed
		 */
		public function get_meta( $key ) {
			return WC_Standin_Meta::get( $this->props, $key );
		}

		/**
		 * Removes every entry with the key.
		 *
		 * @param string $key Key.
		 */
		public function delete_meta_data( $key ) {
			$this->props['meta_data'] = array_values(
				array_filter(
					WC_Standin_Meta::entries( $this->props ),
					static function ( $entry ) use ( $key ) {
						return $entry['key'] !== (string) $key;
					}
				)
			);
		}

		/**
		 * Writes the meta only, firing no save hooks (as WC_Data::save_meta_data does).
		 */
		public function save_meta_data() {
			if ( $this->id ) {
				update_post_meta( $this->id, '_standin_props', $this->props );
			}
		}

		/**
		 * Id.
		 *
		 * @return int
		 */
		public function get_id() {
			return $this->id;
		}

		/**
		 * Creates or updates, then fires woocommerce_new_{x} / woocommerce_update_{x}( $id, $this ).
		 *
		 * @return int
		 */
		public function save() {
			$postarr = array(
				'post_type'   => $this->post_type(),
				'post_title'  => $this->title,
				'post_status' => $this->post_status,
				'post_parent' => $this->parent_id,
				'menu_order'  => $this->menu_order,
			);
			$this->before_save();
			if ( 0 === $this->id ) {
				$this->id = (int) wp_insert_post( $postarr );
				update_post_meta( $this->id, '_standin_props', $this->props );
				$this->after_write();
				do_action( 'woocommerce_new_' . $this->hook_name(), $this->id, $this );
			} else {
				$postarr['ID'] = $this->id;
				wp_update_post( $postarr );
				update_post_meta( $this->id, '_standin_props', $this->props );
				$this->after_write();
				do_action( 'woocommerce_update_' . $this->hook_name(), $this->id, $this );
			}
			$this->after_save_hooks();
			$this->loaded_props = $this->props;
			$this->defer_parent_sync();
			return $this->id;
		}

		/**
		 * A variation's parent is saved again at the end of the request (WooCommerce's deferred
		 * product sync, run on shutdown), so its product hooks fire after the REST callback.
		 */
		protected function defer_parent_sync() {
			if ( 'product_variation' === $this->post_type() && $this->parent_id ) {
				$GLOBALS['wc_standin_deferred_sync'][] = $this->parent_id;
			}
		}

		/**
		 * Derived properties, before the post is written.
		 */
		protected function before_save() {
		}

		/**
		 * After the post and its props are written, before the new/update action (terms).
		 */
		protected function after_write() {
		}

		/**
		 * Actions WooCommerce fires after the new/update action (stock).
		 */
		protected function after_save_hooks() {
		}

		/**
		 * Trash or delete: woocommerce_trash_{x}( $id ), or woocommerce_before_delete_{x}( $id ) and
		 * woocommerce_delete_{x}( $id ) around wp_delete_post().
		 *
		 * @param bool $force_delete Delete instead of trashing.
		 * @return bool
		 */
		public function delete( $force_delete = false ) {
			$id = $this->id;
			if ( ! $id ) {
				return false;
			}
			$this->defer_parent_sync();
			if ( $force_delete ) {
				do_action( 'woocommerce_before_delete_' . $this->hook_name(), $id );
				wp_delete_post( $id, true );
				$this->id = 0;
				do_action( 'woocommerce_delete_' . $this->hook_name(), $id );
			} else {
				wp_trash_post( $id );
				$this->post_status = 'trash';
				do_action( 'woocommerce_trash_' . $this->hook_name(), $id );
			}
			return true;
		}

		/**
		 * Property getter.
		 *
		 * @param string $name    Property.
		 * @param mixed  $default Default.
		 * @return mixed
		 */
		protected function prop( $name, $default = '' ) {
			return $this->props[ $name ] ?? $default;
		}
	}

	/**
	 * Product (simple unless a subclass says otherwise). Properties are kept in one post meta;
	 * categories are real product_cat terms.
	 */
	class WC_Product extends WC_Standin_Post_Object {
		/**
		 * {@inheritDoc}
		 */
		protected function post_type() {
			return 'product';
		}

		/**
		 * {@inheritDoc}
		 */
		protected function hook_name() {
			return 'product';
		}

		/**
		 * Type.
		 *
		 * @return string
		 */
		public function get_type() {
			return 'simple';
		}

		/**
		 * Name.
		 *
		 * @param string $name Name.
		 */
		public function set_name( $name ) {
			$this->title = (string) $name;
		}

		/**
		 * Name.
		 *
		 * @return string
		 */
		public function get_name() {
			return $this->title;
		}

		/**
		 * Status.
		 *
		 * @param string $status Status.
		 */
		public function set_status( $status ) {
			$this->post_status = (string) $status;
		}

		/**
		 * SKU.
		 *
		 * @param string $sku SKU.
		 */
		public function set_sku( $sku ) {
			$this->props['sku'] = (string) $sku;
		}

		/**
		 * SKU.
		 *
		 * @return string
		 */
		public function get_sku() {
			return (string) $this->prop( 'sku' );
		}

		/**
		 * Price.
		 *
		 * @param string $price Price.
		 */
		public function set_regular_price( $price ) {
			$this->props['regular_price'] = (string) $price;
		}

		/**
		 * Price.
		 *
		 * @return string
		 */
		public function get_regular_price() {
			return (string) $this->prop( 'regular_price' );
		}

		/**
		 * Sale price.
		 *
		 * @param string $price Price.
		 */
		public function set_sale_price( $price ) {
			$this->props['sale_price'] = (string) $price;
		}

		/**
		 * Sale price.
		 *
		 * @return string
		 */
		public function get_sale_price() {
			return (string) $this->prop( 'sale_price' );
		}

		/**
		 * Active price: the sale price when there is one below the regular price.
		 *
		 * @return string
		 */
		public function get_price() {
			$regular = $this->get_regular_price();
			$sale    = $this->get_sale_price();
			return ( '' !== $sale && ( '' === $regular || (float) $sale < (float) $regular ) ) ? $sale : $regular;
		}

		/**
		 * Stock.
		 *
		 * @param int|null $quantity Quantity.
		 */
		public function set_stock_quantity( $quantity ) {
			$this->props['stock_quantity'] = null === $quantity ? null : (int) $quantity;
		}

		/**
		 * Stock.
		 *
		 * @return int|null
		 */
		public function get_stock_quantity() {
			return $this->get_manage_stock() || array_key_exists( 'stock_quantity', $this->props ) ? $this->prop( 'stock_quantity', null ) : null;
		}

		/**
		 * Manage stock.
		 *
		 * @param bool $manage Manage.
		 */
		public function set_manage_stock( $manage ) {
			$this->props['manage_stock'] = (bool) $manage;
		}

		/**
		 * Manage stock.
		 *
		 * @return bool
		 */
		public function get_manage_stock() {
			return (bool) $this->prop( 'manage_stock', false );
		}

		/**
		 * Category ids (product_cat terms).
		 *
		 * @param int[] $ids Term ids.
		 */
		public function set_category_ids( $ids ) {
			$this->props['category_ids'] = array_values( array_unique( array_map( 'intval', (array) $ids ) ) );
		}

		/**
		 * Category ids.
		 *
		 * @return int[]
		 */
		public function get_category_ids() {
			if ( array_key_exists( 'category_ids', $this->props ) || ! $this->id ) {
				return (array) $this->prop( 'category_ids', array() );
			}
			$terms = wp_get_object_terms( $this->id, 'product_cat', array( 'fields' => 'ids' ) );
			return is_wp_error( $terms ) ? array() : array_map( 'intval', $terms );
		}

		/**
		 * Parent.
		 *
		 * @param int $parent_id Parent id.
		 */
		public function set_parent_id( $parent_id ) {
			$this->parent_id = (int) $parent_id;
		}

		/**
		 * Stock status follows the quantity when stock is managed (no backorders in the stand-in).
		 */
		protected function before_save() {
			if ( $this->get_manage_stock() ) {
				$this->props['stock_status'] = (int) $this->prop( 'stock_quantity', 0 ) > 0 ? 'instock' : 'outofstock';
			} elseif ( ! isset( $this->props['stock_status'] ) ) {
				$this->props['stock_status'] = 'instock';
			}
			$this->props['type'] = $this->get_type();
		}

		/**
		 * Category terms are written before the new/update action, as WooCommerce's data store does.
		 */
		protected function after_write() {
			if ( array_key_exists( 'category_ids', $this->props ) ) {
				wp_set_object_terms( $this->id, $this->props['category_ids'], 'product_cat' );
				unset( $this->props['category_ids'] );
				update_post_meta( $this->id, '_standin_props', $this->props );
			}
		}

		/**
		 * woocommerce_product_set_stock / woocommerce_variation_set_stock( $product ) when the
		 * quantity changed, after the update action (WooCommerce 8.9's data store order).
		 */
		protected function after_save_hooks() {
			$before = $this->loaded_props['stock_quantity'] ?? null;
			$after  = $this->props['stock_quantity'] ?? null;
			if ( $this->get_manage_stock() && $before !== $after ) {
				do_action( 'product_variation' === $this->post_type() ? 'woocommerce_variation_set_stock' : 'woocommerce_product_set_stock', $this );
			}
		}

		/**
		 * Child variation ids, in menu order.
		 *
		 * @return int[]
		 */
		public function get_children() {
			if ( ! $this->id || 'product' !== $this->post_type() ) {
				return array();
			}
			return array_map(
				'intval',
				get_posts(
					array(
						'post_type'      => 'product_variation',
						'post_parent'    => $this->id,
						'post_status'    => array( 'publish', 'private' ),
						'posts_per_page' => -1,
						'orderby'        => array(
							'menu_order' => 'ASC',
							'ID'         => 'ASC',
						),
						'fields'         => 'ids',
					)
				)
			);
		}
	}

	/**
	 * Simple product (WooCommerce's class name for it).
	 */
	class WC_Product_Simple extends WC_Product {}

	/**
	 * Variable product: deleting or trashing it does the same to its variations first, with the
	 * variation hooks, as WooCommerce's variable data store does.
	 */
	class WC_Product_Variable extends WC_Product {
		/**
		 * {@inheritDoc}
		 */
		public function get_type() {
			return 'variable';
		}

		/**
		 * The lowest variation price.
		 *
		 * @return string
		 */
		public function get_price() {
			$prices = array();
			foreach ( $this->get_children() as $child_id ) {
				$price = ( new WC_Product_Variation( $child_id ) )->get_price();
				if ( '' !== $price ) {
					$prices[] = $price;
				}
			}
			if ( empty( $prices ) ) {
				return '';
			}
			usort(
				$prices,
				static function ( $a, $b ) {
					return (float) $a <=> (float) $b;
				}
			);
			return $prices[0];
		}

		/**
		 * {@inheritDoc}
		 *
		 * @param bool $force_delete Delete instead of trashing.
		 * @return bool
		 */
		public function delete( $force_delete = false ) {
			foreach ( $this->get_children() as $child_id ) {
				( new WC_Product_Variation( $child_id ) )->delete( $force_delete );
			}
			return parent::delete( $force_delete );
		}
	}

	/**
	 * Variation: fires woocommerce_{new,update,trash,before_delete,delete}_product_variation.
	 */
	class WC_Product_Variation extends WC_Product {
		/**
		 * {@inheritDoc}
		 */
		protected function post_type() {
			return 'product_variation';
		}

		/**
		 * {@inheritDoc}
		 */
		protected function hook_name() {
			return 'product_variation';
		}

		/**
		 * {@inheritDoc}
		 */
		public function get_type() {
			return 'variation';
		}
	}

	/**
	 * Product by id, of the class its stored type names.
	 *
	 * @param int $id Id.
	 * @return WC_Product|false
	 */
	function wc_get_product( $id ) {
		$type = get_post_type( (int) $id );
		if ( 'product' === $type ) {
			$props   = get_post_meta( (int) $id, '_standin_props', true );
			$product = is_array( $props ) && 'variable' === ( $props['type'] ?? '' ) ? new WC_Product_Variable( $id ) : new WC_Product_Simple( $id );
		} elseif ( 'product_variation' === $type ) {
			$product = new WC_Product_Variation( $id );
		} else {
			return false;
		}
		return $product->get_id() ? $product : false;
	}

	/**
	 * Meta-data entries kept in an object's props: [{id, key, value}], ids from one counter.
	 */
	final class WC_Standin_Meta {
		/**
		 * Entries.
		 *
		 * @param array $props Props.
		 * @return array[]
		 */
		public static function entries( array $props ) {
			return array_values( (array) ( $props['meta_data'] ?? array() ) );
		}

		/**
		 * A value ('' when missing).
		 *
		 * @param array  $props Props.
		 * @param string $key   Key.
		 * @return mixed
		 */
		public static function get( array $props, $key ) {
			foreach ( self::entries( $props ) as $entry ) {
				if ( $entry['key'] === $key ) {
					return $entry['value'];
				}
			}
			return '';
		}

		/**
		 * Update by id, or replace every entry with the key (WooCommerce's update_meta_data rule).
		 *
		 * @param array      $props   Props (changed).
		 * @param string     $key     Key.
		 * @param mixed      $value   Value.
		 * @param int|string $meta_id Id.
		 */
		public static function update( array &$props, $key, $value, $meta_id = 0 ) {
			$entries = self::entries( $props );
			$meta_id = (int) $meta_id;
			$found   = false;
			foreach ( $entries as $i => $entry ) {
				if ( ( $meta_id && $entry['id'] === $meta_id ) || ( ! $meta_id && $entry['key'] === (string) $key ) ) {
					if ( $found && ! $meta_id ) {
						unset( $entries[ $i ] );
						continue;
					}
					$entries[ $i ]['key']   = (string) $key;
					$entries[ $i ]['value'] = $value;
					$found                  = true;
				}
			}
			if ( ! $found ) {
				$next = (int) get_option( 'wc_standin_meta_next', 1 );
				update_option( 'wc_standin_meta_next', $next + 1 );
				$entries[] = array(
					'id'    => $next,
					'key'   => (string) $key,
					'value' => $value,
				);
			}
			$props['meta_data'] = array_values( $entries );
		}
	}

	/**
	 * Coupon: woocommerce_{new,update}_coupon( $id, $coupon ); trash/delete fire after the post
	 * operation, as WooCommerce's coupon data store does.
	 */
	class WC_Coupon extends WC_Standin_Post_Object {
		/**
		 * {@inheritDoc}
		 */
		protected function post_type() {
			return 'shop_coupon';
		}

		/**
		 * {@inheritDoc}
		 */
		protected function hook_name() {
			return 'coupon';
		}

		/**
		 * Coupon delete in WooCommerce 8.9 has no before-delete action.
		 *
		 * @param bool $force_delete Delete instead of trashing.
		 * @return bool
		 */
		public function delete( $force_delete = false ) {
			$id = $this->id;
			if ( ! $id ) {
				return false;
			}
			if ( $force_delete ) {
				wp_delete_post( $id, true );
				$this->id = 0;
				do_action( 'woocommerce_delete_coupon', $id );
			} else {
				wp_trash_post( $id );
				do_action( 'woocommerce_trash_coupon', $id );
			}
			return true;
		}

		/**
		 * Code.
		 *
		 * @param string $code Code.
		 */
		public function set_code( $code ) {
			$this->title = (string) $code;
		}

		/**
		 * Code.
		 *
		 * @return string
		 */
		public function get_code() {
			return $this->title;
		}

		/**
		 * Post status.
		 *
		 * @param string $status Status.
		 */
		public function set_status( $status ) {
			$this->post_status = (string) $status;
		}

		/**
		 * Amount.
		 *
		 * @param string $amount Amount.
		 */
		public function set_amount( $amount ) {
			$this->props['amount'] = (string) $amount;
		}

		/**
		 * Amount.
		 *
		 * @return string
		 */
		public function get_amount() {
			return (string) $this->prop( 'amount', '0' );
		}

		/**
		 * Discount type (fixed_cart by default).
		 *
		 * @return string
		 */
		public function get_discount_type() {
			return (string) $this->prop( 'discount_type', 'fixed_cart' );
		}

		/**
		 * Fires woocommerce_decrease_coupon_usage_count( $coupon, $new_count, $used_by ).
		 *
		 * @param string $used_by Customer email or id.
		 * @return int
		 */
		public function decrease_usage_count( $used_by = '' ) {
			$this->props['usage_count'] = max( 0, $this->get_usage_count() - 1 );
			update_post_meta( $this->id, '_standin_props', $this->props );
			do_action( 'woocommerce_decrease_coupon_usage_count', $this, $this->props['usage_count'], $used_by );
			return $this->props['usage_count'];
		}

		/**
		 * Type.
		 *
		 * @param string $type Type.
		 */
		public function set_discount_type( $type ) {
			$this->props['discount_type'] = (string) $type;
		}

		/**
		 * Usage count.
		 *
		 * @return int
		 */
		public function get_usage_count() {
			return (int) $this->prop( 'usage_count', 0 );
		}

		/**
		 * Fires woocommerce_increase_coupon_usage_count( $coupon, $new_count, $used_by ).
		 *
		 * @param string $used_by Customer email or id.
		 * @return int
		 */
		public function increase_usage_count( $used_by = '' ) {
			$this->props['usage_count'] = $this->get_usage_count() + 1;
			if ( '' !== (string) $used_by ) {
				$this->props['used_by']   = (array) $this->prop( 'used_by', array() );
				$this->props['used_by'][] = (string) $used_by;
			}
			update_post_meta( $this->id, '_standin_props', $this->props );
			do_action( 'woocommerce_increase_coupon_usage_count', $this, $this->props['usage_count'], $used_by );
			return $this->props['usage_count'];
		}
	}

	/**
	 * Customer: creation goes through wc_create_new_customer() then wp_update_user(), as in 8.9.
	 * Addresses are user meta billing_* / shipping_*, as in WooCommerce.
	 */
	class WC_Customer {
		const ADDRESS_FIELDS = array( 'first_name', 'last_name', 'company', 'address_1', 'address_2', 'city', 'postcode', 'country', 'state', 'email', 'phone' );

		/**
		 * Id.
		 *
		 * @var int
		 */
		private $id = 0;

		/**
		 * Fields.
		 *
		 * @var array
		 */
		private $data = array(
			'email'      => '',
			'username'   => '',
			'password'   => '',
			'first_name' => '',
			'last_name'  => '',
			'role'       => 'customer',
			'billing'    => array(),
			'shipping'   => array(),
			'meta_data'  => array(),
		);

		/**
		 * Load.
		 *
		 * @param int $id User id.
		 */
		public function __construct( $id = 0 ) {
			$user = $id ? get_userdata( (int) $id ) : false;
			if ( $user ) {
				$this->id                 = (int) $id;
				$this->data['email']      = $user->user_email;
				$this->data['username']   = $user->user_login;
				$this->data['first_name'] = $user->first_name;
				$this->data['last_name']  = $user->last_name;
				$this->data['role']       = (string) ( $user->roles ? reset( $user->roles ) : '' );
				foreach ( array( 'billing', 'shipping' ) as $kind ) {
					foreach ( self::ADDRESS_FIELDS as $field ) {
						if ( 'shipping' === $kind && 'email' === $field ) {
							continue;
						}
						$this->data[ $kind ][ $field ] = (string) get_user_meta( $this->id, $kind . '_' . $field, true );
					}
				}
				$meta                    = get_user_meta( $this->id, '_wc_standin_meta_data', true );
				$this->data['meta_data'] = is_array( $meta ) ? $meta : array();
			}
		}

		/**
		 * Id.
		 *
		 * @return int
		 */
		public function get_id() {
			return $this->id;
		}

		/**
		 * A field: email, username, first_name, last_name, role, billing, shipping.
		 *
		 * @param string $name Field.
		 * @return mixed
		 */
		public function get( $name ) {
			return $this->data[ $name ] ?? null;
		}

		/**
		 * Email.
		 *
		 * @param string $email Email.
		 */
		public function set_email( $email ) {
			$this->data['email'] = (string) $email;
		}

		/**
		 * Email.
		 *
		 * @return string
		 */
		public function get_email() {
			return $this->data['email'];
		}

		/**
		 * Username.
		 *
		 * @param string $username Username.
		 */
		public function set_username( $username ) {
			$this->data['username'] = (string) $username;
		}

		/**
		 * Password.
		 *
		 * @param string $password Password.
		 */
		public function set_password( $password ) {
			$this->data['password'] = (string) $password;
		}

		/**
		 * First name.
		 *
		 * @param string $name Name.
		 */
		public function set_first_name( $name ) {
			$this->data['first_name'] = (string) $name;
		}

		/**
		 * Last name.
		 *
		 * @param string $name Name.
		 */
		public function set_last_name( $name ) {
			$this->data['last_name'] = (string) $name;
		}

		/**
		 * Address fields (merged into the stored ones).
		 *
		 * @param string $kind   billing or shipping.
		 * @param array  $fields Fields.
		 */
		public function set_address( $kind, array $fields ) {
			foreach ( $fields as $field => $value ) {
				if ( in_array( $field, self::ADDRESS_FIELDS, true ) && ! ( 'shipping' === $kind && 'email' === $field ) ) {
					$this->data[ $kind ][ $field ] = (string) $value;
				}
			}
		}

		/**
		 * Meta data entries [{id, key, value}].
		 *
		 * @return array[]
		 */
		public function get_meta_data() {
			return WC_Standin_Meta::entries( $this->data );
		}

		/**
		 * Adds or replaces a meta entry.
		 *
		 * @param string     $key     Key.
		 * @param mixed      $value   Value.
		 * @param int|string $meta_id Entry id.
		 */
		public function update_meta_data( $key, $value, $meta_id = 0 ) {
			WC_Standin_Meta::update( $this->data, $key, $value, $meta_id );
		}

		/**
		 * Writes addresses and meta data as user meta.
		 */
		private function write_meta() {
			foreach ( array( 'billing', 'shipping' ) as $kind ) {
				foreach ( $this->data[ $kind ] as $field => $value ) {
					update_user_meta( $this->id, $kind . '_' . $field, $value );
				}
			}
			update_user_meta( $this->id, '_wc_standin_meta_data', $this->data['meta_data'] );
		}

		/**
		 * Save: user_register, woocommerce_created_customer, profile_update, woocommerce_new_customer
		 * on creation; profile_update and woocommerce_update_customer on update.
		 *
		 * @return int
		 * @throws Exception When WordPress refuses the user.
		 */
		public function save() {
			if ( 0 === $this->id ) {
				$user_data = array(
					'user_login' => $this->data['username'],
					'user_pass'  => '' === $this->data['password'] ? wp_generate_password() : $this->data['password'],
					'user_email' => $this->data['email'],
					'role'       => 'customer',
				);
				$id        = wp_insert_user( $user_data );
				if ( is_wp_error( $id ) ) {
					throw new Exception( $id->get_error_message() ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- test double.
				}
				$this->id = (int) $id;
				do_action( 'woocommerce_created_customer', $this->id, $user_data, '' === $this->data['password'] );
				$this->write_meta();
				wp_update_user(
					array(
						'ID'         => $this->id,
						'first_name' => $this->data['first_name'],
						'last_name'  => $this->data['last_name'],
					)
				);
				do_action( 'woocommerce_new_customer', $this->id, $this );
			} else {
				$update = array(
					'ID'         => $this->id,
					'user_email' => $this->data['email'],
					'first_name' => $this->data['first_name'],
					'last_name'  => $this->data['last_name'],
				);
				if ( '' !== $this->data['password'] ) {
					$update['user_pass'] = $this->data['password'];
				}
				$this->write_meta();
				$result = wp_update_user( $update );
				if ( is_wp_error( $result ) ) {
					throw new Exception( $result->get_error_message() ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- test double.
				}
				update_user_meta( $this->id, 'last_update', (string) time() );
				do_action( 'woocommerce_update_customer', $this->id, $this );
			}
			return $this->id;
		}

		/**
		 * Delete: wp_delete_user() (delete_user), then woocommerce_delete_customer( $id ).
		 *
		 * @param int|null $reassign User who receives the deleted user's posts.
		 * @return bool
		 */
		public function delete( $reassign = null ) {
			if ( ! $this->id ) {
				return false;
			}
			require_once ABSPATH . 'wp-admin/includes/user.php';
			$id = $this->id;
			wp_delete_user( $id, $reassign );
			$this->id = 0;
			do_action( 'woocommerce_delete_customer', $id );
			return true;
		}
	}

	/**
	 * Order (posts storage): woocommerce_new_order( $id, $order ) on creation, then the status
	 * transition woocommerce_order_status_{to}, …_{from}_to_{to} and
	 * woocommerce_order_status_changed( $id, $from, $to, $order ), as WC_Order::save() does. As in
	 * WooCommerce, an order's first status (set before its first save) is no transition.
	 * Everything else (addresses, lines, totals) is kept in one post meta.
	 */
	class WC_Order {
		/**
		 * Id.
		 *
		 * @var int
		 */
		private $id = 0;

		/**
		 * Status without the wc- prefix ('' = not set, reads as pending).
		 *
		 * @var string
		 */
		private $status = '';

		/**
		 * Pending transition.
		 *
		 * @var array|null
		 */
		private $transition = null;

		/**
		 * Properties.
		 *
		 * @var array
		 */
		private $props = array();

		/**
		 * Load.
		 *
		 * @param int $id Order id.
		 */
		public function __construct( $id = 0 ) {
			$post = $id ? get_post( (int) $id ) : null;
			if ( $post && 'shop_order' === $post->post_type ) {
				$this->id     = (int) $id;
				$this->status = preg_replace( '/^wc-/', '', $post->post_status );
				$props        = get_post_meta( $this->id, '_standin_props', true );
				$this->props  = is_array( $props ) ? $props : array();
			}
		}

		/**
		 * Id.
		 *
		 * @return int
		 */
		public function get_id() {
			return $this->id;
		}

		/**
		 * Status (pending when unset).
		 *
		 * @return string
		 */
		public function get_status() {
			return '' === $this->status ? 'pending' : $this->status;
		}

		/**
		 * Sets many properties (the REST layer validates them first).
		 *
		 * @param array $props Name → value.
		 */
		public function set_props( array $props ) {
			foreach ( $props as $name => $value ) {
				if ( 'status' === $name ) {
					$this->set_status( $value );
				} else {
					$this->props[ $name ] = $value;
				}
			}
		}

		/**
		 * A stored property.
		 *
		 * @param string $name    Property.
		 * @param mixed  $default Default.
		 * @return mixed
		 */
		public function get_prop( $name, $default = null ) {
			return array_key_exists( $name, $this->props ) ? $this->props[ $name ] : $default;
		}

		/**
		 * Meta data entries [{id, key, value}].
		 *
		 * @return array[]
		 */
		public function get_meta_data() {
			return WC_Standin_Meta::entries( $this->props );
		}

		/**
		 * Adds or replaces a meta entry.
		 *
		 * @param string     $key     Key.
		 * @param mixed      $value   Value.
		 * @param int|string $meta_id Entry id.
		 */
		public function update_meta_data( $key, $value, $meta_id = 0 ) {
			WC_Standin_Meta::update( $this->props, $key, $value, $meta_id );
		}

		/**
		 * Set status; remembers the transition for save(). A new order is `pending` until told
		 * otherwise (WooCommerce's get_status() in view context), so creating one as `processing`
		 * fires pending → processing, with its stock and coupon-usage side effects, as on the rig.
		 *
		 * @param string $new_status Status.
		 * @return array{from:string,to:string}
		 */
		public function set_status( $new_status ) {
			$from = '' === $this->status ? 'pending' : $this->status;
			$to   = preg_replace( '/^wc-/', '', (string) $new_status );
			if ( $from !== $to ) {
				$this->transition = array(
					'from' => null === $this->transition ? $from : $this->transition['from'],
					'to'   => $to,
				);
				$now = gmdate( 'Y-m-d H:i:s' );
				if ( in_array( $to, array( 'processing', 'completed' ), true ) && empty( $this->props['date_paid'] ) ) {
					$this->props['date_paid'] = $now;
				}
				if ( 'completed' === $to ) {
					$this->props['date_completed'] = $now;
				}
			}
			$this->status = $to;
			return array(
				'from' => '' === $from ? 'pending' : $from,
				'to'   => $to,
			);
		}

		/**
		 * Set status and save.
		 *
		 * @param string $new_status Status.
		 * @return bool
		 */
		public function update_status( $new_status ) {
			$this->set_status( $new_status );
			$this->save();
			return true;
		}

		/**
		 * Save.
		 *
		 * @return int
		 */
		public function save() {
			$postarr = array(
				'post_type'   => 'shop_order',
				'post_status' => 'wc-' . $this->get_status(),
				'post_title'  => 'Order',
			);
			if ( 0 === $this->id ) {
				// The data store gives a new order without a status "pending" (no transition).
				$this->status = $this->get_status();
				if ( empty( $this->props['order_key'] ) ) {
					$this->props['order_key'] = 'wc_order_' . wp_generate_password( 13, false );
				}
				$this->id = (int) wp_insert_post( $postarr );
				update_post_meta( $this->id, '_standin_props', $this->props );
				do_action( 'woocommerce_new_order', $this->id, $this );
			} else {
				$postarr['ID'] = $this->id;
				wp_update_post( $postarr );
				update_post_meta( $this->id, '_standin_props', $this->props );
				do_action( 'woocommerce_update_order', $this->id, $this );
			}
			if ( null !== $this->transition ) {
				$transition       = $this->transition;
				$this->transition = null;
				do_action( 'woocommerce_order_status_' . $transition['to'], $this->id, $this );
				do_action( 'woocommerce_order_status_' . $transition['from'] . '_to_' . $transition['to'], $this->id, $this );
				do_action( 'woocommerce_order_status_changed', $this->id, $transition['from'], $transition['to'], $this );
			}
			return $this->id;
		}

		/**
		 * Trash (woocommerce_trash_order) or delete (woocommerce_before_delete_order,
		 * woocommerce_delete_order), as WooCommerce's order data stores do.
		 *
		 * @param bool $force_delete Delete instead of trashing.
		 * @return bool
		 */
		public function delete( $force_delete = false ) {
			$id = $this->id;
			if ( ! $id ) {
				return false;
			}
			if ( $force_delete ) {
				do_action( 'woocommerce_before_delete_order', $id, $this );
				wp_delete_post( $id, true );
				$this->id = 0;
				do_action( 'woocommerce_delete_order', $id );
			} else {
				do_action( 'woocommerce_before_trash_order', $id, $this );
				wp_trash_post( $id );
				$this->status = 'trash';
				do_action( 'woocommerce_trash_order', $id );
			}
			return true;
		}

		/**
		 * Saves a flag without hooks (stock reduced, coupon usage recorded).
		 *
		 * @param string $name  Flag.
		 * @param mixed  $value Value.
		 */
		public function set_internal_flag( $name, $value ) {
			$this->props[ $name ] = $value;
			update_post_meta( $this->id, '_standin_props', $this->props );
		}
	}

	/**
	 * Order by id.
	 *
	 * @param int $id Id.
	 * @return WC_Order|false
	 */
	function wc_get_order( $id ) {
		$order = new WC_Order( $id );
		return $order->get_id() ? $order : false;
	}

	/**
	 * New order (optionally with a status; an order's first status is no transition).
	 *
	 * @param array $args Arguments: status.
	 * @return WC_Order
	 */
	function wc_create_order( $args = array() ) {
		$order = new WC_Order();
		if ( ! empty( $args['status'] ) ) {
			$order->set_status( $args['status'] );
		}
		$order->save();
		return $order;
	}

	/**
	 * Tax rates: woocommerce_tax_rate_{added,updated}( $id, $tax_rate ), _deleted( $id ).
	 */
	class WC_Tax {
		const OPTION = 'wc_standin_tax_rates';

		/**
		 * Insert.
		 *
		 * @param array $tax_rate Rate fields.
		 * @return int
		 */
		public static function _insert_tax_rate( $tax_rate ) { // phpcs:ignore PSR2.Methods.MethodDeclaration.Underscore -- WooCommerce's name.
			$rates            = get_option( self::OPTION, array() );
			$id               = (int) get_option( self::OPTION . '_next', 1 );
			$rates[ $id ]     = (array) $tax_rate;
			update_option( self::OPTION, $rates );
			update_option( self::OPTION . '_next', $id + 1 );
			do_action( 'woocommerce_tax_rate_added', $id, $tax_rate );
			return $id;
		}

		/**
		 * Update.
		 *
		 * @param int   $tax_rate_id Id.
		 * @param array $tax_rate    Fields.
		 */
		public static function _update_tax_rate( $tax_rate_id, $tax_rate ) { // phpcs:ignore PSR2.Methods.MethodDeclaration.Underscore -- WooCommerce's name.
			$rates                       = get_option( self::OPTION, array() );
			$rates[ (int) $tax_rate_id ] = array_merge( $rates[ (int) $tax_rate_id ] ?? array(), (array) $tax_rate );
			update_option( self::OPTION, $rates );
			do_action( 'woocommerce_tax_rate_updated', (int) $tax_rate_id, $tax_rate );
		}

		/**
		 * Delete.
		 *
		 * @param int $tax_rate_id Id.
		 */
		public static function _delete_tax_rate( $tax_rate_id ) { // phpcs:ignore PSR2.Methods.MethodDeclaration.Underscore -- WooCommerce's name.
			$locations = get_option( self::OPTION . '_locations', array() );
			unset( $locations[ (int) $tax_rate_id ] );
			update_option( self::OPTION . '_locations', $locations );
			$rates = get_option( self::OPTION, array() );
			unset( $rates[ (int) $tax_rate_id ] );
			update_option( self::OPTION, $rates );
			do_action( 'woocommerce_tax_rate_deleted', (int) $tax_rate_id );
		}

		/**
		 * One rate's stored fields (tax_rate_* keys), or null.
		 *
		 * @param int $tax_rate_id Id.
		 * @return array|null
		 */
		public static function _get_tax_rate( $tax_rate_id ) { // phpcs:ignore PSR2.Methods.MethodDeclaration.Underscore -- WooCommerce's name.
			$rates = get_option( self::OPTION, array() );
			return isset( $rates[ (int) $tax_rate_id ] ) ? $rates[ (int) $tax_rate_id ] : null;
		}

		/**
		 * Every rate id → fields.
		 *
		 * @return array
		 */
		public static function standin_all_rates() {
			return (array) get_option( self::OPTION, array() );
		}

		/**
		 * Postcodes of a rate; like WooCommerce, no action fires.
		 *
		 * @param int    $tax_rate_id Id.
		 * @param string $postcodes   ';'-separated.
		 */
		public static function _update_tax_rate_postcodes( $tax_rate_id, $postcodes ) { // phpcs:ignore PSR2.Methods.MethodDeclaration.Underscore -- WooCommerce's name.
			self::update_locations( $tax_rate_id, 'postcodes', $postcodes );
		}

		/**
		 * Cities of a rate; like WooCommerce, no action fires.
		 *
		 * @param int    $tax_rate_id Id.
		 * @param string $cities      ';'-separated.
		 */
		public static function _update_tax_rate_cities( $tax_rate_id, $cities ) { // phpcs:ignore PSR2.Methods.MethodDeclaration.Underscore -- WooCommerce's name.
			self::update_locations( $tax_rate_id, 'cities', $cities );
		}

		/**
		 * Postcodes and cities of a rate.
		 *
		 * @param int $tax_rate_id Id.
		 * @return array{postcodes:string[], cities:string[]}
		 */
		public static function standin_locations( $tax_rate_id ) {
			$locations = get_option( self::OPTION . '_locations', array() );
			$entry     = $locations[ (int) $tax_rate_id ] ?? array();
			return array(
				'postcodes' => array_values( (array) ( $entry['postcodes'] ?? array() ) ),
				'cities'    => array_values( (array) ( $entry['cities'] ?? array() ) ),
			);
		}

		/**
		 * Stores one location list.
		 *
		 * @param int    $tax_rate_id Id.
		 * @param string $kind        postcodes or cities.
		 * @param string $values      ';'-separated.
		 */
		private static function update_locations( $tax_rate_id, $kind, $values ) {
			$locations = get_option( self::OPTION . '_locations', array() );
			$list      = array_values( array_filter( array_map( 'trim', explode( ';', (string) $values ) ), 'strlen' ) );
			$locations[ (int) $tax_rate_id ][ $kind ] = array_map( 'strtoupper', $list );
			update_option( self::OPTION . '_locations', $locations );
		}

		/**
		 * Tax classes other than standard: name → slug.
		 *
		 * @return array
		 */
		public static function get_tax_classes() {
			return array( 'Reduced rate', 'Zero rate' );
		}
	}
}
