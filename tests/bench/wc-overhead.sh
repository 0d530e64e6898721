#!/usr/bin/env bash
# Overhead of Megaventory Sync in WooCommerce: the time the plugin adds to a product save, a
# variation save, an order created at checkout, and a storefront page view, each with the plugin
# active vs inactive in the same run (median and p95 of 1,000; --quick: 100), and the database
# queries of a storefront page view, active vs inactive, naming the ones of ours.
#
#   tests/bench/wc-overhead.sh [--quick] [--rig]
#
# Default: the CI stand-in site (private MariaDB + Debian's WordPress + the WooCommerce stand-in),
# state in WP_SITE_DIR (default /tmp/mvsync-bench-wc), MariaDB on WP_DB_PORT (3321), php -S on
# WP_HTTP_PORT (8321), all stopped on exit. --rig: the same measurements on real WooCommerce too
# (/work/shared/wc-rig, brought up with wc-up.sh if it is down, and left up; a bench-only
# mu-plugin is copied into it for the page views and removed on exit). The rig's figures are
# kept in $BENCH_OUT/wc-overhead-rig.md and shown, with their date, by later runs without --rig.
# Writes $BENCH_OUT/wc-overhead.md. Figures are printed, never asserted.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_OUT="${BENCH_OUT:-${CARGO_TARGET_DIR:-$REPO_ROOT/target}/bench}"
quick=0; rig=0
for arg in "$@"; do
	case "$arg" in
		--quick) quick=1 ;;
		--rig) rig=1 ;;
		*) echo "usage: tests/bench/wc-overhead.sh [--quick] [--rig]" >&2; exit 2 ;;
	esac
done
# Each case stops at N rounds or after case_seconds, so a busy machine keeps the budget (the
# fragment shows the rounds that ran).
if [ "$quick" = 1 ]; then n=100; case_seconds=10; else n=1000; case_seconds=45; fi
mkdir -p "$BENCH_OUT"
work="$BENCH_OUT/wc-overhead.work"
rm -rf "$work"; mkdir -p "$work"
SHARED="${MVSYNC_SHARED_DIR:-$REPO_ROOT/../shared}"
RIG_DIR="${WC_RIG_DIR:-/tmp/wc-rig}"
rig_mu="$RIG_DIR/wordpress/wp-content/mu-plugins/mvsync-bench-toggle.php"
rig_product=''

export WP_SITE_DIR="${WP_SITE_DIR:-/tmp/mvsync-bench-wc}"
export WP_DB_PORT="${WP_DB_PORT:-3321}"
export WP_HTTP_PORT="${WP_HTTP_PORT:-8321}"
# shellcheck source=../lib/wp-site.sh
. "$REPO_ROOT/tests/lib/wp-site.sh"
cleanup() {
	wp_site_down
	rm -f "$rig_mu"
	if [ -n "$rig_product" ]; then
		"$SHARED/wc-rig/wc-php.sh" "wp_delete_post( $rig_product, true );" >/dev/null 2>&1 || true
	fi
}
trap cleanup EXIT
command -v jq >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends jq >/dev/null
load() { cut -d' ' -f1-3 /proc/loadavg; }
load_start="$(load)"
started=$SECONDS

# ---- the stand-in site ----
wp_site_up >"$work/site.log" 2>&1 || { cat "$work/site.log" >&2; echo "wc-overhead: the site did not start" >&2; exit 1; }
ln -sfn "$REPO_ROOT/tests/bench/php/mu-bench-toggle.php" "$WP_SITE_ROOT/wp-content/mu-plugins/mvsync-bench-toggle.php"
echo "stand-in: saves and orders, N=$n" >&2
wp_php "$REPO_ROOT/tests/bench/php/wc-overhead.php" "$WP_SITE_ROOT/wp-load.php" "$n" "$case_seconds" >"$work/standin-saves.json"
page_url="$(wp_php -r '$p = new WC_Product_Simple(); $p->set_name( "Overhead bench page" ); $p->set_regular_price( "9" ); $p->set_status( "publish" ); $p->save(); echo get_permalink( $p->get_id() );')"
echo "stand-in: page views of $page_url" >&2
php "$REPO_ROOT/tests/bench/php/page-client.php" "$page_url" "$n" "$case_seconds" >"$work/standin-page.json"
jq -c . "$work/standin-saves.json" "$work/standin-page.json" >&2
wp_site_down

