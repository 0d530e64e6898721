#!/usr/bin/env bash
# Regenerates crates/sync-core/tests/fixtures/wc/ from the real WooCommerce of the wc-rig.
#
#   tests/fixtures-capture/capture.sh            build the fx- sample shop, capture, probe hooks, delete it all
#   FX_KEEP=1 tests/fixtures-capture/capture.sh  same, but leave the sample shop on the rig
#
# Needs the rig to be up (/work/shared/wc-rig/wc-up.sh). WC_RIG_SCRIPTS overrides where the rig's
# scripts live. Every response body is re-encoded as pretty JSON (same values, readable Unicode).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
rig="${WC_RIG_SCRIPTS:-/work/shared/wc-rig}"
out="$repo/crates/sync-core/tests/fixtures/wc"
wc_php="$rig/wc-php.sh"
wc_api="$rig/wc-api.sh"

[ -x "$wc_php" ] && [ -x "$wc_api" ] || { echo "capture: no rig scripts in $rig" >&2; exit 1; }

pretty_json() {
  php -r '
    $text = stream_get_contents(STDIN);
    $value = json_decode($text);
    if (json_last_error() !== JSON_ERROR_NONE) { fwrite(STDERR, "not JSON: " . substr($text, 0, 200) . "\n"); exit(1); }
    echo json_encode($value, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION), "\n";'
}

# capture FILE REST_PATH: GET the path and write it pretty-printed to $out/FILE.
capture() {
  local file="$1" path="$2"
  mkdir -p "$(dirname "$out/$file")"
  "$wc_api" GET "/wc/v3/$path" | pretty_json > "$out/$file.tmp"
  mv "$out/$file.tmp" "$out/$file"
  echo "  $file  <-  GET /wc/v3/$path"
}

cleanup() {
  if [ "${FX_KEEP:-0}" != 1 ]; then
    echo "deleting the fx- sample shop: $("$wc_php" -f "$here/delete-sample-shop.php")"
  fi
}

echo "removing leftovers: $("$wc_php" -f "$here/delete-sample-shop.php")"
ids="$("$wc_php" -f "$here/create-sample-shop.php")"
trap cleanup EXIT
id() { php -r '$ids = json_decode($argv[1], true); $v = $ids; foreach (explode(".", $argv[2]) as $k) { $v = $v[$k]; } echo $v;' "$ids" "$1"; }

version="$("$wc_php" 'echo WC()->version;')"
echo "capturing from WooCommerce $version into $out"

capture products/simple.json               "products/$(id products.simple)"
capture products/variable.json             "products/$(id products.variable)"
capture products/variable-variations.json  "products/$(id products.variable)/variations?orderby=id&order=asc&per_page=100"
capture products/variation-inheriting.json "products/$(id products.variable)/variations/$(id products.variation_blue_m)"
capture products/no-sku.json               "products/$(id products.no_sku)"
capture products/html-emoji-rtl-title.json "products/$(id products.fancy_title)"
capture products/draft.json                "products/$(id products.draft)"
capture products/categories.json           "products/categories?search=fx-&orderby=id&order=asc"
capture products/attributes.json           "products/attributes"
capture customers/full.json                "customers/$(id customers.full)"
capture customers/empty-shipping.json      "customers/$(id customers.empty_shipping)"
capture coupons/percent.json               "coupons/$(id coupons.percent)"
capture coupons/fixed-cart.json            "coupons/$(id coupons.fixed_cart)"
capture coupons/fixed-product.json         "coupons/$(id coupons.fixed_product)"
capture taxes/rates.json                   "taxes?per_page=100&orderby=order&order=asc"
capture taxes/classes.json                 "taxes/classes"
capture orders/customer.json               "orders/$(id orders.customer)"
capture orders/guest.json                  "orders/$(id orders.guest)"
capture orders/deleted-product.json        "orders/$(id orders.deleted_product)"

# A paginated list call: the body, and its pagination headers in a side file.
list_path="products?search=fx-&per_page=3&page=1&orderby=id&order=asc"
capture products/list-page1.json "$list_path"
set -a
# shellcheck disable=SC1091
. "${WC_RIG_DIR:-/tmp/wc-rig}/credentials.env"
set +a
# The key pair goes to curl through a config on stdin, never on its command line.
headers="$(printf 'user = "%s:%s"\n' "$WC_CONSUMER_KEY" "$WC_CONSUMER_SECRET" |
  curl --silent --show-error --insecure --config - --dump-header - --output /dev/null \
    "$WC_HTTPS_URL/wp-json/wc/v3/$list_path")"
printf '%s' "$headers" | LIST_PATH="/wc/v3/$list_path" php -r '
  $wanted = array("x-wp-total" => "X-WP-Total", "x-wp-totalpages" => "X-WP-TotalPages", "link" => "Link");
  $found = array("request" => "GET " . getenv("LIST_PATH"));
  foreach (preg_split("/\r?\n/", stream_get_contents(STDIN)) as $line) {
    $parts = explode(":", $line, 2);
    if (count($parts) === 2 && isset($wanted[strtolower(trim($parts[0]))])) {
      $found[$wanted[strtolower(trim($parts[0]))]] = trim($parts[1]);
    }
  }
  if (!isset($found["X-WP-Total"], $found["X-WP-TotalPages"])) { fwrite(STDERR, "no pagination headers\n"); exit(1); }
  echo json_encode($found, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";' > "$out/products/list-page1.headers.json"
echo "  products/list-page1.headers.json  <-  response headers of the list call"

# Which hooks fire for which change, observed rather than read (HOOKS.md quotes it).
"$wc_php" -f "$here/probe-hooks.php" > "$out/HOOKS-observed.md.tmp"
mv "$out/HOOKS-observed.md.tmp" "$out/HOOKS-observed.md"
echo "  HOOKS-observed.md  <-  probe-hooks.php"

printf '{\n  "woocommerce_version": "%s",\n  "captured_by": "tests/fixtures-capture/capture.sh"\n}\n' "$version" > "$out/SOURCE.json"
echo "done"
