//! Typed decoding of integration updates (`mvIntegrationUpdate.JsonData`, API doc §3.15)
//! and the numeric document status codes they carry.

use super::*;
use crate::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

macro_rules! status_codes {
    ($( $(#[$vmeta:meta])* $variant:ident = $code:literal $(| $alias:literal)* ),+ $(,)?) => {
        /// Numeric document status (`DocumentStatus` in `document` integration updates).
        /// Serialised as the number; read from a number, a numeric string or a status name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum DocumentStatusCode {
            $( $(#[$vmeta])* $variant, )+
            /// A code this client does not know, kept verbatim.
            Unknown(i64),
        }

        impl DocumentStatusCode {
            pub fn code(self) -> i64 {
                match self {
                    $( Self::$variant => $code, )+
                    Self::Unknown(code) => code,
                }
            }

            pub fn from_code(code: i64) -> Self {
                match code {
                    $( $code => Self::$variant, )+
                    other => Self::Unknown(other),
                }
            }

            /// The status name (WooCommerce plugin spelling), or `None` for unknown codes.
            pub fn name(self) -> Option<&'static str> {
                match self {
                    $( Self::$variant => Some(stringify!($variant)), )+
                    Self::Unknown(_) => None,
                }
            }

            /// Case-insensitive name lookup.
            pub fn from_name(name: &str) -> Option<Self> {
                let t = name.trim();
                $(
                    if t.eq_ignore_ascii_case(stringify!($variant)) $(|| t.eq_ignore_ascii_case($alias))* {
                        return Some(Self::$variant);
                    }
                )+
                None
            }
        }
    };
}

status_codes! {
    ValidStatus = 0,
    Pending = 10,
    ApprovalInProcess = 20,
    Verified = 30,
    Picked = 35,
    Packed = 36,
    PartiallyShipped = 40,
    /// Code 41; the string enum spells it `PartiallyShippedAndPartiallyInvoiced`.
    PartiallyShippedInvoiced = 41 | "PartiallyShippedAndPartiallyInvoiced",
    FullyShipped = 42,
    PartiallyReceived = 43,
    PartiallyReceivedInvoiced = 44,
    FullyReceived = 45,
    PartiallyInvoiced = 46,
    FullyInvoiced = 47,
    PartiallyPaid = 48,
    FullyPaid = 49,
    Closed = 50,
    ClosedWO = 70,
    Cancelled = 99,
}

impl DocumentStatusCode {
    /// The matching `SalesOrderStatus` string value, where one exists.
    pub fn to_sales_order_status(self) -> SalesOrderStatus {
        match self {
            Self::Unknown(code) => SalesOrderStatus::Other(code.to_string()),
            known => SalesOrderStatus::parse(known.name().unwrap_or_default()),
        }
    }
}

impl fmt::Display for DocumentStatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name} ({})", self.code()),
            None => write!(f, "unknown status {}", self.code()),
        }
    }
}

impl Serialize for DocumentStatusCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.code())
    }
}

impl<'de> Deserialize<'de> for DocumentStatusCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = crate::lenient::string(d)?;
        if let Ok(code) = text.trim().parse::<i64>() {
            return Ok(Self::from_code(code));
        }
        Self::from_name(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown document status {text:?}")))
    }
}

/// One element of a `stock` update: a product's counters at one location.
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StockChange {
    /// Megaventory product id (absent in the Magento form, which aligns by index with `EntityIDs`).
    #[serde(
        rename = "productID",
        default,
        deserialize_with = "crate::lenient::int"
    )]
    pub product_id: i64,
    #[serde(
        rename = "inventory_id",
        default,
        deserialize_with = "crate::lenient::int"
    )]
    pub inventory_id: i64,
    #[serde(rename = "stock_data", default)]
    pub stock_data: StockData,
}

