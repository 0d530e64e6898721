<?php
/**
 * WooCommerce id ↔ Megaventory id, with the hash of the content last pushed (so the worker can
 * skip unchanged entities). Kept in our own table rather than in post/user meta, so uninstall
 * removes it in one statement and HPOS makes no difference.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Links;

use MegaventorySync\Infra\Clock;
use MegaventorySync\Infra\MysqlTime;
use MegaventorySync\Install\Schema;

defined( 'ABSPATH' ) || exit;

/**
 * Links repository.
 */
class LinkStore {
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
	 * Links for the given WooCommerce ids of one type.
	 *
	 * @param string $wc_type Entity type.
	 * @param int[]  $wc_ids  Ids (at most 500).
	 * @return array[]
	 */
	public function get_many( $wc_type, array $wc_ids ) {
		$wc_ids = array_values( array_unique( array_filter( array_map( 'intval', $wc_ids ) ) ) );
		if ( empty( $wc_ids ) ) {
			return array();
		}
		$table        = Schema::table( 'links' );
		$placeholders = implode( ',', array_fill( 0, count( $wc_ids ), '%d' ) );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- table name and %d placeholders only.
		$rows = $this->db->get_results( $this->db->prepare( "SELECT * FROM {$table} WHERE wc_type = %s AND wc_id IN ({$placeholders}) ORDER BY wc_id", array_merge( array( $wc_type ), $wc_ids ) ), ARRAY_A );
		return array_map( array( $this, 'present' ), (array) $rows );
	}

	/**
	 * One link by WooCommerce id.
	 *
	 * @param string $wc_type Entity type.
	 * @param int    $wc_id   WooCommerce id.
	 * @return array|null
	 */
	public function get( $wc_type, $wc_id ) {
		$rows = $this->get_many( $wc_type, array( $wc_id ) );
		return $rows ? $rows[0] : null;
	}

	/**
	 * The link holding a Megaventory id.
	 *
	 * @param string $wc_type Entity type.
	 * @param int    $mv_id   Megaventory id.
	 * @return array|null
	 */
	public function find_by_mv_id( $wc_type, $mv_id ) {
		$table = Schema::table( 'links' );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- only our table name is interpolated.
		$row = $this->db->get_row( $this->db->prepare( "SELECT * FROM {$table} WHERE wc_type = %s AND mv_id = %d LIMIT 1", $wc_type, (int) $mv_id ), ARRAY_A );
		return $row ? $this->present( $row ) : null;
	}

	/**
	 * The links holding any of these Megaventory ids (only those that exist), by Megaventory id.
	 *
	 * @param string $wc_type Entity type.
	 * @param int[]  $mv_ids  Megaventory ids (at most 500).
	 * @return array[]
	 */
	public function find_by_mv_ids( $wc_type, array $mv_ids ) {
		$mv_ids = array_values( array_unique( array_filter( array_map( 'intval', $mv_ids ) ) ) );
		if ( empty( $mv_ids ) ) {
			return array();
		}
		$table        = Schema::table( 'links' );
		$placeholders = implode( ',', array_fill( 0, count( $mv_ids ), '%d' ) );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- table name and %d placeholders only.
		$rows = $this->db->get_results( $this->db->prepare( "SELECT * FROM {$table} WHERE wc_type = %s AND mv_id IN ({$placeholders}) ORDER BY mv_id, wc_id", array_merge( array( $wc_type ), $mv_ids ) ), ARRAY_A );
		return array_map( array( $this, 'present' ), (array) $rows );
	}

	/**
	 * Creates or replaces a link.
	 *
	 * @param string      $wc_type      Entity type.
	 * @param int         $wc_id        WooCommerce id.
	 * @param int         $mv_id        Megaventory id.
	 * @param string|null $sku          SKU at link time (kept for deletions).
	 * @param string|null $content_hash Hash of the content last pushed.
	 * @return bool
	 */
	public function put( $wc_type, $wc_id, $mv_id, $sku = null, $content_hash = null ) {
		$table = Schema::table( 'links' );
		$now   = MysqlTime::from_timestamp( $this->clock->now() );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- only our table name is interpolated.
		$result = $this->db->query(
			$this->db->prepare(
				"INSERT INTO {$table} (wc_type, wc_id, mv_id, sku, content_hash, updated_at) VALUES (%s, %d, %d, %s, %s, %s)
				ON DUPLICATE KEY UPDATE mv_id = VALUES(mv_id), sku = VALUES(sku), content_hash = VALUES(content_hash), updated_at = VALUES(updated_at)",
				$wc_type,
				(int) $wc_id,
				(int) $mv_id,
				null === $sku ? '' : $sku,
				null === $content_hash ? '' : $content_hash,
				$now
			)
		);
		return false !== $result;
	}

	/**
	 * Removes a link.
	 *
	 * @param string $wc_type Entity type.
	 * @param int    $wc_id   WooCommerce id.
	 * @return bool Whether a link existed.
	 */
	public function delete( $wc_type, $wc_id ) {
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- our own table, no cache layer.
		return (bool) $this->db->delete(
			Schema::table( 'links' ),
			array(
				'wc_type' => $wc_type,
				'wc_id'   => (int) $wc_id,
			),
			array( '%s', '%d' )
		);
	}

	/**
	 * Row → JSON shape.
	 *
	 * @param array $row Raw row.
	 * @return array
	 */
	private function present( array $row ) {
		return array(
			'wc_type'      => $row['wc_type'],
			'wc_id'        => (int) $row['wc_id'],
			'mv_id'        => (int) $row['mv_id'],
			'sku'          => '' === $row['sku'] ? null : $row['sku'],
			'content_hash' => '' === $row['content_hash'] ? null : $row['content_hash'],
			'updated_at'   => MysqlTime::to_iso( $row['updated_at'] ),
		);
	}
}
