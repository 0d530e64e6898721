#!/usr/bin/env bash
# The Node worker against real WooCommerce 8.9.1 on the shared wc-rig (not part of ./build.sh
# test: the rig is a manual, shared resource). The plugin must be active there
# (WC_EXTRA_PLUGINS=plugin-php wc-up.sh). Megaventory is a private simulator; the worker talks to
# it directly. Everything created (products, the application password) is removed at the end.
#
#   tests/worker/rig.sh
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO_ROOT/target}"
RIG="${MVSYNC_RIG_SCRIPTS:-$REPO_ROOT/../shared/wc-rig}"
WORKER="$REPO_ROOT/worker/megaventory-worker.mjs"
say() { printf '[worker-rig] %s\n' "$*" >&2; }

"$RIG/wc-up.sh" >/dev/null
# shellcheck disable=SC1091
. "${WC_RIG_DIR:-/tmp/wc-rig}/credentials.env"
cargo build -q -p megaventory-sim --bin megaventory-sim
[ -f "$TARGET_DIR/wasm-pkg/sync_wasm_bg.wasm" ] || { say "build the wasm package first (./build.sh build)"; exit 1; }

work="$(mktemp -d)"
sim_pid=""
stamp="$(date +%s)"
cleanup() {
	say "cleaning up"
	"$RIG/wc-php.sh" "foreach ( wc_get_products( array( 'limit' => -1, 'status' => 'any', 'sku' => 'WKR-$stamp' ) ) as \$p ) { \$p->delete( true ); }
" >/dev/null 2>&1 || true
	# Drain the delete rows this left, so the shared rig's outbox keeps no trace of the run.
	if [ -f "$work/password" ] && [ -n "$sim_pid" ]; then
		node "$WORKER" run --outbox-interval-ms 200 >/dev/null 2>&1 &
		local drain=$!
		sleep 5; kill -TERM "$drain" 2>/dev/null; wait "$drain" 2>/dev/null || true
	fi
	"$RIG/wc-php.sh" "foreach ( get_users( array( 'role' => 'shop_manager' ) ) as \$u ) { foreach ( WP_Application_Passwords::get_user_application_passwords( \$u->ID ) as \$item ) { if ( 'worker-rig-$stamp' === \$item['name'] ) { WP_Application_Passwords::delete_application_password( \$u->ID, \$item['uuid'] ); } } }" >/dev/null 2>&1 || true
	[ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

"$TARGET_DIR/debug/megaventory-sim" --listen 127.0.0.1:0 >"$work/sim.out" 2>&1 &
sim_pid=$!
for _ in $(seq 1 100); do sim_url="$(sed -n '1s/^listening on //p' "$work/sim.out")"; [ -n "$sim_url" ] && break; sleep 0.1; done
curl -sf -XPOST "$sim_url/_sim/reset" -d '{"accounts": [{"api_key": "worker-rig@m1"}]}' >/dev/null

umask 077
manager="$("$RIG/wc-php.sh" "\$u = get_users( array( 'role' => 'shop_manager' ) ); echo \$u[0]->user_login;")"
"$RIG/wc-php.sh" "\$u = get_user_by( 'login', '$manager' ); \$c = WP_Application_Passwords::create_new_application_password( \$u->ID, array( 'name' => 'worker-rig-$stamp' ) ); echo \$c[0];" >"$work/password"
umask 022

say "creating a simple and a variable product (SKUs WKR-$stamp-…)"
ids="$("$RIG/wc-php.sh" "
\$simple = new WC_Product_Simple();
\$simple->set_props( array( 'name' => 'Rig mug $stamp', 'sku' => 'WKR-$stamp-MUG', 'regular_price' => '12.50', 'manage_stock' => true, 'stock_quantity' => 7, 'status' => 'publish' ) );
\$simple->save();
\$attribute = new WC_Product_Attribute();
\$attribute->set_name( 'Size' ); \$attribute->set_options( array( 'S', 'M' ) ); \$attribute->set_visible( true ); \$attribute->set_variation( true );
\$variable = new WC_Product_Variable();
\$variable->set_props( array( 'name' => 'Rig tee $stamp', 'sku' => 'WKR-$stamp-TEE', 'status' => 'publish' ) );
\$variable->set_attributes( array( \$attribute ) );
\$variable->save();
foreach ( array( 'S', 'M' ) as \$size ) {
	\$v = new WC_Product_Variation();
	\$v->set_props( array( 'parent_id' => \$variable->get_id(), 'sku' => 'WKR-$stamp-TEE-' . \$size, 'regular_price' => '20.00', 'manage_stock' => true, 'stock_quantity' => 3 ) );
	\$v->set_attributes( array( 'size' => \$size ) );
	\$v->save();
}
echo \$simple->get_id();
")"
say "simple product id $ids"

export MVSYNC_SITE_URL="$WC_BASE_URL" MVSYNC_USER="$manager" MVSYNC_APP_PASSWORD_FILE="$work/password" \
	MVSYNC_MEGAVENTORY_URL="$sim_url/v2017a/" MVSYNC_API_KEY="worker-rig@m1" MVSYNC_WASM_DIR="$TARGET_DIR/wasm-pkg"
run() { say "\$ megaventory-worker $*"; node "$WORKER" "$@"; say "exit $?"; }

run status | head -c 600; echo >&2
run initial-sync | head -c 400; echo >&2
run import products
run import quantity --direction from_megaventory
say "products in the simulator: $(curl -s "$sim_url/_sim/state?account=m1" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const a=JSON.parse(s).accounts[0];console.log(a.mvProducts.filter(p=>!p.deleted).map(p=>p.ProductSKU+"="+p.ProductSellingPrice).join(" "))})')"

say "continuous sync: a price change saved in WooCommerce must reach the simulator"
node "$WORKER" run --poll-interval 5 --outbox-interval-ms 200 2>"$work/run.err" &
worker_pid=$!
sleep 2
"$RIG/wc-php.sh" "\$p = wc_get_product( $ids ); \$p->set_regular_price( '13.75' ); \$p->save();"
saved_at=$(date +%s%N)
for _ in $(seq 1 300); do
	price="$(curl -s "$sim_url/_sim/state?account=m1" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s).accounts[0].mvProducts.find(p=>p.ProductSKU===process.argv[1]&&!p.deleted);console.log(p?p.ProductSellingPrice:"")})' "WKR-$stamp-MUG")"
	[ "$price" = "13.75" ] && break
	sleep 0.05
done
say "price in the simulator: $price, $(( ($(date +%s%N) - saved_at) / 1000000 )) ms after the save"
kill -TERM "$worker_pid"
wait "$worker_pid"; code=$?
say "run exited with $code after SIGTERM"
cat "$work/run.err" >&2
[ "$price" = "13.75" ] && [ "$code" -eq 0 ]
