//! Benchmark: starts the simulator binary as a child process (with `--state`, so
//! the journal is on), drives it over keep-alive HTTP from N threads and prints
//! ProductUpdate/s, ProductGet latency and the child's peak RSS after 100,000 products.
//!
//! cargo run -p megaventory-sim --profile native --bin sim-bench [-- --products N --clients N]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Conn {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    host: String,
}

impl Conn {
    fn open(addr: &str) -> Conn {
        let s = TcpStream::connect(addr).expect("connect");
        s.set_nodelay(true).ok();
        Conn { reader: BufReader::new(s.try_clone().expect("clone")), writer: s, host: addr.to_string() }
    }

    fn post(&mut self, path: &str, body: &str) -> String {
        let req = format!("POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", self.host, body.len());
        self.writer.write_all(req.as_bytes()).expect("write");
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("status line");
        assert!(line.starts_with("HTTP/1.1 200"), "unexpected status: {line}");
        let mut len = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line).expect("header");
            if line.trim().is_empty() {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().expect("length");
            }
        }
        let mut body = vec![0; len];
        self.reader.read_exact(&mut body).expect("body");
        String::from_utf8(body).expect("utf8")
    }
}

fn product_body(i: u64) -> String {
    format!(
        r#"{{"APIKEY":"demo@m1","mvProduct":{{"ProductID":"","ProductType":"Undefined","ProductSKU":"BENCH-{i:06}","ProductDescription":"Benchmark product {i}","ProductVersion":"Size: M","ProductLongDescription":"","ProductCategoryID":null,"ProductSellingPrice":"19.90","ProductWeight":"0.5","ProductLength":"","ProductBreadth":"","ProductHeight":"","ProductImageURL":"https://shop.example/img/{i}.jpg"}},"forceSkuUpdateEvenIfUsedInDocuments":false,"mvRecordAction":"InsertOrUpdateNonEmptyFields","mvInsertUpdateDeleteSourceApplication":"woocommerce"}}"#
    )
}

/// The simulator binary next to this one; when run through cargo it is (re)built first
/// so the benchmark never measures a stale binary.
fn sim_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let dir = exe.parent().expect("dir").to_path_buf();
    let sim = dir.join("megaventory-sim");
    if let Ok(cargo) = std::env::var("CARGO") {
        let profile = match dir.file_name().and_then(|n| n.to_str()) {
            Some("debug") | None => "dev".to_string(),
            Some(p) => p.to_string(),
        };
        let status = Command::new(cargo)
            .args(["build", "--quiet", "-p", "megaventory-sim", "--bin", "megaventory-sim", "--profile", &profile])
            .status()
            .expect("cargo build");
        assert!(status.success(), "building the simulator failed");
    }
    assert!(sim.exists(), "{} not found: build it with cargo build -p megaventory-sim --bins", sim.display());
    sim
}

fn vm_hwm_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}

fn start_child(state: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(sim_binary())
        .args(["--listen", "127.0.0.1:0", "--state"])
        .arg(state)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start simulator");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("first line");
    let addr = line.trim().strip_prefix("listening on http://").expect("listening line").to_string();
    (child, addr)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1e6
}

