<?php
/**
 * WooCommerce overhead benchmark, save part: the time Megaventory Sync adds to a product save, a
 * variation save and a checkout order, plugin active vs inactive in the same run. Prints one JSON
 * line; asserts nothing. Used by tests/bench/wc-overhead.sh:
 *
 *   php tests/bench/php/wc-overhead.php /path/to/wp-load.php N [MAX_SECONDS]          (stand-in test site)
 *   /work/shared/wc-rig/wc-php.sh -f tests/bench/php/wc-overhead.php N [MAX_SECONDS]  (real WooCommerce)
 *
 * Each case stops after N rounds or MAX_SECONDS (default 300), whichever comes first; the JSON
 * says how many rounds ran.
 *
 * "Inactive" detaches every callback the plugin registered (any hook, any priority), which is
 * what a deactivated plugin leaves on a save; "active" puts them back, each inside a timer, so
 * the run also gives the time spent in our own code. Rounds alternate active and inactive (in
 * alternating order) so drift of the shared machine hits both sides alike. Before each active
 * save the bench marks our rows done, as a worker would have, so each save writes a new row.
 *
 * @package MegaventorySyncTests
 */

if ( ! defined( 'ABSPATH' ) ) {
	$_SERVER['HTTP_HOST']   = '127.0.0.1';
	$_SERVER['REQUEST_URI'] = '/';
	require $argv[1];
	$mvsync_bench_args = array_slice( $argv, 2 );
} else {
	// wc-php.sh -f passes only the arguments.
	$mvsync_bench_args = $argv;
}
$mvsync_n           = isset( $mvsync_bench_args[0] ) ? max( 10, (int) $mvsync_bench_args[0] ) : 1000;
$mvsync_max_seconds = isset( $mvsync_bench_args[1] ) ? (float) $mvsync_bench_args[1] : 300.0;

use MegaventorySync\Install\Schema;

// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching, WordPress.WP.AlternativeFunctions.json_encode_json_encode -- a benchmark on a throw-away site or the test rig.

/**
 * Percentile (nearest rank).
 *
 * @param float[] $values   Values.
 * @param float   $fraction 0.5, 0.95.
 * @return float
 */
function mvsync_overhead_percentile( array $values, $fraction ) {
	sort( $values );
	return $values ? $values[ (int) floor( $fraction * ( count( $values ) - 1 ) ) ] : 0.0;
}

/**
 * Whether a registered callback belongs to the plugin.
 *
 * @param mixed  $callback   Callback.
 * @param string $plugin_dir Plugin folder (real path).
 * @return bool
 */
function mvsync_overhead_is_ours( $callback, $plugin_dir ) {
	if ( is_array( $callback ) && isset( $callback[0] ) ) {
		$class = is_object( $callback[0] ) ? get_class( $callback[0] ) : (string) $callback[0];
		return 0 === strpos( $class, 'MegaventorySync\\' );
	}
	if ( is_string( $callback ) && false !== strpos( $callback, '::' ) ) {
		return 0 === strpos( $callback, 'MegaventorySync\\' );
	}
	if ( $callback instanceof Closure ) {
		$file = ( new ReflectionFunction( $callback ) )->getFileName();
		return is_string( $file ) && 0 === strpos( (string) realpath( $file ), $plugin_dir );
	}
	return false;
}

// Every callback of ours: hook, priority, callback, accepted args.
global $wp_filter, $wpdb, $mvsync_overhead_spent;
$mvsync_plugin_dir = (string) realpath( dirname( ( new ReflectionClass( \MegaventorySync\Plugin::class ) )->getFileName(), 2 ) );
$mvsync_ours       = array();
foreach ( $wp_filter as $hook => $wp_hook ) {
	foreach ( $wp_hook->callbacks as $priority => $callbacks ) {
		foreach ( $callbacks as $entry ) {
			if ( mvsync_overhead_is_ours( $entry['function'], $mvsync_plugin_dir ) ) {
				$mvsync_ours[] = array( $hook, $priority, $entry['function'], $entry['accepted_args'] );
			}
		}
	}
}
foreach ( $mvsync_ours as list( $hook, $priority, $callback ) ) {
	remove_filter( $hook, $callback, $priority );
}
// The timed stand-ins, built once so they can be removed again.
$mvsync_overhead_spent = 0;
$mvsync_timed          = array();
foreach ( $mvsync_ours as list( $hook, $priority, $callback, $accepted ) ) {
	$mvsync_timed[] = array(
		$hook,
		$priority,
		static function ( ...$params ) use ( $callback ) {
			global $mvsync_overhead_spent;
			$start                  = hrtime( true );
			$result                 = $callback( ...$params );
			$mvsync_overhead_spent += hrtime( true ) - $start;
			return $result;
		},
		$accepted,
	);
}

/**
 * Attaches (true) or detaches (false) the plugin's callbacks.
 *
 * @param bool $active Whether the plugin acts.
 */
function mvsync_overhead_set_active( $active ) {
	global $mvsync_timed;
	foreach ( $mvsync_timed as list( $hook, $priority, $wrapper, $accepted ) ) {
		if ( $active ) {
			add_filter( $hook, $wrapper, $priority, $accepted );
		} else {
			remove_filter( $hook, $wrapper, $priority );
		}
	}
}

