<?php
/**
 * Behaviour of the wc/v3 routes the worker uses: paging headers, the customers' default role
 * filter, delete semantics, permissions per role, bad input, and the plugin's hooks and loop
 * suppression on REST writes. Runs on the stand-in and, with MVSYNC_RIG=1, unchanged on real
 * WooCommerce 8.9.1, which is how the stand-in is held to the real behaviour.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

/**
 * wc/v3 behaviour tests.
 *
 * @group wc-rest
 */
final class WcRestBehaviourTest extends TestCase {
	/**
	 * Created entities to delete: [route, query].
	 *
	 * @var array
	 */
	private $created = array();

	/**
	 * A suffix unique to this test.
	 *
	 * @var string
	 */
	private $suffix = '';

	/**
	 * Acts as the administrator.
	 */
	protected function setUp(): void {
		parent::setUp();
		$this->suffix = strtolower( wp_generate_password( 6, false ) );
		$this->act_as( 'administrator' );
	}

	/**
	 * Deletes what the test created, newest first (also on the shared rig).
	 */
	protected function tearDown(): void {
		$this->act_as( 'administrator' );
		foreach ( array_reverse( $this->created ) as list( $route, $query ) ) {
			$this->rest( 'DELETE', $route, null, array(), $query );
		}
		parent::tearDown();
	}

	/**
	 * A wc/v3 call; returns [status, data as JSON would decode, headers].
	 *
	 * @param string     $method  Method.
	 * @param string     $route   Route under /wc/v3.
	 * @param array|null $body    Body.
	 * @param array      $query   Query.
	 * @param array      $headers Headers.
	 * @return array
	 */
	private function call( $method, $route, $body = null, array $query = array(), array $headers = array() ) {
		$response = $this->rest( $method, '/wc/v3' . $route, $body, $headers, $query );
		$data     = json_decode( (string) wp_json_encode( rest_get_server()->response_to_data( $response, false ) ), true );
		return array( $response->get_status(), $data, $response->get_headers() );
	}

	/**
	 * A call that must succeed; its data.
	 *
	 * @param string     $method Method.
	 * @param string     $route  Route.
	 * @param array|null $body   Body.
	 * @param array      $query  Query.
	 * @return array
	 */
	private function ok( $method, $route, $body = null, array $query = array() ) {
		list( $status, $data ) = $this->call( $method, $route, $body, $query );
		$this->assertLessThan( 300, $status, "$method $route: " . wp_json_encode( $data ) );
		return $data;
	}

	/**
	 * A product (deleted after the test).
	 *
	 * @param array $fields Extra fields.
	 * @return array
	 */
	private function product( array $fields = array() ) {
		$product         = $this->ok( 'POST', '/products', array_merge( array( 'name' => 'mvsync rest ' . $this->suffix ), $fields ) );
		$this->created[] = array( '/wc/v3/products/' . $product['id'], array( 'force' => 'true' ) );
		return $product;
	}

	/**
	 * A customer (deleted after the test).
	 *
	 * @param string $local Local part of the email.
	 * @return array
	 */
	private function customer( $local ) {
		$customer        = $this->ok( 'POST', '/customers', array( 'email' => $local . '-' . $this->suffix . '@example.test' ) );
		$this->created[] = array(
			'/wc/v3/customers/' . $customer['id'],
			array(
				'force'    => 'true',
				'reassign' => '1',
			),
		);
		return $customer;
	}

	/**
	 * Lists page with X-WP-Total and X-WP-TotalPages; per_page is 1..100.
	 */
	public function test_lists_page_with_total_headers() {
		foreach ( array( 'a', 'b', 'c' ) as $letter ) {
			$coupon          = $this->ok( 'POST', '/coupons', array( 'code' => 'mvsync-page-' . $this->suffix . '-' . $letter ) );
			$this->created[] = array( '/wc/v3/coupons/' . $coupon['id'], array( 'force' => 'true' ) );
		}
		$query = array(
			'search'   => 'mvsync-page-' . $this->suffix,
			'per_page' => '2',
			'orderby'  => 'id',
			'order'    => 'asc',
		);
		list( $status, $first, $headers ) = $this->call( 'GET', '/coupons', null, $query );
		$this->assertSame( 200, $status );
		$this->assertCount( 2, $first );
		$this->assertSame( '3', (string) $headers['X-WP-Total'] );
		$this->assertSame( '2', (string) $headers['X-WP-TotalPages'] );
		list( , $second ) = $this->call( 'GET', '/coupons', null, array_merge( $query, array( 'page' => '2' ) ) );
		$this->assertSame( array( 'mvsync-page-' . $this->suffix . '-c' ), array_column( $second, 'code' ) );
		foreach ( array( '0', '101', 'x' ) as $bad ) {
			list( $status, $data ) = $this->call( 'GET', '/products', null, array( 'per_page' => $bad ) );
			$this->assertSame( 400, $status, "per_page=$bad" );
			$this->assertSame( 'rest_invalid_param', $data['code'] );
		}
	}

