#!/usr/bin/env bash
# Shared by suites that need a real WordPress site with the plugin and the WooCommerce stand-in:
# a private MariaDB, a copy of Debian's WordPress core, and `php -S`. Source it, set the
# variables below (or keep the defaults), then call wp_site_up; wp_site_down runs on EXIT.
#
#   WP_SITE_DIR   state folder (site, database, logs)       default /tmp/mvsync-wp-site
#   WP_DB_PORT    MariaDB TCP port on 127.0.0.1             default 3397
#   WP_HTTP_PORT  php -S port on 127.0.0.1                  default 8397
#   WP_HTTP_ROUTER  router script for php -S                default tests/php/tools/http-router.php
#
# After wp_site_up: WP_BASE_URL, WP_SITE_ROOT (the WordPress folder), WP_LOG_DIR, wp_php (runs
# PHP inside the loaded site: wp_php -r 'code' or wp_php file.php args). Users (from
# tests/php/tools/install-site.php): admin/admin-password, shopmanager/shopmanager-password.
# wp_db_restart restarts MariaDB with its data (fault tests).

WP_LIB_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WP_SITE_DIR="${WP_SITE_DIR:-/tmp/mvsync-wp-site}"
WP_DB_PORT="${WP_DB_PORT:-3397}"
WP_HTTP_PORT="${WP_HTTP_PORT:-8397}"
WP_SITE_ROOT="$WP_SITE_DIR/site"
WP_LOG_DIR="$WP_SITE_DIR/logs"
WP_RUN_DIR="$WP_SITE_DIR/run"
WP_BASE_URL="http://127.0.0.1:$WP_HTTP_PORT"
WP_DB_NAME=mvsync_site
WP_DB_USER=mvsync
WP_DB_PASS=mvsync-site-password
WP_SITE_PIDS=()

wp_say() { printf '[wp-site] %s\n' "$*" >&2; }

