<?php
/**
 * Runs WordPress's own uninstall flow for our plugin in a separate process, as the Plugins
 * screen does (uninstall_plugin() includes uninstall.php with WP_UNINSTALL_PLUGIN defined).
 *
 * Usage: php uninstall-plugin.php WP_LOAD_PATH
 */

$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require $argv[1];
require_once ABSPATH . 'wp-admin/includes/plugin.php';
deactivate_plugins( 'megaventory-sync/megaventory-sync.php', true );
uninstall_plugin( 'megaventory-sync/megaventory-sync.php' );
echo "uninstalled\n";
