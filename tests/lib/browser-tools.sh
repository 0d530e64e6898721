# shellcheck shell=bash
# Debian's chromium (+ nodejs/npm) and playwright-core for the suites that drive a real browser
# (admin-ui, faults, bad-input). Sourced; needs TOOLS_DIR (where playwright-core is installed)
# and a say function for progress lines.

ensure_browser_tools() {
	local want=()
	command -v chromium >/dev/null || want+=(chromium)
	command -v node >/dev/null || want+=(nodejs)
	command -v npm >/dev/null || want+=(npm)
	if [ ${#want[@]} -gt 0 ]; then
		say "installing ${want[*]}"
		DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
	fi
	if ! NODE_PATH="$TOOLS_DIR/node_modules" node -e 'require("playwright-core")' >/dev/null 2>&1; then
		# playwright-core 1.62 and later need Node 20; Debian 12's own nodejs is 18.
		local spec="playwright-core@1"
		[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] || spec="playwright-core@<1.62"
		say "installing $spec into $TOOLS_DIR (one time)"
		mkdir -p "$TOOLS_DIR"
		npm install --no-audit --no-fund --silent --prefix "$TOOLS_DIR" "$spec" >/dev/null
	fi
}
