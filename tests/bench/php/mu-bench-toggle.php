<?php
/**
 * Bench-only must-use plugin (linked into the throw-away bench site, copied into the test rig
 * for the duration of a run and removed after it). Does nothing unless the request carries
 * X-Mvsync-Bench:
 *
 *   X-Mvsync-Bench: inactive   Megaventory Sync is left out of the active plugins for this request.
 *   X-Mvsync-Bench: active     the site as configured.
 *   X-Mvsync-Bench-Queries: 1  also records every query (SAVEQUERIES) and names the ones of ours
 *                              ("all": and lists every query with its caller).
 *
 * At shutdown it appends an HTML comment: the server time of the request (from PHP's request
 * start), the number of queries, and — with queries recorded — those touching our tables or
 * options or sent from our code.
 *
 * @package MegaventorySyncTests
 */

// phpcs:disable WordPress.Security.ValidatedSanitizedInput -- bench-only switch; values are compared, never output.
$mvsync_bench_mode = isset( $_SERVER['HTTP_X_MVSYNC_BENCH'] ) ? (string) $_SERVER['HTTP_X_MVSYNC_BENCH'] : '';
if ( '' !== $mvsync_bench_mode ) {
	if ( ! empty( $_SERVER['HTTP_X_MVSYNC_BENCH_QUERIES'] ) && ! defined( 'SAVEQUERIES' ) ) {
		define( 'SAVEQUERIES', true );
	}
	if ( 'inactive' === $mvsync_bench_mode ) {
		add_filter(
			'option_active_plugins',
			static function ( $plugins ) {
				return array_values(
					array_filter(
						(array) $plugins,
						static function ( $plugin ) {
							return 'megaventory-sync.php' !== basename( (string) $plugin );
						}
					)
				);
			}
		);
	}
	// Time spent in our code: loading the plugin's files (muplugins_loaded → plugins_loaded, of
	// which the inactive side's figure is the other plugins' share) and inside every callback it
	// registers, wrapped in a timer as soon as it is registered (checked at each early hook).
	$GLOBALS['mvsync_bench_ours_ns'] = 0;
	add_action(
		'muplugins_loaded',
		static function () {
			$GLOBALS['mvsync_bench_loading'] = hrtime( true );
		},
		PHP_INT_MAX
	);
	$mvsync_bench_wrap = static function () {
		global $wp_filter;
		static $wrapped = array();
		foreach ( $wp_filter as $hook => $wp_hook ) {
			foreach ( $wp_hook->callbacks as $priority => $callbacks ) {
				foreach ( $callbacks as $key => $entry ) {
					$callback = $entry['function'];
					$class    = '';
					if ( is_array( $callback ) && isset( $callback[0] ) ) {
						$class = is_object( $callback[0] ) ? get_class( $callback[0] ) : (string) $callback[0];
					} elseif ( is_string( $callback ) ) {
						$class = $callback;
					}
					if ( 0 !== strpos( $class, 'MegaventorySync\\' ) || isset( $wrapped[ $hook . '|' . $priority . '|' . $key ] ) ) {
						continue;
					}
					remove_filter( $hook, $callback, $priority );
					$timed = static function ( ...$params ) use ( $callback ) {
						$start                            = hrtime( true );
						$result                           = call_user_func_array( $callback, $params );
						$GLOBALS['mvsync_bench_ours_ns'] += hrtime( true ) - $start;
						return $result;
					};
					add_filter( $hook, $timed, $priority, $entry['accepted_args'] );
					$wrapped[ $hook . '|' . $priority . '|' . _wp_filter_build_unique_id( $hook, $timed, $priority ) ] = true;
				}
			}
		}
	};
	add_action(
		'plugins_loaded',
		static function () use ( $mvsync_bench_wrap ) {
			$GLOBALS['mvsync_bench_loading'] = hrtime( true ) - $GLOBALS['mvsync_bench_loading'];
			$mvsync_bench_wrap();
		},
		PHP_INT_MIN
	);
	foreach ( array( 'plugins_loaded', 'after_setup_theme', 'init', 'wp_loaded', 'wp' ) as $mvsync_bench_hook ) {
		add_action( $mvsync_bench_hook, $mvsync_bench_wrap, PHP_INT_MAX );
	}
	add_action( 'init', $mvsync_bench_wrap, PHP_INT_MIN );
	add_action(
		'shutdown',
		static function () {
			global $wpdb;
			$ours = array();
			foreach ( (array) $wpdb->queries as $query ) {
				// Our tables, our options and transients, or a query sent from our code.
				if ( false !== stripos( $query[0], $wpdb->prefix . 'mvsync_' ) || preg_match( "/'(_transient_(timeout_)?)?mvsync_/i", $query[0] ) || false !== strpos( (string) $query[2], 'MegaventorySync' ) ) {
					$ours[] = $query[0];
				}
			}
			$elapsed = ( microtime( true ) - (float) $_SERVER['REQUEST_TIME_FLOAT'] ) * 1000;
			echo '<!--mvsync-bench ' . wp_json_encode(
				array(
					'server_ms' => round( $elapsed, 3 ),
					'loading_ms' => round( $GLOBALS['mvsync_bench_loading'] / 1e6, 3 ),
					'ours_ms'    => round( $GLOBALS['mvsync_bench_ours_ns'] / 1e6, 3 ),
					'queries'   => (int) $wpdb->num_queries,
					'ours'      => $ours,
					'active'    => class_exists( '\MegaventorySync\Plugin', false ),
					// X-Mvsync-Bench-Queries: all lists every query with its caller, for a diff.
					'all'       => isset( $_SERVER['HTTP_X_MVSYNC_BENCH_QUERIES'] ) && 'all' === $_SERVER['HTTP_X_MVSYNC_BENCH_QUERIES'] ? array_map(
						static function ( $query ) {
							return array( $query[0], $query[2] );
						},
						(array) $wpdb->queries
					) : null,
				)
			) . '-->';
		},
		PHP_INT_MAX
	);
}
