<?php
/**
 * The outbox protocol: record and coalesce, claim under lease, ack, fail with backoff,
 * dead-letter, lease expiry, admin retry/discard, and two processes claiming at once.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

use MegaventorySync\Cron\Housekeeping;
use MegaventorySync\Install\Schema;
use MegaventorySync\Outbox\Backoff;
use MegaventorySync\Outbox\Outbox;
use MegaventorySync\Plugin;

/**
 * Outbox tests.
 */
final class OutboxTest extends TestCase {
	/**
	 * Repeated saves while pending become one row; "created" survives later updates.
	 */
	public function test_repeated_records_of_a_pending_entity_coalesce_into_one_row() {
		$outbox = Plugin::outbox();
		$outbox->record( 'product', 7, 'created' );
		$outbox->record( 'product', 7, 'updated' );
		$outbox->record( 'product', 7, 'updated' );
		$outbox->record( 'product', 8, 'updated' );
		$rows = $this->outbox_rows();
		$this->assertCount( 2, $rows );
		$this->assertSame( 'created', $rows[0]['action'] );
		$this->assertSame( '2', $rows[0]['coalesced'] );
		$this->assertSame( 'product:7', $rows[0]['coalesce_key'] );
	}

	/**
	 * A deletion replaces the pending action and keeps its payload.
	 */
	public function test_deletion_replaces_a_pending_update_and_keeps_its_payload() {
		$outbox = Plugin::outbox();
		$outbox->record( 'product', 7, 'updated' );
		$outbox->record( 'product', 7, 'deleted', array( 'sku' => 'SKU-7', 'mv_id' => 70 ) );
		$outbox->record( 'product', 7, 'deleted' );
		$rows = $this->outbox_rows();
		$this->assertCount( 1, $rows );
		$this->assertSame( 'deleted', $rows[0]['action'] );
		$this->assertSame( array( 'sku' => 'SKU-7', 'mv_id' => 70 ), json_decode( $rows[0]['payload'], true ) );
	}

	/**
	 * A change made while the entity's row is leased gets a new row (the worker may already have
	 * read the old state).
	 */
	public function test_change_during_a_lease_creates_a_new_pending_row() {
		$outbox = Plugin::outbox();
		$outbox->record( 'coupon', 3, 'updated' );
		$claim = $outbox->claim( 10, 60 );
		$this->assertCount( 1, $claim['items'] );
		$outbox->record( 'coupon', 3, 'updated' );
		$this->assertCount( 2, $this->rows_for( 'coupon', 3 ) );
	}

	/**
	 * Claim order: priority first, then age; rows not yet available are skipped.
	 */
	public function test_claim_takes_available_rows_by_priority_then_age() {
		$outbox = Plugin::outbox();
		$outbox->record( 'product', 1, 'updated' );
		$outbox->record( 'order', 2, 'created', null, 0, 10 );
		$outbox->record( 'order', 3, 'created', null, 3600, 10 );
		$outbox->record( 'customer', 4, 'created' );
		$claim = $outbox->claim( 10, 60 );
		$this->assertMatchesRegularExpression( '/^[0-9a-f]{32}$/', $claim['lease_token'] );
		$this->assertSame( array( 'order:2', 'product:1', 'customer:4' ), $this->keys( $claim['items'] ) );
		$this->assertSame( 0, $claim['items'][0]['attempts'], 'a claim is not a failed attempt' );
		$this->assertSame( array(), $outbox->claim( 10, 60 )['items'], 'nothing left that is available' );
		$outbox->ack( $claim['lease_token'], array_column( $claim['items'], 'id' ) );
		$this->clock->advance( 3600 );
		$this->assertSame( array( 'order:3' ), $this->keys( $outbox->claim( 10, 60 )['items'] ) );
	}

