<?php
/**
 * The plugin's stable facade: boots the hooks and hands out the shared services.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync;

use MegaventorySync\Admin\AdminPage;
use MegaventorySync\Admin\BackgroundDrainer;
use MegaventorySync\Admin\EditScreenBoxes;
use MegaventorySync\Admin\PurchasePrice;
use MegaventorySync\Admin\QueueNotice;
use MegaventorySync\Admin\StatusReport;
use MegaventorySync\Admin\WooScreens;
use MegaventorySync\Cron\Housekeeping;
use MegaventorySync\Hooks\SyncWorkerContext;
use MegaventorySync\Hooks\WooCommerceHooks;
use MegaventorySync\Inbound\PollLease;
use MegaventorySync\Infra\Clock;
use MegaventorySync\Infra\SystemClock;
use MegaventorySync\Install\Schema;
use MegaventorySync\Links\CheckpointStore;
use MegaventorySync\Links\LinkStore;
use MegaventorySync\Log\Logger;
use MegaventorySync\Outbox\Backoff;
use MegaventorySync\Outbox\Outbox;
use MegaventorySync\Parked\ParkedStore;
use MegaventorySync\Relay\Relay;
use MegaventorySync\Rest\Routes;
use MegaventorySync\Settings\Settings;
use MegaventorySync\Status\EntityStatus;

defined( 'ABSPATH' ) || exit;

/**
 * Facade and service locator.
 */
final class Plugin {
	const TEXT_DOMAIN = 'megaventory-sync';

	/**
	 * Shared services, built on first use so storefront requests build nothing they do not need.
	 *
	 * @var array<string,object>
	 */
	private static $services = array();

	/**
	 * Clock used by every service (tests replace it).
	 *
	 * @var Clock|null
	 */
	private static $clock = null;

	/**
	 * Registers the bootstrap hooks. Called once from the main plugin file.
	 */
	public static function boot() {
		add_action( 'before_woocommerce_init', array( self::class, 'declare_woocommerce_compatibility' ) );
		add_action( 'plugins_loaded', array( self::class, 'on_plugins_loaded' ), 20 );
		add_action( 'init', array( self::class, 'load_textdomain' ) );
	}

