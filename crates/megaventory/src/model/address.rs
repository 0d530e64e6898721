//! Addresses and contacts (API doc §2.1).

use super::*;
use serde::{Deserialize, Serialize};

/// A postal address on a supplier/client or a sales order (API doc §2.1).
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Address {
    #[serde(
        rename = "AddressType",
        default,
        deserialize_with = "crate::lenient::opt_enum",
        skip_serializing_if = "Option::is_none"
    )]
    pub address_type: Option<AddressType>,
    #[serde(
        rename = "AddressLine1",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub address_line1: Option<String>,
    #[serde(
        rename = "AddressLine2",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub address_line2: Option<String>,
    #[serde(
        rename = "AddressLine3",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub address_line3: Option<String>,
    #[serde(
        rename = "Name",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    #[serde(
        rename = "Phone",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub phone: Option<String>,
    #[serde(
        rename = "Email",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub email: Option<String>,
    #[serde(
        rename = "TaxIdNumber",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub tax_id_number: Option<String>,
    #[serde(
        rename = "Organization",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub organization: Option<String>,
    #[serde(
        rename = "City",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub city: Option<String>,
    /// WooCommerce sends the full state name here.
    #[serde(
        rename = "State",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub state: Option<String>,
    /// ISO-3166 alpha-2 code (the API's default is `NONE`).
    #[serde(
        rename = "Country",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub country: Option<String>,
    #[serde(
        rename = "CountryName",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub country_name: Option<String>,
    #[serde(
        rename = "ZipCode",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub zip_code: Option<String>,
    #[serde(
        rename = "Longitude",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub longitude: Option<String>,
    #[serde(
        rename = "Latitude",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub latitude: Option<String>,
}

/// A contact person of a supplier/client.
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    #[serde(
        rename = "ContactName",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub contact_name: Option<String>,
    #[serde(
        rename = "ContactDepartment",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub contact_department: Option<String>,
    #[serde(
        rename = "ContactEmail",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub contact_email: Option<String>,
    #[serde(
        rename = "ContactIsPrimary",
        default,
        deserialize_with = "crate::lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub contact_is_primary: Option<bool>,
}
