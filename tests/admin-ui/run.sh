#!/usr/bin/env bash
# The admin page (admin-ui/) in headless Chromium against a real WordPress test site with the
# plugin and the WooCommerce stand-in, and the Megaventory simulator. Run by ./build.sh test.
#
#   tests/admin-ui/run.sh                   # everything; ends with "N passed, N failed"
#   MVSYNC_UI_PRODUCTS=400 tests/admin-ui/run.sh
#   MVSYNC_RIG=1 tests/admin-ui/run.sh      # read-only: the page on real WooCommerce (../shared/wc-rig)
#   MVSYNC_UI_XSS_ONLY=1 tests/admin-ui/run.sh   # only the stored-XSS walk (xss-seed.php + xss-test.cjs)
#   MVSYNC_UI_XSS=0 tests/admin-ui/run.sh        # everything but the stored-XSS walk (tests/bench/size.sh)
#
# Installs what is missing: Debian's chromium (+ nodejs/npm) and playwright-core from the npm
# registry into $MVSYNC_UI_TOOLS_DIR (default ~/.cache/mvsync-admin-ui, outside the repository).
# Screenshots go to target/screenshots/. Site, database and logs: $MVSYNC_UI_SITE_DIR
# (default /tmp/mvsync-admin-ui-site), MariaDB on 127.0.0.1:3397, php -S on 127.0.0.1:8397.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO_ROOT/target}"
TOOLS_DIR="${MVSYNC_UI_TOOLS_DIR:-$HOME/.cache/mvsync-admin-ui}"
PRODUCT_COUNT="${MVSYNC_UI_PRODUCTS:-240}"
SCREENSHOT_DIR="$TARGET_DIR/screenshots"
# The simulator's account key (the plugin wants 8+ characters; the simulator's default is shorter).
export API_KEY="admin-ui-test@m1" MVSYNC_UI_API_KEY="admin-ui-test@m1"
export WP_SITE_DIR="${MVSYNC_UI_SITE_DIR:-/tmp/mvsync-admin-ui-site}"
export WP_DB_PORT="${MVSYNC_UI_DB_PORT:-3397}"
export WP_HTTP_PORT="${MVSYNC_UI_HTTP_PORT:-8397}"
export WP_HTTP_ROUTER="$REPO_ROOT/tests/admin-ui/http-router.php"
# While this file exists the site serves .wasm with a wrong MIME type (see http-router.php).
export MVSYNC_WRONG_WASM_MIME="$WP_SITE_DIR/wrong-wasm-mime"
export PATH="$HOME/.cargo/bin:$PATH"
# shellcheck source=../lib/wp-site.sh
. "$REPO_ROOT/tests/lib/wp-site.sh"

say() { printf '[admin-ui] %s\n' "$*" >&2; }

# shellcheck source=../lib/browser-tools.sh
. "$REPO_ROOT/tests/lib/browser-tools.sh"

# The wasm engine package (crates/sync-wasm, built by build.sh into target/wasm-pkg) and the UI.
build_ui() {
	if [ ! -f "$TARGET_DIR/wasm-pkg/sync_wasm_bg.wasm" ]; then
		say "building the wasm engine package (./build.sh build)"
		"$REPO_ROOT/build.sh" build >&2
	fi
	if [ ! -f "$TARGET_DIR/wasm-pkg/sync_wasm_bg.wasm" ]; then
		say "no wasm engine package in $TARGET_DIR/wasm-pkg after ./build.sh build"
		echo "0 passed, 1 failed"
		exit 1
	fi
	node "$REPO_ROOT/admin-ui/build.mjs" >&2
}

