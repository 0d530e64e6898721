<?php
/**
 * Stand-in wc/v3 routes for orders (tests only — not WooCommerce), with totals computed the
 * simple way WooCommerce does for prices that exclude tax. Simplified on purpose:
 *
 * - the tax location is the shipping address, else the billing address, else the store's (US:CA);
 *   a rate matches on country, state, postcode and city (each empty = any), one rate per priority;
 * - a line's price is the product's active price at the time of the request unless the request
 *   gives `subtotal`/`total`;
 * - coupons: `percent` (of each line's subtotal, in cents rounded down, the remaining cents of
 *   the order's discount given one per line in order), `fixed_product` (amount × quantity per line),
 *   `fixed_cart` (spread over the lines by subtotal, the last line takes the rounding rest); no
 *   usage limits, exclusions, minimums or free shipping;
 * - line taxes are kept unrounded ("7.1478") and rounded per tax line, as WooCommerce does by
 *   default; compound rates apply to the line total plus the earlier priorities' taxes;
 * - no refunds, no order notes, no emails, no payment gateways (payment_method_title is taken
 *   from the request only, as WooCommerce's REST API does).
 *
 * Status changes have WooCommerce's side effects: date_paid on processing/completed,
 * date_completed on completed, stock reduced on processing/completed/on-hold (once) and restored
 * on cancelled, coupon usage counted once (see woocommerce-standin.php).
 *
 * @package MegaventorySyncTests
 */

/**
 * Orders.
 */
