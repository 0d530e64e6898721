//! Simulated Megaventory state: accounts, entity stores, stock counters and the
//! integration-update queue. Everything here is deterministic given the clock
//! values passed in, so the journal can be replayed exactly.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::schema::{self, Record, Schema, Val};

/// One account as configured (accounts file, `/_sim/reset`, or the default).
#[derive(Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AccountConfig {
    /// The API key, `<secret>@m<id>`. Never logged or echoed in errors.
    pub api_key: String,
    /// Name used by `/_sim/` controls and the state dump (default: the part after `@`).
    pub name: String,
    /// User role; APIKeyGet's Message contains it (`Administrator` for admins).
    pub role: String,
    pub expired: bool,
    pub default_currency: String,
    /// Extra non-default currency codes.
    pub other_currencies: Vec<String>,
    /// Inventory locations created at start; empty list = no location.
    pub locations: Vec<LocationConfig>,
    /// Account settings returned by AccountSettingsGet (`isWoocommerceEnabled`, …).
    pub settings: BTreeMap<String, Value>,
    /// First id of each entity sequence (`product`, `client`, `salesorder`, …); default 1.
    pub id_seeds: BTreeMap<String, i64>,
    pub integration_updates_oldest_first: bool,
    /// Reject a client-supplied SalesOrderNo that is already used.
    pub strict_sales_order_no: bool,
    /// Verified orders reserve stock (NonShipped) and shipping consumes Physical.
    pub sales_order_stock_effects: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocationConfig {
    pub name: String,
    pub abbreviation: String,
    #[serde(default)]
    pub address: String,
}

impl Default for AccountConfig {
    fn default() -> Self {
        let mut settings = BTreeMap::new();
        settings.insert("isWoocommerceEnabled".to_string(), Value::Bool(true));
        settings.insert("isOrdersModuleEnabled".to_string(), Value::Bool(true));
        AccountConfig {
            api_key: "demo@m1".to_string(),
            name: String::new(),
            role: "Administrator".to_string(),
            expired: false,
            default_currency: "USD".to_string(),
            other_currencies: vec!["EUR".to_string()],
            locations: vec![LocationConfig {
                name: "Main Location".to_string(),
                abbreviation: "Main".to_string(),
                address: "Default Address".to_string(),
            }],
            settings,
            id_seeds: BTreeMap::new(),
            integration_updates_oldest_first: false,
            strict_sales_order_no: false,
            sales_order_stock_effects: true,
        }
    }
}

