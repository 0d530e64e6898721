<?php
/**
 * Base test case: a real WordPress, our tables emptied before each test, time under control.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

use MegaventorySync\Hooks\SyncWorkerContext;
use MegaventorySync\Infra\Clock;
use MegaventorySync\Install\Schema;
use MegaventorySync\Plugin;
use MegaventorySync\Settings\Settings;

/**
 * A clock the test moves by hand.
 */
final class ManualClock implements Clock {
	/**
	 * Current time.
	 *
	 * @var int
	 */
	public $now;

	/**
	 * Constructor.
	 *
	 * @param int $now Start time.
	 */
	public function __construct( $now ) {
		$this->now = (int) $now;
	}

	/**
	 * {@inheritDoc}
	 */
	public function now() {
		return $this->now;
	}

	/**
	 * Moves time forward.
	 *
	 * @param int $seconds Seconds.
	 */
	public function advance( $seconds ) {
		$this->now += (int) $seconds;
	}
}

/**
 * Base class.
 */
abstract class TestCase extends \PHPUnit\Framework\TestCase {
	/**
	 * The test's clock.
	 *
	 * @var ManualClock
	 */
	protected $clock;

	/**
	 * Fresh state for each test.
	 */
	protected function setUp(): void {
		global $wpdb;
		parent::setUp();
		foreach ( Schema::table_keys() as $key ) {
			$wpdb->query( 'TRUNCATE TABLE ' . Schema::table( $key ) ); // phpcs:ignore
		}
		if ( ! MVSYNC_TESTS_ON_RIG ) {
			delete_option( Settings::OPTION );
			delete_option( Settings::KEY_OPTION );
		}
		SyncWorkerContext::reset();
		$this->clock = new ManualClock( time() );
		Plugin::set_clock( $this->clock );
		wp_set_current_user( 0 );
	}

	/**
	 * Back to the system clock.
	 */
	protected function tearDown(): void {
		Plugin::set_clock( null );
		wp_set_current_user( 0 );
		parent::tearDown();
	}

	/**
	 * All outbox rows, oldest first.
	 *
	 * @return array[]
	 */
	protected function outbox_rows() {
		global $wpdb;
		return $wpdb->get_results( 'SELECT * FROM ' . Schema::table( 'outbox' ) . ' ORDER BY id', ARRAY_A ); // phpcs:ignore
	}

	/**
	 * Outbox rows of one entity.
	 *
	 * @param string $type Entity type.
	 * @param int    $id   Entity id.
	 * @return array[]
	 */
	protected function rows_for( $type, $id ) {
		return array_values(
			array_filter(
				$this->outbox_rows(),
				static function ( $row ) use ( $type, $id ) {
					return $row['entity_type'] === $type && (int) $row['entity_id'] === (int) $id;
				}
			)
		);
	}

	/**
	 * Logs in as the test user of a role (null = anonymous).
	 *
	 * @param string|null $role administrator, shop_manager, customer, subscriber or null.
	 * @return int User id.
	 */
	protected function act_as( $role ) {
		$logins = array(
			'administrator' => 'admin',
			'shop_manager'  => 'shopmanager',
			'customer'      => 'customer1',
			'subscriber'    => 'subscriber1',
		);
		if ( null === $role ) {
			wp_set_current_user( 0 );
			return 0;
		}
		$user = get_user_by( 'login', $logins[ $role ] );
		if ( ! $user && MVSYNC_TESTS_ON_RIG ) {
			// The rig has only its admin: add the test users there on first use.
			wp_insert_user(
				array(
					'user_login' => $logins[ $role ],
					'user_pass'  => wp_generate_password( 24 ),
					'user_email' => $logins[ $role ] . '@example.test',
					'role'       => $role,
				)
			);
			$user = get_user_by( 'login', $logins[ $role ] );
		}
		$this->assertNotFalse( $user, "test user for role $role exists" );
		wp_set_current_user( $user->ID );
		return $user->ID;
	}

	/**
	 * Dispatches a REST request in-process.
	 *
	 * @param string     $method  HTTP method.
	 * @param string     $route   Route, e.g. /megaventory/v1/config.
	 * @param array|null $body    JSON body.
	 * @param array      $headers Extra headers.
	 * @param array      $query   Query parameters.
	 * @return \WP_REST_Response
	 */
	protected function rest( $method, $route, $body = null, array $headers = array(), array $query = array() ) {
		$request = new \WP_REST_Request( $method, $route );
		foreach ( $headers as $name => $value ) {
			$request->set_header( $name, $value );
		}
		if ( null !== $body ) {
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( is_string( $body ) ? $body : wp_json_encode( $body ) );
		}
		if ( ! empty( $query ) ) {
			$request->set_query_params( $query );
		}
		return rest_do_request( $request );
	}
}
