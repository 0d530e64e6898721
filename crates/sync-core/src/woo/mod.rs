//! WooCommerce REST API v3 (`/wp-json/wc/v3/...`) shapes that the sync reads.
//!
//! Only the fields the sync needs are modelled; unknown fields are ignored, and every field has
//! a default so that a missing one does not fail a whole order. Money, rates and weights stay
//! the decimal text WooCommerce sent ("19.90"): no floats. See [`lenient`] for the spellings
//! accepted where WooCommerce is inconsistent.

pub mod address;
pub mod coupon;
pub mod customer;
pub mod lenient;
pub mod order;
pub mod product;
pub mod tax_rate;

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

pub use address::Address;
pub use coupon::{Coupon, DiscountType};
pub use customer::Customer;
pub use order::{
    CouponLine, FeeLine, LineItem, LineTax, Order, OrderStatus, PaymentMethod, ShippingLine,
    TaxLine,
};
pub use product::{
    category_path, Category, CategoryRef, Dimensions, Image, Product, ProductAttribute,
    ProductAttributeDefinition, ProductType, Variation, VariationAttribute,
};
pub use tax_rate::{TaxClass, TaxRate};

/// Meta key under which the plugin stores the purchase price it syncs to Megaventory.
pub const PURCHASE_PRICE_META_KEY: &str = "_mvsync_purchase_price";
/// Meta key of the "Cost of Goods" extension, read when the plugin's own key is absent.
pub const COST_OF_GOODS_META_KEY: &str = "_wc_cog_cost";

/// One `meta_data` entry. `value` can be any JSON (plugins store arrays and objects).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct MetaData {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    #[serde(deserialize_with = "lenient::string")]
    pub key: String,
    pub value: Value,
    /// Order line items only: the label WooCommerce shows (attribute name for variation metas).
    #[serde(deserialize_with = "lenient::optional_string")]
    pub display_key: Option<String>,
    pub display_value: Option<Value>,
}

/// The value of the first meta entry with `key`.
pub fn meta_value<'a>(meta: &'a [MetaData], key: &str) -> Option<&'a Value> {
    meta.iter()
        .find(|entry| entry.key == key)
        .map(|entry| &entry.value)
}

