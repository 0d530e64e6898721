//! Products and categories (API doc §2.2, §2.4).

use super::*;
use crate::Decimal;
use serde::{Deserialize, Serialize};

/// `mvProduct` (API doc §2.2). `None` fields are not sent, which `InsertOrUpdateNonEmptyFields` reads as "leave unchanged".
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Product {
    /// Server-assigned and immutable; `None` for a new product (matched by SKU on upserts).
    #[serde(
        rename = "ProductID",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_id: Option<i64>,
    #[serde(
        rename = "ProductType",
        default,
        deserialize_with = "crate::lenient::opt_enum",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_type: Option<ProductType>,
    /// Required and unique across products and bundles.
    #[serde(
        rename = "ProductSKU",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_sku: Option<String>,
    /// Barcode.
    #[serde(
        rename = "ProductEAN",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_ean: Option<String>,
    /// Required.
    #[serde(
        rename = "ProductDescription",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_description: Option<String>,
    /// Variation attributes, `Label: value | Label2: value2`.
    #[serde(
        rename = "ProductVersion",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_version: Option<String>,
    #[serde(
        rename = "ProductLongDescription",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_long_description: Option<String>,
    /// `None` (0) = no category.
    #[serde(
        rename = "ProductCategoryID",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_category_id: Option<i64>,
    #[serde(
        rename = "ProductUnitOfMeasurement",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_unit_of_measurement: Option<String>,
    #[serde(
        rename = "ProductSellingPrice",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_selling_price: Option<Decimal>,
    #[serde(
        rename = "ProductPurchasePrice",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_purchase_price: Option<Decimal>,
    #[serde(
        rename = "ProductWeight",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_weight: Option<Decimal>,
    #[serde(
        rename = "ProductWeightUnitID",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_weight_unit_id: Option<i64>,
    #[serde(
        rename = "ProductLength",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_length: Option<Decimal>,
    #[serde(
        rename = "ProductBreadth",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_breadth: Option<Decimal>,
    #[serde(
        rename = "ProductHeight",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_height: Option<Decimal>,
    #[serde(
        rename = "ProductImageURL",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_image_url: Option<String>,
    #[serde(
        rename = "ProductComments",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_comments: Option<String>,
    #[serde(
        rename = "ProductCustomField1",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_custom_field1: Option<String>,
    #[serde(
        rename = "ProductCustomField2",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_custom_field2: Option<String>,
    #[serde(
        rename = "ProductCustomField3",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_custom_field3: Option<String>,
    #[serde(
        rename = "ProductMainSupplierID",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_main_supplier_id: Option<i64>,
    #[serde(
        rename = "ProductMainSupplierPrice",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_main_supplier_price: Option<Decimal>,
    #[serde(
        rename = "ProductMainSupplierSKU",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_main_supplier_sku: Option<String>,
    /// Read-only, WCF form `/Date(ms+zzzz)/`; see [`crate::model::wcf_date_millis`].
    #[serde(
        rename = "ProductCreationDate",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_creation_date: Option<String>,
    #[serde(
        rename = "IsPurchasable",
        default,
        deserialize_with = "crate::lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_purchasable: Option<bool>,
    #[serde(
        rename = "IsSellable",
        default,
        deserialize_with = "crate::lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_sellable: Option<bool>,
    /// Read-only copy of the category.
    #[serde(
        rename = "mvProductCategory",
        default,
        deserialize_with = "crate::lenient::opt_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_category: Option<ProductCategory>,
}

/// `mvProductCategory` (API doc §2.4).
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductCategory {
    #[serde(
        rename = "ProductCategoryID",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_category_id: Option<i64>,
    /// WooCommerce paths are joined with `" / "`.
    #[serde(
        rename = "ProductCategoryName",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_category_name: Option<String>,
    #[serde(
        rename = "ProductCategoryDescription",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_category_description: Option<String>,
}
