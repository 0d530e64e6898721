//! The JS surface under Node with a mocked global `fetch` (gloo-net resolves `fetch` on every
//! call, so replacing `globalThis.fetch` intercepts WordPress and Megaventory alike).
#![cfg(target_arch = "wasm32")]

use js_sys::{Function, Object, Promise, Reflect};
use sync_wasm::bindings::WasmEngine;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

const SIMPLE: &str = include_str!("../../sync-core/tests/fixtures/wc/products/simple.json");
const NO_SKU: &str = include_str!("../../sync-core/tests/fixtures/wc/products/no-sku.json");

/// Installs a fetch mock for one test: requests to `{name}.shop.test` and `{name}.mv.test` go
/// to `routes`, JS code for `async function(req, url, body, mock)` returning
/// `[status, jsonBody, headers?]` or `undefined` for the defaults below. Tests run concurrently,
/// so each has its own hosts and its own record of requests ({method, url, path, body, headers}).
fn install_fetch(name: &str, routes: &str) {
    let source = format!(
        r#"
        const route = async function(req, url, body, mock) {{ {routes} }};
        const mock = {{ requests: [], counter: 0, state: {{}}, route }};
        globalThis.__mocks = globalThis.__mocks || {{}};
        globalThis.__mocks['{name}'] = mock;
        if (globalThis.__mockFetchInstalled) return;
        globalThis.__mockFetchInstalled = true;
        globalThis.fetch = async function(req) {{
            const url = new URL(req.url);
            const mock = globalThis.__mocks[url.host.split('.')[0]];
            if (!mock) throw new TypeError('fetch failed: no mock for ' + url.host);
            const body = req.method === 'GET' ? null : await req.text();
            const headers = {{}};
            req.headers.forEach((v, k) => {{ headers[k] = v; }});
            mock.requests.push({{ method: req.method, url: req.url, path: url.pathname, search: url.search, body, headers }});
            let answer = await mock.route(req, url, body ? JSON.parse(body) : null, mock);
            if (answer === undefined) {{
                if (url.host.endsWith('mv.test')) {{
                    mock.counter += 1;
                    answer = [200, {{ ResponseStatus: {{ ErrorCode: '0' }}, entityID: 500 + mock.counter, mvProductCategories: [] }}];
                }} else if (url.pathname.includes('/megaventory/v1/config')) {{
                    answer = [200, {{ currency: 'USD', worker_concurrency: 2, poll_interval_seconds: 60 }}];
                }} else if (url.pathname.includes('/megaventory/v1/checkpoints/')) {{
                    answer = req.method === 'GET' ? [404, {{ code: 'mvsync_checkpoint_not_found', message: 'none' }}] : [200, {{ deleted: true }}];
                }} else if (url.pathname.endsWith('/megaventory/v1/links') && req.method === 'GET') {{
                    answer = [200, {{ links: [] }}];
                }} else if (url.pathname.includes('/megaventory/v1/links')) {{
                    answer = [200, {{ saved: 1 }}];
                }} else if (url.pathname.includes('/megaventory/v1/logs')) {{
                    answer = [201, {{ written: 1 }}];
                }} else if (url.pathname.includes('/wc/v3/products/categories')) {{
                    answer = [200, [{{ id: 42, name: 'fx-Mugs', slug: 'fx-mugs', parent: 0 }}], {{ 'X-WP-Total': '1' }}];
                }} else {{
                    answer = [404, {{ code: 'rest_no_route', message: 'no route ' + url.pathname }}];
                }}
            }}
            const [status, json, extra] = answer;
            return new Response(JSON.stringify(json), {{ status, headers: {{ 'Content-Type': 'application/json', ...(extra || {{}}) }} }});
        }};
        "#
    );
    Function::new_no_args(&source)
        .call0(&JsValue::NULL)
        .unwrap();
}

fn requests(name: &str) -> Vec<JsValue> {
    let mocks = Reflect::get(&js_sys::global(), &"__mocks".into()).unwrap();
    let mock = Reflect::get(&mocks, &name.into()).unwrap();
    let list: js_sys::Array = Reflect::get(&mock, &"requests".into())
        .unwrap()
        .unchecked_into();
    list.iter().collect()
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_default()
}

