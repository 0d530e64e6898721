//! One type per API operation. A request describes itself: its operation name, its
//! response type and how it can be retried safely ([`RetrySafety`]).
//!
//! How each insert is made safe to retry after an *ambiguous* failure (a timeout, a 5xx or a
//! connection lost after sending — the server may have applied it):
//! * **Upserts matched by a natural key** (products by SKU, taxes and discounts by name+value)
//!   and updates by id are [`RetrySafety::Idempotent`]: resending converges on one record.
//! * **Inserts whose duplicate the server refuses** (product SKU, client name, category name,
//!   tax/discount name+value, location name/abbreviation) are
//!   [`RetrySafety::ConflictRecoverable`]: the resend either succeeds or comes back as
//!   `…AlreadyExists` with the existing `entityID`, flagged
//!   [`retried_after_ambiguous_failure`](crate::ApiError::retried_after_ambiguous_failure), and
//!   the caller adopts that id.
//! * **Sales-order and document inserts** are [`RetrySafety::LookupBeforeRetry`]: Megaventory
//!   accepts a duplicate `SalesOrderNo`, so a blind resend could create a second order. The
//!   client first looks the record up by our reference (`SalesOrderReferenceNo` /
//!   `DocumentReferenceNo`) and returns the found record instead of resending; it resends only
//!   when nothing matching was found. Without a reference such an insert is
//!   [`RetrySafety::Unsafe`] and an ambiguous failure is returned to the caller as is.
//! * Deletes, undeletes, cancels and integration-update deletes are idempotent in effect.

use crate::envelope::ResponseStatus;
use crate::model::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// An API operation. The client serialises it to a JSON object and adds `APIKEY`.
pub trait Request: Serialize {
    /// The operation name in the URL (`…/json/reply/{OPERATION}`).
    const OPERATION: &'static str;
    type Response: DeserializeOwned;
    /// How a retry after an ambiguous failure is made safe.
    fn retry_safety(&self) -> RetrySafety;
    /// For [`RetrySafety::LookupBeforeRetry`]: the response this request would have produced,
    /// if one of the records the lookup found is the one this request creates.
    fn adopt_lookup(&self, _found: &LookupFound) -> Option<Self::Response> {
        None
    }
}

/// How a request may be retried after an ambiguous failure. Non-ambiguous failures
/// (connection refused, HTTP 429) are always retried: the server did not act on them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetrySafety {
    /// Repeating it has the same effect as sending it once.
    Idempotent,
    /// A duplicate is refused with a typed conflict (`…AlreadyExists` + `entityID`) the caller adopts.
    ConflictRecoverable,
    /// Look the record up first; resend only when it is not there.
    LookupBeforeRetry(Lookup),
    /// Neither: after an ambiguous failure the error is returned, never a resend.
    Unsafe,
}

/// How to find the record an insert may already have created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// `SalesOrderGet` filtered on `SalesOrderReferenceNo`.
    SalesOrderByReference { reference_no: String },
    /// `DocumentGet` filtered on `DocumentReferenceNo` (and the type id when known).
    DocumentByReference {
        reference_no: String,
        document_type_id: Option<i64>,
    },
}

/// Records found by a [`Lookup`].
#[derive(Debug, Clone, PartialEq)]
pub enum LookupFound {
    SalesOrders(Vec<SalesOrder>),
    Documents(Vec<Document>),
}

// ---------------------------------------------------------------------------------------
// Get operations

/// Members shared by the Get operations.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Query {
    #[serde(rename = "Filters", skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    /// `N` highest ids; `None` = all.
    #[serde(rename = "ReturnTopNRecords", skip_serializing_if = "Option::is_none")]
    pub return_top_n_records: Option<i64>,
    #[serde(rename = "showDeleted", skip_serializing_if = "Option::is_none")]
    pub show_deleted: Option<ShowDeleted>,
}