# ---- the real WooCommerce rig ----
if [ "$rig" = 1 ]; then
	WC_EXTRA_PLUGINS="$REPO_ROOT/plugin-php" "$SHARED/wc-rig/wc-up.sh" >"$work/rig-up.log" 2>&1 || { cat "$work/rig-up.log" >&2; echo "wc-overhead: the rig did not start" >&2; exit 1; }
	# php-fpm and wc-php.sh run as www-data: let them read the bench files.
	chmod o+rx "$REPO_ROOT" "$REPO_ROOT/tests" "$REPO_ROOT/tests/bench" "$REPO_ROOT/tests/bench/php" 2>/dev/null || true
	# shellcheck disable=SC1091
	. "$RIG_DIR/credentials.env"
	echo "rig: saves and orders, N=$n" >&2
	"$SHARED/wc-rig/wc-php.sh" -f "$REPO_ROOT/tests/bench/php/wc-overhead.php" "$n" "$case_seconds" | tail -1 >"$work/rig-saves.json"
	install -m 0644 "$REPO_ROOT/tests/bench/php/mu-bench-toggle.php" "$rig_mu"
	rig_product="$("$SHARED/wc-rig/wc-php.sh" '$p = new WC_Product_Simple(); $p->set_name( "Overhead bench page" ); $p->set_regular_price( "9" ); $p->set_status( "publish" ); $p->save(); echo $p->get_id();' | tail -1)"
	rig_url="$("$SHARED/wc-rig/wc-php.sh" "echo get_permalink( $rig_product );" | tail -1)"
	echo "rig: page views of $rig_url" >&2
	php "$REPO_ROOT/tests/bench/php/page-client.php" "$rig_url" "$n" "$case_seconds" >"$work/rig-page.json"
	jq -c . "$work/rig-saves.json" "$work/rig-page.json" >&2
fi
load_end="$(load)"