final class WC_Standin_Rest_Orders {
	const STATUSES = array( 'pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'checkout-draft' );

	/**
	 * Registers the routes.
	 */
	public static function register() {
		$ns      = WC_Standin_Rest_Support::NAMESPACE_V3;
		$c       = self::class;
		$address = array(
			'type'       => 'object',
			'properties' => array_fill_keys( WC_Customer::ADDRESS_FIELDS, array( 'type' => 'string' ) ),
		);
		$lines   = array(
			'type'  => 'array',
			'items' => array( 'type' => 'object' ),
		);
		$write   = array(
			'status'               => array(
				'type' => 'string',
				'enum' => self::STATUSES,
			),
			'currency'             => array( 'type' => 'string' ),
			'customer_id'          => array(
				'type'    => 'integer',
				'minimum' => 0,
			),
			'customer_note'        => array( 'type' => 'string' ),
			'billing'              => $address,
			'shipping'             => $address,
			'payment_method'       => array( 'type' => 'string' ),
			'payment_method_title' => array( 'type' => 'string' ),
			'transaction_id'       => array( 'type' => 'string' ),
			'set_paid'             => array( 'type' => 'boolean' ),
			'created_via'          => array( 'type' => 'string' ),
			'meta_data'            => WC_Standin_Rest_Support::meta_schema(),
			'line_items'           => $lines,
			'shipping_lines'       => $lines,
			'fee_lines'            => $lines,
			'coupon_lines'         => $lines,
		);
		register_rest_route(
			$ns,
			'/orders',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => array( $c, 'list_orders' ),
					'permission_callback' => self::permission( 'read', 'view' ),
					'args'                => array_merge(
						WC_Standin_Rest_Support::collection_args(),
						array(
							'orderby'  => array(
								'type'    => 'string',
								'enum'    => array( 'date', 'id', 'include', 'modified' ),
								'default' => 'date',
							),
							'status'   => array(
								'type'  => 'array',
								'items' => array(
									'type' => 'string',
									'enum' => array_merge( array( 'any', 'trash' ), self::STATUSES ),
								),
							),
							'customer' => array( 'type' => 'integer' ),
						)
					),
				),
				array(
					'methods'             => 'POST',
					'callback'            => array( $c, 'create_order' ),
					'permission_callback' => self::permission( 'create', 'create' ),
					'args'                => $write,
				),
			)
		);
		register_rest_route(
			$ns,
			'/orders/(?P<id>[\d]+)',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => array( $c, 'get_order' ),
					'permission_callback' => self::permission( 'read', 'view' ),
				),
				array(
					'methods'             => 'PUT, PATCH, POST',
					'callback'            => array( $c, 'update_order' ),
					'permission_callback' => self::permission( 'edit', 'edit' ),
					'args'                => $write,
				),
				array(
					'methods'             => 'DELETE',
					'callback'            => array( $c, 'delete_order' ),
					'permission_callback' => self::permission( 'delete', 'delete' ),
					'args'                => array(
						'force' => array(
							'type'    => 'boolean',
							'default' => false,
						),
					),
				),
			)
		);
	}

	/**
	 * Order permission (shop_order post caps; a missing id is the callback's 404).
	 *
	 * @param string $context read, create, edit, delete.
	 * @param string $action  view, create, edit, delete.
	 * @return Closure
	 */
	private static function permission( $context, $action ) {
		return static function ( WP_REST_Request $request ) use ( $context, $action ) {
			$id = (int) $request['id'];
			if ( in_array( $context, array( 'edit', 'delete' ), true ) && 'shop_order' !== get_post_type( $id ) ) {
				return true;
			}
			return WC_Standin_Rest_Support::can_post( 'shop_order', $context, $id ) ? true : WC_Standin_Rest_Support::forbidden( $action );
		};
	}

	/**
	 * 404.
	 *
	 * @return WP_Error
	 */
	private static function invalid_id() {
		return new WP_Error( 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.', array( 'status' => 404 ) );
	}

	/**
	 * GET /orders (status=any by default: every status but trash).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function list_orders( WP_REST_Request $request ) {
		$wanted = empty( $request['status'] ) || in_array( 'any', (array) $request['status'], true ) ? self::STATUSES : (array) $request['status'];
		$ids    = get_posts(
			array(
				'post_type'      => 'shop_order',
				'post_status'    => array_map(
					static function ( $status ) {
						return 'trash' === $status ? 'trash' : 'wc-' . $status;
					},
					$wanted
				),
				'posts_per_page' => -1,
				'fields'         => 'ids',
			)
		);
		$rows   = array();
		foreach ( $ids as $id ) {
			$order = new WC_Order( $id );
			if ( isset( $request['customer'] ) && (int) $order->get_prop( 'customer_id', 0 ) !== (int) $request['customer'] ) {
				continue;
			}
			if ( ! empty( $request['include'] ) && ! in_array( (int) $id, array_map( 'intval', $request['include'] ), true ) ) {
				continue;
			}
			$post   = get_post( $id );
			$rows[] = array(
				'id'       => (int) $id,
				'date'     => $post->post_date_gmt,
				'modified' => $post->post_modified_gmt,
				'include'  => array_search( (int) $id, array_map( 'intval', (array) $request['include'] ), true ),
			);
		}
		$rows = WC_Standin_Rest_Support::sort( $rows, $request['orderby'], $request['order'] );
		return WC_Standin_Rest_Support::page(
			$request,
			$rows,
			static function ( $row ) {
				return self::format_order( new WC_Order( $row['id'] ) );
			}
		);
	}

	/**
	 * GET /orders/{id}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function get_order( WP_REST_Request $request ) {
		$order = wc_get_order( (int) $request['id'] );
		return $order ? new WP_REST_Response( self::format_order( $order ) ) : self::invalid_id();
	}

	/**
	 * POST /orders: one save (woocommerce_new_order), then set_paid's status change, as WooCommerce.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function create_order( WP_REST_Request $request ) {
		$order = new WC_Order();
		$order->set_props(
			array(
				'currency'    => 'USD',
				'created_via' => 'rest-api',
				'version'     => WC_VERSION,
				'date_paid'   => null,
			)
		);
		$applied = self::apply( $order, $request, true );
		if ( is_wp_error( $applied ) ) {
			return $applied;
		}
		$order->save();
		if ( $request['set_paid'] ) {
			$order->update_status( 'processing' );
		}
		do_action( 'woocommerce_rest_insert_shop_order_object', $order, $request, true );
		return new WP_REST_Response( self::format_order( wc_get_order( $order->get_id() ) ), 201 );
	}

	/**
	 * PUT /orders/{id}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function update_order( WP_REST_Request $request ) {
		$order = wc_get_order( (int) $request['id'] );
		if ( ! $order ) {
			return new WP_Error( 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.', array( 'status' => 400 ) );
		}
		$applied = self::apply( $order, $request, false );
		if ( is_wp_error( $applied ) ) {
			return $applied;
		}
		if ( $request['set_paid'] && ! in_array( $order->get_status(), array( 'processing', 'completed' ), true ) ) {
			$order->set_status( 'processing' );
		}
		$order->save();
		do_action( 'woocommerce_rest_insert_shop_order_object', $order, $request, false );
		return new WP_REST_Response( self::format_order( wc_get_order( $order->get_id() ) ) );
	}

	/**
	 * DELETE /orders/{id}?force=.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function delete_order( WP_REST_Request $request ) {
		$order = wc_get_order( (int) $request['id'] );
		if ( ! $order ) {
			return self::invalid_id();
		}
		if ( ! $request['force'] && 'trash' === $order->get_status() ) {
			return new WP_Error( 'woocommerce_rest_already_trashed', 'The order has already been deleted.', array( 'status' => 410 ) );
		}
		$before = self::format_order( $order );
		$order->delete( (bool) $request['force'] );
		return new WP_REST_Response( $before );
	}

	/**
	 * Applies the request's fields and lines, then recomputes totals when lines changed.
	 *
	 * @param WC_Order        $order    Order.
	 * @param WP_REST_Request $request  Request.
	 * @param bool            $creating New order.
	 * @return true|WP_Error
	 */
	private static function apply( WC_Order $order, WP_REST_Request $request, $creating ) {
		$props = array();
		foreach ( array( 'currency', 'customer_id', 'customer_note', 'payment_method', 'payment_method_title', 'transaction_id', 'created_via' ) as $field ) {
			if ( $request->has_param( $field ) ) {
				$props[ $field ] = $request[ $field ];
			}
		}
		if ( isset( $props['customer_id'] ) && $props['customer_id'] && ! get_userdata( (int) $props['customer_id'] ) ) {
			return new WP_Error( 'woocommerce_rest_invalid_customer_id', 'Customer ID is invalid.', array( 'status' => 400 ) );
		}
		foreach ( array( 'billing', 'shipping' ) as $kind ) {
			if ( is_array( $request[ $kind ] ) ) {
				$props[ $kind ] = array_merge( (array) $order->get_prop( $kind, array() ), $request[ $kind ] );
			}
		}
		$order->set_props( $props );
		if ( $request->has_param( 'meta_data' ) ) {
			WC_Standin_Rest_Support::apply_meta( $order, $request['meta_data'] );
		}

		$lines_changed = false;
		foreach ( array( 'line_items', 'shipping_lines', 'fee_lines', 'coupon_lines' ) as $kind ) {
			if ( $request->has_param( $kind ) ) {
				$merged = self::merge_lines( $kind, (array) $order->get_prop( $kind, array() ), (array) $request[ $kind ] );
				if ( is_wp_error( $merged ) ) {
					return $merged;
				}
				$order->set_props( array( $kind => $merged ) );
				$lines_changed = true;
			}
		}
		if ( $lines_changed || $creating ) {
			WC_Standin_Order_Totals::calculate( $order );
		}
		if ( $request->has_param( 'status' ) ) {
			$order->set_status( $request['status'] );
		}
		return true;
	}

	/**
	 * Request lines merged into stored lines: a line with an id updates that line (quantity 0
	 * removes an item), a line without an id is added.
	 *
	 * @param string $kind    Line kind.
	 * @param array  $stored  Stored lines.
	 * @param array  $request Request lines.
	 * @return array|WP_Error
	 */
	private static function merge_lines( $kind, array $stored, array $request ) {
		$by_id = array();
		foreach ( $stored as $line ) {
			$by_id[ (int) $line['id'] ] = $line;
		}
		foreach ( $request as $line ) {
			if ( ! is_array( $line ) ) {
				return new WP_Error( 'woocommerce_rest_invalid_' . $kind, sprintf( 'Each of %s must be an object.', $kind ), array( 'status' => 400 ) );
			}
			$id = (int) ( $line['id'] ?? 0 );
			if ( $id && ! isset( $by_id[ $id ] ) ) {
				return new WP_Error( 'woocommerce_rest_invalid_item_id', sprintf( 'Order item ID %d does not belong to this order.', $id ), array( 'status' => 400 ) );
			}
			$explicit = isset( $line['subtotal'] ) || isset( $line['total'] );
			$line     = $id ? array_merge( $by_id[ $id ], $line ) : array_merge( $line, array( 'id' => self::next_item_id() ) );
			if ( $explicit ) {
				unset( $line['_computed'] );
			}
			$line = self::validate_line( $kind, $line );
			if ( is_wp_error( $line ) ) {
				return $line;
			}
			if ( 'line_items' === $kind && 0 === (int) $line['quantity'] ) {
				unset( $by_id[ (int) $line['id'] ] );
				continue;
			}
			$by_id[ (int) $line['id'] ] = $line;
		}
		return array_values( $by_id );
	}

	/**
	 * A coupon line's snapshot of its coupon; lines stored before snapshots existed read the coupon.
	 *
	 * @param array $line Coupon line.
	 * @return array{discount_type:string, amount:float, free_shipping:bool}
	 */
	public static function coupon_info( array $line ) {
		if ( isset( $line['coupon_info'] ) && is_array( $line['coupon_info'] ) ) {
			return $line['coupon_info'];
		}
		$coupon = new WC_Coupon( (int) $line['coupon_id'] );
		return array(
			'discount_type' => $coupon->get_discount_type(),
			'amount'        => (float) $coupon->get_amount(),
			'free_shipping' => (bool) $coupon->get_prop( 'free_shipping', false ),
		);
	}

	/**
	 * One line checked and completed.
	 *
	 * @param string $kind Line kind.
	 * @param array  $line Line.
	 * @return array|WP_Error
	 */
	private static function validate_line( $kind, array $line ) {
		switch ( $kind ) {
			case 'line_items':
				$product_id   = (int) ( $line['variation_id'] ?? 0 ) ? (int) $line['variation_id'] : (int) ( $line['product_id'] ?? 0 );
				$product      = $product_id ? wc_get_product( $product_id ) : false;
				$sku_given    = isset( $line['sku'] ) && '' !== $line['sku'] && ! $product;
				if ( $sku_given ) {
					$product = wc_get_product( WC_Standin_Rest_Products::find_by_sku( $line['sku'] ) );
				}
				if ( ! $product ) {
					return new WP_Error( 'woocommerce_rest_required_product_reference', 'Product ID or SKU is required.', array( 'status' => 400 ) );
				}
				if ( ! isset( $line['quantity'] ) || ! is_numeric( $line['quantity'] ) || (int) $line['quantity'] < 0 ) {
					return new WP_Error( 'woocommerce_rest_invalid_product_quantity', 'Product quantity must be a positive number.', array( 'status' => 400 ) );
				}
				$is_variation         = $product instanceof WC_Product_Variation;
				$line['product_id']   = $is_variation ? $product->get_parent_id() : $product->get_id();
				$line['variation_id'] = $is_variation ? $product->get_id() : 0;
				$line['quantity']     = (int) $line['quantity'];
				$line['name']         = $is_variation ? get_the_title( $product->get_parent_id() ) : $product->get_name();
				$line['sku']          = $product->get_sku();
				$line['tax_class']    = (string) $product->get_prop( 'tax_class', '' );
				$line['unit_price']   = isset( $line['unit_price'] ) ? $line['unit_price'] : (float) $product->get_price();
				return $line;
			case 'shipping_lines':
				if ( ! isset( $line['method_id'] ) ) {
					return new WP_Error( 'woocommerce_rest_invalid_shipping_item', 'Shipping method ID is required.', array( 'status' => 400 ) );
				}
				$line['method_title'] = (string) ( $line['method_title'] ?? '' );
				$line['instance_id']  = (string) ( $line['instance_id'] ?? '' );
				$line['total']        = (string) ( $line['total'] ?? '0' );
				return $line;
			case 'fee_lines':
				if ( ! isset( $line['name'] ) || '' === $line['name'] ) {
					return new WP_Error( 'woocommerce_rest_invalid_fee_item', 'Fee name is required.', array( 'status' => 400 ) );
				}
				$line['tax_class']  = (string) ( $line['tax_class'] ?? '' );
				$line['tax_status'] = (string) ( $line['tax_status'] ?? 'taxable' );
				$line['total']      = (string) ( $line['total'] ?? '0' );
				return $line;
			default:
				$coupon_id = isset( $line['code'] ) ? WC_Standin_Rest_People::coupon_id_by_code( $line['code'] ) : 0;
				if ( ! $coupon_id ) {
					return new WP_Error( 'woocommerce_rest_invalid_coupon', sprintf( 'Coupon "%s" does not exist!', (string) ( $line['code'] ?? '' ) ), array( 'status' => 400 ) );
				}
				$line['coupon_id'] = $coupon_id;
				$line['code']      = strtolower( (string) $line['code'] );
				// Like WooCommerce's coupon_info item meta: the coupon as it was when applied, so a
				// later edit of the coupon changes neither this order's totals nor its REST view.
				$line['coupon_info'] = self::coupon_info( $line );
				return $line;
		}
	}

	/**
	 * Order item ids (one sequence for every kind of line, like WooCommerce's order items table).
	 *
	 * @return int
	 */
	private static function next_item_id() {
		$next = (int) get_option( 'wc_standin_order_item_next', 1 );
		update_option( 'wc_standin_order_item_next', $next + 1 );
		return $next;
	}

	/**
	 * An order as WooCommerce answers it (8.9.1's keys and types, `_links` aside).
	 *
	 * @param WC_Order $order Order.
	 * @return array
	 */
	public static function format_order( WC_Order $order ) {
		$post    = get_post( $order->get_id() );
		$p       = static function ( $name, $default = '' ) use ( $order ) {
			return $order->get_prop( $name, $default );
		};
		$status  = $order->get_status();
		$taxes   = static function ( array $by_rate, $with_subtotal ) {
			$out = array();
			foreach ( $by_rate as $rate_id => $amounts ) {
				$out[] = array(
					'id'       => (int) $rate_id,
					'total'    => WC_Standin_Rest_Support::decimal( $amounts['total'] ),
					'subtotal' => $with_subtotal ? WC_Standin_Rest_Support::decimal( $amounts['subtotal'] ) : '',
				);
			}
			return $out;
		};
		$items   = array();
		foreach ( (array) $p( 'line_items', array() ) as $line ) {
			// WooCommerce 8.9.1 answers product_id 0 and sku null for a line whose product was
			// deleted (fixture orders/deleted-product.json).
			$ordered_id = (int) $line['variation_id'] ? (int) $line['variation_id'] : (int) $line['product_id'];
			$gone       = $ordered_id > 0 && ! wc_get_product( $ordered_id );
			$items[]    = array(
				'id'           => (int) $line['id'],
				'name'         => (string) $line['name'],
				'product_id'   => $gone ? 0 : (int) $line['product_id'],
				'variation_id' => $gone ? 0 : (int) $line['variation_id'],
				'quantity'     => (int) $line['quantity'],
				'tax_class'    => (string) $line['tax_class'],
				'subtotal'     => WC_Standin_Rest_Support::money( $line['subtotal'] ),
				'subtotal_tax' => WC_Standin_Rest_Support::money( $line['subtotal_tax'] ),
				'total'        => WC_Standin_Rest_Support::money( $line['total'] ),
				'total_tax'    => WC_Standin_Rest_Support::money( $line['total_tax'] ),
				'taxes'        => $taxes( (array) $line['taxes'], true ),
				'meta_data'    => array(),
				'sku'          => $gone ? null : (string) $line['sku'],
				'price'        => $line['quantity'] ? round( (float) $line['total'] / (int) $line['quantity'], 2 ) : 0.0,
				// WooCommerce 8.9.1 answers id "" for a product without an image, 0 for a variation's.
				'image'        => array(
					'id'  => $line['variation_id'] ? 0 : '',
					'src' => '',
				),
				'parent_name'  => $line['variation_id'] ? (string) $line['name'] : null,
			);
		}
		$shipping = array();
		foreach ( (array) $p( 'shipping_lines', array() ) as $line ) {
			$shipping[] = array(
				'id'           => (int) $line['id'],
				'method_title' => (string) $line['method_title'],
				'method_id'    => (string) $line['method_id'],
				'instance_id'  => (string) $line['instance_id'],
				'total'        => WC_Standin_Rest_Support::money( $line['total'] ),
				'total_tax'    => WC_Standin_Rest_Support::money( $line['total_tax'] ?? 0 ),
				'taxes'        => $taxes( (array) ( $line['taxes'] ?? array() ), false ),
				'meta_data'    => array(),
			);
		}
		$fees = array();
		foreach ( (array) $p( 'fee_lines', array() ) as $line ) {
			$fees[] = array(
				'id'         => (int) $line['id'],
				'name'       => (string) $line['name'],
				'tax_class'  => (string) $line['tax_class'],
				'tax_status' => (string) $line['tax_status'],
				// Only the cart sets a fee's amount; a fee added through REST has none, as in 8.9.1.
				'amount'     => isset( $line['amount'] ) && '' !== $line['amount'] ? WC_Standin_Rest_Support::money( $line['amount'] ) : '',
				'total'      => WC_Standin_Rest_Support::money( $line['total'] ),
				'total_tax'  => WC_Standin_Rest_Support::money( $line['total_tax'] ?? 0 ),
				'taxes'      => $taxes( (array) ( $line['taxes'] ?? array() ), false ),
				'meta_data'  => array(),
			);
		}
		$coupons = array();
		foreach ( (array) $p( 'coupon_lines', array() ) as $line ) {
			$info      = self::coupon_info( $line );
			$coupons[] = array(
				'id'             => (int) $line['id'],
				'code'           => (string) $line['code'],
				'discount'       => WC_Standin_Rest_Support::money( $line['discount'] ?? 0 ),
				'discount_tax'   => WC_Standin_Rest_Support::decimal( round( (float) ( $line['discount_tax'] ?? 0 ), 2 ) ),
				'meta_data'      => array(),
				'discount_type'  => $info['discount_type'],
				'nominal_amount' => $info['amount'],
				'free_shipping'  => $info['free_shipping'],
			);
		}
		$tax_lines = array();
		foreach ( (array) $p( 'tax_lines', array() ) as $line ) {
			$tax_lines[] = array(
				'id'                 => (int) $line['id'],
				'rate_code'          => (string) $line['rate_code'],
				'rate_id'            => (int) $line['rate_id'],
				'label'              => (string) $line['label'],
				'compound'           => (bool) $line['compound'],
				'tax_total'          => WC_Standin_Rest_Support::money( $line['tax_total'] ),
				'shipping_tax_total' => WC_Standin_Rest_Support::money( $line['shipping_tax_total'] ),
				'rate_percent'       => floor( (float) $line['rate_percent'] ) === (float) $line['rate_percent'] ? (int) $line['rate_percent'] : (float) $line['rate_percent'],
				'meta_data'          => array(),
			);
		}
		$paid      = in_array( $status, array( 'processing', 'completed' ), true );
		$order_key = (string) $p( 'order_key' );
		return array_merge(
			array(
				'id'                 => $order->get_id(),
				'parent_id'          => 0,
				'status'             => $status,
				'currency'           => (string) $p( 'currency', 'USD' ),
				'version'            => (string) $p( 'version', WC_VERSION ),
				'prices_include_tax' => false,
			),
			array(
				'date_created'  => WC_Standin_Rest_Support::dates( 'x', $post->post_date, $post->post_date_gmt )['x'],
				'date_modified' => WC_Standin_Rest_Support::dates( 'x', $post->post_modified, $post->post_modified_gmt )['x'],
			),
			array(
				'discount_total'       => WC_Standin_Rest_Support::money( $p( 'discount_total', 0 ) ),
				'discount_tax'         => WC_Standin_Rest_Support::money( $p( 'discount_tax', 0 ) ),
				'shipping_total'       => WC_Standin_Rest_Support::money( $p( 'shipping_total', 0 ) ),
				'shipping_tax'         => WC_Standin_Rest_Support::money( $p( 'shipping_tax', 0 ) ),
				'cart_tax'             => WC_Standin_Rest_Support::money( $p( 'cart_tax', 0 ) ),
				'total'                => WC_Standin_Rest_Support::money( $p( 'total', 0 ) ),
				'total_tax'            => WC_Standin_Rest_Support::money( $p( 'total_tax', 0 ) ),
				'customer_id'          => (int) $p( 'customer_id', 0 ),
				'order_key'            => $order_key,
				'billing'              => WC_Standin_Rest_Support::address( (array) $p( 'billing', array() ), 'billing' ),
				'shipping'             => WC_Standin_Rest_Support::address( (array) $p( 'shipping', array() ), 'shipping' ),
				'payment_method'       => (string) $p( 'payment_method' ),
				'payment_method_title' => (string) $p( 'payment_method_title' ),
				'transaction_id'       => (string) $p( 'transaction_id' ),
				'customer_ip_address'  => '',
				'customer_user_agent'  => '',
				'created_via'          => (string) $p( 'created_via', 'rest-api' ),
				'customer_note'        => (string) $p( 'customer_note' ),
				'date_completed'       => WC_Standin_Rest_Support::dates_from_gmt( 'x', $p( 'date_completed', null ) )['x'],
				'date_paid'            => WC_Standin_Rest_Support::dates_from_gmt( 'x', $p( 'date_paid', null ) )['x'],
				'cart_hash'            => '',
				'number'               => (string) $order->get_id(),
				'meta_data'            => $order->get_meta_data(),
				'line_items'           => $items,
				'tax_lines'            => $tax_lines,
				'shipping_lines'       => $shipping,
				'fee_lines'            => $fees,
				'coupon_lines'         => $coupons,
				'refunds'              => array(),
				'payment_url'          => add_query_arg(
					array(
						'pay_for_order' => 'true',
						'key'           => $order_key,
					),
					home_url( '/checkout/order-pay/' . $order->get_id() . '/' )
				),
				'is_editable'          => in_array( $status, array( 'pending', 'on-hold', 'auto-draft' ), true ),
				'needs_payment'        => in_array( $status, array( 'pending', 'failed' ), true ) && (float) $p( 'total', 0 ) > 0,
				'needs_processing'     => true,
				'date_created_gmt'     => WC_Standin_Rest_Support::dates( 'x', $post->post_date, $post->post_date_gmt )['x_gmt'],
				'date_modified_gmt'    => WC_Standin_Rest_Support::dates( 'x', $post->post_modified, $post->post_modified_gmt )['x_gmt'],
				'date_completed_gmt'   => WC_Standin_Rest_Support::dates_from_gmt( 'x', $p( 'date_completed', null ) )['x_gmt'],
				'date_paid_gmt'        => WC_Standin_Rest_Support::dates_from_gmt( 'x', $p( 'date_paid', null ) )['x_gmt'],
				'currency_symbol'      => '$',
			)
		);
	}
}

