<?php
/**
 * "Megaventory" boxes on the order edit screen (HPOS and legacy) and the product edit screen:
 * the linked sales order or product, its status, the actions, and for orders the history of sync
 * attempts (outbox rows and the worker's log lines about that order). Read from our tables only.
 *
 * @package MegaventorySync
 */

namespace MegaventorySync\Admin;

use MegaventorySync\Infra\MysqlTime;
use MegaventorySync\Install\Schema;
use MegaventorySync\Plugin;

defined( 'ABSPATH' ) || exit;

/**
 * Edit-screen meta boxes.
 */
final class EditScreenBoxes {
	const BOX_ID        = 'mvsync-box';
	const HISTORY_LIMIT = 20;

	/**
	 * Hooks (admin requests only).
	 */
	public static function register() {
		add_action( 'add_meta_boxes', array( self::class, 'add_boxes' ) );
	}

	/**
	 * Order screen id: HPOS's page when it is on, the shop_order post type otherwise.
	 *
	 * @return string
	 */
	public static function order_screen_id() {
		return function_exists( 'wc_get_page_screen_id' ) ? wc_get_page_screen_id( 'shop-order' ) : 'shop_order';
	}

	/**
	 * Adds the boxes for users who may manage WooCommerce.
	 */
	public static function add_boxes() {
		if ( ! current_user_can( AdminPage::CAPABILITY ) ) {
			return;
		}
		add_meta_box( self::BOX_ID, __( 'Megaventory', 'megaventory-sync' ), array( self::class, 'render_order_box' ), self::order_screen_id(), 'side', 'default' );
		add_meta_box( self::BOX_ID, __( 'Megaventory', 'megaventory-sync' ), array( self::class, 'render_product_box' ), 'product', 'side', 'default' );
	}

