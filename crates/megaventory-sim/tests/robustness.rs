//! Faults, bad input, CORS, keep-alive, and state across restarts and crashes.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::*;
use megaventory_sim::{Faults, SimOptions};
use serde_json::{json, Value};

fn with_faults(faults: Faults) -> megaventory_sim::SimServer {
    start_with(SimOptions { faults, ..SimOptions::default() })
}

fn product_count(sim: &megaventory_sim::SimServer) -> usize {
    call(sim, "ProductGet", json!({}))["mvProducts"].as_array().unwrap().len()
}

fn insert_body() -> Vec<u8> {
    json!({"APIKEY": KEY, "mvProduct": {"ProductSKU": "F1", "ProductDescription": "d"}}).to_string().into_bytes()
}

#[test]
fn http_5xx_before_and_after_apply() {
    let sim = with_faults(Faults { http_5xx_rate: 1.0, ..Faults::default() });
    let r = post_raw(&sim, "/v2017a/json/reply/ProductUpdate", &insert_body());
    assert_eq!(r.status, 502);
    assert_eq!(get(&sim, "/v2017a/json/reply/").status, 502, "the reachability probe sees faults too");
    assert!(serde_json::from_slice::<Value>(&r.body).is_err(), "a proxy page, not Megaventory JSON");
    control(&sim, "faults", json!({"http_5xx_rate": 0.0}));
    assert_eq!(product_count(&sim), 0, "not applied");
    // Ambiguous failure: committed, but the client saw a 502.
    control(&sim, "faults", json!({"http_5xx_rate": 1.0, "fail_after_apply": true}));
    assert_eq!(post_raw(&sim, "/v2017a/json/reply/ProductUpdate", &insert_body()).status, 502);
    control(&sim, "faults", json!({}));
    assert_eq!(product_count(&sim), 1, "applied before failing");
    let stats = get(&sim, "/_sim/stats").json();
    assert_eq!(stats["faults_injected"]["http_5xx"], json!(3));
}

#[test]
fn timeouts_close_without_a_response() {
    let sim = with_faults(Faults { timeout_rate: 1.0, timeout_ms: 100, ..Faults::default() });
    let r = raw(&host(&sim), "POST", "/v2017a/json/reply/ProductUpdate", &[], &insert_body());
    assert!(r.is_err(), "no response expected");
    control(&sim, "faults", json!({"timeout_rate": 0.0}));
    assert_eq!(product_count(&sim), 0);
    control(&sim, "faults", json!({"timeout_rate": 1.0, "timeout_ms": 100, "fail_after_apply": true}));
    assert!(raw(&host(&sim), "POST", "/v2017a/json/reply/ProductUpdate", &[], &insert_body()).is_err());
    control(&sim, "faults", json!({"timeout_rate": 0.0}));
    assert_eq!(product_count(&sim), 1);
}

#[test]
fn injected_error_envelopes_are_never_applied() {
    let sim = with_faults(Faults { envelope_error_rate: 1.0, ..Faults::default() });
    let r = post(&sim, "/v2017a/json/reply/ProductUpdate", &serde_json::from_slice(&insert_body()).unwrap());
    assert_eq!(r["ResponseStatus"]["ErrorCode"], json!("500"));
    assert!(r["ResponseStatus"]["Message"].as_str().unwrap().contains("Injected"));
    assert!(r.get("InternalErrorCode").is_some());
    control(&sim, "faults", json!({"envelope_error_rate": 0}));
    assert_eq!(product_count(&sim), 0);
}

#[test]
fn rate_limit_answers_429_with_retry_after() {
    let sim = with_faults(Faults { rate_limit_per_sec: Some(2), ..Faults::default() });
    let statuses: Vec<(u16, Option<String>)> = (0..10)
        .map(|_| {
            let r = post_raw(&sim, "/v2017a/json/reply/TaxGet", json!({"APIKEY": KEY}).to_string().as_bytes());
            (r.status, r.header("Retry-After").map(str::to_string))
        })
        .collect();
    let limited: Vec<_> = statuses.iter().filter(|(s, _)| *s == 429).collect();
    assert!(!limited.is_empty(), "{statuses:?}");
    assert!(limited.iter().all(|(_, retry)| retry.as_deref() == Some("1")));
    // Controls are exempt.
    assert_eq!(get(&sim, "/_sim/stats").status, 200);
}

