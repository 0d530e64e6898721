//! Percentage coupons → Megaventory discounts.
//!
//! * Only `percent` coupons: Megaventory discounts are percentages. Fixed-cart and
//!   fixed-product coupons are refused with `coupon.not_percentage` and never sent; on orders
//!   they show as net line prices and in the tags.
//! * Name: the coupon code. Value: the exact percentage (12.5 stays 12.5). Description: the
//!   coupon's description, else "WooCommerce percent coupon".

use super::text::{plain_text, truncate_chars, MAX_DESCRIPTION_CHARS};
use super::{decimal_field, to_decimal, Mapped};
use crate::error::{EntityKind, EntityRef, SyncError};
use crate::num::Fixed;
use crate::woo::{Coupon, DiscountType};
use megaventory::model::Discount;

pub fn coupon_ref(coupon: &Coupon) -> EntityRef {
    EntityRef::new(EntityKind::Coupon, coupon.id, coupon.code.trim())
}

pub fn map_coupon(coupon: &Coupon) -> Result<Mapped<Discount>, SyncError> {
    let entity = coupon_ref(coupon);
    if coupon.discount_type != DiscountType::Percent {
        return Err(SyncError::permanent(
            "coupon.not_percentage",
            &entity,
            format!("{:?} coupons are not sent: Megaventory discounts are percentages only; orders carry their effect as net prices", coupon.discount_type),
        ));
    }
    let code = plain_text(&coupon.code);
    if code.is_empty() {
        return Err(SyncError::permanent(
            "coupon.missing_code",
            &entity,
            "the coupon has no code",
        ));
    }
    let value = percentage(&coupon.amount, &entity)?;
    let description = plain_text(&coupon.description);
    let description = if description.is_empty() {
        "WooCommerce percent coupon".to_string()
    } else {
        truncate_chars(&description, MAX_DESCRIPTION_CHARS).0
    };
    Ok(Mapped::new(
        Discount {
            discount_name: Some(truncate_chars(&code, MAX_DESCRIPTION_CHARS).0),
            discount_value: Some(to_decimal(value)),
            discount_description: Some(description),
            ..Discount::default()
        },
        Vec::new(),
    ))
}

pub(crate) fn percentage(raw: &str, entity: &EntityRef) -> Result<Fixed, SyncError> {
    match decimal_field(raw) {
        Ok(Some(value)) if !value.is_negative() && value <= Fixed::from_int(100) => Ok(value),
        Ok(Some(_)) => Err(SyncError::permanent(
            "coupon.invalid_amount",
            entity,
            format!("{raw:?} is not a percentage between 0 and 100"),
        )),
        Ok(None) => Err(SyncError::permanent(
            "coupon.invalid_amount",
            entity,
            "the coupon has no amount",
        )),
        Err(message) => Err(SyncError::permanent(
            "coupon.invalid_amount",
            entity,
            message,
        )),
    }
}
