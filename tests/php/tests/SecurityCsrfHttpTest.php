<?php
/**
 * CSRF over real HTTP with real login cookies: every admin-post / admin-ajax action the plugin
 * registers (found in its sources, so a new one cannot be left out) and the "Sync to Megaventory"
 * bulk action refuse a request without a nonce, with a wrong nonce, with a nonce of another
 * action, from a user without manage_woocommerce (with that user's own valid nonce) and from a
 * visitor — by GET and by POST — and change nothing; a manager with the right nonce succeeds.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

require_once dirname( __DIR__ ) . '/lib/SecurityKit.php';

use MegaventorySync\Admin\AdminPage;
use MegaventorySync\Admin\QueueNotice;
use MegaventorySync\Admin\WooScreens;
use MegaventorySync\Plugin;

/**
 * CSRF tests.
 */
final class SecurityCsrfHttpTest extends TestCase {
	/**
	 * Needs the test server.
	 */
	protected function setUp(): void {
		parent::setUp();
		if ( MVSYNC_TESTS_ON_RIG || ! getenv( 'MVSYNC_HTTP_BASE' ) ) {
			$this->markTestSkipped( 'Needs the php -S test server started by run.sh.' );
		}
	}

	/**
	 * Forgets the notice dismissals made here (a later test expects the notice shown).
	 */
	protected function tearDown(): void {
		delete_metadata( 'user', 0, QueueNotice::DISMISSED_META, '', true );
		parent::tearDown();
	}

	/**
	 * admin-post / admin-ajax actions registered anywhere in plugin-php/src, read from the sources
	 * (they are only registered on admin requests, which this process is not).
	 *
	 * @return string[] hook name → e.g. admin_post_mvsync_save_settings.
	 */
	private static function registered_actions() {
		$hooks = array();
		$src   = dirname( __DIR__, 3 ) . '/plugin-php/src';
		$files = new \RecursiveIteratorIterator( new \RecursiveDirectoryIterator( $src, \FilesystemIterator::SKIP_DOTS ) );
		foreach ( $files as $file ) {
			if ( 'php' !== $file->getExtension() ) {
				continue;
			}
			$code = (string) file_get_contents( $file->getPathname() );
			preg_match( '/^namespace\s+([^;]+);/m', $code, $namespace );
			$class = ( $namespace[1] ?? '' ) . '\\' . $file->getBasename( '.php' );
			preg_match_all( "/add_action\(\s*'((?:admin_post|wp_ajax)(?:_nopriv)?_)'\s*\.\s*self::([A-Z_]+)|add_action\(\s*'((?:admin_post|wp_ajax)(?:_nopriv)?_[a-z0-9_]+)'/", $code, $matches, PREG_SET_ORDER );
			foreach ( $matches as $match ) {
				$hooks[] = ! empty( $match[3] ) ? $match[3] : $match[1] . constant( $class . '::' . $match[2] );
			}
		}
		sort( $hooks );
		return $hooks;
	}

	/**
	 * Parameters of a request that would change something, per action.
	 *
	 * @param int $dead_id A dead-lettered outbox row.
	 * @return array<string,array> action → parameters.
	 */
	private static function valid_parameters( $dead_id ) {
		return array(
			AdminPage::SETTINGS_ACTION    => array( 'mvsync' => array( 'worker_concurrency' => '5' ) ),
			AdminPage::OUTBOX_ACTION      => array(
				'outbox_action' => 'retry',
				'ids'           => array( $dead_id ),
			),
			WooScreens::SYNC_ACTION       => array(
				'type' => 'product',
				'ids'  => '4242',
			),
			QueueNotice::DISMISS_ACTION => array(),
		);
	}

	/**
	 * A dead-lettered row (something to retry, and a notice condition to dismiss).
	 *
	 * @return int Its id.
	 */
	private function seed_dead_row() {
		update_option( 'mvsync_settings', array( 'max_attempts' => 1 ) );
		Plugin::reset_services();
		Plugin::set_clock( $this->clock );
		$outbox = Plugin::outbox();
		$outbox->record( 'product', 11, 'updated' );
		$claim = $outbox->claim( 1, 60 );
		$outbox->fail( $claim['lease_token'], $claim['items'][0]['id'], 'refused by Megaventory' );
		delete_transient( QueueNotice::TRANSIENT );
		return (int) $claim['items'][0]['id'];
	}