	/**
	 * The limit is honoured.
	 */
	public function test_claim_respects_the_batch_limit() {
		$outbox = Plugin::outbox();
		for ( $i = 1; $i <= 5; $i++ ) {
			$outbox->record( 'product', $i, 'updated' );
		}
		$this->assertCount( 2, $outbox->claim( 2, 60 )['items'] );
		$this->assertCount( 3, $outbox->claim( 50, 60 )['items'] );
	}

	/**
	 * Ack marks only rows leased under the token.
	 */
	public function test_ack_completes_only_rows_held_under_the_token() {
		$outbox = Plugin::outbox();
		$outbox->record( 'product', 1, 'updated' );
		$outbox->record( 'product', 2, 'updated' );
		$claim = $outbox->claim( 1, 60 );
		$held  = $claim['items'][0]['id'];
		$other = $held + 1;
		$result = $outbox->ack( $claim['lease_token'], array( $held, $other ) );
		$this->assertSame( array( $held ), $result['acked'] );
		$this->assertSame( array( $other ), $result['not_acked'] );
		$this->assertSame( 'done', $outbox->find( $held )['status'] );
		$this->assertSame( 'pending', $outbox->find( $other )['status'] );
		$this->assertSame( array( 'acked' => array(), 'not_acked' => array( $held ) ), $outbox->ack( str_repeat( 'a', 32 ), array( $held ) ) );
	}

	/**
	 * Fail: back to pending after an exponential delay, with the error kept; then dead after the
	 * last attempt, with the last error.
	 */
	public function test_fail_backs_off_exponentially_then_dead_letters() {
		update_option( 'mvsync_settings', array( 'max_attempts' => 3 ) );
		Plugin::reset_services();
		$outbox  = Plugin::outbox();
		$backoff = new Backoff();
		$outbox->record( 'product', 9, 'updated' );
		$start = $this->clock->now();

		$claim = $outbox->claim( 1, 60 );
		$row   = $outbox->fail( $claim['lease_token'], $claim['items'][0]['id'], 'HTTP 503 from Megaventory' );
		$this->assertSame( 'pending', $row['status'] );
		$this->assertSame( 'HTTP 503 from Megaventory', $row['last_error'] );
		$this->assertSame( gmdate( 'Y-m-d\TH:i:s\Z', $start + 30 ), $row['available_at'] );
		$this->assertSame( 'product:9', $outbox->find( $row['id'] )['coalesce_key'], 'pending again, so it coalesces again' );
		$this->assertSame( array(), $outbox->claim( 1, 60 )['items'], 'not claimable during the backoff' );

		$this->clock->advance( 30 );
		$claim = $outbox->claim( 1, 60 );
		$row   = $outbox->fail( $claim['lease_token'], $row['id'], 'timeout' );
		$this->assertSame( gmdate( 'Y-m-d\TH:i:s\Z', $start + 30 + 60 ), $row['available_at'] );
		$this->assertSame( 60, $backoff->delay_after( 2 ) );

		$this->clock->advance( 60 );
		$claim = $outbox->claim( 1, 60 );
		$row   = $outbox->fail( $claim['lease_token'], $row['id'], 'SKU rejected: duplicate' );
		$this->assertSame( 'dead', $row['status'] );
		$this->assertSame( 3, $row['attempts'] );
		$this->assertSame( 'SKU rejected: duplicate', $row['last_error'] );
		$this->assertNull( $outbox->find( $row['id'] )['coalesce_key'] );
		$this->clock->advance( 86400 );
		$this->assertSame( array(), $outbox->claim( 10, 60 )['items'], 'dead rows are never claimed' );
	}

	/**
	 * The backoff doubles and is capped.
	 */
	public function test_backoff_doubles_up_to_its_cap() {
		$backoff = new Backoff( 30, 21600 );
		$this->assertSame( array( 30, 60, 120, 240 ), array_map( array( $backoff, 'delay_after' ), array( 1, 2, 3, 4 ) ) );
		$this->assertSame( 21600, $backoff->delay_after( 40 ) );
	}

