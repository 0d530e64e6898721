<?php
/**
 * Shared by the Security*Test classes: one user per role (the six of the permission matrix),
 * real login sessions and nonces for them, application passwords, fingerprints of everything the
 * plugin stores (to prove a refused call changed nothing), and small local HTTP servers.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

use MegaventorySync\Install\Schema;

/**
 * Security test helpers.
 */
final class SecurityKit {
	/**
	 * Roles of the matrix and the test login of each (the editor is created on first use).
	 *
	 * @return array<string,string> role → login.
	 */
	public static function logins() {
		return array(
			'subscriber'    => 'subscriber1',
			'customer'      => 'customer1',
			'editor'        => 'editor1',
			'shop_manager'  => 'shopmanager',
			'administrator' => 'admin',
		);
	}

	/**
	 * The user of a role, created when the site has none yet.
	 *
	 * @param string $role Role.
	 * @return \WP_User
	 */
	public static function user( $role ) {
		$login = self::logins()[ $role ];
		$user  = get_user_by( 'login', $login );
		if ( ! $user ) {
			$id = wp_insert_user(
				array(
					'user_login' => $login,
					'user_pass'  => $login . '-password',
					'user_email' => $login . '@example.test',
					'role'       => $role,
				)
			);
			if ( is_wp_error( $id ) ) {
				throw new \RuntimeException( "cannot create the $role test user: " . $id->get_error_message() );
			}
			$user = get_user_by( 'id', $id );
		}
		return $user;
	}

	/**
	 * A fresh login session of a user: the cookies a browser would hold after logging in, and
	 * nonces made in that session for the given actions.
	 *
	 * @param \WP_User $user    User.
	 * @param string[] $actions Nonce actions.
	 * @return array{rest_cookie:string, admin_cookie:string, nonces:array<string,string>}
	 */
	public static function session( \WP_User $user, array $actions ) {
		$expiration = time() + HOUR_IN_SECONDS;
		$token      = \WP_Session_Tokens::get_instance( $user->ID )->create( $expiration );
		$auth       = wp_generate_auth_cookie( $user->ID, $expiration, 'auth', $token );
		$logged_in  = wp_generate_auth_cookie( $user->ID, $expiration, 'logged_in', $token );
		// wp_create_nonce() ties the nonce to the session token read from the logged-in cookie.
		$_COOKIE[ LOGGED_IN_COOKIE ] = $logged_in;
		wp_set_current_user( $user->ID );
		$nonces = array();
		foreach ( $actions as $action ) {
			$nonces[ $action ] = wp_create_nonce( $action );
		}
		unset( $_COOKIE[ LOGGED_IN_COOKIE ] );
		wp_set_current_user( 0 );
		return array(
			'rest_cookie'  => 'Cookie: ' . LOGGED_IN_COOKIE . '=' . rawurlencode( $logged_in ),
			'admin_cookie' => 'Cookie: ' . AUTH_COOKIE . '=' . rawurlencode( $auth ) . '; ' . LOGGED_IN_COOKIE . '=' . rawurlencode( $logged_in ),
			'nonces'       => $nonces,
		);
	}

