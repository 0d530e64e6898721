//! The JS surface (documented in README.md). Thin: JS values ↔ Rust types, errors → `Error`
//! objects with `code` and `entity`, jobs → promises. Every sync decision is sync-core's.

use crate::auth::Auth;
use crate::control::{Control, ControlState, Controls};
use crate::http::{RelayTransport, WpClient};
use crate::http_woo::{HttpWooSide, CANCELLED_PREFIX};
use crate::preview_side::PreviewSide;
use crate::protocol::sync_config_of;
use futures::future::LocalBoxFuture;
use gloo_net::http::Method;
use megaventory::transport::gloo::{sleep, GlooTransport};
use megaventory::{ApiKey, Client, Endpoint, RawResponse, RetryPolicy, Transport, TransportError};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use std::time::Duration;
use sync_core::engine::continuous::{ContinuousReport, OutboxCarry, UpdateWatermarks};
use sync_core::engine::imports::{ImportKind, ImportReport};
use sync_core::engine::progress::Progress;
use sync_core::engine::{Engine as CoreEngine, JobError, WooSide};
use sync_core::{EntityKind, EntityRef, SideError, SyncConfig, SyncError};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

// ---------------------------------------------------------------------------------------
// Options

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EngineOptions {
    #[serde(default)]
    site_url: Option<String>,
    /// Defaults to `{siteUrl}/wp-json/`; `…/?rest_route=/` for sites without pretty links.
    #[serde(default)]
    rest_root: Option<String>,
    #[serde(default)]
    auth: Option<Auth>,
    #[serde(default)]
    megaventory: Option<MegaventoryOptions>,
    #[serde(default)]
    concurrency: Option<usize>,
    #[serde(default)]
    page_size: Option<u32>,
    /// Outbox rows per claim in continuous sync (small: a stop finishes quickly).
    #[serde(default)]
    claim_batch: Option<usize>,
    /// The lease token for every claim (32 hex digits), for a host that can die without
    /// warning: the admin page makes one when it loads and releases its rows with it when left.
    #[serde(default)]
    lease_token: Option<String>,
    /// Overrides of the engine configuration (`SyncConfig` fields, snake_case).
    #[serde(default)]
    sync: Option<Value>,
}

