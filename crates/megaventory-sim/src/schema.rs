//! Entity schemas: the field lists Megaventory echoes, the lenient coercion of
//! request values into typed fields, and a compact sparse record so that
//! 100,000 products fit comfortably in memory.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Rendered for a date that was never set (0001-01-01), exactly as the real API does.
pub const UNSET_DATE: &str = "/Date(-62135596800000-0000)/";
const UNSET_DATE_MS: i64 = -62135596800000;

#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Int,
    Num,
    Str,
    Bool,
    Date,
    /// String enum; the first value is the default. Matched case-insensitively.
    Enum(&'static [&'static str]),
    /// List of sub-objects normalised through a sub-schema (a single object is wrapped).
    List(&'static Schema),
    /// Opaque JSON kept as sent (lower-cased keys are restored to nothing: kept as given).
    Json,
}

pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
}

impl std::fmt::Debug for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Schema({})", self.entity)
    }
}

pub struct Schema {
    /// Entity object name in requests and Update responses, e.g. `mvProduct`.
    pub entity: &'static str,
    /// Plural list name in Get responses, e.g. `mvProducts`.
    pub plural: &'static str,
    /// Primary id field; empty for sub-schemas.
    pub id_field: &'static str,
    pub fields: &'static [Field],
    /// Fields the server owns; request values are ignored.
    pub read_only: &'static [&'static str],
}

impl Schema {
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name.eq_ignore_ascii_case(name))
    }
    pub fn idx(&self, name: &str) -> u16 {
        match self.index_of(name) {
            Some(i) => i as u16,
            None => panic!("schema {} has no field {}", self.entity, name),
        }
    }
    pub fn is_read_only(&self, name: &str) -> bool {
        name.eq_ignore_ascii_case(self.id_field) || self.read_only.iter().any(|r| r.eq_ignore_ascii_case(name))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Val {
    I(i64),
    N(f64),
    S(Box<str>),
    B(bool),
    D(i64),
    J(Box<Value>),
}

impl Val {
    pub fn as_i64(&self) -> i64 {
        match self {
            Val::I(i) | Val::D(i) => *i,
            Val::N(n) => *n as i64,
            Val::B(b) => *b as i64,
            Val::S(s) => s.trim().parse().unwrap_or(0),
            Val::J(_) => 0,
        }
    }
    pub fn as_f64(&self) -> f64 {
        match self {
            Val::I(i) | Val::D(i) => *i as f64,
            Val::N(n) => *n,
            Val::B(b) => *b as i64 as f64,
            Val::S(s) => s.trim().parse().unwrap_or(0.0),
            Val::J(_) => 0.0,
        }
    }
    pub fn as_str(&self) -> String {
        match self {
            Val::S(s) => s.to_string(),
            other => match other.to_json() {
                Value::String(s) => s,
                v => v.to_string(),
            },
        }
    }
    pub fn to_json(&self) -> Value {
        match self {
            Val::I(i) => Value::from(*i),
            Val::N(n) => num_json(*n),
            Val::S(s) => Value::String(s.to_string()),
            Val::B(b) => Value::Bool(*b),
            Val::D(ms) => Value::String(render_date(*ms)),
            Val::J(v) => (**v).clone(),
        }
    }
}

/// Whole numbers go out as JSON integers (5, not 5.0), like the .NET serializer does.
pub fn num_json(n: f64) -> Value {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 {
        Value::from(n as i64)
    } else if n.is_finite() {
        serde_json::Number::from_f64(n).map(Value::Number).unwrap_or(Value::from(0))
    } else {
        Value::from(0)
    }
}

pub fn render_date(ms: i64) -> String {
    if ms == UNSET_DATE_MS {
        UNSET_DATE.to_string()
    } else {
        format!("/Date({ms}+0000)/")
    }
}

pub fn default_json(kind: Kind) -> Value {
    match kind {
        Kind::Int | Kind::Num => Value::from(0),
        Kind::Str => Value::String(String::new()),
        Kind::Bool => Value::Bool(false),
        Kind::Date => Value::String(UNSET_DATE.to_string()),
        Kind::Enum(values) => Value::String(values[0].to_string()),
        Kind::List(_) => Value::Array(Vec::new()),
        Kind::Json => Value::Null,
    }
}

/// A stored entity: only non-default fields are kept (sparse), keyed by field index.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Record {
    pub id: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    pub vals: Vec<(u16, Val)>,
}

