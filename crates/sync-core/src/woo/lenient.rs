//! Forgiving field readers for WooCommerce JSON.
//!
//! WooCommerce is PHP: the same field can arrive as a number, a numeric string, `""`, `null` or
//! `false` depending on the code path (and on other plugins). Each reader here accepts those
//! spellings and still rejects values that make no sense (`"abc"` as an id), so a real schema
//! change surfaces as an error naming the field instead of silently becoming zero.
//! The README of this crate lists the captured value that forced each one.

use serde::de::{self, Deserializer, Unexpected};
use serde::Deserialize;
use serde_json::Value;

pub(crate) use megaventory::lenient::from_object;

fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match n.as_f64() {
            Some(f) => Unexpected::Float(f),
            None => Unexpected::Other("number"),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

/// A whole number from a JSON number (also `12.0`) or a numeric string; `None` for the
/// "no value" spellings `null`, `""` and `false`.
fn whole_number<E: de::Error>(value: &Value) -> Result<Option<i64>, E> {
    const EXPECTED: &str = "a whole number, a numeric string, \"\", null or false";
    match value {
        Value::Null | Value::Bool(false) => Ok(None),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Ok(Some(i))
            } else {
                match n.as_f64() {
                    Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(Some(f as i64)),
                    _ => Err(E::invalid_value(unexpected(value), &EXPECTED)),
                }
            }
        }
        Value::String(s) => {
            let trimmed = s.trim();
            if trimmed.is_empty() {
                return Ok(None);
            }
            if let Ok(i) = trimmed.parse::<i64>() {
                return Ok(Some(i));
            }
            match trimmed.parse::<f64>() {
                Ok(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(Some(f as i64)),
                _ => Err(E::invalid_value(unexpected(value), &EXPECTED)),
            }
        }
        _ => Err(E::invalid_value(unexpected(value), &EXPECTED)),
    }
}

/// An id: 0 when WooCommerce sends `""`, `null` or `false` (e.g. line item `image.id: ""`).
pub fn id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    let value = Value::deserialize(deserializer)?;
    match whole_number::<D::Error>(&value)? {
        None => Ok(0),
        Some(i) => u64::try_from(i)
            .map_err(|_| de::Error::invalid_value(unexpected(&value), &"a non-negative id")),
    }
}

/// A non-negative count or limit that may be absent (`usage_limit: null`).
pub fn optional_count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    match whole_number::<D::Error>(&value)? {
        None => Ok(None),
        Some(i) => u64::try_from(i)
            .map(Some)
            .map_err(|_| de::Error::invalid_value(unexpected(&value), &"a non-negative count")),
    }
}

/// A signed whole number that may be absent (`stock_quantity: null`; negative on backorder).
pub fn optional_integer<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    whole_number(&value)
}

/// A signed whole number, 0 when absent (order line `quantity`; negative in refunds).
pub fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    optional_integer(deserializer).map(|n| n.unwrap_or(0))
}

/// A list of ids where elements may be numbers or numeric strings.
pub fn id_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u64>, D::Error> {
    #[derive(Deserialize)]
    struct LenientId(#[serde(deserialize_with = "id")] u64);
    let value = Value::deserialize(deserializer)?;
    match value {
        Value::Null | Value::Bool(false) => Ok(Vec::new()),
        Value::String(ref s) if s.is_empty() => Ok(Vec::new()),
        Value::Array(items) => items
            .into_iter()
            .map(|item| {
                LenientId::deserialize(item)
                    .map(|LenientId(id)| id)
                    .map_err(de::Error::custom)
            })
            .collect(),
        other => Err(de::Error::invalid_value(
            unexpected(&other),
            &"a list of ids",
        )),
    }
}

/// Decimal text kept exactly as WooCommerce wrote it. A string stays as is; a JSON number
/// (line item `price: 18.81`, tax line `rate_percent: 7.25`) becomes its shortest decimal
/// text, which is what PHP's json_encode produced from the same float; `null`/`false` become "".
/// Money is never turned into a float here: callers parse the text with the precision they need.
pub fn decimal<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let value = Value::deserialize(deserializer)?;
    match value {
        Value::Null | Value::Bool(false) => Ok(String::new()),
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(de::Error::invalid_value(
            unexpected(&other),
            &"a decimal number or numeric string",
        )),
    }
}

/// Text where WooCommerce may send `null` (line item `sku` of a deleted product) or a number.
pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let value = Value::deserialize(deserializer)?;
    match value {
        Value::Null | Value::Bool(false) => Ok(String::new()),
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(de::Error::invalid_value(unexpected(&other), &"a string")),
    }
}

/// Like [`string`], then converted (used for enums that keep unknown values).
pub fn string_into<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: From<String>,
{
    string(deserializer).map(T::from)
}

/// Text that is meaningfully absent: `null`, `false` and `""` all become `None` (dates).
pub fn optional_string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    string(deserializer).map(|s| if s.is_empty() { None } else { Some(s) })
}

/// Like [`optional_string`], then converted.
pub fn optional_string_into<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: From<String>,
{
    optional_string(deserializer).map(|text| text.map(T::from))
}

/// A list of strings whose elements may be numbers (coupon `used_by: ["4"]` holds customer ids
/// as strings and guest e-mails in the same list).
pub fn string_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    struct LenientString(#[serde(deserialize_with = "string")] String);
    let value = Value::deserialize(deserializer)?;
    match value {
        Value::Null | Value::Bool(false) => Ok(Vec::new()),
        Value::String(ref s) if s.is_empty() => Ok(Vec::new()),
        Value::Array(items) => items
            .into_iter()
            .map(|item| {
                LenientString::deserialize(item)
                    .map(|LenientString(s)| s)
                    .map_err(de::Error::custom)
            })
            .collect(),
        other => Err(de::Error::invalid_value(
            unexpected(&other),
            &"a list of strings",
        )),
    }
}