fn options(name: &str, extra: &str) -> JsValue {
    let source = format!(
        "return {{ siteUrl: 'http://{name}.shop.test', auth: {{ kind: 'application_password', user: 'manager', password: 'abcd efgh ijkl' }}, megaventory: {{ mode: 'direct', baseUrl: 'http://{name}.mv.test/v2017a/', apiKey: 'secret-key@m1' }}, {extra} }};"
    );
    Function::new_no_args(&source)
        .call0(&JsValue::NULL)
        .unwrap()
}

/// Collects the progress events a callback receives.
fn recorder() -> (Function, js_sys::Array) {
    let events = js_sys::Array::new();
    let callback = Function::new_with_args("events", "return (e) => events.push(e);")
        .call1(&JsValue::NULL, &events)
        .unwrap()
        .unchecked_into::<Function>();
    (callback, events)
}

async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

fn delay(ms: i32) -> Promise {
    Promise::new(&mut |resolve, _| {
        let set_timeout: Function = Reflect::get(&js_sys::global(), &"setTimeout".into())
            .unwrap()
            .unchecked_into();
        set_timeout
            .call2(&JsValue::NULL, &resolve, &ms.into())
            .unwrap();
    })
}

#[wasm_bindgen_test]
fn bad_options_throw_errors_with_a_code_and_entity() {
    let cases = [
        "return { siteUrl: 'ftp://shop.test', auth: { kind: 'nonce', nonce: 'n' } };",
        "return { siteUrl: 'http://shop.test' };",
        "return { siteUrl: 'http://shop.test', auth: { kind: 'application_password', user: '', password: 'x' } };",
        "return { megaventory: { mode: 'direct', baseUrl: 'http://mv.test/', apiKey: '' } };",
        "return { megaventory: { mode: 'relay' } };",
        "return { siteUrl: 'http://shop.test', auth: { kind: 'nonce', nonce: 'n' }, leaseToken: 'ABCD' };",
    ];
    for case in cases {
        let options = Function::new_no_args(case).call0(&JsValue::NULL).unwrap();
        let error = match WasmEngine::new(options) {
            Ok(_) => panic!("accepted: {case}"),
            Err(error) => error,
        };
        assert!(error.is_instance_of::<js_sys::Error>(), "{case}");
        assert_eq!(text(&error, "code"), "config.invalid", "{case}");
        assert_eq!(text(&get(&error, "entity"), "kind"), "job", "{case}");
        assert!(
            !text(&error, "message").contains("abcd"),
            "no secret in {case}"
        );
    }
}

#[wasm_bindgen_test]
fn relay_operations_list_what_the_engine_calls() {
    let operations = WasmEngine::relay_operations();
    assert!(operations.iter().any(|o| o == "ProductUpdate"));
    assert!(operations.iter().any(|o| o == "IntegrationUpdateDelete"));
}

#[wasm_bindgen_test]
async fn preview_needs_no_site_and_names_bad_input() {
    install_fetch("preview", "return undefined;");
    let engine = WasmEngine::new(Object::new().into()).unwrap();
    let preview = settle(engine.preview("product".into(), SIMPLE.into()))
        .await
        .unwrap();
    let planned: js_sys::Array = get(&preview, "requests").unchecked_into();
    assert_eq!(planned.length(), 1);
    let request = planned.get(0);
    assert_eq!(text(&request, "operation"), "ProductUpdate");
    let product = get(&get(&request, "body"), "mvProduct");
    assert_eq!(text(&product, "ProductSKU"), "FX-MUG-001");
    assert!(requests("preview").is_empty(), "a preview calls nobody");

    let error = settle(engine.preview("product".into(), "{\"id\": ".into()))
        .await
        .unwrap_err();
    assert_eq!(text(&error, "code"), "preview.bad_input");
    let error = settle(engine.preview("planet".into(), "{}".into()))
        .await
        .unwrap_err();
    assert_eq!(text(&error, "code"), "preview.bad_input");
    assert!(text(&error, "message").contains("planet"));
    // An entity error is reported in the preview, naming the entity.
    let preview = settle(engine.preview("product".into(), NO_SKU.into()))
        .await
        .unwrap();
    let errors: js_sys::Array = get(&preview, "errors").unchecked_into();
    assert_eq!(errors.length(), 1);
    assert_eq!(text(&errors.get(0), "code"), "product.missing_sku");
    let id: u64 = serde_json::from_str::<serde_json::Value>(NO_SKU).unwrap()["id"]
        .as_u64()
        .unwrap();
    assert_eq!(
        get(&get(&errors.get(0), "entity"), "wc_id").as_f64(),
        Some(id as f64)
    );
}