	/**
	 * GET /customers lists role customer unless another role (or all) is asked for.
	 */
	public function test_customers_list_only_customers_by_default() {
		$customer = $this->customer( 'listed' );
		$email    = 'mvsync-sub-' . $this->suffix . '@example.test';
		$user_id  = wp_insert_user(
			array(
				'user_login' => 'mvsync-sub-' . $this->suffix,
				'user_pass'  => wp_generate_password( 20 ),
				'user_email' => $email,
				'role'       => 'subscriber',
			)
		);
		$this->created[] = array(
			'/wc/v3/customers/' . $user_id,
			array(
				'force'    => 'true',
				'reassign' => '1',
			),
		);
		$this->assertSame( array(), $this->ok( 'GET', '/customers', null, array( 'email' => $email ) ) );
		$this->assertSame( array( $user_id ), array_column( $this->ok( 'GET', '/customers', null, array( 'email' => $email, 'role' => 'all' ) ), 'id' ) ); // phpcs:ignore WordPress.Arrays.ArrayDeclarationSpacing.AssociativeArrayFound -- short query.
		$this->assertSame( array( $customer['id'] ), array_column( $this->ok( 'GET', '/customers', null, array( 'email' => $customer['email'] ) ), 'id' ) );
	}

	/**
	 * Customers and tax rates cannot be trashed (501); products are trashed without force and
	 * deleted with it.
	 */
	public function test_delete_semantics() {
		$customer = $this->customer( 'deleted' );
		list( $status, $data ) = $this->call( 'DELETE', '/customers/' . $customer['id'] );
		$this->assertSame( 501, $status );
		$this->assertSame( 'woocommerce_rest_trash_not_supported', $data['code'] );

		$rate            = $this->ok( 'POST', '/taxes', array( 'country' => 'FR', 'rate' => '20', 'name' => 'mvsync ' . $this->suffix ) ); // phpcs:ignore WordPress.Arrays.ArrayDeclarationSpacing.AssociativeArrayFound -- short body.
		$this->created[] = array( '/wc/v3/taxes/' . $rate['id'], array( 'force' => 'true' ) );
		list( $status, $data ) = $this->call( 'DELETE', '/taxes/' . $rate['id'] );
		$this->assertSame( 501, $status );
		$this->assertSame( 'woocommerce_rest_trash_not_supported', $data['code'] );

		$product = $this->product();
		$trashed = $this->ok( 'DELETE', '/products/' . $product['id'] );
		$this->assertSame( 'publish', $trashed['status'], 'the answer is the product as it was before' );
		$this->assertSame( 'trash', $this->ok( 'GET', '/products/' . $product['id'] )['status'] );
		$deleted = $this->ok( 'DELETE', '/products/' . $product['id'], null, array( 'force' => 'true' ) );
		$this->assertSame( $product['id'], $deleted['id'] );
		list( $status, $data ) = $this->call( 'GET', '/products/' . $product['id'] );
		$this->assertSame( 404, $status );
		$this->assertSame( 'woocommerce_rest_product_invalid_id', $data['code'] );
	}

