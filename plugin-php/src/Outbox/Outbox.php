<?php
/**
 * The durable outbox: one row per pending WooCommerce change, claimed by sync workers under a lease.
 *
 * Row life cycle: pending → leased (claim) → done (ack) | pending again with a later available_at
 * (fail, or lease expiry) | dead (too many failed attempts, or too many expired leases) → pending
 * (admin retry) or removed (discard).
 *
 * At most one row per entity is leased at a time (the unique lease_key), so two workers never
 * sync the same order, product or customer at once; a newer row of a leased entity waits.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Outbox;

use MegaventorySync\Infra\Clock;
use MegaventorySync\Infra\MysqlTime;
use MegaventorySync\Install\Schema;

defined( 'ABSPATH' ) || exit;

/**
 * Outbox repository and protocol.
 */
class Outbox {
	const STATUS_PENDING = 'pending';
	const STATUS_LEASED  = 'leased';
	const STATUS_DONE    = 'done';
	const STATUS_DEAD    = 'dead';

	const MAX_CLAIM_BATCH = 500;

	/**
	 * Claim priorities, highest first. Orders use PRIORITY_ORDER so a checkout is never stuck
	 * behind a bulk product import; PRIORITY_MANUAL puts an admin's "Sync now" at the head.
	 */
	const PRIORITY_MANUAL  = 20;
	const PRIORITY_ORDER   = 10;
	const PRIORITY_DEFAULT = 0;
	const PRIORITIES       = array( self::PRIORITY_MANUAL, self::PRIORITY_ORDER, self::PRIORITY_DEFAULT );
	const MAX_LEASE        = 3600;
	const MAX_ERROR_LENGTH = 2000;

	/**
	 * Expired leases after which a row is dead-lettered. A worker killed mid-batch says nothing,
	 * so an expiry is not a failed attempt: it has this separate, larger budget, which only a row
	 * that itself stops every worker that takes it (a poison row) can use up.
	 */
	const MAX_LEASE_EXPIRIES = 25;

	/**
	 * Database handle.
	 *
	 * @var \wpdb
	 */
	private $db;

	/**
	 * Time source.
	 *
	 * @var Clock
	 */
	private $clock;

	/**
	 * Retry delays.
	 *
	 * @var Backoff
	 */
	private $backoff;

	/**
	 * Attempts after which a row is dead-lettered.
	 *
	 * @var int
	 */
	private $max_attempts;

	/**
	 * Constructor.
	 *
	 * @param \wpdb   $db           Database handle.
	 * @param Clock   $clock        Time source.
	 * @param Backoff $backoff      Retry delays.
	 * @param int     $max_attempts Attempts before dead-lettering.
	 */
	public function __construct( $db, Clock $clock, Backoff $backoff, $max_attempts = 8 ) {
		$this->db           = $db;
		$this->clock        = $clock;
		$this->backoff      = $backoff;
		$this->max_attempts = max( 1, (int) $max_attempts );
	}

	/**
	 * Attempts after which a row is dead-lettered.
	 *
	 * @return int
	 */
	public function max_attempts() {
		return $this->max_attempts;
	}

