//! The Megaventory operations: request → envelope, on one account.

use serde_json::{json, Map, Value};

use crate::filter;
use crate::lenient::{scalar_f64, scalar_int, scalar_string, Req};
use crate::schema::{self, coerce, is_empty_request_value, render, Record, Schema, Val};
use crate::world::{client_name_key, natural_sku_field, Account, ApiError, ApiResult, Ctx, Ent};

/// Every operation the simulator serves, by canonical name.
pub const OPERATIONS: &[&str] = &[
    "APIKeyGet", "UserGet", "AccountSettingsGet", "CurrencyGet", "CurrencyUpdate",
    "ProductGet", "ProductUpdate", "ProductDelete", "ProductUndelete",
    "ProductCategoryGet", "ProductCategoryUpdate", "ProductCategoryDelete", "ProductCategoryUndelete",
    "ProductBundleGet", "ProductBundleGetAll", "ProductBundleUpdate", "ProductBundleDelete", "ProductBundleUndelete",
    "SupplierClientGet", "SupplierClientUpdate", "SupplierClientDelete", "SupplierClientUndelete",
    "TaxGet", "TaxUpdate", "TaxDelete", "TaxUndelete",
    "DiscountGet", "DiscountUpdate", "DiscountDelete", "DiscountUndelete",
    "InventoryLocationGet", "InventoryLocationUpdate",
    "InventoryLocationStockGet", "InventoryLocationStockProductStockUpdate",
    "DocumentGet", "DocumentUpdate",
    "SalesOrderGet", "SalesOrderUpdate", "SalesOrdersUpdate", "SalesOrderCancel",
    "IntegrationUpdateGet", "IntegrationUpdateUpdate", "IntegrationUpdateDelete",
];

/// Canonical operation name for a (case-insensitive) route segment.
pub fn resolve(name: &str) -> Option<&'static str> {
    if name.eq_ignore_ascii_case("ProductStockUpdate") {
        return Some("InventoryLocationStockProductStockUpdate");
    }
    OPERATIONS.iter().copied().find(|op| op.eq_ignore_ascii_case(name))
}

pub fn is_read_only(op: &str) -> bool {
    op.ends_with("Get") || op.ends_with("GetAll")
}

// ------------------------------------------------------------------ envelopes

pub fn ok_status() -> Value {
    json!({"ErrorCode": "0"})
}

pub fn error_envelope(e: &ApiError) -> Value {
    json!({
        "ResponseStatus": {"ErrorCode": e.error_code, "Message": e.message},
        "InternalErrorCode": e.internal,
    })
}

fn update_error(e: ApiError) -> Value {
    let mut v = error_envelope(&e);
    v["entityID"] = Value::from(e.entity_id);
    v
}

fn result_error(e: ApiError) -> Value {
    let mut v = error_envelope(&e);
    v["result"] = Value::Bool(false);
    if e.entity_id != 0 {
        v["entityID"] = Value::from(e.entity_id);
    }
    v
}

fn result_ok() -> Value {
    json!({"result": true, "ResponseStatus": ok_status()})
}

fn list_ok(plural: &str, items: Vec<Value>) -> Value {
    let mut m = Map::new();
    m.insert(plural.to_string(), Value::Array(items));
    m.insert("ResponseStatus".to_string(), ok_status());
    Value::Object(m)
}

fn entity_ok(name: &str, entity: Value, id: i64) -> Value {
    let mut m = Map::new();
    m.insert(name.to_string(), entity);
    m.insert("ResponseStatus".to_string(), ok_status());
    m.insert("entityID".to_string(), Value::from(id));
    Value::Object(m)
}

/// Executes one authenticated operation on an account. Never panics on bad input.
pub fn execute(acc: &mut Account, op: &str, body: &Value, ctx: &mut Ctx) -> Value {
    let req = Req(body);
    ctx.source_app = req.str("mvInsertUpdateDeleteSourceApplication").unwrap_or_default();
    match op {
        "APIKeyGet" => json!({"ResponseStatus": {"ErrorCode": "0", "Message": format!("Valid API Key. User role: {}", acc.config.role)}}),
        "UserGet" => json!({
            "mvUser": {
                "APIKEY": acc.config.api_key,
                "UserName": format!("{} user", acc.config.display_name()),
                "MobilePin": "",
                "AvatarURL": "",
                "IsAdministrator": acc.config.role.eq_ignore_ascii_case("Administrator"),
                "UserPermissions": [],
            },
            "ResponseStatus": ok_status(),
        }),
        "AccountSettingsGet" => account_settings_get(acc, &req),
        "ProductUpdate" => update_op(acc, Ent::Product, &req, ctx),
        "ProductCategoryUpdate" => update_op(acc, Ent::Category, &req, ctx),
        "ProductBundleUpdate" => update_op(acc, Ent::Bundle, &req, ctx),
        "SupplierClientUpdate" => update_op(acc, Ent::Client, &req, ctx),
        "TaxUpdate" => update_op(acc, Ent::Tax, &req, ctx),
        "DiscountUpdate" => update_op(acc, Ent::Discount, &req, ctx),
        "InventoryLocationUpdate" => update_op(acc, Ent::Location, &req, ctx),
        "CurrencyUpdate" => update_op(acc, Ent::Currency, &req, ctx),
        "IntegrationUpdateUpdate" => update_op(acc, Ent::IntegrationUpdate, &req, ctx),
        "ProductGet" => get_op(acc, Ent::Product, &req),
        "ProductCategoryGet" => get_op(acc, Ent::Category, &req),
        "SupplierClientGet" => get_op(acc, Ent::Client, &req),
        "TaxGet" => get_op(acc, Ent::Tax, &req),
        "DiscountGet" => get_op(acc, Ent::Discount, &req),
        "InventoryLocationGet" => get_op(acc, Ent::Location, &req),
        "CurrencyGet" => get_op(acc, Ent::Currency, &req),
        "DocumentGet" => get_op(acc, Ent::Document, &req),
        "SalesOrderGet" => get_op(acc, Ent::SalesOrder, &req),
        "IntegrationUpdateGet" => get_op(acc, Ent::IntegrationUpdate, &req),
        "ProductDelete" => delete_op(acc, Ent::Product, &req, "ProductIDToDelete", ctx),
        "ProductCategoryDelete" => delete_op(acc, Ent::Category, &req, "ProductCategoryIDToDelete", ctx),
        "ProductBundleDelete" => delete_op(acc, Ent::Bundle, &req, "ProductBundleIDToDelete", ctx),
        "SupplierClientDelete" => delete_op(acc, Ent::Client, &req, "SupplierClientIDToDelete", ctx),
        "TaxDelete" => delete_op(acc, Ent::Tax, &req, "TaxIDToDelete", ctx),
        "DiscountDelete" => delete_op(acc, Ent::Discount, &req, "DiscountIDToDelete", ctx),
        "IntegrationUpdateDelete" => delete_op(acc, Ent::IntegrationUpdate, &req, "IntegrationUpdateIDToDelete", ctx),
        "ProductUndelete" => undelete_op(acc, Ent::Product, &req, "ProductIDToUndelete"),
        "ProductCategoryUndelete" => undelete_op(acc, Ent::Category, &req, "ProductCategoryIDToUndelete"),
        "ProductBundleUndelete" => undelete_op(acc, Ent::Bundle, &req, "ProductBundleIDToUndelete"),
        "SupplierClientUndelete" => undelete_op(acc, Ent::Client, &req, "SupplierClientIDToUndelete"),
        "TaxUndelete" => undelete_op(acc, Ent::Tax, &req, "TaxIDToUndelete"),
        "DiscountUndelete" => undelete_op(acc, Ent::Discount, &req, "DiscountIDToUndelete"),
        "ProductBundleGet" => bundle_get(acc, &req),
        "ProductBundleGetAll" => bundle_get_all(acc, &req),
        "InventoryLocationStockGet" => stock_get(acc, &req).unwrap_or_else(|e| error_envelope(&e)),
        "InventoryLocationStockProductStockUpdate" => stock_update(acc, &req, ctx).unwrap_or_else(|e| error_envelope(&e)),
        "DocumentUpdate" => document_update(acc, &req, ctx),
        "SalesOrderUpdate" => sales_order_update(acc, &req, ctx),
        "SalesOrdersUpdate" => sales_orders_update(acc, &req, ctx),
        "SalesOrderCancel" => sales_order_cancel(acc, &req, ctx),
        other => error_envelope(&ApiError::new(format!("Operation '{other}' is not supported by this simulator"))),
    }
}

