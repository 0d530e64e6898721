<?php
/**
 * Time seam: production uses the system clock; tests move time by hand.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Infra;

defined( 'ABSPATH' ) || exit;

/**
 * Source of "now" as a Unix timestamp (UTC).
 */
interface Clock {
	/**
	 * Current Unix time in seconds.
	 *
	 * @return int
	 */
	public function now();
}
