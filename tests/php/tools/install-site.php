<?php
/**
 * Installs the throw-away test site: WordPress tables, then (in a second process, without
 * WP_INSTALLING) the WooCommerce stand-in, our plugin and one user per role the tests need.
 *
 * Usage: php install-site.php SITE_DIR SITE_URL [--activate]
 */

$site_dir = $argv[1] ?? '';
$site_url = $argv[2] ?? '';
$phase    = $argv[3] ?? '--install';
if ( '' === $site_dir || '' === $site_url ) {
	fwrite( STDERR, "usage: php install-site.php SITE_DIR SITE_URL\n" );
	exit( 2 );
}
$url_parts               = parse_url( $site_url );
$_SERVER['HTTP_HOST']    = $url_parts['host'] . ( isset( $url_parts['port'] ) ? ':' . $url_parts['port'] : '' );
$_SERVER['SERVER_NAME']  = $url_parts['host'];
$_SERVER['REQUEST_URI']  = '/';
$_SERVER['SERVER_PORT']  = (string) ( $url_parts['port'] ?? 80 );
$_SERVER['REQUEST_METHOD'] = 'GET';

if ( '--install' === $phase ) {
	define( 'WP_INSTALLING', true );
	require $site_dir . '/wp-load.php';
	require_once ABSPATH . 'wp-admin/includes/upgrade.php';
	if ( ! is_blog_installed() ) {
		$result = wp_install( 'Megaventory Sync tests', 'admin', 'admin@example.test', false, '', 'admin-password' );
		if ( is_wp_error( $result ) ) {
			fwrite( STDERR, $result->get_error_message() . "\n" );
			exit( 1 );
		}
	}
	// Continue in a fresh process: plugins must activate as on a normal request.
	passthru( escapeshellarg( PHP_BINARY ) . ' ' . escapeshellarg( __FILE__ ) . ' ' . escapeshellarg( $site_dir ) . ' ' . escapeshellarg( $site_url ) . ' --activate', $status );
	exit( $status );
}

require $site_dir . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';

foreach ( array( 'woocommerce-standin/woocommerce-standin.php', 'megaventory-sync/megaventory-sync.php' ) as $plugin ) {
	$result = activate_plugin( $plugin );
	if ( is_wp_error( $result ) ) {
		fwrite( STDERR, "cannot activate $plugin: " . $result->get_error_message() . "\n" );
		exit( 1 );
	}
}

$users = array(
	'shopmanager' => 'shop_manager',
	'customer1'   => 'customer',
	'subscriber1' => 'subscriber',
);
foreach ( $users as $login => $role ) {
	if ( ! username_exists( $login ) ) {
		$id = wp_insert_user(
			array(
				'user_login' => $login,
				'user_pass'  => $login . '-password',
				'user_email' => $login . '@example.test',
				'role'       => $role,
			)
		);
		if ( is_wp_error( $id ) ) {
			fwrite( STDERR, "cannot create $login: " . $id->get_error_message() . "\n" );
			exit( 1 );
		}
	}
}
echo "site ready\n";
