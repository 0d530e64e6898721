<?php
/**
 * Megaventory inside WooCommerce's screens: the status columns (one query per list page, errors
 * escaped in hovers), "Sync now" at the head of the outbox, the order box, the queue notice by role.
 *
 * @package MegaventorySyncTests
 */

namespace MegaventorySync\Tests;

use MegaventorySync\Admin\EditScreenBoxes;
use MegaventorySync\Admin\QueueNotice;
use MegaventorySync\Admin\WooScreens;
use MegaventorySync\Outbox\Outbox;
use MegaventorySync\Plugin;
use MegaventorySync\Status\EntityStatus;

/**
 * Admin screens tests.
 */
final class WooScreensTest extends TestCase {
	const HOSTILE_ERROR = '[megaventory.rejected] product #1: <script>alert("x")</script> & \'quoted\'';

	/**
	 * Posts created by the test.
	 *
	 * @var int[]
	 */
	private $post_ids = array();

	/**
	 * Fresh caches and no notice transient.
	 */
	protected function setUp(): void {
		parent::setUp();
		Plugin::statuses()->forget();
		delete_transient( QueueNotice::TRANSIENT );
	}

	/**
	 * Removes the posts and users made here.
	 */
	protected function tearDown(): void {
		foreach ( $this->post_ids as $id ) {
			wp_delete_post( $id, true );
		}
		$GLOBALS['wp_query']      = new \WP_Query();
		$GLOBALS['wp_list_table'] = null;
		delete_transient( QueueNotice::TRANSIENT );
		parent::tearDown();
		Plugin::statuses()->forget();
	}

	/**
	 * Plain posts of a type (the list screens only need ids and the main query).
	 *
	 * @param string $post_type Post type.
	 * @param int    $count     How many.
	 * @return int[]
	 */
	private function make_posts( $post_type, $count ) {
		$ids = array();
		for ( $i = 0; $i < $count; $i++ ) {
			$ids[] = (int) wp_insert_post(
				array(
					'post_type'   => $post_type,
					'post_title'  => "mvsync list row $i",
					'post_status' => 'shop_order' === $post_type ? 'draft' : 'publish',
				)
			);
		}
		$this->post_ids = array_merge( $this->post_ids, $ids );
		return $ids;
	}

	/**
	 * Gives the rows every status: [synced, pending, failed, not linked, …] cycling.
	 *
	 * @param string $type Entity type.
	 * @param int[]  $ids  Ids.
	 */
	private function seed_statuses( $type, array $ids ) {
		global $wpdb;
		$link_type = 'variation' === $type ? 'product' : $type;
		foreach ( $ids as $i => $id ) {
			switch ( $i % 4 ) {
				case 0:
					Plugin::links()->put( $link_type, $id, 4000 + $i, 'order' === $type ? 'SO-' . $i : null );
					break;
				case 1:
					Plugin::outbox()->record( $type, $id, 'updated' );
					break;
				case 2:
					Plugin::outbox()->record( $type, $id, 'updated' );
					$wpdb->query( $wpdb->prepare( 'UPDATE ' . \MegaventorySync\Install\Schema::table( 'outbox' ) . " SET status = 'dead', coalesce_key = NULL, last_error = %s WHERE entity_type = %s AND entity_id = %d", self::HOSTILE_ERROR, $type, $id ) ); // phpcs:ignore
					break;
			}
		}
	}

	/**
	 * Runs $render and counts the SQL queries it made.
	 *
	 * @param callable $render Renders cells.
	 * @return array{0:int, 1:string} Query count and output.
	 */
	private function count_queries( callable $render ) {
		global $wpdb;
		$before = $wpdb->num_queries;
		ob_start();
		$render();
		$html = (string) ob_get_clean();
		return array( $wpdb->num_queries - $before, $html );
	}

	/**
	 * Checks one rendered list of 50 rows: statuses and escaping.
	 *
	 * @param string $html Rendered cells.
	 * @param string $type Entity type.
	 */
	private function assert_statuses_rendered( $html, $type ) {
		$this->assertSame( 13, substr_count( $html, 'data-mvsync-status="synced"' ) );
		$this->assertSame( 13, substr_count( $html, 'data-mvsync-status="pending"' ) );
		$this->assertSame( 12, substr_count( $html, 'data-mvsync-status="failed"' ) );
		$this->assertSame( 12, substr_count( $html, 'data-mvsync-status="not_linked"' ) );
		$this->assertStringNotContainsString( '<script>', $html, 'the error is escaped' );
		$this->assertStringContainsString( 'title="[megaventory.rejected] product #1: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#039;quoted&#039;"', $html );
		$this->assertSame( 50, substr_count( $html, 'action=mvsync_sync_now' ) );
		$this->assertSame( 50, substr_count( $html, '#preview=' . $type . ':' ) );
	}