fn products_route() -> String {
    format!(
        "if (url.pathname.endsWith('/wc/v3/products')) return [200, [{SIMPLE}, {NO_SKU}], {{ 'X-WP-Total': '2' }}];"
    )
}

#[wasm_bindgen_test]
async fn product_import_reports_progress_errors_and_sends_credentials_where_they_belong() {
    install_fetch("import", &products_route());
    let engine = WasmEngine::new(options("import", "")).unwrap();
    let (callback, events) = recorder();
    let report = settle(engine.import_products(callback.into()))
        .await
        .unwrap();
    assert_eq!(text(&report, "job"), "import.products");
    assert_eq!(get(&report, "total").as_f64(), Some(2.0));
    assert_eq!(get(&report, "created").as_f64(), Some(1.0));
    assert_eq!(get(&report, "failed").as_f64(), Some(1.0));
    let errors: js_sys::Array = get(&report, "errors").unchecked_into();
    assert_eq!(text(&errors.get(0), "code"), "product.missing_sku");
    assert_eq!(text(&get(&errors.get(0), "entity"), "kind"), "product");

    let last = events.get(events.length() - 1);
    assert_eq!(text(&last, "state"), "done");
    assert_eq!(text(&last, "job"), "import.products");
    assert!(events.length() >= 2, "progress per item, then done");
    assert!(get(&events.get(0), "ratePerSecond").as_f64().is_some());

    let all = requests("import");
    let wordpress: Vec<&JsValue> = all
        .iter()
        .filter(|r| text(r, "url").starts_with("http://import.shop.test/"))
        .collect();
    let megaventory: Vec<&JsValue> = all
        .iter()
        .filter(|r| text(r, "url").starts_with("http://import.mv.test/"))
        .collect();
    assert!(!wordpress.is_empty() && !megaventory.is_empty());
    for request in &wordpress {
        let authorization = text(&get(request, "headers"), "authorization");
        assert!(
            authorization.starts_with("Basic "),
            "{}",
            text(request, "url")
        );
        assert!(!text(request, "body").contains("secret-key"));
    }
    for request in &megaventory {
        assert_eq!(text(&get(request, "headers"), "authorization"), "");
        assert!(
            text(request, "body").contains("secret-key@m1"),
            "direct mode sends the key to Megaventory"
        );
    }
    let link_post = wordpress
        .iter()
        .find(|r| text(r, "method") == "POST" && text(r, "path").ends_with("/megaventory/v1/links"))
        .expect("the new product's link is stored");
    assert!(text(link_post, "body").contains("\"wc_type\":\"product\""));
    // Done: the checkpoint is cleared.
    assert!(wordpress.iter().any(|r| text(r, "method") == "DELETE"
        && text(r, "path").contains("/checkpoints/import.products")));
}

