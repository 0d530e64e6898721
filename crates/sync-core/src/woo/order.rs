//! Orders (`/wc/v3/orders`) with their line, shipping, fee, coupon and tax lines.

use serde::Deserialize;

use super::{lenient, Address, DiscountType, Image, MetaData, WooEntity};

/// `status` of an order, without the "wc-" prefix. Custom statuses are kept as text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum OrderStatus {
    #[default]
    Pending,
    Processing,
    OnHold,
    Completed,
    Cancelled,
    Refunded,
    Failed,
    CheckoutDraft,
    Trash,
    Other(String),
}

impl From<String> for OrderStatus {
    fn from(text: String) -> Self {
        match text.strip_prefix("wc-").unwrap_or(&text) {
            "pending" | "" => Self::Pending,
            "processing" => Self::Processing,
            "on-hold" => Self::OnHold,
            "completed" => Self::Completed,
            "cancelled" => Self::Cancelled,
            "refunded" => Self::Refunded,
            "failed" => Self::Failed,
            "checkout-draft" => Self::CheckoutDraft,
            "trash" => Self::Trash,
            _ => Self::Other(text),
        }
    }
}

/// The payment gateway of an order (`payment_method`). Gateways other than WooCommerce's
/// built-in offline ones are kept by id; "" (e.g. a free or admin-made order) is `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentMethod {
    CashOnDelivery,
    BankTransfer,
    Cheque,
    Other(String),
}

impl PaymentMethod {
    pub fn from_gateway_id(id: &str) -> Option<Self> {
        match id {
            "" => None,
            "cod" => Some(Self::CashOnDelivery),
            "bacs" => Some(Self::BankTransfer),
            "cheque" => Some(Self::Cheque),
            other => Some(Self::Other(other.to_string())),
        }
    }
}

/// One tax rate's share of a line: `id` is the tax rate id. Amounts are unrounded
/// ("7.1478"); `subtotal` is "" on shipping and fee lines.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct LineTax {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    #[serde(deserialize_with = "lenient::decimal")]
    pub total: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub subtotal: String,
}

/// A product line.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct LineItem {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    /// The product name at the time of the order.
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    /// Parent product for a variation; 0 once the product has been deleted.
    #[serde(deserialize_with = "lenient::id")]
    pub product_id: u64,
    #[serde(deserialize_with = "lenient::id")]
    pub variation_id: u64,
    #[serde(deserialize_with = "lenient::integer")]
    pub quantity: i64,
    #[serde(deserialize_with = "lenient::string")]
    pub tax_class: String,
    /// Before coupons, excluding tax.
    #[serde(deserialize_with = "lenient::decimal")]
    pub subtotal: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub subtotal_tax: String,
    /// After coupons, excluding tax.
    #[serde(deserialize_with = "lenient::decimal")]
    pub total: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub total_tax: String,
    #[serde(deserialize_with = "lenient::list")]
    pub taxes: Vec<LineTax>,
    /// For variations also the chosen attributes (`key` "pa_fx-color", `value` the term slug).
    #[serde(deserialize_with = "lenient::list")]
    pub meta_data: Vec<MetaData>,
    /// The product's current SKU; `null` (read as "") when the product no longer exists.
    #[serde(deserialize_with = "lenient::string")]
    pub sku: String,
    /// Unit price after discounts, sent as a JSON number (e.g. 18.81); kept as decimal text.
    #[serde(deserialize_with = "lenient::decimal")]
    pub price: String,
    #[serde(deserialize_with = "lenient::optional_object")]
    pub image: Option<Image>,
    /// The parent product's title for a variation line, else `null` (read as "").
    #[serde(deserialize_with = "lenient::string")]
    pub parent_name: String,
}