	/**
	 * Products list: 50 rows, one query for every status.
	 */
	public function test_products_column_reads_a_page_of_50_in_one_query() {
		$this->act_as( 'shop_manager' );
		$ids = $this->make_posts( 'product', 50 );
		$this->seed_statuses( 'product', $ids );
		$GLOBALS['wp_query'] = new \WP_Query(
			array(
				'post_type'      => 'product',
				'post__in'       => $ids,
				'posts_per_page' => 50,
				'orderby'        => 'post__in',
			)
		);
		$this->assertCount( 50, $GLOBALS['wp_query']->posts );
		list( $queries, $html ) = $this->count_queries(
			static function () use ( $ids ) {
				foreach ( $ids as $id ) {
					WooScreens::render_product_cell( WooScreens::COLUMN, $id );
					WooScreens::render_product_cell( 'name', $id );
				}
			}
		);
		fwrite( STDERR, "\n[figure] products list, 50 rows: {$queries} query for the status column\n" );
		$this->assertSame( 1, $queries );
		$this->assert_statuses_rendered( $html, 'product' );
	}

	/**
	 * Legacy orders list: the same rule; a linked order offers "Resend", not a second create.
	 */
	public function test_legacy_orders_column_reads_a_page_of_50_in_one_query() {
		$this->act_as( 'administrator' );
		$ids = $this->make_posts( 'shop_order', 50 );
		$this->seed_statuses( 'order', $ids );
		$GLOBALS['wp_query'] = new \WP_Query(
			array(
				'post_type'      => 'shop_order',
				'post_status'    => 'any',
				'post__in'       => $ids,
				'posts_per_page' => 50,
			)
		);
		list( $queries, $html ) = $this->count_queries(
			static function () use ( $ids ) {
				foreach ( $ids as $id ) {
					WooScreens::render_legacy_order_cell( WooScreens::COLUMN, $id );
				}
			}
		);
		fwrite( STDERR, "[figure] legacy orders list, 50 rows: {$queries} query for the status column\n" );
		$this->assertSame( 1, $queries );
		$this->assert_statuses_rendered( $html, 'order' );
		$this->assertStringContainsString( 'Synced: sales order 4000 (SO-0)', $html );
		$this->assertSame( 13, substr_count( $html, 'Resend to Megaventory' ) );
	}

	/**
	 * HPOS orders list: the page's own order query primes the statuses (one query), the cells then
	 * read none; an order query that is not the list page's primes nothing.
	 */
	public function test_hpos_orders_column_primes_from_the_page_query() {
		$this->act_as( 'shop_manager' );
		$ids = range( 9001, 9050 );
		$this->seed_statuses( 'order', $ids );
		$orders = $ids; // wc_get_orders() may answer ids (return => ids) or objects; ids here.
		add_filter( 'woocommerce_shop_order_list_table_prepare_items_query_args', array( WooScreens::class, 'expect_hpos_page_query' ) );
		add_filter( 'woocommerce_order_query', array( WooScreens::class, 'prime_from_hpos_page_query' ) );
		try {
			// Some other order query first: not the list page, primes nothing.
			apply_filters( 'woocommerce_order_query', array( 1, 2 ), array() );
			$this->assertFalse( Plugin::statuses()->has( 'order', 1 ) );

			list( $queries ) = $this->count_queries(
				static function () use ( $orders ) {
					apply_filters( 'woocommerce_shop_order_list_table_prepare_items_query_args', array( 'limit' => 50 ) );
					apply_filters( 'woocommerce_order_query', (object) array( 'orders' => $orders, 'total' => 50, 'max_num_pages' => 1 ), array() );
				}
			);
			$this->assertSame( 1, $queries, 'one query while the page is prepared' );
			$fake_order = static function ( $id ) {
				return new class( $id ) {
					/**
					 * Id.
					 *
					 * @var int
					 */
					private $id;
					/**
					 * Constructor.
					 *
					 * @param int $id Id.
					 */
					public function __construct( $id ) {
						$this->id = $id;
					}
					/**
					 * Id.
					 *
					 * @return int
					 */
					public function get_id() {
						return $this->id;
					}
				};
			};
			list( $queries, $html ) = $this->count_queries(
				static function () use ( $ids, $fake_order ) {
					foreach ( $ids as $id ) {
						WooScreens::render_hpos_order_cell( WooScreens::COLUMN, $fake_order( $id ) );
					}
				}
			);
			fwrite( STDERR, "[figure] HPOS orders list (simulated page query), 50 rows: 1 query while preparing, {$queries} while rendering\n" );
			$this->assertSame( 0, $queries );
			$this->assert_statuses_rendered( $html, 'order' );
		} finally {
			remove_filter( 'woocommerce_shop_order_list_table_prepare_items_query_args', array( WooScreens::class, 'expect_hpos_page_query' ) );
			remove_filter( 'woocommerce_order_query', array( WooScreens::class, 'prime_from_hpos_page_query' ) );
		}
	}

