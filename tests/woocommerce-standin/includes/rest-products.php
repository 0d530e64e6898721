<?php
/**
 * Stand-in wc/v3 routes for products, variations and product categories (tests only — not
 * WooCommerce). Writes go through the stand-in's CRUD classes, so the same actions fire as with
 * WooCommerce's REST API; answers have the keys and types of WooCommerce 8.9.1's.
 *
 * @package MegaventorySyncTests
 */

/**
 * Products, variations, categories.
 */
final class WC_Standin_Rest_Products {
	const PRODUCT_FIELDS = array( 'name', 'type', 'status', 'featured', 'catalog_visibility', 'description', 'short_description', 'sku', 'regular_price', 'sale_price', 'virtual', 'downloadable', 'tax_status', 'tax_class', 'manage_stock', 'stock_quantity', 'stock_status', 'backorders', 'low_stock_amount', 'sold_individually', 'weight', 'dimensions', 'shipping_class', 'reviews_allowed', 'purchase_note', 'categories', 'tags', 'attributes', 'default_attributes', 'menu_order', 'meta_data', 'parent_id', 'images' );

	const VARIATION_FIELDS = array( 'description', 'sku', 'regular_price', 'sale_price', 'status', 'virtual', 'downloadable', 'tax_status', 'tax_class', 'manage_stock', 'stock_quantity', 'stock_status', 'backorders', 'low_stock_amount', 'weight', 'dimensions', 'shipping_class', 'attributes', 'menu_order', 'meta_data', 'image' );