	/**
	 * Each role gets what WooCommerce gives it: nothing for visitors (401), subscribers and
	 * customers (403); shop managers everything the worker uses except creating customers;
	 * administrators everything.
	 */
	public function test_permissions_per_role() {
		$routes   = array(
			'products list'       => array( 'GET', '/products', null, 200, 200 ),
			'product create'      => array( 'POST', '/products', array( 'name' => 'mvsync perm ' . $this->suffix ), 201, 201 ),
			'categories list'     => array( 'GET', '/products/categories', null, 200, 200 ),
			'customers list'      => array( 'GET', '/customers', null, 200, 200 ),
			'customer create'     => array( 'POST', '/customers', array( 'email' => 'perm-%s-' . $this->suffix . '@example.test' ), 403, 201 ),
			'coupons list'        => array( 'GET', '/coupons', null, 200, 200 ),
			'taxes list'          => array( 'GET', '/taxes', null, 200, 200 ),
			'tax classes'         => array( 'GET', '/taxes/classes', null, 200, 200 ),
			'orders list'         => array( 'GET', '/orders', null, 200, 200 ),
		);
		$failures = array();
		foreach ( $routes as $name => list( $method, $route, $body, $manager_status, $admin_status ) ) {
			foreach ( array( 'anonymous', 'subscriber', 'customer', 'shop_manager', 'administrator' ) as $role ) {
				$this->act_as( 'anonymous' === $role ? null : $role );
				if ( is_array( $body ) && isset( $body['email'] ) ) {
					$body['email'] = sprintf( 'perm-%s-' . $this->suffix . '@example.test', str_replace( '_', '', $role ) );
				}
				list( $status, $data ) = $this->call( $method, $route, $body, array( 'per_page' => '1' ) );
				$expected              = array(
					'anonymous'     => 401,
					'subscriber'    => 403,
					'customer'      => 403,
					'shop_manager'  => $manager_status,
					'administrator' => $admin_status,
				)[ $role ];
				if ( $status !== $expected ) {
					$failures[] = "$name as $role: expected $expected, got $status " . wp_json_encode( $data['code'] ?? '' );
				}
				if ( 201 === $status ) {
					$this->created[] = array( '/wc/v3' . $route . '/' . $data['id'], array( 'force' => 'true', 'reassign' => '1' ) ); // phpcs:ignore WordPress.Arrays.ArrayDeclarationSpacing.AssociativeArrayFound -- short query.
				}
			}
		}
		$this->assertSame( array(), $failures );
	}

	/**
	 * A variation without its own SKU, weight or stock shows its parent's, and manage_stock
	 * "parent" (a string) when only the parent manages stock.
	 */
	public function test_variations_show_what_they_inherit_from_the_parent() {
		$parent    = $this->product(
			array(
				'type'           => 'variable',
				'sku'            => 'MVS-PARENT-' . $this->suffix,
				'weight'         => '1.5',
				'manage_stock'   => true,
				'stock_quantity' => 12,
				'attributes'     => array(
					array(
						'name'      => 'Size',
						'variation' => true,
						'options'   => array( 'S', 'M' ),
					),
				),
			)
		);
		$variation = $this->ok(
			'POST',
			'/products/' . $parent['id'] . '/variations',
			array(
				'regular_price' => '5.00',
				'attributes'    => array(
					array(
						'name'   => 'Size',
						'option' => 'S',
					),
				),
			)
		);
		$read      = $this->ok( 'GET', '/products/' . $parent['id'] . '/variations/' . $variation['id'] );
		$this->assertSame( 'parent', $read['manage_stock'] );
		$this->assertSame( 12, $read['stock_quantity'] );
		$this->assertSame( 'MVS-PARENT-' . $this->suffix, $read['sku'] );
		$this->assertSame( '1.5', $read['weight'] );
		$own = $this->ok( 'PUT', '/products/' . $parent['id'] . '/variations/' . $variation['id'], array( 'manage_stock' => true, 'stock_quantity' => 2 ) ); // phpcs:ignore WordPress.Arrays.ArrayDeclarationSpacing.AssociativeArrayFound -- short body.
		$this->assertTrue( $own['manage_stock'] );
		$this->assertSame( 2, $own['stock_quantity'] );
	}

