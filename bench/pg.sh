#!/bin/sh
# bench/pg.sh — `make bench-pg`: roster on PostgreSQL at 1,000,000
# portfolios, side by side with psql doing the same work on the same data
# in the same run, printed as one table (measure, ours, reference, ratio,
# target, met/MISSED) like bench/run.sh's.
#
#   bench/pg.sh              the default run (about 10 minutes on 2 cores)
#   bench/pg.sh --quick      one repeat of everything (a look)
#
# Environment: REPEAT (3: runs of each command; the median is shown).
#
# It starts a throwaway cluster of its own (scripts/pg-cluster.sh, as
# make check-pg does; its state in build/pg-bench.state, so that a
# check-pg of the same checkout is not disturbed) and stops it however
# the run ends.  The data is bench/run.sh's: bench/out/bench-1m.db, made
# (or kept) by `bench/run.sh --setup`, copied into the cluster with
# `roster db copy` and VACUUM ANALYZEd, for ours and psql alike.
#
# Method (bench/RESULTS.md says more):
# - list pages and counts: in-process through bench/list.c (as run.sh);
#   the reference is psql running the store's own query text
#   (src/store/pg_list.c, fragment by fragment, its parameters numbered
#   as the store numbers them) as a prepared statement with the same
#   bindings, EXECUTEd K times in one session; psql's own \timing of each
#   (from sending it to the last row read), median.
# - commands: wall time of the whole roster process (start, sign-in at
#   the bench database's cheap hash cost, the work) against the whole
#   psql process, in turn, median of REPEAT.  Export: psql's
#   \copy (SELECT … ORDER BY the list's order) TO a file.  Trial run:
#   psql's \copy of the same file into a new table.  Upload: on a fresh
#   copy of the database (CREATE DATABASE … TEMPLATE), against psql's
#   floor on another fresh copy: \copy of the file into a staging table
#   and one UPDATE … FROM writing the same emails and version + 1, in one
#   transaction.  The write lock: ROSTER_TRACE's "lock held", and the
#   site's advisory lock as a second client sees it (bench/pg_lockwatch.sql
#   polls pg_locks every 2 ms).
set -eu
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/bench/out
QUICK=0
for a in "$@"; do
	case $a in
	--quick) QUICK=1 ;;
	*) echo "usage: bench/pg.sh [--quick]" >&2; exit 2 ;;
	esac
done
REPEAT=${REPEAT:-3}
[ $QUICK = 1 ] && REPEAT=1
for c in psql python3 /usr/bin/time; do
	command -v $c >/dev/null || { echo "bench-pg: needs $c" >&2; exit 1; }
done
. bench/lib.sh

# The database and programs of bench/run.sh (list, roster).
bench/run.sh --setup
R=$ROOT/roster
SQLITE_DB=$OUT/bench-1m.db

export ROSTER_PG_STATE=$ROOT/build/pg-bench.state
trap 'scripts/pg-cluster.sh stop' EXIT
trap 'exit 130' INT TERM
eval "$(scripts/pg-cluster.sh start)"
log "cluster in $ROSTER_TEST_PG_DIR"
conn() { echo "host=$ROSTER_TEST_PG_DIR dbname=$1 user=postgres"; }
# P [-d DB] SQL…: psql, rows as a|b|c.
P() { psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 "$@"; }
PB() { P -d "$(conn bench)" "$@"; }
# fresh_db NAME: NAME a new copy of the bench database.
fresh_db() {
	P -d "$ROSTER_TEST_PG" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" \
	    -c "CREATE DATABASE $1 TEMPLATE bench"
}

t0=$(now_ns)
P -d "$ROSTER_TEST_PG" -c "CREATE DATABASE bench"
"$R" db copy "$SQLITE_DB" "$(conn bench)" >"$OUT/pg-copy.txt"
log "roster db copy of $SQLITE_DB: $(ms_since "$t0") ms"

SITE="Demo High School"
SITE_ID=$(PB -c "SELECT id FROM sites WHERE name = '$SITE'")
# Site B for two uploads at once: 100,000 active students of site A's
# graduation year 2030 (the first by id) move to a site of their own,
# without their groups (which are site A's), with a site admin.
SITE_B="Bench Site B"
"$R" --db "$(conn bench)" --user district1 --password-file "$OUT/district.pw" \
    site add "$SITE_B" >/dev/null
