//! Tiny std::net HTTP helper for the simulator tests (no client crate).
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use megaventory_sim::{SimOptions, SimServer};
use serde_json::{json, Value};

pub const KEY: &str = "demo@m1";

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// "host:port" from a SimServer url.
pub fn host(sim: &SimServer) -> String {
    sim.url().trim_start_matches("http://").to_string()
}

/// One request on a fresh connection; Err when the server closed without answering.
pub fn raw(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> std::io::Result<Response> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes())?;
    s.write_all(body)?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf)?;
    if buf.is_empty() {
        return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "connection closed without a response"));
    }
    let split = buf.windows(4).position(|w| w == b"\r\n\r\n").expect("header end");
    let head = String::from_utf8_lossy(&buf[..split]).to_string();
    let mut lines = head.lines();
    let status: u16 = lines.next().unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    let headers = lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
    Ok(Response { status, headers, body: buf[split + 4..].to_vec() })
}

pub fn post_raw(sim: &SimServer, path: &str, body: &[u8]) -> Response {
    raw(&host(sim), "POST", path, &[("Content-Type", "application/json")], body).expect("response")
}

pub fn post(sim: &SimServer, path: &str, body: &Value) -> Value {
    let r = post_raw(sim, path, body.to_string().as_bytes());
    assert_eq!(r.status, 200, "HTTP status for {path}: {}", String::from_utf8_lossy(&r.body));
    r.json()
}

pub fn get(sim: &SimServer, path: &str) -> Response {
    raw(&host(sim), "GET", path, &[], b"").expect("response")
}

/// Calls an operation with the default key added as `APIKEY`.
pub fn call(sim: &SimServer, op: &str, body: Value) -> Value {
    call_as(sim, KEY, op, body)
}

pub fn call_as(sim: &SimServer, key: &str, op: &str, mut body: Value) -> Value {
    body["APIKEY"] = Value::String(key.to_string());
    post(sim, &format!("/v2017a/json/reply/{op}"), &body)
}

pub fn control(sim: &SimServer, path: &str, body: Value) -> Value {
    let r = post_raw(sim, &format!("/_sim/{path}"), body.to_string().as_bytes());
    assert_eq!(r.status, 200, "control {path}: {}", String::from_utf8_lossy(&r.body));
    r.json()
}

pub fn start() -> SimServer {
    start_with(SimOptions { clock_ms: Some(1_700_000_000_000), ..SimOptions::default() })
}

pub fn start_with(options: SimOptions) -> SimServer {
    megaventory_sim::start("127.0.0.1:0", options).expect("simulator starts")
}

pub fn assert_ok(v: &Value) {
    assert_eq!(v["ResponseStatus"]["ErrorCode"], json!("0"), "expected success: {v}");
    assert!(v.get("InternalErrorCode").is_none(), "InternalErrorCode must be absent on success: {v}");
}

pub fn assert_err(v: &Value, internal: &str) -> String {
    assert_eq!(v["ResponseStatus"]["ErrorCode"], json!("500"), "expected an error: {v}");
    assert_eq!(v["InternalErrorCode"], json!(internal), "InternalErrorCode: {v}");
    v["ResponseStatus"]["Message"].as_str().unwrap_or("").to_string()
}

/// Inserts a product with the given SKU, returns its id.
pub fn product(sim: &SimServer, sku: &str) -> i64 {
    let r = call(sim, "ProductUpdate", json!({"mvProduct": {"ProductSKU": sku, "ProductDescription": format!("{sku} description")}, "mvRecordAction": "Insert"}));
    assert_ok(&r);
    r["entityID"].as_i64().unwrap()
}

pub fn integration_updates(sim: &SimServer) -> Vec<Value> {
    let r = call(sim, "IntegrationUpdateGet", json!({"Filters": {"FieldName": "Application", "SearchOperator": "Equals", "SearchValue": "Woocommerce"}}));
    assert_ok(&r);
    r["mvIntegrationUpdates"].as_array().unwrap().clone()
}

pub fn stock_item(sim: &SimServer, product_id: i64) -> Value {
    let r = call(sim, "InventoryLocationStockGet", json!({"ProductID": product_id}));
    assert_ok(&r);
    r["mvProductStockList"][0].clone()
}
