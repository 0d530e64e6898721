#!/usr/bin/env bash
# The bad-input suite: a corpus of hostile or broken inputs (corpus.mjs) — WooCommerce entities,
# Megaventory answers and REST requests to our routes — pushed through every real layer: the
# WooCommerce stand-in's wc/v3 API, the plugin (hooks → outbox, megaventory/v1), the WASM engine
# in the Node worker (`run`), and the Megaventory simulator (with canned broken answers).
# Prints the counts by kind, one line per case, and ends with "N passed, N failed".
#
#   tests/bad-input/run.sh
#   MVSYNC_BAD_INPUT_SITE_DIR=/tmp/x MVSYNC_BAD_INPUT_DB_PORT=3331 MVSYNC_BAD_INPUT_HTTP_PORT=8331 \
#     MVSYNC_BAD_INPUT_SIM_PORT=3332 tests/bad-input/run.sh        # (those are the defaults)
#   MVSYNC_BAD_INPUT_BROWSER=0 tests/bad-input/run.sh              # skip the admin-page check
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$REPO_ROOT/tests/bad-input"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO_ROOT/target}"
TOOLS_DIR="${MVSYNC_UI_TOOLS_DIR:-$HOME/.cache/mvsync-admin-ui}"
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '[bad-input] %s\n' "$*" >&2; }

# Own ports and folder: other suites run their sites at the same time.
export WP_SITE_DIR="${MVSYNC_BAD_INPUT_SITE_DIR:-/tmp/mvsync-bad-input}"
export WP_DB_PORT="${MVSYNC_BAD_INPUT_DB_PORT:-3331}"
export WP_HTTP_PORT="${MVSYNC_BAD_INPUT_HTTP_PORT:-8331}"
SIM_PORT="${MVSYNC_BAD_INPUT_SIM_PORT:-3332}"
API_KEY="bad-input-suite@m1"
WORK="$WP_SITE_DIR/work"
SIM_PID=""

