//! Test controls under `/_sim/` (JSON in, JSON out). They ignore faults. The
//! mutating ones are journaled like API writes so `--state` replays them.

use serde_json::{json, Map, Value};

use crate::http::{HttpRequest, Reply};
use crate::lenient::{fold_case, scalar_f64, scalar_int, scalar_string, Req};
use crate::ops;
use crate::schema::{self, render, Record, Val};
use crate::world::{Ctx, Ent, World};
use crate::{apply_id_seed, lock, parse_accounts, Core, Faults, Rng, Shared, Stats};

const CONTROLS: &[(&str, &str)] = &[
    ("GET  /_sim/", "this list"),
    ("POST /_sim/reset", "fresh state; optional {\"accounts\": [...]} replaces the account configuration"),
    ("GET  /_sim/state", "whole state per account (?account=NAME for one)"),
    ("POST /_sim/stock", "set stock counters of a product at a location; emits a stock update"),
    ("POST /_sim/sales-order-status", "move a sales order to a status; emits a document update, ships stock"),
    ("POST /_sim/product-edit", "change a product as if edited in Megaventory's UI; emits a product update"),
    ("POST /_sim/integration-updates", "inject integration-update rows"),
    ("GET|POST /_sim/faults", "read or change fault injection"),
    ("GET|POST /_sim/canned-answers", "broken answers (raw body, status, content type) for the next request(s) of an operation"),
    ("POST /_sim/canned-answers/clear", "drop every pending canned answer"),
    ("GET  /_sim/stats", "request, fault and error counters"),
    ("POST /_sim/stats/reset", "zero the counters"),
    ("GET|POST /_sim/clock", "read or set the simulated clock"),
    ("POST /_sim/panic", "panic inside a request while holding the state lock (tests the panic guard)"),
];

fn bad(msg: impl Into<String>) -> Reply {
    Reply::json(400, &json!({"error": msg.into()}))
}

pub(crate) fn handle(shared: &Shared, req: &HttpRequest, route: &str) -> Reply {
    let body = if req.body.iter().all(|b| b.is_ascii_whitespace()) {
        json!({})
    } else {
        match serde_json::from_slice::<Value>(&req.body) {
            Ok(v @ Value::Object(_)) => v,
            Ok(_) => return bad("the body must be a JSON object"),
            Err(e) => return bad(format!("the body is not valid JSON: {e}")),
        }
    };
    let query = crate::lenient::query_to_json(&req.query);
    let route = route.to_ascii_lowercase();
    let method = req.method.as_str();
    match (method, route.as_str()) {
        ("GET", "") | ("GET", "help") => {
            Reply::json(200, &json!({"controls": CONTROLS.iter().map(|(r, d)| json!({"route": r, "what": d})).collect::<Vec<_>>()}))
        }
        ("POST", "reset") => reset(shared, &body),
        ("POST", "panic") => {
            // Exercises the per-request panic guard, with the state lock held (poisoning).
            let _held = lock(&shared.core);
            panic!("deliberate panic requested through /_sim/panic");
        }
        ("GET", "state") => {
            let core = lock(&shared.core);
            let wanted = query.get("account").and_then(|v| v.as_str()).map(str::to_string);
            let accounts: Vec<Value> = core
                .world
                .accounts
                .iter()
                .filter(|a| match wanted.as_deref() {
                    Some(w) => w.eq_ignore_ascii_case(&a.config.display_name()),
                    None => true,
                })
                .map(|a| a.dump())
                .collect();
            Reply::json(200, &json!({"now_ms": core.now(), "accounts": accounts}))
        }
        ("POST", "stock") | ("POST", "sales-order-status") | ("POST", "product-edit") | ("POST", "integration-updates") => {
            let mut body = fold_case(body);
            let mut core = lock(&shared.core);
            let Some(idx) = core.world.account_by_name(Req(&body).str("account").as_deref()) else {
                return bad("unknown account");
            };
            let name = core.world.accounts[idx].config.display_name();
            body["account"] = Value::String(name.clone());
            let now = core.now();
            match apply_mutation(&mut core, &route, &body, now) {
                Ok(v) => {
                    core.journal(&name, &format!("_sim/{route}"), &body, now);
                    Reply::json(200, &v)
                }
                Err(e) => bad(e),
            }
        }
        ("GET", "faults") => Reply::json(200, &serde_json::to_value(&lock(&shared.faults).0).unwrap_or(Value::Null)),
        ("POST", "faults") => {
            // The body is the complete fault configuration: omitted fields take their
            // defaults, so `{}` switches every fault off.
            match serde_json::from_value::<Faults>(body) {
                Ok(f) => {
                    let mut guard = lock(&shared.faults);
                    let seed = f.seed;
                    *guard = (f, Rng::new(seed));
                    Reply::json(200, &serde_json::to_value(&guard.0).unwrap_or(Value::Null))
                }
                Err(e) => bad(format!("invalid faults: {e}")),
            }
        }
        ("GET", "canned-answers") => {
            let list = lock(&shared.canned);
            Reply::json(200, &json!({"canned_answers": list.iter().map(|a| a.describe()).collect::<Vec<_>>()}))
        }
        ("POST", "canned-answers") => {
            // `{"answers": [...]}` or one answer object; all are checked before any is added.
            let items: Vec<Value> = match body.get("answers") {
                Some(Value::Array(items)) => items.clone(),
                Some(_) => return bad("answers must be a list"),
                None => vec![body.clone()],
            };
            let mut parsed = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match crate::canned::CannedAnswer::parse(item) {
                    Ok(a) => parsed.push(a),
                    Err(e) => return bad(format!("canned answer #{i}: {e}")),
                }
            }
            let mut list = lock(&shared.canned);
            list.retain(|a| !a.is_used_up());
            list.extend(parsed);
            Reply::json(200, &json!({"canned_answers": list.iter().map(|a| a.describe()).collect::<Vec<_>>()}))
        }
        ("POST", "canned-answers/clear") => {
            let mut list = lock(&shared.canned);
            let dropped = list.len();
            list.clear();
            Reply::json(200, &json!({"cleared": dropped}))
        }
        ("GET", "stats") => Reply::json(200, &serde_json::to_value(&*lock(&shared.stats)).unwrap_or(Value::Null)),
        ("POST", "stats/reset") => {
            *lock(&shared.stats) = Stats::default();
            Reply::json(200, &json!({"reset": true}))
        }
        ("GET", "clock") => {
            let core = lock(&shared.core);
            Reply::json(200, &json!({"now_ms": core.now(), "frozen": core.fixed_clock.is_some()}))
        }
        ("POST", "clock") => {
            // {"now_ms": T} freezes at T; {"now_ms": T, "running": true} runs on from T;
            // {"advance_ms": D} moves the clock (keeping its mode); {"real": true} = wall clock.
            let r = Req(&body);
            let mut core = lock(&shared.core);
            if r.bool("real") == Some(true) {
                core.fixed_clock = None;
                core.clock_offset_ms = 0;
            }
            let running = r.bool("running").unwrap_or(false);
            if let Some(t) = r.get("now_ms").and_then(scalar_int) {
                if running {
                    core.fixed_clock = None;
                    core.clock_offset_ms = t - crate::wall_ms();
                } else {
                    core.fixed_clock = Some(t);
                }
            }
            if let Some(d) = r.get("advance_ms").and_then(scalar_int) {
                match core.fixed_clock {
                    Some(t) => core.fixed_clock = Some(t + d),
                    None => core.clock_offset_ms += d,
                }
            }
            Reply::json(200, &json!({"now_ms": core.now(), "frozen": core.fixed_clock.is_some()}))
        }
        _ => bad(format!("unknown control {method} /_sim/{route}; GET /_sim/ lists them")),
    }
}