	/**
	 * A worker's own retry delay replaces the backoff.
	 */
	public function test_fail_with_retry_after_uses_the_workers_delay() {
		$outbox = Plugin::outbox();
		$outbox->record( 'order', 5, 'created' );
		$claim = $outbox->claim( 1, 60 );
		$row   = $outbox->fail( $claim['lease_token'], $claim['items'][0]['id'], 'rate limited', 900 );
		$this->assertSame( gmdate( 'Y-m-d\TH:i:s\Z', $this->clock->now() + 900 ), $row['available_at'] );
	}

	/**
	 * A permanent error (bad data) dead-letters at once, whatever attempts are left.
	 */
	public function test_fail_marked_permanent_dead_letters_at_once() {
		$outbox = Plugin::outbox();
		$outbox->record( 'product', 12, 'updated' );
		$claim = $outbox->claim( 1, 60 );
		$row   = $outbox->fail( $claim['lease_token'], $claim['items'][0]['id'], '[product.missing_sku] product #12 has no SKU', null, true );
		$this->assertSame( 'dead', $row['status'] );
		$this->assertSame( 1, $row['attempts'] );
		$this->assertSame( '[product.missing_sku] product #12 has no SKU', $row['last_error'] );
		$this->assertNull( $outbox->find( $row['id'] )['coalesce_key'] );
		$this->clock->advance( 86400 );
		$this->assertSame( array(), $outbox->claim( 10, 60 )['items'], 'dead rows are never claimed' );
	}

	/**
	 * Fail with a stale token changes nothing.
	 */
	public function test_fail_without_the_lease_changes_nothing() {
		$outbox = Plugin::outbox();
		$outbox->record( 'order', 5, 'created' );
		$claim  = $outbox->claim( 1, 60 );
		$before = $outbox->find( $claim['items'][0]['id'] );
		$this->assertNull( $outbox->fail( str_repeat( 'b', 32 ), $before['id'], 'x' ) );
		$this->assertSame( $before, $outbox->find( $before['id'] ) );
	}

	/**
	 * Expired leases go back to pending; the late worker can no longer ack. An expiry is counted
	 * apart from failed attempts.
	 */
	public function test_expired_leases_return_to_pending_and_can_be_claimed_again() {
		$outbox = Plugin::outbox();
		$outbox->record( 'product', 1, 'updated' );
		$first = $outbox->claim( 1, 60 );
		$this->clock->advance( 59 );
		$this->assertSame( array(), $outbox->claim( 1, 60 )['items'], 'still leased' );
		$this->clock->advance( 2 );
		$second = $outbox->claim( 1, 60 );
		$this->assertSame( $first['items'][0]['id'], $second['items'][0]['id'] );
		$this->assertSame( 0, $second['items'][0]['attempts'] );
		$this->assertSame( 1, $second['items'][0]['lease_expiries'] );
		$this->assertSame( array(), $outbox->ack( $first['lease_token'], array( $first['items'][0]['id'] ) )['acked'] );
		$this->assertSame( array( $first['items'][0]['id'] ), $outbox->ack( $second['lease_token'], array( $first['items'][0]['id'] ) )['acked'] );
	}