/// A flag in any of WooCommerce's spellings: JSON booleans, its own "yes"/"no", "1"/"0", 1/0,
/// and `null`/`""` as false. "parent" (a variation whose stock the parent manages) counts as true.
pub fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    let value = Value::deserialize(deserializer)?;
    match &value {
        Value::Null => Ok(false),
        Value::Bool(b) => Ok(*b),
        Value::Number(n) if n.as_i64() == Some(0) => Ok(false),
        Value::Number(n) if n.as_i64() == Some(1) => Ok(true),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "" | "no" | "false" | "0" => Ok(false),
            "yes" | "true" | "1" | "parent" => Ok(true),
            _ => Err(de::Error::invalid_value(
                unexpected(&value),
                &"a boolean or yes/no",
            )),
        },
        _ => Err(de::Error::invalid_value(
            unexpected(&value),
            &"a boolean or yes/no",
        )),
    }
}

/// A list or object that WooCommerce may send as `null`, `false` or `""` when empty
/// (variation `image: null`).
pub fn optional_object<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let value = Value::deserialize(deserializer)?;
    match value {
        Value::Null | Value::Bool(false) => Ok(None),
        Value::String(ref s) if s.is_empty() => Ok(None),
        Value::Array(ref a) if a.is_empty() => Ok(None),
        other => from_object(other).map(Some).map_err(de::Error::custom),
    }
}

/// A list that may arrive as `null`, `false`, `""` or `{}` when empty.
pub fn list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let value = Value::deserialize(deserializer)?;
    match value {
        Value::Null | Value::Bool(false) => Ok(Vec::new()),
        Value::String(ref s) if s.is_empty() => Ok(Vec::new()),
        Value::Object(ref o) if o.is_empty() => Ok(Vec::new()),
        Value::Array(items) => items
            .into_iter()
            .map(|item| from_object(item).map_err(de::Error::custom))
            .collect(),
        other => Err(de::Error::invalid_value(unexpected(&other), &"a list")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    struct Probe {
        #[serde(default, deserialize_with = "id")]
        id: u64,
        #[serde(default, deserialize_with = "optional_integer")]
        stock: Option<i64>,
        #[serde(default, deserialize_with = "decimal")]
        money: String,
        #[serde(default, deserialize_with = "flag")]
        flag: bool,
        #[serde(default, deserialize_with = "id_list")]
        ids: Vec<u64>,
    }

    fn probe(json: &str) -> Result<Probe, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn ids_accept_numbers_numeric_strings_and_empty_spellings() {
        let cases = [
            (r#"{"id": 42}"#, 42),
            (r#"{"id": "42"}"#, 42),
            (r#"{"id": 42.0}"#, 42),
            (r#"{"id": ""}"#, 0),
            (r#"{"id": null}"#, 0),
            (r#"{"id": false}"#, 0),
            (r#"{}"#, 0),
        ];
        for (json, expected) in cases {
            assert_eq!(probe(json).unwrap().id, expected, "{json}");
        }
    }

    #[test]
    fn nonsense_ids_are_rejected_with_the_value() {
        for json in [
            r#"{"id": "abc"}"#,
            r#"{"id": -3}"#,
            r#"{"id": 4.5}"#,
            r#"{"id": true}"#,
            r#"{"id": [1]}"#,
        ] {
            let error = probe(json).unwrap_err().to_string();
            assert!(error.contains("invalid"), "{json}: {error}");
        }
    }

    #[test]
    fn stock_keeps_negatives_and_absence() {
        assert_eq!(probe(r#"{"stock": -2}"#).unwrap().stock, Some(-2));
        assert_eq!(probe(r#"{"stock": "7"}"#).unwrap().stock, Some(7));
        assert_eq!(probe(r#"{"stock": null}"#).unwrap().stock, None);
        assert_eq!(probe(r#"{"stock": ""}"#).unwrap().stock, None);
    }

    #[test]
    fn money_stays_text() {
        let cases = [
            (r#"{"money": "19.90"}"#, "19.90"),
            (r#"{"money": 18.81}"#, "18.81"),
            (r#"{"money": 30}"#, "30"),
            (r#"{"money": null}"#, ""),
            (r#"{"money": false}"#, ""),
        ];
        for (json, expected) in cases {
            assert_eq!(probe(json).unwrap().money, expected, "{json}");
        }
        assert!(probe(r#"{"money": {"a": 1}}"#).is_err());
    }

    #[test]
    fn flags_accept_woocommerce_spellings() {
        let cases = [
            (r#"{"flag": true}"#, true),
            (r#"{"flag": "yes"}"#, true),
            (r#"{"flag": "parent"}"#, true),
            (r#"{"flag": 1}"#, true),
            (r#"{"flag": "no"}"#, false),
            (r#"{"flag": ""}"#, false),
            (r#"{"flag": null}"#, false),
        ];
        for (json, expected) in cases {
            assert_eq!(probe(json).unwrap().flag, expected, "{json}");
        }
        assert!(probe(r#"{"flag": "maybe"}"#).is_err());
    }

    #[test]
    fn id_lists_mix_numbers_and_strings() {
        assert_eq!(probe(r#"{"ids": [1, "2", 3]}"#).unwrap().ids, vec![1, 2, 3]);
        assert_eq!(probe(r#"{"ids": null}"#).unwrap().ids, Vec::<u64>::new());
        assert!(probe(r#"{"ids": ["x"]}"#).is_err());
    }
}
