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
	);

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
	 * Sends one call.
	 *
	 * @param string $operation Operation name.
	 * @param array  $body      Request fields, without the key.
	 * @return array|\WP_Error {operation, http_status, response}
	 */
	public function forward( $operation, array $body ) {
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
		foreach ( array_keys( $body ) as $field ) {
			if ( is_string( $field ) && 0 === strcasecmp( $field, 'APIKEY' ) ) {
				unset( $body[ $field ] );
			}
		}
		$body['APIKEY'] = $key;

		$url      = trailingslashit( (string) $this->settings->get( 'api_url' ) ) . 'json/reply/' . $canonical;
		$response = wp_remote_post(
			$url,
			array(
				'timeout'     => self::TIMEOUT,
				'redirection' => 0,
				'headers'     => array(
					'Content-Type' => 'application/json',
					'Accept'       => 'application/json',
				),
				'body'        => wp_json_encode( $body ),
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
		$raw    = $this->logger->scrub( (string) wp_remote_retrieve_body( $response ) );
		$json   = json_decode( $raw, true );
		if ( $status >= 400 ) {
			$this->logger->log( 'warning', sprintf( 'Relay %s: Megaventory answered HTTP %d.', $canonical, $status ) );
		}
		return array(
			'operation'   => $canonical,
			'http_status' => $status,
			'response'    => null === $json && 'null' !== trim( $raw ) ? array( 'raw' => substr( $raw, 0, 65536 ) ) : $json,
		);
	}
}
