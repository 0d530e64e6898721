//! Client behaviour against a scripted fake transport: envelope decoding, retry decisions,
//! lookup-before-retry and key redaction. No network, no real time.
#![cfg(not(target_arch = "wasm32"))]

use megaventory::model::*;
use megaventory::request::*;
use megaventory::*;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::rc::Rc;
use std::time::Duration;

const KEY: &str = "5ecret0123456789@m77";

enum Reply {
    Raw(RawResponse),
    Fail(TransportError),
    /// Never answers: only the client's request timeout ends it.
    Hang,
}

#[derive(Default)]
struct Scripted {
    replies: RefCell<VecDeque<Reply>>,
    sent: RefCell<Vec<(String, String)>>,
    sleeps: RefCell<Vec<Duration>>,
    now: Cell<u64>,
}

impl Transport for Scripted {
    fn send(
        &self,
        operation: &str,
        body: String,
    ) -> impl Future<Output = Result<RawResponse, TransportError>> {
        self.sent.borrow_mut().push((operation.to_owned(), body));
        let reply = self
            .replies
            .borrow_mut()
            .pop_front()
            .unwrap_or_else(|| panic!("no scripted reply left for {operation}"));
        async move {
            match reply {
                Reply::Raw(raw) => Ok(raw),
                Reply::Fail(error) => Err(error),
                Reply::Hang => futures::future::pending().await,
            }
        }
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> {
        self.sleeps.borrow_mut().push(duration);
        self.now.set(self.now.get() + duration.as_millis() as u64);
        futures::future::ready(())
    }

    fn now_millis(&self) -> u64 {
        self.now.get()
    }
}

fn client(replies: Vec<Reply>) -> Client<Scripted> {
    client_with_policy(replies, RetryPolicy::default())
}

fn client_with_policy(replies: Vec<Reply>, policy: RetryPolicy) -> Client<Scripted> {
    let transport = Scripted {
        replies: RefCell::new(replies.into()),
        now: Cell::new(1_700_000_000_000),
        ..Default::default()
    };
    Client::new(transport, Some(ApiKey::new(KEY).unwrap()), policy)
}

fn ok(body: &str) -> Reply {
    Reply::Raw(RawResponse::ok(body))
}

fn status(code: u16, body: &str) -> Reply {
    Reply::Raw(RawResponse {
        status: code,
        body: body.to_owned(),
        retry_after: None,
    })
}

fn refused() -> Reply {
    Reply::Fail(TransportError::new(
        TransportErrorKind::Connect,
        false,
        "connection refused",
    ))
}

fn reset_after_send() -> Reply {
    Reply::Fail(TransportError::new(
        TransportErrorKind::Io,
        true,
        "connection reset by peer",
    ))
}

/// Backoff waits only (every attempt also starts a request-timeout sleep, which the fake
/// resolves at once).
fn backoff_sleeps(c: &Client<Scripted>) -> Vec<Duration> {
    let timeout = c.policy().request_timeout;
    c.transport()
        .sleeps
        .borrow()
        .iter()
        .copied()
        .filter(|d| *d != timeout)
        .collect()
}

fn sent_operations(c: &Client<Scripted>) -> Vec<String> {
    c.transport()
        .sent
        .borrow()
        .iter()
        .map(|(op, _)| op.clone())
        .collect()
}

fn run<F: Future>(f: F) -> F::Output {
    futures::executor::block_on(f)
}

const EMPTY_PRODUCTS: &str = r#"{"mvProducts":[],"ResponseStatus":{"ErrorCode":"0"}}"#;

// ---------------------------------------------------------------------------------------
// Envelope

#[test]
fn success_decodes_and_key_is_added_to_the_body() {
    let c = client(vec![ok(
        r#"{"mvProducts":[{"ProductID":101,"ProductSKU":"A","ProductSellingPrice":19.9}],"ResponseStatus":{"ErrorCode":"0"}}"#,
    )]);
    let answer = run(c.call(&ProductGet::by_sku("A"))).unwrap();
    assert_eq!(answer.products[0].product_id, Some(101));
    assert_eq!(
        answer.products[0]
            .product_selling_price
            .as_ref()
            .unwrap()
            .as_str(),
        "19.9"
    );
    let body: serde_json::Value = serde_json::from_str(&c.transport().sent.borrow()[0].1).unwrap();
    assert_eq!(body["APIKEY"], KEY);
    assert_eq!(body["showDeleted"], "showAllDeletedAndUndeleted");
    assert_eq!(body["Filters"][0]["FieldName"], "ProductSKU");
}

#[test]
fn browser_mode_sends_no_key() {
    let transport = Scripted {
        replies: RefCell::new(vec![ok(EMPTY_PRODUCTS)].into()),
        ..Default::default()
    };
    let c = Client::new(transport, None, RetryPolicy::default());
    run(c.call(&ProductGet::all())).unwrap();
    let body: serde_json::Value = serde_json::from_str(&c.transport().sent.borrow()[0].1).unwrap();
    assert_eq!(body, serde_json::json!({}));
}

#[test]
fn numeric_zero_error_code_is_accepted() {
    let c = client(vec![ok(
        r#"{"mvProducts":[],"ResponseStatus":{"ErrorCode":0}}"#,
    )]);
    assert!(run(c.call(&ProductGet::all())).unwrap().products.is_empty());
}

fn api_error_for(
    operation_request: impl FnOnce(&Client<Scripted>) -> Result<(), Error>,
    body: &str,
) -> ApiError {
    let c = client(vec![ok(body)]);
    let error = operation_request(&c).unwrap_err();
    assert_eq!(
        sent_operations(&c).len(),
        1,
        "business errors are never retried"
    );
    match error {
        Error::Api(api) => api,
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn product_insert(c: &Client<Scripted>) -> Result<(), Error> {
    run(c.call(&ProductUpdate::insert(Product::new("A", "a")))).map(|_| ())
}

fn client_insert(c: &Client<Scripted>) -> Result<(), Error> {
    let client = SupplierClient {
        supplier_client_name: Some("bob".into()),
        ..Default::default()
    };
    run(c.call(&SupplierClientUpdate::insert(client))).map(|_| ())
}

fn category_insert(c: &Client<Scripted>) -> Result<(), Error> {
    let category = ProductCategory {
        product_category_name: Some("Shirts".into()),
        ..Default::default()
    };
    run(c.call(&ProductCategoryUpdate::insert(category))).map(|_| ())
}

#[test]
fn every_error_kind_is_classified() {
    let cases = [
        ("ProductSKUAlreadyExists", Conflict::ProductSkuAlreadyExists),
        (
            "ProductSKUAlreadyDeleted",
            Conflict::ProductSkuAlreadyDeleted,
        ),
        (
            "SupplierClientNameAlreadyExists",
            Conflict::SupplierClientNameAlreadyExists,
        ),
        (
            "SupplierClientAlreadyDeleted",
            Conflict::SupplierClientAlreadyDeleted,
        ),
        ("CategoryWasDeleted", Conflict::CategoryWasDeleted),
        (
            "TaxNameValueAlreadyExists",
            Conflict::TaxNameValueAlreadyExists,
        ),
        (
            "DiscountNameValueAlreadyExists",
            Conflict::DiscountNameValueAlreadyExists,
        ),
        (
            "LocationNameOrAbrevAlreadyExists",
            Conflict::LocationNameOrAbrevAlreadyExists,
        ),
        ("SomethingNew", Conflict::Other),
    ];
    for (internal, kind) in cases {
        let body = format!(
            r#"{{"ResponseStatus":{{"ErrorCode":"500","Message":"nope"}},"entityID":77,"InternalErrorCode":"{internal}"}}"#
        );
        let api = api_error_for(product_insert, &body);
        assert_eq!(api.kind(), kind, "{internal}");
        assert_eq!(api.entity_id, Some(77));
        assert_eq!(api.internal_error_code.as_deref(), Some(internal));
        assert_eq!(api.operation, "ProductUpdate");
        assert!(!api.retried_after_ambiguous_failure);
        if kind == Conflict::Other {
            assert_eq!(api.conflicting_id(), None);
        } else {
            assert_eq!(api.conflicting_id(), Some(77));
        }
    }
    let wrong_key = api_error_for(
        product_insert,
        r#"{"ResponseStatus":{"ErrorCode":"401","Message":"Invalid API key"}}"#,
    );
    assert_eq!(wrong_key.kind(), Conflict::InvalidApiKey);
    let expired = api_error_for(
        product_insert,
        r#"{"ResponseStatus":{"ErrorCode":"500","Message":"Your Account has expired. Renew."}}"#,
    );
    assert_eq!(expired.kind(), Conflict::AccountExpired);
}

#[test]
fn message_fragments_classify_when_internal_code_is_missing() {
    let deleted_product = api_error_for(
        product_insert,
        r#"{"ResponseStatus":{"ErrorCode":"500","Message":"SKU A was used and was since deleted"},"entityID":5}"#,
    );
    assert_eq!(deleted_product.kind(), Conflict::ProductSkuAlreadyDeleted);
    let deleted_client = api_error_for(
        client_insert,
        r#"{"ResponseStatus":{"ErrorCode":"500","Message":"bob existed and was since deleted"},"entityID":6}"#,
    );
    assert_eq!(
        deleted_client.kind(),
        Conflict::SupplierClientAlreadyDeleted
    );
    let taken = api_error_for(
        client_insert,
        r#"{"ResponseStatus":{"ErrorCode":"500","Message":"bob already exists"},"entityID":6,"InternalErrorCode":""}"#,
    );
    assert_eq!(taken.kind(), Conflict::SupplierClientNameAlreadyExists);
    assert_eq!(taken.internal_error_code, None);
    let category = api_error_for(
        category_insert,
        r#"{"ResponseStatus":{"ErrorCode":"500","Message":"Shirts existed in the past and was deleted"},"entityID":3}"#,
    );
    assert_eq!(category.kind(), Conflict::CategoryWasDeleted);
    let errors_array = api_error_for(
        product_insert,
        r#"{"ResponseStatus":{"ErrorCode":"500","Errors":[{"Message":"first"},{"Message":"second"}]}}"#,
    );
    assert_eq!(errors_array.message, "first; second");
}

#[test]
fn unusable_bodies_are_decode_errors_not_panics() {
    let cases: &[(&str, &str)] = &[
        ("<html><body>502 Bad Gateway</body></html>", "HTML"),
        ("", "empty body"),
        ("   ", "empty body"),
        ("{\"ResponseStatus\":{\"ErrorCode\":\"0\"", "malformed JSON"),
        ("[1,2,3]", "expected a JSON object"),
        ("\"just a string\"", "expected a JSON object"),
        ("{}", "no ResponseStatus"),
        ("{\"ResponseStatus\":\"0\"}", "ResponseStatus is"),
        ("{\"ResponseStatus\":{}}", "no ErrorCode"),
        ("{\"ResponseStatus\":{\"ErrorCode\":true}}", "ErrorCode is"),
        ("{\"ResponseStatus\":{\"ErrorCode\":\"0\"},\"mvProducts\":5}", "unexpected response shape"),
        ("{\"ResponseStatus\":{\"ErrorCode\":\"0\"},\"mvProducts\":[{\"ProductID\":\"abc\"}]}", "unexpected response shape"),
        ("{\"ResponseStatus\":{\"ErrorCode\":\"0\"},\"mvProducts\":[{\"ProductSellingPrice\":\"1,5\"}]}", "unexpected response shape"),
    ];
    for (body, expected) in cases {
        let c = client(vec![ok(body)]);
        let error = run(c.call(&ProductGet::all())).unwrap_err();
        assert!(
            matches!(error, Error::Decode { .. }),
            "{body:?} gave {error:?}"
        );
        let text = error.to_string();
        assert!(text.starts_with("ProductGet: "), "{text}");
        assert!(text.contains(expected), "{body:?}: {text}");
        assert_eq!(
            sent_operations(&c).len(),
            1,
            "decode errors are not retried"
        );
    }
}

#[test]
fn random_bodies_never_panic() {
    let mut state = 0x1234_5678_9abc_def1u64;
    let alphabet = br#"{}[]":,0123456789.-eEtrufalsn ResponseStatusErrorCodemvProducts\ "#;
    for _ in 0..2000 {
        let mut body = String::new();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = (state % 80) as usize;
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            body.push(alphabet[(state % alphabet.len() as u64) as usize] as char);
        }
        let raw = RawResponse {
            status: 200,
            body,
            retry_after: None,
        };
        let _ = envelope::decode::<ProductGetResponse>("ProductGet", &raw);
        let _ = envelope::decode::<InventoryLocationStockGetResponse>(
            "InventoryLocationStockGet",
            &raw,
        );
    }
}

#[test]
fn non_2xx_answers() {
    let c = client(vec![status(404, "<html>Not Found</html>")]);
    let error = run(c.call(&ProductGet::all())).unwrap_err();
    assert!(
        matches!(error, Error::Http { status: 404, .. }),
        "{error:?}"
    );
    assert_eq!(sent_operations(&c).len(), 1, "404 is not retried");
    let c = client(vec![status(
        401,
        r#"{"ResponseStatus":{"ErrorCode":"401","Message":"bad key"}}"#,
    )]);
    let error = run(c.call(&ProductGet::all())).unwrap_err();
    assert_eq!(error.conflict(), Some(Conflict::InvalidApiKey));
}

// ---------------------------------------------------------------------------------------
// Retry decisions

#[test]
fn server_errors_are_retried_with_bounded_backoff() {
    let c = client(vec![
        status(503, "busy"),
        status(500, "oops"),
        status(502, ""),
        ok(EMPTY_PRODUCTS),
    ]);
    run(c.call(&ProductGet::all())).unwrap();
    assert_eq!(sent_operations(&c).len(), 4);
    let sleeps = backoff_sleeps(&c);
    assert_eq!(sleeps.len(), 3);
    let policy = RetryPolicy::default();
    for (i, sleep) in sleeps.iter().enumerate() {
        assert!(
            *sleep <= policy.backoff_ceiling(i as u32 + 1),
            "retry {}: {sleep:?}",
            i + 1
        );
    }
}

#[test]
fn gives_up_after_max_attempts() {
    let c = client((0..5).map(|_| status(503, "busy")).collect());
    let error = run(c.call(&ProductGet::all())).unwrap_err();
    assert!(matches!(error, Error::Http { status: 503, .. }));
    assert!(error.is_ambiguous());
    assert_eq!(sent_operations(&c).len(), 5);
    assert_eq!(backoff_sleeps(&c).len(), 4);
}

#[test]
fn rate_limit_honours_retry_after() {
    let limited = Reply::Raw(RawResponse {
        status: 429,
        body: String::new(),
        retry_after: Some(Duration::from_secs(3)),
    });
    let c = client(vec![limited, ok(EMPTY_PRODUCTS)]);
    run(c.call(&ProductGet::all())).unwrap();
    assert_eq!(backoff_sleeps(&c), vec![Duration::from_secs(3)]);
}

#[test]
fn rate_limit_and_refused_connections_are_retried_even_for_unsafe_inserts() {
    let order = SalesOrder {
        sales_order_no: Some("1".into()),
        ..Default::default()
    };
    let request = SalesOrderUpdate::insert(order);
    assert_eq!(request.retry_safety(), RetrySafety::Unsafe);
    let c = client(vec![
        refused(),
        status(429, ""),
        ok(
            r#"{"mvSalesOrder":{"SalesOrderId":4},"entityID":4,"ResponseStatus":{"ErrorCode":"0"}}"#,
        ),
    ]);
    let answer = run(c.call(&request)).unwrap();
    assert_eq!(answer.entity_id, Some(4));
    assert_eq!(sent_operations(&c), vec!["SalesOrderUpdate"; 3]);
}

#[test]
fn unsafe_insert_is_not_resent_after_an_ambiguous_failure() {
    let request = SalesOrderUpdate::insert(SalesOrder::default());
    let c = client(vec![status(500, "internal")]);
    let error = run(c.call(&request)).unwrap_err();
    assert!(error.is_ambiguous());
    assert_eq!(sent_operations(&c), vec!["SalesOrderUpdate"]);
}

#[test]
fn timeouts_are_ambiguous_and_retried_for_idempotent_requests() {
    let c = client(vec![Reply::Hang, ok(EMPTY_PRODUCTS)]);
    run(c.call(&ProductGet::all())).unwrap();
    assert_eq!(sent_operations(&c).len(), 2);
    let c = client_with_policy(vec![Reply::Hang], RetryPolicy::no_retries());
    let error = run(c.call(&ProductGet::all())).unwrap_err();
    match error {
        Error::Transport { error, .. } => {
            assert_eq!(error.kind, TransportErrorKind::Timeout);
            assert!(error.sent);
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[test]
fn conflict_after_ambiguous_resend_is_flagged() {
    let c = client(vec![
        reset_after_send(),
        ok(
            r#"{"ResponseStatus":{"ErrorCode":"500","Message":"exists"},"entityID":88,"InternalErrorCode":"ProductSKUAlreadyExists"}"#,
        ),
    ]);
    let request = ProductUpdate::insert(Product::new("A", "a"));
    assert_eq!(request.retry_safety(), RetrySafety::ConflictRecoverable);
    let api = run(c.call(&request)).unwrap_err().api().cloned().unwrap();
    assert!(api.retried_after_ambiguous_failure);
    assert_eq!(api.conflicting_id(), Some(88));
    assert_eq!(api.kind(), Conflict::ProductSkuAlreadyExists);
}

#[test]
fn retry_safety_of_each_kind_of_write() {
    let upsert = ProductUpdate::insert_or_update_non_empty_fields(Product::new("A", "a"));
    assert_eq!(upsert.retry_safety(), RetrySafety::Idempotent);
    let new_client =
        SupplierClientUpdate::insert_or_update_non_empty_fields(SupplierClient::default());
    assert_eq!(
        new_client.retry_safety(),
        RetrySafety::ConflictRecoverable,
        "clients are matched by id only"
    );
    let known_client = SupplierClientUpdate::insert_or_update(SupplierClient {
        supplier_client_id: Some(3),
        ..Default::default()
    });
    assert_eq!(known_client.retry_safety(), RetrySafety::Idempotent);
    assert_eq!(
        TaxUpdate::insert_or_update(Tax::default()).retry_safety(),
        RetrySafety::Idempotent
    );
    assert_eq!(
        DiscountUpdate::insert(Discount::default()).retry_safety(),
        RetrySafety::ConflictRecoverable
    );
    assert_eq!(
        InventoryLocationUpdate::insert(InventoryLocation::default()).retry_safety(),
        RetrySafety::ConflictRecoverable
    );
    assert_eq!(
        SalesOrderCancel::new("5", None).retry_safety(),
        RetrySafety::Idempotent
    );
    assert_eq!(
        ProductDelete::new(5).retry_safety(),
        RetrySafety::Idempotent
    );
    let adjustment = Document::adjustment(true, 1, DocumentStatus::Verified, "push-42", vec![]);
    assert_eq!(
        DocumentUpdate::insert(adjustment).retry_safety(),
        RetrySafety::LookupBeforeRetry(Lookup::DocumentByReference {
            reference_no: "push-42".into(),
            document_type_id: Some(-99)
        })
    );
    let status_change = SalesOrderUpdate::update(SalesOrder {
        sales_order_id: Some(9),
        ..Default::default()
    });
    assert_eq!(status_change.retry_safety(), RetrySafety::Idempotent);
}

// ---------------------------------------------------------------------------------------
// Lookup before retry

fn wc_order(reference: &str, location: i64) -> SalesOrder {
    SalesOrder {
        sales_order_no: Some(reference.into()),
        sales_order_reference_no: Some(reference.into()),
        sales_order_reference_application: Some("woocommerce".into()),
        sales_order_client_id: Some(2),
        sales_order_inventory_location_id: Some(location),
        sales_order_status: Some(SalesOrderStatus::Verified),
        details: vec![
            SalesOrderRow::new(
                "TSHIRT-M",
                Decimal::from(2),
                Decimal::parse("19.9").unwrap(),
            ),
            SalesOrderRow::new("shipping", Decimal::from(1), Decimal::parse("5").unwrap()),
        ],
        ..Default::default()
    }
}

/// The order as the server stores it: ids assigned, rows echoed (here in another order).
fn stored(order: &SalesOrder, id: i64) -> serde_json::Value {
    let mut stored = order.clone();
    stored.sales_order_id = Some(id);
    stored.sales_order_type_id = Some(3);
    stored.details.reverse();
    serde_json::to_value(stored).unwrap()
}

fn orders_answer(orders: Vec<serde_json::Value>) -> Reply {
    ok(
        &serde_json::json!({"mvSalesOrders": orders, "ResponseStatus": {"ErrorCode": "0"}})
            .to_string(),
    )
}

#[test]
fn lookup_finds_the_order_so_nothing_is_resent() {
    let order = wc_order("676", 1);
    let c = client(vec![Reply::Hang, orders_answer(vec![stored(&order, 31)])]);
    let events = Rc::new(RefCell::new(Vec::new()));
    let log = Rc::clone(&events);
    let c = c.with_observer(move |e| {
        log.borrow_mut()
            .push((e.operation.to_owned(), e.outcome.clone()))
    });
    let answer = run(c.call(&SalesOrderUpdate::insert(order))).unwrap();
    assert_eq!(answer.entity_id, Some(31));
    assert_eq!(answer.sales_order.unwrap().sales_order_id, Some(31));
    assert_eq!(
        sent_operations(&c),
        vec!["SalesOrderUpdate", "SalesOrderGet"]
    );
    let lookup_body: serde_json::Value =
        serde_json::from_str(&c.transport().sent.borrow()[1].1).unwrap();
    assert_eq!(
        lookup_body["Filters"][0]["FieldName"],
        "SalesOrderReferenceNo"
    );
    assert_eq!(lookup_body["Filters"][0]["SearchValue"], "676");
    assert!(events
        .borrow()
        .iter()
        .any(|(_, o)| *o == CallOutcome::RecoveredByLookup));
}

#[test]
fn lookup_finds_nothing_so_the_insert_is_resent_once() {
    let order = wc_order("677", 1);
    let c = client(vec![
        status(504, "gateway timeout"),
        orders_answer(vec![]),
        ok(&serde_json::json!({"mvSalesOrder": stored(&order, 40), "entityID": 40, "ResponseStatus": {"ErrorCode": "0"}}).to_string()),
    ]);
    let answer = run(c.call(&SalesOrderUpdate::insert(order))).unwrap();
    assert_eq!(answer.entity_id, Some(40));
    assert_eq!(
        sent_operations(&c),
        vec!["SalesOrderUpdate", "SalesOrderGet", "SalesOrderUpdate"]
    );
}

#[test]
fn a_split_sibling_at_another_location_is_not_adopted() {
    let order = wc_order("678", 2);
    let sibling = wc_order("678", 1);
    let c = client(vec![
        reset_after_send(),
        orders_answer(vec![stored(&sibling, 50)]),
        ok(&serde_json::json!({"mvSalesOrder": stored(&order, 51), "entityID": 51, "ResponseStatus": {"ErrorCode": "0"}}).to_string()),
    ]);
    let answer = run(c.call(&SalesOrderUpdate::insert(order))).unwrap();
    assert_eq!(answer.entity_id, Some(51));
    assert_eq!(
        sent_operations(&c),
        vec!["SalesOrderUpdate", "SalesOrderGet", "SalesOrderUpdate"]
    );
}

#[test]
fn failed_lookup_returns_the_original_failure_without_resending() {
    let order = wc_order("679", 1);
    let mut replies = vec![status(500, "boom")];
    replies.extend((0..5).map(|_| status(503, "down")));
    let c = client(replies);
    let error = run(c.call(&SalesOrderUpdate::insert(order))).unwrap_err();
    assert!(
        matches!(error, Error::Http { status: 500, .. }),
        "{error:?}"
    );
    let ops = sent_operations(&c);
    assert_eq!(
        ops.iter().filter(|op| *op == "SalesOrderUpdate").count(),
        1,
        "{ops:?}"
    );
}

#[test]
fn document_insert_recovers_by_reference() {
    let document = Document::adjustment(
        true,
        1,
        DocumentStatus::Verified,
        "stock-push-1",
        vec![DocumentRow::new("A", Decimal::from(5))],
    );
    let mut stored_doc = document.clone();
    stored_doc.document_id = Some(12);
    stored_doc.document_no = Some("7".into());
    let c = client(vec![
        Reply::Hang,
        ok(
            &serde_json::json!({"mvDocuments": [stored_doc], "ResponseStatus": {"ErrorCode": "0"}})
                .to_string(),
        ),
    ]);
    let answer = run(c.call(&DocumentUpdate::insert(document))).unwrap();
    assert_eq!(answer.entity_id, Some(12));
    assert_eq!(sent_operations(&c), vec!["DocumentUpdate", "DocumentGet"]);
}

// ---------------------------------------------------------------------------------------
// Key redaction

#[test]
fn the_key_never_appears_in_errors_or_events() {
    let secret_part = KEY.split('@').next().unwrap();
    let echoes = vec![
        ok(&format!(
            r#"{{"ResponseStatus":{{"ErrorCode":"401","Message":"Key {KEY} is not valid"}}}}"#
        )),
        ok(&format!("<html>bad key {KEY}</html>")),
        status(400, &format!("key={secret_part}")),
        ok(&format!("{{\"APIKEY\":\"{KEY}\"")),
        Reply::Fail(TransportError::new(
            TransportErrorKind::Io,
            false,
            format!("socket closed while sending {KEY}"),
        )),
    ];
    for echo in echoes {
        let c = client_with_policy(vec![echo], RetryPolicy::no_retries());
        let seen = Rc::new(RefCell::new(String::new()));
        let log = Rc::clone(&seen);
        let c = c.with_observer(move |e| log.borrow_mut().push_str(&format!("{e:?}")));
        let error = run(c.call(&ProductGet::all())).unwrap_err();
        for text in [
            error.to_string(),
            format!("{error:?}"),
            seen.borrow().clone(),
        ] {
            assert!(!text.contains(secret_part), "key leaked: {text}");
        }
        assert!(
            error.to_string().contains("***"),
            "the echo should be visible, redacted: {error}"
        );
    }
}

#[test]
fn check_api_key_reports_status() {
    let c = client(vec![ok(
        r#"{"ResponseStatus":{"ErrorCode":"0","Message":"Valid API Key. User role: Administrator"}}"#,
    )]);
    let status = run(c.check_api_key()).unwrap();
    assert!(status.valid && status.admin && !status.expired);
    let c = client(vec![ok(
        r#"{"ResponseStatus":{"ErrorCode":"0","Message":"Valid API Key"}}"#,
    )]);
    assert!(!run(c.check_api_key()).unwrap().admin);
    let c = client(vec![ok(
        r#"{"ResponseStatus":{"ErrorCode":"401","Message":"Invalid"}}"#,
    )]);
    assert!(!run(c.check_api_key()).unwrap().valid);
    let c = client(vec![ok(
        r#"{"ResponseStatus":{"ErrorCode":"500","Message":"Your Account has expired."}}"#,
    )]);
    assert!(run(c.check_api_key()).unwrap().expired);
}

#[test]
fn observer_counts_retries() {
    let retries = Rc::new(Cell::new(0));
    let count = Rc::clone(&retries);
    let c = client(vec![status(503, ""), refused(), ok(EMPTY_PRODUCTS)]).with_observer(move |e| {
        if matches!(e.outcome, CallOutcome::WillRetry { .. }) {
            count.set(count.get() + 1)
        }
    });
    run(c.call(&ProductGet::all())).unwrap();
    assert_eq!(retries.get(), 2);
}