	/**
	 * A row in the batches of many killed workers is not dead-lettered by its attempts: a kill
	 * reports no failure, so even with max_attempts 1 it stays pending, claimable at once, until
	 * housekeeping has released it MAX_LEASE_EXPIRIES times (a row that stops every worker).
	 */
	public function test_killed_workers_do_not_use_up_attempts_only_a_poison_row_dies_of_expiries() {
		update_option( 'mvsync_settings', array( 'max_attempts' => 1 ) );
		Plugin::reset_services();
		$outbox = Plugin::outbox();
		$outbox->record( 'product', 1, 'updated' );
		for ( $kill = 1; $kill < Outbox::MAX_LEASE_EXPIRIES; $kill++ ) {
			$claim = $outbox->claim( 20, 60 );
			$this->assertCount( 1, $claim['items'], "claimable at once after kill $kill" );
			$this->clock->advance( 61 );
			$this->assertSame( 1, Housekeeping::run()['released'] );
			$row = $this->outbox_rows()[0];
			$this->assertSame( 'pending', $row['status'], "still pending after $kill expired leases" );
			$this->assertSame( '0', $row['attempts'] );
			$this->assertSame( (string) $kill, $row['lease_expiries'] );
		}
		$this->assertCount( 1, $outbox->claim( 20, 60 )['items'] );
		$this->clock->advance( 61 );
		$this->assertSame( 1, Housekeeping::run()['released'] );
		$row = $this->outbox_rows()[0];
		$this->assertSame( 'dead', $row['status'] );
		$this->assertStringContainsString( 'stopped before answering', $row['last_error'] );
		$this->assertSame( 1, $outbox->retry( array( (int) $row['id'] ) ) );
		$this->assertSame( '0', $outbox->find( $row['id'] )['lease_expiries'], 'an admin retry starts a fresh budget' );
	}

	/**
	 * Release hands back only the rows still leased under the given tokens, at once and with
	 * nothing counted; other workers' rows, done rows and made-up tokens are untouched.
	 */
	public function test_release_returns_only_the_callers_leased_rows_to_pending() {
		$outbox = Plugin::outbox();
		$outbox->record( 'product', 1, 'updated' );
		$outbox->record( 'product', 2, 'updated' );
		$outbox->record( 'product', 3, 'updated' );
		// A worker may bring its own token (the admin page: it must release even rows whose claim
		// was answered as the page went); anything that is not a token gets a fresh one.
		$mine  = $outbox->claim( 2, 300, str_repeat( 'c', 32 ) );
		$other = $outbox->claim( 1, 300, "' OR 1=1 --" );
		$this->assertSame( str_repeat( 'c', 32 ), $mine['lease_token'] );
		$this->assertMatchesRegularExpression( '/^[0-9a-f]{32}$/', $other['lease_token'] );
		$this->assertNotSame( $mine['lease_token'], $other['lease_token'] );
		$outbox->ack( $mine['lease_token'], array( $mine['items'][0]['id'] ) );
		$outbox->record( 'product', 2, 'updated' ); // A newer row of a leased entity: it waits.
		$this->assertSame( 0, $outbox->release( array( str_repeat( 'f', 32 ), 'not a token', 7 ) ) );
		$this->assertSame( 1, $outbox->release( array( $mine['lease_token'] ) ) );
		$released = $outbox->find( $mine['items'][1]['id'] );
		$this->assertSame( 'pending', $released['status'] );
		$this->assertNull( $released['lease_key'] );
		$this->assertSame( array( '0', '0' ), array( $released['attempts'], $released['lease_expiries'] ) );
		$this->assertSame( 'done', $outbox->find( $mine['items'][0]['id'] )['status'] );
		$this->assertSame( 'leased', $outbox->find( $other['items'][0]['id'] )['status'] );
		$next = $outbox->claim( 10, 300 );
		$this->assertSame( array( (int) $mine['items'][1]['id'] ), array_column( $next['items'], 'id' ), 'claimable at once, and still before the newer row of its entity' );
	}

