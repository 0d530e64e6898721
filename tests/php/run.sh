#!/usr/bin/env bash
# Runs the plugin's PHPUnit suite against real WordPress (Debian's package) and a private MariaDB.
#
#   tests/php/run.sh                 # full suite on a fresh temporary site with the WooCommerce stand-in
#   tests/php/run.sh --filter Outbox # extra arguments go to phpunit
#   MVSYNC_RIG=1 tests/php/run.sh    # the hook and wc/v3 tests (groups hooks, wc-rest) against real WooCommerce on ../shared/wc-rig
#   MVSYNC_BENCH=1 tests/php/run.sh  # save-overhead benchmark on the test site (prints figures)
#   MVSYNC_BENCH=claim tests/php/run.sh  # claim/ack latency with 1,000,000 pending rows
#
# Everything lives in $MVSYNC_TEST_DIR (default /tmp/mvsync-php-test); MariaDB listens on
# 127.0.0.1:$MVSYNC_DB_PORT (default 3399) and its own socket, and is stopped on exit. Like the
# wc-rig it runs with innodb_flush_log_at_trx_commit=2 (MVSYNC_DB_FLUSH_AT_COMMIT=1 for full fsync).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TEST_DIR="${MVSYNC_TEST_DIR:-/tmp/mvsync-php-test}"
DB_PORT="${MVSYNC_DB_PORT:-3399}"
HTTP_PORT="${MVSYNC_HTTP_PORT:-8399}"
SITE_DIR="$TEST_DIR/site"
DB_DIR="$TEST_DIR/mysql"
RUN_DIR="$TEST_DIR/run"
LOG_DIR="$TEST_DIR/logs"
DB_NAME=mvsync_test
DB_USER=mvsync
DB_PASS=mvsync-test-password

say() { printf '[run.sh] %s\n' "$*" >&2; }

