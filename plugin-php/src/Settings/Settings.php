<?php
/**
 * Plugin settings: defaults, validation and storage. The API key is stored apart from the other
 * settings, never autoloaded, and never returned by any getter meant for output.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * Settings store and validator.
 */
class Settings {
	const OPTION         = 'mvsync_settings';
	const KEY_OPTION     = 'mvsync_api_key';
	const DEFAULT_URL    = 'https://api.megaventory.com/v2017a/';
	const PAYMENT_VALUES = array( 'None', 'Cash', 'BankTransfer', 'Check', 'Credit', 'CustomPaymentMethod1', 'CustomPaymentMethod2', 'CustomPaymentMethod3', 'Other' );

	/**
	 * Defaults for every non-secret setting.
	 *
	 * @return array
	 */
	public static function defaults() {
		return array(
			'api_url'               => self::DEFAULT_URL,
			'order_delay_seconds'   => 0,
			'included_location_ids' => array(),
			'default_location_id'   => 0,
			'payment_method_map'    => array(),
			'shipping_service_sku'  => 'shipping',
			'fee_service_sku'       => 'extra_fee',
			'worker_concurrency'    => 2,
			'poll_interval_seconds' => 60,
			'max_attempts'          => 8,
			'done_retention_days'   => 7,
			'log_retention_days'    => 30,
			'stall_notice_minutes'  => 60,
		);
	}

	/**
	 * Integer bounds per numeric setting: [min, max].
	 *
	 * @return array
	 */
	public static function integer_bounds() {
		return array(
			'order_delay_seconds'   => array( 0, 7 * 86400 ),
			'default_location_id'   => array( 0, PHP_INT_MAX ),
			'worker_concurrency'    => array( 1, 8 ),
			'poll_interval_seconds' => array( 5, 3600 ),
			'max_attempts'          => array( 1, 50 ),
			'done_retention_days'   => array( 1, 365 ),
			'log_retention_days'    => array( 1, 365 ),
			'stall_notice_minutes'  => array( 5, 10080 ),
		);
	}

	/**
	 * All non-secret settings, defaults filled in.
	 *
	 * @return array
	 */
	public function all() {
		$stored = get_option( self::OPTION, array() );
		return array_merge( self::defaults(), is_array( $stored ) ? $stored : array() );
	}

	/**
	 * One non-secret setting.
	 *
	 * @param string $name Setting name.
	 * @return mixed
	 */
	public function get( $name ) {
		$all = $this->all();
		return $all[ $name ] ?? null;
	}

	/**
	 * Whether an API key is stored (the only thing about the key any page may show).
	 *
	 * @return bool
	 */
	public function has_api_key() {
		return '' !== $this->api_key();
	}

	/**
	 * The API key, for the relay only.
	 *
	 * @return string
	 */
	public function api_key() {
		$key = get_option( self::KEY_OPTION, '' );
		return is_string( $key ) ? $key : '';
	}

	/**
	 * Validates a partial update; stores it only when every field is valid.
	 *
	 * @param array $input Raw field values (unslashed).
	 * @return array{saved:bool, errors:array<string,string>, settings:array}
	 */
	public function update( array $input ) {
		$result = $this->validate( $input );
		if ( empty( $result['errors'] ) ) {
			if ( array_key_exists( 'api_key', $result['clean'] ) ) {
				update_option( self::KEY_OPTION, $result['clean']['api_key'], false );
				unset( $result['clean']['api_key'] );
			}
			update_option( self::OPTION, array_merge( $this->all(), $result['clean'] ), true );
		}
		return array(
			'saved'    => empty( $result['errors'] ),
			'errors'   => $result['errors'],
			'settings' => $this->all(),
		);
	}

