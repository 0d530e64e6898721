//! The plugin's `megaventory/v1` JSON ↔ the engine's types. Pure functions, tested natively.

use serde::Deserialize;
use serde_json::{json, Value};
use sync_core::engine::{EventPayload, Link, LinkKind, LogEntry, LogLevel};
use sync_core::{OutboxAction, OutboxEvent, OutboxKind, SyncConfig, SyncError};

/// One row of `POST /outbox/claim` (fields the engine needs; the rest is ignored).
#[derive(Debug, Clone, Deserialize)]
pub struct OutboxRow {
    pub id: u64,
    pub entity_type: String,
    pub entity_id: u64,
    pub action: String,
    #[serde(default)]
    pub payload: Option<Value>,
    #[serde(default)]
    pub attempts: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ClaimAnswer {
    pub lease_token: String,
    #[serde(default)]
    pub items: Vec<Value>,
}

/// `POST /poll/lease`.
#[derive(Debug, Clone, Deserialize)]
pub struct PollLeaseAnswer {
    pub granted: bool,
    #[serde(default)]
    pub renewed: bool,
}

/// The plugin's row (entity type + action) as an engine event. `attempts` counts the failures
/// workers reported (a claim or an expired lease is not one), as the engine does.
pub fn event_of_row(row: &OutboxRow) -> Result<OutboxEvent, String> {
    let kind = match row.entity_type.as_str() {
        "product" => OutboxKind::Product,
        "variation" => OutboxKind::Variation,
        "customer" => OutboxKind::Customer,
        "coupon" => OutboxKind::Coupon,
        "tax_rate" => OutboxKind::TaxRate,
        "order" => OutboxKind::Order,
        other => {
            return Err(format!(
                "outbox row {} has an unknown entity type {other:?}",
                row.id
            ))
        }
    };
    let action = match (kind, row.action.as_str()) {
        (OutboxKind::Order, "cancelled") => OutboxAction::Cancel,
        (OutboxKind::Order, "deleted") => OutboxAction::Delete,
        // Created, paid, status changed, trashed: the engine re-reads the order and decides.
        (OutboxKind::Order, _) => OutboxAction::Create,
        (OutboxKind::TaxRate, "deleted") => OutboxAction::Delete,
        (OutboxKind::TaxRate, _) => OutboxAction::Create,
        (OutboxKind::Coupon, "used") => OutboxAction::Used,
        (_, "trashed" | "deleted") => OutboxAction::Delete,
        // `created` and `updated` alike: an `updated` of an unlinked entity is a create.
        (_, "created" | "updated" | "status_changed" | "used") => OutboxAction::Upsert,
        (_, other) => {
            return Err(format!(
                "outbox row {} has an unknown action {other:?}",
                row.id
            ))
        }
    };
    let payload = row.payload.as_ref();
    let text = |key: &str| {
        payload
            .and_then(|p| p.get(key))
            .and_then(Value::as_str)
            .map(str::to_string)
            .filter(|s| !s.is_empty())
    };
    let sku = text("sku")
        .or_else(|| text("link_sku"))
        .or_else(|| text("code"))
        .or_else(|| text("email"));
    let mv_id = payload.and_then(|p| p.get("mv_id")).and_then(|v| match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    });
    Ok(OutboxEvent {
        id: row.id,
        kind,
        action,
        wc_id: row.entity_id,
        attempts: row.attempts,
        payload: EventPayload { sku, mv_id },
    })
}

/// The plugin's `wc_type` for an engine link kind.
pub fn link_type(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Product => "product",
        LinkKind::Client => "customer",
        LinkKind::Discount => "coupon",
        LinkKind::Tax => "tax_rate",
        LinkKind::SalesOrder => "order",
    }
}

/// Content hashes travel as 16 hex digits (the plugin stores text).
pub fn encode_hash(hash: u64) -> Option<String> {
    (hash != 0).then(|| format!("{hash:016x}"))
}

