//! Orders → Megaventory sales orders.
//!
//! * Reference: `SalesOrderReferenceNo` = the WooCommerce order number (application
//!   `woocommerce`); the engine looks it up before inserting, so a replay never duplicates.
//!   The sales-order number itself is Megaventory's.
//! * Client: the customer's client, else the guest client. Contact person: the billing name.
//! * Addresses: Billing and Shipping1 (shipping, else billing), with e-mail and phone.
//! * Rows: one per line item by SKU, quantity, unit price without tax or discount, discount and
//!   tax. With exactly one percentage coupon that explains the line's discount, the row carries
//!   the pre-discount unit price (subtotal ÷ quantity) and that discount; otherwise the net unit
//!   price (total ÷ quantity) and no discount. Unit prices are rounded to 4 decimals.
//! * Tax: a line's single rate → that tax; several rates → one compound tax named from the
//!   sorted rate names joined with `-`, whose value is the line's tax ÷ total × 100 (2 decimals).
//! * Shipping: a row of the `shipping` service per shipping line (description = method, price =
//!   total excluding tax, its tax). Fees: a row of the fee service per fee (may be negative).
//! * Currency: the order's. Payment method: through the configured mapping. Comments: the
//!   customer note. Tags: the coupon codes (only when there are coupons) and the payment title.
//! * Status: `on-hold` orders arrive as Pending, everything else as Verified, so that Megaventory's
//!   status maps back to the same WooCommerce status.
//! * A line whose product was deleted, or that has no SKU, fails the order with an error
//!   naming the line: a sales order without it would ship and invoice the wrong goods.

use super::client::{addresses, field, non_empty};
use super::tax::tax_key;
use super::text::{truncate_chars, MAX_ADDRESS_FIELD_CHARS, MAX_DESCRIPTION_CHARS};
use super::{decimal_field, Mapped};
use crate::config::SyncConfig;
use crate::error::{EntityKind, EntityRef, SyncError};
use crate::num::Fixed;
use crate::woo::{DiscountType, LineTax, Order, OrderStatus};
use megaventory::model::{SalesOrder, SalesOrderRow, SalesOrderStatus};
use megaventory::request::SalesOrderUpdate;
use std::collections::BTreeMap;

/// A tax a row needs; resolved to a Megaventory id by the engine (links, or find-or-create).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TaxNeed {
    /// The WooCommerce rate for a single-rate line (its link may already hold the id).
    pub rate_id: Option<u64>,
    pub name: String,
    pub value: Fixed,
}

impl TaxNeed {
    pub fn key(&self) -> String {
        tax_key(&self.name, self.value)
    }
}

/// A percentage discount a row needs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DiscountNeed {
    pub code: String,
    pub value: Fixed,
}

impl DiscountNeed {
    pub fn key(&self) -> String {
        tax_key(&self.code, self.value)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlannedRow {
    pub row: SalesOrderRow,
    pub tax: Option<TaxNeed>,
    pub discount: Option<DiscountNeed>,
}

/// A sales order waiting for its ids (client, taxes, discounts).
#[derive(Debug, Clone, PartialEq)]
pub struct OrderPlan {
    pub entity: EntityRef,
    pub reference: String,
    /// `None` for a guest order.
    pub customer_id: Option<u64>,
    /// The WooCommerce products (variation, else product) of the line items.
    pub product_ids: Vec<u64>,
    pub header: SalesOrder,
    pub rows: Vec<PlannedRow>,
}

/// Megaventory ids for the needs of a plan.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResolvedIds {
    pub client_id: Option<i64>,
    /// By [`TaxNeed::key`].
    pub taxes: BTreeMap<String, i64>,
    /// By [`DiscountNeed::key`].
    pub discounts: BTreeMap<String, i64>,
}

impl OrderPlan {
    pub fn tax_needs(&self) -> Vec<TaxNeed> {
        let mut needs: Vec<TaxNeed> = self.rows.iter().filter_map(|r| r.tax.clone()).collect();
        needs.sort();
        needs.dedup_by(|a, b| a.key() == b.key());
        needs
    }