wp_install_packages() {
	local missing=() modules=''
	command -v php >/dev/null || missing+=(php-cli)
	modules="$(php -m 2>/dev/null || true)"
	grep -qix 'mysqli' <<<"$modules" || missing+=(php-mysql)
	grep -qix 'curl' <<<"$modules" || missing+=(php-curl)
	grep -qix 'dom' <<<"$modules" || missing+=(php-xml)
	grep -qix 'mbstring' <<<"$modules" || missing+=(php-mbstring)
	command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
	[ -f /usr/share/wordpress/wp-settings.php ] || missing+=(wordpress)
	command -v curl >/dev/null || missing+=(curl)
	if [ ${#missing[@]} -gt 0 ]; then
		wp_say "installing: ${missing[*]}"
		DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	fi
}

wp_site_down() {
	local pid
	for pid in "${WP_SITE_PIDS[@]:-}"; do
		[ -n "$pid" ] || continue
		# php -S with PHP_CLI_SERVER_WORKERS forks workers that outlive their parent.
		pkill -P "$pid" 2>/dev/null || true
		kill "$pid" 2>/dev/null || true
	done
	if [ -f "$WP_RUN_DIR/mysqld.pid" ]; then
		pid="$(cat "$WP_RUN_DIR/mysqld.pid")"
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	fi
}

wp_start_mariadb() {
	mkdir -p "$WP_RUN_DIR" "$WP_LOG_DIR"
	# A server left by an interrupted run: stop it by its own pid file only.
	if [ -f "$WP_RUN_DIR/mysqld.pid" ] && kill -0 "$(cat "$WP_RUN_DIR/mysqld.pid")" 2>/dev/null; then
		kill "$(cat "$WP_RUN_DIR/mysqld.pid")"; sleep 1
	fi
	if [ ! -d "$WP_SITE_DIR/mysql/mysql" ]; then
		rm -rf "$WP_SITE_DIR/mysql"; mkdir -p "$WP_SITE_DIR/mysql"
		mariadb-install-db --no-defaults --user=root --datadir="$WP_SITE_DIR/mysql" \
			--auth-root-authentication-method=normal --skip-test-db >"$WP_LOG_DIR/mariadb-install.log" 2>&1
	fi
	wp_db_launch || return 1
	mariadb --no-defaults -uroot --socket="$WP_RUN_DIR/mysqld.sock" <<SQL
DROP DATABASE IF EXISTS $WP_DB_NAME;
CREATE DATABASE $WP_DB_NAME CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci;
CREATE OR REPLACE USER '$WP_DB_USER'@'127.0.0.1' IDENTIFIED BY '$WP_DB_PASS';
GRANT ALL ON $WP_DB_NAME.* TO '$WP_DB_USER'@'127.0.0.1';
SQL
}

# Starts the private MariaDB on the existing data folder and waits until it answers.
wp_db_launch() {
	mariadbd --no-defaults --user=root --datadir="$WP_SITE_DIR/mysql" --socket="$WP_RUN_DIR/mysqld.sock" \
		--pid-file="$WP_RUN_DIR/mysqld.pid" --port="$WP_DB_PORT" --bind-address=127.0.0.1 \
		--skip-name-resolve --innodb-buffer-pool-size=128M --log-error="$WP_LOG_DIR/mariadb.err" \
		--innodb-flush-log-at-trx-commit="${MVSYNC_DB_FLUSH_AT_COMMIT:-2}" &
	local ready=0
	for _ in $(seq 1 150); do
		if mariadb --no-defaults -uroot --socket="$WP_RUN_DIR/mysqld.sock" -e 'SELECT 1' >/dev/null 2>&1; then ready=1; break; fi
		sleep 0.2
	done
	if [ "$ready" != 1 ]; then
		wp_say "MariaDB did not start (port $WP_DB_PORT busy? set WP_DB_PORT). Its log:"
		tail -20 "$WP_LOG_DIR/mariadb.err" >&2
		return 1
	fi
}

# Restarts the site's MariaDB (data kept): stops it by its pid file, waits for the exit, starts
# it again. For fault tests; the site answers database errors while it is down.
wp_db_restart() {
	local pid
	pid="$(cat "$WP_RUN_DIR/mysqld.pid" 2>/dev/null || true)"
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	fi
	wp_db_launch
}

wp_build_site() {
	local core_version
	# "dereferenced": Debian's core links scripts (underscore, jQuery plugins) into /usr/share/javascript
	# with relative symlinks, which break in a copy; tar -h copies their targets instead.
	core_version="$(grep -o "wp_version = '[^']*'" /usr/share/wordpress/wp-includes/version.php) dereferenced"
	if [ ! -f "$WP_SITE_ROOT/.core-version" ] || [ "$(cat "$WP_SITE_ROOT/.core-version")" != "$core_version" ]; then
		wp_say "copying WordPress core into $WP_SITE_ROOT"
		rm -rf "$WP_SITE_ROOT"; mkdir -p "$WP_SITE_ROOT"
		(cd /usr/share/wordpress && tar -h --exclude=./wp-config.php --exclude=./wp-content --exclude=./.htaccess -cf - .) | (cd "$WP_SITE_ROOT" && tar -xf -)
		echo "$core_version" >"$WP_SITE_ROOT/.core-version"
	fi
	mkdir -p "$WP_SITE_ROOT/wp-content/plugins" "$WP_SITE_ROOT/wp-content/uploads" "$WP_SITE_ROOT/wp-content/mu-plugins"
	ln -sfn /usr/share/wordpress/wp-content/themes "$WP_SITE_ROOT/wp-content/themes"
	ln -sfn "$WP_LIB_REPO_ROOT/plugin-php" "$WP_SITE_ROOT/wp-content/plugins/megaventory-sync"
	ln -sfn "$WP_LIB_REPO_ROOT/tests/woocommerce-standin" "$WP_SITE_ROOT/wp-content/plugins/woocommerce-standin"
	local salts
	salts="$(for k in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
		printf "define( '%s', '%s' );\n" "$k" "$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')"; done)"
	cat >"$WP_SITE_ROOT/wp-config.php" <<PHP
<?php
// Generated by tests/lib/wp-site.sh for a throw-away test site.
define( 'DB_NAME', '$WP_DB_NAME' );
define( 'DB_USER', '$WP_DB_USER' );
define( 'DB_PASSWORD', '$WP_DB_PASS' );
define( 'DB_HOST', '127.0.0.1:$WP_DB_PORT' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
$salts
\$table_prefix = 'wp_';
define( 'WP_ENVIRONMENT_TYPE', 'local' );
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', '$WP_LOG_DIR/wp-debug.log' );
define( 'WP_DEBUG_DISPLAY', false );
define( 'DISABLE_WP_CRON', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_HOME', '$WP_BASE_URL' );
define( 'WP_SITEURL', '$WP_BASE_URL' );
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
PHP
	printf '<?php\nadd_filter( "pre_wp_mail", "__return_true" );\n' >"$WP_SITE_ROOT/wp-content/mu-plugins/no-mail.php"
	: >"$WP_LOG_DIR/wp-debug.log"
	wp_say "installing WordPress, the stand-in and the plugin"
	php "$WP_LIB_REPO_ROOT/tests/php/tools/install-site.php" "$WP_SITE_ROOT" "$WP_BASE_URL" >/dev/null
}

wp_start_http() {
	# Several workers: the admin page, its Web Worker and the background drainer call at once.
	PHP_CLI_SERVER_WORKERS="${WP_HTTP_WORKERS:-4}" php -S "127.0.0.1:$WP_HTTP_PORT" -t "$WP_SITE_ROOT" \
		"${WP_HTTP_ROUTER:-$WP_LIB_REPO_ROOT/tests/php/tools/http-router.php}" >"$WP_LOG_DIR/http.log" 2>&1 &
	WP_SITE_PIDS+=("$!")
	for _ in $(seq 1 100); do
		curl -s -o /dev/null "$WP_BASE_URL/?rest_route=/" && return 0
		sleep 0.1
	done
	wp_say "php -S did not start on 127.0.0.1:$WP_HTTP_PORT (port busy? set WP_HTTP_PORT):"
	tail -5 "$WP_LOG_DIR/http.log" >&2
	return 1
}

# Runs PHP inside the loaded site: wp_php -r 'echo home_url();' or wp_php script.php args…
wp_php() {
	local code
	if [ "$1" = "-r" ]; then
		code="$2"; shift 2
		MVSYNC_WP_LOAD="$WP_SITE_ROOT/wp-load.php" php -r "\$_SERVER['HTTP_HOST']='127.0.0.1:$WP_HTTP_PORT'; require getenv('MVSYNC_WP_LOAD'); $code" "$@"
	else
		MVSYNC_WP_LOAD="$WP_SITE_ROOT/wp-load.php" HTTP_HOST="127.0.0.1:$WP_HTTP_PORT" php "$@"
	fi
}

wp_site_up() {
	wp_install_packages
	wp_start_mariadb
	wp_build_site
	wp_start_http
}
