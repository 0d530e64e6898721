//! A long order whose products were never sent (found by tests/bad-input: a 1,000-line order of
//! 8 products sent a product request per line). Simulator in-process, native transport.
#![cfg(not(target_arch = "wasm32"))]

use futures::executor::block_on;
use megaventory::request::*;
use megaventory::transport::native::NativeTransport;
use megaventory::{ApiKey, Client, Endpoint, RetryPolicy};
use megaventory_sim::SimOptions;
use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;
use std::time::Duration;
use sync_core::engine::EventPayload;
use sync_core::testing::MemoryShop;
use sync_core::woo::Order;
use sync_core::{Engine, OutboxAction, OutboxKind, SyncConfig};

#[test]
fn an_order_with_many_lines_of_unsent_products_sends_each_product_once() {
    let sim =
        megaventory_sim::start("127.0.0.1:0", SimOptions::default()).expect("simulator starts");
    let product_updates = Rc::new(RefCell::new(0u32));
    let seen = product_updates.clone();
    let policy = RetryPolicy {
        max_attempts: 2,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        request_timeout: Duration::from_secs(20),
    };
    let client = Client::new(
        NativeTransport::new(Endpoint::direct(sim.base_url())),
        Some(ApiKey::new("demo@m1").unwrap()),
        policy,
    )
    .with_observer(move |event| {
        if event.operation == "ProductUpdate" {
            *seen.borrow_mut() += 1;
        }
    });
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wc");
    let shop = MemoryShop::from_fixtures(&fixtures).expect("fixtures load");
    let config = SyncConfig::default();
    let engine = Engine::new(&shop, &client, &config);
    block_on(engine.initial_sync()).unwrap();

    // The customer's order (two products), its lines repeated to 60, as a new order.
    let text = std::fs::read_to_string(fixtures.join("orders/customer.json")).unwrap();
    let mut order: Order = serde_json::from_str(&text).unwrap();
    let lines = order.line_items.clone();
    let distinct: std::collections::BTreeSet<_> = lines.iter().map(|l| l.sku.clone()).collect();
    order.id = 99_001;
    order.number = "99001".into();
    order.line_items = (0..60).map(|i| lines[i % lines.len()].clone()).collect();
    shop.add_order(order);
    *product_updates.borrow_mut() = 0;
    shop.push_event(
        OutboxKind::Order,
        OutboxAction::Create,
        99_001,
        EventPayload::default(),
    );
    let report = block_on(engine.run_continuous_once()).expect("continuous round");

    assert_eq!(report.events_done, 1, "{:?}", report.errors);
    let sent = *product_updates.borrow();
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
