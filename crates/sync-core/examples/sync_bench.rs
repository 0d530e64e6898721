//! Initial-sync throughput (issue 7 §1): products, clients and the quantity push, each against
//! its own megaventory-sim with added latency, through the real engine and Megaventory client
//! (WooCommerce is the in-memory `MemoryShop`, so only the Megaventory side costs time).
//!
//! ```sh
//! cargo run -p sync-core --profile native --features testing --example sync_bench -- [--quick] [--out FILE.md] [--only ENTITY/CONFIG]
//! ```
//! * Our engine at concurrency 1, 2, 4, 8 (the default of `SyncConfig`) and 16, and an
//!   incumbent-like baseline written here with the client directly (one call at a time, the
//!   incumbent's per-item calls; see `incumbent_*`).
//! * bound = Megaventory calls × latency ÷ concurrency: what a run would take if it did
//!   nothing but wait for its calls, `concurrency` at a time.
//! * Every configuration runs at the same time as the others, each in its own thread against
//!   its own simulator: the simulator sleeps the latency in the thread of each connection and
//!   the native transport sends each call from its own thread, so runs only share CPU, which
//!   these latency-bound runs barely use. A quantity run alone first gives a cross-check.
//! * The slowest configurations (concurrency 1 and the baseline, products and clients) run on
//!   a deterministic prefix of the same shop and are reported as rates, marked "sampled".
//! * `--only products/8` (or `clients/incumbent`, `quantity/16`, …) runs one configuration
//!   alone, to compare with its figure from a parallel run.

use futures::executor::block_on;
use megaventory::model::{Document, DocumentRow, DocumentStatus, ProductCategory};
use megaventory::request::{
    DocumentUpdate, InventoryLocationGet, InventoryLocationStockGet, ProductCategoryGet,
    ProductCategoryUpdate, ProductUpdate, SupplierClientGet, SupplierClientUpdate,
};
use megaventory::transport::native::NativeTransport;
use megaventory::{ApiKey, CallOutcome, Client, Decimal, Endpoint, RetryPolicy};
use megaventory_sim::{Faults, SimOptions, SimServer};
use std::cell::Cell;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::ops::RangeInclusive;
use std::rc::Rc;
use std::sync::Barrier;
use std::time::Instant;
use sync_core::engine::imports::{ImportKind, ImportReport};
use sync_core::mapping::client::map_customer;
use sync_core::mapping::product::{map_family, FamilyPlan, ProductFamily};
use sync_core::testing::MemoryShop;
use sync_core::woo::Customer;
use sync_core::{Engine, LinkKind, SyncConfig, WooSide};

const VARIABLE_SHARE: f64 = 0.3;
const VARIATIONS: RangeInclusive<usize> = 3..=5;
const CONCURRENCIES: [usize; 5] = [1, 2, 4, 8, 16];
const BOUND_TARGET: f64 = 1.3;
const BASELINE_TARGET: f64 = 10.0;
/// The incumbent's quantity push: products per request (one stock lookup each) and the rows
/// it collects before it writes an adjustment document (reference-plugin.md §6.2 (4)).
const INCUMBENT_STOCK_BATCH: usize = 20;
const INCUMBENT_ROWS_PER_DOCUMENT: usize = 40;
const SOURCE: &str = "woocommerce";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Entity {
    Products,
    Clients,
    Quantity,
}

impl Entity {
    const ALL: [Entity; 3] = [Entity::Products, Entity::Clients, Entity::Quantity];

