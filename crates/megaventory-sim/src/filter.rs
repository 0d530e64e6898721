//! `Filters` of the …Get operations: AndOr chaining left to right (no
//! precedence), StartGroup/EndGroup parentheses, case-insensitive field names.

use serde_json::Value;

use crate::lenient::{scalar_bool, scalar_f64, scalar_string, Req};
use crate::schema::{parse_date, Record, Schema};
use crate::world::ApiError;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    Equals,
    NotEquals,
    Contains,
    NotContains,
    StartsWith,
    EndsWith,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
}

const OPS: &[(&str, Op)] = &[
    ("Equals", Op::Equals),
    ("NotEquals", Op::NotEquals),
    ("Contains", Op::Contains),
    ("NotContains", Op::NotContains),
    ("StartsWith", Op::StartsWith),
    ("EndsWith", Op::EndsWith),
    ("GreaterThan", Op::GreaterThan),
    ("GreaterThanOrEqual", Op::GreaterThanOrEqual),
    ("LessThan", Op::LessThan),
    ("LessThanOrEqual", Op::LessThanOrEqual),
];

/// Where a filter's field lives on a record.
#[derive(Clone, Debug)]
pub enum FieldRef {
    Id,
    Index(usize),
}

#[derive(Clone, Debug)]
pub struct Filter {
    pub or: bool,
    pub start_group: bool,
    pub end_group: bool,
    pub field: FieldRef,
    pub field_name: String,
    pub op: Op,
    pub value: Value,
}

/// Parses `Filters` (a list or a single object) against the schema the Get returns.
pub fn parse(req: &Req, schema: &Schema) -> Result<Vec<Filter>, ApiError> {
    let mut out = Vec::new();
    for item in req.list("filters") {
        let Value::Object(_) = item else {
            return Err(ApiError::new("Invalid Filters: each filter must be an object with FieldName, SearchOperator and SearchValue"));
        };
        let f = Req(item);
        let field_name = f.str("fieldname").unwrap_or_default();
        if field_name.is_empty() {
            return Err(ApiError::new("Invalid Filters: FieldName is required"));
        }
        let field = if field_name.eq_ignore_ascii_case(schema.id_field) {
            FieldRef::Id
        } else {
            match schema.index_of(&field_name) {
                Some(i) => FieldRef::Index(i),
                None => {
                    return Err(ApiError::new(format!(
                        "Invalid Filters: FieldName '{field_name}' is not a property of {}",
                        schema.entity
                    )))
                }
            }
        };
        let op_text = f.str("searchoperator").unwrap_or_default();
        let op = match OPS.iter().find(|(n, _)| n.eq_ignore_ascii_case(&op_text)) {
            Some((_, op)) => *op,
            None => {
                return Err(ApiError::new(format!(
                    "Invalid Filters: SearchOperator '{op_text}' is not supported for FieldName '{field_name}'"
                )))
            }
        };
        let and_or = f.str("andor").unwrap_or_default();
        let or = match and_or.to_ascii_lowercase().as_str() {
            "" | "and" => false,
            "or" => true,
            other => return Err(ApiError::new(format!("Invalid Filters: AndOr '{other}' must be And or Or"))),
        };
        let group = f.str("group").unwrap_or_default().to_ascii_lowercase();
        let (start_group, end_group) = match group.as_str() {
            "" | "undefined" => (false, false),
            "startgroup" => (true, false),
            "endgroup" => (false, true),
            other => return Err(ApiError::new(format!("Invalid Filters: Group '{other}' must be StartGroup or EndGroup"))),
        };
        let value = f.get("searchvalue").cloned().unwrap_or(Value::String(String::new()));
        out.push(Filter { or, start_group, end_group, field, field_name, op, value });
    }
    Ok(out)
}

/// If the filters only select ids (`id Equals x` joined by Or), returns those ids
/// so the caller can skip a full scan.
pub fn id_lookup(filters: &[Filter]) -> Option<Vec<i64>> {
    if filters.is_empty() {
        return None;
    }
    let mut ids = Vec::new();
    for (i, f) in filters.iter().enumerate() {
        if !matches!(f.field, FieldRef::Id) || f.op != Op::Equals || f.start_group || f.end_group || (i > 0 && !f.or) {
            return None;
        }
        ids.push(scalar_f64(&f.value).filter(|v| v.fract() == 0.0).map(|v| v as i64).unwrap_or(i64::MIN));
    }
    Some(ids)
}

fn field_value(rec: &Record, schema: &Schema, f: &FieldRef) -> Value {
    match f {
        FieldRef::Id => Value::from(rec.id),
        FieldRef::Index(i) => rec
            .get(*i as u16)
            .map(|v| v.to_json())
            .unwrap_or_else(|| crate::schema::default_json(schema.fields[*i].kind)),
    }
}

