//! Serde types for the parts of Megaventory API v2017a the integration uses.
//!
//! Field names are exactly the API's (`SalesOrderId`, `CurrencyId`, `productID`, …).
//! Outbound: optional fields that are `None` are not sent; money and quantities are
//! decimal strings ([`Decimal`](crate::Decimal)); ids are numbers. Inbound: lenient —
//! ids, decimals and numbers-as-strings are accepted either way, `""`/`null`/missing
//! become `None`/defaults, unknown fields are ignored. No JS types anywhere.

mod address;
mod enums;
mod filter;
mod integration;
mod order;
mod product;
mod records;

pub use address::*;
pub use enums::*;
pub use filter::*;
pub use integration::*;
pub use order::*;
pub use product::*;
pub use records::*;

/// Document type ids (`DocumentTypeId`, `SalesOrderTypeId`).
pub mod document_type {
    /// Stock adjustment plus (adds to physical stock when verified).
    pub const ADJUSTMENT_PLUS: i64 = -99;
    /// Stock adjustment minus.
    pub const ADJUSTMENT_MINUS: i64 = -98;
    /// The default sales-order type.
    pub const SALES_ORDER: i64 = 3;
    pub const PURCHASE_ORDER: i64 = 4;
}

/// The internal supplier/client id used on adjustment documents.
pub const INTERNAL_SUPPLIER_CLIENT_ID: i64 = -1;

/// Milliseconds since the Unix epoch of a WCF date `"/Date(1520009179397+0200)/"`.
/// The offset only says how to display the instant, so it is ignored. `None` for the
/// "no date" value `/Date(-62135596800000-0000)/` and for text that is not a WCF date.
pub fn wcf_date_millis(text: &str) -> Option<i64> {
    let inner = text.trim().strip_prefix("/Date(")?.strip_suffix(")/")?;
    // The offset sign can only appear after the first character (which may itself be '-').
    let digits_end = inner
        .char_indices()
        .skip(1)
        .find(|(_, c)| *c == '+' || *c == '-')
        .map(|(i, _)| i)
        .unwrap_or(inner.len());
    let millis: i64 = inner[..digits_end].parse().ok()?;
    (millis != -62_135_596_800_000).then_some(millis)
}

/// Renders milliseconds as a WCF date in UTC, for requests that need a date.
pub fn wcf_date(millis: i64) -> String {
    format!("/Date({millis}+0000)/")
}

impl AccountSetting {
    /// The value read as a flag (`"true"`, `"1"`, `"yes"`, any case), as the plugin does.
    pub fn as_bool(&self) -> bool {
        self.setting_value
            .as_deref()
            .and_then(crate::lenient::parse_bool_text)
            .unwrap_or(false)
    }
}

impl Product {
    /// A product with the two required fields set.
    pub fn new(sku: impl Into<String>, description: impl Into<String>) -> Product {
        Product {
            product_sku: Some(sku.into()),
            product_description: Some(description.into()),
            ..Product::default()
        }
    }
}

impl SalesOrder {
    /// The flat billing address under either of its two spellings.
    pub fn billing_address(&self) -> Option<&str> {
        self.sales_order_address
            .as_deref()
            .or(self.sales_order_billing_address.as_deref())
    }
}

impl SalesOrderRow {
    pub fn new(
        sku: impl Into<String>,
        quantity: crate::Decimal,
        unit_price_without_tax_or_discount: crate::Decimal,
    ) -> Self {
        SalesOrderRow {
            product_sku: Some(sku.into()),
            quantity: Some(quantity),
            unit_price_without_tax_or_discount: Some(unit_price_without_tax_or_discount),
            ..SalesOrderRow::default()
        }
    }
}

impl DocumentRow {
    pub fn new(sku: impl Into<String>, quantity: crate::Decimal) -> Self {
        DocumentRow {
            product_sku: Some(sku.into()),
            quantity: Some(quantity),
            ..DocumentRow::default()
        }
    }
}

impl Document {
    /// A stock adjustment at `location_id`: `plus` adds (type −99), otherwise subtracts (−98).
    /// `reference_no` makes the insert safe to retry (see [`RetrySafety`](crate::RetrySafety)).
    pub fn adjustment(
        plus: bool,
        location_id: i64,
        status: DocumentStatus,
        reference_no: impl Into<String>,
        rows: Vec<DocumentRow>,
    ) -> Self {
        Document {
            document_type_id: Some(if plus {
                document_type::ADJUSTMENT_PLUS
            } else {
                document_type::ADJUSTMENT_MINUS
            }),
            document_supplier_client_id: Some(INTERNAL_SUPPLIER_CLIENT_ID),
            document_inventory_location_id: Some(location_id),
            document_status: Some(status),
            document_reference_no: Some(reference_no.into()),
            details: rows,
            ..Document::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wcf_dates() {
        assert_eq!(
            wcf_date_millis("/Date(1520009179397+0200)/"),
            Some(1_520_009_179_397)
        );
        assert_eq!(
            wcf_date_millis("/Date(1700000000000-0500)/"),
            Some(1_700_000_000_000)
        );
        assert_eq!(
            wcf_date_millis("/Date(1700000000000)/"),
            Some(1_700_000_000_000)
        );
        assert_eq!(wcf_date_millis("/Date(-1000+0000)/"), Some(-1000));
        assert_eq!(wcf_date_millis("/Date(-62135596800000-0000)/"), None);
        assert_eq!(wcf_date_millis("2024-01-01"), None);
        assert_eq!(wcf_date_millis("/Date(abc)/"), None);
        assert_eq!(wcf_date_millis("/Date()/"), None);
        assert_eq!(wcf_date(5), "/Date(5+0000)/");
    }
}
