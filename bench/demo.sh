#!/bin/sh
# bench/demo.sh — `roster init --demo=N` against the sqlite3 command
# loading the same rows, in turn in the same run.
#
# The reference: the rows of the first demo made here, exported once to a
# CSV file; then, timed, the sqlite3 command creates the portfolios table
# (roster's columns, types and collations; without its CHECK constraints,
# which a CSV's empty fields would fail where roster binds NULL), runs
# .import of the file, and then CREATE INDEX for each of roster's indexes
# on portfolios, as sqlite_master of the demo holds them (the partial
# index on sourced_id over the non-empty values: the CSV has '' for NULL).
# Ours is the whole process: the database created, the district admin
# hashed, the demo site, its groups and N + 4 portfolios, the count table,
# ANALYZE and the checkpoint.
#
#   bench/demo.sh                 N=1000000, REPEAT=3, prints
#                                 "demo_ms=… ref_ms=… rows=… load=…"
#   OLD=/path/to/roster bench/demo.sh   also times another roster build
#                                 in the same turns (old_ms=…)
set -eu
cd "$(dirname "$0")/.."
ROOT=$PWD
N=${N:-1000000}
REPEAT=${REPEAT:-3}
OUT=$ROOT/bench/out
R=$ROOT/roster

make --no-print-directory roster >/dev/null
mkdir -p "$OUT"
W=$(mktemp -d "${TMPDIR:-/tmp}/roster-demo-XXXXXX")
trap 'rm -rf "$W"' EXIT
printf 'District1pw\n' >"$W/d.pw"
chmod 600 "$W/d.pw"

now_ns() { date +%s%N; }
median() { sort -g | awk '{ a[NR] = $1 } END { print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# demo ROSTER: one timed init --demo into a new file; its ms on stdout.
demo() {
	rm -f "$W/demo.db" "$W/demo.db-wal" "$W/demo.db-shm"
	t0=$(now_ns)
	"$1" --db "$W/demo.db" init --admin district1 --password-file "$W/d.pw" \
	    --demo="$N" >/dev/null
	echo $(( ($(now_ns) - t0) / 1000000 ))
}

# The reference's input, from the first demo made here.
reference_setup() {
	sqlite3 -csv "$W/demo.db" "SELECT * FROM portfolios" >"$W/rows.csv"
	sqlite3 "$W/demo.db" "SELECT sql FROM sqlite_master WHERE name = 'portfolios'" |
	    python3 -c '
import re, sys
s = sys.stdin.read().strip()
check = r"CHECK\s*\((?:[^()]|\([^()]*\))*\)"
s = re.sub(r",\s*" + check + r"\s*(?=\)$)", "", s)
s = re.sub(r"\s*" + check, "", s)
print(s + ";")' >"$W/ref.sql"
	echo ".import --csv $W/rows.csv portfolios" >>"$W/ref.sql"
	sqlite3 "$W/demo.db" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index'
	    AND tbl_name = 'portfolios' AND sql IS NOT NULL" |
	    sed "s/WHERE sourced_id IS NOT NULL/WHERE sourced_id <> ''/" >>"$W/ref.sql"
	[ "$(grep -c '^CREATE .*INDEX' "$W/ref.sql")" -ge 5 ] ||
	    { echo "bench/demo.sh: fewer indexes than expected" >&2; exit 1; }
}

reference() {
	rm -f "$W/ref.db" "$W/ref.db-journal"
	t0=$(now_ns)
	sqlite3 "$W/ref.db" <"$W/ref.sql"
	echo $(( ($(now_ns) - t0) / 1000000 ))
	[ "$(sqlite3 "$W/ref.db" "SELECT count(*) FROM portfolios")" = "$ROWS" ] ||
	    { echo "bench/demo.sh: the reference loaded a different count" >&2; exit 1; }
}

: >"$W/demo.ms"; : >"$W/ref.ms"; : >"$W/old.ms"
load0=$(cut -d' ' -f1 /proc/loadavg)
i=0
while [ $i -lt "$REPEAT" ]; do
	if [ -n "${OLD:-}" ]; then demo "$OLD" >>"$W/old.ms"; fi
	demo "$R" >>"$W/demo.ms"
	if [ $i = 0 ]; then
		ROWS=$(sqlite3 "$W/demo.db" "SELECT count(*) FROM portfolios")
		reference_setup
	fi
	reference >>"$W/ref.ms"
	i=$((i + 1))
done
load1=$(cut -d' ' -f1 /proc/loadavg)
printf 'demo_ms=%s ref_ms=%s rows=%s load=%s-%s' "$(median <"$W/demo.ms")" \
    "$(median <"$W/ref.ms")" "$ROWS" "$load0" "$load1"
[ -n "${OLD:-}" ] && printf ' old_ms=%s' "$(median <"$W/old.ms")"
printf '\n'
printf 'all runs: ours %s; reference %s%s\n' "$(paste -sd' ' "$W/demo.ms")" \
    "$(paste -sd' ' "$W/ref.ms")" \
    "$([ -n "${OLD:-}" ] && printf '; old %s' "$(paste -sd' ' "$W/old.ms")")" >&2
