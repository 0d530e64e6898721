//! WooCommerce tax rates → Megaventory taxes.
//!
//! * Name: the rate's name; value: the rate (`"19.0000"` → `19`). Matched by name **and**
//!   value, as Megaventory refuses to change either once created: a changed WooCommerce rate
//!   becomes a new Megaventory tax and the link moves to it.
//! * Description: `WooCommerce <class> tax (<country> <state>)`.
//! * Two WooCommerce rates with the same name and rate (fx-VAT 19 % for DE and AT) are one tax
//!   for Megaventory: both link to it, with the warning `tax.shared_name_rate`.

use super::text::{plain_text, truncate_chars, MAX_DESCRIPTION_CHARS};
use super::{decimal_field, to_decimal, Mapped};
use crate::error::{EntityKind, EntityRef, SyncError};
use crate::num::Fixed;
use crate::woo::TaxRate;
use megaventory::model::Tax;

pub fn tax_ref(rate: &TaxRate) -> EntityRef {
    EntityRef::new(
        EntityKind::TaxRate,
        rate.id,
        format!("{} {}%", rate.name.trim(), rate.rate.trim()),
    )
}

/// The identity Megaventory matches taxes by.
pub fn tax_key(name: &str, value: Fixed) -> String {
    format!("{}|{}", name.trim().to_lowercase(), value)
}

pub fn map_tax_rate(rate: &TaxRate) -> Result<Mapped<Tax>, SyncError> {
    let entity = tax_ref(rate);
    let name = plain_text(&rate.name);
    if name.is_empty() {
        return Err(SyncError::permanent(
            "tax.missing_name",
            &entity,
            "the tax rate has no name; Megaventory matches taxes by name and rate",
        ));
    }
    let value = match decimal_field(&rate.rate) {
        Ok(Some(v)) if !v.is_negative() => v,
        _ => {
            return Err(SyncError::permanent(
                "tax.invalid_rate",
                &entity,
                format!("the rate {:?} is not a positive percentage", rate.rate),
            ))
        }
    };
    let place = format!("{} {}", rate.country.trim(), rate.state.trim())
        .trim()
        .to_string();
    let class = if rate.class.trim().is_empty() {
        "standard"
    } else {
        rate.class.trim()
    };
    let description = if place.is_empty() {
        format!("WooCommerce {class} tax")
    } else {
        format!("WooCommerce {class} tax ({place})")
    };
    Ok(Mapped::new(
        Tax {
            tax_name: Some(truncate_chars(&name, MAX_DESCRIPTION_CHARS).0),
            tax_value: Some(to_decimal(value)),
            tax_description: Some(description),
            ..Tax::default()
        },
        Vec::new(),
    ))
}

/// Warnings for rates that share name and rate with an earlier one in `rates`.
pub fn shared_name_rate_warnings(rates: &[TaxRate]) -> Vec<SyncError> {
    let mut seen: Vec<(String, u64)> = Vec::new();
    let mut warnings = Vec::new();
    for rate in rates {
        let Ok(mapped) = map_tax_rate(rate) else {
            continue;
        };
        let key = tax_key(
            mapped.value.tax_name.as_deref().unwrap_or_default(),
            Fixed::from_decimal(mapped.value.tax_value.as_ref().unwrap()),
        );
        match seen.iter().find(|(k, _)| *k == key) {
            Some((_, first)) => warnings.push(SyncError::permanent(
                "tax.shared_name_rate",
                &tax_ref(rate),
                format!("tax rate {first} has the same name and rate; Megaventory keeps one tax for both"),
            )),
            None => seen.push((key, rate.id)),
        }
    }
    warnings
}
