<?php
/**
 * The poll lease: one worker at a time polls Megaventory's integration updates.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

use MegaventorySync\Plugin;

/**
 * Poll lease tests.
 */
final class PollLeaseTest extends TestCase {
	const A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
	const B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

	/**
	 * The first worker gets it, a second is refused until it expires, the holder renews it.
	 */
	public function test_one_holder_at_a_time_until_the_lease_expires() {
		$lease = Plugin::poll_lease();
		$first = $lease->acquire( self::A, 120 );
		$this->assertTrue( $first['granted'] );
		$this->assertFalse( $first['renewed'], 'a fresh lease is not a renewal' );

		$this->assertFalse( $lease->acquire( self::B, 120 )['granted'], 'a second worker is refused' );

		$this->clock->advance( 100 );
		$again = $lease->acquire( self::A, 120 );
		$this->assertTrue( $again['granted'] );
		$this->assertTrue( $again['renewed'], 'the holder renews it, and nobody polled in between' );

		// 100 s later the renewed lease still runs (it was extended to 220 s).
		$this->clock->advance( 100 );
		$this->assertFalse( $lease->acquire( self::B, 120 )['granted'], 'the renewal extended it' );

		$this->clock->advance( 21 );
		$taken = $lease->acquire( self::B, 120 );
		$this->assertTrue( $taken['granted'], 'an expired lease goes to the next worker' );
		$this->assertFalse( $taken['renewed'] );

		$back = $lease->acquire( self::A, 120 );
		$this->assertFalse( $back['granted'], 'the old holder lost it' );
		$this->assertFalse( $back['renewed'] );
	}

	/**
	 * Taking an expired lease back is not a renewal: another worker may have polled meanwhile.
	 */
	public function test_an_expired_lease_taken_again_by_its_holder_is_not_a_renewal() {
		$lease = Plugin::poll_lease();
		$this->assertTrue( $lease->acquire( self::A, 60 )['granted'] );
		$this->clock->advance( 61 );
		$again = $lease->acquire( self::A, 60 );
		$this->assertTrue( $again['granted'] );
		$this->assertFalse( $again['renewed'] );
	}

	/**
	 * Only the holder can release it; afterwards the next worker gets it at once.
	 */
	public function test_release_by_the_holder_frees_it_at_once() {
		$lease = Plugin::poll_lease();
		$this->assertTrue( $lease->acquire( self::A, 120 )['granted'] );
		$this->assertFalse( $lease->release( self::B ), 'a non-holder cannot release it' );
		$this->assertFalse( $lease->acquire( self::B, 120 )['granted'] );
		$this->assertTrue( $lease->release( self::A ) );
		$this->assertTrue( $lease->acquire( self::B, 120 )['granted'] );
	}

	/**
	 * The lease row is no job: the checkpoint list leaves it out and the checkpoint routes
	 * cannot read, overwrite or delete it.
	 */
	public function test_the_lease_is_out_of_reach_of_the_checkpoint_routes() {
		$this->act_as( 'administrator' );
		Plugin::checkpoints()->put( 'initial-import', array( 'page' => 1 ) );
		$this->assertTrue( Plugin::poll_lease()->acquire( self::A, 120 )['granted'] );

		$list = $this->rest( 'GET', '/megaventory/v1/checkpoints' );
		$this->assertSame( 200, $list->get_status() );
		$this->assertSame( array( 'initial-import' ), array_column( $list->get_data()['checkpoints'], 'job' ) );

		$this->assertSame( 400, $this->rest( 'GET', '/megaventory/v1/checkpoints/_poll-lease' )->get_status() );
		$this->assertSame( 400, $this->rest( 'PUT', '/megaventory/v1/checkpoints/_poll-lease', array( 'state' => array( 'holder' => self::B ) ) )->get_status() );
		$this->assertSame( 400, $this->rest( 'DELETE', '/megaventory/v1/checkpoints/_poll-lease' )->get_status() );
		$this->assertFalse( Plugin::poll_lease()->acquire( self::B, 120 )['granted'], 'still held by A' );
	}

