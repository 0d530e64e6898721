<?php
/**
 * Forwards the worker's Megaventory calls with the API key added here, on the server, so the key
 * never reaches a browser. Only the operations the engine uses are allowed.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Relay;

use MegaventorySync\Log\Logger;
use MegaventorySync\Settings\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * The relay.
 */
class Relay {
	/**
	 * Operations the sync engine calls (POST {api_url}json/reply/{Operation}).
	 */
	const OPERATIONS = array(
		'APIKeyGet',
		'AccountSettingsGet',
		'CurrencyGet',
		'InventoryLocationGet',
		'InventoryLocationUpdate',
		'InventoryLocationStockGet',
		'ProductCategoryGet',
		'ProductCategoryUpdate',
		'ProductCategoryUndelete',
		'ProductGet',
		'ProductUpdate',
		'ProductUndelete',
		'ProductDelete',
		'ProductBundleGet',
		'ProductBundleUpdate',
		'ProductBundleUndelete',
		'ProductBOMGetByMaterials',
		'ProductBOMUpdate',
		'WorkOrderUpdate',
		'DocumentUpdate',
		'SupplierClientGet',
		'SupplierClientUpdate',
		'SupplierClientUndelete',
		'SupplierClientDelete',
		'DiscountGet',
		'DiscountUpdate',
		'TaxGet',
		'TaxUpdate',
		'SalesOrderGet',
		'SalesOrderUpdate',
		'SalesOrderCancel',
		'IntegrationUpdateGet',
		'IntegrationUpdateDelete',
		'DocumentGet',
		'ProductCategoryDelete',
		'DiscountDelete',
		'DiscountUndelete',
		'TaxDelete',
		'TaxUndelete',
		'InventoryLocationStockProductStockUpdate',
	);

	/**
	 * Response header that marks an answer made by the relay itself (not by Megaventory).
	 */
	const ERROR_HEADER = 'X-Megaventory-Relay-Error';

	const MAX_BODY_BYTES = 1048576;
	const TIMEOUT        = 30;

	/**
	 * Settings.
	 *
	 * @var Settings
	 */
	private $settings;

	/**
	 * Logger.
	 *
	 * @var Logger
	 */
	private $logger;

	/**
	 * Constructor.
	 *
	 * @param Settings $settings Settings.
	 * @param Logger   $logger   Logger.
	 */
	public function __construct( Settings $settings, Logger $logger ) {
		$this->settings = $settings;
		$this->logger   = $logger;
	}

	/**
	 * Allowed operations (filterable, but never anything that returns the key unscrubbed:
	 * responses are scrubbed whatever the operation).
	 *
	 * @return string[]
	 */
	public function allowed_operations() {
		return array_values( (array) apply_filters( 'mvsync_relay_operations', self::OPERATIONS ) );
	}

	/**
	 * The canonical spelling of an allowed operation, or null (matching is case-insensitive,
	 * as Megaventory's own routing is).
	 *
	 * @param string $operation Requested name.
	 * @return string|null
	 */
	public function canonical_operation( $operation ) {
		foreach ( $this->allowed_operations() as $allowed ) {
			if ( 0 === strcasecmp( $allowed, (string) $operation ) ) {
				return $allowed;
			}
		}
		return null;
	}