macro_rules! get_operation {
    (
        $(#[$meta:meta])*
        $name:ident => $op:literal, $response:ident { $field:ident : $item:ty = $json:literal }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize)]
        pub struct $name {
            #[serde(flatten)]
            pub query: Query,
        }

        impl $name {
            /// Everything (no filters).
            pub fn all() -> Self {
                Self::default()
            }

            pub fn filtered(filters: Vec<Filter>) -> Self {
                Self { query: Query { filters, ..Query::default() } }
            }

            pub fn filter(mut self, filter: Filter) -> Self {
                self.query.filters.push(filter);
                self
            }

            /// Only the `n` records with the highest ids.
            pub fn top(mut self, n: i64) -> Self {
                self.query.return_top_n_records = Some(n);
                self
            }

            pub fn show_deleted(mut self, show: ShowDeleted) -> Self {
                self.query.show_deleted = Some(show);
                self
            }
        }

        #[doc = concat!("Answer of `", $op, "`.")]
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        pub struct $response {
            #[serde(rename = $json, default, deserialize_with = "crate::lenient::vec")]
            pub $field: Vec<$item>,
        }

        impl Request for $name {
            const OPERATION: &'static str = $op;
            type Response = $response;
            fn retry_safety(&self) -> RetrySafety {
                RetrySafety::Idempotent
            }
        }
    };
}

get_operation! {
    /// `CurrencyGet` → `mvCurrencies`.
    CurrencyGet => "CurrencyGet", CurrencyGetResponse { currencies: Currency = "mvCurrencies" }
}
get_operation! {
    /// `ProductGet` → `mvProducts`, id descending.
    ProductGet => "ProductGet", ProductGetResponse { products: Product = "mvProducts" }
}
get_operation! {
    /// `ProductCategoryGet` → `mvProductCategories`.
    ProductCategoryGet => "ProductCategoryGet", ProductCategoryGetResponse { categories: ProductCategory = "mvProductCategories" }
}
get_operation! {
    /// `SupplierClientGet` → `mvSupplierClients`.
    SupplierClientGet => "SupplierClientGet", SupplierClientGetResponse { supplier_clients: SupplierClient = "mvSupplierClients" }
}
get_operation! {
    /// `TaxGet` → `mvTaxes`.
    TaxGet => "TaxGet", TaxGetResponse { taxes: Tax = "mvTaxes" }
}
get_operation! {
    /// `DiscountGet` → `mvDiscounts`.
    DiscountGet => "DiscountGet", DiscountGetResponse { discounts: Discount = "mvDiscounts" }
}
get_operation! {
    /// `InventoryLocationGet` → `mvInventoryLocations`.
    InventoryLocationGet => "InventoryLocationGet", InventoryLocationGetResponse { locations: InventoryLocation = "mvInventoryLocations" }
}
get_operation! {
    /// `DocumentGet` → `mvDocuments`.
    DocumentGet => "DocumentGet", DocumentGetResponse { documents: Document = "mvDocuments" }
}
get_operation! {
    /// `SalesOrderGet` → `mvSalesOrders`, id descending.
    SalesOrderGet => "SalesOrderGet", SalesOrderGetResponse { sales_orders: SalesOrder = "mvSalesOrders" }
}
get_operation! {
    /// `IntegrationUpdateGet` → `mvIntegrationUpdates`.
    IntegrationUpdateGet => "IntegrationUpdateGet", IntegrationUpdateGetResponse { integration_updates: IntegrationUpdate = "mvIntegrationUpdates" }
}

impl CurrencyGet {
    /// The account's default currency (what the store currency must equal).
    pub fn default_currency() -> Self {
        CurrencyGet::filtered(vec![Filter::equals("CurrencyIsDefault", "true")])
    }
}

impl ProductGet {
    pub fn by_id(product_id: i64) -> Self {
        ProductGet::filtered(vec![Filter::equals("ProductID", product_id)])
    }

    /// Deleted products included, so a caller can undelete instead of failing on insert.
    pub fn by_sku(sku: &str) -> Self {
        ProductGet::filtered(vec![Filter::equals("ProductSKU", sku)])
            .show_deleted(ShowDeleted::AllDeletedAndUndeleted)
    }
}