/// A meta value read as decimal text: a string as is, a number as its decimal text; anything
/// else (arrays, blank strings) is treated as "not set".
pub fn meta_decimal(meta: &[MetaData], key: &str) -> Option<String> {
    match meta_value(meta, key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The purchase price of a product or variation: the plugin's own meta first, then the
/// Cost of Goods extension's.
pub fn purchase_price(meta: &[MetaData]) -> Option<String> {
    meta_decimal(meta, PURCHASE_PRICE_META_KEY)
        .or_else(|| meta_decimal(meta, COST_OF_GOODS_META_KEY))
}

/// Something read from a WooCommerce REST response; `KIND` names it in errors.
pub trait WooEntity: DeserializeOwned {
    const KIND: &'static str;
}

/// A WooCommerce response that could not be read, naming the entity (and, for list elements,
/// its position and id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WooParseError {
    pub kind: &'static str,
    /// Position in a list response, when the error is in one element.
    pub index: Option<usize>,
    /// The element's `id`, when it could be read.
    pub id: Option<u64>,
    pub message: String,
}

impl fmt::Display for WooParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not read WooCommerce {}", self.kind)?;
        if let Some(index) = self.index {
            write!(f, " #{index} of the list")?;
        }
        if let Some(id) = self.id {
            write!(f, " (id {id})")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for WooParseError {}

/// Reads one entity from a response body.
pub fn from_json<T: WooEntity>(body: &str) -> Result<T, WooParseError> {
    let value: Value = serde_json::from_str(body).map_err(|e| WooParseError {
        kind: T::KIND,
        index: None,
        id: None,
        message: format!("not JSON: {e}"),
    })?;
    from_value(value, None, body)
}

/// Reads a list response (`GET /wc/v3/products`), reporting which element failed.
pub fn list_from_json<T: WooEntity>(body: &str) -> Result<Vec<T>, WooParseError> {
    let value: Value = serde_json::from_str(body).map_err(|e| WooParseError {
        kind: T::KIND,
        index: None,
        id: None,
        message: format!("list is not JSON: {e}"),
    })?;
    match value {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(index, item)| from_value(item, Some(index), body))
            .collect(),
        other => Err(WooParseError {
            kind: T::KIND,
            index: None,
            id: None,
            message: format!("expected a JSON list, got {}", json_type_name(&other)),
        }),
    }
}

/// `body` is what `value` was parsed from (the whole list when `index` is set): on failure it is
/// read again to locate the bad field, so that success needs no copy of the value.
fn from_value<T: WooEntity>(
    value: Value,
    index: Option<usize>,
    body: &str,
) -> Result<T, WooParseError> {
    if !value.is_object() {
        return Err(WooParseError {
            kind: T::KIND,
            index,
            id: None,
            message: format!("expected a JSON object, got {}", json_type_name(&value)),
        });
    }
    let id = value.get("id").and_then(|id| match id {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    });
    // Every WooCommerce type is read through the one owned-object path (nested fields go
    // through it anyway, see `lenient`): a second path (text or `&Value`) would compile every
    // type's deserializer again into the .wasm.
    lenient::from_object::<T>(value).map_err(|error| {
        let reread = serde_json::from_str::<Value>(body).ok();
        let original = match (reread, index) {
            (Some(Value::Array(mut items)), Some(at)) if at < items.len() => items.swap_remove(at),
            (Some(value), None) => value,
            _ => Value::Null,
        };
        WooParseError {
            kind: T::KIND,
            index,
            id,
            message: locate_failure::<T>(original, error),
        }
    })
}

/// The error's text followed by the offending field as `"name": value`.
///
/// Value errors carry no position, so the field is found by elimination: the first member
/// (object key or list element) whose removal changes the error is followed down until a
/// member holds a scalar, or removing any of its children no longer changes the error.
fn locate_failure<T: DeserializeOwned>(mut root: Value, error: serde_json::Error) -> String {
    const MAX_QUOTE: usize = 80;
    let reason = error.to_string();
    let still_fails_the_same = |candidate: Value| match lenient::from_object::<T>(candidate) {
        Ok(_) => false,
        Err(other) => other.to_string() == reason,
    };
    let mut path: Vec<Member> = Vec::new();
    let mut field: Option<(String, Value)> = None;
    loop {
        let Some(container) = value_at(&mut root, &path) else {
            break;
        };
        let members: Vec<Member> = match container {
            Value::Object(map) => map.keys().cloned().map(Member::Key).collect(),
            Value::Array(items) => (0..items.len()).map(Member::Index).collect(),
            _ => break,
        };
        let culprit = members.into_iter().find(|member| {
            let mut candidate = root.clone();
            if let Some(container) = value_at(&mut candidate, &path) {
                match (container, member) {
                    (Value::Object(map), Member::Key(key)) => {
                        map.remove(key);
                    }
                    (Value::Array(items), Member::Index(at)) => {
                        items.remove(*at);
                    }
                    _ => {}
                }
            }
            !still_fails_the_same(candidate)
        });
        let Some(culprit) = culprit else { break };
        path.push(culprit);
        if let (Some(Member::Key(key)), Some(value)) = (path.last(), value_at(&mut root, &path)) {
            field = Some((key.clone(), value.clone()));
        }
    }
    match field {
        Some((key, value)) => {
            let quote: String = format!("{}: {}", Value::String(key), value)
                .chars()
                .take(MAX_QUOTE)
                .collect();
            format!("{reason}, at `{quote}`")
        }
        None => reason,
    }
}

/// One step of a path into a JSON document.
enum Member {
    Key(String),
    Index(usize),
}

fn value_at<'a>(root: &'a mut Value, path: &[Member]) -> Option<&'a mut Value> {
    path.iter().try_fold(root, |value, member| match member {
        Member::Key(key) => value.get_mut(key.as_str()),
        Member::Index(at) => value.get_mut(*at),
    })
}

fn json_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The pagination headers of a list response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pagination {
    /// `X-WP-Total`: items across all pages.
    pub total: u64,
    /// `X-WP-TotalPages`.
    pub total_pages: u64,
}

