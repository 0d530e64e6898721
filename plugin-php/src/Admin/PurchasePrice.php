<?php
/**
 * Purchase price: product meta `_mvsync_purchase_price` (the engine reads it, falling back to
 * `_wc_cog_cost`, and writes Megaventory's changes back through wc/v3 `meta_data` with the worker
 * header, so they never echo). This class adds the field to the product and variation pricing
 * areas and exposes it in wc/v3 as `mvsync_purchase_price` (read and write, validated).
 *
 * Stored as a plain decimal with a dot ("12.5"); shown and typed in the shop's decimal format.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Admin;

use MegaventorySync\Plugin;

defined( 'ABSPATH' ) || exit;

/**
 * Purchase price field and REST field.
 */
final class PurchasePrice {
	const META_KEY   = '_mvsync_purchase_price';
	const REST_FIELD = 'mvsync_purchase_price';
	const INPUT      = 'mvsync_purchase_price';

	/**
	 * Hooks. The REST field is registered before WooCommerce registers its routes (priority 10),
	 * so its schema, and with it our validation, is part of their arguments.
	 */
	public static function register() {
		add_action( 'rest_api_init', array( self::class, 'register_rest_field' ), 5 );
		if ( is_admin() ) {
			add_action( 'woocommerce_product_options_pricing', array( self::class, 'render_product_field' ) );
			add_action( 'woocommerce_admin_process_product_object', array( self::class, 'save_product_field' ) );
			add_action( 'woocommerce_variation_options_pricing', array( self::class, 'render_variation_field' ), 10, 3 );
			add_action( 'woocommerce_admin_process_variation_object', array( self::class, 'save_variation_field' ), 10, 2 );
		}
	}

	/**
	 * Canonical decimal ("12.5", "0") from input in the shop's format, or a WP_Error naming the
	 * product when it is not a non-negative decimal. Empty input means "no purchase price" (null).
	 *
	 * @param mixed  $raw         Input.
	 * @param string $label       What the price belongs to, for the error.
	 * @param bool   $shop_format Typed in the shop's format (admin forms); REST input uses a dot.
	 * @return string|null|\WP_Error
	 */
	public static function parse( $raw, $label, $shop_format = false ) {
		if ( null === $raw || ( is_string( $raw ) && '' === trim( $raw ) ) ) {
			return null;
		}
		if ( is_int( $raw ) || is_float( $raw ) ) {
			$raw = (string) $raw;
		}
		if ( ! is_string( $raw ) ) {
			/* translators: %s: product label */
			return new \WP_Error( 'mvsync_invalid_purchase_price', sprintf( __( 'The purchase price of %s must be a number.', 'megaventory-sync' ), $label ), array( 'status' => 400 ) );
		}
		$text = trim( $raw );
		if ( $shop_format && function_exists( 'wc_get_price_decimal_separator' ) ) {
			$decimal   = wc_get_price_decimal_separator();
			$thousands = function_exists( 'wc_get_price_thousand_separator' ) ? wc_get_price_thousand_separator() : '';
			if ( '' !== $thousands && $thousands !== $decimal ) {
				$text = str_replace( $thousands, '', $text );
			}
			if ( '.' !== $decimal ) {
				$text = str_replace( $decimal, '.', $text );
			}
		}
		if ( ! preg_match( '/^(\d{1,15}(\.\d{0,6})?|\.\d{1,6})$/', $text ) ) {
			/* translators: 1: product label, 2: the value typed */
			return new \WP_Error( 'mvsync_invalid_purchase_price', sprintf( __( 'The purchase price of %1$s must be a non-negative decimal number; "%2$s" is not.', 'megaventory-sync' ), $label, $raw ), array( 'status' => 400 ) );
		}
		$text = ltrim( $text, '0' );
		$text = ( '' === $text || '.' === $text[0] ) ? '0' . $text : $text;
		if ( false !== strpos( $text, '.' ) ) {
			$text = rtrim( rtrim( $text, '0' ), '.' );
		}
		return $text;
	}

	/**
	 * A stored price in the shop's decimal format, for the input.
	 *
	 * @param string $stored Stored decimal.
	 * @return string
	 */
	public static function for_display( $stored ) {
		$stored = (string) $stored;
		if ( '' === $stored || ! function_exists( 'wc_get_price_decimal_separator' ) ) {
			return $stored;
		}
		return str_replace( '.', wc_get_price_decimal_separator(), $stored );
	}