/// Debug output never shows the API key.
impl std::fmt::Debug for AccountConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountConfig")
            .field("api_key", &"<redacted>")
            .field("name", &self.display_name())
            .field("role", &self.role)
            .field("expired", &self.expired)
            .field("default_currency", &self.default_currency)
            .field("locations", &self.locations.len())
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl AccountConfig {
    pub fn display_name(&self) -> String {
        if !self.name.is_empty() {
            return self.name.clone();
        }
        match self.api_key.split_once('@') {
            Some((_, db)) if !db.is_empty() => db.to_string(),
            _ => "account".to_string(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Ent {
    Product,
    Bundle,
    Category,
    Client,
    Tax,
    Discount,
    Location,
    Currency,
    SalesOrder,
    Document,
    IntegrationUpdate,
}

impl Ent {
    pub const ALL: [Ent; 11] = [
        Ent::Product,
        Ent::Bundle,
        Ent::Category,
        Ent::Client,
        Ent::Tax,
        Ent::Discount,
        Ent::Location,
        Ent::Currency,
        Ent::SalesOrder,
        Ent::Document,
        Ent::IntegrationUpdate,
    ];
    pub fn schema(self) -> &'static Schema {
        match self {
            Ent::Product => &schema::PRODUCT,
            Ent::Bundle => &schema::BUNDLE,
            Ent::Category => &schema::CATEGORY,
            Ent::Client => &schema::SUPPLIER_CLIENT,
            Ent::Tax => &schema::TAX,
            Ent::Discount => &schema::DISCOUNT,
            Ent::Location => &schema::LOCATION,
            Ent::Currency => &schema::CURRENCY,
            Ent::SalesOrder => &schema::SALES_ORDER,
            Ent::Document => &schema::DOCUMENT,
            Ent::IntegrationUpdate => &schema::INTEGRATION_UPDATE,
        }
    }
    /// Id sequence name (products and bundles share one: a bundle is a product in Megaventory).
    pub fn sequence(self) -> &'static str {
        match self {
            Ent::Product | Ent::Bundle => "product",
            Ent::Category => "category",
            Ent::Client => "client",
            Ent::Tax => "tax",
            Ent::Discount => "discount",
            Ent::Location => "location",
            Ent::Currency => "currency",
            Ent::SalesOrder => "salesorder",
            Ent::Document => "document",
            Ent::IntegrationUpdate => "integrationupdate",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Ent::Product => "Product",
            Ent::Bundle => "Product Bundle",
            Ent::Category => "Product Category",
            Ent::Client => "Supplier/Client",
            Ent::Tax => "Tax",
            Ent::Discount => "Discount",
            Ent::Location => "Inventory Location",
            Ent::Currency => "Currency",
            Ent::SalesOrder => "Sales Order",
            Ent::Document => "Document",
            Ent::IntegrationUpdate => "Integration Update",
        }
    }
}

/// A Megaventory-shaped business error.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub error_code: &'static str,
    pub message: String,
    /// `Some("")` renders an empty InternalErrorCode, as SalesOrderCancel does.
    pub internal: String,
    pub entity_id: i64,
}

impl ApiError {
    pub fn new(message: impl Into<String>) -> Self {
        ApiError { error_code: "500", message: message.into(), internal: String::new(), entity_id: 0 }
    }
    pub fn with(internal: &str, entity_id: i64, message: impl Into<String>) -> Self {
        ApiError { error_code: "500", message: message.into(), internal: internal.to_string(), entity_id }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Counters {
    pub physical: f64,
    pub on_hold: f64,
    pub non_shipped: f64,
    pub non_allocated_wos: f64,
    pub non_received_pos: f64,
    pub non_received_wos: f64,
    pub alert_level: f64,
}

impl Counters {
    pub fn on_hand(&self) -> f64 {
        self.physical + self.non_received_pos + self.non_received_wos
            - self.non_shipped
            - self.non_allocated_wos
            - self.on_hold
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Store {
    pub records: BTreeMap<i64, Record>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Account {
    pub config: AccountConfig,
    pub stores: BTreeMap<Ent, Store>,
    pub next_ids: BTreeMap<String, i64>,
    /// product id → location id → counters. A product absent here never had stock.
    pub stock: BTreeMap<i64, BTreeMap<i64, Counters>>,
    /// Next DocumentNo/SalesOrderNo per document type id.
    pub next_doc_no: BTreeMap<i64, i64>,
    /// Products used in a document row (their SKU is protected).
    pub used_in_documents: HashSet<i64>,
    /// Lower-case SKU → (entity, id) for products and bundles (shared namespace).
    #[serde(skip)]
    pub sku_index: HashMap<String, (Ent, i64)>,
    /// ASCII-lower-case client name → ids (live or deleted): the uniqueness check of a client
    /// insert must not scan every client, or an import of 10,000 clients slows down with each one.
    #[serde(skip)]
    pub client_name_index: HashMap<String, BTreeSet<i64>>,
}

/// What the current request knows beyond its body.
pub struct Ctx {
    pub now: i64,
    pub source_app: String,
    /// Journal replay: nobody reads the response, so skip rendering echoes.
    pub replaying: bool,
}

impl Account {
    pub fn new(config: AccountConfig) -> Account {
        let mut acc = Account {
            config,
            stores: Ent::ALL.iter().map(|e| (*e, Store::default())).collect(),
            next_ids: BTreeMap::new(),
            stock: BTreeMap::new(),
            next_doc_no: BTreeMap::new(),
            used_in_documents: HashSet::new(),
            sku_index: HashMap::new(),
            client_name_index: HashMap::new(),
        };
        let default_code = acc.config.default_currency.clone();
        let mut codes = vec![default_code.clone()];
        codes.extend(acc.config.other_currencies.iter().filter(|c| !c.eq_ignore_ascii_case(&default_code)).cloned());
        for (i, code) in codes.iter().enumerate() {
            let mut rec = Record::new(acc.take_id(Ent::Currency));
            let s = &schema::CURRENCY;
            rec.put(s, "CurrencyCode", Val::S(code.to_ascii_uppercase().into()));
            rec.put(s, "CurrencyDescription", Val::S(currency_name(code).into()));
            rec.put(s, "CurrencySymbol", Val::S(currency_symbol(code).into()));
            rec.put(s, "CurrencyIsDefault", Val::B(i == 0));
            rec.put(s, "CurrencyInReports", Val::B(i == 0));
            acc.store_mut(Ent::Currency).records.insert(rec.id, rec);
        }
        for loc in acc.config.locations.clone() {
            let mut rec = Record::new(acc.take_id(Ent::Location));
            let s = &schema::LOCATION;
            rec.put(s, "InventoryLocationName", Val::S(loc.name.into()));
            rec.put(s, "InventoryLocationAbbreviation", Val::S(loc.abbreviation.into()));
            rec.put(s, "InventoryLocationAddress", Val::S(loc.address.into()));
            rec.put(s, "InventoryLocationCurrencyCode", Val::S(codes[0].clone().into()));
            acc.store_mut(Ent::Location).records.insert(rec.id, rec);
        }
        acc
    }

    /// Rebuilds indexes after loading a snapshot.
    pub fn rebuild_indexes(&mut self) {
        self.sku_index.clear();
        self.client_name_index.clear();
        let clients: Vec<(String, i64)> = self.store(Ent::Client).records.values().map(|r| (client_name_key(r), r.id)).collect();
        for (name, id) in clients {
            self.client_name_index.entry(name).or_default().insert(id);
        }
        for ent in [Ent::Product, Ent::Bundle] {
            let sku_field = natural_sku_field(ent);
            let entries: Vec<(String, i64)> = self.store(ent).records.values().map(|r| (r.str(ent.schema(), sku_field).to_lowercase(), r.id)).collect();
            for (sku, id) in entries {
                if !sku.is_empty() {
                    self.sku_index.insert(sku, (ent, id));
                }
            }
        }
    }

    pub fn store(&self, ent: Ent) -> &Store {
        &self.stores[&ent]
    }
    pub fn store_mut(&mut self, ent: Ent) -> &mut Store {
        self.stores.entry(ent).or_default()
    }
    pub fn get(&self, ent: Ent, id: i64) -> Option<&Record> {
        self.store(ent).records.get(&id)
    }
    /// Exists and is not soft-deleted.
    pub fn is_live(&self, ent: Ent, id: i64) -> bool {
        self.get(ent, id).is_some_and(|r| !r.deleted)
    }

    pub fn take_id(&mut self, ent: Ent) -> i64 {
        let seq = ent.sequence();
        let seed = self.config.id_seeds.get(seq).or_else(|| self.config.id_seeds.get("*")).copied().unwrap_or(1).max(1);
        let next = self.next_ids.entry(seq.to_string()).or_insert(seed);
        let id = *next;
        *next += 1;
        id
    }

    pub fn setting(&self, name: &str) -> Option<(&String, &Value)> {
        self.config.settings.iter().find(|(k, _)| k.eq_ignore_ascii_case(name))
    }

    /// Applications whose integration is enabled and therefore receive integration updates.
    pub fn integration_apps(&self) -> Vec<&'static str> {
        let enabled = self
            .setting("isWoocommerceEnabled")
            .map(|(_, v)| crate::lenient::scalar_bool(v).unwrap_or(false))
            .unwrap_or(false);
        if enabled {
            vec!["Woocommerce"]
        } else {
            Vec::new()
        }
    }

    pub fn default_location(&self) -> Option<i64> {
        self.store(Ent::Location).records.values().find(|r| !r.deleted).map(|r| r.id)
    }

    /// Ids of clients (live or deleted) whose name equals `name`, ignoring ASCII case.
    pub fn clients_named(&self, name: &str) -> impl Iterator<Item = i64> + '_ {
        self.client_name_index.get(&name.to_ascii_lowercase()).into_iter().flatten().copied()
    }

    pub fn find_product_by_sku(&self, sku: &str) -> Option<(Ent, i64)> {
        self.sku_index.get(&sku.trim().to_lowercase()).copied()
    }

    /// Resolves a product for a document row by id or SKU (live products only).
    pub fn resolve_product(&self, id: i64, sku: &str, what: &str) -> ApiResult<i64> {
        if id > 0 {
            return match self.get(Ent::Product, id) {
                Some(r) if !r.deleted => Ok(id),
                _ => Err(ApiError::with("ProductNotFound", id, format!("{what}: Product with ProductID {id} does not exist"))),
            };
        }
        if sku.is_empty() {
            return Err(ApiError::new(format!("{what}: a ProductSKU or ProductID is required")));
        }
        match self.find_product_by_sku(sku) {
            Some((Ent::Product, pid)) if !self.get(Ent::Product, pid).is_some_and(|r| r.deleted) => Ok(pid),
            Some((Ent::Bundle, _)) => Err(ApiError::new(format!("{what}: '{sku}' is a product bundle; bundles carry no stock of their own"))),
            _ => Err(ApiError::with("ProductNotFound", 0, format!("{what}: Product with SKU '{sku}' does not exist"))),
        }
    }

    pub fn is_stock_tracked(&self, product_id: i64) -> bool {
        match self.get(Ent::Product, product_id) {
            Some(r) => {
                let t = r.str(&schema::PRODUCT, "ProductType");
                t != "Service" && t != "TimeRestrictedService"
            }
            None => false,
        }
    }

    // ---------------------------------------------------------------- queue

    pub fn emit(&mut self, ctx: &Ctx, entity: &str, action: &str, entity_ids: String, json_data: String, skip_app: Option<&str>) {
        for app in self.integration_apps() {
            if skip_app.is_some_and(|s| s.eq_ignore_ascii_case(app)) {
                continue;
            }
            let id = self.take_id(Ent::IntegrationUpdate);
            let s = &schema::INTEGRATION_UPDATE;
            let mut rec = Record::new(id);
            rec.put(s, "Application", Val::S(app.into()));
            rec.put(s, "Entity", Val::S(entity.into()));
            rec.put(s, "Action", Val::S(action.into()));
            rec.put(s, "EntityIDs", Val::S(entity_ids.clone().into()));
            rec.put(s, "JsonData", Val::S(json_data.clone().into()));
            rec.put(s, "IntegrationUpdateDateTime", Val::D(ctx.now));
            self.store_mut(Ent::IntegrationUpdate).records.insert(id, rec);
        }
    }

    pub fn emit_product(&mut self, ctx: &Ctx, action: &str, product_id: i64) {
        // Changes tagged with the consumer's own name are not queued back to it.
        if self.integration_apps().iter().all(|app| app.eq_ignore_ascii_case(&ctx.source_app)) {
            return;
        }
        let Some(rec) = self.get(Ent::Product, product_id) else { return };
        let data = schema::render(&schema::PRODUCT, rec).to_string();
        let skip = if ctx.source_app.is_empty() { None } else { Some(ctx.source_app.clone()) };
        self.emit(ctx, "product", action, product_id.to_string(), data, skip.as_deref());
    }

    /// One `stock` row per product, one array element per affected location.
    pub fn emit_stock(&mut self, ctx: &Ctx, product_id: i64, locations: &[i64]) {
        if self.integration_apps().is_empty() {
            return;
        }
        let mut items = Vec::new();
        if let Some(per_loc) = self.stock.get(&product_id) {
            let mut seen = HashSet::new();
            for loc in locations {
                if !seen.insert(*loc) {
                    continue;
                }
                let c = per_loc.get(loc).cloned().unwrap_or_default();
                items.push(json!({
                    "productID": product_id,
                    "inventory_id": loc,
                    "stock_data": {
                        "stockqty": schema::num_json(c.physical),
                        "stockqtyonhold": schema::num_json(c.on_hold),
                        "stockalarmqty": schema::num_json(c.alert_level),
                        "stocknonshippedqty": schema::num_json(c.non_shipped),
                        "stocknonreceivedqty": schema::num_json(c.non_received_pos),
                        "stockwipcomponentqty": 0,
                        "stocknonreceivedwoqty": schema::num_json(c.non_received_wos),
                        "stocknonallocatedwoqty": schema::num_json(c.non_allocated_wos),
                    }
                }));
            }
        }
        if items.is_empty() {
            return;
        }
        self.emit(ctx, "stock", "update", product_id.to_string(), Value::Array(items).to_string(), None);
    }

    /// Applies `change` to the counters of (product, location) and emits a stock update.
    pub fn change_stock(&mut self, ctx: &Ctx, product_id: i64, location_id: i64, change: impl FnOnce(&mut Counters)) {
        let counters = self.stock.entry(product_id).or_default().entry(location_id).or_default();
        let before = counters.clone();
        change(counters);
        if *counters != before {
            self.emit_stock(ctx, product_id, &[location_id]);
        }
    }

    pub fn emit_document(&mut self, ctx: &Ctx, order_id: i64) {
        let Some(so) = self.get(Ent::SalesOrder, order_id) else { return };
        let s = &schema::SALES_ORDER;
        let status = so.str(s, "SalesOrderStatus");
        let data = json!({
            "DocumentId": order_id,
            "DocumentTypeId": 3,
            "DocumentTypeAbbreviation": "SO",
            "DocumentTypeDescription": "Sales Order",
            "DocumentNo": so.str(s, "SalesOrderNo"),
            "DocumentStatus": schema::status_code(&status),
            "DocumentReferenceNo": so.str(s, "SalesOrderReferenceNo"),
            "DocumentReferenceApplication": so.str(s, "SalesOrderReferenceApplication"),
            "DocumentInventoryLocationID": so.int(s, "SalesOrderInventoryLocationID"),
            "DocumentClientID": so.int(s, "SalesOrderClientID"),
        });
        self.emit(ctx, "document", "update", order_id.to_string(), data.to_string(), None);
    }

    // ---------------------------------------------------------------- stock views

    pub fn stock_item(&self, product_id: i64, locations: &[i64]) -> Value {
        let product = self.get(Ent::Product, product_id).map(|r| schema::render(&schema::PRODUCT, r)).unwrap_or(Value::Null);
        let mut total = Counters::default();
        let mut on_hand_total = 0.0;
        let stock = match self.stock.get(&product_id) {
            None => Value::Null,
            Some(per_loc) => {
                let mut rows = Vec::new();
                for (loc, c) in per_loc.iter().rev() {
                    if !locations.is_empty() && !locations.contains(loc) {
                        continue;
                    }
                    total.physical += c.physical;
                    total.on_hold += c.on_hold;
                    total.non_shipped += c.non_shipped;
                    total.non_allocated_wos += c.non_allocated_wos;
                    total.non_received_pos += c.non_received_pos;
                    total.non_received_wos += c.non_received_wos;
                    total.alert_level += c.alert_level;
                    on_hand_total += c.on_hand();
                    rows.push(json!({
                        "InventoryLocationID": loc,
                        "StockPhysical": schema::num_json(c.physical),
                        "StockOnHold": schema::num_json(c.on_hold),
                        "StockNonShipped": schema::num_json(c.non_shipped),
                        "StockNonAllocatedWOs": schema::num_json(c.non_allocated_wos),
                        "StockNonReceivedPOs": schema::num_json(c.non_received_pos),
                        "StockNonReceivedWOs": schema::num_json(c.non_received_wos),
                        "StockOnHand": schema::num_json(c.on_hand()),
                        "StockAlertLevel": schema::num_json(c.alert_level),
                    }));
                }
                Value::Array(rows)
            }
        };
        json!({
            "productID": product_id,
            "mvProduct": product,
            "mvStock": stock,
            "StockPhysicalTotal": schema::num_json(total.physical),
            "StockOnHoldTotal": schema::num_json(total.on_hold),
            "StockNonShippedTotal": schema::num_json(total.non_shipped),
            "StockNonAllocatedWOsTotal": schema::num_json(total.non_allocated_wos),
            "StockNonReceivedPOsTotal": schema::num_json(total.non_received_pos),
            "StockNonReceivedWOsTotal": schema::num_json(total.non_received_wos),
            "StockOnHandTotal": schema::num_json(on_hand_total),
            "StockAlertLevelTotal": schema::num_json(total.alert_level),
        })
    }

    /// Whole account as JSON for `/_sim/state` (no API key).
    pub fn dump(&self) -> Value {
        let mut out = Map::new();
        out.insert("name".into(), Value::String(self.config.display_name()));
        out.insert("role".into(), Value::String(self.config.role.clone()));
        out.insert("expired".into(), Value::Bool(self.config.expired));
        out.insert("settings".into(), serde_json::to_value(&self.config.settings).unwrap_or(Value::Null));
        for ent in Ent::ALL {
            let s = ent.schema();
            let list: Vec<Value> = self
                .store(ent)
                .records
                .values()
                .rev()
                .map(|r| {
                    let mut v = schema::render(s, r);
                    v["deleted"] = Value::Bool(r.deleted);
                    v
                })
                .collect();
            out.insert(s.plural.to_string(), Value::Array(list));
        }
        let stock: Vec<Value> = self.stock.keys().rev().map(|pid| self.stock_item(*pid, &[])).collect();
        out.insert("mvProductStockList".into(), Value::Array(stock));
        out.insert("nextIds".into(), serde_json::to_value(&self.next_ids).unwrap_or(Value::Null));
        Value::Object(out)
    }
}

pub fn natural_sku_field(ent: Ent) -> &'static str {
    match ent {
        Ent::Bundle => "BundleProductSKU",
        _ => "ProductSKU",
    }
}

fn currency_name(code: &str) -> &'static str {
    match code.to_ascii_uppercase().as_str() {
        "USD" => "US Dollar",
        "EUR" => "Euro",
        "GBP" => "British Pound",
        "JPY" => "Japanese Yen",
        _ => "Currency",
    }
}

fn currency_symbol(code: &str) -> &'static str {
    match code.to_ascii_uppercase().as_str() {
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" => "¥",
        _ => "¤",
    }
}

/// The whole simulated service: every account plus the clock.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct World {
    pub accounts: Vec<Account>,
}

impl World {
    pub fn new(configs: &[AccountConfig]) -> World {
        World { accounts: configs.iter().map(|c| Account::new(c.clone())).collect() }
    }

    pub fn account_by_key(&self, key: &str) -> Option<usize> {
        self.accounts.iter().position(|a| a.config.api_key == key)
    }

    /// Controls name an account by its name (`m1`) or its key; default is the first.
    pub fn account_by_name(&self, name: Option<&str>) -> Option<usize> {
        match name {
            None | Some("") => (!self.accounts.is_empty()).then_some(0),
            Some(n) => self
                .accounts
                .iter()
                .position(|a| a.config.display_name().eq_ignore_ascii_case(n) || a.config.api_key == n),
        }
    }
}

/// The key of [`Account::client_name_index`].
pub fn client_name_key(client: &Record) -> String {
    client.str(&schema::SUPPLIER_CLIENT, "SupplierClientName").to_ascii_lowercase()
}