	/**
	 * Records a change. A pending row for the same entity absorbs it (one statement, no read first).
	 *
	 * @param string     $entity_type   product, variation, customer, coupon, tax_rate or order.
	 * @param int        $entity_id     WooCommerce id.
	 * @param string     $action        created, updated, trashed, deleted, used, status_changed, cancelled.
	 * @param array|null $payload       Facts the worker cannot read back later (e.g. SKU of a deleted product).
	 * @param int        $delay_seconds Row becomes claimable this many seconds from now.
	 * @param int        $priority      One of PRIORITIES; higher is claimed first.
	 * @return bool Whether the row was written.
	 */
	public function record( $entity_type, $entity_id, $action, $payload = null, $delay_seconds = 0, $priority = 0 ) {
		$now          = $this->clock->now();
		$now_sql      = MysqlTime::from_timestamp( $now );
		$available    = MysqlTime::from_timestamp( $now + max( 0, (int) $delay_seconds ) );
		$payload_json = null === $payload ? null : wp_json_encode( $payload );
		$table        = Schema::table( 'outbox' );
		$priority     = in_array( (int) $priority, self::PRIORITIES, true ) ? (int) $priority : self::PRIORITY_DEFAULT;

		// On a pending duplicate: "created" survives later updates (the worker must still create);
		// any other action replaces the older one; available_at is kept so a stream of saves cannot
		// postpone the row forever.
		$sql  = "INSERT INTO {$table}
				(entity_type, entity_id, action, status, coalesce_key, priority, payload, attempts, available_at, created_at, updated_at)
				VALUES (%s, %d, %s, 'pending', %s, %d, " . ( null === $payload_json ? 'NULL' : '%s' ) . ", 0, %s, %s, %s)
				ON DUPLICATE KEY UPDATE
					action = IF(action = 'created' AND VALUES(action) IN ('updated', 'status_changed', 'used'), 'created', VALUES(action)),
					payload = COALESCE(VALUES(payload), payload),
					priority = GREATEST(priority, VALUES(priority)),
					coalesced = coalesced + 1,
					updated_at = VALUES(updated_at)";
		$args = array( $entity_type, (int) $entity_id, $action, $entity_type . ':' . (int) $entity_id, (int) $priority );
		if ( null !== $payload_json ) {
			$args[] = $payload_json;
		}
		array_push( $args, $available, $now_sql, $now_sql );

		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- $sql holds only our table name and placeholders.
		return false !== $this->db->query( $this->db->prepare( $sql, $args ) );
	}

