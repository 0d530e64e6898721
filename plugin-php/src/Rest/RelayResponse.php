<?php
/**
 * A REST response that carries Megaventory's answer for the relay, byte for byte.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Rest;

defined( 'ABSPATH' ) || exit;

/**
 * Data is the decoded answer (for in-process callers); raw_body is what is sent over HTTP.
 */
class RelayResponse extends \WP_REST_Response {
	/**
	 * Megaventory's body, with the key redacted.
	 *
	 * @var string
	 */
	public $raw_body = '';
}