	/**
	 * The field HTML (our own, so it does not depend on WooCommerce's form helpers).
	 *
	 * @param string $id     Element id.
	 * @param string $name   Input name.
	 * @param string $value  Stored value.
	 * @param string $wrap   Class of the wrapping paragraph.
	 * @param bool   $linked The product is in Megaventory: read-only.
	 * @return string
	 */
	public static function field_html( $id, $name, $value, $wrap, $linked = false ) {
		$currency = function_exists( 'get_woocommerce_currency_symbol' ) ? ' (' . get_woocommerce_currency_symbol() . ')' : '';
		// Once the product exists in Megaventory, Megaventory owns its purchase price (it flows back
		// from there); an edit here would never be sent, so the field is shown read-only.
		return sprintf(
			'<p class="form-field %1$s"><label for="%2$s">%3$s</label><input type="text" class="short wc_input_price" id="%2$s" name="%4$s" value="%5$s" inputmode="decimal" placeholder="%6$s"%8$s> <span class="description">%7$s</span></p>',
			esc_attr( $wrap ),
			esc_attr( $id ),
			esc_html( __( 'Purchase price', 'megaventory-sync' ) . $currency ),
			esc_attr( $name ),
			esc_attr( self::for_display( $value ) ),
			esc_attr__( 'None', 'megaventory-sync' ),
			$linked
				? esc_html__( 'Managed in Megaventory: change it there and it is copied here.', 'megaventory-sync' )
				: esc_html__( 'Sent to Megaventory when the product is created; afterwards Megaventory updates it.', 'megaventory-sync' ),
			$linked ? ' readonly="readonly"' : ''
		);
	}

	/**
	 * Whether the product or variation is linked to a Megaventory product.
	 *
	 * @param mixed $product Product or variation.
	 * @return bool
	 */
	public static function is_linked( $product ) {
		if ( ! is_object( $product ) || ! method_exists( $product, 'get_id' ) || ! $product->get_id() ) {
			return false;
		}
		$type = method_exists( $product, 'is_type' ) && $product->is_type( 'variation' ) ? 'variation' : 'product';
		return null !== Plugin::links()->get( $type, (int) $product->get_id() )
			|| ( 'variation' === $type && null !== Plugin::links()->get( 'product', (int) $product->get_id() ) );
	}

