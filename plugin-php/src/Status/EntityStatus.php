<?php
/**
 * Sync status of many WooCommerce entities at once, read from our own tables in one query (the
 * list screens call it once per page, never per row, and never call Megaventory).
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Status;

use MegaventorySync\Infra\MysqlTime;
use MegaventorySync\Install\Schema;

defined( 'ABSPATH' ) || exit;

/**
 * Status reader with a per-request cache keyed by entity type and id.
 */
class EntityStatus {
	const SYNCED     = 'synced';
	const PENDING    = 'pending';
	const FAILED     = 'failed';
	const NOT_LINKED = 'not_linked';

	const MAX_IDS = 500;

	/**
	 * Database handle.
	 *
	 * @var \wpdb
	 */
	private $db;

	/**
	 * Statuses already read, by "type:id".
	 *
	 * @var array<string,array>
	 */
	private $cache = array();

	/**
	 * Constructor.
	 *
	 * @param \wpdb $db Database handle.
	 */
	public function __construct( $db ) {
		$this->db = $db;
	}

	/**
	 * Reads the status of every id not cached yet, in one query.
	 *
	 * The newest outbox row of an entity decides: pending/leased → pending, dead → failed; a done
	 * row (or none) leaves the link to decide between synced and not linked. So a "Sync now" that
	 * succeeds after a dead letter shows synced without touching the dead row.
	 *
	 * @param string $type Entity type (product, order, customer, …).
	 * @param int[]  $ids  WooCommerce ids.
	 */
	public function prime( $type, array $ids ) {
		$missing = array();
		foreach ( $ids as $id ) {
			$id = (int) $id;
			if ( $id > 0 && ! isset( $this->cache[ $type . ':' . $id ] ) ) {
				$missing[ $id ] = $id;
			}
		}
		if ( empty( $missing ) ) {
			return;
		}
		foreach ( array_chunk( array_values( $missing ), self::MAX_IDS ) as $chunk ) {
			$this->read_chunk( $type, $chunk );
		}
	}

	/**
	 * Status of one entity; reads it alone only when the caller did not prime it.
	 *
	 * @param string $type Entity type.
	 * @param int    $id   WooCommerce id.
	 * @return array{status:string, mv_id:int|null, sku:string|null, error:string|null, updated_at:string|null, linked_at:string|null}
	 */
	public function get( $type, $id ) {
		$key = $type . ':' . (int) $id;
		if ( ! isset( $this->cache[ $key ] ) ) {
			$this->prime( $type, array( (int) $id ) );
		}
		return isset( $this->cache[ $key ] ) ? $this->cache[ $key ] : self::decide( self::blank() );
	}

	/**
	 * Whether an entity's status is cached (tests, and the list screens' priming check).
	 *
	 * @param string $type Entity type.
	 * @param int    $id   WooCommerce id.
	 * @return bool
	 */
	public function has( $type, $id ) {
		return isset( $this->cache[ $type . ':' . (int) $id ] );
	}

	/**
	 * Forgets everything read (after a change in the same request, and between tests).
	 */
	public function forget() {
		$this->cache = array();
	}

	/**
	 * One query: the links of these ids, and the newest outbox row of each.
	 *
	 * @param string $type Entity type.
	 * @param int[]  $ids  At most MAX_IDS ids.
	 */
	private function read_chunk( $type, array $ids ) {
		$links        = Schema::table( 'links' );
		$outbox       = Schema::table( 'outbox' );
		$placeholders = implode( ',', array_fill( 0, count( $ids ), '%d' ) );
		$sql          = "SELECT 'link' AS source, wc_id AS entity_id, mv_id, sku, '' AS status, '' AS last_error, updated_at
			FROM {$links} WHERE wc_type = %s AND wc_id IN ({$placeholders})
			UNION ALL
			SELECT 'outbox', o.entity_id, 0, '', o.status, COALESCE(o.last_error, ''), o.updated_at
			FROM {$outbox} o JOIN (
				SELECT MAX(id) AS id FROM {$outbox} WHERE entity_type = %s AND entity_id IN ({$placeholders}) GROUP BY entity_id
			) newest ON newest.id = o.id";
		// Products and variations share one id sequence and link type (the engine's LinkKind::Product).
		$link_type = 'variation' === $type ? 'product' : $type;
		$args      = array_merge( array( $link_type ), $ids, array( $type ), $ids );
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- $sql holds only our table names and placeholders; cached per request above.
		$rows = (array) $this->db->get_results( $this->db->prepare( $sql, $args ), ARRAY_A );

		$found = array();
		foreach ( $ids as $id ) {
			$found[ $id ] = self::blank();
		}
		foreach ( $rows as $row ) {
			$id = (int) $row['entity_id'];
			if ( ! isset( $found[ $id ] ) ) {
				continue;
			}
			if ( 'link' === $row['source'] ) {
				$found[ $id ]['mv_id']     = (int) $row['mv_id'];
				$found[ $id ]['sku']       = '' === (string) $row['sku'] ? null : (string) $row['sku'];
				$found[ $id ]['linked_at'] = MysqlTime::to_iso( $row['updated_at'] );
			} else {
				$found[ $id ]['row_status'] = (string) $row['status'];
				$found[ $id ]['error']      = '' === (string) $row['last_error'] ? null : (string) $row['last_error'];
				$found[ $id ]['updated_at'] = MysqlTime::to_iso( $row['updated_at'] );
			}
		}
		foreach ( $found as $id => $status ) {
			$this->cache[ $type . ':' . $id ] = self::decide( $status );
		}
	}

	/**
	 * Status from the link and the newest row.
	 *
	 * @param array $status Gathered facts.
	 * @return array
	 */
	private static function decide( array $status ) {
		$row = $status['row_status'];
		unset( $status['row_status'] );
		if ( 'pending' === $row || 'leased' === $row ) {
			$status['status'] = self::PENDING;
		} elseif ( 'dead' === $row ) {
			$status['status'] = self::FAILED;
		} else {
			$status['status'] = null !== $status['mv_id'] ? self::SYNCED : self::NOT_LINKED;
			$status['error']  = null;
		}
		return $status;
	}

	/**
	 * An entity we know nothing about.
	 *
	 * @return array
	 */
	private static function blank() {
		return array(
			'status'     => self::NOT_LINKED,
			'row_status' => '',
			'mv_id'      => null,
			'sku'        => null,
			'error'      => null,
			'updated_at' => null,
			'linked_at'  => null,
		);
	}
}
