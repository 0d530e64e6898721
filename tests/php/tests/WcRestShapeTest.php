<?php
/**
 * Shape parity: the wc/v3 answers the sync reads (products, variations, categories, customers,
 * coupons, tax rates, tax classes, orders) have every key of real WooCommerce 8.9.1's captured
 * answers (crates/sync-core/tests/fixtures/wc/), with the same JSON types.
 *
 * The same calls run on the real WooCommerce rig with MVSYNC_RIG=1; each run writes the shapes and
 * a few values it saw to {temp}/mvsync-wc-shapes-{standin|rig}.json, and
 * tests/php/tools/compare-shapes.php prints how the two differ.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

/**
 * Shape parity tests.
 *
 * @group wc-rest
 */
final class WcRestShapeTest extends TestCase {
	/**
	 * Created entities to delete: [route, query].
	 *
	 * @var array
	 */
	private $created = array();

	/**
	 * Acts as the administrator.
	 */
	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'administrator' );
	}

	/**
	 * Deletes what the test created (newest first), also on the shared rig.
	 */
	protected function tearDown(): void {
		$this->act_as( 'administrator' );
		foreach ( array_reverse( $this->created ) as list( $route, $query ) ) {
			$this->rest( 'DELETE', $route, null, array(), $query );
		}
		parent::tearDown();
	}

	/**
	 * A captured fixture.
	 *
	 * @param string $path Path under fixtures/wc.
	 * @return mixed
	 */
	private static function fixture( $path ) {
		return json_decode( (string) file_get_contents( dirname( __DIR__, 3 ) . '/crates/sync-core/tests/fixtures/wc/' . $path ), true );
	}

	/**
	 * A wc/v3 call that must succeed; its data as JSON would decode.
	 *
	 * @param string     $method Method.
	 * @param string     $route  Route under /wc/v3.
	 * @param array|null $body   Body.
	 * @param array      $query  Query.
	 * @return array
	 */
	private function wc( $method, $route, $body = null, array $query = array() ) {
		$response = $this->rest( $method, '/wc/v3' . $route, $body, array(), $query );
		$data     = json_decode( (string) wp_json_encode( rest_get_server()->response_to_data( $response, false ) ), true );
		$this->assertLessThan( 300, $response->get_status(), "$method $route: " . wp_json_encode( $data ) );
		return $data;
	}

	/**
	 * The comparison itself catches a missing key and a changed type (so the parity test can fail).
	 */
	public function test_shape_compare_reports_missing_keys_and_type_changes() {
		$real = array(
			'id'         => 1,
			'price'      => '1.00',
			'meta_data'  => array(
				array(
					'id'  => 1,
					'key' => 'k',
				),
			),
			'dimensions' => array( 'length' => '' ),
		);
		$diff = ShapeCompare::diff(
			$real,
			array(
				'id'         => 1,
				'price'      => 1.0,
				'meta_data'  => array( array( 'id' => '1' ) ),
				'dimensions' => array( 'length' => '' ),
				'new'        => true,
			)
		);
		$this->assertSame( array( '$.meta_data[0].key' ), $diff['missing'] );
		$this->assertSame( array( '$.price: real string, stand-in number', '$.meta_data[0].id: real integer, stand-in string' ), $diff['types'] );
		$this->assertSame( array( '$.new' ), $diff['extra'] );
		$this->assertSame( array(), ShapeCompare::diff( $real, $real )['missing'] );
	}

	/**
	 * Creates one of each entity through wc/v3, reads them back, and compares every answer's keys
	 * and types with the captured ones.
	 */
	public function test_answers_have_the_keys_and_types_of_real_woocommerce() {
		$suffix = strtolower( wp_generate_password( 6, false ) );

		$rate = $this->wc(
			'POST',
			'/taxes',
			array(
				'country'  => 'DE',
				'rate'     => '19.0000',
				'name'     => 'mvsync-VAT',
				'priority' => 1,
				'shipping' => true,
				'class'    => 'standard',
			)
		);
		$this->created[] = array( '/wc/v3/taxes/' . $rate['id'], array( 'force' => 'true' ) );

		$category        = $this->wc( 'POST', '/products/categories', array( 'name' => 'mvsync-Mugs-' . $suffix ) );
		$this->created[] = array( '/wc/v3/products/categories/' . $category['id'], array( 'force' => 'true' ) );

		$simple          = $this->wc(
			'POST',
			'/products',
			array(
				'name'           => 'mvsync Mug',
				'sku'            => 'MVS-MUG-' . $suffix,
				'regular_price'  => '19.90',
				'sale_price'     => '15.90',
				'manage_stock'   => true,
				'stock_quantity' => 41,
				'weight'         => '0.45',
				'categories'     => array( array( 'id' => $category['id'] ) ),
				'meta_data'      => array(
					array(
						'key'   => '_mvsync_purchase_price',
						'value' => '7.35',
					),
				),
			)
		);
		$this->created[] = array( '/wc/v3/products/' . $simple['id'], array( 'force' => 'true' ) );

		$variable        = $this->wc(
			'POST',
			'/products',
			array(
				'name'       => 'mvsync Tee',
				'type'       => 'variable',
				'sku'        => 'MVS-TEE-' . $suffix,
				'attributes' => array(
					array(
						'name'      => 'Size',
						'visible'   => true,
						'variation' => true,
						'options'   => array( 'S', 'M' ),
					),
				),
			)
		);
		$this->created[] = array( '/wc/v3/products/' . $variable['id'], array( 'force' => 'true' ) );
		$variation       = $this->wc(
			'POST',
			'/products/' . $variable['id'] . '/variations',
			array(
				'sku'            => 'MVS-TEE-S-' . $suffix,
				'regular_price'  => '24.00',
				'sale_price'     => '21.50',
				'manage_stock'   => true,
				'stock_quantity' => 5,
				'attributes'     => array(
					array(
						'name'   => 'Size',
						'option' => 'S',
					),
				),
				'meta_data'      => array(
					array(
						'key'   => '_mvsync_purchase_price',
						'value' => '9.80',
					),
				),
			)
		);

		$customer        = $this->wc(
			'POST',
			'/customers',
			array(
				'email'      => 'mvsync-' . $suffix . '@example.test',
				'first_name' => 'Mia',
				'last_name'  => 'Sync',
				'billing'    => array(
					'first_name' => 'Mia',
					'last_name'  => 'Sync',
					'address_1'  => 'Hauptstr. 1',
					'city'       => 'Berlin',
					'postcode'   => '10115',
					'country'    => 'DE',
					'email'      => 'mvsync-' . $suffix . '@example.test',
					'phone'      => '+49 30 1234',
				),
				'shipping'   => array(
					'first_name' => 'Mia',
					'last_name'  => 'Sync',
					'address_1'  => 'Hauptstr. 1',
					'city'       => 'Berlin',
					'postcode'   => '10115',
					'country'    => 'DE',
				),
				'meta_data'  => array(
					array(
						'key'   => 'mvsync_note',
						'value' => 'vip',
					),
				),
			)
		);
		$this->created[] = array(
			'/wc/v3/customers/' . $customer['id'],
			array(
				'force'    => 'true',
				'reassign' => '1',
			),
		);

		$coupon          = $this->wc(
			'POST',
			'/coupons',
			array(
				'code'          => 'mvsync-pct-' . $suffix,
				'discount_type' => 'percent',
				'amount'        => '12.5',
				'usage_limit'   => 100,
			)
		);
		$this->created[] = array( '/wc/v3/coupons/' . $coupon['id'], array( 'force' => 'true' ) );

		$order           = $this->wc(
			'POST',
			'/orders',
			array(
				'customer_id'    => $customer['id'],
				'payment_method' => 'bacs',
				'billing'        => array(
					'first_name' => 'Mia',
					'last_name'  => 'Sync',
					'country'    => 'DE',
					'email'      => 'mvsync-' . $suffix . '@example.test',
				),
				'shipping'       => array(
					'first_name' => 'Mia',
					'last_name'  => 'Sync',
					'country'    => 'DE',
				),
				'line_items'     => array(
					array(
						'product_id'   => $variable['id'],
						'variation_id' => $variation['id'],
						'quantity'     => 2,
					),
					array(
						'product_id' => $simple['id'],
						'quantity'   => 1,
					),
				),
				'shipping_lines' => array(
					array(
						'method_id'    => 'flat_rate',
						'method_title' => 'Flat rate',
						'total'        => '5.00',
					),
				),
				'fee_lines'      => array(
					array(
						'name'       => 'Gift wrap',
						'total'      => '2.50',
						'tax_status' => 'taxable',
					),
				),
				'coupon_lines'   => array( array( 'code' => 'mvsync-pct-' . $suffix ) ),
			)
		);
		$this->created[] = array( '/wc/v3/orders/' . $order['id'], array( 'force' => 'true' ) );
		$this->wc( 'PUT', '/orders/' . $order['id'], array( 'status' => 'processing' ) );

		$seen = array(
			'product'   => $this->wc( 'GET', '/products/' . $simple['id'] ),
			'variable'  => $this->wc( 'GET', '/products/' . $variable['id'] ),
			'variation' => $this->wc( 'GET', '/products/' . $variable['id'] . '/variations/' . $variation['id'] ),
			'category'  => $this->wc( 'GET', '/products/categories', null, array( 'include' => (string) $category['id'] ) )[0],
			'customer'  => $this->wc( 'GET', '/customers/' . $customer['id'] ),
			'coupon'    => $this->wc( 'GET', '/coupons/' . $coupon['id'] ),
			'tax_rate'  => $this->wc( 'GET', '/taxes/' . $rate['id'] ),
			'tax_class' => $this->wc( 'GET', '/taxes/classes' )[0],
			'order'     => $this->wc( 'GET', '/orders/' . $order['id'] ),
		);
		$real = array(
			'product'   => self::fixture( 'products/simple.json' ),
			'variable'  => self::fixture( 'products/variable.json' ),
			'variation' => self::fixture( 'products/variable-variations.json' )[0],
			'category'  => self::fixture( 'products/categories.json' )[0],
			'customer'  => self::fixture( 'customers/full.json' ),
			'coupon'    => self::fixture( 'coupons/percent.json' ),
			'tax_rate'  => self::fixture( 'taxes/rates.json' )[0],
			'tax_class' => self::fixture( 'taxes/classes.json' )[0],
			'order'     => self::fixture( 'orders/customer.json' ),
		);

		$problems = array();
		$report   = array();
		foreach ( $seen as $name => $answer ) {
			$diff            = ShapeCompare::diff( $real[ $name ], $answer, $name );
			$report[ $name ] = $diff;
			foreach ( array( 'missing', 'types' ) as $kind ) {
				foreach ( $diff[ $kind ] as $line ) {
					$problems[] = $kind . ': ' . $line;
				}
			}
		}
		$this->dump( $seen, $report );
		$this->assertSame( array(), $problems, 'keys or types differ from real WooCommerce 8.9.1' );

		// The values the sync relies on, after the writes above.
		$this->assertSame( 'MVS-MUG-' . $suffix, $seen['product']['sku'] );
		$this->assertSame( '15.90', $seen['product']['price'] );
		$this->assertTrue( $seen['product']['on_sale'] );
		$this->assertSame( 40, $seen['product']['stock_quantity'], 'paid order reduced the stock' );
		$this->assertSame( 3, $seen['variation']['stock_quantity'] );
		$this->assertSame( array( $variation['id'] ), $seen['variable']['variations'] );
		$this->assertSame( array( $category['id'] ), array_column( $seen['product']['categories'], 'id' ) );
		$this->assertSame( '7.35', array_column( $seen['product']['meta_data'], 'value', 'key' )['_mvsync_purchase_price'] );
		$this->assertSame( 'processing', $seen['order']['status'] );
		$this->assertSame( 1, $seen['coupon']['usage_count'] );
		$this->assertSame( 'standard', $seen['tax_rate']['class'] );
		$this->assertSame( 'customer', $seen['customer']['role'] );
	}

	/**
	 * Writes what this run saw, for tools/compare-shapes.php.
	 *
	 * @param array $seen   Answers.
	 * @param array $report Diffs against the fixtures.
	 */
	private function dump( array $seen, array $report ) {
		$file = sys_get_temp_dir() . '/mvsync-wc-shapes-' . ( MVSYNC_TESTS_ON_RIG ? 'rig' : 'standin' ) . '.json';
		file_put_contents( $file, wp_json_encode( array( 'answers' => $seen, 'against_fixtures' => $report ), JSON_PRETTY_PRINT ) ); // phpcs:ignore WordPress.Arrays.ArrayDeclarationSpacing.AssociativeArrayFound -- test output.
	}
}
