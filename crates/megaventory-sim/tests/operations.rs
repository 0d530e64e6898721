//! Operations beyond the §7 points: bundles, currencies, order updates, bulk orders, users.

mod common;

use common::*;
use serde_json::{json, Value};

#[test]
fn bundles_get_getall_delete_undelete() {
    let sim = start();
    let a = product(&sim, "PART-A");
    product(&sim, "PART-B");
    let r = call(&sim, "ProductBundleUpdate", json!({"productbundledetails": {"bundleproductid": "", "bundleproductsku": "KIT", "bundleproductdescription": "Kit", "includedproducts": [{"productid": a, "productsku": "", "quantityinbundle": 2, "priceinbundle": 3.5}, {"ProductSKU": "part-b", "QuantityInBundle": "1"}]}, "mvrecordaction": "InsertOrUpdateNonEmptyFields", "mvinsertupdatedeletesourceapplication": "woocommerce"}));
    assert_ok(&r);
    let id = r["ProductBundleDetails"]["BundleProductID"].as_i64().unwrap();
    assert_eq!(id, 3, "bundles draw from the product sequence");
    assert_eq!(r["ProductBundleDetails"]["IncludedProducts"][0]["ProductSKU"], json!("PART-A"));
    assert_eq!(r["ProductBundleDetails"]["IncludedProducts"][1]["ProductID"], json!(2));
    // Upsert by SKU keeps the id.
    let r = call(&sim, "ProductBundleUpdate", json!({"ProductBundleDetails": {"BundleProductSKU": "KIT", "BundleProductDescription": "Kit v2", "IncludedProducts": [{"ProductID": a, "QuantityInBundle": 3}]}, "mvRecordAction": "InsertOrUpdateNonEmptyFields"}));
    assert_eq!(r["entityID"], json!(id));
    assert_eq!(call(&sim, "ProductBundleGet", json!({"ProductBundleSKU": "kit"}))["mvProductBundle"]["BundleProductDescription"], json!("Kit v2"));
    let all = call(&sim, "ProductBundleGetAll", json!({"IncludedProductIDList": a}));
    assert_eq!(all["mvProductBundles"].as_array().unwrap().len(), 1);
    assert_eq!(call(&sim, "ProductBundleGetAll", json!({"ProductBundleSKUList": ["nope"]}))["mvProductBundles"], json!([]));
    assert_eq!(call(&sim, "ProductBundleDelete", json!({"ProductBundleIDToDelete": id}))["result"], json!(true));
    assert!(call(&sim, "ProductBundleGet", json!({"ProductBundleSKU": "KIT"})).get("mvProductBundle").is_none());
    let r = call(&sim, "ProductBundleUpdate", json!({"ProductBundleDetails": {"BundleProductSKU": "KIT", "BundleProductDescription": "Kit", "IncludedProducts": [{"ProductID": a, "QuantityInBundle": 1}]}, "mvRecordAction": "InsertOrUpdateNonEmptyFields"}));
    assert!(assert_err(&r, "ProductSKUAlreadyDeleted").contains("and was since deleted"));
    assert_eq!(r["entityID"], json!(id));
    let r = call(&sim, "ProductBundleUndelete", json!({"ProductBundleIDToUndelete": id}));
    assert_eq!(r, json!({"result": true, "ResponseStatus": {"ErrorCode": "0"}}));
    // Unknown included products are named.
    let r = call(&sim, "ProductBundleUpdate", json!({"ProductBundleDetails": {"BundleProductSKU": "KIT2", "BundleProductDescription": "x", "IncludedProducts": [{"ProductSKU": "GHOST", "QuantityInBundle": 1}]}}));
    assert!(assert_err(&r, "ProductNotFound").contains("GHOST"));
}

#[test]
fn currencies_keep_exactly_one_default() {
    let sim = start();
    let r = call(&sim, "CurrencyUpdate", json!({"mvCurrency": {"CurrencyCode": "GBP", "CurrencyDescription": "Pound", "CurrencySymbol": "£", "CurrencyIsDefault": "true"}, "mvRecordAction": "Insert"}));
    assert_ok(&r);
    let defaults = call(&sim, "CurrencyGet", json!({"Filters": {"FieldName": "CurrencyIsDefault", "SearchOperator": "Equals", "SearchValue": "true"}}));
    let codes: Vec<Value> = defaults["mvCurrencies"].as_array().unwrap().iter().map(|c| c["CurrencyCode"].clone()).collect();
    assert_eq!(codes, vec![json!("GBP")]);
    let gbp = r["entityID"].clone();
    let r = call(&sim, "CurrencyUpdate", json!({"mvCurrency": {"CurrencyId": gbp, "CurrencyCode": "GBP", "CurrencyIsDefault": false}, "mvRecordAction": "Update"}));
    assert!(assert_err(&r, "").contains("default"));
    assert_err(&call(&sim, "CurrencyUpdate", json!({"mvCurrency": {"CurrencyCode": "usd"}})), "CurrencyCodeAlreadyExists");
}

fn setup_order(sim: &megaventory_sim::SimServer, status: &str) -> i64 {
    product(sim, "O1");
    let client = call(sim, "SupplierClientUpdate", json!({"mvSupplierClient": {"SupplierClientName": "Buyer"}}))["entityID"].clone();
    let r = call(sim, "SalesOrderUpdate", json!({"mvSalesOrder": {"SalesOrderClientID": client, "SalesOrderInventoryLocationID": 1, "SalesOrderStatus": status, "SalesOrderReferenceNo": "wc-9", "SalesOrderDetails": [{"SalesOrderRowProductSKU": "O1", "SalesOrderRowQuantity": 3, "SalesOrderRowUnitPriceWithoutTaxOrDiscount": 10}]}}));
    assert_ok(&r);
    r["entityID"].as_i64().unwrap()
}

