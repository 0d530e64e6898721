//! End-to-end: the client and the native transport against the simulator
//! (`megaventory_sim::start("127.0.0.1:0", …)`, API key `demo@m1`).
#![cfg(not(target_arch = "wasm32"))]

use futures::executor::block_on;
use megaventory::model::*;
use megaventory::request::*;
use megaventory::transport::native::NativeTransport;
use megaventory::*;
use megaventory_sim::{Faults, SimOptions, SimServer};
use std::cell::RefCell;
use std::io::{Read, Write};
use std::rc::Rc;
use std::time::{Duration, Instant};

const KEY: &str = "demo@m1";

fn start_sim(faults: Faults) -> SimServer {
    megaventory_sim::start(
        "127.0.0.1:0",
        SimOptions {
            faults,
            ..SimOptions::default()
        },
    )
    .expect("simulator starts")
}

fn client_for(sim: &SimServer, policy: RetryPolicy) -> Client<NativeTransport> {
    let transport = NativeTransport::new(Endpoint::direct(sim.base_url()));
    Client::new(transport, Some(ApiKey::new(KEY).unwrap()), policy)
}

fn fast_policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 8,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(100),
        request_timeout: Duration::from_secs(10),
    }
}

/// POST to a `/_sim/` control (they ignore faults).
fn sim_control(sim: &SimServer, route: &str, body: &str) -> String {
    let mut stream = std::net::TcpStream::connect(sim.local_addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "POST /_sim/{route} HTTP/1.1\r\nHost: sim\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(
        answer.starts_with("HTTP/1.1 200") || answer.starts_with("HTTP/1.0 200"),
        "control {route}: {answer}"
    );
    answer
}

fn d(text: &str) -> Decimal {
    Decimal::parse(text).unwrap()
}

fn insert_product(c: &Client<NativeTransport>, sku: &str) -> i64 {
    let mut product = Product::new(sku, format!("Product {sku}"));
    product.product_selling_price = Some(d("19.90"));
    let answer = block_on(
        c.call(
            &ProductUpdate::insert_or_update_non_empty_fields(product)
                .source_application("woocommerce"),
        ),
    )
    .unwrap();
    answer.entity_id.expect("entityID of the new product")
}

#[test]
fn health_check_flow() {
    let sim = start_sim(Faults::default());
    let c = client_for(&sim, fast_policy());
    let status = block_on(c.check_api_key()).unwrap();
    assert!(
        status.valid && status.admin && !status.expired,
        "{status:?}"
    );
    let settings = block_on(c.call(&AccountSettingsGet::named("isWoocommerceEnabled"))).unwrap();
    assert!(settings
        .get("isWoocommerceEnabled")
        .expect("setting present")
        .as_bool());
    let currencies = block_on(c.call(&CurrencyGet::default_currency())).unwrap();
    assert_eq!(currencies.currencies.len(), 1);
    assert_eq!(
        currencies.currencies[0].currency_code.as_deref(),
        Some("USD")
    );
    assert!(currencies.currencies[0].currency_id.is_some());
    let locations = block_on(c.call(&InventoryLocationGet::all())).unwrap();
    assert_eq!(
        locations.locations[0]
            .inventory_location_abbreviation
            .as_deref(),
        Some("Main")
    );

    let wrong = Client::new(
        NativeTransport::new(Endpoint::direct(sim.base_url())),
        Some(ApiKey::new("nope@m9").unwrap()),
        fast_policy(),
    );
    let status = block_on(wrong.check_api_key()).unwrap();
    assert!(!status.valid);
    let error = block_on(wrong.call(&ProductGet::all())).unwrap_err();
    assert_eq!(error.conflict(), Some(Conflict::InvalidApiKey), "{error}");
}

