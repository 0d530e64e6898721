<?php
/**
 * One draining client of the outbox over HTTP, speaking the worker's REST protocol with an
 * application password: POST /outbox/claim, then POST /outbox/ack — either each row alone, as
 * the engine does after each event, or the whole claim at once. No WordPress is loaded here.
 * Prints one JSON line; asserts nothing.
 *
 *   php drain-client.php BASE_URL USER APP_PASSWORD CLAIM_BATCH ACK_MODE(each|batch) MAX_EVENTS MAX_SECONDS
 *
 * Stops when a claim comes back empty, after MAX_EVENTS acked rows, or after MAX_SECONDS.
 *
 * @package MegaventorySyncTests
 */

if ( $argc < 8 ) {
	fwrite( STDERR, "usage: drain-client.php BASE_URL USER APP_PASSWORD CLAIM_BATCH each|batch MAX_EVENTS MAX_SECONDS\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fwrite
	exit( 2 );
}
list( , $mvsync_base, $mvsync_user, $mvsync_password, $mvsync_batch, $mvsync_ack_mode, $mvsync_max_events, $mvsync_max_seconds ) = $argv;
$mvsync_batch       = max( 1, min( 500, (int) $mvsync_batch ) );
$mvsync_max_events  = (int) $mvsync_max_events;
$mvsync_max_seconds = (float) $mvsync_max_seconds;

// phpcs:disable WordPress.WP.AlternativeFunctions -- a standalone client: no WordPress loaded.
$mvsync_curl = curl_init();

/**
 * POSTs JSON to a megaventory/v1 route; returns [status, decoded body, milliseconds].
 *
 * @param string $route Route below megaventory/v1.
 * @param array  $body  JSON body.
 * @return array
 */
function mvsync_drain_post( $route, array $body ) {
	global $mvsync_curl, $mvsync_base, $mvsync_user, $mvsync_password;
	curl_setopt_array(
		$mvsync_curl,
		array(
			CURLOPT_URL            => rtrim( $mvsync_base, '/' ) . '/?rest_route=/megaventory/v1/' . $route,
			CURLOPT_POST           => true,
			CURLOPT_POSTFIELDS     => json_encode( $body ),
			CURLOPT_HTTPHEADER     => array( 'Content-Type: application/json' ),
			CURLOPT_USERPWD        => $mvsync_user . ':' . $mvsync_password,
			CURLOPT_RETURNTRANSFER => true,
			CURLOPT_TIMEOUT        => 60,
		)
	);
	$start  = hrtime( true );
	$answer = curl_exec( $mvsync_curl );
	$spent  = ( hrtime( true ) - $start ) / 1e6;
	return array( (int) curl_getinfo( $mvsync_curl, CURLINFO_RESPONSE_CODE ), is_string( $answer ) ? json_decode( $answer, true ) : null, $spent );
}

$mvsync_started   = microtime( true );
$mvsync_events    = 0;
$mvsync_requests  = 0;
$mvsync_errors    = 0;
$mvsync_claim_ms  = array();
$mvsync_ack_ms    = array();
$mvsync_stop_note = 'queue empty';
while ( true ) {
	if ( $mvsync_events >= $mvsync_max_events ) {
		$mvsync_stop_note = 'event limit';
		break;
	}
	if ( microtime( true ) - $mvsync_started >= $mvsync_max_seconds ) {
		$mvsync_stop_note = 'time limit';
		break;
	}
	list( $status, $claim, $spent ) = mvsync_drain_post(
		'outbox/claim',
		array(
			'limit'         => $mvsync_batch,
			'lease_seconds' => 300,
		)
	);
	++$mvsync_requests;
	$mvsync_claim_ms[] = $spent;
	if ( 200 !== $status || ! isset( $claim['items'] ) ) {
		++$mvsync_errors;
		$mvsync_stop_note = "claim answered HTTP {$status}";
		break;
	}
	if ( empty( $claim['items'] ) ) {
		break;
	}
	$ids    = array_column( $claim['items'], 'id' );
	$groups = 'each' === $mvsync_ack_mode ? array_chunk( $ids, 1 ) : array( $ids );
	foreach ( $groups as $group ) {
		list( $status, $ack, $spent ) = mvsync_drain_post(
			'outbox/ack',
			array(
				'lease_token' => $claim['lease_token'],
				'ids'         => $group,
			)
		);
		++$mvsync_requests;
		$mvsync_ack_ms[] = $spent;
		if ( 200 !== $status || count( isset( $ack['acked'] ) ? $ack['acked'] : array() ) !== count( $group ) ) {
			++$mvsync_errors;
			continue;
		}
		$mvsync_events += count( $group );
	}
}
$mvsync_seconds = microtime( true ) - $mvsync_started;
sort( $mvsync_claim_ms );
sort( $mvsync_ack_ms );
echo json_encode(
	array(
		'events'          => $mvsync_events,
		'requests'        => $mvsync_requests,
		'errors'          => $mvsync_errors,
		'seconds'         => round( $mvsync_seconds, 2 ),
		'claim_median_ms' => $mvsync_claim_ms ? round( $mvsync_claim_ms[ intdiv( count( $mvsync_claim_ms ), 2 ) ], 1 ) : null,
		'ack_median_ms'   => $mvsync_ack_ms ? round( $mvsync_ack_ms[ intdiv( count( $mvsync_ack_ms ), 2 ) ], 1 ) : null,
		'stopped'         => $mvsync_stop_note,
	)
) . "\n";
// phpcs:enable