	/**
	 * Bulk action "Sync to Megaventory" on the products and orders lists queues the selection.
	 */
	public function test_bulk_action_queues_the_selection() {
		$this->act_as( 'shop_manager' );
		foreach ( array( 'edit-product' => 'product', 'edit-shop_order' => 'order', WooScreens::HPOS_SCREEN => 'order' ) as $screen => $type ) {
			add_filter( 'handle_bulk_actions-' . $screen, array( WooScreens::class, 'handle_bulk_action' ), 10, 3 );
			$redirect = apply_filters( 'handle_bulk_actions-' . $screen, 'http://example.test/list', WooScreens::BULK_ACTION, array( 301, 302 ) );
			$this->assertSame( 'http://example.test/list?' . WooScreens::QUEUED_ARG . '=2', $redirect, $screen );
			$this->assertSame( 'other', apply_filters( 'handle_bulk_actions-' . $screen, 'other', 'trash', array( 303 ) ), 'other bulk actions pass through' );
			remove_filter( 'handle_bulk_actions-' . $screen, array( WooScreens::class, 'handle_bulk_action' ), 10 );
			$this->assertCount( 1, $this->rows_for( $type, 301 ), $screen );
		}
		$this->assertSame( Outbox::PRIORITY_MANUAL, (int) $this->rows_for( 'order', 302 )[0]['priority'] );
		$this->act_as( 'customer' );
		$this->assertSame( 'x', WooScreens::handle_bulk_action( 'x', WooScreens::BULK_ACTION, array( 304 ) ) );
		$this->assertSame( array(), $this->rows_for( 'product', 304 ) );
	}

	/**
	 * Users list: customers get a status (one query for the page), other roles a dash.
	 */
	public function test_users_column_for_customers_in_one_query() {
		global $wpdb;
		if ( MVSYNC_TESTS_ON_RIG ) {
			$this->markTestSkipped( 'Creates 50 users; stand-in site only.' );
		}
		$this->act_as( 'administrator' );
		$ids = array();
		for ( $i = 0; $i < 50; $i++ ) {
			$ids[] = (int) wp_insert_user(
				array(
					'user_login' => 'mvsync_list_' . $i . '_' . wp_generate_password( 4, false ),
					'user_pass'  => wp_generate_password( 20 ),
					'role'       => 'customer',
				)
			);
		}
		// Creating the users queued them; start from a known state.
		$wpdb->query( 'DELETE FROM ' . \MegaventorySync\Install\Schema::table( 'outbox' ) ); // phpcs:ignore
		$this->seed_statuses( 'customer', $ids );
		$users                    = get_users( array( 'include' => $ids ) );
		$GLOBALS['wp_list_table'] = (object) array( 'items' => $users );
		try {
			list( $queries, $html ) = $this->count_queries(
				static function () use ( $ids ) {
					foreach ( $ids as $id ) {
						echo WooScreens::user_cell( '', WooScreens::COLUMN, $id ); // phpcs:ignore
					}
				}
			);
			fwrite( STDERR, "[figure] users list, 50 customers: {$queries} query for the status column\n" );
			$this->assertSame( 1, $queries );
			$this->assert_statuses_rendered( $html, 'customer' );
			$admin = get_user_by( 'login', 'admin' );
			$this->assertSame( '<span aria-hidden="true">—</span>', WooScreens::user_cell( '', WooScreens::COLUMN, $admin->ID ) );
		} finally {
			require_once ABSPATH . 'wp-admin/includes/user.php';
			foreach ( $ids as $id ) {
				wp_delete_user( $id );
			}
		}
	}

