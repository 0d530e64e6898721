//! A faithful local Megaventory API v2017a simulator (library and binary).
//!
//! ```no_run
//! let sim = megaventory_sim::start("127.0.0.1:0", megaventory_sim::SimOptions::default()).unwrap();
//! println!("configure the client with {}", sim.base_url());
//! sim.shutdown();
//! ```
//! See the crate README for the routes, the accounts file format and the `/_sim/` controls.

mod canned;
mod control;
pub mod filter;
mod http;
pub mod lenient;
pub mod ops;
mod persist;
pub mod schema;
pub mod world;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use http::{HttpRequest, HttpServer, Reply};
use persist::{JournalEntry, Persist};
pub use world::{AccountConfig, LocationConfig};
use world::{ApiError, Ctx, World};

/// Fault injection, settable by flags, [`SimOptions`] and `POST /_sim/faults`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// Added to every API request (not to `/_sim/` controls).
    pub latency_ms: u64,
    /// Uniform random extra latency in `0..=jitter_ms`.
    pub jitter_ms: u64,
    /// Share of requests answered with HTTP 502 and an HTML body (like a proxy error page).
    pub http_5xx_rate: f64,
    /// Share of requests answered with an injected `ErrorCode "500"` envelope (never applied).
    pub envelope_error_rate: f64,
    /// Share of requests held for `timeout_ms` and then closed without a response.
    pub timeout_rate: f64,
    pub timeout_ms: u64,
    /// HTTP 429 with `Retry-After: 1` past this many API requests per second.
    pub rate_limit_per_sec: Option<u32>,
    /// Seed of the fault RNG (splitmix64); setting faults reseeds it.
    pub seed: u64,
    /// For 5xx and timeouts: apply the request first, then fail ("ambiguous" failure).
    pub fail_after_apply: bool,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            latency_ms: 0,
            jitter_ms: 0,
            http_5xx_rate: 0.0,
            envelope_error_rate: 0.0,
            timeout_rate: 0.0,
            timeout_ms: 30_000,
            rate_limit_per_sec: None,
            seed: 0,
            fail_after_apply: false,
        }
    }
}

/// Everything the simulator starts from.
#[derive(Clone, Debug)]
pub struct SimOptions {
    pub accounts: Vec<AccountConfig>,
    /// Snapshot file; its journal is `<state_file>.journal`.
    pub state_file: Option<PathBuf>,
    pub faults: Faults,
    /// Freeze the clock at this Unix time in ms (move it with `/_sim/clock`); `None` = wall clock.
    pub clock_ms: Option<i64>,
    /// First id of every entity sequence of every account that does not set its own `id_seeds`.
    pub id_seed: Option<i64>,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions { accounts: vec![AccountConfig::default()], state_file: None, faults: Faults::default(), clock_ms: None, id_seed: None }
    }
}

impl SimOptions {
    /// Reads an accounts file (`{"accounts": [...]}` or a bare list; see README).
    pub fn from_accounts_file(path: impl AsRef<Path>) -> Result<Self, String> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let value: Value = serde_json::from_str(&text).map_err(|e| format!("{} is not valid JSON: {e}", path.display()))?;
        Ok(SimOptions { accounts: parse_accounts(&value)?, ..SimOptions::default() })
    }
}

/// Parses an accounts document: `{"accounts": [..]}` or `[..]`.
pub fn parse_accounts(value: &Value) -> Result<Vec<AccountConfig>, String> {
    let list = match value {
        Value::Array(_) => value.clone(),
        Value::Object(m) => m.get("accounts").cloned().ok_or("the accounts document needs an \"accounts\" list")?,
        _ => return Err("the accounts document must be a list or {\"accounts\": [...]}".into()),
    };
    let accounts: Vec<AccountConfig> = serde_json::from_value(list).map_err(|e| format!("invalid account: {e}"))?;
    if accounts.is_empty() {
        return Err("at least one account is required".into());
    }
    for (i, a) in accounts.iter().enumerate() {
        if !a.api_key.contains('@') {
            return Err(format!("account #{i}: api_key must look like <secret>@m<id>"));
        }
        if accounts[..i].iter().any(|b| b.api_key == a.api_key) {
            return Err(format!("account #{i}: duplicate api_key"));
        }
        if accounts[..i].iter().any(|b| b.display_name() == a.display_name()) {
            return Err(format!("account #{i}: duplicate name {}", a.display_name()));
        }
    }
    Ok(accounts)
}

