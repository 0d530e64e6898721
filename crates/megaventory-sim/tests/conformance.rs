//! One test per point of §7 ("What a simulator must do") of the API spec.

mod common;

use common::*;
use megaventory_sim::{AccountConfig, LocationConfig, SimOptions};
use serde_json::{json, Value};

#[test]
fn p01_routes_methods_and_operation_names() {
    let sim = start();
    // Generic reply route and REST aliases, case-insensitive names.
    assert_ok(&post(&sim, "/v2017a/json/reply/apikeyget", &json!({"APIKEY": KEY})));
    assert_ok(&post(&sim, "/v2017a/APIkey/APIkeyGet", &json!({"APIKEY": KEY})));
    assert_ok(&post(&sim, "/v2017a/Product/ProductGet", &json!({"APIKEY": KEY})));
    let id = product(&sim, "P01");
    let r = post(&sim, "/v2017a/InventoryLocationStock/ProductStockUpdate", &json!({"APIKEY": KEY, "mvProductStockUpdateList": [{"ProductSKU": "P01", "ProductQuantity": 4}]}));
    assert_ok(&r);
    assert_eq!(stock_item(&sim, id)["StockPhysicalTotal"], json!(4));
    // GET with the request in the query string, for Get operations only.
    let r = get(&sim, "/v2017a/json/reply/ProductGet?APIKEY=demo%40m1&ReturnTopNRecords=1");
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["mvProducts"][0]["ProductSKU"], json!("P01"));
    let r = get(&sim, "/v2017a/json/reply/ProductUpdate?APIKEY=demo%40m1").json();
    assert_err(&r, "MethodNotAllowed");
    // Form posts, as the oldest plugins sent them.
    let r = raw(&host(&sim), "POST", "/v2017a/json/reply/ProductGet", &[("Content-Type", "application/x-www-form-urlencoded")], b"APIKEY=demo%40m1&Filters=%7B%22FieldName%22%3A%22ProductSKU%22%2C%22SearchOperator%22%3A%22Equals%22%2C%22SearchValue%22%3A%22P01%22%7D").unwrap();
    assert_eq!(r.json()["mvProducts"][0]["ProductID"], json!(id));
    // Reachability probe.
    assert_eq!(get(&sim, "/v2017a/json/reply/").status, 200);
    // Unknown operation: Megaventory-shaped error naming it.
    let r = post(&sim, "/v2017a/json/reply/FrobnicateGet", &json!({"APIKEY": KEY}));
    assert!(assert_err(&r, "UnknownOperation").contains("FrobnicateGet"));
}

#[test]
fn p02_api_key_from_body_any_case_or_query() {
    let sim = start();
    assert_ok(&post(&sim, "/v2017a/json/reply/APIKeyGet", &json!({"apikey": KEY})));
    assert_ok(&post(&sim, "/v2017a/json/reply/APIKeyGet", &json!({"apikey": KEY, "APIKEY": KEY})));
    assert_ok(&post(&sim, "/v2017a/json/reply/APIKeyGet", &json!({"settingname": "x", "apikey": "", "APIKEY": KEY})));
    assert_ok(&post(&sim, "/v2017a/json/reply/APIKeyGet?APIKEY=demo%40m1", &json!({})));
    let r = post(&sim, "/v2017a/json/reply/APIKeyGet", &json!({}));
    assert_eq!(r["ResponseStatus"]["ErrorCode"], json!("500"));
    let r = post(&sim, "/v2017a/json/reply/APIKeyGet", &json!({"APIKEY": "wrong@m1"}));
    assert_eq!(r["ResponseStatus"]["ErrorCode"], json!("401"));
    assert!(!r.to_string().contains("wrong@m1"), "the key must not be echoed");
    let debug = format!("{:?}", SimOptions::default());
    assert!(!debug.contains("demo@m1"), "Debug output hides keys: {debug}");
}

#[test]
fn p03_lenient_parsing() {
    let sim = start();
    // Lower-case keys at every level, "" for an id, number where a string is expected, enum in odd case.
    let r = call(&sim, "productupdate", json!({"mvproduct": {"productid": "", "producttype": "service", "productsku": "P03", "productdescription": "d", "productversion": 7.25, "productsellingprice": "12", "unknownthing": {"x": 1}}, "mvrecordaction": "insertorupdatenonemptyfields", "whatever": true}));
    assert_ok(&r);
    assert_eq!(r["mvProduct"]["ProductType"], json!("Service"));
    assert_eq!(r["mvProduct"]["ProductVersion"], json!("7.25"));
    assert_eq!(r["mvProduct"]["ProductSellingPrice"], json!(12));
    let id = r["entityID"].as_i64().unwrap();
    // Single-object Filters, "true" as a boolean search value, string numbers.
    let r = call(&sim, "CurrencyGet", json!({"Filters": {"FieldName": "CurrencyIsDefault", "SearchOperator": "Equals", "SearchValue": "true"}}));
    assert_eq!(r["mvCurrencies"].as_array().unwrap().len(), 1);
    let r = call(&sim, "ProductGet", json!({"filters": {"fieldname": "productid", "searchoperator": "equals", "searchvalue": id.to_string()}, "returntopnrecords": "5"}));
    assert_eq!(r["mvProducts"][0]["ProductID"], json!(id));
    // Bare ints for InventoryLocationID and ProductID lists.
    call(&sim, "InventoryLocationStockProductStockUpdate", json!({"mvProductStockUpdateList": {"ProductID": "1", "ProductQuantity": "3", "InventoryLocationID": "1"}}));
    let p = product(&sim, "P03-B");
    call(&sim, "InventoryLocationStockProductStockUpdate", json!({"mvProductStockUpdateList": {"ProductID": p, "ProductQuantity": 3}}));
    let r = call(&sim, "InventoryLocationStockGet", json!({"ProductID": p, "InventoryLocationID": 1}));
    assert_eq!(r["mvProductStockList"][0]["productID"], json!(p));
    assert_eq!(r["mvProductStockList"][0]["mvStock"][0]["StockPhysical"], json!(3));
    // A wrong type gets an error naming the field, not a crash.
    let r = call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductSKU": "X", "ProductDescription": "d", "ProductSellingPrice": "cheap"}}));
    assert!(assert_err(&r, "").contains("ProductSellingPrice"));
}

#[test]
fn p04_envelope_strings_and_absent_members() {
    let sim = start();
    let r = call(&sim, "TaxGet", json!({}));
    assert_eq!(r["ResponseStatus"], json!({"ErrorCode": "0"}), "no Message on success");
    assert!(r.get("InternalErrorCode").is_none());
    assert_eq!(r["mvTaxes"], json!([]));
    let r = call(&sim, "APIKeyGet", json!({}));
    assert!(r["ResponseStatus"]["Message"].as_str().unwrap().contains("Administrator"));
    // Errors: still HTTP 200, string code, InternalErrorCode present.
    let resp = post_raw(&sim, "/v2017a/json/reply/ProductUndelete", json!({"APIKEY": KEY, "ProductIDToUndelete": 77}).to_string().as_bytes());
    assert_eq!(resp.status, 200);
    let r = resp.json();
    assert_eq!(r["ResponseStatus"]["ErrorCode"], json!("500"));
    assert!(r.get("InternalErrorCode").is_some());
    assert_eq!(r["result"], json!(false));
}