impl Pagination {
    /// Reads the two header values (already looked up case-insensitively by the caller).
    pub fn from_headers(total: Option<&str>, total_pages: Option<&str>) -> Result<Self, String> {
        fn read(name: &str, value: Option<&str>) -> Result<u64, String> {
            let value =
                value.ok_or_else(|| format!("WooCommerce list response has no {name} header"))?;
            value.trim().parse().map_err(|_| {
                format!("WooCommerce list response header {name} is not a count: {value:?}")
            })
        }
        Ok(Self {
            total: read("X-WP-Total", total)?,
            total_pages: read("X-WP-TotalPages", total_pages)?,
        })
    }

    /// Whether a page after `page` (1-based) exists.
    pub fn has_page_after(&self, page: u64) -> bool {
        page < self.total_pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(key: &str, value: Value) -> MetaData {
        MetaData {
            key: key.into(),
            value,
            ..MetaData::default()
        }
    }

    #[test]
    fn purchase_price_prefers_the_plugin_meta_then_cost_of_goods() {
        let both = [
            meta(COST_OF_GOODS_META_KEY, "7.10".into()),
            meta(PURCHASE_PRICE_META_KEY, "7.35".into()),
        ];
        assert_eq!(purchase_price(&both).as_deref(), Some("7.35"));
        let cog_only = [meta(COST_OF_GOODS_META_KEY, serde_json::json!(4.2))];
        assert_eq!(purchase_price(&cog_only).as_deref(), Some("4.2"));
        let blank = [
            meta(PURCHASE_PRICE_META_KEY, "  ".into()),
            meta(COST_OF_GOODS_META_KEY, "3".into()),
        ];
        assert_eq!(purchase_price(&blank).as_deref(), Some("3"));
        assert_eq!(purchase_price(&[]), None);
    }

    #[test]
    fn list_errors_name_the_entity_position_and_id() {
        let error = list_from_json::<Coupon>(
            r#"[{"id": 1, "code": "a"}, {"id": 9, "usage_limit": "lots"}]"#,
        )
        .unwrap_err();
        assert_eq!(
            (error.kind, error.index, error.id),
            ("coupon", Some(1), Some(9))
        );
        assert!(
            error
                .to_string()
                .starts_with("could not read WooCommerce coupon #1 of the list (id 9): "),
            "{error}"
        );
        assert!(
            error.message.ends_with(r#"at `"usage_limit": "lots"`"#),
            "{error}"
        );
        let middle = from_json::<Coupon>(r#"{"limit_usage_to_x_items": "lots", "usage_limit": 1}"#)
            .unwrap_err();
        assert!(
            middle
                .message
                .ends_with(r#"at `"limit_usage_to_x_items": "lots"`"#),
            "{middle}"
        );
        let nested =
            from_json::<Order>(r#"{"id": 5, "line_items": [{"quantity": "two"}]}"#).unwrap_err();
        assert!(
            nested.to_string().contains(r#"`"quantity": "two"`"#),
            "{nested}"
        );
        let not_list = list_from_json::<Coupon>(r#"{"code": "rest_forbidden"}"#).unwrap_err();
        assert!(
            not_list
                .to_string()
                .contains("expected a JSON list, got an object"),
            "{not_list}"
        );
        let not_json = from_json::<Order>("<html>").unwrap_err();
        assert!(
            not_json
                .to_string()
                .starts_with("could not read WooCommerce order: not JSON"),
            "{not_json}"
        );
    }

    #[test]
    fn pagination_reads_headers_and_rejects_junk() {
        let pages = Pagination::from_headers(Some("5"), Some(" 2 ")).unwrap();
        assert_eq!(
            pages,
            Pagination {
                total: 5,
                total_pages: 2
            }
        );
        assert!(pages.has_page_after(1));
        assert!(!pages.has_page_after(2));
        assert!(Pagination::from_headers(None, Some("2"))
            .unwrap_err()
            .contains("X-WP-Total header"));
        assert!(Pagination::from_headers(Some("5"), Some("two"))
            .unwrap_err()
            .contains("X-WP-TotalPages"));
    }
}