SITE_B_ID=$(PB -c "SELECT id FROM sites WHERE name = '$SITE_B'")
PB -c "UPDATE portfolios SET site_id = $SITE_B_ID, group_id = NULL WHERE id IN
    (SELECT id FROM portfolios WHERE site_id = $SITE_ID AND type = 'student'
     AND active = 1 AND grad_year = 2030 ORDER BY id LIMIT 100000)"
"$R" --db "$(conn bench)" --user district1 --password-file "$OUT/district.pw" \
    --site "$SITE_B" account add --username bench.b --first Bench --last B \
    --type admin --new-password-file "$OUT/bench.pw" >/dev/null
PB -c "VACUUM ANALYZE" >/dev/null
SITE_ROWS=$(PB -c "SELECT count(*) FROM portfolios WHERE site_id = $SITE_ID AND active = 1")
log "set up in $(ms_since "$t0") ms: $SITE_ROWS active portfolios in $SITE"

# A and B: roster as the site admins of A and B on the database $PGDB,
# as programs (for /usr/bin/time).
PGDB=bench
export PGDB
for w in A:bench.admin B:bench.b; do
	printf '#!/bin/sh\nexec "%s" --db "host=%s dbname=$PGDB user=postgres" --user %s --password-file "%s" "$@"\n' \
	    "$R" "$ROSTER_TEST_PG_DIR" "${w#*:}" "$OUT/bench.pw" >"$OUT/pg-as-${w%%:*}"
	chmod +x "$OUT/pg-as-${w%%:*}"
done
A=$OUT/pg-as-A
B=$OUT/pg-as-B

TSV=$OUT/pg-table.tsv
: >"$TSV"

# --------------------------------------------------- list pages & counts

# The store's query text (src/store/pg_list.c), fragment by fragment,
# with its named parameters (@site …), numbered as number() numbers them.
NCF() { echo "translate($1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"; }
COLS="p.id, p.site_id, p.username, p.first, p.last, p.email, p.group_id, g.name, p.grad_year, p.type, p.sso, p.sso_id, p.active, p.temp_password, p.sq_reset, p.version, p.password_hash, p.failed_signins, p.first_failed_at, p.locked_until"
FROM="FROM portfolios p LEFT JOIN groups g ON g.id = p.group_id"
ORDER="$(NCF p.last), $(NCF p.first), p.id"
KEY="($(NCF p.last), $(NCF p.first), p.id)"
CURSOR="($(NCF @last::text), $(NCF @first::text), @id::bigint)"
where_of() {
	case $1 in
	last) echo "p.site_id = @site AND p.active = @active AND $(NCF p.last) >= $(NCF @arg::text) AND $(NCF p.last) < $(NCF @hi::text)" ;;
	group) echo "p.group_id = @arg::bigint AND p.active = @active" ;;
	year) echo "p.site_id = @site AND p.active = @active AND p.grad_year = @arg::integer" ;;
	all) echo "p.site_id = @site AND p.active = @active" ;;
	esac
}
count_head() {
	case $1 in
	group) echo "SELECT coalesce(sum(n), 0) FROM portfolio_counts WHERE site_id = @site AND active = @active AND group_id = @arg::bigint" ;;
	year) echo "SELECT coalesce(sum(n), 0) FROM portfolio_counts WHERE site_id = @site AND active = @active AND grad_year = @arg::integer" ;;
	all) echo "SELECT coalesce(sum(n), 0) FROM portfolio_counts WHERE site_id = @site AND active = @active" ;;
	esac
}
named_of() { # MODE FIRST|NEXT|COUNT|EXCEPT
	case $2 in
	FIRST) echo "SELECT $COLS $FROM WHERE $(where_of "$1") ORDER BY $ORDER LIMIT @limit::bigint" ;;
	NEXT) echo "SELECT $COLS $FROM WHERE $(where_of "$1") AND $KEY > $CURSOR ORDER BY $ORDER LIMIT @limit::bigint" ;;
	COUNT) if [ "$1" = last ]; then echo "SELECT count(*) FROM portfolios p WHERE $(where_of "$1")"
	       else count_head "$1"; fi ;;
	EXCEPT) echo "SELECT ($(count_head "$1")) - (SELECT count(*) FROM portfolios p WHERE $(where_of "$1") AND p.id = ANY (@ids::bigint[]))" ;;
	esac
}
# number NAMED: the text with $1 … (first line) and the roles in order
# (second line), as pg_list.c's number().
number() {
	printf '%s\n' "$1" | awk '{
		s = $0; out = ""; n = 0; roles = ""
		while (match(s, /@(site|active|arg|hi|ids|last|first|id|limit)/)) {
			r = substr(s, RSTART, RLENGTH)
			if (!(r in num)) { num[r] = ++n; roles = roles " " r }
			out = out substr(s, 1, RSTART - 1) "$" num[r]
			s = substr(s, RSTART + RLENGTH)
		}
		print out s; print substr(roles, 2) }'
}
sqlq() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }

