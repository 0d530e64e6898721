<?php
/**
 * Router for `php -S` used by the security tests: records every request it receives (one JSON line
 * per request: method, URI, headers, body) to $MVSYNC_RECORD_FILE, then
 *   - with $MVSYNC_REDIRECT_TO set: answers /s{code}/… with HTTP {code} and
 *     Location: {MVSYNC_REDIRECT_TO}{the same path} (a "Megaventory" that sends the caller elsewhere);
 *   - otherwise: answers 200 with a small Megaventory-like JSON body (the "elsewhere", which must
 *     never be reached).
 *
 * @package MegaventorySyncTests
 */

$mvsync_uri  = (string) $_SERVER['REQUEST_URI'];
$mvsync_body = (string) file_get_contents( 'php://input' );
$mvsync_file = (string) getenv( 'MVSYNC_RECORD_FILE' );
if ( '' !== $mvsync_file ) {
	$mvsync_headers = function_exists( 'getallheaders' ) ? getallheaders() : array();
	file_put_contents(
		$mvsync_file,
		json_encode(
			array(
				'method'  => $_SERVER['REQUEST_METHOD'],
				'uri'     => $mvsync_uri,
				'headers' => $mvsync_headers,
				'body'    => $mvsync_body,
			)
		) . "\n",
		FILE_APPEND | LOCK_EX
	);
}
$mvsync_target = (string) getenv( 'MVSYNC_REDIRECT_TO' );
if ( '' !== $mvsync_target && preg_match( '#^/s(30[12378])(/.*)?$#', (string) parse_url( $mvsync_uri, PHP_URL_PATH ), $mvsync_match ) ) {
	header( 'Location: ' . rtrim( $mvsync_target, '/' ) . ( $mvsync_match[2] ?? '/' ), true, (int) $mvsync_match[1] );
	header( 'Content-Type: application/json; charset=utf-8' );
	echo '{"ResponseStatus":{"ErrorCode":"Moved"}}';
	return true;
}
header( 'Content-Type: application/json; charset=utf-8' );
echo '{"mvProducts":[],"ResponseStatus":{"ErrorCode":"0"}}';
return true;
