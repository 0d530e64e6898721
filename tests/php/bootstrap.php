<?php
/**
 * PHPUnit bootstrap: loads a real WordPress (the temporary site made by run.sh, or the wc-rig's
 * site when MVSYNC_WP_LOAD points at its wp-load.php). wordpress-develop's framework is not
 * packaged by Debian, so this is our own, much smaller, equivalent.
 */

// PHPUnit includes this file inside a method: WordPress's file-scope globals must be declared.
// phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited -- test bootstrap, not plugin code.
global $wpdb, $table_prefix, $wp_version, $wp_db_version, $tinymce_version, $required_php_version,
	$required_mysql_version, $wp_local_package, $wp_filter, $wp_actions, $wp_current_filter,
	$wp_object_cache, $wp_rewrite, $wp, $wp_query, $wp_the_query, $wp_roles, $wp_locale,
	$wp_embed, $wp_widget_factory, $wp_plugin_paths, $wp_textdomain_registry, $wp_rest_server,
	$shortcode_tags, $current_site, $current_blog, $blog_id, $pagenow, $wp_theme_directories,
	$phpmailer, $wp_scripts, $wp_styles, $current_user, $wp_post_types, $wp_taxonomies,
	$wp_meta_keys, $wp_registered_settings, $allowedposttags, $allowedtags, $wp_did_header;

$mvsync_wp_load = getenv( 'MVSYNC_WP_LOAD' );
if ( ! $mvsync_wp_load ) {
	$mvsync_site = getenv( 'MVSYNC_WP_DIR' );
	if ( ! $mvsync_site ) {
		fwrite( STDERR, "Run the suite through tests/php/run.sh (MVSYNC_WP_DIR or MVSYNC_WP_LOAD is unset).\n" );
		exit( 2 );
	}
	$mvsync_wp_load = $mvsync_site . '/wp-load.php';
}
define( 'MVSYNC_TESTS_ON_RIG', (bool) getenv( 'MVSYNC_WP_LOAD' ) );

$_SERVER['HTTP_HOST']      = $_SERVER['HTTP_HOST'] ?? '127.0.0.1';
$_SERVER['SERVER_NAME']    = $_SERVER['SERVER_NAME'] ?? '127.0.0.1';
$_SERVER['REQUEST_URI']    = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['SERVER_PORT']    = '80';

require_once $mvsync_wp_load;
require_once ABSPATH . 'wp-admin/includes/admin.php';
require_once __DIR__ . '/lib/TestCase.php';
require_once __DIR__ . '/lib/RouteCatalog.php';
require_once __DIR__ . '/lib/HttpClient.php';
require_once __DIR__ . '/lib/ShapeCompare.php';