impl LineItem {
    /// The product to look up: the variation if there is one, else the product; `None` when the
    /// product was deleted after the order.
    pub fn effective_product_id(&self) -> Option<u64> {
        match (self.variation_id, self.product_id) {
            (0, 0) => None,
            (0, product) => Some(product),
            (variation, _) => Some(variation),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct ShippingLine {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    #[serde(deserialize_with = "lenient::string")]
    pub method_title: String,
    /// "flat_rate", "free_shipping", "local_pickup", …
    #[serde(deserialize_with = "lenient::string")]
    pub method_id: String,
    /// Sent as a string ("1").
    #[serde(deserialize_with = "lenient::string")]
    pub instance_id: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub total: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub total_tax: String,
    #[serde(deserialize_with = "lenient::list")]
    pub taxes: Vec<LineTax>,
    #[serde(deserialize_with = "lenient::list")]
    pub meta_data: Vec<MetaData>,
}

/// A fee line; `total` is negative for a discount given as a fee.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct FeeLine {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(deserialize_with = "lenient::string")]
    pub tax_class: String,
    #[serde(deserialize_with = "lenient::string")]
    pub tax_status: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub amount: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub total: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub total_tax: String,
    #[serde(deserialize_with = "lenient::list")]
    pub taxes: Vec<LineTax>,
    #[serde(deserialize_with = "lenient::list")]
    pub meta_data: Vec<MetaData>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct CouponLine {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    #[serde(deserialize_with = "lenient::string")]
    pub code: String,
    /// Discount excluding tax, rounded ("7.36").
    #[serde(deserialize_with = "lenient::decimal")]
    pub discount: String,
    /// Not always two decimals ("1.4").
    #[serde(deserialize_with = "lenient::decimal")]
    pub discount_tax: String,
    /// Newer WooCommerce only (8.x); `None` when absent.
    #[serde(deserialize_with = "lenient::optional_string_into")]
    pub discount_type: Option<DiscountType>,
    /// The coupon's amount at order time, a JSON number (12.5); newer WooCommerce only.
    #[serde(deserialize_with = "lenient::decimal")]
    pub nominal_amount: String,
    #[serde(deserialize_with = "lenient::list")]
    pub meta_data: Vec<MetaData>,
}

/// The order's tax summary per rate.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct TaxLine {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    /// "DE-FX-VAT-1": country-state-NAME-priority.
    #[serde(deserialize_with = "lenient::string")]
    pub rate_code: String,
    #[serde(deserialize_with = "lenient::id")]
    pub rate_id: u64,
    #[serde(deserialize_with = "lenient::string")]
    pub label: String,
    #[serde(deserialize_with = "lenient::flag")]
    pub compound: bool,
    /// Tax on items and fees.
    #[serde(deserialize_with = "lenient::decimal")]
    pub tax_total: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub shipping_tax_total: String,
    /// A JSON number (19, 7.25); kept as decimal text.
    #[serde(deserialize_with = "lenient::decimal")]
    pub rate_percent: String,
    #[serde(deserialize_with = "lenient::list")]
    pub meta_data: Vec<MetaData>,
}

/// A refund as listed on its order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct RefundRef {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    #[serde(deserialize_with = "lenient::string")]
    pub reason: String,
    /// Negative ("-5.00").
    #[serde(deserialize_with = "lenient::decimal")]
    pub total: String,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct Order {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    #[serde(deserialize_with = "lenient::id")]
    pub parent_id: u64,
    /// The order number shown to people; a string, may differ from `id` with numbering plugins.
    #[serde(deserialize_with = "lenient::string")]
    pub number: String,
    #[serde(deserialize_with = "lenient::string")]
    pub order_key: String,
    /// "checkout", "admin", "rest-api", "store-api", …
    #[serde(deserialize_with = "lenient::string")]
    pub created_via: String,
    /// WooCommerce version that last saved the order.
    #[serde(deserialize_with = "lenient::string")]
    pub version: String,
    #[serde(deserialize_with = "lenient::string_into")]
    pub status: OrderStatus,
    /// ISO 4217 code of this order; can differ from the shop's currency.
    #[serde(deserialize_with = "lenient::string")]
    pub currency: String,
    #[serde(deserialize_with = "lenient::string")]
    pub currency_symbol: String,
    #[serde(deserialize_with = "lenient::flag")]
    pub prices_include_tax: bool,
    #[serde(deserialize_with = "lenient::optional_string")]
    pub date_created: Option<String>,
    #[serde(deserialize_with = "lenient::optional_string")]
    pub date_created_gmt: Option<String>,
    #[serde(deserialize_with = "lenient::optional_string")]
    pub date_modified_gmt: Option<String>,
    #[serde(deserialize_with = "lenient::optional_string")]
    pub date_paid_gmt: Option<String>,
    #[serde(deserialize_with = "lenient::optional_string")]
    pub date_completed_gmt: Option<String>,
    #[serde(deserialize_with = "lenient::decimal")]
    pub discount_total: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub discount_tax: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub shipping_total: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub shipping_tax: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub cart_tax: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub total: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub total_tax: String,
    /// 0 for a guest order.
    #[serde(deserialize_with = "lenient::id")]
    pub customer_id: u64,
    #[serde(deserialize_with = "lenient::optional_object")]
    pub billing: Option<Address>,
    #[serde(deserialize_with = "lenient::optional_object")]
    pub shipping: Option<Address>,
    /// Gateway id ("bacs"); see [`Order::payment`].
    #[serde(deserialize_with = "lenient::string")]
    pub payment_method: String,
    #[serde(deserialize_with = "lenient::string")]
    pub payment_method_title: String,
    #[serde(deserialize_with = "lenient::string")]
    pub transaction_id: String,
    /// The note the customer typed at checkout (may hold newlines).
    #[serde(deserialize_with = "lenient::string")]
    pub customer_note: String,
    #[serde(deserialize_with = "lenient::list")]
    pub meta_data: Vec<MetaData>,
    #[serde(deserialize_with = "lenient::list")]
    pub line_items: Vec<LineItem>,
    #[serde(deserialize_with = "lenient::list")]
    pub tax_lines: Vec<TaxLine>,
    #[serde(deserialize_with = "lenient::list")]
    pub shipping_lines: Vec<ShippingLine>,
    #[serde(deserialize_with = "lenient::list")]
    pub fee_lines: Vec<FeeLine>,
    #[serde(deserialize_with = "lenient::list")]
    pub coupon_lines: Vec<CouponLine>,
    #[serde(deserialize_with = "lenient::list")]
    pub refunds: Vec<RefundRef>,
}

impl Order {
    pub fn is_guest(&self) -> bool {
        self.customer_id == 0
    }

    pub fn payment(&self) -> Option<PaymentMethod> {
        PaymentMethod::from_gateway_id(&self.payment_method)
    }

    pub fn billing(&self) -> Address {
        self.billing.clone().unwrap_or_default()
    }

    /// The shipping address, or the billing address when none was entered.
    pub fn shipping_or_billing(&self) -> Address {
        match &self.shipping {
            Some(shipping) if !shipping.is_empty() => shipping.clone(),
            _ => self.billing(),
        }
    }

    pub fn coupon_codes(&self) -> Vec<&str> {
        self.coupon_lines
            .iter()
            .map(|line| line.code.as_str())
            .collect()
    }
}

impl WooEntity for Order {
    const KIND: &'static str = "order";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_accept_the_wc_prefix_and_keep_custom_ones() {
        assert_eq!(
            OrderStatus::from("wc-on-hold".to_string()),
            OrderStatus::OnHold
        );
        assert_eq!(
            OrderStatus::from("cancelled".to_string()),
            OrderStatus::Cancelled
        );
        assert_eq!(
            OrderStatus::from("awaiting-pickup".to_string()),
            OrderStatus::Other("awaiting-pickup".into())
        );
    }

    #[test]
    fn line_items_point_at_the_variation_or_nothing() {
        let variation = LineItem {
            product_id: 12,
            variation_id: 13,
            ..LineItem::default()
        };
        let simple = LineItem {
            product_id: 11,
            ..LineItem::default()
        };
        let deleted = LineItem::default();
        assert_eq!(variation.effective_product_id(), Some(13));
        assert_eq!(simple.effective_product_id(), Some(11));
        assert_eq!(deleted.effective_product_id(), None);
    }

    #[test]
    fn coupon_line_discount_type_is_optional() {
        let old: CouponLine = serde_json::from_str(r#"{"code": "x", "discount": "1.00"}"#).unwrap();
        assert_eq!(old.discount_type, None);
        let new: CouponLine =
            serde_json::from_str(r#"{"code": "x", "discount_type": "percent"}"#).unwrap();
        assert_eq!(new.discount_type, Some(DiscountType::Percent));
    }
}
