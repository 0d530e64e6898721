<?php
/**
 * REST API for the sync worker, namespace megaventory/v1. Every route requires manage_woocommerce;
 * WordPress authenticates the caller (cookie + X-WP-Nonce, or an application password).
 * The protocol is documented in README.md.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Rest;

use MegaventorySync\Admin\QueueNotice;
use MegaventorySync\Links\CheckpointStore;
use MegaventorySync\Links\EntityTypes;
use MegaventorySync\Log\Logger;
use MegaventorySync\Plugin;
use MegaventorySync\Relay\Relay;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_HTTP_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Route registration and handlers.
 */
final class Routes {
	const NAMESPACE_V1    = 'megaventory/v1';
	const MAX_BODY_BYTES  = 262144;
	const MAX_BATCH       = 500;
	const MAX_LOG_ENTRIES = 100;
	const MAX_STATE_BYTES = 65536;

	/**
	 * Registers every route.
	 */
	public static function register() {
		$c     = self::class;
		$ids   = array(
			'type'     => 'array',
			'items'    => array(
				'type'    => 'integer',
				'minimum' => 1,
			),
			'minItems' => 1,
			'maxItems' => self::MAX_BATCH,
		);
		$page  = array(
			'page'     => array(
				'type'    => 'integer',
				'minimum' => 1,
				'default' => 1,
			),
			'per_page' => array(
				'type'    => 'integer',
				'minimum' => 1,
				'maximum' => 100,
				'default' => 20,
			),
		);
		$token = array(
			'type'     => 'string',
			'pattern'  => '^[0-9a-f]{32}$',
			'required' => true,
		);

		self::route( '/outbox/stats', 'GET', 'outbox_stats', array() );
		self::route(
			'/outbox/claim',
			'POST',
			'outbox_claim',
			array(
				'limit'         => array(
					'type'    => 'integer',
					'minimum' => 1,
					'maximum' => 500,
					'default' => 50,
				),
				'lease_seconds' => array(
					'type'    => 'integer',
					'minimum' => 10,
					'maximum' => 3600,
					'default' => 300,
				),
				// A worker's own token (the admin page's, made when the page loads).
				'lease_token'   => array(
					'type'    => 'string',
					'pattern' => '^[0-9a-f]{32}$',
				),
			)
		);
		self::route(
			'/outbox/ack',
			'POST',
			'outbox_ack',
			array(
				'lease_token' => $token,
				'ids'         => array_merge( $ids, array( 'required' => true ) ),
			)
		);
		self::route(
			'/outbox/fail',
			'POST',
			'outbox_fail',
			array(
				'lease_token'         => $token,
				'id'                  => array(
					'type'     => 'integer',
					'minimum'  => 1,
					'required' => true,
				),
				'error'               => array(
					'type'      => 'string',
					'minLength' => 1,
					'maxLength' => 2000,
					'required'  => true,
				),
				'retry_after_seconds' => array(
					'type'    => 'integer',
					'minimum' => 0,
					'maximum' => 604800,
				),
				'dead'                => array(
					'type'    => 'boolean',
					'default' => false,
				),
			)
		);
		self::route(
			'/outbox/release',
			'POST',
			'outbox_release',
			array(
				'lease_tokens' => array(
					'type'     => 'array',
					'items'    => array(
						'type'    => 'string',
						'pattern' => '^[0-9a-f]{32}$',
					),
					'minItems' => 1,
					'maxItems' => 100,
					'required' => true,
				),
			)
		);
		self::route( '/outbox/retry', 'POST', 'outbox_retry', array( 'ids' => array_merge( $ids, array( 'required' => true ) ) ) );
		self::route( '/outbox/discard', 'POST', 'outbox_discard', array( 'ids' => array_merge( $ids, array( 'required' => true ) ) ) );
		self::route( '/outbox/dead', 'GET', 'outbox_dead', $page );

		$wc_type = array(
			'type'     => 'string',
			'enum'     => EntityTypes::ALL,
			'required' => true,
		);
		self::route(
			'/links',
			'GET',
			'links_get',
			array(
				'wc_type' => $wc_type,
				'wc_ids'  => array_merge( $ids, array( 'required' => true ) ),
			)
		);
		// Either mv_id (one link or 404) or mv_ids (a list of the links that exist).
		self::route(
			'/links/by-mv-id',
			'GET',
			'links_by_mv_id',
			array(
				'wc_type' => $wc_type,
				'mv_id'   => array(
					'type'    => 'integer',
					'minimum' => 1,
				),
				'mv_ids'  => array(
					'type'     => 'array',
					'items'    => array(
						'type'    => 'integer',
						'minimum' => 1,
					),
					'minItems' => 1,
					'maxItems' => self::MAX_BATCH,
				),
			)
		);
		self::route(
			'/links',
			'POST',
			'links_put',
			array(
				'links' => array(
					'type'     => 'array',
					'required' => true,
					'minItems' => 1,
					'maxItems' => self::MAX_BATCH,
					'items'    => array(
						'type'                 => 'object',
						'additionalProperties' => false,
						'properties'           => array(
							'wc_type'      => array(
								'type'     => 'string',
								'enum'     => EntityTypes::ALL,
								'required' => true,
							),
							'wc_id'        => array(
								'type'     => 'integer',
								'minimum'  => 1,
								'required' => true,
							),
							'mv_id'        => array(
								'type'     => 'integer',
								'minimum'  => 1,
								'required' => true,
							),
							'sku'          => array(
								'type'      => array( 'string', 'null' ),
								'maxLength' => 191,
							),
							'content_hash' => array(
								'type'    => array( 'string', 'null' ),
								'pattern' => '^[A-Za-z0-9:_\-]{1,128}$',
							),
						),
					),
				),
			)
		);
		self::route(
			'/links/(?P<wc_type>[a-z_]+)/(?P<wc_id>\d+)',
			'DELETE',
			'links_delete',
			array(
				'wc_type' => $wc_type,
				'wc_id'   => array(
					'type'     => 'integer',
					'minimum'  => 1,
					'required' => true,
				),
			)
		);

		self::route( '/checkpoints', 'GET', 'checkpoints_list', array() );
		$job = array(
			'type'     => 'string',
			'pattern'  => '^[a-z0-9][a-z0-9_.\-]{0,63}$',
			'required' => true,
		);
		self::route( '/checkpoints/(?P<job>[a-z0-9_.\-]+)', 'GET', 'checkpoint_get', array( 'job' => $job ) );
		self::route(
			'/checkpoints/(?P<job>[a-z0-9_.\-]+)',
			'PUT',
			'checkpoint_put',
			array(
				'job'   => $job,
				'state' => array(
					'type'     => 'object',
					'required' => true,
				),
			)
		);
		self::route( '/checkpoints/(?P<job>[a-z0-9_.\-]+)', 'DELETE', 'checkpoint_delete', array( 'job' => $job ) );

		self::route(
			'/poll/lease',
			'POST',
			'poll_lease',
			array(
				'lease_token'   => $token,
				'lease_seconds' => array(
					'type'    => 'integer',
					'minimum' => 10,
					'maximum' => 600,
					'default' => 120,
				),
			)
		);
		self::route( '/poll/release', 'POST', 'poll_release', array( 'lease_token' => $token ) );

		self::route( '/config', 'GET', 'config', array() );

		self::route(
			'/logs',
			'GET',
			'logs_get',
			array_merge(
				$page,
				array(
					'level' => array(
						'type' => 'string',
						'enum' => Logger::LEVELS,
					),
				)
			)
		);
		self::route(
			'/logs',
			'POST',
			'logs_post',
			array(
				'entries' => array(
					'type'     => 'array',
					'required' => true,
					'minItems' => 1,
					'maxItems' => self::MAX_LOG_ENTRIES,
					'items'    => array(
						'type'                 => 'object',
						'additionalProperties' => false,
						'properties'           => array(
							'level'   => array(
								'type'     => 'string',
								'enum'     => Logger::LEVELS,
								'required' => true,
							),
							'message' => array(
								'type'      => 'string',
								'minLength' => 1,
								'maxLength' => Logger::MAX_MESSAGE,
								'required'  => true,
							),
							'context' => array( 'type' => 'object' ),
						),
					),
				),
			)
		);

		self::route( '/parked', 'GET', 'parked_get', $page );
		self::route(
			'/parked',
			'POST',
			'parked_post',
			array(
				'update' => array(
					'type'     => 'object',
					'required' => true,
				),
				'error'  => array(
					'type'                 => 'object',
					'required'             => true,
					'additionalProperties' => false,
					'properties'           => array(
						'code'    => array(
							'type'      => 'string',
							'minLength' => 1,
							'maxLength' => 100,
							'required'  => true,
						),
						'message' => array(
							'type'      => 'string',
							'minLength' => 1,
							'maxLength' => 2000,
							'required'  => true,
						),
					),
				),
			)
		);

		self::route(
			'/relay/(?P<operation>[A-Za-z0-9]+)',
			'POST',
			'relay',
			array(
				'operation' => array(
					'type'     => 'string',
					'required' => true,
				),
			)
		);
	}

