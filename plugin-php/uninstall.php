<?php
/**
 * Removes everything Megaventory Sync created: its tables, options, transients and cron event.
 * It stores no post, user or order meta (links live in its own table), so there is none to remove.
 *
 * @package MegaventorySync
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

require_once __DIR__ . '/src/autoload.php';

\MegaventorySync\Install\Uninstaller::run();