	/**
	 * Two rows of one entity are never leased at once: a change made while the order's
	 * "created" row is being synced waits until that row is answered, then goes.
	 */
	public function test_a_second_row_of_a_leased_entity_waits_for_the_first() {
		$outbox = Plugin::outbox();
		$outbox->record( 'order', 23, 'created', null, 0, 10 );
		$first = $outbox->claim( 20, 60 );
		$this->assertSame( array( 'order:23' ), $this->keys( $first['items'] ) );
		$outbox->record( 'order', 23, 'status_changed', null, 0, 10 );
		$outbox->record( 'product', 5, 'updated' );
		$second = $outbox->claim( 20, 60 );
		$this->assertSame( array( 'product:5' ), $this->keys( $second['items'] ), 'the order\'s newer row is not leased while its older one is' );
		$outbox->ack( $first['lease_token'], array( $first['items'][0]['id'] ) );
		$third = $outbox->claim( 20, 60 );
		$this->assertSame( array( 'order:23' ), $this->keys( $third['items'] ) );
		$this->assertSame( 'status_changed', $third['items'][0]['action'] );

		// The same after a failure: the row that failed and a newer one, one at a time, oldest first.
		$outbox->record( 'order', 23, 'updated', null, 0, 10 );
		$outbox->fail( $third['lease_token'], $third['items'][0]['id'], 'HTTP 503', 0 );
		$fourth = $outbox->claim( 20, 60 );
		$this->assertSame( array( $third['items'][0]['id'] ), array_column( $fourth['items'], 'id' ) );
	}

	/**
	 * A released row whose entity got a newer pending row keeps working (no duplicate-key error).
	 */
	public function test_released_row_next_to_a_newer_pending_row_of_the_same_entity() {
		$outbox = Plugin::outbox();
		$outbox->record( 'product', 1, 'updated' );
		$claim = $outbox->claim( 1, 60 );
		$outbox->record( 'product', 1, 'updated' );
		$this->clock->advance( 61 );
		$this->assertSame( 1, $outbox->release_expired_leases() );
		$rows = $this->rows_for( 'product', 1 );
		$this->assertSame( array( 'pending', 'pending' ), array_column( $rows, 'status' ) );
		$this->assertNull( $rows[0]['coalesce_key'] );
		$this->assertSame( 'product:1', $rows[1]['coalesce_key'] );
		$older = $outbox->claim( 10, 60 );
		$this->assertSame( array( (int) $rows[0]['id'] ), array_column( $older['items'], 'id' ), 'the older row first, alone' );
		$outbox->ack( $older['lease_token'], array( (int) $rows[0]['id'] ) );
		$this->assertSame( array( (int) $rows[1]['id'] ), array_column( $outbox->claim( 10, 60 )['items'], 'id' ) );
		unset( $claim );
	}

	/**
	 * Admin retry brings dead rows back with fresh attempts; discard removes them.
	 */
	public function test_retry_and_discard_only_touch_dead_rows() {
		update_option( 'mvsync_settings', array( 'max_attempts' => 1 ) );
		Plugin::reset_services();
		$outbox = Plugin::outbox();
		$outbox->record( 'product', 1, 'updated' );
		$outbox->record( 'product', 2, 'updated' );
		$outbox->record( 'product', 3, 'updated' );
		$claim = $outbox->claim( 2, 60 );
		foreach ( $claim['items'] as $item ) {
			$outbox->fail( $claim['lease_token'], $item['id'], 'boom' );
		}
		list( $a, $b ) = array_column( $claim['items'], 'id' );
		$pending_id    = $this->rows_for( 'product', 3 )[0]['id'];
		$this->assertSame( 1, $outbox->retry( array( $a, $pending_id ) ) );
		$this->assertSame( 'pending', $outbox->find( $a )['status'] );
		$this->assertSame( '0', $outbox->find( $a )['attempts'] );
		$this->assertSame( 'product:1', $outbox->find( $a )['coalesce_key'] );
		$this->assertSame( 1, $outbox->discard( array( $b, $pending_id ) ) );
		$this->assertNull( $outbox->find( $b ) );
		$this->assertNotNull( $outbox->find( $pending_id ) );
	}

	/**
	 * Stats count by status.
	 */
	public function test_stats_count_rows_by_status() {
		$outbox = Plugin::outbox();
		$outbox->record( 'product', 1, 'updated' );
		$outbox->record( 'product', 2, 'updated' );
		$claim = $outbox->claim( 1, 60 );
		$outbox->ack( $claim['lease_token'], array( $claim['items'][0]['id'] ) );
		$this->clock->advance( 10 );
		$stats = $outbox->stats();
		$this->assertSame( array( 'pending' => 1, 'leased' => 0, 'done' => 1, 'dead' => 0 ), $stats['counts'] );
		$this->assertSame( 10, $stats['oldest_pending_age_seconds'] );
	}

