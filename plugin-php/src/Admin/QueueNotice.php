<?php
/**
 * One admin notice for users who may manage WooCommerce when the queue needs attention: dead
 * letters exist, or the oldest claimable change has waited longer than the configured threshold
 * (nothing drained it). Counts come from a short-lived transient, refreshed at most every
 * CACHE_SECONDS (and by the REST stats call and housekeeping), so most admin pages cost one
 * option read; other roles and the storefront cost nothing.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Admin;

use MegaventorySync\Plugin;

defined( 'ABSPATH' ) || exit;

/**
 * The queue-health notice.
 */
final class QueueNotice {
	const TRANSIENT      = 'mvsync_queue_health';
	const CACHE_SECONDS  = 300;
	const DISMISS_ACTION = 'mvsync_dismiss_queue_notice';
	/** User meta holding the condition the user dismissed; the notice returns when it changes. */
	const DISMISSED_META = 'mvsync_queue_notice_dismissed';

	/**
	 * Hooks (admin requests only).
	 */
	public static function register() {
		add_action( 'admin_notices', array( self::class, 'render' ) );
		add_action( 'admin_post_' . self::DISMISS_ACTION, array( self::class, 'handle_dismiss' ) );
	}

	/**
	 * Stores fresh counts from outbox stats (called wherever stats were computed anyway).
	 *
	 * @param array $stats Outbox::stats().
	 * @return array The cached health.
	 */
	public static function remember( array $stats ) {
		$health = array(
			'dead'                 => (int) $stats['counts']['dead'],
			'oldest_pending_epoch' => null === $stats['oldest_pending_age_seconds'] ? null : Plugin::clock()->now() - (int) $stats['oldest_pending_age_seconds'],
		);
		set_transient( self::TRANSIENT, $health, self::CACHE_SECONDS );
		return $health;
	}

	/**
	 * Cached health, computed when missing.
	 *
	 * @return array{dead:int, oldest_pending_epoch:int|null}
	 */
	public static function health() {
		$health = get_transient( self::TRANSIENT );
		if ( ! is_array( $health ) || ! array_key_exists( 'dead', $health ) ) {
			$health = self::remember( Plugin::outbox()->stats() );
		}
		return $health;
	}

	/**
	 * What needs attention now: null when nothing does.
	 *
	 * @return array{dead:int, stalled_minutes:int, signature:string}|null
	 */
	public static function condition() {
		$health    = self::health();
		$threshold = (int) Plugin::settings()->get( 'stall_notice_minutes' ) * MINUTE_IN_SECONDS;
		$waited    = null === $health['oldest_pending_epoch'] ? 0 : Plugin::clock()->now() - (int) $health['oldest_pending_epoch'];
		$stalled   = $waited > $threshold;
		if ( 0 === (int) $health['dead'] && ! $stalled ) {
			return null;
		}
		return array(
			'dead'            => (int) $health['dead'],
			'stalled_minutes' => $stalled ? (int) floor( $waited / MINUTE_IN_SECONDS ) : 0,
			'signature'       => 'dead=' . (int) $health['dead'] . ';stalled=' . ( $stalled ? '1' : '0' ),
		);
	}

	/**
	 * Prints the notice (managers only, unless they dismissed this very condition).
	 */
	public static function render() {
		echo self::html(); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- html() escapes every part.
	}

	/**
	 * The notice HTML, or '' when none is due for the current user.
	 *
	 * @return string
	 */
	public static function html() {
		if ( ! is_admin() || ! current_user_can( AdminPage::CAPABILITY ) ) {
			return '';
		}
		$condition = self::condition();
		if ( null === $condition ) {
			return '';
		}
		if ( get_user_meta( get_current_user_id(), self::DISMISSED_META, true ) === $condition['signature'] ) {
			return '';
		}
		$parts = array();
		if ( $condition['dead'] > 0 ) {
			/* translators: %d: number of failed changes */
			$parts[] = sprintf( _n( '%d change could not be synchronised with Megaventory after all attempts.', '%d changes could not be synchronised with Megaventory after all attempts.', $condition['dead'], 'megaventory-sync' ), $condition['dead'] );
		}
		if ( $condition['stalled_minutes'] > 0 ) {
			/* translators: %d: minutes */
			$parts[] = sprintf( __( 'Nothing has been synchronised for %d minutes although changes are waiting.', 'megaventory-sync' ), $condition['stalled_minutes'] );
		}
		$queue_url   = admin_url( 'admin.php?page=' . AdminPage::SLUG . '&tab=outbox' );
		$dismiss_url = wp_nonce_url( add_query_arg( array( 'action' => self::DISMISS_ACTION ), admin_url( 'admin-post.php' ) ), self::DISMISS_ACTION );
		return sprintf(
			'<div class="notice notice-warning mvsync-queue-notice"><p>%s <a href="%s">%s</a> · <a class="mvsync-dismiss" href="%s">%s</a></p></div>',
			esc_html( implode( ' ', $parts ) ),
			esc_url( $queue_url ),
			esc_html__( 'Open the queue', 'megaventory-sync' ),
			esc_url( $dismiss_url ),
			esc_html__( 'Dismiss', 'megaventory-sync' )
		);
	}

	/**
	 * Remembers, for this user, the condition dismissed; a new condition shows the notice again.
	 */
	public static function handle_dismiss() {
		if ( ! current_user_can( AdminPage::CAPABILITY ) ) {
			wp_die( esc_html__( 'You do not have permission to manage Megaventory Sync.', 'megaventory-sync' ), 403 );
		}
		check_admin_referer( self::DISMISS_ACTION );
		$condition = self::condition();
		if ( null !== $condition ) {
			update_user_meta( get_current_user_id(), self::DISMISSED_META, $condition['signature'] );
		}
		$referer = wp_get_referer();
		wp_safe_redirect( $referer ? $referer : admin_url() );
		exit;
	}
}
