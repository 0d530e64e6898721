<?php
/**
 * Router for `php -S` serving the test site: static files as they are, PHP files by path,
 * everything else through index.php (REST requests use ?rest_route=).
 */
$mvsync_path = (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH );
$mvsync_file = realpath( $_SERVER['DOCUMENT_ROOT'] . $mvsync_path );
if ( '/' !== $mvsync_path && false !== $mvsync_file && is_file( $mvsync_file ) ) {
	if ( '.php' !== substr( $mvsync_file, -4 ) ) {
		return false;
	}
	chdir( dirname( $mvsync_file ) );
	require $mvsync_file;
	return true;
}
chdir( $_SERVER['DOCUMENT_ROOT'] );
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
