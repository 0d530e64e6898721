//! Billing and shipping addresses of customers and orders.

use serde::Deserialize;

use super::lenient;

/// A billing or shipping address. Shipping addresses have no `email` (it stays ""); a customer
/// who never entered a shipping address has every field "" (see [`Address::is_empty`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct Address {
    #[serde(deserialize_with = "lenient::string")]
    pub first_name: String,
    #[serde(deserialize_with = "lenient::string")]
    pub last_name: String,
    #[serde(deserialize_with = "lenient::string")]
    pub company: String,
    #[serde(deserialize_with = "lenient::string")]
    pub address_1: String,
    #[serde(deserialize_with = "lenient::string")]
    pub address_2: String,
    #[serde(deserialize_with = "lenient::string")]
    pub city: String,
    /// State/county code as WooCommerce stores it ("CA", "BE"); may be free text in some countries.
    #[serde(deserialize_with = "lenient::string")]
    pub state: String,
    #[serde(deserialize_with = "lenient::string")]
    pub postcode: String,
    /// ISO 3166-1 alpha-2 ("DE"), or "" when not entered.
    #[serde(deserialize_with = "lenient::string")]
    pub country: String,
    #[serde(deserialize_with = "lenient::string")]
    pub email: String,
    #[serde(deserialize_with = "lenient::string")]
    pub phone: String,
}

impl Address {
    /// True when no field holds anything but whitespace.
    pub fn is_empty(&self) -> bool {
        [
            &self.first_name,
            &self.last_name,
            &self.company,
            &self.address_1,
            &self.address_2,
            &self.city,
            &self.state,
            &self.postcode,
            &self.country,
            &self.email,
            &self.phone,
        ]
        .iter()
        .all(|field| field.trim().is_empty())
    }

    /// "First Last", trimmed; "" when both are blank.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name.trim(), self.last_name.trim())
            .trim()
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_null_fields_read_as_blank() {
        let address: Address = serde_json::from_str(
            r#"{"first_name": null, "last_name": "", "city": " ", "phone": 5550100}"#,
        )
        .unwrap();
        assert!(!address.is_empty(), "phone given as a number still counts");
        assert_eq!(address.phone, "5550100");
        let blank: Address = serde_json::from_str(r#"{"first_name": null, "city": " "}"#).unwrap();
        assert!(blank.is_empty());
        assert_eq!(blank.full_name(), "");
    }
}
