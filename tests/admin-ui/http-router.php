<?php
/**
 * Router of the admin-UI test site: tests/php's router, except that while the file named by
 * MVSYNC_WRONG_WASM_MIME exists, .wasm files are served as text/plain (as a misconfigured server
 * would) and each such answer is counted in that file.
 */
$mvsync_flag = (string) getenv( 'MVSYNC_WRONG_WASM_MIME' );
$mvsync_wasm = realpath( $_SERVER['DOCUMENT_ROOT'] . (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );
if ( '' !== $mvsync_flag && file_exists( $mvsync_flag ) && false !== $mvsync_wasm && '.wasm' === substr( $mvsync_wasm, -5 ) && is_file( $mvsync_wasm ) ) {
	file_put_contents( $mvsync_flag, "served\n", FILE_APPEND );
	header( 'Content-Type: text/plain' );
	header( 'Cache-Control: no-store' );
	readfile( $mvsync_wasm );
	return true;
}
return require dirname( __DIR__ ) . '/php/tools/http-router.php';
