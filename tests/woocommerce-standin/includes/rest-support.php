<?php
/**
 * Shared pieces of the stand-in's wc/v3 routes (tests only — not WooCommerce): permissions as
 * WooCommerce checks them, pagination headers, dates and decimals in WooCommerce's formats.
 *
 * Written from WooCommerce 8.9.1's documented REST behaviour and from responses captured on the
 * wc-rig; no WooCommerce code is copied.
 *
 * @package MegaventorySyncTests
 */

// phpcs:disable Generic.Files.OneObjectStructurePerFile.MultipleFound -- a compact test double.

/**
 * Helpers.
 */
final class WC_Standin_Rest_Support {
	const NAMESPACE_V3 = 'wc/v3';

	/**
	 * The 401/403 WooCommerce answers when a capability check fails.
	 *
	 * @param string $action view, create, edit or delete.
	 * @return WP_Error
	 */
	public static function forbidden( $action ) {
		$messages = array(
			'view'   => 'Sorry, you cannot list resources.',
			'create' => 'Sorry, you are not allowed to create resources.',
			'edit'   => 'Sorry, you are not allowed to edit this resource.',
			'delete' => 'Sorry, you are not allowed to delete this resource.',
		);
		return new WP_Error( 'woocommerce_rest_cannot_' . $action, $messages[ $action ], array( 'status' => rest_authorization_required_code() ) );
	}

	/**
	 * Post-type permission (WooCommerce's wc_rest_check_post_permissions): read → the type's
	 * read_private_posts cap, create → publish_posts, edit/delete → the meta cap on the object.
	 *
	 * @param string $post_type Post type.
	 * @param string $context   read, create, edit, delete.
	 * @param int    $object_id Object id.
	 * @return bool
	 */
	public static function can_post( $post_type, $context, $object_id = 0 ) {
		$caps = array(
			'read'   => 'read_private_posts',
			'create' => 'publish_posts',
			'edit'   => 'edit_post',
			'delete' => 'delete_post',
		);
		$type = get_post_type_object( $post_type );
		if ( ! $type ) {
			return false;
		}
		$cap = $caps[ $context ];
		return current_user_can( $type->cap->$cap, $object_id );
	}

	/**
	 * User permission (WooCommerce's wc_rest_check_user_permissions): list_users, promote_users
	 * (so shop managers cannot create users), edit_users, delete_users; a shop manager may edit or
	 * delete only customers and themselves.
	 *
	 * @param string $context   read, create, edit, delete.
	 * @param int    $object_id User id.
	 * @return bool
	 */
	public static function can_user( $context, $object_id = 0 ) {
		$caps = array(
			'read'   => 'list_users',
			'create' => 'promote_users',
			'edit'   => 'edit_users',
			'delete' => 'delete_users',
		);
		$me = wp_get_current_user();
		if ( in_array( $context, array( 'edit', 'delete' ), true ) && in_array( 'shop_manager', (array) $me->roles, true ) ) {
			$user = get_userdata( (int) $object_id );
			if ( ! $user ) {
				return false;
			}
			if ( ! in_array( 'customer', (array) $user->roles, true ) && (int) $object_id !== (int) $me->ID ) {
				return false;
			}
		}
		return current_user_can( $caps[ $context ], $object_id );
	}

	/**
	 * A permission callback.
	 *
	 * @param callable $check  Returns bool for a request.
	 * @param string   $action view, create, edit, delete.
	 * @return Closure
	 */
	public static function permission( callable $check, $action ) {
		return static function ( WP_REST_Request $request ) use ( $check, $action ) {
			return $check( $request ) ? true : self::forbidden( $action );
		};
	}

	/**
	 * page and per_page as WooCommerce declares them.
	 *
	 * @return array
	 */
	public static function collection_args() {
		return array(
			'page'     => array(
				'type'    => 'integer',
				'default' => 1,
				'minimum' => 1,
			),
			'per_page' => array(
				'type'    => 'integer',
				'default' => 10,
				'minimum' => 1,
				'maximum' => 100,
			),
			'search'   => array( 'type' => 'string' ),
			'include'  => array(
				'type'    => 'array',
				'items'   => array( 'type' => 'integer' ),
				'default' => array(),
			),
			'order'    => array(
				'type'    => 'string',
				'enum'    => array( 'asc', 'desc' ),
				'default' => 'desc',
			),
		);
	}