LIMIT=50
PREFIX=M
GROUP_NAME="Period 1"
GROUP_ID=$(PB -c "SELECT id FROM groups WHERE site_id = $SITE_ID AND name = '$GROUP_NAME'")
arg_of() { case $1 in last) echo $PREFIX ;; group) echo "$GROUP_NAME" ;; year) echo 2027 ;; all) echo "" ;; esac; }
# value ROLE MODE: the binding of a role, as an SQL literal.
value() {
	case $1 in
	@site) echo "$SITE_ID" ;;
	@active) echo "'1'" ;;
	@arg) case $2 in last) sqlq "$PREFIX" ;; group) echo "'$GROUP_ID'" ;; year) echo "'2027'" ;; esac ;;
	@hi) echo "E'$PREFIX\\U0010FFFF'" ;;
	@limit) echo "'$((LIMIT + 1))'" ;;
	@last) sqlq "$DL" ;;
	@first) sqlq "$DF" ;;
	@id) echo "'$DID'" ;;
	@ids) echo "'$EXCEPT_IDS'" ;;
	esac
}
# psql_time MODE KIND K: ms per EXECUTE of the prepared statement, the
# median of K (after K warm-up runs), as psql's \timing reports them.
psql_time() {
	number "$(named_of "$1" "$2")" >"$OUT/pg-q.txt"
	sql=$(sed -n 1p "$OUT/pg-q.txt")
	args=
	for r in $(sed -n 2p "$OUT/pg-q.txt"); do args="$args${args:+, }$(value "$r" "$1")"; done
	{ echo "PREPARE q AS $sql;"; printf '%s\n' '\o /dev/null'
	  i=0; while [ $i -lt "$3" ]; do echo "EXECUTE q($args);"; i=$((i + 1)); done
	  printf '%s\n' '\timing on'
	  i=0; while [ $i -lt "$3" ]; do echo "EXECUTE q($args);"; i=$((i + 1)); done
	} >"$OUT/pg-q.sql"
	PB -f "$OUT/pg-q.sql" >"$OUT/pg-q.out" || { log "psql: $sql"; exit 1; }
	[ "$(grep -c '^Time: ' "$OUT/pg-q.out")" = "$3" ] || { log "psql timed no query: $sql"; exit 1; }
	sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' "$OUT/pg-q.out" | median
}
deep_row() {
	number "SELECT p.id, p.last, p.first FROM portfolios p WHERE $(where_of "$1") ORDER BY $ORDER OFFSET (SELECT count(*) / 2 FROM portfolios p WHERE $(where_of "$1")) LIMIT 1" >"$OUT/pg-q.txt"
	sql=$(sed -n 1p "$OUT/pg-q.txt")
	args=
	for r in $(sed -n 2p "$OUT/pg-q.txt"); do args="$args${args:+, }$(value "$r" "$1")"; done
	PB -c "PREPARE d AS $sql" -c "EXECUTE d($args)"
}

section "List pages ($LIMIT rows), $SITE_ROWS active portfolios in the site; in-process vs psql running the store's query"
for m in last group year all; do
	deep=$(deep_row $m)
	eval "DEEP_$m=\$deep"
	echo "$m-first:page:$m:$(arg_of $m):0"
	echo "$m-deep:page:$m:$(arg_of $m):${deep%%|*}"
done >"$OUT/pg-list.specs"
cat >>"$OUT/pg-list.specs" <<EOF
last-count:count:last:$PREFIX:0
group-count:count:group:$GROUP_NAME:0
year-count:count:year:2027:0
all-count:count:all::0
all-except:count:all::20
EOF
xargs -d '\n' "$OUT/list" "$(conn bench)" bench.admin Bench-Admin-1 5 50 $LIMIT \
    <"$OUT/pg-list.specs" >"$OUT/pg-list.txt"
