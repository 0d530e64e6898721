<?php
/**
 * Benchmark: claim and ack latency with a large outbox (default 1,000,000 pending rows).
 * Prints figures; asserts nothing. Run on the throw-away test site only:
 *
 *   MVSYNC_BENCH=claim tests/php/run.sh
 *
 * @package MegaventorySyncTests
 */

$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require $argv[1];
$rows_wanted = isset( $argv[2] ) ? max( 1000, (int) $argv[2] ) : 1000000;

use MegaventorySync\Install\Schema;
use MegaventorySync\Plugin;

global $wpdb;
$table = Schema::table( 'outbox' );
$wpdb->query( "TRUNCATE TABLE {$table}" ); // phpcs:ignore
$now   = gmdate( 'Y-m-d H:i:s', time() - 60 );
$later = gmdate( 'Y-m-d H:i:s', time() + 86400 );

$start = microtime( true );
// 1,000 seed rows (a few delayed orders among them), then doubling with INSERT … SELECT.
$values = array();
for ( $i = 1; $i <= 1000; $i++ ) {
	$is_order = 0 === $i % 50;
	$values[] = $wpdb->prepare( '(%s, %d, %s, %s, %d, %s, %s, %s)', $is_order ? 'order' : 'product', $i, 'updated', 'pending', $is_order ? 10 : 0, $is_order && 0 === $i % 100 ? $later : $now, $now, $now );
}
$wpdb->query( "INSERT INTO {$table} (entity_type, entity_id, action, status, priority, available_at, created_at, updated_at) VALUES " . implode( ',', $values ) ); // phpcs:ignore
$count = 1000;
while ( $count < $rows_wanted ) {
	$batch = min( $count, $rows_wanted - $count );
	$wpdb->query( $wpdb->prepare( "INSERT INTO {$table} (entity_type, entity_id, action, status, priority, available_at, created_at, updated_at) SELECT entity_type, entity_id + %d, action, status, priority, available_at, created_at, updated_at FROM {$table} ORDER BY id LIMIT %d", $count, $batch ) ); // phpcs:ignore
	$count += $batch;
}
printf( "outbox filled with %d pending rows in %.1f s\n", $count, microtime( true ) - $start );

$explain = $wpdb->get_results( $wpdb->prepare( "EXPLAIN SELECT id FROM {$table} FORCE INDEX (claim_order) WHERE status = 'pending' AND priority = 0 AND available_at <= %s ORDER BY id ASC LIMIT 50", gmdate( 'Y-m-d H:i:s' ) ), ARRAY_A ); // phpcs:ignore
foreach ( $explain as $line ) {
	printf( "plan: key=%s rows=%s extra=%s\n", $line['key'], $line['rows'], $line['Extra'] );
}
$t = hrtime( true );
Plugin::outbox()->release_expired_leases();
printf( "release_expired_leases: %.2f ms\n", ( hrtime( true ) - $t ) / 1e6 );
$claims = array();
$acks   = array();
for ( $i = 0; $i < 50; $i++ ) {
	$t     = hrtime( true );
	$claim = Plugin::outbox()->claim( 50, 300 );
	$claims[] = ( hrtime( true ) - $t ) / 1e6;
	$t        = hrtime( true );
	Plugin::outbox()->ack( $claim['lease_token'], array_column( $claim['items'], 'id' ) );
	$acks[] = ( hrtime( true ) - $t ) / 1e6;
}
define( 'SAVEQUERIES', true );
$wpdb->queries = array();
$claim         = Plugin::outbox()->claim( 50, 300 );
foreach ( $wpdb->queries as $query ) {
	printf( "  %.2f ms  %s\n", $query[1] * 1000, substr( preg_replace( '/\s+/', ' ', $query[0] ), 0, 90 ) );
}
sort( $claims );
sort( $acks );
printf( "claim of 50 rows: median %.2f ms, max %.2f ms; ack of 50: median %.2f ms (50 rounds)\n", $claims[25], end( $claims ), $acks[25] );
$t = hrtime( true );
Plugin::outbox()->record( 'product', 1, 'updated' );
printf( "record (coalescing into a pending row) with %d rows: %.2f ms\n", $count, ( hrtime( true ) - $t ) / 1e6 );
$t     = hrtime( true );
$stats = Plugin::outbox()->stats();
printf( "stats: %.1f ms (%s)\n", ( hrtime( true ) - $t ) / 1e6, wp_json_encode( $stats['counts'] ) );
$wpdb->query( "TRUNCATE TABLE {$table}" ); // phpcs:ignore