// ------------------------------------------------------------------ record actions

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Action {
    Insert,
    Update,
    InsertOrUpdate,
    InsertOrUpdateNonEmptyFields,
}

pub fn parse_action(v: Option<&Value>) -> ApiResult<Action> {
    let text = v.and_then(scalar_string).unwrap_or_default();
    Ok(match text.to_ascii_lowercase().as_str() {
        "" | "insert" => Action::Insert,
        "update" => Action::Update,
        "insertorupdate" => Action::InsertOrUpdate,
        "insertorupdatenonemptyfields" => Action::InsertOrUpdateNonEmptyFields,
        _ => {
            return Err(ApiError::new(format!(
                "Invalid mvRecordAction '{text}'. Allowed values: Insert, Update, InsertOrUpdate, InsertOrUpdateNonEmptyFields"
            )))
        }
    })
}

fn entity_object<'a>(req: &Req<'a>, schema: &Schema) -> ApiResult<&'a Map<String, Value>> {
    req.obj(schema.entity).ok_or_else(|| ApiError::new(format!("{} is required", schema.entity)))
}

/// Master data is replaced wholesale by Update/InsertOrUpdate (like a .NET DTO, where
/// an absent property is indistinguishable from a default); documents are patched.
fn replaces_whole_record(ent: Ent) -> bool {
    !matches!(ent, Ent::SalesOrder | Ent::Document | Ent::IntegrationUpdate)
}

/// Copies request fields into a record according to the record action.
fn apply_fields(ent: Ent, rec: &mut Record, obj: &Map<String, Value>, action: Action, existing: bool) -> ApiResult<()> {
    let s = ent.schema();
    if existing && action != Action::InsertOrUpdateNonEmptyFields && replaces_whole_record(ent) {
        rec.vals.retain(|(i, _)| s.is_read_only(s.fields[*i as usize].name));
    }
    for (key, value) in obj {
        let Some(i) = s.index_of(key) else { continue };
        let f = &s.fields[i];
        if s.is_read_only(f.name) {
            continue;
        }
        if action == Action::InsertOrUpdateNonEmptyFields {
            // "" / null / absent leave the stored value; so does 0 for a reference id.
            let zero_id = matches!(f.kind, schema::Kind::Int)
                && (f.name.ends_with("ID") || f.name.ends_with("Id"))
                && scalar_int(value) == Some(0);
            if is_empty_request_value(value) || zero_id {
                continue;
            }
        }
        let val = coerce(f.kind, value, f.name).map_err(ApiError::new)?;
        let val = val.filter(|v| !schema::is_default(f.kind, v));
        rec.set(i as u16, val);
    }
    Ok(())
}

fn not_found(ent: Ent, id: i64) -> ApiError {
    ApiError::with(
        &format!("{}NotFound", ent.schema().id_field.trim_end_matches("ID").trim_end_matches("Id")),
        0,
        format!("{} with {} {id} does not exist", ent.label(), ent.schema().id_field),
    )
}

/// Finds the record an upsert without an id should update, by natural key.
fn natural_match(acc: &Account, ent: Ent, obj: &Map<String, Value>) -> ApiResult<Option<i64>> {
    let s = ent.schema();
    let text = |name: &str| obj.get(&name.to_ascii_lowercase()).and_then(scalar_string).unwrap_or_default();
    let num = |name: &str| obj.get(&name.to_ascii_lowercase()).and_then(scalar_f64).unwrap_or(0.0);
    match ent {
        Ent::Product | Ent::Bundle => {
            let sku = text(natural_sku_field(ent));
            match acc.find_product_by_sku(&sku) {
                Some((found, id)) if found == ent => {
                    if acc.get(ent, id).is_some_and(|r| r.deleted) {
                        Err(sku_deleted(&sku, id))
                    } else {
                        Ok(Some(id))
                    }
                }
                Some((_, id)) => Err(sku_exists(&sku, id)),
                None => Ok(None),
            }
        }
        Ent::Category => {
            let name = text("ProductCategoryName");
            match find_live_or_deleted(acc, ent, |r| r.str(s, "ProductCategoryName").eq_ignore_ascii_case(&name)) {
                Some((id, false)) => Ok(Some(id)),
                Some((id, true)) => Err(category_deleted(&name, id)),
                None => Ok(None),
            }
        }
        Ent::Tax | Ent::Discount => {
            let (nf, vf) = name_value_fields(ent);
            let (name, value) = (text(nf), num(vf));
            Ok(find_live_or_deleted(acc, ent, |r| r.str(s, nf).eq_ignore_ascii_case(&name) && r.num(s, vf) == value)
                .filter(|(_, deleted)| !deleted)
                .map(|(id, _)| id))
        }
        Ent::Currency => {
            let code = text("CurrencyCode");
            Ok(find_live_or_deleted(acc, ent, |r| r.str(s, "CurrencyCode").eq_ignore_ascii_case(&code)).map(|(id, _)| id))
        }
        _ => Ok(None),
    }
}

fn name_value_fields(ent: Ent) -> (&'static str, &'static str) {
    match ent {
        Ent::Tax => ("TaxName", "TaxValue"),
        _ => ("DiscountName", "DiscountValue"),
    }
}

fn find_live_or_deleted(acc: &Account, ent: Ent, pred: impl Fn(&Record) -> bool) -> Option<(i64, bool)> {
    let mut deleted = None;
    for r in acc.store(ent).records.values() {
        if pred(r) {
            if !r.deleted {
                return Some((r.id, false));
            }
            deleted.get_or_insert(r.id);
        }
    }
    deleted.map(|id| (id, true))
}

fn sku_exists(sku: &str, id: i64) -> ApiError {
    ApiError::with("ProductSKUAlreadyExists", id, format!("A product with SKU '{sku}' already exists (ProductID {id})."))
}
fn sku_deleted(sku: &str, id: i64) -> ApiError {
    ApiError::with(
        "ProductSKUAlreadyDeleted",
        id,
        format!("The SKU '{sku}' belonged to a product (ProductID {id}) that existed and was since deleted. Undelete it or use another SKU."),
    )
}
fn category_deleted(name: &str, id: i64) -> ApiError {
    ApiError::with(
        "CategoryWasDeleted",
        id,
        format!("A Product Category named '{name}' existed in the past and was deleted (ProductCategoryID {id})."),
    )
}

/// Generic upsert for master data. Returns the id and whether it was an insert.
pub fn upsert(acc: &mut Account, ent: Ent, obj: &Map<String, Value>, action: Action, ctx: &Ctx, force_sku: bool) -> ApiResult<(i64, bool)> {
    let s = ent.schema();
    let req_id = obj.get(&s.id_field.to_ascii_lowercase()).and_then(scalar_int).unwrap_or(0);
    let target = match action {
        Action::Insert => None,
        Action::Update => {
            if req_id <= 0 {
                return Err(ApiError::new(format!("{} is required when mvRecordAction is Update", s.id_field)));
            }
            Some(req_id)
        }
        Action::InsertOrUpdate | Action::InsertOrUpdateNonEmptyFields => {
            if req_id > 0 {
                Some(req_id)
            } else {
                natural_match(acc, ent, obj)?
            }
        }
    };
    let old = match target {
        Some(id) => match acc.get(ent, id) {
            Some(r) if r.deleted => {
                return Err(ApiError::with(
                    "EntityWasDeleted",
                    id,
                    format!("{} with {} {id} existed and was since deleted. Undelete it first.", ent.label(), s.id_field),
                ))
            }
            Some(r) => Some(r.clone()),
            None => return Err(not_found(ent, id)),
        },
        None => None,
    };
    let mut rec = old.clone().unwrap_or_else(|| Record::new(0));
    apply_fields(ent, &mut rec, obj, action, old.is_some())?;
    validate(acc, ent, &mut rec, old.as_ref(), ctx, force_sku)?;
    check_unique(acc, ent, &rec, old.as_ref().map(|r| r.id))?;

    let inserted = old.is_none();
    if inserted {
        rec.id = acc.take_id(ent);
    }
    let id = rec.id;
    if matches!(ent, Ent::Product | Ent::Bundle) {
        let field = natural_sku_field(ent);
        if let Some(o) = &old {
            acc.sku_index.remove(&o.str(s, field).to_lowercase());
        }
        acc.sku_index.insert(rec.str(s, field).to_lowercase(), (ent, id));
    }
    if ent == Ent::Client {
        if let Some(o) = &old {
            if let Some(ids) = acc.client_name_index.get_mut(&client_name_key(o)) {
                ids.remove(&id);
            }
        }
        acc.client_name_index.entry(client_name_key(&rec)).or_default().insert(id);
    }
    let changed = old.as_ref().map(|o| o.vals != rec.vals).unwrap_or(true);
    let makes_default = ent == Ent::Currency && rec.get(s.idx("CurrencyIsDefault")).is_some();
    acc.store_mut(ent).records.insert(id, rec);
    if makes_default {
        let idx = s.idx("CurrencyIsDefault");
        for r in acc.store_mut(ent).records.values_mut() {
            if r.id != id {
                r.set(idx, None);
            }
        }
    }
    if ent == Ent::Product && changed {
        acc.emit_product(ctx, if inserted { "insert" } else { "update" }, id);
    }
    Ok((id, inserted))
}