	/**
	 * Validates and sanitises the given fields. Unknown fields are refused, not ignored.
	 *
	 * @param array $input Raw field values.
	 * @return array{clean:array, errors:array<string,string>}
	 */
	public function validate( array $input ) {
		$clean  = array();
		$errors = array();
		$bounds = self::integer_bounds();
		foreach ( $input as $name => $value ) {
			if ( 'api_key' === $name ) {
				$key = is_string( $value ) ? trim( $value ) : null;
				if ( null === $key ) {
					$errors['api_key'] = __( 'The API key must be text.', 'megaventory-sync' );
				} elseif ( '' === $key ) {
					continue; // Empty field = keep the stored key (the field is write-only).
				} elseif ( ! preg_match( '/^[A-Za-z0-9@._\-]{8,200}$/', $key ) ) {
					$errors['api_key'] = __( 'The API key may only contain letters, digits, "@", ".", "_" and "-" (8 to 200 characters).', 'megaventory-sync' );
				} else {
					$clean['api_key'] = $key;
				}
				continue;
			}
			if ( 'api_url' === $name ) {
				$url_error = self::url_error( $value );
				$clean_url = null === $url_error ? trailingslashit( esc_url_raw( trim( $value ) ) ) : '';
				// What is stored must be what was checked: same host, and acceptable itself.
				if ( null === $url_error && ( null !== self::url_error( $clean_url ) || strtolower( (string) wp_parse_url( $clean_url, PHP_URL_HOST ) ) !== strtolower( (string) wp_parse_url( trim( $value ), PHP_URL_HOST ) ) ) ) {
					$url_error = __( 'The API URL is not a valid URL.', 'megaventory-sync' );
				}
				if ( null !== $url_error ) {
					$errors['api_url'] = $url_error;
				} else {
					$clean['api_url'] = $clean_url;
				}
				continue;
			}
			if ( isset( $bounds[ $name ] ) ) {
				if ( ! self::is_integer_like( $value ) ) {
					/* translators: %s: setting name */
					$errors[ $name ] = sprintf( __( '%s must be a whole number.', 'megaventory-sync' ), $name );
					continue;
				}
				list( $min, $max ) = $bounds[ $name ];
				if ( (int) $value < $min || (int) $value > $max ) {
					/* translators: 1: setting name, 2: minimum, 3: maximum */
					$errors[ $name ] = sprintf( __( '%1$s must be between %2$d and %3$d.', 'megaventory-sync' ), $name, $min, $max );
					continue;
				}
				$clean[ $name ] = (int) $value;
				continue;
			}
			if ( 'included_location_ids' === $name ) {
				if ( is_string( $value ) ) {
					$value = '' === trim( $value ) ? array() : preg_split( '/[\s,]+/', trim( $value ) );
				}
				if ( ! is_array( $value ) ) {
					$errors[ $name ] = __( 'Inventory locations must be a list of location ids.', 'megaventory-sync' );
					continue;
				}
				$ids = array();
				foreach ( $value as $id ) {
					if ( ! self::is_integer_like( $id ) || (int) $id <= 0 ) {
						$errors[ $name ] = __( 'Each inventory location must be a positive whole number (a Megaventory location id).', 'megaventory-sync' );
						continue 2;
					}
					$ids[ (int) $id ] = (int) $id;
				}
				$clean[ $name ] = array_values( $ids );
				continue;
			}
			if ( 'payment_method_map' === $name ) {
				if ( ! is_array( $value ) ) {
					$errors[ $name ] = __( 'The payment-method mapping must map gateway ids to Megaventory payment methods.', 'megaventory-sync' );
					continue;
				}
				$map = array();
				foreach ( $value as $gateway => $method ) {
					if ( ! is_string( $gateway ) || ! preg_match( '/^[A-Za-z0-9_\-]{1,64}$/', $gateway ) ) {
						$errors[ $name ] = __( 'A payment gateway id may only contain letters, digits, "_" and "-".', 'megaventory-sync' );
						continue 2;
					}
					if ( '' === $method ) {
						continue;
					}
					if ( ! in_array( $method, self::PAYMENT_VALUES, true ) ) {
						/* translators: 1: gateway id, 2: allowed values */
						$errors[ $name ] = sprintf( __( 'Gateway "%1$s": the payment method must be one of %2$s.', 'megaventory-sync' ), $gateway, implode( ', ', self::PAYMENT_VALUES ) );
						continue 2;
					}
					$map[ $gateway ] = $method;
				}
				$clean[ $name ] = $map;
				continue;
			}
			if ( 'shipping_service_sku' === $name || 'fee_service_sku' === $name ) {
				if ( ! is_string( $value ) || ! preg_match( '/^[A-Za-z0-9._\-]{1,64}$/', trim( $value ) ) ) {
					/* translators: %s: setting name */
					$errors[ $name ] = sprintf( __( '%s must be 1 to 64 letters, digits, ".", "_" or "-".', 'megaventory-sync' ), $name );
					continue;
				}
				$clean[ $name ] = trim( $value );
				continue;
			}
			/* translators: %s: field name */
			$errors[ sanitize_key( (string) $name ) ] = sprintf( __( 'Unknown setting "%s".', 'megaventory-sync' ), sanitize_key( (string) $name ) );
		}
		if ( isset( $clean['default_location_id'], $input['included_location_ids'] ) && empty( $errors ) ) {
			$included = $clean['included_location_ids'] ?? array();
			if ( $clean['default_location_id'] > 0 && ! empty( $included ) && ! in_array( $clean['default_location_id'], $included, true ) ) {
				$errors['default_location_id'] = __( 'The default location for orders must be one of the included inventory locations.', 'megaventory-sync' );
			}
		}
		return array(
			'clean'  => $clean,
			'errors' => $errors,
		);
	}

