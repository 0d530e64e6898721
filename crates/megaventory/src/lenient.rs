//! Lenient inbound decoding.
//!
//! The real service (and the plugins talking to it) mix numbers and strings freely:
//! `"ProductID": ""`, `"SalesOrderNo": 61`, `"SearchValue": 2`, `"CurrencyIsDefault": "true"`.
//! Every inbound field goes through one of these helpers so that a surprising but
//! meaningful scalar never turns into a decode error. Outbound values are always
//! written in the documented type.

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// Any JSON scalar, kept in a form the helpers below can interpret.
enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    /// An object or array where a scalar was expected: ignored (treated as absent).
    Composite,
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON scalar")
    }
    fn visit_unit<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_none<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::UInt(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Composite)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Composite)
    }
}

fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
    d.deserialize_any(ScalarVisitor)
}

/// Integer id; `0`, `""`, `null` and absent all mean "no id" (`None`).
pub fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let value = match scalar(d)? {
        Scalar::Int(v) => Some(v),
        Scalar::UInt(v) => {
            Some(i64::try_from(v).map_err(|_| de::Error::custom("id out of range"))?)
        }
        Scalar::Float(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => Some(v as i64),
        Scalar::Float(v) => return Err(de::Error::custom(format!("id {v} is not a whole number"))),
        Scalar::Str(s) => {
            let t = s.trim();
            if t.is_empty() {
                None
            } else {
                Some(
                    t.parse::<i64>()
                        .map_err(|_| de::Error::custom(format!("id {t:?} is not a number")))?,
                )
            }
        }
        Scalar::Bool(_) => return Err(de::Error::custom("id is a boolean")),
        Scalar::Null | Scalar::Composite => None,
    };
    Ok(value.filter(|v| *v != 0))
}

/// Integer that defaults to 0 (counters, type ids).
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    // Unlike ids, 0 is a real value here, so reuse opt_id and map None back.
    opt_id(d).map(|v| v.unwrap_or(0))
}

/// Optional integer where 0 is meaningful (e.g. a document type id of 0 never occurs,
/// but `ReturnTopNRecords` or `Tries` may legitimately be 0).
pub fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match scalar(d)? {
        Scalar::Str(s) if s.trim().is_empty() => Ok(None),
        Scalar::Null | Scalar::Composite => Ok(None),
        other => {
            let v = match other {
                Scalar::Int(v) => v,
                Scalar::UInt(v) => {
                    i64::try_from(v).map_err(|_| de::Error::custom("integer out of range"))?
                }
                Scalar::Float(v) if v.fract() == 0.0 => v as i64,
                Scalar::Str(s) => s
                    .trim()
                    .parse::<i64>()
                    .map_err(|_| de::Error::custom(format!("{s:?} is not an integer")))?,
                Scalar::Bool(b) => b as i64,
                _ => return Err(de::Error::custom("not an integer")),
            };
            Ok(Some(v))
        }
    }
}

/// Optional string; numbers and booleans become their text, `""` and `null` become `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match scalar(d)? {
        Scalar::Str(s) if s.is_empty() => None,
        Scalar::Str(s) => Some(s),
        Scalar::Int(v) => Some(v.to_string()),
        Scalar::UInt(v) => Some(v.to_string()),
        Scalar::Float(v) => Some(v.to_string()),
        Scalar::Bool(v) => Some(v.to_string()),
        Scalar::Null | Scalar::Composite => None,
    })
}

/// String that defaults to empty.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    opt_string(d).map(Option::unwrap_or_default)
}

/// Optional boolean; accepts `true`, `"true"`, `"1"`, `1`, `"yes"` (any case) and their opposites.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match scalar(d)? {
        Scalar::Bool(b) => Some(b),
        Scalar::Int(v) => Some(v != 0),
        Scalar::UInt(v) => Some(v != 0),
        Scalar::Float(v) => Some(v != 0.0),
        Scalar::Str(s) => parse_bool_text(&s),
        Scalar::Null | Scalar::Composite => None,
    })
}

/// Boolean that defaults to false.
pub fn bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    opt_bool(d).map(|v| v.unwrap_or(false))
}

pub(crate) fn parse_bool_text(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// Optional decimal from a JSON number or a numeric string; `""`/`null` → `None`.
pub fn opt_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<crate::Decimal>, D::Error> {
    use crate::Decimal;
    let text = match scalar(d)? {
        Scalar::Str(s) if s.trim().is_empty() => return Ok(None),
        Scalar::Str(s) => s,
        Scalar::Int(v) => v.to_string(),
        Scalar::UInt(v) => v.to_string(),
        Scalar::Float(v) => {
            Decimal::from_f64_text(v).ok_or_else(|| de::Error::custom("decimal is not finite"))?
        }
        Scalar::Bool(_) => return Err(de::Error::custom("decimal is a boolean")),
        Scalar::Null | Scalar::Composite => return Ok(None),
    };
    Decimal::parse(&text).map(Some).map_err(de::Error::custom)
}

/// Decimal that defaults to zero.
pub fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<crate::Decimal, D::Error> {
    opt_decimal(d).map(Option::unwrap_or_default)
}

/// List that also accepts `null`/`""` (→ empty) and a single object (→ one element).
pub fn vec<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    use serde_json::Value;
    match Value::deserialize(d)? {
        Value::Null => Ok(Vec::new()),
        Value::String(s) if s.is_empty() => Ok(Vec::new()),
        Value::Array(items) => items
            .into_iter()
            .filter(|item| !item.is_null())
            .enumerate()
            .map(|(index, item)| {
                from_object(item).map_err(|e| de::Error::custom(format!("element {index}: {e}")))
            })
            .collect(),
        object @ Value::Object(_) => from_object(object)
            .map(|item| vec![item])
            .map_err(de::Error::custom),
        other => Err(de::Error::custom(format!(
            "expected a list, found {}",
            json_type_name(&other)
        ))),
    }
}

/// A struct read from a JSON object, through serde's map deserializer over the object's
/// members. `serde_json::from_value` would also compile each struct's sequence form (structs
/// written as JSON arrays, which no API sends) into the .wasm; this path has only the map form.
/// Anything but an object is an "invalid type" error.
pub fn from_object<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, serde_json::Error> {
    match value {
        serde_json::Value::Object(map) => {
            T::deserialize(de::value::MapDeserializer::new(map.into_iter()))
        }
        other => Err(de::Error::invalid_type(
            unexpected(&other),
            &"a JSON object",
        )),
    }
}

fn unexpected(value: &serde_json::Value) -> de::Unexpected<'_> {
    use serde_json::Value;
    match value {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => de::Unexpected::Signed(i),
            (_, Some(u), _) => de::Unexpected::Unsigned(u),
            (_, _, Some(f)) => de::Unexpected::Float(f),
            _ => de::Unexpected::Other("number"),
        },
        Value::String(s) => de::Unexpected::Str(s),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    }
}

pub(crate) fn json_type_name(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Nested object that also accepts `null`, `""` or anything non-object as absent.
pub fn opt_object<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let value = serde_json::Value::deserialize(d)?;
    match value {
        serde_json::Value::Object(_) => from_object(value).map(Some).map_err(de::Error::custom),
        _ => Ok(None),
    }
}

/// Optional string enum (or any value type with a lenient `Deserialize`); `null`/`""` → `None`.
pub fn opt_enum<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    use serde_json::Value;
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        other => serde_json::from_value(other)
            .map(Some)
            .map_err(de::Error::custom),
    }
}
