<?php
/**
 * Resumable state of long jobs (initial import, stock pull…), written by the worker.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Links;

use MegaventorySync\Infra\Clock;
use MegaventorySync\Infra\MysqlTime;
use MegaventorySync\Install\Schema;

defined( 'ABSPATH' ) || exit;

/**
 * Checkpoint repository; the state is opaque JSON to PHP.
 */
class CheckpointStore {
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
	 * Whether a job name is acceptable.
	 *
	 * @param mixed $job Candidate.
	 * @return bool
	 */
	public static function is_valid_job( $job ) {
		return is_string( $job ) && (bool) preg_match( '/^[a-z0-9][a-z0-9_.\-]{0,63}$/', $job );
	}

	/**
	 * One checkpoint.
	 *
	 * @param string $job Job name.
	 * @return array|null {job, state, updated_at}
	 */
	public function get( $job ) {
		$table = Schema::table( 'checkpoints' );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- only our table name is interpolated.
		$row = $this->db->get_row( $this->db->prepare( "SELECT * FROM {$table} WHERE job = %s", $job ), ARRAY_A );
		return $row ? $this->present( $row ) : null;
	}

	/**
	 * All checkpoints.
	 *
	 * @return array[]
	 */
	public function all() {
		$table = Schema::table( 'checkpoints' );
		// Rows named with a leading underscore are the plugin's own (the poll lease), not jobs.
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- only our table name is interpolated.
		$rows = $this->db->get_results( "SELECT * FROM {$table} WHERE job NOT LIKE '\\_%' ORDER BY job", ARRAY_A );
		return array_map( array( $this, 'present' ), (array) $rows );
	}

	/**
	 * Stores a job's state.
	 *
	 * @param string $job   Job name.
	 * @param mixed  $state JSON-serialisable state.
	 * @return bool
	 */
	public function put( $job, $state ) {
		$table = Schema::table( 'checkpoints' );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- only our table name is interpolated.
		return false !== $this->db->query( $this->db->prepare( "INSERT INTO {$table} (job, state, updated_at) VALUES (%s, %s, %s) ON DUPLICATE KEY UPDATE state = VALUES(state), updated_at = VALUES(updated_at)", $job, wp_json_encode( $state ), MysqlTime::from_timestamp( $this->clock->now() ) ) );
	}

	/**
	 * Deletes a checkpoint.
	 *
	 * @param string $job Job name.
	 * @return bool Whether it existed.
	 */
	public function delete( $job ) {
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- our own table, no cache layer.
		return (bool) $this->db->delete( Schema::table( 'checkpoints' ), array( 'job' => $job ), array( '%s' ) );
	}

	/**
	 * Row → JSON shape.
	 *
	 * @param array $row Raw row.
	 * @return array
	 */
	private function present( array $row ) {
		return array(
			'job'        => $row['job'],
			'state'      => json_decode( $row['state'], true ),
			'updated_at' => MysqlTime::to_iso( $row['updated_at'] ),
		);
	}
}
