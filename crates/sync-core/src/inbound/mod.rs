//! Megaventory → WooCommerce: what the engine writes into the shop. Returns and refunds are
//! not synchronised.

pub mod order_status;
pub mod purchase_price;
pub mod stock;

pub use order_status::wc_status_for;
pub use purchase_price::purchase_price_of;
pub use stock::available_stock;