impl SupplierClientGet {
    pub fn by_id(supplier_client_id: i64) -> Self {
        SupplierClientGet::filtered(vec![Filter::equals("SupplierClientID", supplier_client_id)])
    }

    pub fn by_name(name: &str) -> Self {
        SupplierClientGet::filtered(vec![Filter::equals("SupplierClientName", name)])
    }
}

impl TaxGet {
    pub fn by_name_and_value(name: &str, value: &crate::Decimal) -> Self {
        TaxGet::filtered(vec![
            Filter::equals("TaxName", name),
            Filter::equals("TaxValue", value),
        ])
    }
}

impl DiscountGet {
    pub fn by_name_and_value(name: &str, value: &crate::Decimal) -> Self {
        DiscountGet::filtered(vec![
            Filter::equals("DiscountName", name),
            Filter::equals("DiscountValue", value),
        ])
    }
}

impl SalesOrderGet {
    pub fn by_ids(ids: &[i64]) -> Self {
        SalesOrderGet::filtered(Filter::any_of("SalesOrderId", ids.iter()))
    }

    pub fn by_reference(reference_no: &str) -> Self {
        SalesOrderGet::filtered(vec![Filter::equals("SalesOrderReferenceNo", reference_no)])
    }
}

impl DocumentGet {
    pub fn by_reference(reference_no: &str, document_type_id: Option<i64>) -> Self {
        let mut get =
            DocumentGet::filtered(vec![Filter::equals("DocumentReferenceNo", reference_no)]);
        if let Some(type_id) = document_type_id {
            get = get.filter(Filter::equals("DocumentTypeId", type_id));
        }
        get
    }
}

impl IntegrationUpdateGet {
    /// The queue of one application (e.g. `Woocommerce`), at most `top` rows.
    pub fn for_application(application: &str, top: i64) -> Self {
        IntegrationUpdateGet::filtered(vec![Filter::equals("Application", application)]).top(top)
    }
}

/// `InventoryLocationStockGet` → `mvProductStockList` (there is no `ProductStockGet`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct InventoryLocationStockGet {
    #[serde(flatten)]
    pub query: Query,
    /// Restrict to these locations.
    #[serde(rename = "InventoryLocationID", skip_serializing_if = "Vec::is_empty")]
    pub inventory_location_ids: Vec<i64>,
    /// Restrict to these products.
    #[serde(rename = "ProductID", skip_serializing_if = "Vec::is_empty")]
    pub product_ids: Vec<i64>,
}

impl InventoryLocationStockGet {
    pub fn all() -> Self {
        Self::default()
    }

    /// Stock of these products, as `productID Equals … Or …` filters (the form the plugin uses, batches of ≤ 40).
    pub fn for_products(product_ids: &[i64]) -> Self {
        InventoryLocationStockGet {
            query: Query {
                filters: Filter::any_of("productID", product_ids.iter()),
                ..Query::default()
            },
            ..Self::default()
        }
    }

    pub fn at_locations(mut self, location_ids: &[i64]) -> Self {
        self.inventory_location_ids = location_ids.to_vec();
        self
    }

    pub fn top(mut self, n: i64) -> Self {
        self.query.return_top_n_records = Some(n);
        self
    }
}

/// Answer of `InventoryLocationStockGet`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InventoryLocationStockGetResponse {
    #[serde(
        rename = "mvProductStockList",
        default,
        deserialize_with = "crate::lenient::vec"
    )]
    pub stock: Vec<ProductStock>,
}

impl Request for InventoryLocationStockGet {
    const OPERATION: &'static str = "InventoryLocationStockGet";
    type Response = InventoryLocationStockGetResponse;
    fn retry_safety(&self) -> RetrySafety {
        RetrySafety::Idempotent
    }
}

// ---------------------------------------------------------------------------------------
// Key and account

/// `APIKeyGet`: is the key valid, does it belong to an administrator, has the account expired?
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ApiKeyGet {}

