#!/usr/bin/env bash
# Scale of the outbox on the CI stand-in site (private MariaDB + Debian's WordPress + the plugin):
#  1. claim + ack of 100 rows with 1,000,000 rows in the table, through Outbox (the PHP API the
#     REST routes call) and over HTTP (the REST round trip), for a table of 1,000,000 pending rows
#     and one of 1,000,000 rows mostly done (900,000 done history + 100,000 pending);
#  2. a backlog of 50,000 events drained over HTTP with an application password (claim → ack):
#     the protocol's ceiling (claim 100, one ack per claim) to the end of the backlog, and the
#     worker-like request pattern (claim 20, one ack per claim) for a fixed window.
# Writes $BENCH_OUT/outbox-scale.md.     tests/bench/outbox-scale.sh [--quick]
#
# State: WP_SITE_DIR (default /tmp/mvsync-bench-wc), MariaDB on 127.0.0.1:WP_DB_PORT (3321),
# php -S on WP_HTTP_PORT (8321); everything is stopped on exit. Figures are printed, never asserted.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_OUT="${BENCH_OUT:-${CARGO_TARGET_DIR:-$REPO_ROOT/target}/bench}"
quick=0
[ "${1:-}" = --quick ] && quick=1
if [ "$quick" = 1 ]; then
	rows=100000; backlog=5000; rounds=20; worker_window=10; rest_rounds=10
else
	rows=1000000; backlog=50000; rounds=50; worker_window=20; rest_rounds=20
fi
batch=100
drain_clients="${MVSYNC_DRAIN_CLIENTS:-2}"
mkdir -p "$BENCH_OUT"
work="$BENCH_OUT/outbox-scale.work"
rm -rf "$work"; mkdir -p "$work"

export WP_SITE_DIR="${WP_SITE_DIR:-/tmp/mvsync-bench-wc}"
export WP_DB_PORT="${WP_DB_PORT:-3321}"
export WP_HTTP_PORT="${WP_HTTP_PORT:-8321}"
# shellcheck source=../lib/wp-site.sh
. "$REPO_ROOT/tests/lib/wp-site.sh"
trap wp_site_down EXIT
wp_site_up >"$work/site.log" 2>&1 || { cat "$work/site.log" >&2; echo "outbox-scale: the site did not start" >&2; exit 1; }
command -v jq >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends jq >/dev/null