    fn key(self) -> &'static str {
        match self {
            Entity::Products => "products",
            Entity::Clients => "clients",
            Entity::Quantity => "quantity",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Runner {
    Engine(usize),
    Incumbent,
}

impl Runner {
    fn label(self) -> String {
        match self {
            Runner::Engine(c) if c == SyncConfig::default().concurrency => {
                format!("ours, concurrency {c} (default)")
            }
            Runner::Engine(c) => format!("ours, concurrency {c}"),
            Runner::Incumbent => "incumbent-like baseline (sequential)".into(),
        }
    }

    fn key(self) -> String {
        match self {
            Runner::Engine(c) => c.to_string(),
            Runner::Incumbent => "incumbent".into(),
        }
    }

    fn concurrency(self) -> usize {
        match self {
            Runner::Engine(c) => c,
            Runner::Incumbent => 1,
        }
    }
}

#[derive(Clone, Debug)]
struct Plan {
    entity: Entity,
    runner: Runner,
    /// WooCommerce products or customers in this run's shop.
    items: usize,
    /// Of how many in the full-size shop (differs when sampled).
    full_items: usize,
}

impl Plan {
    fn sampled(&self) -> bool {
        self.items < self.full_items
    }
}

#[derive(Clone, Debug)]
struct Measured {
    plan: Plan,
    /// Megaventory records the items stand for: simple products + variations, clients, or
    /// stock-managed simple products + variations.
    records: usize,
    calls: u64,
    retries: u64,
    /// Mean time of one HTTP attempt as the client saw it (latency + simulator + transport).
    mean_call_ms: f64,
    /// Attempts and mean time per Megaventory operation.
    operations: String,
    seconds: f64,
    failed: u64,
    /// Something the run did not do as expected (printed; the figures may not be comparable).
    problem: Option<String>,
}

impl Measured {
    fn per_second(&self) -> f64 {
        self.plan.items as f64 / self.seconds
    }

    fn bound_seconds(&self, latency_ms: u64) -> f64 {
        self.calls as f64 * latency_ms as f64 / 1000.0 / self.plan.runner.concurrency() as f64
    }
}

struct Settings {
    quick: bool,
    out: Option<String>,
    only: Option<String>,
    latency_ms: u64,
    full_items: usize,
    sample_items: usize,
}

fn parse_args() -> Result<Settings, String> {
    let mut quick = false;
    let mut out = None;
    let mut only = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => quick = true,
            "--out" => out = Some(args.next().ok_or("--out needs a file name")?),
            "--only" => only = Some(args.next().ok_or("--only needs ENTITY/CONFIG")?),
            other => {
                return Err(format!(
                "unknown argument {other:?}; use [--quick] [--out FILE.md] [--only ENTITY/CONFIG]"
            ))
            }
        }
    }
    Ok(if quick {
        Settings {
            quick,
            out,
            only,
            latency_ms: 20,
            full_items: 1_000,
            sample_items: 200,
        }
    } else {
        Settings {
            quick,
            out,
            only,
            latency_ms: 50,
            full_items: 10_000,
            sample_items: 1_000,
        }
    })
}

fn plans(settings: &Settings) -> Vec<Plan> {
    let mut plans = Vec::new();
    for entity in Entity::ALL {
        let runners = CONCURRENCIES
            .iter()
            .map(|c| Runner::Engine(*c))
            .chain(std::iter::once(Runner::Incumbent));
        for runner in runners {
            // Sequential product and client runs would take 15–30 min at full size.
            let slow = entity != Entity::Quantity && runner.concurrency() == 1;
            plans.push(Plan {
                entity,
                runner,
                items: if slow {
                    settings.sample_items
                } else {
                    settings.full_items
                },
                full_items: settings.full_items,
            });
        }
    }
    plans
}

fn start_sim(latency_ms: u64) -> Result<SimServer, String> {
    megaventory_sim::start(
        "127.0.0.1:0",
        SimOptions {
            faults: Faults {
                latency_ms,
                ..Faults::default()
            },
            ..SimOptions::default()
        },
    )
    .map_err(|e| format!("the simulator did not start: {e}"))
}

/// `POST /_sim/faults` on the simulator (the whole fault set: omitted faults are off).
fn set_latency(sim: &SimServer, latency_ms: u64) -> Result<(), String> {
    let body = format!("{{\"latency_ms\":{latency_ms}}}");
    let mut stream =
        TcpStream::connect(sim.local_addr()).map_err(|e| format!("simulator control: {e}"))?;
    write!(
        stream,
        "POST /_sim/faults HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        sim.local_addr(),
        body.len()
    )
    .map_err(|e| format!("simulator control: {e}"))?;
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .map_err(|e| format!("simulator control: {e}"))?;
    if answer.starts_with("HTTP/1.1 200") {
        Ok(())
    } else {
        Err(format!(
            "simulator control refused the latency: {}",
            answer.lines().next().unwrap_or("")
        ))
    }
}

#[derive(Default)]
struct CallCounters {
    calls: Cell<u64>,
    retries: Cell<u64>,
    busy_micros: Cell<u64>,
    /// Operation → (attempts, microseconds).
    per_operation: std::cell::RefCell<std::collections::BTreeMap<String, (u64, u64)>>,
}

impl CallCounters {
    fn reset(&self) {
        self.calls.set(0);
        self.retries.set(0);
        self.busy_micros.set(0);
        self.per_operation.borrow_mut().clear();
    }