/**
 * Order totals for prices that exclude tax (see the simplifications at the top of this file).
 */
final class WC_Standin_Order_Totals {
	/**
	 * Recomputes every line, the tax lines and the order totals.
	 *
	 * @param WC_Order $order Order.
	 */
	public static function calculate( WC_Order $order ) {
		$location = self::location( $order );
		$items    = (array) $order->get_prop( 'line_items', array() );

		// Subtotals, then coupon discounts, line by line.
		foreach ( $items as $i => $line ) {
			$subtotal              = isset( $line['subtotal'] ) && '' !== $line['subtotal'] && ! isset( $line['_computed'] ) ? (float) $line['subtotal'] : (float) $line['unit_price'] * (int) $line['quantity'];
			$items[ $i ]['subtotal'] = $subtotal;
			$items[ $i ]['total']    = isset( $line['total'] ) && '' !== $line['total'] && ! isset( $line['_computed'] ) ? (float) $line['total'] : $subtotal;
			$items[ $i ]['_computed'] = true;
		}
		$coupons = (array) $order->get_prop( 'coupon_lines', array() );
		foreach ( $coupons as $c => $coupon_line ) {
			$info     = WC_Standin_Rest_Orders::coupon_info( $coupon_line );
			$amount   = $info['amount'];
			$type     = $info['discount_type'];
			$subtotal = array_sum( array_column( $items, 'subtotal' ) );
			$given    = 0.0;
			$discount = array();
			$keys     = array_keys( $items );
			foreach ( $keys as $n => $i ) {
				$line = $items[ $i ];
				if ( 'percent' === $type ) {
					// In cents, rounded down per line; the cents left over go to the lines in order.
					$cut = floor( round( $line['subtotal'] * 100 ) * $amount / 100 ) / 100;
				} elseif ( 'fixed_product' === $type ) {
					$cut = $amount * $line['quantity'];
				} elseif ( count( $keys ) - 1 === $n ) {
					$cut = min( $amount, $subtotal ) - $given;
				} else {
					$cut = $subtotal > 0 ? round( min( $amount, $subtotal ) * $line['subtotal'] / $subtotal, 2 ) : 0.0;
				}
				$cut            = max( 0.0, min( $cut, $items[ $i ]['total'] ) );
				$given         += $cut;
				$discount[ $i ] = $cut;
				$items[ $i ]['total'] -= $cut;
			}
			if ( 'percent' === $type ) {
				$left = (int) round( floor( round( $subtotal * 100 ) * $amount / 100 ) - round( $given * 100 ) );
				foreach ( $keys as $i ) {
					if ( $left <= 0 ) {
						break;
					}
					if ( $items[ $i ]['total'] >= 0.01 ) {
						$items[ $i ]['total'] -= 0.01;
						$discount[ $i ]       += 0.01;
						$given                += 0.01;
						--$left;
					}
				}
			}
			$coupons[ $c ]['discount']      = $given;
			$coupons[ $c ]['_line_discount'] = $discount;
		}

		$tax_lines = array();
		$cart_tax  = 0.0;
		foreach ( $items as $i => $line ) {
			$rates        = self::rates( $line['tax_class'], $location, false );
			$sub_taxes    = self::taxes( $line['subtotal'], $rates );
			$taxes        = self::taxes( $line['total'], $rates );
			$by_rate      = array();
			$subtotal_tax = 0.0;
			$total_tax    = 0.0;
			foreach ( $taxes as $rate_id => $tax ) {
				$by_rate[ $rate_id ] = array(
					'total'    => $tax,
					'subtotal' => $sub_taxes[ $rate_id ],
				);
				$subtotal_tax       += $sub_taxes[ $rate_id ];
				$total_tax          += $tax;
				self::add_tax_line( $tax_lines, $rates[ $rate_id ], $rate_id, $tax, 0.0 );
			}
			$items[ $i ]['taxes']        = $by_rate;
			$items[ $i ]['subtotal_tax'] = $subtotal_tax;
			$items[ $i ]['total_tax']    = $total_tax;
		}
		foreach ( $coupons as $c => $coupon_line ) {
			$discount_tax = 0.0;
			foreach ( $coupon_line['_line_discount'] as $i => $cut ) {
				$rates         = self::rates( $items[ $i ]['tax_class'], $location, false );
				$discount_tax += array_sum( self::taxes( $cut, $rates ) );
			}
			unset( $coupons[ $c ]['_line_discount'] );
			$coupons[ $c ]['discount_tax'] = $discount_tax;
		}

		$shipping_lines = (array) $order->get_prop( 'shipping_lines', array() );
		$shipping_tax   = 0.0;
		foreach ( $shipping_lines as $s => $line ) {
			$rates   = self::rates( '', $location, true );
			$taxes   = self::taxes( (float) $line['total'], $rates );
			$by_rate = array();
			foreach ( $taxes as $rate_id => $tax ) {
				$by_rate[ $rate_id ] = array(
					'total'    => round( $tax, 2 ),
					'subtotal' => 0,
				);
				self::add_tax_line( $tax_lines, $rates[ $rate_id ], $rate_id, 0.0, round( $tax, 2 ) );
			}
			$shipping_lines[ $s ]['taxes']     = $by_rate;
			$shipping_lines[ $s ]['total_tax'] = round( array_sum( $taxes ), 2 );
			$shipping_tax                     += round( array_sum( $taxes ), 2 );
		}

		$fee_lines = (array) $order->get_prop( 'fee_lines', array() );
		$fee_total = 0.0;
		foreach ( $fee_lines as $f => $line ) {
			$rates   = 'taxable' === $line['tax_status'] ? self::rates( $line['tax_class'], $location, false ) : array();
			$taxes   = self::taxes( (float) $line['total'], $rates );
			$by_rate = array();
			foreach ( $taxes as $rate_id => $tax ) {
				$by_rate[ $rate_id ] = array(
					'total'    => $tax,
					'subtotal' => 0,
				);
				self::add_tax_line( $tax_lines, $rates[ $rate_id ], $rate_id, $tax, 0.0 );
			}
			$fee_lines[ $f ]['taxes']     = $by_rate;
			$fee_lines[ $f ]['total_tax'] = array_sum( $taxes );
			$fee_total                   += (float) $line['total'];
		}

		foreach ( $tax_lines as $rate_id => $line ) {
			$tax_lines[ $rate_id ]['tax_total'] = round( $line['tax_total'], 2 );
			$cart_tax                          += round( $line['tax_total'], 2 );
		}
		if ( empty( $order->get_prop( 'tax_line_ids' ) ) ) {
			$order->set_props( array( 'tax_line_ids' => array() ) );
		}
		$tax_line_ids = (array) $order->get_prop( 'tax_line_ids', array() );
		foreach ( array_keys( $tax_lines ) as $rate_id ) {
			if ( ! isset( $tax_line_ids[ $rate_id ] ) ) {
				$next                     = (int) get_option( 'wc_standin_order_item_next', 1 );
				$tax_line_ids[ $rate_id ] = $next;
				update_option( 'wc_standin_order_item_next', $next + 1 );
			}
			$tax_lines[ $rate_id ]['id'] = $tax_line_ids[ $rate_id ];
		}

		$items_total    = array_sum( array_column( $items, 'total' ) );
		$items_subtotal = array_sum( array_column( $items, 'subtotal' ) );
		$shipping_total = array_sum( array_map( 'floatval', array_column( $shipping_lines, 'total' ) ) );
		$order->set_props(
			array(
				'line_items'     => array_values( $items ),
				'coupon_lines'   => array_values( $coupons ),
				'shipping_lines' => array_values( $shipping_lines ),
				'fee_lines'      => array_values( $fee_lines ),
				'tax_lines'      => array_values( $tax_lines ),
				'tax_line_ids'   => $tax_line_ids,
				'discount_total' => round( $items_subtotal - $items_total, 2 ),
				'discount_tax'   => round( array_sum( array_column( $coupons, 'discount_tax' ) ), 2 ),
				'shipping_total' => $shipping_total,
				'shipping_tax'   => $shipping_tax,
				'cart_tax'       => $cart_tax,
				'total_tax'      => round( $cart_tax + $shipping_tax, 2 ),
				'total'          => round( $items_total + $fee_total + $shipping_total + $cart_tax + $shipping_tax, 2 ),
			)
		);
	}

