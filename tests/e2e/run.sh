#!/usr/bin/env bash
# End-to-end suite: each scenario goes through every real layer — WooCommerce's wc/v3 REST API,
# the plugin (hooks → outbox, megaventory/v1), the WASM engine in the Node worker, and the
# Megaventory simulator — and asserts on the simulator's state and on WooCommerce's data.
# Ends with "N passed, N failed".
#
#   tests/e2e/run.sh                          # against the WooCommerce stand-in (CI)
#   E2E_WOOCOMMERCE=rig tests/e2e/run.sh      # the same suite against real WooCommerce (/work/shared/wc-rig)
#   tests/e2e/run.sh --rig                    # the same
#   MVSYNC_E2E_WASM_PKG=/path/to/wasm-pkg tests/e2e/run.sh   # use that engine build as is
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$REPO_ROOT/tests/e2e"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO_ROOT/target}"
export PATH="$HOME/.cargo/bin:$PATH"
MODE="${E2E_WOOCOMMERCE:-standin}"
[ "${1:-}" = "--rig" ] && MODE=rig
case "$MODE" in standin|rig) ;; *) echo "E2E_WOOCOMMERCE must be standin or rig, not '$MODE'" >&2; exit 2 ;; esac

say() { printf '[e2e %s] %s\n' "$MODE" "$*" >&2; }

# The simulator's account: three locations, so that one can be left out of the stock sum.
API_KEY="e2e-suite@m1"
WORK="$(mktemp -d /tmp/mvsync-e2e-XXXXXX)"
chmod 755 "$WORK"   # the rig's PHP runs as www-data and reads the helper from here
SIM_PID=""
RIG="${MVSYNC_RIG_SCRIPTS:-$REPO_ROOT/../shared/wc-rig}"
STAMP="E2E$(date +%s | tail -c 7)"
ORIGINAL_SETTINGS=""
KEY_BACKUP_OPTION="mvsync_e2e_key_backup_$STAMP"