	/**
	 * The column is only added for users who may manage WooCommerce.
	 */
	public function test_column_only_for_managers() {
		foreach ( array(
			'administrator' => true,
			'shop_manager'  => true,
			'customer'      => false,
			'subscriber'    => false,
		) as $role => $shown ) {
			$this->act_as( $role );
			$this->assertSame( $shown, isset( WooScreens::add_column( array( 'name' => 'Name' ) )[ WooScreens::COLUMN ] ), $role );
			$this->assertSame( $shown, isset( WooScreens::add_bulk_action( array() )[ WooScreens::BULK_ACTION ] ), $role );
		}
	}

	/**
	 * A failed entity that then synchronises shows synced; a pending change shows pending.
	 */
	public function test_newest_outbox_row_decides() {
		global $wpdb;
		$outbox = \MegaventorySync\Install\Schema::table( 'outbox' );
		Plugin::outbox()->record( 'product', 77, 'updated' );
		$wpdb->query( "UPDATE {$outbox} SET status = 'dead', coalesce_key = NULL, last_error = 'boom'" ); // phpcs:ignore
		$this->assertSame( EntityStatus::FAILED, Plugin::statuses()->get( 'product', 77 )['status'] );
		$this->assertSame( 'boom', Plugin::statuses()->get( 'product', 77 )['error'] );

		Plugin::statuses()->forget();
		WooScreens::queue( 'product', array( 77 ) );
		$this->assertSame( EntityStatus::PENDING, Plugin::statuses()->get( 'product', 77 )['status'] );

		$claim = Plugin::outbox()->claim( 10, 60 );
		Plugin::outbox()->ack( $claim['lease_token'], wp_list_pluck( $claim['items'], 'id' ) );
		Plugin::links()->put( 'product', 77, 4242, 'SKU-77' );
		Plugin::statuses()->forget();
		$status = Plugin::statuses()->get( 'product', 77 );
		$this->assertSame( EntityStatus::SYNCED, $status['status'] );
		$this->assertSame( 4242, $status['mv_id'] );
		$this->assertNull( $status['error'] );

		Plugin::statuses()->forget();
		$this->assertSame( EntityStatus::NOT_LINKED, Plugin::statuses()->get( 'product', 78 )['status'] );
	}

	/**
	 * "Sync now" is claimed before orders and older changes; a pending row is raised, not doubled.
	 */
	public function test_sync_now_puts_the_entity_at_the_head_of_the_outbox() {
		Plugin::outbox()->record( 'product', 1, 'updated' );
		Plugin::outbox()->record( 'order', 2, 'created', null, 0, Outbox::PRIORITY_ORDER );
		Plugin::outbox()->record( 'customer', 3, 'updated' );
		$this->clock->advance( 5 );
		$this->assertSame( 1, WooScreens::queue( 'customer', array( 3 ) ) );
		$this->assertSame( 1, WooScreens::queue( 'order', array( 9 ) ) );
		$this->assertCount( 4, $this->outbox_rows(), 'the pending customer row absorbed the request' );

		$claim = Plugin::outbox()->claim( 2, 60 );
		$this->assertSame(
			array( 'customer:3', 'order:9' ),
			array_map(
				static function ( $row ) {
					return $row['entity_type'] . ':' . $row['entity_id'];
				},
				$claim['items']
			)
		);
		$this->assertSame( Outbox::PRIORITY_MANUAL, $claim['items'][0]['priority'] );
	}

	/**
	 * A variation id given to "Sync now" as a product is queued as a variation.
	 */
	public function test_sync_now_queues_variations_as_variations() {
		$ids = $this->make_posts( 'product_variation', 1 );
		WooScreens::queue( 'product', $ids );
		$this->assertCount( 1, $this->rows_for( 'variation', $ids[0] ) );
	}

