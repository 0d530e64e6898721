<?php
/**
 * Loop suppression: while the sync worker writes through WooCommerce's REST API (stock, order
 * status, purchase price), the changes it causes must not come back to it through the outbox.
 * A request is the worker's when it carries X-Megaventory-Sync-Worker: 1 AND its authenticated
 * user can manage_woocommerce; the header alone (anyone can send it) changes nothing.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Hooks;

defined( 'ABSPATH' ) || exit;

/**
 * Tracks whether the current REST request is the sync worker's.
 */
final class SyncWorkerContext {
	const HEADER = 'X-Megaventory-Sync-Worker';

	/**
	 * Nesting depth of worker REST requests being dispatched (rest_do_request can nest).
	 *
	 * @var int
	 */
	private static $depth = 0;

	/**
	 * Requests (by object id) that entered as worker requests, so leave() matches enter().
	 *
	 * @var array<int,bool>
	 */
	private static $marked = array();

	/**
	 * Whether this PHP request served a worker request (for the shutdown phase).
	 *
	 * @var bool
	 */
	private static $served_worker_request = false;

	/**
	 * Hooks into the REST dispatcher around every route callback.
	 */
	public static function register() {
		add_filter( 'rest_request_before_callbacks', array( self::class, 'enter' ), 10, 3 );
		add_filter( 'rest_request_after_callbacks', array( self::class, 'leave' ), 10, 3 );
		// WooCommerce saves a variation's parent at shutdown (its deferred product sync, priority
		// 10), after the route callback: still the worker's doing, so it must stay unrecorded.
		add_action( 'shutdown', array( self::class, 'enter_shutdown' ), 9 );
	}

	/**
	 * Action shutdown (priority 9): keeps suppression on for the rest of a PHP request that served
	 * a worker request, so WooCommerce's deferred parent-product sync records nothing.
	 */
	public static function enter_shutdown() {
		if ( self::$served_worker_request ) {
			++self::$depth;
		}
	}

	/**
	 * Before a route callback: remember that the worker is writing.
	 *
	 * @param mixed            $response Response so far (passed through).
	 * @param array            $handler  Route handler.
	 * @param \WP_REST_Request $request  Request.
	 * @return mixed
	 */
	public static function enter( $response, $handler, $request ) {
		if ( $request instanceof \WP_REST_Request && self::is_worker_request( $request ) ) {
			++self::$depth;
			self::$marked[ spl_object_id( $request ) ] = true;
			self::$served_worker_request               = true;
		}
		return $response;
	}

	/**
	 * After a route callback.
	 *
	 * @param mixed            $response Response (passed through).
	 * @param array            $handler  Route handler.
	 * @param \WP_REST_Request $request  Request.
	 * @return mixed
	 */
	public static function leave( $response, $handler, $request ) {
		if ( $request instanceof \WP_REST_Request && isset( self::$marked[ spl_object_id( $request ) ] ) ) {
			unset( self::$marked[ spl_object_id( $request ) ] );
			self::$depth = max( 0, self::$depth - 1 );
		}
		return $response;
	}

	/**
	 * Whether changes happening now are the worker's own writes.
	 *
	 * @return bool
	 */
	public static function is_active() {
		return self::$depth > 0;
	}

	/**
	 * Header present and set to 1, and the user is allowed to run the worker.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return bool
	 */
	public static function is_worker_request( \WP_REST_Request $request ) {
		return '1' === trim( (string) $request->get_header( self::HEADER ) ) && current_user_can( 'manage_woocommerce' );
	}

	/**
	 * Clears the state (tests).
	 */
	public static function reset() {
		self::$depth                 = 0;
		self::$marked                = array();
		self::$served_worker_request = false;
	}
}