cleanup() {
	if [ "$MODE" = rig ]; then
		if [ -n "$ORIGINAL_SETTINGS" ]; then
			"$RIG/wc-php.sh" -f "$WORK/site-helper.php" settings "$ORIGINAL_SETTINGS" >/dev/null 2>&1 \
				|| say "could not restore the rig's plugin settings: $ORIGINAL_SETTINGS"
			# The stored key goes back as it was (copied inside WordPress, never printed).
			"$RIG/wc-php.sh" "\$b = get_option( '$KEY_BACKUP_OPTION', null ); if ( is_array( \$b ) ) { if ( \$b['had'] ) { update_option( 'mvsync_api_key', \$b['value'], false ); } else { delete_option( 'mvsync_api_key' ); } delete_option( '$KEY_BACKUP_OPTION' ); }" >/dev/null 2>&1 \
				|| say "could not restore the rig's stored API key (option $KEY_BACKUP_OPTION)"
		fi
		"$RIG/wc-php.sh" "foreach ( get_users( array( 'role__in' => array( 'shop_manager', 'administrator' ) ) ) as \$u ) { foreach ( WP_Application_Passwords::get_user_application_passwords( \$u->ID ) as \$item ) { if ( 'e2e-$STAMP' === \$item['name'] ) { WP_Application_Passwords::delete_application_password( \$u->ID, \$item['uuid'] ); } } }" >/dev/null 2>&1 || true
	else
		declare -F wp_site_down >/dev/null && wp_site_down
	fi
	[ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

# MVSYNC_E2E_WASM_PKG: a wasm package built elsewhere (used as is, not rebuilt).
WASM_PKG="${MVSYNC_E2E_WASM_PKG:-$TARGET_DIR/wasm-pkg}"
if [ -z "${MVSYNC_E2E_WASM_PKG:-}" ] && { [ ! -f "$WASM_PKG/sync_wasm_bg.wasm" ] || [ -n "$(find "$REPO_ROOT/crates" -name '*.rs' -newer "$WASM_PKG/sync_wasm_bg.wasm" -print -quit)" ]; }; then
	say "building the wasm package"
	wasm-pack build "$REPO_ROOT/crates/sync-wasm" --release --target web --mode no-install --out-dir "$WASM_PKG" >&2
fi
cargo build -q -p megaventory-sim --bin megaventory-sim

cat >"$WORK/accounts.json" <<JSON
{"accounts": [{"api_key": "$API_KEY", "locations": [
  {"name": "Main Warehouse", "abbreviation": "MAIN"},
  {"name": "Second Warehouse", "abbreviation": "SECOND"},
  {"name": "Excluded Warehouse", "abbreviation": "EXCL"}]}]}
JSON
: >"$WORK/sim.out"
"$TARGET_DIR/debug/megaventory-sim" --listen 127.0.0.1:0 --accounts "$WORK/accounts.json" >"$WORK/sim.out" 2>&1 &
SIM_PID=$!
SIM_URL=""
for _ in $(seq 1 100); do
	SIM_URL="$(sed -n '1s/^listening on //p' "$WORK/sim.out")"
	[ -n "$SIM_URL" ] && break
	sleep 0.1
done
[ -n "$SIM_URL" ] || { say "the simulator did not start"; cat "$WORK/sim.out" >&2; exit 1; }

cp "$HERE/site-helper.php" "$WORK/site-helper.php"
chmod 644 "$WORK/site-helper.php"
password_file="$WORK/app-password"
admin_password_file="$WORK/admin-app-password"
# Settings the suite needs: locations 1 and 2 count for stock (3 is left out), orders go to 1.
SUITE_SETTINGS="{\"api_url\": \"$SIM_URL/v2017a/\", \"api_key\": \"$API_KEY\", \"included_location_ids\": [1, 2], \"default_location_id\": 1, \"order_delay_seconds\": 0, \"payment_method_map\": {\"bacs\": \"BankTransfer\", \"cod\": \"Cash\", \"cheque\": \"Check\"}}"

if [ "$MODE" = rig ]; then
	"$RIG/wc-up.sh" >/dev/null
	# shellcheck disable=SC1091
	. "${WC_RIG_DIR:-/tmp/wc-rig}/credentials.env"
	SITE_URL="$WC_BASE_URL"
	# nginx refuses PUT/DELETE on "/": real WooCommerce is reached through pretty permalinks.
	REST_ROOT="$SITE_URL/wp-json/"
	SITE_USER="$("$RIG/wc-php.sh" "\$u = get_users( array( 'role' => 'shop_manager' ) ); echo \$u[0]->user_login;")"
	[ -n "$SITE_USER" ] || { say "the rig has no shop manager"; exit 1; }
	"$RIG/wc-php.sh" "\$v = get_option( 'mvsync_api_key', null ); update_option( '$KEY_BACKUP_OPTION', array( 'had' => null !== \$v, 'value' => \$v ), false );" >/dev/null
	ORIGINAL_SETTINGS="$("$RIG/wc-php.sh" -f "$WORK/site-helper.php" settings)"
	"$RIG/wc-php.sh" -f "$WORK/site-helper.php" settings "$SUITE_SETTINGS" >/dev/null
	umask 077
	for login_and_file in "$SITE_USER:$password_file" "admin:$admin_password_file"; do
		"$RIG/wc-php.sh" "\$u = get_user_by( 'login', '${login_and_file%%:*}' ); \$c = WP_Application_Passwords::create_new_application_password( \$u->ID, array( 'name' => 'e2e-$STAMP' ) ); echo \$c[0];" >"${login_and_file#*:}"
	done
	umask 022
	HELPER_CMD="[\"$RIG/wc-php.sh\", \"-f\", \"$WORK/site-helper.php\"]"
	PHP_LOG="${WC_RIG_DIR:-/tmp/wc-rig}/logs/wp-debug.log"
else
	# Own ports and folder: other suites may run their sites at the same time.
	export WP_SITE_DIR="${MVSYNC_E2E_SITE_DIR:-/tmp/mvsync-e2e-site}"
	export WP_DB_PORT="${MVSYNC_E2E_DB_PORT:-3371}"
	export WP_HTTP_PORT="${MVSYNC_E2E_HTTP_PORT:-8371}"
	# shellcheck source=../lib/wp-site.sh
	source "$REPO_ROOT/tests/lib/wp-site.sh"
	wp_site_up
	SITE_URL="$WP_BASE_URL"
	REST_ROOT="$SITE_URL/?rest_route=/"
	SITE_USER=shopmanager
	MVSYNC_HTTP_HOST="127.0.0.1:$WP_HTTP_PORT" MVSYNC_WP_LOAD="$WP_SITE_ROOT/wp-load.php" \
		php "$WORK/site-helper.php" settings "$SUITE_SETTINGS" >/dev/null
	umask 077
	for login_and_file in "shopmanager:$password_file" "admin:$admin_password_file"; do
		E2E_LOGIN="${login_and_file%%:*}" wp_php -r '
$user = get_user_by( "login", getenv( "E2E_LOGIN" ) );
$created = WP_Application_Passwords::create_new_application_password( $user->ID, array( "name" => "e2e-" . time() ) );
if ( is_wp_error( $created ) ) { fwrite( STDERR, $created->get_error_message() . "\n" ); exit( 1 ); }
echo $created[0];
' >"${login_and_file#*:}"
	done
	umask 022
	export MVSYNC_HTTP_HOST="127.0.0.1:$WP_HTTP_PORT" MVSYNC_WP_LOAD="$WP_SITE_ROOT/wp-load.php"
	HELPER_CMD="[\"php\", \"$WORK/site-helper.php\"]"
	PHP_LOG="$WP_LOG_DIR/wp-debug.log"
fi
php_log_lines_before="$(wc -l <"$PHP_LOG" 2>/dev/null || echo 0)"

say "site $SITE_URL, simulator $SIM_URL, names prefixed $STAMP"
set +e
MVSYNC_E2E_MODE="$MODE" \
MVSYNC_E2E_STAMP="$STAMP" \
MVSYNC_E2E_REST_ROOT="$REST_ROOT" \
MVSYNC_E2E_SITE_URL="$SITE_URL" \
MVSYNC_E2E_SIM_URL="$SIM_URL" \
MVSYNC_E2E_API_KEY="$API_KEY" \
MVSYNC_E2E_USER="$SITE_USER" \
MVSYNC_E2E_PASSWORD_FILE="$password_file" \
MVSYNC_E2E_ADMIN_USER=admin \
MVSYNC_E2E_ADMIN_PASSWORD_FILE="$admin_password_file" \
MVSYNC_E2E_WASM_DIR="$WASM_PKG" \
MVSYNC_E2E_HELPER="$HELPER_CMD" \
MVSYNC_E2E_LOG_DIR="$WORK" \
	node --test --test-concurrency=1 --test-reporter=tap "$HERE/e2e.test.mjs" >"$WORK/node-test.tap" 2>"$WORK/node-test.err"
status=$?
set -e
# One line per scenario (named after what it proves), then the details of any failure.
grep -E '^\s*(ok|not ok) ' "$WORK/node-test.tap" | sed 's/^\s*//' >&2 || true
if [ "$status" -ne 0 ]; then
	say "failures (TAP):"
	awk '/^ *not ok /{show=1} show{print} /^ *\.\.\.$/{show=0}' "$WORK/node-test.tap" | head -150 >&2
	tail -30 "$WORK/node-test.err" >&2
	say "the worker's last output:"; tail -40 "$WORK/worker.stderr" >&2 2>/dev/null || true
	keep="${MVSYNC_E2E_KEEP_LOGS:-/tmp/mvsync-e2e-last-failure}"
	rm -rf "$keep"; mkdir -p "$keep"; cp "$WORK"/*.tap "$WORK"/*.err "$WORK"/worker.stderr "$WORK"/plugin-log.json "$keep"/ 2>/dev/null || true
	say "logs kept in $keep"
fi
new_notices="$(tail -n +"$((php_log_lines_before + 1))" "$PHP_LOG" 2>/dev/null | grep -E 'megaventory-sync|plugin-php' | head -10 || true)"
[ -n "$new_notices" ] && { say "PHP notices from the plugin were logged ($PHP_LOG):"; echo "$new_notices" >&2; }

passed="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$WORK/node-test.tap" | tail -1)"
failed="$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$WORK/node-test.tap" | tail -1)"
if [ -z "$passed" ] || [ -z "$failed" ]; then passed="${passed:-0}"; failed=$(( ${failed:-0} + 1 )); fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