	/**
	 * The order box: linked sales order, last sync, and the attempts (escaped).
	 */
	public function test_order_box_shows_link_and_history() {
		global $wpdb;
		$this->act_as( 'shop_manager' );
		Plugin::outbox()->record( 'order', 55, 'created', null, 0, Outbox::PRIORITY_ORDER );
		$claim = Plugin::outbox()->claim( 1, 60 );
		Plugin::outbox()->fail( $claim['lease_token'], $claim['items'][0]['id'], 'first try failed' );
		// Errors reach the table through other paths too (REST fail route); the box must escape.
		$wpdb->query( $wpdb->prepare( 'UPDATE ' . \MegaventorySync\Install\Schema::table( 'outbox' ) . ' SET last_error = %s', self::HOSTILE_ERROR ) ); // phpcs:ignore
		Plugin::logger()->log( 'error', 'order #55: SalesOrderUpdate refused <b>bold</b>', array( 'code' => 'order.create', 'entity' => array( 'kind' => 'order', 'label' => '', 'wc_id' => 55 ) ), 'worker' );
		Plugin::logger()->log( 'warning', 'order #55: id in the middle', array( 'entity' => array( 'kind' => 'order', 'wc_id' => 55, 'label' => '' ) ), 'worker' );
		Plugin::logger()->log( 'error', 'order #555: unrelated', array( 'entity' => array( 'kind' => 'order', 'wc_id' => 555, 'label' => '' ) ), 'worker' );

		$html = EditScreenBoxes::order_box_html( 55 );
		$this->assertStringContainsString( 'No Megaventory sales order is linked', $html );
		$this->assertStringContainsString( '&lt;script&gt;', $html );
		$this->assertStringNotContainsString( '<script>', $html );
		$this->assertStringContainsString( 'SalesOrderUpdate refused &lt;b&gt;', $html );
		$this->assertStringContainsString( 'id in the middle', $html );
		$this->assertStringNotContainsString( 'unrelated', $html );
		$this->assertStringContainsString( 'Sync now', $html );

		Plugin::links()->put( 'order', 55, 9001, 'SO 12 @ Main' );
		Plugin::statuses()->forget();
		$wpdb->query( 'UPDATE ' . \MegaventorySync\Install\Schema::table( 'outbox' ) . " SET status = 'done'" ); // phpcs:ignore
		$html = EditScreenBoxes::order_box_html( 55 );
		$this->assertStringContainsString( '<td>9001</td>', $html );
		$this->assertStringContainsString( 'SO 12 @ Main', $html );
		$this->assertStringContainsString( 'Resend to Megaventory', $html );
		$this->assertCount( 3, EditScreenBoxes::order_history( 55 ), 'one outbox row and two log lines' );
	}

	/**
	 * The engine's sales-order label (number · location · status, sent as the link's sku) and the
	 * link's last sync time show in the order box and in the orders-list cell, escaped; a status
	 * change rewrites the label and the time.
	 */
	public function test_order_label_and_last_sync_in_box_and_list() {
		$this->act_as( 'shop_manager' );
		$first_sync = gmdate( 'Y-m-d\\TH:i:s\\Z', $this->clock->now() );
		Plugin::links()->put( 'order', 66, 9002, 'SO 12 · Main', 'abc' );
		$box = EditScreenBoxes::order_box_html( 66 );
		$this->assertStringContainsString( '<td>9002</td>', $box );
		$this->assertStringContainsString( 'Number · location · status</th><td>SO 12 · Main</td>', $box );
		$this->assertStringContainsString( 'Last sync (UTC)</th><td>' . $first_sync . '</td>', $box );
		$cell = WooScreens::cell_html( 'order', 66 );
		$this->assertStringContainsString( 'Synced: sales order 9002 (SO 12 · Main)', $cell );
		$this->assertStringContainsString( 'title="Last synchronised ' . $first_sync . '"', $cell );

		// An integration update moved the sales order on: same ids, new label and time.
		$this->clock->advance( 3900 );
		$second_sync = gmdate( 'Y-m-d\\TH:i:s\\Z', $this->clock->now() );
		Plugin::links()->put( 'order', 66, 9002, 'SO 12 · Main · FullyShipped', 'abc' );
		Plugin::statuses()->forget();
		$box = EditScreenBoxes::order_box_html( 66 );
		$this->assertStringContainsString( '<td>SO 12 · Main · FullyShipped</td>', $box );
		$this->assertStringContainsString( '<td>' . $second_sync . '</td>', $box );
		$this->assertStringNotContainsString( $first_sync, $box );
		$this->assertStringContainsString( 'Synced: sales order 9002 (SO 12 · Main · FullyShipped)', WooScreens::cell_html( 'order', 66 ) );
		$this->assertSame( 'abc', Plugin::links()->get( 'order', 66 )['content_hash'] );

		// Megaventory names (location abbreviations, numbers) are data: escaped everywhere.
		Plugin::links()->put( 'order', 66, 9002, 'SO <b>7</b> · "Main" & Co' );
		Plugin::statuses()->forget();
		foreach ( array( EditScreenBoxes::order_box_html( 66 ), WooScreens::cell_html( 'order', 66 ) ) as $html ) {
			$this->assertStringNotContainsString( '<b>7</b>', $html );
			$this->assertStringContainsString( 'SO &lt;b&gt;7&lt;/b&gt; · &quot;Main&quot; &amp; Co', $html );
		}

		// A link without a label shows the id only.
		Plugin::links()->put( 'order', 67, 9003 );
		$box = EditScreenBoxes::order_box_html( 67 );
		$this->assertStringContainsString( '<td>9003</td>', $box );
		$this->assertStringNotContainsString( 'Number · location · status', $box );
		$this->assertStringContainsString( '>Synced: sales order 9003</span>', WooScreens::cell_html( 'order', 67 ) );
	}