/// An unreadable or missing hash reads as 0: the next sync sends the entity again.
pub fn decode_hash(text: Option<&str>) -> u64 {
    text.and_then(|t| u64::from_str_radix(t.trim(), 16).ok())
        .unwrap_or(0)
}

/// One link of the plugin's answers.
pub fn link_of_json(kind: LinkKind, value: &Value) -> Option<Link> {
    let number = |key: &str| match value.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    Some(Link {
        kind,
        wc_id: u64::try_from(number("wc_id")?).ok()?,
        mv_id: number("mv_id")?,
        hash: decode_hash(value.get("content_hash").and_then(Value::as_str)),
        // The plugin's links table has no label column: a label travels as the link's `sku`.
        label: value
            .get("sku")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|sku| !sku.is_empty())
            .map(str::to_string),
    })
}

/// The plugin refuses a link `sku` longer than this (characters).
const LINK_SKU_MAX_CHARS: usize = 191;

/// `{"links": [...]}`, a bare list, or one link object (the by-mv-id route answers one).
pub fn links_of_answer(kind: LinkKind, answer: &Value) -> Vec<Link> {
    let items: Vec<&Value> = match answer {
        Value::Array(items) => items.iter().collect(),
        Value::Object(map) => match map.get("links").or_else(|| map.get("items")) {
            Some(Value::Array(items)) => items.iter().collect(),
            _ if map.contains_key("wc_id") => vec![answer],
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    items
        .into_iter()
        .filter_map(|v| link_of_json(kind, v))
        .collect()
}

pub fn link_json(link: &Link) -> Value {
    let mut json = json!({
        "wc_type": link_type(link.kind),
        "wc_id": link.wc_id,
        "mv_id": link.mv_id,
        "content_hash": encode_hash(link.hash),
    });
    if let Some(label) = &link.label {
        // A label is display only: shortened rather than have the plugin refuse the link.
        json["sku"] = Value::String(label.chars().take(LINK_SKU_MAX_CHARS).collect());
    }
    json
}

/// The relay may answer `{"operation", "http_status", "response"}` or pass Megaventory's answer
/// through unchanged; either way the client gets Megaventory's status and body.
pub fn unwrap_relay(status: u16, body: String) -> (u16, String) {
    if !(200..300).contains(&status) {
        return (status, body);
    }
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(&body) else {
        return (status, body);
    };
    if !(map.contains_key("operation") && map.contains_key("response")) {
        return (status, body);
    }
    let inner_status = map
        .get("http_status")
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok())
        .unwrap_or(status);
    let inner = match map.get("response") {
        Some(Value::Object(o)) if o.len() == 1 && o.contains_key("raw") => o
            .get("raw")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        Some(value) => value.to_string(),
        None => String::new(),
    };
    (inner_status, inner)
}

/// The engine configuration from `GET /config` (unknown or missing settings keep defaults).
pub fn sync_config_of(config: &Value) -> SyncConfig {
    let mut sync = SyncConfig::default();
    let text = |key: &str| {
        config
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let integer = |key: &str| match config.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    if let Some(currency) = text("currency") {
        sync.shop_currency = currency;
    }
    if let Some(sku) = text("shipping_service_sku") {
        sync.shipping_sku = sku;
    }
    if let Some(sku) = text("fee_service_sku") {
        sync.fee_sku = sku;
    }
    if let Some(Value::Object(map)) = config.get("payment_method_map") {
        sync.payment_methods = map
            .iter()
            .filter_map(|(gateway, method)| Some((gateway.clone(), method.as_str()?.to_string())))
            .collect();
    }
    if let Some(Value::Array(ids)) = config.get("included_location_ids") {
        sync.included_location_ids = ids
            .iter()
            .filter_map(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
            .collect();
    }
    sync.default_order_location = integer("default_location_id").filter(|id| *id > 0);
    if let Some(concurrency) = integer("worker_concurrency").filter(|c| *c > 0) {
        sync.concurrency = concurrency as usize;
    }
    sync
}

/// The text stored with a failed outbox row: code, entity and message (at most 2,000 chars).
pub fn failure_text(error: &SyncError) -> String {
    let text = format!("[{}] {}: {}", error.code, error.entity, error.message);
    text.chars().take(2000).collect()
}

/// One `POST /logs` entry.
pub fn log_json(entry: &LogEntry) -> Value {
    let level = match entry.level {
        LogLevel::Info => "info",
        LogLevel::Warning => "warning",
        LogLevel::Error => "error",
    };
    let mut message = match &entry.entity {
        Some(entity) => format!("{entity}: {}", entry.message),
        None => entry.message.clone(),
    };
    if message.trim().is_empty() {
        message = entry.code.clone();
    }
    json!({
        "level": level,
        "message": message.chars().take(4000).collect::<String>(),
        "context": {"code": entry.code, "entity": entry.entity},
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sync_core::{EntityKind, EntityRef};

    fn row(entity_type: &str, action: &str) -> OutboxRow {
        OutboxRow {
            id: 7,
            entity_type: entity_type.into(),
            entity_id: 42,
            action: action.into(),
            payload: Some(json!({"sku": "TS-01", "mv_id": 4242})),
            attempts: 2,
        }
    }

    #[test]
    fn every_plugin_action_maps_to_an_engine_action() {
        let cases = [
            (
                "product",
                "created",
                OutboxKind::Product,
                OutboxAction::Upsert,
            ),
            (
                "product",
                "updated",
                OutboxKind::Product,
                OutboxAction::Upsert,
            ),
            (
                "product",
                "trashed",
                OutboxKind::Product,
                OutboxAction::Delete,
            ),
            (
                "variation",
                "deleted",
                OutboxKind::Variation,
                OutboxAction::Delete,
            ),
            (
                "customer",
                "created",
                OutboxKind::Customer,
                OutboxAction::Upsert,
            ),
            (
                "customer",
                "deleted",
                OutboxKind::Customer,
                OutboxAction::Delete,
            ),
            ("coupon", "used", OutboxKind::Coupon, OutboxAction::Used),
            (
                "coupon",
                "trashed",
                OutboxKind::Coupon,
                OutboxAction::Delete,
            ),
            (
                "tax_rate",
                "updated",
                OutboxKind::TaxRate,
                OutboxAction::Create,
            ),
            (
                "tax_rate",
                "deleted",
                OutboxKind::TaxRate,
                OutboxAction::Delete,
            ),
            ("order", "created", OutboxKind::Order, OutboxAction::Create),
            (
                "order",
                "status_changed",
                OutboxKind::Order,
                OutboxAction::Create,
            ),
            (
                "order",
                "cancelled",
                OutboxKind::Order,
                OutboxAction::Cancel,
            ),
        ];
        for (entity_type, action, kind, engine_action) in cases {
            let event = event_of_row(&row(entity_type, action)).unwrap();
            assert_eq!(
                (event.kind, event.action),
                (kind, engine_action),
                "{entity_type} {action}"
            );
            assert_eq!(event.wc_id, 42);
            assert_eq!(event.attempts, 2, "the failures reported so far");
            assert_eq!(event.payload.sku.as_deref(), Some("TS-01"));
            assert_eq!(event.payload.mv_id, Some(4242));
        }
        let err = event_of_row(&row("page", "created")).unwrap_err();
        assert!(err.contains("row 7") && err.contains("page"), "{err}");
        let err = event_of_row(&row("product", "exploded")).unwrap_err();
        assert!(err.contains("exploded"), "{err}");
    }

    #[test]
    fn links_round_trip_with_their_hash() {
        let link = Link {
            kind: LinkKind::Client,
            wc_id: 5,
            mv_id: 99,
            hash: 0xdead_beef_0000_0001,
            label: None,
        };
        let sent = link_json(&link);
        assert_eq!(sent["wc_type"], "customer");
        assert!(sent.get("sku").is_none(), "no label, no sku: {sent}");
        assert_eq!(
            links_of_answer(LinkKind::Client, &json!({"links": [sent.clone()]})),
            vec![link.clone()]
        );
        assert_eq!(links_of_answer(LinkKind::Client, &sent), vec![link.clone()]);
        assert_eq!(decode_hash(Some("not hex")), 0);
        assert_eq!(
            link_json(&Link { hash: 0, ..link })["content_hash"],
            Value::Null
        );
    }

    #[test]
    fn a_sales_order_label_travels_as_the_link_sku() {
        let link = Link {
            kind: LinkKind::SalesOrder,
            wc_id: 1218,
            mv_id: 7,
            hash: 3,
            label: Some("SO 12 · Main · Verified".into()),
        };
        let sent = link_json(&link);
        assert_eq!(sent["sku"], "SO 12 · Main · Verified");
        assert_eq!(
            links_of_answer(LinkKind::SalesOrder, &json!({"links": [sent]})),
            vec![link.clone()]
        );
        // The plugin answers an unset sku as null (or an old row as "").
        for empty in [Value::Null, json!(""), json!("  ")] {
            let answer = json!({"wc_id": 1218, "mv_id": 7, "sku": empty});
            assert_eq!(
                links_of_answer(LinkKind::SalesOrder, &answer)[0].label,
                None
            );
        }
        let long = Link {
            label: Some("·".repeat(300)),
            ..link
        };
        let sku = link_json(&long)["sku"].as_str().unwrap().to_string();
        assert_eq!(sku.chars().count(), LINK_SKU_MAX_CHARS);
    }

    #[test]
    fn relay_answers_are_unwrapped_or_passed_through() {
        let wrapped = json!({"operation": "ProductGet", "http_status": 500, "response": {"ResponseStatus": {"ErrorCode": "0"}}}).to_string();
        let (status, body) = unwrap_relay(200, wrapped);
        assert_eq!(status, 500);
        assert!(body.contains("ResponseStatus"));
        let (status, body) = unwrap_relay(
            200,
            json!({"operation": "X", "http_status": 502, "response": {"raw": "<html>"}})
                .to_string(),
        );
        assert_eq!((status, body.as_str()), (502, "<html>"));
        let plain = json!({"ResponseStatus": {"ErrorCode": "0"}}).to_string();
        assert_eq!(unwrap_relay(200, plain.clone()), (200, plain));
        assert_eq!(unwrap_relay(403, "x".into()), (403, "x".into()));
    }

    #[test]
    fn plugin_settings_become_the_engine_config() {
        let config = sync_config_of(&json!({
            "currency": "EUR", "shipping_service_sku": "ship", "fee_service_sku": "",
            "payment_method_map": {"cod": "Cash"}, "included_location_ids": [1, "2"],
            "default_location_id": 0, "worker_concurrency": 3
        }));
        assert_eq!(config.shop_currency, "EUR");
        assert_eq!(config.shipping_sku, "ship");
        assert_eq!(config.fee_sku, SyncConfig::default().fee_sku);
        assert_eq!(config.payment_methods.len(), 1);
        assert_eq!(config.included_location_ids, vec![1, 2]);
        assert_eq!(config.default_order_location, None);
        assert_eq!(config.concurrency, 3);
    }

    #[test]
    fn failure_text_names_code_and_entity() {
        let error = SyncError::permanent(
            "product.no_sku",
            &EntityRef::new(EntityKind::Product, 9, "Mug"),
            "x".repeat(3000),
        );
        let text = failure_text(&error);
        assert!(
            text.starts_with("[product.no_sku] product #9 (Mug): "),
            "{text}"
        );
        assert_eq!(text.chars().count(), 2000);
    }
}
