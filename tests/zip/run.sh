#!/usr/bin/env bash
# The plugin zip as a user gets it: its contents (everything a site needs, nothing else), then a
# clean WordPress that installs it through WordPress's own upload code (Plugin_Upgrader) and
# activates it next to the WooCommerce stand-in; the admin page and its assets (the .wasm too)
# are served, and the Node worker runs from the unpacked folder. Ends with "N passed, N failed".
#
#   tests/zip/run.sh [ZIP]          default dist/megaventory-sync.zip (./build.sh build makes it)
set -uo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ZIP="${1:-$REPO_ROOT/dist/megaventory-sync.zip}"
# Own ports and folder: other suites may run their sites at the same time.
export WP_SITE_DIR="${MVSYNC_ZIP_SITE_DIR:-/tmp/mvsync-zip-site}"
export WP_DB_PORT="${MVSYNC_ZIP_DB_PORT:-3361}"
export WP_HTTP_PORT="${MVSYNC_ZIP_HTTP_PORT:-8361}"
# shellcheck source=../lib/wp-site.sh
source "$REPO_ROOT/tests/lib/wp-site.sh"
# shellcheck source=../../tools/lib/zip-site.sh
source "$REPO_ROOT/tools/lib/zip-site.sh"
trap wp_site_down EXIT

PASSED=0
FAILED=0
check() {
	local name="$1"; shift
	if "$@"; then PASSED=$((PASSED + 1)); echo "ok - $name"; else FAILED=$((FAILED + 1)); echo "not ok - $name"; fi
}
finish() { echo "$PASSED passed, $FAILED failed"; [ "$FAILED" -eq 0 ]; exit $?; }

if [ ! -f "$ZIP" ]; then
	echo "no zip at $ZIP: run ./build.sh build first" >&2
	FAILED=1; finish
fi

for tool in unzip msgfmt; do
	command -v "$tool" >/dev/null && continue
	DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends unzip gettext >/dev/null
	break
done

WORK="$WP_SITE_DIR/check"
rm -rf "$WORK"; mkdir -p "$WORK"
unzip -Z1 "$ZIP" >"$WORK/entries"

# ---------------------------------------------------------------- contents
only_one_top_folder() { ! grep -v '^megaventory-sync/' "$WORK/entries"; }
has_required_files() {
	local missing=0 file
	for file in megaventory-sync.php uninstall.php readme.txt LICENSE languages/megaventory-sync.pot \
		src/Plugin.php src/autoload.php assets/admin-app.js assets/drainer.js assets/engine-worker.js \
		assets/wasm/sync_wasm.js assets/wasm/sync_wasm_bg.wasm assets/wasm/.htaccess \
		worker/megaventory-worker.mjs worker/README.md worker/pkg/sync_wasm.js worker/pkg/sync_wasm_bg.wasm; do
		grep -qx "megaventory-sync/$file" "$WORK/entries" || { echo "  missing: $file" >&2; missing=1; }
	done
	return $missing
}
no_forbidden_files() {
	# Sources, tests, maps, type declarations, build and dev files, dotfiles (but the one .htaccess).
	local bad
	bad="$(grep -E '\.(map|rs|ts|toml|lock|dist|xml|cjs|sh)$|/(tests?|node_modules|vendor|crates|admin-ui|target)/|/Cargo|/package(-lock)?\.json$|/\.[^/]+$|/README\.md$|/composer\.' "$WORK/entries" \
		| grep -vx 'megaventory-sync/assets/wasm/.htaccess' | grep -vx 'megaventory-sync/worker/README.md')"
	[ -z "$bad" ] || { echo "  forbidden: $bad" >&2; return 1; }
}
only_shipped_kinds() {
	# Every file is one of the kinds a site runs or reads.
	local odd
	odd="$(grep -v '/$' "$WORK/entries" | grep -vE '\.(php|js|mjs|wasm|txt|pot|md)$|/LICENSE$|/\.htaccess$')"
	[ -z "$odd" ] || { echo "  unexpected: $odd" >&2; return 1; }
}
check "the zip holds one folder, megaventory-sync/" only_one_top_folder
check "the zip holds the plugin, admin UI, .wasm + glue, worker, readme, licence, template" has_required_files
check "the zip holds no sources, tests, maps, dotfiles or dev files" no_forbidden_files
check "every file in the zip is of a shipped kind" only_shipped_kinds