install_packages() {
	local missing=() modules=''
	command -v php >/dev/null || missing+=(php-cli)
	# Read the module list once: `php -m | grep -q` can die of SIGPIPE under pipefail.
	modules="$(php -m 2>/dev/null || true)"
	grep -qix 'mysqli' <<<"$modules" || missing+=(php-mysql)
	grep -qix 'curl' <<<"$modules" || missing+=(php-curl)
	grep -qix 'dom' <<<"$modules" || missing+=(php-xml)
	grep -qix 'mbstring' <<<"$modules" || missing+=(php-mbstring)
	command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
	[ -f /usr/share/wordpress/wp-settings.php ] || missing+=(wordpress)
	command -v phpunit >/dev/null || missing+=(phpunit)
	if [ ${#missing[@]} -gt 0 ]; then
		say "installing: ${missing[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >/dev/null
		apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	fi
}

PIDS_TO_STOP=()
cleanup() {
	local pid
	for pid in "${PIDS_TO_STOP[@]:-}"; do
		[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	done
	if [ -f "$RUN_DIR/mysqld.pid" ]; then
		pid="$(cat "$RUN_DIR/mysqld.pid")"
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	fi
}

start_mariadb() {
	mkdir -p "$RUN_DIR" "$LOG_DIR"
	# A server left over from an interrupted run: stop it first (by its own pid file only).
	if [ -f "$RUN_DIR/mysqld.pid" ] && kill -0 "$(cat "$RUN_DIR/mysqld.pid")" 2>/dev/null; then
		kill "$(cat "$RUN_DIR/mysqld.pid")"; sleep 1
	fi
	if [ ! -d "$DB_DIR/mysql" ]; then
		say "initialising MariaDB data directory $DB_DIR"
		rm -rf "$DB_DIR"; mkdir -p "$DB_DIR"
		mariadb-install-db --no-defaults --user=root --datadir="$DB_DIR" \
			--auth-root-authentication-method=normal --skip-test-db >"$LOG_DIR/mariadb-install.log" 2>&1
	fi
	trap cleanup EXIT
	mariadbd --no-defaults --user=root --datadir="$DB_DIR" --socket="$RUN_DIR/mysqld.sock" \
		--pid-file="$RUN_DIR/mysqld.pid" --port="$DB_PORT" --bind-address=127.0.0.1 \
		--skip-name-resolve --innodb-buffer-pool-size=128M --log-error="$LOG_DIR/mariadb.err" \
		--innodb-flush-log-at-trx-commit="${MVSYNC_DB_FLUSH_AT_COMMIT:-2}" &
	local ready=0
	for _ in $(seq 1 150); do
		if mariadb --no-defaults -uroot --socket="$RUN_DIR/mysqld.sock" -e 'SELECT 1' >/dev/null 2>&1; then ready=1; break; fi
		sleep 0.2
	done
	if [ "$ready" != 1 ]; then
		say "MariaDB did not start (port $DB_PORT busy? set MVSYNC_DB_PORT). Its log:"
		tail -20 "$LOG_DIR/mariadb.err" >&2
		exit 1
	fi
	mariadb --no-defaults -uroot --socket="$RUN_DIR/mysqld.sock" <<SQL
DROP DATABASE IF EXISTS $DB_NAME;
CREATE DATABASE $DB_NAME CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci;
CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
GRANT ALL ON $DB_NAME.* TO '$DB_USER'@'127.0.0.1';
GRANT ALL ON $DB_NAME.* TO '$DB_USER'@'localhost';
SQL
}

build_site() {
	# Debian's /usr/share/wordpress/wp-config.php reads /etc/wordpress/config-<host>.php; we do not
	# touch either: the site is a private copy of core with its own generated wp-config.php.
	local core_version
	core_version="$(grep -o "wp_version = '[^']*'" /usr/share/wordpress/wp-includes/version.php)"
	if [ ! -f "$SITE_DIR/.core-version" ] || [ "$(cat "$SITE_DIR/.core-version")" != "$core_version" ]; then
		say "copying WordPress core into $SITE_DIR"
		rm -rf "$SITE_DIR"; mkdir -p "$SITE_DIR"
		(cd /usr/share/wordpress && tar --exclude=./wp-config.php --exclude=./wp-content --exclude=./.htaccess -cf - .) | (cd "$SITE_DIR" && tar -xf -)
		echo "$core_version" >"$SITE_DIR/.core-version"
	fi
	mkdir -p "$SITE_DIR/wp-content/plugins" "$SITE_DIR/wp-content/uploads" "$SITE_DIR/wp-content/mu-plugins"
	ln -sfn /usr/share/wordpress/wp-content/themes "$SITE_DIR/wp-content/themes"
	ln -sfn "$REPO_ROOT/plugin-php" "$SITE_DIR/wp-content/plugins/megaventory-sync"
	ln -sfn "$REPO_ROOT/tests/woocommerce-standin" "$SITE_DIR/wp-content/plugins/woocommerce-standin"
	local salts
	salts="$(for k in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
		printf "define( '%s', '%s' );\n" "$k" "$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')"; done)"
	cat >"$SITE_DIR/wp-config.php" <<PHP
<?php
// Generated by tests/php/run.sh for the test site only.
define( 'DB_NAME', '$DB_NAME' );
define( 'DB_USER', '$DB_USER' );
define( 'DB_PASSWORD', '$DB_PASS' );
define( 'DB_HOST', '127.0.0.1:$DB_PORT' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
$salts
\$table_prefix = 'wp_';
define( 'WP_ENVIRONMENT_TYPE', 'local' );
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', '$LOG_DIR/wp-debug.log' );
define( 'WP_DEBUG_DISPLAY', false );
define( 'DISABLE_WP_CRON', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_HOME', 'http://127.0.0.1:$HTTP_PORT' );
define( 'WP_SITEURL', 'http://127.0.0.1:$HTTP_PORT' );
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
PHP
	# Test mail goes nowhere (the machine has no MTA).
	printf '<?php\nadd_filter( "pre_wp_mail", "__return_true" );\n' >"$SITE_DIR/wp-content/mu-plugins/no-mail.php"
	ln -sfn "$REPO_ROOT/tests/php/tools/mu-query-probe.php" "$SITE_DIR/wp-content/mu-plugins/mvsync-query-probe.php"
	: >"$LOG_DIR/wp-debug.log"
	say "installing WordPress and activating the stand-in and the plugin"
	php "$REPO_ROOT/tests/php/tools/install-site.php" "$SITE_DIR" "http://127.0.0.1:$HTTP_PORT"
}

start_http() {
	php -S "127.0.0.1:$HTTP_PORT" -t "$SITE_DIR" "$REPO_ROOT/tests/php/tools/http-router.php" >"$LOG_DIR/http.log" 2>&1 &
	PIDS_TO_STOP+=("$!")
	local ready=0
	for _ in $(seq 1 100); do
		if curl -s -o /dev/null "http://127.0.0.1:$HTTP_PORT/?rest_route=/"; then ready=1; break; fi
		sleep 0.1
	done
	if [ "$ready" != 1 ]; then
		say "php -S did not start on 127.0.0.1:$HTTP_PORT (port busy? set MVSYNC_HTTP_PORT):"
		tail -5 "$LOG_DIR/http.log" >&2
		exit 1
	fi
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

start_mariadb
build_site
start_http
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
MVSYNC_WP_DIR="$SITE_DIR" MVSYNC_HTTP_BASE="http://127.0.0.1:$HTTP_PORT" MVSYNC_TEST_DIR="$TEST_DIR" \
	phpunit -c "$REPO_ROOT/tests/php/phpunit.xml" "$@"
status=$?
# WordPress 6.1 core itself logs PHP 8.2 deprecations; show only what concerns our code.
if grep -E 'megaventory-sync|woocommerce-standin|plugin-php|tests/php' "$LOG_DIR/wp-debug.log" >/dev/null 2>&1; then
	say "PHP notices/warnings from our code were logged ($LOG_DIR/wp-debug.log):"
	grep -E 'megaventory-sync|woocommerce-standin|plugin-php|tests/php' "$LOG_DIR/wp-debug.log" | head -20 >&2
fi
exit $status
