<?php
/**
 * Runs one batch of the fault suite's WooCommerce changes inside the site, as the administrator,
 * through WooCommerce's own wc/v3 routes (rest_do_request: the same controllers, CRUD and hooks
 * as an HTTP request, without one HTTP round trip and WordPress boot per change).
 *
 *   php shop-batch.php BATCH.json     prints {"refs": {...}, "results": [...]}
 *
 * BATCH.json: {"refs": {"P3": 123, ...}, "ops": [{"method": "POST", "route": "/wc/v3/products",
 * "body": {...}, "ref": "P7"}, ...]}. "{P3}" in a route or a body string is replaced by that ref's
 * WooCommerce id ({P3} alone as a whole string value becomes the integer), and an op's "ref"
 * names the id it created. A failed op stops the batch with exit 1: the script is deterministic,
 * so a failure is a defect of the suite or of the stand-in, never something to skip.
 *
 * @package MegaventorySyncTests
 */

$_SERVER['HTTP_HOST'] = getenv( 'HTTP_HOST' ) ?: '127.0.0.1';
require getenv( 'MVSYNC_WP_LOAD' );

$batch = json_decode( (string) file_get_contents( $argv[1] ), true );
if ( ! is_array( $batch ) ) {
	fwrite( STDERR, "shop-batch: {$argv[1]} is not a JSON batch\n" );
	exit( 2 );
}
$refs = (array) ( $batch['refs'] ?? array() );

wp_set_current_user( get_user_by( 'login', 'admin' )->ID );

/**
 * Replaces {REF} placeholders in a value (recursively).
 *
 * @param mixed $value Value.
 * @param array $refs  Refs.
 * @return mixed
 */
function faults_resolve( $value, array $refs ) {
	if ( is_array( $value ) ) {
		return array_map( static fn( $v ) => faults_resolve( $v, $refs ), $value );
	}
	if ( ! is_string( $value ) ) {
		return $value;
	}
	if ( preg_match( '/^\{([A-Za-z0-9_]+)\}$/', $value, $m ) ) {
		if ( ! isset( $refs[ $m[1] ] ) ) {
			throw new RuntimeException( "unknown ref {$m[1]}" );
		}
		return (int) $refs[ $m[1] ];
	}
	return preg_replace_callback(
		'/\{([A-Za-z0-9_]+)\}/',
		static function ( $m ) use ( $refs ) {
			if ( ! isset( $refs[ $m[1] ] ) ) {
				throw new RuntimeException( "unknown ref {$m[1]}" );
			}
			return (string) $refs[ $m[1] ];
		},
		$value
	);
}

$results = array();
foreach ( (array) $batch['ops'] as $index => $op ) {
	try {
		$route = faults_resolve( (string) $op['route'], $refs );
		$body  = faults_resolve( $op['body'] ?? null, $refs );
	} catch ( RuntimeException $e ) {
		fwrite( STDERR, "shop-batch: op $index ({$op['method']} {$op['route']}): " . $e->getMessage() . "\n" );
		exit( 1 );
	}
	$query = array();
	if ( false !== strpos( $route, '?' ) ) {
		list( $route, $query_string ) = explode( '?', $route, 2 );
		parse_str( $query_string, $query );
	}
	$request = new WP_REST_Request( $op['method'], $route );
	$request->set_query_params( $query );
	if ( null !== $body ) {
		$request->set_header( 'content-type', 'application/json' );
		$request->set_body( wp_json_encode( $body ) );
	}
	$response = rest_do_request( $request );
	$data     = rest_get_server()->response_to_data( $response, false );
	if ( $response->is_error() || $response->get_status() >= 300 ) {
		fwrite( STDERR, "shop-batch: op $index ({$op['method']} $route) answered HTTP " . $response->get_status() . ': ' . wp_json_encode( $data ) . "\n" );
		exit( 1 );
	}
	if ( ! empty( $op['ref'] ) ) {
		$refs[ $op['ref'] ] = (int) $data['id'];
	}
	$results[] = array(
		'id'     => isset( $data['id'] ) ? (int) $data['id'] : null,
		'number' => isset( $data['number'] ) ? (string) $data['number'] : null,
	);
}
echo wp_json_encode( array( 'refs' => $refs, 'results' => $results ) );