	/**
	 * Registers one route with our permission check and body guard.
	 *
	 * @param string $path    Route path.
	 * @param string $method  HTTP method.
	 * @param string $handler Method name on this class.
	 * @param array  $args    Argument schema.
	 */
	private static function route( $path, $method, $handler, array $args ) {
		register_rest_route(
			self::NAMESPACE_V1,
			$path,
			array(
				'methods'             => $method,
				'callback'            => static function ( WP_REST_Request $request ) use ( $handler ) {
					$guard = Routes::guard_body( $request );
					if ( is_wp_error( $guard ) ) {
						return $guard;
					}
					return Routes::$handler( $request );
				},
				'permission_callback' => array( self::class, 'can_manage' ),
				'args'                => $args,
			)
		);
	}

	/**
	 * Permission check for every route.
	 *
	 * @return true|WP_Error
	 */
	public static function can_manage() {
		if ( current_user_can( 'manage_woocommerce' ) ) {
			return true;
		}
		return new WP_Error(
			'mvsync_forbidden',
			__( 'Only users who can manage WooCommerce may use the Megaventory Sync API.', 'megaventory-sync' ),
			array( 'status' => is_user_logged_in() ? 403 : 401 )
		);
	}

	/**
	 * Rejects oversized bodies and non-JSON bodies on write routes (before anything changes).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public static function guard_body( WP_REST_Request $request ) {
		if ( 'GET' === $request->get_method() || 'DELETE' === $request->get_method() ) {
			return true;
		}
		$limit = 0 === strpos( $request->get_route(), '/' . self::NAMESPACE_V1 . '/relay/' ) ? Relay::MAX_BODY_BYTES : self::MAX_BODY_BYTES;
		$body  = (string) $request->get_body();
		if ( strlen( $body ) > $limit ) {
			return new WP_Error(
				'mvsync_body_too_large',
				/* translators: %d: byte limit */
				sprintf( __( 'The request body is larger than %d bytes.', 'megaventory-sync' ), $limit ),
				array( 'status' => 413 )
			);
		}
		if ( '' !== $body && ! $request->is_json_content_type() ) {
			return new WP_Error( 'mvsync_json_required', __( 'Send the request body as JSON (Content-Type: application/json).', 'megaventory-sync' ), array( 'status' => 415 ) );
		}
		if ( '' !== $body && ! is_object( json_decode( $body ) ) ) {
			return new WP_Error( 'mvsync_invalid_json', __( 'The request body must be a JSON object.', 'megaventory-sync' ), array( 'status' => 400 ) );
		}
		return true;
	}

	/**
	 * A path parameter as matched in the URL (a JSON body field of the same name cannot override it).
	 *
	 * @param WP_REST_Request $request Request.
	 * @param string          $name    Parameter.
	 * @return string
	 */
	private static function url_param( WP_REST_Request $request, $name ) {
		$params = $request->get_url_params();
		return isset( $params[ $name ] ) ? (string) $params[ $name ] : '';
	}

	// Outbox.

	/**
	 * GET /outbox/stats.
	 *
	 * @return WP_REST_Response
	 */
	public static function outbox_stats() {
		$stats = Plugin::outbox()->stats();
		QueueNotice::remember( $stats );
		return new WP_REST_Response( $stats );
	}

	/**
	 * POST /outbox/claim.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function outbox_claim( WP_REST_Request $request ) {
		return new WP_REST_Response( Plugin::outbox()->claim( (int) $request['limit'], (int) $request['lease_seconds'], $request['lease_token'] ) );
	}

	/**
	 * POST /outbox/ack.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function outbox_ack( WP_REST_Request $request ) {
		return new WP_REST_Response( Plugin::outbox()->ack( $request['lease_token'], (array) $request['ids'] ) );
	}

	/**
	 * POST /outbox/fail.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function outbox_fail( WP_REST_Request $request ) {
		$retry_after = isset( $request['retry_after_seconds'] ) ? (int) $request['retry_after_seconds'] : null;
		// A worker calling Megaventory directly (it holds the key) may quote the key in an error;
		// the error is shown to admins, so it is stored scrubbed like every log line.
		$error = Plugin::logger()->scrub( (string) $request['error'] );
		$row   = Plugin::outbox()->fail( $request['lease_token'], (int) $request['id'], $error, $retry_after, (bool) $request['dead'] );
		if ( null === $row ) {
			return new WP_Error(
				'mvsync_lease_lost',
				/* translators: %d: outbox row id */
				sprintf( __( 'Outbox row %d is not leased under this token (the lease expired, or the row was acknowledged).', 'megaventory-sync' ), (int) $request['id'] ),
				array( 'status' => 409 )
			);
		}
		if ( 'dead' === $row['status'] ) {
			Plugin::logger()->log( 'error', sprintf( 'Outbox row %d (%s %d) dead-lettered after %d attempts: %s', $row['id'], $row['entity_type'], $row['entity_id'], $row['attempts'], $row['last_error'] ) );
		}
		return new WP_REST_Response( $row );
	}

	/**
	 * POST /outbox/release: a stopping worker hands its leased rows back.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function outbox_release( WP_REST_Request $request ) {
		return new WP_REST_Response( array( 'released' => Plugin::outbox()->release( (array) $request['lease_tokens'] ) ) );
	}

	/**
	 * POST /outbox/retry.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function outbox_retry( WP_REST_Request $request ) {
		$retried = Plugin::outbox()->retry( (array) $request['ids'] );
		delete_transient( QueueNotice::TRANSIENT );
		return new WP_REST_Response( array( 'retried' => $retried ) );
	}

	/**
	 * POST /outbox/discard.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function outbox_discard( WP_REST_Request $request ) {
		$discarded = Plugin::outbox()->discard( (array) $request['ids'] );
		delete_transient( QueueNotice::TRANSIENT );
		return new WP_REST_Response( array( 'discarded' => $discarded ) );
	}

	/**
	 * GET /outbox/dead.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function outbox_dead( WP_REST_Request $request ) {
		return new WP_REST_Response( Plugin::outbox()->list_by_status( 'dead', (int) $request['page'], (int) $request['per_page'] ) );
	}

	// Links.

	/**
	 * GET /links.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function links_get( WP_REST_Request $request ) {
		return new WP_REST_Response( array( 'links' => Plugin::links()->get_many( $request['wc_type'], (array) $request['wc_ids'] ) ) );
	}

	/**
	 * GET /links/by-mv-id.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function links_by_mv_id( WP_REST_Request $request ) {
		$has_one  = isset( $request['mv_id'] );
		$has_many = isset( $request['mv_ids'] );
		if ( $has_one === $has_many ) {
			return new WP_Error(
				'mvsync_invalid_mv_ids',
				__( 'Give either mv_id (one Megaventory id) or mv_ids (a comma-separated list of 1 to 500 ids), not both.', 'megaventory-sync' ),
				array(
					'status' => 400,
					'params' => array( 'mv_id', 'mv_ids' ),
				)
			);
		}
		if ( $has_many ) {
			return new WP_REST_Response( array( 'links' => Plugin::links()->find_by_mv_ids( $request['wc_type'], (array) $request['mv_ids'] ) ) );
		}
		$link = Plugin::links()->find_by_mv_id( $request['wc_type'], (int) $request['mv_id'] );
		if ( null === $link ) {
			return new WP_Error(
				'mvsync_link_not_found',
				/* translators: 1: entity type, 2: Megaventory id */
				sprintf( __( 'No %1$s is linked to Megaventory id %2$d.', 'megaventory-sync' ), $request['wc_type'], (int) $request['mv_id'] ),
				array( 'status' => 404 )
			);
		}
		return new WP_REST_Response( $link );
	}

	/**
	 * POST /links.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function links_put( WP_REST_Request $request ) {
		$store = Plugin::links();
		$saved = 0;
		foreach ( (array) $request['links'] as $link ) {
			$saved += $store->put( $link['wc_type'], (int) $link['wc_id'], (int) $link['mv_id'], $link['sku'] ?? null, $link['content_hash'] ?? null ) ? 1 : 0;
		}
		return new WP_REST_Response( array( 'saved' => $saved ) );
	}

	/**
	 * DELETE /links/{wc_type}/{wc_id}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function links_delete( WP_REST_Request $request ) {
		$wc_type = self::url_param( $request, 'wc_type' );
		$wc_id   = (int) self::url_param( $request, 'wc_id' );
		if ( ! EntityTypes::is_valid( $wc_type ) ) {
			return new WP_Error( 'mvsync_invalid_entity_type', __( 'Unknown entity type in the link path.', 'megaventory-sync' ), array( 'status' => 400 ) );
		}
		if ( ! Plugin::links()->delete( $wc_type, $wc_id ) ) {
			return new WP_Error(
				'mvsync_link_not_found',
				/* translators: 1: entity type, 2: WooCommerce id */
				sprintf( __( 'No link exists for %1$s %2$d.', 'megaventory-sync' ), $wc_type, $wc_id ),
				array( 'status' => 404 )
			);
		}
		return new WP_REST_Response( array( 'deleted' => true ) );
	}

	// The poll lease.

	/**
	 * POST /poll/lease: takes or renews the right to poll Megaventory's integration updates.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function poll_lease( WP_REST_Request $request ) {
		return new WP_REST_Response( Plugin::poll_lease()->acquire( $request['lease_token'], (int) $request['lease_seconds'] ) );
	}

	/**
	 * POST /poll/release: a stopping worker hands the poll lease back.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function poll_release( WP_REST_Request $request ) {
		return new WP_REST_Response( array( 'released' => Plugin::poll_lease()->release( $request['lease_token'] ) ) );
	}

	// Checkpoints.

	/**
	 * GET /checkpoints.
	 *
	 * @return WP_REST_Response
	 */
	public static function checkpoints_list() {
		return new WP_REST_Response( array( 'checkpoints' => Plugin::checkpoints()->all() ) );
	}

	/**
	 * GET /checkpoints/{job}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function checkpoint_get( WP_REST_Request $request ) {
		$job        = self::url_param( $request, 'job' );
		$checkpoint = Plugin::checkpoints()->get( $job );
		return null === $checkpoint ? self::checkpoint_not_found( $job ) : new WP_REST_Response( $checkpoint );
	}

	/**
	 * PUT /checkpoints/{job}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function checkpoint_put( WP_REST_Request $request ) {
		$state = $request['state'];
		if ( strlen( (string) wp_json_encode( $state ) ) > self::MAX_STATE_BYTES ) {
			return new WP_Error(
				'mvsync_checkpoint_too_large',
				/* translators: %d: byte limit */
				sprintf( __( 'A checkpoint state may hold at most %d bytes of JSON.', 'megaventory-sync' ), self::MAX_STATE_BYTES ),
				array( 'status' => 413 )
			);
		}
		$job = self::url_param( $request, 'job' );
		if ( ! CheckpointStore::is_valid_job( $job ) ) {
			return self::checkpoint_not_found( $job );
		}
		// Job state can hold error texts from Megaventory; none may carry the key.
		$scrubbed = json_decode( Plugin::logger()->scrub( (string) wp_json_encode( $state ) ), true );
		$state    = is_array( $scrubbed ) ? $scrubbed : $state;
		Plugin::checkpoints()->put( $job, $state );
		return new WP_REST_Response( Plugin::checkpoints()->get( $job ) );
	}

	/**
	 * DELETE /checkpoints/{job}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function checkpoint_delete( WP_REST_Request $request ) {
		$job = self::url_param( $request, 'job' );
		return Plugin::checkpoints()->delete( $job ) ? new WP_REST_Response( array( 'deleted' => true ) ) : self::checkpoint_not_found( $job );
	}

	/**
	 * 404 for a missing checkpoint.
	 *
	 * @param string $job Job name.
	 * @return WP_Error
	 */
	private static function checkpoint_not_found( $job ) {
		return new WP_Error(
			'mvsync_checkpoint_not_found',
			/* translators: %s: job name */
			sprintf( __( 'No checkpoint is stored for job "%s".', 'megaventory-sync' ), $job ),
			array( 'status' => 404 )
		);
	}

	// Config, logs, relay.

	/**
	 * GET /config: what the worker needs, never the key.
	 *
	 * @return WP_REST_Response
	 */
	public static function config() {
		$settings = Plugin::settings();
		$config   = $settings->all();
		return new WP_REST_Response(
			array_merge(
				$config,
				array(
					'has_api_key'      => $settings->has_api_key(),
					'relay_operations' => Plugin::relay()->allowed_operations(),
					'plugin_version'   => MVSYNC_VERSION,
					'wc_version'       => defined( 'WC_VERSION' ) ? WC_VERSION : null,
					'currency'         => function_exists( 'get_woocommerce_currency' ) ? get_woocommerce_currency() : null,
				)
			)
		);
	}

	/**
	 * GET /logs.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function logs_get( WP_REST_Request $request ) {
		return new WP_REST_Response( Plugin::logger()->page( (int) $request['page'], (int) $request['per_page'], $request['level'] ?? null ) );
	}

	/**
	 * POST /logs: entries written by the worker.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function logs_post( WP_REST_Request $request ) {
		$logger = Plugin::logger();
		$count  = 0;
		foreach ( (array) $request['entries'] as $entry ) {
			$logger->log( $entry['level'], sanitize_textarea_field( $entry['message'] ), isset( $entry['context'] ) ? (array) $entry['context'] : array(), 'worker' );
			++$count;
		}
		return new WP_REST_Response( array( 'written' => $count ), 201 );
	}

	/**
	 * GET /parked: integration updates the worker gave up on, newest first.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function parked_get( WP_REST_Request $request ) {
		return new WP_REST_Response( Plugin::parked()->page( (int) $request['page'], (int) $request['per_page'] ) );
	}

	/**
	 * POST /parked: keeps a poison integration update with its error, and logs it for the admin.
	 * The update is stored as the client sent it (decoded as objects, so `{}` survives).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function parked_post( WP_REST_Request $request ) {
		$body   = json_decode( (string) $request->get_body(), false );
		$update = wp_json_encode( $body->update ?? new \stdClass(), JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION );
		if ( strlen( (string) $update ) > \MegaventorySync\Parked\ParkedStore::MAX_UPDATE_BYTES ) {
			return new WP_Error(
				'mvsync_parked_too_large',
				/* translators: %d: byte limit */
				sprintf( __( 'A parked integration update may hold at most %d bytes of JSON.', 'megaventory-sync' ), \MegaventorySync\Parked\ParkedStore::MAX_UPDATE_BYTES ),
				array( 'status' => 413 )
			);
		}
		$logger  = Plugin::logger();
		$code    = sanitize_text_field( $request['error']['code'] );
		$message = $logger->scrub( sanitize_textarea_field( $request['error']['message'] ) );
		$id      = Plugin::parked()->park( $logger->scrub( (string) $update ), $code, $message );
		if ( 0 === $id ) {
			return new WP_Error( 'mvsync_parked_not_saved', __( 'The integration update could not be stored.', 'megaventory-sync' ), array( 'status' => 500 ) );
		}
		$logger->log(
			'error',
			sprintf( 'Integration update parked (#%d): %s: %s', $id, $code, $message ),
			array( 'parked_id' => $id ),
			'worker'
		);
		return new WP_REST_Response( array( 'id' => $id ), 201 );
	}

	/**
	 * POST /relay/{Operation}: the JSON body is the Megaventory request without the key. The answer
	 * is Megaventory's own status and body (see serve_relay_passthrough()).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function relay( WP_REST_Request $request ) {
		$result = Plugin::relay()->forward( self::url_param( $request, 'operation' ), (string) $request->get_body() );
		if ( is_wp_error( $result ) ) {
			return $result;
		}
		$decoded = json_decode( $result['body'], false );

		$response = new RelayResponse( null === $decoded && 'null' !== trim( $result['body'] ) ? $result['body'] : $decoded, $result['status'] );

		$response->raw_body = $result['body'];
		$response->header( 'Content-Type', $result['content_type'] );
		return $response;
	}

	/**
	 * Whether a request is for the relay route.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return bool
	 */
	private static function is_relay_request( $request ) {
		return $request instanceof WP_REST_Request && 0 === strpos( $request->get_route(), '/' . self::NAMESPACE_V1 . '/relay/' );
	}

	/**
	 * Filter rest_request_after_callbacks: any answer to a relay request that the relay made itself
	 * (refused, not configured, unreachable, too large, not authorised, bad input) carries the
	 * X-Megaventory-Relay-Error header with its code, so the client never mistakes it for
	 * Megaventory's answer.
	 *
	 * @param WP_REST_Response|WP_Error|mixed $response Result.
	 * @param array                           $handler  Route handler.
	 * @param WP_REST_Request                 $request  Request.
	 * @return WP_REST_Response|WP_Error|mixed
	 */
	public static function mark_relay_errors( $response, $handler, $request ) {
		unset( $handler );
		if ( ! self::is_relay_request( $request ) || $response instanceof RelayResponse ) {
			return $response;
		}
		if ( is_wp_error( $response ) ) {
			$code     = $response->get_error_code();
			$response = rest_convert_error_to_response( $response );
			$response->header( Relay::ERROR_HEADER, (string) $code );
		}
		return $response;
	}

	/**
	 * Filter rest_pre_serve_request: sends a relayed answer's body byte for byte instead of
	 * letting WordPress encode it again.
	 *
	 * @param bool             $served  Whether the request was already served.
	 * @param WP_HTTP_Response $result  Result.
	 * @param WP_REST_Request  $request Request.
	 * @param WP_REST_Server   $server  Server.
	 * @return bool
	 */
	public static function serve_relay_passthrough( $served, $result, $request, $server ) {
		unset( $server );
		if ( $served || ! $result instanceof RelayResponse || ! self::is_relay_request( $request ) || 'HEAD' === $request->get_method() ) {
			return $served;
		}
		echo $result->raw_body; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- Megaventory's JSON answer, passed through unchanged (key redacted); sent as JSON, not HTML.
		return true;
	}
}