	/**
	 * Every plugin action × refusal case × GET/POST: refused, nothing changed; then the manager
	 * with the right nonce changes what the action is for.
	 */
	public function test_every_admin_post_action_needs_the_capability_and_its_nonce() {
		$hooks = self::registered_actions();
		$this->assertNotEmpty( $hooks );
		foreach ( $hooks as $hook ) {
			$this->assertStringStartsWith( 'admin_post_mvsync_', $hook, "$hook: an admin-ajax or nopriv handler would need its own CSRF cases here" );
		}
		$actions = array_map(
			static function ( $hook ) {
				return substr( $hook, strlen( 'admin_post_' ) );
			},
			$hooks
		);
		$dead_id    = $this->seed_dead_row();
		$parameters = self::valid_parameters( $dead_id );
		$this->assertEqualsCanonicalizing( array_keys( $parameters ), $actions, 'every registered action has CSRF cases' );

		$base     = rtrim( (string) getenv( 'MVSYNC_HTTP_BASE' ), '/' );
		$sessions = array();
		foreach ( array( 'subscriber', 'customer', 'editor', 'shop_manager' ) as $role ) {
			$sessions[ $role ] = SecurityKit::session( SecurityKit::user( $role ), array_merge( $actions, array( 'wp_rest' ) ) );
		}
		$manager  = $sessions['shop_manager'];
		$failures = array();
		$count    = 0;
		foreach ( $actions as $action ) {
			$cases = array(
				'manager, no nonce'                => array( $manager['admin_cookie'], null ),
				'manager, wrong nonce'             => array( $manager['admin_cookie'], '0123456789' ),
				'manager, nonce of another action' => array( $manager['admin_cookie'], $manager['nonces']['wp_rest'] ),
				'visitor with the manager\'s nonce' => array( null, $manager['nonces'][ $action ] ),
			);
			foreach ( array( 'subscriber', 'customer', 'editor' ) as $role ) {
				$cases[ "$role with its own nonce" ] = array( $sessions[ $role ]['admin_cookie'], $sessions[ $role ]['nonces'][ $action ] );
			}
			$before = SecurityKit::fingerprint();
			foreach ( $cases as $case => list( $cookie, $nonce ) ) {
				foreach ( array( 'GET', 'POST' ) as $method ) {
					++$count;
					$response = $this->send( $base, $method, $action, $parameters[ $action ], $nonce, $cookie );
					// Visitors get WordPress's answer for an action with no nopriv handler (400);
					// logged-in users get the nonce or capability refusal (403).
					$expected = null === $cookie ? 400 : 403;
					if ( $response['status'] !== $expected ) {
						$failures[] = sprintf( '%s, %s by %s: expected %d, got %d %s', $action, $case, $method, $expected, $response['status'], substr( wp_strip_all_tags( $response['body'] ), 0, 120 ) );
					}
				}
			}
			if ( SecurityKit::fingerprint() !== $before ) {
				$failures[] = "$action: a refused request changed what the plugin stores";
			}
			// Links (Sync now, Dismiss) are GET requests; the forms post.
			$natural  = in_array( $action, array( WooScreens::SYNC_ACTION, QueueNotice::DISMISS_ACTION ), true ) ? 'GET' : 'POST';
			$response = $this->send( $base, $natural, $action, $parameters[ $action ], $manager['nonces'][ $action ], $manager['admin_cookie'] );
			if ( 302 !== $response['status'] || SecurityKit::fingerprint() === $before ) {
				$failures[] = sprintf( '%s: the manager with the right nonce did not get through (%d)', $action, $response['status'] );
			}
		}
		$this->assertSame( array(), $failures, "of $count refused requests" );
		wp_cache_flush();
		$this->assertSame( 5, Plugin::settings()->get( 'worker_concurrency' ), 'the valid settings post was saved' );
	}

