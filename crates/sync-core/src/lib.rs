//! WooCommerce <-> Megaventory mapping and the sync engine.
