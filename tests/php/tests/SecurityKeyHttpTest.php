<?php
/**
 * The API key on a quiet site, over real HTTP: after relay calls that make Megaventory echo it,
 * fail, redirect or refuse, and after the worker sent it back inside log lines, parked updates,
 * a failed change's error and a checkpoint, the key appears in no REST answer, no page of the
 * admin (every tab, the settings form after a refused save), none of the plugin's scripts, no
 * log file of the site, and nowhere in the whole database except its own option row.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

require_once dirname( __DIR__ ) . '/lib/SecurityKit.php';

use MegaventorySync\Admin\AdminPage;
use MegaventorySync\Plugin;
use MegaventorySync\Settings\Settings;

/**
 * Key secrecy over HTTP.
 */
final class SecurityKeyHttpTest extends TestCase {
	const KEY = 'quietKEY-9f8e7d6c5b4a@m77';

	/**
	 * The canned Megaventory (tools/fake-megaventory.php: echoes ProductGet, 500 on ProductUpdate,
	 * 302 on SalesOrderGet).
	 *
	 * @var array{0:resource, 1:string}|null
	 */
	private static $megaventory = null;

	/**
	 * Starts the canned Megaventory.
	 */
	public static function setUpBeforeClass(): void {
		if ( MVSYNC_TESTS_ON_RIG || ! getenv( 'MVSYNC_HTTP_BASE' ) ) {
			return;
		}
		self::$megaventory = SecurityKit::start_server( dirname( __DIR__ ) . '/tools/fake-megaventory.php' );
	}

	/**
	 * Stops it.
	 */
	public static function tearDownAfterClass(): void {
		if ( null !== self::$megaventory ) {
			SecurityKit::stop_server( self::$megaventory[0] );
			self::$megaventory = null;
		}
	}

	/**
	 * Needs the test server.
	 */
	protected function setUp(): void {
		parent::setUp();
		if ( null === self::$megaventory ) {
			$this->markTestSkipped( 'Needs the php -S test server started by run.sh.' );
		}
	}

