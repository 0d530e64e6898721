#!/usr/bin/env bash
# Megaventory Sync build entry point. Every command installs what it needs when it is missing,
# so each one works on a fresh Debian 12 machine (as root, or with sudo available).
#
#   ./build.sh            build everything, pack dist/megaventory-sync.zip, then run the local demo
#   ./build.sh build      build everything and pack the zip (no demo)
#   ./build.sh test       run every test suite (what CI runs)
#   ./build.sh demo [--woocommerce PATH] [--wordpress PATH]   the local demo (tools/demo.sh)
#   ./build.sh demo stop  stop a demo running in the background
#   ./build.sh bench [--quick]   every benchmark in tests/bench/ → BENCHMARKS.md (--quick: a
#                         smaller run in a few minutes, written to target/bench/BENCHMARKS.md)
#   ./build.sh setup      install the toolchain only
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

WASM_BINDGEN_VERSION="0.2.130"   # must equal the `wasm-bindgen = "=…"` pin in Cargo.toml
WASM_PACK_VERSION="0.15.1"
export PATH="$HOME/.cargo/bin:$PATH"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

log() { printf '[build %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

APT_UPDATED=0
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$APT_UPDATED" -eq 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  log "installing Debian packages: ${missing[*]}"
  # Never Debian's binaryen: its wasm-opt corrupts wasm-bindgen output (see wasm-toolchain notes).
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_rust() {
  if ! command -v cargo >/dev/null; then
    log "cargo is missing: install Rust with rustup first (https://rustup.rs)"; exit 1
  fi
  rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
    || { log "adding the wasm32-unknown-unknown target"; rustup target add wasm32-unknown-unknown; }
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
    log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
    # No --locked: its lock file pins a crate version our registry does not serve.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  if ! command -v wasm-pack >/dev/null; then
    log "installing wasm-pack $WASM_PACK_VERSION (about 2 minutes)"
    cargo install --locked wasm-pack --version "$WASM_PACK_VERSION"
  fi
}

ensure_node() {
  command -v node >/dev/null || apt_install nodejs npm
}

ensure_chromium() {
  apt_install chromium chromium-driver
  export CHROMEDRIVER=/usr/bin/chromedriver
}

setup() {
  ensure_rust
  ensure_node
  # The plugin zip: zip/unzip to pack and check it, gettext (xgettext, msgcat) for the template.
  command -v zip >/dev/null && command -v unzip >/dev/null && command -v msgcat >/dev/null \
    || apt_install zip unzip gettext
}

build_native() {
  log "building the simulator (native profile)"
  cargo build -p megaventory-sim --profile native --bin megaventory-sim
}

# The engine's .wasm + web-target glue, for the admin page's worker and the Node worker.
build_wasm() {
  log "building the sync engine's wasm package (wasm-pack, --target web)"
  wasm-pack build crates/sync-wasm --release --target web --mode no-install --out-dir "$TARGET_DIR/wasm-pkg"
  local wasm="$TARGET_DIR/wasm-pkg/sync_wasm_bg.wasm"
  log "sync_wasm_bg.wasm: $(wc -c <"$wasm") bytes raw, $(gzip -9nc "$wasm" | wc -c) bytes gzip"
}

# The admin page's scripts and worker (plain ES modules joined by a small Node script, no npm
# packages) and a copy of the wasm package, into plugin-php/assets/.
build_admin_ui() {
  log "building the admin UI (admin-ui/build.mjs)"
  node admin-ui/build.mjs
}

# dist/megaventory-sync.zip from the built outputs; prints its size and the .wasm's.
package_zip() {
  log "packing the plugin (tools/package-zip.sh)"
  "$ROOT/tools/package-zip.sh" "$ROOT/dist/megaventory-sync.zip"
}

build_all() {
  setup
  build_native
  log "checking that the client builds for wasm32"
  cargo build -p megaventory --target wasm32-unknown-unknown --release
  build_wasm
  build_admin_ui
  package_zip
}

# Starts a simulator in the background; sets SIM_PID and SIM_URL (http://127.0.0.1:PORT).
start_sim() {
  local bin="$1"; shift
  local out; out="$(mktemp)"
  "$bin" --listen 127.0.0.1:0 "$@" >"$out" 2>&1 &
  SIM_PID=$!
  for _ in $(seq 1 100); do
    SIM_URL="$(sed -n '1s/^listening on //p' "$out")"
    [ -n "$SIM_URL" ] && return 0
    kill -0 "$SIM_PID" 2>/dev/null || break
    sleep 0.1
  done
  log "the simulator did not start:"; cat "$out" >&2; return 1
}

stop_sim() { [ -n "${SIM_PID:-}" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null; SIM_PID=""; return 0; }

run_tests() {
  setup
  ensure_chromium
  local logdir="$TARGET_DIR/test-logs"; mkdir -p "$logdir"; rm -f "$logdir"/*.log
  local status=0

  log "native Rust tests (every crate)"
  cargo test --workspace 2>&1 | tee "$logdir/native.log" || status=1

  log "wasm tests (Node and headless Chromium) against a running simulator"
  cargo build -p megaventory-sim --bin megaventory-sim
  start_sim "$TARGET_DIR/debug/megaventory-sim"
  trap stop_sim EXIT
  MEGAVENTORY_SIM_URL="$SIM_URL/v2017a/" \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  WASM_BINDGEN_TEST_TIMEOUT=60 \
    cargo test -p megaventory --target wasm32-unknown-unknown --tests 2>&1 | tee "$logdir/wasm.log" || status=1
  stop_sim

  log "wasm tests of the engine bindings (Node, mocked fetch)"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  WASM_BINDGEN_TEST_TIMEOUT=60 \
    cargo test -p sync-wasm --target wasm32-unknown-unknown --tests 2>&1 | tee "$logdir/wasm_test.log" || status=1
  build_wasm 2>&1 | tee "$logdir/wasm-build.txt" || status=1
  build_admin_ui 2>&1 | tee "$logdir/admin-ui-build.txt" || status=1
  package_zip 2>&1 | tee "$logdir/zip-build.txt" || status=1

  for suite in tests/*/run.sh; do
    [ -x "$suite" ] || continue
    log "suite $suite"
    "$suite" 2>&1 | tee "$logdir/$(basename "$(dirname "$suite")").log" || status=1
  done

  summarize "$logdir" || status=1
  return $status
}

# One closing line over every runner: cargo's "test result:" lines and PHPUnit's summaries.
summarize() {
  cat "$1"/*.log | awk '
    /^test result: / { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
    /^OK \([0-9]+ tests?,/ { sub(/^OK \(/, ""); p += $1 }
    /^[0-9]+ passed, [0-9]+ failed$/ { p += $1; f += $3 }
    /^Tests: [0-9]+, Assertions:/ { t = $2 + 0; bad = 0
      for (i = 1; i <= NF; i++) {
        if ($i ~ /^(Failures|Errors):$/) bad += $(i+1) + 0
        if ($i ~ /^(Skipped|Incomplete):$/) skipped += $(i+1) + 0 }
      p += t - bad - skipped; f += bad; s += skipped; skipped = 0 }
    END { printf "%d passed, %d failed, %d skipped\n", p, f, s; exit (f > 0) }'
}

# Every tests/bench/*.sh in a fixed order; each writes a Markdown fragment to $BENCH_OUT, and this
# joins them under a header that names the machine, the commit and the command. A bench that cannot
# run is reported in the file (and in the exit status), never silently dropped.
BENCHES=(initial-sync wc-overhead outbox-scale worker size)
run_bench() {
  local quick="" out="$ROOT/BENCHMARKS.md"
  if [ "${1:-}" = --quick ]; then quick=--quick; out="$TARGET_DIR/bench/BENCHMARKS.md"; fi
  setup
  ensure_chromium
  build_native
  build_wasm
  build_admin_ui
  package_zip
  export BENCH_OUT="$TARGET_DIR/bench"
  mkdir -p "$BENCH_OUT"
  # What was built and measured: the commit, and whether the tree differed from it at the start.
  local measured
  measured="\`$(git rev-parse --short HEAD 2>/dev/null || echo unknown)\`$(git diff --quiet HEAD 2>/dev/null || echo ' (with local changes)')"
  local name status=0 started took summary=""
  for name in "${BENCHES[@]}"; do
    rm -f "$BENCH_OUT/$name.md"
    log "bench $name ${quick}"
    started=$(date +%s)
    if ! "$ROOT/tests/bench/$name.sh" $quick 2>&1 | tee "$BENCH_OUT/$name.log"; then status=1; fi
    [ -s "$BENCH_OUT/$name.md" ] || { status=1; printf '## %s\n\nDid not run: see `%s`.\n' "$name" "target/bench/$name.log" >"$BENCH_OUT/$name.md"; }
    took=$(( $(date +%s) - started ))
    summary+="| \`tests/bench/$name.sh $quick\` | ${took} s |"$'\n'
  done
  {
    echo "# Benchmarks"
    echo
    echo "Written by \`./build.sh bench${quick:+ $quick}\` on $(date -u '+%Y-%m-%d %H:%M UTC') at commit $measured."
    [ -n "$quick" ] && echo "This is the **quick** variant: smaller samples, for proving the benches run; the figures are not the ones to quote."
    echo "Figures are printed, never asserted; each section says which layers it runs through and how to reproduce it alone."
    echo
    echo "**Machine:** $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)."
    echo "**Software:** $(rustc --version | cut -d' ' -f1-2), Node $(node --version), PHP $(php -r 'echo PHP_VERSION;'), $( (mariadbd --version 2>/dev/null || /usr/sbin/mariadbd --version) | grep -o 'Ver [^ ]*' | sed 's/Ver /MariaDB /'), WordPress $(sed -n "s/^\$wp_version = '\(.*\)';/\1/p" /usr/share/wordpress/wp-includes/version.php) (Debian), Chromium $(chromium --version 2>/dev/null | awk '{print $2}')."
    echo
    echo "| Bench | Wall time |"
    echo "|---|---|"
    printf '%s' "$summary"
    for name in "${BENCHES[@]}"; do echo; cat "$BENCH_OUT/$name.md"; done
  } >"$out"
  log "wrote $out"
  return $status
}

# The demo: WordPress + MariaDB + php -S + the plugin from the zip + a sample shop + the Node
# worker, against the simulator (tools/demo.sh says how, and stops it all).
run_demo() {
  if [ "${1:-}" = stop ]; then exec "$ROOT/tools/demo.sh" stop; fi
  [ -f "$ROOT/dist/megaventory-sync.zip" ] && [ -f "$TARGET_DIR/native/megaventory-sim" ] || build_all
  exec "$ROOT/tools/demo.sh" "$@"
}

case "${1:-all}" in
  all)   build_all; run_demo ;;
  build) build_all ;;
  setup) setup ;;
  test)  run_tests ;;
  bench) shift; run_bench "$@" ;;
  demo)  shift; run_demo "$@" ;;
  *) echo "usage: $0 [build|test|bench [--quick]|demo [stop | --woocommerce PATH [--wordpress PATH]]|setup]" >&2; exit 2 ;;
esac