	/**
	 * Order box. WooCommerce passes a WC_Order (HPOS) or a WP_Post (legacy).
	 *
	 * @param mixed $post_or_order Order or post.
	 */
	public static function render_order_box( $post_or_order ) {
		$order_id = self::object_id( $post_or_order );
		echo self::order_box_html( $order_id ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built from escaped parts.
	}

	/**
	 * Product box.
	 *
	 * @param mixed $post Post.
	 */
	public static function render_product_box( $post ) {
		$product_id = self::object_id( $post );
		$status     = Plugin::statuses()->get( 'product', $product_id );
		echo WooScreens::badge_html( 'product', $status ) . '<p>' . WooScreens::action_links_html( 'product', $product_id, $status ) . '</p>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- both escape every part.
	}

	/**
	 * The order box's HTML.
	 *
	 * @param int $order_id Order id.
	 * @return string HTML, escaped.
	 */
	public static function order_box_html( $order_id ) {
		$status = Plugin::statuses()->get( 'order', $order_id );
		$html   = '<div class="mvsync-order-box">' . WooScreens::badge_html( 'order', $status );
		$link   = Plugin::links()->get( 'order', $order_id );
		if ( $link ) {
			$html .= '<table class="mvsync-linked-sales-orders widefat striped" style="margin-top:8px"><tbody>';
			$html .= self::fact_row( __( 'Sales order id', 'megaventory-sync' ), (string) $link['mv_id'] );
			// The engine keeps the sales order's label ("SO 12 · Main · Verified") in the link's sku.
			if ( null !== $link['sku'] ) {
				$html .= self::fact_row( __( 'Number · location · status', 'megaventory-sync' ), $link['sku'] );
			}
			$html .= self::fact_row( __( 'Last sync (UTC)', 'megaventory-sync' ), (string) $link['updated_at'] );
			$html .= '</tbody></table>';
		} else {
			$html .= '<p>' . esc_html__( 'No Megaventory sales order is linked to this order yet.', 'megaventory-sync' ) . '</p>';
		}
		$html .= '<p>' . WooScreens::action_links_html( 'order', $order_id, $status ) . '</p>';

		$history = self::order_history( $order_id );
		$html   .= '<h4>' . esc_html__( 'Sync attempts', 'megaventory-sync' ) . '</h4>';
		if ( empty( $history ) ) {
			$html .= '<p>' . esc_html__( 'None recorded.', 'megaventory-sync' ) . '</p>';
		} else {
			$html .= '<ul class="mvsync-history">';
			foreach ( $history as $entry ) {
				$html .= sprintf( '<li><time>%s</time> <strong>%s</strong> %s</li>', esc_html( (string) $entry['at'] ), esc_html( $entry['what'] ), esc_html( $entry['detail'] ) );
			}
			$html .= '</ul>';
		}
		return $html . '</div>';
	}

	/**
	 * The order's outbox rows and log lines, newest first (at most HISTORY_LIMIT of each).
	 *
	 * @param int $order_id Order id.
	 * @return array<int,array{at:string|null, what:string, detail:string}>
	 */
	public static function order_history( $order_id ) {
		global $wpdb;
		$outbox = Schema::table( 'outbox' );
		$log    = Schema::table( 'log' );
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- only our table names are interpolated; one edit screen, no cache needed.
		$rows  = (array) $wpdb->get_results( $wpdb->prepare( "SELECT action, status, attempts, last_error, updated_at FROM {$outbox} WHERE entity_type = 'order' AND entity_id = %d ORDER BY id DESC LIMIT %d", $order_id, self::HISTORY_LIMIT ), ARRAY_A );
		$lines = (array) $wpdb->get_results(
			$wpdb->prepare(
				"SELECT created_at, level, message FROM {$log} WHERE context LIKE %s AND (context LIKE %s OR context LIKE %s) ORDER BY id DESC LIMIT %d",
				'%' . $wpdb->esc_like( '"kind":"order"' ) . '%',
				// The id is followed by the next key or by the end of the entity object.
				'%' . $wpdb->esc_like( '"wc_id":' . (int) $order_id . ',' ) . '%',
				'%' . $wpdb->esc_like( '"wc_id":' . (int) $order_id . '}' ) . '%',
				self::HISTORY_LIMIT
			),
			ARRAY_A
		);
		// phpcs:enable
		$history = array();
		foreach ( $rows as $row ) {
			$detail = sprintf(
				/* translators: 1: action, 2: attempts */
				__( '%1$s, attempts: %2$d', 'megaventory-sync' ),
				$row['action'],
				(int) $row['attempts']
			);
			if ( null !== $row['last_error'] && '' !== $row['last_error'] ) {
				$detail .= ' — ' . $row['last_error'];
			}
			$history[] = array(
				'at'     => MysqlTime::to_iso( $row['updated_at'] ),
				'what'   => $row['status'],
				'detail' => $detail,
			);
		}
		foreach ( $lines as $line ) {
			$history[] = array(
				'at'     => MysqlTime::to_iso( $line['created_at'] ),
				'what'   => $line['level'],
				'detail' => $line['message'],
			);
		}
		usort(
			$history,
			static function ( $a, $b ) {
				return strcmp( (string) $b['at'], (string) $a['at'] );
			}
		);
		return $history;
	}

	/**
	 * One label/value row.
	 *
	 * @param string $label Label.
	 * @param string $value Value.
	 * @return string
	 */
	private static function fact_row( $label, $value ) {
		return sprintf( '<tr><th scope="row">%s</th><td>%s</td></tr>', esc_html( $label ), esc_html( $value ) );
	}

	/**
	 * Id of a WC_Order, WP_Post or number.
	 *
	 * @param mixed $thing Object or id.
	 * @return int
	 */
	private static function object_id( $thing ) {
		if ( is_object( $thing ) && method_exists( $thing, 'get_id' ) ) {
			return (int) $thing->get_id();
		}
		if ( is_object( $thing ) && isset( $thing->ID ) ) {
			return (int) $thing->ID;
		}
		return (int) $thing;
	}
}
