#!/usr/bin/env bash
# Shared by the benchmarks that need the real layers: a private MariaDB + WordPress with the plugin
# and the WooCommerce stand-in (tests/lib/wp-site.sh), the Megaventory simulator on a fixed port,
# the plugin pointed at it, and an application password for the shop manager (the worker's user).
# Source it, set the variables below, call bench_site_up; bench_site_down runs on EXIT (the
# caller's trap must call it).
#
#   WP_SITE_DIR, WP_DB_PORT, WP_HTTP_PORT   as in tests/lib/wp-site.sh (set them: bench ports)
#   BENCH_SIM_PORT      simulator port on 127.0.0.1                    required
#   BENCH_API_KEY       the simulator account's key (name after "@")   default bench@m1
#   BENCH_SETTINGS_JSON extra plugin settings (JSON object)            default {}
#
# After bench_site_up: BENCH_SIM_URL, BENCH_PASSWORD_FILE, BENCH_WASM_DIR, BENCH_SIM_PID, and the
# MVSYNC_E2E_* variables tests/worker/helpers.mjs reads (exported), plus wp_php from wp-site.sh.
# The site also gets tests/bench/lib/fast-product-list.php as a must-use plugin (see there why).

BENCH_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BENCH_REPO_ROOT="$(cd "$BENCH_LIB_DIR/../../.." && pwd)"
BENCH_TARGET_DIR="${CARGO_TARGET_DIR:-$BENCH_REPO_ROOT/target}"
BENCH_API_KEY="${BENCH_API_KEY:-bench@m1}"
BENCH_SIM_PID=""
export PATH="$HOME/.cargo/bin:$PATH"
# shellcheck source=../../lib/wp-site.sh
source "$BENCH_REPO_ROOT/tests/lib/wp-site.sh"

bench_say() { printf '[bench-site] %s\n' "$*" >&2; }

bench_site_down() {
	if [ -n "$BENCH_SIM_PID" ]; then
		kill "$BENCH_SIM_PID" 2>/dev/null || true
		wait "$BENCH_SIM_PID" 2>/dev/null || true
		BENCH_SIM_PID=""
	fi
	wp_site_down
}

# The engine package and the simulator: built only when missing (never rebuilt needlessly).
bench_build_prerequisites() {
	BENCH_WASM_DIR="${MVSYNC_BENCH_WASM_DIR:-$BENCH_TARGET_DIR/wasm-pkg}"
	if [ ! -f "$BENCH_WASM_DIR/sync_wasm_bg.wasm" ]; then
		bench_say "building the wasm package (missing)"
		wasm-pack build "$BENCH_REPO_ROOT/crates/sync-wasm" --release --target web --mode no-install --out-dir "$BENCH_WASM_DIR" >&2
	fi
	BENCH_SIM_BIN="$BENCH_TARGET_DIR/native/megaventory-sim"
	if [ ! -x "$BENCH_SIM_BIN" ]; then
		bench_say "building the simulator (missing)"
		cargo build -p megaventory-sim --profile native >&2
	fi
}

bench_start_sim() {
	local out="$WP_LOG_DIR/sim.out"
	"$BENCH_SIM_BIN" --listen "127.0.0.1:$BENCH_SIM_PORT" >"$out" 2>&1 &
	BENCH_SIM_PID=$!
	BENCH_SIM_URL=""
	for _ in $(seq 1 100); do
		BENCH_SIM_URL="$(sed -n '1s/^listening on //p' "$out")"
		[ -n "$BENCH_SIM_URL" ] && break
		kill -0 "$BENCH_SIM_PID" 2>/dev/null || break
		sleep 0.1
	done
	if [ -z "$BENCH_SIM_URL" ]; then
		bench_say "the simulator did not start on 127.0.0.1:$BENCH_SIM_PORT (port busy?):"
		cat "$out" >&2
		return 1
	fi
	curl -sf -XPOST "$BENCH_SIM_URL/_sim/reset" -d "{\"accounts\": [{\"api_key\": \"$BENCH_API_KEY\"}]}" >/dev/null
}

bench_site_up() {
	: "${BENCH_SIM_PORT:?set BENCH_SIM_PORT}"
	bench_build_prerequisites
	wp_site_up
	cp "$BENCH_LIB_DIR/fast-product-list.php" "$WP_SITE_ROOT/wp-content/mu-plugins/bench-fast-product-list.php"
	bench_start_sim
	# Settings as the end-to-end suite has them: the one location counts for stock and takes orders.
	BENCH_SETTINGS="{\"api_url\": \"$BENCH_SIM_URL/v2017a/\", \"api_key\": \"$BENCH_API_KEY\", \"included_location_ids\": [1], \"default_location_id\": 1, \"order_delay_seconds\": 0}"
	local extra="${BENCH_SETTINGS_JSON:-}"
	[ -n "$extra" ] || extra='{}'
	MVSYNC_BENCH_SETTINGS="$BENCH_SETTINGS" MVSYNC_BENCH_EXTRA="$extra" wp_php -r '
$settings = array_merge( json_decode( getenv( "MVSYNC_BENCH_SETTINGS" ), true ), (array) json_decode( getenv( "MVSYNC_BENCH_EXTRA" ), true ) );
$r = \MegaventorySync\Plugin::settings()->update( $settings );
if ( ! $r["saved"] ) { fwrite( STDERR, "settings refused: " . json_encode( $r["errors"] ) . "\n" ); exit( 1 ); }
'
	BENCH_PASSWORD_FILE="$WP_SITE_DIR/app-password"
	local mask
	mask="$(umask)"
	umask 077
	wp_php -r '
$user = get_user_by( "login", "shopmanager" );
$created = WP_Application_Passwords::create_new_application_password( $user->ID, array( "name" => "bench-" . time() ) );
if ( is_wp_error( $created ) ) { fwrite( STDERR, $created->get_error_message() . "\n" ); exit( 1 ); }
echo $created[0];
' >"$BENCH_PASSWORD_FILE"
	umask "$mask"
	export MVSYNC_E2E_REST_ROOT="$WP_BASE_URL/?rest_route=/"
	export MVSYNC_E2E_SITE_URL="$WP_BASE_URL"
	export MVSYNC_E2E_SIM_URL="$BENCH_SIM_URL"
	export MVSYNC_E2E_USER=shopmanager
	export MVSYNC_E2E_PASSWORD_FILE="$BENCH_PASSWORD_FILE"
	export MVSYNC_E2E_WASM_DIR="$BENCH_WASM_DIR"
	export MVSYNC_BENCH_API_KEY="$BENCH_API_KEY"
	export MVSYNC_BENCH_SIM_URL="$BENCH_SIM_URL"
	bench_say "site $WP_BASE_URL, simulator $BENCH_SIM_URL"
}