	/**
	 * Why an API URL is refused, or null when it is acceptable: https, or http to a loopback host.
	 *
	 * @param mixed $value Raw URL.
	 * @return string|null
	 */
	public static function url_error( $value ) {
		if ( ! is_string( $value ) || '' === trim( $value ) ) {
			return __( 'The API URL is required.', 'megaventory-sync' );
		}
		$url = trim( $value );
		// PHP's URL parser and the HTTP library's can read such characters differently (a
		// backslash ends the host for one and not the other), and sanitising drops them, so the
		// URL stored would not be the URL checked here: refuse them outright.
		if ( preg_match( '/[^\x21-\x7e]|\\\\/', $url ) ) {
			return __( 'The API URL must not contain spaces, control characters, backslashes or non-ASCII characters.', 'megaventory-sync' );
		}
		$parts = wp_parse_url( $url );
		if ( ! is_array( $parts ) || empty( $parts['scheme'] ) || empty( $parts['host'] ) ) {
			return __( 'The API URL is not a valid URL.', 'megaventory-sync' );
		}
		if ( isset( $parts['user'] ) || isset( $parts['pass'] ) || isset( $parts['query'] ) || isset( $parts['fragment'] ) ) {
			return __( 'The API URL must not contain credentials, a query or a fragment.', 'megaventory-sync' );
		}
		$scheme = strtolower( $parts['scheme'] );
		if ( 'https' === $scheme ) {
			return null;
		}
		if ( 'http' === $scheme && self::is_loopback_host( $parts['host'] ) ) {
			return null;
		}
		return __( 'The API URL must use https (plain http is allowed only for 127.0.0.1, ::1 or localhost).', 'megaventory-sync' );
	}

	/**
	 * Loopback host names and addresses.
	 *
	 * @param string $host Host part of a URL.
	 * @return bool
	 */
	public static function is_loopback_host( $host ) {
		$host = strtolower( trim( (string) $host, '[]' ) );
		if ( 'localhost' === $host || '::1' === $host ) {
			return true;
		}
		// A well-formed dotted quad in 127.0.0.0/8 only: "127.999.0.1" or "127.0.0.01" would go
		// to the resolver (or be read as octal) instead of being the loopback address they look like.
		return false !== filter_var( $host, FILTER_VALIDATE_IP, FILTER_FLAG_IPV4 ) && 0 === strpos( $host, '127.' );
	}

	/**
	 * Integers, or strings holding only an optional minus and digits.
	 *
	 * @param mixed $value Value.
	 * @return bool
	 */
	private static function is_integer_like( $value ) {
		return is_int( $value ) || ( is_string( $value ) && preg_match( '/^-?\d{1,18}$/', trim( $value ) ) );
	}
}
