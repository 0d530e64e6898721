<?php
/**
 * Must-use plugin of the benchmark sites only (copied in by tests/bench/lib/bench-site.sh).
 *
 * The WooCommerce stand-in answers GET wc/v3/products by loading every product and slicing the
 * page in PHP: fine for a test shop, but with 100,000 products each page would load all of them
 * (an import would be quadratic and take hours). Real WooCommerce pages in SQL. This serves the
 * one list request the worker's imports make — no filters, orderby=id, order=asc — the way real
 * WooCommerce does (LIMIT/OFFSET plus a count), formatting each product with the stand-in's own
 * formatter, so the JSON is the same. Every other request goes to the stand-in untouched. It runs
 * on rest_dispatch_request, after WordPress has checked the route's permission callback.
 *
 * @package MegaventorySyncBench
 */

add_filter(
	'rest_dispatch_request',
	static function ( $result, $request, $route ) {
		if ( null !== $result || '/wc/v3/products' !== $route || 'GET' !== $request->get_method() ) {
			return $result;
		}
		$filters = array( 'type', 'sku', 'include', 'parent', 'search' );
		foreach ( $filters as $filter ) {
			if ( ! empty( $request[ $filter ] ) ) {
				return $result;
			}
		}
		if ( 'id' !== $request['orderby'] || 'asc' !== $request['order'] || ! class_exists( 'WC_Standin_Rest_Products' ) ) {
			return $result;
		}
		global $wpdb;
		$statuses = 'any' === $request['status'] ? array( 'publish', 'draft', 'pending', 'private', 'future' ) : array( (string) $request['status'] );
		$in       = implode( ',', array_fill( 0, count( $statuses ), '%s' ) );
		$per_page = max( 1, (int) $request['per_page'] );
		$page     = max( 1, (int) $request['page'] );
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery -- placeholders only.
		$total = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->posts} WHERE post_type = 'product' AND post_status IN ($in)", $statuses ) );
		$ids   = array_map(
			'intval',
			$wpdb->get_col(
				$wpdb->prepare(
					"SELECT ID FROM {$wpdb->posts} WHERE post_type = 'product' AND post_status IN ($in) ORDER BY ID ASC LIMIT %d OFFSET %d",
					array_merge( $statuses, array( $per_page, ( $page - 1 ) * $per_page ) )
				)
			)
		);
		// phpcs:enable
		_prime_post_caches( $ids, true, true );
		$items = array();
		foreach ( $ids as $id ) {
			$product = wc_get_product( $id );
			if ( $product ) {
				$items[] = WC_Standin_Rest_Products::format_product( $product );
			}
		}
		$response = new WP_REST_Response( $items );
		$response->header( 'X-WP-Total', (string) $total );
		$response->header( 'X-WP-TotalPages', (string) (int) ceil( $total / $per_page ) );
		return $response;
	},
	10,
	3
);