fn main() {
    let mut products: u64 = 100_000;
    let mut clients: u64 = 8;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--products" => products = args.next().and_then(|v| v.parse().ok()).expect("--products N"),
            "--clients" => clients = args.next().and_then(|v| v.parse().ok()).expect("--clients N"),
            _ => {
                eprintln!("usage: sim-bench [--products N] [--clients N]");
                std::process::exit(2);
            }
        }
    }
    let dir = std::env::temp_dir().join(format!("sim-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let state = dir.join("state.json");
    let (mut child, addr) = start_child(&state);
    println!("simulator pid {} at {addr} (journal on: {})", child.id(), state.display());

    // ProductUpdate throughput: `clients` keep-alive connections inserting disjoint SKUs.
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let (next, addr) = (next.clone(), addr.clone());
            std::thread::spawn(move || {
                let mut conn = Conn::open(&addr);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= products {
                        break;
                    }
                    let body = conn.post("/v2017a/json/reply/ProductUpdate", &product_body(i));
                    assert!(body.contains(r#""ErrorCode":"0""#), "ProductUpdate failed: {body}");
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("worker");
    }
    let elapsed = started.elapsed();
    println!(
        "ProductUpdate (insert): {products} requests, {clients} clients, {:.2} s, {:.0} req/s",
        elapsed.as_secs_f64(),
        products as f64 / elapsed.as_secs_f64()
    );

    // Updates of existing products (upsert by SKU), same client count, fixed count.
    let updates = products.min(20_000);
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let (next, addr) = (next.clone(), addr.clone());
            std::thread::spawn(move || {
                let mut conn = Conn::open(&addr);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= updates {
                        break;
                    }
                    let body = conn.post("/v2017a/json/reply/ProductUpdate", &product_body(i).replace("19.90", "21.50"));
                    assert!(body.contains(r#""ErrorCode":"0""#), "ProductUpdate failed: {body}");
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("worker");
    }
    let elapsed = started.elapsed();
    println!("ProductUpdate (update by SKU): {updates} requests, {clients} clients, {:.0} req/s", updates as f64 / elapsed.as_secs_f64());

    // ProductGet latency, one client: by id (WC's lookup) and by SKU (full scan of all products).
    let mut conn = Conn::open(&addr);
    let mut by_id = Vec::new();
    for i in 0..2000u64 {
        let id = 1 + (i * 7919) % products;
        let body = format!(r#"{{"APIKEY":"demo@m1","Filters":{{"FieldName":"ProductID","SearchOperator":"Equals","SearchValue":"{id}"}}}}"#);
        let t = Instant::now();
        let r = conn.post("/v2017a/json/reply/ProductGet", &body);
        by_id.push(t.elapsed());
        assert!(r.contains(&format!(r#""ProductID":{id}"#)), "ProductGet {id}: {r}");
    }
    by_id.sort();
    println!("ProductGet by ProductID: p50 {:.0} µs, p99 {:.0} µs (n=2000)", percentile(&by_id, 0.5), percentile(&by_id, 0.99));
    let mut by_sku = Vec::new();
    for i in 0..50u64 {
        let body = format!(r#"{{"APIKEY":"demo@m1","showDeleted":"showAllDeletedAndUndeleted","Filters":[{{"FieldName":"ProductSKU","SearchOperator":"Equals","SearchValue":"bench-{:06}"}}]}}"#, (i * 104729) % products);
        let t = Instant::now();
        conn.post("/v2017a/json/reply/ProductGet", &body);
        by_sku.push(t.elapsed());
    }
    by_sku.sort();
    println!("ProductGet by ProductSKU ({products} products, SKU index): p50 {:.1} ms, p99 {:.1} ms (n=50)", percentile(&by_sku, 0.5) / 1000.0, percentile(&by_sku, 0.99) / 1000.0);
    let filters: Vec<String> = (1..=40).map(|id| format!(r#"{{"AndOr":"Or","FieldName":"productID","SearchOperator":"Equals","SearchValue":{id}}}"#)).collect();
    let body = format!(r#"{{"APIKEY":"demo@m1","Filters":[{}]}}"#, filters.join(","));
    let mut stock = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        conn.post("/v2017a/json/reply/InventoryLocationStockGet", &body);
        stock.push(t.elapsed());
    }
    stock.sort();
    println!("InventoryLocationStockGet (40 Or-ed productID filters): p50 {:.0} µs, p99 {:.0} µs", percentile(&stock, 0.5), percentile(&stock, 0.99));

    match vm_hwm_kb(child.id()) {
        Some(kb) => println!("simulator peak RSS (VmHWM) after {products} products: {:.1} MB", kb as f64 / 1024.0),
        None => println!("simulator peak RSS: /proc not available"),
    }
    let journal = std::fs::metadata(dir.join("state.json.journal")).map(|m| m.len()).unwrap_or(0);
    println!("journal size before shutdown: {:.1} MB", journal as f64 / 1e6);

    // Crash: SIGKILL, then restart by replaying the journal.
    child.kill().expect("SIGKILL");
    child.wait().expect("wait");
    let t = Instant::now();
    let (replayed, addr) = start_child(&state);
    child = replayed;
    println!("restart after SIGKILL (journal replay of {} requests): {:.2} s", products + updates, t.elapsed().as_secs_f64());
    let top = Conn::open(&addr).post("/v2017a/json/reply/ProductGet", r#"{"APIKEY":"demo@m1","ReturnTopNRecords":1}"#);
    assert!(top.contains(&format!(r#""ProductID":{products}"#)), "replayed state is complete");
    if let Some(kb) = vm_hwm_kb(child.id()) {
        println!("peak RSS of the replayed simulator: {:.1} MB", kb as f64 / 1024.0);
    }

    let t = Instant::now();
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let status = child.wait().expect("wait");
    println!("clean shutdown (snapshot compaction) took {:.2} s, exit {status}", t.elapsed().as_secs_f64());
    let snapshot = std::fs::metadata(&state).map(|m| m.len()).unwrap_or(0);
    println!("snapshot size: {:.1} MB", snapshot as f64 / 1e6);

    let t = Instant::now();
    let (mut child, _) = start_child(&state);
    println!("restart from snapshot: {:.2} s", t.elapsed().as_secs_f64());
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}