	/**
	 * Adds to the tax line of a rate.
	 *
	 * @param array $tax_lines    Lines by rate id (changed).
	 * @param array $rate         Rate fields.
	 * @param int   $rate_id      Rate id.
	 * @param float $tax          Item/fee tax.
	 * @param float $shipping_tax Shipping tax.
	 */
	private static function add_tax_line( array &$tax_lines, array $rate, $rate_id, $tax, $shipping_tax ) {
		if ( ! isset( $tax_lines[ $rate_id ] ) ) {
			$code                  = strtoupper( implode( '-', array_filter( array( $rate['tax_rate_country'] ?? '', $rate['tax_rate_state'] ?? '', '' === ( $rate['tax_rate_name'] ?? '' ) ? 'TAX' : $rate['tax_rate_name'], (string) ( $rate['tax_rate_priority'] ?? 1 ) ), 'strlen' ) ) );
			$tax_lines[ $rate_id ] = array(
				'rate_code'          => $code,
				'rate_id'            => (int) $rate_id,
				'label'              => '' === ( $rate['tax_rate_name'] ?? '' ) ? 'Tax' : $rate['tax_rate_name'],
				'compound'           => (bool) ( $rate['tax_rate_compound'] ?? false ),
				'tax_total'          => 0.0,
				'shipping_tax_total' => 0.0,
				'rate_percent'       => (float) ( $rate['tax_rate'] ?? 0 ),
			);
		}
		$tax_lines[ $rate_id ]['tax_total']          += $tax;
		$tax_lines[ $rate_id ]['shipping_tax_total'] += $shipping_tax;
	}

