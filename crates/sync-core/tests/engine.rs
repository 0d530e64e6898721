//! The engine end to end, natively, against the simulator (`megaventory_sim::start`) with the
//! native transport: initial sync, the four imports (with a crash and a resume), continuous
//! sync with a replayed order event, integration updates with a poison row, and the preview.
#![cfg(not(target_arch = "wasm32"))]

use futures::executor::block_on;
use megaventory::model::*;
use megaventory::request::*;
use megaventory::transport::native::NativeTransport;
use megaventory::{ApiKey, Client, Endpoint, RetryPolicy};
use megaventory_sim::{SimOptions, SimServer};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;
use std::rc::Rc;
use std::time::Duration;
use sync_core::engine::continuous::{ContinuousReport, UpdateWatermarks, WATERMARKS_JOB};
use sync_core::engine::imports::ImportKind;
use sync_core::engine::preview::PreviewTarget;
use sync_core::engine::{EventPayload, JobError, WooSide};
use sync_core::testing::MemoryShop;
use sync_core::woo::OrderStatus;
use sync_core::{Engine, LinkKind, OutboxAction, OutboxKind, SyncConfig};

type Calls = Rc<RefCell<BTreeMap<String, u64>>>;

fn start_sim() -> SimServer {
    megaventory_sim::start("127.0.0.1:0", SimOptions::default()).expect("simulator starts")
}

fn client_for(sim: &SimServer) -> (Client<NativeTransport>, Calls) {
    let calls: Calls = Rc::default();
    let seen = calls.clone();
    let policy = RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(50),
        request_timeout: Duration::from_secs(20),
    };
    let client = Client::new(
        NativeTransport::new(Endpoint::direct(sim.base_url())),
        Some(ApiKey::new("demo@m1").unwrap()),
        policy,
    )
    .with_observer(move |event| {
        *seen
            .borrow_mut()
            .entry(event.operation.to_string())
            .or_default() += 1
    });
    (client, calls)
}

fn calls_of(calls: &Calls, operation: &str) -> u64 {
    calls.borrow().get(operation).copied().unwrap_or(0)
}

fn fixture_shop() -> MemoryShop {
    MemoryShop::from_fixtures(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wc"))
        .expect("fixtures load")
}

/// The simulator and the fixture shop after the initial sync and the product import: where most
/// tests here start.
struct Synced {
    sim: SimServer,
    client: Client<NativeTransport>,
    calls: Calls,
    shop: MemoryShop,
    config: SyncConfig,
}

impl Synced {
    fn new() -> Synced {
        let sim = start_sim();
        let (client, calls) = client_for(&sim);
        let synced = Synced {
            sim,
            client,
            calls,
            shop: fixture_shop(),
            config: SyncConfig::default(),
        };
        {
            let engine = synced.engine();
            block_on(engine.initial_sync()).unwrap();
            block_on(engine.run_import(ImportKind::Products)).unwrap();
        }
        synced
    }

    fn engine(&self) -> Engine<'_, MemoryShop, NativeTransport> {
        Engine::new(&self.shop, &self.client, &self.config)
    }
}

fn sim_control(sim: &SimServer, route: &str, body: &str) -> serde_json::Value {
    let mut stream = std::net::TcpStream::connect(sim.local_addr()).unwrap();
    write!(
        stream,
        "POST /_sim/{route} HTTP/1.1\r\nHost: sim\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "control {route}: {answer}"
    );
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    serde_json::from_str(body).unwrap_or(serde_json::Value::Null)
}

fn product_by_sku(client: &Client<NativeTransport>, sku: &str) -> Vec<Product> {
    block_on(client.call(&ProductGet::filtered(vec![Filter::equals(
        "ProductSKU",
        sku,
    )])))
    .unwrap()
    .products
}

fn orders_with_reference(client: &Client<NativeTransport>, reference: &str) -> Vec<SalesOrder> {
    block_on(client.call(&SalesOrderGet::by_reference(reference)))
        .unwrap()
        .sales_orders
}

#[test]
fn initial_sync_creates_prerequisites_links_existing_products_and_can_rerun() {
    let sim = start_sim();
    let (client, _) = client_for(&sim);
    // A product that already exists in Megaventory with a WooCommerce SKU gets linked.
    block_on(client.call(&ProductUpdate::insert(Product::new(
        "FX-MUG-001",
        "mug made in Megaventory",
    ))))
    .unwrap();
    let shop = fixture_shop();
    let config = SyncConfig::default();
    let engine = Engine::new(&shop, &client, &config);

    let report = block_on(engine.initial_sync()).expect("initial sync");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    for sku in ["shipping", "extra_fee_service"] {
        let found = product_by_sku(&client, sku);
        assert_eq!(found.len(), 1, "{sku}");
        assert_eq!(found[0].product_type, Some(ProductType::Service));
    }
    let guest = block_on(client.call(&SupplierClientGet::by_name("WooCommerce_Guest")))
        .unwrap()
        .supplier_clients;
    assert_eq!(guest.len(), 1);
    let taxes = block_on(client.call(&TaxGet::all())).unwrap().taxes;
    let names: Vec<String> = taxes
        .iter()
        .map(|t| {
            format!(
                "{} {}",
                t.tax_name.clone().unwrap(),
                t.tax_value.clone().unwrap()
            )
        })
        .collect();
    for expected in [
        "fx-VAT 19",
        "fx-VAT reduced 7",
        "fx-CA State 7.25",
        "fx-CA County 1",
    ] {
        assert_eq!(
            names.iter().filter(|n| *n == expected).count(),
            1,
            "{expected} in {names:?}"
        );
    }
    // DE and AT fx-VAT 19 % are one Megaventory tax, both linked to it.
    let tax_links = shop.links(LinkKind::Tax);
    assert_eq!(tax_links.len(), 5);
    assert_eq!(
        tax_links.iter().find(|l| l.wc_id == 40).unwrap().mv_id,
        tax_links.iter().find(|l| l.wc_id == 41).unwrap().mv_id
    );
    assert!(report
        .warnings
        .iter()
        .any(|w| w.code == "tax.shared_name_rate"));
    assert_eq!(report.products_linked, 1);
    assert_eq!(
        shop.link(LinkKind::Product, 1206).unwrap().mv_id,
        product_by_sku(&client, "FX-MUG-001")[0].product_id.unwrap()
    );

    let again = block_on(Engine::new(&shop, &client, &config).initial_sync()).expect("rerun");
    assert!(
        again.created.is_empty(),
        "a rerun creates nothing: {:?}",
        again.created
    );
    assert_eq!(
        block_on(client.call(&TaxGet::all())).unwrap().taxes.len(),
        taxes.len()
    );
    assert_eq!(product_by_sku(&client, "shipping").len(), 1);
}

