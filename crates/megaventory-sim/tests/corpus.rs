//! Replays every request the incumbent plugin really sent (tests/fixtures/incumbent-requests.jsonl)
//! in the plugin's own order (health check, Initialize, imports, stock push, order) and
//! checks the fields the plugin reads.

mod common;

use common::*;
use megaventory_sim::{AccountConfig, SimOptions};
use serde_json::{json, Value};

const CORPUS: &str = include_str!("fixtures/incumbent-requests.jsonl");

/// The plugin's call order; requests of one operation keep their recorded order.
const ORDER: &[&str] = &[
    "APIKeyGet", "AccountSettingsGet", "CurrencyGet",
    "InventoryLocationGet", "InventoryLocationUpdate",
    "SupplierClientUpdate", "SupplierClientGet",
    "TaxGet", "TaxUpdate",
    "ProductCategoryGet", "ProductCategoryUpdate", "ProductUpdate",
    "DiscountGet", "DiscountUpdate",
    "DocumentUpdate", "InventoryLocationStockGet",
    "SalesOrderUpdate",
];

fn replace_key(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, val) in m.iter_mut() {
                if k.eq_ignore_ascii_case("apikey") && val == "***" {
                    *val = json!(KEY);
                } else {
                    replace_key(val);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(replace_key),
        _ => {}
    }
}

fn skus_in(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, val) in m {
                let k = k.to_ascii_lowercase();
                if (k == "documentrowproductsku" || k == "salesorderrowproductsku") && val.is_string() {
                    out.push(val.as_str().unwrap().to_string());
                } else {
                    skus_in(val, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| skus_in(x, out)),
        _ => {}
    }
}

#[test]
fn every_recorded_request_is_accepted_with_the_shape_the_plugin_reads() {
    let mut lines: Vec<(String, Value)> = CORPUS
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("corpus line is JSON");
            let mut req = v["request"].clone();
            replace_key(&mut req);
            (v["operation"].as_str().unwrap().to_string(), req)
        })
        .collect();
    let total = lines.len();
    assert_eq!(total, 22);
    for (op, _) in &lines {
        assert!(ORDER.contains(&op.as_str()), "operation {op} has no place in the replay order");
    }
    lines.sort_by_key(|(op, _)| ORDER.iter().position(|o| o == op).unwrap());

    // An account without a location, so the plugin's "create Main" request is meaningful.
    let sim = start_with(SimOptions { accounts: vec![AccountConfig { locations: vec![], ..AccountConfig::default() }], ..SimOptions::default() });
    let mut replayed = 0;
    for (op, req) in &lines {
        if op == "DocumentUpdate" || op == "SalesOrderUpdate" {
            // The stock push and the order refer to products and a customer the
            // plugin synced earlier (not all of them are in the corpus): create them.
            let mut skus = Vec::new();
            skus_in(req, &mut skus);
            for sku in skus {
                let found = call(&sim, "ProductGet", json!({"Filters": {"FieldName": "ProductSKU", "SearchOperator": "Equals", "SearchValue": sku}}));
                if found["mvProducts"].as_array().unwrap().is_empty() {
                    let ty = if sku == "shipping" { "Service" } else { "Undefined" };
                    assert_ok(&call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductSKU": sku, "ProductDescription": sku, "ProductType": ty}, "mvRecordAction": "InsertOrUpdateNonEmptyFields"})));
                }
            }
            if op == "SalesOrderUpdate" && call(&sim, "SupplierClientGet", json!({"Filters": {"FieldName": "SupplierClientID", "SearchOperator": "Equals", "SearchValue": 2}}))["mvSupplierClients"].as_array().unwrap().is_empty() {
                assert_ok(&call(&sim, "SupplierClientUpdate", json!({"mvSupplierClient": {"SupplierClientName": "hx_customer_01", "SupplierClientType": "Client"}})));
            }
        }
        let r = post(&sim, &format!("/v2017a/json/reply/{op}"), req);
        assert_eq!(r["ResponseStatus"]["ErrorCode"], json!("0"), "{op} failed: {r}\nrequest: {req}");
        assert!(r.get("InternalErrorCode").is_none(), "{op}: {r}");
        check_shape(op, &r);
        replayed += 1;
    }
    assert_eq!(replayed, total);
}