unzip -q "$ZIP" -d "$WORK/unpacked"
PLUGIN_DIR="$WORK/unpacked/megaventory-sync"

readme_is_wordpress_format() {
	local readme="$PLUGIN_DIR/readme.txt" version ok=0 header section
	version="$(sed -n 's/^ \* Version: *//p' "$PLUGIN_DIR/megaventory-sync.php")"
	head -1 "$readme" | grep -qx '=== Megaventory Sync ===' || { echo "  first line is not === Megaventory Sync ===" >&2; ok=1; }
	for header in 'Requires at least: ' 'Tested up to: ' 'Requires PHP: ' 'Requires Plugins: woocommerce' "Stable tag: $version" 'License: GPLv2 or later' 'License URI: '; do
		grep -q "^$header" "$readme" || { echo "  readme.txt lacks '$header'" >&2; ok=1; }
	done
	for section in Description Installation 'Frequently Asked Questions' Changelog; do
		grep -qx "== $section ==" "$readme" || { echo "  readme.txt lacks section $section" >&2; ok=1; }
	done
	grep -q "= $version =" "$readme" || { echo "  the changelog has no entry for $version" >&2; ok=1; }
	grep -qi 'node' "$readme" || { echo "  the installation does not explain the Node worker" >&2; ok=1; }
	return $ok
}
licence_is_gpl2() { grep -q 'GNU GENERAL PUBLIC LICENSE' "$PLUGIN_DIR/LICENSE" && grep -q 'Version 2, June 1991' "$PLUGIN_DIR/LICENSE" && grep -qi 'any later version' "$PLUGIN_DIR/LICENSE"; }
template_has_plugin_strings() {
	local pot="$PLUGIN_DIR/languages/megaventory-sync.pot"
	# PHP strings (src/), the admin page's (assets/admin-app.js) with their plural pairs.
	grep -q '^msgid "Megaventory"$' "$pot" && [ "$(grep -c '^msgid "' "$pot")" -gt 50 ] && grep -q 'X-Domain: megaventory-sync' "$pot" \
		&& grep -q '^#: src/' "$pot" && grep -q '^#: assets/admin-app.js' "$pot" && grep -q '^msgid_plural ' "$pot" \
		&& msgfmt --check-format -o /dev/null "$pot"
}
wasm_copies_match() {
	cmp -s "$PLUGIN_DIR/assets/wasm/sync_wasm_bg.wasm" "$PLUGIN_DIR/worker/pkg/sync_wasm_bg.wasm" \
		&& head -c 4 "$PLUGIN_DIR/assets/wasm/sync_wasm_bg.wasm" | od -An -tx1 | grep -q '00 61 73 6d'
}
htaccess_sets_wasm_type() { grep -q '^[[:space:]]*AddType application/wasm \.wasm' "$PLUGIN_DIR/assets/wasm/.htaccess"; }
check "readme.txt is in WordPress.org format (headers, sections, changelog, Node worker)" readme_is_wordpress_format
check "LICENSE is the GPL version 2 (or later) text" licence_is_gpl2
check "languages/megaventory-sync.pot holds the PHP and admin-page strings and is valid gettext" template_has_plugin_strings
check "the .wasm is a WebAssembly module, the same in assets/ and worker/pkg/" wasm_copies_match
check "assets/wasm/.htaccess declares application/wasm" htaccess_sets_wasm_type

# ---------------------------------------------------------------- the Node worker, from the unpacked zip
worker_help_runs() {
	local out
	out="$(cd "$WORK" && node "$PLUGIN_DIR/worker/megaventory-worker.mjs" --help 2>&1)" || { echo "$out" | tail -5 >&2; return 1; }
	grep -q 'preview' <<<"$out"
}
worker_preview_runs() {
	# No --wasm-dir: the worker must find the engine in its own pkg/ folder.
	local out
	out="$(cd "$WORK" && node "$PLUGIN_DIR/worker/megaventory-worker.mjs" preview product \
		"$REPO_ROOT/crates/sync-core/tests/fixtures/wc/products/simple.json" 2>"$WORK/preview.err")" || { tail -5 "$WORK/preview.err" >&2; return 1; }
	node -e 'const p = JSON.parse(process.argv[1]); if (!(p.requests.length >= 1 && p.requests[0].operation === "ProductUpdate")) process.exit(1);' "$out"
}
check "worker/megaventory-worker.mjs --help runs from the unpacked zip" worker_help_runs
check "worker/megaventory-worker.mjs preview runs on worker/pkg/ from the unpacked zip" worker_preview_runs

# ---------------------------------------------------------------- a clean WordPress installs the zip
wp_install_packages
site_ok=1
wp_start_mariadb && zip_site_build /usr/share/wordpress && zip_site_add_standin \
	&& zip_site_install "$ZIP" >"$WORK/install.json" 2>"$WORK/install.err" && wp_start_http || site_ok=0
installed_through_upload() {
	[ "$site_ok" = 1 ] && grep -q '"installed":"megaventory-sync\\/megaventory-sync.php"' "$WORK/install.json" && return 0
	cat "$WORK/install.err" 2>/dev/null >&2
	tail -5 "$WP_LOG_DIR/mariadb.err" "$WP_LOG_DIR/http.log" 2>/dev/null >&2
	return 1
}
check "WordPress installs the zip with Plugin_Upgrader (Add New → Upload)" installed_through_upload
[ "$site_ok" = 1 ] || finish

installed_copy_is_the_zip() {
	local dir="$WP_SITE_ROOT/wp-content/plugins/megaventory-sync"
	[ -d "$dir" ] && [ ! -L "$dir" ] && diff -r "$PLUGIN_DIR" "$dir" >/dev/null
}
plugin_is_active() {
	[ "$(wp_php -r 'require_once ABSPATH . "wp-admin/includes/plugin.php"; echo is_plugin_active( "megaventory-sync/megaventory-sync.php" ) && class_exists( "\\MegaventorySync\\Plugin" ) ? "yes" : "no";')" = yes ]
}
plugin_tables_exist() {
	[ "$(wp_php -r 'global $wpdb; echo $wpdb->get_var( "SHOW TABLES LIKE \"{$wpdb->prefix}mvsync_outbox\"" ) ? "yes" : "no";')" = yes ]
}
check "the installed plugin is a real folder equal to the zip's" installed_copy_is_the_zip
check "the plugin is active" plugin_is_active
check "activation created the plugin's tables" plugin_tables_exist

COOKIES="$WORK/cookies"
log_in() {
	curl -s -o /dev/null -c "$COOKIES" -b 'wordpress_test_cookie=WP%20Cookie%20check' \
		--data-urlencode 'log=admin' --data-urlencode 'pwd=admin-password' --data-urlencode 'testcookie=1' \
		--data-urlencode "redirect_to=$WP_BASE_URL/wp-admin/" "$WP_BASE_URL/wp-login.php"
	grep -q 'wordpress_logged_in' "$COOKIES"
}
admin_page_renders() {
	curl -s -b "$COOKIES" -o "$WORK/admin-page.html" -w '%{http_code}' "$WP_BASE_URL/wp-admin/admin.php?page=mvsync" >"$WORK/admin-page.status"
	[ "$(cat "$WORK/admin-page.status")" = 200 ] && grep -q 'id="mvsync-app"' "$WORK/admin-page.html" \
		&& grep -q 'wp-content/plugins/megaventory-sync/assets/admin-app.js' "$WORK/admin-page.html"
}
check "an administrator logs in to wp-admin" log_in
check "WooCommerce → Megaventory renders and loads assets/admin-app.js" admin_page_renders

serves_file() {
	# serves_file PATH EXPECTED_TYPE_PREFIX: status 200, the type, and the very bytes of the zip.
	local path="$1" type="$2" got
	got="$(curl -s -o "$WORK/served" -w '%{http_code} %{content_type}' "$WP_BASE_URL/wp-content/plugins/megaventory-sync/$path")"
	[[ "$got" =~ ^200\ $type ]] || { echo "  $path: $got" >&2; return 1; }
	cmp -s "$WORK/served" "$PLUGIN_DIR/$path"
}
check "assets/admin-app.js is served" serves_file assets/admin-app.js '(text|application)/javascript'
check "assets/engine-worker.js is served" serves_file assets/engine-worker.js '(text|application)/javascript'
check "assets/wasm/sync_wasm.js is served" serves_file assets/wasm/sync_wasm.js '(text|application)/javascript'
check "assets/wasm/sync_wasm_bg.wasm is served as application/wasm" serves_file assets/wasm/sync_wasm_bg.wasm 'application/wasm'

no_plugin_notices() { ! grep -E 'megaventory-sync' "$WP_LOG_DIR/wp-debug.log" >&2; }
check "no PHP notice from the plugin was logged" no_plugin_notices

finish