scale() { MVSYNC_DB_PID="$(cat "$WP_RUN_DIR/mysqld.pid")" wp_php "$REPO_ROOT/tests/bench/php/outbox-scale.php" "$WP_SITE_ROOT/wp-load.php" "$@"; }
sql() { mariadb --no-defaults -uroot --socket="$WP_RUN_DIR/mysqld.sock" -N -e "$1" "$WP_DB_NAME"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
password="$(wp_php -r '$u = get_user_by( "login", "shopmanager" ); $c = WP_Application_Passwords::create_new_application_password( $u->ID, array( "name" => "outbox-scale-bench" ) ); echo $c[0];')"
drain() { php "$REPO_ROOT/tests/bench/php/drain-client.php" "$WP_BASE_URL" shopmanager "$password" "$@"; }
default_flush="$(sql 'SELECT @@innodb_flush_log_at_trx_commit')"
load_start="$(load)"
started=$SECONDS

# claim + ack of 100 with ROWS rows, PENDING of them pending: in-process at the site's setting,
# in-process with a flush at every commit (MariaDB's own default), then over HTTP.
measure() {
	local name="$1" pending="$2"
	echo "seeding $name: $rows rows, $pending pending" >&2
	scale seed "$rows" "$pending" >"$work/$name-seed.json"
	scale claim "$rounds" "$batch" >"$work/$name-php.json"
	sql 'SET GLOBAL innodb_flush_log_at_trx_commit = 1'
	scale claim "$rounds" "$batch" >"$work/$name-php-flush1.json"
	sql "SET GLOBAL innodb_flush_log_at_trx_commit = $default_flush"
	drain "$batch" batch $((rest_rounds * batch)) 120 >"$work/$name-rest.json"
	jq -c . "$work/$name-seed.json" "$work/$name-php.json" "$work/$name-php-flush1.json" "$work/$name-rest.json" >&2
}
measure pending "$rows"
measure mostly-done $((rows / 10))

# The drain: a fresh backlog, drained to the end by DRAIN_CLIENTS clients at the protocol's
# ceiling; then a smaller backlog for the worker's request pattern over a fixed window.
echo "draining $backlog events with $drain_clients clients" >&2
scale seed "$backlog" "$backlog" >"$work/drain-seed.json"
drain_start=$(date +%s.%N)
clients=()
for c in $(seq 1 "$drain_clients"); do
	drain "$batch" batch "$backlog" 600 >"$work/drain-$c.json" &
	clients+=("$!")
done
# Only the clients: the site's own servers are background jobs of this shell too.
wait "${clients[@]}"
drain_seconds=$(awk -v a="$drain_start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}')
drained=$(jq -s 'map(.events) | add' "$work"/drain-[0-9]*.json)
drain_errors=$(jq -s 'map(.errors) | add' "$work"/drain-[0-9]*.json)
drain_requests=$(jq -s 'map(.requests) | add' "$work"/drain-[0-9]*.json)
scale counts >"$work/drain-counts.json"
echo "worker pattern for ${worker_window}s" >&2
scale backlog "$backlog" >/dev/null
drain 20 batch "$backlog" "$worker_window" >"$work/worker-pattern.json"
jq -c . "$work"/drain-*.json "$work/worker-pattern.json" >&2
load_end="$(load)"

# ---- the fragment ----
j() { jq -r "$2" "$work/$1.json"; }
verdict() { awk -v v="$1" -v t="$2" 'BEGIN{ if (v == "" || v == "null") print "not measured"; else if (v + 0 < t + 0) print "met"; else print "missed" }'; }
rate() { awk -v e="$1" -v s="$2" 'BEGIN{ if (s > 0) printf "%.0f", e / s; else print "n/a" }'; }
drain_rate=$(rate "$drained" "$drain_seconds")
worker_events=$(j worker-pattern .events)
worker_seconds=$(j worker-pattern .seconds)
worker_rate=$(awk -v e="$worker_events" -v s="$worker_seconds" 'BEGIN{ if (s > 0) printf "%.1f", e / s; else print "n/a" }')
worker_projection=$(awk -v r="$worker_rate" -v n="$backlog" 'BEGIN{ if (r > 0) printf "%.0f min", n / r / 60; else print "n/a" }')
ack_left=$(j drain-counts '(.pending // 0) + (.leased // 0)')
{
	echo "## Outbox scale (PHP + MariaDB)"
	echo
	echo "The outbox of the plugin on the CI stand-in site (MariaDB $(sql 'SELECT VERSION()' | cut -d- -f1), innodb_buffer_pool_size $(j pending-php .buffer_pool_mb) MB, PHP $(php -r 'echo PHP_VERSION;'),"
	echo "\`php -S\` with ${WP_HTTP_WORKERS:-4} workers). Claim + ack of $batch rows, $rounds rounds, through \`Outbox::claim()\`/\`ack()\` (what the REST routes call)"
	echo "and over HTTP (\`POST /outbox/claim\` + \`POST /outbox/ack\`, application password); then a backlog of"
	echo "$backlog events drained over HTTP. The site's setting is innodb_flush_log_at_trx_commit=$default_flush (as on the wc-rig);"
	echo "the \"flush=1\" rows are a comparison with an fsync at every commit (MariaDB's own default)."
	echo "Machine: 2 cores shared with other jobs; load average $load_start at the start, $load_end at the end."
	echo "Wall times follow that load; the CPU time per round (MariaDB's and PHP's) hardly does."
	echo
	echo "| Figure | Value | Target | |"
	echo "|---|---|---|---|"
	for name in pending mostly-done; do
		label="$(j "$name-seed" '.counts | to_entries | map("\(.value) \(.key)") | join(", ")')"
		total=$(j "$name-php" .total_median_ms)
		echo "| claim + ack of $batch, table of $label (flush=$default_flush) | median $total ms (claim $(j "$name-php" .claim_median_ms) + ack $(j "$name-php" .ack_median_ms)), p95 $(j "$name-php" .total_p95_ms) ms; CPU per round: MariaDB $(j "$name-php" .db_cpu_ms) ms + PHP $(j "$name-php" .php_cpu_ms) ms | < 20 ms | $(verdict "$total" 20) |"
		total1=$(j "$name-php-flush1" .total_median_ms)
		echo "| the same with flush=1 (comparison) | median $total1 ms (claim $(j "$name-php-flush1" .claim_median_ms) + ack $(j "$name-php-flush1" .ack_median_ms)), p95 $(j "$name-php-flush1" .total_p95_ms) ms | < 20 ms | $(verdict "$total1" 20) |"
		echo "| REST round trip, same table | claim $(j "$name-rest" .claim_median_ms) ms + ack $(j "$name-rest" .ack_median_ms) ms (medians of $(j "$name-rest" '.requests / 2 | floor')) | — | |"
	done
	echo "| backlog of $backlog drained, claim $batch + one ack per claim, $drain_clients clients | $drained events in $drain_seconds s = **$drain_rate events/s** ($drain_requests requests, $drain_errors errors; $ack_left rows left: the backlog's $((backlog / 5000)) delayed orders, not due yet) | — | |"
	echo "| worker-like request pattern (claim 20, one ack per claim; the Node worker claims 20 and acks every 10), 1 client, ${worker_window} s window | $worker_events events in $worker_seconds s = **$worker_rate events/s** (claim $(j worker-pattern .claim_median_ms) ms, ack $(j worker-pattern .ack_median_ms) ms; $backlog would take ≈ $worker_projection) | — | |"
	echo
	echo "Statements per call: claim $(j pending-php .claim_statements) (candidates of every priority level, without rows of entities that are"
	echo "leased already, and the expired-lease probe in one read; the leasing UPDATE by primary key; the read-back by primary key), ack $(j pending-php .ack_statements) (one UPDATE by primary key)."
	echo "Stats (counts by status and the oldest pending row: the queue tab, the queue notice every 5 minutes)"
	echo "took $(j pending-php .stats_ms) ms on the pending table and $(j mostly-done-php .stats_ms) ms on the mostly-done one."
	echo "Plans: candidates \`$(j pending-php .plan.candidates)\`; lease \`$(j pending-php .plan.lease)\`."
	echo "Seeding took $(j pending-seed .seconds) s for the pending table ($(j pending-seed .data_mb) MB data + $(j pending-seed .index_mb) MB indexes). Whole run: $((SECONDS - started)) s."
	echo
	echo "Reproduce: \`tests/bench/outbox-scale.sh$([ "$quick" = 1 ] && echo ' --quick')\` (raw figures in \`$work/\`)."
} >"$BENCH_OUT/outbox-scale.md"
cat "$BENCH_OUT/outbox-scale.md"
