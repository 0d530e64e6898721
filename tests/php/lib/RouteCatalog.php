<?php
/**
 * Every megaventory/v1 route with a valid request and the status an authorised caller gets.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

/**
 * Route list shared by the in-process and HTTP permission matrices.
 */
final class RouteCatalog {
	/**
	 * [method, route, query, body, status for a shop manager / administrator].
	 *
	 * @return array[]
	 */
	public static function routes() {
		$token = str_repeat( 'a', 32 );
		return array(
			'outbox stats'      => array( 'GET', '/megaventory/v1/outbox/stats', array(), null, 200 ),
			'outbox claim'      => array( 'POST', '/megaventory/v1/outbox/claim', array(), array( 'limit' => 5 ), 200 ),
			'outbox ack'        => array( 'POST', '/megaventory/v1/outbox/ack', array(), array( 'lease_token' => $token, 'ids' => array( 1 ) ), 200 ),
			'outbox fail'       => array( 'POST', '/megaventory/v1/outbox/fail', array(), array( 'lease_token' => $token, 'id' => 1, 'error' => 'x' ), 409 ),
			'outbox release'    => array( 'POST', '/megaventory/v1/outbox/release', array(), array( 'lease_tokens' => array( $token ) ), 200 ),
			'outbox retry'      => array( 'POST', '/megaventory/v1/outbox/retry', array(), array( 'ids' => array( 1 ) ), 200 ),
			'outbox discard'    => array( 'POST', '/megaventory/v1/outbox/discard', array(), array( 'ids' => array( 1 ) ), 200 ),
			'outbox dead'       => array( 'GET', '/megaventory/v1/outbox/dead', array(), null, 200 ),
			'links get'         => array( 'GET', '/megaventory/v1/links', array( 'wc_type' => 'product', 'wc_ids' => '1,2' ), null, 200 ),
			'links by mv id'    => array( 'GET', '/megaventory/v1/links/by-mv-id', array( 'wc_type' => 'product', 'mv_id' => '5' ), null, 404 ),
			'links by mv ids'   => array( 'GET', '/megaventory/v1/links/by-mv-id', array( 'wc_type' => 'product', 'mv_ids' => '5,6' ), null, 200 ),
			'parked get'        => array( 'GET', '/megaventory/v1/parked', array(), null, 200 ),
			'parked post'       => array( 'POST', '/megaventory/v1/parked', array(), array( 'update' => array( 'IntegrationUpdateID' => 7 ), 'error' => array( 'code' => 'mapping', 'message' => 'bad' ) ), 201 ),
			'links put'         => array( 'POST', '/megaventory/v1/links', array(), array( 'links' => array( array( 'wc_type' => 'product', 'wc_id' => 1, 'mv_id' => 2 ) ) ), 200 ),
			'links delete'      => array( 'DELETE', '/megaventory/v1/links/product/99', array(), null, 404 ),
			'checkpoints list'  => array( 'GET', '/megaventory/v1/checkpoints', array(), null, 200 ),
			'checkpoint get'    => array( 'GET', '/megaventory/v1/checkpoints/initial-import', array(), null, 404 ),
			'checkpoint put'    => array( 'PUT', '/megaventory/v1/checkpoints/initial-import', array(), array( 'state' => array( 'page' => 3 ) ), 200 ),
			'checkpoint delete' => array( 'DELETE', '/megaventory/v1/checkpoints/nothing-here', array(), null, 404 ),
			'poll lease'        => array( 'POST', '/megaventory/v1/poll/lease', array(), array( 'lease_token' => $token ), 200 ),
			'poll release'      => array( 'POST', '/megaventory/v1/poll/release', array(), array( 'lease_token' => $token ), 200 ),
			'config'            => array( 'GET', '/megaventory/v1/config', array(), null, 200 ),
			'logs get'          => array( 'GET', '/megaventory/v1/logs', array(), null, 200 ),
			'logs post'         => array( 'POST', '/megaventory/v1/logs', array(), array( 'entries' => array( array( 'level' => 'info', 'message' => 'hello' ) ) ), 201 ),
			'relay'             => array( 'POST', '/megaventory/v1/relay/ProductGet', array(), array( 'Filters' => array() ), 409 ),
		);
	}

	/**
	 * Roles and whether they may use the API.
	 *
	 * @return array<string,bool> role (or 'anonymous') → allowed.
	 */
	public static function roles() {
		return array(
			'anonymous'     => false,
			'subscriber'    => false,
			'customer'      => false,
			'shop_manager'  => true,
			'administrator' => true,
		);
	}
}