	/**
	 * The tax location: shipping address, else billing, else the store (US:CA).
	 *
	 * @param WC_Order $order Order.
	 * @return array{country:string, state:string, postcode:string, city:string}
	 */
	private static function location( WC_Order $order ) {
		foreach ( array( 'shipping', 'billing' ) as $kind ) {
			$address = (array) $order->get_prop( $kind, array() );
			if ( ! empty( $address['country'] ) ) {
				return array(
					'country'  => strtoupper( (string) $address['country'] ),
					'state'    => strtoupper( (string) ( $address['state'] ?? '' ) ),
					'postcode' => strtoupper( (string) ( $address['postcode'] ?? '' ) ),
					'city'     => strtoupper( (string) ( $address['city'] ?? '' ) ),
				);
			}
		}
		return array(
			'country'  => 'US',
			'state'    => 'CA',
			'postcode' => '',
			'city'     => '',
		);
	}

	/**
	 * Matching rates, one per priority (lowest order first), by id.
	 *
	 * @param string $tax_class Class slug ('' = standard).
	 * @param array  $location  Location.
	 * @param bool   $shipping  Only rates that apply to shipping.
	 * @return array Rate id → fields.
	 */
	private static function rates( $tax_class, array $location, $shipping ) {
		$tax_class = 'standard' === $tax_class ? '' : (string) $tax_class;
		$rates     = WC_Tax::standin_all_rates();
		uksort(
			$rates,
			static function ( $a, $b ) use ( $rates ) {
				$cmp = array( (int) ( $rates[ $a ]['tax_rate_priority'] ?? 1 ), (int) ( $rates[ $a ]['tax_rate_order'] ?? 0 ), $a ) <=> array( (int) ( $rates[ $b ]['tax_rate_priority'] ?? 1 ), (int) ( $rates[ $b ]['tax_rate_order'] ?? 0 ), $b );
				return $cmp;
			}
		);
		$chosen     = array();
		$priorities = array();
		foreach ( $rates as $id => $rate ) {
			$priority  = (int) ( $rate['tax_rate_priority'] ?? 1 );
			$locations = WC_Tax::standin_locations( $id );
			$matches   = ( $rate['tax_rate_class'] ?? '' ) === $tax_class
				&& ( '' === ( $rate['tax_rate_country'] ?? '' ) || strtoupper( $rate['tax_rate_country'] ) === $location['country'] )
				&& ( '' === ( $rate['tax_rate_state'] ?? '' ) || strtoupper( $rate['tax_rate_state'] ) === $location['state'] )
				&& ( empty( $locations['postcodes'] ) || in_array( $location['postcode'], $locations['postcodes'], true ) )
				&& ( empty( $locations['cities'] ) || in_array( $location['city'], $locations['cities'], true ) )
				&& ( ! $shipping || ! empty( $rate['tax_rate_shipping'] ) );
			if ( $matches && ! isset( $priorities[ $priority ] ) ) {
				$priorities[ $priority ] = true;
				$chosen[ (int) $id ]     = $rate;
			}
		}
		return $chosen;
	}

	/**
	 * Unrounded taxes of an amount, by rate id (compound rates on the amount plus earlier taxes).
	 *
	 * @param float $amount Amount.
	 * @param array $rates  Rates by id.
	 * @return array Rate id → tax.
	 */
	private static function taxes( $amount, array $rates ) {
		$taxes = array();
		foreach ( $rates as $id => $rate ) {
			if ( empty( $rate['tax_rate_compound'] ) ) {
				$taxes[ $id ] = (float) $amount * (float) $rate['tax_rate'] / 100;
			}
		}
		$base = (float) $amount + array_sum( $taxes );
		foreach ( $rates as $id => $rate ) {
			if ( ! empty( $rate['tax_rate_compound'] ) ) {
				$taxes[ $id ] = $base * (float) $rate['tax_rate'] / 100;
				$base        += $taxes[ $id ];
			}
		}
		return $taxes;
	}
}