#[test]
fn p05_update_echo_and_error_shapes() {
    let sim = start();
    let r = call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductSKU": "P05", "ProductDescription": "d"}}));
    assert_ok(&r);
    let p = r["mvProduct"].as_object().unwrap();
    assert_eq!(r["entityID"], p["ProductID"]);
    for (field, default) in [("ProductEAN", json!("")), ("ProductPurchasePrice", json!(0)), ("IsSellable", json!(false)), ("SellableEndDate", json!("/Date(-62135596800000-0000)/")), ("ProductCustomField20", json!(""))] {
        assert_eq!(p[field], default, "{field}");
    }
    assert!(p.len() > 60, "every field is echoed");
    let r = call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductSKU": "P05", "ProductDescription": "d"}, "mvRecordAction": "Insert"}));
    assert_err(&r, "ProductSKUAlreadyExists");
    assert!(r.get("mvProduct").is_none());
    assert_eq!(r["entityID"], json!(p["ProductID"]));
    let r = call(&sim, "ProductDelete", json!({"ProductIDToDelete": p["ProductID"]}));
    assert_eq!(r, json!({"result": true, "ResponseStatus": {"ErrorCode": "0"}}));
}

#[test]
fn p06_dates() {
    let sim = start();
    let r = call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductSKU": "P06", "ProductDescription": "d", "SellableStartDate": "2024-01-02T03:04:05"}}));
    assert_eq!(r["mvProduct"]["ProductCreationDate"], json!("/Date(1700000000000+0000)/"));
    assert_eq!(r["mvProduct"]["SellableStartDate"], json!("/Date(1704164645000+0000)/"));
    assert_eq!(r["mvProduct"]["SellableEndDate"], json!("/Date(-62135596800000-0000)/"));
    let r = call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductSKU": "P06b", "ProductDescription": "d", "SellableEndDate": "/Date(1520009179397+0200)/"}}));
    assert_eq!(r["mvProduct"]["SellableEndDate"], json!("/Date(1520009179397+0000)/"));
}

#[test]
fn p07_id_sequences_and_document_numbers() {
    let sim = start_with(SimOptions { id_seed: Some(500), clock_ms: Some(1_700_000_000_000), ..SimOptions::default() });
    let a = product(&sim, "P07-A");
    assert_eq!(a, 500);
    // Client-supplied ids are ignored on Insert.
    let r = call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductID": 9999, "ProductSKU": "P07-B", "ProductDescription": "d"}, "mvRecordAction": "Insert"}));
    assert_eq!(r["entityID"], json!(501));
    call(&sim, "ProductDelete", json!({"ProductIDToDelete": 501}));
    assert_eq!(product(&sim, "P07-C"), 502, "deleted ids are never reused");
    // Sequences are per entity type.
    let c = call(&sim, "ProductCategoryUpdate", json!({"mvProductCategory": {"ProductCategoryName": "C"}}));
    assert_eq!(c["entityID"], json!(500));
    // Sales order numbers: sequential strings when not supplied.
    let client = call(&sim, "SupplierClientUpdate", json!({"mvSupplierClient": {"SupplierClientName": "Cl", "SupplierClientType": "Client"}}))["entityID"].clone();
    let order = |no: Value| {
        let mut so = json!({"SalesOrderClientID": client, "SalesOrderDetails": [{"SalesOrderRowProductSKU": "P07-A", "SalesOrderRowQuantity": 1}]});
        if !no.is_null() {
            so["SalesOrderNo"] = no;
        }
        call(&sim, "SalesOrderUpdate", json!({"mvSalesOrder": so}))
    };
    let first = order(Value::Null);
    assert_eq!(first["mvSalesOrder"]["SalesOrderNo"], json!("1"));
    assert_eq!(first["mvSalesOrder"]["SalesOrderId"], json!(500));
    assert_eq!(order(Value::Null)["mvSalesOrder"]["SalesOrderNo"], json!("2"));
    assert_eq!(order(json!(676))["mvSalesOrder"]["SalesOrderNo"], json!("676"));
}

#[test]
fn p08_uniqueness() {
    let sim = start();
    let p = product(&sim, "SKU-1");
    let r = call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductSKU": "sku-1", "ProductDescription": "d"}}));
    assert!(assert_err(&r, "ProductSKUAlreadyExists").contains("already exists"));
    assert_eq!(r["entityID"], json!(p));
    // Bundles share the SKU namespace.
    let r = call(&sim, "ProductBundleUpdate", json!({"ProductBundleDetails": {"BundleProductSKU": "SKU-1", "BundleProductDescription": "b", "IncludedProducts": [{"ProductID": p, "QuantityInBundle": 1}]}, "mvRecordAction": "InsertOrUpdateNonEmptyFields"}));
    assert_err(&r, "ProductSKUAlreadyExists");
    assert_eq!(r["entityID"], json!(p));
    let c = call(&sim, "SupplierClientUpdate", json!({"mvSupplierClient": {"SupplierClientName": "Ann"}}))["entityID"].clone();
    let r = call(&sim, "SupplierClientUpdate", json!({"mvSupplierClient": {"SupplierClientName": "ann"}}));
    assert!(assert_err(&r, "SupplierClientNameAlreadyExists").contains("already exists"));
    assert_eq!(r["entityID"], c);
    let t = call(&sim, "TaxUpdate", json!({"mvTax": {"TaxName": "VAT", "TaxValue": 20}}))["entityID"].clone();
    let r = call(&sim, "TaxUpdate", json!({"mvTax": {"TaxName": "VAT", "TaxValue": "20"}}));
    assert_err(&r, "TaxNameValueAlreadyExists");
    assert_eq!(r["entityID"], t);
    assert_ok(&call(&sim, "TaxUpdate", json!({"mvTax": {"TaxName": "VAT", "TaxValue": 5}})));
    let d = call(&sim, "DiscountUpdate", json!({"mvDiscount": {"DiscountName": "D", "DiscountValue": 5}}))["entityID"].clone();
    let r = call(&sim, "DiscountUpdate", json!({"mvDiscount": {"DiscountName": "D", "DiscountValue": 5}}));
    assert_err(&r, "DiscountNameValueAlreadyExists");
    assert_eq!(r["entityID"], d);
    let r = call(&sim, "InventoryLocationUpdate", json!({"mvInventoryLocation": {"InventoryLocationName": "Other", "InventoryLocationAbbreviation": "main"}}));
    assert_err(&r, "LocationNameOrAbrevAlreadyExists");
    assert_eq!(r["entityID"], json!(1));
}