	/**
	 * Housekeeping trims old done rows and old log entries only.
	 */
	public function test_housekeeping_trims_old_done_rows_and_log_entries() {
		$outbox = Plugin::outbox();
		$outbox->record( 'product', 1, 'updated' );
		$outbox->record( 'product', 2, 'updated' );
		$claim = $outbox->claim( 10, 60 );
		$outbox->ack( $claim['lease_token'], array( $claim['items'][0]['id'] ) );
		Plugin::logger()->log( 'info', 'old entry' );
		$this->clock->advance( 31 * DAY_IN_SECONDS );
		Plugin::logger()->log( 'info', 'new entry' );
		$result = Housekeeping::run();
		$this->assertSame( 1, $result['done_trimmed'] );
		$this->assertSame( 1, $result['log_trimmed'] );
		$this->assertNull( $outbox->find( $claim['items'][0]['id'] ) );
		$messages = array_column( Plugin::logger()->page()['items'], 'message' );
		$this->assertContains( 'new entry', $messages );
		$this->assertNotContains( 'old entry', $messages );
	}

	/**
	 * Two PHP processes claiming at once never receive the same row, and together get them all.
	 */
	public function test_two_processes_claiming_at_once_never_get_the_same_row() {
		global $wpdb;
		$table = $this->prepare_race();
		$rows  = array();
		for ( $i = 1; $i <= 600; $i++ ) {
			$rows[] = array( 'product', $i, 'product:' . $i, 0 );
		}
		$this->insert_pending_rows( $rows );

		$claimed = $this->race_claim_workers( 2, 7 );
		$this->assertNotEmpty( $claimed[0], 'worker 0 got rows' );
		$this->assertNotEmpty( $claimed[1], 'worker 1 got rows' );
		$this->assertSame( array(), array_values( array_intersect( $claimed[0], $claimed[1] ) ), 'no row was leased twice' );
		$all = array_merge( $claimed[0], $claimed[1] );
		$this->assertCount( 600, $all );
		$this->assertCount( 600, array_unique( $all ) );
		$this->assertSame( '0', $wpdb->get_var( "SELECT COUNT(*) FROM {$table} WHERE status = 'pending'" ) ); // phpcs:ignore
	}

	/**
	 * Two PHP processes claiming at once never lease two rows of one entity: 300 entities with
	 * two pending rows each, in shuffled order, and nobody acks, so exactly one row per entity
	 * can be leased and the other must wait.
	 */
	public function test_two_processes_claiming_at_once_never_lease_two_rows_of_one_entity() {
		global $wpdb;
		$table    = $this->prepare_race();
		$entities = array_merge( range( 1, 300 ), range( 1, 300 ) );
		mt_srand( 8 );
		shuffle( $entities );
		$seen = array();
		$rows = array();
		foreach ( $entities as $entity ) {
			// The first row of an entity is the older one left pending after a failure (no key).
			$rows[]          = array( 'order', $entity, isset( $seen[ $entity ] ) ? 'order:' . $entity : null, 10 );
			$seen[ $entity ] = true;
		}
		$this->insert_pending_rows( $rows );

		$claimed = $this->race_claim_workers( 2, 5 );
		$this->assertNotEmpty( $claimed[0], 'worker 0 got rows' );
		$this->assertNotEmpty( $claimed[1], 'worker 1 got rows' );
		$all      = array_merge( $claimed[0], $claimed[1] );
		$placeholders = implode( ',', array_fill( 0, count( $all ), '%d' ) );
		$leased   = $wpdb->get_col( $wpdb->prepare( "SELECT entity_id FROM {$table} WHERE id IN ({$placeholders})", $all ) ); // phpcs:ignore
		$this->assertCount( 300, $all, 'one row of each entity was leased, and no more' );
		$this->assertCount( 300, array_unique( $leased ), 'no entity was leased twice' );
		$this->assertSame( '300', $wpdb->get_var( "SELECT COUNT(*) FROM {$table} WHERE status = 'pending'" ) ); // phpcs:ignore
		$this->assertSame( '0', $wpdb->get_var( "SELECT COUNT(*) FROM {$table} WHERE status = 'leased' AND lease_key IS NULL" ) ); // phpcs:ignore
	}

