//! Sales orders, documents and integration updates (API doc §2.5, §2.7, §3.14).

use super::*;
use crate::Decimal;
use serde::{Deserialize, Serialize};

/// `mvSalesOrder` (API doc §2.5).
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SalesOrder {
    /// Server-assigned, immutable.
    #[serde(
        rename = "SalesOrderId",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_id: Option<i64>,
    /// `3` = the default sales-order type.
    #[serde(
        rename = "SalesOrderTypeId",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_type_id: Option<i64>,
    #[serde(
        rename = "SalesOrderTypeAbbreviation",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_type_abbreviation: Option<String>,
    #[serde(
        rename = "SalesOrderTypeDescription",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_type_description: Option<String>,
    /// Sent as a string; read from a string or a number. Megaventory accepts duplicates.
    #[serde(
        rename = "SalesOrderNo",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_no: Option<String>,
    /// Our idempotency key: the WooCommerce order id (plus a split suffix when needed).
    #[serde(
        rename = "SalesOrderReferenceNo",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_reference_no: Option<String>,
    #[serde(
        rename = "SalesOrderReferenceApplication",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_reference_application: Option<String>,
    /// Read-only, WCF form.
    #[serde(
        rename = "SalesOrderDate",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_date: Option<String>,
    #[serde(
        rename = "SalesOrderCurrencyCode",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_currency_code: Option<String>,
    #[serde(
        rename = "SalesOrderClientID",
        alias = "SalesOrderClientId",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_client_id: Option<i64>,
    /// Only used when the client id is 0.
    #[serde(
        rename = "SalesOrderClientName",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_client_name: Option<String>,
    /// Flat billing address, as SalesOrderGet shows it; see [`SalesOrder::billing_address`].
    #[serde(
        rename = "SalesOrderAddress",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_address: Option<String>,
    /// The same address as the Magento extension spells it; servers may send both.
    #[serde(
        rename = "SalesOrderBillingAddress",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_billing_address: Option<String>,
    /// Flat shipping address.
    #[serde(
        rename = "SalesOrderShippingAddress",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_shipping_address: Option<String>,
    #[serde(
        rename = "SalesOrderAddresses",
        default,
        deserialize_with = "crate::lenient::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub addresses: Vec<Address>,
    #[serde(
        rename = "SalesOrderContactPerson",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_contact_person: Option<String>,
    #[serde(
        rename = "SalesOrderInventoryLocationID",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_inventory_location_id: Option<i64>,
    #[serde(
        rename = "SalesOrderComments",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_comments: Option<String>,
    #[serde(
        rename = "SalesOrderTags",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_tags: Option<String>,
    #[serde(
        rename = "SalesOrderPaymentMethod",
        default,
        deserialize_with = "crate::lenient::opt_enum",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_payment_method: Option<PaymentMethod>,
    /// Required when a location is given.
    #[serde(
        rename = "SalesOrderStatus",
        default,
        deserialize_with = "crate::lenient::opt_enum",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_status: Option<SalesOrderStatus>,
    #[serde(
        rename = "SalesOrderAmountShipping",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_amount_shipping: Option<Decimal>,
    #[serde(
        rename = "SalesOrderShippingProviderInfo",
        default,
        deserialize_with = "crate::lenient::opt_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_shipping_provider_info: Option<ShippingProviderInfo>,
    #[serde(
        rename = "SalesOrderDetails",
        default,
        deserialize_with = "crate::lenient::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub details: Vec<SalesOrderRow>,
    /// Read-only total (name inferred, low confidence).
    #[serde(
        rename = "SalesOrderTotalQuantity",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_total_quantity: Option<Decimal>,
    /// Read-only total (name inferred).
    #[serde(
        rename = "SalesOrderAmountSubtotalWithoutTaxAndDiscount",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_amount_subtotal_without_tax_and_discount: Option<Decimal>,
    /// Read-only total (name inferred).
    #[serde(
        rename = "SalesOrderAmountTotalDiscount",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_amount_total_discount: Option<Decimal>,
    /// Read-only total (name inferred).
    #[serde(
        rename = "SalesOrderAmountTotalTax",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_amount_total_tax: Option<Decimal>,
    /// Read-only total (name inferred).
    #[serde(
        rename = "SalesOrderAmountGrandTotal",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_order_amount_grand_total: Option<Decimal>,
}

/// One `SalesOrderDetails` row.
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SalesOrderRow {
    /// Optional; the SKU is what identifies the product.
    #[serde(
        rename = "SalesOrderRowProductID",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_id: Option<i64>,
    #[serde(
        rename = "SalesOrderRowProductSKU",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_sku: Option<String>,
    /// Overrides the product description on this line.
    #[serde(
        rename = "SalesOrderRowProductDescription",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_description: Option<String>,
    #[serde(
        rename = "SalesOrderRowQuantity",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub quantity: Option<Decimal>,
    #[serde(
        rename = "SalesOrderRowShippedQuantity",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub shipped_quantity: Option<Decimal>,
    #[serde(
        rename = "SalesOrderRowInvoicedQuantity",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoiced_quantity: Option<Decimal>,
    #[serde(
        rename = "SalesOrderRowUnitPriceWithoutTaxOrDiscount",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub unit_price_without_tax_or_discount: Option<Decimal>,
    /// `None` (0) = no tax.
    #[serde(
        rename = "SalesOrderRowTaxID",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub tax_id: Option<i64>,
    /// `None` (0) = no discount.
    #[serde(
        rename = "SalesOrderRowDiscountID",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub discount_id: Option<i64>,
    /// Read-only line total (name inferred).
    #[serde(
        rename = "SalesOrderRowTotalAmount",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_amount: Option<Decimal>,
}