#[test]
fn p09_soft_delete_and_undelete() {
    let sim = start();
    let p = product(&sim, "DEL-1");
    assert_ok(&call(&sim, "ProductDelete", json!({"ProductIDToDelete": p, "mvInsertUpdateDeleteSourceApplication": "woocommerce"})));
    assert_eq!(call(&sim, "ProductGet", json!({}))["mvProducts"], json!([]));
    let all = call(&sim, "ProductGet", json!({"showDeleted": "showAllDeletedAndUndeleted", "Filters": [{"FieldName": "ProductSKU", "SearchOperator": "Equals", "SearchValue": "DEL-1"}]}));
    assert_eq!(all["mvProducts"][0]["ProductID"], json!(p));
    assert_eq!(call(&sim, "ProductGet", json!({"showDeleted": "showOnlyDeleted"}))["mvProducts"].as_array().unwrap().len(), 1);
    let r = call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductID": "", "ProductSKU": "DEL-1", "ProductDescription": "d"}, "mvRecordAction": "InsertOrUpdateNonEmptyFields"}));
    assert!(assert_err(&r, "ProductSKUAlreadyDeleted").contains("and was since deleted"));
    assert_eq!(r["entityID"], json!(p));
    let r = call(&sim, "ProductUndelete", json!({"ProductIdToUndelete": p}));
    assert_eq!(r, json!({"result": true, "ResponseStatus": {"ErrorCode": "0"}}));
    assert_ok(&call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductID": "", "ProductSKU": "DEL-1", "ProductDescription": "again"}, "mvRecordAction": "InsertOrUpdateNonEmptyFields"})));
    // Clients.
    let c = call(&sim, "SupplierClientUpdate", json!({"mvSupplierClient": {"SupplierClientName": "Bob"}}))["entityID"].as_i64().unwrap();
    assert_ok(&call(&sim, "SupplierClientDelete", json!({"SupplierClientIDToDelete": c, "SupplierClientDeleteAction": "DefaultAction"})));
    let r = call(&sim, "SupplierClientUpdate", json!({"mvSupplierClient": {"SupplierClientName": "Bob"}, "mvRecordAction": "InsertOrUpdateNonEmptyFields"}));
    assert!(assert_err(&r, "SupplierClientAlreadyDeleted").contains("and was since deleted"));
    assert_eq!(r["entityID"], json!(c));
    assert_eq!(call(&sim, "SupplierClientUndelete", json!({"SupplierClientIDToUndelete": c}))["result"], json!(true));
    // Categories.
    let cat = call(&sim, "ProductCategoryUpdate", json!({"mvProductCategory": {"ProductCategoryName": "Shoes"}}))["entityID"].as_i64().unwrap();
    call(&sim, "ProductCategoryDelete", json!({"ProductCategoryIDToDelete": cat}));
    let r = call(&sim, "ProductCategoryUpdate", json!({"mvProductCategory": {"ProductCategoryName": "Shoes"}}));
    assert!(assert_err(&r, "CategoryWasDeleted").contains("in the past and was deleted"));
    assert_eq!(r["entityID"], json!(cat));
    assert_eq!(call(&sim, "ProductCategoryUndelete", json!({"ProductCategoryIDToUndelete": cat}))["result"], json!(true));
    // Taxes and discounts are soft-deleted too.
    let t = call(&sim, "TaxUpdate", json!({"mvTax": {"TaxName": "T", "TaxValue": 1}}))["entityID"].as_i64().unwrap();
    call(&sim, "TaxDelete", json!({"TaxIDToDelete": t}));
    assert_eq!(call(&sim, "TaxGet", json!({}))["mvTaxes"], json!([]));
    assert_eq!(call(&sim, "TaxUndelete", json!({"TaxIDToUndelete": t}))["result"], json!(true));
}

#[test]
fn p10_immutable_fields() {
    let sim = start();
    let d = call(&sim, "DiscountUpdate", json!({"mvDiscount": {"DiscountName": "D10", "DiscountValue": 10, "DiscountDescription": "a"}}))["entityID"].clone();
    let r = call(&sim, "DiscountUpdate", json!({"mvDiscount": {"DiscountID": d, "DiscountName": "D10", "DiscountValue": 11}, "mvRecordAction": "InsertOrUpdate"}));
    assert_eq!(r["ResponseStatus"]["Message"], json!("Only the DiscountDescription can be changed during the update. Update Failed"));
    assert_eq!(r["entityID"], json!(0));
    let r = call(&sim, "DiscountUpdate", json!({"mvDiscount": {"DiscountID": d, "DiscountName": "D10", "DiscountValue": 10, "DiscountDescription": "b"}, "mvRecordAction": "Update"}));
    assert_eq!(r["mvDiscount"]["DiscountDescription"], json!("b"));
    let t = call(&sim, "TaxUpdate", json!({"mvTax": {"TaxName": "T10", "TaxValue": 7}}))["entityID"].clone();
    let r = call(&sim, "TaxUpdate", json!({"mvTax": {"TaxID": t, "TaxName": "T11", "TaxValue": 7}, "mvRecordAction": "Update"}));
    assert_eq!(r["ResponseStatus"]["Message"], json!("Only the TaxDescription can be changed during the update. Update Failed"));
    // Ids never change: an Update targets the id and keeps it.
    let p = product(&sim, "P10");
    let r = call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductID": p, "ProductSKU": "P10", "ProductDescription": "new"}, "mvRecordAction": "Update"}));
    assert_eq!(r["mvProduct"]["ProductID"], json!(p));
}

#[test]
fn p11_record_actions() {
    let sim = start();
    // Missing action = Insert.
    product(&sim, "P11");
    let r = call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductSKU": "P11", "ProductDescription": "d"}}));
    assert_err(&r, "ProductSKUAlreadyExists");
    // Update of a missing id.
    let r = call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductID": 424242, "ProductSKU": "Z", "ProductDescription": "d"}, "mvRecordAction": "Update"}));
    assert!(assert_err(&r, "ProductNotFound").contains("424242"));
    // Missing mandatory fields are named.
    let r = call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductDescription": "d"}}));
    assert!(assert_err(&r, "MandatoryFieldMissing").contains("ProductSKU"));
    let r = call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductSKU": "NODESC"}}));
    assert!(assert_err(&r, "MandatoryFieldMissing").contains("ProductDescription"));
    // Upsert by SKU + non-empty fields only.
    let first = call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductSKU": "U1", "ProductDescription": "d", "ProductEAN": "123", "ProductWeight": 2}, "mvRecordAction": "InsertOrUpdateNonEmptyFields"}));
    let id = first["entityID"].clone();
    let r = call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductID": "", "ProductSKU": "U1", "ProductDescription": "d2", "ProductEAN": "", "ProductWeight": ""}, "mvRecordAction": "InsertOrUpdateNonEmptyFields"}));
    assert_eq!(r["entityID"], id);
    assert_eq!(r["mvProduct"]["ProductEAN"], json!("123"));
    assert_eq!(r["mvProduct"]["ProductWeight"], json!(2));
    assert_eq!(r["mvProduct"]["ProductDescription"], json!("d2"));
    // A 0 reference id counts as empty too: the category stays.
    let cat = call(&sim, "ProductCategoryUpdate", json!({"mvProductCategory": {"ProductCategoryName": "K"}}))["entityID"].clone();
    call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductSKU": "U1", "ProductCategoryID": cat}, "mvRecordAction": "InsertOrUpdateNonEmptyFields"}));
    let r = call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductSKU": "U1", "ProductCategoryID": 0}, "mvRecordAction": "InsertOrUpdateNonEmptyFields"}));
    assert_eq!(r["mvProduct"]["ProductCategoryID"], cat);
    // InsertOrUpdate replaces: the omitted EAN is cleared.
    let r = call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductSKU": "U1", "ProductDescription": "d3"}, "mvRecordAction": "InsertOrUpdate"}));
    assert_eq!(r["entityID"], id);
    assert_eq!(r["mvProduct"]["ProductEAN"], json!(""));
    // Clients match only by id: a name clash is an error even for upserts.
    let c = call(&sim, "SupplierClientUpdate", json!({"mvSupplierClient": {"SupplierClientName": "Cleo"}}))["entityID"].clone();
    let r = call(&sim, "SupplierClientUpdate", json!({"mvSupplierClient": {"SupplierClientID": "", "SupplierClientName": "Cleo"}, "mvRecordAction": "InsertOrUpdateNonEmptyFields"}));
    assert_err(&r, "SupplierClientNameAlreadyExists");
    assert_eq!(r["entityID"], c);
    let r = call(&sim, "SupplierClientUpdate", json!({"mvSupplierClient": {"SupplierClientID": c, "SupplierClientName": "Cleo", "SupplierClientEmail": "c@x"}, "mvRecordAction": "InsertOrUpdateNonEmptyFields"}));
    assert_eq!(r["mvSupplierClient"]["SupplierClientEmail"], json!("c@x"));
    // Taxes upsert by (name, value).
    let t = call(&sim, "TaxUpdate", json!({"mvTax": {"TaxName": "CA", "TaxValue": 7.25}, "mvRecordAction": "InsertOrUpdate"}))["entityID"].clone();
    let r = call(&sim, "TaxUpdate", json!({"mvTax": {"TaxID": "", "TaxName": "CA", "TaxValue": "7.25", "TaxDescription": "x"}, "mvRecordAction": "InsertOrUpdate"}));
    assert_eq!(r["entityID"], t);
    assert_eq!(r["mvTax"]["TaxDescription"], json!("x"));
}

fn taxes(sim: &megaventory_sim::SimServer, filters: Value) -> Vec<i64> {
    let r = call(sim, "TaxGet", json!({"Filters": filters}));
    assert_ok(&r);
    r["mvTaxes"].as_array().unwrap().iter().map(|t| t["TaxID"].as_i64().unwrap()).collect()
}

#[test]
fn p12_filters() {
    let sim = start();
    for (name, value) in [("Alpha", 9.0), ("beta", 10.0), ("Gamma", 100.0), ("alphabet", 2.5)] {
        call(&sim, "TaxUpdate", json!({"mvTax": {"TaxName": name, "TaxValue": value}}));
    }
    let f = |field: &str, op: &str, v: Value| json!({"FieldName": field, "SearchOperator": op, "SearchValue": v});
    assert_eq!(taxes(&sim, f("taxname", "Equals", json!("ALPHA"))), vec![1]);
    assert_eq!(taxes(&sim, f("TaxName", "NotEquals", json!("alpha"))), vec![4, 3, 2]);
    assert_eq!(taxes(&sim, f("TaxName", "Contains", json!("ALPH"))), vec![4, 1]);
    assert_eq!(taxes(&sim, f("TaxName", "NotContains", json!("a"))), Vec::<i64>::new());
    assert_eq!(taxes(&sim, f("TaxName", "StartsWith", json!("g"))), vec![3]);
    assert_eq!(taxes(&sim, f("TaxName", "EndsWith", json!("BET"))), vec![4]);
    // Numeric, not lexicographic: 100 > 10 > 9.
    assert_eq!(taxes(&sim, f("TaxValue", "GreaterThan", json!("9"))), vec![3, 2]);
    assert_eq!(taxes(&sim, f("TaxValue", "GreaterThanOrEqual", json!(10))), vec![3, 2]);
    assert_eq!(taxes(&sim, f("TaxValue", "LessThan", json!("10"))), vec![4, 1]);
    assert_eq!(taxes(&sim, f("TaxValue", "LessThanOrEqual", json!("9"))), vec![4, 1]);
    // AndOr left to right, first AndOr ignored, groups.
    let mut a = f("TaxName", "StartsWith", json!("alpha"));
    a["AndOr"] = json!("Or");
    let mut b = f("TaxValue", "GreaterThan", json!(5));
    b["AndOr"] = json!("And");
    assert_eq!(taxes(&sim, json!([a.clone(), b.clone()])), vec![1]);
    let mut c = f("TaxName", "Equals", json!("Gamma"));
    c["AndOr"] = json!("Or");
    // (alpha* AND >5) OR Gamma  — left to right.
    assert_eq!(taxes(&sim, json!([a.clone(), b.clone(), c.clone()])), vec![3, 1]);
    // alpha* AND (>5 OR Gamma) — grouped.
    let mut b2 = b.clone();
    b2["Group"] = json!("StartGroup");
    let mut c2 = c.clone();
    c2["Group"] = json!("EndGroup");
    assert_eq!(taxes(&sim, json!([a, b2, c2])), vec![1]);
    // Unknown field is a clear error.
    let r = call(&sim, "TaxGet", json!({"Filters": f("Nope", "Equals", json!(1))}));
    assert!(assert_err(&r, "").contains("Nope"));
}

#[test]
fn p13_order_top_n_and_empty_lists() {
    let sim = start();
    assert_eq!(call(&sim, "DiscountGet", json!({}))["mvDiscounts"], json!([]));
    for i in 1..=5 {
        call(&sim, "DiscountUpdate", json!({"mvDiscount": {"DiscountName": format!("D{i}"), "DiscountValue": i}}));
    }
    let ids = |v: Value| v["mvDiscounts"].as_array().unwrap().iter().map(|d| d["DiscountID"].as_i64().unwrap()).collect::<Vec<_>>();
    assert_eq!(ids(call(&sim, "DiscountGet", json!({}))), vec![5, 4, 3, 2, 1]);
    assert_eq!(ids(call(&sim, "DiscountGet", json!({"ReturnTopNRecords": 2}))), vec![5, 4]);
    assert_eq!(ids(call(&sim, "DiscountGet", json!({"ReturnTopNRecords": -1}))).len(), 5);
    assert_eq!(ids(call(&sim, "DiscountGet", json!({"ReturnTopNRecords": "0"}))).len(), 5);
    // Paging by id.
    let page = call(&sim, "DiscountGet", json!({"ReturnTopNRecords": 2, "Filters": {"FieldName": "DiscountID", "SearchOperator": "LessThan", "SearchValue": 4}}));
    assert_eq!(ids(page), vec![3, 2]);
}

#[test]
fn p14_stock_counters_and_null_stock() {
    let sim = start();
    let p = product(&sim, "S14");
    let fresh = stock_item(&sim, p);
    assert_eq!(fresh["productID"], json!(p));
    assert_eq!(fresh["mvStock"], Value::Null);
    assert_eq!(fresh["StockPhysicalTotal"], json!(0));
    // No filters: only products that have stock.
    assert_eq!(call(&sim, "InventoryLocationStockGet", json!({}))["mvProductStockList"], json!([]));
    control(&sim, "stock", json!({"product_id": p, "location": "Main", "physical": 10, "non_shipped": 3, "non_allocated_wos": 1, "non_received_pos": 4, "on_hold": 2}));
    let item = stock_item(&sim, p);
    let s = &item["mvStock"][0];
    assert_eq!(s["InventoryLocationID"], json!(1));
    assert_eq!(s["StockPhysical"], json!(10));
    assert_eq!(s["StockNonShipped"], json!(3));
    // OnHand = Physical + NonReceivedPOs + NonReceivedWOs − NonShipped − NonAllocatedWOs − OnHold
    assert_eq!(s["StockOnHand"], json!(8));
    assert_eq!(item["StockPhysicalTotal"], json!(10));
    assert_eq!(item["StockNonShippedTotal"], json!(3));
    assert_eq!(item["StockNonAllocatedWOsTotal"], json!(1));
    assert_eq!(item["StockNonReceivedWOsTotal"], json!(0));
    let all = call(&sim, "InventoryLocationStockGet", json!({}));
    assert_eq!(all["mvProductStockList"].as_array().unwrap().len(), 1);
    // Filter by productID with WC's Or-chained single filters.
    let r = call(&sim, "InventoryLocationStockGet", json!({"Filters": [{"AndOr": "Or", "FieldName": "productID", "SearchOperator": "Equals", "SearchValue": p}], "InventoryLocationID": [1]}));
    assert_eq!(r["mvProductStockList"][0]["productID"], json!(p));
}

#[test]
fn p15_documents_and_order_stock_effects() {
    let sim = start();
    let p = product(&sim, "S15");
    let doc = |status: &str, type_id: i64, qty: i64| {
        call(&sim, "DocumentUpdate", json!({"mvDocument": {"DocumentTypeId": type_id, "DocumentSupplierClientID": -1, "DocumentInventoryLocationID": 1, "DocumentStatus": status, "DocumentReferenceNo": "REF-15", "DocumentDetails": [{"DocumentRowProductSKU": "S15", "DocumentRowQuantity": qty}]}, "mvRecordAction": "Insert"}))
    };
    let r = doc("Verified", -99, 10);
    assert_ok(&r);
    assert_eq!(r["mvDocument"]["DocumentTypeAbbreviation"], json!("ADJ+"));
    assert_eq!(r["mvDocument"]["DocumentNo"], json!("1"));
    assert_eq!(stock_item(&sim, p)["StockPhysicalTotal"], json!(10));
    doc("Verified", -98, 3);
    assert_eq!(stock_item(&sim, p)["StockPhysicalTotal"], json!(7));
    let pending = doc("Pending", -99, 5);
    assert_eq!(stock_item(&sim, p)["StockPhysicalTotal"], json!(7), "Pending changes nothing");
    let id = pending["entityID"].clone();
    assert_ok(&call(&sim, "DocumentUpdate", json!({"mvDocument": {"DocumentId": id, "DocumentStatus": "Verified"}, "mvRecordAction": "Update"})));
    assert_eq!(stock_item(&sim, p)["StockPhysicalTotal"], json!(12));
    // DocumentReferenceNo is stored and filterable.
    let r = call(&sim, "DocumentGet", json!({"Filters": {"FieldName": "DocumentReferenceNo", "SearchOperator": "Equals", "SearchValue": "REF-15"}}));
    assert_eq!(r["mvDocuments"].as_array().unwrap().len(), 3);
    // Verified requires a location.
    let r = call(&sim, "DocumentUpdate", json!({"mvDocument": {"DocumentTypeId": -99, "DocumentStatus": "Verified", "DocumentDetails": [{"DocumentRowProductSKU": "S15", "DocumentRowQuantity": 1}]}}));
    assert!(assert_err(&r, "").contains("DocumentInventoryLocationID"));
    // Sales orders: Verified adds NonShipped, cancel reverses, shipping consumes Physical.
    let client = call(&sim, "SupplierClientUpdate", json!({"mvSupplierClient": {"SupplierClientName": "C15"}}))["entityID"].clone();
    let so = |no: &str| call(&sim, "SalesOrderUpdate", json!({"mvSalesOrder": {"SalesOrderNo": no, "SalesOrderClientID": client, "SalesOrderInventoryLocationID": 1, "SalesOrderStatus": "Verified", "SalesOrderDetails": [{"SalesOrderRowProductSKU": "S15", "SalesOrderRowQuantity": 4}]}}));
    assert_ok(&so("A"));
    assert_eq!(stock_item(&sim, p)["StockNonShippedTotal"], json!(4));
    assert_ok(&call(&sim, "SalesOrderCancel", json!({"mvSalesOrderNoToCancel": "A", "mvSalesOrderTypeId": 3})));
    assert_eq!(stock_item(&sim, p)["StockNonShippedTotal"], json!(0));
    so("B");
    control(&sim, "sales-order-status", json!({"sales_order_no": "B", "status": "FullyShipped"}));
    let item = stock_item(&sim, p);
    assert_eq!(item["StockNonShippedTotal"], json!(0));
    assert_eq!(item["StockPhysicalTotal"], json!(8));
}

#[test]
fn p16_sales_order_insert() {
    let sim = start();
    product(&sim, "S16");
    let client = call(&sim, "SupplierClientUpdate", json!({"mvSupplierClient": {"SupplierClientName": "C16"}}))["entityID"].clone();
    let base = json!({"salesorderclientid": client.to_string(), "salesorderdetails": [{"salesorderrowproductsku": "S16", "salesorderrowquantity": 2, "salesorderrowunitpricewithouttaxordiscount": 5.5}]});
    let mut so = base.clone();
    so["salesorderno"] = json!(676);
    so["salesorderreferenceno"] = json!(676);
    so["salesorderinventorylocationid"] = json!(1);
    so["salesorderstatus"] = json!("Verified");
    so["SalesOrderBillingAddress"] = json!("1 Main St");
    let r = call(&sim, "SalesOrderUpdate", json!({"mvsalesorder": so}));
    assert_ok(&r);
    let o = &r["mvSalesOrder"];
    assert_eq!(o["SalesOrderId"], r["entityID"]);
    assert!(o["SalesOrderId"].is_i64());
    assert_eq!(o["SalesOrderNo"], json!("676"));
    assert_eq!(o["SalesOrderTypeId"], json!(3));
    assert_eq!(o["SalesOrderTypeAbbreviation"], json!("SO"));
    assert_eq!(o["SalesOrderTypeDescription"], json!("Sales Order"));
    assert_eq!(o["SalesOrderStatus"], json!("Verified"));
    assert_eq!(o["SalesOrderDate"], json!("/Date(1700000000000+0000)/"));
    assert_eq!(o["SalesOrderAddress"], json!("1 Main St"));
    assert_eq!(o["SalesOrderBillingAddress"], json!("1 Main St"));
    assert_eq!(o["SalesOrderDetails"][0]["SalesOrderRowProductID"], json!(1));
    // Duplicate client-supplied number accepted (WC split orders).
    assert_ok(&call(&sim, "SalesOrderUpdate", json!({"mvsalesorder": so})));
    // Status is mandatory with a location.
    let mut no_status = base.clone();
    no_status["salesorderinventorylocationid"] = json!(1);
    let r = call(&sim, "SalesOrderUpdate", json!({"mvsalesorder": no_status}));
    assert!(assert_err(&r, "").contains("SalesOrderStatus"));
    // Address spelled SalesOrderAddress is mirrored too.
    let mut with_address = base.clone();
    with_address["SalesOrderAddress"] = json!("2 Side St");
    let r = call(&sim, "SalesOrderUpdate", json!({"mvSalesOrder": with_address}));
    assert_eq!(r["mvSalesOrder"]["SalesOrderBillingAddress"], json!("2 Side St"));
    assert_eq!(r["mvSalesOrder"]["SalesOrderStatus"], json!("Pending"));
    // An unknown client given by name is created; an unknown currency is refused.
    let r = call(&sim, "SalesOrderUpdate", json!({"mvSalesOrder": {"SalesOrderClientID": 0, "SalesOrderClientName": "Walk-in", "SalesOrderDetails": base["salesorderdetails"].clone()}}));
    let new_client = r["mvSalesOrder"]["SalesOrderClientID"].clone();
    assert!(new_client.as_i64().unwrap() > 0, "{r}");
    let c = call(&sim, "SupplierClientGet", json!({"Filters": {"FieldName": "SupplierClientID", "SearchOperator": "Equals", "SearchValue": new_client}}));
    assert_eq!(c["mvSupplierClients"][0]["SupplierClientName"], json!("Walk-in"));
    let mut bad_currency = base.clone();
    bad_currency["salesordercurrencycode"] = json!("XYZ");
    assert!(assert_err(&call(&sim, "SalesOrderUpdate", json!({"mvSalesOrder": bad_currency})), "").contains("XYZ"));
    let mut bad_sku = base.clone();
    bad_sku["salesorderdetails"][0]["salesorderrowproductsku"] = json!("NOPE");
    assert!(assert_err(&call(&sim, "SalesOrderUpdate", json!({"mvSalesOrder": bad_sku})), "ProductNotFound").contains("NOPE"));
    // Strict numbering is a switch.
    let strict = start_with(SimOptions { accounts: vec![AccountConfig { strict_sales_order_no: true, ..AccountConfig::default() }], ..SimOptions::default() });
    product(&strict, "S16");
    let c = call(&strict, "SupplierClientUpdate", json!({"mvSupplierClient": {"SupplierClientName": "C16"}}))["entityID"].clone();
    let mut s2 = base.clone();
    s2["salesorderclientid"] = c;
    s2["salesorderno"] = json!("9");
    assert_ok(&call(&strict, "SalesOrderUpdate", json!({"mvSalesOrder": s2})));
    assert_err(&call(&strict, "SalesOrderUpdate", json!({"mvSalesOrder": s2})), "SalesOrderNoAlreadyExists");
}

fn order(sim: &megaventory_sim::SimServer, no: &str, status: &str) -> Value {
    let client = call(sim, "SupplierClientUpdate", json!({"mvSupplierClient": {"SupplierClientName": format!("client-{no}")}}))["entityID"].clone();
    let r = call(sim, "SalesOrderUpdate", json!({"mvSalesOrder": {"SalesOrderNo": no, "SalesOrderReferenceNo": format!("wc-{no}"), "SalesOrderClientID": client, "SalesOrderInventoryLocationID": 1, "SalesOrderStatus": status, "SalesOrderDetails": [{"SalesOrderRowProductSKU": "SKU-O", "SalesOrderRowQuantity": 2}]}}));
    assert_ok(&r);
    r
}

#[test]
fn p17_cancel_by_number() {
    let sim = start();
    product(&sim, "SKU-O");
    order(&sim, "100", "Pending");
    let r = call(&sim, "SalesOrderCancel", json!({"mvSalesOrderNoToCancel": "100", "mvSalesOrderTypeId": 0}));
    assert_eq!(r, json!({"result": true, "ResponseStatus": {"ErrorCode": "0"}}));
    let got = call(&sim, "SalesOrderGet", json!({"Filters": [{"FieldName": "SalesOrderNo", "SearchOperator": "Equals", "SearchValue": "100"}]}));
    assert_eq!(got["mvSalesOrders"][0]["SalesOrderStatus"], json!("Cancelled"));
    order(&sim, "101", "Verified");
    control(&sim, "sales-order-status", json!({"sales_order_no": "101", "status": "FullyShipped"}));
    let r = call(&sim, "SalesOrderCancel", json!({"mvSalesOrderNoToCancel": 101}));
    assert_eq!(r["result"], json!(false));
    assert_eq!(r["ResponseStatus"]["ErrorCode"], json!("500"));
    assert_eq!(r["ResponseStatus"]["Message"], json!("A Sales Order can only be Cancelled when the SalesOrderStatus is Pending or Verified. Sales Order Cancel Failed"));
    assert_eq!(r["InternalErrorCode"], json!(""));
}

fn document_rows(sim: &megaventory_sim::SimServer) -> Vec<Value> {
    integration_updates(sim)
        .into_iter()
        .filter(|u| u["Entity"] == "document")
        .map(|u| serde_json::from_str::<Value>(u["JsonData"].as_str().unwrap()).unwrap())
        .collect()
}

#[test]
fn p18_order_lifecycle_hooks() {
    let sim = start();
    product(&sim, "SKU-O");
    let id = order(&sim, "200", "Verified")["entityID"].as_i64().unwrap();
    assert!(document_rows(&sim).is_empty(), "the insert itself queues no document row");
    let mut codes = Vec::new();
    for (status, code) in [("PartiallyShipped", 40), ("FullyShipped", 42), ("PartiallyInvoiced", 46), ("FullyInvoiced", 47), ("Closed", 50)] {
        let r = control(&sim, "sales-order-status", json!({"sales_order_id": id, "status": status}));
        assert_eq!(r["SalesOrderStatus"], json!(status));
        codes.push(code);
    }
    let rows = document_rows(&sim);
    let mut seen: Vec<i64> = rows.iter().map(|d| d["DocumentStatus"].as_i64().unwrap()).collect();
    seen.reverse(); // newest first
    assert_eq!(seen, codes);
    for d in &rows {
        assert_eq!(d["DocumentTypeId"], json!(3));
        assert_eq!(d["DocumentId"], json!(id));
        assert_eq!(d["DocumentReferenceNo"], json!("wc-200"));
    }
    // Partial shipping moved one unit, full shipping the rest.
    assert_eq!(stock_item(&sim, 1)["StockPhysicalTotal"], json!(-2));
}

#[test]
fn p19_queue_persists_until_deleted() {
    let sim = start();
    control(&sim, "integration-updates", json!({"updates": [{"entity": "stock", "json_data": []}, {"entity": "product", "application": "magento-1"}]}));
    let rows = integration_updates(&sim);
    assert_eq!(rows.len(), 1);
    let id = rows[0]["IntegrationUpdateID"].clone();
    assert_eq!(integration_updates(&sim).len(), 1, "no lease: still there");
    // Application compared case-insensitively.
    let r = call(&sim, "IntegrationUpdateGet", json!({"Filters": {"FieldName": "application", "SearchOperator": "Equals", "SearchValue": "WOOCOMMERCE"}}));
    assert_eq!(r["mvIntegrationUpdates"].as_array().unwrap().len(), 1);
    // IntegrationUpdateUpdate edits Tries/Payload and can insert.
    let r = call(&sim, "IntegrationUpdateUpdate", json!({"mvIntegrationUpdate": {"IntegrationUpdateID": id.to_string(), "Tries": "1", "Payload": "NEW"}, "mvRecordAction": "update"}));
    assert_ok(&r);
    assert_eq!(r["mvIntegrationUpdate"]["Tries"], json!(1));
    assert_eq!(r["mvIntegrationUpdate"]["Entity"], json!("stock"));
    let r = call(&sim, "IntegrationUpdateUpdate", json!({"mvIntegrationUpdate": {"Application": "Woocommerce", "Entity": "x"}, "mvRecordAction": "Insert"}));
    assert!(r["entityID"].as_i64().unwrap() > id.as_i64().unwrap());
    assert_eq!(call(&sim, "IntegrationUpdateDelete", json!({"IntegrationUpdateIDToDelete": id}))["result"], json!(true));
    let left = integration_updates(&sim);
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["Entity"], json!("x"));
    assert_eq!(call(&sim, "IntegrationUpdateDelete", json!({"IntegrationUpdateIDToDelete": id}))["result"], json!(false));
}

