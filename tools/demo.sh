#!/usr/bin/env bash
# The local demo: on loopback, from Debian packages, a WordPress (MariaDB + PHP's built-in web
# server, php -S) with WooCommerce — or the repository's stand-in — and Megaventory Sync installed
# from dist/megaventory-sync.zip, configured against the Megaventory simulator, a sample shop, and
# the headless Node worker running. Run through ./build.sh, which builds what it needs first.
#
#   tools/demo.sh [--woocommerce PATH] [--wordpress PATH]   start (Ctrl-C stops everything)
#   tools/demo.sh stop                                      stop a demo left in the background
#
# --woocommerce: a WooCommerce zip or folder as downloaded. WooCommerce 8.9 needs WordPress 6.4+,
# newer than Debian 12's 6.1; --wordpress then gives a WordPress zip or folder of that version.
# Each start begins afresh (database, shop, simulator state); the state stays in target/demo/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
DEMO_DIR="$TARGET_DIR/demo"
RUN_DIR="$DEMO_DIR/run"
ZIP="$ROOT/dist/megaventory-sync.zip"
SIM_BIN="$TARGET_DIR/native/megaventory-sim"
HTTP_PORT="${MVSYNC_DEMO_HTTP_PORT:-8350}"
DB_PORT="${MVSYNC_DEMO_DB_PORT:-3350}"
SIM_PORT="${MVSYNC_DEMO_SIM_PORT:-8351}"
SIM_URL="http://127.0.0.1:$SIM_PORT"
# The simulator's account; the plugin accepts keys of 8+ letters, digits and "@._-".
DEMO_API_KEY="demo-shop@m1"

