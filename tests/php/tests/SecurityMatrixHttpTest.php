<?php
/**
 * The permission matrix over real HTTP (php -S test server): every megaventory/v1 route and method,
 * read from the REST server's own route list at run time (a new route cannot be left out), × six
 * roles (subscriber, customer, editor, shop manager, administrator, plus anonymous) × every way to
 * authenticate (login cookie without a nonce, with a wrong nonce, with the session's nonce, a valid
 * application password, a wrong one). Only manage_woocommerce with valid authentication gets
 * through (2xx, or a 4xx from input validation); everything else is 401/403 and changes nothing
 * the plugin stores. The matrix is printed and written to target/security/matrix.md.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

require_once dirname( __DIR__ ) . '/lib/SecurityKit.php';

use MegaventorySync\Plugin;

/**
 * Permission matrix.
 */
final class SecurityMatrixHttpTest extends TestCase {
	/**
	 * Modes of a logged-in role, in matrix order: [label, expected status when refused].
	 */
	const USER_MODES = array(
		'cookie'         => 401, // A login cookie without a nonce counts as no login (CSRF).
		'bad-nonce'      => 403,
		'cookie+nonce'   => 403,
		'app-password'   => 403,
		'wrong-password' => 401,
	);

	/**
	 * Modes of the anonymous caller: nothing, a nonce made while logged out, basic auth of no user.
	 */
	const ANONYMOUS_MODES = array(
		'none'         => 401,
		'nonce-only'   => 401,
		'unknown-user' => 401,
	);

	/**
	 * Roles that hold manage_woocommerce.
	 */
	const MANAGERS = array( 'shop_manager', 'administrator' );

	/**
	 * Header lines per role and mode.
	 *
	 * @var array<string,array<string,string[]>>
	 */
	private static $credentials = array();

	/**
	 * Sessions and application passwords for each role.
	 */
	public static function setUpBeforeClass(): void {
		if ( ! getenv( 'MVSYNC_HTTP_BASE' ) ) {
			return;
		}
		if ( MVSYNC_TESTS_ON_RIG ) {
			// The rig keeps its settings between runs: no key while the matrix runs (the relay
			// must answer 409, not call anyone), put back afterwards.
			self::$rig_key = get_option( 'mvsync_api_key', null );
			delete_option( 'mvsync_api_key' );
		}
		foreach ( array_keys( SecurityKit::logins() ) as $role ) {
			$user    = SecurityKit::user( $role );
			$session = SecurityKit::session( $user, array( 'wp_rest' ) );
			$basic   = SecurityKit::application_password_header( $user );

			self::$credentials[ $role ] = array(
				'cookie'         => array( $session['rest_cookie'] ),
				'bad-nonce'      => array( $session['rest_cookie'], 'X-WP-Nonce: 0123456789' ),
				'cookie+nonce'   => array( $session['rest_cookie'], 'X-WP-Nonce: ' . $session['nonces']['wp_rest'] ),
				'app-password'   => array( $basic ),
				'wrong-password' => array( 'Authorization: Basic ' . base64_encode( $user->user_login . ':abcd efgh ijkl mnop qrst uvwx' ) ), // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- HTTP basic auth.
			);
		}
		wp_set_current_user( 0 );
		self::$credentials['anonymous'] = array(
			'none'         => array(),
			'nonce-only'   => array( 'X-WP-Nonce: ' . wp_create_nonce( 'wp_rest' ) ),
			'unknown-user' => array( 'Authorization: Basic ' . base64_encode( 'nobody-here:abcd efgh ijkl mnop qrst uvwx' ) ), // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- HTTP basic auth.
		);
	}

	/**
	 * The rig's stored key, put back after the class.
	 *
	 * @var string|null
	 */
	private static $rig_key = null;