	/**
	 * Three PHP processes taking and releasing the lease as fast as they can for two seconds:
	 * no process is ever granted it while another holds it (each hold, from the grant to just
	 * before the release, contains no other process's grant).
	 */
	public function test_three_processes_never_hold_the_lease_at_once() {
		if ( MVSYNC_TESTS_ON_RIG ) {
			$this->markTestSkipped( 'Concurrency runs on the test site only.' );
		}
		$wp_load = getenv( 'MVSYNC_WP_DIR' ) . '/wp-load.php';
		$start   = sprintf( '%.3f', microtime( true ) + 4 ); // All have loaded WordPress by then.
		$procs   = array();
		$pipes   = array();
		foreach ( array( 'a', 'b', 'c' ) as $p => $digit ) {
			$cmd         = array( PHP_BINARY, dirname( __DIR__ ) . '/tools/poll-lease-worker.php', $wp_load, $start, str_repeat( $digit, 32 ) );
			$procs[ $p ] = proc_open( implode( ' ', array_map( 'escapeshellarg', $cmd ) ), array( 1 => array( 'pipe', 'w' ), 2 => array( 'pipe', 'w' ) ), $pipes[ $p ] );
		}
		$holds = array();
		foreach ( $procs as $p => $proc ) {
			$out = stream_get_contents( $pipes[ $p ][1] );
			$err = stream_get_contents( $pipes[ $p ][2] );
			proc_close( $proc );
			$decoded = json_decode( $out, true );
			$this->assertIsArray( $decoded, "worker $p printed its holds (stderr: $err)" );
			$holds[ $p ] = $decoded;
		}
		$total = array_sum( array_map( 'count', $holds ) );
		$this->assertGreaterThan( 20, $total, 'the lease changed hands many times' );
		$this->assertGreaterThan( 1, count( array_filter( $holds ) ), 'more than one process got it' );
		foreach ( $holds as $p => $mine ) {
			foreach ( $holds as $q => $theirs ) {
				if ( $p === $q ) {
					continue;
				}
				foreach ( $mine as list( $from, $until ) ) {
					foreach ( $theirs as list( $granted ) ) {
						$this->assertFalse( $granted > $from && $granted < $until, sprintf( 'worker %d was granted the lease at %.6f while worker %d held it (%.6f–%.6f)', $q, $granted, $p, $from, $until ) );
					}
				}
			}
		}
	}

	/**
	 * Over REST: a worker's token takes it, another's is refused, release hands it over.
	 */
	public function test_the_routes_grant_refuse_and_release() {
		$this->act_as( 'shop_manager' );
		$first = $this->rest( 'POST', '/megaventory/v1/poll/lease', array( 'lease_token' => self::A ) );
		$this->assertSame( 200, $first->get_status() );
		$this->assertTrue( $first->get_data()['granted'] );
		$this->assertNotEmpty( $first->get_data()['lease_until'] );

		$second = $this->rest(
			'POST',
			'/megaventory/v1/poll/lease',
			array(
				'lease_token'   => self::B,
				'lease_seconds' => 30,
			)
		);
		$this->assertSame( 200, $second->get_status() );
		$this->assertFalse( $second->get_data()['granted'] );

		$this->assertSame( 400, $this->rest( 'POST', '/megaventory/v1/poll/lease', array( 'lease_token' => 'not-hex' ) )->get_status() );
		$this->assertSame(
			400,
			$this->rest(
				'POST',
				'/megaventory/v1/poll/lease',
				array(
					'lease_token'   => self::B,
					'lease_seconds' => 100000,
				)
			)->get_status()
		);

		$released = $this->rest( 'POST', '/megaventory/v1/poll/release', array( 'lease_token' => self::A ) );
		$this->assertSame( array( 'released' => true ), $released->get_data() );
		$this->assertTrue( $this->rest( 'POST', '/megaventory/v1/poll/lease', array( 'lease_token' => self::B ) )->get_data()['granted'] );
	}
}
