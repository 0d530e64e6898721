# Sourced after tests/lib/wp-site.sh: a copy of the site's database taken once (the configured
# site before the sample shop) and put back before each scenario, so every scenario starts alike.
FAULTS_DB_SNAPSHOT="${FAULTS_DB_SNAPSHOT:-$WP_SITE_DIR/faults-snapshot.sql}"

wp_db_take_snapshot() {
	mariadb-dump --no-defaults -uroot --socket="$WP_RUN_DIR/mysqld.sock" --single-transaction "$WP_DB_NAME" >"$FAULTS_DB_SNAPSHOT"
}

wp_db_restore_snapshot() {
	mariadb --no-defaults -uroot --socket="$WP_RUN_DIR/mysqld.sock" "$WP_DB_NAME" <"$FAULTS_DB_SNAPSHOT"
}