/// Answer of `APIKeyGet`: only a `ResponseStatus`, whose `Message` carries the facts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiKeyGetResponse {
    #[serde(rename = "ResponseStatus", default)]
    pub response_status: ResponseStatus,
}

/// What `APIKeyGet` says about a key; see [`crate::Client::check_api_key`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyStatus {
    pub valid: bool,
    /// The message names the `Administrator` role (the plugins refuse non-admin keys).
    pub admin: bool,
    /// The message says `Your Account has expired.`
    pub expired: bool,
    /// The server's message (redacted).
    pub message: String,
}

impl ApiKeyGetResponse {
    pub fn status(&self) -> ApiKeyStatus {
        let message = self.response_status.message.clone().unwrap_or_default();
        ApiKeyStatus {
            valid: true,
            admin: message.contains("Administrator"),
            expired: message.contains("Your Account has expired."),
            message,
        }
    }
}

impl Request for ApiKeyGet {
    const OPERATION: &'static str = "APIKeyGet";
    type Response = ApiKeyGetResponse;
    fn retry_safety(&self) -> RetrySafety {
        RetrySafety::Idempotent
    }
}

/// `AccountSettingsGet`: one setting by name, or `All`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountSettingsGet {
    #[serde(rename = "SettingName")]
    pub setting_name: String,
}

impl AccountSettingsGet {
    pub fn named(setting_name: impl Into<String>) -> Self {
        AccountSettingsGet {
            setting_name: setting_name.into(),
        }
    }

    pub fn all() -> Self {
        AccountSettingsGet::named("All")
    }
}

/// Answer of `AccountSettingsGet`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AccountSettingsGetResponse {
    #[serde(
        rename = "mvAccountSettings",
        default,
        deserialize_with = "crate::lenient::vec"
    )]
    pub settings: Vec<AccountSetting>,
}