	/**
	 * Restores what the rig had.
	 */
	public static function tearDownAfterClass(): void {
		if ( MVSYNC_TESTS_ON_RIG && null !== self::$rig_key ) {
			update_option( 'mvsync_api_key', self::$rig_key, false );
		}
	}

	/**
	 * Needs a web server: the php -S test site (run.sh), or the rig's with MVSYNC_HTTP_BASE set
	 * (see tests/php/README.md).
	 */
	protected function setUp(): void {
		parent::setUp();
		if ( ! getenv( 'MVSYNC_HTTP_BASE' ) ) {
			$this->markTestSkipped( 'Needs the php -S test server started by run.sh.' );
		}
	}

	/**
	 * Every route and method the REST server knows in our namespace, with a concrete request for
	 * each: the catalogued valid request(s) when there is one, else one built from the pattern.
	 * GET routes are also tried with HEAD (WordPress serves HEAD with the GET handler).
	 *
	 * @return array[] Each {pattern, method, name, path, query, body, allowed_status|null}.
	 */
	private static function requests() {
		$catalog  = RouteCatalog::routes();
		$requests = array();
		foreach ( rest_get_server()->get_routes( 'megaventory/v1' ) as $pattern => $handlers ) {
			if ( '/megaventory/v1' === $pattern ) {
				continue; // WordPress's namespace index: public by design, lists route names only.
			}
			$methods = array();
			foreach ( $handlers as $handler ) {
				$methods = array_merge( $methods, array_keys( array_filter( (array) $handler['methods'] ) ) );
			}
			if ( in_array( 'GET', $methods, true ) ) {
				$methods[] = 'HEAD';
			}
			foreach ( array_unique( $methods ) as $method ) {
				$found = false;
				foreach ( $catalog as $name => list( $catalog_method, $path, $query, $body, $status ) ) {
					$same_method = $catalog_method === $method || ( 'HEAD' === $method && 'GET' === $catalog_method );
					if ( $same_method && preg_match( '@^' . $pattern . '$@', $path ) ) {
						$requests[] = compact( 'pattern', 'method', 'name', 'path', 'query', 'body' ) + array( 'allowed_status' => $status );
						$found      = true;
					}
				}
				if ( ! $found ) {
					// A route nobody catalogued yet: any request must still be refused to non-managers.
					$requests[] = array(
						'pattern'        => $pattern,
						'method'         => $method,
						'name'           => 'uncatalogued',
						'path'           => self::concrete_path( $pattern ),
						'query'          => array(),
						'body'           => in_array( $method, array( 'GET', 'HEAD', 'DELETE' ), true ) ? null : array(),
						'allowed_status' => null,
					);
				}
			}
		}
		return $requests;
	}

	/**
	 * A path matching a route pattern, with a plausible value for each parameter.
	 *
	 * @param string $pattern Route regex.
	 * @return string
	 */
	private static function concrete_path( $pattern ) {
		$samples = array(
			'wc_type'   => 'product',
			'wc_id'     => '99',
			'job'       => 'nothing-here',
			'operation' => 'ProductGet',
		);
		return preg_replace_callback(
			'/\(\?P<([a-z_]+)>[^)]*\)/',
			static function ( $match ) use ( $samples ) {
				return $samples[ $match[1] ] ?? '1';
			},
			$pattern
		);
	}

	/**
	 * State for the refused calls to disturb: pending and dead outbox rows, links, a checkpoint,
	 * a parked update, log lines. Nothing the catalogued valid requests expect to be absent.
	 */
	private function seed() {
		global $wpdb;
		foreach ( \MegaventorySync\Install\Schema::table_keys() as $key ) {
			$wpdb->query( 'TRUNCATE TABLE ' . \MegaventorySync\Install\Schema::table( $key ) ); // phpcs:ignore WordPress.DB -- test reset of our own tables.
		}
		$outbox = Plugin::outbox();
		$outbox->record( 'product', 1, 'updated' );
		$outbox->record( 'order', 2, 'created', null, 0, 10 );
		$outbox->record( 'customer', 3, 'updated' );
		Plugin::links()->put( 'product', 7, 70, 'SKU-7', 'h:7' );
		Plugin::checkpoints()->put( 'seeded-job', array( 'page' => 2 ) );
		Plugin::parked()->park( '{"IntegrationUpdateID":1}', 'mapping', 'seeded' );
		Plugin::logger()->log( 'info', 'seeded line' );
	}

