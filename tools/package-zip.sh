#!/usr/bin/env bash
# Packs the installable plugin: dist/megaventory-sync.zip, one folder `megaventory-sync/` holding
# exactly what a site needs (PHP, built admin UI, the engine's .wasm + glue, the Node worker,
# readme.txt, LICENSE, the translations template). Expects `./build.sh build`'s outputs
# (target/wasm-pkg and plugin-php/assets) and refuses to pack without them.
#
#   tools/package-zip.sh [OUT_ZIP]      default dist/megaventory-sync.zip
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT_ZIP="${1:-$ROOT/dist/megaventory-sync.zip}"
PLUGIN="$ROOT/plugin-php"
WASM_PKG="$TARGET_DIR/wasm-pkg"
STAGE_ROOT="$TARGET_DIR/zip-stage"
STAGE="$STAGE_ROOT/megaventory-sync"

say() { printf '[zip] %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

for file in "$PLUGIN/assets/admin-app.js" "$PLUGIN/assets/drainer.js" "$PLUGIN/assets/engine-worker.js" \
	"$PLUGIN/assets/wasm/sync_wasm.js" "$PLUGIN/assets/wasm/sync_wasm_bg.wasm" \
	"$WASM_PKG/sync_wasm.js" "$WASM_PKG/sync_wasm_bg.wasm"; do
	[ -s "$file" ] || die "missing build output $file: run ./build.sh build first"
done
command -v zip >/dev/null || die "the zip command is missing (Debian package zip)"
command -v xgettext >/dev/null || die "xgettext is missing (Debian package gettext)"
[ -f /usr/share/common-licenses/GPL-2 ] || die "/usr/share/common-licenses/GPL-2 is missing (Debian package base-files)"

rm -rf "$STAGE_ROOT"
mkdir -p "$STAGE/assets/wasm" "$STAGE/languages" "$STAGE/worker/pkg"

cp "$PLUGIN/megaventory-sync.php" "$PLUGIN/uninstall.php" "$PLUGIN/readme.txt" "$STAGE/"
# PHP sources only: a stray editor backup or note under src/ must not ship.
(cd "$PLUGIN" && find src -type f -name '*.php' -print0 | xargs -0 -I{} cp --parents {} "$STAGE/")
cp "$PLUGIN/assets/admin-app.js" "$PLUGIN/assets/drainer.js" "$PLUGIN/assets/engine-worker.js" "$STAGE/assets/"
cp "$PLUGIN/assets/wasm/sync_wasm.js" "$PLUGIN/assets/wasm/sync_wasm_bg.wasm" "$STAGE/assets/wasm/"
# Apache without application/wasm in its MIME map; ignored by servers that do not read .htaccess.
# Generated here because admin-ui/build.mjs recreates plugin-php/assets/wasm/ on every build.
cat >"$STAGE/assets/wasm/.htaccess" <<'HTACCESS'
# Serve the sync engine with its own type, so browsers can compile it while it streams in.
<IfModule mod_mime.c>
	AddType application/wasm .wasm
</IfModule>
HTACCESS
cp "$ROOT/worker/megaventory-worker.mjs" "$ROOT/worker/README.md" "$STAGE/worker/"
cp "$WASM_PKG/sync_wasm.js" "$WASM_PKG/sync_wasm_bg.wasm" "$STAGE/worker/pkg/"

{
	cat <<'NOTICE'
Megaventory Sync — a WordPress plugin that keeps WooCommerce and Megaventory in sync.

This program is free software; you can redistribute it and/or modify it under the terms of the
GNU General Public License as published by the Free Software Foundation; either version 2 of the
License, or (at your option) any later version.

This program is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without
even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. See the GNU
General Public License for more details.

The text of version 2 of the licence follows.

------------------------------------------------------------------------------------------------

NOTICE
	cat /usr/share/common-licenses/GPL-2
} >"$STAGE/LICENSE"

"$ROOT/tools/make-pot.sh" "$STAGE" "$STAGE/languages/megaventory-sync.pot"

# Nothing but what a site runs: no maps, no dotfiles (except the one .htaccess), no sources.
forbidden="$(cd "$STAGE_ROOT" && find . \( -name '*.map' -o -name '*.rs' -o -name '*.ts' -o -name '*.md' ! -path './megaventory-sync/worker/README.md' \
	-o \( -name '.*' ! -name '.' ! -path './megaventory-sync/assets/wasm/.htaccess' \) \) -print)"
[ -z "$forbidden" ] || die "refusing to pack these files: $forbidden"

# Fixed timestamps and order: the same inputs give the same zip.
find "$STAGE_ROOT" -exec touch -h -d '2026-01-01 00:00:00 UTC' {} +
mkdir -p "$(dirname "$OUT_ZIP")"
rm -f "$OUT_ZIP"
(cd "$STAGE_ROOT" && find megaventory-sync -print | LC_ALL=C sort | zip -q -X -9 "$OUT_ZIP" -@)

wasm="$STAGE/assets/wasm/sync_wasm_bg.wasm"
say "$(realpath --relative-to="$ROOT" "$OUT_ZIP" 2>/dev/null || echo "$OUT_ZIP"): $(wc -c <"$OUT_ZIP") bytes, $(unzip -Z1 "$OUT_ZIP" | grep -vc '/$') files"
say "sync_wasm_bg.wasm: $(wc -c <"$wasm") bytes raw, $(gzip -9nc "$wasm" | wc -c) bytes gzip (shipped twice: assets/wasm/ for the admin page, worker/pkg/ for the Node worker)"