	/**
	 * Simple product: the field under the prices.
	 */
	public static function render_product_field() {
		global $product_object;
		$value = is_object( $product_object ) && method_exists( $product_object, 'get_meta' ) ? (string) $product_object->get_meta( self::META_KEY, true ) : '';
		echo self::field_html( 'mvsync_purchase_price', self::INPUT, $value, 'mvsync_purchase_price_field', self::is_linked( $product_object ) ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- field_html escapes every part.
	}

	/**
	 * Variation: the field under its prices.
	 *
	 * @param int      $loop           Variation index in the form.
	 * @param array    $variation_data Unused.
	 * @param \WP_Post $variation      The variation post.
	 */
	public static function render_variation_field( $loop, $variation_data, $variation ) {
		unset( $variation_data );
		$product = is_object( $variation ) && function_exists( 'wc_get_product' ) ? wc_get_product( (int) $variation->ID ) : null;
		$value   = is_object( $product ) ? (string) $product->get_meta( self::META_KEY, true ) : '';
		echo self::field_html( 'mvsync_purchase_price_' . (int) $loop, self::INPUT . '[' . (int) $loop . ']', $value, 'form-row form-row-full mvsync_purchase_price_field', self::is_linked( $product ) ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- field_html escapes every part.
	}

	/**
	 * Saves the product field (WooCommerce verified its meta-box nonce before this action).
	 *
	 * @param \WC_Product $product Product about to be saved.
	 */
	public static function save_product_field( $product ) {
		// phpcs:ignore WordPress.Security.NonceVerification.Missing -- WooCommerce checked woocommerce_meta_nonce before woocommerce_admin_process_product_object.
		$raw = isset( $_POST[ self::INPUT ] ) && ! is_array( $_POST[ self::INPUT ] ) ? sanitize_text_field( wp_unslash( $_POST[ self::INPUT ] ) ) : null;
		self::apply_input( $product, $raw );
	}

	/**
	 * Saves a variation's field (WooCommerce checked the save-variations nonce).
	 *
	 * @param \WC_Product_Variation $variation Variation about to be saved.
	 * @param int                   $index     Its index in the form.
	 */
	public static function save_variation_field( $variation, $index ) {
		// phpcs:ignore WordPress.Security.NonceVerification.Missing, WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- WooCommerce checked save-variations before woocommerce_admin_process_variation_object; the one element used is sanitised below.
		$all = isset( $_POST[ self::INPUT ] ) && is_array( $_POST[ self::INPUT ] ) ? wp_unslash( $_POST[ self::INPUT ] ) : array();
		$raw = isset( $all[ $index ] ) && ! is_array( $all[ $index ] ) ? sanitize_text_field( $all[ $index ] ) : null;
		self::apply_input( $variation, $raw );
	}

	/**
	 * Validates and sets the meta on the object (WooCommerce saves it); a refused value is not
	 * saved and shows WooCommerce's meta-box error.
	 *
	 * @param \WC_Product $product Product or variation.
	 * @param string|null $raw     Posted value (null = field absent: leave the meta alone).
	 */
	private static function apply_input( $product, $raw ) {
		if ( null === $raw || ! is_object( $product ) || self::is_linked( $product ) ) {
			return;
		}
		$value = self::parse( $raw, self::label( $product ), true );
		if ( is_wp_error( $value ) ) {
			if ( class_exists( '\WC_Admin_Meta_Boxes' ) ) {
				\WC_Admin_Meta_Boxes::add_error( $value->get_error_message() );
			}
			return;
		}
		if ( null === $value ) {
			$product->delete_meta_data( self::META_KEY );
		} else {
			$product->update_meta_data( self::META_KEY, $value );
		}
	}

	/**
	 * "product #12 (SKU)" for messages.
	 *
	 * @param mixed $product Product.
	 * @return string
	 */
	private static function label( $product ) {
		$id  = method_exists( $product, 'get_id' ) ? (int) $product->get_id() : 0;
		$sku = method_exists( $product, 'get_sku' ) ? (string) $product->get_sku() : '';
		return '' === $sku ? sprintf( 'product #%d', $id ) : sprintf( 'product #%d (%s)', $id, $sku );
	}

	/**
	 * `mvsync_purchase_price` on wc/v3 products and variations: a decimal string or null.
	 */
	public static function register_rest_field() {
		$schema = array(
			'description' => __( 'Purchase price sent to Megaventory: a decimal string with a dot, or null when there is none. Send an empty string to clear it (WordPress skips fields sent as null).', 'megaventory-sync' ),
			'type'        => array( 'string', 'null' ),
			'context'     => array( 'view', 'edit' ),
			'arg_options' => array(
				'validate_callback' => array( self::class, 'validate_rest_value' ),
			),
		);
		foreach ( array( 'product', 'product_variation' ) as $object_type ) {
			register_rest_field(
				$object_type,
				self::REST_FIELD,
				array(
					'get_callback'    => array( self::class, 'rest_get' ),
					'update_callback' => array( self::class, 'rest_update' ),
					'schema'          => $schema,
				)
			);
		}
	}

	/**
	 * Argument validation (before WooCommerce saves anything).
	 *
	 * @param mixed $value Value.
	 * @return true|\WP_Error
	 */
	public static function validate_rest_value( $value ) {
		$parsed = self::parse( $value, 'this product' );
		return is_wp_error( $parsed ) ? $parsed : true;
	}

	/**
	 * Read: the stored decimal, or null.
	 *
	 * @param array $data Prepared response (has the id).
	 * @return string|null
	 */
	public static function rest_get( $data ) {
		$id = is_array( $data ) && isset( $data['id'] ) ? (int) $data['id'] : 0;
		if ( $id <= 0 ) {
			return null;
		}
		$product = function_exists( 'wc_get_product' ) ? wc_get_product( $id ) : null;
		$value   = is_object( $product ) ? $product->get_meta( self::META_KEY, true ) : '';
		return '' === $value || null === $value || false === $value ? null : (string) $value;
	}

	/**
	 * Write, after WooCommerce saved the object: only the meta is saved, so no product hook fires
	 * a second time (a worker write carries the loop-suppression header anyway).
	 *
	 * @param mixed $value   Value.
	 * @param mixed $product The saved WC_Product (WooCommerce) or its id.
	 * @return true|\WP_Error
	 */
	public static function rest_update( $value, $product ) {
		if ( ! is_object( $product ) && function_exists( 'wc_get_product' ) ) {
			$product = wc_get_product( (int) $product );
		}
		if ( ! is_object( $product ) || ! method_exists( $product, 'update_meta_data' ) ) {
			return new \WP_Error( 'mvsync_invalid_purchase_price', __( 'The purchase price can only be set on a product or variation.', 'megaventory-sync' ), array( 'status' => 400 ) );
		}
		$parsed = self::parse( $value, self::label( $product ) );
		if ( is_wp_error( $parsed ) ) {
			return $parsed;
		}
		if ( null === $parsed ) {
			$product->delete_meta_data( self::META_KEY );
		} else {
			$product->update_meta_data( self::META_KEY, $parsed );
		}
		$product->save_meta_data();
		return true;
	}
}
