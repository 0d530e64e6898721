<?php
/**
 * Activation and deactivation. Activation never touches existing settings or the API key.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Install;

use MegaventorySync\Cron\Housekeeping;

defined( 'ABSPATH' ) || exit;

/**
 * Activation / deactivation handlers.
 */
final class Installer {
	/**
	 * Creates or upgrades tables and schedules housekeeping.
	 */
	public static function activate() {
		Schema::install();
		Housekeeping::schedule();
	}

	/**
	 * Unschedules our cron event; data stays until uninstall.
	 */
	public static function deactivate() {
		Housekeeping::unschedule();
	}
}