	/**
	 * Skips on the rig (concurrency runs on the test site only) and puts the real clock back,
	 * which the claim workers use.
	 *
	 * @return string The outbox table.
	 */
	private function prepare_race() {
		if ( MVSYNC_TESTS_ON_RIG ) {
			$this->markTestSkipped( 'Concurrency runs on the test site only.' );
		}
		Plugin::set_clock( null );
		return Schema::table( 'outbox' );
	}

	/**
	 * Pending rows, claimable now, in one INSERT.
	 *
	 * @param array[] $rows [entity type, entity id, coalesce key or null, priority] each.
	 */
	private function insert_pending_rows( array $rows ) {
		global $wpdb;
		$now    = gmdate( 'Y-m-d H:i:s', time() - 5 );
		$values = array();
		foreach ( $rows as list( $type, $id, $key, $priority ) ) {
			$values[] = null === $key
				? $wpdb->prepare( "(%s, %d, 'updated', 'pending', NULL, %d, %s, %s, %s)", $type, $id, $priority, $now, $now, $now )
				: $wpdb->prepare( "(%s, %d, 'updated', 'pending', %s, %d, %s, %s, %s)", $type, $id, $key, $priority, $now, $now, $now );
		}
		$wpdb->query( 'INSERT INTO ' . Schema::table( 'outbox' ) . ' (entity_type, entity_id, action, status, coalesce_key, priority, available_at, created_at, updated_at) VALUES ' . implode( ',', $values ) ); // phpcs:ignore
	}

	/**
	 * Starts claim workers at one shared moment; each claims batches until nothing is left.
	 *
	 * @param int $count Processes.
	 * @param int $batch Rows per claim.
	 * @return int[][] Row ids each worker leased.
	 */
	private function race_claim_workers( $count, $batch ) {
		$wp_load = getenv( 'MVSYNC_WP_DIR' ) . '/wp-load.php';
		$start   = sprintf( '%.3f', microtime( true ) + 4 ); // All have loaded WordPress by then, even on a busy machine.
		$procs   = array();
		$pipes   = array();
		for ( $p = 0; $p < $count; $p++ ) {
			$cmd         = array( PHP_BINARY, dirname( __DIR__ ) . '/tools/claim-worker.php', $wp_load, $start, (string) $batch );
			$procs[ $p ] = proc_open( implode( ' ', array_map( 'escapeshellarg', $cmd ) ), array( 1 => array( 'pipe', 'w' ), 2 => array( 'pipe', 'w' ) ), $pipes[ $p ] );
		}
		$claimed = array();
		for ( $p = 0; $p < $count; $p++ ) {
			$out = stream_get_contents( $pipes[ $p ][1] );
			$err = stream_get_contents( $pipes[ $p ][2] );
			proc_close( $procs[ $p ] );
			$ids = json_decode( $out, true );
			$this->assertIsArray( $ids, "worker $p printed its ids (stderr: $err)" );
			$claimed[ $p ] = $ids;
		}
		return $claimed;
	}

	/**
	 * Entity keys of presented rows.
	 *
	 * @param array $items Rows.
	 * @return string[]
	 */
	private function keys( array $items ) {
		return array_map(
			static function ( $item ) {
				return $item['entity_type'] . ':' . $item['entity_id'];
			},
			$items
		);
	}
}
