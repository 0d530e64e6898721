<?php
/**
 * Stand-in wc/v3 routes for customers, coupons, tax rates and tax classes (tests only — not
 * WooCommerce). Writes go through the stand-in's CRUD classes and WC_Tax, so the same actions fire
 * as with WooCommerce's REST API.
 *
 * @package MegaventorySyncTests
 */

/**
 * Customers, coupons, taxes.
 */
final class WC_Standin_Rest_People {
	const COUPON_FIELDS = array( 'code', 'amount', 'status', 'discount_type', 'description', 'date_expires', 'individual_use', 'product_ids', 'excluded_product_ids', 'usage_limit', 'usage_limit_per_user', 'limit_usage_to_x_items', 'free_shipping', 'product_categories', 'excluded_product_categories', 'exclude_sale_items', 'minimum_amount', 'maximum_amount', 'email_restrictions', 'meta_data' );

	/**
	 * Registers the routes.
	 */
	public static function register() {
		$ns    = WC_Standin_Rest_Support::NAMESPACE_V3;
		$c     = self::class;
		$force = array(
			'force' => array(
				'type'    => 'boolean',
				'default' => false,
			),
		);

		$address = array(
			'type'       => 'object',
			'properties' => array_fill_keys( WC_Customer::ADDRESS_FIELDS, array( 'type' => 'string' ) ),
		);
		$customer_args = array(
			'email'      => array(
				'type'   => 'string',
				'format' => 'email',
			),
			'first_name' => array( 'type' => 'string' ),
			'last_name'  => array( 'type' => 'string' ),
			'username'   => array( 'type' => 'string' ),
			'password'   => array( 'type' => 'string' ),
			'billing'    => $address,
			'shipping'   => $address,
			'meta_data'  => WC_Standin_Rest_Support::meta_schema(),
		);
		register_rest_route(
			$ns,
			'/customers',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => array( $c, 'list_customers' ),
					'permission_callback' => self::user_permission( 'read', 'view' ),
					'args'                => array_merge(
						WC_Standin_Rest_Support::collection_args(),
						array(
							'order'   => array(
								'type'    => 'string',
								'enum'    => array( 'asc', 'desc' ),
								'default' => 'asc',
							),
							'orderby' => array(
								'type'    => 'string',
								'enum'    => array( 'id', 'include', 'name', 'registered_date' ),
								'default' => 'name',
							),
							'email'   => array(
								'type'   => 'string',
								'format' => 'email',
							),
							'role'    => array(
								'type'    => 'string',
								'default' => 'customer',
							),
						)
					),
				),
				array(
					'methods'             => 'POST',
					'callback'            => array( $c, 'create_customer' ),
					'permission_callback' => self::user_permission( 'create', 'create' ),
					'args'                => array_merge( $customer_args, array( 'email' => array_merge( $customer_args['email'], array( 'required' => true ) ) ) ),
				),
			)
		);
		register_rest_route(
			$ns,
			'/customers/(?P<id>[\d]+)',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => array( $c, 'get_customer' ),
					'permission_callback' => self::user_permission( 'read', 'view' ),
				),
				array(
					'methods'             => 'PUT, PATCH, POST',
					'callback'            => array( $c, 'update_customer' ),
					'permission_callback' => self::user_permission( 'edit', 'edit' ),
					'args'                => $customer_args,
				),
				array(
					'methods'             => 'DELETE',
					'callback'            => array( $c, 'delete_customer' ),
					'permission_callback' => self::user_permission( 'delete', 'delete' ),
					'args'                => array_merge(
						$force,
						array( 'reassign' => array( 'type' => array( 'integer', 'null' ) ) )
					),
				),
			)
		);

		$coupon_args = array(
			'code'                 => array( 'type' => 'string' ),
			'amount'               => array( 'type' => 'string' ),
			'status'               => array(
				'type' => 'string',
				'enum' => array( 'draft', 'pending', 'private', 'publish', 'future' ),
			),
			'discount_type'        => array(
				'type' => 'string',
				'enum' => array( 'percent', 'fixed_cart', 'fixed_product' ),
			),
			'description'          => array( 'type' => 'string' ),
			'date_expires'         => array( 'type' => array( 'string', 'null' ) ),
			'individual_use'       => array( 'type' => 'boolean' ),
			'product_ids'          => array(
				'type'  => 'array',
				'items' => array( 'type' => 'integer' ),
			),
			'excluded_product_ids' => array(
				'type'  => 'array',
				'items' => array( 'type' => 'integer' ),
			),
			'usage_limit'          => array( 'type' => array( 'integer', 'null' ) ),
			'usage_limit_per_user' => array( 'type' => array( 'integer', 'null' ) ),
			'free_shipping'        => array( 'type' => 'boolean' ),
			'exclude_sale_items'   => array( 'type' => 'boolean' ),
			'minimum_amount'       => array( 'type' => 'string' ),
			'maximum_amount'       => array( 'type' => 'string' ),
			'email_restrictions'   => array(
				'type'  => 'array',
				'items' => array( 'type' => 'string' ),
			),
			'meta_data'            => WC_Standin_Rest_Support::meta_schema(),
		);
		register_rest_route(
			$ns,
			'/coupons',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => array( $c, 'list_coupons' ),
					'permission_callback' => self::coupon_permission( 'read', 'view' ),
					'args'                => array_merge(
						WC_Standin_Rest_Support::collection_args(),
						array(
							'orderby' => array(
								'type'    => 'string',
								'enum'    => array( 'date', 'id', 'title' ),
								'default' => 'date',
							),
							'code'    => array( 'type' => 'string' ),
						)
					),
				),
				array(
					'methods'             => 'POST',
					'callback'            => array( $c, 'create_coupon' ),
					'permission_callback' => self::coupon_permission( 'create', 'create' ),
					'args'                => array_merge( $coupon_args, array( 'code' => array( 'type' => 'string', 'required' => true ) ) ), // phpcs:ignore WordPress.Arrays.ArrayDeclarationSpacing.AssociativeArrayFound -- one short schema.
				),
			)
		);
		register_rest_route(
			$ns,
			'/coupons/(?P<id>[\d]+)',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => array( $c, 'get_coupon' ),
					'permission_callback' => self::coupon_permission( 'read', 'view' ),
				),
				array(
					'methods'             => 'PUT, PATCH, POST',
					'callback'            => array( $c, 'update_coupon' ),
					'permission_callback' => self::coupon_permission( 'edit', 'edit' ),
					'args'                => $coupon_args,
				),
				array(
					'methods'             => 'DELETE',
					'callback'            => array( $c, 'delete_coupon' ),
					'permission_callback' => self::coupon_permission( 'delete', 'delete' ),
					'args'                => $force,
				),
			)
		);

		$manager   = static function () {
			return current_user_can( 'manage_woocommerce' );
		};
		$tax_args  = array(
			'country'   => array( 'type' => 'string' ),
			'state'     => array( 'type' => 'string' ),
			'postcode'  => array( 'type' => 'string' ),
			'city'      => array( 'type' => 'string' ),
			'postcodes' => array(
				'type'  => 'array',
				'items' => array( 'type' => 'string' ),
			),
			'cities'    => array(
				'type'  => 'array',
				'items' => array( 'type' => 'string' ),
			),
			'rate'      => array( 'type' => 'string' ),
			'name'      => array( 'type' => 'string' ),
			'priority'  => array( 'type' => 'integer' ),
			'compound'  => array( 'type' => 'boolean' ),
			'shipping'  => array( 'type' => 'boolean' ),
			'order'     => array( 'type' => 'integer' ),
			'class'     => array( 'type' => 'string' ),
		);
		$tax_list_args          = WC_Standin_Rest_Support::collection_args();
		$tax_list_args['order'] = array(
			'type'    => 'string',
			'enum'    => array( 'asc', 'desc' ),
			'default' => 'asc',
		);
		$tax_list_args['orderby'] = array(
			'type'    => 'string',
			'enum'    => array( 'id', 'order', 'priority' ),
			'default' => 'order',
		);
		$tax_list_args['class']   = array( 'type' => 'string' );
		register_rest_route(
			$ns,
			'/taxes',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => array( $c, 'list_taxes' ),
					'permission_callback' => WC_Standin_Rest_Support::permission( $manager, 'view' ),
					'args'                => $tax_list_args,
				),
				array(
					'methods'             => 'POST',
					'callback'            => array( $c, 'create_tax' ),
					'permission_callback' => WC_Standin_Rest_Support::permission( $manager, 'create' ),
					'args'                => $tax_args,
				),
			)
		);
		register_rest_route(
			$ns,
			'/taxes/(?P<id>[\d]+)',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => array( $c, 'get_tax' ),
					'permission_callback' => WC_Standin_Rest_Support::permission( $manager, 'view' ),
				),
				array(
					'methods'             => 'PUT, PATCH, POST',
					'callback'            => array( $c, 'update_tax' ),
					'permission_callback' => WC_Standin_Rest_Support::permission( $manager, 'edit' ),
					'args'                => $tax_args,
				),
				array(
					'methods'             => 'DELETE',
					'callback'            => array( $c, 'delete_tax' ),
					'permission_callback' => WC_Standin_Rest_Support::permission( $manager, 'delete' ),
					'args'                => $force,
				),
			)
		);
		register_rest_route(
			$ns,
			'/taxes/classes',
			array(
				'methods'             => 'GET',
				'callback'            => array( $c, 'list_tax_classes' ),
				'permission_callback' => WC_Standin_Rest_Support::permission( $manager, 'view' ),
			)
		);
	}

	/**
	 * Customer permission for the route's user.
	 *
	 * @param string $context read, create, edit, delete.
	 * @param string $action  view, create, edit, delete.
	 * @return Closure
	 */
	private static function user_permission( $context, $action ) {
		return static function ( WP_REST_Request $request ) use ( $context, $action ) {
			$id = (int) $request['id'];
			if ( in_array( $context, array( 'edit', 'delete' ), true ) && ! get_userdata( $id ) ) {
				return true; // The callback answers 404.
			}
			return WC_Standin_Rest_Support::can_user( $context, $id ) ? true : WC_Standin_Rest_Support::forbidden( $action );
		};
	}

	/**
	 * Coupon permission.
	 *
	 * @param string $context read, create, edit, delete.
	 * @param string $action  view, create, edit, delete.
	 * @return Closure
	 */
	private static function coupon_permission( $context, $action ) {
		return static function ( WP_REST_Request $request ) use ( $context, $action ) {
			$id = (int) $request['id'];
			if ( in_array( $context, array( 'edit', 'delete' ), true ) && 'shop_coupon' !== get_post_type( $id ) ) {
				return true;
			}
			return WC_Standin_Rest_Support::can_post( 'shop_coupon', $context, $id ) ? true : WC_Standin_Rest_Support::forbidden( $action );
		};
	}

	// Customers.

	/**
	 * 404 for a customer id.
	 *
	 * @return WP_Error
	 */
	private static function invalid_customer() {
		return new WP_Error( 'woocommerce_rest_invalid_id', 'Invalid resource ID.', array( 'status' => 404 ) );
	}

	/**
	 * GET /customers (role=customer unless role=all or another role is asked for, as in
	 * WooCommerce).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function list_customers( WP_REST_Request $request ) {
		$args = array(
			'fields'  => 'ID',
			'orderby' => 'ID',
		);
		if ( 'all' !== $request['role'] ) {
			$args['role'] = $request['role'];
		}
		if ( ! empty( $request['email'] ) ) {
			$args['search']         = $request['email'];
			$args['search_columns'] = array( 'user_email' );
		} elseif ( ! empty( $request['search'] ) ) {
			$args['search'] = '*' . $request['search'] . '*';
		}
		if ( ! empty( $request['include'] ) ) {
			$args['include'] = array_map( 'intval', $request['include'] );
		}
		$rows = array();
		foreach ( get_users( $args ) as $id ) {
			$user   = get_userdata( (int) $id );
			$rows[] = array(
				'id'              => (int) $id,
				'name'            => $user->display_name,
				'registered_date' => $user->user_registered,
				'include'         => array_search( (int) $id, array_map( 'intval', (array) $request['include'] ), true ),
			);
		}
		$rows = WC_Standin_Rest_Support::sort( $rows, $request['orderby'], $request['order'] );
		return WC_Standin_Rest_Support::page(
			$request,
			$rows,
			static function ( $row ) {
				return self::format_customer( new WC_Customer( $row['id'] ) );
			}
		);
	}

	/**
	 * GET /customers/{id}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function get_customer( WP_REST_Request $request ) {
		$customer = new WC_Customer( (int) $request['id'] );
		return $customer->get_id() ? new WP_REST_Response( self::format_customer( $customer ) ) : self::invalid_customer();
	}

	/**
	 * Applies request fields.
	 *
	 * @param WC_Customer     $customer Customer.
	 * @param WP_REST_Request $request  Request.
	 */
	private static function apply_customer( WC_Customer $customer, WP_REST_Request $request ) {
		foreach ( array( 'email', 'first_name', 'last_name', 'password' ) as $field ) {
			if ( $request->has_param( $field ) ) {
				$customer->{'set_' . $field}( (string) $request[ $field ] );
			}
		}
		foreach ( array( 'billing', 'shipping' ) as $kind ) {
			if ( is_array( $request[ $kind ] ) ) {
				$customer->set_address( $kind, $request[ $kind ] );
			}
		}
		if ( $request->has_param( 'meta_data' ) ) {
			WC_Standin_Rest_Support::apply_meta( $customer, $request['meta_data'] );
		}
	}

	/**
	 * POST /customers (username from the email when not given, as WooCommerce does).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function create_customer( WP_REST_Request $request ) {
		if ( email_exists( $request['email'] ) ) {
			return new WP_Error( 'registration-error-email-exists', 'An account is already registered with your email address.', array( 'status' => 400 ) );
		}
		$username = $request->has_param( 'username' ) && '' !== $request['username'] ? $request['username'] : sanitize_user( strstr( $request['email'], '@', true ), true );
		if ( username_exists( $username ) ) {
			$username .= '-' . wp_generate_password( 4, false, false );
		}
		$customer = new WC_Customer();
		$customer->set_username( $username );
		self::apply_customer( $customer, $request );
		try {
			$customer->save();
		} catch ( Exception $e ) {
			return new WP_Error( 'woocommerce_rest_cannot_create', $e->getMessage(), array( 'status' => 400 ) );
		}
		return new WP_REST_Response( self::format_customer( new WC_Customer( $customer->get_id() ) ), 201 );
	}

	/**
	 * PUT /customers/{id}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function update_customer( WP_REST_Request $request ) {
		$customer = new WC_Customer( (int) $request['id'] );
		if ( ! $customer->get_id() ) {
			return self::invalid_customer();
		}
		if ( $request->has_param( 'email' ) ) {
			$owner = email_exists( $request['email'] );
			if ( $owner && (int) $owner !== $customer->get_id() ) {
				return new WP_Error( 'woocommerce_rest_customer_invalid_email', 'Email address is invalid.', array( 'status' => 400 ) );
			}
		}
		if ( $request->has_param( 'username' ) && $request['username'] !== $customer->get( 'username' ) ) {
			return new WP_Error( 'woocommerce_rest_customer_invalid_argument', "Username isn't editable.", array( 'status' => 400 ) );
		}
		self::apply_customer( $customer, $request );
		try {
			$customer->save();
		} catch ( Exception $e ) {
			return new WP_Error( 'woocommerce_rest_cannot_edit', $e->getMessage(), array( 'status' => 400 ) );
		}
		return new WP_REST_Response( self::format_customer( new WC_Customer( $customer->get_id() ) ) );
	}

	/**
	 * DELETE /customers/{id}?force=true&reassign= (customers cannot be trashed).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function delete_customer( WP_REST_Request $request ) {
		$customer = new WC_Customer( (int) $request['id'] );
		if ( ! $customer->get_id() ) {
			return self::invalid_customer();
		}
		if ( ! $request['force'] ) {
			return new WP_Error( 'woocommerce_rest_trash_not_supported', 'Customers do not support trashing.', array( 'status' => 501 ) );
		}
		$reassign = isset( $request['reassign'] ) ? (int) $request['reassign'] : null;
		if ( null !== $reassign && ( $reassign === $customer->get_id() || ! get_userdata( $reassign ) ) ) {
			return new WP_Error( 'woocommerce_rest_customer_invalid_reassign', 'Invalid resource id for reassignment.', array( 'status' => 400 ) );
		}
		$before = self::format_customer( $customer );
		$customer->delete( $reassign );
		return new WP_REST_Response( $before );
	}

	/**
	 * A customer as WooCommerce answers it.
	 *
	 * @param WC_Customer $customer Customer.
	 * @return array
	 */
	public static function format_customer( WC_Customer $customer ) {
		$user     = get_userdata( $customer->get_id() );
		$modified = get_user_meta( $customer->get_id(), 'last_update', true );
		return array_merge(
			array( 'id' => $customer->get_id() ),
			WC_Standin_Rest_Support::dates_from_gmt( 'date_created', $user->user_registered ),
			WC_Standin_Rest_Support::dates_from_gmt( 'date_modified', $modified ? gmdate( 'Y-m-d H:i:s', (int) $modified ) : $user->user_registered ),
			array(
				'email'              => $customer->get_email(),
				'first_name'         => (string) $customer->get( 'first_name' ),
				'last_name'          => (string) $customer->get( 'last_name' ),
				'role'               => (string) $customer->get( 'role' ),
				'username'           => (string) $customer->get( 'username' ),
				'billing'            => self::customer_address( (array) $customer->get( 'billing' ), 'billing' ),
				'shipping'           => self::customer_address( (array) $customer->get( 'shipping' ), 'shipping' ),
				'is_paying_customer' => (bool) get_user_meta( $customer->get_id(), 'paying_customer', true ),
				'avatar_url'         => (string) get_avatar_url( $customer->get_email() ),
				'meta_data'          => $customer->get_meta_data(),
			)
		);
	}

	/**
	 * A customer's address in WooCommerce's field order for customers (postcode before country).
	 *
	 * @param array  $stored Stored fields.
	 * @param string $kind   billing or shipping.
	 * @return array
	 */
	private static function customer_address( array $stored, $kind ) {
		$fields = array( 'first_name', 'last_name', 'company', 'address_1', 'address_2', 'city', 'postcode', 'country', 'state' );
		$fields = array_merge( $fields, 'billing' === $kind ? array( 'email', 'phone' ) : array( 'phone' ) );
		$out    = array();
		foreach ( $fields as $field ) {
			$out[ $field ] = (string) ( $stored[ $field ] ?? '' );
		}
		return $out;
	}

	// Coupons.

	/**
	 * 404 for a coupon id.
	 *
	 * @return WP_Error
	 */
	private static function invalid_coupon() {
		return new WP_Error( 'woocommerce_rest_shop_coupon_invalid_id', 'Invalid ID.', array( 'status' => 404 ) );
	}

	/**
	 * A coupon by id, or null.
	 *
	 * @param int $id Id.
	 * @return WC_Coupon|null
	 */
	private static function coupon( $id ) {
		$coupon = new WC_Coupon( (int) $id );
		return $coupon->get_id() ? $coupon : null;
	}

	/**
	 * The coupon id holding a code (case-insensitive), or 0.
	 *
	 * @param string $code Code.
	 * @return int
	 */
	public static function coupon_id_by_code( $code ) {
		$ids = get_posts(
			array(
				'post_type'      => 'shop_coupon',
				'post_status'    => array( 'publish', 'draft', 'pending', 'private', 'future' ),
				'posts_per_page' => -1,
				'fields'         => 'ids',
			)
		);
		foreach ( $ids as $id ) {
			if ( 0 === strcasecmp( get_the_title( $id ), (string) $code ) ) {
				return (int) $id;
			}
		}
		return 0;
	}

	/**
	 * GET /coupons.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function list_coupons( WP_REST_Request $request ) {
		$ids  = get_posts(
			array(
				'post_type'      => 'shop_coupon',
				'post_status'    => array( 'publish', 'draft', 'pending', 'private', 'future' ),
				'posts_per_page' => -1,
				'fields'         => 'ids',
			)
		);
		$rows = array();
		foreach ( $ids as $id ) {
			$post = get_post( $id );
			if ( isset( $request['code'] ) && 0 !== strcasecmp( $post->post_title, $request['code'] ) ) {
				continue;
			}
			if ( ! empty( $request['include'] ) && ! in_array( (int) $id, array_map( 'intval', $request['include'] ), true ) ) {
				continue;
			}
			if ( ! empty( $request['search'] ) && false === stripos( $post->post_title, $request['search'] ) ) {
				continue;
			}
			$rows[] = array(
				'id'    => (int) $id,
				'date'  => $post->post_date_gmt,
				'title' => $post->post_title,
			);
		}
		$rows = WC_Standin_Rest_Support::sort( $rows, $request['orderby'], $request['order'] );
		return WC_Standin_Rest_Support::page(
			$request,
			$rows,
			static function ( $row ) {
				return self::format_coupon( new WC_Coupon( $row['id'] ) );
			}
		);
	}

	/**
	 * GET /coupons/{id}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function get_coupon( WP_REST_Request $request ) {
		$coupon = self::coupon( $request['id'] );
		return $coupon ? new WP_REST_Response( self::format_coupon( $coupon ) ) : self::invalid_coupon();
	}

	/**
	 * Applies request fields (code unique among coupons, as WooCommerce checks).
	 *
	 * @param WC_Coupon       $coupon  Coupon.
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	private static function apply_coupon( WC_Coupon $coupon, WP_REST_Request $request ) {
		$fields = WC_Standin_Rest_Support::fields( $request, self::COUPON_FIELDS );
		if ( isset( $fields['code'] ) ) {
			$fields['code'] = trim( wp_strip_all_tags( $fields['code'] ) );
			$owner          = self::coupon_id_by_code( $fields['code'] );
			if ( $owner && $owner !== $coupon->get_id() ) {
				return new WP_Error( 'woocommerce_rest_coupon_code_already_exists', 'The coupon code already exists', array( 'status' => 400 ) );
			}
		}
		if ( isset( $fields['amount'] ) ) {
			$fields['amount'] = (string) $fields['amount'];
		}
		if ( isset( $fields['meta_data'] ) ) {
			WC_Standin_Rest_Support::apply_meta( $coupon, $fields['meta_data'] );
			unset( $fields['meta_data'] );
		}
		$coupon->set_props( $fields );
		return true;
	}

	/**
	 * POST /coupons.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function create_coupon( WP_REST_Request $request ) {
		$coupon = new WC_Coupon();
		$coupon->set_status( 'publish' );
		$applied = self::apply_coupon( $coupon, $request );
		if ( is_wp_error( $applied ) ) {
			return $applied;
		}
		$coupon->save();
		return new WP_REST_Response( self::format_coupon( new WC_Coupon( $coupon->get_id() ) ), 201 );
	}

	/**
	 * PUT /coupons/{id}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function update_coupon( WP_REST_Request $request ) {
		$coupon = self::coupon( $request['id'] );
		if ( ! $coupon ) {
			return new WP_Error( 'woocommerce_rest_shop_coupon_invalid_id', 'Invalid ID.', array( 'status' => 400 ) );
		}
		$applied = self::apply_coupon( $coupon, $request );
		if ( is_wp_error( $applied ) ) {
			return $applied;
		}
		$coupon->save();
		return new WP_REST_Response( self::format_coupon( new WC_Coupon( $coupon->get_id() ) ) );
	}

	/**
	 * DELETE /coupons/{id}?force=.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function delete_coupon( WP_REST_Request $request ) {
		$coupon = self::coupon( $request['id'] );
		if ( ! $coupon ) {
			return self::invalid_coupon();
		}
		if ( ! $request['force'] && 'trash' === $coupon->get_status() ) {
			return new WP_Error( 'woocommerce_rest_already_trashed', 'The shop_coupon has already been deleted.', array( 'status' => 410 ) );
		}
		$before = self::format_coupon( $coupon );
		$coupon->delete( (bool) $request['force'] );
		return new WP_REST_Response( $before );
	}

	/**
	 * A coupon as WooCommerce answers it.
	 *
	 * @param WC_Coupon $coupon Coupon.
	 * @return array
	 */
	public static function format_coupon( WC_Coupon $coupon ) {
		$post    = get_post( $coupon->get_id() );
		$expires = $coupon->get_prop( 'date_expires' );
		$int     = static function ( $value ) {
			return null === $value || '' === $value ? null : (int) $value;
		};
		return array_merge(
			array(
				'id'     => $coupon->get_id(),
				'code'   => strtolower( $coupon->get_code() ),
				'amount' => WC_Standin_Rest_Support::money( $coupon->get_amount() ),
				'status' => $coupon->get_status(),
			),
			WC_Standin_Rest_Support::dates( 'date_created', $post->post_date, $post->post_date_gmt ),
			WC_Standin_Rest_Support::dates( 'date_modified', $post->post_modified, $post->post_modified_gmt ),
			array(
				'discount_type' => $coupon->get_discount_type(),
				'description'   => (string) $coupon->get_prop( 'description', '' ),
			),
			WC_Standin_Rest_Support::dates( 'date_expires', $expires ? str_replace( 'T', ' ', (string) $expires ) : null, $expires ? str_replace( 'T', ' ', (string) $expires ) : null ),
			array(
				'usage_count'                 => $coupon->get_usage_count(),
				'individual_use'              => (bool) $coupon->get_prop( 'individual_use', false ),
				'product_ids'                 => array_map( 'intval', (array) $coupon->get_prop( 'product_ids', array() ) ),
				'excluded_product_ids'        => array_map( 'intval', (array) $coupon->get_prop( 'excluded_product_ids', array() ) ),
				'usage_limit'                 => $int( $coupon->get_prop( 'usage_limit' ) ),
				'usage_limit_per_user'        => $int( $coupon->get_prop( 'usage_limit_per_user' ) ),
				'limit_usage_to_x_items'      => $int( $coupon->get_prop( 'limit_usage_to_x_items' ) ),
				'free_shipping'               => (bool) $coupon->get_prop( 'free_shipping', false ),
				'product_categories'          => array_map( 'intval', (array) $coupon->get_prop( 'product_categories', array() ) ),
				'excluded_product_categories' => array_map( 'intval', (array) $coupon->get_prop( 'excluded_product_categories', array() ) ),
				'exclude_sale_items'          => (bool) $coupon->get_prop( 'exclude_sale_items', false ),
				'minimum_amount'              => WC_Standin_Rest_Support::money( $coupon->get_prop( 'minimum_amount', '0' ) ),
				'maximum_amount'              => WC_Standin_Rest_Support::money( $coupon->get_prop( 'maximum_amount', '0' ) ),
				'email_restrictions'          => array_values( (array) $coupon->get_prop( 'email_restrictions', array() ) ),
				'used_by'                     => array_values( array_map( 'strval', (array) $coupon->get_prop( 'used_by', array() ) ) ),
				'meta_data'                   => $coupon->get_meta_data(),
			)
		);
	}

	// Taxes.

	/**
	 * 404 for a tax rate id.
	 *
	 * @return WP_Error
	 */
	private static function invalid_tax() {
		return new WP_Error( 'woocommerce_rest_invalid_id', 'Invalid resource ID.', array( 'status' => 404 ) );
	}

	/**
	 * GET /taxes (by order, then id, like WooCommerce).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function list_taxes( WP_REST_Request $request ) {
		$rows = array();
		foreach ( WC_Tax::standin_all_rates() as $id => $rate ) {
			$formatted = self::format_tax( (int) $id, $rate );
			if ( isset( $request['class'] ) && $formatted['class'] !== $request['class'] ) {
				continue;
			}
			if ( ! empty( $request['include'] ) && ! in_array( (int) $id, array_map( 'intval', $request['include'] ), true ) ) {
				continue;
			}
			$rows[] = $formatted;
		}
		$rows = WC_Standin_Rest_Support::sort( $rows, $request['orderby'], $request['order'] );
		return WC_Standin_Rest_Support::page(
			$request,
			$rows,
			static function ( $row ) {
				return $row;
			}
		);
	}

	/**
	 * GET /taxes/{id}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function get_tax( WP_REST_Request $request ) {
		$rate = WC_Tax::_get_tax_rate( (int) $request['id'] );
		return null === $rate ? self::invalid_tax() : new WP_REST_Response( self::format_tax( (int) $request['id'], $rate ) );
	}

	/**
	 * Request fields → WC_Tax's tax_rate_* fields.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return array
	 */
	private static function tax_fields( WP_REST_Request $request ) {
		$map    = array(
			'country'  => 'tax_rate_country',
			'state'    => 'tax_rate_state',
			'rate'     => 'tax_rate',
			'name'     => 'tax_rate_name',
			'priority' => 'tax_rate_priority',
			'compound' => 'tax_rate_compound',
			'shipping' => 'tax_rate_shipping',
			'order'    => 'tax_rate_order',
			'class'    => 'tax_rate_class',
		);
		$fields = array();
		foreach ( $map as $param => $column ) {
			if ( $request->has_param( $param ) ) {
				$value = $request[ $param ];
				if ( 'class' === $param ) {
					$value = 'standard' === $value ? '' : sanitize_title( $value );
				} elseif ( in_array( $param, array( 'compound', 'shipping' ), true ) ) {
					$value = $value ? 1 : 0;
				} elseif ( in_array( $param, array( 'country', 'state' ), true ) ) {
					$value = strtoupper( (string) $value );
				}
				$fields[ $column ] = $value;
			}
		}
		return $fields;
	}

	/**
	 * Postcodes and cities of the request (lists win over the single deprecated fields).
	 *
	 * @param int             $id      Rate id.
	 * @param WP_REST_Request $request Request.
	 */
	private static function tax_locations( $id, WP_REST_Request $request ) {
		if ( $request->has_param( 'postcodes' ) ) {
			WC_Tax::_update_tax_rate_postcodes( $id, implode( ';', (array) $request['postcodes'] ) );
		} elseif ( $request->has_param( 'postcode' ) ) {
			WC_Tax::_update_tax_rate_postcodes( $id, (string) $request['postcode'] );
		}
		if ( $request->has_param( 'cities' ) ) {
			WC_Tax::_update_tax_rate_cities( $id, implode( ';', (array) $request['cities'] ) );
		} elseif ( $request->has_param( 'city' ) ) {
			WC_Tax::_update_tax_rate_cities( $id, (string) $request['city'] );
		}
	}

	/**
	 * POST /taxes.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function create_tax( WP_REST_Request $request ) {
		$fields = array_merge(
			array(
				'tax_rate_country'  => '',
				'tax_rate_state'    => '',
				'tax_rate'          => '',
				'tax_rate_name'     => '',
				'tax_rate_priority' => 1,
				'tax_rate_compound' => 0,
				'tax_rate_shipping' => 1,
				'tax_rate_order'    => 0,
				'tax_rate_class'    => '',
			),
			self::tax_fields( $request )
		);
		$id     = WC_Tax::_insert_tax_rate( $fields );
		self::tax_locations( $id, $request );
		return new WP_REST_Response( self::format_tax( $id, WC_Tax::_get_tax_rate( $id ) ), 201 );
	}

	/**
	 * PUT /taxes/{id}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function update_tax( WP_REST_Request $request ) {
		$id = (int) $request['id'];
		if ( null === WC_Tax::_get_tax_rate( $id ) ) {
			return self::invalid_tax();
		}
		WC_Tax::_update_tax_rate( $id, self::tax_fields( $request ) );
		self::tax_locations( $id, $request );
		return new WP_REST_Response( self::format_tax( $id, WC_Tax::_get_tax_rate( $id ) ) );
	}

	/**
	 * DELETE /taxes/{id}?force=true (tax rates cannot be trashed).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function delete_tax( WP_REST_Request $request ) {
		$id   = (int) $request['id'];
		$rate = WC_Tax::_get_tax_rate( $id );
		if ( null === $rate ) {
			return self::invalid_tax();
		}
		if ( ! $request['force'] ) {
			return new WP_Error( 'woocommerce_rest_trash_not_supported', 'Taxes do not support trashing.', array( 'status' => 501 ) );
		}
		$before = self::format_tax( $id, $rate );
		WC_Tax::_delete_tax_rate( $id );
		return new WP_REST_Response( $before );
	}

	/**
	 * GET /taxes/classes.
	 *
	 * @return WP_REST_Response
	 */
	public static function list_tax_classes() {
		$classes = array(
			array(
				'slug' => 'standard',
				'name' => 'Standard rate',
			),
		);
		foreach ( WC_Tax::get_tax_classes() as $name ) {
			$classes[] = array(
				'slug' => sanitize_title( $name ),
				'name' => $name,
			);
		}
		return new WP_REST_Response( $classes );
	}

	/**
	 * A tax rate as WooCommerce answers it.
	 *
	 * @param int   $id   Id.
	 * @param array $rate tax_rate_* fields.
	 * @return array
	 */
	public static function format_tax( $id, array $rate ) {
		$locations = WC_Tax::standin_locations( $id );
		$class     = (string) ( $rate['tax_rate_class'] ?? '' );
		return array(
			'id'        => (int) $id,
			'country'   => (string) ( $rate['tax_rate_country'] ?? '' ),
			'state'     => (string) ( $rate['tax_rate_state'] ?? '' ),
			'postcode'  => (string) ( $locations['postcodes'][0] ?? '' ),
			'city'      => (string) ( $locations['cities'][0] ?? '' ),
			'rate'      => number_format( (float) ( $rate['tax_rate'] ?? 0 ), 4, '.', '' ),
			'name'      => (string) ( $rate['tax_rate_name'] ?? '' ),
			'priority'  => (int) ( $rate['tax_rate_priority'] ?? 1 ),
			'compound'  => (bool) ( $rate['tax_rate_compound'] ?? false ),
			'shipping'  => (bool) ( $rate['tax_rate_shipping'] ?? true ),
			'order'     => (int) ( $rate['tax_rate_order'] ?? 0 ),
			'class'     => '' === $class ? 'standard' : $class,
			'postcodes' => $locations['postcodes'],
			'cities'    => $locations['cities'],
		);
	}
}