#[test]
fn initial_sync_replaces_a_guest_link_to_another_account() {
    let sim = start_sim();
    let (client, _) = client_for(&sim);
    let shop = fixture_shop();
    // Left by another Megaventory account: no such client here.
    block_on(sync_core::WooSide::put_link(
        &shop,
        sync_core::Link {
            kind: LinkKind::Client,
            wc_id: 0,
            mv_id: 987_654,
            hash: 0,
            label: None,
        },
    ))
    .unwrap();
    let report = block_on(Engine::new(&shop, &client, &SyncConfig::default()).initial_sync())
        .expect("initial sync");
    let guests = block_on(client.call(&SupplierClientGet::by_name("WooCommerce_Guest")))
        .unwrap()
        .supplier_clients;
    assert_eq!(
        guests.len(),
        1,
        "the guest client is created in this account"
    );
    assert_eq!(
        shop.link(LinkKind::Client, 0).map(|l| l.mv_id),
        guests[0].supplier_client_id,
        "the link names it"
    );
    assert!(
        report
            .created
            .iter()
            .any(|c| c.contains("WooCommerce_Guest")),
        "{:?}",
        report.created
    );
}

#[test]
fn initial_sync_refuses_a_wrong_account() {
    let sim = start_sim();
    let (client, _) = client_for(&sim);
    let shop = MemoryShop::new();
    let euro = SyncConfig {
        shop_currency: "EUR".into(),
        ..SyncConfig::default()
    };
    match block_on(Engine::new(&shop, &client, &euro).initial_sync()) {
        Err(JobError::Sync(e)) => assert_eq!(e.code, "account.currency_mismatch"),
        other => panic!("{other:?}"),
    }
    let wrong_key = Client::new(
        NativeTransport::new(Endpoint::direct(sim.base_url())),
        Some(ApiKey::new("wrong@m1").unwrap()),
        RetryPolicy::no_retries(),
    );
    match block_on(Engine::new(&shop, &wrong_key, &SyncConfig::default()).check_account()) {
        Err(e) => assert_eq!(e.code, "account.invalid_key"),
        Ok(()) => panic!("a wrong key passes"),
    }
    sim_control(
        &sim,
        "reset",
        r#"{"accounts": [{"api_key": "demo@m1", "settings": {"isWoocommerceEnabled": false}}]}"#,
    );
    match block_on(Engine::new(&shop, &client, &SyncConfig::default()).check_account()) {
        Err(e) => assert_eq!(e.code, "account.integration_disabled"),
        Ok(()) => panic!("a disabled integration passes"),
    }
    sim_control(
        &sim,
        "reset",
        r#"{"accounts": [{"api_key": "demo@m1", "role": "Sales"}]}"#,
    );
    match block_on(Engine::new(&shop, &client, &SyncConfig::default()).check_account()) {
        Err(e) => assert_eq!(e.code, "account.not_admin"),
        Ok(()) => panic!("a non-admin key passes"),
    };
}

#[test]
fn product_client_and_discount_imports_with_fixtures() {
    let sim = start_sim();
    let (client, calls) = client_for(&sim);
    let shop = fixture_shop();
    let config = SyncConfig {
        page_size: 2,
        ..SyncConfig::default()
    };
    let progress = Rc::new(RefCell::new(Vec::new()));
    let seen = progress.clone();
    let engine = Engine::new(&shop, &client, &config)
        .on_progress(move |p| seen.borrow_mut().push(p.clone()));

    let products = block_on(engine.run_import(ImportKind::Products)).expect("products import");
    let codes: Vec<&str> = products.errors.iter().map(|e| e.code).collect();
    assert_eq!(
        codes
            .iter()
            .filter(|c| **c == "product.missing_sku")
            .count(),
        1,
        "{codes:?}"
    );
    assert_eq!(
        codes
            .iter()
            .filter(|c| **c == "variation.missing_sku")
            .count(),
        1,
        "{codes:?}"
    );
    assert_eq!(
        (products.total, products.done, products.skipped),
        (5, 5, 1),
        "the draft is skipped"
    );
    assert_eq!(products.created, 4, "mug, fancy title, two tee variations");
    for sku in ["FX-MUG-001", "FX-FANCY-☕", "FX-TEE-RED-S", "FX-TEE-BLUE-M"] {
        assert_eq!(product_by_sku(&client, sku).len(), 1, "{sku}");
    }
    let mug = &product_by_sku(&client, "FX-MUG-001")[0];
    assert_eq!(
        mug.product_purchase_price,
        Some(megaventory::Decimal::parse("7.35").unwrap())
    );
    let category_reads = calls_of(&calls, "ProductCategoryGet");
    let categories = block_on(client.call(&ProductCategoryGet::all()))
        .unwrap()
        .categories;
    let category_names: Vec<String> = categories
        .iter()
        .filter_map(|c| c.product_category_name.clone())
        .collect();
    assert!(
        category_names.contains(&"fx-Kitchen / fx-Mugs".to_string()),
        "{category_names:?}"
    );
    assert_eq!(category_reads, 1, "categories are read once per job");
    assert_eq!(
        calls_of(&calls, "ProductCategoryUpdate"),
        2,
        "two new categories, each created once"
    );
    let last = progress.borrow().last().cloned().unwrap();
    assert_eq!((last.done, last.total), (5, 5));
    assert!(
        shop.checkpoint("import.products").is_none(),
        "a finished job clears its checkpoint"
    );

    // Nothing changed: a rerun sends no product.
    let updates_before = calls_of(&calls, "ProductUpdate");
    let rerun =
        block_on(Engine::new(&shop, &client, &config).run_import(ImportKind::Products)).unwrap();
    assert_eq!((rerun.created, rerun.updated, rerun.unchanged), (0, 0, 4));
    assert_eq!(calls_of(&calls, "ProductUpdate"), updates_before);

    let clients = block_on(engine.run_import(ImportKind::Clients)).expect("clients import");
    assert_eq!(
        (clients.created, clients.failed),
        (2, 0),
        "{:?}",
        clients.errors
    );
    let ada = block_on(client.call(&SupplierClientGet::by_name("fx-ada")))
        .unwrap()
        .supplier_clients;
    assert_eq!(ada.len(), 1);
    assert!(
        ada[0]
            .addresses
            .iter()
            .any(|a| a.state.as_deref() == Some("HH")),
        "{:?}",
        ada[0].addresses
    );
    let again = block_on(engine.run_import(ImportKind::Clients)).unwrap();
    assert_eq!(again.unchanged, 2);

    let discounts = block_on(engine.run_import(ImportKind::Discounts)).expect("discounts import");
    assert_eq!(
        (discounts.created, discounts.skipped, discounts.failed),
        (1, 2, 0)
    );
    assert_eq!(
        discounts
            .warnings
            .iter()
            .filter(|w| w.code == "coupon.not_percentage")
            .count(),
        2
    );
    let all = block_on(client.call(&DiscountGet::all()))
        .unwrap()
        .discounts;
    assert_eq!(all.len(), 1);
    assert_eq!(
        all[0].discount_value,
        Some(megaventory::Decimal::parse("12.5").unwrap())
    );
}

