<?php
/**
 * Plugin Name:          Megaventory Sync
 * Description:          Keeps WooCommerce and Megaventory in sync. Changes are queued in a durable outbox and synchronised by a background worker, never inside a storefront request.
 * Version:              0.1.0
 * Requires at least:    6.1
 * Requires PHP:         7.4
 * Requires Plugins:     woocommerce
 * WC requires at least: 8.0
 * WC tested up to:      8.9
 * Author:               Megaventory Sync contributors
 * License:              GPL-2.0-or-later
 * License URI:          https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:          megaventory-sync
 *
 * @package MegaventorySync
 */

defined( 'ABSPATH' ) || exit;

define( 'MVSYNC_VERSION', '0.1.0' );
define( 'MVSYNC_PLUGIN_FILE', __FILE__ );
define( 'MVSYNC_MIN_WC_VERSION', '8.0' );

require_once __DIR__ . '/src/autoload.php';

register_activation_hook( __FILE__, array( \MegaventorySync\Install\Installer::class, 'activate' ) );
register_deactivation_hook( __FILE__, array( \MegaventorySync\Install\Installer::class, 'deactivate' ) );

\MegaventorySync\Plugin::boot();
