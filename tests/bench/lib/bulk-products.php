<?php
/**
 * Creates many simple products in the WooCommerce stand-in fast, stored exactly as the stand-in
 * stores them (a `product` post plus its `_standin_props` post meta): one product is saved through
 * the stand-in's CRUD (WC_Product_Simple::save, hooks and all) as the template, and the others are
 * copies of its post row and props written with multi-row INSERTs (1,000 rows a statement), each
 * with its own title, slug, SKU and price. Saving 100,000 products one by one through WordPress
 * would take most of an hour; this takes seconds.
 *
 *   php bulk-products.php COUNT PREFIX [--outbox]
 *
 * --outbox: also record one "created" outbox row per product through the plugin's Outbox API
 * (Plugin::outbox()->record, the call the plugin's hooks make), as COUNT saves would have. Without
 * it, the outbox rows of the template save are removed, so only the products are left.
 * Prints JSON: {"first_id", "last_id", "count", "outbox_rows", "seconds"}.
 *
 * @package MegaventorySyncBench
 */

if ( ! defined( 'ABSPATH' ) ) {
	$_SERVER['HTTP_HOST'] = getenv( 'HTTP_HOST' );
	require getenv( 'MVSYNC_WP_LOAD' );
}

$bench_count  = (int) ( $argv[1] ?? 0 );
$bench_prefix = (string) ( $argv[2] ?? '' );
$bench_outbox = in_array( '--outbox', $argv, true );
if ( $bench_count < 1 || ! preg_match( '/^[A-Z0-9-]+$/', $bench_prefix ) ) {
	fwrite( STDERR, "usage: bulk-products.php COUNT PREFIX [--outbox]   (COUNT >= 1, PREFIX of A-Z 0-9 -)\n" );
	exit( 2 );
}

global $wpdb;
$bench_started = microtime( true );
$bench_outbox_table = \MegaventorySync\Install\Schema::table( 'outbox' );
$bench_outbox_before = (int) $wpdb->get_var( "SELECT COALESCE(MAX(id), 0) FROM {$bench_outbox_table}" ); // phpcs:ignore WordPress.DB

// The template: a real save through the stand-in's CRUD.
$bench_template = new WC_Product_Simple();
$bench_template->set_props(
	array(
		'name'           => "$bench_prefix 1",
		'sku'            => "$bench_prefix-1",
		'regular_price'  => '10.00',
		'manage_stock'   => true,
		'stock_quantity' => 5,
	)
);
$bench_template->save();
$bench_first_id = $bench_template->get_id();
$bench_row      = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$wpdb->posts} WHERE ID = %d", $bench_first_id ), ARRAY_A ); // phpcs:ignore WordPress.DB
$bench_props    = get_post_meta( $bench_first_id, '_standin_props', true );
if ( ! $bench_row || ! is_array( $bench_props ) ) {
	fwrite( STDERR, "the template product $bench_first_id was not stored as expected\n" );
	exit( 1 );
}
unset( $bench_row['ID'] );
$bench_columns = array_keys( $bench_row );

// Ids come from AUTO_INCREMENT: insert a batch, then read its ids back by slug (unique per run).
$bench_ids = array( $bench_first_id );
for ( $start = 2; $start <= $bench_count; $start += 1000 ) {
	$end    = min( $bench_count, $start + 999 );
	$values = array();
	$args   = array();
	for ( $n = $start; $n <= $end; $n++ ) {
		$row               = $bench_row;
		$row['post_title'] = "$bench_prefix $n";
		$row['post_name']  = strtolower( "$bench_prefix-$n" );
		$row['guid']       = home_url( '/?post_type=product&p=' . strtolower( "$bench_prefix-$n" ) );
		$values[]          = '(' . implode( ',', array_fill( 0, count( $bench_columns ), '%s' ) ) . ')';
		array_push( $args, ...array_values( $row ) );
	}
	$wpdb->query( $wpdb->prepare( "INSERT INTO {$wpdb->posts} (" . implode( ',', $bench_columns ) . ') VALUES ' . implode( ',', $values ), $args ) ); // phpcs:ignore WordPress.DB
	$first_new = (int) $wpdb->insert_id; // MariaDB: the id of the first row of a multi-row INSERT.
	$meta      = array();
	$meta_args = array();
	for ( $n = $start; $n <= $end; $n++ ) {
		$id                     = $first_new + ( $n - $start );
		$props                  = $bench_props;
		$props['sku']           = "$bench_prefix-$n";
		$props['regular_price'] = sprintf( '%.2f', 10 + ( $n % 500 ) / 100 );
		$meta[]                 = '(%d, %s, %s)';
		array_push( $meta_args, $id, '_standin_props', maybe_serialize( $props ) );
		$bench_ids[] = $id;
	}
	$wpdb->query( $wpdb->prepare( "INSERT INTO {$wpdb->postmeta} (post_id, meta_key, meta_value) VALUES " . implode( ',', $meta ), $meta_args ) ); // phpcs:ignore WordPress.DB
}
// A multi-row INSERT takes consecutive ids (innodb_autoinc_lock_mode < 2 or a single writer): check it.
$bench_stored = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->posts} WHERE post_type = 'product' AND ID BETWEEN %d AND %d AND post_title LIKE %s", $bench_first_id, end( $bench_ids ), $wpdb->esc_like( "$bench_prefix " ) . '%' ) ); // phpcs:ignore WordPress.DB
if ( $bench_stored !== $bench_count ) {
	fwrite( STDERR, "expected $bench_count products between ids $bench_first_id and " . end( $bench_ids ) . ", found $bench_stored\n" );
	exit( 1 );
}

// The template's save recorded its own outbox row(s) through the hooks: start from a known state.
$wpdb->query( $wpdb->prepare( "DELETE FROM {$bench_outbox_table} WHERE id > %d", $bench_outbox_before ) ); // phpcs:ignore WordPress.DB
$bench_recorded = 0;
if ( $bench_outbox ) {
	$bench_queue = \MegaventorySync\Plugin::outbox();
	$wpdb->query( 'START TRANSACTION' ); // phpcs:ignore WordPress.DB
	foreach ( $bench_ids as $i => $id ) {
		if ( $bench_queue->record( 'product', $id, 'created' ) ) {
			++$bench_recorded;
		}
		if ( 0 === ( $i + 1 ) % 1000 ) {
			$wpdb->query( 'COMMIT' ); // phpcs:ignore WordPress.DB
			$wpdb->query( 'START TRANSACTION' ); // phpcs:ignore WordPress.DB
		}
	}
	$wpdb->query( 'COMMIT' ); // phpcs:ignore WordPress.DB
}

echo wp_json_encode(
	array(
		'first_id'    => $bench_first_id,
		'last_id'     => end( $bench_ids ),
		'count'       => count( $bench_ids ),
		'outbox_rows' => $bench_recorded,
		'seconds'     => round( microtime( true ) - $bench_started, 1 ),
	)
) . "\n";