	/**
	 * Leases up to $limit claimable rows to the caller. Concurrent callers never get the same row:
	 * a row is leased only by the UPDATE that finds it still pending under its row lock. Nor do
	 * they get two rows of one entity: a row whose entity already has a leased row is skipped.
	 *
	 * @param int         $limit         Rows wanted (1..MAX_CLAIM_BATCH).
	 * @param int         $lease_seconds Lease length (1..MAX_LEASE).
	 * @param string|null $lease_token   The caller's own token (32 hex digits), for a worker that
	 *                                   can die without warning: it knows the token before any
	 *                                   claim, so it can release() its rows even when the answer
	 *                                   to a claim never reached it. A fresh one when null.
	 * @return array{lease_token:string, lease_until:string, items:array}
	 */
	public function claim( $limit, $lease_seconds, $lease_token = null ) {
		$limit         = max( 1, min( self::MAX_CLAIM_BATCH, (int) $limit ) );
		$lease_seconds = max( 1, min( self::MAX_LEASE, (int) $lease_seconds ) );
		$token         = self::is_token( $lease_token ) ? $lease_token : bin2hex( random_bytes( 16 ) );
		$now           = $this->clock->now();
		$now_sql       = MysqlTime::from_timestamp( $now );
		$lease_until   = MysqlTime::from_timestamp( $now + $lease_seconds );
		$table         = Schema::table( 'outbox' );

		// Candidates come from one read of the claim_order index: per priority level an
		// index-only range scan in id order that stops after $remaining rows, plus a probe for
		// one expired lease (the rare case that first needs release_expired_leases()). They are
		// leased by an UPDATE by primary key that re-checks status under row locks: a row another
		// worker took in between is no longer pending, so it is skipped, never leased twice, and
		// the loop reads fresh candidates. Leasing sets lease_key ("type:id", unique): the read
		// leaves out rows whose entity is leased (an anti-join probing that index per row, so they
		// never crowd out claimable rows; measured a little cheaper than NOT EXISTS), and UPDATE IGNORE skips one whose entity was leased since, by
		// another worker or earlier in the same statement (rows go in id order, so an entity's
		// older row goes first); the unique check waits for a concurrent claimer's uncommitted
		// lease of that entity. Without it, a change made while its entity's row is leased is a
		// second row that another worker could sync at the same time (two sales orders for one
		// order: both workers found no link and no sales order with that reference).
		// A claim is three statements (candidates, lease, read
		// back), each cheap at any table size; an UPDATE … ORDER BY … LIMIT instead sorted every
		// pending row (35 ms with 1,000,000 of them).
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- our table name and placeholders only.
		$remaining = $limit;
		$tried     = array();
		$released  = false;
		// Per level, the highest id tried so far: after a collision with another claimer the next
		// read starts past the rows it took instead of fighting over them again.
		$past = array_fill_keys( self::PRIORITIES, 0 );
		for ( $round = 0; $round < 5 && $remaining > 0; $round++ ) {
			$parts = array( $this->db->prepare( "(SELECT -1 AS priority, id FROM {$table} FORCE INDEX (claim_order) WHERE status = 'leased' AND lease_until < %s LIMIT 1)", $now_sql ) );
			foreach ( self::PRIORITIES as $priority ) {
				$parts[] = $this->db->prepare(
					"(SELECT c.priority, c.id FROM {$table} c FORCE INDEX (claim_order)
					LEFT JOIN {$table} l ON l.lease_key = CONCAT(c.entity_type, ':', c.entity_id)
					WHERE c.status = 'pending' AND c.priority = %d AND c.id > %d AND c.available_at <= %s AND l.id IS NULL
					ORDER BY c.id ASC LIMIT %d)",
					$priority,
					$past[ $priority ],
					$now_sql,
					$remaining
				);
			}
			$found      = (array) $this->db->get_results( implode( ' UNION ALL ', $parts ), ARRAY_A );
			$candidates = array();
			foreach ( $found as $row ) {
				if ( -1 === (int) $row['priority'] ) {
					$released = true;
				} else {
					$candidates[] = array( (int) $row['priority'], (int) $row['id'] );
				}
			}
			if ( $released && 0 === $round ) {
				// Expired leases go back to pending (or dead) first, then compete by age as usual.
				$this->release_expired_leases();
				continue;
			}
			if ( empty( $candidates ) ) {
				break;
			}
			usort(
				$candidates,
				static function ( $a, $b ) {
					return $a[0] === $b[0] ? $a[1] - $b[1] : $b[0] - $a[0]; // Priority descending, then id ascending.
				}
			);
			$chosen = array_slice( $candidates, 0, $remaining );
			foreach ( $chosen as list( $priority, $id ) ) {
				$past[ $priority ] = max( $past[ $priority ], $id );
			}
			$ids          = array_column( $chosen, 1 );
			$tried        = array_merge( $tried, $ids );
			$placeholders = implode( ',', array_fill( 0, count( $ids ), '%d' ) );
			$taken        = (int) $this->db->query(
				$this->db->prepare(
					"UPDATE IGNORE {$table}
					SET status = 'leased', lease_token = %s, lease_until = %s, coalesce_key = NULL,
						lease_key = CONCAT(entity_type, ':', entity_id), updated_at = %s
					WHERE id IN ({$placeholders}) AND status = 'pending' AND available_at <= %s
					ORDER BY id ASC",
					array_merge( array( $token, $lease_until, $now_sql ), $ids, array( $now_sql ) )
				)
			);
			$remaining   -= $taken;
			$all_taken    = count( $ids ) === $taken;
			if ( $all_taken && count( $candidates ) <= count( $ids ) ) {
				break; // Every claimable row is leased now: no need to look again.
			}
		}
		$rows = array();
		if ( ! empty( $tried ) ) {
			// The leased rows are among the candidates: read them by primary key (no token index).
			$placeholders = implode( ',', array_fill( 0, count( $tried ), '%d' ) );
			$rows         = $this->db->get_results(
				$this->db->prepare( "SELECT * FROM {$table} WHERE id IN ({$placeholders}) AND lease_token = %s ORDER BY priority DESC, id ASC", array_merge( $tried, array( $token ) ) ),
				ARRAY_A
			);
		}
		// phpcs:enable

