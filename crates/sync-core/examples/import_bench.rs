//! Throughput of the product import against the simulator with added latency.
//!
//! ```sh
//! cargo run -p sync-core --profile native --features testing --example import_bench
//! cargo run -p sync-core --profile native --features testing --example import_bench -- 2000 50 1,8
//! ```
//! Arguments: products (10000), added latency in ms (50), concurrencies (1,8). Each run uses a
//! fresh simulator and a fresh generated shop of simple products, and prints products/s and
//! the ratio of the ideal time N × latency ÷ concurrency to the measured time.

use futures::executor::block_on;
use megaventory::transport::native::NativeTransport;
use megaventory::{ApiKey, Client, Endpoint, RetryPolicy};
use megaventory_sim::{Faults, SimOptions};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Instant;
use sync_core::engine::imports::ImportKind;
use sync_core::testing::MemoryShop;
use sync_core::{Engine, SyncConfig};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let products: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let latency_ms: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    let concurrencies: Vec<usize> = args
        .get(2)
        .map(|a| a.split(',').filter_map(|c| c.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 8]);
    println!("import of {products} simple products, simulator latency {latency_ms} ms");
    for concurrency in concurrencies {
        let sim = megaventory_sim::start(
            "127.0.0.1:0",
            SimOptions {
                faults: Faults {
                    latency_ms,
                    ..Faults::default()
                },
                ..SimOptions::default()
            },
        )
        .expect("simulator starts");
        let calls = Rc::new(Cell::new(0u64));
        let counter = calls.clone();
        let client = Client::new(
            NativeTransport::new(Endpoint::direct(sim.base_url())),
            Some(ApiKey::new("demo@m1").unwrap()),
            RetryPolicy::default(),
        )
        .with_observer(move |_| counter.set(counter.get() + 1));
        let shop = MemoryShop::generated(products, 0.0, 0);
        let config = SyncConfig {
            concurrency,
            page_size: 100,
            ..SyncConfig::default()
        };
        let engine = Engine::new(&shop, &client, &config);
        let started = Instant::now();
        let report = block_on(engine.run_import(ImportKind::Products)).expect("import");
        let seconds = started.elapsed().as_secs_f64();
        let ideal = products as f64 * latency_ms as f64 / 1000.0 / concurrency as f64;
        println!(
            "concurrency {concurrency}: {products} products in {seconds:.1} s = {:.1} products/s; {} Megaventory calls; created {}, failed {}; ideal N×latency÷concurrency = {ideal:.1} s, ratio ideal/measured = {:.2}",
            products as f64 / seconds,
            calls.get(),
            report.created,
            report.failed,
            ideal / seconds,
        );
        sim.shutdown();
    }
}
