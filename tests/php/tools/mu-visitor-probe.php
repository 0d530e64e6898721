<?php
/**
 * Test-site-only must-use plugin for SecurityVisitorHttpTest (linked into mu-plugins by the test
 * while it runs). With ?mvsync_visitor_probe=1 it records, for the whole request: outgoing HTTP
 * requests (and blocks them), reads of the plugin's options, SQL touching the plugin's tables,
 * SQL naming the plugin's options, and scripts/styles served from the plugin's folder; it appends them as an HTML comment.
 * With &mvsync_visitor_checkout=PRODUCT_ID it also places an order as the anonymous visitor,
 * through the same CRUD calls a storefront checkout makes (the stand-in has no checkout page).
 *
 * @package MegaventorySyncTests
 */

// phpcs:disable WordPress.Security.NonceVerification.Recommended -- test probe.
if ( isset( $_GET['mvsync_visitor_probe'] ) ) {
	if ( ! defined( 'SAVEQUERIES' ) ) {
		define( 'SAVEQUERIES', true );
	}
	$GLOBALS['mvsync_visitor_probe'] = array(
		'http'          => array(),
		'plugin_http'   => array(),
		'option_reads'  => array(),
		'order_id'      => null,
		'current_user'  => null,
	);
	add_filter(
		'pre_http_request',
		static function ( $preempt, $args, $url ) {
			$GLOBALS['mvsync_visitor_probe']['http'][] = $url;
			// Who asked: WordPress itself (its cron spawn) or code of the plugin.
			foreach ( debug_backtrace( DEBUG_BACKTRACE_IGNORE_ARGS ) as $frame ) { // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_debug_backtrace -- attribution.
				if ( isset( $frame['file'] ) && preg_match( '#/(megaventory-sync|plugin-php)/#', $frame['file'] ) ) {
					$GLOBALS['mvsync_visitor_probe']['plugin_http'][] = $url;
					break;
				}
			}
			return new WP_Error( 'mvsync_probe_blocked', 'blocked by the visitor probe' );
		},
		0,
		3
	);
	foreach ( array( 'mvsync_settings', 'mvsync_api_key', 'mvsync_schema_version' ) as $mvsync_option ) {
		$mvsync_count = static function ( $value ) use ( $mvsync_option ) {
			$reads                                                       = &$GLOBALS['mvsync_visitor_probe']['option_reads'];
			$reads[ $mvsync_option ] = ( $reads[ $mvsync_option ] ?? 0 ) + 1;
			return $value;
		};
		add_filter( 'option_' . $mvsync_option, $mvsync_count );
		add_filter( 'default_option_' . $mvsync_option, $mvsync_count );
	}
	if ( isset( $_GET['mvsync_visitor_checkout'] ) ) {
		add_action(
			'wp_loaded',
			static function () {
				$product = wc_get_product( (int) $_GET['mvsync_visitor_checkout'] );
				$order   = wc_create_order( array( 'status' => 'pending' ) );
				$billing = array(
					'first_name' => 'Visitor',
					'email'      => 'visitor@example.test',
				);
				if ( method_exists( $order, 'add_product' ) ) {
					$order->add_product( $product, 1 );
					$order->set_address( $billing, 'billing' );
					$order->calculate_totals();
				} else {
					// The stand-in keeps lines and addresses as plain properties.
					$order->set_props(
						array(
							'billing'    => $billing,
							'line_items' => array(
								array(
									'product_id'   => $product->get_id(),
									'variation_id' => 0,
									'quantity'     => 1,
								),
							),
						)
					);
				}
				$order->save();
				// Payment taken: the gateway moves the order on, as at the end of a checkout.
				$order->set_status( 'processing' );
				$order->save();
				$GLOBALS['mvsync_visitor_probe']['order_id'] = $order->get_id();
			}
		);
	}
	add_action(
		'shutdown',
		static function () {
			global $wpdb, $wp_scripts, $wp_styles;
			$probe                 = $GLOBALS['mvsync_visitor_probe'];
			$probe['current_user'] = get_current_user_id();
			$probe['queries']      = array();
			foreach ( (array) $wpdb->queries as $query ) {
				// Our tables, or our options by name (a shop's own data may mention "mvsync").
				if ( false !== stripos( $query[0], $wpdb->prefix . 'mvsync_' ) || preg_match( "/option_name\s*(=|IN\s*\()\s*'mvsync_/i", $query[0] ) ) {
					$probe['queries'][] = $query[0];
				}
			}
			$probe['assets'] = array();
			foreach ( array( $wp_scripts, $wp_styles ) as $dependencies ) {
				if ( ! $dependencies instanceof WP_Dependencies ) {
					continue;
				}
				foreach ( array_merge( (array) $dependencies->queue, (array) $dependencies->done ) as $handle ) {
					$src = isset( $dependencies->registered[ $handle ] ) ? (string) $dependencies->registered[ $handle ]->src : '';
					if ( 0 === strpos( $handle, 'mvsync' ) || false !== strpos( $src, 'megaventory-sync' ) ) {
						$probe['assets'][] = $handle . ' ' . $src;
					}
				}
			}
			echo '<!--mvsync-visitor ' . wp_json_encode( $probe ) . '-->';
		},
		PHP_INT_MAX
	);
}