say() { printf '[demo] %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# Stops one process by its pid file: SIGTERM, up to WAIT seconds, then SIGKILL.
stop_pidfile() {
	local file="$1" what="$2" wait="${3:-10}" pid
	[ -f "$file" ] || return 0
	pid="$(cat "$file")"
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		say "stopping $what (pid $pid)"
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 1 $((wait * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -0 "$pid" 2>/dev/null && { say "$what did not stop in ${wait}s: killing it"; kill -KILL "$pid" 2>/dev/null || true; }
	fi
	rm -f "$file"
}

stop_all() {
	# The worker first (it finishes the rows it holds), the simulator last (it writes its state).
	stop_pidfile "$RUN_DIR/worker.pid" "the Node worker" 20
	if [ -f "$RUN_DIR/http.pid" ]; then
		# php -S with PHP_CLI_SERVER_WORKERS forks workers that outlive their parent: stop them by parent pid.
		pkill -TERM -P "$(cat "$RUN_DIR/http.pid")" 2>/dev/null || true
	fi
	stop_pidfile "$RUN_DIR/http.pid" "the web server (php -S)" 5
	stop_pidfile "$RUN_DIR/mysqld.pid" "MariaDB" 30
	stop_pidfile "$RUN_DIR/sim.pid" "the Megaventory simulator" 10
}

if [ "${1:-}" = stop ]; then
	stop_all
	say "stopped (state kept in $DEMO_DIR)"
	exit 0
fi

WOOCOMMERCE=""
WORDPRESS=""
while [ $# -gt 0 ]; do
	case "$1" in
		--woocommerce) [ $# -ge 2 ] || die "--woocommerce needs a path"; WOOCOMMERCE="$2"; shift 2 ;;
		--wordpress) [ $# -ge 2 ] || die "--wordpress needs a path"; WORDPRESS="$2"; shift 2 ;;
		*) die "unknown argument $1 (usage: ./build.sh demo [--woocommerce PATH] [--wordpress PATH] | ./build.sh demo stop)" ;;
	esac
done
[ -f "$ZIP" ] || die "no $ZIP: run ./build.sh build first"
[ -x "$SIM_BIN" ] || die "no simulator at $SIM_BIN: run ./build.sh build first"
command -v node >/dev/null || die "node is missing: ./build.sh setup installs it"

# A demo still running from before: stop it, then start afresh.
if ls "$RUN_DIR"/*.pid >/dev/null 2>&1; then say "a previous demo is still running: stopping it"; stop_all; fi

export WP_SITE_DIR="$DEMO_DIR"
export WP_DB_PORT="$DB_PORT"
export WP_HTTP_PORT="$HTTP_PORT"
# shellcheck source=../tests/lib/wp-site.sh
source "$ROOT/tests/lib/wp-site.sh"
# shellcheck source=lib/zip-site.sh
source "$ROOT/tools/lib/zip-site.sh"
[ "$WP_RUN_DIR" = "$RUN_DIR" ] || die "internal: run folder mismatch ($WP_RUN_DIR)"

started=0
on_exit() {
	local status=$?
	if [ "$started" = 0 ]; then
		say "the demo did not start: stopping what did (logs in $WP_LOG_DIR)"
		stop_all
	fi
	exit "$status"
}
trap on_exit EXIT

for port in "$HTTP_PORT" "$DB_PORT" "$SIM_PORT"; do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		die "port $port on 127.0.0.1 is in use (set MVSYNC_DEMO_HTTP_PORT / _DB_PORT / _SIM_PORT)"
	fi
done

wp_install_packages
if ! command -v unzip >/dev/null; then
	DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends unzip >/dev/null
fi
mkdir -p "$RUN_DIR" "$WP_LOG_DIR"
# Job control: every service gets its own process group, so Ctrl-C reaches only this script,
# which then stops them in order.
set -m

# ---------------------------------------------------------------- which WordPress core
core="/usr/share/wordpress"
if [ -n "$WORDPRESS" ]; then
	if [ -f "$WORDPRESS" ]; then
		rm -rf "$DEMO_DIR/wordpress-core"; mkdir -p "$DEMO_DIR/wordpress-core"
		unzip -q "$WORDPRESS" -d "$DEMO_DIR/wordpress-core" || die "cannot unzip $WORDPRESS"
		core="$DEMO_DIR/wordpress-core/wordpress"
	else
		core="$WORDPRESS"
	fi
	[ -f "$core/wp-settings.php" ] || die "--wordpress $WORDPRESS: no WordPress core there (wp-settings.php)"
fi
if [ -n "$WOOCOMMERCE" ]; then
	# Refuse before starting anything when this WooCommerce needs a newer WordPress than the core.
	if [ -d "$WOOCOMMERCE" ]; then wc_header="$(head -40 "$WOOCOMMERCE/woocommerce.php" 2>/dev/null || true)"
	else wc_header="$(unzip -p "$WOOCOMMERCE" woocommerce/woocommerce.php 2>/dev/null | head -40 || true)"; fi
	[ -n "$wc_header" ] || die "--woocommerce $WOOCOMMERCE: no woocommerce/woocommerce.php in it (give the WooCommerce zip, or its woocommerce folder)"
	needs="$(sed -n 's/^ \* Requires at least: *\([0-9.]*\).*/\1/p' <<<"$wc_header" | head -1)"
	have="$(zip_site_core_version "$core")"
	if [ -n "$needs" ] && [ "$(printf '%s\n%s\n' "$needs" "$have" | sort -V | head -1)" != "$needs" ]; then
		die "this WooCommerce needs WordPress $needs or later, and the WordPress core is $have (Debian 12 ships 6.1). Add --wordpress PATH: a WordPress $needs+ zip or folder, as downloaded"
	fi
fi

# ---------------------------------------------------------------- the simulator
rm -f "$DEMO_DIR/megaventory.json" "$DEMO_DIR/megaventory.json.journal"
printf '{"accounts": [{"api_key": "%s", "name": "demo-shop"}]}\n' "$DEMO_API_KEY" >"$DEMO_DIR/accounts.json"
chmod 600 "$DEMO_DIR/accounts.json"
"$SIM_BIN" --listen "127.0.0.1:$SIM_PORT" --accounts "$DEMO_DIR/accounts.json" --state "$DEMO_DIR/megaventory.json" \
	>"$WP_LOG_DIR/simulator.log" 2>&1 &
echo $! >"$RUN_DIR/sim.pid"
for _ in $(seq 1 100); do grep -q '^listening on ' "$WP_LOG_DIR/simulator.log" && break; sleep 0.1; done
grep -q '^listening on ' "$WP_LOG_DIR/simulator.log" || die "the simulator did not start: $(tail -3 "$WP_LOG_DIR/simulator.log")"
say "Megaventory simulator on $SIM_URL"

# ---------------------------------------------------------------- WordPress + WooCommerce + the plugin
wp_start_mariadb
zip_site_build "$core"
if [ -n "$WOOCOMMERCE" ]; then
	zip_site_add_woocommerce "$WOOCOMMERCE"
	WC_LABEL="WooCommerce $(sed -n 's/^ \* Version: *//p' "$WP_SITE_ROOT/wp-content/plugins/woocommerce/woocommerce.php" | head -1) from $WOOCOMMERCE"
else
	zip_site_add_standin
	WC_LABEL="the WooCommerce stand-in"
fi
zip_site_install "$ZIP" >"$WP_LOG_DIR/install.json"

say "configuring the plugin and creating the sample shop through wc/v3"
password_file="$DEMO_DIR/worker-app-password"
counts="$(MVSYNC_DEMO_API_KEY="$DEMO_API_KEY" wp_php "$ROOT/tools/demo/configure.php" "$SIM_URL/v2017a/" "$password_file")" \
	|| die "configuring the shop failed"
say "sample shop: $counts"

wp_start_http
echo "${WP_SITE_PIDS[-1]}" >"$RUN_DIR/http.pid"

# ---------------------------------------------------------------- the Node worker, from the installed zip
worker="$WP_SITE_ROOT/wp-content/plugins/megaventory-sync/worker/megaventory-worker.mjs"
export MVSYNC_SITE_URL="$WP_BASE_URL"
export MVSYNC_REST_ROOT="$WP_BASE_URL/?rest_route=/"
export MVSYNC_USER=shopmanager
export MVSYNC_APP_PASSWORD_FILE="$password_file"
export MVSYNC_MEGAVENTORY_MODE=relay
say "initial synchronisation (Node worker, relay mode)"
if node "$worker" initial-sync >"$WP_LOG_DIR/worker-initial-sync.json" 2>"$WP_LOG_DIR/worker-initial-sync.log"; then
	say "initial synchronisation done"
else
	say "initial synchronisation ended with exit code $? (see $WP_LOG_DIR/worker-initial-sync.log); the worker keeps going"
fi
node "$worker" run --poll-interval 15 >"$WP_LOG_DIR/worker.log" 2>&1 &
echo $! >"$RUN_DIR/worker.pid"
started=1

cat <<INFO

  Megaventory Sync demo is running (PHP's built-in web server, MariaDB, all on 127.0.0.1)

  wp-admin       $WP_BASE_URL/wp-admin/admin.php?page=mvsync
  login          admin / admin-password      (shop manager: shopmanager / shopmanager-password)
  Megaventory    $SIM_URL/v2017a/  (simulator; its API key is in $DEMO_DIR/accounts.json; state: $SIM_URL/_sim/state)
  WooCommerce    $WC_LABEL
  ports          web $HTTP_PORT, MariaDB $DB_PORT, simulator $SIM_PORT
  worker         node megaventory-worker.mjs run (log: $WP_LOG_DIR/worker.log)

INFO
if [ -z "$WOOCOMMERCE" ]; then
	echo "  WooCommerce stand-in (not WooCommerce) — pass --woocommerce PATH for the real one"
	echo
fi

trap - EXIT
# Job control off again: with it on, each `sleep` below would own the terminal and take the Ctrl-C.
set +m
if [ -t 0 ]; then
	echo "  Press Ctrl-C to stop everything."
	trap 'echo; stop_all; say "stopped (state kept in $DEMO_DIR)"; exit 0' INT TERM
	while :; do sleep 1; done
else
	echo "  Stop it with: ./build.sh demo stop"
fi
