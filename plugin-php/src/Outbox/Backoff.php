<?php
/**
 * Retry delays after a failed attempt.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Outbox;

defined( 'ABSPATH' ) || exit;

/**
 * Exponential backoff: base × 2^(attempt−1), capped.
 */
final class Backoff {
	/**
	 * Delay after the first failure, in seconds.
	 *
	 * @var int
	 */
	private $base_seconds;

	/**
	 * Longest delay, in seconds.
	 *
	 * @var int
	 */
	private $max_seconds;

	/**
	 * Constructor.
	 *
	 * @param int $base_seconds Delay after the first failure.
	 * @param int $max_seconds  Upper bound.
	 */
	public function __construct( $base_seconds = 30, $max_seconds = 21600 ) {
		$this->base_seconds = max( 1, (int) $base_seconds );
		$this->max_seconds  = max( $this->base_seconds, (int) $max_seconds );
	}

	/**
	 * Seconds to wait after the given (1-based) failed attempt.
	 *
	 * @param int $attempt Number of attempts made so far, at least 1.
	 * @return int
	 */
	public function delay_after( $attempt ) {
		$exponent = min( 30, max( 0, (int) $attempt - 1 ) );
		return (int) min( $this->max_seconds, $this->base_seconds * ( 2 ** $exponent ) );
	}
}