    pub fn discount_needs(&self) -> Vec<DiscountNeed> {
        let mut needs: Vec<DiscountNeed> = self
            .rows
            .iter()
            .filter_map(|r| r.discount.clone())
            .collect();
        needs.sort();
        needs.dedup();
        needs
    }

    /// The insert request. Needs without an id are left out of their row (preview shows them).
    pub fn to_request(&self, ids: &ResolvedIds, source: &str) -> SalesOrderUpdate {
        let mut order = self.header.clone();
        order.sales_order_client_id = ids.client_id;
        order.details = self
            .rows
            .iter()
            .map(|planned| {
                let mut row = planned.row.clone();
                row.tax_id = planned
                    .tax
                    .as_ref()
                    .and_then(|t| ids.taxes.get(&t.key()).copied());
                row.discount_id = planned
                    .discount
                    .as_ref()
                    .and_then(|d| ids.discounts.get(&d.key()).copied());
                row
            })
            .collect();
        SalesOrderUpdate::insert(order).source_application(source)
    }
}

pub fn order_ref(order: &Order) -> EntityRef {
    EntityRef::new(EntityKind::Order, order.id, reference_of(order))
}

pub fn reference_of(order: &Order) -> String {
    if order.number.trim().is_empty() {
        order.id.to_string()
    } else {
        order.number.trim().to_string()
    }
}

pub fn status_text(status: &OrderStatus) -> String {
    match status {
        OrderStatus::Pending => "pending".into(),
        OrderStatus::Processing => "processing".into(),
        OrderStatus::OnHold => "on-hold".into(),
        OrderStatus::Completed => "completed".into(),
        OrderStatus::Cancelled => "cancelled".into(),
        OrderStatus::Refunded => "refunded".into(),
        OrderStatus::Failed => "failed".into(),
        OrderStatus::CheckoutDraft => "checkout-draft".into(),
        OrderStatus::Trash => "trash".into(),
        OrderStatus::Other(text) => text.clone(),
    }
}

pub fn map_order(order: &Order, config: &SyncConfig) -> Result<Mapped<OrderPlan>, SyncError> {
    let entity = order_ref(order);
    let mut warnings = Vec::new();
    let mut problems = Vec::new();
    let mut first_code = None;
    let mut problem = |code: &'static str, text: String| {
        first_code.get_or_insert(code);
        problems.push(text);
    };

    let percent_coupons: Vec<_> = order
        .coupon_lines
        .iter()
        .filter(|c| c.discount_type.as_ref() == Some(&DiscountType::Percent))
        .collect();
    let other_coupons = order.coupon_lines.len() - percent_coupons.len();
    // One percentage coupon and nothing else: rows can carry it as a Megaventory discount.
    let single_discount = match (percent_coupons.as_slice(), other_coupons) {
        ([coupon], 0) => decimal_field(&coupon.nominal_amount)
            .ok()
            .flatten()
            .filter(|v| !v.is_negative() && *v <= Fixed::from_int(100))
            .map(|value| DiscountNeed {
                code: coupon.code.trim().to_string(),
                value,
            }),
        _ => None,
    };

