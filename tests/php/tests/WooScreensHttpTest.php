<?php
/**
 * Over real HTTP (php -S test server): the products list page with 50 rows costs one query of our
 * tables for the status column (SAVEQUERIES probe), and "Sync now" (admin-post) queues only with
 * the capability and a valid nonce.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

use MegaventorySync\Admin\WooScreens;
use MegaventorySync\Outbox\Outbox;
use MegaventorySync\Plugin;

/**
 * HTTP tests of the list screens.
 */
final class WooScreensHttpTest extends TestCase {
	/**
	 * Posts created here.
	 *
	 * @var int[]
	 */
	private $post_ids = array();

	/**
	 * Needs the test server.
	 */
	protected function setUp(): void {
		parent::setUp();
		if ( MVSYNC_TESTS_ON_RIG || ! getenv( 'MVSYNC_HTTP_BASE' ) ) {
			$this->markTestSkipped( 'Needs the php -S test server.' );
		}
	}

	/**
	 * Deletes the posts.
	 */
	protected function tearDown(): void {
		foreach ( $this->post_ids as $id ) {
			wp_delete_post( $id, true );
		}
		parent::tearDown();
	}

	/**
	 * Auth + logged-in cookies of a fresh session, and a nonce for an action in that session.
	 *
	 * @param string $login  User login.
	 * @param string $action Nonce action.
	 * @return array{cookie:string, nonce:string}
	 */
	private function login_cookies( $login, $action ) {
		$user       = get_user_by( 'login', $login );
		$expiration = time() + HOUR_IN_SECONDS;
		$token      = \WP_Session_Tokens::get_instance( $user->ID )->create( $expiration );
		$auth       = wp_generate_auth_cookie( $user->ID, $expiration, 'auth', $token );
		$logged_in  = wp_generate_auth_cookie( $user->ID, $expiration, 'logged_in', $token );
		$_COOKIE[ LOGGED_IN_COOKIE ] = $logged_in;
		wp_set_current_user( $user->ID );
		$nonce = wp_create_nonce( $action );
		unset( $_COOKIE[ LOGGED_IN_COOKIE ] );
		wp_set_current_user( 0 );
		return array(
			'cookie' => 'Cookie: ' . AUTH_COOKIE . '=' . rawurlencode( $auth ) . '; ' . LOGGED_IN_COOKIE . '=' . rawurlencode( $logged_in ),
			'nonce'  => $nonce,
		);
	}

	/**
	 * The whole products list page, 50 rows: our status query runs once; the page's other
	 * queries of ours do not grow with the rows.
	 */
	public function test_products_list_page_queries() {
		$base    = rtrim( getenv( 'MVSYNC_HTTP_BASE' ), '/' );
		$manager = $this->login_cookies( 'shopmanager', 'unused' );
		update_user_option( get_user_by( 'login', 'shopmanager' )->ID, 'edit_product_per_page', 50 );
		$counts  = array();
		// A first page view fills what is cached across requests (the queue notice's transient).
		HttpClient::request( 'GET', $base . '/wp-admin/edit.php?post_type=product', null, array( $manager['cookie'] ) );
		foreach ( array( 5, 50 ) as $rows ) {
			for ( $i = count( $this->post_ids ); $i < $rows; $i++ ) {
				$this->post_ids[] = (int) wp_insert_post(
					array(
						'post_type'   => 'product',
						'post_title'  => "mvsync http list $i",
						'post_status' => 'publish',
					)
				);
			}
			foreach ( $this->post_ids as $n => $id ) {
				if ( 0 === $n % 3 ) {
					Plugin::links()->put( 'product', $id, 5000 + $n );
				}
			}
			$page = HttpClient::request( 'GET', $base . '/wp-admin/edit.php?post_type=product&mvsync_probe=1', null, array( $manager['cookie'] ) );
			$this->assertSame( 200, $page['status'] );
			$this->assertSame( 1, preg_match( '/<!--mvsync-probe (.*?)-->/', $page['body'], $match ), 'the probe ran' );
			$probe  = json_decode( $match[1], true );
			$status = array_values(
				array_filter(
					$probe['ours'],
					static function ( $query ) {
						return false !== strpos( $query, 'mvsync_links' );
					}
				)
			);
			$cells  = substr_count( $page['body'], 'class="mvsync-cell"' );
			fwrite( STDERR, sprintf( "\n[figure] products list page over HTTP, %d rows: %d queries in all, %d touching mvsync (status query: %d): %s\n", $cells, $probe['queries'], count( $probe['ours'] ), count( $status ), wp_json_encode( array_map( static function ( $q ) { return substr( preg_replace( '/\s+/', ' ', $q ), 0, 90 ); }, $probe['ours'] ) ) ) );
			$this->assertGreaterThanOrEqual( $rows, $cells );
			$this->assertCount( 1, $status, 'one status query for the page' );
			$counts[ $rows ] = count( $probe['ours'] );
		}
		$this->assertSame( $counts[5], $counts[50], 'our queries do not grow with the rows' );
	}

	/**
	 * "Sync now": a manager with a valid nonce queues at priority 20; no capability, a bad nonce
	 * or an unknown type queue nothing.
	 */
	public function test_sync_now_needs_capability_and_nonce() {
		$base    = rtrim( getenv( 'MVSYNC_HTTP_BASE' ), '/' );
		$manager = $this->login_cookies( 'shopmanager', WooScreens::SYNC_ACTION );
		$sub     = $this->login_cookies( 'subscriber1', WooScreens::SYNC_ACTION );
		$url     = static function ( $type, $ids, $nonce ) use ( $base ) {
			return $base . '/wp-admin/admin-post.php?' . http_build_query(
				array(
					'action'   => WooScreens::SYNC_ACTION,
					'type'     => $type,
					'ids'      => $ids,
					'_wpnonce' => $nonce,
				)
			);
		};

		$response = HttpClient::request( 'GET', $url( 'product', '41', $sub['nonce'] ), null, array( $sub['cookie'] ) );
		$this->assertSame( 403, $response['status'], 'no manage_woocommerce' );
		$response = HttpClient::request( 'GET', $url( 'product', '41', 'bad-nonce' ), null, array( $manager['cookie'] ) );
		$this->assertSame( 403, $response['status'], 'bad nonce' );
		$response = HttpClient::request( 'GET', $url( 'coupon_code', '41', $manager['nonce'] ), null, array( $manager['cookie'] ) );
		$this->assertSame( 400, $response['status'], 'unknown type' );
		$this->assertStringContainsString( 'coupon_code', $response['body'] );
		$this->assertSame( array(), $this->outbox_rows() );

		$response = HttpClient::request( 'GET', $url( 'order', '41,42', $manager['nonce'] ), null, array( $manager['cookie'] ) );
		$this->assertSame( 302, $response['status'] );
		$this->assertStringContainsString( WooScreens::QUEUED_ARG . '=2', $response['headers']['location'] );
		$rows = $this->outbox_rows();
		$this->assertCount( 2, $rows );
		foreach ( $rows as $row ) {
			$this->assertSame( 'order', $row['entity_type'] );
			$this->assertSame( Outbox::PRIORITY_MANUAL, (int) $row['priority'] );
		}
	}
}