/// `stock_data` counters; names map onto the `mvStock` fields as noted.
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StockData {
    /// = `StockPhysical`
    #[serde(default, deserialize_with = "crate::lenient::decimal")]
    pub stockqty: Decimal,
    /// = `StockOnHold`
    #[serde(default, deserialize_with = "crate::lenient::decimal")]
    pub stockqtyonhold: Decimal,
    /// = `StockAlertLevel`
    #[serde(default, deserialize_with = "crate::lenient::decimal")]
    pub stockalarmqty: Decimal,
    /// = `StockNonShipped`
    #[serde(default, deserialize_with = "crate::lenient::decimal")]
    pub stocknonshippedqty: Decimal,
    /// = `StockNonReceivedPOs`
    #[serde(default, deserialize_with = "crate::lenient::decimal")]
    pub stocknonreceivedqty: Decimal,
    /// Work-in-progress component quantity.
    #[serde(default, deserialize_with = "crate::lenient::decimal")]
    pub stockwipcomponentqty: Decimal,
    /// = `StockNonReceivedWOs`
    #[serde(default, deserialize_with = "crate::lenient::decimal")]
    pub stocknonreceivedwoqty: Decimal,
    /// = `StockNonAllocatedWOs`
    #[serde(default, deserialize_with = "crate::lenient::decimal")]
    pub stocknonallocatedwoqty: Decimal,
}

/// A `document` update: a document (usually a sales order) changed status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentChange {
    #[serde(
        rename = "DocumentId",
        default,
        deserialize_with = "crate::lenient::int"
    )]
    pub document_id: i64,
    /// `3` = sales order.
    #[serde(
        rename = "DocumentTypeId",
        default,
        deserialize_with = "crate::lenient::int"
    )]
    pub document_type_id: i64,
    #[serde(
        rename = "DocumentTypeAbbreviation",
        default,
        deserialize_with = "crate::lenient::opt_string"
    )]
    pub document_type_abbreviation: Option<String>,
    #[serde(
        rename = "DocumentNo",
        default,
        deserialize_with = "crate::lenient::opt_string"
    )]
    pub document_no: Option<String>,
    #[serde(
        rename = "DocumentStatus",
        default,
        deserialize_with = "crate::lenient::opt_enum"
    )]
    pub document_status: Option<DocumentStatusCode>,
    /// For sales orders: the `SalesOrderReferenceNo` we sent (the WooCommerce order id).
    #[serde(
        rename = "DocumentReferenceNo",
        default,
        deserialize_with = "crate::lenient::opt_string"
    )]
    pub document_reference_no: Option<String>,
}

/// The decoded `JsonData` of an integration update.
#[derive(Debug, Clone, PartialEq)]
pub enum IntegrationPayload {
    Stock(Vec<StockChange>),
    Product(Box<Product>),
    Document(DocumentChange),
    /// An entity this client does not decode (e.g. Magento's `sales_order`); the raw row has the data.
    Other {
        entity: String,
    },
}

/// `JsonData` of an integration update could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayloadError {
    pub integration_update_id: i64,
    pub entity: String,
    pub detail: String,
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "integration update {} (entity {:?}): cannot decode JsonData: {}",
            self.integration_update_id, self.entity, self.detail
        )
    }
}

impl std::error::Error for PayloadError {}

