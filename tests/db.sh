# db.sh — the test database, on SQLite or PostgreSQL (sourced by
# tests/cli/lib.sh and tests/tui/lib.sh after they set $T; POSIX sh).
#
# By default every test database is a SQLite file in $T.  When
# ROSTER_TEST_PG holds a libpq conninfo for a maintenance database of a
# running cluster (make check-pg; scripts/pg-cluster.sh), each is a new
# PostgreSQL database instead, created with a unique name and dropped when
# the test exits (db_cleanup, from lib.sh's exit trap).
#
#   db_new [NAME]       prints a fresh database for --db / ROSTER_DB
#   db_is_pg            true on PostgreSQL
#   db_sql SQL          runs SQL on $DB (psql or sqlite3), rows as a|b|c
#   db_checksum         a checksum of $DB's schema and every table's rows
#   db_files            the files that hold $DB's stored data, for searching
#                       them for plaintexts (SQLite: the file and its WAL;
#                       PostgreSQL: a pg_dump of it, copies of its data files
#                       and of the cluster's WAL written since the test began)
#   db_hold_write SECS  holds $DB's write lock for SECS seconds (run it in
#                       the background, then db_wait_held)
#   db_wait_held        returns once another process holds it
#   db_snapshot NAME    prints a new database holding a copy of $DB
#   db_restore SNAP     makes $DB a copy of the snapshot SNAP again
#   db_integrity        prints "ok" when $DB is sound after a killed client
#                       (SQLite: PRAGMA integrity_check, since the client
#                       is the engine; PostgreSQL: the server, whose
#                       storage a client's death does not touch, has ended
#                       the client's session — rolling back what it left
#                       open — within 30 s)
#   db_cleanup          drops the PostgreSQL databases of this test
#
# $DB is the database the helpers act on (lib.sh sets it).

# psql for the helpers: unaligned rows a|b|c, no headers, stop at an error.
db_psql() { psql -X -q -A -t -F "|" -v ON_ERROR_STOP=1 "$@"; }

db_is_pg() { [ -n "${ROSTER_TEST_PG:-}" ]; }

# pg_conninfo NAME: ROSTER_TEST_PG with NAME as its database.
pg_conninfo() {
	case $ROSTER_TEST_PG in
	postgres://*|postgresql://*)
		printf '%s\n' "$ROSTER_TEST_PG" |
		    sed -E "s#^(postgres(ql)?://[^/?]*)(/[^?]*)?#\\1/$1#" ;;
	*)
		printf '%s\n' "$(printf '%s\n' "$ROSTER_TEST_PG" |
		    sed -E 's/(^|[[:space:]])dbname[[:space:]]*=[[:space:]]*[^[:space:]]+//g') dbname=$1" |
		    sed -E 's/^[[:space:]]+//' ;;
	esac
}

db_new() {
	if ! db_is_pg; then
		printf '%s\n' "$T/${1:-roster}.db"
		return
	fi
	_n=$(( $(cat "$T/.db-count" 2>/dev/null || echo 0) + 1 ))
	echo "$_n" >"$T/.db-count"
	_name=$(printf 'rt_%s_%s_%s_%s' "$(basename "$0" .sh)" "$$" "$_n" "${1:-roster}" |
	    tr 'A-Z' 'a-z' | tr -c 'a-z0-9_\n' _ | cut -c1-63)
	db_psql -d "$ROSTER_TEST_PG" -c "CREATE DATABASE \"$_name\"" >&2 || {
		echo "db_new: cannot create a database on ROSTER_TEST_PG ($ROSTER_TEST_PG)" >&2
		return 1
	}
	echo "$_name" >>"$T/.pg-dbs"
	[ -f "$T/.db-start" ] || : >"$T/.db-start"
	pg_conninfo "$_name"
}

# pg_dbname SPEC: the database a conninfo names.
pg_dbname() {
	case $1 in
	postgres://*|postgresql://*) printf '%s\n' "$1" | sed -E 's#^postgres(ql)?://[^/?]*/?([^?]*).*#\2#' ;;
	*) printf '%s\n' "$1" | tr ' ' '\n' | sed -n 's/^dbname=//p' | tail -n 1 ;;
	esac
}

db_snapshot() {
	if db_is_pg; then
		_snap=$(db_new "$1") || return 1
		db_psql -d "$ROSTER_TEST_PG" -c "DROP DATABASE \"$(pg_dbname "$_snap")\"" \
		    -c "CREATE DATABASE \"$(pg_dbname "$_snap")\" TEMPLATE \"$(pg_dbname "$DB")\"" >&2 ||
		    return 1
		printf '%s\n' "$_snap"
	else
		sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null &&
		    cp "$DB" "$T/$1.db" && printf '%s\n' "$T/$1.db"
	fi
}

db_restore() {
	if db_is_pg; then
		db_psql -d "$ROSTER_TEST_PG" -c "DROP DATABASE \"$(pg_dbname "$DB")\" WITH (FORCE)" \
		    -c "CREATE DATABASE \"$(pg_dbname "$DB")\" TEMPLATE \"$(pg_dbname "$1")\"" >&2
	else
		rm -f "$DB" "$DB-wal" "$DB-shm" && cp "$1" "$DB"
	fi
}

