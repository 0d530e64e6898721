<?php
/**
 * Benchmark: claim and ack latency with a large outbox (default 1,000,000 pending rows), through
 * Outbox (what the REST routes call). Prints figures; asserts nothing. Run on the throw-away test
 * site only (it empties the outbox):
 *
 *   MVSYNC_BENCH=claim tests/php/run.sh
 *
 * The fuller benchmark (a table mostly done, flush at every commit, the REST round trip and a
 * drained backlog) is tests/bench/outbox-scale.sh; both use tests/bench/php/outbox-scale.php.
 *
 * @package MegaventorySyncTests
 */

$mvsync_wp_load = $argv[1];
$mvsync_rows    = isset( $argv[2] ) ? max( 1000, (int) $argv[2] ) : 1000000;
$mvsync_script  = dirname( __DIR__, 2 ) . '/bench/php/outbox-scale.php';
$mvsync_steps   = array(
	array( 'seed', $mvsync_rows, $mvsync_rows ),
	array( 'claim', 50, 50 ),
	array( 'claim', 50, 100 ),
	array( 'seed', 0, 0 ),
);
foreach ( $mvsync_steps as $mvsync_step ) {
	$mvsync_command = implode( ' ', array_map( 'escapeshellarg', array_merge( array( PHP_BINARY, $mvsync_script, $mvsync_wp_load ), array_map( 'strval', $mvsync_step ) ) ) );
	echo implode( ' ', $mvsync_step ), ': ';
	passthru( $mvsync_command, $mvsync_status ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.system_calls_passthru -- a bench runner.
	if ( 0 !== $mvsync_status ) {
		exit( $mvsync_status );
	}
}