#[test]
fn duplicate_skus_and_a_refused_entity_do_not_stop_an_import() {
    let sim = start_sim();
    let (client, _) = client_for(&sim);
    let shop = MemoryShop::generated(30, 0.0, 0);
    // Product 1010 reuses the SKU of product 1003.
    shop.edit_family(1010, |f| f.product.sku = "GEN-3".into());
    // Product 1020 is linked to a Megaventory id that does not exist: Megaventory refuses it.
    block_on(sync_core::WooSide::put_link(
        &shop,
        sync_core::Link {
            kind: LinkKind::Product,
            wc_id: 1020,
            mv_id: 987_654,
            hash: 1,
            label: None,
        },
    ))
    .unwrap();
    let config = SyncConfig {
        page_size: 7,
        concurrency: 4,
        ..SyncConfig::default()
    };
    let report =
        block_on(Engine::new(&shop, &client, &config).run_import(ImportKind::Products)).unwrap();
    let failed: Vec<(u64, &str)> = report
        .errors
        .iter()
        .map(|e| (e.entity.wc_id, e.code))
        .collect();
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(
        failed
            .iter()
            .any(|(id, code)| [1003, 1010].contains(id) && *code == "product.duplicate_sku"),
        "{failed:?}"
    );
    assert!(
        failed.contains(&(1020, "megaventory.refused")),
        "{failed:?}"
    );
    assert_eq!(report.failed, 2);
    assert_eq!(report.created, 28);
    assert_eq!(product_by_sku(&client, "GEN-3").len(), 1);
}

#[test]
fn product_import_resumes_after_a_crash() {
    let sim = start_sim();
    let (client, calls) = client_for(&sim);
    let shop = MemoryShop::generated(240, 0.1, 3);
    let config = SyncConfig {
        page_size: 20,
        concurrency: 4,
        ..SyncConfig::default()
    };
    shop.crash_after_links(130);
    let first = block_on(Engine::new(&shop, &client, &config).run_import(ImportKind::Products));
    assert!(
        matches!(first, Err(JobError::Side(_))),
        "the crash stops the job: {first:?}"
    );
    let checkpoint = shop
        .checkpoint("import.products")
        .expect("a checkpoint survives the crash");
    let next_page = checkpoint["next_page"].as_u64().unwrap();
    assert!(
        next_page > 1,
        "some pages were settled before the crash: {checkpoint}"
    );
    let sent_before = calls_of(&calls, "ProductUpdate");

    shop.revive();
    let resumed = block_on(Engine::new(&shop, &client, &config).run_import(ImportKind::Products))
        .expect("resume");
    assert_eq!(resumed.started_at_page as u64, next_page);
    assert!(resumed.errors.is_empty(), "{:?}", resumed.errors);
    assert_eq!((resumed.done, resumed.total), (240, 240));
    // 216 simple products + 24 × 3 variations.
    let everything = block_on(client.call(&ProductGet::all())).unwrap().products;
    let generated: Vec<_> = everything
        .iter()
        .filter(|p| {
            p.product_sku
                .as_deref()
                .is_some_and(|s| s.starts_with("GEN-"))
        })
        .collect();
    assert_eq!(generated.len(), 216 + 72, "every product exactly once");
    let mut skus: Vec<_> = generated
        .iter()
        .map(|p| p.product_sku.clone().unwrap())
        .collect();
    skus.sort();
    skus.dedup();
    assert_eq!(skus.len(), 288);
    assert_eq!(shop.links(LinkKind::Product).len(), 288);
    let sent_after = calls_of(&calls, "ProductUpdate") - sent_before;
    assert!(
        sent_after < 288,
        "the resume did not start over ({sent_after} sends)"
    );
    assert!(
        resumed.unchanged + resumed.linked > 0,
        "work of the crashed run is recognised"
    );
    assert!(shop.checkpoint("import.products").is_none());
}

#[test]
fn quantity_imports_both_ways() {
    let sim = start_sim();
    let (client, _) = client_for(&sim);
    let shop = MemoryShop::generated(12, 0.25, 2);
    let config = SyncConfig {
        page_size: 5,
        ..SyncConfig::default()
    };
    let engine = Engine::new(&shop, &client, &config);
    block_on(engine.run_import(ImportKind::Products)).unwrap();

    let pushed = block_on(engine.run_import(ImportKind::QuantityToMegaventory {
        location_id: None,
        approve: true,
    }))
    .expect("push");
    assert!(pushed.errors.is_empty(), "{:?}", pushed.errors);
    assert!(!pushed.documents.is_empty());
    let mv_id = shop.link(LinkKind::Product, 1005).unwrap().mv_id; // GEN-5, stock 5
    let stock = block_on(client.call(&InventoryLocationStockGet::for_products(&[mv_id])))
        .unwrap()
        .stock;
    assert_eq!(stock[0].stock_physical_total.to_i64(), Some(5));
    let again = block_on(engine.run_import(ImportKind::QuantityToMegaventory {
        location_id: None,
        approve: true,
    }))
    .unwrap();
    assert!(
        again.documents.is_empty(),
        "nothing left to adjust: {:?}",
        again.documents
    );

    sim_control(
        &sim,
        "stock",
        r#"{"sku": "GEN-5", "physical": 10, "non_shipped": 2, "non_allocated_wos": 1}"#,
    );
    let pulled = block_on(engine.run_import(ImportKind::QuantityFromMegaventory)).expect("pull");
    assert!(pulled.errors.is_empty(), "{:?}", pulled.errors);
    assert_eq!(shop.stock_of(1005), Some(7));
    assert_eq!(pulled.stock_written, 1);
}

fn continuous(engine: &Engine<'_, MemoryShop, NativeTransport>) -> ContinuousReport {
    block_on(engine.run_continuous_once()).expect("continuous round")
}