	/**
	 * The matrix.
	 */
	public function test_only_managers_with_valid_authentication_pass_and_refusals_change_nothing() {
		$base     = rtrim( (string) getenv( 'MVSYNC_HTTP_BASE' ), '/' );
		$failures = array();
		$table    = array();
		$totals   = array(
			'requests' => 0,
			'allowed'  => 0,
			'refused'  => 0,
		);
		$requests = self::requests();
		$this->assertGreaterThanOrEqual( 21, count( $requests ), 'the route list was read' );

		$per_route = array_count_values(
			array_map(
				static function ( $request ) {
					return $request['method'] . ' ' . $request['pattern'];
				},
				$requests
			)
		);
		foreach ( $requests as $request ) {
			$label = $request['method'] . ' ' . $request['pattern'];
			// Two valid requests on one route (links/by-mv-id: mv_id or mv_ids) get a row each.
			$label .= 'uncatalogued' === $request['name'] ? ' (uncatalogued)' : ( $per_route[ $label ] > 1 ? ' (' . $request['name'] . ')' : '' );
			// index.php by name: nginx (the rig) answers 405 to PUT/DELETE on "/" itself.
			$url   = $base . '/index.php?' . http_build_query( array_merge( array( 'rest_route' => $request['path'] ), $request['query'] ) );
			$body  = null === $request['body'] ? null : (string) wp_json_encode( $request['body'] );

			// Refused calls first, all at once (four in flight), then the fingerprint again.
			$this->seed();
			$before  = SecurityKit::fingerprint();
			$refused = array();
			foreach ( self::$credentials as $role => $modes ) {
				foreach ( $modes as $mode => $headers ) {
					$is_allowed = in_array( $role, self::MANAGERS, true ) && in_array( $mode, array( 'cookie+nonce', 'app-password' ), true );
					if ( ! $is_allowed ) {
						$refused[ "$role|$mode" ] = array( $request['method'], $url, $body, $headers );
					}
				}
			}
			foreach ( SecurityKit::parallel( $refused ) as $key => $answer ) {
				list( $role, $mode ) = explode( '|', $key );
				$expected            = 'anonymous' === $role ? self::ANONYMOUS_MODES[ $mode ] : self::USER_MODES[ $mode ];
				if ( $answer['status'] !== $expected ) {
					$failures[] = sprintf( '%s as %s (%s): expected %d, got %d %s', $label, $role, $mode, $expected, $answer['status'], substr( $answer['body'], 0, 160 ) );
				}
				$table[ $label ][ $role ][ $mode ] = $answer['status'] === $expected ? 'refused' : 'WRONG ' . $answer['status'];
				++$totals['refused'];
			}
			$after = SecurityKit::fingerprint();
			if ( $after !== $before ) {
				$failures[] = sprintf( '%s: refused calls changed %s', $label, implode( ', ', array_keys( array_diff_assoc( $after, $before ) ) ) );
			}

			// Allowed calls, one by one, each on the seeded state.
			foreach ( self::MANAGERS as $role ) {
				foreach ( array( 'cookie+nonce', 'app-password' ) as $mode ) {
					$this->seed();
					$answer = SecurityKit::parallel( array( array( $request['method'], $url, $body, self::$credentials[ $role ][ $mode ] ) ) )[0];
					$status = $answer['status'];
					$ok     = null === $request['allowed_status']
						? ( $status >= 200 && $status < 500 && ! in_array( $status, array( 401, 403 ), true ) )
						: $status === $request['allowed_status'];
					if ( ! $ok ) {
						$failures[] = sprintf( '%s as %s (%s): expected %s, got %d %s', $label, $role, $mode, null === $request['allowed_status'] ? '2xx/4xx by validation' : (string) $request['allowed_status'], $status, substr( $answer['body'], 0, 160 ) );
					}
					$table[ $label ][ $role ][ $mode ] = $ok ? 'allowed' : 'WRONG ' . $status;
					++$totals['allowed'];
				}
			}
		}
		$totals['requests'] = $totals['allowed'] + $totals['refused'];
		self::write_matrix( $table, $totals );
		$this->assertSame( array(), $failures, sprintf( 'of %d requests', $totals['requests'] ) );
	}

