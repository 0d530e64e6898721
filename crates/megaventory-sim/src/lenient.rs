//! Lenient request reading: case-folded property names, loose scalars, single
//! objects where lists are expected. ServiceStack accepts all of this, so the
//! simulator must too.

use serde_json::{Map, Value};

/// Lower-cases every property name at every level. Later duplicates win, except
/// that a non-empty value is never replaced by an empty one (WC sends `apikey`
/// and `APIKEY` side by side).
pub fn fold_case(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut out = Map::with_capacity(map.len());
            for (k, v) in map {
                let key = k.to_ascii_lowercase();
                let v = fold_case(v);
                match out.get(&key) {
                    Some(existing) if !crate::schema::is_empty_request_value(existing) && crate::schema::is_empty_request_value(&v) => {}
                    _ => {
                        out.insert(key, v);
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(fold_case).collect()),
        other => other,
    }
}

/// Read access to a case-folded request object.
pub struct Req<'a>(pub &'a Value);

impl<'a> Req<'a> {
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.0.get(key.to_ascii_lowercase().as_str()).filter(|v| !v.is_null())
    }
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
    pub fn str(&self, key: &str) -> Option<String> {
        self.get(key).and_then(scalar_string).filter(|s| !s.is_empty())
    }
    pub fn int(&self, key: &str) -> Option<i64> {
        self.get(key).and_then(scalar_int)
    }
    pub fn bool(&self, key: &str) -> Option<bool> {
        self.get(key).and_then(scalar_bool)
    }
    /// A list, accepting a single value in place of a one-element list.
    pub fn list(&self, key: &str) -> Vec<&'a Value> {
        match self.get(key) {
            None => Vec::new(),
            Some(Value::Array(items)) => items.iter().collect(),
            Some(Value::String(s)) if s.is_empty() => Vec::new(),
            Some(single) => vec![single],
        }
    }
    pub fn obj(&self, key: &str) -> Option<&'a Map<String, Value>> {
        match self.get(key)? {
            Value::Object(m) => Some(m),
            Value::Array(items) if items.len() == 1 => items[0].as_object(),
            _ => None,
        }
    }
}

pub fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub fn scalar_int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => {
            let s = s.trim();
            s.parse::<i64>().ok().or_else(|| s.parse::<f64>().ok().filter(|f| f.fract() == 0.0).map(|f| f as i64))
        }
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

pub fn scalar_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        Value::Bool(b) => Some(*b as i64 as f64),
        _ => None,
    }
}

pub fn scalar_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => Some(n.as_f64().unwrap_or(0.0) != 0.0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Decodes `a=1&b=x%20y` into a JSON object; values that look like JSON
/// (`[…]`, `{…}`) are parsed so GET requests can carry Filters.
pub fn query_to_json(query: &str) -> Value {
    let mut map = Map::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(k);
        let val = percent_decode(v);
        let json = if val.starts_with('[') || val.starts_with('{') {
            serde_json::from_str(&val).ok().or_else(|| parse_jsv(&val)).unwrap_or(Value::String(val))
        } else {
            Value::String(val)
        };
        map.insert(key, json);
    }
    Value::Object(map)
}

/// ServiceStack's JSV (`{FieldName:ProductSKU,SearchValue:"a,b"}`), as old plugins put
/// Filters in query strings. Scalars stay strings; the lenient readers coerce them.
pub fn parse_jsv(text: &str) -> Option<Value> {
    let chars: Vec<char> = text.trim().chars().collect();
    let mut pos = 0;
    let v = jsv_value(&chars, &mut pos, 0)?;
    (pos == chars.len()).then_some(v)
}

fn jsv_value(c: &[char], pos: &mut usize, depth: usize) -> Option<Value> {
    if depth > 64 {
        return None;
    }
    match c.get(*pos)? {
        '{' => {
            *pos += 1;
            let mut map = Map::new();
            if c.get(*pos) == Some(&'}') {
                *pos += 1;
                return Some(Value::Object(map));
            }
            loop {
                let key = match jsv_value(c, pos, depth + 1)? {
                    Value::String(k) => k,
                    _ => return None,
                };
                if c.get(*pos) != Some(&':') {
                    return None;
                }
                *pos += 1;
                let v = jsv_value(c, pos, depth + 1)?;
                map.insert(key, v);
                match c.get(*pos)? {
                    ',' => *pos += 1,
                    '}' => {
                        *pos += 1;
                        return Some(Value::Object(map));
                    }
                    _ => return None,
                }
            }
        }
        '[' => {
            *pos += 1;
            let mut items = Vec::new();
            if c.get(*pos) == Some(&']') {
                *pos += 1;
                return Some(Value::Array(items));
            }
            loop {
                items.push(jsv_value(c, pos, depth + 1)?);
                match c.get(*pos)? {
                    ',' => *pos += 1,
                    ']' => {
                        *pos += 1;
                        return Some(Value::Array(items));
                    }
                    _ => return None,
                }
            }
        }
        '"' => {
            *pos += 1;
            let mut out = String::new();
            loop {
                match c.get(*pos)? {
                    '"' if c.get(*pos + 1) == Some(&'"') => {
                        out.push('"');
                        *pos += 2;
                    }
                    '"' => {
                        *pos += 1;
                        return Some(Value::String(out));
                    }
                    ch => {
                        out.push(*ch);
                        *pos += 1;
                    }
                }
            }
        }
        _ => {
            let start = *pos;
            while *pos < c.len() && !matches!(c[*pos], ',' | ':' | '}' | ']') {
                *pos += 1;
            }
            Some(Value::String(c[start..*pos].iter().collect()))
        }
    }
}

pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn folds_nested_keys_and_keeps_non_empty_duplicates() {
        let v = fold_case(json!({"APIKEY": "k@m1", "apikey": "", "mvProduct": {"ProductSKU": "A"}}));
        assert_eq!(v, json!({"apikey": "k@m1", "mvproduct": {"productsku": "A"}}));
    }

    #[test]
    fn jsv_filters_decode() {
        let v = query_to_json("Filters=%5B%7BFieldName%3AProductSKU%2CSearchOperator%3AEquals%2CSearchValue%3A%22a%2Cb%22%7D%5D");
        assert_eq!(v["Filters"], json!([{"FieldName": "ProductSKU", "SearchOperator": "Equals", "SearchValue": "a,b"}]));
        assert_eq!(parse_jsv("{a:{b:[1,2]},c:\"x\"\"y\"}"), Some(json!({"a": {"b": ["1", "2"]}, "c": "x\"y"})));
        assert_eq!(parse_jsv("{a:1"), None);
    }

    #[test]
    fn query_strings_decode() {
        let v = query_to_json("APIKEY=a%40m1&Filters=%5B%7B%22FieldName%22%3A%22x%22%7D%5D&n=a+b");
        assert_eq!(v["APIKEY"], "a@m1");
        assert_eq!(v["Filters"][0]["FieldName"], "x");
        assert_eq!(v["n"], "a b");
    }
}