fn required(rec: &Record, s: &Schema, field: &str, ent: Ent) -> ApiResult<()> {
    if rec.str(s, field).trim().is_empty() {
        return Err(ApiError::with("MandatoryFieldMissing", 0, format!("{field} is mandatory. {} Update Failed", ent.label())));
    }
    Ok(())
}

fn validate(acc: &Account, ent: Ent, rec: &mut Record, old: Option<&Record>, ctx: &Ctx, force_sku: bool) -> ApiResult<()> {
    let s = ent.schema();
    match ent {
        Ent::Product => {
            // `Undefined` means "not specified": keep the stored type (or the default on insert).
            if rec.str(s, "ProductType") == "Undefined" {
                let keep = old.map(|o| o.str(s, "ProductType")).filter(|t| t != "Undefined").unwrap_or_default();
                rec.put(s, "ProductType", Val::S(if keep.is_empty() { "BuyFromSupplier".into() } else { keep.into() }));
            }
            required(rec, s, "ProductSKU", ent)?;
            required(rec, s, "ProductDescription", ent)?;
            let cat = rec.int(s, "ProductCategoryID");
            if cat > 0 && !acc.is_live(Ent::Category, cat) {
                return Err(ApiError::new(format!("ProductCategoryID {cat} does not exist. Product Update Failed")));
            }
            if let Some(o) = old {
                let (before, after) = (o.str(s, "ProductSKU"), rec.str(s, "ProductSKU"));
                if before != after && acc.used_in_documents.contains(&o.id) && !force_sku {
                    return Err(ApiError::with(
                        "ProductSKUUsedInDocuments",
                        o.id,
                        format!("The SKU of ProductID {} cannot change because the product is used in documents; set forceSkuUpdateEvenIfUsedInDocuments to true", o.id),
                    ));
                }
            } else {
                rec.put(s, "ProductCreationDate", Val::D(ctx.now));
            }
        }
        Ent::Bundle => {
            required(rec, s, "BundleProductSKU", ent)?;
            required(rec, s, "BundleProductDescription", ent)?;
            let items = rec.json(s, "IncludedProducts");
            let items = items.as_array().cloned().unwrap_or_default();
            if items.is_empty() {
                return Err(ApiError::new("IncludedProducts must contain at least one product. Product Bundle Update Failed"));
            }
            let mut resolved = Vec::new();
            for mut item in items {
                let id = item["ProductID"].as_i64().unwrap_or(0);
                let sku = item["ProductSKU"].as_str().unwrap_or("").to_string();
                let pid = acc.resolve_product(id, &sku, "IncludedProducts")?;
                item["ProductID"] = Value::from(pid);
                item["ProductSKU"] = Value::String(acc.get(Ent::Product, pid).map(|p| p.str(&schema::PRODUCT, "ProductSKU")).unwrap_or_default());
                if item["QuantityInBundle"].as_f64().unwrap_or(0.0) <= 0.0 {
                    return Err(ApiError::new(format!("IncludedProducts: QuantityInBundle of ProductID {pid} must be greater than 0")));
                }
                resolved.push(item);
            }
            rec.put(s, "IncludedProducts", Val::J(Box::new(Value::Array(resolved))));
        }
        Ent::Category => required(rec, s, "ProductCategoryName", ent)?,
        Ent::Client => required(rec, s, "SupplierClientName", ent)?,
        Ent::Tax | Ent::Discount => {
            let (nf, vf) = name_value_fields(ent);
            required(rec, s, nf, ent)?;
            if let Some(o) = old {
                if !o.str(s, nf).eq(&rec.str(s, nf)) || o.num(s, vf) != rec.num(s, vf) {
                    let desc = if ent == Ent::Tax { "TaxDescription" } else { "DiscountDescription" };
                    return Err(ApiError::with("", 0, format!("Only the {desc} can be changed during the update. Update Failed")));
                }
            }
        }
        Ent::Location => {
            required(rec, s, "InventoryLocationName", ent)?;
            required(rec, s, "InventoryLocationAbbreviation", ent)?;
        }
        Ent::Currency => {
            required(rec, s, "CurrencyCode", ent)?;
            let was_default = old.is_some_and(|o| o.get(s.idx("CurrencyIsDefault")).is_some());
            if was_default && rec.get(s.idx("CurrencyIsDefault")).is_none() {
                return Err(ApiError::new("Exactly one currency must be the default: make another currency the default instead. Currency Update Failed"));
            }
        }
        Ent::IntegrationUpdate => {
            required(rec, s, "Application", ent)?;
            if old.is_none() && rec.get(s.idx("IntegrationUpdateDateTime")).is_none() {
                rec.put(s, "IntegrationUpdateDateTime", Val::D(ctx.now));
            }
        }
        Ent::SalesOrder | Ent::Document => {}
    }
    Ok(())
}

fn check_unique(acc: &Account, ent: Ent, rec: &Record, self_id: Option<i64>) -> ApiResult<()> {
    let s = ent.schema();
    let others = |pred: &dyn Fn(&Record) -> bool| -> Option<(i64, bool)> {
        let mut deleted = None;
        for r in acc.store(ent).records.values() {
            if Some(r.id) != self_id && pred(r) {
                if !r.deleted {
                    return Some((r.id, false));
                }
                deleted.get_or_insert(r.id);
            }
        }
        deleted.map(|id| (id, true))
    };
    match ent {
        Ent::Product | Ent::Bundle => {
            let sku = rec.str(s, natural_sku_field(ent));
            if let Some((found, id)) = acc.find_product_by_sku(&sku) {
                if Some(id) != self_id || found != ent {
                    let deleted = acc.get(found, id).is_some_and(|r| r.deleted);
                    return Err(if deleted { sku_deleted(&sku, id) } else { sku_exists(&sku, id) });
                }
            }
        }
        Ent::Category => {
            let name = rec.str(s, "ProductCategoryName");
            match others(&|r| r.str(s, "ProductCategoryName").eq_ignore_ascii_case(&name)) {
                Some((id, true)) => return Err(category_deleted(&name, id)),
                Some((id, false)) => {
                    return Err(ApiError::with(
                        "CategoryNameAlreadyExists",
                        id,
                        format!("A Product Category named '{name}' already exists (ProductCategoryID {id})."),
                    ))
                }
                None => {}
            }
        }
        Ent::Client => {
            let name = rec.str(s, "SupplierClientName");
            // Same answer as scanning every client in id order, through the name index.
            let named: Vec<&Record> = acc.clients_named(&name).filter(|id| Some(*id) != self_id).filter_map(|id| acc.get(Ent::Client, id)).collect();
            let first_live = named.iter().find(|r| !r.deleted).map(|r| (r.id, false));
            match first_live.or_else(|| named.first().map(|r| (r.id, true))) {
                Some((id, true)) => {
                    return Err(ApiError::with(
                        "SupplierClientAlreadyDeleted",
                        id,
                        format!("A Supplier/Client named '{name}' existed and was since deleted (SupplierClientID {id})."),
                    ))
                }
                Some((id, false)) => {
                    return Err(ApiError::with(
                        "SupplierClientNameAlreadyExists",
                        id,
                        format!("A Supplier/Client named '{name}' already exists (SupplierClientID {id})."),
                    ))
                }
                None => {}
            }
        }
        Ent::Tax | Ent::Discount => {
            let (nf, vf) = name_value_fields(ent);
            let (name, value) = (rec.str(s, nf), rec.num(s, vf));
            if let Some((id, deleted)) = others(&|r| r.str(s, nf).eq_ignore_ascii_case(&name) && r.num(s, vf) == value) {
                let code = if ent == Ent::Tax { "TaxNameValueAlreadyExists" } else { "DiscountNameValueAlreadyExists" };
                let state = if deleted { "existed and was since deleted" } else { "already exists" };
                return Err(ApiError::with(code, id, format!("A {} named '{name}' with value {value} {state} ({} {id}).", ent.label(), s.id_field)));
            }
        }
        Ent::Location => {
            let name = rec.str(s, "InventoryLocationName");
            let abbr = rec.str(s, "InventoryLocationAbbreviation");
            if let Some((id, _)) = others(&|r| {
                r.str(s, "InventoryLocationName").eq_ignore_ascii_case(&name)
                    || r.str(s, "InventoryLocationAbbreviation").eq_ignore_ascii_case(&abbr)
            }) {
                return Err(ApiError::with(
                    "LocationNameOrAbrevAlreadyExists",
                    id,
                    format!("An Inventory Location with the name '{name}' or the abbreviation '{abbr}' already exists (InventoryLocationID {id})."),
                ));
            }
        }
        Ent::Currency => {
            let code = rec.str(s, "CurrencyCode");
            if let Some((id, _)) = others(&|r| r.str(s, "CurrencyCode").eq_ignore_ascii_case(&code)) {
                return Err(ApiError::with("CurrencyCodeAlreadyExists", id, format!("A currency with code '{code}' already exists (CurrencyId {id}).")));
            }
        }
        _ => {}
    }
    Ok(())
}

