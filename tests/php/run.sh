#!/usr/bin/env bash
# Runs the plugin's PHPUnit suite against real WordPress (Debian's package) and a private MariaDB.
#
#   tests/php/run.sh                 # full suite on a fresh temporary site with the WooCommerce stand-in
#   tests/php/run.sh --filter Outbox # extra arguments go to phpunit
#   MVSYNC_RIG=1 tests/php/run.sh    # the hook and wc/v3 tests (groups hooks, wc-rest) against real WooCommerce on ../shared/wc-rig
#   MVSYNC_BENCH=1 tests/php/run.sh  # save-overhead benchmark on the test site (prints figures)
#   MVSYNC_BENCH=claim tests/php/run.sh  # claim/ack latency with 1,000,000 pending rows (fuller: tests/bench/outbox-scale.sh)
#
# Everything lives in $MVSYNC_TEST_DIR (default /tmp/mvsync-php-test); MariaDB listens on
# 127.0.0.1:$MVSYNC_DB_PORT (default 3399) and its own socket, and is stopped on exit. Like the
# wc-rig it runs with innodb_flush_log_at_trx_commit=2 (MVSYNC_DB_FLUSH_AT_COMMIT=1 for full fsync).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TEST_DIR="${MVSYNC_TEST_DIR:-/tmp/mvsync-php-test}"

# The site itself (private MariaDB, a copy of Debian's WordPress with the plugin and the stand-in,
# php -S) is the one every suite shares.
export WP_SITE_DIR="$TEST_DIR"
export WP_DB_PORT="${MVSYNC_DB_PORT:-3399}"
export WP_HTTP_PORT="${MVSYNC_HTTP_PORT:-8399}"
# shellcheck source=../lib/wp-site.sh
. "$REPO_ROOT/tests/lib/wp-site.sh"
SITE_DIR="$WP_SITE_ROOT"
LOG_DIR="$WP_LOG_DIR"

install_packages() {
	wp_install_packages
	command -v phpunit >/dev/null && return 0
	wp_say "installing: phpunit"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends phpunit >/dev/null
}

install_packages

if [ "${MVSYNC_RIG:-0}" = "1" ]; then
	RIG_DIR="${WC_RIG_DIR:-/tmp/wc-rig}"
	SHARED="${MVSYNC_SHARED_DIR:-$REPO_ROOT/../shared}"
	WC_EXTRA_PLUGINS="$REPO_ROOT/plugin-php" "$SHARED/wc-rig/wc-up.sh" >/dev/null
	chmod o+rx "$REPO_ROOT" "$REPO_ROOT/tests" "$REPO_ROOT/tests/php" 2>/dev/null || true
	# Same user as php-fpm on the rig, so files the tests create there keep their owner.
	exec runuser -u www-data -- env MVSYNC_WP_LOAD="$RIG_DIR/wordpress/wp-load.php" \
		phpunit -c "$REPO_ROOT/tests/php/phpunit.xml" --group hooks,wc-rest "$@"
fi

trap wp_site_down EXIT
wp_start_mariadb
wp_build_site
# Counts our queries per request for the storefront and list-page tests.
ln -sfn "$REPO_ROOT/tests/php/tools/mu-query-probe.php" "$SITE_DIR/wp-content/mu-plugins/mvsync-query-probe.php"
wp_start_http
cd "$REPO_ROOT"
if [ "${MVSYNC_BENCH:-0}" = "claim" ]; then
	php "$REPO_ROOT/tests/php/bench/claim-scale.php" "$SITE_DIR/wp-load.php" "${MVSYNC_BENCH_N:-1000000}"
	exit 0
fi
if [ "${MVSYNC_BENCH:-0}" = "1" ]; then
	php "$REPO_ROOT/tests/php/bench/save-overhead.php" "$SITE_DIR/wp-load.php" "${MVSYNC_BENCH_N:-1000}"
	exit 0
fi
set +e
MVSYNC_WP_DIR="$SITE_DIR" MVSYNC_HTTP_BASE="$WP_BASE_URL" MVSYNC_TEST_DIR="$TEST_DIR" \
	phpunit -c "$REPO_ROOT/tests/php/phpunit.xml" "$@" | tee "$LOG_DIR/phpunit.out"
status=${PIPESTATUS[0]}
# WordPress dies with exit status 0 when it cannot reach its database: without PHPUnit's own
# summary line nothing ran, and that is a failure, not a pass.
if ! grep -Eq '^(OK \(|Tests: [0-9]+)' "$LOG_DIR/phpunit.out"; then
	wp_say "PHPUnit printed no summary: the suite did not run"
	[ "$status" -ne 0 ] || status=1
fi
# WordPress 6.1 core itself logs PHP 8.2 deprecations; show only what concerns our code.
if grep -E 'megaventory-sync|woocommerce-standin|plugin-php|tests/php' "$LOG_DIR/wp-debug.log" >/dev/null 2>&1; then
	wp_say "PHP notices/warnings from our code were logged ($LOG_DIR/wp-debug.log):"
	grep -E 'megaventory-sync|woocommerce-standin|plugin-php|tests/php' "$LOG_DIR/wp-debug.log" | head -20 >&2
fi
exit $status
