<?php
/**
 * Compares what WcRestShapeTest saw on the stand-in with what it saw on the real WooCommerce rig:
 * keys and types both ways, then values (ids, dates, slugs, URLs, keys and hashes aside).
 *
 * Usage: php compare-shapes.php [standin.json] [rig.json]
 *   (defaults: {temp}/mvsync-wc-shapes-standin.json and {temp}/mvsync-wc-shapes-rig.json, written
 *   by `tests/php/run.sh --filter WcRestShapeTest` and `MVSYNC_RIG=1 tests/php/run.sh --filter WcRestShapeTest`)
 */

require __DIR__ . '/../lib/ShapeCompare.php';

$standin_file = $argv[1] ?? sys_get_temp_dir() . '/mvsync-wc-shapes-standin.json';
$rig_file     = $argv[2] ?? sys_get_temp_dir() . '/mvsync-wc-shapes-rig.json';
$standin      = json_decode( (string) file_get_contents( $standin_file ), true );
$rig          = json_decode( (string) file_get_contents( $rig_file ), true );
if ( ! is_array( $standin ) || ! is_array( $rig ) ) {
	fwrite( STDERR, "cannot read $standin_file or $rig_file\n" );
	exit( 2 );
}

/**
 * Values that differ (leaf by leaf), skipping what differs by nature between two sites.
 *
 * @param mixed  $rig     Rig value.
 * @param mixed  $standin Stand-in value.
 * @param string $path    Path.
 * @param array  $out     Differences (changed).
 */
function mvsync_value_diff( $rig, $standin, $path, array &$out ) {
	$volatile = '/(^|\.)(id|.*_id|ids|date_.*|slug|permalink|href|order_key|payment_url|avatar_url|number|username|email|code|sku|name|rate_code|label|price_html|value|display_.*|src|meta_data|variations|parent_id|resource_id|count|used_by\.\d+)$/';
	if ( preg_match( $volatile, $path ) ) {
		return;
	}
	if ( is_array( $rig ) && is_array( $standin ) ) {
		foreach ( $rig as $key => $value ) {
			if ( array_key_exists( $key, $standin ) ) {
				mvsync_value_diff( $value, $standin[ $key ], $path . '.' . $key, $out );
			}
		}
		return;
	}
	if ( $rig !== $standin ) {
		$out[] = sprintf( '%s: rig %s, stand-in %s', $path, json_encode( $rig ), json_encode( $standin ) );
	}
}

$status = 0;
foreach ( $rig['answers'] as $name => $rig_answer ) {
	$standin_answer = $standin['answers'][ $name ] ?? null;
	$lacks          = MegaventorySync\Tests\ShapeCompare::diff( $rig_answer, $standin_answer, $name );
	$extra          = MegaventorySync\Tests\ShapeCompare::diff( $standin_answer, $rig_answer, $name );
	$values         = array();
	mvsync_value_diff( $rig_answer, $standin_answer, $name, $values );
	echo "== $name\n";
	foreach ( $lacks['missing'] as $line ) {
		echo "  stand-in lacks  $line\n";
		$status = 1;
	}
	foreach ( $lacks['types'] as $line ) {
		echo "  type differs    $line\n";
		$status = 1;
	}
	foreach ( $extra['missing'] as $line ) {
		echo "  stand-in extra  $line\n";
	}
	foreach ( $values as $line ) {
		echo "  value differs   $line\n";
	}
}
exit( $status );
