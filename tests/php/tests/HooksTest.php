<?php
/**
 * WooCommerce changes → outbox rows. Uses only WooCommerce's public CRUD API, so the same tests
 * run on the stand-in and on real WooCommerce (MVSYNC_RIG=1 tests/php/run.sh).
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

use MegaventorySync\Hooks\SyncWorkerContext;
use MegaventorySync\Plugin;

/**
 * Hook tests.
 *
 * @group hooks
 */
final class HooksTest extends TestCase {
	/**
	 * Cleanup callbacks for what the test created.
	 *
	 * @var callable[]
	 */
	private $cleanup = array();

	/**
	 * As an administrator (wp_delete_post paths check delete_posts).
	 */
	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'administrator' );
	}

	/**
	 * Removes created entities.
	 */
	protected function tearDown(): void {
		foreach ( array_reverse( $this->cleanup ) as $callback ) {
			$callback();
		}
		parent::tearDown();
	}

	/**
	 * The only row of an entity.
	 *
	 * @param string $type Entity type.
	 * @param int    $id   Id.
	 * @return array
	 */
	private function only_row( $type, $id ) {
		$rows = $this->rows_for( $type, $id );
		$this->assertCount( 1, $rows, "exactly one outbox row for $type $id: " . wp_json_encode( $this->outbox_rows() ) );
		return $rows[0];
	}

	/**
	 * Marks every pending row done, so the next change starts a fresh row.
	 */
	private function drain() {
		$claim = Plugin::outbox()->claim( 500, 60 );
		Plugin::outbox()->ack( $claim['lease_token'], array_column( $claim['items'], 'id' ) );
	}

	/**
	 * A saved simple product.
	 *
	 * @param string $sku SKU.
	 * @return \WC_Product
	 */
	private function make_product( $sku ) {
		$product = new \WC_Product_Simple();
		$product->set_name( 'Test product ' . $sku );
		$product->set_sku( $sku . '-' . wp_generate_password( 6, false ) );
		$product->set_regular_price( '10' );
		$product->save();
		$id              = $product->get_id();
		$this->cleanup[] = static function () use ( $id ) {
			$product = wc_get_product( $id );
			if ( $product ) {
				$product->delete( true );
			}
		};
		return $product;
	}

	/**
	 * Product created, then updated twice: one row, still "created".
	 */
	public function test_product_create_and_updates_coalesce_into_one_created_row() {
		$product = $this->make_product( 'P1' );
		$row     = $this->only_row( 'product', $product->get_id() );
		$this->assertSame( 'created', $row['action'] );
		$product->set_regular_price( '12' );
		$product->save();
		$product->set_name( 'Renamed' );
		$product->save();
		$row = $this->only_row( 'product', $product->get_id() );
		$this->assertSame( 'created', $row['action'] );
		$this->assertGreaterThanOrEqual( 2, (int) $row['coalesced'] );
		$this->assertSame( 'pending', $row['status'] );
	}

	/**
	 * An update after the row was processed starts a new "updated" row.
	 */
	public function test_product_update_after_sync_records_updated() {
		$product = $this->make_product( 'P2' );
		$this->drain();
		$product->set_regular_price( '15' );
		$product->save();
		$rows = array_values( array_filter( $this->rows_for( 'product', $product->get_id() ), static function ( $r ) { return 'pending' === $r['status']; } ) );
		$this->assertCount( 1, $rows );
		$this->assertSame( 'updated', $rows[0]['action'] );
	}

	/**
	 * Trash through the CRUD layer.
	 */
	public function test_product_trash_records_trashed() {
		$product = $this->make_product( 'P3' );
		$this->drain();
		$id = $product->get_id();
		$product->delete( false ); // Real WooCommerce resets the object's id to 0 here.
		$pending = $this->pending_rows( 'product', $id );
		$this->assertSame( array( 'trashed' ), array_column( $pending, 'action' ) );
	}

	/**
	 * Permanent deletion keeps the SKU and the Megaventory id for the worker.
	 */
	public function test_product_delete_keeps_sku_and_megaventory_id() {
		$product = $this->make_product( 'P4' );
		$id      = $product->get_id();
		$sku     = $product->get_sku();
		Plugin::links()->put( 'product', $id, 4242, $sku, 'hash' );
		$this->drain();
		$product->delete( true );
		$pending = $this->pending_rows( 'product', $id );
		$this->assertCount( 1, $pending );
		$this->assertSame( 'deleted', $pending[0]['action'] );
		$payload = json_decode( $pending[0]['payload'], true );
		$this->assertSame( $sku, $payload['sku'] );
		$this->assertSame( 4242, $payload['mv_id'] );
	}

	/**
	 * wp-admin's list-table Trash and "Delete permanently" call WordPress directly.
	 */
	public function test_product_trash_and_delete_through_wordpress_functions() {
		$product = $this->make_product( 'P5' );
		$id      = $product->get_id();
		$sku     = $product->get_sku();
		$this->drain();
		wp_trash_post( $id );
		$this->assertSame( array( 'trashed' ), array_column( $this->pending_rows( 'product', $id ), 'action' ) );
		wp_untrash_post( $id );
		$this->assertSame( array( 'updated' ), array_column( $this->pending_rows( 'product', $id ), 'action' ) );
		wp_delete_post( $id, true );
		$pending = $this->pending_rows( 'product', $id );
		$this->assertSame( array( 'deleted' ), array_column( $pending, 'action' ) );
		$this->assertSame( $sku, json_decode( $pending[0]['payload'], true )['sku'] );
	}

	/**
	 * Variations have their own rows (the variation AJAX save goes through the same CRUD save).
	 */
	public function test_variation_create_update_delete() {
		$parent = new \WC_Product_Variable();
		$parent->set_name( 'Variable parent' );
		$parent->save();
		$parent_id       = $parent->get_id();
		$this->cleanup[] = static function () use ( $parent_id ) {
			$p = wc_get_product( $parent_id );
			if ( $p ) {
				$p->delete( true );
			}
		};
		$variation = new \WC_Product_Variation();
		$variation->set_parent_id( $parent_id );
		$variation->set_sku( 'VAR-' . wp_generate_password( 6, false ) );
		$variation->set_regular_price( '5' );
		$variation->save();
		$vid = $variation->get_id();
		$this->assertSame( 'created', $this->only_row( 'variation', $vid )['action'] );
		$variation->set_regular_price( '6' );
		$variation->save();
		$this->assertSame( 'created', $this->only_row( 'variation', $vid )['action'] );
		$this->drain();
		$sku = $variation->get_sku();
		$variation->delete( true );
		$pending = $this->pending_rows( 'variation', $vid );
		$this->assertSame( array( 'deleted' ), array_column( $pending, 'action' ) );
		$this->assertSame( $sku, json_decode( $pending[0]['payload'], true )['sku'] );
	}

	/**
	 * Customers: created (one row for the whole creation sequence), updated, deleted.
	 */
	public function test_customer_create_update_delete() {
		$login    = 'mvsynccust' . strtolower( wp_generate_password( 6, false ) );
		$customer = new \WC_Customer();
		$customer->set_email( $login . '@example.test' );
		$customer->set_username( $login );
		$customer->set_password( 'pw-' . wp_generate_password( 12, false ) );
		$customer->save();
		$id              = $customer->get_id();
		$this->cleanup[] = static function () use ( $id ) {
			if ( get_userdata( $id ) ) {
				require_once ABSPATH . 'wp-admin/includes/user.php';
				wp_delete_user( $id );
			}
		};
		$this->assertSame( 'created', $this->only_row( 'customer', $id )['action'] );
		$this->drain();
		$customer = new \WC_Customer( $id );
		$customer->set_first_name( 'Ada' );
		$customer->save();
		$this->assertSame( array( 'updated' ), array_column( $this->pending_rows( 'customer', $id ), 'action' ) );
		$this->drain();
		Plugin::links()->put( 'customer', $id, 777 );
		$customer->delete();
		$pending = $this->pending_rows( 'customer', $id );
		$this->assertSame( array( 'deleted' ), array_column( $pending, 'action' ) );
		$payload = json_decode( $pending[0]['payload'], true );
		$this->assertSame( 777, $payload['mv_id'] );
		$this->assertSame( $login . '@example.test', $payload['email'] );
	}

	/**
	 * Users who are not customers are not synchronised.
	 */
	public function test_non_customer_users_are_ignored() {
		$login = 'mvsyncsub' . strtolower( wp_generate_password( 6, false ) );
		$id    = wp_insert_user(
			array(
				'user_login' => $login,
				'user_pass'  => wp_generate_password(),
				'user_email' => $login . '@example.test',
				'role'       => 'subscriber',
			)
		);
		require_once ABSPATH . 'wp-admin/includes/user.php';
		wp_update_user( array( 'ID' => $id, 'first_name' => 'Sub' ) );
		wp_delete_user( $id );
		$this->assertSame( array(), $this->rows_for( 'customer', $id ) );
	}

	/**
	 * Coupons: created, updated, used, trashed, deleted.
	 */
	public function test_coupon_lifecycle() {
		$coupon = new \WC_Coupon();
		$coupon->set_code( 'mvsync' . strtolower( wp_generate_password( 6, false ) ) );
		$coupon->set_amount( '10' );
		$coupon->set_discount_type( 'percent' );
		$coupon->save();
		$id              = $coupon->get_id();
		$this->cleanup[] = static function () use ( $id ) {
			if ( get_post( $id ) ) {
				wp_delete_post( $id, true );
			}
		};
		$this->assertSame( 'created', $this->only_row( 'coupon', $id )['action'] );
		$coupon->set_amount( '15' );
		$coupon->save();
		$this->assertSame( 'created', $this->only_row( 'coupon', $id )['action'] );
		$this->drain();
		$coupon->increase_usage_count( 'buyer@example.test' );
		$this->assertSame( array( 'used' ), array_column( $this->pending_rows( 'coupon', $id ), 'action' ) );
		$this->drain();
		$coupon->delete( false );
		$this->assertSame( array( 'trashed' ), array_column( $this->pending_rows( 'coupon', $id ), 'action' ) );
		$this->drain();
		Plugin::links()->put( 'coupon', $id, 31 );
		$coupon = new \WC_Coupon( $id ); // Real WooCommerce reset the previous object's id.
		$coupon->delete( true );
		$pending = $this->pending_rows( 'coupon', $id );
		$this->assertSame( array( 'deleted' ), array_column( $pending, 'action' ) );
		$this->assertSame( 31, json_decode( $pending[0]['payload'], true )['mv_id'] );
	}

	/**
	 * Tax rates: added, updated (coalesced), deleted with the Megaventory id kept.
	 */
	public function test_tax_rate_lifecycle() {
		$id = \WC_Tax::_insert_tax_rate(
			array(
				'tax_rate_country'  => 'US',
				'tax_rate'          => '7.0000',
				'tax_rate_name'     => 'MVSYNC test tax',
				'tax_rate_priority' => 1,
				'tax_rate_class'    => '',
			)
		);
		$this->assertSame( 'created', $this->only_row( 'tax_rate', $id )['action'] );
		\WC_Tax::_update_tax_rate( $id, array( 'tax_rate' => '8.0000' ) );
		$this->assertSame( 'created', $this->only_row( 'tax_rate', $id )['action'] );
		$this->drain();
		\WC_Tax::_update_tax_rate( $id, array( 'tax_rate' => '9.0000' ) );
		$this->assertSame( array( 'updated' ), array_column( $this->pending_rows( 'tax_rate', $id ), 'action' ) );
		$this->drain();
		Plugin::links()->put( 'tax_rate', $id, 12 );
		\WC_Tax::_delete_tax_rate( $id );
		$pending = $this->pending_rows( 'tax_rate', $id );
		$this->assertSame( array( 'deleted' ), array_column( $pending, 'action' ) );
		$this->assertSame( 12, json_decode( $pending[0]['payload'], true )['mv_id'] );
	}

	/**
	 * A new order (claimed before products), its status changes, and its cancellation.
	 */
	public function test_order_created_status_changed_cancelled() {
		$order = $this->make_order();
		$id    = $order->get_id();
		$row   = $this->only_row( 'order', $id );
		$this->assertSame( 'created', $row['action'] );
		$this->assertSame( '10', $row['priority'] );
		$this->assertSame( $row['created_at'], $row['available_at'], 'no delay by default' );
		$order->update_status( 'processing' );
		$row = $this->only_row( 'order', $id );
		$this->assertSame( 'created', $row['action'] );
		$this->assertSame( array( 'from' => 'pending', 'to' => 'processing' ), json_decode( $row['payload'], true ) );
		$this->drain();
		$order = wc_get_order( $id );
		$order->update_status( 'cancelled' );
		$pending = $this->pending_rows( 'order', $id );
		$this->assertSame( array( 'cancelled' ), array_column( $pending, 'action' ) );
		$this->assertSame( array( 'from' => 'processing', 'to' => 'cancelled' ), json_decode( $pending[0]['payload'], true ) );
	}

	/**
	 * Block-checkout drafts are not orders yet; the row appears when the draft becomes one.
	 */
	public function test_checkout_draft_orders_are_recorded_only_once_placed() {
		$order = $this->make_order( 'checkout-draft' );
		$this->assertSame( array(), $this->rows_for( 'order', $order->get_id() ) );
		$order->update_status( 'processing' );
		$this->assertSame( array( 'status_changed' ), array_column( $this->pending_rows( 'order', $order->get_id() ), 'action' ) );
	}

	/**
	 * With an order delay, the order's row becomes claimable only after the delay.
	 */
	public function test_order_delay_postpones_availability() {
		$saved = get_option( 'mvsync_settings' );
		Plugin::settings()->update( array( 'order_delay_seconds' => 600 ) );
		Plugin::reset_services();
		Plugin::set_clock( $this->clock );
		$this->cleanup[] = static function () use ( $saved ) {
			if ( false === $saved ) {
				delete_option( 'mvsync_settings' );
			} else {
				update_option( 'mvsync_settings', $saved );
			}
			Plugin::reset_services();
		};
		$order = $this->make_order();
		$row   = $this->only_row( 'order', $order->get_id() );
		$this->assertSame( gmdate( 'Y-m-d H:i:s', $this->clock->now() + 600 ), $row['available_at'] );
		$this->assertSame( array(), Plugin::outbox()->claim( 10, 60 )['items'] );
		$this->clock->advance( 600 );
		$this->assertSame( array( (int) $row['id'] ), array_column( Plugin::outbox()->claim( 10, 60 )['items'], 'id' ) );
	}

	/**
	 * REST writes by the sync worker (header + manage_woocommerce) create no rows; the same
	 * writes without the header do.
	 */
	public function test_sync_worker_rest_writes_are_not_recorded() {
		$product = $this->make_product( 'LOOP' );
		$order   = $this->make_order();
		$this->drain();
		$header = array( 'X-Megaventory-Sync-Worker' => '1' );

		$response = $this->rest( 'PUT', '/wc/v3/products/' . $product->get_id(), array( 'stock_quantity' => 7, 'regular_price' => '11' ), $header );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$response = $this->rest( 'PUT', '/wc/v3/orders/' . $order->get_id(), array( 'status' => 'completed' ), $header );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assertSame( array(), $this->pending_rows( 'product', $product->get_id() ) );
		$this->assertSame( array(), $this->pending_rows( 'order', $order->get_id() ) );
		$this->assertFalse( SyncWorkerContext::is_active(), 'suppression ends with the request' );

		$this->rest( 'PUT', '/wc/v3/products/' . $product->get_id(), array( 'stock_quantity' => 8 ) );
		$this->assertSame( array( 'updated' ), array_column( $this->pending_rows( 'product', $product->get_id() ), 'action' ) );
	}

	/**
	 * The header from a user who cannot manage WooCommerce is ignored.
	 */
	public function test_worker_header_is_honoured_only_for_shop_managers() {
		$request = new \WP_REST_Request( 'PUT', '/wc/v3/products/1' );
		$request->set_header( 'X-Megaventory-Sync-Worker', '1' );
		$this->act_as( 'customer' );
		$this->assertFalse( SyncWorkerContext::is_worker_request( $request ) );
		$this->act_as( null );
		$this->assertFalse( SyncWorkerContext::is_worker_request( $request ) );
		$this->act_as( 'shop_manager' );
		$this->assertTrue( SyncWorkerContext::is_worker_request( $request ) );
		$request->set_header( 'X-Megaventory-Sync-Worker', '0' );
		$this->assertFalse( SyncWorkerContext::is_worker_request( $request ) );
	}

	/**
	 * Products created through WooCommerce's REST API are recorded.
	 */
	public function test_product_created_over_rest_is_recorded() {
		$response = $this->rest( 'POST', '/wc/v3/products', array( 'name' => 'REST product', 'sku' => 'REST-' . wp_generate_password( 6, false ), 'regular_price' => '3' ) );
		$this->assertSame( 201, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$id              = $response->get_data()['id'];
		$this->cleanup[] = static function () use ( $id ) {
			$p = wc_get_product( $id );
			if ( $p ) {
				$p->delete( true );
			}
		};
		$this->assertSame( 'created', $this->only_row( 'product', $id )['action'] );
	}

	/**
	 * If the outbox write fails, the WooCommerce save still succeeds and the loss is logged.
	 */
	public function test_failed_outbox_write_is_logged_and_does_not_break_the_save() {
		global $wpdb;
		$break = static function ( $query ) {
			return false !== strpos( $query, 'INSERT INTO ' . $GLOBALS['wpdb']->prefix . 'mvsync_outbox' ) ? 'SELECT * FROM mvsync_no_such_table' : $query;
		};
		add_filter( 'query', $break );
		$suppressed = $wpdb->suppress_errors( true );
		try {
			$product = $this->make_product( 'BROKEN' );
		} finally {
			remove_filter( 'query', $break );
			$wpdb->suppress_errors( $suppressed );
		}
		$this->assertGreaterThan( 0, $product->get_id() );
		$this->assertSame( array(), $this->rows_for( 'product', $product->get_id() ) );
		$critical = Plugin::logger()->page( 1, 10, 'critical' );
		$this->assertSame( 1, $critical['total'] );
		$this->assertStringContainsString( 'product created ' . $product->get_id(), $critical['items'][0]['message'] );
	}

	/**
	 * A saved order.
	 *
	 * @param string $status Initial status.
	 * @return \WC_Order
	 */
	private function make_order( $status = '' ) {
		$order           = '' === $status ? wc_create_order() : wc_create_order( array( 'status' => $status ) );
		$id              = $order->get_id();
		$this->cleanup[] = static function () use ( $id ) {
			$order = wc_get_order( $id );
			if ( $order && method_exists( $order, 'delete' ) ) {
				$order->delete( true );
			} elseif ( get_post( $id ) ) {
				wp_delete_post( $id, true );
			}
		};
		return $order;
	}

	/**
	 * Pending rows of an entity.
	 *
	 * @param string $type Entity type.
	 * @param int    $id   Id.
	 * @return array[]
	 */
	private function pending_rows( $type, $id ) {
		return array_values(
			array_filter(
				$this->rows_for( $type, $id ),
				static function ( $row ) {
					return 'pending' === $row['status'];
				}
			)
		);
	}
}