db_integrity() {
	if ! db_is_pg; then
		sqlite3 -batch -noheader "$DB" 'PRAGMA integrity_check;' 2>&1 | head -n 1
		return
	fi
	_end=$(( $(date +%s) + 30 ))
	while :; do
		_n=$(db_psql -d "$DB" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()") ||
		    { echo "cannot connect"; return; }
		[ "$_n" = 0 ] || [ "$(date +%s)" -ge $_end ] && break
		sleep 0.05
	done
	[ "$_n" = 0 ] || { echo "$_n sessions still open 30 s after the kill"; return; }
	echo ok
}

db_cleanup() {
	db_is_pg && [ -f "$T/.pg-dbs" ] || return 0
	while read -r _name; do
		db_psql -d "$ROSTER_TEST_PG" \
		    -c "DROP DATABASE IF EXISTS \"$_name\" WITH (FORCE)" >/dev/null 2>&1 ||
		    echo "db_cleanup: could not drop $_name" >&2
	done <"$T/.pg-dbs"
}

db_sql() {
	if db_is_pg; then db_psql -d "$DB" -c "$1"
	else sqlite3 -batch -noheader "$DB" "$1"; fi
}

db_checksum() {
	if db_is_pg; then
		# The schema from the catalogue (one psql run, where pg_dump took
		# ten times as long), then every table's rows.  A database that
		# cannot be read never matches: "unreadable" and the time.
		db_psql -d "$DB" >"$T/.db-checksum" <<'EOF' || { echo "unreadable-$(date +%s%N)"; return 1; }
SELECT table_schema, table_name, column_name, data_type, is_nullable,
    column_default, collation_name
FROM information_schema.columns
WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
ORDER BY 1, 2, ordinal_position;
SELECT schemaname, indexdef FROM pg_indexes
WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2;
SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
WHERE connamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
ORDER BY 1, 2, 3;
SELECT format('SELECT %L, x::text FROM %I.%I x ORDER BY 2', tablename, schemaname, tablename)
FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
ORDER BY schemaname, tablename
\gexec
EOF
		sha256sum <"$T/.db-checksum" | cut -d' ' -f1
	else
		sqlite3 -batch "$DB" '.dump' | grep -v '^PRAGMA' | sha256sum | cut -d' ' -f1
	fi
}

db_files() {
	if ! db_is_pg; then
		printf '%s\n' "$DB"
		[ ! -f "$DB-wal" ] || printf '%s\n' "$DB-wal"
		return
	fi
	pg_dump --no-owner -d "$DB" >"$T/.db-dump.sql" || return 1
	printf '%s\n' "$T/.db-dump.sql"
	# What the server wrote: flushed to the data files, and the WAL.
	db_psql -d "$DB" -c CHECKPOINT || return 1
	_dir=$(db_psql -d "$DB" -c "SELECT current_setting('data_directory') || '/base/' || oid FROM pg_database WHERE datname = current_database()") || return 1
	_wal=$(db_psql -d "$DB" -c "SELECT current_setting('data_directory') || '/pg_wal'") || return 1
	[ -r "$_dir" ] && [ -r "$_wal" ] || {
		echo "db_files: the server's files ($_dir, $_wal) are not readable here" >&2
		return 1
	}
	# Copied at once into $T/.db-files: other tests on the same cluster
	# make the server recycle WAL segments and drop its caches, and a file
	# listed could be gone by the time the test reads it.  (pg_internal.init
	# is the server's cache of the catalogue, no table's rows: left out.)
	_copies=$T/.db-files
	rm -rf "$_copies" && mkdir -p "$_copies" || return 1
	{ find "$_dir" -type f ! -name pg_internal.init
	  find "$_wal" -maxdepth 1 -type f -name '0*' -newer "$T/.db-start"; } |
	while read -r _f; do
		# (the path under the data folder kept: base/OID/…, pg_wal/…)
		_c="$_copies/${_f#"$(dirname "$(dirname "$_dir")")"/}"
		mkdir -p "$(dirname "$_c")" && cp "$_f" "$_c" ||
		    { echo "db_files: $_f vanished before it was copied" >&2; exit 1; }
		printf '%s\n' "$_c"
	done
}

db_hold_write() {
	if db_is_pg; then
		# Every table of the database, locked against writers.
		db_psql -d "$DB" >/dev/null <<EOF
BEGIN;
SELECT format('LOCK TABLE %I.%I IN EXCLUSIVE MODE', schemaname, tablename)
FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
\\gexec
SELECT pg_sleep($1);
COMMIT;
EOF
	else
		sqlite3 "$DB" 'BEGIN IMMEDIATE; SELECT 1;' ".shell sleep $1" 'COMMIT;' >/dev/null
	fi
}

db_wait_held() {
	_end=$(( $(date +%s) + 10 ))
	while [ "$(date +%s)" -lt $_end ]; do
		if db_is_pg; then
			[ "$(db_psql -d "$DB" -c "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE l.mode = 'ExclusiveLock' AND l.granted AND c.relname = 'portfolios' AND l.pid <> pg_backend_pid()")" = 1 ] && return 0
		else
			sqlite3 -cmd '.timeout 0' "$DB" 'BEGIN IMMEDIATE; ROLLBACK;' 2>/dev/null || return 0
		fi
		sleep 0.05
	done
	echo "db_wait_held: nobody took the write lock" >&2
	return 1
}

# db_store_raw ID COLUMN TEXT: puts TEXT into portfolio ID's COLUMN behind
# roster's back, byte for byte (as a database made by an older roster may
# hold it).  SQLite takes any bytes; PostgreSQL (UTF8) refuses bytes that
# are not UTF-8, and then this fails with the server's message on stderr.
db_store_raw() {
	_hex=$(printf '%s' "$3" | od -An -v -tx1 | tr -d ' \n')
	if db_is_pg; then
		db_psql -d "$DB" -c "UPDATE portfolios SET $2 = convert_from(decode('$_hex', 'hex'), 'UTF8') WHERE id = $1"
	else
		sqlite3 -batch "$DB" "UPDATE portfolios SET $2 = CAST(X'$_hex' AS TEXT) WHERE id = $1"
	fi
}
