//! A scripted session against a Megaventory (the simulator by default): the calls a shop's
//! first synchronisation makes, printed as they happen.
//!
//! `cargo run -p megaventory --example demo -- http://127.0.0.1:PORT/v2017a/ [API_KEY]`

use futures::executor::block_on;
use megaventory::model::*;
use megaventory::request::*;
use megaventory::transport::native::NativeTransport;
use megaventory::{ApiKey, Client, Decimal, Endpoint, Error, RetryPolicy};

fn main() {
    let mut args = std::env::args().skip(1);
    let base_url = args.next().unwrap_or_else(|| {
        eprintln!("usage: demo BASE_URL [API_KEY]   (e.g. http://127.0.0.1:8999/v2017a/)");
        std::process::exit(2)
    });
    let key = ApiKey::new(args.next().unwrap_or_else(|| "demo@m1".into())).expect("an API key");
    let client = Client::new(NativeTransport::new(Endpoint::direct(base_url)), Some(key), RetryPolicy::default());
    if let Err(error) = block_on(session(&client)) {
        eprintln!("demo failed: {error}");
        std::process::exit(1);
    }
}

fn money(text: &str) -> Decimal {
    Decimal::parse(text).expect("a literal decimal")
}

async fn session(client: &Client<NativeTransport>) -> Result<(), Error> {
    let status = client.call(&ApiKeyGet::default()).await?.status();
    println!("1. APIKeyGet: {status:?}");

    let currencies = client.call(&CurrencyGet::default_currency()).await?.currencies;
    let currency = currencies.first().and_then(|c| c.currency_code.clone()).unwrap_or_default();
    println!("2. CurrencyGet: default currency {currency}");

    let locations = client.call(&InventoryLocationGet::all()).await?.locations;
    let main = locations.first().and_then(|l| l.inventory_location_id).unwrap_or_default();
    println!("3. InventoryLocationGet: {} location(s), using id {main}", locations.len());

    let shipping = Product {
        product_type: Some(ProductType::Service),
        product_sku: Some("shipping".into()),
        product_description: Some("Shipping".into()),
        ..Product::default()
    };
    let shipping = client.call(&ProductUpdate::insert_or_update_non_empty_fields(shipping).source_application("woocommerce")).await?;
    println!("4. ProductUpdate (service `shipping`): id {:?}", shipping.entity_id);

    let tee = Product {
        product_sku: Some("DEMO-TEE-RED-M".into()),
        product_description: Some("Demo T-shirt".into()),
        product_version: Some("Color: Red | Size: M".into()),
        product_selling_price: Some(money("19.90")),
        ..Product::default()
    };
    let tee = client.call(&ProductUpdate::insert_or_update_non_empty_fields(tee).source_application("woocommerce")).await?;
    println!("5. ProductUpdate (DEMO-TEE-RED-M): id {:?}", tee.entity_id);

    let adjustment = Document {
        document_type_id: Some(-99),
        document_supplier_client_id: Some(-1),
        document_inventory_location_id: Some(main),
        document_status: Some(DocumentStatus::Verified),
        document_reference_no: Some("demo-initial-stock".into()),
        details: vec![DocumentRow {
            product_sku: Some("DEMO-TEE-RED-M".into()),
            quantity: Some(money("12")),
            unit_price_without_tax_or_discount: Some(money("0")),
            ..DocumentRow::default()
        }],
        ..Document::default()
    };
    let document = client.call(&DocumentUpdate::insert(adjustment)).await?;
    println!("6. DocumentUpdate (adjustment plus, 12 units): id {:?}", document.entity_id);

    let guest = SupplierClient {
        supplier_client_type: Some(SupplierClientType::Client),
        supplier_client_name: Some("WooCommerce_Guest".into()),
        ..SupplierClient::default()
    };
    let guest = match client.call(&SupplierClientUpdate::insert(guest)).await {
        Ok(created) => created.entity_id,
        // Rerunning the demo: the guest exists already; adopt it, as the engine does.
        Err(Error::Api(conflict)) if conflict.entity_id.is_some() => conflict.entity_id,
        Err(other) => return Err(other),
    };
    println!("7. SupplierClientUpdate (WooCommerce_Guest): id {guest:?}");

    let order = SalesOrder {
        sales_order_reference_no: Some(format!("demo-{}", std::process::id())),
        sales_order_client_id: guest,
        sales_order_inventory_location_id: Some(main),
        sales_order_currency_code: Some(currency),
        sales_order_status: Some(SalesOrderStatus::Verified),
        details: vec![SalesOrderRow {
            product_sku: Some("DEMO-TEE-RED-M".into()),
            quantity: Some(money("2")),
            unit_price_without_tax_or_discount: Some(money("19.90")),
            ..SalesOrderRow::default()
        }],
        ..SalesOrder::default()
    };
    let order = client.call(&SalesOrderUpdate::insert(order)).await?;
    let number = order.sales_order.and_then(|o| o.sales_order_no).unwrap_or_default();
    println!("8. SalesOrderUpdate (Verified, 2 × DEMO-TEE-RED-M): SO {number}");

    let stock = client.call(&InventoryLocationStockGet::for_products(&[tee.entity_id.unwrap_or_default()])).await?;
    for item in &stock.stock {
        println!(
            "9. InventoryLocationStockGet: product {} physical {} non-shipped {}",
            item.product_id, item.stock_physical_total, item.stock_non_shipped_total
        );
    }

    let updates = client.call(&IntegrationUpdateGet::for_application("Woocommerce", 20)).await?.integration_updates;
    println!("10. IntegrationUpdateGet: {} update(s) queued for WooCommerce", updates.len());
    for update in &updates {
        println!("    #{} {} {}", update.integration_update_id, update.entity, update.action);
    }

    let cancelled = client.call(&SalesOrderCancel::new(number.clone(), Some(3))).await?;
    println!("11. SalesOrderCancel (SO {number}): {cancelled:?}");
    Ok(())
}