#[test]
fn products_upsert_delete_and_undelete_on_conflict() {
    let sim = start_sim(Faults::default());
    let c = client_for(&sim, fast_policy());
    let id = insert_product(&c, "TSHIRT-RED-M");
    // The upsert matches by SKU: same id, price changed, other fields untouched.
    let mut change = Product::new("TSHIRT-RED-M", "T-shirt");
    change.product_selling_price = Some(d("21.5"));
    let again = block_on(c.call(&ProductUpdate::insert_or_update_non_empty_fields(
        change.clone(),
    )))
    .unwrap();
    assert_eq!(again.entity_id, Some(id));
    let found = block_on(c.call(&ProductGet::by_sku("TSHIRT-RED-M"))).unwrap();
    assert_eq!(found.products.len(), 1);
    assert_eq!(
        found.products[0]
            .product_selling_price
            .as_ref()
            .unwrap()
            .as_str(),
        "21.5"
    );
    assert_eq!(
        block_on(c.call(&ProductGet::by_id(id))).unwrap().products[0]
            .product_sku
            .as_deref(),
        Some("TSHIRT-RED-M")
    );

    // Plain insert of a live SKU: a typed conflict naming the existing product.
    let duplicate = block_on(c.call(&ProductUpdate::insert(change.clone()))).unwrap_err();
    assert_eq!(
        duplicate.conflict(),
        Some(Conflict::ProductSkuAlreadyExists),
        "{duplicate}"
    );
    assert_eq!(duplicate.api().unwrap().conflicting_id(), Some(id));

    assert!(
        block_on(c.call(&ProductDelete::new(id).source_application("woocommerce")))
            .unwrap()
            .result
    );
    assert!(
        block_on(c.call(&ProductGet::by_id(id)))
            .unwrap()
            .products
            .is_empty(),
        "deleted products are hidden"
    );

    // Recovery the plugin does: ProductSKUAlreadyDeleted → ProductUndelete(entityID) → retry.
    let error = block_on(c.call(&ProductUpdate::insert_or_update_non_empty_fields(
        change.clone(),
    )))
    .unwrap_err();
    let api = error.api().expect("business error").clone();
    assert_eq!(api.kind(), Conflict::ProductSkuAlreadyDeleted, "{error}");
    assert_eq!(api.conflicting_id(), Some(id));
    assert!(block_on(c.call(&ProductUndelete::new(id))).unwrap().result);
    let retried =
        block_on(c.call(&ProductUpdate::insert_or_update_non_empty_fields(change))).unwrap();
    assert_eq!(retried.entity_id, Some(id));
}

#[test]
fn categories() {
    let sim = start_sim(Faults::default());
    let c = client_for(&sim, fast_policy());
    let category = ProductCategory {
        product_category_name: Some("Clothing / Shirts".into()),
        ..Default::default()
    };
    let inserted = block_on(c.call(&ProductCategoryUpdate::insert(category))).unwrap();
    let id = inserted.entity_id.unwrap();
    assert_eq!(inserted.category.unwrap().product_category_id, Some(id));
    let all = block_on(c.call(&ProductCategoryGet::all())).unwrap();
    assert!(all
        .categories
        .iter()
        .any(|cat| cat.product_category_id == Some(id)));
}