ours() { awk -v n="$1" '$1 == n { print $2 }' "$OUT/pg-list.txt"; }
label() { case $1 in last) echo "Last Name begins with \"$PREFIX\"" ;; group) echo "Group \"$GROUP_NAME\"" ;; year) echo "Graduation Year 2027" ;; all) echo "All Users in Site" ;; esac; }
for m in last group year all; do
	eval "deep=\$DEEP_$m"
	DID=${deep%%|*}; rest=${deep#*|}; DL=${rest%%|*}; DF=${rest#*|}
	emit "$(label $m), first page" "$(ours $m-first)" "$(psql_time $m FIRST 200)" ms "≤ 2×" 'q <= 2'
	emit "$(label $m), page after row $DID (mid-list, --after)" "$(ours $m-deep)" "$(psql_time $m NEXT 200)" ms "≤ 2×" 'q <= 2'
done

section "Counting a selection (ro_list_count) vs psql running the store's count query"
for m in last group year all; do
	rows=$(awk -v n="$m-count" '$1 == n { print $3 }' "$OUT/pg-list.txt")
	emit "count, $(label $m) ($rows rows)" "$(ours $m-count)" "$(psql_time $m COUNT 20)" ms "(none)" '1'
done
EXCEPT_IDS=$(PB -c "SELECT '{' || string_agg(id::text, ',') || '}' FROM (SELECT id FROM portfolios p WHERE site_id = $SITE_ID AND active = 1 ORDER BY $ORDER LIMIT 20) x")
emit "select all of the site but 20 (count with an except-set)" "$(ours all-except)" "$(psql_time all EXCEPT 20)" ms "(none)" '1'

# ------------------------------------------------------ bulk operations

EXPORT_SQL="SELECT p.id AS \"Portfolio ID\", p.username AS \"Username\", '' AS \"Password\", p.first AS \"First Name\", p.last AS \"Last Name\", p.grad_year AS \"Graduation Year\", g.name AS \"Group\", p.email AS \"Email\", p.type AS \"Account Type\" FROM portfolios p LEFT JOIN groups g ON g.id = p.group_id WHERE p.site_id = $SITE_ID AND p.active = 1"
sel_args() { case $1 in 100k) echo "--grad-year 2031" ;; 1m) echo "--all" ;; esac; }
sel_sql() { case $1 in 100k) echo " AND p.grad_year = 2031" ;; 1m) echo "" ;; esac; }
rows_of() { echo $(($(wc -l <"$1") - 1)); }

section "Export for Upload (the whole roster process) vs psql \\copy (SELECT …) TO a file"
for s in 100k 1m; do
	fresh "pg-export-$s" "pg-copy-$s"
	i=0
	while [ $i -lt "$REPEAT" ]; do
		# shellcheck disable=SC2046
		once "pg-export-$s" "$A" export $(sel_args $s) -o "$OUT/pg-export-$s.csv" --force
		once "pg-copy-$s" psql -X -q -d "$(conn bench)" -c \
		    "\\copy ($EXPORT_SQL$(sel_sql $s) ORDER BY $ORDER) TO '$OUT/pg-copy-$s.csv' WITH (FORMAT csv, HEADER)"
		i=$((i + 1))
	done
	stats "pg-export-$s"; eval "EXP_T_$s=\$T EXP_RSS_$s=\$RSS"
	stats "pg-copy-$s"; eval "COPY_T_$s=\$T"
	n=$(rows_of "$OUT/pg-export-$s.csv")
	eval "ROWS_$s=$n"
	[ "$n" = "$(rows_of "$OUT/pg-copy-$s.csv")" ] || { log "export $s: row counts differ"; exit 1; }
done
emit "export CSV, $ROWS_100k rows (--grad-year 2031)" "$EXP_T_100k" "$COPY_T_100k" ms "≤ 1.5×" 'q <= 1.5'
emit "export CSV, $ROWS_1m rows (--all)" "$EXP_T_1m" "$COPY_T_1m" ms "≤ 1.5×" 'q <= 1.5'
emit "export CSV, $ROWS_1m rows (--all): peak RSS" "$EXP_RSS_1m" "" MiB "≤ 64 MiB (flat)" 'o <= 64'