    let mut rows = Vec::new();
    let mut product_ids = Vec::new();
    for line in &order.line_items {
        let label = format!("line {:?}", line.name);
        if line.effective_product_id().is_none() {
            problem(
                "order.line_deleted_product",
                format!("{label}: its product was deleted from WooCommerce"),
            );
            continue;
        }
        let sku = line.sku.trim();
        if sku.is_empty() {
            problem(
                "order.line_missing_sku",
                format!("{label}: the product has no SKU, so Megaventory cannot know it"),
            );
            continue;
        }
        if line.quantity <= 0 {
            warnings.push(SyncError::permanent(
                "order.line_zero_quantity",
                &entity,
                format!("{label} has quantity {} and is left out", line.quantity),
            ));
            continue;
        }
        product_ids.extend(line.effective_product_id());
        let quantity = Fixed::from_int(line.quantity);
        let (subtotal, total) = match (decimal_field(&line.subtotal), decimal_field(&line.total)) {
            (Ok(s), Ok(t)) => (s.unwrap_or_default(), t.unwrap_or_default()),
            _ => {
                problem(
                    "order.line_invalid_amount",
                    format!(
                        "{label}: subtotal {:?} or total {:?} is not a number",
                        line.subtotal, line.total
                    ),
                );
                continue;
            }
        };
        let discount = single_discount
            .as_ref()
            .filter(|d| discount_explains(subtotal, total, d.value))
            .cloned();
        let gross = if discount.is_some() { subtotal } else { total };
        let unit_price = gross.checked_div(quantity).unwrap_or_default().round(4);
        let mut row = SalesOrderRow::new(sku, quantity.to_decimal(), unit_price.to_decimal());
        row.product_description = None;
        rows.push(PlannedRow {
            row,
            tax: tax_need(order, &line.taxes, total, &entity, &mut warnings),
            discount,
        });
    }

    for shipping in &order.shipping_lines {
        let total = decimal_field(&shipping.total)
            .ok()
            .flatten()
            .unwrap_or_default();
        let mut row = SalesOrderRow::new(
            config.shipping_sku.clone(),
            Fixed::from_int(1).to_decimal(),
            total.round(4).to_decimal(),
        );
        row.product_description = non_empty(field(
            &shipping.method_title,
            MAX_DESCRIPTION_CHARS,
            &entity,
            "shipping method",
            &mut warnings,
        ));
        rows.push(PlannedRow {
            row,
            tax: tax_need(order, &shipping.taxes, total, &entity, &mut warnings),
            discount: None,
        });
    }

    for fee in &order.fee_lines {
        let total = match decimal_field(&fee.total) {
            Ok(t) => t.unwrap_or_default(),
            Err(_) => {
                problem(
                    "order.fee_invalid_amount",
                    format!("fee {:?}: total {:?} is not a number", fee.name, fee.total),
                );
                continue;
            }
        };
        let mut row = SalesOrderRow::new(
            config.fee_sku.clone(),
            Fixed::from_int(1).to_decimal(),
            total.round(4).to_decimal(),
        );
        row.product_description = non_empty(field(
            &fee.name,
            MAX_DESCRIPTION_CHARS,
            &entity,
            "fee name",
            &mut warnings,
        ));
        rows.push(PlannedRow {
            row,
            tax: tax_need(order, &fee.taxes, total, &entity, &mut warnings),
            discount: None,
        });
    }

    if let Some(code) = first_code {
        return Err(SyncError::permanent(code, &entity, problems.join("; ")));
    }
    if rows.is_empty() {
        return Err(SyncError::permanent(
            "order.empty",
            &entity,
            "the order has no line that can be sent",
        ));
    }

