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
		 * Loads an existing object.
		 *
		 * @param int $id Id.
		 */
		public function __construct( $id = 0 ) {
			$id = (int) $id;
			if ( $id > 0 ) {
				$post = get_post( $id );
				if ( $post && $post->post_type === $this->post_type() ) {
					$this->id          = $id;
					$this->title       = $post->post_title;
					$this->post_status = $post->post_status;
					$this->parent_id   = (int) $post->post_parent;
					$meta              = get_post_meta( $id, '_standin_props', true );
					$this->props       = is_array( $meta ) ? $meta : array();
				}
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
			);
			if ( 0 === $this->id ) {
				$this->id = (int) wp_insert_post( $postarr );
				update_post_meta( $this->id, '_standin_props', $this->props );
				do_action( 'woocommerce_new_' . $this->hook_name(), $this->id, $this );
			} else {
				$postarr['ID'] = $this->id;
				wp_update_post( $postarr );
				update_post_meta( $this->id, '_standin_props', $this->props );
				do_action( 'woocommerce_update_' . $this->hook_name(), $this->id, $this );
			}
			return $this->id;
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
	 * Simple product.
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
		 * Stock.
		 *
		 * @param int $quantity Quantity.
		 */
		public function set_stock_quantity( $quantity ) {
			$this->props['stock_quantity'] = (int) $quantity;
		}

		/**
		 * Stock.
		 *
		 * @return int|null
		 */
		public function get_stock_quantity() {
			return $this->prop( 'stock_quantity', null );
		}

		/**
		 * Parent.
		 *
		 * @param int $parent_id Parent id.
		 */
		public function set_parent_id( $parent_id ) {
			$this->parent_id = (int) $parent_id;
		}
	}

	/**
	 * Simple product (WooCommerce's class name for it).
	 */
	class WC_Product_Simple extends WC_Product {}

	/**
	 * Variable product.
	 */
	class WC_Product_Variable extends WC_Product {
		/**
		 * {@inheritDoc}
		 */
		public function get_type() {
			return 'variable';
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
	 * Product by id.
	 *
	 * @param int $id Id.
	 * @return WC_Product|false
	 */
	function wc_get_product( $id ) {
		$type = get_post_type( (int) $id );
		if ( 'product' === $type ) {
			$product = new WC_Product_Simple( $id );
		} elseif ( 'product_variation' === $type ) {
			$product = new WC_Product_Variation( $id );
		} else {
			return false;
		}
		return $product->get_id() ? $product : false;
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
		 * Amount.
		 *
		 * @param string $amount Amount.
		 */
		public function set_amount( $amount ) {
			$this->props['amount'] = (string) $amount;
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
			update_post_meta( $this->id, '_standin_props', $this->props );
			do_action( 'woocommerce_increase_coupon_usage_count', $this, $this->props['usage_count'], $used_by );
			return $this->props['usage_count'];
		}
	}

	/**
	 * Customer: creation goes through wc_create_new_customer() then wp_update_user(), as in 8.9.
	 */
	class WC_Customer {
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
		 * Email.
		 *
		 * @param string $email Email.
		 */
		public function set_email( $email ) {
			$this->data['email'] = (string) $email;
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
		 * Save: user_register, woocommerce_created_customer, profile_update, woocommerce_new_customer
		 * on creation; profile_update and woocommerce_update_customer on update.
		 *
		 * @return int
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
					throw new Exception( $id->get_error_message() );
				}
				$this->id = (int) $id;
				do_action( 'woocommerce_created_customer', $this->id, $user_data, '' === $this->data['password'] );
				wp_update_user(
					array(
						'ID'         => $this->id,
						'first_name' => $this->data['first_name'],
					)
				);
				do_action( 'woocommerce_new_customer', $this->id, $this );
			} else {
				wp_update_user(
					array(
						'ID'         => $this->id,
						'user_email' => $this->data['email'],
						'first_name' => $this->data['first_name'],
					)
				);
				do_action( 'woocommerce_update_customer', $this->id, $this );
			}
			return $this->id;
		}

		/**
		 * Delete: wp_delete_user() (delete_user), then woocommerce_delete_customer( $id ).
		 *
		 * @return bool
		 */
		public function delete() {
			if ( ! $this->id ) {
				return false;
			}
			require_once ABSPATH . 'wp-admin/includes/user.php';
			$id = $this->id;
			wp_delete_user( $id );
			$this->id = 0;
			do_action( 'woocommerce_delete_customer', $id );
			return true;
		}
	}

	/**
	 * Order (posts storage): woocommerce_new_order( $id, $order ) on creation, then the status
	 * transition woocommerce_order_status_{to}, …_{from}_to_{to} and
	 * woocommerce_order_status_changed( $id, $from, $to, $order ), as WC_Order::save() does.
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
		 * Load.
		 *
		 * @param int $id Order id.
		 */
		public function __construct( $id = 0 ) {
			$post = $id ? get_post( (int) $id ) : null;
			if ( $post && 'shop_order' === $post->post_type ) {
				$this->id     = (int) $id;
				$this->status = preg_replace( '/^wc-/', '', $post->post_status );
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
		 * Set status; remembers the transition for save().
		 *
		 * @param string $new_status Status.
		 * @return array{from:string,to:string}
		 */
		public function set_status( $new_status ) {
			$from = $this->get_status();
			$to   = preg_replace( '/^wc-/', '', (string) $new_status );
			if ( $from !== $to ) {
				$this->transition = array(
					'from' => null === $this->transition ? $from : $this->transition['from'],
					'to'   => $to,
				);
			}
			$this->status = $to;
			return array(
				'from' => $from,
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
				$this->id = (int) wp_insert_post( $postarr );
				do_action( 'woocommerce_new_order', $this->id, $this );
			} else {
				$postarr['ID'] = $this->id;
				wp_update_post( $postarr );
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
	 * New order (optionally with a status).
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
			$rates = get_option( self::OPTION, array() );
			unset( $rates[ (int) $tax_rate_id ] );
			update_option( self::OPTION, $rates );
			do_action( 'woocommerce_tax_rate_deleted', (int) $tax_rate_id );
		}
	}
}
