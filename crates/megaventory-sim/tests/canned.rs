//! `/_sim/canned-answers`: broken replies for the next matching requests of an operation.

mod common;

use common::*;
use serde_json::{json, Value};

fn insert(sku: &str) -> Vec<u8> {
    json!({"APIKEY": KEY, "mvProduct": {"ProductSKU": sku, "ProductDescription": "d"}, "mvRecordAction": "Insert"}).to_string().into_bytes()
}

fn skus(sim: &megaventory_sim::SimServer) -> Vec<String> {
    call(sim, "ProductGet", json!({}))["mvProducts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["ProductSKU"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn each_kind_of_broken_answer_is_served_once_then_the_real_one() {
    let sim = start();
    let cases: Vec<(Value, u16, &str, &[u8])> = vec![
        (json!({"body": "{\"ResponseStatus\": {\"ErrorCode\": \"0\""}), 200, "application/json", b"{\"ResponseStatus\": {\"ErrorCode\": \"0\""),
        (json!({"body": "<html><body>Service Unavailable</body></html>", "status": 503}), 503, "text/html", b"<html><body>Service Unavailable</body></html>"),
        (json!({"body": "<html>login</html>"}), 200, "text/html", b"<html>login</html>"),
        (json!({}), 200, "application/json", b""),
        (json!({"json": {"ResponseStatus": {"ErrorCode": "777", "Message": "Something"}, "InternalErrorCode": "NeverHeardOf"}}), 200, "application/json", b"{\"InternalErrorCode\":\"NeverHeardOf\",\"ResponseStatus\":{\"ErrorCode\":\"777\",\"Message\":\"Something\"}}"),
        (json!({"json": {"ResponseStatus": {"ErrorCode": "0"}, "entityID": "not a number", "mvProduct": []}}), 200, "application/json", b"{\"ResponseStatus\":{\"ErrorCode\":\"0\"},\"entityID\":\"not a number\",\"mvProduct\":[]}"),
        (json!({"body": "oops", "content_type": "text"}), 200, "text/plain", b"oops"),
    ];
    for (i, (mut answer, status, content_type, body)) in cases.into_iter().enumerate() {
        answer["operation"] = json!("productupdate");
        control(&sim, "canned-answers", answer);
        let sku = format!("C{i}");
        let r = post_raw(&sim, "/v2017a/json/reply/ProductUpdate", &insert(&sku));
        assert_eq!(r.status, status, "case {i}");
        assert!(r.header("Content-Type").unwrap().starts_with(content_type), "case {i}: {:?}", r.header("Content-Type"));
        assert_eq!(r.body, body, "case {i}: {}", String::from_utf8_lossy(&r.body));
        assert!(!skus(&sim).contains(&sku), "case {i}: a canned answer is not applied");
        // Used up: the next request gets the real answer.
        let real = post_raw(&sim, "/v2017a/json/reply/ProductUpdate", &insert(&sku)).json();
        assert_ok(&real);
    }
    let stats = get(&sim, "/_sim/stats").json();
    assert_eq!(stats["faults_injected"]["canned_answer"], json!(7));
}

#[test]
fn answers_match_by_operation_and_request_text_and_count_down() {
    let sim = start();
    control(
        &sim,
        "canned-answers",
        json!({"answers": [{"operation": "ProductUpdate", "when_request_contains": "BAD-SKU", "times": 2, "body": "<html>502</html>", "status": 502}]}),
    );
    // Another operation and another SKU pass through.
    assert_ok(&call(&sim, "ProductGet", json!({})));
    assert_ok(&post_raw(&sim, "/v2017a/json/reply/ProductUpdate", &insert("GOOD-SKU")).json());
    for _ in 0..2 {
        assert_eq!(post_raw(&sim, "/v2017a/json/reply/ProductUpdate", &insert("BAD-SKU")).status, 502);
    }
    let listed = get(&sim, "/_sim/canned-answers").json();
    assert_eq!(listed["canned_answers"][0]["remaining"], json!(0));
    assert_eq!(listed["canned_answers"][0]["served"], json!(2));
    assert_ok(&post_raw(&sim, "/v2017a/json/reply/ProductUpdate", &insert("BAD-SKU")).json());
    // A GET request matches on its (decoded) query string.
    control(&sim, "canned-answers", json!({"operation": "ProductGet", "when_request_contains": "BAD-SKU", "body": ""}));
    let path = "/v2017a/json/reply/ProductGet?APIKEY=demo%40m1&Filters=%7BFieldName%3AProductSKU%2CSearchOperator%3AEquals%2CSearchValue%3ABAD-SKU%7D";
    assert!(get(&sim, path).body.is_empty());
    assert_ok(&get(&sim, path).json());
    // Clear and reset drop pending answers.
    control(&sim, "canned-answers", json!({"operation": "ProductGet", "times": 5, "body": "x"}));
    assert_eq!(control(&sim, "canned-answers/clear", json!({}))["cleared"], json!(1), "used-up answers are dropped when new ones arrive");
    assert_ok(&call(&sim, "ProductGet", json!({})));
    control(&sim, "canned-answers", json!({"operation": "ProductGet", "body": "x"}));
    control(&sim, "reset", json!({}));
    assert_ok(&call(&sim, "ProductGet", json!({})));
}

#[test]
fn after_apply_executes_the_request_before_the_broken_answer() {
    let sim = start();
    control(&sim, "canned-answers", json!({"operation": "ProductUpdate", "after_apply": true, "body": "", "status": 500}));
    assert_eq!(post_raw(&sim, "/v2017a/json/reply/ProductUpdate", &insert("AMBIGUOUS")).status, 500);
    assert!(skus(&sim).contains(&"AMBIGUOUS".to_string()), "applied before the broken answer");
}

#[test]
fn invalid_canned_answers_are_refused_with_the_field_named() {
    let sim = start();
    for (body, needle) in [
        (json!({"body": "x"}), "operation is required"),
        (json!({"operation": "NoSuchOp"}), "unknown operation 'NoSuchOp'"),
        (json!({"operation": "ProductGet", "times": 0}), "times"),
        (json!({"operation": "ProductGet", "status": 42}), "status"),
        (json!({"operation": "ProductGet", "body": "x", "json": {}}), "either body"),
        (json!({"operation": "ProductGet", "body": 5}), "body must be a string"),
        (json!({"operation": "ProductGet", "content_type": "image/png"}), "content_type"),
        (json!({"answers": [{"operation": "ProductGet"}, {"operation": ""}]}), "canned answer #1"),
        (json!({"answers": {}}), "answers must be a list"),
    ] {
        let r = post_raw(&sim, "/_sim/canned-answers", body.to_string().as_bytes());
        assert_eq!(r.status, 400, "{body}");
        let error = r.json()["error"].as_str().unwrap().to_string();
        assert!(error.contains(needle), "{body}: {error}");
    }
    assert_eq!(get(&sim, "/_sim/canned-answers").json()["canned_answers"], json!([]), "nothing added by a refused list");
}