fn reset(shared: &Shared, body: &Value) -> Reply {
    let mut accounts = match body.get("accounts") {
        Some(v) => match parse_accounts(v) {
            Ok(a) => a,
            Err(e) => return bad(e),
        },
        None => {
            let mut a = shared.options.accounts.clone();
            if a.is_empty() {
                a.push(Default::default());
            }
            a
        }
    };
    apply_id_seed(&shared.options, &mut accounts);
    lock(&shared.canned).clear();
    let mut core = lock(&shared.core);
    let core = &mut *core;
    core.world = World::new(&accounts);
    if let Some(p) = &mut core.persist {
        if let Err(e) = p.compact(&core.world) {
            return bad(format!("could not write the state file: {e}"));
        }
    }
    Reply::json(200, &json!({"reset": true, "accounts": accounts.iter().map(|a| a.display_name()).collect::<Vec<_>>()}))
}

fn find_product(acc: &crate::world::Account, r: &Req) -> Result<i64, String> {
    if let Some(id) = r.int("product_id").filter(|i| *i > 0) {
        return acc.get(Ent::Product, id).map(|p| p.id).ok_or(format!("no product with id {id}"));
    }
    let sku = r.str("sku").ok_or("product_id or sku is required")?;
    match acc.find_product_by_sku(&sku) {
        Some((Ent::Product, id)) => Ok(id),
        _ => Err(format!("no product with SKU '{sku}'")),
    }
}

