<?php
/**
 * Logging to WooCommerce's logger (source megaventory-sync) and to our table, which the admin
 * page pages through. The API key is scrubbed from every message and context before either.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Log;

use MegaventorySync\Infra\Clock;
use MegaventorySync\Infra\MysqlTime;
use MegaventorySync\Install\Schema;
use MegaventorySync\Settings\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * Logger and log-table reader.
 */
class Logger {
	const SOURCE      = 'megaventory-sync';
	const LEVELS      = array( 'debug', 'info', 'notice', 'warning', 'error', 'critical' );
	const MAX_MESSAGE = 4000;
	const MAX_CONTEXT = 16000;
	const REDACTED    = '[redacted]';

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
	 * Settings (for the key to scrub).
	 *
	 * @var Settings
	 */
	private $settings;

	/**
	 * Constructor.
	 *
	 * @param \wpdb    $db       Database handle.
	 * @param Clock    $clock    Time source.
	 * @param Settings $settings Settings.
	 */
	public function __construct( $db, Clock $clock, Settings $settings ) {
		$this->db       = $db;
		$this->clock    = $clock;
		$this->settings = $settings;
	}

	/**
	 * Writes one entry.
	 *
	 * @param string $level   One of LEVELS.
	 * @param string $message Text.
	 * @param array  $context Extra data (JSON-serialisable).
	 * @param string $origin  'plugin' or 'worker'.
	 */
	public function log( $level, $message, array $context = array(), $origin = 'plugin' ) {
		$level   = in_array( $level, self::LEVELS, true ) ? $level : 'info';
		$message = $this->limit( $this->scrub( (string) $message ), self::MAX_MESSAGE );
		$json    = empty( $context ) ? null : $this->limit( $this->scrub( (string) wp_json_encode( $context ) ), self::MAX_CONTEXT );

		if ( function_exists( 'wc_get_logger' ) ) {
			wc_get_logger()->log( $level, '[' . $origin . '] ' . $message, array( 'source' => self::SOURCE ) );
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery -- our own table.
		$this->db->insert(
			Schema::table( 'log' ),
			array(
				'created_at' => MysqlTime::from_timestamp( $this->clock->now() ),
				'level'      => $level,
				'origin'     => 'worker' === $origin ? 'worker' : 'plugin',
				'message'    => $message,
				'context'    => $json,
			),
			array( '%s', '%s', '%s', '%s', '%s' )
		);
	}

	/**
	 * A page of entries, newest first.
	 *
	 * @param int         $page     1-based.
	 * @param int         $per_page 1..200.
	 * @param string|null $level    Only this level.
	 * @return array{items:array, total:int}
	 */
	public function page( $page = 1, $per_page = 50, $level = null ) {
		$table    = Schema::table( 'log' );
		$per_page = max( 1, min( 200, (int) $per_page ) );
		$offset   = ( max( 1, (int) $page ) - 1 ) * $per_page;
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- only our table name is interpolated.
		if ( null !== $level ) {
			$rows  = $this->db->get_results( $this->db->prepare( "SELECT * FROM {$table} WHERE level = %s ORDER BY id DESC LIMIT %d OFFSET %d", $level, $per_page, $offset ), ARRAY_A );
			$total = (int) $this->db->get_var( $this->db->prepare( "SELECT COUNT(*) FROM {$table} WHERE level = %s", $level ) );
		} else {
			$rows  = $this->db->get_results( $this->db->prepare( "SELECT * FROM {$table} ORDER BY id DESC LIMIT %d OFFSET %d", $per_page, $offset ), ARRAY_A );
			$total = (int) $this->db->get_var( "SELECT COUNT(*) FROM {$table}" );
		}
		// phpcs:enable
		$items = array();
		foreach ( (array) $rows as $row ) {
			$items[] = array(
				'id'         => (int) $row['id'],
				'created_at' => MysqlTime::to_iso( $row['created_at'] ),
				'level'      => $row['level'],
				'origin'     => $row['origin'],
				'message'    => $row['message'],
				'context'    => null === $row['context'] ? null : json_decode( $row['context'], true ),
			);
		}
		return array(
			'items' => $items,
			'total' => $total,
		);
	}

	/**
	 * Deletes entries older than the given number of days.
	 *
	 * @param int $days Retention.
	 * @return int Rows deleted.
	 */
	public function trim( $days ) {
		$table  = Schema::table( 'log' );
		$cutoff = MysqlTime::from_timestamp( $this->clock->now() - (int) $days * DAY_IN_SECONDS );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- only our table name is interpolated.
		return (int) $this->db->query( $this->db->prepare( "DELETE FROM {$table} WHERE created_at < %s", $cutoff ) );
	}

	/**
	 * Replaces the stored API key, wherever it appears, with a marker.
	 *
	 * @param string $text Text.
	 * @return string
	 */
	public function scrub( $text ) {
		$key = $this->settings->api_key();
		if ( '' === $key ) {
			return $text;
		}
		return str_replace( $key, self::REDACTED, $text );
	}

	/**
	 * Cuts text to a maximum length.
	 *
	 * @param string $text Text.
	 * @param int    $max  Characters.
	 * @return string
	 */
	private function limit( $text, $max ) {
		return function_exists( 'mb_substr' ) ? mb_substr( $text, 0, $max ) : substr( $text, 0, $max );
	}
}