/// `SalesOrderShippingProviderInfo`.
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShippingProviderInfo {
    #[serde(
        rename = "ProviderInfo",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub provider_info: Option<String>,
    #[serde(
        rename = "CostInfo",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub cost_info: Option<String>,
    #[serde(
        rename = "WeightInfo",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub weight_info: Option<String>,
    #[serde(
        rename = "ShipDateInfo",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub ship_date_info: Option<String>,
    #[serde(
        rename = "TrackingId",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub tracking_id: Option<String>,
}

/// `mvDocument` (API doc §3.14): adjustments (−99 plus, −98 minus) and other documents.
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    #[serde(
        rename = "DocumentId",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub document_id: Option<i64>,
    /// See [`DocumentType`](crate::model::document_type).
    #[serde(
        rename = "DocumentTypeId",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub document_type_id: Option<i64>,
    #[serde(
        rename = "DocumentTypeAbbreviation",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub document_type_abbreviation: Option<String>,
    #[serde(
        rename = "DocumentTypeDescription",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub document_type_description: Option<String>,
    #[serde(
        rename = "DocumentNo",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub document_no: Option<String>,
    /// Our idempotency key for inserts.
    #[serde(
        rename = "DocumentReferenceNo",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub document_reference_no: Option<String>,
    #[serde(
        rename = "DocumentReferenceApplication",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub document_reference_application: Option<String>,
    /// Read-only, WCF form.
    #[serde(
        rename = "DocumentDate",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub document_date: Option<String>,
    /// `-1` = the internal client for adjustments.
    #[serde(
        rename = "DocumentSupplierClientID",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub document_supplier_client_id: Option<i64>,
    /// Required for `Verified` adjustments.
    #[serde(
        rename = "DocumentInventoryLocationID",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub document_inventory_location_id: Option<i64>,
    #[serde(
        rename = "DocumentComments",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub document_comments: Option<String>,
    /// The only field an update may change.
    #[serde(
        rename = "DocumentDescription",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub document_description: Option<String>,
    /// `Pending` or `Verified` on insert.
    #[serde(
        rename = "DocumentStatus",
        default,
        deserialize_with = "crate::lenient::opt_enum",
        skip_serializing_if = "Option::is_none"
    )]
    pub document_status: Option<DocumentStatus>,
    #[serde(
        rename = "DocumentDetails",
        default,
        deserialize_with = "crate::lenient::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub details: Vec<DocumentRow>,
}

/// One `DocumentDetails` row.
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRow {
    #[serde(
        rename = "DocumentRowProductID",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_id: Option<i64>,
    #[serde(
        rename = "DocumentRowProductSKU",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_sku: Option<String>,
    #[serde(
        rename = "DocumentRowProductDescription",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub product_description: Option<String>,
    #[serde(
        rename = "DocumentRowQuantity",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub quantity: Option<Decimal>,
    #[serde(
        rename = "DocumentRowUnitPriceWithoutTaxOrDiscount",
        default,
        deserialize_with = "crate::lenient::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub unit_price_without_tax_or_discount: Option<Decimal>,
    #[serde(
        rename = "DocumentRowTaxID",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub tax_id: Option<i64>,
    #[serde(
        rename = "DocumentRowDiscountID",
        default,
        deserialize_with = "crate::lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub discount_id: Option<i64>,
    #[serde(
        rename = "DocumentRowRemarks",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub remarks: Option<String>,
}

/// `mvIntegrationUpdate` (API doc §2.7, §3.15). Decode `json_data` with [`IntegrationUpdate::payload`].
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntegrationUpdate {
    #[serde(
        rename = "IntegrationUpdateID",
        default,
        deserialize_with = "crate::lenient::int"
    )]
    pub integration_update_id: i64,
    #[serde(
        rename = "Application",
        default,
        deserialize_with = "crate::lenient::string"
    )]
    pub application: String,
    /// `stock`, `product`, `document`, …
    #[serde(
        rename = "Entity",
        default,
        deserialize_with = "crate::lenient::string"
    )]
    pub entity: String,
    #[serde(
        rename = "Action",
        default,
        deserialize_with = "crate::lenient::string"
    )]
    pub action: String,
    /// Several ids are joined with `##$`.
    #[serde(
        rename = "EntityIDs",
        default,
        deserialize_with = "crate::lenient::string"
    )]
    pub entity_ids: String,
    /// A JSON document serialised into a string.
    #[serde(
        rename = "JsonData",
        default,
        deserialize_with = "crate::lenient::string"
    )]
    pub json_data: String,
    #[serde(rename = "Tries", default, deserialize_with = "crate::lenient::int")]
    pub tries: i64,
    #[serde(
        rename = "Payload",
        default,
        deserialize_with = "crate::lenient::string"
    )]
    pub payload: String,
    /// WCF form.
    #[serde(
        rename = "IntegrationUpdateDateTime",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub integration_update_date_time: Option<String>,
}
