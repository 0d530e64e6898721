<?php
/**
 * Shared by the fixture scripts: remembers the ids of every product, variation and order they
 * create (in an option), so that delete-sample-shop.php can remove the order notes and background
 * actions those ids leave behind without touching anyone else's data on the shared rig.
 */

const FX_CREATED_IDS_OPTION = 'fx_fixture_created_ids';

function fx_remember_created_id( $id ) {
	$ids   = (array) get_option( FX_CREATED_IDS_OPTION, array() );
	$ids[] = (int) $id;
	update_option( FX_CREATED_IDS_OPTION, array_values( array_unique( $ids ) ), false );
}

/** Records ids from the creation hooks, whichever way (CRUD, REST, import) the entity is made. */
function fx_record_created_ids() {
	foreach ( array( 'woocommerce_new_product', 'woocommerce_new_product_variation', 'woocommerce_new_order' ) as $hook ) {
		add_action( $hook, 'fx_remember_created_id', 1, 1 );
	}
}
