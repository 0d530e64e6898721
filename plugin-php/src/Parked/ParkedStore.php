<?php
/**
 * Integration updates from Megaventory that the worker could not apply (a "poison" update),
 * kept with the error so the admin can see them after the worker deletes them in Megaventory.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Parked;

use MegaventorySync\Infra\Clock;
use MegaventorySync\Infra\MysqlTime;
use MegaventorySync\Install\Schema;

defined( 'ABSPATH' ) || exit;

/**
 * The mvsync_parked table.
 */
class ParkedStore {
	const MAX_UPDATE_BYTES = 65536;

	/**
	 * Database.
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
	 * @param \wpdb $db    Database.
	 * @param Clock $clock Time source.
	 */
	public function __construct( $db, Clock $clock ) {
		$this->db    = $db;
		$this->clock = $clock;
	}

	/**
	 * Stores one update with its error.
	 *
	 * @param string $update_json   The update as JSON text (an object).
	 * @param string $error_code    Error code.
	 * @param string $error_message Error message.
	 * @return int The new row's id (0 on a database error).
	 */
	public function park( $update_json, $error_code, $error_message ) {
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery -- our own table.
		$ok = $this->db->insert(
			Schema::table( 'parked' ),
			array(
				'created_at'    => MysqlTime::from_timestamp( $this->clock->now() ),
				'update_json'   => $update_json,
				'error_code'    => $error_code,
				'error_message' => $error_message,
			),
			array( '%s', '%s', '%s', '%s' )
		);
		return $ok ? (int) $this->db->insert_id : 0;
	}

	/**
	 * A page of parked updates, newest first.
	 *
	 * @param int $page     1-based.
	 * @param int $per_page 1..100.
	 * @return array{items:array, total:int}
	 */
	public function page( $page = 1, $per_page = 20 ) {
		$table    = Schema::table( 'parked' );
		$per_page = max( 1, min( 100, (int) $per_page ) );
		$offset   = ( max( 1, (int) $page ) - 1 ) * $per_page;
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- only our table name is interpolated.
		$rows = $this->db->get_results( $this->db->prepare( "SELECT * FROM {$table} ORDER BY id DESC LIMIT %d OFFSET %d", $per_page, $offset ), ARRAY_A );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- only our table name is interpolated.
		$total = (int) $this->db->get_var( "SELECT COUNT(*) FROM {$table}" );
		return array(
			'items' => array_map( array( $this, 'present' ), (array) $rows ),
			'total' => $total,
		);
	}

	/**
	 * Row → JSON shape. The update is decoded as objects so `{}` comes back as `{}`.
	 *
	 * @param array $row Raw row.
	 * @return array
	 */
	private function present( array $row ) {
		return array(
			'id'         => (int) $row['id'],
			'created_at' => MysqlTime::to_iso( $row['created_at'] ),
			'update'     => json_decode( $row['update_json'], false ),
			'error'      => array(
				'code'    => $row['error_code'],
				'message' => $row['error_message'],
			),
		);
	}
}
