//! Suppliers/clients, taxes, discounts, locations, currencies, settings and stock (API doc §2.3, §2.4, §2.6).

use super::*;
use crate::Decimal;
use serde::{Deserialize, Serialize};

/// `mvSupplierClient` (API doc §2.3). Matched on upserts by id only: a new record with a taken name is refused with `SupplierClientNameAlreadyExists`.
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupplierClient {
    /// `-1` is the internal client used on adjustment documents.
    #[serde(
        rename = "SupplierClientID",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub supplier_client_id: Option<i64>,
    #[serde(
        rename = "SupplierClientType",
        default,
        deserialize_with = "crate::lenient::opt_enum",
        skip_serializing_if = "Option::is_none"
    )]
    pub supplier_client_type: Option<SupplierClientType>,
    /// Unique.
    #[serde(
        rename = "SupplierClientName",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub supplier_client_name: Option<String>,
    #[serde(
        rename = "mvContacts",
        default,
        deserialize_with = "crate::lenient::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub contacts: Vec<Contact>,
    /// Legacy flat address.
    #[serde(
        rename = "SupplierClientBillingAddress",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub supplier_client_billing_address: Option<String>,
    /// Legacy flat address.
    #[serde(
        rename = "SupplierClientShippingAddress1",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub supplier_client_shipping_address1: Option<String>,
    /// Legacy flat address.
    #[serde(
        rename = "SupplierClientShippingAddress2",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub supplier_client_shipping_address2: Option<String>,
    /// Structured addresses (WooCommerce sends `Shipping1` and `Billing`).
    #[serde(
        rename = "SupplierClientAddresses",
        default,
        deserialize_with = "crate::lenient::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub addresses: Vec<Address>,
    #[serde(
        rename = "SupplierClientPhone1",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub supplier_client_phone1: Option<String>,
    #[serde(
        rename = "SupplierClientPhone2",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub supplier_client_phone2: Option<String>,
    #[serde(
        rename = "SupplierClientFax",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub supplier_client_fax: Option<String>,
    #[serde(
        rename = "SupplierClientIM",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub supplier_client_im: Option<String>,
    #[serde(
        rename = "SupplierClientEmail",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub supplier_client_email: Option<String>,
    #[serde(
        rename = "SupplierClientTaxID",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub supplier_client_tax_id: Option<String>,
    #[serde(
        rename = "SupplierClientComments",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub supplier_client_comments: Option<String>,
}

/// `mvTax` (API doc §2.4). Only the description can change after insert.
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tax {
    #[serde(
        rename = "TaxID",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub tax_id: Option<i64>,
    #[serde(
        rename = "TaxName",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub tax_name: Option<String>,
    #[serde(
        rename = "TaxDescription",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub tax_description: Option<String>,
    /// Percent, e.g. `16.16`.
    #[serde(
        rename = "TaxValue",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub tax_value: Option<Decimal>,
}

/// `mvDiscount` (API doc §2.4). Only the description can change after insert.
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Discount {
    #[serde(
        rename = "DiscountID",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub discount_id: Option<i64>,
    #[serde(
        rename = "DiscountName",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub discount_name: Option<String>,
    #[serde(
        rename = "DiscountDescription",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub discount_description: Option<String>,
    /// Percent, e.g. `7.5`.
    #[serde(
        rename = "DiscountValue",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub discount_value: Option<Decimal>,
}

/// `mvInventoryLocation` (API doc §2.4).
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InventoryLocation {
    #[serde(
        rename = "InventoryLocationID",
        alias = "InventoryLocationId",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub inventory_location_id: Option<i64>,
    /// Unique.
    #[serde(
        rename = "InventoryLocationName",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub inventory_location_name: Option<String>,
    /// Unique.
    #[serde(
        rename = "InventoryLocationAbbreviation",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub inventory_location_abbreviation: Option<String>,
    #[serde(
        rename = "InventoryLocationAddress",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub inventory_location_address: Option<String>,
    #[serde(
        rename = "InventoryLocationCurrencyCode",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub inventory_location_currency_code: Option<String>,
}