#[test]
fn p20_emission_rules() {
    let sim = start();
    // A product created without a source application is queued; one from WooCommerce is not.
    let mine = call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductSKU": "E1", "ProductDescription": "d"}}))["entityID"].as_i64().unwrap();
    let theirs = call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductSKU": "E2", "ProductDescription": "d"}, "mvInsertUpdateDeleteSourceApplication": "WooCommerce"}))["entityID"].as_i64().unwrap();
    let rows = integration_updates(&sim);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["Entity"], json!("product"));
    assert_eq!(rows[0]["Action"], json!("insert"));
    assert_eq!(rows[0]["EntityIDs"], json!(mine.to_string()));
    // A UI edit queues an update carrying the product JSON.
    control(&sim, "product-edit", json!({"product_id": theirs, "changes": {"ProductPurchasePrice": 4.5}}));
    let rows = integration_updates(&sim);
    assert_eq!(rows[0]["Action"], json!("update"));
    let data: Value = serde_json::from_str(rows[0]["JsonData"].as_str().unwrap()).unwrap();
    assert_eq!(data["ProductPurchasePrice"], json!(4.5));
    // Stock rows are still emitted for changes tagged with the consumer's name.
    call(&sim, "DocumentUpdate", json!({"mvDocument": {"DocumentTypeId": -99, "DocumentInventoryLocationID": 1, "DocumentStatus": "Verified", "DocumentDetails": [{"DocumentRowProductSKU": "E2", "DocumentRowQuantity": 6}]}, "mvInsertUpdateDeleteSourceApplication": "woocommerce"}));
    let rows = integration_updates(&sim);
    assert_eq!(rows[0]["Entity"], json!("stock"));
    let data: Value = serde_json::from_str(rows[0]["JsonData"].as_str().unwrap()).unwrap();
    assert_eq!(data.as_array().unwrap().len(), 1);
    assert_eq!(data[0]["productID"], json!(theirs));
    assert_eq!(data[0]["inventory_id"], json!(1));
    let stock = data[0]["stock_data"].as_object().unwrap();
    assert_eq!(stock.len(), 8);
    assert_eq!(stock["stockqty"], json!(6));
    for k in ["stockqtyonhold", "stockalarmqty", "stocknonshippedqty", "stocknonreceivedqty", "stockwipcomponentqty", "stocknonreceivedwoqty", "stocknonallocatedwoqty"] {
        assert_eq!(stock[k], json!(0), "{k}");
    }
    // Deleting from WooCommerce is not echoed back; deleting elsewhere is.
    call(&sim, "ProductDelete", json!({"ProductIDToDelete": theirs, "mvInsertUpdateDeleteSourceApplication": "woocommerce"}));
    assert_ne!(integration_updates(&sim)[0]["Action"], json!("delete"));
    call(&sim, "ProductDelete", json!({"ProductIDToDelete": mine}));
    assert_eq!(integration_updates(&sim)[0]["Action"], json!("delete"));
    // Disabled integration: nothing is queued.
    let off = start_with(SimOptions {
        accounts: vec![AccountConfig { settings: [("isWoocommerceEnabled".to_string(), json!(false))].into_iter().collect(), ..AccountConfig::default() }],
        ..SimOptions::default()
    });
    product(&off, "Q");
    control(&off, "stock", json!({"sku": "Q", "physical": 3}));
    assert!(integration_updates(&off).is_empty());
}

