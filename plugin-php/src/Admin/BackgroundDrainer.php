<?php
/**
 * Background processing from the browser: on every wp-admin page of a user who may manage
 * WooCommerce, a small script (assets/drainer.js, built by admin-ui/) takes a Web Lock so that
 * one tab per browser runs the engine's continuous loop in a Web Worker.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Admin;

use MegaventorySync\Plugin;

defined( 'ABSPATH' ) || exit;

/**
 * Enqueues the drainer.
 */
final class BackgroundDrainer {
	const HANDLE = 'mvsync-drainer';
	const SCRIPT = 'assets/drainer.js';

	/**
	 * Hooks (admin requests only).
	 */
	public static function register() {
		add_action( 'admin_enqueue_scripts', array( self::class, 'enqueue' ) );
	}

	/**
	 * Loads the drainer for users with manage_woocommerce once a key is stored; it gets the REST
	 * root and a nonce, never the API key.
	 */
	public static function enqueue() {
		if ( ! current_user_can( AdminPage::CAPABILITY ) || ! Plugin::settings()->has_api_key() ) {
			return;
		}
		if ( ! file_exists( plugin_dir_path( MVSYNC_PLUGIN_FILE ) . self::SCRIPT ) ) {
			return;
		}
		wp_enqueue_script( self::HANDLE, plugins_url( self::SCRIPT, MVSYNC_PLUGIN_FILE ), array(), MVSYNC_VERSION, true );
		wp_add_inline_script( self::HANDLE, 'window.mvsyncDrainerConfig = ' . wp_json_encode( AdminPage::client_config() ) . ';', 'before' );
	}
}
