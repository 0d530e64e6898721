#!/usr/bin/env bash
# Initial-sync throughput (issue 7 §1): products, clients and the quantity push through the
# sync engine and the Megaventory client against megaventory-sim with added latency.
# Writes $BENCH_OUT/initial-sync.md (default target/bench). Usage: initial-sync.sh [--quick]
# Full run: about 10 minutes (latency-bound, little CPU); --quick: under a minute after the build.
# Each configuration starts its own simulator on an ephemeral loopback port: no fixed ports
# or state folders are used.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

quick=()
for arg in "$@"; do
    case "$arg" in
        --quick) quick=(--quick) ;;
        *) echo "initial-sync.sh: unknown argument $arg (only --quick)" >&2; exit 2 ;;
    esac
done

out_dir="${BENCH_OUT:-target/bench}"
mkdir -p "$out_dir"
out="$out_dir/initial-sync.md"

cargo build -p sync-core --profile native --features testing --example sync_bench
exec "${CARGO_TARGET_DIR:-target}/native/examples/sync_bench" "${quick[@]}" --out "$out"
