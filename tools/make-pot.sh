#!/usr/bin/env bash
# Writes the plugin's translations template: the PHP strings found by GNU xgettext with the
# keywords of WordPress's translation functions (text domain megaventory-sync), merged with the
# admin page's strings (tools/js-strings-pot.mjs).
#
#   tools/make-pot.sh PLUGIN_DIR OUT.pot
set -euo pipefail

plugin_dir="$1"
out="$2"
version="$(sed -n 's/^ \* Version: *//p' "$plugin_dir/megaventory-sync.php" | head -1)"
[ -n "$version" ] || { echo "make-pot: no Version header in $plugin_dir/megaventory-sync.php" >&2; exit 1; }

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
files="$(mktemp)"
js_pot="$(mktemp)"
trap 'rm -f "$files" "$js_pot" "$out.php"' EXIT
(cd "$plugin_dir" && find . -name '*.php' ! -path './vendor/*' | LC_ALL=C sort) >"$files"

# Keyword specs: argument positions of the message, plural and context ("c").
(cd "$plugin_dir" && xgettext --language=PHP --from-code=UTF-8 --files-from="$files" \
	--output=- --sort-by-file --add-comments=translators: --no-wrap \
	--package-name="Megaventory Sync" --package-version="$version" \
	--keyword=__:1 --keyword=_e:1 --keyword=esc_html__:1 --keyword=esc_html_e:1 \
	--keyword=esc_attr__:1 --keyword=esc_attr_e:1 --keyword=_x:1,2c --keyword=_ex:1,2c \
	--keyword=esc_html_x:1,2c --keyword=esc_attr_x:1,2c --keyword=_n:1,2 --keyword=_nx:1,2,4c \
	--keyword=_n_noop:1,2 --keyword=_nx_noop:1,2,3c) \
	| sed -e '1,4d' -e 's/^"Content-Type: text\/plain; charset=CHARSET\\n"/"Content-Type: text\/plain; charset=UTF-8\\n"/' \
		-e '/^"Report-Msgid-Bugs-To: /a "X-Domain: megaventory-sync\\n"' >"$out.body"
{
	echo "# Translations template of Megaventory Sync $version."
	echo "# This file is distributed under the same licence as the plugin (GPL-2.0-or-later)."
	cat "$out.body"
} >"$out.php"
rm -f "$out.body"
node "$repo/tools/js-strings-pot.mjs" "$js_pot"
# The PHP template's header first; a string used by both sides keeps both references.
msgcat --use-first --no-wrap --sort-by-file -o "$out" "$out.php" "$js_pot"

count="$(grep -c '^msgid "' "$out")"
# The header entry is one msgid "" too.
[ "$count" -gt 1 ] || { echo "make-pot: no translatable strings found in $plugin_dir" >&2; exit 1; }
echo "[zip] languages/megaventory-sync.pot: $((count - 1)) strings" >&2
