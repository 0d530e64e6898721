//! `megaventory-sim`: serve the simulator until SIGINT/SIGTERM.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use megaventory_sim::SimOptions;

const HELP: &str = "\
megaventory-sim: a local Megaventory API v2017a for tests, benchmarks and demos

USAGE:
    megaventory-sim [--listen HOST:PORT] [options]

The first line on stdout is `listening on http://HOST:PORT`. The API lives under
http://HOST:PORT/v2017a/ and the test controls under http://HOST:PORT/_sim/.
SIGINT or SIGTERM stops the server, writes the state file (if any) and exits 0.

OPTIONS:
    --listen HOST:PORT          address to bind (default 127.0.0.1:0 = any free port)
    --accounts FILE.json        accounts file (default: one admin account, key demo@m1)
    --state FILE                keep state in FILE (+ FILE.journal) across restarts and crashes
    --clock-ms N                freeze the simulated clock at Unix time N ms (move it via /_sim/clock)
    --id-seed N                 first id of every entity sequence (default 1)
    --latency-ms N              add N ms to every API request
    --jitter-ms N               add a random 0..=N ms on top
    --http-5xx-rate F           share (0..1) of requests answered with HTTP 502 and an HTML body
    --envelope-error-rate F     share of requests answered with an injected ErrorCode \"500\" envelope
    --timeout-rate F            share of requests held for --timeout-ms, then closed without a response
    --timeout-ms N              how long a timed-out request is held (default 30000)
    --fail-after-apply          5xx and timeouts happen after the request was applied (ambiguous failures)
    --rate-limit N              HTTP 429 (Retry-After: 1) past N API requests per second
    --seed N                    seed of the fault RNG (default 0)
    -h, --help                  print this help
";

static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: i32) {
    STOP.store(true, Ordering::SeqCst);
}

extern "C" {
    fn signal(signum: i32, handler: extern "C" fn(i32)) -> usize;
}

fn parse_args() -> Result<(String, SimOptions), String> {
    let mut args = std::env::args().skip(1);
    let mut listen = "127.0.0.1:0".to_string();
    let mut options = SimOptions::default();
    let mut accounts_file = None;
    fn value<T: std::str::FromStr>(flag: &str, v: Option<String>) -> Result<T, String> {
        let v = v.ok_or(format!("{flag} needs a value"))?;
        v.parse().map_err(|_| format!("invalid value for {flag}: {v}"))
    }
    while let Some(arg) = args.next() {
        let f = &mut options.faults;
        match arg.as_str() {
            "-h" | "--help" => {
                print!("{HELP}");
                std::process::exit(0);
            }
            "--listen" => listen = value(&arg, args.next())?,
            "--accounts" => accounts_file = Some(value::<PathBuf>(&arg, args.next())?),
            "--state" => options.state_file = Some(value(&arg, args.next())?),
            "--clock-ms" => options.clock_ms = Some(value(&arg, args.next())?),
            "--id-seed" => options.id_seed = Some(value(&arg, args.next())?),
            "--latency-ms" => f.latency_ms = value(&arg, args.next())?,
            "--jitter-ms" => f.jitter_ms = value(&arg, args.next())?,
            "--http-5xx-rate" => f.http_5xx_rate = value(&arg, args.next())?,
            "--envelope-error-rate" => f.envelope_error_rate = value(&arg, args.next())?,
            "--timeout-rate" => f.timeout_rate = value(&arg, args.next())?,
            "--timeout-ms" => f.timeout_ms = value(&arg, args.next())?,
            "--fail-after-apply" => f.fail_after_apply = true,
            "--rate-limit" => f.rate_limit_per_sec = Some(value(&arg, args.next())?),
            "--seed" => f.seed = value(&arg, args.next())?,
            other => return Err(format!("unknown argument {other} (see --help)")),
        }
    }
    if let Some(path) = accounts_file {
        options.accounts = SimOptions::from_accounts_file(&path)?.accounts;
    }
    Ok((listen, options))
}

fn main() {
    let (listen, options) = match parse_args() {
        Ok(v) => v,
        Err(e) => {
            eprintln!("megaventory-sim: {e}");
            std::process::exit(2);
        }
    };
    unsafe {
        signal(2, on_signal); // SIGINT
        signal(15, on_signal); // SIGTERM
    }
    let server = match megaventory_sim::start(&listen, options) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("megaventory-sim: cannot start on {listen}: {e}");
            std::process::exit(1);
        }
    };
    let mut out = std::io::stdout();
    let _ = writeln!(out, "listening on {}", server.url());
    let _ = out.flush();
    while !STOP.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(50));
    }
    server.shutdown();
}