/// The mutating controls; shared by live requests and journal replay.
pub(crate) fn apply_mutation(core: &mut Core, route: &str, body: &Value, now: i64) -> Result<Value, String> {
    let r = Req(body);
    let idx = core.world.account_by_name(r.str("account").as_deref()).ok_or("unknown account")?;
    let acc = &mut core.world.accounts[idx];
    let ctx = Ctx { now, source_app: String::new(), replaying: false };
    match route {
        "stock" => {
            let pid = find_product(acc, &r)?;
            let loc = if let Some(id) = r.int("location_id").filter(|i| *i > 0) {
                acc.get(Ent::Location, id).map(|l| l.id).ok_or(format!("no inventory location with id {id}"))?
            } else if let Some(text) = r.str("location") {
                let s = &schema::LOCATION;
                acc.store(Ent::Location)
                    .records
                    .values()
                    .find(|l| l.str(s, "InventoryLocationAbbreviation").eq_ignore_ascii_case(&text) || l.str(s, "InventoryLocationName").eq_ignore_ascii_case(&text))
                    .map(|l| l.id)
                    .ok_or(format!("no inventory location '{text}'"))?
            } else {
                acc.default_location().ok_or("the account has no inventory location")?
            };
            let field = |k: &str| r.get(k).and_then(scalar_f64);
            let (physical, on_hold, non_shipped, nawo, nrpo, nrwo, alert) = (
                field("physical"),
                field("on_hold"),
                field("non_shipped"),
                field("non_allocated_wos"),
                field("non_received_pos"),
                field("non_received_wos"),
                field("alert_level"),
            );
            acc.change_stock(&ctx, pid, loc, |c| {
                if let Some(v) = physical {
                    c.physical = v;
                }
                if let Some(v) = on_hold {
                    c.on_hold = v;
                }
                if let Some(v) = non_shipped {
                    c.non_shipped = v;
                }
                if let Some(v) = nawo {
                    c.non_allocated_wos = v;
                }
                if let Some(v) = nrpo {
                    c.non_received_pos = v;
                }
                if let Some(v) = nrwo {
                    c.non_received_wos = v;
                }
                if let Some(v) = alert {
                    c.alert_level = v;
                }
            });
            Ok(acc.stock_item(pid, &[]))
        }
        "sales-order-status" => {
            let s = &schema::SALES_ORDER;
            let id = if let Some(id) = r.int("sales_order_id").filter(|i| *i > 0) {
                acc.get(Ent::SalesOrder, id).map(|o| o.id).ok_or(format!("no sales order with id {id}"))?
            } else {
                let no = r.str("sales_order_no").ok_or("sales_order_no or sales_order_id is required")?;
                acc.store(Ent::SalesOrder).records.values().find(|o| o.str(s, "SalesOrderNo") == no).map(|o| o.id).ok_or(format!("no sales order numbered '{no}'"))?
            };
            let status_text = r.str("status").ok_or("status is required")?;
            let status = schema::canonical_status(&status_text).ok_or(format!("unknown sales order status '{status_text}'"))?;
            let ship: Vec<(String, f64)> = r
                .list("ship")
                .into_iter()
                .map(|item| {
                    let i = Req(item);
                    (i.str("sku").unwrap_or_default(), i.get("quantity").and_then(scalar_f64).unwrap_or(0.0))
                })
                .collect();
            ops::set_order_status(acc, &ctx, id, status, &ship).map_err(|e| e.message)?;
            Ok(render(s, acc.get(Ent::SalesOrder, id).expect("exists")))
        }
        "product-edit" => {
            let pid = find_product(acc, &r)?;
            let changes: Map<String, Value> = r.obj("changes").cloned().ok_or("changes (an object of mvProduct fields) is required")?;
            ops::edit_product(acc, pid, &changes, &ctx).map_err(|e| e.message)?;
            Ok(render(&schema::PRODUCT, acc.get(Ent::Product, pid).expect("exists")))
        }
        "integration-updates" => {
            let items: Vec<&Value> = if r.has("updates") { r.list("updates") } else { vec![body] };
            let mut ids = Vec::new();
            for item in items {
                let i = Req(item);
                let s = &schema::INTEGRATION_UPDATE;
                let entity = i.str("entity").ok_or("entity is required")?;
                let json_data = match i.get("json_data") {
                    None => String::new(),
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                };
                let id = acc.take_id(Ent::IntegrationUpdate);
                let mut rec = Record::new(id);
                rec.put(s, "Application", Val::S(i.str("application").unwrap_or_else(|| "Woocommerce".into()).into()));
                rec.put(s, "Entity", Val::S(entity.into()));
                rec.put(s, "Action", Val::S(i.str("action").unwrap_or_else(|| "update".into()).into()));
                rec.put(s, "EntityIDs", Val::S(i.get("entity_ids").and_then(scalar_string).unwrap_or_default().into()));
                rec.put(s, "JsonData", Val::S(json_data.into()));
                rec.put(s, "Tries", Val::I(i.int("tries").unwrap_or(0)));
                rec.put(s, "Payload", Val::S(i.str("payload").unwrap_or_default().into()));
                rec.put(s, "IntegrationUpdateDateTime", Val::D(now));
                acc.store_mut(Ent::IntegrationUpdate).records.insert(id, rec);
                ids.push(id);
            }
            Ok(json!({"IntegrationUpdateIDs": ids}))
        }
        other => Err(format!("unknown control {other}")),
    }
}