# ---- the fragment ----
verdict() { awk -v v="$1" -v t="$2" 'BEGIN{ if (v == "" || v == "null") print "not measured"; else if (v + 0 < t + 0) print "met"; else print "missed" }'; }
# Rows of one site's table: SITE is standin or rig.
rows() {
	local site="$1" saves="$work/$1-saves.json" page="$work/$1-page.json" name label added ours
	for name in product_save variation_save checkout_order; do
		case "$name" in
			product_save) label="product save" ;;
			variation_save) label="variation save" ;;
			checkout_order) label="checkout order (created, then paid)" ;;
		esac
		added=$(jq -r ".cases.$name | .active_median_ms - .inactive_median_ms | . * 1000 | round / 1000" "$saves")
		ours=$(jq -r ".cases.$name.ours_median_ms" "$saves")
		echo "| $label | $(jq -r ".cases.$name | \"\(.active_median_ms) / \(.active_p95_ms)\"" "$saves") | $(jq -r ".cases.$name | \"\(.inactive_median_ms) / \(.inactive_p95_ms)\"" "$saves") | $added ms (in our callbacks: median $ours, p95 $(jq -r ".cases.$name.ours_p95_ms" "$saves")) | $(jq -r ".cases.$name.rounds" "$saves") | < 1 ms | $(verdict "$ours" 1) |"
	done
	added=$(jq -r '.active.server_median_ms - .inactive.server_median_ms | . * 1000 | round / 1000' "$page")
	echo "| storefront product page (server time) | $(jq -r '.active | "\(.server_median_ms) / \(.server_p95_ms)"' "$page") | $(jq -r '.inactive | "\(.server_median_ms) / \(.server_p95_ms)"' "$page") | $added ms (in our callbacks: median $(jq -r '.active.ours_median_ms' "$page"), p95 $(jq -r '.active.ours_p95_ms' "$page"); loading the plugins' files: $(jq -r '.active.loading_median_ms' "$page") vs $(jq -r '.inactive.loading_median_ms' "$page")) | $(jq -r .n "$page") | — | |"
	ours=$(jq -r '.queries.ours | length' "$page")
	echo "| storefront page: database queries (median of 5) | $(jq -r .queries.active "$page") | $(jq -r .queries.inactive "$page") | $(jq -r '.queries.active - .queries.inactive' "$page") (counts: $(jq -r '.queries.active_all | join(",")' "$page") vs $(jq -r '.queries.inactive_all | join(",")' "$page")); ours: $ours | 5 | 0 of ours | $([ "$ours" = 0 ] && echo met || echo "missed: $(jq -r '.queries.ours | join("; ")' "$page")") |"
}
header() {
	echo "| Figure (ms: median / p95) | active | inactive | added by the plugin | rounds | target | |"
	echo "|---|---|---|---|---|---|---|"
}
describe() {
	local saves="$work/$1-saves.json"
	echo "WooCommerce $(jq -r .woocommerce "$saves"), HPOS $(jq -r 'if .hpos then "on" else "off" end' "$saves"), MariaDB $(jq -r '.mariadb | split("-")[0]' "$saves") with innodb_flush_log_at_trx_commit=$(jq -r .flush_at_commit "$saves"); $(jq -r .our_callbacks "$saves") callbacks of ours detached for \"inactive\"."
}
{
	echo "## Overhead in WooCommerce"
	echo
	echo "Saves and orders run in one PHP process through WooCommerce's CRUD (\`WC_Product::save()\`, a"
	echo "variation's \`save()\`, \`wc_create_order()\` then status \`processing\`, as a checkout does); rounds"
	echo "alternate the plugin active (its callbacks attached, each inside a timer) and inactive (every callback"
	echo "it registered detached, as a deactivated plugin leaves a save); before each active save the bench marks"
	echo "our rows done, so every save writes a new outbox row. \"Added by the plugin\" is the difference of the"
	echo "medians (noisy on a shared machine); the precise figure is the time inside our callbacks. Page views"
	echo "are real HTTP requests for a product page, alternating a request with the plugin loaded and one with"
	echo "it left out of the active plugins (a bench-only mu-plugin, \`tests/bench/php/mu-bench-toggle.php\`);"
	echo "the server time runs from PHP's request start to shutdown (the same mu-plugin also times our callbacks"
	echo "and the loading of the plugins' files, muplugins_loaded → plugins_loaded); queries are counted with SAVEQUERIES in"
	echo "5 separate requests per side (medians: WooCommerce picks related products at random), and \"ours\" are the"
	echo "queries, in any of them, that touch our tables, options or transients or are sent from our code."
	echo "Machine: 2 cores shared with other jobs; load average $load_start at the start, $load_end at the end."
	echo
	echo "### CI stand-in site"
	echo
	describe standin
	echo
	header
	rows standin
	if [ "$rig" = 1 ]; then
		{
			echo "### Real WooCommerce (wc-rig, nginx + php-fpm), measured $(date -u '+%Y-%m-%d %H:%M UTC')"
			echo
			describe rig
			echo
			header
			rows rig
		} >"$BENCH_OUT/wc-overhead-rig.md"
	fi
	if [ -f "$BENCH_OUT/wc-overhead-rig.md" ]; then
		echo
		cat "$BENCH_OUT/wc-overhead-rig.md"
	fi
	echo
	echo "Whole run: $((SECONDS - started)) s. Reproduce: \`tests/bench/wc-overhead.sh$([ "$quick" = 1 ] && echo ' --quick')$([ "$rig" = 1 ] && echo ' --rig')\` (raw figures in \`$work/\`)."
} >"$BENCH_OUT/wc-overhead.md"
cat "$BENCH_OUT/wc-overhead.md"