#[derive(Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
enum MegaventoryOptions {
    Relay,
    Direct {
        #[serde(rename = "baseUrl")]
        base_url: String,
        #[serde(rename = "apiKey")]
        api_key: String,
    },
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct QuantityOptions {
    #[serde(default)]
    location_id: Option<i64>,
    #[serde(default)]
    approve: bool,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ContinuousOptions {
    #[serde(default)]
    poll_interval_seconds: Option<f64>,
    /// How often an idle worker looks at the outbox again.
    #[serde(default)]
    outbox_interval_ms: Option<f64>,
}

// ---------------------------------------------------------------------------------------
// Megaventory transport: relay (browser) or direct (Node)

#[derive(Clone)]
enum MvTransport {
    Relay(RelayTransport),
    Direct(GlooTransport),
}

impl Transport for MvTransport {
    fn send(
        &self,
        operation: &str,
        body: String,
    ) -> impl Future<Output = Result<RawResponse, TransportError>> {
        // Owned copies: the future must not borrow the operation name.
        let operation = operation.to_string();
        let future: LocalBoxFuture<'static, Result<RawResponse, TransportError>> = match self {
            MvTransport::Relay(t) => {
                let t = t.clone();
                Box::pin(async move { t.send(&operation, body).await })
            }
            MvTransport::Direct(t) => {
                let t = t.clone();
                Box::pin(async move { t.send(&operation, body).await })
            }
        };
        future
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> {
        sleep(duration)
    }

    fn now_millis(&self) -> u64 {
        js_sys::Date::now() as u64
    }
}

// ---------------------------------------------------------------------------------------
// Errors

/// A JS `Error` with `code` (stable), `entity` ({kind, wc_id, label}) and `retry`.
fn js_error(code: &str, entity: &EntityRef, message: &str, transient: bool) -> JsValue {
    let error = js_sys::Error::new(message);
    let target: &JsValue = error.as_ref();
    let _ = js_sys::Reflect::set(target, &"code".into(), &code.into());
    let _ = js_sys::Reflect::set(target, &"entity".into(), &to_js(entity));
    let _ = js_sys::Reflect::set(
        target,
        &"retry".into(),
        &(if transient { "transient" } else { "permanent" }).into(),
    );
    error.into()
}

fn job_ref(job: &str) -> EntityRef {
    EntityRef::new(EntityKind::Job, 0, job)
}

fn config_error(message: impl AsRef<str>) -> JsValue {
    js_error(
        "config.invalid",
        &job_ref("engine"),
        message.as_ref(),
        false,
    )
}

fn side_error(job: &str, error: &SideError) -> JsValue {
    let code = if error.message.starts_with(CANCELLED_PREFIX) {
        "job.cancelled"
    } else if error.message.starts_with("WordPress refused") {
        "woocommerce.forbidden"
    } else {
        "woocommerce.unavailable"
    };
    js_error(code, &job_ref(job), &error.message, error.transient)
}

fn sync_error(error: &SyncError) -> JsValue {
    js_error(
        error.code,
        &error.entity,
        &error.message,
        error.is_transient(),
    )
}

fn job_error(job: &str, error: &JobError) -> JsValue {
    match error {
        JobError::Side(e) => side_error(job, e),
        JobError::Sync(e) if e.is_side_failure() && e.message.starts_with(CANCELLED_PREFIX) => {
            side_error(job, &SideError::permanent(e.message.clone()))
        }
        JobError::Sync(e) => sync_error(e),
    }
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

// ---------------------------------------------------------------------------------------
// Reports and events

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProgressEvent<'a> {
    job: &'a str,
    state: &'a str,
    done: u64,
    total: u64,
    failed: u64,
    skipped: u64,
    rate_per_second: f64,
    eta_seconds: Option<f64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ImportSummary<'a> {
    job: &'a str,
    done: u64,
    total: u64,
    failed: u64,
    skipped: u64,
    created: u64,
    updated: u64,
    linked: u64,
    unchanged: u64,
    started_at_page: u32,
    errors: &'a [SyncError],
    warnings: &'a [SyncError],
    documents: &'a [String],
    stock_written: u64,
}

impl<'a> ImportSummary<'a> {
    fn of(report: &'a ImportReport) -> Self {
        ImportSummary {
            job: &report.job,
            done: report.done,
            total: report.total,
            failed: report.failed,
            skipped: report.skipped,
            created: report.created,
            updated: report.updated,
            linked: report.linked,
            unchanged: report.unchanged,
            started_at_page: report.started_at_page,
            errors: &report.errors,
            warnings: &report.warnings,
            documents: &report.documents,
            stock_written: report.stock_written,
        }
    }
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct RoundSummary {
    events_done: u64,
    events_retried: u64,
    events_dead: u64,
    updates_applied: u64,
    updates_parked: u64,
    updates_kept: u64,
    stock_written: u64,
    errors: Vec<SyncError>,
    warnings: Vec<SyncError>,
}

impl RoundSummary {
    fn add(&mut self, report: &ContinuousReport) {
        self.events_done += report.events_done;
        self.events_retried += report.events_retried;
        self.events_dead += report.events_dead;
        self.updates_applied += report.updates_applied;
        self.updates_parked += report.updates_parked;
        self.updates_kept += report.updates_kept;
        self.stock_written += report.stock_written;
    }

    fn is_empty(report: &ContinuousReport) -> bool {
        report.events_done
            + report.events_retried
            + report.events_dead
            + report.updates_applied
            + report.updates_parked
            + report.updates_kept
            + report.stock_written
            == 0
            && report.errors.is_empty()
            && report.warnings.is_empty()
    }
}

fn call_quietly(callback: &Option<js_sys::Function>, event: &JsValue) {
    if let Some(callback) = callback {
        // A throwing callback must not stop the job.
        let _ = callback.call1(&JsValue::NULL, event);
    }
}

fn progress_event(progress: &Progress, state: &str) -> JsValue {
    to_js(&ProgressEvent {
        job: &progress.job,
        state,
        done: progress.done,
        total: progress.total,
        failed: progress.failed,
        skipped: progress.skipped,
        rate_per_second: progress.rate_per_second,
        eta_seconds: progress.eta_seconds,
    })
}

fn simple_event(job: &str, state: &str, done: u64, total: u64, failed: u64) -> JsValue {
    to_js(&ProgressEvent {
        job,
        state,
        done,
        total,
        failed,
        skipped: 0,
        rate_per_second: 0.0,
        eta_seconds: None,
    })
}

fn optional_function(value: JsValue) -> Option<js_sys::Function> {
    value.dyn_into::<js_sys::Function>().ok()
}

// ---------------------------------------------------------------------------------------
// The engine object

struct Inner {
    wp: Option<WpClient>,
    transport: Option<MvTransport>,
    api_key: Option<ApiKey>,
    concurrency: Option<usize>,
    page_size: Option<u32>,
    claim_batch: usize,
    lease_token: Option<String>,
    sync_overrides: Option<Value>,
    /// The plugin's settings, read once per engine object.
    site_config: RefCell<Option<Value>>,
    controls: Controls,
}

impl Inner {
    fn wp(&self) -> Result<&WpClient, JsValue> {
        self.wp.as_ref().ok_or_else(|| {
            config_error("siteUrl and auth are needed for this (only preview works without a site)")
        })
    }

    fn client(&self) -> Result<Client<MvTransport>, JsValue> {
        let transport = self
            .transport
            .clone()
            .ok_or_else(|| config_error("megaventory is not configured"))?;
        Ok(Client::new(
            transport,
            self.api_key.clone(),
            RetryPolicy::default(),
        ))
    }

    async fn site_config(&self) -> Result<Value, JsValue> {
        if let Some(config) = self.site_config.borrow().as_ref() {
            return Ok(config.clone());
        }
        let config = self
            .wp()?
            .call(Method::GET, "megaventory/v1/config", &[], None, false)
            .await
            .and_then(|r| r.json())
            .map_err(|e| side_error("config", &e))?;
        *self.site_config.borrow_mut() = Some(config.clone());
        Ok(config)
    }

    fn sync_config(&self, site: Option<&Value>) -> Result<SyncConfig, JsValue> {
        let mut config = site.map(sync_config_of).unwrap_or_default();
        if let Some(overrides) = &self.sync_overrides {
            let mut merged = serde_json::to_value(&config).unwrap_or_default();
            if let (Some(base), Some(extra)) = (merged.as_object_mut(), overrides.as_object()) {
                for (key, value) in extra {
                    base.insert(key.clone(), value.clone());
                }
            }
            config = megaventory::lenient::from_object(merged)
                .map_err(|e| config_error(format!("sync: {e}")))?;
        }
        if let Some(concurrency) = self.concurrency {
            config.concurrency = concurrency.max(1);
        }
        if let Some(page_size) = self.page_size {
            config.page_size = page_size.clamp(1, 100);
        }
        Ok(config)
    }

    fn side(&self, control: Rc<Control>, gate_reads: bool) -> Result<HttpWooSide, JsValue> {
        Ok(HttpWooSide::new(
            self.wp()?.clone(),
            control,
            self.claim_batch,
            self.lease_token.clone(),
            gate_reads,
        ))
    }
}

/// Unregisters a job's control when its future ends, however it ends.
struct JobGuard {
    inner: Rc<Inner>,
    job: String,
}

fn start_job(inner: &Rc<Inner>, job: &str) -> Result<(Rc<Control>, JobGuard), JsValue> {
    let control = inner
        .controls
        .start(job)
        .map_err(|message| js_error("job.already_running", &job_ref(job), &message, true))?;
    Ok((
        control,
        JobGuard {
            inner: inner.clone(),
            job: job.to_string(),
        },
    ))
}

impl Drop for JobGuard {
    fn drop(&mut self) {
        self.inner.controls.finish(&self.job);
    }
}

#[wasm_bindgen(js_name = Engine)]
pub struct WasmEngine {
    inner: Rc<Inner>,
}

#[wasm_bindgen(js_class = Engine)]
impl WasmEngine {
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<WasmEngine, JsValue> {
        let options: EngineOptions = serde_wasm_bindgen::from_value(options)
            .map_err(|e| config_error(format!("engine options: {e}")))?;
        let site_url = options
            .site_url
            .as_deref()
            .map(|s| s.trim().trim_end_matches('/').to_string())
            .filter(|s| !s.is_empty());
        if let Some(url) = &site_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(config_error(format!(
                    "siteUrl must be an absolute http(s) URL, got {url:?}"
                )));
            }
        }
        let auth = options.auth.unwrap_or(Auth::None);
        auth.validate().map_err(config_error)?;
        let wp = match (&site_url, &auth) {
            (Some(_), Auth::None) => {
                return Err(config_error(
                    "auth is needed with siteUrl (nonce or application_password)",
                ))
            }
            (Some(url), _) => {
                let root = options
                    .rest_root
                    .clone()
                    .unwrap_or_else(|| format!("{url}/wp-json/"));
                Some(WpClient::new(root, auth))
            }
            (None, _) => None,
        };
        let (transport, api_key) = match options.megaventory {
            None => (None, None),
            Some(MegaventoryOptions::Relay) => {
                let wp = wp
                    .clone()
                    .ok_or_else(|| config_error("megaventory mode relay needs siteUrl and auth"))?;
                (Some(MvTransport::Relay(RelayTransport::new(wp))), None)
            }
            Some(MegaventoryOptions::Direct { base_url, api_key }) => {
                let base = base_url.trim();
                if !(base.starts_with("http://") || base.starts_with("https://")) {
                    return Err(config_error(format!(
                        "megaventory.baseUrl must be an absolute http(s) URL, got {base:?}"
                    )));
                }
                let key = ApiKey::new(api_key)
                    .map_err(|e| config_error(format!("megaventory.apiKey: {}", e.0)))?;
                (
                    Some(MvTransport::Direct(GlooTransport::new(Endpoint::direct(
                        base,
                    )))),
                    Some(key),
                )
            }
        };
        let lease_token = match options.lease_token {
            Some(token)
                if token.len() == 32
                    && token
                        .bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) =>
            {
                Some(token)
            }
            Some(_) => return Err(config_error("leaseToken must be 32 lowercase hex digits")),
            None => None,
        };
        Ok(WasmEngine {
            inner: Rc::new(Inner {
                wp,
                transport,
                api_key,
                concurrency: options.concurrency,
                page_size: options.page_size,
                claim_batch: options.claim_batch.unwrap_or(20).clamp(1, 500),
                lease_token,
                sync_overrides: options.sync,
                site_config: RefCell::new(None),
                controls: Controls::default(),
            }),
        })
    }

