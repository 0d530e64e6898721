<?php
/**
 * Paths only real WooCommerce has: the CSV product importer and the admin AJAX variation save.
 * Skipped on the stand-in; run with MVSYNC_RIG=1 tests/php/run.sh.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

use MegaventorySync\Plugin;

/**
 * Real-WooCommerce hook tests.
 *
 * @group hooks
 */
final class RealWooCommerceTest extends TestCase {
	/**
	 * Ids to delete afterwards.
	 *
	 * @var int[]
	 */
	private $created = array();

	/**
	 * Only on real WooCommerce.
	 */
	protected function setUp(): void {
		parent::setUp();
		if ( defined( 'WC_STANDIN' ) ) {
			$this->markTestSkipped( 'Needs real WooCommerce (MVSYNC_RIG=1 tests/php/run.sh).' );
		}
		$this->act_as( 'administrator' );
	}

	/**
	 * Deletes what the test created.
	 */
	protected function tearDown(): void {
		foreach ( array_reverse( $this->created ) as $id ) {
			$product = wc_get_product( $id );
			if ( $product ) {
				$product->delete( true );
			}
		}
		unset( $_POST['variable_post_id'], $_POST['variable_regular_price'], $_POST['variable_sku'], $_POST['variation_menu_order'] );
		parent::tearDown();
	}

	/**
	 * Real WooCommerce lists the plugin as compatible with HPOS (custom order tables).
	 */
	public function test_woocommerce_sees_the_hpos_compatibility_declaration() {
		$controller = wc_get_container()->get( \Automattic\WooCommerce\Internal\Features\FeaturesController::class );
		$plugins    = $controller->get_compatible_plugins_for_feature( 'custom_order_tables', true );
		$this->assertContains( plugin_basename( MVSYNC_PLUGIN_FILE ), $plugins['compatible'] );
		$this->assertNotContains( plugin_basename( MVSYNC_PLUGIN_FILE ), $plugins['incompatible'] );
	}

	/**
	 * A product imported from CSV is recorded as created.
	 */
	public function test_csv_import_records_the_product() {
		include_once WC_ABSPATH . 'includes/import/class-wc-product-csv-importer.php';
		$sku  = 'CSV-' . wp_generate_password( 6, false );
		$file = get_temp_dir() . 'mvsync-import-' . wp_generate_password( 6, false ) . '.csv';
		file_put_contents( $file, "Type,SKU,Name,Regular price\nsimple,$sku,CSV product,9\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$importer = new \WC_Product_CSV_Importer(
			$file,
			array(
				'parse'   => true,
				'mapping' => array(
					'Type'          => 'type',
					'SKU'           => 'sku',
					'Name'          => 'name',
					'Regular price' => 'regular_price',
				),
			)
		);
		$result = $importer->import();
		unlink( $file );
		$this->assertCount( 1, $result['imported'], wp_json_encode( $result ) );
		$id              = (int) $result['imported'][0];
		$this->created[] = $id;
		$rows            = $this->rows_for( 'product', $id );
		$this->assertCount( 1, $rows );
		$this->assertSame( 'created', $rows[0]['action'] );
	}

	/**
	 * The variation save behind wp-admin's "Save changes" (admin AJAX save_variations) is recorded.
	 */
	public function test_admin_ajax_variation_save_records_the_variation() {
		$parent = new \WC_Product_Variable();
		$parent->set_name( 'AJAX parent' );
		$parent->save();
		$this->created[] = $parent->get_id();
		$variation       = new \WC_Product_Variation();
		$variation->set_parent_id( $parent->get_id() );
		$variation->set_regular_price( '5' );
		$variation->save();
		$this->created[] = $variation->get_id();
		$claim           = Plugin::outbox()->claim( 100, 60 );
		Plugin::outbox()->ack( $claim['lease_token'], array_column( $claim['items'], 'id' ) );

		include_once WC_ABSPATH . 'includes/admin/meta-boxes/class-wc-meta-box-product-data.php';
		$_POST['variable_post_id']       = array( 0 => $variation->get_id() );
		$_POST['variable_regular_price'] = array( 0 => '7' );
		$_POST['variable_sku']           = array( 0 => 'AJAX-' . wp_generate_password( 6, false ) );
		$_POST['variation_menu_order']   = array( 0 => 0 );
		\WC_Meta_Box_Product_Data::save_variations( $parent->get_id(), get_post( $parent->get_id() ) );

		$pending = array_values(
			array_filter(
				$this->rows_for( 'variation', $variation->get_id() ),
				static function ( $row ) {
					return 'pending' === $row['status'];
				}
			)
		);
		$this->assertSame( array( 'updated' ), array_column( $pending, 'action' ) );
		$this->assertSame( '7', wc_get_product( $variation->get_id() )->get_regular_price() );
	}
}
