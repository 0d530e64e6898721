<?php
/**
 * Autoloader for the MegaventorySync\ namespace: MegaventorySync\Outbox\Outbox → src/Outbox/Outbox.php.
 *
 * @package MegaventorySync
 */

defined( 'ABSPATH' ) || exit;

spl_autoload_register(
	static function ( $class_name ) {
		$prefix = 'MegaventorySync\\';
		if ( 0 !== strpos( $class_name, $prefix ) ) {
			return;
		}
		$relative = str_replace( '\\', '/', substr( $class_name, strlen( $prefix ) ) );
		$file     = __DIR__ . '/' . $relative . '.php';
		if ( is_readable( $file ) ) {
			require_once $file;
		}
	}
);