    /// The Megaventory operations the engine can call (the relay must allow each).
    #[wasm_bindgen(js_name = relayOperations)]
    pub fn relay_operations() -> Vec<String> {
        crate::relay_operations()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// `{site, outbox, checkpoints, megaventory: {ok, code?, message?}, runningJobs}`.
    pub fn status(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            let wp = inner.wp()?.clone();
            let site = inner.site_config().await?;
            let get = |path: &'static str| {
                let wp = wp.clone();
                async move {
                    wp.call(Method::GET, path, &[], None, false)
                        .await
                        .and_then(|r| r.json())
                        .map_err(|e| side_error("status", &e))
                }
            };
            let outbox = get("megaventory/v1/outbox/stats").await?;
            let checkpoints = get("megaventory/v1/checkpoints").await?;
            let megaventory = match inner.client() {
                Err(_) => {
                    json!({"ok": false, "code": "config.invalid", "message": "megaventory is not configured"})
                }
                Ok(client) => {
                    let config = inner.sync_config(Some(&site))?;
                    let control = Rc::new(Control::new("status"));
                    let woo = inner.side(control, false)?;
                    let engine = CoreEngine::new(&woo, &client, &config);
                    match engine.check_account().await {
                        Ok(()) => json!({"ok": true}),
                        Err(e) => json!({"ok": false, "code": e.code, "message": e.message}),
                    }
                }
            };
            let running: Vec<Value> = inner
                .controls
                .running_jobs()
                .into_iter()
                .map(|(job, state)| json!({"job": job, "state": state.as_str()}))
                .collect();
            Ok(to_js(&json!({
                "site": {
                    "pluginVersion": site.get("plugin_version"),
                    "wcVersion": site.get("wc_version"),
                    "currency": site.get("currency"),
                    "hasApiKey": site.get("has_api_key"),
                    "relayOperations": site.get("relay_operations"),
                },
                "outbox": outbox,
                "checkpoints": checkpoints.get("checkpoints").cloned().unwrap_or(Value::Array(vec![])),
                "megaventory": megaventory,
                "runningJobs": running,
            })))
        })
    }

    /// Account checks, then what must exist in Megaventory; resolves to the report.
    #[wasm_bindgen(js_name = initialSync)]
    pub fn initial_sync(&self, on_progress: JsValue) -> js_sys::Promise {
        let inner = self.inner.clone();
        let callback = optional_function(on_progress);
        // Registered before the promise runs, so pause/cancel right after the call reach it.
        let job = "initial";
        let (control, guard) = match start_job(&inner, job) {
            Ok(started) => started,
            Err(error) => return js_sys::Promise::reject(&error),
        };
        future_to_promise(async move {
            let _guard = guard;
            let site = inner.site_config().await?;
            let config = inner.sync_config(Some(&site))?;
            let client = inner.client()?;
            let woo = inner.side(control, true)?;
            let engine = CoreEngine::new(&woo, &client, &config);
            call_quietly(&callback, &simple_event(job, "running", 0, 1, 0));
            match engine.initial_sync().await {
                Ok(report) => {
                    let failed = report.errors.len() as u64;
                    call_quietly(&callback, &simple_event(job, "done", 1, 1, failed));
                    Ok(to_js(&json!({
                        "created": report.created,
                        "taxesLinked": report.taxes_linked,
                        "productsLinked": report.products_linked,
                        "errors": report.errors,
                        "warnings": report.warnings,
                    })))
                }
                Err(error) => {
                    call_quietly(&callback, &simple_event(job, "failed", 0, 1, 1));
                    Err(job_error(job, &error))
                }
            }
        })
    }

    #[wasm_bindgen(js_name = importClients)]
    pub fn import_clients(&self, on_progress: JsValue) -> js_sys::Promise {
        self.import(ImportKind::Clients, on_progress)
    }

    #[wasm_bindgen(js_name = importProducts)]
    pub fn import_products(&self, on_progress: JsValue) -> js_sys::Promise {
        self.import(ImportKind::Products, on_progress)
    }

    #[wasm_bindgen(js_name = importDiscounts)]
    pub fn import_discounts(&self, on_progress: JsValue) -> js_sys::Promise {
        self.import(ImportKind::Discounts, on_progress)
    }

    /// `direction`: `to_megaventory` or `from_megaventory`; `opts`: `{locationId, approve}`.
    #[wasm_bindgen(js_name = importQuantity)]
    pub fn import_quantity(
        &self,
        direction: String,
        opts: JsValue,
        on_progress: JsValue,
    ) -> js_sys::Promise {
        let opts: QuantityOptions = if opts.is_undefined() || opts.is_null() {
            QuantityOptions::default()
        } else {
            match serde_wasm_bindgen::from_value(opts) {
                Ok(opts) => opts,
                Err(e) => {
                    return js_sys::Promise::reject(&config_error(format!(
                        "importQuantity options: {e}"
                    )))
                }
            }
        };
        let kind = match direction.as_str() {
            "to_megaventory" => ImportKind::QuantityToMegaventory {
                location_id: opts.location_id,
                approve: opts.approve,
            },
            "from_megaventory" => ImportKind::QuantityFromMegaventory,
            other => {
                return js_sys::Promise::reject(&config_error(format!(
                    "importQuantity direction must be to_megaventory or from_megaventory, got {other:?}"
                )))
            }
        };
        self.import(kind, on_progress)
    }

    /// Pauses a running job (by name, or `*`); returns whether one matched.
    pub fn pause(&self, job: &str) -> bool {
        self.inner.controls.apply(job, Control::pause)
    }

    pub fn resume(&self, job: &str) -> bool {
        self.inner.controls.apply(job, Control::resume)
    }

    /// Cancels a running job: items in flight finish, an import keeps its checkpoint.
    pub fn cancel(&self, job: &str) -> bool {
        self.inner.controls.apply(job, Control::cancel)
    }

    /// Ends `runContinuous` after the outbox rows in hand.
    pub fn stop(&self) -> bool {
        self.inner.controls.apply("continuous", Control::cancel)
    }

    /// `[{job, state}]` of the jobs running on this engine.
    #[wasm_bindgen(js_name = runningJobs)]
    pub fn running_jobs(&self) -> JsValue {
        let jobs: Vec<Value> = self
            .inner
            .controls
            .running_jobs()
            .into_iter()
            .map(|(job, state)| json!({"job": job, "state": state.as_str()}))
            .collect();
        to_js(&jobs)
    }

    /// Drains the outbox and polls Megaventory until `stop()`; resolves to the totals.
    #[wasm_bindgen(js_name = runContinuous)]
    pub fn run_continuous(&self, opts: JsValue, on_event: JsValue) -> js_sys::Promise {
        let inner = self.inner.clone();
        let callback = optional_function(on_event);
        let opts: ContinuousOptions = if opts.is_undefined() || opts.is_null() {
            ContinuousOptions::default()
        } else {
            match serde_wasm_bindgen::from_value(opts) {
                Ok(opts) => opts,
                Err(e) => {
                    return js_sys::Promise::reject(&config_error(format!(
                        "runContinuous options: {e}"
                    )))
                }
            }
        };
        let job = "continuous";
        let (control, guard) = match start_job(&inner, job) {
            Ok(started) => started,
            Err(error) => return js_sys::Promise::reject(&error),
        };
        future_to_promise(async move {
            let _guard = guard;
            let site = inner.site_config().await?;
            let poll_every = opts
                .poll_interval_seconds
                .or_else(|| site.get("poll_interval_seconds").and_then(Value::as_f64))
                .unwrap_or(60.0)
                .max(1.0);
            let idle_ms = opts
                .outbox_interval_ms
                .unwrap_or(1000.0)
                .clamp(50.0, 60_000.0);
            let config = inner.sync_config(Some(&site))?;
            let client = inner.client()?;
            let woo = inner.side(control.clone(), false)?;
            let mut totals = RoundSummary::default();
            let mut last_poll: Option<f64> = None;
            let mut failures = 0u32;
            // Events of a batch that WordPress interrupted: retried first in the next round.
            let carry = OutboxCarry::default();
            // The newest integration update applied per entity, so an older one never wins.
            let watermarks = UpdateWatermarks::default();
            while control.state() != ControlState::Cancelled {
                // One engine per round: its caches (categories, taxes) stay fresh.
                let engine = CoreEngine::new(&woo, &client, &config);
                let mut report = ContinuousReport::default();
                let now = js_sys::Date::now();
                let mut result = engine.process_outbox_carrying(&mut report, &carry).await;
                let poll_due = last_poll.is_none_or(|at| now - at >= poll_every * 1000.0);
                if result.is_ok() && poll_due && control.state() == ControlState::Running {
                    last_poll = Some(now);
                    result = engine
                        .poll_integration_updates_after(&mut report, &watermarks)
                        .await;
                }
                totals.add(&report);
                if !RoundSummary::is_empty(&report) {
                    let mut round = RoundSummary::default();
                    round.add(&report);
                    round.errors = report.errors;
                    round.warnings = report.warnings;
                    let event = to_js(&json!({"type": "round", "round": round}));
                    call_quietly(&callback, &event);
                    totals.errors.extend(round.errors);
                    totals.warnings.extend(round.warnings);
                }
                let wait_ms = match result {
                    Ok(()) => {
                        failures = 0;
                        // Wake up for the next poll on time rather than at the next idle tick.
                        let until_poll = last_poll
                            .map_or(idle_ms, |at| at + poll_every * 1000.0 - js_sys::Date::now());
                        idle_ms.min(until_poll.max(50.0))
                    }
                    // Bad credentials do not heal by waiting.
                    Err(error) if error.message.starts_with("WordPress refused") => {
                        return Err(side_error(job, &error));
                    }
                    Err(error) => {
                        failures += 1;
                        let wait = (1000.0 * 2f64.powi(failures.min(6) as i32)).min(60_000.0);
                        let event = to_js(&json!({
                            "type": "error", "code": "woocommerce.unavailable",
                            "message": error.message, "retryInMs": wait,
                        }));
                        call_quietly(&callback, &event);
                        wait
                    }
                };
                let mut waited = 0.0;
                while waited < wait_ms && control.state() != ControlState::Cancelled {
                    let slice = (wait_ms - waited).min(100.0);
                    sleep(Duration::from_millis(slice as u64)).await;
                    waited += slice;
                }
            }
            // The next poll, by another worker, need not wait for the lease to run out.
            let _ = woo.release_poll().await;
            totals.errors.truncate(100);
            totals.warnings.truncate(100);
            Ok(to_js(&totals))
        })
    }

    /// The Megaventory requests an entity (`wc/v3` JSON) would produce; sends nothing.
    /// `kind`: product, customer, coupon, tax_rate or order.
    pub fn preview(&self, kind: String, entity: JsValue) -> js_sys::Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            let bad_input = |message: String| {
                js_error(
                    "preview.bad_input",
                    &EntityRef::new(EntityKind::Job, 0, format!("preview {kind}")),
                    &message,
                    false,
                )
            };
            let entity: Value = if let Some(text) = entity.as_string() {
                serde_json::from_str(&text)
                    .map_err(|e| bad_input(format!("the {kind} to preview is not JSON: {e}")))?
            } else {
                serde_wasm_bindgen::from_value(entity)
                    .map_err(|e| bad_input(format!("the {kind} to preview: {e}")))?
            };
            let (side, target) = PreviewSide::from_json(&kind, &entity).map_err(bad_input)?;
            let config = inner.sync_config(inner.site_config.borrow().as_ref())?;
            // Never called: a preview makes no Megaventory request.
            let client = Client::new(
                GlooTransport::new(Endpoint::direct("http://preview.invalid/")),
                None,
                RetryPolicy::no_retries(),
            );
            let engine = CoreEngine::new(&side, &client, &config);
            let preview = engine
                .preview(target)
                .await
                .map_err(|e| side_error("preview", &e))?;
            Ok(to_js(&json!({
                "requests": preview.requests,
                "warnings": preview.warnings,
                "errors": preview.errors,
                "notes": preview.notes,
            })))
        })
    }
}

