#!/usr/bin/env bash
# End-to-end tests of the headless Node worker (worker/megaventory-worker.mjs): a real WordPress
# with the plugin and the WooCommerce stand-in (tests/lib/wp-site.sh), the Megaventory simulator,
# and the worker's commands run as a user would run them. Ends with "N passed, N failed".
#
#   tests/worker/run.sh                         # the suite, then the save→simulator latency (20 saves)
#   MVSYNC_LATENCY_SAVES=100 tests/worker/run.sh  # the latency figure over 100 saves
#   MVSYNC_LATENCY_SAVES=0 tests/worker/run.sh    # skip the latency figure
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO_ROOT/target}"
export PATH="$HOME/.cargo/bin:$PATH"
# Own ports and folder: other suites may run their sites at the same time.
export WP_SITE_DIR="${MVSYNC_WORKER_SITE_DIR:-/tmp/mvsync-worker-site}"
export WP_DB_PORT="${MVSYNC_WORKER_DB_PORT:-3381}"
export WP_HTTP_PORT="${MVSYNC_WORKER_HTTP_PORT:-8381}"
# shellcheck source=../lib/wp-site.sh
source "$REPO_ROOT/tests/lib/wp-site.sh"

say() { printf '[worker-e2e] %s\n' "$*" >&2; }

SIM_PID=""
cleanup() {
	[ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null || true
	wp_site_down
}
trap cleanup EXIT

if ! grep -rqs "'/products'" "$REPO_ROOT/tests/woocommerce-standin/includes"; then
	say "the WooCommerce stand-in has no wc/v3 product routes: cannot run"
	echo "0 passed, 1 failed"
	exit 1
fi

if [ ! -f "$TARGET_DIR/wasm-pkg/sync_wasm_bg.wasm" ] || [ -n "$(find "$REPO_ROOT/crates" -name '*.rs' -newer "$TARGET_DIR/wasm-pkg/sync_wasm_bg.wasm" -print -quit)" ]; then
	say "building the wasm package"
	wasm-pack build "$REPO_ROOT/crates/sync-wasm" --release --target web --mode no-install --out-dir "$TARGET_DIR/wasm-pkg" >&2
fi
cargo build -q -p megaventory-sim --bin megaventory-sim

wp_site_up

sim_out="$WP_LOG_DIR/sim.out"
"$TARGET_DIR/debug/megaventory-sim" --listen 127.0.0.1:0 >"$sim_out" 2>&1 &
SIM_PID=$!
SIM_URL=""
for _ in $(seq 1 100); do
	SIM_URL="$(sed -n '1s/^listening on //p' "$sim_out")"
	[ -n "$SIM_URL" ] && break
	sleep 0.1
done
[ -n "$SIM_URL" ] || { say "the simulator did not start"; cat "$sim_out" >&2; exit 1; }

# The plugin refuses keys shorter than 8 characters: give the simulator's account a longer one.
curl -sf -XPOST "$SIM_URL/_sim/reset" -d '{"accounts": [{"api_key": "worker-e2e@m1"}]}' >/dev/null

# The plugin points at the simulator (for the relay), and the shop manager gets an application
# password for the worker. The password goes to a file only this run reads.
SIM_API="$SIM_URL/v2017a/" wp_php -r '
$r = \MegaventorySync\Plugin::settings()->update( array( "api_url" => getenv( "SIM_API" ), "api_key" => "worker-e2e@m1" ) );
if ( ! $r["saved"] ) { fwrite( STDERR, "settings refused: " . json_encode( $r["errors"] ) . "\n" ); exit( 1 ); }
'
password_file="$WP_SITE_DIR/app-password"
umask 077
wp_php -r '
$user = get_user_by( "login", "shopmanager" );
$created = WP_Application_Passwords::create_new_application_password( $user->ID, array( "name" => "worker-e2e-" . time() ) );
if ( is_wp_error( $created ) ) { fwrite( STDERR, $created->get_error_message() . "\n" ); exit( 1 ); }
echo $created[0];
' >"$password_file"
umask 022

set +e
MVSYNC_E2E_REST_ROOT="$WP_BASE_URL/?rest_route=/" \
MVSYNC_E2E_SITE_URL="$WP_BASE_URL" \
MVSYNC_E2E_SIM_URL="$SIM_URL" \
MVSYNC_E2E_USER=shopmanager \
MVSYNC_E2E_PASSWORD_FILE="$password_file" \
MVSYNC_E2E_WASM_DIR="$TARGET_DIR/wasm-pkg" \
	node --test --test-reporter=tap "$REPO_ROOT/tests/worker/config.test.mjs" "$REPO_ROOT/tests/worker/e2e.test.mjs" | tee "$WP_LOG_DIR/node-test.tap"
status=${PIPESTATUS[0]}
set -e

saves="${MVSYNC_LATENCY_SAVES:-20}"
if [ "$saves" -gt 0 ] && [ "$status" -eq 0 ]; then
	say "save → simulator latency over $saves saves (figures, not a test)"
	MVSYNC_E2E_REST_ROOT="$WP_BASE_URL/?rest_route=/" MVSYNC_E2E_SITE_URL="$WP_BASE_URL" \
	MVSYNC_E2E_SIM_URL="$SIM_URL" MVSYNC_E2E_USER=shopmanager MVSYNC_E2E_PASSWORD_FILE="$password_file" \
	MVSYNC_E2E_WASM_DIR="$TARGET_DIR/wasm-pkg" \
		node "$REPO_ROOT/tests/worker/latency.mjs" "$saves" >&2 || say "the latency run failed (not counted as a test)"
fi

passed="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$WP_LOG_DIR/node-test.tap" | tail -1)"
failed="$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$WP_LOG_DIR/node-test.tap" | tail -1)"
if [ -z "$passed" ] || [ -z "$failed" ]; then passed="${passed:-0}"; failed=$(( ${failed:-0} + 1 )); fi
if grep -E 'megaventory-sync|plugin-php' "$WP_LOG_DIR/wp-debug.log" >/dev/null 2>&1; then
	say "PHP notices from the plugin were logged ($WP_LOG_DIR/wp-debug.log):"
	grep -E 'megaventory-sync|plugin-php' "$WP_LOG_DIR/wp-debug.log" | head -10 >&2
fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
