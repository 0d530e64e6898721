<?php
/**
 * Purchase price: the wc/v3 field `mvsync_purchase_price` on products and variations (read,
 * write, validation), its meta `_mvsync_purchase_price` (what the engine reads and writes through
 * `meta_data`), no echo for the worker's writes, and the shop-format parsing of the admin field.
 * Runs on the stand-in and, with MVSYNC_RIG=1, unchanged on real WooCommerce 8.9.1.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

use MegaventorySync\Admin\PurchasePrice;

/**
 * Purchase price tests.
 *
 * @group wc-rest
 */
final class PurchasePriceTest extends TestCase {
	/**
	 * Product ids to delete.
	 *
	 * @var int[]
	 */
	private $created = array();

	/**
	 * As the administrator.
	 */
	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'administrator' );
	}

	/**
	 * Deletes what the test created.
	 */
	protected function tearDown(): void {
		$this->act_as( 'administrator' );
		foreach ( array_reverse( $this->created ) as $id ) {
			$this->rest( 'DELETE', '/wc/v3/products/' . $id, null, array(), array( 'force' => true ) );
		}
		parent::tearDown();
	}

	/**
	 * A wc/v3 call: [status, data].
	 *
	 * @param string     $method  Method.
	 * @param string     $route   Route under /wc/v3.
	 * @param array|null $body    Body.
	 * @param array      $headers Headers.
	 * @return array
	 */
	private function call( $method, $route, $body = null, array $headers = array() ) {
		$response = $this->rest( $method, '/wc/v3' . $route, $body, $headers );
		$data     = json_decode( (string) wp_json_encode( rest_get_server()->response_to_data( $response, false ) ), true );
		return array( $response->get_status(), $data );
	}

	/**
	 * The meta value as wc/v3 meta_data shows it (what the engine reads).
	 *
	 * @param array $data Product JSON.
	 * @return mixed
	 */
	private static function meta_value( array $data ) {
		foreach ( (array) $data['meta_data'] as $entry ) {
			if ( PurchasePrice::META_KEY === $entry['key'] ) {
				return $entry['value'];
			}
		}
		return null;
	}

	/**
	 * Create with a price, read it back, change it, clear it; bad values change nothing.
	 */
	public function test_product_round_trip_through_the_rest_api() {
		$sku                  = 'MVPP-' . strtolower( wp_generate_password( 6, false ) );
		list( $status, $data ) = $this->call(
			'POST',
			'/products',
			array(
				'name'                  => 'Purchase price probe',
				'sku'                   => $sku,
				'regular_price'         => '20',
				'mvsync_purchase_price' => '12.50',
			)
		);
		$this->assertSame( 201, $status, wp_json_encode( $data ) );
		$id              = (int) $data['id'];
		$this->created[] = $id;
		$this->assertSame( '12.5', $data['mvsync_purchase_price'] );

		list( $status, $data ) = $this->call( 'GET', '/products/' . $id );
		$this->assertSame( 200, $status );
		$this->assertSame( '12.5', $data['mvsync_purchase_price'] );
		$this->assertSame( '12.5', self::meta_value( $data ), 'the engine reads the same value from meta_data' );

		list( $status, $data ) = $this->call( 'PUT', '/products/' . $id, array( 'mvsync_purchase_price' => '7' ) );
		$this->assertSame( 200, $status, wp_json_encode( $data ) );
		$this->assertSame( '7', $data['mvsync_purchase_price'] );

		foreach ( array( '-1', 'abc', '1,5', '1e3', array( 1 ) ) as $bad ) {
			list( $status, $data ) = $this->call( 'PUT', '/products/' . $id, array( 'mvsync_purchase_price' => $bad ) );
			$this->assertSame( 400, $status, 'refused: ' . wp_json_encode( $bad ) );
			$this->assertSame( 'rest_invalid_param', $data['code'], wp_json_encode( $data ) );
		}
		list( , $data ) = $this->call( 'GET', '/products/' . $id );
		$this->assertSame( '7', $data['mvsync_purchase_price'], 'refused values changed nothing' );

		// WordPress skips additional fields sent as null, so null changes nothing; '' clears.
		list( $status, $data ) = $this->call( 'PUT', '/products/' . $id, array( 'mvsync_purchase_price' => null ) );
		$this->assertSame( 200, $status, wp_json_encode( $data ) );
		$this->assertSame( '7', $data['mvsync_purchase_price'] );
		list( $status, $data ) = $this->call( 'PUT', '/products/' . $id, array( 'mvsync_purchase_price' => '' ) );
		$this->assertSame( 200, $status, wp_json_encode( $data ) );
		$this->assertNull( $data['mvsync_purchase_price'] );
		$this->assertNull( self::meta_value( $data ) );
	}

	/**
	 * Variations carry their own purchase price.
	 */
	public function test_variation_round_trip() {
		list( $status, $parent ) = $this->call(
			'POST',
			'/products',
			array(
				'name'       => 'Purchase price variable probe',
				'type'       => 'variable',
				'attributes' => array(
					array(
						'name'      => 'Size',
						'variation' => true,
						'options'   => array( 'S', 'M' ),
					),
				),
			)
		);
		$this->assertSame( 201, $status, wp_json_encode( $parent ) );
		$this->created[]         = (int) $parent['id'];
		list( $status, $variation ) = $this->call(
			'POST',
			'/products/' . $parent['id'] . '/variations',
			array(
				'regular_price'         => '9',
				'attributes'            => array(
					array(
						'name'   => 'Size',
						'option' => 'S',
					),
				),
				'mvsync_purchase_price' => '3.25',
			)
		);
		$this->assertSame( 201, $status, wp_json_encode( $variation ) );
		$this->assertSame( '3.25', $variation['mvsync_purchase_price'] );
		$route                  = '/products/' . $parent['id'] . '/variations/' . $variation['id'];
		list( $status, $data ) = $this->call( 'PUT', $route, array( 'mvsync_purchase_price' => '4' ) );
		$this->assertSame( 200, $status, wp_json_encode( $data ) );
		list( , $data ) = $this->call( 'GET', $route );
		$this->assertSame( '4', $data['mvsync_purchase_price'] );
		$this->assertSame( '4', self::meta_value( $data ) );
		list( $status, $data ) = $this->call( 'PUT', $route, array( 'mvsync_purchase_price' => '-2' ) );
		$this->assertSame( 400, $status );
	}

	/**
	 * Megaventory's change written by the worker (meta_data, with the header, as
	 * crates/sync-wasm/src/http_woo.rs does) shows in the field and records no outbox row.
	 */
	public function test_worker_write_does_not_echo() {
		list( , $data )  = $this->call(
			'POST',
			'/products',
			array(
				'name' => 'Purchase price echo probe',
				'sku'  => 'MVPE-' . strtolower( wp_generate_password( 6, false ) ),
			)
		);
		$id              = (int) $data['id'];
		$this->created[] = $id;
		$before          = count( $this->rows_for( 'product', $id ) );

		list( $status, $data ) = $this->call(
			'PUT',
			'/products/' . $id,
			array( 'meta_data' => array( array( 'key' => PurchasePrice::META_KEY, 'value' => '8.75' ) ) ),
			array( 'X-Megaventory-Sync-Worker' => '1' )
		);
		$this->assertSame( 200, $status, wp_json_encode( $data ) );
		$this->assertSame( '8.75', $data['mvsync_purchase_price'] );
		$this->assertCount( $before, $this->rows_for( 'product', $id ), 'no echo' );

		list( $status, $data ) = $this->call( 'PUT', '/products/' . $id, array( 'mvsync_purchase_price' => '9' ), array( 'X-Megaventory-Sync-Worker' => '1' ) );
		$this->assertSame( 200, $status );
		$this->assertCount( $before, $this->rows_for( 'product', $id ), 'no echo through the field either' );
	}

	/**
	 * The product form's field: a valid value is set on the product WooCommerce is saving; a
	 * refused one leaves the stored price alone.
	 */
	public function test_admin_form_field_saves_valid_values_only() {
		$product = new \WC_Product_Simple();
		$product->set_name( 'Purchase price form probe' );
		$product->save();
		$this->created[] = $product->get_id();
		try {
			$_POST[ PurchasePrice::INPUT ] = '4.20';
			PurchasePrice::save_product_field( $product );
			$product->save();
			$this->assertSame( '4.2', wc_get_product( $product->get_id() )->get_meta( PurchasePrice::META_KEY ) );

			$_POST[ PurchasePrice::INPUT ] = '-4';
			$product = wc_get_product( $product->get_id() );
			PurchasePrice::save_product_field( $product );
			$product->save();
			$this->assertSame( '4.2', wc_get_product( $product->get_id() )->get_meta( PurchasePrice::META_KEY ), 'a refused value changes nothing' );

			// A variation's field is posted per form row: mvsync_purchase_price[row].
			$variation = new \WC_Product_Variation();
			$variation->set_parent_id( $product->get_id() );
			$variation->save();
			$_POST[ PurchasePrice::INPUT ] = array( 3 => '2.50' );
			PurchasePrice::save_variation_field( $variation, 3 );
			$variation->save();
			$this->assertSame( '2.5', wc_get_product( $variation->get_id() )->get_meta( PurchasePrice::META_KEY ) );
			$variation->delete( true );

			ob_start();
			$GLOBALS['product_object'] = wc_get_product( $product->get_id() );
			PurchasePrice::render_product_field();
			$html = (string) ob_get_clean();
			$this->assertStringContainsString( 'name="mvsync_purchase_price" value="4.2"', $html );
		} finally {
			unset( $_POST[ PurchasePrice::INPUT ], $GLOBALS['product_object'] );
		}
	}

	/**
	 * Once linked, Megaventory owns the purchase price: the form shows it read-only and ignores a
	 * posted value (an edit here would never reach Megaventory).
	 */
	public function test_linked_product_field_is_read_only_and_not_saved() {
		$product = new \WC_Product_Simple();
		$product->set_name( 'Linked purchase price probe' );
		$product->update_meta_data( PurchasePrice::META_KEY, '7.5' );
		$product->save();
		$this->created[] = $product->get_id();
		\MegaventorySync\Plugin::links()->put( 'product', $product->get_id(), 4711 );
		try {
			$_POST[ PurchasePrice::INPUT ] = '9.99';
			$product = wc_get_product( $product->get_id() );
			PurchasePrice::save_product_field( $product );
			$product->save();
			$this->assertSame( '7.5', wc_get_product( $product->get_id() )->get_meta( PurchasePrice::META_KEY ), 'a linked product keeps Megaventory\'s price' );

			ob_start();
			$GLOBALS['product_object'] = wc_get_product( $product->get_id() );
			PurchasePrice::render_product_field();
			$html = (string) ob_get_clean();
			$this->assertStringContainsString( 'value="7.5"', $html );
			$this->assertStringContainsString( 'readonly="readonly"', $html );
			$this->assertStringContainsString( 'Managed in Megaventory', $html );

			\MegaventorySync\Plugin::links()->delete( 'product', $product->get_id() );
			ob_start();
			PurchasePrice::render_product_field();
			$this->assertStringNotContainsString( 'readonly', (string) ob_get_clean(), 'unlinked: editable' );
		} finally {
			\MegaventorySync\Plugin::links()->delete( 'product', $product->get_id() );
			unset( $_POST[ PurchasePrice::INPUT ], $GLOBALS['product_object'] );
		}
	}

	/**
	 * The admin field reads the shop's decimal format; the REST field only a dot.
	 */
	public function test_parsing() {
		$this->assertSame( '12.5', PurchasePrice::parse( '12.50', 'p' ) );
		$this->assertSame( '0', PurchasePrice::parse( '0.00', 'p' ) );
		$this->assertSame( '0.5', PurchasePrice::parse( '.5', 'p' ) );
		$this->assertSame( '1000', PurchasePrice::parse( '001000', 'p' ) );
		$this->assertNull( PurchasePrice::parse( '  ', 'p' ) );
		$error = PurchasePrice::parse( '-3', 'product #4 (TS-01)' );
		$this->assertInstanceOf( \WP_Error::class, $error );
		$this->assertStringContainsString( 'product #4 (TS-01)', $error->get_error_message() );

		$filters = array(
			'wc_get_price_decimal_separator'  => static function () {
				return ',';
			},
			'wc_get_price_thousand_separator' => static function () {
				return '.';
			},
		);
		if ( ! function_exists( 'wc_get_price_decimal_separator' ) ) {
			// The stand-in has no shop price format: a dot is the default.
			$this->assertSame( '1.5', PurchasePrice::parse( '1.5', 'p', true ) );
			return;
		}
		add_filter( 'wc_get_price_decimal_separator', $filters['wc_get_price_decimal_separator'] );
		add_filter( 'wc_get_price_thousand_separator', $filters['wc_get_price_thousand_separator'] );
		try {
			$this->assertSame( '1234.5', PurchasePrice::parse( '1.234,50', 'p', true ) );
			$this->assertSame( '1234.5', PurchasePrice::parse( '1234.5', 'p' ), 'REST input keeps the dot' );
			$this->assertSame( '12,5', PurchasePrice::for_display( '12.5' ) );
		} finally {
			remove_filter( 'wc_get_price_decimal_separator', $filters['wc_get_price_decimal_separator'] );
			remove_filter( 'wc_get_price_thousand_separator', $filters['wc_get_price_thousand_separator'] );
		}
	}
}
