<?php
/**
 * Routes added for the worker: links by several Megaventory ids, and parked integration updates.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

use MegaventorySync\Plugin;

/**
 * Links-by-mv-ids and parked-update tests.
 */
final class WorkerRoutesTest extends TestCase {
	/**
	 * Acts as a shop manager.
	 */
	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'shop_manager' );
	}

	/**
	 * mv_ids returns the links that exist, of that type only; the single form still works.
	 */
	public function test_links_by_several_megaventory_ids() {
		Plugin::links()->put( 'product', 10, 100, 'A' );
		Plugin::links()->put( 'product', 11, 101, 'B' );
		Plugin::links()->put( 'customer', 12, 100 );
		$response = $this->rest( 'GET', '/megaventory/v1/links/by-mv-id', null, array(), array( 'wc_type' => 'product', 'mv_ids' => '101,100,999' ) );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$links = $response->get_data()['links'];
		$this->assertSame( array( 100, 101 ), array_column( $links, 'mv_id' ) );
		$this->assertSame( array( 10, 11 ), array_column( $links, 'wc_id' ) );
		$this->assertSame( array( 'product', 'product' ), array_column( $links, 'wc_type' ) );

		$none = $this->rest( 'GET', '/megaventory/v1/links/by-mv-id', null, array(), array( 'wc_type' => 'product', 'mv_ids' => '555' ) );
		$this->assertSame( array( 'links' => array() ), $none->get_data() );

		$one = $this->rest( 'GET', '/megaventory/v1/links/by-mv-id', null, array(), array( 'wc_type' => 'customer', 'mv_id' => '100' ) );
		$this->assertSame( 12, $one->get_data()['wc_id'] );
	}

	/**
	 * Bad mv_ids lists are refused with a named parameter.
	 */
	public function test_bad_megaventory_id_lists_are_refused() {
		$cases = array(
			'too many'    => array( array( 'wc_type' => 'product', 'mv_ids' => implode( ',', range( 1, 501 ) ) ), 'rest_invalid_param' ),
			'not numbers' => array( array( 'wc_type' => 'product', 'mv_ids' => '1,abc' ), 'rest_invalid_param' ),
			'zero'        => array( array( 'wc_type' => 'product', 'mv_ids' => '0' ), 'rest_invalid_param' ),
			'bad type'    => array( array( 'wc_type' => 'widget', 'mv_ids' => '1' ), 'rest_invalid_param' ),
			'both forms'  => array( array( 'wc_type' => 'product', 'mv_ids' => '1', 'mv_id' => '1' ), 'mvsync_invalid_mv_ids' ),
			'neither'     => array( array( 'wc_type' => 'product' ), 'mvsync_invalid_mv_ids' ),
		);
		foreach ( $cases as $name => list( $query, $code ) ) {
			$response = $this->rest( 'GET', '/megaventory/v1/links/by-mv-id', null, array(), $query );
			$this->assertSame( 400, $response->get_status(), $name );
			$this->assertSame( $code, $response->get_data()['code'], $name );
		}
	}

	/**
	 * A parked update is stored as sent (objects stay objects), with its error, newest first, and
	 * leaves an error in the log the admin reads.
	 */
	public function test_parked_updates_are_kept_with_their_error() {
		$first = $this->rest( 'POST', '/megaventory/v1/parked', '{"update":{"IntegrationUpdateID":7,"Entity":"product","JsonData":"{}","Extra":{}},"error":{"code":"mapping.unknown_product","message":"Product 4242 is not linked"}}' );
		$this->assertSame( 201, $first->get_status(), wp_json_encode( $first->get_data() ) );
		$this->clock->advance( 5 );
		$second = $this->rest( 'POST', '/megaventory/v1/parked', array( 'update' => array( 'IntegrationUpdateID' => 8, 'Note' => '<script>alert(1)</script>' ), 'error' => array( 'code' => 'x', 'message' => '<b>y</b>' ) ) );
		$this->assertSame( 201, $second->get_status() );

		$page = $this->rest( 'GET', '/megaventory/v1/parked', null, array(), array( 'per_page' => '1' ) );
		$this->assertSame( 200, $page->get_status() );
		$data = $page->get_data();
		$this->assertSame( 2, $data['total'] );
		$this->assertCount( 1, $data['items'] );
		$this->assertSame( $second->get_data()['id'], $data['items'][0]['id'] );
		$this->assertSame( 'y', $data['items'][0]['error']['message'] );

		$older = $this->rest( 'GET', '/megaventory/v1/parked', null, array(), array( 'per_page' => '1', 'page' => '2' ) )->get_data()['items'][0];
		$this->assertSame( 'mapping.unknown_product', $older['error']['code'] );
		$this->assertSame( '{"IntegrationUpdateID":7,"Entity":"product","JsonData":"{}","Extra":{}}', wp_json_encode( $older['update'] ) );

		$this->act_as( 'administrator' );
		$_GET['tab'] = 'outbox';
		ob_start();
		\MegaventorySync\Admin\AdminPage::render();
		$page = ob_get_clean();
		unset( $_GET['tab'] );
		$this->assertStringContainsString( 'mapping.unknown_product', $page );
		$this->assertStringNotContainsString( '<script>alert(1)', $page );
		$this->assertStringContainsString( '&lt;script&gt;alert(1)', $page );

		$log = Plugin::logger()->page( 1, 10, 'error' )['items'];
		$this->assertStringContainsString( 'Product 4242 is not linked', implode( "\n", array_column( $log, 'message' ) ) );
	}

	/**
	 * Bad parked bodies change nothing.
	 */
	public function test_bad_parked_bodies_are_refused() {
		$cases = array(
			'no error'         => array( array( 'update' => array( 'a' => 1 ) ), 400 ),
			'no update'        => array( array( 'error' => array( 'code' => 'x', 'message' => 'y' ) ), 400 ),
			'update not obj'   => array( array( 'update' => 'text', 'error' => array( 'code' => 'x', 'message' => 'y' ) ), 400 ),
			'empty code'       => array( array( 'update' => array( 'a' => 1 ), 'error' => array( 'code' => '', 'message' => 'y' ) ), 400 ),
			'long code'        => array( array( 'update' => array( 'a' => 1 ), 'error' => array( 'code' => str_repeat( 'c', 101 ), 'message' => 'y' ) ), 400 ),
			'long message'     => array( array( 'update' => array( 'a' => 1 ), 'error' => array( 'code' => 'x', 'message' => str_repeat( 'm', 2001 ) ) ), 400 ),
			'extra error prop' => array( array( 'update' => array( 'a' => 1 ), 'error' => array( 'code' => 'x', 'message' => 'y', 'z' => 1 ) ), 400 ),
			'huge update'      => array( array( 'update' => array( 'a' => str_repeat( 'u', 70000 ) ), 'error' => array( 'code' => 'x', 'message' => 'y' ) ), 413 ),
		);
		foreach ( $cases as $name => list( $body, $status ) ) {
			$this->assertSame( $status, $this->rest( 'POST', '/megaventory/v1/parked', $body )->get_status(), $name );
		}
		$this->assertSame( 0, $this->rest( 'GET', '/megaventory/v1/parked' )->get_data()['total'] );
		$this->assertSame( 400, $this->rest( 'GET', '/megaventory/v1/parked', null, array(), array( 'per_page' => '101' ) )->get_status() );
	}
}