#[wasm_bindgen_test]
async fn a_refused_login_rejects_with_a_stable_code() {
    install_fetch(
        "login",
        "if (url.host.endsWith('shop.test')) return [401, { code: 'rest_not_logged_in', message: 'You are not currently logged in.' }];",
    );
    let engine = WasmEngine::new(options("login", "")).unwrap();
    let error = settle(engine.import_clients(JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(text(&error, "code"), "woocommerce.forbidden");
    assert_eq!(text(&get(&error, "entity"), "kind"), "job");
    assert!(!text(&error, "message").contains("abcd"));
}

#[wasm_bindgen_test]
async fn a_megaventory_refusal_names_the_account() {
    install_fetch(
        "account",
        "if (url.host.endsWith('mv.test')) return [200, { ResponseStatus: { ErrorCode: '401', Message: 'Invalid API key' } }];",
    );
    let engine = WasmEngine::new(options("account", "")).unwrap();
    let error = settle(engine.initial_sync(JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert!(
        text(&error, "code").starts_with("account.")
            || text(&error, "code").starts_with("megaventory."),
        "{}",
        text(&error, "code")
    );
    assert_eq!(text(&get(&error, "entity"), "kind"), "account");
    assert!(
        !text(&error, "message").contains("secret-key"),
        "the key never appears in errors"
    );
}

#[wasm_bindgen_test]
async fn pause_holds_new_reads_and_cancel_keeps_the_checkpoint() {
    install_fetch("pause", &products_route());
    let engine = WasmEngine::new(options("pause", "pageSize: 1")).unwrap();
    let (callback, _events) = recorder();
    let promise = engine.import_products(callback.into());
    assert!(engine.pause("import.products"));
    assert!(!engine.pause("import.clients"), "no such job running");
    JsFuture::from(delay(400)).await.unwrap();
    let reads = requests("pause")
        .iter()
        .filter(|r| text(r, "path").contains("/wc/v3/"))
        .count();
    assert_eq!(reads, 0, "paused before its first WooCommerce read");
    let jobs: js_sys::Array = engine.running_jobs().unchecked_into();
    assert_eq!(text(&jobs.get(0), "state"), "paused");
    assert!(engine.cancel("import.products"));
    let error = settle(promise).await.unwrap_err();
    assert_eq!(text(&error, "code"), "job.cancelled");
    assert!(
        !requests("pause")
            .iter()
            .any(|r| text(r, "method") == "DELETE"),
        "a cancelled job keeps its checkpoint"
    );
    let jobs: js_sys::Array = engine.running_jobs().unchecked_into();
    assert_eq!(jobs.length(), 0);
}

#[wasm_bindgen_test]
async fn continuous_sync_claims_acks_with_the_lease_and_stops() {
    let simple_id: u64 = serde_json::from_str::<serde_json::Value>(SIMPLE).unwrap()["id"]
        .as_u64()
        .unwrap();
    install_fetch("continuous", &format!(
        "if (url.pathname.endsWith('/outbox/claim')) {{
            mock.state.claims = (mock.state.claims || 0) + 1;
            const items = mock.state.claims === 1 ? [{{ id: 11, entity_type: 'product', entity_id: {simple_id}, action: 'updated', payload: null, attempts: 0 }}] : [];
            return [200, {{ lease_token: 'aaaabbbbccccddddeeeeffff00001111', items }}];
        }}
        if (url.pathname.endsWith('/outbox/ack')) return [200, {{ acked: body.ids, not_acked: [] }}];
        if (url.pathname.endsWith('/wc/v3/products/{simple_id}')) return [200, {SIMPLE}];"
    ));
    // The admin page's own lease token goes with every claim (the page releases it when left).
    let engine = WasmEngine::new(options(
        "continuous",
        "leaseToken: '0123456789abcdef0123456789abcdef'",
    ))
    .unwrap();
    let (callback, events) = recorder();
    let promise = engine.run_continuous(
        Function::new_no_args("return { pollIntervalSeconds: 3600, outboxIntervalMs: 50 };")
            .call0(&JsValue::NULL)
            .unwrap(),
        callback.into(),
    );
    JsFuture::from(delay(500)).await.unwrap();
    assert!(engine.stop());
    let totals = settle(promise).await.unwrap();
    assert_eq!(get(&totals, "eventsDone").as_f64(), Some(1.0));
    assert_eq!(text(&events.get(0), "type"), "round");
    let ack = requests("continuous")
        .into_iter()
        .find(|r| text(r, "path").ends_with("/outbox/ack"))
        .expect("acked");
    assert!(text(&ack, "body").contains("aaaabbbbccccddddeeeeffff00001111"));
    assert!(text(&ack, "body").contains("11"));
    let claims = requests("continuous")
        .iter()
        .filter(|r| text(r, "path").ends_with("/outbox/claim"))
        .count();
    assert!(claims >= 2, "kept looking at the outbox while idle");
    assert!(requests("continuous")
        .iter()
        .filter(|r| text(r, "path").ends_with("/outbox/claim"))
        .all(|r| text(r, "body").contains(r#""lease_token":"0123456789abcdef0123456789abcdef""#)));
    assert!(!engine.stop(), "nothing runs any more");
}

/// One worker at a time polls Megaventory: a worker refused the poll lease only drains the
/// outbox, asks with the page's own token, and hands the lease back when it stops.
#[wasm_bindgen_test]
async fn a_worker_refused_the_poll_lease_leaves_megaventory_s_queue_alone() {
    install_fetch(
        "pollheld",
        "if (url.pathname.endsWith('/outbox/claim')) return [200, { lease_token: 'aaaabbbbccccddddeeeeffff00001111', items: [] }];
        if (url.pathname.endsWith('/poll/lease')) return [200, { granted: false, renewed: false, lease_until: null }];
        if (url.pathname.endsWith('/poll/release')) return [200, { released: false }];",
    );
    let engine = WasmEngine::new(options(
        "pollheld",
        "leaseToken: '0123456789abcdef0123456789abcdef'",
    ))
    .unwrap();
    let (callback, _events) = recorder();
    let promise = engine.run_continuous(
        Function::new_no_args("return { pollIntervalSeconds: 1, outboxIntervalMs: 50 };")
            .call0(&JsValue::NULL)
            .unwrap(),
        callback.into(),
    );
    JsFuture::from(delay(1500)).await.unwrap();
    assert!(engine.stop());
    settle(promise).await.unwrap();
    let seen = requests("pollheld");
    let leases: Vec<&JsValue> = seen
        .iter()
        .filter(|r| text(r, "path").ends_with("/poll/lease"))
        .collect();
    assert!(leases.len() >= 2, "asked at every poll: {}", leases.len());
    assert!(leases
        .iter()
        .all(|r| text(r, "body").contains(r#""lease_token":"0123456789abcdef0123456789abcdef""#)));
    assert!(
        !seen
            .iter()
            .any(|r| text(r, "path").contains("IntegrationUpdate")),
        "no integration update was read or deleted"
    );
    let release = seen
        .iter()
        .find(|r| text(r, "path").ends_with("/poll/release"))
        .expect("the lease is handed back on stop");
    assert!(text(release, "body").contains("0123456789abcdef0123456789abcdef"));
}

#[wasm_bindgen_test]
async fn megaventory_changes_are_written_with_the_worker_header() {
    let simple_id: u64 = serde_json::from_str::<serde_json::Value>(SIMPLE).unwrap()["id"]
        .as_u64()
        .unwrap();
    install_fetch(
        "inbound",
        &format!(
            "if (url.pathname.endsWith('/IntegrationUpdateGet')) {{
                mock.state.polls = (mock.state.polls || 0) + 1;
                const rows = mock.state.polls === 1 ? [{{ IntegrationUpdateID: 5002, Application: 'Woocommerce', Entity: 'product', Action: 'update', EntityIDs: '101',
                    JsonData: JSON.stringify({{ ProductID: 101, ProductSKU: 'FX-MUG-001', ProductPurchasePrice: 8.25 }}), Tries: 0, Payload: '' }}] : [];
                return [200, {{ mvIntegrationUpdates: rows, ResponseStatus: {{ ErrorCode: '0' }} }}];
            }}
            if (url.pathname.endsWith('/outbox/claim')) return [200, {{ lease_token: 'aaaabbbbccccddddeeeeffff00002222', items: [] }}];
            if (url.pathname.endsWith('/links/by-mv-id')) return [200, {{ links: [{{ wc_type: 'product', wc_id: {simple_id}, mv_id: 101, content_hash: null }}] }}];
            if (url.pathname.endsWith('/wc/v3/products/{simple_id}')) return [200, {SIMPLE}];"
        ),
    );
    let engine = WasmEngine::new(options("inbound", "")).unwrap();
    let (callback, events) = recorder();
    let promise = engine.run_continuous(
        Function::new_no_args("return { pollIntervalSeconds: 3600, outboxIntervalMs: 50 };")
            .call0(&JsValue::NULL)
            .unwrap(),
        callback.into(),
    );
    JsFuture::from(delay(500)).await.unwrap();
    engine.stop();
    let totals = settle(promise).await.unwrap();
    assert_eq!(
        get(&totals, "updatesApplied").as_f64(),
        Some(1.0),
        "{:?}",
        js_sys::JSON::stringify(&events)
    );
    let all = requests("inbound");
    let put = all
        .iter()
        .find(|r| text(r, "method") == "PUT")
        .expect("the purchase price is written to WooCommerce");
    assert!(text(put, "path").ends_with(&format!("/wc/v3/products/{simple_id}")));
    assert!(text(put, "body").contains("_mvsync_purchase_price"));
    assert!(text(put, "body").contains("8.25"));
    assert_eq!(text(&get(put, "headers"), "x-megaventory-sync-worker"), "1");
    let by_mv = all
        .iter()
        .find(|r| text(r, "path").ends_with("/links/by-mv-id"))
        .unwrap();
    assert!(text(by_mv, "search").contains("mv_ids=101"));
    assert!(
        all.iter()
            .any(|r| text(r, "path").ends_with("/IntegrationUpdateDelete")),
        "the row is deleted once applied"
    );
    for request in all.iter().filter(|r| text(r, "method") != "PUT") {
        assert_eq!(
            text(&get(request, "headers"), "x-megaventory-sync-worker"),
            "",
            "only writes to WooCommerce carry the header"
        );
    }
}