impl Record {
    pub fn new(id: i64) -> Self {
        Record { id, deleted: false, vals: Vec::new() }
    }
    pub fn get(&self, idx: u16) -> Option<&Val> {
        self.vals.iter().find(|(i, _)| *i == idx).map(|(_, v)| v)
    }
    pub fn set(&mut self, idx: u16, val: Option<Val>) {
        match val {
            None => self.vals.retain(|(i, _)| *i != idx),
            Some(v) => match self.vals.iter_mut().find(|(i, _)| *i == idx) {
                Some(slot) => slot.1 = v,
                None => self.vals.push((idx, v)),
            },
        }
    }
    pub fn str(&self, schema: &Schema, name: &str) -> String {
        let idx = schema.idx(name);
        match self.get(idx) {
            Some(v) => v.as_str(),
            None => match schema.fields[idx as usize].kind {
                Kind::Enum(values) => values[0].to_string(),
                _ => String::new(),
            },
        }
    }
    pub fn int(&self, schema: &Schema, name: &str) -> i64 {
        self.get(schema.idx(name)).map(|v| v.as_i64()).unwrap_or(0)
    }
    pub fn num(&self, schema: &Schema, name: &str) -> f64 {
        self.get(schema.idx(name)).map(|v| v.as_f64()).unwrap_or(0.0)
    }
    pub fn json(&self, schema: &Schema, name: &str) -> Value {
        let idx = schema.idx(name);
        self.get(idx).map(|v| v.to_json()).unwrap_or_else(|| default_json(schema.fields[idx as usize].kind))
    }
    pub fn put(&mut self, schema: &Schema, name: &str, val: Val) {
        let idx = schema.idx(name);
        let kind = schema.fields[idx as usize].kind;
        let val = if is_default(kind, &val) { None } else { Some(val) };
        self.set(idx, val);
    }
    /// Field value as used by filters: the id field, then stored or default values.
    pub fn field_json(&self, schema: &Schema, name: &str) -> Option<Value> {
        if name.eq_ignore_ascii_case(schema.id_field) {
            return Some(Value::from(self.id));
        }
        let idx = schema.index_of(name)?;
        Some(
            self.get(idx as u16)
                .map(|v| v.to_json())
                .unwrap_or_else(|| default_json(schema.fields[idx].kind)),
        )
    }
}

pub fn is_default(kind: Kind, val: &Val) -> bool {
    match (kind, val) {
        (_, Val::I(0)) => true,
        (_, Val::N(n)) => *n == 0.0,
        (Kind::Enum(values), Val::S(s)) => **s == *values[0],
        (_, Val::S(s)) => s.is_empty(),
        (_, Val::B(b)) => !*b,
        (_, Val::D(ms)) => *ms == UNSET_DATE_MS,
        (_, Val::J(v)) => v.is_null() || v.as_array().is_some_and(|a| a.is_empty()),
        _ => false,
    }
}

/// Renders every field of the schema, defaults included, plus the id.
pub fn render(schema: &Schema, rec: &Record) -> Value {
    let mut map = Map::new();
    if !schema.id_field.is_empty() {
        map.insert(schema.id_field.to_string(), Value::from(rec.id));
    }
    for (i, f) in schema.fields.iter().enumerate() {
        let v = rec.get(i as u16).map(|v| v.to_json()).unwrap_or_else(|| default_json(f.kind));
        map.insert(f.name.to_string(), v);
    }
    Value::Object(map)
}

