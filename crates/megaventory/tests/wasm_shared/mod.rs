//! Test bodies shared by the Node, browser and worker suites (GlooTransport + Client against
//! a running simulator whose base URL is compiled in from MEGAVENTORY_SIM_URL).

use megaventory::model::*;
use megaventory::request::*;
use megaventory::transport::gloo::GlooTransport;
use megaventory::*;
use std::time::Duration;

fn sim_base_url() -> &'static str {
    match option_env!("MEGAVENTORY_SIM_URL") {
        Some(url) if !url.trim().is_empty() => url,
        _ => panic!(
            "MEGAVENTORY_SIM_URL was not set at compile time. Start `target/debug/megaventory-sim --listen 127.0.0.1:0`, \
             then build the tests with MEGAVENTORY_SIM_URL=http://127.0.0.1:PORT/v2017a/"
        ),
    }
}

fn client() -> Client<GlooTransport> {
    let policy = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(100),
        request_timeout: Duration::from_secs(10),
    };
    Client::new(
        GlooTransport::new(Endpoint::direct(sim_base_url())),
        Some(ApiKey::new("demo@m1").unwrap()),
        policy,
    )
}

/// SKUs unique per run: the simulator may keep state between runs.
fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", js_sys::Date::now() as u64)
}

pub async fn key_check_and_settings() {
    let c = client();
    let status = c.check_api_key().await.unwrap();
    assert!(status.valid && status.admin, "{status:?}");
    let settings = c
        .call(&AccountSettingsGet::named("isWoocommerceEnabled"))
        .await
        .unwrap();
    assert!(settings.get("isWoocommerceEnabled").unwrap().as_bool());
    let currency = c.call(&CurrencyGet::default_currency()).await.unwrap();
    assert_eq!(currency.currencies[0].currency_code.as_deref(), Some("USD"));
}

pub async fn product_upsert_and_conflict() {
    let c = client();
    let sku = unique("WASM");
    let mut product = Product::new(sku.clone(), "made in wasm");
    product.product_selling_price = Some(Decimal::parse("12.50").unwrap());
    let inserted = c
        .call(&ProductUpdate::insert_or_update_non_empty_fields(
            product.clone(),
        ))
        .await
        .unwrap();
    let id = inserted.entity_id.unwrap();
    let found = c.call(&ProductGet::by_sku(&sku)).await.unwrap();
    assert_eq!(found.products[0].product_id, Some(id));
    assert_eq!(
        found.products[0]
            .product_selling_price
            .as_ref()
            .unwrap()
            .as_str(),
        "12.5"
    );
    let error = c.call(&ProductUpdate::insert(product)).await.unwrap_err();
    assert_eq!(
        error.conflict(),
        Some(Conflict::ProductSkuAlreadyExists),
        "{error}"
    );
    assert_eq!(error.api().unwrap().conflicting_id(), Some(id));
}

pub async fn sales_order_insert_and_cancel() {
    let c = client();
    let sku = unique("WASM-SO");
    c.call(&ProductUpdate::insert_or_update_non_empty_fields(
        Product::new(sku.clone(), "order line"),
    ))
    .await
    .unwrap();
    let location = c
        .call(&InventoryLocationGet::all())
        .await
        .unwrap()
        .locations[0]
        .inventory_location_id;
    let reference = unique("wasm-order");
    let order = SalesOrder {
        sales_order_reference_no: Some(reference.clone()),
        sales_order_client_name: Some(unique("wasm-client")),
        sales_order_inventory_location_id: location,
        sales_order_status: Some(SalesOrderStatus::Verified),
        details: vec![SalesOrderRow::new(
            sku,
            Decimal::from(1),
            Decimal::parse("3.3").unwrap(),
        )],
        ..Default::default()
    };
    let inserted = c.call(&SalesOrderUpdate::insert(order)).await.unwrap();
    let stored = inserted.sales_order.unwrap();
    assert_eq!(
        c.call(&SalesOrderGet::by_reference(&reference))
            .await
            .unwrap()
            .sales_orders
            .len(),
        1
    );
    let cancelled = c
        .call(&SalesOrderCancel::new(
            stored.sales_order_no.unwrap(),
            stored.sales_order_type_id,
        ))
        .await
        .unwrap();
    assert!(cancelled.result);
}

pub async fn sleep_and_clock_work() {
    let transport = GlooTransport::new(Endpoint::direct(sim_base_url()));
    let before = transport.now_millis();
    transport.sleep(Duration::from_millis(30)).await;
    assert!(
        transport.now_millis() >= before + 25,
        "setTimeout-based sleep returned early"
    );
}

pub async fn unreachable_server_is_a_transport_error() {
    // Port 9 (discard) on loopback: nothing listens there in the test environment.
    let policy = RetryPolicy {
        max_attempts: 2,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
        request_timeout: Duration::from_secs(5),
    };
    let c = Client::new(
        GlooTransport::new(Endpoint::direct("http://127.0.0.1:9/v2017a/")),
        None,
        policy,
    );
    let error = c.call(&ProductGet::all()).await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(error.to_string().starts_with("ProductGet: "), "{error}");
}