/// splitmix64: tiny, seedable, good enough for fault dice.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct Stats {
    requests_total: u64,
    requests_per_operation: BTreeMap<String, u64>,
    errors_returned: u64,
    errors_per_operation: BTreeMap<String, u64>,
    faults_injected: BTreeMap<String, u64>,
    control_requests: u64,
}

pub(crate) struct Core {
    pub world: World,
    /// Frozen clock (ms) or None for the wall clock.
    pub fixed_clock: Option<i64>,
    /// Added to the wall clock when it runs (a running clock started at a chosen time).
    pub clock_offset_ms: i64,
    pub persist: Option<Persist>,
    /// During journal replay the recorded time wins.
    pub replay_time: Option<i64>,
}

impl Core {
    pub fn now(&self) -> i64 {
        if let Some(t) = self.replay_time {
            return t;
        }
        self.fixed_clock.unwrap_or_else(|| wall_ms() + self.clock_offset_ms)
    }

    /// Records a mutating request; failures to write are reported but never crash the server.
    pub fn journal(&mut self, account: &str, op: &str, body: &Value, t: i64) {
        if self.replay_time.is_some() {
            return;
        }
        if let Some(p) = &mut self.persist {
            let entry = JournalEntry { t, account: account.to_string(), op: op.to_string(), body: body.clone() };
            if let Err(e) = p.append(&entry) {
                eprintln!("megaventory-sim: journal write failed: {e}");
            }
        }
    }
}

pub(crate) fn wall_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

pub(crate) struct Shared {
    pub core: Mutex<Core>,
    pub faults: Mutex<(Faults, Rng)>,
    pub stats: Mutex<Stats>,
    rate_window: Mutex<(i64, u32)>,
    /// Broken answers waiting for their requests (`/_sim/canned-answers`).
    pub canned: Mutex<Vec<canned::CannedAnswer>>,
    pub options: SimOptions,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A running simulator. Dropping it shuts it down too.
pub struct SimServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    http: Option<HttpServer>,
}

impl SimServer {
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
    /// `http://127.0.0.1:PORT/v2017a/`: what a client is configured with.
    pub fn base_url(&self) -> String {
        format!("http://{}/v2017a/", self.addr)
    }
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }
    /// Stops serving and compacts the state file (if any).
    pub fn shutdown(mut self) {
        self.stop();
    }
    fn stop(&mut self) {
        if let Some(mut http) = self.http.take() {
            http.stop();
            let mut core = lock(&self.shared.core);
            let core = &mut *core;
            if let Some(p) = &mut core.persist {
                if let Err(e) = p.compact(&core.world) {
                    eprintln!("megaventory-sim: could not write the state file: {e}");
                }
            }
        }
    }
}

impl Drop for SimServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn apply_id_seed(options: &SimOptions, accounts: &mut [AccountConfig]) {
    if let Some(seed) = options.id_seed {
        for a in accounts {
            a.id_seeds.entry("*".to_string()).or_insert(seed);
        }
    }
}