#[test]
fn sales_order_update_verifies_a_pending_order() {
    let sim = start();
    let id = setup_order(&sim, "Pending");
    assert_eq!(stock_item(&sim, 1)["mvStock"], Value::Null);
    let r = call(&sim, "SalesOrderUpdate", json!({"mvSalesOrder": {"SalesOrderId": id, "SalesOrderStatus": "Verified"}, "mvRecordAction": "Update"}));
    assert_ok(&r);
    assert_eq!(r["mvSalesOrder"]["SalesOrderStatus"], json!("Verified"));
    assert_eq!(r["mvSalesOrder"]["SalesOrderAmountGrandTotal"], json!(30));
    assert_eq!(stock_item(&sim, 1)["StockNonShippedTotal"], json!(3));
    let docs: Vec<Value> = integration_updates(&sim).into_iter().filter(|u| u["Entity"] == "document").collect();
    assert_eq!(docs.len(), 1);
    let data: Value = serde_json::from_str(docs[0]["JsonData"].as_str().unwrap()).unwrap();
    assert_eq!(data["DocumentStatus"], json!(30));
    assert_eq!(data["DocumentReferenceNo"], json!("wc-9"));
    // Re-sending the same rows with a status change is fine; a second partial shipment ships more.
    let r = call(&sim, "SalesOrderUpdate", json!({"mvSalesOrder": {"SalesOrderId": id, "SalesOrderStatus": "Verified", "SalesOrderComments": "gift", "SalesOrderDetails": [{"SalesOrderRowProductSKU": "O1", "SalesOrderRowQuantity": 3, "SalesOrderRowUnitPriceWithoutTaxOrDiscount": 10}]}, "mvRecordAction": "Update"}));
    assert_eq!(r["mvSalesOrder"]["SalesOrderComments"], json!("gift"));
    control(&sim, "sales-order-status", json!({"sales_order_id": id, "status": "PartiallyShipped", "ship": [{"sku": "O1", "quantity": 1}]}));
    let r = control(&sim, "sales-order-status", json!({"sales_order_id": id, "status": "PartiallyShipped", "ship": [{"sku": "o1", "quantity": 1}]}));
    assert_eq!(r["SalesOrderDetails"][0]["SalesOrderRowShippedQuantity"], json!(2));
    let item = stock_item(&sim, 1);
    assert_eq!(item["StockNonShippedTotal"], json!(1));
    assert_eq!(item["StockPhysicalTotal"], json!(-2));
    // Rows are frozen once Verified; ids are immutable; unknown ids are errors.
    let r = call(&sim, "SalesOrderUpdate", json!({"mvSalesOrder": {"SalesOrderId": id, "SalesOrderDetails": [{"SalesOrderRowProductSKU": "O1", "SalesOrderRowQuantity": 1}]}, "mvRecordAction": "Update"}));
    assert!(assert_err(&r, "").contains("Pending"));
    let r = call(&sim, "SalesOrderUpdate", json!({"mvSalesOrder": {"SalesOrderId": 999, "SalesOrderStatus": "Verified"}, "mvRecordAction": "Update"}));
    assert_err(&r, "SalesOrderNotFound");
    // Filter by reference, as a client does to find its own order again.
    let r = call(&sim, "SalesOrderGet", json!({"Filters": [{"FieldName": "SalesOrderReferenceNo", "SearchOperator": "Equals", "SearchValue": "wc-9"}]}));
    assert_eq!(r["mvSalesOrders"][0]["SalesOrderId"], json!(id));
}

#[test]
fn bulk_sales_orders_answer_per_order() {
    let sim = start();
    product(&sim, "B1");
    let client = call(&sim, "SupplierClientUpdate", json!({"mvSupplierClient": {"SupplierClientName": "Bulk"}}))["entityID"].clone();
    let good = json!({"mvSalesOrder": {"SalesOrderNo": 61, "SalesOrderClientID": client, "SalesOrderDetails": [{"SalesOrderRowProductSKU": "B1", "SalesOrderRowQuantity": 1}]}, "mvRecordAction": "Insert"});
    let bad = json!({"mvSalesOrder": {"SalesOrderClientID": client, "SalesOrderDetails": [{"SalesOrderRowProductSKU": "NOPE", "SalesOrderRowQuantity": 1}]}});
    let r = call(&sim, "SalesOrdersUpdate", json!({"SalesOrders": [good, bad]}));
    assert_ok(&r);
    let answers = r["SalesOrdersResponses"].as_array().unwrap();
    assert_eq!(answers[0]["mvSalesOrder"]["SalesOrderNo"], json!("61"));
    assert_eq!(answers[1]["ResponseStatus"]["ErrorCode"], json!("500"));
}

#[test]
fn user_and_document_gets() {
    let sim = start();
    let u = call(&sim, "UserGet", json!({}));
    assert_ok(&u);
    assert_eq!(u["mvUser"]["IsAdministrator"], json!(true));
    product(&sim, "D1");
    call(&sim, "InventoryLocationStockProductStockUpdate", json!({"mvProductStockUpdateList": [{"ProductSKU": "D1", "ProductQuantity": 5}]}));
    call(&sim, "InventoryLocationStockProductStockUpdate", json!({"mvProductStockUpdateList": [{"ProductSKU": "D1", "ProductQuantity": 2}]}));
    let docs = call(&sim, "DocumentGet", json!({}))["mvDocuments"].clone();
    let types: Vec<Value> = docs.as_array().unwrap().iter().map(|d| d["DocumentTypeId"].clone()).collect();
    assert_eq!(types, vec![json!(-98), json!(-99)]);
    assert_eq!(stock_item(&sim, 1)["StockPhysicalTotal"], json!(2));
}