impl AccountSettingsGetResponse {
    /// The setting called `name` (case-insensitive).
    pub fn get(&self, name: &str) -> Option<&AccountSetting> {
        self.settings.iter().find(|s| {
            s.setting_name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
    }
}

impl Request for AccountSettingsGet {
    const OPERATION: &'static str = "AccountSettingsGet";
    type Response = AccountSettingsGetResponse;
    fn retry_safety(&self) -> RetrySafety {
        RetrySafety::Idempotent
    }
}

// ---------------------------------------------------------------------------------------
// Update operations

macro_rules! update_operation {
    (
        $(#[$meta:meta])*
        $name:ident => $op:literal, $response:ident { $field:ident : $entity:ty = $json:literal }
        $( extra { $( $(#[$fmeta:meta])* $fname:ident : $fty:ty ),* $(,)? } )?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Serialize)]
        pub struct $name {
            #[serde(rename = $json)]
            pub $field: $entity,
            /// Always sent (the server's default for a missing action is `Insert`).
            #[serde(rename = "mvRecordAction")]
            pub record_action: RecordAction,
            /// Names the application that caused the change (e.g. `woocommerce`).
            #[serde(rename = "mvInsertUpdateDeleteSourceApplication", skip_serializing_if = "Option::is_none")]
            pub source_application: Option<String>,
            $( $( $(#[$fmeta])* pub $fname: $fty, )* )?
        }

        impl $name {
            pub fn new($field: $entity, record_action: RecordAction) -> Self {
                Self { $field, record_action, source_application: None, $( $( $fname: Default::default(), )* )? }
            }

            pub fn insert($field: $entity) -> Self {
                Self::new($field, RecordAction::Insert)
            }

            pub fn update($field: $entity) -> Self {
                Self::new($field, RecordAction::Update)
            }

            pub fn insert_or_update($field: $entity) -> Self {
                Self::new($field, RecordAction::InsertOrUpdate)
            }

            /// Fields that are `None` are left unchanged on an existing record.
            pub fn insert_or_update_non_empty_fields($field: $entity) -> Self {
                Self::new($field, RecordAction::InsertOrUpdateNonEmptyFields)
            }

            pub fn source_application(mut self, application: impl Into<String>) -> Self {
                self.source_application = Some(application.into());
                self
            }
        }

        #[doc = concat!("Answer of `", $op, "`: the stored record and its id.")]
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        pub struct $response {
            #[serde(rename = $json, default, deserialize_with = "crate::lenient::opt_object", skip_serializing_if = "Option::is_none")]
            pub $field: Option<$entity>,
            #[serde(rename = "entityID", default, deserialize_with = "crate::lenient::opt_id", skip_serializing_if = "Option::is_none")]
            pub entity_id: Option<i64>,
        }
    };
}

/// Records matched on upserts by id only: without an id every action inserts, and a
/// duplicate natural key is refused with a conflict.
fn matched_by_id_only(action: &RecordAction, id: Option<i64>) -> RetrySafety {
    match (action, id) {
        (RecordAction::Update, _) => RetrySafety::Idempotent,
        (_, Some(_)) if *action != RecordAction::Insert => RetrySafety::Idempotent,
        _ => RetrySafety::ConflictRecoverable,
    }
}

/// Records whose upserts also match a natural key (SKU; name+value): only a plain insert can
/// hit a duplicate.
fn matched_by_natural_key(action: &RecordAction) -> RetrySafety {
    match action {
        RecordAction::Insert => RetrySafety::ConflictRecoverable,
        _ => RetrySafety::Idempotent,
    }
}

update_operation! {
    /// `ProductUpdate`. Upserts match by `ProductID` when set, else by SKU.
    ProductUpdate => "ProductUpdate", ProductUpdateResponse { product: Product = "mvProduct" }
    extra {
        /// Allow a SKU change although the product is used in documents.
        #[serde(rename = "forceSkuUpdateEvenIfUsedInDocuments", skip_serializing_if = "Option::is_none")]
        force_sku_update_even_if_used_in_documents: Option<bool>,
    }
}

impl Request for ProductUpdate {
    const OPERATION: &'static str = "ProductUpdate";
    type Response = ProductUpdateResponse;
    fn retry_safety(&self) -> RetrySafety {
        matched_by_natural_key(&self.record_action)
    }
}

update_operation! {
    /// `ProductCategoryUpdate`. A deleted category's name is refused with `CategoryWasDeleted`.
    ProductCategoryUpdate => "ProductCategoryUpdate", ProductCategoryUpdateResponse { category: ProductCategory = "mvProductCategory" }
}

impl Request for ProductCategoryUpdate {
    const OPERATION: &'static str = "ProductCategoryUpdate";
    type Response = ProductCategoryUpdateResponse;
    fn retry_safety(&self) -> RetrySafety {
        matched_by_id_only(&self.record_action, self.category.product_category_id)
    }
}

update_operation! {
    /// `SupplierClientUpdate`. Matched by id only: a taken name is refused with
    /// `SupplierClientNameAlreadyExists` + the existing id, even for upserts.
    SupplierClientUpdate => "SupplierClientUpdate", SupplierClientUpdateResponse { supplier_client: SupplierClient = "mvSupplierClient" }
}

impl Request for SupplierClientUpdate {
    const OPERATION: &'static str = "SupplierClientUpdate";
    type Response = SupplierClientUpdateResponse;
    fn retry_safety(&self) -> RetrySafety {
        matched_by_id_only(&self.record_action, self.supplier_client.supplier_client_id)
    }
}

update_operation! {
    /// `TaxUpdate`. Upserts match by id, else by name+value; only the description can change.
    TaxUpdate => "TaxUpdate", TaxUpdateResponse { tax: Tax = "mvTax" }
}

impl Request for TaxUpdate {
    const OPERATION: &'static str = "TaxUpdate";
    type Response = TaxUpdateResponse;
    fn retry_safety(&self) -> RetrySafety {
        matched_by_natural_key(&self.record_action)
    }
}

update_operation! {
    /// `DiscountUpdate`. Upserts match by id, else by name+value; only the description can change.
    DiscountUpdate => "DiscountUpdate", DiscountUpdateResponse { discount: Discount = "mvDiscount" }
}

impl Request for DiscountUpdate {
    const OPERATION: &'static str = "DiscountUpdate";
    type Response = DiscountUpdateResponse;
    fn retry_safety(&self) -> RetrySafety {
        matched_by_natural_key(&self.record_action)
    }
}

update_operation! {
    /// `InventoryLocationUpdate`. Name and abbreviation are unique.
    InventoryLocationUpdate => "InventoryLocationUpdate", InventoryLocationUpdateResponse { location: InventoryLocation = "mvInventoryLocation" }
}

impl Request for InventoryLocationUpdate {
    const OPERATION: &'static str = "InventoryLocationUpdate";
    type Response = InventoryLocationUpdateResponse;
    fn retry_safety(&self) -> RetrySafety {
        matched_by_id_only(&self.record_action, self.location.inventory_location_id)
    }
}

update_operation! {
    /// `SalesOrderUpdate`. Megaventory accepts a duplicate `SalesOrderNo`, so an insert is
    /// retried only after looking it up by `SalesOrderReferenceNo` (set one!).
    SalesOrderUpdate => "SalesOrderUpdate", SalesOrderUpdateResponse { sales_order: SalesOrder = "mvSalesOrder" }
    extra {
        #[serde(rename = "AutoInsertBatchNumbersToProductRows", skip_serializing_if = "Option::is_none")]
        auto_insert_batch_numbers: Option<AutoInsertBatchNumbers>,
    }
}

impl Request for SalesOrderUpdate {
    const OPERATION: &'static str = "SalesOrderUpdate";
    type Response = SalesOrderUpdateResponse;
    fn retry_safety(&self) -> RetrySafety {
        let inserts =
            self.record_action == RecordAction::Insert || self.sales_order.sales_order_id.is_none();
        if !inserts {
            return RetrySafety::Idempotent;
        }
        match &self.sales_order.sales_order_reference_no {
            Some(reference_no) => RetrySafety::LookupBeforeRetry(Lookup::SalesOrderByReference {
                reference_no: reference_no.clone(),
            }),
            None => RetrySafety::Unsafe,
        }
    }

    fn adopt_lookup(&self, found: &LookupFound) -> Option<SalesOrderUpdateResponse> {
        let LookupFound::SalesOrders(orders) = found else {
            return None;
        };
        let ours = &self.sales_order;
        let wanted_rows = row_keys(
            ours.details
                .iter()
                .map(|r| (r.product_sku.as_deref(), r.product_id, r.quantity.as_ref())),
        );
        let matching = orders.iter().find(|order| {
            same_text(
                &order.sales_order_reference_no,
                &ours.sales_order_reference_no,
            ) && same_if_sent(
                ours.sales_order_inventory_location_id,
                order.sales_order_inventory_location_id,
            ) && same_if_sent(ours.sales_order_client_id, order.sales_order_client_id)
                && same_if_sent(ours.sales_order_type_id, order.sales_order_type_id)
                && row_keys(
                    order
                        .details
                        .iter()
                        .map(|r| (r.product_sku.as_deref(), r.product_id, r.quantity.as_ref())),
                ) == wanted_rows
        })?;
        Some(SalesOrderUpdateResponse {
            entity_id: matching.sales_order_id,
            sales_order: Some(matching.clone()),
        })
    }
}

update_operation! {
    /// `DocumentUpdate` (e.g. stock adjustments −99/−98). An insert is retried only after
    /// looking it up by `DocumentReferenceNo` (set one!).
    DocumentUpdate => "DocumentUpdate", DocumentUpdateResponse { document: Document = "mvDocument" }
    extra {
        #[serde(rename = "AutoInsertBatchNumbersToProductRows", skip_serializing_if = "Option::is_none")]
        auto_insert_batch_numbers: Option<AutoInsertBatchNumbers>,
    }
}

impl Request for DocumentUpdate {
    const OPERATION: &'static str = "DocumentUpdate";
    type Response = DocumentUpdateResponse;
    fn retry_safety(&self) -> RetrySafety {
        let inserts =
            self.record_action == RecordAction::Insert || self.document.document_id.is_none();
        if !inserts {
            return RetrySafety::Idempotent;
        }
        match &self.document.document_reference_no {
            Some(reference_no) => RetrySafety::LookupBeforeRetry(Lookup::DocumentByReference {
                reference_no: reference_no.clone(),
                document_type_id: self.document.document_type_id,
            }),
            None => RetrySafety::Unsafe,
        }
    }

    fn adopt_lookup(&self, found: &LookupFound) -> Option<DocumentUpdateResponse> {
        let LookupFound::Documents(documents) = found else {
            return None;
        };
        let ours = &self.document;
        let wanted_rows = row_keys(
            ours.details
                .iter()
                .map(|r| (r.product_sku.as_deref(), None, r.quantity.as_ref())),
        );
        let matching = documents.iter().find(|doc| {
            same_text(&doc.document_reference_no, &ours.document_reference_no)
                && same_if_sent(ours.document_type_id, doc.document_type_id)
                && same_if_sent(
                    ours.document_inventory_location_id,
                    doc.document_inventory_location_id,
                )
                && row_keys(
                    doc.details
                        .iter()
                        .map(|r| (r.product_sku.as_deref(), None, r.quantity.as_ref())),
                ) == wanted_rows
        })?;
        Some(DocumentUpdateResponse {
            entity_id: matching.document_id,
            document: Some(matching.clone()),
        })
    }
}

fn same_text(found: &Option<String>, ours: &Option<String>) -> bool {
    match (found, ours) {
        (Some(a), Some(b)) => a.trim() == b.trim(),
        _ => false,
    }
}

/// A field we did not send cannot disqualify a found record (the server filled it in).
fn same_if_sent(ours: Option<i64>, found: Option<i64>) -> bool {
    ours.is_none() || ours == found
}

/// Rows as a sorted multiset of (product, quantity): the found order must carry exactly our lines.
fn row_keys<'a>(
    rows: impl Iterator<Item = (Option<&'a str>, Option<i64>, Option<&'a crate::Decimal>)>,
) -> Vec<(String, String)> {
    let mut keys: Vec<(String, String)> = rows
        .map(|(sku, id, quantity)| {
            let product = match (sku, id) {
                (Some(sku), _) => sku.trim().to_lowercase(),
                (None, Some(id)) => format!("#{id}"),
                (None, None) => String::new(),
            };
            (
                product,
                quantity
                    .map(|q| q.as_str().to_owned())
                    .unwrap_or_else(|| "0".to_owned()),
            )
        })
        .collect();
    keys.sort();
    keys
}

// ---------------------------------------------------------------------------------------
// Delete, undelete, cancel

/// Answer of the delete/undelete/cancel operations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ActionResponse {
    #[serde(default, deserialize_with = "crate::lenient::bool")]
    pub result: bool,
}

macro_rules! action_operation {
    (
        $(#[$meta:meta])*
        $name:ident => $op:literal { $id:ident = $json:literal $(, with_source_application)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Serialize)]
        pub struct $name {
            #[serde(rename = $json)]
            pub $id: i64,
            #[serde(rename = "mvInsertUpdateDeleteSourceApplication", skip_serializing_if = "Option::is_none")]
            pub source_application: Option<String>,
        }

        impl $name {
            pub fn new($id: i64) -> Self {
                Self { $id, source_application: None }
            }

            pub fn source_application(mut self, application: impl Into<String>) -> Self {
                self.source_application = Some(application.into());
                self
            }
        }

        impl Request for $name {
            const OPERATION: &'static str = $op;
            type Response = ActionResponse;
            fn retry_safety(&self) -> RetrySafety {
                RetrySafety::Idempotent
            }
        }
    };
}

action_operation! {
    /// `ProductDelete` (soft delete: the SKU stays taken until undeleted).
    ProductDelete => "ProductDelete" { product_id = "ProductIDToDelete" }
}
action_operation! {
    /// `ProductUndelete`.
    ProductUndelete => "ProductUndelete" { product_id = "ProductIDToUndelete" }
}
action_operation! {
    /// `ProductCategoryUndelete`.
    ProductCategoryUndelete => "ProductCategoryUndelete" { product_category_id = "ProductCategoryIDToUndelete" }
}
action_operation! {
    /// `SupplierClientUndelete`.
    SupplierClientUndelete => "SupplierClientUndelete" { supplier_client_id = "SupplierClientIDToUndelete" }
}
action_operation! {
    /// `DiscountDelete`.
    DiscountDelete => "DiscountDelete" { discount_id = "DiscountIDToDelete" }
}
action_operation! {
    /// `DiscountUndelete`.
    DiscountUndelete => "DiscountUndelete" { discount_id = "DiscountIDToUndelete" }
}
action_operation! {
    /// `IntegrationUpdateDelete`: acknowledges one queue row.
    IntegrationUpdateDelete => "IntegrationUpdateDelete" { integration_update_id = "IntegrationUpdateIDToDelete" }
}

/// `SupplierClientDelete` (soft delete).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SupplierClientDelete {
    #[serde(rename = "SupplierClientIDToDelete")]
    pub supplier_client_id: i64,
    #[serde(rename = "SupplierClientDeleteAction")]
    pub delete_action: SupplierClientDeleteAction,
    /// Only with `ReplaceWithNewId`.
    #[serde(
        rename = "NewSupplierClientIDToReplaceDeleted",
        skip_serializing_if = "Option::is_none"
    )]
    pub replacement_id: Option<i64>,
    #[serde(
        rename = "mvInsertUpdateDeleteSourceApplication",
        skip_serializing_if = "Option::is_none"
    )]
    pub source_application: Option<String>,
}

impl SupplierClientDelete {
    /// Plain delete (`DefaultAction`).
    pub fn new(supplier_client_id: i64) -> Self {
        SupplierClientDelete {
            supplier_client_id,
            delete_action: SupplierClientDeleteAction::DefaultAction,
            replacement_id: None,
            source_application: None,
        }
    }

    pub fn source_application(mut self, application: impl Into<String>) -> Self {
        self.source_application = Some(application.into());
        self
    }
}

impl Request for SupplierClientDelete {
    const OPERATION: &'static str = "SupplierClientDelete";
    type Response = ActionResponse;
    fn retry_safety(&self) -> RetrySafety {
        RetrySafety::Idempotent
    }
}

/// `SalesOrderCancel` by order *number* (not id); only Pending/Verified orders can be cancelled.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SalesOrderCancel {
    #[serde(rename = "mvSalesOrderNoToCancel")]
    pub sales_order_no: String,
    /// `None`/0 = the default sales-order type.
    #[serde(rename = "mvSalesOrderTypeId", skip_serializing_if = "Option::is_none")]
    pub sales_order_type_id: Option<i64>,
    #[serde(
        rename = "mvInsertUpdateDeleteSourceApplication",
        skip_serializing_if = "Option::is_none"
    )]
    pub source_application: Option<String>,
}

impl SalesOrderCancel {
    pub fn new(sales_order_no: impl Into<String>, sales_order_type_id: Option<i64>) -> Self {
        SalesOrderCancel {
            sales_order_no: sales_order_no.into(),
            sales_order_type_id,
            source_application: None,
        }
    }

    pub fn source_application(mut self, application: impl Into<String>) -> Self {
        self.source_application = Some(application.into());
        self
    }
}

impl Request for SalesOrderCancel {
    const OPERATION: &'static str = "SalesOrderCancel";
    type Response = ActionResponse;
    /// A repeated cancel changes nothing; its error answer is flagged
    /// `retried_after_ambiguous_failure` so the caller can check the order's status.
    fn retry_safety(&self) -> RetrySafety {
        RetrySafety::Idempotent
    }
}