$mvsync_outbox    = Schema::table( 'outbox' );
$mvsync_first_row = (int) $wpdb->get_var( "SELECT COALESCE(MAX(id), 0) FROM {$mvsync_outbox}" );

/**
 * Marks the bench's rows done (as a worker would), so the next save records a new row.
 */
function mvsync_overhead_drain() {
	global $wpdb, $mvsync_outbox, $mvsync_first_row;
	$wpdb->query( $wpdb->prepare( "UPDATE {$mvsync_outbox} SET status = 'done', coalesce_key = NULL WHERE id > %d AND status = 'pending'", $mvsync_first_row ) );
}

$mvsync_product = new WC_Product_Simple();
$mvsync_product->set_name( 'Overhead bench product' );
$mvsync_product->set_sku( 'OVH-' . wp_generate_password( 8, false ) );
$mvsync_product->set_regular_price( '10' );
$mvsync_product->save();

$mvsync_parent = new WC_Product_Variable();
$mvsync_parent->set_name( 'Overhead bench variable product' );
$mvsync_parent->set_sku( 'OVHV-' . wp_generate_password( 8, false ) );
$mvsync_parent->save();
$mvsync_variation = new WC_Product_Variation();
$mvsync_variation->set_parent_id( $mvsync_parent->get_id() );
$mvsync_variation->set_sku( 'OVHV-' . wp_generate_password( 8, false ) . '-1' );
$mvsync_variation->set_regular_price( '12' );
$mvsync_variation->save();

$mvsync_orders = array();
$mvsync_cases  = array(
	'product_save'   => static function ( $i ) use ( $mvsync_product ) {
		$mvsync_product->set_regular_price( (string) ( 10 + $i % 7 ) );
		$mvsync_product->save();
	},
	'variation_save' => static function ( $i ) use ( $mvsync_variation ) {
		$mvsync_variation->set_regular_price( (string) ( 12 + $i % 5 ) );
		$mvsync_variation->save();
	},
	// As a checkout does: the order is created pending, then paid (pending → processing).
	'checkout_order' => static function () use ( &$mvsync_orders ) {
		$order = wc_create_order();
		$order->set_status( 'processing' );
		$order->save();
		$mvsync_orders[] = $order->get_id();
	},
);

$mvsync_results = array();
foreach ( $mvsync_cases as $name => $run ) {
	$with    = array();
	$without = array();
	$ours    = array();
	$started = microtime( true );
	for ( $i = 0; $i < $mvsync_n && microtime( true ) - $started < $mvsync_max_seconds; $i++ ) {
		$sides = 0 === $i % 2 ? array( true, false ) : array( false, true );
		foreach ( $sides as $active ) {
			mvsync_overhead_drain();
			mvsync_overhead_set_active( $active );
			$mvsync_overhead_spent = 0;
			$start                 = hrtime( true );
			$run( $i );
			$spent = ( hrtime( true ) - $start ) / 1e6;
			mvsync_overhead_set_active( false );
			if ( $active ) {
				$with[] = $spent;
				$ours[] = $mvsync_overhead_spent / 1e6;
			} else {
				$without[] = $spent;
			}
		}
	}
	$mvsync_results[ $name ] = array(
		'rounds'             => count( $with ),
		'active_median_ms'   => round( mvsync_overhead_percentile( $with, 0.5 ), 3 ),
		'active_p95_ms'      => round( mvsync_overhead_percentile( $with, 0.95 ), 3 ),
		'inactive_median_ms' => round( mvsync_overhead_percentile( $without, 0.5 ), 3 ),
		'inactive_p95_ms'    => round( mvsync_overhead_percentile( $without, 0.95 ), 3 ),
		'ours_median_ms'     => round( mvsync_overhead_percentile( $ours, 0.5 ), 3 ),
		'ours_p95_ms'        => round( mvsync_overhead_percentile( $ours, 0.95 ), 3 ),
	);
}
$mvsync_rows_written = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$mvsync_outbox} WHERE id > %d", $mvsync_first_row ) );

// Put the plugin back as it was, then remove what the bench created.
foreach ( $mvsync_ours as list( $hook, $priority, $callback, $accepted ) ) {
	add_filter( $hook, $callback, $priority, $accepted );
}
foreach ( $mvsync_orders as $mvsync_order_id ) {
	$mvsync_order = wc_get_order( $mvsync_order_id );
	if ( $mvsync_order ) {
		$mvsync_order->delete( true );
	}
}
$mvsync_variation->delete( true );
$mvsync_parent->delete( true );
$mvsync_product->delete( true );
$wpdb->query( $wpdb->prepare( "DELETE FROM {$mvsync_outbox} WHERE id > %d", $mvsync_first_row ) );

echo json_encode(
	array(
		'n'               => $mvsync_n,
		'woocommerce'     => WC_VERSION . ( defined( 'WC_STANDIN' ) ? ' (stand-in)' : '' ),
		'hpos'            => class_exists( '\Automattic\WooCommerce\Utilities\OrderUtil' ) && \Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled(),
		'mariadb'         => $wpdb->get_var( 'SELECT VERSION()' ),
		'flush_at_commit' => (int) $wpdb->get_var( 'SELECT @@innodb_flush_log_at_trx_commit' ),
		'our_callbacks'   => count( $mvsync_ours ),
		'outbox_rows'     => $mvsync_rows_written,
		'cases'           => $mvsync_results,
	)
) . "\n";
// phpcs:enable