    /// "ProductUpdate 19,000 × 52.3 ms, …", most frequent first.
    fn per_operation_summary(&self) -> String {
        let mut ops: Vec<(String, (u64, u64))> = self
            .per_operation
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        ops.sort_by_key(|(_, (attempts, _))| std::cmp::Reverse(*attempts));
        ops.iter()
            .map(|(op, (n, micros))| {
                format!(
                    "{op} {} × {:.1} ms",
                    fmt_int(*n),
                    *micros as f64 / 1000.0 / (*n).max(1) as f64
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A client that counts HTTP attempts, retries and the time spent in them.
fn counting_client(sim: &SimServer, counters: &Rc<CallCounters>) -> Client<NativeTransport> {
    let counters = counters.clone();
    Client::new(
        NativeTransport::new(Endpoint::direct(sim.base_url())),
        Some(ApiKey::new("demo@m1").expect("a valid demo key")),
        RetryPolicy::default(),
    )
    .with_observer(move |event| {
        if matches!(
            event.outcome,
            CallOutcome::RecoveredByLookup | CallOutcome::LookupFoundNothing
        ) {
            return;
        }
        if matches!(event.outcome, CallOutcome::WillRetry { .. }) {
            counters.retries.set(counters.retries.get() + 1);
        }
        counters.calls.set(counters.calls.get() + 1);
        let micros = event.duration.as_micros() as u64;
        counters
            .busy_micros
            .set(counters.busy_micros.get() + micros);
        let mut per_operation = counters.per_operation.borrow_mut();
        let entry = per_operation
            .entry(event.operation.to_string())
            .or_default();
        entry.0 += 1;
        entry.1 += micros;
    })
}

fn product_shop(items: usize) -> MemoryShop {
    MemoryShop::generated_mix(items, VARIABLE_SHARE, VARIATIONS)
}

fn all_families(shop: &MemoryShop, items: usize) -> Vec<ProductFamily> {
    block_on(shop.products_page(1, items.max(1) as u32))
        .map(|p| p.items)
        .unwrap_or_default()
}

/// Simple products + variations, which is what both sides send one by one.
fn product_records(families: &[ProductFamily]) -> usize {
    families.iter().map(|f| f.variations.len().max(1)).sum()
}

fn engine_config(concurrency: usize) -> SyncConfig {
    SyncConfig {
        concurrency,
        ..SyncConfig::default()
    }
}

fn check_report(report: &ImportReport, expected_done: usize) -> Option<String> {
    if report.failed > 0 || report.done != expected_done as u64 {
        Some(format!(
            "{}: done {} of {expected_done}, failed {}{}",
            report.job,
            report.done,
            report.failed,
            report
                .errors
                .first()
                .map(|e| format!(" (first error: {e})"))
                .unwrap_or_default()
        ))
    } else {
        None
    }
}

/// Runs one configuration: untimed setup, `ready.wait()`, then the timed part.
fn run(plan: &Plan, latency_ms: u64, ready: &Barrier) -> Result<Measured, String> {
    // Quantity needs linked products: they are imported without latency before the barrier.
    let setup_latency = if plan.entity == Entity::Quantity {
        0
    } else {
        latency_ms
    };
    let sim = match start_sim(setup_latency) {
        Ok(sim) => sim,
        Err(e) => {
            ready.wait();
            return Err(e);
        }
    };
    let counters = Rc::new(CallCounters::default());
    let client = counting_client(&sim, &counters);
    let shop = match plan.entity {
        Entity::Clients => {
            let shop = MemoryShop::new();
            shop.add_generated_customers(plan.items);
            shop
        }
        _ => product_shop(plan.items),
    };
    let families = all_families(&shop, plan.items);
    let mut setup_problem = None;
    let mut location = 0;
    if plan.entity == Entity::Quantity {
        let config = engine_config(16);
        let linking =
            block_on(Engine::new(&shop, &client, &config).run_import(ImportKind::Products));
        setup_problem = match linking {
            Ok(report) => check_report(&report, plan.items).map(|p| format!("linking: {p}")),
            Err(e) => Some(format!("linking the products failed: {e:?}")),
        };
        if plan.runner == Runner::Incumbent {
            // The incumbent's default location was chosen at its initialization.
            location = block_on(client.call(&InventoryLocationGet::all()))
                .ok()
                .and_then(|a| {
                    a.locations
                        .iter()
                        .filter_map(|l| l.inventory_location_id)
                        .min()
                })
                .unwrap_or(0);
        }
        if let Err(e) = set_latency(&sim, latency_ms) {
            setup_problem.get_or_insert(e);
        }
    }
    ready.wait();
    if let Some(problem) = setup_problem {
        return Err(problem);
    }
    counters.reset();
    let started = Instant::now();
    let (records, failed, problem) = match (plan.entity, plan.runner) {
        (entity, Runner::Engine(concurrency)) => {
            let config = engine_config(concurrency);
            let engine = Engine::new(&shop, &client, &config);
            let kind = match entity {
                Entity::Products => ImportKind::Products,
                Entity::Clients => ImportKind::Clients,
                Entity::Quantity => ImportKind::QuantityToMegaventory {
                    location_id: None,
                    approve: false,
                },
            };
            let records = match entity {
                Entity::Clients => plan.items,
                _ => product_records(&families),
            };
            match block_on(engine.run_import(kind)) {
                Ok(report) => (records, report.failed, check_report(&report, plan.items)),
                Err(e) => (
                    records,
                    plan.items as u64,
                    Some(format!("the import stopped: {e:?}")),
                ),
            }
        }
        (Entity::Products, Runner::Incumbent) => incumbent_products(&client, &shop, &families),
        (Entity::Clients, Runner::Incumbent) => {
            let customers = block_on(shop.customers_page(1, plan.items.max(1) as u32))
                .map(|p| p.items)
                .unwrap_or_default();
            incumbent_clients(&client, &customers)
        }
        (Entity::Quantity, Runner::Incumbent) => {
            incumbent_quantity(&client, &shop, &families, location)
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    sim.shutdown();
    Ok(Measured {
        plan: plan.clone(),
        records,
        calls: counters.calls.get(),
        retries: counters.retries.get(),
        operations: counters.per_operation_summary(),
        mean_call_ms: counters.busy_micros.get() as f64
            / 1000.0
            / counters.calls.get().max(1) as f64,
        seconds,
        failed,
        problem,
    })
}

/// Bulk product push as the incumbent does it (reference-plugin.md §6.2 (1), §7.2 1): simple
/// products and variations one at a time, each preceded by the whole category list
/// (`ProductCategoryGet`), the category created when missing, then `ProductUpdate`
/// (InsertOrUpdateNonEmptyFields, matched by SKU). Returns (records, failed, problem).
fn incumbent_products(
    client: &Client<NativeTransport>,
    shop: &MemoryShop,
    families: &[ProductFamily],
) -> (usize, u64, Option<String>) {
    let categories = block_on(shop.categories()).unwrap_or_default();
    let mut records = 0;
    let mut failed = 0u64;
    let mut first_error = None;
    for family in families {
        let FamilyPlan::Items(items) = map_family(family, &categories) else {
            continue;
        };
        for mapped in items.into_iter().flatten().map(|m| m.value) {
            records += 1;
            let sent = block_on(async {
                let list = client.call(&ProductCategoryGet::all()).await?;
                let wanted = mapped.category.as_deref().map(|p| p.trim().to_lowercase());
                let mut category_id = None;
                if let Some(wanted) = &wanted {
                    category_id = list.categories.iter().find_map(|c| {
                        (c.product_category_name.as_deref()?.trim().to_lowercase() == *wanted)
                            .then_some(c.product_category_id?)
                    });
                    if category_id.is_none() {
                        let created = client
                            .call(
                                &ProductCategoryUpdate::insert(ProductCategory {
                                    product_category_name: mapped.category.clone(),
                                    ..ProductCategory::default()
                                })
                                .source_application(SOURCE),
                            )
                            .await?;
                        category_id = created
                            .entity_id
                            .or(created.category.and_then(|c| c.product_category_id));
                    }
                }
                client
                    .call(
                        &ProductUpdate::insert_or_update_non_empty_fields(mapped.to_mv(
                            category_id,
                            None,
                            true,
                        ))
                        .source_application(SOURCE),
                    )
                    .await
                    .map(|_| ())
            });
            if let Err(e) = sent {
                failed += 1;
                first_error.get_or_insert(format!("product {}: {e}", mapped.sku()));
            }
        }
    }
    (records, failed, first_error)
}

/// Bulk client push as the incumbent does it (reference-plugin.md §6.2 (2), §4.2): one customer
/// at a time, `SupplierClientGet` by its stored id (none yet: the lookup finds nothing), then
/// `SupplierClientUpdate` (InsertOrUpdateNonEmptyFields).
fn incumbent_clients(
    client: &Client<NativeTransport>,
    customers: &[Customer],
) -> (usize, u64, Option<String>) {
    let mut failed = 0u64;
    let mut first_error = None;
    for customer in customers {
        let sent = block_on(async {
            let mapped = map_customer(customer).map_err(|e| e.to_string())?;
            client
                .call(&SupplierClientGet::by_id(0))
                .await
                .map_err(|e| e.to_string())?;
            client
                .call(&SupplierClientUpdate::insert_or_update_non_empty_fields(
                    mapped.value,
                ))
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        });
        if let Err(e) = sent {
            failed += 1;
            first_error.get_or_insert(format!("customer {}: {e}", customer.id));
        }
    }
    (customers.len(), failed, first_error)
}

/// Quantity push as the incumbent does it (reference-plugin.md §6.2 (4), §1 row 11), Pending:
/// per 20 products one `InventoryLocationStockGet` (OR filters on the ids), diff =
/// max(WooCommerce stock, 0) − physical total, rows collected per sign until 40, then one
/// `DocumentUpdate` insert per sign (and the remainder at the end).
fn incumbent_quantity(
    client: &Client<NativeTransport>,
    shop: &MemoryShop,
    families: &[ProductFamily],
    location: i64,
) -> (usize, u64, Option<String>) {
    let items: Vec<(i64, String, i64)> = families
        .iter()
        .flat_map(|f| {
            let simple = f.variations.is_empty().then(|| {
                (
                    f.product.id,
                    f.product.sku.clone(),
                    f.product.stock_quantity,
                )
            });
            simple.into_iter().chain(
                f.variations
                    .iter()
                    .map(|v| (v.id, v.sku.clone(), v.stock_quantity)),
            )
        })
        .filter_map(|(wc_id, sku, stock)| {
            Some((shop.link(LinkKind::Product, wc_id)?.mv_id, sku, stock?))
        })
        .collect();
    let mut failed = 0u64;
    let mut first_error = None;
    let mut pending: [Vec<DocumentRow>; 2] = [Vec::new(), Vec::new()];
    let mut documents = 0;
    let mut flush = |rows: &mut Vec<DocumentRow>,
                     plus: bool,
                     failed: &mut u64,
                     first_error: &mut Option<String>| {
        if rows.is_empty() {
            return;
        }
        documents += 1;
        let document = Document::adjustment(
            plus,
            location,
            DocumentStatus::Pending,
            format!("incumbent-like-{documents}"),
            std::mem::take(rows),
        );
        if let Err(e) =
            block_on(client.call(&DocumentUpdate::insert(document).source_application(SOURCE)))
        {
            *failed += 1;
            first_error.get_or_insert(format!("adjustment document: {e}"));
        }
    };
    for chunk in items.chunks(INCUMBENT_STOCK_BATCH) {
        let ids: Vec<i64> = chunk.iter().map(|i| i.0).collect();
        match block_on(client.call(&InventoryLocationStockGet::for_products(&ids))) {
            Ok(answer) => {
                for (mv_id, sku, stock) in chunk {
                    let physical = answer
                        .stock
                        .iter()
                        .find(|s| s.product_id == *mv_id)
                        .map(|s| s.stock_physical_total.to_f64_lossy())
                        .unwrap_or(0.0);
                    let diff = (*stock).max(0) - physical.round() as i64;
                    if diff != 0 {
                        pending[(diff < 0) as usize]
                            .push(DocumentRow::new(sku.clone(), Decimal::from(diff.abs())));
                    }
                }
            }
            Err(e) => {
                failed += chunk.len() as u64;
                first_error.get_or_insert(format!("stock lookup: {e}"));
            }
        }
        for (index, rows) in pending.iter_mut().enumerate() {
            if rows.len() >= INCUMBENT_ROWS_PER_DOCUMENT {
                flush(rows, index == 0, &mut failed, &mut first_error);
            }
        }
    }
    for (index, rows) in pending.iter_mut().enumerate() {
        flush(rows, index == 0, &mut failed, &mut first_error);
    }
    (items.len(), failed, first_error)
}

fn fmt_int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        #[allow(clippy::manual_is_multiple_of)] // is_multiple_of is newer than rust-version 1.80
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn mark(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "MISSED"
    }
}

fn entity_heading(entity: Entity, settings: &Settings) -> String {
    let n = fmt_int(settings.full_items as u64);
    match entity {
        Entity::Products => format!(
            "Products: {n} WooCommerce products, {:.0} % variable with {}–{} variations each; items = WooCommerce products, MV records = simple products + variations (each one `ProductUpdate`)",
            VARIABLE_SHARE * 100.0,
            VARIATIONS.start(),
            VARIATIONS.end()
        ),
        Entity::Clients => format!("Clients: {n} WooCommerce customers → Megaventory clients"),
        Entity::Quantity => format!(
            "Quantity: WooCommerce → Megaventory stock of {n} products (same mix; linked beforehand, untimed), Pending adjustment documents; MV records = stock-managed simple products + variations"
        ),
    }
}

fn table(entity: Entity, rows: &[&Measured], settings: &Settings) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### {}\n", entity_heading(entity, settings));
    let _ = writeln!(out, "| config | items | MV records | calls | seconds | items/s | bound s | measured ÷ bound | bound ÷ measured | mean call ms | target | met? |");
    let _ = writeln!(
        out,
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
    );
    for m in rows.iter() {
        let bound = m.bound_seconds(settings.latency_ms);
        let items = if m.plan.sampled() {
            format!(
                "{} of {} (sampled)",
                fmt_int(m.plan.items as u64),
                fmt_int(m.plan.full_items as u64)
            )
        } else {
            fmt_int(m.plan.items as u64)
        };
        let items = if m.failed > 0 {
            format!("{items}, {} failed", m.failed)
        } else {
            items
        };
        let (target, met) = match m.plan.runner {
            Runner::Engine(_) => (
                format!("measured ≤ {BOUND_TARGET}× bound"),
                mark(m.seconds / bound <= BOUND_TARGET).to_string(),
            ),
            Runner::Incumbent => ("— (reference)".to_string(), "—".to_string()),
        };
        let mut calls = fmt_int(m.calls);
        if m.retries > 0 {
            let _ = write!(calls, " ({} retries)", m.retries);
        }
        let _ = writeln!(
            out,
            "| {} | {items} | {} | {calls} | {:.1} | {:.1} | {:.1} | {:.2} | {:.2} | {:.1} | {target} | {met} |",
            m.plan.runner.label(),
            fmt_int(m.records as u64),
            m.seconds,
            m.per_second(),
            bound,
            m.seconds / bound,
            bound / m.seconds,
            m.mean_call_ms,
        );
    }
    let _ = writeln!(out);
    for m in rows.iter().filter(|m| {
        matches!(m.plan.runner, Runner::Incumbent)
            || m.plan.runner == Runner::Engine(SyncConfig::default().concurrency)
    }) {
        let _ = writeln!(
            out,
            "- calls of {}: {}",
            m.plan.runner.label(),
            m.operations
        );
    }
    out
}

fn summary(results: &[Measured], settings: &Settings) -> String {
    let mut out = String::new();
    let default = SyncConfig::default().concurrency;
    let _ = writeln!(out, "| entity | ours (concurrency {default}, default) items/s | incumbent-like items/s | ours ÷ incumbent-like | target | met? | ours measured ÷ bound | target | met? |");
    let _ = writeln!(out, "|---|---:|---:|---:|---|---|---:|---|---|");
    for entity in Entity::ALL {
        let find = |runner| {
            results
                .iter()
                .find(|m| m.plan.entity == entity && m.plan.runner == runner)
        };
        let (Some(ours), Some(base)) = (find(Runner::Engine(default)), find(Runner::Incumbent))
        else {
            continue;
        };
        let ratio = ours.per_second() / base.per_second();
        let to_bound = ours.seconds / ours.bound_seconds(settings.latency_ms);
        let _ = writeln!(
            out,
            "| {} | {:.1} | {:.1} | {ratio:.1}× | ≥ {BASELINE_TARGET}× | {} | {to_bound:.2} | ≤ {BOUND_TARGET}× | {} |",
            entity.key(),
            ours.per_second(),
            base.per_second(),
            mark(ratio >= BASELINE_TARGET),
            mark(to_bound <= BOUND_TARGET),
        );
    }
    out
}

fn fragment(
    results: &[Measured],
    solo: Option<&Measured>,
    settings: &Settings,
    wall: f64,
    load: &str,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Initial synchronization throughput\n");
    if settings.quick {
        let _ = writeln!(out, "**Quick run** ({} items, {} ms latency): figures are indicative only; the issue's figures come from the full run.\n", fmt_int(settings.full_items as u64), settings.latency_ms);
    }
    let _ = writeln!(
        out,
        "Initial product, client and quantity synchronization through the real sync engine (`sync-core` imports) and the real Megaventory client over HTTP against `megaventory-sim` with {} ms added latency per call. \
Narrower harness: WooCommerce is the in-memory `MemoryShop` (no WordPress), so the figures are what the Megaventory side allows. \
bound = calls × latency ÷ concurrency. The incumbent-like baseline is written in the benchmark with the client directly: one item at a time with the incumbent's per-item calls \
(products: `ProductCategoryGet` of the whole list before each simple product or variation, then `ProductUpdate`; clients: `SupplierClientGet` then `SupplierClientUpdate`; \
quantity: one `InventoryLocationStockGet` per 20 products, one adjustment document per 40 rows and sign). \
Its AJAX round trip to WordPress per 3 products is not modelled, which only flatters the baseline.\n",
        settings.latency_ms
    );
    let _ = writeln!(
        out,
        "Each configuration runs in its own thread against its own simulator (the simulator sleeps the latency in each connection's thread and the client sends each call from its own thread, so runs do not queue behind each other; they only share CPU). \
The light configurations (concurrency 1 and 2, the baselines) run through the whole benchmark while the others run after them in groups: each entity at the default concurrency alone, then concurrency 4 and 16 together. \
Wall time {wall:.0} s on this machine ({} CPUs, shared; load average {load}). \
Sampled rows ran on the first {} items of the same deterministic shop and are compared as rates. \
\"mean call ms\" is the mean time of one HTTP attempt as the client saw it: above the latency it is simulator and CPU time, which the bound does not count.\n",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        fmt_int(settings.sample_items as u64),
    );
    let _ = writeln!(out, "### Summary\n");
    out.push_str(&summary(results, settings));
    out.push('\n');
    for entity in Entity::ALL {
        let rows: Vec<&Measured> = results.iter().filter(|m| m.plan.entity == entity).collect();
        if !rows.is_empty() {
            out.push_str(&table(entity, &rows, settings));
            out.push('\n');
        }
    }
    if let Some(solo) = solo {
        if let Some(parallel) = results
            .iter()
            .find(|m| m.plan.entity == solo.plan.entity && m.plan.runner == solo.plan.runner)
        {
            let _ = writeln!(
                out,
                "Cross-check of the parallel setup: {} {} took {:.2} s alone before everything else and {:.2} s in its group (×{:.2}).\n",
                solo.plan.entity.key(),
                solo.plan.runner.label(),
                solo.seconds,
                parallel.seconds,
                parallel.seconds / solo.seconds
            );
        }
    }
    let problems: Vec<String> = results
        .iter()
        .chain(solo)
        .filter_map(|m| {
            Some(format!(
                "{} / {}: {}",
                m.plan.entity.key(),
                m.plan.runner.label(),
                m.problem.as_ref()?
            ))
        })
        .collect();
    if !problems.is_empty() {
        let _ = writeln!(
            out,
            "Problems during the run (those rows may not be comparable):\n"
        );
        for p in problems {
            let _ = writeln!(out, "- {p}");
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "Reproduce: `tests/bench/initial-sync.sh{}` (= `cargo run -p sync-core --profile native --features testing --example sync_bench --{} --out FILE.md`).",
        if settings.quick { " --quick" } else { "" },
        if settings.quick { " --quick" } else { "" },
    );
    out
}

/// Runs `plans` at the same time; `on_ready` is called once every setup is done and the
/// timed parts start.
fn run_group(
    plans: &[Plan],
    latency_ms: u64,
    on_ready: impl FnOnce(),
) -> Vec<Result<Measured, String>> {
    let ready = Barrier::new(plans.len() + 1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = plans
            .iter()
            .map(|plan| scope.spawn(|| run(plan, latency_ms, &ready)))
            .collect();
        ready.wait();
        on_ready();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("the run panicked".to_string()))
            })
            .collect()
    })
}

/// The heavier configurations one group after another (the default concurrency alone with the
/// light background), while the light ones (concurrency ≤ 2 and the baselines, which take
/// longest) run through all of it. Keeps CPU contention low where the target is judged.
fn schedule(plans: &[Plan]) -> (Vec<Plan>, Vec<Vec<Plan>>) {
    let default = SyncConfig::default().concurrency;
    let light: Vec<Plan> = plans
        .iter()
        .filter(|p| p.runner.concurrency() <= 2)
        .cloned()
        .collect();
    let mut sequence: Vec<Vec<Plan>> = plans
        .iter()
        .filter(|p| p.runner == Runner::Engine(default))
        .map(|p| vec![p.clone()])
        .collect();
    let rest: Vec<Plan> = plans
        .iter()
        .filter(|p| p.runner.concurrency() > 2 && p.runner != Runner::Engine(default))
        .cloned()
        .collect();
    if !rest.is_empty() {
        sequence.push(rest);
    }
    (light, sequence)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

fn main() {
    let settings = match parse_args() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("sync_bench: {e}");
            std::process::exit(2);
        }
    };
    let mut plans = plans(&settings);
    if let Some(only) = &settings.only {
        plans.retain(|p| format!("{}/{}", p.entity.key(), p.runner.key()) == *only);
        if plans.is_empty() {
            eprintln!("sync_bench: --only {only:?} matches no configuration (e.g. products/8, clients/incumbent)");
            std::process::exit(2);
        }
    }
    println!(
        "sync_bench: {} configurations, {} items ({} sampled), latency {} ms{}",
        plans.len(),
        settings.full_items,
        settings.sample_items,
        settings.latency_ms,
        if settings.quick { ", QUICK" } else { "" }
    );
    let load_before = load_average();
    let started = Instant::now();
    // The cross-check: one configuration alone, to compare with the same one under full load.
    // Quantity is the most CPU-sensitive (its calls are the heaviest) and short.
    let check = plans
        .iter()
        .find(|p| p.entity == Entity::Quantity && p.runner == Runner::Engine(16))
        .cloned();
    let solo = match (&settings.only, check) {
        (None, Some(check)) => {
            match run_group(std::slice::from_ref(&check), settings.latency_ms, || {}).pop() {
                Some(Ok(m)) => {
                    println!(
                        "cross-check alone: quantity at concurrency 16 took {:.2} s",
                        m.seconds
                    );
                    Some(m)
                }
                Some(Err(e)) => {
                    eprintln!("cross-check alone could not run: {e}");
                    None
                }
                None => None,
            }
        }
        _ => None,
    };
    let (light, sequence) = schedule(&plans);
    let mut outcomes: Vec<(Plan, Result<Measured, String>)> = Vec::new();
    std::thread::scope(|scope| {
        let (light_started, light_ready) = std::sync::mpsc::channel();
        let latency_ms = settings.latency_ms;
        let light = &light;
        let background = scope.spawn(move || {
            run_group(light, latency_ms, move || {
                let _ = light_started.send(());
            })
        });
        // Heavier groups start once the light ones are past their setup.
        let _ = light_ready.recv();
        for group in &sequence {
            let results = run_group(group, settings.latency_ms, || {});
            for (plan, result) in group.iter().zip(results) {
                println!("done: {}/{}", plan.entity.key(), plan.runner.key());
                outcomes.push((plan.clone(), result));
            }
        }
        let results = background.join().unwrap_or_else(|_| {
            light
                .iter()
                .map(|_| Err("the run panicked".to_string()))
                .collect()
        });
        outcomes.extend(light.iter().cloned().zip(results));
    });
    let wall = started.elapsed().as_secs_f64();
    // Back in the order of `plans` for the tables.
    outcomes.sort_by_key(|(plan, _)| {
        plans
            .iter()
            .position(|p| p.entity == plan.entity && p.runner == plan.runner)
            .unwrap_or(usize::MAX)
    });
    let mut results = Vec::new();
    let mut could_not_run = Vec::new();
    for (plan, outcome) in outcomes {
        match outcome {
            Ok(m) => results.push(m),
            Err(e) => {
                could_not_run.push(format!("{}/{}: {e}", plan.entity.key(), plan.runner.key()))
            }
        }
    }
    let load = format!("{load_before} before, {} after", load_average());
    let text = fragment(&results, solo.as_ref(), &settings, wall, &load);
    println!("{text}");
    if let Some(path) = &settings.out {
        if let Err(e) = std::fs::write(path, &text) {
            eprintln!("sync_bench: cannot write {path}: {e}");
            std::process::exit(1);
        }
    }
    if !could_not_run.is_empty() {
        for e in &could_not_run {
            eprintln!("sync_bench: could not run {e}");
        }
        std::process::exit(1);
    }
}