impl IntegrationUpdate {
    /// `EntityIDs` split on the API's separator `##$`.
    pub fn entity_id_list(&self) -> Vec<&str> {
        self.entity_ids
            .split("##$")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// Decodes `JsonData` according to `Entity` (`stock`, `product`, `document`; case-insensitive).
    pub fn payload(&self) -> Result<IntegrationPayload, PayloadError> {
        let fail = |detail: String| PayloadError {
            integration_update_id: self.integration_update_id,
            entity: self.entity.clone(),
            detail,
        };
        let entity = self.entity.trim().to_ascii_lowercase();
        let data = self.json_data.trim();
        match entity.as_str() {
            "stock" => {
                if data.is_empty() {
                    return Ok(IntegrationPayload::Stock(Vec::new()));
                }
                let value: serde_json::Value =
                    serde_json::from_str(data).map_err(|e| fail(e.to_string()))?;
                let items = match value {
                    serde_json::Value::Array(items) => items,
                    object @ serde_json::Value::Object(_) => vec![object],
                    other => {
                        return Err(fail(format!(
                            "expected a list, found {}",
                            crate::lenient::json_type_name(&other)
                        )))
                    }
                };
                let changes = items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| {
                        crate::lenient::from_object(item)
                            .map_err(|e| fail(format!("element {i}: {e}")))
                    })
                    .collect::<Result<Vec<StockChange>, _>>()?;
                Ok(IntegrationPayload::Stock(changes))
            }
            "product" => {
                let product: Product = decode_object(data).map_err(fail)?;
                Ok(IntegrationPayload::Product(Box::new(product)))
            }
            "document" => Ok(IntegrationPayload::Document(
                decode_object(data).map_err(fail)?,
            )),
            _ => Ok(IntegrationPayload::Other {
                entity: self.entity.clone(),
            }),
        }
    }
}

fn decode_object<T: serde::de::DeserializeOwned>(data: &str) -> Result<T, String> {
    if data.is_empty() {
        return Err("JsonData is empty".to_owned());
    }
    let value: serde_json::Value = serde_json::from_str(data).map_err(|e| e.to_string())?;
    if !value.is_object() {
        return Err(format!(
            "expected an object, found {}",
            crate::lenient::json_type_name(&value)
        ));
    }
    crate::lenient::from_object(value).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_round_trip() {
        for code in [
            0, 10, 20, 30, 35, 36, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 70, 99,
        ] {
            let status = DocumentStatusCode::from_code(code);
            assert!(status.name().is_some(), "code {code}");
            assert_eq!(status.code(), code);
            assert_eq!(serde_json::to_string(&status).unwrap(), code.to_string());
        }
        assert_eq!(
            DocumentStatusCode::from_code(7),
            DocumentStatusCode::Unknown(7)
        );
        let by_name: DocumentStatusCode =
            serde_json::from_str("\"PartiallyShippedAndPartiallyInvoiced\"").unwrap();
        assert_eq!(by_name.code(), 41);
        let by_text: DocumentStatusCode = serde_json::from_str("\"30\"").unwrap();
        assert_eq!(by_text, DocumentStatusCode::Verified);
        assert_eq!(
            DocumentStatusCode::Cancelled.to_sales_order_status(),
            SalesOrderStatus::Cancelled
        );
        assert_eq!(
            DocumentStatusCode::PartiallyShippedInvoiced.to_sales_order_status(),
            SalesOrderStatus::PartiallyShippedAndPartiallyInvoiced
        );
        assert!(serde_json::from_str::<DocumentStatusCode>("\"Bogus\"").is_err());
    }

    fn update(entity: &str, json_data: &str) -> IntegrationUpdate {
        IntegrationUpdate {
            integration_update_id: 9,
            entity: entity.into(),
            json_data: json_data.into(),
            ..Default::default()
        }
    }

    #[test]
    fn bad_payloads_name_the_update() {
        let err = update("document", "{not json").payload().unwrap_err();
        assert_eq!(err.integration_update_id, 9);
        assert!(err.to_string().contains("integration update 9"), "{err}");
        assert!(update("product", "").payload().is_err());
        assert!(update("stock", "42").payload().is_err());
        assert!(update("document", "[1]").payload().is_err());
        assert_eq!(
            update("stock", "").payload().unwrap(),
            IntegrationPayload::Stock(vec![])
        );
        assert_eq!(
            update("sales_order", "{}").payload().unwrap(),
            IntegrationPayload::Other {
                entity: "sales_order".into()
            }
        );
    }

    #[test]
    fn entity_ids_split_on_separator() {
        let row = IntegrationUpdate {
            entity_ids: "rm2##$rm1".into(),
            ..Default::default()
        };
        assert_eq!(row.entity_id_list(), vec!["rm2", "rm1"]);
    }
}