fn update_op(acc: &mut Account, ent: Ent, req: &Req, ctx: &Ctx) -> Value {
    let s = ent.schema();
    let run = |acc: &mut Account| -> ApiResult<i64> {
        let action = parse_action(req.get("mvRecordAction"))?;
        let obj = entity_object(req, s)?;
        let force = req.bool("forceSkuUpdateEvenIfUsedInDocuments").unwrap_or(false);
        Ok(upsert(acc, ent, obj, action, ctx, force)?.0)
    };
    match run(acc) {
        Ok(_) if ctx.replaying => json!({"ResponseStatus": ok_status()}),
        Ok(id) => entity_ok(s.entity, render(s, acc.get(ent, id).expect("just stored")), id),
        Err(e) => update_error(e),
    }
}

// ------------------------------------------------------------------ gets

#[derive(Clone, Copy, PartialEq)]
enum ShowDeleted {
    OnlyUndeleted,
    All,
    OnlyDeleted,
}

fn show_deleted(req: &Req) -> ApiResult<ShowDeleted> {
    let text = req.str("showDeleted").unwrap_or_default();
    Ok(match text.to_ascii_lowercase().as_str() {
        "" | "showonlyundeleted" => ShowDeleted::OnlyUndeleted,
        "showalldeletedandundeleted" => ShowDeleted::All,
        "showonlydeleted" => ShowDeleted::OnlyDeleted,
        _ => {
            return Err(ApiError::new(format!(
                "Invalid showDeleted '{text}'. Allowed values: showOnlyUndeleted, showAllDeletedAndUndeleted, showOnlyDeleted"
            )))
        }
    })
}

fn visible(rec: &Record, show: ShowDeleted) -> bool {
    match show {
        ShowDeleted::OnlyUndeleted => !rec.deleted,
        ShowDeleted::All => true,
        ShowDeleted::OnlyDeleted => rec.deleted,
    }
}

fn top_n(req: &Req) -> usize {
    match req.int("ReturnTopNRecords") {
        Some(n) if n > 0 => n as usize,
        _ => usize::MAX,
    }
}

/// Ids of the records a Get returns, filtered and ordered (id descending unless `ascending`).
fn select(acc: &Account, ent: Ent, req: &Req, ascending: bool) -> ApiResult<Vec<i64>> {
    let s = ent.schema();
    let filters = filter::parse(req, s)?;
    let show = show_deleted(req)?;
    let limit = top_n(req);
    let store = &acc.store(ent).records;
    let mut out = Vec::new();
    // SKU lookups use the index instead of scanning every product.
    if matches!(ent, Ent::Product | Ent::Bundle) && filters.len() == 1 && filters[0].op == filter::Op::Equals && filters[0].field_name.eq_ignore_ascii_case(natural_sku_field(ent)) {
        let sku = scalar_string(&filters[0].value).unwrap_or_default();
        if let Some((found, id)) = acc.find_product_by_sku(&sku) {
            if found == ent && store.get(&id).is_some_and(|r| visible(r, show)) {
                out.push(id);
            }
        }
        return Ok(out);
    }
    if let Some(mut ids) = filter::id_lookup(&filters) {
        ids.sort_unstable();
        ids.dedup();
        if !ascending {
            ids.reverse();
        }
        for id in ids {
            if store.get(&id).is_some_and(|r| visible(r, show)) {
                out.push(id);
                if out.len() >= limit {
                    break;
                }
            }
        }
        return Ok(out);
    }
    let mut push = |r: &Record| {
        if visible(r, show) && filter::matches(&filters, s, r) {
            out.push(r.id);
        }
        out.len() < limit
    };
    if ascending {
        for r in store.values() {
            if !push(r) {
                break;
            }
        }
    } else {
        for r in store.values().rev() {
            if !push(r) {
                break;
            }
        }
    }
    Ok(out)
}

fn get_op(acc: &Account, ent: Ent, req: &Req) -> Value {
    let s = ent.schema();
    let ascending = ent == Ent::IntegrationUpdate && acc.config.integration_updates_oldest_first;
    match select(acc, ent, req, ascending) {
        Ok(ids) => list_ok(s.plural, ids.iter().filter_map(|id| acc.get(ent, *id)).map(|r| render(s, r)).collect()),
        Err(e) => error_envelope(&e),
    }
}

fn account_settings_get(acc: &Account, req: &Req) -> Value {
    let name = req
        .str("SettingName")
        .or_else(|| req.obj("mvAccountSettings").and_then(|o| o.get("settingname")).and_then(scalar_string))
        .unwrap_or_default();
    let entry = |(k, v): (&String, &Value)| json!({"SettingName": k, "SettingValue": v});
    if name.is_empty() || name.eq_ignore_ascii_case("All") {
        return list_ok("mvAccountSettings", acc.config.settings.iter().map(entry).collect());
    }
    match acc.setting(&name) {
        Some(kv) => list_ok("mvAccountSettings", vec![entry(kv)]),
        None => error_envelope(&ApiError::with("SettingNotFound", 0, format!("Account setting '{name}' does not exist"))),
    }
}

fn bundle_get(acc: &Account, req: &Req) -> Value {
    let sku = req.str("ProductBundleSKU").unwrap_or_default();
    let mut v = json!({"ResponseStatus": ok_status()});
    if let Some((Ent::Bundle, id)) = acc.find_product_by_sku(&sku) {
        if let Some(r) = acc.get(Ent::Bundle, id).filter(|r| !r.deleted) {
            v["mvProductBundle"] = render(&schema::BUNDLE, r);
        }
    }
    v
}

fn bundle_get_all(acc: &Account, req: &Req) -> Value {
    let show = match show_deleted(req) {
        Ok(s) => s,
        Err(e) => return error_envelope(&e),
    };
    let ints = |k: &str| req.list(k).into_iter().filter_map(scalar_int).collect::<Vec<_>>();
    let texts = |k: &str| req.list(k).into_iter().filter_map(scalar_string).map(|s| s.to_lowercase()).collect::<Vec<_>>();
    let (ids, skus, inc_ids, inc_skus) = (ints("ProductBundleIDList"), texts("ProductBundleSKUList"), ints("IncludedProductIDList"), texts("IncludedProductSKUList"));
    let s = &schema::BUNDLE;
    let items: Vec<Value> = acc
        .store(Ent::Bundle)
        .records
        .values()
        .rev()
        .filter(|r| visible(r, show))
        .filter(|r| ids.is_empty() || ids.contains(&r.id))
        .filter(|r| skus.is_empty() || skus.contains(&r.str(s, "BundleProductSKU").to_lowercase()))
        .filter(|r| {
            let included = r.json(s, "IncludedProducts");
            let included = included.as_array().cloned().unwrap_or_default();
            (inc_ids.is_empty() || included.iter().any(|i| inc_ids.contains(&i["ProductID"].as_i64().unwrap_or(0))))
                && (inc_skus.is_empty()
                    || included.iter().any(|i| inc_skus.contains(&i["ProductSKU"].as_str().unwrap_or("").to_lowercase())))
        })
        .map(|r| render(s, r))
        .collect();
    list_ok("mvProductBundles", items)
}

// ------------------------------------------------------------------ delete / undelete