		return array(
			'lease_token' => $token,
			'lease_until' => MysqlTime::to_iso( $lease_until ),
			'items'       => array_map( array( $this, 'present' ), (array) $rows ),
		);
	}

	/**
	 * Marks leased rows done. Rows whose lease was lost (expired and re-claimed) are not touched.
	 *
	 * @param string $lease_token Token returned by claim().
	 * @param int[]  $ids         Row ids.
	 * @return array{acked:int[], not_acked:int[]}
	 */
	public function ack( $lease_token, array $ids ) {
		$ids = $this->clean_ids( $ids );
		if ( empty( $ids ) ) {
			return array(
				'acked'     => array(),
				'not_acked' => array(),
			);
		}
		if ( ! is_string( $lease_token ) || '' === $lease_token ) {
			return array(
				'acked'     => array(),
				'not_acked' => $ids,
			);
		}
		$table        = Schema::table( 'outbox' );
		$now          = MysqlTime::from_timestamp( $this->clock->now() );
		$placeholders = implode( ',', array_fill( 0, count( $ids ), '%d' ) );
		// One statement, by primary key. The row keeps its lease token when done, so when not
		// every id was ours the token still tells which rows this lease completed.
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- table name and %d placeholders only.
		$done = (int) $this->db->query( $this->db->prepare( "UPDATE {$table} SET status = 'done', lease_until = NULL, lease_key = NULL, last_error = NULL, updated_at = %s WHERE id IN ({$placeholders}) AND status = 'leased' AND lease_token = %s", array_merge( array( $now ), $ids, array( $lease_token ) ) ) );
		if ( count( $ids ) === $done ) {
			$acked = $ids;
		} else {
			// Some ids were not leased under this token (lease lost, or acked before): the rows
			// this token completed, now or in an earlier ack, are the acked ones.
			$acked = array_map( 'intval', (array) $this->db->get_col( $this->db->prepare( "SELECT id FROM {$table} WHERE id IN ({$placeholders}) AND status = 'done' AND lease_token = %s", array_merge( $ids, array( $lease_token ) ) ) ) );
		}
		// phpcs:enable
		return array(
			'acked'     => array_values( array_intersect( $ids, $acked ) ),
			'not_acked' => array_values( array_diff( $ids, $acked ) ),
		);
	}

	/**
	 * Reports a failed attempt (the only thing that counts as one): the row goes back to pending
	 * after a backoff delay, or to dead when it has used all its attempts.
	 *
	 * @param string   $lease_token         Token returned by claim().
	 * @param int      $id                  Row id.
	 * @param string   $error               Why it failed (shown to the admin).
	 * @param int|null $retry_after_seconds Worker's own delay (e.g. a rate limit), replaces the backoff.
	 * @param bool     $permanent           The worker knows a retry cannot succeed (bad data): dead-letter now.
	 * @return array|null The row after the update, or null when the caller does not hold its lease.
	 */
	public function fail( $lease_token, $id, $error, $retry_after_seconds = null, $permanent = false ) {
		$id    = (int) $id;
		$owned = $this->owned_ids( $lease_token, array( $id ) );
		if ( empty( $owned ) ) {
			return null;
		}
		$row      = $this->find( $id );
		$attempts = (int) $row['attempts'] + 1;
		$now      = $this->clock->now();
		$error    = $this->truncate_error( $error );
		$table    = Schema::table( 'outbox' );

		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- only our table name is interpolated.
		if ( $permanent || $attempts >= $this->max_attempts ) {
			$this->db->query(
				$this->db->prepare(
					"UPDATE {$table} SET status = 'dead', attempts = attempts + 1, lease_token = NULL, lease_until = NULL, lease_key = NULL, last_error = %s, updated_at = %s WHERE id = %d AND lease_token = %s",
					$error,
					MysqlTime::from_timestamp( $now ),
					$id,
					$lease_token
				)
			);
		} else {
			$delay = null === $retry_after_seconds
				? $this->backoff->delay_after( $attempts )
				: max( 0, min( 7 * DAY_IN_SECONDS, (int) $retry_after_seconds ) );
			$this->db->query(
				$this->db->prepare(
					"UPDATE {$table} SET status = 'pending', attempts = attempts + 1, lease_token = NULL, lease_until = NULL, lease_key = NULL, last_error = %s, available_at = %s, updated_at = %s WHERE id = %d AND lease_token = %s",
					$error,
					MysqlTime::from_timestamp( $now + $delay ),
					MysqlTime::from_timestamp( $now ),
					$id,
					$lease_token
				)
			);
			$this->restore_coalesce_keys( array( $id ) );
		}
		// phpcs:enable
		return $this->present( $this->find( $id ) );
	}

	/**
	 * Hands back what a worker still holds under its leases when it stops on purpose (the admin
	 * page being left, a worker told to stop): those rows are pending again at once, with no
	 * attempt and no expiry counted, instead of waiting out the lease.
	 *
	 * @param string[] $lease_tokens Tokens returned by claim().
	 * @return int Rows released.
	 */
	public function release( array $lease_tokens ) {
		$tokens = array_values( array_unique( array_filter( $lease_tokens, array( self::class, 'is_token' ) ) ) );
		if ( empty( $tokens ) ) {
			return 0;
		}
		$table        = Schema::table( 'outbox' );
		$now          = MysqlTime::from_timestamp( $this->clock->now() );
		$placeholders = implode( ',', array_fill( 0, count( $tokens ), '%s' ) );
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- table name and placeholders only.
		// Leased rows are few (claim_order's status prefix finds them); their ids let the coalesce
		// keys be restored on these rows only, not by a scan of every pending row.
		$ids = array_map( 'intval', (array) $this->db->get_col( $this->db->prepare( "SELECT id FROM {$table} WHERE status = 'leased' AND lease_token IN ({$placeholders})", $tokens ) ) );
		if ( empty( $ids ) ) {
			return 0;
		}
		$id_list  = implode( ',', array_fill( 0, count( $ids ), '%d' ) );
		$released = (int) $this->db->query( $this->db->prepare( "UPDATE {$table} SET status = 'pending', lease_token = NULL, lease_until = NULL, lease_key = NULL, available_at = %s, updated_at = %s WHERE id IN ({$id_list}) AND status = 'leased' AND lease_token IN ({$placeholders})", array_merge( array( $now, $now ), $ids, $tokens ) ) );
		// phpcs:enable
		$this->restore_coalesce_keys( $ids );
		return $released;
	}

	/**
	 * A lease token as claim() makes them.
	 *
	 * @param mixed $token Candidate.
	 * @return bool
	 */
	private static function is_token( $token ) {
		return is_string( $token ) && 1 === preg_match( '/^[0-9a-f]{32}$/', $token );
	}

	/**
	 * Returns expired leases to pending at once (the worker stopped; nothing failed), or to dead
	 * when the row has used up its MAX_LEASE_EXPIRIES.
	 *
	 * @return int Rows released.
	 */
	public function release_expired_leases() {
		$table = Schema::table( 'outbox' );
		$now   = MysqlTime::from_timestamp( $this->clock->now() );
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- only our table name is interpolated.
		// Every claim calls this; almost always nothing has expired, and one index-only read of
		// the few leased rows settles that. The ids found let the coalesce keys be restored on
		// those rows only.
		$expired = array_map( 'intval', (array) $this->db->get_col( $this->db->prepare( "SELECT id FROM {$table} WHERE status = 'leased' AND lease_until < %s", $now ) ) );
		if ( empty( $expired ) ) {
			return 0;
		}
		$id_list = implode( ',', array_fill( 0, count( $expired ), '%d' ) );
		$dead    = $this->db->query(
			$this->db->prepare(
				"UPDATE {$table} SET status = 'dead', lease_expiries = lease_expiries + 1, lease_token = NULL, lease_until = NULL, lease_key = NULL, last_error = %s, updated_at = %s WHERE id IN ({$id_list}) AND status = 'leased' AND lease_until < %s AND lease_expiries + 1 >= %d",
				array_merge(
					array(
						sprintf( 'Every one of the %d workers that took this change stopped before answering (their leases expired).', self::MAX_LEASE_EXPIRIES ),
						$now,
					),
					$expired,
					array( $now, self::MAX_LEASE_EXPIRIES )
				)
			)
		);
		$pending = $this->db->query(
			$this->db->prepare(
				"UPDATE {$table} SET status = 'pending', lease_expiries = lease_expiries + 1, lease_token = NULL, lease_until = NULL, lease_key = NULL, updated_at = %s WHERE id IN ({$id_list}) AND status = 'leased' AND lease_until < %s",
				array_merge( array( $now ), $expired, array( $now ) )
			)
		);
		// phpcs:enable
		if ( $pending > 0 ) {
			$this->restore_coalesce_keys( $expired );
		}
		return (int) $dead + (int) $pending;
	}

	/**
	 * Dead rows back to pending with a fresh set of attempts and lease expiries (admin action).
	 * lease_key is cleared too: a row made dead by hand, not by this class, may still hold it,
	 * and would then block its own entity forever.
	 *
	 * @param int[] $ids Row ids; only dead rows are affected.
	 * @return int Rows retried.
	 */
	public function retry( array $ids ) {
		$ids = $this->clean_ids( $ids );
		if ( empty( $ids ) ) {
			return 0;
		}
		$table        = Schema::table( 'outbox' );
		$placeholders = implode( ',', array_fill( 0, count( $ids ), '%d' ) );
		$now          = MysqlTime::from_timestamp( $this->clock->now() );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- table name and %d placeholders only.
		$count = $this->db->query( $this->db->prepare( "UPDATE {$table} SET status = 'pending', attempts = 0, lease_expiries = 0, lease_key = NULL, available_at = %s, updated_at = %s WHERE status = 'dead' AND id IN ({$placeholders})", array_merge( array( $now, $now ), $ids ) ) );
		$this->restore_coalesce_keys( $ids );
		return (int) $count;
	}

	/**
	 * Removes dead rows for good (admin action).
	 *
	 * @param int[] $ids Row ids; only dead rows are affected.
	 * @return int Rows removed.
	 */
	public function discard( array $ids ) {
		$ids = $this->clean_ids( $ids );
		if ( empty( $ids ) ) {
			return 0;
		}
		$table        = Schema::table( 'outbox' );
		$placeholders = implode( ',', array_fill( 0, count( $ids ), '%d' ) );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- table name and %d placeholders only.
		return (int) $this->db->query( $this->db->prepare( "DELETE FROM {$table} WHERE status = 'dead' AND id IN ({$placeholders})", $ids ) );
	}

	/**
	 * Counts per status plus the age of the oldest claimable row.
	 *
	 * @return array
	 */
	public function stats() {
		$table = Schema::table( 'outbox' );
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- only our table name is interpolated.
		$rows   = $this->db->get_results( "SELECT status, COUNT(*) AS n FROM {$table} GROUP BY status", ARRAY_A );
		$oldest = $this->db->get_var( "SELECT MIN(available_at) FROM {$table} WHERE status = 'pending'" );
		// phpcs:enable
		$counts = array(
			self::STATUS_PENDING => 0,
			self::STATUS_LEASED  => 0,
			self::STATUS_DONE    => 0,
			self::STATUS_DEAD    => 0,
		);
		foreach ( (array) $rows as $row ) {
			$counts[ $row['status'] ] = (int) $row['n'];
		}
		$now = $this->clock->now();
		$due = null;
		if ( $oldest ) {
			$due = strtotime( $oldest . ' UTC' );
		}
		return array(
			'counts'                     => $counts,
			'oldest_pending_at'          => MysqlTime::to_iso( $oldest ),
			'oldest_pending_age_seconds' => null === $due ? null : max( 0, $now - $due ),
			'max_attempts'               => $this->max_attempts,
		);
	}

	/**
	 * Rows of one status, newest first, for the admin page and the dead-letter route.
	 *
	 * @param string $status   One of the STATUS_* constants.
	 * @param int    $page     1-based page.
	 * @param int    $per_page Rows per page (1..100).
	 * @return array{items:array, total:int}
	 */
	public function list_by_status( $status, $page = 1, $per_page = 20 ) {
		$table    = Schema::table( 'outbox' );
		$per_page = max( 1, min( 100, (int) $per_page ) );
		$offset   = ( max( 1, (int) $page ) - 1 ) * $per_page;
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- only our table name is interpolated.
		$rows  = $this->db->get_results( $this->db->prepare( "SELECT * FROM {$table} WHERE status = %s ORDER BY id DESC LIMIT %d OFFSET %d", $status, $per_page, $offset ), ARRAY_A );
		$total = (int) $this->db->get_var( $this->db->prepare( "SELECT COUNT(*) FROM {$table} WHERE status = %s", $status ) );
		// phpcs:enable
		return array(
			'items' => array_map( array( $this, 'present' ), (array) $rows ),
			'total' => $total,
		);
	}

	/**
	 * Deletes done rows older than the given age, in bounded batches (housekeeping).
	 *
	 * @param int $older_than_seconds Age threshold.
	 * @param int $batch              Rows per DELETE.
	 * @return int Rows deleted.
	 */
	public function trim_done( $older_than_seconds, $batch = 1000 ) {
		$table  = Schema::table( 'outbox' );
		$cutoff = MysqlTime::from_timestamp( $this->clock->now() - (int) $older_than_seconds );
		$total  = 0;
		do {
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- only our table name is interpolated.
			$deleted = (int) $this->db->query( $this->db->prepare( "DELETE FROM {$table} WHERE status = 'done' AND updated_at < %s LIMIT %d", $cutoff, (int) $batch ) );
			$total  += $deleted;
		} while ( $deleted >= $batch );
		return $total;
	}

	/**
	 * One row by id, raw.
	 *
	 * @param int $id Row id.
	 * @return array|null
	 */
	public function find( $id ) {
		$table = Schema::table( 'outbox' );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- only our table name is interpolated.
		$row = $this->db->get_row( $this->db->prepare( "SELECT * FROM {$table} WHERE id = %d", (int) $id ), ARRAY_A );
		return $row ? $row : null;
	}

	/**
	 * Row → the JSON shape documented in README.md.
	 *
	 * @param array|null $row Raw row.
	 * @return array|null
	 */
	public function present( $row ) {
		if ( ! $row ) {
			return null;
		}
		$payload = null;
		if ( null !== $row['payload'] && '' !== $row['payload'] ) {
			$payload = json_decode( $row['payload'], true );
		}
		return array(
			'id'             => (int) $row['id'],
			'entity_type'    => $row['entity_type'],
			'entity_id'      => (int) $row['entity_id'],
			'action'         => $row['action'],
			'status'         => $row['status'],
			'priority'       => (int) $row['priority'],
			'payload'        => $payload,
			'attempts'       => (int) $row['attempts'],
			'lease_expiries' => (int) $row['lease_expiries'],
			'coalesced'      => (int) $row['coalesced'],
			'last_error'     => $row['last_error'],
			'available_at'   => MysqlTime::to_iso( $row['available_at'] ),
			'lease_until'    => MysqlTime::to_iso( $row['lease_until'] ),
			'created_at'     => MysqlTime::to_iso( $row['created_at'] ),
			'updated_at'     => MysqlTime::to_iso( $row['updated_at'] ),
		);
	}

	/**
	 * Which of these ids are leased under this token right now.
	 *
	 * @param string $lease_token Token.
	 * @param int[]  $ids         Candidate ids.
	 * @return int[]
	 */
	private function owned_ids( $lease_token, array $ids ) {
		$ids = $this->clean_ids( $ids );
		if ( empty( $ids ) || ! is_string( $lease_token ) || '' === $lease_token ) {
			return array();
		}
		$table        = Schema::table( 'outbox' );
		$placeholders = implode( ',', array_fill( 0, count( $ids ), '%d' ) );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- table name and %d placeholders only.
		$owned = $this->db->get_col( $this->db->prepare( "SELECT id FROM {$table} WHERE status = 'leased' AND lease_token = %s AND id IN ({$placeholders})", array_merge( array( $lease_token ), $ids ) ) );
		return array_map( 'intval', (array) $owned );
	}

	/**
	 * These rows, if pending again, get their coalesce key back, unless a newer pending row for
	 * the same entity already holds it (then both stay; they are leased one at a time). By id:
	 * a scan of every pending row without a key would cost each failure a second with a backlog
	 * of a million.
	 *
	 * @param int[] $ids Rows that may have returned to pending.
	 */
	private function restore_coalesce_keys( array $ids ) {
		$ids = $this->clean_ids( $ids );
		if ( empty( $ids ) ) {
			return;
		}
		$table        = Schema::table( 'outbox' );
		$placeholders = implode( ',', array_fill( 0, count( $ids ), '%d' ) );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- table name and %d placeholders only.
		$this->db->query( $this->db->prepare( "UPDATE IGNORE {$table} SET coalesce_key = CONCAT(entity_type, ':', entity_id) WHERE id IN ({$placeholders}) AND status = 'pending' AND coalesce_key IS NULL", $ids ) );
	}

	/**
	 * Positive unique integers only.
	 *
	 * @param array $ids Raw ids.
	 * @return int[]
	 */
	private function clean_ids( array $ids ) {
		$clean = array();
		foreach ( $ids as $id ) {
			$id = (int) $id;
			if ( $id > 0 ) {
				$clean[ $id ] = $id;
			}
		}
		return array_values( $clean );
	}

	/**
	 * Keeps error texts bounded.
	 *
	 * @param mixed $error Error text.
	 * @return string
	 */
	private function truncate_error( $error ) {
		$error = sanitize_textarea_field( (string) $error );
		return function_exists( 'mb_substr' ) ? mb_substr( $error, 0, self::MAX_ERROR_LENGTH ) : substr( $error, 0, self::MAX_ERROR_LENGTH );
	}
}