	/**
	 * The "Sync to Megaventory" bulk action on the products list: WordPress's bulk nonce and the
	 * capability guard it; nothing is queued otherwise.
	 */
	public function test_bulk_sync_needs_the_list_nonce_and_the_capability() {
		$product = new \WC_Product_Simple();
		$product->set_name( 'CSRF bulk target' );
		$product->set_sku( 'CSRF-BULK-1' );
		$product->save();
		$id = $product->get_id();
		global $wpdb;
		$wpdb->query( 'TRUNCATE TABLE ' . \MegaventorySync\Install\Schema::table( 'outbox' ) ); // phpcs:ignore WordPress.DB -- test reset of our own table.

		$base     = rtrim( (string) getenv( 'MVSYNC_HTTP_BASE' ), '/' );
		$manager  = SecurityKit::session( SecurityKit::user( 'shop_manager' ), array( 'bulk-posts', 'wp_rest' ) );
		$url      = static function ( $nonce ) use ( $base, $id ) {
			$query = array(
				'post_type' => 'product',
				'action'    => WooScreens::BULK_ACTION,
				'post'      => array( $id ),
			);
			if ( null !== $nonce ) {
				$query['_wpnonce'] = $nonce;
			}
			return $base . '/wp-admin/edit.php?' . http_build_query( $query );
		};
		$refusals = array(
			'no nonce'                  => array( $manager['admin_cookie'], null ),
			'wrong nonce'               => array( $manager['admin_cookie'], '0123456789' ),
			'nonce of another action'   => array( $manager['admin_cookie'], $manager['nonces']['wp_rest'] ),
		);
		foreach ( array( 'subscriber', 'customer', 'editor' ) as $role ) {
			$session                          = SecurityKit::session( SecurityKit::user( $role ), array( 'bulk-posts' ) );
			$refusals[ "$role with its nonce" ] = array( $session['admin_cookie'], $session['nonces']['bulk-posts'] );
		}
		foreach ( $refusals as $case => list( $cookie, $nonce ) ) {
			$response = HttpClient::request( 'GET', $url( $nonce ), null, array( $cookie ) );
			$this->assertSame( 403, $response['status'], "$case: " . substr( wp_strip_all_tags( $response['body'] ), 0, 160 ) );
		}
		$visitor = HttpClient::request( 'GET', $url( $manager['nonces']['bulk-posts'] ) );
		$this->assertSame( 302, $visitor['status'], 'a visitor is sent to the login page' );
		$this->assertStringContainsString( 'wp-login.php', $visitor['headers']['location'] ?? '' );
		$this->assertSame( array(), $this->outbox_rows(), 'nothing was queued' );

		$response = HttpClient::request( 'GET', $url( $manager['nonces']['bulk-posts'] ), null, array( $manager['admin_cookie'] ) );
		$this->assertSame( 302, $response['status'], substr( wp_strip_all_tags( $response['body'] ), 0, 160 ) );
		$this->assertStringContainsString( WooScreens::QUEUED_ARG . '=1', $response['headers']['location'] ?? '' );
		$this->assertCount( 1, $this->rows_for( 'product', $id ) );
		wp_delete_post( $id, true );
	}

	/**
	 * One admin-post request.
	 *
	 * @param string      $base       Site URL.
	 * @param string      $method     GET or POST.
	 * @param string      $action     Action.
	 * @param array       $parameters Parameters.
	 * @param string|null $nonce      _wpnonce, or none.
	 * @param string|null $cookie     Cookie header, or none.
	 * @return array
	 */
	private function send( $base, $method, $action, array $parameters, $nonce, $cookie ) {
		$fields = array_merge( array( 'action' => $action ), $parameters );
		if ( null !== $nonce ) {
			$fields['_wpnonce'] = $nonce;
		}
		$headers = null === $cookie ? array() : array( $cookie );
		if ( 'GET' === $method ) {
			return HttpClient::request( 'GET', $base . '/wp-admin/admin-post.php?' . http_build_query( $fields ), null, $headers );
		}
		$headers[] = 'Content-Type: application/x-www-form-urlencoded';
		return HttpClient::request( 'POST', $base . '/wp-admin/admin-post.php', http_build_query( $fields ), $headers );
	}
}