#[test]
fn p21_integration_update_order_and_top_n() {
    let sim = start();
    for i in 0..25 {
        control(&sim, "integration-updates", json!({"entity": "stock", "entity_ids": i}));
    }
    let r = call(&sim, "IntegrationUpdateGet", json!({"Filters": {"FieldName": "Application", "SearchOperator": "Equals", "SearchValue": "Woocommerce"}, "ReturnTopNRecords": 20}));
    let ids: Vec<i64> = r["mvIntegrationUpdates"].as_array().unwrap().iter().map(|u| u["IntegrationUpdateID"].as_i64().unwrap()).collect();
    assert_eq!(ids.len(), 20);
    assert_eq!(ids[0], 25);
    assert!(ids.windows(2).all(|w| w[0] > w[1]));
    let oldest = start_with(SimOptions { accounts: vec![AccountConfig { integration_updates_oldest_first: true, ..AccountConfig::default() }], ..SimOptions::default() });
    for _ in 0..3 {
        control(&oldest, "integration-updates", json!({"entity": "stock"}));
    }
    let r = call(&oldest, "IntegrationUpdateGet", json!({"ReturnTopNRecords": 2}));
    let ids: Vec<i64> = r["mvIntegrationUpdates"].as_array().unwrap().iter().map(|u| u["IntegrationUpdateID"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![1, 2]);
}

#[test]
fn p22_account_configuration() {
    let accounts = json!({"accounts": [
        {"api_key": "admin@m7"},
        {"api_key": "clerk@m8", "role": "User"},
        {"api_key": "old@m9", "expired": true},
        {"api_key": "eu@m10", "default_currency": "EUR", "other_currencies": [],
         "locations": [{"name": "Athens", "abbreviation": "ATH"}, {"name": "Berlin", "abbreviation": "BER"}]},
        {"api_key": "empty@m11", "locations": [], "settings": {"isWoocommerceEnabled": false}}
    ]});
    let dir = std::env::temp_dir().join(format!("mv-sim-p22-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("accounts.json");
    std::fs::write(&file, accounts.to_string()).unwrap();
    let sim = start_with(SimOptions::from_accounts_file(&file).unwrap());
    std::fs::write(&file, r#"{"accounts": [{"api_key": "a@m1", "rol": "User"}]}"#).unwrap();
    assert!(SimOptions::from_accounts_file(&file).unwrap_err().contains("rol"), "typos in the accounts file are reported");
    let admin = call_as(&sim, "admin@m7", "APIKeyGet", json!({}));
    assert!(admin["ResponseStatus"]["Message"].as_str().unwrap().contains("Administrator"));
    let clerk = call_as(&sim, "clerk@m8", "APIKeyGet", json!({}));
    assert_ok(&clerk);
    assert!(!clerk["ResponseStatus"]["Message"].as_str().unwrap().contains("Administrator"));
    let old = call_as(&sim, "old@m9", "ProductGet", json!({}));
    assert!(old["ResponseStatus"]["Message"].as_str().unwrap().contains("Your Account has expired."));
    let eu = call_as(&sim, "eu@m10", "CurrencyGet", json!({"Filters": {"FieldName": "CurrencyIsDefault", "SearchOperator": "Equals", "SearchValue": "true"}}));
    assert_eq!(eu["mvCurrencies"][0]["CurrencyCode"], json!("EUR"));
    let locs = call_as(&sim, "eu@m10", "InventoryLocationGet", json!({}));
    assert_eq!(locs["mvInventoryLocations"].as_array().unwrap().len(), 2);
    let none = call_as(&sim, "empty@m11", "InventoryLocationGet", json!({}));
    assert_eq!(none["mvInventoryLocations"], json!([]));
    let created = call_as(&sim, "empty@m11", "InventoryLocationUpdate", json!({"mvrecordaction": "Insert", "mvinventorylocation": {"inventorylocationabbreviation": "Main", "inventorylocationname": "Main Location", "inventorylocationaddress": "Default Address"}}));
    assert_eq!(created["mvInventoryLocation"]["InventoryLocationID"], json!(1));
    let setting = call_as(&sim, "empty@m11", "AccountSettingsGet", json!({"settingname": "isWoocommerceEnabled"}));
    assert_eq!(setting["mvAccountSettings"], json!([{"SettingName": "isWoocommerceEnabled", "SettingValue": false}]));
    // The default account: WooCommerce and orders enabled, USD, Main location.
    let all = call_as(&sim, "admin@m7", "AccountSettingsGet", json!({"SettingName": "All"}));
    assert_eq!(all["mvAccountSettings"].as_array().unwrap().len(), 2);
    let main = call_as(&sim, "admin@m7", "InventoryLocationGet", json!({}));
    assert_eq!(main["mvInventoryLocations"][0]["InventoryLocationAbbreviation"], json!("Main"));
    assert_eq!(main["mvInventoryLocations"][0]["InventoryLocationName"], json!("Main Location"));
    // Accounts are isolated.
    assert_ok(&call_as(&sim, "admin@m7", "ProductUpdate", json!({"mvProduct": {"ProductSKU": "M7", "ProductDescription": "d"}})));
    assert_eq!(call_as(&sim, "admin@m7", "ProductGet", json!({}))["mvProducts"].as_array().unwrap().len(), 1);
    assert_eq!(call_as(&sim, "clerk@m8", "ProductGet", json!({}))["mvProducts"], json!([]));
    assert_eq!(call_as(&sim, "demo@m1", "ProductGet", json!({}))["ResponseStatus"]["ErrorCode"], json!("401"));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = LocationConfig { name: String::new(), abbreviation: String::new(), address: String::new() };
}

#[test]
fn p23_determinism_clock_and_seeds() {
    let run = || {
        let sim = start();
        control(&sim, "clock", json!({"now_ms": 1_600_000_000_000i64}));
        let a = call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductSKU": "D1", "ProductDescription": "d"}}));
        control(&sim, "clock", json!({"advance_ms": 5000}));
        let b = call(&sim, "ProductUpdate", json!({"mvProduct": {"ProductSKU": "D2", "ProductDescription": "d"}}));
        let clock = get(&sim, "/_sim/clock").json();
        (a, b, clock)
    };
    let (a, b, clock) = run();
    assert_eq!(a["mvProduct"]["ProductCreationDate"], json!("/Date(1600000000000+0000)/"));
    assert_eq!(b["mvProduct"]["ProductCreationDate"], json!("/Date(1600000005000+0000)/"));
    assert_eq!(clock["now_ms"], json!(1_600_000_005_000i64));
    assert_eq!(run(), (a, b, clock), "same inputs, same outputs");
    // A running clock started at a chosen time moves forward from there.
    let sim = start();
    let c = control(&sim, "clock", json!({"now_ms": 1_500_000_000_000i64, "running": true}));
    assert_eq!(c["frozen"], json!(false));
    let t = c["now_ms"].as_i64().unwrap();
    assert!((1_500_000_000_000..1_500_000_060_000).contains(&t), "{t}");
    // Seeded fault dice repeat exactly.
    let pattern = |seed: u64| {
        let sim = start();
        control(&sim, "faults", json!({"envelope_error_rate": 0.5, "seed": seed}));
        (0..20).map(|_| call(&sim, "TaxGet", json!({}))["ResponseStatus"]["ErrorCode"] == "0").collect::<Vec<_>>()
    };
    let first = pattern(42);
    assert_eq!(first, pattern(42));
    assert!(first.iter().any(|ok| *ok) && first.iter().any(|ok| !ok));
}
