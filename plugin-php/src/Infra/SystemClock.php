<?php
/**
 * The real clock.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Infra;

defined( 'ABSPATH' ) || exit;

/**
 * Wall-clock time.
 */
final class SystemClock implements Clock {
	/**
	 * {@inheritDoc}
	 */
	public function now() {
		return time();
	}
}