fn delete_op(acc: &mut Account, ent: Ent, req: &Req, id_key: &str, ctx: &Ctx) -> Value {
    let Some(id) = req.int(id_key).filter(|i| *i != 0) else {
        return result_error(ApiError::new(format!("{id_key} is required")));
    };
    match acc.get(ent, id) {
        None => return result_error(not_found(ent, id)),
        Some(r) if r.deleted => {
            return result_error(ApiError::with("AlreadyDeleted", id, format!("{} with id {id} is already deleted", ent.label())))
        }
        _ => {}
    }
    if ent == Ent::IntegrationUpdate {
        // Consumed rows disappear for good.
        acc.store_mut(ent).records.remove(&id);
        return result_ok();
    }
    if ent == Ent::Product {
        // The queued row carries the product as it was when deleted.
        acc.emit_product(ctx, "delete", id);
    }
    if let Some(r) = acc.store_mut(ent).records.get_mut(&id) {
        r.deleted = true;
    }
    result_ok()
}

fn undelete_op(acc: &mut Account, ent: Ent, req: &Req, id_key: &str) -> Value {
    let Some(id) = req.int(id_key).filter(|i| *i != 0) else {
        return result_error(ApiError::new(format!("{id_key} is required")));
    };
    match acc.store_mut(ent).records.get_mut(&id) {
        None => result_error(not_found(ent, id)),
        Some(r) if !r.deleted => result_error(ApiError::with("NotDeleted", id, format!("{} with id {id} is not deleted", ent.label()))),
        Some(r) => {
            r.deleted = false;
            result_ok()
        }
    }
}

// ------------------------------------------------------------------ stock

fn stock_get(acc: &Account, req: &Req) -> ApiResult<Value> {
    let locations: Vec<i64> = req.list("InventoryLocationID").into_iter().filter_map(scalar_int).collect();
    let product_ids: Vec<i64> = req.list("ProductID").into_iter().filter_map(scalar_int).collect();
    let filters = filter::parse(req, &schema::PRODUCT)?;
    let show = show_deleted(req)?;
    let limit = top_n(req);
    let mut ids: Vec<i64> = if !product_ids.is_empty() {
        product_ids
    } else if let Some(ids) = filter::id_lookup(&filters) {
        ids
    } else if !filters.is_empty() {
        acc.store(Ent::Product).records.values().filter(|r| filter::matches(&filters, &schema::PRODUCT, r)).map(|r| r.id).collect()
    } else {
        acc.stock.keys().copied().collect()
    };
    ids.sort_unstable_by(|a, b| b.cmp(a));
    ids.dedup();
    let items: Vec<Value> = ids
        .into_iter()
        .filter(|id| acc.get(Ent::Product, *id).is_some_and(|r| visible(r, show)))
        .filter(|id| filter::matches(&filters, &schema::PRODUCT, acc.get(Ent::Product, *id).expect("checked")))
        .take(limit)
        .map(|id| acc.stock_item(id, &locations))
        .collect();
    Ok(list_ok("mvProductStockList", items))
}

fn stock_update(acc: &mut Account, req: &Req, ctx: &Ctx) -> ApiResult<Value> {
    let items = req.list("mvProductStockUpdateList");
    if items.is_empty() {
        return Err(ApiError::new("mvProductStockUpdateList is required"));
    }
    let mut plan = Vec::new();
    for item in items {
        let r = Req(item);
        let pid = acc.resolve_product(r.int("ProductID").unwrap_or(0), &r.str("ProductSKU").unwrap_or_default(), "mvProductStockUpdateList")?;
        let qty = r.get("ProductQuantity").and_then(scalar_f64).ok_or_else(|| ApiError::new("mvProductStockUpdateList: ProductQuantity is required"))?;
        let loc = match r.int("InventoryLocationID").filter(|l| *l > 0) {
            Some(l) if acc.get(Ent::Location, l).is_some() => l,
            Some(l) => return Err(ApiError::new(format!("InventoryLocationID {l} does not exist"))),
            None => {
                let live: Vec<i64> = acc.store(Ent::Location).records.values().filter(|r| !r.deleted).map(|r| r.id).collect();
                if live.len() != 1 {
                    return Err(ApiError::new("mvProductStockUpdateList: InventoryLocationID is required when the account has several locations"));
                }
                live[0]
            }
        };
        plan.push((pid, loc, qty));
    }
    for (pid, loc, qty) in plan {
        let current = acc.stock.get(&pid).and_then(|m| m.get(&loc)).map(|c| c.physical).unwrap_or(0.0);
        let diff = qty - current;
        if diff == 0.0 {
            continue;
        }
        let sku = acc.get(Ent::Product, pid).map(|p| p.str(&schema::PRODUCT, "ProductSKU")).unwrap_or_default();
        let doc = json!({
            "documenttypeid": if diff > 0.0 { -99 } else { -98 },
            "documentsupplierclientid": -1,
            "documentinventorylocationid": loc,
            "documentstatus": "Verified",
            "documentcomments": "Created by ProductStockUpdate",
            "documentdetails": [{"documentrowproductsku": sku, "documentrowquantity": diff.abs()}],
        });
        insert_document(acc, doc.as_object().expect("object"), ctx)?;
    }
    Ok(json!({"ResponseStatus": ok_status()}))
}

// ------------------------------------------------------------------ documents

fn doc_type_names(type_id: i64) -> (&'static str, &'static str) {
    match type_id {
        -99 => ("ADJ+", "Adjustment Plus"),
        -98 => ("ADJ-", "Adjustment Minus"),
        -1 => ("IT", "Internal Transaction"),
        -2 => ("R-CONS", "Goods Received"),
        -3 => ("GO", "Goods Outbound"),
        3 => ("SO", "Sales Order"),
        4 => ("PO", "Purchase Order"),
        -8 => ("WO", "Work Order"),
        -9 => ("FG", "Finished Goods"),
        -10 => ("SQ", "Sales Quote"),
        _ => ("DOC", "Document"),
    }
}

fn next_doc_no(acc: &mut Account, type_id: i64, taken: impl Fn(&Account, &str) -> bool) -> String {
    loop {
        let n = acc.next_doc_no.entry(type_id).or_insert(1);
        let candidate = n.to_string();
        *n += 1;
        if !taken(acc, &candidate) {
            return candidate;
        }
    }
}

/// (product id, quantity, shipped quantity) of one document row.
type Line = (i64, f64, f64);

fn resolve_rows(acc: &Account, rows: Value, prefix: &str) -> ApiResult<(Value, Vec<Line>)> {
    let id_f = format!("{prefix}RowProductID");
    let sku_f = format!("{prefix}RowProductSKU");
    let desc_f = format!("{prefix}RowProductDescription");
    let qty_f = format!("{prefix}RowQuantity");
    let shipped_f = format!("{prefix}RowShippedQuantity");
    let mut out = Vec::new();
    let mut lines = Vec::new();
    for mut row in rows.as_array().cloned().unwrap_or_default() {
        let id = row[&id_f].as_i64().unwrap_or(0);
        let sku = row[&sku_f].as_str().unwrap_or("").to_string();
        let pid = acc.resolve_product(id, &sku, &format!("{prefix}Details"))?;
        let p = acc.get(Ent::Product, pid).expect("resolved");
        row[&id_f] = Value::from(pid);
        row[&sku_f] = Value::String(p.str(&schema::PRODUCT, "ProductSKU"));
        if row[&desc_f].as_str().unwrap_or("").is_empty() {
            row[&desc_f] = Value::String(p.str(&schema::PRODUCT, "ProductDescription"));
        }
        let qty = row[&qty_f].as_f64().unwrap_or(0.0);
        let shipped = row.get(&shipped_f).and_then(|v| v.as_f64()).unwrap_or(0.0);
        lines.push((pid, qty, shipped));
        out.push(row);
    }
    Ok((Value::Array(out), lines))
}