#[test]
fn continuous_sync_orders_replays_and_cancels() {
    let fx = Synced::new();
    let (shop, client, calls) = (&fx.shop, &fx.client, &fx.calls);
    let engine = fx.engine();

    let order = OutboxKind::Order;
    shop.push_event(order, OutboxAction::Create, 1218, EventPayload::default());
    let report = continuous(&engine);
    assert_eq!(report.events_done, 1, "{:?}", report.errors);
    let orders = orders_with_reference(&client, "1218");
    assert_eq!(orders.len(), 1);
    let so = &orders[0];
    let ada = block_on(client.call(&SupplierClientGet::by_name("fx-ada")))
        .unwrap()
        .supplier_clients;
    assert_eq!(
        so.sales_order_client_id, ada[0].supplier_client_id,
        "the customer was created for the order"
    );
    let tee = so
        .details
        .iter()
        .find(|r| r.product_sku.as_deref() == Some("FX-TEE-RED-S"))
        .unwrap();
    assert!(tee.discount_id.is_some() && tee.tax_id.is_some(), "{tee:?}");
    assert_eq!(so.sales_order_status, Some(SalesOrderStatus::Verified));

    // A replayed event, and a replay after losing the link (a crash between insert and link).
    shop.push_event(order, OutboxAction::Create, 1218, EventPayload::default());
    continuous(&engine);
    block_on(sync_core::WooSide::delete_link(
        shop,
        LinkKind::SalesOrder,
        1218,
    ))
    .unwrap();
    shop.push_event(order, OutboxAction::Create, 1218, EventPayload::default());
    let inserts_before = calls_of(&calls, "SalesOrderUpdate");
    let report = continuous(&engine);
    assert_eq!(report.events_done, 1);
    assert_eq!(
        calls_of(&calls, "SalesOrderUpdate"),
        inserts_before,
        "no second insert"
    );
    assert_eq!(
        orders_with_reference(&client, "1218").len(),
        1,
        "exactly one sales order"
    );
    assert_eq!(
        shop.link(LinkKind::SalesOrder, 1218).unwrap().mv_id,
        so.sales_order_id.unwrap()
    );

    // Order 1220 has a line whose product was deleted: dead-lettered with its error, the rest
    // goes on. The guest order 1219 is completed, which does not create a sales order.
    shop.push_event(order, OutboxAction::Create, 1220, EventPayload::default());
    shop.push_event(order, OutboxAction::Create, 1219, EventPayload::default());
    shop.push_event(
        OutboxKind::Coupon,
        OutboxAction::Upsert,
        1216,
        EventPayload::default(),
    );
    let report = continuous(&engine);
    assert_eq!(
        (report.events_dead, report.events_done),
        (1, 2),
        "{:?}",
        report.errors
    );
    let dead = shop.dead_letters();
    assert_eq!(
        (dead[0].0.wc_id, dead[0].1.code),
        (1220, "order.line_deleted_product")
    );
    assert!(orders_with_reference(&client, "1219").is_empty());
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.code == "coupon.not_percentage"),
        "fixed coupons are acknowledged with a warning"
    );
    assert!(shop.pending_events().is_empty());

    // Cancel, twice: the second finds it cancelled already.
    shop.push_event(order, OutboxAction::Cancel, 1218, EventPayload::default());
    shop.push_event(order, OutboxAction::Cancel, 1218, EventPayload::default());
    let report = continuous(&engine);
    assert_eq!(report.events_done, 2, "{:?}", report.errors);
    assert_eq!(
        orders_with_reference(&client, "1218")[0].sales_order_status,
        Some(SalesOrderStatus::Cancelled)
    );
}

#[test]
fn continuous_sync_products_clients_coupons_taxes() {
    let sim = start_sim();
    let (client, calls) = client_for(&sim);
    let shop = fixture_shop();
    let config = SyncConfig::default();
    let engine = Engine::new(&shop, &client, &config);

    shop.push_event(
        OutboxKind::Product,
        OutboxAction::Upsert,
        1206,
        EventPayload::default(),
    );
    shop.push_event(
        OutboxKind::Variation,
        OutboxAction::Upsert,
        1208,
        EventPayload::default(),
    );
    shop.push_event(
        OutboxKind::Customer,
        OutboxAction::Upsert,
        36,
        EventPayload::default(),
    );
    shop.push_event(
        OutboxKind::Coupon,
        OutboxAction::Used,
        1215,
        EventPayload::default(),
    );
    shop.push_event(
        OutboxKind::TaxRate,
        OutboxAction::Create,
        42,
        EventPayload::default(),
    );
    let report = continuous(&engine);
    assert_eq!(report.events_done, 5, "{:?}", report.errors);
    assert_eq!(product_by_sku(&client, "FX-TEE-RED-S").len(), 1);
    assert!(
        product_by_sku(&client, "FX-TEE-BLUE-M").is_empty(),
        "a variation event sends that variation only"
    );

    // An unchanged product (e.g. the echo of a stock write) sends nothing.
    let sent = calls_of(&calls, "ProductUpdate");
    shop.push_event(
        OutboxKind::Product,
        OutboxAction::Upsert,
        1206,
        EventPayload::default(),
    );
    continuous(&engine);
    assert_eq!(calls_of(&calls, "ProductUpdate"), sent);

    shop.edit_family(1206, |f| f.product.regular_price = "21.00".into());
    shop.push_event(
        OutboxKind::Product,
        OutboxAction::Upsert,
        1206,
        EventPayload::default(),
    );
    continuous(&engine);
    assert_eq!(
        product_by_sku(&client, "FX-MUG-001")[0].product_selling_price,
        Some(megaventory::Decimal::parse("21").unwrap())
    );

    shop.push_event(
        OutboxKind::Product,
        OutboxAction::Delete,
        1206,
        EventPayload {
            sku: Some("FX-MUG-001".into()),
            mv_id: None,
        },
    );
    shop.push_event(
        OutboxKind::Customer,
        OutboxAction::Delete,
        36,
        EventPayload::default(),
    );
    let report = continuous(&engine);
    assert_eq!(report.events_done, 2, "{:?}", report.errors);
    assert!(
        product_by_sku(&client, "FX-MUG-001").is_empty(),
        "deleted in Megaventory"
    );
    assert!(shop.link(LinkKind::Product, 1206).is_none());
    assert!(block_on(client.call(&SupplierClientGet::by_name("fx-ada")))
        .unwrap()
        .supplier_clients
        .is_empty());
}