	/**
	 * Registers the routes.
	 */
	public static function register() {
		self::register_category_item();
		$ns   = WC_Standin_Rest_Support::NAMESPACE_V3;
		$c    = self::class;
		$read = WC_Standin_Rest_Support::permission(
			static function () {
				return WC_Standin_Rest_Support::can_post( 'product', 'read' );
			},
			'view'
		);

		register_rest_route(
			$ns,
			'/products',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => array( $c, 'list_products' ),
					'permission_callback' => $read,
					'args'                => array_merge(
						WC_Standin_Rest_Support::collection_args(),
						array(
							'orderby' => array(
								'type'    => 'string',
								'enum'    => array( 'date', 'id', 'include', 'title', 'slug', 'modified', 'menu_order' ),
								'default' => 'date',
							),
							'status'  => array(
								'type'    => 'string',
								'enum'    => array( 'any', 'draft', 'pending', 'private', 'publish', 'trash' ),
								'default' => 'any',
							),
							'type'    => array(
								'type' => 'string',
								'enum' => array( 'simple', 'grouped', 'external', 'variable' ),
							),
							'sku'     => array( 'type' => 'string' ),
							'parent'  => array(
								'type'  => 'array',
								'items' => array( 'type' => 'integer' ),
							),
						)
					),
				),
				array(
					'methods'             => 'POST',
					'callback'            => array( $c, 'create_product' ),
					'permission_callback' => WC_Standin_Rest_Support::permission(
						static function () {
							return WC_Standin_Rest_Support::can_post( 'product', 'create' );
						},
						'create'
					),
					'args'                => self::product_write_args( true ),
				),
			)
		);
		register_rest_route(
			$ns,
			'/products/(?P<id>[\d]+)',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => array( $c, 'get_product' ),
					'permission_callback' => self::object_permission( 'read', 'view' ),
				),
				array(
					'methods'             => 'PUT, PATCH, POST',
					'callback'            => array( $c, 'update_product' ),
					'permission_callback' => self::object_permission( 'edit', 'edit' ),
					'args'                => self::product_write_args( false ),
				),
				array(
					'methods'             => 'DELETE',
					'callback'            => array( $c, 'delete_product' ),
					'permission_callback' => self::object_permission( 'delete', 'delete' ),
					'args'                => array(
						'force' => array(
							'type'    => 'boolean',
							'default' => false,
						),
					),
				),
			)
		);
		register_rest_route(
			$ns,
			'/products/(?P<product_id>[\d]+)/variations',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => array( $c, 'list_variations' ),
					'permission_callback' => $read,
					'args'                => array_merge(
						WC_Standin_Rest_Support::collection_args(),
						array(
							'orderby' => array(
								'type'    => 'string',
								'enum'    => array( 'date', 'id', 'menu_order', 'title' ),
								'default' => 'date',
							),
							'sku'     => array( 'type' => 'string' ),
						)
					),
				),
				array(
					'methods'             => 'POST',
					'callback'            => array( $c, 'create_variation' ),
					'permission_callback' => WC_Standin_Rest_Support::permission(
						static function () {
							return WC_Standin_Rest_Support::can_post( 'product_variation', 'create' );
						},
						'create'
					),
					'args'                => self::variation_write_args(),
				),
			)
		);
		register_rest_route(
			$ns,
			'/products/(?P<product_id>[\d]+)/variations/(?P<id>[\d]+)',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => array( $c, 'get_variation' ),
					'permission_callback' => self::object_permission( 'read', 'view' ),
				),
				array(
					'methods'             => 'PUT, PATCH, POST',
					'callback'            => array( $c, 'update_variation' ),
					'permission_callback' => self::object_permission( 'edit', 'edit' ),
					'args'                => self::variation_write_args(),
				),
				array(
					'methods'             => 'DELETE',
					'callback'            => array( $c, 'delete_variation' ),
					'permission_callback' => self::object_permission( 'delete', 'delete' ),
					'args'                => array(
						'force' => array(
							'type'    => 'boolean',
							'default' => false,
						),
					),
				),
			)
		);
		register_rest_route(
			$ns,
			'/products/categories',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => array( $c, 'list_categories' ),
					'permission_callback' => WC_Standin_Rest_Support::permission(
						static function () {
							return current_user_can( 'manage_product_terms' );
						},
						'view'
					),
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
								'enum'    => array( 'id', 'name', 'slug' ),
								'default' => 'name',
							),
							'parent'  => array( 'type' => 'integer' ),
						)
					),
				),
				array(
					'methods'             => 'POST',
					'callback'            => array( $c, 'create_category' ),
					'permission_callback' => WC_Standin_Rest_Support::permission(
						static function () {
							return current_user_can( 'edit_product_terms' );
						},
						'create'
					),
					'args'                => array(
						'name'        => array(
							'type'      => 'string',
							'required'  => true,
							'minLength' => 1,
						),
						'slug'        => array( 'type' => 'string' ),
						'parent'      => array( 'type' => 'integer' ),
						'description' => array( 'type' => 'string' ),
					),
				),
			)
		);
	}

	/**
	 * Registers GET and DELETE of one category.
	 */
	private static function register_category_item() {
		register_rest_route(
			WC_Standin_Rest_Support::NAMESPACE_V3,
			'/products/categories/(?P<id>[\d]+)',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => array( self::class, 'get_category' ),
					'permission_callback' => WC_Standin_Rest_Support::permission(
						static function () {
							return current_user_can( 'manage_product_terms' );
						},
						'view'
					),
				),
				array(
					'methods'             => 'DELETE',
					'callback'            => array( self::class, 'delete_category' ),
					'permission_callback' => WC_Standin_Rest_Support::permission(
						static function () {
							return current_user_can( 'delete_product_terms' );
						},
						'delete'
					),
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
	 * GET /products/categories/{id}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function get_category( WP_REST_Request $request ) {
		$term = get_term( (int) $request['id'], 'product_cat' );
		if ( ! $term || is_wp_error( $term ) ) {
			return new WP_Error( 'woocommerce_rest_term_invalid', 'Resource does not exist.', array( 'status' => 404 ) );
		}
		return new WP_REST_Response( self::format_category( $term ) );
	}

	/**
	 * DELETE /products/categories/{id}?force=true (terms cannot be trashed).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function delete_category( WP_REST_Request $request ) {
		$term = get_term( (int) $request['id'], 'product_cat' );
		if ( ! $term || is_wp_error( $term ) ) {
			return new WP_Error( 'woocommerce_rest_term_invalid', 'Resource does not exist.', array( 'status' => 404 ) );
		}
		if ( ! $request['force'] ) {
			return new WP_Error( 'woocommerce_rest_trash_not_supported', 'Resource does not support trashing.', array( 'status' => 501 ) );
		}
		$before = self::format_category( $term );
		wp_delete_term( $term->term_id, 'product_cat' );
		return new WP_REST_Response( $before );
	}

	/**
	 * Permission on one product or variation: checked only when it exists (a missing id is a 404
	 * from the callback, as in WooCommerce).
	 *
	 * @param string $context read, edit, delete.
	 * @param string $action  view, edit, delete.
	 * @return Closure
	 */
	private static function object_permission( $context, $action ) {
		return static function ( WP_REST_Request $request ) use ( $context, $action ) {
			$id   = (int) $request['id'];
			$type = get_post_type( $id );
			if ( 'product' !== $type && 'product_variation' !== $type ) {
				return 'read' === $context && ! WC_Standin_Rest_Support::can_post( 'product', 'read' ) ? WC_Standin_Rest_Support::forbidden( $action ) : true;
			}
			if ( 'read' === $context ) {
				return WC_Standin_Rest_Support::can_post( 'product', 'read' ) ? true : WC_Standin_Rest_Support::forbidden( $action );
			}
			return WC_Standin_Rest_Support::can_post( $type, $context, $id ) ? true : WC_Standin_Rest_Support::forbidden( $action );
		};
	}

	/**
	 * Argument schema of product writes (types as WooCommerce declares them).
	 *
	 * @param bool $creating Create (name required? no: WooCommerce allows an empty name).
	 * @return array
	 */
	private static function product_write_args( $creating ) {
		unset( $creating );
		return array(
			'name'               => array( 'type' => 'string' ),
			'type'               => array(
				'type' => 'string',
				'enum' => array( 'simple', 'variable' ),
			),
			'status'             => array(
				'type' => 'string',
				'enum' => array( 'draft', 'pending', 'private', 'publish', 'future' ),
			),
			'featured'           => array( 'type' => 'boolean' ),
			'catalog_visibility' => array(
				'type' => 'string',
				'enum' => array( 'visible', 'catalog', 'search', 'hidden' ),
			),
			'description'        => array( 'type' => 'string' ),
			'short_description'  => array( 'type' => 'string' ),
			'sku'                => array( 'type' => 'string' ),
			'regular_price'      => array( 'type' => 'string' ),
			'sale_price'         => array( 'type' => 'string' ),
			'virtual'            => array( 'type' => 'boolean' ),
			'downloadable'       => array( 'type' => 'boolean' ),
			'tax_status'         => array(
				'type' => 'string',
				'enum' => array( 'taxable', 'shipping', 'none' ),
			),
			'tax_class'          => array( 'type' => 'string' ),
			'manage_stock'       => array( 'type' => 'boolean' ),
			'stock_quantity'     => array( 'type' => 'integer' ),
			'stock_status'       => array(
				'type' => 'string',
				'enum' => array( 'instock', 'outofstock', 'onbackorder' ),
			),
			'backorders'         => array(
				'type' => 'string',
				'enum' => array( 'no', 'notify', 'yes' ),
			),
			'low_stock_amount'   => array( 'type' => array( 'integer', 'null' ) ),
			'weight'             => array( 'type' => 'string' ),
			'dimensions'         => array(
				'type'       => 'object',
				'properties' => array(
					'length' => array( 'type' => 'string' ),
					'width'  => array( 'type' => 'string' ),
					'height' => array( 'type' => 'string' ),
				),
			),
			'categories'         => array(
				'type'  => 'array',
				'items' => array(
					'type'       => 'object',
					'properties' => array( 'id' => array( 'type' => 'integer' ) ),
				),
			),
			'attributes'         => array( 'type' => 'array' ),
			'default_attributes' => array( 'type' => 'array' ),
			'menu_order'         => array( 'type' => 'integer' ),
			'meta_data'          => WC_Standin_Rest_Support::meta_schema(),
		) + WC_Standin_Rest_Support::additional_field_args( 'product' );
	}

	/**
	 * Argument schema of variation writes.
	 *
	 * @return array
	 */
	private static function variation_write_args() {
		$args = self::product_write_args( false );
		foreach ( array( 'name', 'type', 'featured', 'catalog_visibility', 'short_description', 'categories', 'default_attributes' ) as $not_for_variations ) {
			unset( $args[ $not_for_variations ] );
		}
		$args['status']['enum'] = array( 'draft', 'pending', 'private', 'publish' );
		foreach ( WC_Standin_Rest_Support::additional_field_args( 'product' ) as $name => $unused ) {
			unset( $args[ $name ] );
		}
		return $args + WC_Standin_Rest_Support::additional_field_args( 'product_variation' );
	}

	/**
	 * Unknown product id: 404, but 400 on update (as WooCommerce's CRUD controller answers).
	 *
	 * @param int $status HTTP status.
	 * @return WP_Error
	 */
	private static function invalid_id( $status = 404 ) {
		return new WP_Error( 'woocommerce_rest_product_invalid_id', 'Invalid ID.', array( 'status' => $status ) );
	}

	/**
	 * Applies request fields to a product or variation through its setters.
	 *
	 * @param WC_Product $product Product.
	 * @param array      $fields  Validated request fields.
	 * @return true|WP_Error
	 */
	private static function apply( WC_Product $product, array $fields ) {
		if ( isset( $fields['sku'] ) && '' !== $fields['sku'] ) {
			$owner = self::find_by_sku( $fields['sku'] );
			if ( $owner && $owner !== $product->get_id() ) {
				return new WP_Error( 'product_invalid_sku', 'Invalid or duplicated SKU.', array( 'status' => 400 ) );
			}
		}
		if ( isset( $fields['categories'] ) ) {
			$product->set_category_ids( array_column( (array) $fields['categories'], 'id' ) );
			unset( $fields['categories'] );
		}
		if ( isset( $fields['meta_data'] ) ) {
			WC_Standin_Rest_Support::apply_meta( $product, $fields['meta_data'] );
			unset( $fields['meta_data'] );
		}
		if ( isset( $fields['attributes'] ) ) {
			$fields['attributes'] = self::clean_attributes( (array) $fields['attributes'], $product instanceof WC_Product_Variation );
		}
		unset( $fields['type'], $fields['parent_id'] );
		$product->set_props( $fields );
		return true;
	}

	/**
	 * Attributes as stored: parents {id, name, position, visible, variation, options}, variations
	 * {id, name, option}.
	 *
	 * @param array $attributes   Request attributes.
	 * @param bool  $is_variation Variation attributes.
	 * @return array
	 */
	private static function clean_attributes( array $attributes, $is_variation ) {
		$clean = array();
		foreach ( array_values( $attributes ) as $position => $attribute ) {
			if ( ! is_array( $attribute ) ) {
				continue;
			}
			$entry = array(
				'id'   => (int) ( $attribute['id'] ?? 0 ),
				'name' => (string) ( $attribute['name'] ?? '' ),
			);
			if ( $is_variation ) {
				$entry['option'] = (string) ( $attribute['option'] ?? '' );
			} else {
				$entry['position']  = (int) ( $attribute['position'] ?? $position );
				$entry['visible']   = (bool) ( $attribute['visible'] ?? false );
				$entry['variation'] = (bool) ( $attribute['variation'] ?? false );
				$entry['options']   = array_values( array_map( 'strval', (array) ( $attribute['options'] ?? array() ) ) );
			}
			$clean[] = $entry;
		}
		return $clean;
	}

	/**
	 * The product or variation holding a SKU, or 0.
	 *
	 * @param string $sku SKU.
	 * @return int
	 */
	public static function find_by_sku( $sku ) {
		foreach ( self::all_ids( array( 'product', 'product_variation' ) ) as $id ) {
			$props = get_post_meta( $id, '_standin_props', true );
			if ( is_array( $props ) && (string) ( $props['sku'] ?? '' ) === (string) $sku ) {
				return $id;
			}
		}
		return 0;
	}

	/**
	 * Every post id of the types (not trashed unless asked).
	 *
	 * @param string[] $types    Post types.
	 * @param string[] $statuses Statuses.
	 * @param int|null $parent   Parent id.
	 * @return int[]
	 */
	private static function all_ids( array $types, array $statuses = array( 'publish', 'draft', 'pending', 'private', 'future' ), $parent = null ) {
		$query = array(
			'post_type'        => $types,
			'post_status'      => $statuses,
			'posts_per_page'   => -1,
			'fields'           => 'ids',
			'orderby'          => 'ID',
			'order'            => 'ASC',
			'suppress_filters' => true,
		);
		if ( null !== $parent ) {
			$query['post_parent'] = (int) $parent;
		}
		return array_map( 'intval', get_posts( $query ) );
	}

	/**
	 * GET /products.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function list_products( WP_REST_Request $request ) {
		$statuses = 'any' === $request['status'] ? array( 'publish', 'draft', 'pending', 'private', 'future' ) : array( $request['status'] );
		$rows     = array();
		foreach ( self::all_ids( array( 'product' ), $statuses ) as $id ) {
			$product = wc_get_product( $id );
			if ( ! $product ) {
				continue;
			}
			if ( isset( $request['type'] ) && $product->get_type() !== $request['type'] ) {
				continue;
			}
			if ( isset( $request['sku'] ) && ! in_array( $product->get_sku(), array_map( 'trim', explode( ',', $request['sku'] ) ), true ) ) {
				continue;
			}
			if ( ! empty( $request['include'] ) && ! in_array( $id, array_map( 'intval', $request['include'] ), true ) ) {
				continue;
			}
			if ( ! empty( $request['parent'] ) && ! in_array( $product->get_parent_id(), array_map( 'intval', $request['parent'] ), true ) ) {
				continue;
			}
			if ( isset( $request['search'] ) && '' !== $request['search'] && false === stripos( $product->get_name(), $request['search'] ) ) {
				continue;
			}
			$post   = get_post( $id );
			$rows[] = array(
				'id'         => $id,
				'date'       => $post->post_date_gmt,
				'modified'   => $post->post_modified_gmt,
				'title'      => $post->post_title,
				'slug'       => $post->post_name,
				'menu_order' => (int) $post->menu_order,
				'include'    => array_search( $id, array_map( 'intval', (array) $request['include'] ), true ),
				'product'    => $product,
			);
		}
		$rows = WC_Standin_Rest_Support::sort( $rows, $request['orderby'], $request['order'] );
		return WC_Standin_Rest_Support::page(
			$request,
			$rows,
			static function ( $row ) {
				return self::format_product( $row['product'] );
			}
		);
	}

	/**
	 * GET /products/{id}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function get_product( WP_REST_Request $request ) {
		$product = wc_get_product( (int) $request['id'] );
		if ( ! $product ) {
			return self::invalid_id();
		}
		if ( $product instanceof WC_Product_Variation ) {
			// WooCommerce answers a variation on this route through its products controller, which
			// names the type; the variations route's shape alone has no "type".
			return new WP_REST_Response( array( 'type' => 'variation' ) + self::format_variation( $product ) );
		}
		return new WP_REST_Response( self::format_product( $product ) );
	}

	/**
	 * POST /products.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function create_product( WP_REST_Request $request ) {
		$product = 'variable' === $request['type'] ? new WC_Product_Variable() : new WC_Product_Simple();
		$fields  = WC_Standin_Rest_Support::fields( $request, self::PRODUCT_FIELDS );
		if ( ! isset( $fields['status'] ) ) {
			$product->set_status( 'publish' );
		}
		$applied = self::apply( $product, $fields );
		if ( is_wp_error( $applied ) ) {
			return $applied;
		}
		$product->save();
		$extra = WC_Standin_Rest_Support::update_additional_fields( 'product', $product, $request );
		if ( is_wp_error( $extra ) ) {
			return $extra;
		}
		do_action( 'woocommerce_rest_insert_product_object', $product, $request, true );
		return new WP_REST_Response( self::format_product( wc_get_product( $product->get_id() ) ), 201 );
	}

	/**
	 * PUT /products/{id} (a variation id is refused, as WooCommerce does).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function update_product( WP_REST_Request $request ) {
		$product = wc_get_product( (int) $request['id'] );
		if ( ! $product || $product instanceof WC_Product_Variation ) {
			return self::invalid_id( 400 );
		}
		$applied = self::apply( $product, WC_Standin_Rest_Support::fields( $request, self::PRODUCT_FIELDS ) );
		if ( is_wp_error( $applied ) ) {
			return $applied;
		}
		$product->save();
		$extra = WC_Standin_Rest_Support::update_additional_fields( 'product', $product, $request );
		if ( is_wp_error( $extra ) ) {
			return $extra;
		}
		do_action( 'woocommerce_rest_insert_product_object', $product, $request, false );
		return new WP_REST_Response( self::format_product( wc_get_product( $product->get_id() ) ) );
	}

	/**
	 * DELETE /products/{id}?force=: trash or delete; either way the answer is the product as it was
	 * before (WooCommerce prepares it first).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function delete_product( WP_REST_Request $request ) {
		$product = wc_get_product( (int) $request['id'] );
		if ( ! $product || $product instanceof WC_Product_Variation ) {
			return self::invalid_id();
		}
		if ( ! $request['force'] && 'trash' === $product->get_status() ) {
			return new WP_Error( 'woocommerce_rest_already_trashed', sprintf( 'The %s has already been deleted.', 'product' ), array( 'status' => 410 ) );
		}
		$before = self::format_product( $product );
		$product->delete( (bool) $request['force'] );
		$response = new WP_REST_Response( $before );
		do_action( 'woocommerce_rest_delete_product_object', $product, $response, $request );
		return $response;
	}

	/**
	 * The parent of a variation route, or an error.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WC_Product|WP_Error
	 */
	private static function parent_of( WP_REST_Request $request ) {
		$parent = wc_get_product( (int) $request['product_id'] );
		if ( ! $parent || $parent instanceof WC_Product_Variation ) {
			return new WP_Error( 'woocommerce_rest_product_variation_invalid_parent', 'Invalid parent product ID.', array( 'status' => 404 ) );
		}
		return $parent;
	}

	/**
	 * A variation of the route's parent, or an error.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WC_Product_Variation|WP_Error
	 */
	private static function variation_of( WP_REST_Request $request ) {
		$parent = self::parent_of( $request );
		if ( is_wp_error( $parent ) ) {
			return $parent;
		}
		$variation = wc_get_product( (int) $request['id'] );
		if ( ! $variation instanceof WC_Product_Variation || $variation->get_parent_id() !== $parent->get_id() ) {
			return new WP_Error( 'woocommerce_rest_product_variation_invalid_id', 'Invalid ID.', array( 'status' => 404 ) );
		}
		return $variation;
	}

	/**
	 * GET /products/{product_id}/variations.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function list_variations( WP_REST_Request $request ) {
		$parent = self::parent_of( $request );
		if ( is_wp_error( $parent ) ) {
			return $parent;
		}
		$rows = array();
		foreach ( self::all_ids( array( 'product_variation' ), array( 'publish', 'private', 'draft', 'pending' ), $parent->get_id() ) as $id ) {
			$variation = new WC_Product_Variation( $id );
			if ( isset( $request['sku'] ) && $variation->get_sku() !== $request['sku'] ) {
				continue;
			}
			if ( ! empty( $request['include'] ) && ! in_array( $id, array_map( 'intval', $request['include'] ), true ) ) {
				continue;
			}
			$post   = get_post( $id );
			$rows[] = array(
				'id'         => $id,
				'date'       => $post->post_date_gmt,
				'title'      => $post->post_title,
				'menu_order' => (int) $post->menu_order,
				'variation'  => $variation,
			);
		}
		$rows = WC_Standin_Rest_Support::sort( $rows, $request['orderby'], $request['order'] );
		return WC_Standin_Rest_Support::page(
			$request,
			$rows,
			static function ( $row ) {
				return self::format_variation( $row['variation'] );
			}
		);
	}

	/**
	 * GET /products/{product_id}/variations/{id}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function get_variation( WP_REST_Request $request ) {
		$variation = self::variation_of( $request );
		return is_wp_error( $variation ) ? $variation : new WP_REST_Response( self::format_variation( $variation ) );
	}

	/**
	 * POST /products/{product_id}/variations.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function create_variation( WP_REST_Request $request ) {
		$parent = self::parent_of( $request );
		if ( is_wp_error( $parent ) ) {
			return $parent;
		}
		$variation = new WC_Product_Variation();
		$variation->set_parent_id( $parent->get_id() );
		$applied = self::apply( $variation, WC_Standin_Rest_Support::fields( $request, self::VARIATION_FIELDS ) );
		if ( is_wp_error( $applied ) ) {
			return $applied;
		}
		$variation->save();
		$extra = WC_Standin_Rest_Support::update_additional_fields( 'product_variation', $variation, $request );
		if ( is_wp_error( $extra ) ) {
			return $extra;
		}
		do_action( 'woocommerce_rest_insert_product_variation_object', $variation, $request, true );
		return new WP_REST_Response( self::format_variation( new WC_Product_Variation( $variation->get_id() ) ), 201 );
	}

	/**
	 * PUT /products/{product_id}/variations/{id}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function update_variation( WP_REST_Request $request ) {
		$variation = self::variation_of( $request );
		if ( is_wp_error( $variation ) ) {
			return $variation;
		}
		$applied = self::apply( $variation, WC_Standin_Rest_Support::fields( $request, self::VARIATION_FIELDS ) );
		if ( is_wp_error( $applied ) ) {
			return $applied;
		}
		$variation->save();
		$extra = WC_Standin_Rest_Support::update_additional_fields( 'product_variation', $variation, $request );
		if ( is_wp_error( $extra ) ) {
			return $extra;
		}
		do_action( 'woocommerce_rest_insert_product_variation_object', $variation, $request, false );
		return new WP_REST_Response( self::format_variation( new WC_Product_Variation( $variation->get_id() ) ) );
	}

	/**
	 * DELETE /products/{product_id}/variations/{id}?force=.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function delete_variation( WP_REST_Request $request ) {
		$variation = self::variation_of( $request );
		if ( is_wp_error( $variation ) ) {
			return $variation;
		}
		$before = self::format_variation( $variation );
		$variation->delete( (bool) $request['force'] );
		$response = new WP_REST_Response( $before );
		do_action( 'woocommerce_rest_delete_product_variation_object', $variation, $response, $request );
		return $response;
	}

	/**
	 * GET /products/categories.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function list_categories( WP_REST_Request $request ) {
		$args = array(
			'taxonomy'   => 'product_cat',
			'hide_empty' => false,
		);
		if ( isset( $request['parent'] ) ) {
			$args['parent'] = (int) $request['parent'];
		}
		if ( ! empty( $request['search'] ) ) {
			$args['search'] = $request['search'];
		}
		if ( ! empty( $request['include'] ) ) {
			$args['include'] = array_map( 'intval', $request['include'] );
		}
		$rows = array();
		foreach ( get_terms( $args ) as $term ) {
			$rows[] = array(
				'id'   => (int) $term->term_id,
				'name' => $term->name,
				'slug' => $term->slug,
				'term' => $term,
			);
		}
		$rows = WC_Standin_Rest_Support::sort( $rows, $request['orderby'], $request['order'] );
		return WC_Standin_Rest_Support::page(
			$request,
			$rows,
			static function ( $row ) {
				return self::format_category( $row['term'] );
			}
		);
	}

	/**
	 * POST /products/categories.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function create_category( WP_REST_Request $request ) {
		$args = array();
		foreach ( array( 'slug', 'description', 'parent' ) as $field ) {
			if ( isset( $request[ $field ] ) ) {
				$args[ $field ] = $request[ $field ];
			}
		}
		$term = wp_insert_term( $request['name'], 'product_cat', $args );
		if ( is_wp_error( $term ) ) {
			$data = array( 'status' => 400 );
			if ( 'term_exists' === $term->get_error_code() ) {
				$data['resource_id'] = (int) $term->get_error_data();
			}
			return new WP_Error( $term->get_error_code(), $term->get_error_message(), $data );
		}
		return new WP_REST_Response( self::format_category( get_term( $term['term_id'], 'product_cat' ) ), 201 );
	}

	/**
	 * A category as WooCommerce answers it.
	 *
	 * @param WP_Term $term Term.
	 * @return array
	 */
	public static function format_category( $term ) {
		return array(
			'id'          => (int) $term->term_id,
			'name'        => $term->name,
			'slug'        => $term->slug,
			'parent'      => (int) $term->parent,
			'description' => $term->description,
			'display'     => 'default',
			'image'       => null,
			'menu_order'  => 0,
			'count'       => (int) $term->count,
		);
	}

	/**
	 * Fields common to products and variations.
	 *
	 * @param WC_Product $product Product.
	 * @return array
	 */
	private static function common( WC_Product $product ) {
		$post       = get_post( $product->get_id() );
		$regular    = $product->get_regular_price();
		$sale       = $product->get_sale_price();
		$price      = $product->get_price();
		$on_sale    = '' !== $sale && '' !== $regular && (float) $sale < (float) $regular;
		$manage     = $product->get_manage_stock();
		$dimensions = (array) $product->get_prop( 'dimensions', array() );
		return array(
			'dates'    => array_merge(
				WC_Standin_Rest_Support::dates( 'date_created', $post->post_date, $post->post_date_gmt ),
				WC_Standin_Rest_Support::dates( 'date_modified', $post->post_modified, $post->post_modified_gmt )
			),
			'price'    => array(
				'sku'                   => $product->get_sku(),
				'price'                 => $price,
				'regular_price'         => $regular,
				'sale_price'            => $sale,
				'date_on_sale_from'     => null,
				'date_on_sale_from_gmt' => null,
				'date_on_sale_to'       => null,
				'date_on_sale_to_gmt'   => null,
				'on_sale'               => $on_sale,
			),
			'stock'    => array(
				'tax_status'         => (string) $product->get_prop( 'tax_status', 'taxable' ),
				'tax_class'          => (string) $product->get_prop( 'tax_class', '' ),
				'manage_stock'       => $manage,
				'stock_quantity'     => $manage ? (int) $product->get_prop( 'stock_quantity', 0 ) : null,
				'backorders'         => (string) $product->get_prop( 'backorders', 'no' ),
				'backorders_allowed' => 'no' !== $product->get_prop( 'backorders', 'no' ),
				'backordered'        => false,
				'low_stock_amount'   => null === $product->get_prop( 'low_stock_amount' ) ? null : (int) $product->get_prop( 'low_stock_amount' ),
			),
			'weight'   => (string) $product->get_prop( 'weight', '' ),
			'dims'     => array(
				'length' => (string) ( $dimensions['length'] ?? '' ),
				'width'  => (string) ( $dimensions['width'] ?? '' ),
				'height' => (string) ( $dimensions['height'] ?? '' ),
			),
			'status'   => (string) $product->get_prop( 'stock_status', 'instock' ),
			'meta'     => $product->get_meta_data(),
			'virtual'  => (bool) $product->get_prop( 'virtual', false ),
			'download' => (bool) $product->get_prop( 'downloadable', false ),
			'post'     => $post,
		);
	}

	/**
	 * A product as WooCommerce answers it (every key of 8.9.1's, in its order; `_links` aside).
	 *
	 * @param WC_Product $product Product.
	 * @return array
	 */
	public static function format_product( WC_Product $product ) {
		$c          = self::common( $product );
		$post       = $c['post'];
		$categories = array();
		foreach ( $product->get_category_ids() as $term_id ) {
			$term = get_term( $term_id, 'product_cat' );
			if ( $term && ! is_wp_error( $term ) ) {
				$categories[] = array(
					'id'   => (int) $term->term_id,
					'name' => $term->name,
					'slug' => $term->slug,
				);
			}
		}
		$attributes = array();
		foreach ( (array) $product->get_prop( 'attributes', array() ) as $attribute ) {
			$attributes[] = array(
				'id'        => (int) $attribute['id'],
				'name'      => (string) $attribute['name'],
				'slug'      => $attribute['id'] ? 'pa_' . sanitize_title( $attribute['name'] ) : (string) $attribute['name'],
				'position'  => (int) $attribute['position'],
				'visible'   => (bool) $attribute['visible'],
				'variation' => (bool) $attribute['variation'],
				'options'   => array_values( (array) $attribute['options'] ),
			);
		}
		$is_variable = 'variable' === $product->get_type();
		if ( $is_variable ) {
			// A variable product is on sale when any of its variations is.
			foreach ( $product->get_children() as $child_id ) {
				$child = new WC_Product_Variation( $child_id );
				if ( '' !== $child->get_sale_price() && (float) $child->get_sale_price() < (float) $child->get_regular_price() ) {
					$c['price']['on_sale'] = true;
				}
			}
		}
		$data = array_merge(
			array(
				'id'                 => $product->get_id(),
				'name'               => $product->get_name(),
				'slug'               => (string) $post->post_name,
				'permalink'          => (string) get_permalink( $post ),
			),
			$c['dates'],
			array(
				'type'               => $product->get_type(),
				'status'             => $product->get_status(),
				'featured'           => (bool) $product->get_prop( 'featured', false ),
				'catalog_visibility' => (string) $product->get_prop( 'catalog_visibility', 'visible' ),
				'description'        => (string) $product->get_prop( 'description', '' ),
				'short_description'  => (string) $product->get_prop( 'short_description', '' ),
			),
			$c['price'],
			array(
				'purchasable'        => '' !== $product->get_price(),
				'total_sales'        => (int) $product->get_prop( 'total_sales', 0 ),
				'virtual'            => $c['virtual'],
				'downloadable'       => $c['download'],
				'downloads'          => array(),
				'download_limit'     => -1,
				'download_expiry'    => -1,
				'external_url'       => '',
				'button_text'        => '',
			),
			$c['stock'],
			array(
				'sold_individually'  => (bool) $product->get_prop( 'sold_individually', false ),
				'weight'             => $c['weight'],
				'dimensions'         => $c['dims'],
				'shipping_required'  => ! $c['virtual'],
				'shipping_taxable'   => ! $c['virtual'] && 'taxable' === $c['stock']['tax_status'],
				'shipping_class'     => (string) $product->get_prop( 'shipping_class', '' ),
				'shipping_class_id'  => 0,
				'reviews_allowed'    => (bool) $product->get_prop( 'reviews_allowed', true ),
				'average_rating'     => '0.00',
				'rating_count'       => 0,
				'upsell_ids'         => array(),
				'cross_sell_ids'     => array(),
				'parent_id'          => $product->get_parent_id(),
				'purchase_note'      => (string) $product->get_prop( 'purchase_note', '' ),
				'categories'         => $categories,
				'tags'               => array(),
				'images'             => array(),
				'attributes'         => $attributes,
				'default_attributes' => array_values( (array) $product->get_prop( 'default_attributes', array() ) ),
				'variations'         => $is_variable ? $product->get_children() : array(),
				'grouped_products'   => array(),
				'menu_order'         => $product->get_menu_order(),
				'price_html'         => '' === $product->get_price() ? '' : '<span class="woocommerce-Price-amount amount">' . esc_html( $product->get_price() ) . '</span>',
				'related_ids'        => array(),
				'meta_data'          => $c['meta'],
				'stock_status'       => $c['status'],
				'has_options'        => $is_variable,
				'post_password'      => (string) $post->post_password,
			)
		);
		return WC_Standin_Rest_Support::add_additional_fields( 'product', $data );
	}

	/**
	 * A variation as WooCommerce answers it.
	 *
	 * @param WC_Product_Variation $variation Variation.
	 * @return array
	 */
	public static function format_variation( WC_Product_Variation $variation ) {
		$c          = self::common( $variation );
		$attributes = array();
		$options    = array();
		foreach ( (array) $variation->get_prop( 'attributes', array() ) as $attribute ) {
			$attributes[] = array(
				'id'     => (int) $attribute['id'],
				'name'   => (string) $attribute['name'],
				'slug'   => $attribute['id'] ? 'pa_' . sanitize_title( $attribute['name'] ) : sanitize_title( $attribute['name'] ),
				'option' => (string) $attribute['option'],
			);
			$options[]    = (string) $attribute['option'];
		}
		$parent = get_post( $variation->get_parent_id() );
		// In "view" context WooCommerce shows the parent's SKU, weight and dimensions where the
		// variation has none, and manage_stock "parent" with the parent's quantity when only the
		// parent manages stock.
		$parent_product = wc_get_product( $variation->get_parent_id() );
		if ( $parent_product ) {
			if ( '' === $c['price']['sku'] ) {
				$c['price']['sku'] = $parent_product->get_sku();
			}
			if ( '' === $c['weight'] ) {
				$c['weight'] = (string) $parent_product->get_prop( 'weight', '' );
			}
			if ( '' === implode( '', $c['dims'] ) ) {
				$parent_dims = (array) $parent_product->get_prop( 'dimensions', array() );
				foreach ( array_keys( $c['dims'] ) as $dim ) {
					$c['dims'][ $dim ] = (string) ( $parent_dims[ $dim ] ?? '' );
				}
			}
			if ( ! $c['stock']['manage_stock'] && $parent_product->get_manage_stock() ) {
				$c['stock']['manage_stock']   = 'parent';
				$c['stock']['stock_quantity'] = (int) $parent_product->get_prop( 'stock_quantity', 0 );
				$c['status']                  = (string) $parent_product->get_prop( 'stock_status', 'instock' );
			}
		}
		$data = array_merge(
			array( 'id' => $variation->get_id() ),
			$c['dates'],
			array(
				'description' => (string) $variation->get_prop( 'description', '' ),
				'permalink'   => $parent ? (string) get_permalink( $parent ) : '',
			),
			$c['price'],
			array(
				'status'          => $variation->get_status(),
				'purchasable'     => '' !== $variation->get_price(),
				'virtual'         => $c['virtual'],
				'downloadable'    => $c['download'],
				'downloads'       => array(),
				'download_limit'  => -1,
				'download_expiry' => -1,
			),
			array(
				'tax_status'     => $c['stock']['tax_status'],
				'tax_class'      => $c['stock']['tax_class'],
				'manage_stock'   => $c['stock']['manage_stock'],
				'stock_quantity' => $c['stock']['stock_quantity'],
				'stock_status'   => $c['status'],
			),
			array(
				'backorders'         => $c['stock']['backorders'],
				'backorders_allowed' => $c['stock']['backorders_allowed'],
				'backordered'        => false,
				'low_stock_amount'   => $c['stock']['low_stock_amount'],
				'weight'             => $c['weight'],
				'dimensions'         => $c['dims'],
				'shipping_class'     => (string) $variation->get_prop( 'shipping_class', '' ),
				'shipping_class_id'  => 0,
				'image'              => null,
				'attributes'         => $attributes,
				'menu_order'         => $variation->get_menu_order(),
				'meta_data'          => $c['meta'],
				'name'               => $options ? implode( ', ', array_filter( $options, 'strlen' ) ) : ( $parent ? $parent->post_title : '' ),
				'parent_id'          => $variation->get_parent_id(),
			)
		);
		return WC_Standin_Rest_Support::add_additional_fields( 'product_variation', $data );
	}
}
