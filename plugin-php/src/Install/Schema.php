<?php
/**
 * Our tables, created and upgraded with dbDelta; the schema version lives in an option.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Install;

defined( 'ABSPATH' ) || exit;

/**
 * Table names and definitions.
 */
final class Schema {
	const VERSION        = 6;
	const VERSION_OPTION = 'mvsync_schema_version';

	/**
	 * Short names of every table we own, without the WordPress prefix.
	 *
	 * @return string[]
	 */
	public static function table_keys() {
		return array( 'outbox', 'links', 'checkpoints', 'log', 'parked' );
	}

	/**
	 * Full table name for a short key ('outbox' → 'wp_mvsync_outbox').
	 *
	 * @param string $key One of table_keys().
	 * @return string
	 */
	public static function table( $key ) {
		global $wpdb;
		return $wpdb->prefix . 'mvsync_' . $key;
	}

	/**
	 * Creates or upgrades the tables.
	 */
	public static function install() {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$collate = $wpdb->get_charset_collate();

		// coalesce_key holds "type:id" only while a row is pending; the UNIQUE index then lets one
		// INSERT … ON DUPLICATE KEY UPDATE merge repeated saves of an entity into its pending row.
		// lease_key holds "type:id" only while a row is leased; its UNIQUE index keeps a second row
		// of the same entity from being leased until the first is answered (version 6).
		// claim_order serves the claim (index-only scan in id order per priority; lease_until makes
		// the probe for expired leases index-only too) and every other status lookup (stats,
		// trimming). Each secondary index that holds
		// status or lease columns costs every claim and ack a write per row, so there is only
		// this one; leased rows are read back by primary key, never by token. entity serves the
		// status columns and the order box (one entity's rows, newest first).
		$outbox = 'CREATE TABLE ' . self::table( 'outbox' ) . " (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  entity_type varchar(32) NOT NULL,
  entity_id bigint(20) unsigned NOT NULL,
  action varchar(32) NOT NULL,
  status varchar(16) NOT NULL DEFAULT 'pending',
  coalesce_key varchar(64) DEFAULT NULL,
  priority tinyint(4) NOT NULL DEFAULT 0,
  payload longtext DEFAULT NULL,
  attempts int(10) unsigned NOT NULL DEFAULT 0,
  lease_expiries int(10) unsigned NOT NULL DEFAULT 0,
  coalesced int(10) unsigned NOT NULL DEFAULT 0,
  last_error text DEFAULT NULL,
  lease_token char(32) DEFAULT NULL,
  lease_until datetime DEFAULT NULL,
  lease_key varchar(64) DEFAULT NULL,
  available_at datetime NOT NULL,
  created_at datetime NOT NULL,
  updated_at datetime NOT NULL,
  PRIMARY KEY  (id),
  UNIQUE KEY coalesce_key (coalesce_key),
  UNIQUE KEY lease_key (lease_key),
  KEY claim_order (status,priority,id,available_at,lease_until),
  KEY entity (entity_type,entity_id)
) $collate;";

		$links = 'CREATE TABLE ' . self::table( 'links' ) . " (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  wc_type varchar(32) NOT NULL,
  wc_id bigint(20) unsigned NOT NULL,
  mv_id bigint(20) unsigned NOT NULL,
  sku varchar(191) DEFAULT NULL,
  content_hash varchar(128) DEFAULT NULL,
  updated_at datetime NOT NULL,
  PRIMARY KEY  (id),
  UNIQUE KEY wc (wc_type,wc_id),
  KEY mv (wc_type,mv_id)
) $collate;";

		$checkpoints = 'CREATE TABLE ' . self::table( 'checkpoints' ) . " (
  job varchar(64) NOT NULL,
  state longtext NOT NULL,
  updated_at datetime NOT NULL,
  PRIMARY KEY  (job)
) $collate;";

		$log = 'CREATE TABLE ' . self::table( 'log' ) . " (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  created_at datetime NOT NULL,
  level varchar(16) NOT NULL,
  origin varchar(16) NOT NULL,
  message text NOT NULL,
  context longtext DEFAULT NULL,
  PRIMARY KEY  (id),
  KEY created_at (created_at),
  KEY level (level)
) $collate;";

		// Integration updates the worker gave up on (see ParkedStore), with the error.
		$parked = 'CREATE TABLE ' . self::table( 'parked' ) . " (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  created_at datetime NOT NULL,
  update_json longtext NOT NULL,
  error_code varchar(100) NOT NULL,
  error_message text NOT NULL,
  PRIMARY KEY  (id),
  KEY created_at (created_at)
) $collate;";

		self::drop_retired_indexes();
		dbDelta( array( $outbox, $links, $checkpoints, $log, $parked ) );
		update_option( self::VERSION_OPTION, self::VERSION, true );
	}

	/**
	 * Indexes of older schema versions that the current one does not have. dbDelta adds
	 * indexes but never drops or changes one, so an upgraded install drops them first (and
	 * dbDelta then adds the current definition of a changed one).
	 *
	 * @return array<string,array<string,string[]|null>> Table key => index name => its retired
	 *         columns (only an index with exactly these is dropped), or null for any columns.
	 */
	public static function retired_indexes() {
		// Version 5: the outbox's status and lease lookups all go through claim_order.
		return array(
			'outbox' => array(
				'status_available' => null,
				'status_lease'     => null,
				'lease_token'      => null,
				'claim_order'      => array( 'status', 'priority', 'id', 'available_at' ),
			),
		);
	}

	/**
	 * Drops the retired indexes that an install made by an older version still has.
	 */
	private static function drop_retired_indexes() {
		global $wpdb;
		foreach ( self::retired_indexes() as $key => $retired ) {
			$table = self::table( $key );
			// Table and index names come from our own constants, never from input.
			// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching, WordPress.DB.DirectDatabaseQuery.SchemaChange
			if ( $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $table ) ) ) !== $table ) {
				continue;
			}
			$columns = array();
			foreach ( (array) $wpdb->get_results( "SHOW INDEX FROM {$table}", ARRAY_A ) as $part ) {
				$columns[ $part['Key_name'] ][ (int) $part['Seq_in_index'] ] = $part['Column_name'];
			}
			foreach ( $retired as $index => $retired_columns ) {
				if ( ! isset( $columns[ $index ] ) ) {
					continue;
				}
				ksort( $columns[ $index ] );
				if ( null === $retired_columns || array_values( $columns[ $index ] ) === $retired_columns ) {
					$wpdb->query( "ALTER TABLE {$table} DROP INDEX {$index}" );
				}
			}
			// phpcs:enable
		}
	}

	/**
	 * Runs install() when the stored schema version is older than the code's (after an update).
	 */
	public static function maybe_upgrade() {
		if ( (int) get_option( self::VERSION_OPTION, 0 ) < self::VERSION ) {
			self::install();
		}
	}

	/**
	 * Drops every table we own (uninstall only).
	 */
	public static function drop_all() {
		global $wpdb;
		foreach ( self::table_keys() as $key ) {
			// Table names come from our own constant list, never from input.
			$wpdb->query( 'DROP TABLE IF EXISTS ' . self::table( $key ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.SchemaChange, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching
		}
	}
}