	/**
	 * Basic-auth header with a new application password of the user.
	 *
	 * @param \WP_User $user User.
	 * @return string
	 */
	public static function application_password_header( \WP_User $user ) {
		list( $password ) = \WP_Application_Passwords::create_new_application_password( $user->ID, array( 'name' => 'mvsync-security-' . wp_generate_password( 8, false ) ) );
		return 'Authorization: Basic ' . base64_encode( $user->user_login . ':' . $password ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- HTTP basic auth.
	}

	/**
	 * A fingerprint of everything the plugin stores: each of its tables (every row, every column)
	 * and its options and transients. Equal fingerprints = nothing changed.
	 *
	 * @return array<string,string> what → checksum.
	 */
	public static function fingerprint() {
		global $wpdb;
		$wpdb->flush();
		$prints = array();
		foreach ( Schema::table_keys() as $key ) {
			$table = Schema::table( $key );
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery -- our own table names.
			$rows            = $wpdb->get_results( "SELECT * FROM {$table} ORDER BY 1", ARRAY_N );
			$prints[ $key ] = md5( (string) wp_json_encode( $rows ) );
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- reading the options table as it is, not through the cache.
		$options            = $wpdb->get_results( "SELECT option_name, option_value FROM {$wpdb->options} WHERE option_name LIKE '%mvsync%' ORDER BY option_name", ARRAY_N );
		$prints['options'] = md5( (string) wp_json_encode( $options ) );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- as stored, not through the cache.
		$meta                 = $wpdb->get_results( "SELECT user_id, meta_key, meta_value FROM {$wpdb->usermeta} WHERE meta_key LIKE 'mvsync%' ORDER BY umeta_id", ARRAY_N );
		$prints['user_meta'] = md5( (string) wp_json_encode( $meta ) );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- as stored, not through the cache.
		$post_meta            = $wpdb->get_results( "SELECT post_id, meta_key, meta_value FROM {$wpdb->postmeta} WHERE meta_key LIKE '_mvsync%' ORDER BY meta_id", ARRAY_N );
		$prints['post_meta'] = md5( (string) wp_json_encode( $post_meta ) );
		return $prints;
	}

	/**
	 * Starts `php -S` on a free loopback port with a router script; returns [process, base URL].
	 *
	 * @param string $router Router script.
	 * @param array  $env    Extra environment for the router.
	 * @return array{0:resource, 1:string}
	 */
	public static function start_server( $router, array $env = array() ) {
		$probe = stream_socket_server( 'tcp://127.0.0.1:0' );
		$port  = (int) substr( strrchr( stream_socket_get_name( $probe, false ), ':' ), 1 );
		fclose( $probe );
		$process = proc_open(
			array( PHP_BINARY, '-S', '127.0.0.1:' . $port, $router ),
			array(
				0 => array( 'pipe', 'r' ),
				1 => array( 'file', '/dev/null', 'w' ),
				2 => array( 'file', '/dev/null', 'w' ),
			),
			$pipes,
			null,
			array_merge( getenv(), $env )
		);
		for ( $i = 0; $i < 50; $i++ ) {
			$socket = @fsockopen( '127.0.0.1', $port, $errno, $errstr, 0.1 ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- polling until the server listens.
			if ( $socket ) {
				fclose( $socket );
				break;
			}
			usleep( 100000 );
		}
		return array( $process, 'http://127.0.0.1:' . $port );
	}

	/**
	 * Stops a server this suite started (by its handle only).
	 *
	 * @param resource|null $process Process.
	 */
	public static function stop_server( $process ) {
		if ( is_resource( $process ) ) {
			proc_terminate( $process );
			proc_close( $process );
		}
	}

	/**
	 * Sends requests four at a time (the test server runs four workers); answers in order.
	 *
	 * @param array $requests Each [method, url, body (string|null), header lines].
	 * @return array[] Each {status:int, body:string}.
	 */
	public static function parallel( array $requests ) {
		$answers = array();
		foreach ( array_chunk( $requests, 4, true ) as $chunk ) {
			$multi   = curl_multi_init();
			$handles = array();
			foreach ( $chunk as $index => list( $method, $url, $body, $headers ) ) {
				$handle = curl_init( $url );
				curl_setopt( $handle, CURLOPT_CUSTOMREQUEST, $method );
				curl_setopt( $handle, CURLOPT_RETURNTRANSFER, true );
				curl_setopt( $handle, CURLOPT_TIMEOUT, 30 );
				if ( 'HEAD' === $method ) {
					curl_setopt( $handle, CURLOPT_NOBODY, true );
				}
				if ( null !== $body ) {
					$headers[] = 'Content-Type: application/json';
					curl_setopt( $handle, CURLOPT_POSTFIELDS, $body );
				}
				curl_setopt( $handle, CURLOPT_HTTPHEADER, $headers );
				curl_multi_add_handle( $multi, $handle );
				$handles[ $index ] = $handle;
			}
			do {
				$status = curl_multi_exec( $multi, $running );
				if ( $running ) {
					curl_multi_select( $multi, 1.0 );
				}
			} while ( $running && CURLM_OK === $status );
			foreach ( $handles as $index => $handle ) {
				$answers[ $index ] = array(
					'status' => (int) curl_getinfo( $handle, CURLINFO_RESPONSE_CODE ),
					'body'   => (string) curl_multi_getcontent( $handle ),
				);
				curl_multi_remove_handle( $multi, $handle );
				curl_close( $handle );
			}
			curl_multi_close( $multi );
		}
		return $answers;
	}
}