#[test]
fn integration_updates_apply_stock_prices_and_statuses_and_park_poison() {
    let fx = Synced::new();
    let (sim, shop, client, calls) = (&fx.sim, &fx.shop, &fx.client, &fx.calls);
    let engine = fx.engine();
    shop.push_event(
        OutboxKind::Order,
        OutboxAction::Create,
        1218,
        EventPayload::default(),
    );
    continuous(&engine);
    let so_id = shop.link(LinkKind::SalesOrder, 1218).unwrap().mv_id;

    sim_control(
        &sim,
        "stock",
        r#"{"sku": "FX-MUG-001", "physical": 9, "non_shipped": 1}"#,
    );
    sim_control(
        &sim,
        "stock",
        r#"{"sku": "FX-MUG-001", "physical": 12, "non_shipped": 1}"#,
    );
    sim_control(
        &sim,
        "product-edit",
        r#"{"sku": "FX-TEE-RED-S", "changes": {"ProductPurchasePrice": 11.25}}"#,
    );
    sim_control(
        &sim,
        "sales-order-status",
        &format!(r#"{{"sales_order_id": {so_id}, "status": "Closed"}}"#),
    );
    sim_control(
        &sim,
        "integration-updates",
        r#"{"entity": "document", "json_data": "{not json"}"#,
    );
    sim_control(
        &sim,
        "integration-updates",
        r#"{"entity": "sales_order", "json_data": "{}"}"#,
    );

    let report = continuous(&engine);
    assert_eq!(report.updates_parked, 1, "{:?}", report.errors);
    assert_eq!(shop.parked()[0].1.code, "integration.undecodable");
    assert_eq!(
        shop.stock_of(1206),
        Some(11),
        "the current stock, whatever the order of the updates"
    );
    assert_eq!(shop.purchase_price_of(1208).as_deref(), Some("11.25"));
    assert_eq!(shop.order_status(1218), Some(OrderStatus::Completed));
    let left = block_on(client.call(&IntegrationUpdateGet::for_application("Woocommerce", 100)))
        .unwrap()
        .integration_updates;
    assert!(left.is_empty(), "every update was deleted: {left:?}");
    assert!(report.updates_applied >= 4, "{report:?}");

    // The echo of our own writes (if the PHP side let one through) sends nothing back.
    let sent = calls_of(&calls, "ProductUpdate");
    shop.push_event(
        OutboxKind::Product,
        OutboxAction::Upsert,
        1206,
        EventPayload::default(),
    );
    shop.push_event(
        OutboxKind::Variation,
        OutboxAction::Upsert,
        1208,
        EventPayload::default(),
    );
    let echo = continuous(&engine);
    assert_eq!(echo.events_done, 2, "{:?}", echo.errors);
    assert_eq!(
        calls_of(&calls, "ProductUpdate"),
        sent,
        "stock and purchase price do not loop back"
    );
}

#[test]
fn several_status_changes_between_polls_leave_the_newest_status() {
    let fx = Synced::new();
    let (sim, shop) = (&fx.sim, &fx.shop);
    let engine = fx.engine();
    shop.push_event(
        OutboxKind::Order,
        OutboxAction::Create,
        1218,
        EventPayload::default(),
    );
    continuous(&engine);
    let so_id = shop.link(LinkKind::SalesOrder, 1218).unwrap().mv_id;
    // Three changes before the next poll; the simulator lists integration updates newest first,
    // as Megaventory does.
    for status in ["Pending", "Verified", "FullyInvoiced"] {
        sim_control(
            &sim,
            "sales-order-status",
            &format!(r#"{{"sales_order_id": {so_id}, "status": "{status}"}}"#),
        );
    }
    let report = continuous(&engine);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(
        shop.order_status(1218),
        Some(OrderStatus::Completed),
        "FullyInvoiced, the last change, wins"
    );
}

#[test]
fn an_unreachable_megaventory_retries_events_with_backoff() {
    let shop = fixture_shop();
    let config = SyncConfig::default();
    // Nothing listens on port 9: connections are refused (a transient failure).
    let client = Client::new(
        NativeTransport::new(Endpoint::direct("http://127.0.0.1:9/v2017a/")),
        Some(ApiKey::new("demo@m1").unwrap()),
        RetryPolicy::no_retries(),
    );
    let engine = Engine::new(&shop, &client, &config);
    shop.push_event(
        OutboxKind::Coupon,
        OutboxAction::Upsert,
        1215,
        EventPayload::default(),
    );
    let report = block_on(engine.run_continuous_once()).unwrap();
    assert_eq!((report.events_retried, report.events_dead), (1, 0));
    assert_eq!(report.errors[0].code, "megaventory.unavailable");
    let pending = shop.pending_events();
    assert_eq!(pending[0].attempts, 1);
    // Not due again before its backoff has passed.
    assert_eq!(
        block_on(engine.run_continuous_once())
            .unwrap()
            .events_retried,
        0
    );
    shop.advance_clock(sync_core::engine::continuous::retry_delay(1));
    assert_eq!(
        block_on(engine.run_continuous_once())
            .unwrap()
            .events_retried,
        1
    );
}

#[test]
fn preview_sends_nothing() {
    let sim = start_sim();
    let (client, calls) = client_for(&sim);
    let shop = fixture_shop();
    let config = SyncConfig::default();
    let engine = Engine::new(&shop, &client, &config);
    let product = block_on(engine.preview(PreviewTarget::Product(1207))).unwrap();
    assert_eq!(product.requests.len(), 2);
    assert!(product
        .requests
        .iter()
        .all(|r| r.operation == "ProductUpdate"));
    assert_eq!(product.errors[0].code, "variation.missing_sku");
    assert_eq!(
        product.requests[0].body["mvProduct"]["ProductVersion"],
        "fx-Color: fx-Red | Size: S"
    );
    let order = block_on(engine.preview(PreviewTarget::Order(1218))).unwrap();
    assert_eq!(order.requests[0].operation, "SalesOrderUpdate");
    assert_eq!(
        order.requests[0].body["mvSalesOrder"]["SalesOrderReferenceNo"],
        "1218"
    );
    let coupon = block_on(engine.preview(PreviewTarget::Coupon(1216))).unwrap();
    assert!(coupon.requests.is_empty() && coupon.errors[0].code == "coupon.not_percentage");
    assert!(
        block_on(engine.preview(PreviewTarget::Customer(36)))
            .unwrap()
            .requests
            .len()
            == 1
    );
    assert!(
        calls.borrow().is_empty(),
        "preview called Megaventory: {:?}",
        calls.borrow()
    );
}

#[test]
fn an_order_before_the_product_import_sends_its_products_first() {
    let sim = start_sim();
    let (client, _) = client_for(&sim);
    let shop = fixture_shop();
    let config = SyncConfig::default();
    let engine = Engine::new(&shop, &client, &config);
    block_on(engine.initial_sync()).unwrap();
    shop.push_event(
        OutboxKind::Order,
        OutboxAction::Create,
        1218,
        EventPayload::default(),
    );
    let report = continuous(&engine);
    assert_eq!(report.events_done, 1, "{:?}", report.errors);
    assert_eq!(product_by_sku(&client, "FX-TEE-RED-S").len(), 1);
    assert!(
        shop.link(LinkKind::Product, 1206).is_some(),
        "the mug was sent and linked"
    );
    let so = &orders_with_reference(&client, "1218")[0];
    assert_eq!(
        so.details.len(),
        5,
        "two products, shipping and two fees: {:?}",
        so.details
    );
}

#[test]
fn ambiguous_failures_never_duplicate_products_or_orders() {
    // Every fourth request is applied and then answered with a 502: the client cannot know
    // whether it happened. Inserts must still create each record exactly once.
    let sim = megaventory_sim::start(
        "127.0.0.1:0",
        SimOptions {
            faults: megaventory_sim::Faults {
                http_5xx_rate: 0.25,
                fail_after_apply: true,
                seed: 7,
                ..Default::default()
            },
            ..SimOptions::default()
        },
    )
    .unwrap();
    let policy = RetryPolicy {
        max_attempts: 10,
        base_delay: Duration::from_millis(2),
        max_delay: Duration::from_millis(20),
        request_timeout: Duration::from_secs(20),
    };
    let client = Client::new(
        NativeTransport::new(Endpoint::direct(sim.base_url())),
        Some(ApiKey::new("demo@m1").unwrap()),
        policy,
    );
    let shop = MemoryShop::generated(60, 0.0, 0);
    let config = SyncConfig {
        page_size: 10,
        concurrency: 4,
        ..SyncConfig::default()
    };
    let engine = Engine::new(&shop, &client, &config);
    let report = block_on(engine.run_import(ImportKind::Products)).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.created + report.linked, 60);
    assert!(
        report.linked > 0,
        "some inserts were applied before their 502 and adopted on the resend"
    );
    sim_control(&sim, "faults", "{}");
    let products = block_on(client.call(&ProductGet::all())).unwrap().products;
    assert_eq!(
        products
            .iter()
            .filter(|p| p
                .product_sku
                .as_deref()
                .is_some_and(|s| s.starts_with("GEN-")))
            .count(),
        60
    );

    let fixtures = fixture_shop();
    let engine = Engine::new(&fixtures, &client, &config);
    block_on(engine.initial_sync()).unwrap();
    sim_control(
        &sim,
        "faults",
        r#"{"http_5xx_rate": 0.3, "fail_after_apply": true, "seed": 11}"#,
    );
    fixtures.push_event(
        OutboxKind::Order,
        OutboxAction::Create,
        1218,
        EventPayload::default(),
    );
    let report = continuous(&engine);
    sim_control(&sim, "faults", "{}");
    assert_eq!(report.events_done, 1, "{:?}", report.errors);
    assert_eq!(orders_with_reference(&client, "1218").len(), 1);
}

#[test]
fn a_round_drains_more_than_one_batch_of_integration_updates() {
    let sim = start_sim();
    let (client, _) = client_for(&sim);
    let shop = MemoryShop::new();
    let config = SyncConfig::default();
    let rows: Vec<String> = (0..250)
        .map(|_| r#"{"entity": "sales_order", "json_data": "{}"}"#.to_string())
        .collect();
    sim_control(
        &sim,
        "integration-updates",
        &format!(r#"{{"updates": [{}]}}"#, rows.join(",")),
    );
    let report = block_on(Engine::new(&shop, &client, &config).run_continuous_once()).unwrap();
    assert_eq!(report.updates_applied, 250);
    let left = block_on(client.call(&IntegrationUpdateGet::for_application("Woocommerce", 100)))
        .unwrap()
        .integration_updates;
    assert!(left.is_empty());
}

#[test]
fn a_sales_order_link_is_labelled_with_number_location_and_status() {
    let fx = Synced::new();
    let (sim, shop, client) = (&fx.sim, &fx.shop, &fx.client);
    let engine = fx.engine();
    shop.push_event(
        OutboxKind::Order,
        OutboxAction::Create,
        1218,
        EventPayload::default(),
    );
    let report = continuous(&engine);
    assert_eq!(report.events_done, 1, "{:?}", report.errors);
    let so = orders_with_reference(&client, "1218").remove(0);
    let locations = block_on(client.call(&InventoryLocationGet::all()))
        .unwrap()
        .locations;
    // No location is configured, so the order went to the account's only location.
    assert_eq!(so.sales_order_inventory_location_id, None);
    assert_eq!(locations.len(), 1, "{locations:?}");
    let location = locations[0]
        .inventory_location_abbreviation
        .clone()
        .expect("an abbreviation");
    let number = format!(
        "{} {}",
        so.sales_order_type_abbreviation.as_deref().unwrap_or("SO"),
        so.sales_order_no.as_deref().expect("a number")
    );
    let created = shop.link(LinkKind::SalesOrder, 1218).unwrap();
    assert_eq!(created.mv_id, so.sales_order_id.unwrap());
    assert_eq!(
        created.label.as_deref(),
        Some(format!("{number} · {location}").as_str())
    );

    sim_control(
        &sim,
        "sales-order-status",
        &format!(
            r#"{{"sales_order_id": {}, "status": "FullyShipped"}}"#,
            created.mv_id
        ),
    );
    let report = continuous(&engine);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let shipped = shop.link(LinkKind::SalesOrder, 1218).unwrap();
    assert_eq!(
        shipped.label.as_deref(),
        Some(format!("{number} · {location} · FullyShipped").as_str())
    );
    assert_eq!(
        (shipped.mv_id, shipped.hash),
        (created.mv_id, created.hash),
        "only the label changes"
    );

    // A link written before labels existed gets one from the sales order itself.
    block_on(sync_core::WooSide::put_link(
        shop,
        sync_core::Link {
            label: None,
            ..shipped
        },
    ))
    .unwrap();
    sim_control(
        &sim,
        "sales-order-status",
        &format!(
            r#"{{"sales_order_id": {}, "status": "Closed"}}"#,
            created.mv_id
        ),
    );
    let report = continuous(&engine);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(
        shop.link(LinkKind::SalesOrder, 1218)
            .unwrap()
            .label
            .as_deref(),
        Some(format!("{number} · {location} · Closed").as_str())
    );
    assert_eq!(shop.order_status(1218), Some(OrderStatus::Completed));
}

#[test]
fn a_sales_order_label_names_the_configured_location() {
    let sim = start_sim();
    let (client, _calls) = client_for(&sim);
    let shop = fixture_shop();
    let setup = SyncConfig::default();
    block_on(Engine::new(&shop, &client, &setup).initial_sync()).unwrap();
    let second = InventoryLocation {
        inventory_location_name: Some("Second Warehouse".into()),
        inventory_location_abbreviation: Some("WH2".into()),
        inventory_location_address: Some("Somewhere".into()),
        ..InventoryLocation::default()
    };
    let answer = block_on(client.call(&InventoryLocationUpdate::insert(second))).unwrap();
    let second_id = answer
        .entity_id
        .expect("the simulator names the new location");
    let config = SyncConfig {
        default_order_location: Some(second_id),
        ..SyncConfig::default()
    };
    let engine = Engine::new(&shop, &client, &config);
    block_on(engine.run_import(ImportKind::Products)).unwrap();
    shop.push_event(
        OutboxKind::Order,
        OutboxAction::Create,
        1218,
        EventPayload::default(),
    );
    let report = continuous(&engine);
    assert_eq!(report.events_done, 1, "{:?}", report.errors);
    let so = orders_with_reference(&client, "1218").remove(0);
    assert_eq!(so.sales_order_inventory_location_id, Some(second_id));
    assert_eq!(
        shop.link(LinkKind::SalesOrder, 1218).unwrap().label,
        Some(format!("SO {} · WH2", so.sales_order_no.unwrap()))
    );
}

/// WordPress failing in the middle of a claimed batch (a database restart): the batch's
/// unfinished events are handled in the next round from memory, not left leased for 300 s.
#[test]
fn a_batch_interrupted_by_wordpress_finishes_in_the_next_round_without_waiting_for_its_lease() {
    let sim = start_sim();
    let (client, _calls) = client_for(&sim);
    let shop = fixture_shop();
    let config = SyncConfig::default();
    let engine = Engine::new(&shop, &client, &config);
    block_on(engine.initial_sync()).unwrap();
    let customers: Vec<u64> = block_on(sync_core::WooSide::customers_page(&shop, 1, 100))
        .unwrap()
        .items
        .iter()
        .map(|c| c.id)
        .collect();
    assert!(customers.len() >= 2, "the fixture shop has customers");
    for id in &customers {
        shop.push_event(
            OutboxKind::Customer,
            OutboxAction::Upsert,
            *id,
            EventPayload::default(),
        );
    }
    // The first customer's link is written, then WordPress goes away.
    shop.crash_after_links(1);
    let carry = sync_core::engine::continuous::OutboxCarry::default();
    let mut report = ContinuousReport::default();
    let first = block_on(engine.process_outbox_carrying(&mut report, &carry));
    assert!(first.is_err(), "the round fails with WordPress");
    assert_eq!(
        carry.len(),
        customers.len(),
        "the unfinished events are carried, and the finished one whose ack never went out"
    );

    shop.revive();
    let mut report = ContinuousReport::default();
    block_on(engine.process_outbox_carrying(&mut report, &carry)).expect("the next round");
    assert!(carry.is_empty());
    assert!(
        shop.pending_events().is_empty(),
        "nothing left leased or pending: {:?}",
        shop.pending_events()
    );
    for id in &customers {
        assert!(
            shop.link(LinkKind::Client, *id).is_some(),
            "customer {id} reached Megaventory"
        );
    }
}

/// 150 purchase price edits of FX-TEE-RED-S (WooCommerce 1208) in Megaventory, 1.01 … 2.50:
/// two batches of integration updates, the newest (1.51 … 2.50) read first.
fn queue_price_edits(sim: &SimServer) {
    for cents in 101..=250 {
        sim_control(
            sim,
            "product-edit",
            &format!(
                r#"{{"sku": "FX-TEE-RED-S", "changes": {{"ProductPurchasePrice": {}.{:02}}}}}"#,
                cents / 100,
                cents % 100
            ),
        );
    }
}

/// Megaventory lists the newest integration updates first: with more than one batch waiting,
/// the newest batch is applied before the older ones, which must not overwrite it.
#[test]
fn an_older_purchase_price_in_a_later_batch_does_not_overwrite_a_newer_one() {
    let fx = Synced::new();
    let (sim, shop) = (&fx.sim, &fx.shop);
    let engine = fx.engine();
    queue_price_edits(&sim);
    let report = continuous(&engine);
    assert_eq!(
        shop.purchase_price_of(1208).as_deref(),
        Some("2.5"),
        "{report:?}"
    );
    assert!(report.updates_superseded >= 50, "{report:?}");
}

/// The worker's round loop keeps one watermark map for its lifetime: it is emptied whenever a
/// poll drains Megaventory's queue, so it does not grow with every product ever updated, and a
/// newer update after that still applies.
#[test]
fn update_watermarks_are_forgotten_when_the_queue_is_drained() {
    let fx = Synced::new();
    let (sim, shop) = (&fx.sim, &fx.shop);
    let engine = fx.engine();
    let edit = |price: &str| {
        sim_control(
            &sim,
            "product-edit",
            &format!(
                r#"{{"sku": "FX-TEE-RED-S", "changes": {{"ProductPurchasePrice": {price}}}}}"#
            ),
        )
    };
    // 150 updates: the first poll reads two batches, so the watermarks are in use.
    queue_price_edits(&sim);
    let watermarks = UpdateWatermarks::default();
    let mut report = ContinuousReport::default();
    block_on(engine.poll_integration_updates_after(&mut report, &watermarks)).unwrap();
    assert_eq!(
        shop.purchase_price_of(1208).as_deref(),
        Some("2.5"),
        "{report:?}"
    );
    assert!(report.updates_superseded >= 50, "{report:?}");
    assert!(
        watermarks.is_empty(),
        "{} entities remembered",
        watermarks.len()
    );

    edit("1.75");
    let mut report = ContinuousReport::default();
    block_on(engine.poll_integration_updates_after(&mut report, &watermarks)).unwrap();
    assert_eq!(
        shop.purchase_price_of(1208).as_deref(),
        Some("1.75"),
        "{report:?}"
    );
    assert_eq!(report.updates_superseded, 0, "{report:?}");
}

/// One poll by worker `name` with no memory of earlier polls (a fresh process); whether it
/// finished.
fn poll_as(
    shop: &MemoryShop,
    engine: &Engine<'_, MemoryShop, NativeTransport>,
    name: &str,
) -> (ContinuousReport, bool) {
    shop.act_as_worker(name);
    let mut report = ContinuousReport::default();
    let marks = UpdateWatermarks::default();
    let finished = block_on(engine.poll_integration_updates_after(&mut report, &marks)).is_ok();
    (report, finished)
}

/// Worker `name` polls once the lease of the worker that died has run out.
fn poll_after_a_crash(
    shop: &MemoryShop,
    engine: &Engine<'_, MemoryShop, NativeTransport>,
    name: &str,
) -> ContinuousReport {
    shop.revive();
    shop.advance_clock(Duration::from_secs(121));
    let (report, finished) = poll_as(shop, engine, name);
    assert!(finished, "{name} polled to the end: {report:?}");
    report
}

/// Found by the fault suite (three workers): a worker that polls after another has applied the
/// newest batch and died must not apply the older batch over it. The marks of what was
/// superseded are saved before the batch is deleted, and the next poller starts from them.
#[test]
fn a_worker_polling_after_one_died_mid_backlog_keeps_the_newest_purchase_price() {
    let fx = Synced::new();
    let (sim, shop) = (&fx.sim, &fx.shop);
    let engine = fx.engine();
    queue_price_edits(&sim);

    // Worker A applies the newest batch, then dies before its second.
    shop.crash_at_lease_poll(2);
    let (report, finished) = poll_as(&shop, &engine, "A");
    assert!(!finished, "A stopped: {report:?}");
    assert_eq!(report.updates_applied, 100, "{report:?}");
    assert_eq!(shop.purchase_price_of(1208).as_deref(), Some("2.5"));
    assert!(
        shop.checkpoint(WATERMARKS_JOB).is_some(),
        "A saved its marks"
    );

    let report = poll_after_a_crash(&shop, &engine, "B");
    assert_eq!(
        shop.purchase_price_of(1208).as_deref(),
        Some("2.5"),
        "{report:?}"
    );
    assert_eq!(report.updates_superseded, 50, "{report:?}");
    assert_eq!(report.updates_applied, 0, "{report:?}");
    assert!(
        shop.checkpoint(WATERMARKS_JOB).is_none(),
        "the marks are dropped once the queue is drained"
    );
}

/// A worker that dies in the middle of a batch has deleted none of it: the next one applies the
/// whole batch again (every write is idempotent) and still ends with the newest price.
#[test]
fn a_batch_interrupted_before_it_is_settled_is_applied_again_in_full() {
    let fx = Synced::new();
    let (sim, shop) = (&fx.sim, &fx.shop);
    let engine = fx.engine();
    queue_price_edits(&sim);

    shop.crash_after_writes(60);
    let (report, finished) = poll_as(&shop, &engine, "A");
    assert!(!finished, "A stopped: {report:?}");
    // 1.51 … 2.10 written, nothing deleted.
    assert_eq!(shop.purchase_price_of(1208).as_deref(), Some("2.1"));

    let report = poll_after_a_crash(&shop, &engine, "B");
    assert_eq!(
        shop.purchase_price_of(1208).as_deref(),
        Some("2.5"),
        "{report:?}"
    );
    assert_eq!(
        report.updates_applied, 100,
        "the newest batch again: {report:?}"
    );
    assert_eq!(report.updates_superseded, 50, "{report:?}");
}

/// Two live workers: while one holds the poll lease the other leaves the queue alone (it only
/// drains the outbox); when the holder stops and hands the lease back, the other polls at once.
#[test]
fn only_the_worker_holding_the_poll_lease_polls() {
    let fx = Synced::new();
    let (sim, shop) = (&fx.sim, &fx.shop);
    let engine = fx.engine();

    shop.act_as_worker("A");
    let a_marks = UpdateWatermarks::default();
    let mut report = ContinuousReport::default();
    block_on(engine.poll_integration_updates_after(&mut report, &a_marks)).unwrap();
    assert_eq!(shop.poll_lease_holder().as_deref(), Some("A"));

    queue_price_edits(&sim);
    shop.act_as_worker("B");
    let b_marks = UpdateWatermarks::default();
    let mut report = ContinuousReport::default();
    block_on(engine.poll_integration_updates_after(&mut report, &b_marks)).unwrap();
    assert_eq!(report.polls_deferred, 1, "{report:?}");
    assert_eq!(
        report.updates_applied + report.updates_superseded,
        0,
        "{report:?}"
    );

    shop.act_as_worker("A");
    let mut report = ContinuousReport::default();
    block_on(engine.poll_integration_updates_after(&mut report, &a_marks)).unwrap();
    assert_eq!(report.updates_applied, 100, "{report:?}");
    assert_eq!(report.updates_superseded, 50, "{report:?}");
    assert_eq!(shop.purchase_price_of(1208).as_deref(), Some("2.5"));
    block_on(shop.release_poll()).unwrap();

    shop.act_as_worker("B");
    let mut report = ContinuousReport::default();
    block_on(engine.poll_integration_updates_after(&mut report, &b_marks)).unwrap();
    assert_eq!(report.polls_deferred, 0, "{report:?}");
    assert_eq!(shop.poll_lease_holder().as_deref(), Some("B"));
}

/// Found by tests/bad-input: a 1,000-line order of 8 never-sent products sent a product request
/// per line. Each product is ensured once, and every line still becomes a row.
#[test]
fn an_order_with_many_lines_of_unsent_products_sends_each_product_once() {
    let sim = start_sim();
    let (client, calls) = client_for(&sim);
    let shop = fixture_shop();
    let config = SyncConfig::default();
    let engine = Engine::new(&shop, &client, &config);
    block_on(engine.initial_sync()).unwrap();

    // The customer's order (two products), its lines repeated to 60, as a new order.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wc");
    let text = std::fs::read_to_string(fixtures.join("orders/customer.json")).unwrap();
    let mut order: sync_core::woo::Order = serde_json::from_str(&text).unwrap();
    let lines = order.line_items.clone();
    let distinct: std::collections::BTreeSet<_> = lines.iter().map(|l| l.sku.clone()).collect();
    order.id = 99_001;
    order.number = "99001".into();
    order.line_items = (0..60).map(|i| lines[i % lines.len()].clone()).collect();
    shop.add_order(order);
    let before = calls_of(&calls, "ProductUpdate");
    shop.push_event(
        OutboxKind::Order,
        OutboxAction::Create,
        99_001,
        EventPayload::default(),
    );
    let report = block_on(engine.run_continuous_once()).expect("continuous round");

    assert_eq!(report.events_done, 1, "{:?}", report.errors);
    let sent = calls_of(&calls, "ProductUpdate") - before;
    assert!(
        sent as usize <= distinct.len(),
        "{sent} ProductUpdate calls for {} distinct products",
        distinct.len()
    );
    let orders = block_on(client.call(&SalesOrderGet::by_reference("99001")))
        .unwrap()
        .sales_orders;
    let product_rows = orders[0]
        .details
        .iter()
        .filter(|row| {
            distinct
                .iter()
                .any(|sku| row.product_sku.as_deref() == Some(sku.as_str()))
        })
        .count();
    assert_eq!(product_rows, 60, "every line is a row");
}