    let currency = if order.currency.trim().is_empty() {
        config.shop_currency.clone()
    } else {
        order.currency.trim().to_uppercase()
    };
    if !currency.eq_ignore_ascii_case(&config.shop_currency) {
        warnings.push(SyncError::permanent(
            "order.foreign_currency",
            &entity,
            format!("the order is in {currency}, the shop in {}; Megaventory needs {currency} enabled on the account", config.shop_currency),
        ));
    }
    let billing = order.billing();
    let mut tags = Vec::new();
    if !order.coupon_lines.is_empty() {
        tags.push(format!(
            "Discounts Applied: {}",
            order.coupon_codes().join(", ")
        ));
    }
    let payment_title = field(
        &order.payment_method_title,
        MAX_ADDRESS_FIELD_CHARS,
        &entity,
        "payment method",
        &mut warnings,
    );
    if !payment_title.is_empty() {
        tags.push(payment_title);
    }
    let reference = reference_of(order);
    let header = SalesOrder {
        sales_order_reference_no: Some(reference.clone()),
        sales_order_reference_application: Some(config.source_application.clone()),
        sales_order_currency_code: Some(currency),
        sales_order_contact_person: non_empty(field(
            &billing.full_name(),
            MAX_ADDRESS_FIELD_CHARS,
            &entity,
            "contact person",
            &mut warnings,
        )),
        addresses: addresses(
            &billing,
            &order.shipping_or_billing(),
            &entity,
            &mut warnings,
        ),
        sales_order_comments: non_empty(field(
            &order.customer_note,
            2000,
            &entity,
            "customer note",
            &mut warnings,
        )),
        sales_order_tags: non_empty(truncate_chars(&tags.join("\n"), MAX_DESCRIPTION_CHARS).0),
        sales_order_payment_method: Some(config.payment_method(&order.payment_method)),
        sales_order_status: Some(if order.status == OrderStatus::OnHold {
            SalesOrderStatus::Pending
        } else {
            SalesOrderStatus::Verified
        }),
        sales_order_inventory_location_id: config.default_order_location,
        ..SalesOrder::default()
    };
    Ok(Mapped::new(
        OrderPlan {
            entity,
            reference,
            customer_id: (!order.is_guest()).then_some(order.customer_id),
            product_ids,
            header,
            rows,
        },
        warnings,
    ))
}

/// Does a `percent` % discount turn `subtotal` into `total` (to WooCommerce's cent rounding)?
fn discount_explains(subtotal: Fixed, total: Fixed, percent: Fixed) -> bool {
    if subtotal == total || subtotal.is_zero() {
        return false;
    }
    let hundred = Fixed::from_int(100);
    let expected = subtotal.times((hundred - percent).checked_div(hundred).unwrap_or_default());
    (expected - total).abs() <= Fixed::parse("0.02").unwrap_or_default()
}

/// The tax of a line from its per-rate taxes and the order's tax lines (rate id → name, %).
fn tax_need(
    order: &Order,
    taxes: &[LineTax],
    line_total: Fixed,
    entity: &EntityRef,
    warnings: &mut Vec<SyncError>,
) -> Option<TaxNeed> {
    let charged: Vec<(&LineTax, Fixed)> = taxes
        .iter()
        .filter_map(|t| decimal_field(&t.total).ok().flatten().map(|v| (t, v)))
        .filter(|(_, v)| !v.is_zero())
        .collect();
    if charged.is_empty() || line_total.is_zero() {
        return None;
    }
    let mut named = Vec::new();
    for (tax, _) in &charged {
        match order.tax_lines.iter().find(|l| l.rate_id == tax.id) {
            Some(line) => named.push((
                tax.id,
                line.label.trim().to_string(),
                decimal_field(&line.rate_percent)
                    .ok()
                    .flatten()
                    .unwrap_or_default(),
            )),
            None => {
                warnings.push(SyncError::permanent("order.tax_rate_unknown", entity, format!("tax rate {} of a line is not among the order's tax lines; the row is sent without tax", tax.id)));
                return None;
            }
        }
    }
    if let [(rate_id, name, value)] = named.as_slice() {
        return Some(TaxNeed {
            rate_id: Some(*rate_id),
            name: name.clone(),
            value: *value,
        });
    }
    // Several rates (e.g. a state and a compound county tax): one Megaventory tax for the sum.
    let mut names: Vec<String> = named.into_iter().map(|(_, name, _)| name).collect();
    names.sort();
    let total_tax: Fixed = charged.iter().map(|(_, v)| *v).sum();
    let value = total_tax
        .times(Fixed::from_int(100))
        .checked_div(line_total)?
        .round(2);
    Some(TaxNeed {
        rate_id: None,
        name: truncate_chars(&names.join("-"), 99).0,
        value,
    })
}
