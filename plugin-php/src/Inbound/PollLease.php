<?php
/**
 * The right to poll Megaventory's integration updates, held by one worker at a time.
 *
 * Megaventory lists the newest updates first, so with a backlog a poller applies a newer batch
 * before an older one and keeps "newest applied per entity" marks to skip the older rows. Two
 * pollers at once would each apply what the other's marks should have stopped (a stale purchase
 * price or status), so workers take this lease before every batch; the others only drain the
 * outbox. The lease is a row of the checkpoints table under a name no checkpoint route accepts.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Inbound;

use MegaventorySync\Infra\Clock;
use MegaventorySync\Infra\MysqlTime;
use MegaventorySync\Install\Schema;

defined( 'ABSPATH' ) || exit;

/**
 * Poll lease repository.
 */
class PollLease {
	/** Row name; the leading underscore keeps it out of the checkpoint routes and list. */
	const ROW = '_poll-lease';

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
	 * Constructor.
	 *
	 * @param \wpdb $db    Database handle.
	 * @param Clock $clock Time source.
	 */
	public function __construct( $db, Clock $clock ) {
		$this->db    = $db;
		$this->clock = $clock;
	}

	/**
	 * Takes or renews the lease for `$token`.
	 *
	 * @param string $token   The worker's token (32 hex digits).
	 * @param int    $seconds Lease length.
	 * @return array{granted:bool, renewed:bool, lease_until:string|null} `renewed`: the worker held
	 *         it already, so nobody else can have polled since its last batch.
	 */
	public function acquire( $token, $seconds ) {
		$table = Schema::table( 'checkpoints' );
		$now   = $this->clock->now();
		$mine  = wp_json_encode( array( 'holder' => $token ) );
		$until = MysqlTime::from_timestamp( $now + max( 1, (int) $seconds ) );
		$nowdb = MysqlTime::from_timestamp( $now );
		$held  = $this->current();
		// An unexpired lease of ours can only have been renewed by us since: nobody else polled.
		$renewed = null !== $held && $held['state'] === $mine && $held['updated_at'] > $nowdb;

		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- only our table name is interpolated.
		$inserted = (int) $this->db->query( $this->db->prepare( "INSERT IGNORE INTO {$table} (job, state, updated_at) VALUES (%s, %s, %s)", self::ROW, $mine, $until ) );
		if ( 1 !== $inserted ) {
			// One statement, so two workers cannot both find the lease free: the row lock orders them.
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- only our table name is interpolated.
			$this->db->query( $this->db->prepare( "UPDATE {$table} SET state = %s, updated_at = %s WHERE job = %s AND (state = %s OR updated_at <= %s)", $mine, $until, self::ROW, $mine, $nowdb ) );
		}
		$after   = $this->current();
		$granted = null !== $after && $after['state'] === $mine;
		return array(
			'granted'     => $granted,
			'renewed'     => $granted && $renewed,
			'lease_until' => null === $after ? null : MysqlTime::to_iso( $after['updated_at'] ),
		);
	}

	/**
	 * Hands the lease back early (a stopping worker), so the next poll need not wait for it.
	 *
	 * @param string $token The holder's token.
	 * @return bool Whether it was held under that token.
	 */
	public function release( $token ) {
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- our own table, no cache layer.
		return (bool) $this->db->delete(
			Schema::table( 'checkpoints' ),
			array(
				'job'   => self::ROW,
				'state' => wp_json_encode( array( 'holder' => $token ) ),
			),
			array( '%s', '%s' )
		);
	}

	/**
	 * The lease row, read past any cache.
	 *
	 * @return array{state:string, updated_at:string}|null
	 */
	private function current() {
		$table = Schema::table( 'checkpoints' );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- only our table name is interpolated.
		$row = $this->db->get_row( $this->db->prepare( "SELECT state, updated_at FROM {$table} WHERE job = %s", self::ROW ), ARRAY_A );
		return is_array( $row ) ? $row : null;
	}
}
