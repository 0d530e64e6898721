<?php
/**
 * Minimal HTTP client for the real-HTTP tests against the php -S test server.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

/**
 * curl wrapper.
 */
final class HttpClient {
	/**
	 * Sends a request to a REST route (?rest_route= form, no permalinks needed).
	 *
	 * @param string            $method  Method.
	 * @param string            $route   REST route.
	 * @param array             $query   Query parameters.
	 * @param array|string|null $body    JSON body (array) or raw string.
	 * @param array             $headers Header lines.
	 * @return array{status:int, headers:array, body:string, json:mixed}
	 */
	public static function rest( $method, $route, array $query = array(), $body = null, array $headers = array() ) {
		$url = rtrim( (string) getenv( 'MVSYNC_HTTP_BASE' ), '/' ) . '/?' . http_build_query( array_merge( array( 'rest_route' => $route ), $query ) );
		return self::request( $method, $url, $body, $headers );
	}

	/**
	 * Sends a request.
	 *
	 * @param string            $method  Method.
	 * @param string            $url     URL.
	 * @param array|string|null $body    Body.
	 * @param array             $headers Header lines.
	 * @return array{status:int, headers:array, body:string, json:mixed}
	 */
	public static function request( $method, $url, $body = null, array $headers = array() ) {
		$ch = curl_init( $url );
		curl_setopt( $ch, CURLOPT_CUSTOMREQUEST, $method );
		curl_setopt( $ch, CURLOPT_RETURNTRANSFER, true );
		curl_setopt( $ch, CURLOPT_TIMEOUT, 30 );
		if ( null !== $body ) {
			$headers[] = 'Content-Type: application/json';
			curl_setopt( $ch, CURLOPT_POSTFIELDS, is_string( $body ) ? $body : wp_json_encode( $body ) );
		}
		curl_setopt( $ch, CURLOPT_HTTPHEADER, $headers );
		$received = array();
		curl_setopt(
			$ch,
			CURLOPT_HEADERFUNCTION,
			static function ( $handle, $line ) use ( &$received ) {
				$parts = explode( ':', $line, 2 );
				if ( 2 === count( $parts ) ) {
					$received[ strtolower( trim( $parts[0] ) ) ] = trim( $parts[1] );
				}
				return strlen( $line );
			}
		);
		$response = (string) curl_exec( $ch );
		$status   = (int) curl_getinfo( $ch, CURLINFO_RESPONSE_CODE );
		curl_close( $ch );
		return array(
			'status'  => $status,
			'headers' => $received,
			'body'    => $response,
			'json'   => json_decode( $response, true ),
		);
	}
}