/// Is a request value "empty" in the sense of InsertOrUpdateNonEmptyFields?
pub fn is_empty_request_value(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// Lenient coercion of one request value into a field of the given kind.
/// `Ok(None)` means "unset / default".
pub fn coerce(kind: Kind, v: &Value, field: &str) -> Result<Option<Val>, String> {
    let bad = |what: &str| Err(format!("Invalid value for {field}: expected {what}"));
    match kind {
        Kind::Int => match v {
            Value::Null => Ok(None),
            Value::Number(n) => Ok(Some(Val::I(n.as_i64().unwrap_or_else(|| n.as_f64().unwrap_or(0.0) as i64)))),
            Value::String(s) if s.trim().is_empty() => Ok(None),
            Value::String(s) => match s.trim().parse::<i64>() {
                Ok(i) => Ok(Some(Val::I(i))),
                Err(_) => match s.trim().parse::<f64>() {
                    Ok(f) if f.fract() == 0.0 => Ok(Some(Val::I(f as i64))),
                    _ => bad("an integer"),
                },
            },
            Value::Bool(b) => Ok(Some(Val::I(*b as i64))),
            _ => bad("an integer"),
        },
        Kind::Num => match v {
            Value::Null => Ok(None),
            Value::Number(n) => Ok(Some(Val::N(n.as_f64().unwrap_or(0.0)))),
            Value::String(s) if s.trim().is_empty() => Ok(None),
            Value::String(s) => match s.trim().parse::<f64>() {
                Ok(f) if f.is_finite() => Ok(Some(Val::N(f))),
                _ => bad("a number"),
            },
            Value::Bool(b) => Ok(Some(Val::N(*b as i64 as f64))),
            _ => bad("a number"),
        },
        Kind::Str => match v {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(Val::S(s.as_str().into()))),
            Value::Number(n) => Ok(Some(Val::S(n.to_string().into()))),
            Value::Bool(b) => Ok(Some(Val::S(b.to_string().into()))),
            _ => bad("a string"),
        },
        Kind::Bool => match v {
            Value::Null => Ok(None),
            Value::Bool(b) => Ok(Some(Val::B(*b))),
            Value::Number(n) => Ok(Some(Val::B(n.as_f64().unwrap_or(0.0) != 0.0))),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "" => Ok(None),
                "true" | "1" | "yes" => Ok(Some(Val::B(true))),
                "false" | "0" | "no" => Ok(Some(Val::B(false))),
                _ => bad("true or false"),
            },
            _ => bad("true or false"),
        },
        Kind::Date => match v {
            Value::Null => Ok(None),
            Value::String(s) if s.trim().is_empty() => Ok(None),
            Value::String(s) => match parse_date(s) {
                Some(ms) => Ok(Some(Val::D(ms))),
                None => bad("a date such as /Date(1700000000000+0000)/ or 2024-01-31T12:00:00"),
            },
            Value::Number(n) => Ok(Some(Val::D(n.as_i64().unwrap_or(0)))),
            _ => bad("a date"),
        },
        Kind::Enum(values) => {
            let text = match v {
                Value::Null => return Ok(None),
                Value::String(s) => s.trim().to_string(),
                Value::Number(n) => n.to_string(),
                _ => return bad("one of the allowed values"),
            };
            if text.is_empty() {
                return Ok(None);
            }
            // Numbers: document status codes for order statuses, else the position in the
            // enum (a .NET enum's default member is 0: SupplierClientType 2 = Client).
            if values.first() == Some(&"ValidStatus") {
                if let Some(status) = canonical_status(&text) {
                    return Ok(Some(Val::S(status.into())));
                }
            } else if let Ok(n) = text.parse::<usize>() {
                if let Some(c) = values.get(n) {
                    return Ok(Some(Val::S((*c).into())));
                }
            }
            match values.iter().find(|c| c.eq_ignore_ascii_case(&text)) {
                Some(c) => Ok(Some(Val::S((*c).into()))),
                None => Err(format!("Invalid value '{text}' for {field}. Allowed values: {}", values.join(", "))),
            }
        }
        Kind::List(sub) => {
            let items: Vec<&Value> = match v {
                Value::Null => return Ok(None),
                Value::Array(a) => a.iter().collect(),
                Value::Object(_) => vec![v],
                Value::String(s) if s.is_empty() => return Ok(None),
                _ => return bad("a list of objects"),
            };
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(normalise_sub(sub, item, field)?);
            }
            Ok(Some(Val::J(Box::new(Value::Array(out)))))
        }
        Kind::Json => match v {
            Value::Null => Ok(None),
            other => Ok(Some(Val::J(Box::new(other.clone())))),
        },
    }
}

/// Normalises a sub-object (address, row) into canonical names with every field present.
pub fn normalise_sub(sub: &Schema, item: &Value, parent: &str) -> Result<Value, String> {
    let Value::Object(obj) = item else {
        return Err(format!("Invalid value for {parent}: expected an object"));
    };
    let mut rec = Record::new(0);
    for (k, v) in obj {
        if let Some(i) = sub.index_of(k) {
            let f = &sub.fields[i];
            let val = coerce(f.kind, v, &format!("{parent}.{}", f.name))?;
            let val = val.filter(|v| !is_default(f.kind, v));
            rec.set(i as u16, val);
        }
    }
    Ok(render(sub, &rec))
}