#[test]
fn supplier_clients_adopt_existing_name_and_undelete() {
    let sim = start_sim(Faults::default());
    let c = client_for(&sim, fast_policy());
    let bob = SupplierClient {
        supplier_client_type: Some(SupplierClientType::Client),
        supplier_client_name: Some("bob".into()),
        supplier_client_email: Some("bob@example.test".into()),
        addresses: vec![
            Address {
                address_type: Some(AddressType::Shipping1),
                city: Some("Athens".into()),
                country: Some("GR".into()),
                ..Default::default()
            },
            Address {
                address_type: Some(AddressType::Billing),
                name: Some("Bob B".into()),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    let first = block_on(
        c.call(&SupplierClientUpdate::insert_or_update_non_empty_fields(
            bob.clone(),
        )),
    )
    .unwrap();
    let id = first.entity_id.unwrap();

    // Clients are matched by id only: the name clash is a conflict naming the existing client…
    let error = block_on(
        c.call(&SupplierClientUpdate::insert_or_update_non_empty_fields(
            bob.clone(),
        )),
    )
    .unwrap_err();
    let api = error.api().unwrap().clone();
    assert_eq!(
        api.kind(),
        Conflict::SupplierClientNameAlreadyExists,
        "{error}"
    );
    assert_eq!(api.conflicting_id(), Some(id));
    // …which the caller adopts.
    let mut adopted = bob.clone();
    adopted.supplier_client_id = api.conflicting_id();
    adopted.supplier_client_phone1 = Some("555-0101".into());
    let updated = block_on(
        c.call(&SupplierClientUpdate::insert_or_update_non_empty_fields(
            adopted,
        )),
    )
    .unwrap();
    assert_eq!(updated.entity_id, Some(id));
    let fetched = block_on(c.call(&SupplierClientGet::by_id(id))).unwrap();
    let stored = &fetched.supplier_clients[0];
    assert_eq!(stored.supplier_client_phone1.as_deref(), Some("555-0101"));
    assert_eq!(
        stored.supplier_client_email.as_deref(),
        Some("bob@example.test"),
        "empty fields left unchanged"
    );
    assert!(stored
        .addresses
        .iter()
        .any(|a| a.address_type == Some(AddressType::Shipping1)
            && a.city.as_deref() == Some("Athens")));

    assert!(
        block_on(c.call(&SupplierClientDelete::new(id)))
            .unwrap()
            .result
    );
    let error = block_on(
        c.call(&SupplierClientUpdate::insert_or_update_non_empty_fields(
            bob.clone(),
        )),
    )
    .unwrap_err();
    assert_eq!(
        error.conflict(),
        Some(Conflict::SupplierClientAlreadyDeleted),
        "{error}"
    );
    assert!(
        block_on(c.call(&SupplierClientUndelete::new(id)))
            .unwrap()
            .result
    );
    assert_eq!(
        block_on(c.call(&SupplierClientGet::by_name("bob")))
            .unwrap()
            .supplier_clients[0]
            .supplier_client_id,
        Some(id)
    );
}

#[test]
fn taxes_discounts_and_locations() {
    let sim = start_sim(Faults::default());
    let c = client_for(&sim, fast_policy());
    let tax = Tax {
        tax_name: Some("CA Sales Tax".into()),
        tax_value: Some(d("7.25")),
        ..Default::default()
    };
    let tax_id = block_on(
        c.call(&TaxUpdate::insert_or_update(tax.clone()).source_application("woocommerce")),
    )
    .unwrap()
    .entity_id
    .unwrap();
    // Upsert by name+value converges on the same record.
    assert_eq!(
        block_on(c.call(&TaxUpdate::insert_or_update(tax.clone())))
            .unwrap()
            .entity_id,
        Some(tax_id)
    );
    let found = block_on(c.call(&TaxGet::by_name_and_value("CA Sales Tax", &d("7.25")))).unwrap();
    assert_eq!(found.taxes.len(), 1);
    assert_eq!(found.taxes[0].tax_value.as_ref().unwrap().as_str(), "7.25");
    let error = block_on(c.call(&TaxUpdate::insert(tax))).unwrap_err();
    assert_eq!(
        error.conflict(),
        Some(Conflict::TaxNameValueAlreadyExists),
        "{error}"
    );
    assert_eq!(error.api().unwrap().conflicting_id(), Some(tax_id));

    let discount = Discount {
        discount_name: Some("SUMMER10".into()),
        discount_value: Some(d("10")),
        ..Default::default()
    };
    let discount_id = block_on(c.call(&DiscountUpdate::insert(discount.clone())))
        .unwrap()
        .entity_id
        .unwrap();
    let error = block_on(c.call(&DiscountUpdate::insert(discount))).unwrap_err();
    assert_eq!(
        error.conflict(),
        Some(Conflict::DiscountNameValueAlreadyExists),
        "{error}"
    );
    assert_eq!(
        block_on(c.call(&DiscountGet::by_name_and_value("SUMMER10", &d("10"))))
            .unwrap()
            .discounts
            .len(),
        1
    );
    assert!(
        block_on(c.call(&DiscountDelete::new(discount_id)))
            .unwrap()
            .result
    );
    assert!(block_on(c.call(&DiscountGet::all()))
        .unwrap()
        .discounts
        .is_empty());
    assert!(
        block_on(c.call(&DiscountUndelete::new(discount_id)))
            .unwrap()
            .result
    );
    assert_eq!(
        block_on(c.call(&DiscountGet::all()))
            .unwrap()
            .discounts
            .len(),
        1
    );

    let second = InventoryLocation {
        inventory_location_name: Some("Second".into()),
        inventory_location_abbreviation: Some("SEC".into()),
        ..Default::default()
    };
    block_on(c.call(&InventoryLocationUpdate::insert(second.clone()))).unwrap();
    let error = block_on(c.call(&InventoryLocationUpdate::insert(second))).unwrap_err();
    assert_eq!(
        error.conflict(),
        Some(Conflict::LocationNameOrAbrevAlreadyExists),
        "{error}"
    );
    assert_eq!(
        block_on(c.call(&InventoryLocationGet::all()))
            .unwrap()
            .locations
            .len(),
        2
    );
}

#[test]
fn stock_adjustments_documents_and_integration_updates() {
    let sim = start_sim(Faults::default());
    let c = client_for(&sim, fast_policy());
    let product_id = insert_product(&c, "MUG");
    let location_id = block_on(c.call(&InventoryLocationGet::all()))
        .unwrap()
        .locations[0]
        .inventory_location_id
        .unwrap();
    // Clear whatever product rows the insert queued.
    drain_queue(&c);

    let rows = vec![DocumentRow::new("MUG", d("10"))];
    let adjustment = Document::adjustment(
        true,
        location_id,
        DocumentStatus::Verified,
        "stock-push-1",
        rows,
    );
    let inserted =
        block_on(c.call(&DocumentUpdate::insert(adjustment).source_application("woocommerce")))
            .unwrap();
    let document = inserted.document.unwrap();
    assert_eq!(
        document.document_type_id,
        Some(document_type::ADJUSTMENT_PLUS)
    );
    assert!(document.document_no.is_some());

    let found = block_on(c.call(&DocumentGet::by_reference(
        "stock-push-1",
        Some(document_type::ADJUSTMENT_PLUS),
    )))
    .unwrap();
    assert_eq!(found.documents.len(), 1);
    assert_eq!(found.documents[0].document_id, inserted.entity_id);

    let stock = block_on(c.call(&InventoryLocationStockGet::for_products(&[product_id]))).unwrap();
    assert_eq!(stock.stock.len(), 1);
    assert_eq!(stock.stock[0].product_id, product_id);
    let at_location = stock.stock[0]
        .stock
        .iter()
        .find(|s| s.inventory_location_id == location_id)
        .expect("stock at the location");
    assert_eq!(at_location.stock_physical.to_i64(), Some(10));
    assert_eq!(stock.stock[0].stock_physical_total.to_i64(), Some(10));

    let updates =
        block_on(c.call(&IntegrationUpdateGet::for_application("Woocommerce", 20))).unwrap();
    let stock_rows: Vec<_> = updates
        .integration_updates
        .iter()
        .filter(|u| u.entity.eq_ignore_ascii_case("stock"))
        .collect();
    assert!(
        !stock_rows.is_empty(),
        "a verified adjustment queues a stock update: {:?}",
        updates.integration_updates
    );
    let mut saw_product = false;
    for row in &stock_rows {
        let IntegrationPayload::Stock(changes) = row.payload().unwrap() else {
            panic!("stock row decodes as stock")
        };
        for change in changes.iter().filter(|ch| ch.product_id == product_id) {
            saw_product = true;
            assert_eq!(change.stock_data.stockqty.to_i64(), Some(10));
        }
    }
    assert!(saw_product);
    drain_queue(&c);
    assert!(
        block_on(c.call(&IntegrationUpdateGet::for_application("Woocommerce", 20)))
            .unwrap()
            .integration_updates
            .is_empty()
    );
}

fn drain_queue(c: &Client<NativeTransport>) {
    let updates =
        block_on(c.call(&IntegrationUpdateGet::for_application("Woocommerce", 1000))).unwrap();
    for row in updates.integration_updates {
        // Every row must decode (or be an entity we do not decode).
        row.payload().unwrap_or_else(|e| panic!("{e}"));
        block_on(c.call(&IntegrationUpdateDelete::new(row.integration_update_id))).unwrap();
    }
}

fn order_for(reference: &str, client_id: i64, location_id: i64, sku: &str) -> SalesOrder {
    SalesOrder {
        sales_order_no: Some(reference.into()),
        sales_order_reference_no: Some(reference.into()),
        sales_order_reference_application: Some("woocommerce".into()),
        sales_order_client_id: Some(client_id),
        sales_order_inventory_location_id: Some(location_id),
        sales_order_currency_code: Some("USD".into()),
        sales_order_status: Some(SalesOrderStatus::Verified),
        sales_order_payment_method: Some(PaymentMethod::Cash),
        details: vec![SalesOrderRow::new(sku, d("2"), d("19.9"))],
        ..Default::default()
    }
}

fn order_fixture(c: &Client<NativeTransport>) -> (i64, i64) {
    insert_product(c, "TSHIRT");
    let client = SupplierClient {
        supplier_client_name: Some("grace".into()),
        supplier_client_type: Some(SupplierClientType::Client),
        ..Default::default()
    };
    let client_id = block_on(c.call(&SupplierClientUpdate::insert(client)))
        .unwrap()
        .entity_id
        .unwrap();
    let location_id = block_on(c.call(&InventoryLocationGet::all()))
        .unwrap()
        .locations[0]
        .inventory_location_id
        .unwrap();
    (client_id, location_id)
}

#[test]
fn sales_order_insert_get_cancel() {
    let sim = start_sim(Faults::default());
    let c = client_for(&sim, fast_policy());
    let (client_id, location_id) = order_fixture(&c);
    drain_queue(&c);
    let inserted = block_on(c.call(&SalesOrderUpdate::insert(order_for(
        "676",
        client_id,
        location_id,
        "TSHIRT",
    ))))
    .unwrap();
    let order = inserted.sales_order.unwrap();
    let id = order.sales_order_id.unwrap();
    assert_eq!(inserted.entity_id, Some(id));
    assert_eq!(order.sales_order_type_abbreviation.as_deref(), Some("SO"));
    assert_eq!(order.sales_order_status, Some(SalesOrderStatus::Verified));
    let number = order.sales_order_no.clone().unwrap();

    let fetched = block_on(c.call(&SalesOrderGet::by_ids(&[id]))).unwrap();
    assert_eq!(fetched.sales_orders.len(), 1);
    assert_eq!(
        fetched.sales_orders[0].details[0]
            .quantity
            .as_ref()
            .unwrap()
            .as_str(),
        "2"
    );
    assert_eq!(
        block_on(c.call(&SalesOrderGet::by_reference("676")))
            .unwrap()
            .sales_orders
            .len(),
        1
    );

    let cancelled = block_on(
        c.call(
            &SalesOrderCancel::new(number.clone(), order.sales_order_type_id)
                .source_application("woocommerce"),
        ),
    )
    .unwrap();
    assert!(cancelled.result);
    let fetched = block_on(c.call(&SalesOrderGet::by_ids(&[id]))).unwrap();
    assert_eq!(
        fetched.sales_orders[0].sales_order_status,
        Some(SalesOrderStatus::Cancelled)
    );
    let again = block_on(c.call(&SalesOrderCancel::new(number, None))).unwrap_err();
    assert!(
        again.api().unwrap().message.contains("Pending or Verified"),
        "{again}"
    );

    // Every queued row decodes; a document row for our order carries a numeric status.
    let updates =
        block_on(c.call(&IntegrationUpdateGet::for_application("Woocommerce", 100))).unwrap();
    for row in &updates.integration_updates {
        if let IntegrationPayload::Document(change) = row.payload().unwrap() {
            assert_eq!(change.document_type_id, document_type::SALES_ORDER);
            assert!(change.document_status.is_some());
        }
    }
}

/// Counts attempts and lookup outcomes through the observer hook.
#[derive(Default, Debug)]
struct Tally {
    retries: usize,
    ambiguous: usize,
    recovered_by_lookup: usize,
    lookup_found_nothing: usize,
}

fn observed(c: Client<NativeTransport>) -> (Client<NativeTransport>, Rc<RefCell<Tally>>) {
    let tally = Rc::new(RefCell::new(Tally::default()));
    let t = Rc::clone(&tally);
    let c = c.with_observer(move |event| {
        let mut t = t.borrow_mut();
        match &event.outcome {
            CallOutcome::WillRetry { ambiguous, .. } => {
                t.retries += 1;
                t.ambiguous += usize::from(*ambiguous);
            }
            CallOutcome::RecoveredByLookup => t.recovered_by_lookup += 1,
            CallOutcome::LookupFoundNothing => t.lookup_found_nothing += 1,
            _ => {}
        }
    });
    (c, tally)
}

/// Inserts orders through 5xx and dropped connections; each reference must exist exactly once.
fn insert_orders_under_faults(fail_after_apply: bool, seed: u64) -> Tally {
    let sim = start_sim(Faults::default());
    let setup = client_for(&sim, fast_policy());
    let (client_id, location_id) = order_fixture(&setup);
    sim_control(
        &sim,
        "faults",
        &format!(
            r#"{{"http_5xx_rate":0.3,"timeout_rate":0.2,"timeout_ms":100,"fail_after_apply":{fail_after_apply},"seed":{seed}}}"#
        ),
    );
    let policy = RetryPolicy {
        max_attempts: 10,
        ..fast_policy()
    };
    let (c, tally) = observed(client_for(&sim, policy));
    let references: Vec<String> = (0..12)
        .map(|i| format!("wc-{fail_after_apply}-{seed}-{i}"))
        .collect();
    let mut inserted_ids = Vec::new();
    for reference in &references {
        match block_on(c.call(&SalesOrderUpdate::insert(order_for(
            reference,
            client_id,
            location_id,
            "TSHIRT",
        )))) {
            Ok(answer) => {
                inserted_ids.push((reference.clone(), answer.entity_id.expect("an order id")))
            }
            // Attempts can run out; what matters is that no reference was inserted twice.
            Err(error) => eprintln!("{reference}: {error}"),
        }
    }
    sim_control(&sim, "faults", "{}");
    for reference in &references {
        let found = block_on(setup.call(&SalesOrderGet::by_reference(reference))).unwrap();
        assert!(
            found.sales_orders.len() <= 1,
            "{reference} was inserted {} times",
            found.sales_orders.len()
        );
        if let Some((_, id)) = inserted_ids.iter().find(|(r, _)| r == reference) {
            assert_eq!(
                found.sales_orders.len(),
                1,
                "{reference} reported inserted but not found"
            );
            assert_eq!(found.sales_orders[0].sales_order_id, Some(*id));
        }
    }
    assert!(
        inserted_ids.len() >= 10,
        "too many calls failed outright: {} of 12 succeeded",
        inserted_ids.len()
    );
    let tally = std::mem::take(&mut *tally.borrow_mut());
    eprintln!("fail_after_apply={fail_after_apply} seed={seed}: {tally:?}");
    assert!(
        tally.ambiguous > 0,
        "the faults must have caused ambiguous failures: {tally:?}"
    );
    tally
}

const FAULT_SEEDS: [u64; 3] = [11, 23, 47];

#[test]
fn sales_order_insert_is_exactly_once_when_failures_happen_after_apply() {
    for seed in FAULT_SEEDS {
        let tally = insert_orders_under_faults(true, seed);
        assert!(
            tally.recovered_by_lookup > 0,
            "applied-then-failed inserts are recovered by the lookup: {tally:?}"
        );
        assert_eq!(
            tally.lookup_found_nothing, 0,
            "an applied insert is always found: {tally:?}"
        );
    }
}

#[test]
fn sales_order_insert_is_resent_when_failures_happen_before_apply() {
    for seed in FAULT_SEEDS {
        let tally = insert_orders_under_faults(false, seed);
        assert!(
            tally.lookup_found_nothing > 0,
            "failed-before-apply inserts are found missing and resent: {tally:?}"
        );
        assert_eq!(
            tally.recovered_by_lookup, 0,
            "nothing was applied, so nothing can be recovered: {tally:?}"
        );
    }
}

#[test]
fn the_client_timeout_ends_a_held_request() {
    let sim = start_sim(Faults::default());
    sim_control(&sim, "faults", r#"{"timeout_rate":1.0,"timeout_ms":1500}"#);
    let policy = RetryPolicy {
        max_attempts: 2,
        request_timeout: Duration::from_millis(200),
        ..fast_policy()
    };
    let (c, tally) = observed(client_for(&sim, policy));
    let error = block_on(c.call(&ProductGet::all())).unwrap_err();
    match &error {
        Error::Transport {
            error: transport, ..
        } => {
            assert_eq!(transport.kind, TransportErrorKind::Timeout, "{error}");
            assert!(transport.sent);
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(
        tally.borrow().retries,
        1,
        "a read is retried after a timeout"
    );
}

#[test]
fn rate_limit_is_retried_and_concurrent_calls_share_the_pool() {
    let sim = start_sim(Faults {
        rate_limit_per_sec: Some(10),
        ..Faults::default()
    });
    let policy = RetryPolicy {
        max_attempts: 10,
        base_delay: Duration::from_millis(50),
        max_delay: Duration::from_secs(2),
        request_timeout: Duration::from_secs(10),
    };
    let (c, tally) = observed(client_for(&sim, policy));
    let request = ProductGet::all();
    let calls = (0..30).map(|_| c.call(&request));
    let results = block_on(futures::future::join_all(calls));
    assert!(
        results.iter().all(Result::is_ok),
        "{:?}",
        results.iter().find(|r| r.is_err())
    );
    let tally = tally.borrow();
    assert!(
        tally.retries > 0,
        "30 concurrent calls against 10/s must hit 429: {tally:?}"
    );
    assert_eq!(tally.ambiguous, 0, "429 is not ambiguous");
}

#[test]
fn https_is_refused_by_the_native_transport() {
    let c = Client::new(
        NativeTransport::new(Endpoint::direct("https://api.megaventory.com/v2017a/")),
        Some(ApiKey::new(KEY).unwrap()),
        fast_policy(),
    );
    let error = block_on(c.call(&ProductGet::all())).unwrap_err();
    match &error {
        Error::Transport {
            error: transport, ..
        } => assert_eq!(transport.kind, TransportErrorKind::Unsupported),
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(
        error.to_string().contains("https is not supported"),
        "{error}"
    );
}

#[test]
fn connection_refused_is_retried_then_reported() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let policy = RetryPolicy {
        max_attempts: 3,
        ..fast_policy()
    };
    let c = Client::new(
        NativeTransport::new(Endpoint::direct(format!("http://127.0.0.1:{port}/v2017a/"))),
        None,
        policy,
    );
    let (c, tally) = observed(c);
    let error = block_on(c.call(&SalesOrderUpdate::insert(SalesOrder::default()))).unwrap_err();
    assert!(
        matches!(&error, Error::Transport { error, .. } if error.kind == TransportErrorKind::Connect && !error.sent),
        "{error:?}"
    );
    assert_eq!(
        tally.borrow().retries,
        2,
        "refused connections are not ambiguous, so even an unsafe insert is retried"
    );
}

/// Prints throughput figures (no assertion on timing).
#[test]
fn prints_throughput_figures() {
    let sim = start_sim(Faults::default());
    let c = client_for(&sim, fast_policy());
    insert_product(&c, "BENCH");
    let n = 300;
    let started = Instant::now();
    for _ in 0..n {
        block_on(c.call(&ProductGet::by_sku("BENCH"))).unwrap();
    }
    let sequential = started.elapsed();
    let started = Instant::now();
    let request = ProductGet::by_sku("BENCH");
    let results = block_on(futures::future::join_all((0..n).map(|_| c.call(&request))));
    let concurrent = started.elapsed();
    assert!(results.iter().all(Result::is_ok));
    println!(
        "native transport vs simulator, {n} ProductGet: sequential {:.1} ms ({:.0}/s), join_all {:.1} ms ({:.0}/s)",
        sequential.as_secs_f64() * 1000.0,
        n as f64 / sequential.as_secs_f64(),
        concurrent.as_secs_f64() * 1000.0,
        n as f64 / concurrent.as_secs_f64()
    );
}