pub fn matches(filters: &[Filter], schema: &Schema, rec: &Record) -> bool {
    if filters.is_empty() {
        return true;
    }
    // Left-to-right evaluation with a stack for groups.
    let mut stack: Vec<(Option<bool>, bool)> = Vec::new();
    let mut acc: Option<bool> = None;
    let mut pending_or = false;
    let combine = |acc: Option<bool>, or: bool, v: bool| match acc {
        None => v,
        Some(a) => {
            if or {
                a || v
            } else {
                a && v
            }
        }
    };
    for (i, f) in filters.iter().enumerate() {
        if i > 0 {
            pending_or = f.or;
        }
        if f.start_group {
            stack.push((acc, pending_or));
            acc = None;
            pending_or = false;
        }
        let v = test(&field_value(rec, schema, &f.field), f.op, &f.value);
        acc = Some(combine(acc, pending_or, v));
        if f.end_group {
            if let Some((outer, or)) = stack.pop() {
                acc = Some(combine(outer, or, acc.unwrap_or(true)));
            }
        }
    }
    while let Some((outer, or)) = stack.pop() {
        acc = Some(combine(outer, or, acc.unwrap_or(true)));
    }
    acc.unwrap_or(true)
}

fn ordering(a: f64, b: f64, op: Op) -> bool {
    match op {
        Op::Equals => a == b,
        Op::NotEquals => a != b,
        Op::GreaterThan => a > b,
        Op::GreaterThanOrEqual => a >= b,
        Op::LessThan => a < b,
        Op::LessThanOrEqual => a <= b,
        _ => false,
    }
}

fn text_test(field: &str, op: Op, search: &str) -> bool {
    if field.is_ascii() && search.is_ascii() {
        match op {
            Op::Equals => return field.eq_ignore_ascii_case(search),
            Op::NotEquals => return !field.eq_ignore_ascii_case(search),
            _ => {}
        }
    }
    let f = field.to_lowercase();
    let s = search.to_lowercase();
    match op {
        Op::Equals => f == s,
        Op::NotEquals => f != s,
        Op::Contains => f.contains(&s),
        Op::NotContains => !f.contains(&s),
        Op::StartsWith => f.starts_with(&s),
        Op::EndsWith => f.ends_with(&s),
        Op::GreaterThan => f > s,
        Op::GreaterThanOrEqual => f >= s,
        Op::LessThan => f < s,
        Op::LessThanOrEqual => f <= s,
    }
}

fn is_text_op(op: Op) -> bool {
    matches!(op, Op::Contains | Op::NotContains | Op::StartsWith | Op::EndsWith)
}

pub fn test(field: &Value, op: Op, search: &Value) -> bool {
    let search_text = scalar_string(search).unwrap_or_default();
    match field {
        Value::Number(n) if !is_text_op(op) => {
            let a = n.as_f64().unwrap_or(0.0);
            match scalar_f64(search) {
                Some(b) => ordering(a, b, op),
                None => op == Op::NotEquals,
            }
        }
        Value::Bool(b) if !is_text_op(op) => match scalar_bool(search) {
            Some(s) => match op {
                Op::Equals => *b == s,
                Op::NotEquals => *b != s,
                _ => false,
            },
            None => op == Op::NotEquals,
        },
        Value::String(s) if s.starts_with("/Date(") && !is_text_op(op) => match (parse_date(s), parse_date(&search_text)) {
            (Some(a), Some(b)) => ordering(a as f64, b as f64, op),
            _ => text_test(s, op, &search_text),
        },
        Value::String(s) => {
            if !matches!(op, Op::Equals | Op::NotEquals) && !is_text_op(op) {
                if let (Ok(a), Ok(b)) = (s.trim().parse::<f64>(), search_text.parse::<f64>()) {
                    return ordering(a, b, op);
                }
            }
            text_test(s, op, &search_text)
        }
        Value::Null => text_test("", op, &search_text),
        other => text_test(&other.to_string(), op, &search_text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Val, TAX};
    use serde_json::json;

    fn tax(id: i64, name: &str, value: f64) -> Record {
        let mut r = Record::new(id);
        r.put(&TAX, "TaxName", Val::S(name.into()));
        r.put(&TAX, "TaxValue", Val::N(value));
        r
    }

    #[test]
    fn chaining_is_left_to_right_with_groups() {
        let req = json!({"filters": [
            {"fieldname": "TaxName", "searchoperator": "Equals", "searchvalue": "vat", "andor": "Or"},
            {"fieldname": "TaxValue", "searchoperator": "GreaterThan", "searchvalue": "10", "andor": "Or", "group": "StartGroup"},
            {"fieldname": "TaxName", "searchoperator": "StartsWith", "searchvalue": "s", "andor": "And", "group": "EndGroup"},
        ]});
        let filters = parse(&Req(&req), &TAX).unwrap();
        assert!(matches(&filters, &TAX, &tax(1, "VAT", 1.0)));
        assert!(matches(&filters, &TAX, &tax(2, "Sales", 12.0)));
        assert!(!matches(&filters, &TAX, &tax(3, "Sales", 5.0)));
        assert!(!matches(&filters, &TAX, &tax(4, "Other", 12.0)));
    }
}
