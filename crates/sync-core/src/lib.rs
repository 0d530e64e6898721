//! WooCommerce <-> Megaventory mapping and the sync engine. No I/O and no JS types.

pub mod woo;
