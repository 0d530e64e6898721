//! WooCommerce → Megaventory mapping: pure functions from the `woo` models to the requests
//! of the `megaventory` crate. Bad input gives a [`SyncError`] naming the entity; questionable
//! input that can still be sent gives warnings (same type, attached to the result).

pub mod client;
pub mod coupon;
pub mod order;
pub mod product;
pub mod tax;
pub mod text;

use crate::error::SyncError;
use crate::num::Fixed;
use megaventory::Decimal;

/// A mapped value and what was adjusted on the way (a truncated title, a dropped field).
#[derive(Debug, Clone, PartialEq)]
pub struct Mapped<T> {
    pub value: T,
    pub warnings: Vec<SyncError>,
}

impl<T> Mapped<T> {
    pub fn new(value: T, warnings: Vec<SyncError>) -> Mapped<T> {
        Mapped { value, warnings }
    }
}

/// Money or a quantity from WooCommerce text: `None` for "", an error text for anything that is
/// not a plain decimal.
pub(crate) fn decimal_field(text: &str) -> Result<Option<Fixed>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    // WooCommerce shops with a decimal comma sometimes store "7,35" in metas.
    let normalised = if t.contains(',') && !t.contains('.') {
        t.replace(',', ".")
    } else {
        t.to_string()
    };
    Fixed::parse(&normalised)
        .map(Some)
        .ok_or_else(|| format!("{t:?} is not a number"))
}

pub(crate) fn to_decimal(value: Fixed) -> Decimal {
    value.to_decimal()
}
