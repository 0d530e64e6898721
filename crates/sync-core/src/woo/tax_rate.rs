//! Tax rates (`/wc/v3/taxes`) and tax classes (`/wc/v3/taxes/classes`).

use serde::Deserialize;

use super::{lenient, WooEntity};

/// A tax rate. Name and rate are not unique: two rates for different countries can share both,
/// so the sync must key rates by `id`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct TaxRate {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    /// ISO code, or "" for every country.
    #[serde(deserialize_with = "lenient::string")]
    pub country: String,
    #[serde(deserialize_with = "lenient::string")]
    pub state: String,
    /// Percentage as WooCommerce stores it, four decimals ("19.0000").
    #[serde(deserialize_with = "lenient::decimal")]
    pub rate: String,
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(deserialize_with = "lenient::integer")]
    pub priority: i64,
    /// Applied on top of the rates of lower priorities.
    #[serde(deserialize_with = "lenient::flag")]
    pub compound: bool,
    /// Whether the rate also applies to shipping.
    #[serde(deserialize_with = "lenient::flag")]
    pub shipping: bool,
    #[serde(deserialize_with = "lenient::integer")]
    pub order: i64,
    /// Tax class slug; the REST API says "standard" where the database and products say "".
    #[serde(deserialize_with = "lenient::string")]
    pub class: String,
    /// All postcodes (the singular `postcode` field holds only the last one).
    #[serde(deserialize_with = "lenient::string_list")]
    pub postcodes: Vec<String>,
    /// All cities, upper-cased by WooCommerce.
    #[serde(deserialize_with = "lenient::string_list")]
    pub cities: Vec<String>,
}

impl TaxRate {
    /// The class as products and order lines name it: "" for the standard class.
    pub fn product_tax_class(&self) -> &str {
        if self.class == "standard" {
            ""
        } else {
            &self.class
        }
    }
}

impl WooEntity for TaxRate {
    const KIND: &'static str = "tax rate";
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct TaxClass {
    #[serde(deserialize_with = "lenient::string")]
    pub slug: String,
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
}

impl WooEntity for TaxClass {
    const KIND: &'static str = "tax class";
}
