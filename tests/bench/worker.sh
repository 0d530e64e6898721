#!/usr/bin/env bash
# Benchmark of the headless Node worker through every real layer: WordPress + MariaDB + the plugin
# + the WooCommerce stand-in + the worker running the real .wasm + the Megaventory simulator.
# Issue 7 §3 (latency: save → ProductUpdate, stock change → WooCommerce, order → sales order),
# §4 second half (an outbox backlog drained, events/s) and §5 Node half (the worker's peak RSS
# during a products import, and idle). Prints figures and writes $BENCH_OUT/worker.md; it never
# asserts a figure and exits non-zero only when it could not run.
#
#   tests/bench/worker.sh            # full: ≈ 10 minutes
#   tests/bench/worker.sh --quick    # small sizes: ≈ 1.5 minutes
#
# Sizes (environment overrides; full / quick defaults):
#   MVSYNC_BENCH_SAVES           product saves timed                      200 / 20
#   MVSYNC_BENCH_STOCK_SAMPLES   stock changes timed                      40 / 6
#   MVSYNC_BENCH_ORDERS          orders timed                             40 / 5
#   MVSYNC_BENCH_POLL_SECONDS    the worker's Megaventory poll interval   5
#   MVSYNC_BENCH_IMPORT_PRODUCTS products in the shop for the import      100000 / 5000
#   MVSYNC_BENCH_IMPORT_SECONDS  stop the import after this long (0: run it to the end)  150 / 10
#   MVSYNC_BENCH_DRAIN_EVENTS    outbox backlog (one product row each)    50000 / 2000
#   MVSYNC_BENCH_DRAIN_SECONDS   stop the drain after this long (0: drain it all)        120 / 10
#   MVSYNC_BENCH_IDLE_SECONDS    the worker idles this long before its idle RSS is read  5 / 2
# The caps keep the run inside its budget: on this stand-in site the worker imports ≈ 10–30
# products/s and drains ≈ 2–6 outbox rows/s, so the whole 100,000 / 50,000 would take hours;
# with a cap the figures are rates over the part done, the projection for the rest, and the
# resident set against items done (its slope tells a streamed import from a growing one).
#
# State and ports (reserved for this bench): MVSYNC_BENCH_WORKER_SITE_DIR (/tmp/mvsync-bench-worker),
# MVSYNC_BENCH_WORKER_DB_PORT (3323), MVSYNC_BENCH_WORKER_HTTP_PORT (8323), MVSYNC_BENCH_WORKER_SIM_PORT (3324).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$REPO_ROOT/tests/bench"
QUICK=0
for arg in "$@"; do
	case "$arg" in
		--quick) QUICK=1 ;;
		*) echo "usage: tests/bench/worker.sh [--quick]" >&2; exit 2 ;;
	esac
done
if [ "$QUICK" = 1 ]; then
	defaults=(20 6 5 5000 10 2000 10)
	export MVSYNC_BENCH_IDLE_SECONDS="${MVSYNC_BENCH_IDLE_SECONDS:-2}"
	COMMAND="tests/bench/worker.sh --quick"
else
	defaults=(200 40 40 100000 150 50000 120)
	COMMAND="tests/bench/worker.sh"
fi
export MVSYNC_BENCH_SAVES="${MVSYNC_BENCH_SAVES:-${defaults[0]}}"
export MVSYNC_BENCH_STOCK_SAMPLES="${MVSYNC_BENCH_STOCK_SAMPLES:-${defaults[1]}}"
export MVSYNC_BENCH_ORDERS="${MVSYNC_BENCH_ORDERS:-${defaults[2]}}"
export MVSYNC_BENCH_POLL_SECONDS="${MVSYNC_BENCH_POLL_SECONDS:-5}"
IMPORT_PRODUCTS="${MVSYNC_BENCH_IMPORT_PRODUCTS:-${defaults[3]}}"
export MVSYNC_BENCH_IMPORT_SECONDS="${MVSYNC_BENCH_IMPORT_SECONDS:-${defaults[4]}}"
export MVSYNC_BENCH_DRAIN_EVENTS="${MVSYNC_BENCH_DRAIN_EVENTS:-${defaults[5]}}"
export MVSYNC_BENCH_DRAIN_SECONDS="${MVSYNC_BENCH_DRAIN_SECONDS:-${defaults[6]}}"
export MVSYNC_BENCH_DRAIN_PREFIX="DRAIN$(date +%s | tail -c 5)"
export MVSYNC_BENCH_COMMAND="$COMMAND"