fn insert_document(acc: &mut Account, obj: &Map<String, Value>, ctx: &Ctx) -> ApiResult<i64> {
    let s = &schema::DOCUMENT;
    let mut rec = Record::new(0);
    apply_fields(Ent::Document, &mut rec, obj, Action::Insert, false)?;
    let type_id = rec.int(s, "DocumentTypeId");
    if type_id == 0 {
        return Err(ApiError::new("DocumentTypeId is mandatory. Document Insert Failed"));
    }
    if type_id == 3 {
        return Err(ApiError::new("Sales orders (DocumentTypeId 3) are created with SalesOrderUpdate. Document Insert Failed"));
    }
    let (rows, lines) = resolve_rows(acc, rec.json(s, "DocumentDetails"), "Document")?;
    if lines.is_empty() {
        return Err(ApiError::new("DocumentDetails must contain at least one row. Document Insert Failed"));
    }
    rec.put(s, "DocumentDetails", Val::J(Box::new(rows)));
    let status = rec.str(s, "DocumentStatus");
    let status = if status.is_empty() { "Pending".to_string() } else { status };
    if status != "Pending" && status != "Verified" {
        return Err(ApiError::new(format!("DocumentStatus '{status}' is not allowed on insert: use Pending or Verified")));
    }
    rec.put(s, "DocumentStatus", Val::S(status.clone().into()));
    let loc = rec.int(s, "DocumentInventoryLocationID");
    if loc != 0 && acc.get(Ent::Location, loc).is_none() {
        return Err(ApiError::new(format!("DocumentInventoryLocationID {loc} does not exist. Document Insert Failed")));
    }
    if status == "Verified" && loc == 0 {
        return Err(ApiError::new("DocumentInventoryLocationID is mandatory for a Verified document. Document Insert Failed"));
    }
    let (abbr, desc) = doc_type_names(type_id);
    rec.put(s, "DocumentTypeAbbreviation", Val::S(abbr.into()));
    rec.put(s, "DocumentTypeDescription", Val::S(desc.into()));
    rec.put(s, "DocumentDate", Val::D(ctx.now));
    if rec.str(s, "DocumentNo").is_empty() {
        let no = next_doc_no(acc, type_id, |a, n| {
            a.store(Ent::Document).records.values().any(|d| d.int(s, "DocumentTypeId") == type_id && d.str(s, "DocumentNo") == n)
        });
        rec.put(s, "DocumentNo", Val::S(no.into()));
    }
    rec.id = acc.take_id(Ent::Document);
    let id = rec.id;
    for (pid, _, _) in &lines {
        acc.used_in_documents.insert(*pid);
    }
    acc.store_mut(Ent::Document).records.insert(id, rec);
    if status == "Verified" {
        apply_adjustment(acc, ctx, type_id, loc, &lines);
    }
    Ok(id)
}

fn apply_adjustment(acc: &mut Account, ctx: &Ctx, type_id: i64, loc: i64, lines: &[(i64, f64, f64)]) {
    let sign = match type_id {
        -99 => 1.0,
        -98 => -1.0,
        _ => return,
    };
    for (pid, qty, _) in lines {
        if acc.is_stock_tracked(*pid) {
            acc.change_stock(ctx, *pid, loc, |c| c.physical += sign * qty);
        }
    }
}

fn document_update(acc: &mut Account, req: &Req, ctx: &Ctx) -> Value {
    let s = &schema::DOCUMENT;
    let run = |acc: &mut Account| -> ApiResult<i64> {
        let action = parse_action(req.get("mvRecordAction"))?;
        let obj = entity_object(req, s)?;
        let id = obj.get("documentid").and_then(scalar_int).unwrap_or(0);
        match action {
            Action::Insert => insert_document(acc, obj, ctx),
            _ if id <= 0 && action != Action::Update => insert_document(acc, obj, ctx),
            _ => {
                let Some(old) = acc.get(Ent::Document, id).cloned() else { return Err(not_found(Ent::Document, id)) };
                // Only the description/comments and the Pending→Verified step can change.
                let mut rec = old.clone();
                for field in ["DocumentDescription", "DocumentComments", "DocumentStatus"] {
                    if let Some(v) = obj.get(&field.to_ascii_lowercase()).filter(|v| !is_empty_request_value(v)) {
                        let i = s.idx(field);
                        rec.set(i, coerce(s.fields[i as usize].kind, v, field).map_err(ApiError::new)?);
                    }
                }
                let (before, after) = (old.str(s, "DocumentStatus"), rec.str(s, "DocumentStatus"));
                let loc = rec.int(s, "DocumentInventoryLocationID");
                if before != after {
                    if !(before == "Pending" && after == "Verified") {
                        return Err(ApiError::new(format!("DocumentStatus cannot change from {before} to {after}. Document Update Failed")));
                    }
                    if loc == 0 {
                        return Err(ApiError::new("DocumentInventoryLocationID is mandatory for a Verified document. Document Update Failed"));
                    }
                }
                acc.store_mut(Ent::Document).records.insert(id, rec);
                if before != after {
                    let lines: Vec<(i64, f64, f64)> = old
                        .json(s, "DocumentDetails")
                        .as_array()
                        .cloned()
                        .unwrap_or_default()
                        .iter()
                        .map(|r| (r["DocumentRowProductID"].as_i64().unwrap_or(0), r["DocumentRowQuantity"].as_f64().unwrap_or(0.0), 0.0))
                        .collect();
                    apply_adjustment(acc, ctx, old.int(s, "DocumentTypeId"), loc, &lines);
                }
                Ok(id)
            }
        }
    };
    match run(acc) {
        Ok(id) => entity_ok(s.entity, render(s, acc.get(Ent::Document, id).expect("stored")), id),
        Err(e) => update_error(e),
    }
}

// ------------------------------------------------------------------ sales orders

fn reserving(status: &str) -> bool {
    matches!(status, "Verified" | "PartiallyShipped" | "PartiallyShippedAndPartiallyInvoiced" | "PartiallyInvoiced")
}

fn fully_shipped(status: &str) -> bool {
    matches!(status, "FullyShipped" | "FullyInvoiced" | "Closed")
}

/// Moves a sales order to `new_status`, applying the stock model and queueing a
/// `document` update. `ship` optionally names (sku, quantity) to ship on a partial shipment.
pub fn set_order_status(acc: &mut Account, ctx: &Ctx, id: i64, new_status: &str, ship: &[(String, f64)]) -> ApiResult<()> {
    let s = &schema::SALES_ORDER;
    let Some(mut rec) = acc.get(Ent::SalesOrder, id).cloned() else { return Err(not_found(Ent::SalesOrder, id)) };
    let old_status = rec.str(s, "SalesOrderStatus");
    let loc = rec.int(s, "SalesOrderInventoryLocationID");
    let effects = acc.config.sales_order_stock_effects && loc > 0;
    let mut rows = rec.json(s, "SalesOrderDetails").as_array().cloned().unwrap_or_default();
    let mut deltas: Vec<(i64, f64, f64)> = Vec::new(); // (product, Δnon_shipped, Δphysical)
    let remaining = |row: &Value| {
        (row["SalesOrderRowQuantity"].as_f64().unwrap_or(0.0) - row["SalesOrderRowShippedQuantity"].as_f64().unwrap_or(0.0)).max(0.0)
    };
    let was_reserved = reserving(&old_status);
    let will_reserve = reserving(new_status) || fully_shipped(new_status);
    if !was_reserved && will_reserve && !fully_shipped(&old_status) {
        for row in &rows {
            deltas.push((row["SalesOrderRowProductID"].as_i64().unwrap_or(0), remaining(row), 0.0));
        }
    }
    if was_reserved && !will_reserve {
        for row in &rows {
            deltas.push((row["SalesOrderRowProductID"].as_i64().unwrap_or(0), -remaining(row), 0.0));
        }
    }
    if will_reserve && !fully_shipped(&old_status) {
        let mut ship_plan: Vec<(usize, f64)> = Vec::new();
        if fully_shipped(new_status) {
            ship_plan = rows.iter().enumerate().map(|(i, r)| (i, remaining(r))).collect();
        } else if new_status.starts_with("PartiallyShipped") && (!ship.is_empty() || !old_status.starts_with("PartiallyShipped")) {
            if ship.is_empty() {
                if let Some(i) = rows.iter().position(|r| remaining(r) > 0.0) {
                    ship_plan.push((i, remaining(&rows[i]).min(1.0)));
                }
            } else {
                for (sku, q) in ship {
                    let Some(i) = rows.iter().position(|r| r["SalesOrderRowProductSKU"].as_str().unwrap_or("").eq_ignore_ascii_case(sku)) else {
                        return Err(ApiError::new(format!("Sales order {id} has no row with SKU '{sku}'")));
                    };
                    ship_plan.push((i, q.min(remaining(&rows[i]))));
                }
            }
        }
        for (i, q) in ship_plan {
            if q <= 0.0 {
                continue;
            }
            let row = &mut rows[i];
            let shipped = row["SalesOrderRowShippedQuantity"].as_f64().unwrap_or(0.0) + q;
            row["SalesOrderRowShippedQuantity"] = schema::num_json(shipped);
            deltas.push((row["SalesOrderRowProductID"].as_i64().unwrap_or(0), -q, -q));
        }
    }
    rec.put(s, "SalesOrderDetails", Val::J(Box::new(Value::Array(rows))));
    rec.put(s, "SalesOrderStatus", Val::S(new_status.into()));
    acc.store_mut(Ent::SalesOrder).records.insert(id, rec);
    if effects {
        // One stock change (and one `stock` row) per product and transition.
        let mut per_product: std::collections::BTreeMap<i64, (f64, f64)> = std::collections::BTreeMap::new();
        for (pid, d_non_shipped, d_physical) in deltas {
            let e = per_product.entry(pid).or_insert((0.0, 0.0));
            e.0 += d_non_shipped;
            e.1 += d_physical;
        }
        for (pid, (d_non_shipped, d_physical)) in per_product {
            if acc.is_stock_tracked(pid) && (d_non_shipped != 0.0 || d_physical != 0.0) {
                acc.change_stock(ctx, pid, loc, |c| {
                    c.non_shipped += d_non_shipped;
                    c.physical += d_physical;
                });
            }
        }
    }
    if old_status != new_status {
        acc.emit_document(ctx, id);
    }
    Ok(())
}