#[test]
fn latency_runs_requests_in_parallel_and_faults_change_at_run_time() {
    let sim = start();
    let f = get(&sim, "/_sim/faults").json();
    assert_eq!(f["latency_ms"], json!(0));
    let f = control(&sim, "faults", json!({"latency_ms": 50, "jitter_ms": 10, "seed": 7}));
    assert_eq!(f["latency_ms"], json!(50));
    assert_eq!(f["timeout_ms"], json!(30000), "omitted fields take their defaults");
    assert_eq!(f["seed"], json!(7));
    let addr = host(&sim);
    let threads: Vec<_> = (0..16)
        .map(|_| {
            let addr = addr.clone();
            std::thread::spawn(move || raw(&addr, "POST", "/v2017a/json/reply/TaxGet", &[], json!({"APIKEY": KEY}).to_string().as_bytes()).unwrap().status)
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), 200);
    }
    let stats = get(&sim, "/_sim/stats").json();
    assert_eq!(stats["faults_injected"]["latency"], json!(16));
    assert_eq!(stats["requests_per_operation"]["TaxGet"], json!(16));
    control(&sim, "stats/reset", json!({}));
    assert_eq!(get(&sim, "/_sim/stats").json()["requests_total"], json!(0));
    // Invalid fault settings are refused with a reason.
    let r = post_raw(&sim, "/_sim/faults", br#"{"latency_ms": "soon"}"#);
    assert_eq!(r.status, 400);
}

#[test]
fn bad_input_gets_megaventory_errors_and_the_server_keeps_serving() {
    let sim = start();
    let good = || assert_ok(&call(&sim, "TaxGet", json!({})));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("/v2017a/json/reply/ProductGet", b"{not json".to_vec(), "InvalidRequest"),
        ("/v2017a/json/reply/ProductGet", b"".to_vec(), "APIKeyMissing"),
        ("/v2017a/json/reply/ProductGet", b"[1,2,3]".to_vec(), "InvalidRequest"),
        ("/v2017a/json/reply/ProductGet", b"\xff\xfe\x00".to_vec(), "InvalidRequest"),
        ("/v2017a/json/reply/NoSuchOp", b"{}".to_vec(), "UnknownOperation"),
        ("/v2017a/json/reply/ProductUpdate", json!({"APIKEY": KEY, "mvProduct": "a string"}).to_string().into_bytes(), ""),
        ("/v2017a/json/reply/ProductUpdate", json!({"APIKEY": KEY, "mvProduct": {"ProductSKU": ["x"], "ProductDescription": "d"}}).to_string().into_bytes(), ""),
        ("/v2017a/json/reply/ProductGet", json!({"APIKEY": KEY, "Filters": [1, 2]}).to_string().into_bytes(), ""),
        ("/v2017a/json/reply/ProductGet", json!({"APIKEY": KEY, "Filters": {"FieldName": "ProductSKU", "SearchOperator": "Resembles", "SearchValue": "x"}}).to_string().into_bytes(), ""),
        ("/v2017a/json/reply/SalesOrderUpdate", json!({"APIKEY": KEY, "mvSalesOrder": {"SalesOrderDetails": 5}}).to_string().into_bytes(), ""),
        ("/v2017a/json/reply/ProductUpdate", json!({"APIKEY": KEY, "mvRecordAction": "Upsert", "mvProduct": {}}).to_string().into_bytes(), ""),
        ("/v2017a/json/reply/ProductUpdate", format!("{}{}", "[".repeat(5000), "]".repeat(5000)).into_bytes(), "InvalidRequest"),
    ];
    for (path, body, internal) in cases {
        let r = post_raw(&sim, path, &body);
        assert_eq!(r.status, 200, "{path} {}", String::from_utf8_lossy(&body[..body.len().min(60)]));
        let v = r.json();
        assert_ne!(v["ResponseStatus"]["ErrorCode"], json!("0"), "{v}");
        assert_eq!(v["InternalErrorCode"], json!(internal), "{v}");
        good();
    }
    // A body over the cap: refused before it is read.
    let mut s = TcpStream::connect(host(&sim)).unwrap();
    s.write_all(format!("POST /v2017a/json/reply/ProductUpdate HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{{", 17 * 1024 * 1024).as_bytes()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("RequestTooLarge"), "{text}");
    good();
    // Garbage that is not HTTP at all.
    let mut s = TcpStream::connect(host(&sim)).unwrap();
    s.write_all(b"\x00\x01\x02 hello\r\n\r\n").unwrap();
    drop(s);
    good();
}