fn int(v: &Value, what: &str) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("{what} must be an integer: {v}"))
}

fn check_shape(op: &str, r: &Value) {
    match op {
        "APIKeyGet" => assert!(r["ResponseStatus"]["Message"].as_str().unwrap().contains("Administrator")),
        "AccountSettingsGet" => {
            assert_eq!(r["mvAccountSettings"][0]["SettingName"], json!("isWoocommerceEnabled"));
            assert_eq!(r["mvAccountSettings"][0]["SettingValue"], json!(true));
        }
        "CurrencyGet" => assert_eq!(r["mvCurrencies"][0]["CurrencyCode"], json!("USD")),
        "InventoryLocationGet" => assert!(r["mvInventoryLocations"].is_array()),
        "InventoryLocationUpdate" => {
            assert_eq!(int(&r["mvInventoryLocation"]["InventoryLocationID"], "InventoryLocationID"), 1);
            assert_eq!(r["mvInventoryLocation"]["InventoryLocationAbbreviation"], json!("Main"));
        }
        "SupplierClientUpdate" => {
            int(&r["mvSupplierClient"]["SupplierClientID"], "SupplierClientID");
            assert_eq!(r["mvSupplierClient"]["SupplierClientAddresses"][1]["AddressType"], json!("Billing"));
        }
        "SupplierClientGet" => {
            let c = &r["mvSupplierClients"][0];
            assert_eq!(c["SupplierClientName"], json!("WooCommerce_Guest"));
            assert_eq!(c["SupplierClientType"], json!("Client"));
        }
        "TaxGet" => assert!(r["mvTaxes"].is_array()),
        "TaxUpdate" => {
            int(&r["mvTax"]["TaxID"], "TaxID");
            assert!(r["mvTax"]["TaxValue"].is_number());
        }
        "ProductCategoryGet" => assert!(r["mvProductCategories"].is_array()),
        "ProductCategoryUpdate" => assert_eq!(int(&r["mvProductCategory"]["ProductCategoryID"], "ProductCategoryID"), 1),
        "ProductUpdate" => {
            int(&r["mvProduct"]["ProductID"], "ProductID");
            assert_eq!(r["entityID"], r["mvProduct"]["ProductID"]);
        }
        "DiscountGet" => assert!(r["mvDiscounts"].is_array()),
        "DiscountUpdate" => assert_eq!(int(&r["mvDiscount"]["DiscountID"], "DiscountID"), 1),
        "DocumentUpdate" => {
            int(&r["mvDocument"]["DocumentId"], "DocumentId");
            assert!(r["mvDocument"]["DocumentTypeAbbreviation"].is_string());
            assert!(r["mvDocument"]["DocumentNo"].is_string());
        }
        "InventoryLocationStockGet" => {
            let list = r["mvProductStockList"].as_array().unwrap();
            assert!(!list.is_empty());
            for item in list {
                int(&item["productID"], "productID");
                assert!(item["mvStock"].is_array() || item["mvStock"].is_null());
                assert!(item["StockPhysicalTotal"].is_number());
                assert!(item["StockNonShippedTotal"].is_number());
                assert!(item["StockNonAllocatedWOsTotal"].is_number());
                assert!(item["StockNonReceivedWOsTotal"].is_number());
            }
        }
        "SalesOrderUpdate" => {
            let o = &r["mvSalesOrder"];
            int(&o["SalesOrderId"], "SalesOrderId");
            assert_eq!(o["SalesOrderTypeAbbreviation"], json!("SO"));
            assert_eq!(o["SalesOrderNo"], json!("676"));
            assert_eq!(o["SalesOrderStatus"], json!("Verified"));
            assert_eq!(o["SalesOrderInventoryLocationID"], json!(1));
        }
        other => panic!("no shape check for {other}"),
    }
}