	/**
	 * Everything a browser, an admin or a log reader could see.
	 */
	public function test_the_key_appears_nowhere_but_its_own_option() {
		$saved = Plugin::settings()->update(
			array(
				'api_key' => self::KEY,
				'api_url' => self::$megaventory[1] . '/',
			)
		);
		$this->assertTrue( $saved['saved'], wp_json_encode( $saved['errors'] ) );
		Plugin::reset_services();

		$base    = rtrim( (string) getenv( 'MVSYNC_HTTP_BASE' ), '/' );
		$manager = SecurityKit::user( 'shop_manager' );
		$auth    = array( SecurityKit::application_password_header( $manager ) );
		$seen    = array();
		$rest    = static function ( $method, $route, $body = null, array $query = array() ) use ( $auth, &$seen ) {
			$response = HttpClient::rest( $method, '/megaventory/v1/' . $route, $query, $body, $auth );
			$seen[ "$method $route" ] = $response['status'] . ' ' . wp_json_encode( $response['headers'] ) . ' ' . $response['body'];
			return $response;
		};

		// Megaventory echoes the request (key included), fails, redirects; the relay refuses.
		$this->assertSame( 200, $rest( 'POST', 'relay/ProductGet', '{"Filters":[],"Note":"x"}' )['status'] );
		$rest( 'POST', 'relay/ProductUpdate', '{"mvProduct":{}}' );
		$rest( 'POST', 'relay/SalesOrderGet', '{}' );
		$rest( 'POST', 'relay/UserGet', '{}' );
		$rest( 'POST', 'relay/ProductGet', '{"not json' );
		// The worker (which may hold the key when it calls Megaventory directly) sends it back.
		$quoted = 'Megaventory said: invalid request {"APIKEY":"' . self::KEY . '"}';
		$rest( 'POST', 'logs', array( 'entries' => array( array( 'level' => 'error', 'message' => $quoted, 'context' => array( 'apikey' => self::KEY ) ) ) ) );
		$rest( 'POST', 'parked', array( 'update' => array( 'JsonData' => self::KEY ), 'error' => array( 'code' => 'mapping', 'message' => $quoted ) ) );
		$rest( 'PUT', 'checkpoints/initial-import', array( 'state' => array( 'last_error' => $quoted ) ) );
		update_option( 'mvsync_settings', array_merge( Plugin::settings()->all(), array( 'max_attempts' => 1 ) ) );
		Plugin::outbox()->record( 'product', 5, 'updated' );
		$claim = $rest( 'POST', 'outbox/claim', array( 'limit' => 1 ) )['json'];
		$rest( 'POST', 'outbox/fail', array( 'lease_token' => $claim['lease_token'], 'id' => $claim['items'][0]['id'], 'error' => $quoted ) );

		// Every GET route.
		foreach ( array( 'config', 'logs', 'outbox/stats', 'outbox/dead', 'parked', 'checkpoints', 'checkpoints/initial-import' ) as $route ) {
			$rest( 'GET', $route );
		}
		$this->assertStringContainsString( '[redacted]', $seen['GET logs'], 'the log line was kept, scrubbed' );
		$this->assertStringContainsString( 'Megaventory said', $seen['GET outbox/dead'], 'the failed change was kept' );

		// Every admin tab, a refused settings save, the plugin's scripts, as an administrator.
		$admin  = SecurityKit::session( SecurityKit::user( 'administrator' ), array( AdminPage::SETTINGS_ACTION ) );
		$cookie = array( $admin['admin_cookie'] );
		$form   = http_build_query(
			array(
				'action'   => AdminPage::SETTINGS_ACTION,
				'_wpnonce' => $admin['nonces'][ AdminPage::SETTINGS_ACTION ],
				'mvsync'   => array(
					'api_key' => self::KEY . '<bad>',
					'api_url' => 'http://evil.test/' . self::KEY,
				),
			)
		);
		$post = HttpClient::request( 'POST', $base . '/wp-admin/admin-post.php', $form, array_merge( $cookie, array( 'Content-Type: application/x-www-form-urlencoded' ) ) );
		$this->assertSame( 302, $post['status'] );
		$seen['settings post'] = wp_json_encode( $post );
		foreach ( array( 'settings', 'sync', 'outbox', 'log' ) as $tab ) {
			$page                = HttpClient::request( 'GET', $base . '/wp-admin/admin.php?page=mvsync&tab=' . $tab, null, $cookie );
			$seen[ "tab $tab" ] = $page['body'];
			$this->assertSame( 200, $page['status'], $tab );
		}
		$this->assertStringContainsString( 'Settings were not saved', $seen['tab settings'], 'the refused save was reported' );
		foreach ( array( 'admin-app.js', 'drainer.js', 'engine-worker.js' ) as $script ) {
			$seen[ $script ] = HttpClient::request( 'GET', $base . '/wp-content/plugins/megaventory-sync/assets/' . $script )['body'];
		}
		$seen['dashboard'] = HttpClient::request( 'GET', $base . '/wp-admin/index.php', null, $cookie )['body'];

		foreach ( $seen as $what => $text ) {
			$this->assertStringNotContainsString( self::KEY, $text, $what );
			$this->assertStringNotContainsString( rawurlencode( self::KEY ), $text, "$what (URL-encoded)" );
		}

		// The site's log files (PHP's debug log, the web server's log).
		$logs = glob( rtrim( (string) getenv( 'MVSYNC_TEST_DIR' ), '/' ) . '/logs/*' );
		foreach ( (array) $logs as $file ) {
			$this->assertStringNotContainsString( self::KEY, (string) file_get_contents( $file ), basename( $file ) );
		}

		// The whole database: the key's own option row is the only place it is stored.
		global $wpdb;
		$wpdb->flush();
		$found = array();
		foreach ( (array) $wpdb->get_col( 'SHOW TABLES' ) as $table ) {
			foreach ( (array) $wpdb->get_results( "SELECT * FROM `{$table}`", ARRAY_A ) as $row ) { // phpcs:ignore WordPress.DB -- a test scan of every table.
				if ( $table === $wpdb->options && Settings::KEY_OPTION === $row['option_name'] ) {
					continue;
				}
				$text = wp_json_encode( $row );
				if ( false !== strpos( $text, self::KEY ) || false !== strpos( $text, rawurlencode( self::KEY ) ) ) {
					$found[] = $table . ': ' . substr( $text, 0, 160 );
				}
			}
		}
		$this->assertSame( array(), $found );
		$this->assertSame( self::KEY, get_option( Settings::KEY_OPTION ), 'the key itself is still stored' );
	}
}