	/**
	 * The notice: managers only, on dead letters or a stalled queue; dismissal per user and per
	 * condition; other roles cost no query at all.
	 */
	public function test_queue_notice_matrix() {
		set_current_screen( 'dashboard' );
		try {
			foreach ( array( 'administrator', 'shop_manager', 'customer', 'subscriber' ) as $role ) {
				$this->act_as( $role );
				$this->assertSame( '', QueueNotice::html(), "$role: nothing to report" );
			}

			Plugin::outbox()->record( 'product', 5, 'updated' );
			$claim = Plugin::outbox()->claim( 1, 60 );
			Plugin::outbox()->fail( $claim['lease_token'], $claim['items'][0]['id'], 'bad data', null, true );
			delete_transient( QueueNotice::TRANSIENT );
			foreach ( array(
				'administrator' => true,
				'shop_manager'  => true,
				'customer'      => false,
				'subscriber'    => false,
			) as $role => $shown ) {
				$this->act_as( $role );
				list( $queries, $html ) = $this->count_queries(
					static function () {
						echo QueueNotice::html(); // phpcs:ignore
					}
				);
				if ( $shown ) {
					$this->assertStringContainsString( '1 change could not be synchronised', $html, $role );
					$this->assertStringContainsString( 'page=mvsync&#038;tab=outbox', $html );
				} else {
					$this->assertSame( '', $html, $role );
					$this->assertSame( 0, $queries, "$role: no query" );
				}
			}

			// Dismissed by the shop manager: gone for them, still there for the administrator.
			$manager = $this->act_as( 'shop_manager' );
			update_user_meta( $manager, QueueNotice::DISMISSED_META, QueueNotice::condition()['signature'] );
			$this->assertSame( '', QueueNotice::html() );
			$this->act_as( 'administrator' );
			$this->assertNotSame( '', QueueNotice::html() );

			// A new condition (the queue stalls) brings it back for the manager.
			Plugin::outbox()->record( 'product', 6, 'updated' );
			delete_transient( QueueNotice::TRANSIENT );
			$this->clock->advance( 61 * MINUTE_IN_SECONDS );
			$this->act_as( 'shop_manager' );
			$html = QueueNotice::html();
			$this->assertStringContainsString( 'Nothing has been synchronised for 61 minutes', $html );

			// A longer threshold silences the stall (the dead letter stays).
			Plugin::settings()->update( array( 'stall_notice_minutes' => 120 ) );
			$this->assertStringNotContainsString( 'Nothing has been synchronised', QueueNotice::html() );
			delete_user_meta( $manager, QueueNotice::DISMISSED_META );
		} finally {
			$GLOBALS['current_screen'] = null;
		}
	}

	/**
	 * Counts come from the transient: a second notice render reads no table.
	 */
	public function test_queue_notice_uses_cached_counts() {
		global $wpdb;
		$this->act_as( 'administrator' );
		set_current_screen( 'dashboard' );
		try {
			QueueNotice::html();
			$before = $wpdb->num_queries;
			$seen   = array();
			$probe  = static function ( $query ) use ( &$seen ) {
				$seen[] = $query;
				return $query;
			};
			add_filter( 'query', $probe );
			QueueNotice::html();
			remove_filter( 'query', $probe );
			$tables = array_filter(
				$seen,
				static function ( $query ) {
					return false !== strpos( $query, 'mvsync_outbox' );
				}
			);
			$this->assertSame( array(), array_values( $tables ) );
			$this->assertLessThanOrEqual( $before + 2, $wpdb->num_queries );
		} finally {
			$GLOBALS['current_screen'] = null;
		}
	}
}
