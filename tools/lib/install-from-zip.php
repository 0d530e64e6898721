<?php
/**
 * Installs a local site and Megaventory Sync from its zip, as an administrator would:
 * WordPress's tables, then (in a fresh process, as on a normal request) activates WooCommerce,
 * unpacks the zip with WordPress's own Plugin_Upgrader (what Plugins → Add New → Upload runs),
 * activates the plugin, and creates a shop manager.
 *
 * Usage: php install-from-zip.php SITE_DIR SITE_URL PLUGIN_ZIP WC_PLUGIN_FILE
 * Prints one JSON line: {"installed": "megaventory-sync/megaventory-sync.php", "wc": "...", "wp": "6.1.9"}.
 */

if ( count( $argv ) < 5 ) {
	fwrite( STDERR, "usage: php install-from-zip.php SITE_DIR SITE_URL PLUGIN_ZIP WC_PLUGIN_FILE\n" );
	exit( 2 );
}
list( , $site_dir, $site_url, $plugin_zip, $wc_plugin ) = $argv;
$phase = $argv[5] ?? '--install';

$url_parts                 = parse_url( $site_url );
$_SERVER['HTTP_HOST']      = $url_parts['host'] . ( isset( $url_parts['port'] ) ? ':' . $url_parts['port'] : '' );
$_SERVER['SERVER_NAME']    = $url_parts['host'];
$_SERVER['REQUEST_URI']    = '/';
$_SERVER['SERVER_PORT']    = (string) ( $url_parts['port'] ?? 80 );
$_SERVER['REQUEST_METHOD'] = 'GET';

function mvsync_install_fail( $what ) {
	fwrite( STDERR, "install-from-zip: $what\n" );
	exit( 1 );
}

if ( '--install' === $phase ) {
	define( 'WP_INSTALLING', true );
	require $site_dir . '/wp-load.php';
	require_once ABSPATH . 'wp-admin/includes/upgrade.php';
	if ( ! is_blog_installed() ) {
		$result = wp_install( 'Megaventory Sync demo shop', 'admin', 'admin@example.test', false, '', 'admin-password' );
		if ( is_wp_error( $result ) ) {
			mvsync_install_fail( $result->get_error_message() );
		}
	}
	passthru( implode( ' ', array_map( 'escapeshellarg', array( PHP_BINARY, __FILE__, $site_dir, $site_url, $plugin_zip, $wc_plugin, '--activate' ) ) ), $status );
	exit( $status );
}

require $site_dir . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';
require_once ABSPATH . 'wp-admin/includes/class-wp-upgrader.php';
wp_set_current_user( 1 );

$activated = activate_plugin( $wc_plugin );
if ( is_wp_error( $activated ) ) {
	mvsync_install_fail( "cannot activate $wc_plugin: " . $activated->get_error_message() );
}

// Plugin_Upgrader deletes the package it unpacked: give it a copy.
$package = wp_tempnam( 'megaventory-sync.zip' );
if ( ! copy( $plugin_zip, $package ) ) {
	mvsync_install_fail( "cannot read $plugin_zip" );
}
$skin     = new Automatic_Upgrader_Skin();
$upgrader = new Plugin_Upgrader( $skin );
$result   = $upgrader->install( $package );
if ( true !== $result ) {
	$why = is_wp_error( $result ) ? $result->get_error_message() : implode( '; ', array_map( 'wp_strip_all_tags', (array) $skin->get_upgrade_messages() ) );
	mvsync_install_fail( "WordPress refused the zip: $why" );
}
$plugin_file = $upgrader->plugin_info();
if ( 'megaventory-sync/megaventory-sync.php' !== $plugin_file ) {
	mvsync_install_fail( 'the zip installed ' . var_export( $plugin_file, true ) . ' instead of megaventory-sync/megaventory-sync.php' );
}
$activated = activate_plugin( $plugin_file );
if ( is_wp_error( $activated ) ) {
	mvsync_install_fail( "cannot activate $plugin_file: " . $activated->get_error_message() );
}

if ( ! username_exists( 'shopmanager' ) ) {
	$id = wp_insert_user(
		array(
			'user_login' => 'shopmanager',
			'user_pass'  => 'shopmanager-password',
			'user_email' => 'shopmanager@example.test',
			'role'       => 'shop_manager',
		)
	);
	if ( is_wp_error( $id ) ) {
		mvsync_install_fail( 'cannot create the shop manager: ' . $id->get_error_message() );
	}
}
echo wp_json_encode(
	array(
		'installed' => $plugin_file,
		'wc'        => $wc_plugin,
		'wp'        => get_bloginfo( 'version' ),
	)
) . "\n";