SIM_PID=""
cleanup() {
	[ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null || true
	wp_site_down
}

start_simulator() {
	cargo build -p megaventory-sim --bin megaventory-sim >&2
	local out="$WP_SITE_DIR/logs/simulator.out"
	mkdir -p "$WP_SITE_DIR/logs"
	# A little latency per call, so that an import of a few hundred products runs long enough to
	# be reloaded in the middle.
	printf '{"accounts": [{"api_key": "%s"}]}\n' "$API_KEY" >"$WP_SITE_DIR/sim-accounts.json"
	"$TARGET_DIR/debug/megaventory-sim" --listen 127.0.0.1:0 --accounts "$WP_SITE_DIR/sim-accounts.json" --latency-ms "${MVSYNC_UI_SIM_LATENCY_MS:-20}" >"$out" 2>&1 &
	SIM_PID=$!
	for _ in $(seq 1 100); do
		SIM_URL="$(sed -n '1s/^listening on //p' "$out")"
		[ -n "$SIM_URL" ] && return 0
		kill -0 "$SIM_PID" 2>/dev/null || break
		sleep 0.1
	done
	say "the simulator did not start:"; cat "$out" >&2; return 1
}

ensure_browser_tools
build_ui

if [ "${MVSYNC_RIG:-0}" = "1" ]; then
	SHARED="${MVSYNC_SHARED_DIR:-$REPO_ROOT/../shared}"
	WC_EXTRA_PLUGINS="$REPO_ROOT/plugin-php" "$SHARED/wc-rig/wc-up.sh" >/dev/null
	# shellcheck disable=SC1091
	. "${WC_RIG_DIR:-/tmp/wc-rig}/credentials.env"
	mkdir -p "$SCREENSHOT_DIR"
	NODE_PATH="$TOOLS_DIR/node_modules" BASE_URL="$WC_BASE_URL" WP_USER=admin WP_PASS=admin-password \
		SCREENSHOT_DIR="$SCREENSHOT_DIR" exec node "$REPO_ROOT/tests/admin-ui/rig-check.cjs"
fi

trap cleanup EXIT
rm -f "$MVSYNC_WRONG_WASM_MIME"
start_simulator
wp_site_up
say "seeding $PRODUCT_COUNT products"
seed="$(wp_php "$REPO_ROOT/tests/admin-ui/seed.php" "$SIM_URL/v2017a/" "$PRODUCT_COUNT")"
say "seeded: $seed"
mkdir -p "$SCREENSHOT_DIR"
rm -f "$SCREENSHOT_DIR"/[0-9][0-9]-*.png
set +e
status=0
if [ "${MVSYNC_UI_XSS_ONLY:-0}" != "1" ]; then
	NODE_PATH="$TOOLS_DIR/node_modules" BASE_URL="$WP_BASE_URL" SIM_URL="$SIM_URL" \
		PRODUCT_COUNT="$(node -p "JSON.parse(process.argv[1]).products" "$seed")" \
		XSS_PRODUCT_ID="$(node -p "JSON.parse(process.argv[1]).xss_product_id" "$seed")" \
		DEAD_ROW_ID="$(node -p "JSON.parse(process.argv[1]).dead_row_id" "$seed")" \
		ORDER_ID="$(node -p "JSON.parse(process.argv[1]).order_id" "$seed")" \
		SCREENSHOT_DIR="$SCREENSHOT_DIR" \
		node "$REPO_ROOT/tests/admin-ui/browser-test.cjs"
	status=$?
fi
# Stored XSS: script in every name and message the plugin renders, every page opened in Chromium
# (MVSYNC_UI_XSS_ONLY=1 runs this walk alone; MVSYNC_UI_XSS=0 leaves it out, for the size bench).
xss_status=0
if [ "${MVSYNC_UI_XSS:-1}" = "0" ]; then
	say "stored-XSS walk left out (MVSYNC_UI_XSS=0)"
elif say "seeding script-bearing names and messages" && rm -f "$SCREENSHOT_DIR"/xss-*.png \
	&& xss_seed="$(wp_php "$REPO_ROOT/tests/admin-ui/xss-seed.php")"; then
	NODE_PATH="$TOOLS_DIR/node_modules" BASE_URL="$WP_BASE_URL" SIM_URL="$SIM_URL" XSS_SEED="$xss_seed" \
		SCREENSHOT_DIR="$SCREENSHOT_DIR" node "$REPO_ROOT/tests/admin-ui/xss-test.cjs"
	xss_status=$?
else
	say "xss-seed.php failed"
	echo "0 passed, 1 failed"
	xss_status=1
fi
[ "$xss_status" -eq 0 ] || status=1
set -e
say "screenshots in $SCREENSHOT_DIR"
if grep -E 'megaventory-sync|plugin-php' "$WP_LOG_DIR/wp-debug.log" >/dev/null 2>&1; then
	say "PHP notices from the plugin were logged ($WP_LOG_DIR/wp-debug.log):"
	grep -E 'megaventory-sync|plugin-php' "$WP_LOG_DIR/wp-debug.log" | head -10 >&2
fi
exit $status