# The upload files: the exports with every row's Email changed; site B's
# from its own export.
python3 bench/changed.py "$OUT/pg-export-100k.csv" "$OUT/pg-upload-a.csv"
"$B" export --all -o "$OUT/pg-export-b.csv" --force >/dev/null
python3 bench/changed.py "$OUT/pg-export-b.csv" "$OUT/pg-upload-b.csv"
UP_ROWS=$(rows_of "$OUT/pg-upload-a.csv")
UP_ROWS_B=$(rows_of "$OUT/pg-upload-b.csv")

section "Trial run (roster import --trial-run --format json) vs psql \\copy of the same file into a new table"
"$A" import "$OUT/pg-upload-a.csv" --trial-run --format json >"$OUT/pg-trial.out" 2>"$OUT/pg-trial.err" || :
grep -q "\"update\": $UP_ROWS," "$OUT/pg-trial.out" ||
    { log "trial run: not every row an update"; head -c 400 "$OUT/pg-trial.out" "$OUT/pg-trial.err" >&2; exit 1; }
P -d "$ROSTER_TEST_PG" -c "CREATE DATABASE scratch"
IMPORT_TABLE='CREATE TABLE t ("Portfolio ID" text, "Username" text, "Password" text, "First Name" text, "Last Name" text, "Graduation Year" text, "Group" text, "Email" text, "Account Type" text)'
fresh pg-trial pg-import
i=0
while [ $i -lt "$REPEAT" ]; do
	ONCE_OUT=/dev/null
	once pg-trial "$A" import "$OUT/pg-upload-a.csv" --trial-run --format json
	unset ONCE_OUT
	once pg-import psql -X -q -v ON_ERROR_STOP=1 -d "$(conn scratch)" -c "DROP TABLE IF EXISTS t" \
	    -c "$IMPORT_TABLE" -c "\\copy t FROM '$OUT/pg-upload-a.csv' WITH (FORMAT csv, HEADER)"
	i=$((i + 1))
done
stats pg-import; IMP_T=$T
stats pg-trial
emit "trial run CSV, $UP_ROWS rows" "$T" "$IMP_T" ms "≤ 3× (SQLite's)" 'q <= 3'
emit "trial run CSV, $UP_ROWS rows: peak RSS" "$RSS" "" MiB "≤ 256 MiB" 'o <= 256'

section "Upload of changed rows, no passwords (each on a fresh copy of the database)"
# watch_lock DB: prints the longest time (ms) any session held a site's
# write lock (roster's advisory lock) in DB, polled every 2 ms from a
# session of its own, from when the first other session connects to when
# the last leaves (bench/pg_lockwatch.sql).
watch_lock() {
	P -d "$(conn "$1")" -v lockclass=1381930836 -f bench/pg_lockwatch.sql 2>&1 |
	    sed -n 's/.*held_ms=\([0-9.]*\).*/\1/p'
}
# upload_once WHO FILE NAME: one traced upload on a fresh copy; appends
# the wall ms to NAME.ms, the traced lock to NAME.lock, the watched one
# to NAME.watch, the RSS to NAME.rss; leaves the copy as $PGDB.
upload_once() {
	fresh_db up >/dev/null
	PGDB=up
	watch_lock up >"$OUT/$3.w" &
	wpid=$!
	ROSTER_TRACE=1; export ROSTER_TRACE
	once "$3" "$1" import "$2" --upload --format json
	unset ROSTER_TRACE
	wait $wpid
	cat "$OUT/$3.w" >>"$OUT/$3.watch"
	sed -n 's/.*lock held \([0-9]*\) ms.*/\1/p' "$OUT/$3.err" >>"$OUT/$3.lock"
	grep -q '"applied": true' "$OUT/$3.out" || { log "$3: not applied"; cat "$OUT/$3.err" >&2; exit 1; }
}
# The floor: psql, on a fresh copy, copying the file into a staging table
# and writing the same emails (and version + 1) in one UPDATE … FROM, in
# one transaction.
floor_once() {
	fresh_db up >/dev/null
	once "$1" psql -X -q -v ON_ERROR_STOP=1 -d "$(conn up)" <<EOF
BEGIN;
CREATE TEMPORARY TABLE up ("Portfolio ID" bigint, "Username" text, "Password" text, "First Name" text, "Last Name" text, "Graduation Year" text, "Group" text, "Email" text, "Account Type" text) ON COMMIT DROP;
\\copy up FROM '$2' WITH (FORMAT csv, HEADER)
UPDATE portfolios p SET email = u."Email", version = p.version + 1 FROM up u WHERE p.id = u."Portfolio ID";
COMMIT;
EOF
}
# undo_once NAME: undoes the upload just made on $PGDB, timed.
undo_once() {
	batch=$(P -d "$(conn up)" -c "SELECT max(id) FROM batches WHERE kind = 'upload'")
	once "$1" "$A" undo "$batch"
}
fresh pg-upload pg-floor pg-undo
: >"$OUT/pg-upload.lock"; : >"$OUT/pg-upload.watch"
i=0
while [ $i -lt "$REPEAT" ]; do
	upload_once "$A" "$OUT/pg-upload-a.csv" pg-upload
	undo_once pg-undo
	floor_once pg-floor "$OUT/pg-upload-a.csv"
	i=$((i + 1))