/// Starts the simulator on `listen` (e.g. `127.0.0.1:0`).
pub fn start(listen: &str, options: SimOptions) -> std::io::Result<SimServer> {
    let mut accounts = options.accounts.clone();
    if accounts.is_empty() {
        accounts.push(AccountConfig::default());
    }
    apply_id_seed(&options, &mut accounts);
    let mut core = Core { world: World::new(&accounts), fixed_clock: options.clock_ms, clock_offset_ms: 0, persist: None, replay_time: None };
    if let Some(path) = &options.state_file {
        let (persist, world, entries) = Persist::open(path)?;
        if let Some(world) = world {
            core.world = world;
        }
        for entry in entries {
            core.replay_time = Some(entry.t);
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| replay(&mut core, &entry)));
        }
        core.replay_time = None;
        core.persist = Some(persist);
    }
    let seed = options.faults.seed;
    let shared = Arc::new(Shared {
        core: Mutex::new(core),
        faults: Mutex::new((options.faults.clone(), Rng::new(seed))),
        stats: Mutex::new(Stats::default()),
        rate_window: Mutex::new((0, 0)),
        canned: Mutex::new(Vec::new()),
        options,
    });
    let handler_shared = shared.clone();
    let http = HttpServer::start(listen, Arc::new(move |req: &HttpRequest| handle(&handler_shared, req)))?;
    Ok(SimServer { addr: http.addr, shared, http: Some(http) })
}

fn replay(core: &mut Core, entry: &JournalEntry) {
    let now = entry.t;
    if let Some(control) = entry.op.strip_prefix("_sim/") {
        let _ = control::apply_mutation(core, control, &entry.body, now);
        return;
    }
    let Some(idx) = core.world.account_by_name(Some(&entry.account)) else { return };
    let mut ctx = Ctx { now, source_app: String::new(), replaying: true };
    ops::execute(&mut core.world.accounts[idx], &entry.op, &entry.body, &mut ctx);
}

// ------------------------------------------------------------------ request handling

fn cors_preflight(req: &HttpRequest) -> Reply {
    let allow_headers = req.header("Access-Control-Request-Headers").unwrap_or("Content-Type").to_string();
    Reply::Respond {
        status: 204,
        content_type: "text/plain",
        body: Vec::new(),
        headers: vec![
            ("Access-Control-Allow-Methods".into(), "GET, POST, OPTIONS".into()),
            ("Access-Control-Allow-Headers".into(), allow_headers),
            ("Access-Control-Max-Age".into(), "86400".into()),
        ],
    }
}

fn envelope_reply(e: &ApiError) -> Reply {
    Reply::json(200, &ops::error_envelope(e))
}

