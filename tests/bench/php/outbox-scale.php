<?php
/**
 * Outbox scale benchmark, in-process part (run inside the loaded test site; prints figures,
 * asserts nothing). Used by tests/bench/outbox-scale.sh; runs alone as
 *
 *   php tests/bench/php/outbox-scale.php WP_LOAD seed ROWS PENDING   # truncate, then ROWS rows of which PENDING pending
 *   php tests/bench/php/outbox-scale.php WP_LOAD claim ROUNDS BATCH   # claim + ack BATCH rows, ROUNDS times, through Outbox
 *   php tests/bench/php/outbox-scale.php WP_LOAD backlog ROWS         # ROWS more pending rows (the drain's backlog)
 *   php tests/bench/php/outbox-scale.php WP_LOAD counts               # rows per status, as JSON
 *
 * "claim" prints one JSON line: medians and p95 in milliseconds, the statements each call sent,
 * and EXPLAIN of the candidate read and of the leasing UPDATE.
 *
 * @package MegaventorySyncTests
 */

$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require $argv[1];

use MegaventorySync\Install\Schema;
use MegaventorySync\Plugin;

$mvsync_mode = isset( $argv[2] ) ? $argv[2] : '';
global $wpdb;
$mvsync_table = Schema::table( 'outbox' );

/**
 * Percentile (nearest rank) of a list of floats.
 *
 * @param float[] $values  Values.
 * @param float   $fraction 0.5 for the median, 0.95 for p95.
 * @return float
 */
function mvsync_bench_percentile( array $values, $fraction ) {
	sort( $values );
	return $values ? $values[ (int) floor( $fraction * ( count( $values ) - 1 ) ) ] : 0.0;
}

/**
 * Inserts rows from MariaDB's sequence engine, in chunks so no statement holds too many locks.
 * Ids ascend with $first; entity ids equal the sequence number, so coalesce keys stay unique.
 *
 * @param int    $first  First sequence number.
 * @param int    $count  Rows.
 * @param string $status pending or done.
 */