impl WasmEngine {
    fn import(&self, kind: ImportKind, on_progress: JsValue) -> js_sys::Promise {
        let inner = self.inner.clone();
        let callback = optional_function(on_progress);
        let job = kind.job_name();
        let (control, guard) = match start_job(&inner, job) {
            Ok(started) => started,
            Err(error) => return js_sys::Promise::reject(&error),
        };
        future_to_promise(async move {
            let _guard = guard;
            let site = inner.site_config().await?;
            let config = inner.sync_config(Some(&site))?;
            let client = inner.client()?;
            let woo = inner.side(control.clone(), true)?;
            let progress_control = control.clone();
            let progress_callback = callback.clone();
            let engine = CoreEngine::new(&woo, &client, &config).on_progress(move |p| {
                call_quietly(
                    &progress_callback,
                    &progress_event(p, progress_control.state().as_str()),
                );
            });
            match engine.run_import(kind).await {
                Ok(report) => {
                    let event = simple_event(job, "done", report.done, report.total, report.failed);
                    call_quietly(&callback, &event);
                    Ok(to_js(&ImportSummary::of(&report)))
                }
                Err(error) => {
                    let error = job_error(job, &error);
                    let state = if control.state() == ControlState::Cancelled {
                        "cancelled"
                    } else {
                        "failed"
                    };
                    call_quietly(&callback, &simple_event(job, state, 0, 0, 0));
                    Err(error)
                }
            }
        })
    }
}