	/**
	 * One page of already formatted items, with X-WP-Total, X-WP-TotalPages and Link headers.
	 *
	 * @param WP_REST_Request $request Request.
	 * @param array           $items   Every matching item (formatted lazily by $format).
	 * @param callable        $format  Item → array.
	 * @return WP_REST_Response
	 */
	public static function page( WP_REST_Request $request, array $items, callable $format ) {
		$per_page = (int) $request['per_page'];
		$page     = (int) $request['page'];
		$total    = count( $items );
		$pages    = (int) ceil( $total / max( 1, $per_page ) );
		$slice    = array_slice( $items, ( $page - 1 ) * $per_page, $per_page );
		$response = new WP_REST_Response( array_values( array_map( $format, $slice ) ) );
		$response->header( 'X-WP-Total', (string) $total );
		$response->header( 'X-WP-TotalPages', (string) $pages );
		$base  = add_query_arg( urlencode_deep( $request->get_query_params() ), rest_url( ltrim( $request->get_route(), '/' ) ) );
		$links = array();
		if ( $page > 1 && $page - 1 <= $pages ) {
			$links[] = '<' . add_query_arg( 'page', $page - 1, $base ) . '>; rel="prev"';
		}
		if ( $page < $pages ) {
			$links[] = '<' . add_query_arg( 'page', $page + 1, $base ) . '>; rel="next"';
		}
		if ( $links ) {
			$response->header( 'Link', implode( ', ', $links ) );
		}
		return $response;
	}

	/**
	 * Sorts rows by a key, then by id, in the requested direction.
	 *
	 * @param array  $rows  Rows with 'id' and $key.
	 * @param string $key   Sort key.
	 * @param string $order asc or desc.
	 * @return array
	 */
	public static function sort( array $rows, $key, $order ) {
		usort(
			$rows,
			static function ( $a, $b ) use ( $key ) {
				$cmp = $a[ $key ] <=> $b[ $key ];
				return 0 !== $cmp ? $cmp : $a['id'] <=> $b['id'];
			}
		);
		return 'desc' === $order ? array_reverse( $rows ) : $rows;
	}

	/**
	 * A local and a GMT MySQL datetime as WooCommerce's pair of fields ("2026-11-27T04:43:41").
	 *
	 * @param string      $name  Field name.
	 * @param string|null $local Local datetime.
	 * @param string|null $gmt   GMT datetime.
	 * @return array
	 */
	public static function dates( $name, $local, $gmt ) {
		$format = static function ( $value ) {
			return ( empty( $value ) || 0 === strpos( (string) $value, '0000' ) ) ? null : str_replace( ' ', 'T', substr( (string) $value, 0, 19 ) );
		};
		return array(
			$name          => $format( $local ),
			$name . '_gmt' => $format( $gmt ),
		);
	}

	/**
	 * A GMT MySQL datetime as the pair (the stand-in site runs in UTC, so local = GMT offset applied).
	 *
	 * @param string      $name Field name.
	 * @param string|null $gmt  GMT datetime.
	 * @return array
	 */
	public static function dates_from_gmt( $name, $gmt ) {
		$local = empty( $gmt ) ? null : get_date_from_gmt( $gmt );
		return self::dates( $name, $local, $gmt );
	}

	/**
	 * Money with the store's 2 decimals, as a string ("19.90").
	 *
	 * @param float|string $value Amount.
	 * @return string
	 */
	public static function money( $value ) {
		return number_format( round( (float) $value, 2 ), 2, '.', '' );
	}

	/**
	 * An unrounded decimal without trailing zeros ("7.1478"), as WooCommerce stores line taxes.
	 *
	 * @param float $value Amount.
	 * @return string
	 */
	public static function decimal( $value ) {
		$text = rtrim( rtrim( number_format( (float) $value, 6, '.', '' ), '0' ), '.' );
		return '-0' === $text ? '0' : $text;
	}

	/**
	 * meta_data in the request applied to an object (WooCommerce: update by id, or by key).
	 *
	 * @param object $data_object Object with update_meta_data().
	 * @param mixed  $meta        Request meta_data.
	 */
	public static function apply_meta( $data_object, $meta ) {
		foreach ( (array) $meta as $entry ) {
			if ( is_array( $entry ) && isset( $entry['key'] ) ) {
				$data_object->update_meta_data( (string) $entry['key'], $entry['value'] ?? '', $entry['id'] ?? 0 );
			}
		}
	}

