<?php
/**
 * Storefront page views with Megaventory Sync active and inactive, alternating request by request
 * (needs mu-bench-toggle.php on the site). Standalone: no WordPress loaded. Prints one JSON line.
 *
 *   php page-client.php URL N MAX_SECONDS
 *
 * @package MegaventorySyncTests
 */

if ( $argc < 4 ) {
	fwrite( STDERR, "usage: page-client.php URL N MAX_SECONDS\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fwrite
	exit( 2 );
}
list( , $mvsync_url, $mvsync_n, $mvsync_max_seconds ) = $argv;

// phpcs:disable WordPress.WP.AlternativeFunctions -- a standalone client: no WordPress loaded.
$mvsync_curl = curl_init();

/**
 * One page view; returns [server report, client milliseconds, HTTP status].
 *
 * @param string $mode    active or inactive.
 * @param bool   $queries Record queries.
 * @return array
 */
function mvsync_page_view( $mode, $queries ) {
	global $mvsync_curl, $mvsync_url;
	$headers = array( 'X-Mvsync-Bench: ' . $mode );
	if ( $queries ) {
		$headers[] = 'X-Mvsync-Bench-Queries: 1';
	}
	curl_setopt_array(
		$mvsync_curl,
		array(
			CURLOPT_URL            => $mvsync_url,
			CURLOPT_HTTPHEADER     => $headers,
			CURLOPT_RETURNTRANSFER => true,
			CURLOPT_TIMEOUT        => 60,
		)
	);
	$start  = hrtime( true );
	$body   = (string) curl_exec( $mvsync_curl );
	$client = ( hrtime( true ) - $start ) / 1e6;
	$report = preg_match( '/<!--mvsync-bench (.*?)-->/s', $body, $match ) ? json_decode( $match[1], true ) : null;
	return array( $report, $client, (int) curl_getinfo( $mvsync_curl, CURLINFO_RESPONSE_CODE ) );
}

/**
 * Percentile (nearest rank).
 *
 * @param float[] $values   Values.
 * @param float   $fraction 0.5, 0.95.
 * @return float|null
 */
function mvsync_page_percentile( array $values, $fraction ) {
	sort( $values );
	return $values ? round( $values[ (int) floor( $fraction * ( count( $values ) - 1 ) ) ], 3 ) : null;
}

// Queries first (recording them slows the request, so these views are not timed), after a warm-up.
mvsync_page_view( 'active', false );
mvsync_page_view( 'inactive', false );
// Five views each: a page may vary from view to view (WooCommerce picks related products at
// random), so the counts are medians; "ours" collects every query of ours seen in any of them.
$mvsync_queries = array(
	'active'   => array(
		'counts' => array(),
		'ours'   => array(),
		'loaded' => true,
	),
	'inactive' => array(
		'counts' => array(),
		'ours'   => array(),
		'loaded' => false,
	),
);
for ( $i = 0; $i < 5; $i++ ) {
	foreach ( array( 'active', 'inactive' ) as $mvsync_mode ) {
		list( $report, , $status ) = mvsync_page_view( $mvsync_mode, true );
		if ( ! is_array( $report ) ) {
			fwrite( STDERR, "no bench report in the page (HTTP {$status}): is mu-bench-toggle.php installed?\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fwrite
			exit( 1 );
		}
		$mvsync_queries[ $mvsync_mode ]['counts'][] = $report['queries'];
		$mvsync_queries[ $mvsync_mode ]['ours']     = array_values( array_unique( array_merge( $mvsync_queries[ $mvsync_mode ]['ours'], $report['ours'] ) ) );
		$mvsync_queries[ $mvsync_mode ]['loaded']   = $report['active'];
	}
}

$mvsync_times   = array(
	'active'   => array(
		'server'  => array(),
		'client'  => array(),
		'loading' => array(),
		'ours'    => array(),
	),
	'inactive' => array(
		'server'  => array(),
		'client'  => array(),
		'loading' => array(),
		'ours'    => array(),
	),
);
$mvsync_started = microtime( true );
$mvsync_done    = 0;
for ( $i = 0; $i < (int) $mvsync_n && microtime( true ) - $mvsync_started < (float) $mvsync_max_seconds; $i++ ) {
	$modes = 0 === $i % 2 ? array( 'active', 'inactive' ) : array( 'inactive', 'active' );
	foreach ( $modes as $mode ) {
		list( $report, $client ) = mvsync_page_view( $mode, false );
		if ( is_array( $report ) ) {
			$mvsync_times[ $mode ]['server'][]  = $report['server_ms'];
			$mvsync_times[ $mode ]['client'][]  = $client;
			$mvsync_times[ $mode ]['loading'][] = $report['loading_ms'];
			$mvsync_times[ $mode ]['ours'][]    = $report['ours_ms'];
		}
	}
	++$mvsync_done;
}
$mvsync_out = array(
	'n'       => $mvsync_done,
	'queries' => array(
		'active'          => mvsync_page_percentile( $mvsync_queries['active']['counts'], 0.5 ),
		'inactive'        => mvsync_page_percentile( $mvsync_queries['inactive']['counts'], 0.5 ),
		'active_all'      => $mvsync_queries['active']['counts'],
		'inactive_all'    => $mvsync_queries['inactive']['counts'],
		'ours'            => $mvsync_queries['active']['ours'],
		'plugin_loaded'   => $mvsync_queries['active']['loaded'],
		'plugin_left_out' => ! $mvsync_queries['inactive']['loaded'],
	),
);
foreach ( $mvsync_times as $mode => $series ) {
	$mvsync_out[ $mode ] = array(
		'server_median_ms' => mvsync_page_percentile( $series['server'], 0.5 ),
		'server_p95_ms'    => mvsync_page_percentile( $series['server'], 0.95 ),
		'client_median_ms' => mvsync_page_percentile( $series['client'], 0.5 ),
		'client_p95_ms'    => mvsync_page_percentile( $series['client'], 0.95 ),
		// Loading every plugin's files (muplugins_loaded → plugins_loaded).
		'loading_median_ms' => mvsync_page_percentile( $series['loading'], 0.5 ),
		// Inside the callbacks our plugin registered.
		'ours_median_ms'    => mvsync_page_percentile( $series['ours'], 0.5 ),
		'ours_p95_ms'       => mvsync_page_percentile( $series['ours'], 0.95 ),
	);
}
echo json_encode( $mvsync_out ) . "\n";
// phpcs:enable