fn order_totals(acc: &Account, rec: &mut Record) {
    let s = &schema::SALES_ORDER;
    let mut rows = rec.json(s, "SalesOrderDetails").as_array().cloned().unwrap_or_default();
    let (mut qty_total, mut subtotal, mut discount_total, mut tax_total) = (0.0, 0.0, 0.0, 0.0);
    for row in rows.iter_mut() {
        let qty = row["SalesOrderRowQuantity"].as_f64().unwrap_or(0.0);
        let price = row["SalesOrderRowUnitPriceWithoutTaxOrDiscount"].as_f64().unwrap_or(0.0);
        let gross = qty * price;
        let disc_pct = acc.get(Ent::Discount, row["SalesOrderRowDiscountID"].as_i64().unwrap_or(0)).map(|d| d.num(&schema::DISCOUNT, "DiscountValue")).unwrap_or(0.0);
        let tax_pct = acc.get(Ent::Tax, row["SalesOrderRowTaxID"].as_i64().unwrap_or(0)).map(|t| t.num(&schema::TAX, "TaxValue")).unwrap_or(0.0);
        let discount = gross * disc_pct / 100.0;
        let tax = (gross - discount) * tax_pct / 100.0;
        row["SalesOrderRowTotalAmount"] = schema::num_json(round2(gross - discount + tax));
        qty_total += qty;
        subtotal += gross;
        discount_total += discount;
        tax_total += tax;
    }
    rec.put(s, "SalesOrderDetails", Val::J(Box::new(Value::Array(rows))));
    rec.put(s, "SalesOrderTotalQuantity", Val::N(qty_total));
    rec.put(s, "SalesOrderAmountSubtotalWithoutTaxAndDiscount", Val::N(round2(subtotal)));
    rec.put(s, "SalesOrderAmountTotalDiscount", Val::N(round2(discount_total)));
    rec.put(s, "SalesOrderAmountTotalTax", Val::N(round2(tax_total)));
    rec.put(s, "SalesOrderAmountGrandTotal", Val::N(round2(subtotal - discount_total + tax_total + rec.num(s, "SalesOrderAmountShipping"))));
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Checks and completes an order. Returns the name of a client to create when the
/// order names an unknown client (SalesOrderClientID 0 + SalesOrderClientName).
fn validate_order(acc: &Account, rec: &mut Record) -> ApiResult<Option<String>> {
    let s = &schema::SALES_ORDER;
    let loc = rec.int(s, "SalesOrderInventoryLocationID");
    if loc != 0 && acc.get(Ent::Location, loc).is_none() {
        return Err(ApiError::new(format!("SalesOrderInventoryLocationID {loc} does not exist. Sales Order Update Failed")));
    }
    let currency = rec.str(s, "SalesOrderCurrencyCode");
    if !currency.is_empty() && !acc.store(Ent::Currency).records.values().any(|c| c.str(&schema::CURRENCY, "CurrencyCode").eq_ignore_ascii_case(&currency)) {
        return Err(ApiError::new(format!("SalesOrderCurrencyCode '{currency}' is not a currency of this account. Sales Order Update Failed")));
    }
    let client = rec.int(s, "SalesOrderClientID");
    if client > 0 {
        if !acc.is_live(Ent::Client, client) {
            return Err(ApiError::new(format!("SalesOrderClientID {client} does not exist. Sales Order Update Failed")));
        }
    } else {
        let name = rec.str(s, "SalesOrderClientName");
        if name.is_empty() {
            return Err(ApiError::new("SalesOrderClientID (or SalesOrderClientName for a new client) is mandatory. Sales Order Update Failed"));
        }
        match acc.clients_named(&name).find(|id| acc.is_live(Ent::Client, *id)) {
            Some(id) => rec.put(s, "SalesOrderClientID", Val::I(id)),
            None => return Ok(Some(name)),
        }
    }
    validate_rows(acc, rec)?;
    Ok(None)
}

fn validate_rows(acc: &Account, rec: &mut Record) -> ApiResult<()> {
    let s = &schema::SALES_ORDER;
    let (rows, lines) = resolve_rows(acc, rec.json(s, "SalesOrderDetails"), "SalesOrder")?;
    if lines.is_empty() {
        return Err(ApiError::new("SalesOrderDetails must contain at least one row. Sales Order Update Failed"));
    }
    for row in rows.as_array().expect("array") {
        for (field, ent) in [("SalesOrderRowTaxID", Ent::Tax), ("SalesOrderRowDiscountID", Ent::Discount)] {
            let id = row[field].as_i64().unwrap_or(0);
            if id > 0 && !acc.is_live(ent, id) {
                return Err(ApiError::new(format!("SalesOrderDetails: {field} {id} does not exist. Sales Order Update Failed")));
            }
        }
    }
    rec.put(s, "SalesOrderDetails", Val::J(Box::new(rows)));
    // Both spellings of the billing address carry the same value.
    let billing = rec.str(s, "SalesOrderBillingAddress");
    let address = rec.str(s, "SalesOrderAddress");
    if billing.is_empty() && !address.is_empty() {
        rec.put(s, "SalesOrderBillingAddress", Val::S(address.into()));
    } else if !billing.is_empty() {
        rec.put(s, "SalesOrderAddress", Val::S(billing.into()));
    }
    order_totals(acc, rec);
    Ok(())
}

/// Validates an order, creating the client it names when that client is new.
fn complete_order(acc: &mut Account, rec: &mut Record, ctx: &Ctx) -> ApiResult<()> {
    let s = &schema::SALES_ORDER;
    if let Some(name) = validate_order(acc, rec)? {
        // Rows are checked before anything is created.
        validate_rows(acc, &mut rec.clone())?;
        let mut obj = Map::new();
        obj.insert("supplierclientname".into(), Value::String(name));
        obj.insert("supplierclienttype".into(), Value::String("Client".into()));
        let (id, _) = upsert(acc, Ent::Client, &obj, Action::Insert, ctx, false)?;
        rec.put(s, "SalesOrderClientID", Val::I(id));
        validate_rows(acc, rec)?;
    }
    Ok(())
}

fn insert_order(acc: &mut Account, obj: &Map<String, Value>, ctx: &Ctx) -> ApiResult<i64> {
    let s = &schema::SALES_ORDER;
    let mut rec = Record::new(0);
    apply_fields(Ent::SalesOrder, &mut rec, obj, Action::Insert, false)?;
    let type_id = rec.int(s, "SalesOrderTypeId");
    if type_id != 0 && type_id != 3 {
        return Err(ApiError::new(format!("SalesOrderTypeId {type_id} is not a sales order type (the default is 3). Sales Order Update Failed")));
    }
    rec.put(s, "SalesOrderTypeId", Val::I(3));
    rec.put(s, "SalesOrderTypeAbbreviation", Val::S("SO".into()));
    rec.put(s, "SalesOrderTypeDescription", Val::S("Sales Order".into()));
    rec.put(s, "SalesOrderDate", Val::D(ctx.now));
    let loc = rec.int(s, "SalesOrderInventoryLocationID");
    let status_given = obj.get("salesorderstatus").is_some_and(|v| !is_empty_request_value(v));
    if loc != 0 && !status_given {
        return Err(ApiError::new("SalesOrderStatus is mandatory when SalesOrderInventoryLocationID is given. Sales Order Update Failed"));
    }
    let status = if status_given { rec.str(s, "SalesOrderStatus") } else { "Pending".to_string() };
    if status != "Pending" && status != "Verified" {
        return Err(ApiError::new(format!("A new Sales Order must be Pending or Verified, not {status}. Sales Order Update Failed")));
    }
    complete_order(acc, &mut rec, ctx)?;
    let taken = |a: &Account, no: &str| a.store(Ent::SalesOrder).records.values().any(|o| o.str(s, "SalesOrderNo") == no);
    let no = rec.str(s, "SalesOrderNo");
    if no.is_empty() {
        let no = next_doc_no(acc, 3, taken);
        rec.put(s, "SalesOrderNo", Val::S(no.into()));
    } else if acc.config.strict_sales_order_no && taken(acc, &no) {
        return Err(ApiError::with("SalesOrderNoAlreadyExists", 0, format!("A Sales Order with SalesOrderNo '{no}' already exists. Sales Order Update Failed")));
    }
    // Stock is applied by set_order_status, so the order starts Pending and moves on.
    rec.put(s, "SalesOrderStatus", Val::S("Pending".into()));
    rec.id = acc.take_id(Ent::SalesOrder);
    let id = rec.id;
    for line in rec.json(s, "SalesOrderDetails").as_array().cloned().unwrap_or_default() {
        acc.used_in_documents.insert(line["SalesOrderRowProductID"].as_i64().unwrap_or(0));
    }
    acc.store_mut(Ent::SalesOrder).records.insert(id, rec);
    if status == "Verified" {
        // No `document` row for the insert itself: only later status changes are queued.
        set_order_status_quiet(acc, ctx, id)?;
    }
    Ok(id)
}

/// Pending → Verified at insert time: reserves stock (emitting stock rows) without a `document` row.
fn set_order_status_quiet(acc: &mut Account, ctx: &Ctx, id: i64) -> ApiResult<()> {
    let before = acc.next_ids.get("integrationupdate").copied();
    set_order_status(acc, ctx, id, "Verified", &[])?;
    // Drop the document row the transition queued (it is the last one queued).
    let docs: Vec<i64> = acc
        .store(Ent::IntegrationUpdate)
        .records
        .range(before.unwrap_or(1)..)
        .filter(|(_, r)| r.str(&schema::INTEGRATION_UPDATE, "Entity") == "document")
        .map(|(id, _)| *id)
        .collect();
    for d in docs {
        acc.store_mut(Ent::IntegrationUpdate).records.remove(&d);
    }
    Ok(())
}

fn update_order(acc: &mut Account, obj: &Map<String, Value>, action: Action, ctx: &Ctx) -> ApiResult<i64> {
    let s = &schema::SALES_ORDER;
    let id = obj.get("salesorderid").and_then(scalar_int).unwrap_or(0);
    if id <= 0 {
        return Err(ApiError::new("SalesOrderId is mandatory when mvRecordAction is Update. Sales Order Update Failed"));
    }
    let Some(old) = acc.get(Ent::SalesOrder, id).cloned() else { return Err(not_found(Ent::SalesOrder, id)) };
    let old_status = old.str(s, "SalesOrderStatus");
    let mut rec = old.clone();
    apply_fields(Ent::SalesOrder, &mut rec, obj, action, true)?;
    let new_status = rec.str(s, "SalesOrderStatus");
    if old_status == "Cancelled" || old_status == "Closed" {
        return Err(ApiError::new(format!("A {old_status} Sales Order cannot be updated. Sales Order Update Failed")));
    }
    if new_status == "Cancelled" {
        return Err(ApiError::new("Use SalesOrderCancel to cancel a Sales Order. Sales Order Update Failed"));
    }
    rec.put(s, "SalesOrderTypeId", Val::I(3));
    rec.put(s, "SalesOrderStatus", Val::S(old_status.clone().into()));
    complete_order(acc, &mut rec, ctx)?;
    // Re-sending the same rows is not a change (and keeps the shipped quantities).
    if row_signature(&rec) == row_signature(&old) {
        rec.set(s.idx("SalesOrderDetails"), old.get(s.idx("SalesOrderDetails")).cloned());
        order_totals(acc, &mut rec);
    } else if old_status != "Pending" {
        return Err(ApiError::new("The rows of a Sales Order can only be changed while it is Pending. Sales Order Update Failed"));
    }
    acc.store_mut(Ent::SalesOrder).records.insert(id, rec);
    if new_status != old_status {
        set_order_status(acc, ctx, id, &new_status, &[])?;
    }
    Ok(id)
}

/// What makes two sets of order rows the same order: product, quantity, price, tax, discount.
fn row_signature(rec: &Record) -> Vec<(i64, f64, f64, i64, i64)> {
    rec.json(&schema::SALES_ORDER, "SalesOrderDetails")
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    (
                        r["SalesOrderRowProductID"].as_i64().unwrap_or(0),
                        r["SalesOrderRowQuantity"].as_f64().unwrap_or(0.0),
                        r["SalesOrderRowUnitPriceWithoutTaxOrDiscount"].as_f64().unwrap_or(0.0),
                        r["SalesOrderRowTaxID"].as_i64().unwrap_or(0),
                        r["SalesOrderRowDiscountID"].as_i64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn order_upsert(acc: &mut Account, req: &Req, ctx: &Ctx) -> ApiResult<i64> {
    let action = parse_action(req.get("mvRecordAction"))?;
    let obj = entity_object(req, &schema::SALES_ORDER)?;
    let id = obj.get("salesorderid").and_then(scalar_int).unwrap_or(0);
    match action {
        Action::Insert => insert_order(acc, obj, ctx),
        Action::Update => update_order(acc, obj, action, ctx),
        _ if id > 0 => update_order(acc, obj, action, ctx),
        _ => insert_order(acc, obj, ctx),
    }
}

fn sales_order_update(acc: &mut Account, req: &Req, ctx: &Ctx) -> Value {
    match order_upsert(acc, req, ctx) {
        Ok(id) => entity_ok("mvSalesOrder", render(&schema::SALES_ORDER, acc.get(Ent::SalesOrder, id).expect("stored")), id),
        Err(e) => update_error(e),
    }
}

fn sales_orders_update(acc: &mut Account, req: &Req, ctx: &Ctx) -> Value {
    let items = req.list("SalesOrders");
    if items.is_empty() {
        return error_envelope(&ApiError::new("SalesOrders is required"));
    }
    if items.len() > 50 {
        return error_envelope(&ApiError::new("SalesOrders accepts at most 50 orders per call"));
    }
    let responses: Vec<Value> = items.into_iter().map(|item| sales_order_update(acc, &Req(item), ctx)).collect();
    json!({"SalesOrdersResponses": responses, "ResponseStatus": ok_status()})
}

pub const CANCEL_ERROR: &str =
    "A Sales Order can only be Cancelled when the SalesOrderStatus is Pending or Verified. Sales Order Cancel Failed";

fn sales_order_cancel(acc: &mut Account, req: &Req, ctx: &Ctx) -> Value {
    let s = &schema::SALES_ORDER;
    let Some(no) = req.str("mvSalesOrderNoToCancel") else {
        return result_error(ApiError::new("mvSalesOrderNoToCancel is required"));
    };
    let type_id = req.int("mvSalesOrderTypeId").unwrap_or(0);
    if type_id != 0 && type_id != 3 {
        return result_error(ApiError::new(format!("mvSalesOrderTypeId {type_id} is not a sales order type")));
    }
    let candidates: Vec<(i64, String)> = acc
        .store(Ent::SalesOrder)
        .records
        .values()
        .filter(|o| o.str(s, "SalesOrderNo") == no)
        .map(|o| (o.id, o.str(s, "SalesOrderStatus")))
        .collect();
    if candidates.is_empty() {
        return result_error(ApiError::with("", 0, format!("Sales Order with SalesOrderNo '{no}' was not found. Sales Order Cancel Failed")));
    }
    let Some((id, _)) = candidates.iter().find(|(_, st)| st == "Pending" || st == "Verified") else {
        return result_error(ApiError::with("", 0, CANCEL_ERROR));
    };
    match set_order_status(acc, ctx, *id, "Cancelled", &[]) {
        Ok(()) => result_ok(),
        Err(e) => result_error(e),
    }
}

/// Used by the `/_sim/` controls: a product edit as if made in Megaventory's UI.
pub fn edit_product(acc: &mut Account, product_id: i64, changes: &Map<String, Value>, ctx: &Ctx) -> ApiResult<()> {
    let mut obj = Map::new();
    for (k, v) in changes {
        obj.insert(k.to_ascii_lowercase(), v.clone());
    }
    obj.insert("productid".into(), Value::from(product_id));
    upsert(acc, Ent::Product, &obj, Action::InsertOrUpdateNonEmptyFields, ctx, true).map(|_| ())
}
