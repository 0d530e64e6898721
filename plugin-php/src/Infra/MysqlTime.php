<?php
/**
 * Conversions between Unix timestamps and the UTC DATETIME strings stored in our tables.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Infra;

defined( 'ABSPATH' ) || exit;

/**
 * All our DATETIME columns hold UTC.
 */
final class MysqlTime {
	/**
	 * Unix time → 'Y-m-d H:i:s' (UTC).
	 *
	 * @param int $timestamp Unix time.
	 * @return string
	 */
	public static function from_timestamp( $timestamp ) {
		return gmdate( 'Y-m-d H:i:s', (int) $timestamp );
	}

	/**
	 * 'Y-m-d H:i:s' (UTC) → ISO 8601 with a Z, for JSON.
	 *
	 * @param string|null $datetime Stored value.
	 * @return string|null
	 */
	public static function to_iso( $datetime ) {
		if ( null === $datetime || '' === $datetime ) {
			return null;
		}
		return str_replace( ' ', 'T', $datetime ) . 'Z';
	}
}