/// Accepts `/Date(ms±zzzz)/`, `/Date(ms)/`, and ISO `YYYY-MM-DD[THH:MM[:SS]]` (taken as UTC).
pub fn parse_date(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Some(inner) = s.strip_prefix("/Date(").and_then(|r| r.strip_suffix(")/")) {
        let digits_end = inner[1..].find(['+', '-']).map(|p| p + 1).unwrap_or(inner.len());
        return inner[..digits_end].parse().ok();
    }
    let bytes = s.as_bytes();
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: i64 = s[0..4].parse().ok()?;
    let month: i64 = s[5..7].parse().ok()?;
    let day: i64 = s[8..10].parse().ok()?;
    let (mut h, mut mi, mut sec) = (0i64, 0i64, 0i64);
    if bytes.len() >= 16 && (bytes[10] == b'T' || bytes[10] == b' ') {
        h = s[11..13].parse().ok()?;
        mi = s[14..16].parse().ok()?;
        if bytes.len() >= 19 {
            sec = s[17..19].parse().ok()?;
        }
    }
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some((days_from_civil(year, month, day) * 86400 + h * 3600 + mi * 60 + sec) * 1000)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

macro_rules! fields {
    ($($name:literal : $kind:expr),* $(,)?) => { &[$(Field { name: $name, kind: $kind }),*] };
}

use Kind::*;

pub const PRODUCT_TYPES: &[&str] = &[
    "BuyFromSupplier",
    "Service",
    "ManufactureFromWorkOrder",
    "BuyFromSupplierOrManufactureFromWorkOrder",
    "TimeRestrictedService",
    "Undefined",
];

pub static PRODUCT: Schema = Schema {
    entity: "mvProduct",
    plural: "mvProducts",
    id_field: "ProductID",
    read_only: &["ProductCreationDate", "ProductUnitCost"],
    fields: fields![
        "ProductType": Enum(PRODUCT_TYPES),
        "ProductSKU": Str, "ProductEAN": Str, "ProductDescription": Str, "ProductVersion": Str,
        "ProductLongDescription": Str, "ProductCategoryID": Int, "ProductUnitOfMeasurement": Str,
        "ProductSellingPrice": Num, "ProductPurchasePrice": Num, "ProductUnitCost": Num,
        "ProductWeight": Num, "ProductWeightUnitID": Int, "ProductLength": Num, "ProductBreadth": Num, "ProductHeight": Num,
        "ProductImageURL": Str, "ProductComments": Str,
        "ProductCustomField1": Str, "ProductCustomField2": Str, "ProductCustomField3": Str, "ProductCustomField4": Str,
        "ProductCustomField5": Str, "ProductCustomField6": Str, "ProductCustomField7": Str, "ProductCustomField8": Str,
        "ProductCustomField9": Str, "ProductCustomField10": Str, "ProductCustomField11": Str, "ProductCustomField12": Str,
        "ProductCustomField13": Str, "ProductCustomField14": Str, "ProductCustomField15": Str, "ProductCustomField16": Str,
        "ProductCustomField17": Str, "ProductCustomField18": Str, "ProductCustomField19": Str, "ProductCustomField20": Str,
        "ProductMainSupplierID": Int, "ProductMainSupplierPrice": Num, "ProductMainSupplierSKU": Str,
        "ProductMainSupplierDescription": Str, "ProductCreationDate": Date,
        "ProductOption1": Str, "ProductOption2": Str, "ProductOption3": Str, "ProductOption4": Str, "ProductOption5": Str,
        "ProductOption6": Str, "ProductOption7": Str, "ProductOption8": Str, "ProductOption9": Str, "ProductOption10": Str,
        "IsInventorySerialised": Bool, "IsBatchNumbersEnabled": Bool, "SerialNumberPrefix": Str, "SerialNumberLength": Int,
        "IsPurchasable": Bool, "PurchasableStartDate": Date, "PurchasableEndDate": Date,
        "IsSellable": Bool, "SellableStartDate": Date, "SellableEndDate": Date,
        "DefaultSalesQuantity": Num, "DefaultPurchaseQuantity": Num, "MinimumSalesQuantity": Num,
        "MinimumPurchaseQuantity": Num, "MaximumSalesQuantity": Num, "MaximumPurchaseQuantity": Num,
    ],
};

pub static CATEGORY: Schema = Schema {
    entity: "mvProductCategory",
    plural: "mvProductCategories",
    id_field: "ProductCategoryID",
    read_only: &[],
    fields: fields!["ProductCategoryName": Str, "ProductCategoryDescription": Str],
};

pub static ADDRESS: Schema = Schema {
    entity: "Address",
    plural: "",
    id_field: "",
    read_only: &[],
    fields: fields![
        "AddressType": Enum(&["General", "Billing", "Shipping1", "Shipping2"]),
        "AddressLine1": Str, "AddressLine2": Str, "AddressLine3": Str, "Name": Str, "Phone": Str, "Email": Str,
        "TaxIdNumber": Str, "Organization": Str, "City": Str, "State": Str, "Country": Str, "CountryName": Str,
        "Longitude": Str, "Latitude": Str, "ZipCode": Str,
    ],
};

pub static CONTACT: Schema = Schema {
    entity: "mvContact",
    plural: "",
    id_field: "",
    read_only: &[],
    fields: fields!["ContactName": Str, "ContactDepartment": Str, "ContactEmail": Str, "ContactIsPrimary": Bool],
};

pub const SUPPLIER_CLIENT_TYPES: &[&str] = &["Both", "Supplier", "Client"];

pub static SUPPLIER_CLIENT: Schema = Schema {
    entity: "mvSupplierClient",
    plural: "mvSupplierClients",
    id_field: "SupplierClientID",
    read_only: &[],
    fields: fields![
        "SupplierClientType": Enum(SUPPLIER_CLIENT_TYPES), "SupplierClientName": Str, "mvContacts": List(&CONTACT),
        "SupplierClientBillingAddress": Str, "SupplierClientShippingAddress1": Str, "SupplierClientShippingAddress2": Str,
        "SupplierClientAddresses": List(&ADDRESS), "SupplierClientPhone1": Str, "SupplierClientPhone2": Str,
        "SupplierClientFax": Str, "SupplierClientIM": Str, "SupplierClientEmail": Str, "SupplierClientTaxID": Str,
        "SupplierClientComments": Str, "SupplierClientCustomField1": Str, "SupplierClientCustomField2": Str,
        "SupplierClientCustomField3": Str, "SupplierClientCustomField4": Str, "SupplierClientCustomField5": Str,
    ],
};

pub static TAX: Schema = Schema {
    entity: "mvTax",
    plural: "mvTaxes",
    id_field: "TaxID",
    read_only: &[],
    fields: fields!["TaxName": Str, "TaxDescription": Str, "TaxValue": Num],
};

pub static DISCOUNT: Schema = Schema {
    entity: "mvDiscount",
    plural: "mvDiscounts",
    id_field: "DiscountID",
    read_only: &[],
    fields: fields!["DiscountName": Str, "DiscountDescription": Str, "DiscountValue": Num],
};

pub static LOCATION: Schema = Schema {
    entity: "mvInventoryLocation",
    plural: "mvInventoryLocations",
    id_field: "InventoryLocationID",
    read_only: &[],
    fields: fields![
        "InventoryLocationName": Str, "InventoryLocationAbbreviation": Str, "InventoryLocationAddress": Str,
        "InventoryLocationCurrencyCode": Str,
    ],
};

pub static CURRENCY: Schema = Schema {
    entity: "mvCurrency",
    plural: "mvCurrencies",
    id_field: "CurrencyId",
    read_only: &[],
    fields: fields![
        "CurrencyCode": Str, "CurrencyDescription": Str, "CurrencySymbol": Str, "CurrencyIsDefault": Bool,
        "CurrencyInReports": Bool,
    ],
};

pub static BUNDLE_ITEM: Schema = Schema {
    entity: "IncludedProduct",
    plural: "",
    id_field: "",
    read_only: &[],
    fields: fields!["ProductID": Int, "ProductSKU": Str, "QuantityInBundle": Num, "PriceInBundle": Num],
};

pub static BUNDLE: Schema = Schema {
    entity: "ProductBundleDetails",
    plural: "mvProductBundles",
    id_field: "BundleProductID",
    read_only: &[],
    fields: fields![
        "BundleProductSKU": Str, "BundleProductBarcode": Str, "BundleProductDescription": Str,
        "BundleProductLongDescription": Str, "BundleProductCategoryID": Int, "BundleProductUnitOfMeasurement": Str,
        "BundleProductSellingPrice": Num, "BundleProductWeight": Num, "BundleProductLength": Num,
        "BundleProductBreadth": Num, "BundleProductHeight": Num, "BundleProductImageURL": Str,
        "BundleProductComments": Str, "BundleProductCustomField1": Str, "BundleProductCustomField2": Str,
        "BundleProductCustomField3": Str, "IncludedProducts": List(&BUNDLE_ITEM),
    ],
};

pub const SALES_ORDER_STATUSES: &[&str] = &[
    "ValidStatus",
    "Pending",
    "Verified",
    "PartiallyShipped",
    "PartiallyShippedAndPartiallyInvoiced",
    "FullyShipped",
    "PartiallyInvoiced",
    "FullyInvoiced",
    "Closed",
    "Cancelled",
];

/// Numeric document status codes used in `document` integration updates (§3.13).
pub fn status_code(status: &str) -> i64 {
    match status.to_ascii_lowercase().as_str() {
        "validstatus" => 0,
        "pending" => 10,
        "approvalinprocess" => 20,
        "verified" => 30,
        "picked" => 35,
        "packed" => 36,
        "partiallyshipped" => 40,
        "partiallyshippedandpartiallyinvoiced" | "partiallyshippedinvoiced" => 41,
        "fullyshipped" => 42,
        "partiallyinvoiced" => 46,
        "fullyinvoiced" => 47,
        "closed" => 50,
        "cancelled" => 99,
        _ => 0,
    }
}

/// Accepts a status name in either spelling, or its numeric code.
pub fn canonical_status(text: &str) -> Option<&'static str> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("PartiallyShippedInvoiced") || t == "41" {
        return Some("PartiallyShippedAndPartiallyInvoiced");
    }
    if let Ok(code) = t.parse::<i64>() {
        return SALES_ORDER_STATUSES.iter().copied().find(|s| status_code(s) == code);
    }
    SALES_ORDER_STATUSES.iter().copied().find(|s| s.eq_ignore_ascii_case(t))
}