	/**
	 * Bad input is refused with WooCommerce's codes and changes nothing.
	 */
	public function test_bad_input_is_refused() {
		$product = $this->product( array( 'sku' => 'MVS-BAD-' . $this->suffix ) );
		$cases   = array(
			'stock not an integer' => array( 'PUT', '/products/' . $product['id'], array( 'stock_quantity' => 'many' ), 400, 'rest_invalid_param' ),
			'price not a string'   => array( 'PUT', '/products/' . $product['id'], array( 'regular_price' => 5 ), 400, 'rest_invalid_param' ),
			'unknown status'       => array( 'PUT', '/products/' . $product['id'], array( 'status' => 'gone' ), 400, 'rest_invalid_param' ),
			'update unknown product' => array( 'PUT', '/products/999999999', array( 'stock_quantity' => 1 ), 400, 'woocommerce_rest_product_invalid_id' ),
			'read unknown product' => array( 'GET', '/products/999999999', null, 404, 'woocommerce_rest_product_invalid_id' ),
			'update unknown order' => array( 'PUT', '/orders/999999999', array( 'status' => 'completed' ), 400, 'woocommerce_rest_shop_order_invalid_id' ),
			'read unknown order'   => array( 'GET', '/orders/999999999', null, 404, 'woocommerce_rest_shop_order_invalid_id' ),
			'unknown order status' => array( 'POST', '/orders', array( 'status' => 'shipped' ), 400, 'rest_invalid_param' ),
			'unknown customer'     => array( 'GET', '/customers/999999999', null, 404, 'woocommerce_rest_invalid_id' ),
		);
		foreach ( $cases as $name => list( $method, $route, $body, $status, $code ) ) {
			list( $got_status, $data ) = $this->call( $method, $route, $body );
			$this->assertSame( array( $status, $code ), array( $got_status, $data['code'] ?? null ), $name . ': ' . wp_json_encode( $data ) );
		}
		$this->assertNull( $this->ok( 'GET', '/products/' . $product['id'] )['stock_quantity'] );
	}

	/**
	 * REST writes go through the CRUD layer (so the plugin records them), and the same writes by
	 * the worker (header + manage_woocommerce) record nothing.
	 */
	public function test_rest_writes_are_recorded_unless_the_worker_makes_them() {
		$this->act_as( 'shop_manager' );
		$product = $this->product(
			array(
				'manage_stock'   => true,
				'stock_quantity' => 4,
			)
		);
		$this->assertSame( array( 'created' ), array_column( $this->rows_for( 'product', $product['id'] ), 'action' ) );
		$coupon          = $this->ok( 'POST', '/coupons', array( 'code' => 'mvsync-hook-' . $this->suffix ) );
		$this->created[] = array( '/wc/v3/coupons/' . $coupon['id'], array( 'force' => 'true' ) );
		$this->assertSame( array( 'created' ), array_column( $this->rows_for( 'coupon', $coupon['id'] ), 'action' ) );
		$order           = $this->ok(
			'POST',
			'/orders',
			array(
				'line_items' => array(
					array(
						'product_id' => $product['id'],
						'quantity'   => 1,
					),
				),
			)
		);
		$this->created[] = array( '/wc/v3/orders/' . $order['id'], array( 'force' => 'true' ) );
		$this->assertSame( array( 'created' ), array_column( $this->rows_for( 'order', $order['id'] ), 'action' ) );

		global $wpdb;
		$wpdb->query( 'TRUNCATE TABLE ' . \MegaventorySync\Install\Schema::table( 'outbox' ) ); // phpcs:ignore
		$worker = array( 'X-Megaventory-Sync-Worker' => '1' );
		list( $status ) = $this->call( 'PUT', '/products/' . $product['id'], array( 'stock_quantity' => 9 ), array(), $worker );
		$this->assertSame( 200, $status );
		list( $status, $paid ) = $this->call( 'PUT', '/orders/' . $order['id'], array( 'status' => 'processing' ), array(), $worker );
		$this->assertSame( 200, $status );
		$this->assertSame( 'processing', $paid['status'] );
		$this->assertSame( array(), $this->outbox_rows(), 'the worker\'s writes, and the stock reduction they caused, are not recorded' );
		$this->assertSame( 8, $this->ok( 'GET', '/products/' . $product['id'] )['stock_quantity'] );

		$this->ok( 'PUT', '/orders/' . $order['id'], array( 'status' => 'cancelled' ) );
		$this->assertSame( array( 'cancelled' ), array_column( $this->rows_for( 'order', $order['id'] ), 'action' ) );
		$this->assertSame( array( 'updated' ), array_column( $this->rows_for( 'product', $product['id'] ), 'action' ), 'stock restored by the cancellation' );
		$this->assertSame( 9, $this->ok( 'GET', '/products/' . $product['id'] )['stock_quantity'] );
	}
}