cleanup() {
	[ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null || true
	declare -F wp_site_down >/dev/null && wp_site_down
}
trap cleanup EXIT

# The engine package and the admin page's assets (built only when missing).
WASM_PKG="${MVSYNC_BAD_INPUT_WASM_PKG:-$TARGET_DIR/wasm-pkg}"
if [ ! -f "$WASM_PKG/sync_wasm_bg.wasm" ]; then
	say "building the wasm package"
	wasm-pack build "$REPO_ROOT/crates/sync-wasm" --release --target web --mode no-install --out-dir "$WASM_PKG" >&2
fi
[ -f "$REPO_ROOT/plugin-php/assets/admin-app.js" ] || node "$REPO_ROOT/admin-ui/build.mjs" >&2
# The optimised simulator (build.sh builds it too): a 1,000-row sales order is cheap there.
cargo build -q -p megaventory-sim --profile native --bin megaventory-sim

# shellcheck source=../lib/wp-site.sh
source "$REPO_ROOT/tests/lib/wp-site.sh"
wp_site_up
rm -rf "$WORK"; mkdir -p "$WORK"

cat >"$WORK/accounts.json" <<JSON
{"accounts": [{"api_key": "$API_KEY"}]}
JSON
"$TARGET_DIR/native/megaventory-sim" --listen "127.0.0.1:$SIM_PORT" --accounts "$WORK/accounts.json" >"$WORK/sim.out" 2>&1 &
SIM_PID=$!
SIM_URL=""
for _ in $(seq 1 100); do
	SIM_URL="$(sed -n '1s/^listening on //p' "$WORK/sim.out")"
	[ -n "$SIM_URL" ] && break
	sleep 0.1
done
[ -n "$SIM_URL" ] || { say "the simulator did not start on port $SIM_PORT"; cat "$WORK/sim.out" >&2; echo "0 passed, 1 failed"; exit 1; }

export MVSYNC_HTTP_HOST="127.0.0.1:$WP_HTTP_PORT" MVSYNC_WP_LOAD="$WP_SITE_ROOT/wp-load.php"
php "$HERE/site-helper.php" settings "{\"api_url\": \"$SIM_URL/v2017a/\", \"api_key\": \"$API_KEY\", \"order_delay_seconds\": 0}" >/dev/null
umask 077
for login in shopmanager admin; do
	BAD_INPUT_LOGIN="$login" wp_php -r '
$user = get_user_by( "login", getenv( "BAD_INPUT_LOGIN" ) );
$created = WP_Application_Passwords::create_new_application_password( $user->ID, array( "name" => "bad-input-" . time() ) );
if ( is_wp_error( $created ) ) { fwrite( STDERR, $created->get_error_message() . "\n" ); exit( 1 ); }
echo $created[0];
' >"$WORK/$login.app-password"
done
umask 022

browser_tools=""
if [ "${MVSYNC_BAD_INPUT_BROWSER:-1}" != 0 ]; then
	# shellcheck source=../lib/browser-tools.sh
	source "$REPO_ROOT/tests/lib/browser-tools.sh"
	ensure_browser_tools
fi
if [ "${MVSYNC_BAD_INPUT_BROWSER:-1}" != 0 ] && command -v chromium >/dev/null && NODE_PATH="$TOOLS_DIR/node_modules" node -e 'require("playwright-core")' >/dev/null 2>&1; then
	browser_tools="$TOOLS_DIR/node_modules"
elif [ "${MVSYNC_BAD_INPUT_BROWSER:-1}" != 0 ]; then
	say "no Chromium + playwright-core in $TOOLS_DIR after installing them: the admin-page check will fail"
fi

php_log_lines_before="$(wc -l <"$WP_LOG_DIR/wp-debug.log" 2>/dev/null || echo 0)"
say "site $WP_BASE_URL, simulator $SIM_URL"
set +e
NODE_PATH="$browser_tools" \
MVSYNC_BAD_INPUT_BROWSER="${MVSYNC_BAD_INPUT_BROWSER:-1}" \
MVSYNC_E2E_REST_ROOT="$WP_BASE_URL/?rest_route=/" \
MVSYNC_E2E_SITE_URL="$WP_BASE_URL" \
MVSYNC_E2E_SIM_URL="$SIM_URL" \
MVSYNC_E2E_API_KEY="$API_KEY" \
MVSYNC_E2E_USER=shopmanager \
MVSYNC_E2E_PASSWORD_FILE="$WORK/shopmanager.app-password" \
MVSYNC_E2E_ADMIN_USER=admin \
MVSYNC_E2E_ADMIN_PASSWORD_FILE="$WORK/admin.app-password" \
MVSYNC_E2E_WASM_DIR="$WASM_PKG" \
MVSYNC_BAD_INPUT_HELPER="$HERE/site-helper.php" \
MVSYNC_BAD_INPUT_WORK="$WORK" \
MVSYNC_BAD_INPUT_DB_SOCKET="$WP_RUN_DIR/mysqld.sock" \
MVSYNC_BAD_INPUT_PHP_LOGS="$WP_LOG_DIR/wp-debug.log:$WP_LOG_DIR/http.log" \
MVSYNC_BAD_INPUT_PHP_LOG_SKIP="$php_log_lines_before" \
	node "$HERE/bad-input.mjs"
status=$?
set -e
if [ "$status" -ne 0 ]; then
	keep="${MVSYNC_BAD_INPUT_KEEP_LOGS:-/tmp/mvsync-bad-input-last-failure}"
	rm -rf "$keep"; mkdir -p "$keep"
	cp "$WORK"/*.log "$WORK"/*.json "$WORK"/sim.out "$WP_LOG_DIR"/wp-debug.log "$WP_LOG_DIR"/http.log "$keep"/ 2>/dev/null || true
	say "logs kept in $keep"
fi
exit "$status"
