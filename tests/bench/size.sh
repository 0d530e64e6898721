#!/usr/bin/env bash
# Size of what a shop downloads and how soon the admin page is usable: the engine's .wasm (raw and
# gzip, the way a web server would send it), the plugin zip, and the admin page's time to
# interactive in headless Chromium on the CI stand-in site (median and p95 of repeated loads).
# Writes $BENCH_OUT/size.md.   tests/bench/size.sh [--quick]
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO_ROOT/target}"
BENCH_OUT="${BENCH_OUT:-$TARGET_DIR/bench}"
samples=30
[ "${1:-}" = --quick ] && samples=5
mkdir -p "$BENCH_OUT"

wasm="$TARGET_DIR/wasm-pkg/sync_wasm_bg.wasm"
zip="$REPO_ROOT/dist/megaventory-sync.zip"
[ -f "$wasm" ] && [ -f "$zip" ] || "$REPO_ROOT/build.sh" build >&2
raw=$(wc -c <"$wasm")
gz=$(gzip -9nc "$wasm" | wc -c)
zip_bytes=$(wc -c <"$zip")
verdict() { if [ "$1" -le "$2" ]; then echo met; else echo "missed ($(awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f×", a/b}'))"; fi; }

# The admin page suite on its own ports, with repeated loads of the page at the end of its checks.
log="$BENCH_OUT/size-admin-ui.log"
MVSYNC_UI_SITE_DIR=/tmp/mvsync-bench-ui MVSYNC_UI_DB_PORT=3325 MVSYNC_UI_HTTP_PORT=8325 \
	MVSYNC_UI_PRODUCTS=60 MVSYNC_UI_XSS=0 TTI_SAMPLES="$samples" "$REPO_ROOT/tests/admin-ui/run.sh" >"$log" 2>&1 || true
tti="$(sed -n 's/^admin page time to interactive over [0-9]* loads: //p' "$log" | tail -1)"
[ -n "$tti" ] || { echo "size bench: the admin page did not load; see $log" >&2; tti="not measured (see $log)"; }

{
	echo "## Size and time to interactive"
	echo
	echo "The engine's \`.wasm\` as built by \`./build.sh build\` (wasm-pack, release profile), the plugin zip,"
	echo "and the admin page (WordPress + MariaDB + plugin + stand-in, headless Chromium, the engine loaded"
	echo "in its Web Worker) from navigation start to the \`mvsync-interactive\` mark (config, queue and"
	echo "checkpoints loaded), over $samples loads after a first warm-up load."
	echo
	echo "| Figure | Value | Target | |"
	echo "|---|---|---|---|"
	echo "| sync_wasm_bg.wasm raw | $raw bytes | ≤ 400 KB (409,600) | $(verdict "$raw" 409600) |"
	echo "| sync_wasm_bg.wasm gzip -9 | $gz bytes | ≤ 150 KB (153,600) | $(verdict "$gz" 153600) |"
	echo "| dist/megaventory-sync.zip | $zip_bytes bytes | — | |"
	echo "| admin page time to interactive | $tti | — | |"
	echo
	echo "Reproduce: \`tests/bench/size.sh\` (after \`./build.sh build\`)."
} >"$BENCH_OUT/size.md"
cat "$BENCH_OUT/size.md"