#[test]
fn cors_preflight_and_headers() {
    let sim = start();
    let r = raw(&host(&sim), "OPTIONS", "/v2017a/json/reply/ProductGet", &[("Origin", "http://localhost:8080"), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "content-type")], b"").unwrap();
    assert_eq!(r.status, 204);
    assert_eq!(r.header("Access-Control-Allow-Origin"), Some("*"));
    assert!(r.header("Access-Control-Allow-Methods").unwrap().contains("POST"));
    assert!(r.header("Access-Control-Allow-Headers").unwrap().to_ascii_lowercase().contains("content-type"));
    let r = post_raw(&sim, "/v2017a/json/reply/TaxGet", json!({"APIKEY": KEY}).to_string().as_bytes());
    assert_eq!(r.header("Access-Control-Allow-Origin"), Some("*"));
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
    let sim = start();
    let mut s = TcpStream::connect(host(&sim)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut reader = BufReader::new(s.try_clone().unwrap());
    for i in 0..3 {
        let body = json!({"APIKEY": KEY, "mvTax": {"TaxName": format!("K{i}"), "TaxValue": i}}).to_string();
        write!(s, "POST /v2017a/json/reply/TaxUpdate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        let mut len = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line.trim().is_empty() {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; len];
        reader.read_exact(&mut body).unwrap();
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["entityID"], json!(i + 1));
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mv-sim-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn state_survives_a_clean_restart() {
    let dir = temp_dir("restart");
    let state = dir.join("state.json");
    let options = || SimOptions { state_file: Some(state.clone()), ..SimOptions::default() };
    let sim = start_with(options());
    product(&sim, "KEEP-1");
    control(&sim, "stock", json!({"sku": "KEEP-1", "physical": 5}));
    sim.shutdown();
    assert!(state.exists());
    assert_eq!(std::fs::metadata(dir.join("state.json.journal")).unwrap().len(), 0, "journal compacted");
    let sim = start_with(options());
    assert_eq!(call(&sim, "ProductGet", json!({}))["mvProducts"][0]["ProductSKU"], json!("KEEP-1"));
    assert_eq!(stock_item(&sim, 1)["StockPhysicalTotal"], json!(5));
    assert_eq!(integration_updates(&sim).len(), 2, "queue kept (product insert + stock)");
    assert_eq!(product(&sim, "KEEP-2"), 2, "sequences continue");
    drop(sim);
    let _ = std::fs::remove_dir_all(&dir);
}

struct ChildSim {
    child: Child,
    addr: String,
}

fn spawn_binary(state: &std::path::Path) -> ChildSim {
    let mut child = Command::new(env!("CARGO_BIN_EXE_megaventory-sim"))
        .args(["--listen", "127.0.0.1:0", "--state"])
        .arg(state)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.trim().strip_prefix("listening on http://").unwrap_or_else(|| panic!("first line: {line}")).to_string();
    ChildSim { child, addr }
}

fn child_call(addr: &str, op: &str, mut body: Value) -> Value {
    body["APIKEY"] = json!(KEY);
    raw(addr, "POST", &format!("/v2017a/json/reply/{op}"), &[], body.to_string().as_bytes()).unwrap().json()
}

#[test]
fn state_survives_sigkill_through_the_journal_and_sigterm_exits_cleanly() {
    let dir = temp_dir("crash");
    let state = dir.join("state.json");
    let mut sim = spawn_binary(&state);
    for i in 0..20 {
        let r = child_call(&sim.addr, "ProductUpdate", json!({"mvProduct": {"ProductSKU": format!("C{i}"), "ProductDescription": "d"}}));
        assert_eq!(r["ResponseStatus"]["ErrorCode"], json!("0"));
    }
    child_call(&sim.addr, "ProductDelete", json!({"ProductIDToDelete": 3}));
    let so_control = json!({"sku": "C1", "physical": 9});
    raw(&sim.addr, "POST", "/_sim/stock", &[], so_control.to_string().as_bytes()).unwrap();
    sim.child.kill().unwrap(); // SIGKILL: no chance to write the snapshot
    sim.child.wait().unwrap();
    assert!(!state.exists(), "only the journal was written");

    let mut sim = spawn_binary(&state);
    let r = child_call(&sim.addr, "ProductGet", json!({"showDeleted": "showAllDeletedAndUndeleted"}));
    assert_eq!(r["mvProducts"].as_array().unwrap().len(), 20);
    let live = child_call(&sim.addr, "ProductGet", json!({}));
    assert_eq!(live["mvProducts"].as_array().unwrap().len(), 19);
    let stock = child_call(&sim.addr, "InventoryLocationStockGet", json!({"ProductID": [2]}));
    assert_eq!(stock["mvProductStockList"][0]["StockPhysicalTotal"], json!(9));
    let r = child_call(&sim.addr, "ProductUpdate", json!({"mvProduct": {"ProductSKU": "AFTER", "ProductDescription": "d"}}));
    assert_eq!(r["entityID"], json!(21));
    // SIGTERM: exit 0 and compact into the snapshot.
    let pid = sim.child.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let status = sim.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert!(state.exists());
    assert_eq!(std::fs::metadata(dir.join("state.json.journal")).unwrap().len(), 0);
    let sim = spawn_binary(&state);
    let live = child_call(&sim.addr, "ProductGet", json!({}));
    assert_eq!(live["mvProducts"].as_array().unwrap().len(), 20);
    let mut child = sim.child;
    child.kill().unwrap();
    child.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn controls_reset_and_dump_state() {
    let sim = start();
    product(&sim, "R1");
    let state = get(&sim, "/_sim/state").json();
    assert_eq!(state["accounts"][0]["name"], json!("m1"));
    assert_eq!(state["accounts"][0]["mvProducts"][0]["ProductSKU"], json!("R1"));
    assert!(!state.to_string().contains("demo@m1"), "no API keys in the dump");
    let r = control(&sim, "reset", json!({"accounts": [{"api_key": "other@m2"}]}));
    assert_eq!(r["accounts"], json!(["m2"]));
    assert_eq!(call(&sim, "ProductGet", json!({}))["ResponseStatus"]["ErrorCode"], json!("401"));
    assert_ok(&call_as(&sim, "other@m2", "ProductGet", json!({})));
    control(&sim, "reset", json!({}));
    assert_eq!(call(&sim, "ProductGet", json!({}))["mvProducts"], json!([]));
    assert_eq!(post_raw(&sim, "/_sim/nope", b"{}").status, 400);
    assert_eq!(post_raw(&sim, "/_sim/stock", b"{\"sku\": \"missing\"}").status, 400);
}

#[test]
fn expect_100_continue_is_answered_before_the_body_is_sent() {
    let sim = start();
    let mut s = TcpStream::connect(host(&sim)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let body = json!({"APIKEY": KEY}).to_string();
    write!(s, "POST /v2017a/json/reply/TaxGet HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nConnection: close\r\nContent-Length: {}\r\n\r\n", body.len()).unwrap();
    let mut reader = BufReader::new(s.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.starts_with("HTTP/1.1 100"), "{line}");
    s.write_all(body.as_bytes()).unwrap();
    let mut rest = String::new();
    reader.read_to_string(&mut rest).unwrap();
    assert!(rest.contains("HTTP/1.1 200"), "{rest}");
    assert!(rest.contains(r#""ErrorCode":"0""#), "{rest}");
}

#[test]
fn a_panic_in_one_request_becomes_an_error_envelope_and_serving_goes_on() {
    let sim = start();
    let r = post_raw(&sim, "/_sim/panic", b"{}");
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["ResponseStatus"]["ErrorCode"], json!("500"));
    assert_eq!(v["InternalErrorCode"], json!("InternalError"));
    // The state lock was poisoned by the panic; requests still work.
    product(&sim, "AFTER-PANIC");
    assert_eq!(product_count(&sim), 1);
}

#[test]
fn help_documents_every_flag_and_bad_flags_exit_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_megaventory-sim")).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in ["--listen", "--accounts", "--state", "--latency-ms", "--jitter-ms", "--http-5xx-rate", "--envelope-error-rate", "--timeout-rate", "--timeout-ms", "--rate-limit", "--seed", "--fail-after-apply", "--clock-ms", "--id-seed"] {
        assert!(help.contains(flag), "--help lacks {flag}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_megaventory-sim")).arg("--bogus").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