done
stats pg-floor; FLOOR_T=$T
stats pg-upload; UP_T=$T UP_RSS=$RSS
LOCK=$(median <"$OUT/pg-upload.lock")
WATCH=$(median <"$OUT/pg-upload.watch")
stats pg-undo; UNDO_T=$T
emit "upload, $UP_ROWS changed rows (ref: psql \\copy to a staging table + one UPDATE … FROM)" "$UP_T" "$FLOOR_T" ms "≤ 2×" 'q <= 2'
emit "upload, $UP_ROWS rows: write lock held (ROSTER_TRACE; ref as above)" "$LOCK" "$FLOOR_T" ms "≤ 2 s" 'o <= 2000'
emit "upload, $UP_ROWS rows: the site's lock held, seen by a second session (ref as above)" "$WATCH" "$FLOOR_T" ms "≤ 2 s" 'o <= 2000'
emit "upload, $UP_ROWS rows: peak RSS" "$UP_RSS" "" MiB "(none)" '1'
emit "undo of that upload, $UP_ROWS rows (ref: the psql floor above)" "$UNDO_T" "$FLOOR_T" ms "(none)" '1'

section "Two uploads at once, to two sites (per-site locks; each on a fresh copy)"
# alone: A's upload, B's upload, one after the other, each timed; at
# once: both started together on one fresh copy, the wall time until both
# have ended.
fresh pg-alone-a pg-alone-b pg-both
: >"$OUT/pg-alone-a.lock"; : >"$OUT/pg-alone-a.watch"
: >"$OUT/pg-alone-b.lock"; : >"$OUT/pg-alone-b.watch"
i=0
while [ $i -lt "$REPEAT" ]; do
	upload_once "$A" "$OUT/pg-upload-a.csv" pg-alone-a
	upload_once "$B" "$OUT/pg-upload-b.csv" pg-alone-b
	fresh_db up >/dev/null
	PGDB=up
	t0=$(now_ns)
	"$A" import "$OUT/pg-upload-a.csv" --upload >"$OUT/pg-both-a.out" 2>&1 & pa=$!
	"$B" import "$OUT/pg-upload-b.csv" --upload >"$OUT/pg-both-b.out" 2>&1 & pb=$!
	wait $pa || { log "the upload to A (at once) failed"; cat "$OUT/pg-both-a.out" >&2; exit 1; }
	wait $pb || { log "the upload to B (at once) failed"; cat "$OUT/pg-both-b.out" >&2; exit 1; }
	ms_since "$t0" >>"$OUT/pg-both.ms"
	i=$((i + 1))
done
stats pg-alone-a; ALONE_A=$T
stats pg-alone-b; ALONE_B=$T
BOTH=$(median <"$OUT/pg-both.ms")
SUM=$((ALONE_A + ALONE_B))
emit "upload to site A alone, $UP_ROWS rows" "$ALONE_A" "" ms "(none)" '1'
emit "upload to site B alone, $UP_ROWS_B rows" "$ALONE_B" "" ms "(none)" '1'
emit "both at once, until both have ended (ref: A alone + B alone, one after the other)" "$BOTH" "$SUM" ms "≤ 0.75× (clearly less than twice one)" 'q <= 0.75'

print_table "psql $(psql --version | awk '{ print $3 }'), server $(PB -c 'SHOW server_version' | cut -d' ' -f1)"
