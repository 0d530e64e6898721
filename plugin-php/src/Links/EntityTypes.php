<?php
/**
 * The WooCommerce entity types the outbox and the links table know.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Links;

defined( 'ABSPATH' ) || exit;

/**
 * Entity type names shared by the outbox, the links and the REST API.
 */
final class EntityTypes {
	const ALL = array( 'product', 'variation', 'customer', 'coupon', 'tax_rate', 'order' );

	/**
	 * Whether the name is a known entity type.
	 *
	 * @param mixed $type Candidate.
	 * @return bool
	 */
	public static function is_valid( $type ) {
		return is_string( $type ) && in_array( $type, self::ALL, true );
	}
}