BENCH_OUT="${BENCH_OUT:-$REPO_ROOT/target/bench}"
mkdir -p "$BENCH_OUT"
BENCH_OUT="$(cd "$BENCH_OUT" && pwd)"

export WP_SITE_DIR="${MVSYNC_BENCH_WORKER_SITE_DIR:-/tmp/mvsync-bench-worker}"
export WP_DB_PORT="${MVSYNC_BENCH_WORKER_DB_PORT:-3323}"
export WP_HTTP_PORT="${MVSYNC_BENCH_WORKER_HTTP_PORT:-8323}"
export BENCH_SIM_PORT="${MVSYNC_BENCH_WORKER_SIM_PORT:-3324}"
export BENCH_API_KEY="bench-worker@m1"
# shellcheck source=lib/bench-site.sh
source "$HERE/lib/bench-site.sh"

say() { printf '[bench worker] %s\n' "$*" >&2; }
trap bench_site_down EXIT

started=$SECONDS
bench_site_up
export MVSYNC_BENCH_RESULTS="$WP_SITE_DIR/worker-results.jsonl"
: >"$MVSYNC_BENCH_RESULTS"
node -e 'require("fs").appendFileSync(process.env.MVSYNC_BENCH_RESULTS, JSON.stringify({phase: "machine", cores: require("os").cpus().length, loadBefore: require("os").loadavg()[0], date: new Date().toISOString()}) + "\n")'

# The account checks and what must exist first (service products, the guest client for orders).
(cd "$REPO_ROOT" && node --input-type=module -e '
import { startBenchWorker } from "./tests/bench/worker-lib.mjs";
const r = await startBenchWorker(["initial-sync"]).done;
if (r.code !== 0) { console.error(r.stderr.slice(-1500)); process.exit(1); }')

say "latency: $MVSYNC_BENCH_SAVES saves, $MVSYNC_BENCH_STOCK_SAMPLES stock changes (poll ${MVSYNC_BENCH_POLL_SECONDS} s), $MVSYNC_BENCH_ORDERS orders"
node "$HERE/worker-latency.mjs"

run_php() { MVSYNC_WP_LOAD="$WP_SITE_ROOT/wp-load.php" HTTP_HOST="127.0.0.1:$WP_HTTP_PORT" php "$@"; }

# The import reads every product of the shop: top the shop up to exactly IMPORT_PRODUCTS.
existing="$(wp_php -r 'echo (int) $GLOBALS["wpdb"]->get_var( "SELECT COUNT(*) FROM {$GLOBALS["wpdb"]->posts} WHERE post_type = \"product\" AND post_status = \"publish\"" );')"
missing=$(( IMPORT_PRODUCTS - existing ))
if [ "$missing" -gt 0 ]; then
	say "creating $missing products in bulk (the shop then has $IMPORT_PRODUCTS)"
	run_php "$HERE/lib/bulk-products.php" "$missing" "IMP$(date +%s | tail -c 5)" >&2
fi
say "import products of $IMPORT_PRODUCTS products, stopped after ${MVSYNC_BENCH_IMPORT_SECONDS} s (0 = none)"
node "$HERE/worker-import.mjs"

say "creating a backlog of $MVSYNC_BENCH_DRAIN_EVENTS outbox rows (one new product each)"
run_php "$HERE/lib/bulk-products.php" "$MVSYNC_BENCH_DRAIN_EVENTS" "$MVSYNC_BENCH_DRAIN_PREFIX" --outbox >&2
say "draining it, stopped after ${MVSYNC_BENCH_DRAIN_SECONDS} s (0 = none)"
node "$HERE/worker-drain.mjs"

node -e 'require("fs").appendFileSync(process.env.MVSYNC_BENCH_RESULTS, JSON.stringify({phase: "end", loadAfter: require("os").loadavg()[0], seconds: Number(process.argv[1])}) + "\n")' "$(( SECONDS - started ))"
node "$HERE/worker-report.mjs" "$MVSYNC_BENCH_RESULTS" >"$BENCH_OUT/worker.md"
cat "$BENCH_OUT/worker.md"
say "written to $BENCH_OUT/worker.md in $(( SECONDS - started )) s"
