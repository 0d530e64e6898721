<?php
/**
 * Router for `php -S`: a canned Megaventory for the relay's real-HTTP tests (RelayHttpTest).
 *
 * POST /json/reply/ProductGet      200, echoes the request body it received, byte for byte
 * POST /json/reply/ProductUpdate   500, an HTML page
 * POST /json/reply/SalesOrderGet   302 to /elsewhere (the relay must not follow it)
 * POST /json/reply/DocumentGet     200, a body with odd spacing and number spellings
 * anything else                    404
 */
$mvsync_path = (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH );
$mvsync_body = (string) file_get_contents( 'php://input' );
file_put_contents( sys_get_temp_dir() . '/mvsync-fake-mv-last-request.json', $mvsync_body );
switch ( $mvsync_path ) {
	case '/json/reply/ProductGet':
		header( 'Content-Type: application/json; charset=utf-8' );
		echo $mvsync_body;
		break;
	case '/json/reply/ProductUpdate':
		http_response_code( 500 );
		header( 'Content-Type: text/html' );
		echo '<html><body>Internal failure</body></html>';
		break;
	case '/json/reply/SalesOrderGet':
		header( 'Location: /elsewhere', true, 302 );
		break;
	case '/json/reply/DocumentGet':
		header( 'Content-Type: application/json; charset=utf-8' );
		echo "{ \"mvDocuments\" : [ ], \"Price\": 1.50, \"Exp\": 1e3, \"Empty\": {},\n \"ResponseStatus\": {\"ErrorCode\": \"0\"} }";
		break;
	default:
		http_response_code( 404 );
		echo 'not found';
}
