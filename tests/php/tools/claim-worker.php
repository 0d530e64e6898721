<?php
/**
 * One racing worker for the concurrency test: waits for a shared start time, then claims
 * batches until the outbox has nothing left, and prints the ids it got as JSON.
 *
 * Usage: php claim-worker.php WP_LOAD_PATH START_MICROTIME BATCH
 */

$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require $argv[1];

$start = (float) $argv[2];
$batch = (int) $argv[3];
while ( microtime( true ) < $start ) {
	usleep( 500 );
}
$ids    = array();
$empty  = 0;
$rounds = 0;
// A claim can come back empty while the other worker holds row locks; stop after a few empties.
while ( $empty < 3 && $rounds < 10000 ) {
	++$rounds;
	$claim = \MegaventorySync\Plugin::outbox()->claim( $batch, 600 );
	if ( empty( $claim['items'] ) ) {
		++$empty;
		usleep( 2000 );
		continue;
	}
	$empty = 0;
	foreach ( $claim['items'] as $item ) {
		$ids[] = $item['id'];
	}
}
echo wp_json_encode( $ids );