function mvsync_bench_insert_rows( $first, $count, $status ) {
	global $wpdb;
	$table   = Schema::table( 'outbox' );
	$now     = time();
	$created = gmdate( 'Y-m-d H:i:s', $now - 3600 );
	$later   = gmdate( 'Y-m-d H:i:s', $now + 86400 );
	$chunk   = 50000;
	for ( $offset = 0; $offset < $count; $offset += $chunk ) {
		$from = $first + $offset;
		$to   = $first + min( $count, $offset + $chunk ) - 1;
		// Every 50th row is an order (priority 10); every 100th of those waits a day (order delay).
		$pending = 'pending' === $status;
		$sql     = "INSERT INTO {$table} (entity_type, entity_id, action, status, coalesce_key, priority, attempts, available_at, created_at, updated_at)
			SELECT IF(seq % 50 = 0, 'order', 'product'), seq, 'updated', %s,
				" . ( $pending ? "CONCAT(IF(seq % 50 = 0, 'order', 'product'), ':', seq)" : 'NULL' ) . ',
				IF(seq % 50 = 0, 10, 0), ' . ( $pending ? '0' : '1' ) . ",
				IF(seq % 5000 = 0, %s, %s), %s, %s
			FROM seq_{$from}_to_{$to}";
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- bench seeding; table name and integers only.
		$wpdb->query( $wpdb->prepare( $sql, $status, $pending ? $later : $created, $created, $created, $created ) );
		if ( $wpdb->last_error ) {
			fwrite( STDERR, "seeding failed: {$wpdb->last_error}\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fwrite
			exit( 1 );
		}
	}
}

/**
 * Rows per status.
 *
 * @return array<string,int>
 */
function mvsync_bench_counts() {
	global $wpdb;
	$table  = Schema::table( 'outbox' );
	$counts = array();
	// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- bench; table name only.
	foreach ( (array) $wpdb->get_results( "SELECT status, COUNT(*) AS n FROM {$table} GROUP BY status", ARRAY_A ) as $row ) {
		$counts[ $row['status'] ] = (int) $row['n'];
	}
	return $counts;
}

// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching, WordPress.DB.DirectDatabaseQuery.SchemaChange, WordPress.WP.AlternativeFunctions.json_encode_json_encode -- a benchmark on a throw-away site.
if ( 'seed' === $mvsync_mode ) {
	$rows    = (int) $argv[3];
	$pending = min( $rows, (int) $argv[4] );
	$start   = microtime( true );
	$wpdb->query( "TRUNCATE TABLE {$mvsync_table}" );
	// History first (lower ids), then the backlog, as on a shop that has been syncing for a while.
	mvsync_bench_insert_rows( 1, $rows - $pending, 'done' );
	mvsync_bench_insert_rows( $rows - $pending + 1, $pending, 'pending' );
	$wpdb->query( "ANALYZE TABLE {$mvsync_table}" ); // Fresh sizes in information_schema.
	$size = $wpdb->get_row( $wpdb->prepare( 'SELECT data_length, index_length FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = %s', $mvsync_table ), ARRAY_A );
	echo json_encode(
		array(
			'seconds'  => round( microtime( true ) - $start, 1 ),
			'counts'   => mvsync_bench_counts(),
			'data_mb'  => round( $size['data_length'] / 1048576 ),
			'index_mb' => round( $size['index_length'] / 1048576 ),
		)
	) . "\n";
} elseif ( 'backlog' === $mvsync_mode ) {
	$max = (int) $wpdb->get_var( "SELECT COALESCE(MAX(entity_id), 0) FROM {$mvsync_table}" );
	mvsync_bench_insert_rows( $max + 1, (int) $argv[3], 'pending' );
	echo json_encode( mvsync_bench_counts() ) . "\n";
} elseif ( 'counts' === $mvsync_mode ) {
	echo json_encode( mvsync_bench_counts() ) . "\n";
} elseif ( 'claim' === $mvsync_mode ) {
	$rounds = max( 1, (int) $argv[3] );
	$batch  = max( 1, min( 500, (int) $argv[4] ) );
	$outbox = Plugin::outbox();
	$now    = gmdate( 'Y-m-d H:i:s' );
	$plan   = array();
	foreach (
		array(
			'candidates' => $wpdb->prepare( "EXPLAIN SELECT c.id FROM {$mvsync_table} c FORCE INDEX (claim_order) LEFT JOIN {$mvsync_table} l ON l.lease_key = CONCAT(c.entity_type, ':', c.entity_id) WHERE c.status = 'pending' AND c.priority = 0 AND c.id > 0 AND c.available_at <= %s AND l.id IS NULL ORDER BY c.id ASC LIMIT %d", $now, $batch ),
			'lease'      => $wpdb->prepare( "EXPLAIN UPDATE IGNORE {$mvsync_table} SET status = 'leased', lease_key = CONCAT(entity_type, ':', entity_id) WHERE id IN (%d, %d, %d) AND status = 'pending' AND available_at <= %s ORDER BY id ASC", 1, 2, 3, $now ),
		) as $name => $sql
	) {
		foreach ( (array) $wpdb->get_results( $sql, ARRAY_A ) as $line ) {
			// A join has a line per table: keep them all, in order.
			$plan[ $name ] = ( isset( $plan[ $name ] ) ? $plan[ $name ] . ' | ' : '' ) . sprintf( '%s type=%s key=%s rows=%s %s', $line['table'], $line['type'], $line['key'], $line['rows'], $line['Extra'] );
		}
	}
	$claims = array();
	$acks   = array();
	$both   = array();
	$got    = 0;
	// CPU time spent by MariaDB (its pid in MVSYNC_DB_PID) and by this PHP process: unlike wall
	// time it hardly depends on what else the shared machine runs.
	$db_stat  = getenv( 'MVSYNC_DB_PID' ) ? '/proc/' . (int) getenv( 'MVSYNC_DB_PID' ) . '/stat' : '';
	$db_cpu   = static function () use ( $db_stat ) {
		if ( '' === $db_stat || ! is_readable( $db_stat ) ) {
			return null;
		}
		$fields = explode( ' ', (string) file_get_contents( $db_stat ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
		return ( (float) $fields[13] + (float) $fields[14] ) * 1000 / 100; // Clock ticks (USER_HZ 100) to ms.
	};
	$php_cpu  = static function () {
		$usage = getrusage();
		return ( $usage['ru_utime.tv_sec'] + $usage['ru_stime.tv_sec'] ) * 1000 + ( $usage['ru_utime.tv_usec'] + $usage['ru_stime.tv_usec'] ) / 1000;
	};
	$db_cpu0  = $db_cpu();
	$php_cpu0 = $php_cpu();
	for ( $i = 0; $i < $rounds; $i++ ) {
		$t0    = hrtime( true );
		$claim = $outbox->claim( $batch, 300 );
		$t1    = hrtime( true );
		$outbox->ack( $claim['lease_token'], array_column( $claim['items'], 'id' ) );
		$t2       = hrtime( true );
		$claims[] = ( $t1 - $t0 ) / 1e6;
		$acks[]   = ( $t2 - $t1 ) / 1e6;
		$both[]   = ( $t2 - $t0 ) / 1e6;
		$got     += count( $claim['items'] );
	}
	$db_cpu_ms  = null === $db_cpu0 ? null : round( ( $db_cpu() - $db_cpu0 ) / $rounds, 2 );
	$php_cpu_ms = round( ( $php_cpu() - $php_cpu0 ) / $rounds, 2 );
	// One more round to count the statements each call sends.
	$before     = $wpdb->num_queries;
	$claim      = $outbox->claim( $batch, 300 );
	$claim_sent = $wpdb->num_queries - $before;
	$before     = $wpdb->num_queries;
	$outbox->ack( $claim['lease_token'], array_column( $claim['items'], 'id' ) );
	$ack_sent = $wpdb->num_queries - $before;
	// Stats (the admin page, the queue notice every 5 minutes) count every row by status.
	$start    = hrtime( true );
	$outbox->stats();
	$stats_ms = ( hrtime( true ) - $start ) / 1e6;
	echo json_encode(
		array(
			'rounds'           => $rounds,
			'batch'            => $batch,
			'rows_per_claim'   => round( $got / $rounds, 1 ),
			'claim_median_ms'  => round( mvsync_bench_percentile( $claims, 0.5 ), 2 ),
			'claim_p95_ms'     => round( mvsync_bench_percentile( $claims, 0.95 ), 2 ),
			'ack_median_ms'    => round( mvsync_bench_percentile( $acks, 0.5 ), 2 ),
			'ack_p95_ms'       => round( mvsync_bench_percentile( $acks, 0.95 ), 2 ),
			'total_median_ms'  => round( mvsync_bench_percentile( $both, 0.5 ), 2 ),
			'total_p95_ms'     => round( mvsync_bench_percentile( $both, 0.95 ), 2 ),
			'db_cpu_ms'        => $db_cpu_ms,
			'php_cpu_ms'       => $php_cpu_ms,
			'stats_ms'         => round( $stats_ms, 1 ),
			'claim_statements' => $claim_sent,
			'ack_statements'   => $ack_sent,
			'flush_at_commit'  => (int) $wpdb->get_var( 'SELECT @@innodb_flush_log_at_trx_commit' ),
			'buffer_pool_mb'   => (int) $wpdb->get_var( 'SELECT @@innodb_buffer_pool_size' ) / 1048576,
			'plan'             => $plan,
		)
	) . "\n";
} else {
	fwrite( STDERR, "usage: outbox-scale.php WP_LOAD seed ROWS PENDING | claim ROUNDS BATCH | backlog ROWS | counts\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fwrite
	exit( 2 );
}
// phpcs:enable