pub static SALES_ORDER_ROW: Schema = Schema {
    entity: "mvSalesOrderRow",
    plural: "",
    id_field: "",
    read_only: &[],
    fields: fields![
        "SalesOrderRowProductID": Int, "SalesOrderRowProductSKU": Str, "SalesOrderRowProductDescription": Str,
        "SalesOrderRowQuantity": Num, "SalesOrderRowShippedQuantity": Num, "SalesOrderRowInvoicedQuantity": Num,
        "SalesOrderRowUnitPriceWithoutTaxOrDiscount": Num, "SalesOrderRowTaxID": Int, "SalesOrderRowDiscountID": Int,
        "SalesOrderRowTotalAmount": Num,
    ],
};

pub static SALES_ORDER: Schema = Schema {
    entity: "mvSalesOrder",
    plural: "mvSalesOrders",
    id_field: "SalesOrderId",
    read_only: &[
        "SalesOrderTypeAbbreviation", "SalesOrderTypeDescription", "SalesOrderDate", "SalesOrderTotalQuantity",
        "SalesOrderAmountSubtotalWithoutTaxAndDiscount", "SalesOrderAmountTotalDiscount", "SalesOrderAmountTotalTax",
        "SalesOrderAmountGrandTotal",
    ],
    fields: fields![
        "SalesOrderTypeId": Int, "SalesOrderTypeAbbreviation": Str, "SalesOrderTypeDescription": Str,
        "SalesOrderNo": Str, "SalesOrderReferenceNo": Str, "SalesOrderReferenceApplication": Str,
        "SalesOrderDate": Date, "SalesOrderCustomOrderDate1": Date, "SalesOrderCustomOrderDate2": Date,
        "SalesOrderCurrencyCode": Str, "SalesOrderClientID": Int, "SalesOrderClientName": Str,
        "SalesOrderAddress": Str, "SalesOrderBillingAddress": Str, "SalesOrderShippingAddress": Str,
        "SalesOrderAddresses": List(&ADDRESS), "SalesOrderContactPerson": Str, "SalesOrderInventoryLocationID": Int,
        "SalesOrderCustomFlag1": Bool, "SalesOrderCustomFlag2": Bool, "SalesOrderCustomFlag3": Bool,
        "SalesOrderCustomFlag4": Bool, "SalesOrderComments": Str, "SalesOrderTags": Str,
        "SalesOrderAmountShipping": Num,
        "SalesOrderPaymentMethod": Enum(&["None", "Cash", "BankTransfer", "Check", "Credit", "CustomPaymentMethod1",
            "CustomPaymentMethod2", "CustomPaymentMethod3", "Other"]),
        "SalesOrderStatus": Enum(SALES_ORDER_STATUSES), "SalesOrderShippingProviderInfo": Json,
        "SalesOrderDetails": List(&SALES_ORDER_ROW),
        "SalesOrderTotalQuantity": Num, "SalesOrderAmountSubtotalWithoutTaxAndDiscount": Num,
        "SalesOrderAmountTotalDiscount": Num, "SalesOrderAmountTotalTax": Num, "SalesOrderAmountGrandTotal": Num,
    ],
};

