<?php
/**
 * WP-Cron housekeeping: release expired leases, trim old done rows and old log entries.
 * The outbox protocol does not depend on it (claim releases expired leases itself).
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Cron;

use MegaventorySync\Plugin;

defined( 'ABSPATH' ) || exit;

/**
 * The housekeeping cron event.
 */
final class Housekeeping {
	const HOOK = 'mvsync_housekeeping';

	/**
	 * Hooks the handler (and re-schedules the event if it was lost).
	 */
	public static function register() {
		add_action( self::HOOK, array( self::class, 'run' ) );
		if ( is_admin() && ! wp_next_scheduled( self::HOOK ) ) {
			self::schedule();
		}
	}

	/**
	 * Schedules the hourly event.
	 */
	public static function schedule() {
		if ( ! wp_next_scheduled( self::HOOK ) ) {
			wp_schedule_event( time() + 300, 'hourly', self::HOOK );
		}
	}

	/**
	 * Removes every scheduled instance.
	 */
	public static function unschedule() {
		wp_clear_scheduled_hook( self::HOOK );
	}

	/**
	 * One housekeeping pass.
	 *
	 * @return array{released:int, done_trimmed:int, log_trimmed:int}
	 */
	public static function run() {
		$settings = Plugin::settings();
		$outbox   = Plugin::outbox();
		$result   = array(
			'released'     => $outbox->release_expired_leases(),
			'done_trimmed' => $outbox->trim_done( (int) $settings->get( 'done_retention_days' ) * DAY_IN_SECONDS ),
			'log_trimmed'  => Plugin::logger()->trim( (int) $settings->get( 'log_retention_days' ) ),
		);
		\MegaventorySync\Admin\QueueNotice::remember( $outbox->stats() );
		if ( $result['released'] > 0 ) {
			Plugin::logger()->log( 'warning', sprintf( 'Housekeeping returned %d expired outbox leases to the queue.', $result['released'] ) );
		}
		return $result;
	}
}
