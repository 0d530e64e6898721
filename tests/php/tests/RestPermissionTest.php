<?php
/**
 * Permission matrix, in-process: every route × every role.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

/**
 * In-process permission tests.
 */
final class RestPermissionTest extends TestCase {
	/**
	 * Every route is registered, and registered only for manage_woocommerce.
	 */
	public function test_every_route_of_the_namespace_is_in_the_matrix() {
		$routes = array_keys( rest_get_server()->get_routes( 'megaventory/v1' ) );
		$routes = array_values( array_diff( $routes, array( '/megaventory/v1' ) ) );
		$expected = array();
		foreach ( RouteCatalog::routes() as $route ) {
			$expected[] = preg_replace( array( '#/product/99$#', '#/(initial-import|nothing-here)$#', '#/ProductGet$#' ), array( '/(?P<wc_type>[a-z_]+)/(?P<wc_id>\d+)', '/(?P<job>[a-z0-9_.\-]+)', '/(?P<operation>[A-Za-z0-9]+)' ), $route[1] );
		}
		$this->assertEqualsCanonicalizing( array_values( array_unique( $expected ) ), $routes );
	}

	/**
	 * The matrix.
	 */
	public function test_each_route_answers_each_role_as_expected() {
		$failures = array();
		foreach ( RouteCatalog::routes() as $name => list( $method, $route, $query, $body, $allowed_status ) ) {
			foreach ( RouteCatalog::roles() as $role => $allowed ) {
				$this->act_as( 'anonymous' === $role ? null : $role );
				$response = $this->rest( $method, $route, $body, array(), $query );
				$expected = $allowed ? $allowed_status : ( 'anonymous' === $role ? 401 : 403 );
				if ( $response->get_status() !== $expected ) {
					$failures[] = sprintf( '%s as %s: expected %d, got %d %s', $name, $role, $expected, $response->get_status(), wp_json_encode( $response->get_data() ) );
				}
				if ( ! $allowed ) {
					$this->assertSame( 'mvsync_forbidden', $response->get_data()['code'] ?? null, "$name as $role" );
				}
			}
		}
		$this->assertSame( array(), $failures );
	}

	/**
	 * A refused caller changes nothing (the claim did not lease anything).
	 */
	public function test_refused_calls_change_nothing() {
		\MegaventorySync\Plugin::outbox()->record( 'product', 1, 'updated' );
		$this->act_as( 'customer' );
		$this->rest( 'POST', '/megaventory/v1/outbox/claim', array( 'limit' => 5 ) );
		$this->rest( 'POST', '/megaventory/v1/links', array( 'links' => array( array( 'wc_type' => 'product', 'wc_id' => 1, 'mv_id' => 2 ) ) ) );
		$this->assertSame( 'pending', $this->outbox_rows()[0]['status'] );
		$this->assertNull( \MegaventorySync\Plugin::links()->get( 'product', 1 ) );
	}
}
