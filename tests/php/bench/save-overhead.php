<?php
/**
 * Benchmark: the time Megaventory Sync adds to one product save and to one checkout-created order.
 * Prints figures; asserts nothing.
 *
 * Our recording callbacks are re-registered inside a timing wrapper, so the figure is exactly the
 * time spent in our code during real WooCommerce saves (hook dispatch excluded). For context it also
 * prints the median of the whole save with and without the plugin's hooks.
 *
 *   php tests/php/bench/save-overhead.php /path/to/wp-load.php [N]
 *   /work/shared/wc-rig/wc-php.sh -f tests/php/bench/save-overhead.php [N]    (real WooCommerce)
 *   MVSYNC_BENCH=1 tests/php/run.sh                                            (stand-in test site)
 *
 * @package MegaventorySyncTests
 */

if ( ! defined( 'ABSPATH' ) ) {
	$_SERVER['HTTP_HOST']   = '127.0.0.1';
	$_SERVER['REQUEST_URI'] = '/';
	require $argv[1];
	$mvsync_bench_args = array_slice( $argv, 2 );
} else {
	// wc-php.sh -f passes only the arguments: $argv = [N].
	$mvsync_bench_args = $argv;
}
$mvsync_n = isset( $mvsync_bench_args[0] ) ? max( 10, (int) $mvsync_bench_args[0] ) : 1000;

use MegaventorySync\Hooks\WooCommerceHooks;
use MegaventorySync\Install\Schema;

/**
 * Median of a list of floats.
 *
 * @param float[] $values Values.
 * @return float
 */
function mvsync_bench_median( array $values ) {
	sort( $values );
	$count = count( $values );
	return 0 === $count ? 0.0 : ( $count % 2 ? $values[ intdiv( $count, 2 ) ] : ( $values[ $count / 2 - 1 ] + $values[ $count / 2 ] ) / 2 );
}

/**
 * 95th percentile.
 *
 * @param float[] $values Values.
 * @return float
 */
function mvsync_bench_p95( array $values ) {
	sort( $values );
	return $values[ (int) floor( 0.95 * ( count( $values ) - 1 ) ) ];
}

global $wpdb, $mvsync_bench_spent;
$mvsync_bench_spent = 0;
$outbox_table       = Schema::table( 'outbox' );
$first_row          = (int) $wpdb->get_var( "SELECT COALESCE(MAX(id), 0) FROM {$outbox_table}" ); // phpcs:ignore

// Re-register our recording callbacks inside a timer.
$timed = array(
	'woocommerce_update_product'       => array( 'product_updated', 1 ),
	'woocommerce_new_product'          => array( 'product_created', 1 ),
	'woocommerce_new_order'            => array( 'order_created', 2 ),
	'woocommerce_order_status_changed' => array( 'order_status_changed', 3 ),
);
foreach ( $timed as $hook => list( $method, $args ) ) {
	remove_action( $hook, array( WooCommerceHooks::class, $method ), 10 );
	add_action(
		$hook,
		static function ( ...$params ) use ( $method ) {
			global $mvsync_bench_spent;
			$start = hrtime( true );
			WooCommerceHooks::$method( ...$params );
			$mvsync_bench_spent += hrtime( true ) - $start;
		},
		10,
		$args
	);
}

$product = new WC_Product_Simple();
$product->set_name( 'Benchmark product' );
$product->set_sku( 'BENCH-' . wp_generate_password( 8, false ) );
$product->set_regular_price( '10' );
$product->save();

$ours_fresh     = array();
$ours_coalesced = array();
$save_with      = array();
for ( $i = 0; $i < $mvsync_n; $i++ ) {
	// Odd iterations: the entity's row is pending, so the change coalesces into it.
	if ( 0 === $i % 2 ) {
		$wpdb->query( $wpdb->prepare( "UPDATE {$outbox_table} SET status = 'done', coalesce_key = NULL WHERE id > %d", $first_row ) ); // phpcs:ignore
	}
	$product->set_regular_price( (string) ( 10 + $i % 7 ) );
	$mvsync_bench_spent = 0;
	$start              = hrtime( true );
	$product->save();
	$save_with[] = ( hrtime( true ) - $start ) / 1e6;
	if ( 0 === $i % 2 ) {
		$ours_fresh[] = $mvsync_bench_spent / 1e6;
	} else {
		$ours_coalesced[] = $mvsync_bench_spent / 1e6;
	}
}

// The same saves without any of our hooks, for context.
remove_all_actions( 'woocommerce_update_product', 10 );
$save_without = array();
for ( $i = 0; $i < $mvsync_n; $i++ ) {
	$product->set_regular_price( (string) ( 10 + $i % 7 ) );
	$start = hrtime( true );
	$product->save();
	$save_without[] = ( hrtime( true ) - $start ) / 1e6;
}

// Checkout-created orders: created as pending, then paid (pending → processing), as a checkout does.
$ours_order = array();
$order_ids  = array();
for ( $i = 0; $i < $mvsync_n; $i++ ) {
	$mvsync_bench_spent = 0;
	$order              = wc_create_order();
	$order->set_status( 'processing' );
	$order->save();
	$ours_order[] = $mvsync_bench_spent / 1e6;
	$order_ids[]  = $order->get_id();
}

printf( "Megaventory Sync save overhead (time inside our callbacks), N=%d, WooCommerce %s%s, HPOS %s\n", $mvsync_n, WC_VERSION, defined( 'WC_STANDIN' ) ? ' (STAND-IN)' : '', ( class_exists( '\Automattic\WooCommerce\Utilities\OrderUtil' ) && \Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled() ) ? 'on' : 'off/n.a.' );
printf( "  MariaDB %s, innodb_flush_log_at_trx_commit=%s (1 = fsync at every commit)\n", $wpdb->get_var( 'SELECT VERSION()' ), $wpdb->get_var( 'SELECT @@innodb_flush_log_at_trx_commit' ) );
printf( "  product save, new outbox row:       median %.3f ms  p95 %.3f ms\n", mvsync_bench_median( $ours_fresh ), mvsync_bench_p95( $ours_fresh ) );
printf( "  product save, coalesced into row:   median %.3f ms  p95 %.3f ms\n", mvsync_bench_median( $ours_coalesced ), mvsync_bench_p95( $ours_coalesced ) );
printf( "  checkout order (created + paid):    median %.3f ms  p95 %.3f ms\n", mvsync_bench_median( $ours_order ), mvsync_bench_p95( $ours_order ) );
printf( "  context: whole product save with plugin hooks %.3f ms, without %.3f ms (medians)\n", mvsync_bench_median( $save_with ), mvsync_bench_median( $save_without ) );

// Clean up what the benchmark created.
foreach ( $order_ids as $order_id ) {
	$order = wc_get_order( $order_id );
	if ( $order ) {
		$order->delete( true );
	}
}
$product->delete( true );
$wpdb->query( $wpdb->prepare( "DELETE FROM {$outbox_table} WHERE id > %d", $first_row ) ); // phpcs:ignore