	/**
	 * Prints the matrix (stderr) and writes it to target/security/matrix.md.
	 *
	 * @param array $table  label → role → mode → outcome.
	 * @param array $totals Counts.
	 */
	private static function write_matrix( array $table, array $totals ) {
		$roles = array_merge( array( 'anonymous' ), array_keys( SecurityKit::logins() ) );
		$lines = array(
			'# megaventory/v1 permission matrix',
			'',
			sprintf( 'Generated by `tests/php/tests/SecurityMatrixHttpTest.php` over real HTTP (%s, WordPress %s, WooCommerce %s) on %s UTC: %d requests, %d allowed, %d refused. Routes and methods are read from the REST server at run time.', MVSYNC_TESTS_ON_RIG ? 'the wc-rig' : 'the php -S test site with the stand-in', get_bloginfo( 'version' ), defined( 'WC_VERSION' ) ? WC_VERSION : '?', gmdate( 'Y-m-d H:i' ), $totals['requests'], $totals['allowed'], $totals['refused'] ),
			'',
			'Each cell lists the modes in order — anonymous: no credentials · a nonce made while logged out · basic auth of an unknown user; every role: login cookie without nonce · cookie + wrong nonce · cookie + the session\'s nonce · valid application password · wrong application password.',
			'`✓` = allowed (the catalogued status: 2xx, or 4xx from input validation), `✗` = refused (401/403, nothing stored changed), `!` = unexpected.',
			'',
			'| route | ' . implode( ' | ', $roles ) . ' | allowed / refused |',
			'| --- | ' . implode( ' | ', array_fill( 0, count( $roles ), ':-:' ) ) . ' | --- |',
		);
		foreach ( $table as $label => $by_role ) {
			$cells   = array();
			$allowed = 0;
			$refused = 0;
			foreach ( $roles as $role ) {
				$modes = array_keys( 'anonymous' === $role ? self::ANONYMOUS_MODES : self::USER_MODES );
				$cell  = '';
				foreach ( $modes as $mode ) {
					$outcome = $by_role[ $role ][ $mode ] ?? 'missing';
					$cell   .= 'allowed' === $outcome ? '✓' : ( 'refused' === $outcome ? '✗' : '!' );
					$allowed += 'allowed' === $outcome ? 1 : 0;
					$refused += 'refused' === $outcome ? 1 : 0;
				}
				$cells[] = $cell;
			}
			$lines[] = sprintf( '| `%s` | %s | %d / %d |', str_replace( '|', '\\|', $label ), implode( ' | ', $cells ), $allowed, $refused );
		}
		$text = implode( "\n", $lines ) . "\n";
		$dir  = dirname( __DIR__, 3 ) . '/target/security';
		$file = $dir . ( MVSYNC_TESTS_ON_RIG ? '/matrix-rig.md' : '/matrix.md' );
		if ( ! is_dir( $dir ) ) {
			mkdir( $dir, 0777, true );
		}
		if ( false === @file_put_contents( $file, $text ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- reported below.
			fwrite( STDERR, "\n(could not write $file)\n" );
		}
		fwrite( STDERR, "\n" . $text );
	}
}