	/**
	 * Schema of meta_data.
	 *
	 * @return array
	 */
	public static function meta_schema() {
		return array(
			'type'  => 'array',
			'items' => array(
				'type'       => 'object',
				'properties' => array(
					'id'  => array( 'type' => 'integer' ),
					'key' => array( 'type' => 'string' ),
				),
			),
		);
	}

	/**
	 * The request's body fields that appear in $names, in request order.
	 *
	 * @param WP_REST_Request $request Request.
	 * @param string[]        $names   Accepted names.
	 * @return array
	 */
	public static function fields( WP_REST_Request $request, array $names ) {
		$fields = array();
		foreach ( $names as $name ) {
			if ( $request->has_param( $name ) ) {
				$fields[ $name ] = $request->get_param( $name );
			}
		}
		return $fields;
	}

	/**
	 * Route arguments for the fields other plugins added with register_rest_field (WordPress's
	 * controllers put their schema, including arg_options, into the endpoint arguments).
	 *
	 * @param string $object_type product or product_variation.
	 * @return array
	 */
	public static function additional_field_args( $object_type ) {
		global $wp_rest_additional_fields;
		$args = array();
		foreach ( (array) ( $wp_rest_additional_fields[ $object_type ] ?? array() ) as $name => $field ) {
			if ( empty( $field['update_callback'] ) || empty( $field['schema'] ) ) {
				continue;
			}
			$schema        = (array) $field['schema'];
			$options       = (array) ( $schema['arg_options'] ?? array() );
			$args[ $name ] = array_merge( array_intersect_key( $schema, array_flip( array( 'type', 'description', 'enum', 'pattern', 'minimum', 'maximum' ) ) ), $options );
		}
		return $args;
	}

	/**
	 * Adds register_rest_field values to a formatted object (get_callback gets the prepared data).
	 *
	 * @param string               $object_type product or product_variation.
	 * @param array                $data        Formatted object.
	 * @param WP_REST_Request|null $request     Request.
	 * @return array
	 */
	public static function add_additional_fields( $object_type, array $data, $request = null ) {
		global $wp_rest_additional_fields;
		$request = $request instanceof WP_REST_Request ? $request : new WP_REST_Request();
		foreach ( (array) ( $wp_rest_additional_fields[ $object_type ] ?? array() ) as $name => $field ) {
			if ( ! empty( $field['get_callback'] ) ) {
				$data[ $name ] = call_user_func( $field['get_callback'], $data, $name, $request, $object_type );
			}
		}
		return $data;
	}

	/**
	 * Runs register_rest_field update callbacks after the object was saved (as WooCommerce's CRUD
	 * controller does).
	 *
	 * @param string          $object_type product or product_variation.
	 * @param object          $object      Saved object.
	 * @param WP_REST_Request $request     Request.
	 * @return true|WP_Error
	 */
	public static function update_additional_fields( $object_type, $object, WP_REST_Request $request ) {
		global $wp_rest_additional_fields;
		foreach ( (array) ( $wp_rest_additional_fields[ $object_type ] ?? array() ) as $name => $field ) {
			// As WordPress: a field sent as null is skipped.
			if ( empty( $field['update_callback'] ) || null === $request->get_param( $name ) ) {
				continue;
			}
			$result = call_user_func( $field['update_callback'], $request->get_param( $name ), $object, $name, $request, $object_type );
			if ( is_wp_error( $result ) ) {
				return $result;
			}
		}
		return true;
	}

	/**
	 * An address with every field WooCommerce returns (shipping has phone but no email).
	 *
	 * @param array  $stored Stored fields.
	 * @param string $kind   billing or shipping.
	 * @return array
	 */
	public static function address( array $stored, $kind ) {
		$fields  = array( 'first_name', 'last_name', 'company', 'address_1', 'address_2', 'city', 'state', 'postcode', 'country' );
		$fields  = array_merge( $fields, 'billing' === $kind ? array( 'email', 'phone' ) : array( 'phone' ) );
		$address = array();
		foreach ( $fields as $field ) {
			$address[ $field ] = (string) ( $stored[ $field ] ?? '' );
		}
		return $address;
	}
}
