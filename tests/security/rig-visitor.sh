#!/usr/bin/env bash
# A visitor on real WooCommerce (../shared/wc-rig): storefront page, product page, add to cart and
# checkout through WooCommerce's Store API, with tests/php/tools/mu-visitor-probe.php linked into
# the rig's mu-plugins for the run (removed on exit). Checks, for every request: no outgoing HTTP
# request (but WordPress's own WP-Cron spawn), none at all from the plugin's code, no plugin asset, the API key never read, no plugin table touched — except the order's
# one outbox row at checkout. Ends with "N passed, N failed". Not part of CI (needs the rig).
#
#   WC_EXTRA_PLUGINS=$PWD/plugin-php /work/shared/wc-rig/wc-up.sh && tests/security/rig-visitor.sh
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RIG_DIR="${WC_RIG_DIR:-/tmp/wc-rig}"
# shellcheck disable=SC1091
. "$RIG_DIR/credentials.env"
BASE="$WC_BASE_URL"
PROBE_LINK="$RIG_DIR/wordpress/wp-content/mu-plugins/mvsync-visitor-probe.php"
WORK="$(mktemp -d)"
cleanup() { rm -f "$PROBE_LINK"; rm -rf "$WORK"; }
trap cleanup EXIT
mkdir -p "$(dirname "$PROBE_LINK")"
cp "$REPO_ROOT/tests/php/tools/mu-visitor-probe.php" "$PROBE_LINK"
chmod 644 "$PROBE_LINK"

passed=0; failed=0
check() { if [ "$2" = ok ]; then passed=$((passed + 1)); echo "PASS $1"; else failed=$((failed + 1)); echo "FAIL $1 — $2"; fi; }

# Judges one response body's probe comment: $1 name, $2 body file, $3 "order" when the outbox insert is allowed.
judge() {
	php -r '
		$body = file_get_contents( $argv[1] );
		if ( ! preg_match( "/<!--mvsync-visitor (.*?)-->/s", $body, $m ) ) { echo "no probe output"; exit; }
		$p = json_decode( $m[1], true );
		$bad = array();
		if ( 0 !== $p["current_user"] ) { $bad[] = "user " . $p["current_user"]; }
		// WordPress itself may spawn WP-Cron with a request to its own wp-cron.php (the rig runs cron).
		if ( $p["plugin_http"] ) { $bad[] = "http " . json_encode( $p["plugin_http"] ); }
		foreach ( $p["http"] as $url ) { if ( ! preg_match( "#/wp-cron\.php\?doing_wp_cron=#", $url ) ) { $bad[] = "http " . $url; } }
		if ( $p["assets"] ) { $bad[] = "assets " . json_encode( $p["assets"] ); }
		if ( isset( $p["option_reads"]["mvsync_api_key"] ) ) { $bad[] = "read the API key"; }
		$extra = array_diff( array_keys( $p["option_reads"] ), array( "mvsync_schema_version", "mvsync_settings" ) );
		if ( $extra ) { $bad[] = "options " . json_encode( $extra ); }
		foreach ( $p["queries"] as $q ) {
			if ( "order" !== $argv[2] || ! preg_match( "/^\s*INSERT INTO \S*mvsync_outbox/i", $q ) ) { $bad[] = "query " . substr( $q, 0, 100 ); }
		}
		echo $bad ? implode( "; ", $bad ) : "ok";
	' "$2" "${3:-}"
}

product_id="$(/work/shared/wc-rig/wc-php.sh '$p = wc_get_products( array( "limit" => 1, "status" => "publish", "type" => "simple", "stock_status" => "instock" ) ); echo $p ? $p[0]->get_id() : 0;' | tail -1)"
product_url="$(/work/shared/wc-rig/wc-php.sh "echo get_permalink( $product_id );" | tail -1)"
outbox_before="$(/work/shared/wc-rig/wc-php.sh 'global $wpdb; echo (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}mvsync_outbox" );' | tail -1)"

curl -s -o "$WORK/home" "$BASE/?mvsync_visitor_probe=1"
check "storefront page: the plugin stays out" "$(judge home "$WORK/home")"
curl -s -L -o "$WORK/product" "$product_url?mvsync_visitor_probe=1"
check "product page: the plugin stays out" "$(judge product "$WORK/product")"

JAR="$WORK/cookies"
curl -s -c "$JAR" -b "$JAR" -D "$WORK/cart.h" -o "$WORK/cart" "$BASE/wp-json/wc/store/v1/cart?mvsync_visitor_probe=1"
nonce="$(sed -n 's/^[Nn]once: *//p' "$WORK/cart.h" | tr -d '\r')"
check "cart read: the plugin stays out" "$(judge cart "$WORK/cart")"
curl -s -c "$JAR" -b "$JAR" -H "Nonce: $nonce" -H 'Content-Type: application/json' -o "$WORK/add" \
	-d "{\"id\": $product_id, \"quantity\": 1}" "$BASE/wp-json/wc/store/v1/cart/add-item?mvsync_visitor_probe=1"
check "add to cart: the plugin stays out" "$(judge add "$WORK/add")"
address='{"first_name":"Visitor","last_name":"Probe","address_1":"1 Main St","city":"Austin","state":"TX","postcode":"78701","country":"US","email":"visitor-probe@example.test","phone":"5550100"}'
curl -s -c "$JAR" -b "$JAR" -H "Nonce: $nonce" -H 'Content-Type: application/json' -o "$WORK/checkout" \
	-d "{\"billing_address\": $address, \"shipping_address\": $address, \"payment_method\": \"cod\"}" "$BASE/wp-json/wc/store/v1/checkout?mvsync_visitor_probe=1"
order_id="$(php -r '$b = file_get_contents( $argv[1] ); $b = preg_replace( "/<!--mvsync-visitor.*$/s", "", $b ); $j = json_decode( $b, true ); echo (int) ( $j["order_id"] ?? 0 );' "$WORK/checkout")"
if [ "$order_id" -gt 0 ]; then check "checkout placed order $order_id" ok; else check "checkout placed an order" "$(head -c 300 "$WORK/checkout")"; fi
check "checkout: the only statement of ours is the outbox insert" "$(judge checkout "$WORK/checkout" order)"
rows="$(/work/shared/wc-rig/wc-php.sh "global \$wpdb; echo wp_json_encode( \$wpdb->get_results( \"SELECT entity_type, entity_id FROM {\$wpdb->prefix}mvsync_outbox WHERE id > 0 ORDER BY id DESC LIMIT 5\", ARRAY_A ) ), ' ', (int) \$wpdb->get_var( \"SELECT COUNT(*) FROM {\$wpdb->prefix}mvsync_outbox WHERE entity_type = 'order' AND entity_id = $order_id\" );" | tail -1)"
count="${rows##* }"
if [ "$count" = 1 ]; then check "the order has exactly one outbox row" ok; else check "the order has exactly one outbox row" "$rows (before: $outbox_before rows in all)"; fi
# The order was only a probe: remove it again (the rig is shared).
[ "$order_id" -gt 0 ] && /work/shared/wc-rig/wc-php.sh "\$o = wc_get_order( $order_id ); if ( \$o ) { \$o->delete( true ); }" >/dev/null
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
