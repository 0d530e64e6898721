<?php
/**
 * JSON shapes: keys (recursively) and JSON types, for comparing the stand-in's wc/v3 answers with
 * real WooCommerce's captured ones.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

/**
 * Shape comparison.
 */
final class ShapeCompare {
	/**
	 * JSON type of a decoded value: object, array, string, integer, number, boolean, null.
	 *
	 * @param mixed $value Value.
	 * @return string
	 */
	public static function type_of( $value ) {
		if ( is_array( $value ) ) {
			return ( array() === $value || array_keys( $value ) === range( 0, count( $value ) - 1 ) ) ? 'array' : 'object';
		}
		if ( is_int( $value ) ) {
			return 'integer';
		}
		if ( is_float( $value ) ) {
			return 'number';
		}
		if ( is_bool( $value ) ) {
			return 'boolean';
		}
		if ( null === $value ) {
			return 'null';
		}
		return is_object( $value ) ? 'object' : 'string';
	}

	/**
	 * Differences of $actual against $expected (the real answer): keys it lacks and types that
	 * differ. null on either side matches any type (WooCommerce's nullable fields). Lists compare
	 * each actual element with the expected element at the same index, else the first one. `_links` is ignored.
	 *
	 * @param mixed  $expected Real answer (decoded as arrays).
	 * @param mixed  $actual   Stand-in answer.
	 * @param string $path     Path so far.
	 * @return array{missing:string[], types:string[], extra:string[], unchecked:string[]}
	 */
	public static function diff( $expected, $actual, $path = '$' ) {
		$out           = array(
			'missing'   => array(),
			'types'     => array(),
			'extra'     => array(),
			'unchecked' => array(),
		);
		$expected_type = self::type_of( $expected );
		$actual_type   = self::type_of( $actual );
		if ( 'null' === $expected_type || 'null' === $actual_type ) {
			return $out;
		}
		// An empty JSON object and an empty list both decode to [] in PHP.
		if ( array() === $actual && in_array( $expected_type, array( 'object', 'array' ), true ) ) {
			if ( array() !== $expected && 'array' === $expected_type ) {
				$out['unchecked'][] = $path . '[] (stand-in list empty)';
			}
			return $out;
		}
		if ( $expected_type !== $actual_type ) {
			$out['types'][] = sprintf( '%s: real %s, stand-in %s', $path, $expected_type, $actual_type );
			return $out;
		}
		if ( 'object' === $expected_type ) {
			foreach ( $expected as $key => $value ) {
				if ( '_links' === $key ) {
					continue;
				}
				if ( ! array_key_exists( $key, $actual ) ) {
					$out['missing'][] = $path . '.' . $key;
					continue;
				}
				$out = self::merge( $out, self::diff( $value, $actual[ $key ], $path . '.' . $key ) );
			}
			foreach ( array_keys( $actual ) as $key ) {
				if ( ! array_key_exists( $key, $expected ) && '_links' !== $key ) {
					$out['extra'][] = $path . '.' . $key;
				}
			}
		} elseif ( 'array' === $expected_type && array() !== $expected ) {
			foreach ( $actual as $i => $element ) {
				$model = array_key_exists( $i, $expected ) ? $expected[ $i ] : $expected[0];
				$out   = self::merge( $out, self::diff( $model, $element, $path . '[' . $i . ']' ) );
			}
		}
		return $out;
	}

	/**
	 * Merges two diffs.
	 *
	 * @param array $a Diff.
	 * @param array $b Diff.
	 * @return array
	 */
	private static function merge( array $a, array $b ) {
		foreach ( $b as $kind => $items ) {
			$a[ $kind ] = array_merge( $a[ $kind ], $items );
		}
		return $a;
	}
}