fn handle(shared: &Shared, req: &HttpRequest) -> Reply {
    if req.method == "OPTIONS" {
        return cors_preflight(req);
    }
    let path = req.path.trim_end_matches('/');
    if let Some(rest) = path.strip_prefix("/_sim") {
        lock(&shared.stats).control_requests += 1;
        return control::handle(shared, req, rest.trim_start_matches('/'));
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if !segments.first().is_some_and(|s| s.eq_ignore_ascii_case("v2017a")) {
        return Reply::json(404, &json!({"ResponseStatus": {"ErrorCode": "404", "Message": format!("No route for {}; the API lives under /v2017a/", req.path)}, "InternalErrorCode": "RouteNotFound"}));
    }
    let op_name = match segments.as_slice() {
        // Reachability check (the plugin's connectivity probe): answered, but faults apply.
        [_, j, r] if j.eq_ignore_ascii_case("json") && r.eq_ignore_ascii_case("reply") => None,
        [_] => None,
        [_, j, r, op] if j.eq_ignore_ascii_case("json") && r.eq_ignore_ascii_case("reply") => Some(op.to_string()),
        [_, _entity, op] => Some(op.to_string()),
        _ => {
            return Reply::json(404, &json!({"ResponseStatus": {"ErrorCode": "404", "Message": format!("No route for {}", req.path)}, "InternalErrorCode": "RouteNotFound"}));
        }
    };
    api_request(shared, req, op_name.as_deref())
}

enum Planned {
    None,
    Http5xx,
    Timeout(u64),
    Envelope,
}

fn count_fault(shared: &Shared, kind: &str) {
    *lock(&shared.stats).faults_injected.entry(kind.to_string()).or_insert(0) += 1;
}

fn rate_limited(shared: &Shared, limit: Option<u32>) -> bool {
    let Some(limit) = limit else { return false };
    let second = wall_ms() / 1000;
    let mut w = lock(&shared.rate_window);
    if w.0 != second {
        *w = (second, 0);
    }
    w.1 += 1;
    w.1 > limit
}

fn http_5xx() -> Reply {
    Reply::Respond {
        status: 502,
        content_type: "text/html; charset=utf-8",
        body: b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>injected by megaventory-sim</p></body></html>".to_vec(),
        headers: Vec::new(),
    }
}

/// One request under `/v2017a/`: faults, then the operation (`None` = reachability probe).
fn api_request(shared: &Shared, req: &HttpRequest, op_name: Option<&str>) -> Reply {
    let canonical = op_name.and_then(ops::resolve);
    let stat_name = match op_name {
        None => "(reachability)",
        Some(_) => canonical.unwrap_or("(unknown)"),
    }
    .to_string();
    {
        let mut stats = lock(&shared.stats);
        stats.requests_total += 1;
        *stats.requests_per_operation.entry(stat_name.clone()).or_insert(0) += 1;
    }
    // A canned answer wins over faults: the test asked for exactly this reply.
    if let Some(op) = canonical {
        let taken = canned::take(&mut lock(&shared.canned), op, req);
        if let Some((reply, after_apply)) = taken {
            count_fault(shared, "canned_answer");
            if after_apply {
                process(shared, req, op_name.unwrap_or(op), canonical);
            }
            return reply;
        }
    }
    let limit = lock(&shared.faults).0.rate_limit_per_sec;
    if rate_limited(shared, limit) {
        count_fault(shared, "rate_limited");
        return Reply::Respond {
            status: 429,
            content_type: "text/plain; charset=utf-8",
            body: b"Too Many Requests (rate limit injected by megaventory-sim)".to_vec(),
            headers: vec![("Retry-After".into(), "1".into())],
        };
    }
    // Faults are decided up front with the seeded RNG.
    let (faults, planned, delay) = {
        let mut guard = lock(&shared.faults);
        let (faults, rng) = &mut *guard;
        let faults = faults.clone();
        let jitter = if faults.jitter_ms > 0 { rng.next_u64() % (faults.jitter_ms + 1) } else { 0 };
        let planned = if faults.timeout_rate > 0.0 && rng.next_f64() < faults.timeout_rate {
            Planned::Timeout(faults.timeout_ms)
        } else if faults.http_5xx_rate > 0.0 && rng.next_f64() < faults.http_5xx_rate {
            Planned::Http5xx
        } else if faults.envelope_error_rate > 0.0 && rng.next_f64() < faults.envelope_error_rate {
            Planned::Envelope
        } else {
            Planned::None
        };
        (faults.clone(), planned, faults.latency_ms + jitter)
    };
    if delay > 0 {
        count_fault(shared, "latency");
        std::thread::sleep(Duration::from_millis(delay));
    }
    let fail_now = |p: &Planned| -> Option<Reply> {
        match p {
            Planned::Http5xx => {
                count_fault(shared, "http_5xx");
                Some(http_5xx())
            }
            Planned::Timeout(ms) => {
                count_fault(shared, "timeout");
                Some(Reply::Hang(Duration::from_millis(*ms)))
            }
            Planned::Envelope => {
                count_fault(shared, "envelope_error");
                Some(envelope_reply(&ApiError::with("InjectedFault", 0, "Injected fault: simulated Megaventory internal error (nothing was applied)")))
            }
            Planned::None => None,
        }
    };
    let applies_first = faults.fail_after_apply && matches!(planned, Planned::Http5xx | Planned::Timeout(_));
    if !applies_first {
        if let Some(r) = fail_now(&planned) {
            return r;
        }
    }
    let body = match op_name {
        None => json!({"ResponseStatus": {"ErrorCode": "0", "Message": "Megaventory simulator API v2017a"}, "Operations": ops::OPERATIONS}),
        Some(name) => process(shared, req, name, canonical),
    };
    if body["ResponseStatus"]["ErrorCode"] != "0" {
        let mut stats = lock(&shared.stats);
        stats.errors_returned += 1;
        *stats.errors_per_operation.entry(stat_name).or_insert(0) += 1;
    }
    if applies_first {
        if let Some(r) = fail_now(&planned) {
            return r;
        }
    }
    Reply::json(200, &body)
}

/// Parses, authenticates and executes one API request; returns the envelope.
fn process(shared: &Shared, req: &HttpRequest, op_name: &str, canonical: Option<&'static str>) -> Value {
    let Some(op) = canonical else {
        return ops::error_envelope(&ApiError::with("UnknownOperation", 0, format!("Unknown operation '{}': no such Megaventory API operation", truncate(op_name, 80))));
    };
    if req.body_too_large {
        return ops::error_envelope(&ApiError::with("RequestTooLarge", 0, format!("{op}: the request body exceeds {} bytes", http::MAX_BODY_BYTES)));
    }
    let mut body = if req.method == "GET" {
        if !ops::is_read_only(op) {
            return ops::error_envelope(&ApiError::with("MethodNotAllowed", 0, format!("{op} accepts POST only")));
        }
        lenient::query_to_json(&req.query)
    } else if req.body.iter().all(|b| b.is_ascii_whitespace()) {
        json!({})
    } else {
        let form = req.header("Content-Type").is_some_and(|t| t.to_ascii_lowercase().contains("application/x-www-form-urlencoded"));
        match serde_json::from_slice::<Value>(&req.body) {
            Ok(v @ Value::Object(_)) => v,
            // ServiceStack also takes form posts (old plugins sent the request as form fields).
            Err(_) if form => lenient::query_to_json(&String::from_utf8_lossy(&req.body)),
            Ok(_) => return ops::error_envelope(&ApiError::with("InvalidRequest", 0, format!("{op}: the request body must be a JSON object"))),
            Err(e) => return ops::error_envelope(&ApiError::with("InvalidRequest", 0, format!("{op}: the request body is not valid JSON ({e})"))),
        }
    };
    // APIKEY may also come in the query string (older plugins, GET requests).
    if req.method != "GET" && !req.query.is_empty() {
        if let (Value::Object(q), Value::Object(b)) = (lenient::query_to_json(&req.query), &mut body) {
            for (k, v) in q {
                if !b.keys().any(|bk| bk.eq_ignore_ascii_case(&k)) {
                    b.insert(k, v);
                }
            }
        }
    }
    let mut body = lenient::fold_case(body);
    let key = match body.as_object_mut().and_then(|m| m.remove("apikey")) {
        Some(Value::String(k)) if !k.trim().is_empty() => k.trim().to_string(),
        _ => return ops::error_envelope(&ApiError::with("APIKeyMissing", 0, format!("{op}: APIKEY is required"))),
    };
    let mut core = lock(&shared.core);
    let core = &mut *core;
    let Some(idx) = core.world.account_by_key(&key) else {
        return json!({"ResponseStatus": {"ErrorCode": "401", "Message": "Invalid API Key"}, "InternalErrorCode": "InvalidAPIKey"});
    };
    let now = core.now();
    let account = &mut core.world.accounts[idx];
    if account.config.expired {
        return ops::error_envelope(&ApiError::with("AccountExpired", 0, "Your Account has expired. Please renew your subscription to continue using the API."));
    }
    let name = account.config.display_name();
    let mut ctx = Ctx { now, source_app: String::new(), replaying: false };
    let result = ops::execute(account, op, &body, &mut ctx);
    if !ops::is_read_only(op) {
        core.journal(&name, op, &body, now);
    }
    result
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}