pub static DOCUMENT_ROW: Schema = Schema {
    entity: "mvDocumentRow",
    plural: "",
    id_field: "",
    read_only: &[],
    fields: fields![
        "DocumentRowProductID": Int, "DocumentRowProductSKU": Str, "DocumentRowProductDescription": Str,
        "DocumentRowQuantity": Num, "DocumentRowUnitPriceWithoutTaxOrDiscount": Num, "DocumentRowTaxID": Int,
        "DocumentRowDiscountID": Int, "DocumentRowRemarks": Str,
    ],
};

pub static DOCUMENT: Schema = Schema {
    entity: "mvDocument",
    plural: "mvDocuments",
    id_field: "DocumentId",
    read_only: &["DocumentTypeAbbreviation", "DocumentTypeDescription", "DocumentDate"],
    fields: fields![
        "DocumentTypeId": Int, "DocumentTypeAbbreviation": Str, "DocumentTypeDescription": Str, "DocumentNo": Str,
        "DocumentReferenceNo": Str, "DocumentReferenceApplication": Str, "DocumentDate": Date,
        "DocumentSupplierClientID": Int, "DocumentInventoryLocationID": Int, "DocumentComments": Str,
        "DocumentDescription": Str, "DocumentStatus": Enum(&["Pending", "Verified", "Closed", "Cancelled"]),
        "DocumentDetails": List(&DOCUMENT_ROW),
    ],
};