/// `mvCurrency` (API doc §2.4). Note the API's spelling `CurrencyId`.
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Currency {
    #[serde(
        rename = "CurrencyId",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub currency_id: Option<i64>,
    /// ISO 4217, e.g. `USD`.
    #[serde(
        rename = "CurrencyCode",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub currency_code: Option<String>,
    #[serde(
        rename = "CurrencyDescription",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub currency_description: Option<String>,
    #[serde(
        rename = "CurrencySymbol",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub currency_symbol: Option<String>,
    /// Exactly one currency is the default.
    #[serde(
        rename = "CurrencyIsDefault",
        default,
        deserialize_with = "crate::lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub currency_is_default: Option<bool>,
    #[serde(
        rename = "CurrencyInReports",
        default,
        deserialize_with = "crate::lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub currency_in_reports: Option<bool>,
}

/// One `mvAccountSettings` entry.
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountSetting {
    #[serde(
        rename = "SettingName",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub setting_name: Option<String>,
    /// Kept as text (`"true"`, `"1"`, …); see [`AccountSetting::as_bool`].
    #[serde(
        rename = "SettingValue",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub setting_value: Option<String>,
}

/// One `mvStock` entry: a product's counters at one location (API doc §2.6).
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocationStock {
    #[serde(
        rename = "InventoryLocationID",
        alias = "warehouseID",
        default,
        deserialize_with = "crate::lenient::int"
    )]
    pub inventory_location_id: i64,
    #[serde(
        rename = "StockPhysical",
        default,
        deserialize_with = "crate::lenient::decimal"
    )]
    pub stock_physical: Decimal,
    #[serde(
        rename = "StockOnHold",
        default,
        deserialize_with = "crate::lenient::decimal"
    )]
    pub stock_on_hold: Decimal,
    #[serde(
        rename = "StockNonShipped",
        default,
        deserialize_with = "crate::lenient::decimal"
    )]
    pub stock_non_shipped: Decimal,
    #[serde(
        rename = "StockNonAllocatedWOs",
        default,
        deserialize_with = "crate::lenient::decimal"
    )]
    pub stock_non_allocated_wos: Decimal,
    #[serde(
        rename = "StockNonReceivedPOs",
        default,
        deserialize_with = "crate::lenient::decimal"
    )]
    pub stock_non_received_pos: Decimal,
    #[serde(
        rename = "StockNonReceivedWOs",
        default,
        deserialize_with = "crate::lenient::decimal"
    )]
    pub stock_non_received_wos: Decimal,
    #[serde(
        rename = "StockOnHand",
        default,
        deserialize_with = "crate::lenient::decimal"
    )]
    pub stock_on_hand: Decimal,
    #[serde(
        rename = "StockAlertLevel",
        default,
        deserialize_with = "crate::lenient::decimal"
    )]
    pub stock_alert_level: Decimal,
}

/// One `mvProductStockList` item (API doc §2.6). Note the lower-case `productID`.
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductStock {
    #[serde(
        rename = "productID",
        default,
        deserialize_with = "crate::lenient::int"
    )]
    pub product_id: i64,
    #[serde(
        rename = "mvProduct",
        default,
        deserialize_with = "crate::lenient::opt_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub product: Option<Product>,
    /// `null` when the product never had a transaction; read as empty.
    #[serde(rename = "mvStock", default, deserialize_with = "crate::lenient::vec")]
    pub stock: Vec<LocationStock>,
    #[serde(
        rename = "StockPhysicalTotal",
        default,
        deserialize_with = "crate::lenient::decimal"
    )]
    pub stock_physical_total: Decimal,
    #[serde(
        rename = "StockOnHoldTotal",
        default,
        deserialize_with = "crate::lenient::decimal"
    )]
    pub stock_on_hold_total: Decimal,
    #[serde(
        rename = "StockNonShippedTotal",
        default,
        deserialize_with = "crate::lenient::decimal"
    )]
    pub stock_non_shipped_total: Decimal,
    #[serde(
        rename = "StockNonAllocatedWOsTotal",
        default,
        deserialize_with = "crate::lenient::decimal"
    )]
    pub stock_non_allocated_wos_total: Decimal,
    #[serde(
        rename = "StockNonReceivedPOsTotal",
        default,
        deserialize_with = "crate::lenient::decimal"
    )]
    pub stock_non_received_pos_total: Decimal,
    #[serde(
        rename = "StockNonReceivedWOsTotal",
        default,
        deserialize_with = "crate::lenient::decimal"
    )]
    pub stock_non_received_wos_total: Decimal,
    #[serde(
        rename = "StockOnHandTotal",
        default,
        deserialize_with = "crate::lenient::decimal"
    )]
    pub stock_on_hand_total: Decimal,
}