	/**
	 * HPOS: we touch orders only through WooCommerce's CRUD, so both storages are fine.
	 */
	public static function declare_woocommerce_compatibility() {
		if ( class_exists( '\Automattic\WooCommerce\Utilities\FeaturesUtil' ) ) {
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'custom_order_tables', MVSYNC_PLUGIN_FILE, true );
		}
	}

	/**
	 * Loads translations (at init, as WordPress 6.7+ requires).
	 */
	public static function load_textdomain() {
		load_plugin_textdomain( self::TEXT_DOMAIN, false, dirname( plugin_basename( MVSYNC_PLUGIN_FILE ) ) . '/languages' );
	}

	/**
	 * Wires everything once WooCommerce is known to be present and recent enough.
	 */
	public static function on_plugins_loaded() {
		if ( ! self::woocommerce_is_usable() ) {
			if ( is_admin() ) {
				add_action( 'admin_notices', array( AdminPage::class, 'render_woocommerce_missing_notice' ) );
			}
			return;
		}
		Schema::maybe_upgrade();
		WooCommerceHooks::register();
		SyncWorkerContext::register();
		Housekeeping::register();
		add_action( 'rest_api_init', array( Routes::class, 'register' ) );
		PurchasePrice::register();
		add_filter( 'rest_request_after_callbacks', array( Routes::class, 'mark_relay_errors' ), 10, 3 );
		add_filter( 'rest_pre_serve_request', array( Routes::class, 'serve_relay_passthrough' ), 10, 4 );
		if ( is_admin() ) {
			AdminPage::register();
			BackgroundDrainer::register();
			StatusReport::register();
			WooScreens::register();
			EditScreenBoxes::register();
			QueueNotice::register();
		}
	}

	/**
	 * WooCommerce loaded and at least MVSYNC_MIN_WC_VERSION.
	 *
	 * @return bool
	 */
	public static function woocommerce_is_usable() {
		return defined( 'WC_VERSION' ) && version_compare( WC_VERSION, MVSYNC_MIN_WC_VERSION, '>=' );
	}

	/**
	 * The clock every service uses.
	 *
	 * @return Clock
	 */
	public static function clock() {
		if ( null === self::$clock ) {
			self::$clock = new SystemClock();
		}
		return self::$clock;
	}

	/**
	 * Replaces the clock and drops services that captured the old one (tests).
	 *
	 * @param Clock|null $clock New clock, or null for the system clock.
	 */
	public static function set_clock( $clock ) {
		self::$clock    = $clock;
		self::$services = array();
	}

	/**
	 * The outbox.
	 *
	 * @return Outbox
	 */
	public static function outbox() {
		if ( ! isset( self::$services['outbox'] ) ) {
			global $wpdb;
			self::$services['outbox'] = new Outbox( $wpdb, self::clock(), new Backoff(), (int) self::settings()->get( 'max_attempts' ) );
		}
		return self::$services['outbox'];
	}

	/**
	 * WooCommerce ↔ Megaventory id links.
	 *
	 * @return LinkStore
	 */
	public static function links() {
		if ( ! isset( self::$services['links'] ) ) {
			global $wpdb;
			self::$services['links'] = new LinkStore( $wpdb, self::clock() );
		}
		return self::$services['links'];
	}

	/**
	 * Checkpoints of long jobs.
	 *
	 * @return CheckpointStore
	 */
	public static function checkpoints() {
		if ( ! isset( self::$services['checkpoints'] ) ) {
			global $wpdb;
			self::$services['checkpoints'] = new CheckpointStore( $wpdb, self::clock() );
		}
		return self::$services['checkpoints'];
	}

	/**
	 * The lease that lets one worker at a time poll Megaventory's integration updates.
	 *
	 * @return PollLease
	 */
	public static function poll_lease() {
		if ( ! isset( self::$services['poll_lease'] ) ) {
			global $wpdb;
			self::$services['poll_lease'] = new PollLease( $wpdb, self::clock() );
		}
		return self::$services['poll_lease'];
	}

	/**
	 * Settings.
	 *
	 * @return Settings
	 */
	public static function settings() {
		if ( ! isset( self::$services['settings'] ) ) {
			self::$services['settings'] = new Settings();
		}
		return self::$services['settings'];
	}

	/**
	 * Logger (WooCommerce log + our table).
	 *
	 * @return Logger
	 */
	public static function logger() {
		if ( ! isset( self::$services['logger'] ) ) {
			global $wpdb;
			self::$services['logger'] = new Logger( $wpdb, self::clock(), self::settings() );
		}
		return self::$services['logger'];
	}

	/**
	 * The Megaventory relay.
	 *
	 * @return Relay
	 */
	public static function relay() {
		if ( ! isset( self::$services['relay'] ) ) {
			self::$services['relay'] = new Relay( self::settings(), self::logger() );
		}
		return self::$services['relay'];
	}

	/**
	 * Integration updates the worker parked.
	 *
	 * @return ParkedStore
	 */
	public static function parked() {
		if ( ! isset( self::$services['parked'] ) ) {
			global $wpdb;
			self::$services['parked'] = new ParkedStore( $wpdb, self::clock() );
		}
		return self::$services['parked'];
	}

	/**
	 * Sync status of WooCommerce entities (list columns, order box), cached per request.
	 *
	 * @return EntityStatus
	 */
	public static function statuses() {
		if ( ! isset( self::$services['statuses'] ) ) {
			global $wpdb;
			self::$services['statuses'] = new EntityStatus( $wpdb );
		}
		return self::$services['statuses'];
	}

	/**
	 * Forgets built services (after settings change in tests).
	 */
	public static function reset_services() {
		self::$services = array();
	}
}
