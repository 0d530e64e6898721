<?php
/**
 * One racing worker for the poll lease test: from a shared start time, for two seconds, tries
 * to take the lease; whenever it gets it, holds it for a few milliseconds and hands it back.
 * Prints the hold intervals (microtime when granted, when about to release) as JSON.
 *
 * Usage: php poll-lease-worker.php WP_LOAD_PATH START_MICROTIME TOKEN
 */

$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require $argv[1];

$start = (float) $argv[2];
$token = $argv[3];
while ( microtime( true ) < $start ) {
	usleep( 500 );
}
$lease = \MegaventorySync\Plugin::poll_lease();
$holds = array();
while ( microtime( true ) < $start + 2 ) {
	$answer = $lease->acquire( $token, 600 );
	if ( ! $answer['granted'] ) {
		usleep( 200 );
		continue;
	}
	$granted = microtime( true );
	usleep( 3000 );
	$holds[] = array( $granted, microtime( true ) );
	$lease->release( $token );
}
echo wp_json_encode( $holds );
