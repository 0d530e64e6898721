//! Customers (`/wc/v3/customers`).

use serde::Deserialize;

use super::{lenient, Address, MetaData, WooEntity};

/// A registered customer. Guests have no customer record: their data lives on the order.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct Customer {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    #[serde(deserialize_with = "lenient::string")]
    pub email: String,
    #[serde(deserialize_with = "lenient::string")]
    pub first_name: String,
    #[serde(deserialize_with = "lenient::string")]
    pub last_name: String,
    #[serde(deserialize_with = "lenient::string")]
    pub username: String,
    #[serde(deserialize_with = "lenient::string")]
    pub role: String,
    #[serde(deserialize_with = "lenient::optional_object")]
    pub billing: Option<Address>,
    #[serde(deserialize_with = "lenient::optional_object")]
    pub shipping: Option<Address>,
    #[serde(deserialize_with = "lenient::flag")]
    pub is_paying_customer: bool,
    #[serde(deserialize_with = "lenient::optional_string")]
    pub date_created: Option<String>,
    #[serde(deserialize_with = "lenient::optional_string")]
    pub date_modified_gmt: Option<String>,
    #[serde(deserialize_with = "lenient::list")]
    pub meta_data: Vec<MetaData>,
}

impl Customer {
    /// The billing address, or an empty one.
    pub fn billing(&self) -> Address {
        self.billing.clone().unwrap_or_default()
    }

    /// The shipping address if one was entered, else the billing address (what WooCommerce
    /// itself ships to when "ship to a different address" was never used).
    pub fn shipping_or_billing(&self) -> Address {
        match &self.shipping {
            Some(shipping) if !shipping.is_empty() => shipping.clone(),
            _ => self.billing(),
        }
    }

    /// Display name: first + last name, else the billing name, else the e-mail.
    pub fn display_name(&self) -> String {
        let own = format!("{} {}", self.first_name.trim(), self.last_name.trim())
            .trim()
            .to_string();
        if !own.is_empty() {
            return own;
        }
        let billing = self.billing().full_name();
        if !billing.is_empty() {
            return billing;
        }
        self.email.clone()
    }
}

impl WooEntity for Customer {
    const KIND: &'static str = "customer";
}