	/**
	 * Sends one call and returns Megaventory's answer as it came (status, body with the key
	 * redacted, content type), so that the worker decodes it exactly like a direct call.
	 *
	 * @param string $operation Operation name.
	 * @param string $raw_body  The worker's JSON text, without the key ('' = empty object).
	 * @return array{operation:string, status:int, body:string, content_type:string}|\WP_Error
	 */
	public function forward( $operation, $raw_body ) {
		$canonical = $this->canonical_operation( $operation );
		if ( null === $canonical ) {
			return new \WP_Error(
				'mvsync_relay_operation_not_allowed',
				/* translators: %s: operation name */
				sprintf( __( 'The relay does not forward the operation "%s".', 'megaventory-sync' ), sanitize_text_field( $operation ) ),
				array( 'status' => 403 )
			);
		}
		$key = $this->settings->api_key();
		if ( '' === $key ) {
			return new \WP_Error( 'mvsync_not_configured', __( 'No Megaventory API key is configured. Enter it on the Megaventory settings page.', 'megaventory-sync' ), array( 'status' => 409 ) );
		}
		$api_url = (string) $this->settings->get( 'api_url' );
		// Settings validates the URL when it is saved; checked again here in case the option was
		// written some other way (a filter, a database edit, an older version of the plugin).
		$url_error = Settings::url_error( $api_url );
		if ( null !== $url_error ) {
			return new \WP_Error( 'mvsync_not_configured', $url_error, array( 'status' => 409 ) );
		}
		$body = self::body_with_key( $raw_body, $key );
		if ( is_wp_error( $body ) ) {
			return $body;
		}

		$url      = trailingslashit( $api_url ) . 'json/reply/' . $canonical;
		$response = wp_remote_post(
			$url,
			array(
				'timeout'     => self::TIMEOUT,
				'redirection' => 0,
				'headers'     => array(
					'Content-Type' => 'application/json',
					'Accept'       => 'application/json',
				),
				'body'        => $body,
			)
		);
		unset( $body );

		if ( is_wp_error( $response ) ) {
			$message = $this->logger->scrub( $response->get_error_message() );
			$this->logger->log( 'error', sprintf( 'Relay %s: Megaventory unreachable: %s', $canonical, $message ) );
			return new \WP_Error(
				'mvsync_relay_unreachable',
				/* translators: 1: operation, 2: transport error */
				sprintf( __( 'Megaventory could not be reached for %1$s: %2$s', 'megaventory-sync' ), $canonical, $message ),
				array( 'status' => 502 )
			);
		}

		$status = (int) wp_remote_retrieve_response_code( $response );
		if ( $status >= 300 && $status < 400 ) {
			// Redirects are never followed (the key would go wherever Location points).
			$this->logger->log( 'warning', sprintf( 'Relay %s: Megaventory answered with a redirect (HTTP %d); not followed.', $canonical, $status ) );
		} elseif ( $status >= 400 ) {
			$this->logger->log( 'warning', sprintf( 'Relay %s: Megaventory answered HTTP %d.', $canonical, $status ) );
		}
		$content_type = (string) wp_remote_retrieve_header( $response, 'content-type' );
		return array(
			'operation'    => $canonical,
			'status'       => $status > 0 ? $status : 502,
			'body'         => $this->scrub_body( (string) wp_remote_retrieve_body( $response ), $key ),
			'content_type' => '' === $content_type ? 'application/json; charset=utf-8' : $content_type,
		);
	}

	/**
	 * The request JSON with any client-sent key field dropped and the stored key added. Decoded
	 * into objects (not arrays), so `{}` stays `{}` and `[]` stays `[]` when it is encoded again.
	 *
	 * @param string $raw_body JSON object text ('' = empty object).
	 * @param string $key      API key.
	 * @return string|\WP_Error
	 */
	public static function body_with_key( $raw_body, $key ) {
		$raw_body = trim( (string) $raw_body );
		$fields   = '' === $raw_body ? new \stdClass() : json_decode( $raw_body, false );
		if ( ! $fields instanceof \stdClass ) {
			return new \WP_Error( 'mvsync_invalid_json', __( 'The relay body must be a JSON object.', 'megaventory-sync' ), array( 'status' => 400 ) );
		}
		foreach ( array_keys( get_object_vars( $fields ) ) as $field ) {
			if ( 0 === strcasecmp( (string) $field, 'APIKEY' ) ) {
				unset( $fields->$field );
			}
		}
		$fields->APIKEY = $key; // phpcs:ignore WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- Megaventory's field name.
		$json           = wp_json_encode( $fields, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION );
		return false === $json ? new \WP_Error( 'mvsync_invalid_json', __( 'The relay body could not be encoded again as JSON.', 'megaventory-sync' ), array( 'status' => 400 ) ) : $json;
	}

	/**
	 * Megaventory's answer with the key replaced wherever it appears: as is, JSON-escaped, and
	 * URL-encoded (a key's "@" is "%40" inside a URL an error message might quote).
	 *
	 * @param string $body Response body.
	 * @param string $key  API key.
	 * @return string
	 */
	private function scrub_body( $body, $key ) {
		$escaped = substr( (string) wp_json_encode( $key ), 1, -1 );
		$forms   = array_unique( array( $key, $escaped, rawurlencode( $key ) ) );
		return str_ireplace( $forms, Logger::REDACTED, $body );
	}
}
