//! Stock: Σ over the included inventory locations of (physical − non-shipped − non-allocated
//! to work orders). Incoming purchase and work orders do not count. A fraction is rounded
//! down (half a unit cannot be sold), and a negative sum is kept (WooCommerce shows backorders).

use crate::config::SyncConfig;
use crate::num::Fixed;
use megaventory::model::ProductStock;

pub fn available_stock(stock: &ProductStock, config: &SyncConfig) -> i64 {
    stock
        .stock
        .iter()
        .filter(|location| config.location_included(location.inventory_location_id))
        .map(|location| {
            Fixed::from_decimal(&location.stock_physical)
                - Fixed::from_decimal(&location.stock_non_shipped)
                - Fixed::from_decimal(&location.stock_non_allocated_wos)
        })
        .sum::<Fixed>()
        .floor_int()
}
