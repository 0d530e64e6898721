#!/usr/bin/env bash
# Fault-injection suite: a scripted shop (sample shop, initial sync, then a seeded mix of
# WooCommerce and Megaventory changes) run once without faults and once under each fault
# scenario; each end state is compared with the reference by natural keys. Prints the table
# (also written to target/faults/), then scans everything the shop shows for the API key.
#
#   tests/faults/run.sh                  # CI size: 200 WooCommerce + 50 Megaventory changes, 10 worker kills
#   FAULTS_FULL=1 tests/faults/run.sh    # the issue's size: 2,000 + 500, 20 worker kills
#   FAULTS_SCENARIOS=rate,MariaDB tests/faults/run.sh   # the reference plus the named scenarios
#   FAULTS_SEED=7 tests/faults/run.sh    # another script
#
# Own state and ports (other suites run at the same time): WP_SITE_DIR /tmp/mvsync-faults,
# MariaDB 3341, php -S 8341, simulator 3342. Ends with "N passed, N failed" (one per scenario
# plus the key scan).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$REPO_ROOT/tests/faults"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO_ROOT/target}"
export PATH="$HOME/.cargo/bin:$PATH"
export WP_SITE_DIR="${MVSYNC_FAULTS_SITE_DIR:-/tmp/mvsync-faults}"
export WP_DB_PORT="${MVSYNC_FAULTS_DB_PORT:-3341}"
export WP_HTTP_PORT="${MVSYNC_FAULTS_HTTP_PORT:-8341}"
export FAULTS_SIM_PORT="${MVSYNC_FAULTS_SIM_PORT:-3342}"
TOOLS_DIR="${MVSYNC_UI_TOOLS_DIR:-$HOME/.cache/mvsync-admin-ui}"

say() { printf '[faults] %s\n' "$*" >&2; }

# shellcheck source=../lib/wp-site.sh
source "$REPO_ROOT/tests/lib/wp-site.sh"
# shellcheck source=db-snapshot.sh
source "$HERE/db-snapshot.sh"

OUT="$WP_SITE_DIR/faults"
cleanup() { wp_site_down; }
trap cleanup EXIT

# The browser worker needs Chromium and playwright-core.
# shellcheck source=../lib/browser-tools.sh
source "$REPO_ROOT/tests/lib/browser-tools.sh"
ensure_browser_tools

if [ ! -f "$TARGET_DIR/wasm-pkg/sync_wasm_bg.wasm" ]; then
	say "building the wasm engine package (./build.sh build)"
	"$REPO_ROOT/build.sh" build >&2
fi
[ -f "$REPO_ROOT/plugin-php/assets/admin-app.js" ] || node "$REPO_ROOT/admin-ui/build.mjs" >&2
cargo build -q -p megaventory-sim --bin megaventory-sim

API_KEY="faultsSuiteKey7Qx3@m1"
rm -rf "$OUT"; mkdir -p "$OUT/logs"
cat >"$OUT/accounts.json" <<JSON
{"accounts": [{"api_key": "$API_KEY", "locations": [
  {"name": "Main Warehouse", "abbreviation": "MAIN"},
  {"name": "Second Warehouse", "abbreviation": "SECOND"}]}]}
JSON

wp_site_up
# The settings every scenario starts from: the key, locations 1 and 2 counted, orders to 1.
FAULTS_SETTINGS="{\"api_url\": \"http://127.0.0.1:$FAULTS_SIM_PORT/v2017a/\", \"api_key\": \"$API_KEY\", \"included_location_ids\": [1, 2], \"default_location_id\": 1, \"order_delay_seconds\": 0, \"payment_method_map\": {\"bacs\": \"BankTransfer\", \"cod\": \"Cash\", \"cheque\": \"Check\"}}"
MVSYNC_HTTP_HOST="127.0.0.1:$WP_HTTP_PORT" MVSYNC_WP_LOAD="$WP_SITE_ROOT/wp-load.php" \
	php "$REPO_ROOT/tests/e2e/site-helper.php" settings "$FAULTS_SETTINGS" >/dev/null
umask 077
for login in shopmanager admin; do
	FAULTS_LOGIN="$login" wp_php -r '
$user = get_user_by( "login", getenv( "FAULTS_LOGIN" ) );
$created = WP_Application_Passwords::create_new_application_password( $user->ID, array( "name" => "faults" ) );
if ( is_wp_error( $created ) ) { fwrite( STDERR, $created->get_error_message() . "\n" ); exit( 1 ); }
echo $created[0];
' >"$OUT/$login.app-password"
done
umask 022
wp_db_take_snapshot

set +e
FAULTS_REPO="$REPO_ROOT" \
FAULTS_OUT_DIR="$OUT" \
FAULTS_SITE_URL="$WP_BASE_URL" \
FAULTS_REST_ROOT="$WP_BASE_URL/?rest_route=/" \
FAULTS_WP_LOAD="$WP_SITE_ROOT/wp-load.php" \
FAULTS_WP_SITE_ROOT="$WP_SITE_ROOT" \
FAULTS_WP_LOG_DIR="$WP_LOG_DIR" \
FAULTS_HTTP_HOST="127.0.0.1:$WP_HTTP_PORT" \
FAULTS_SIM_BIN="$TARGET_DIR/debug/megaventory-sim" \
FAULTS_ACCOUNTS="$OUT/accounts.json" \
FAULTS_API_KEY="$API_KEY" \
FAULTS_WASM_DIR="$TARGET_DIR/wasm-pkg" \
FAULTS_MANAGER_PASSWORD_FILE="$OUT/shopmanager.app-password" \
FAULTS_ADMIN_PASSWORD_FILE="$OUT/admin.app-password" \
FAULTS_UI_TOOLS_DIR="$TOOLS_DIR" \
	node "$HERE/faults.mjs"
status=$?
set -e
if [ "$status" -ne 0 ]; then
	keep="${MVSYNC_FAULTS_KEEP_LOGS:-/tmp/mvsync-faults-last-failure}"
	rm -rf "$keep"; mkdir -p "$keep"; cp -r "$OUT/logs" "$keep/" 2>/dev/null || true
	cp "$WP_LOG_DIR"/*.log "$keep/" 2>/dev/null || true
	say "logs kept in $keep"
fi
exit "$status"