pub static INTEGRATION_UPDATE: Schema = Schema {
    entity: "mvIntegrationUpdate",
    plural: "mvIntegrationUpdates",
    id_field: "IntegrationUpdateID",
    read_only: &[],
    fields: fields![
        "Application": Str, "Entity": Str, "Action": Str, "EntityIDs": Str, "JsonData": Str, "Tries": Int,
        "Payload": Str, "IntegrationUpdateDateTime": Date,
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coercions_follow_the_lenient_rules() {
        assert_eq!(coerce(Int, &Value::from(""), "x").unwrap(), None);
        assert_eq!(coerce(Int, &Value::from("12"), "x").unwrap(), Some(Val::I(12)));
        assert_eq!(coerce(Bool, &Value::from("true"), "x").unwrap(), Some(Val::B(true)));
        assert_eq!(coerce(Str, &serde_json::json!(7.25), "x").unwrap(), Some(Val::S("7.25".into())));
        assert!(coerce(Int, &Value::from("abc"), "ProductID").unwrap_err().contains("ProductID"));
        assert_eq!(coerce(Enum(PRODUCT_TYPES), &Value::from("service"), "t").unwrap(), Some(Val::S("Service".into())));
        assert_eq!(coerce(Enum(SUPPLIER_CLIENT_TYPES), &Value::from("2"), "t").unwrap(), Some(Val::S("Client".into())));
        assert_eq!(coerce(Enum(SALES_ORDER_STATUSES), &Value::from(30), "t").unwrap(), Some(Val::S("Verified".into())));
        assert_eq!(coerce(Enum(SALES_ORDER_STATUSES), &Value::from("partiallyshippedinvoiced"), "t").unwrap(), Some(Val::S("PartiallyShippedAndPartiallyInvoiced".into())));
        assert!(coerce(Enum(SALES_ORDER_STATUSES), &Value::from("Approved"), "SalesOrderStatus").is_err());
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(parse_date("/Date(1520009179397+0200)/"), Some(1520009179397));
        assert_eq!(parse_date("/Date(-62135596800000-0000)/"), Some(UNSET_DATE_MS));
        assert_eq!(parse_date("1970-01-02"), Some(86_400_000));
        assert_eq!(render_date(UNSET_DATE_MS), UNSET_DATE);
    }
}
