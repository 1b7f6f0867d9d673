#!/bin/bash
# bench/dups.sh — the trial run of a file of N identical rows against a
# file of N distinct rows (issue 10 item 10: repeated ids and usernames,
# E21/E32/E33, must be found in linear time), each beside sqlite3's
# .import of the same file in the same run.
#
#   bench/dups.sh                    N=1000000 REPEAT=3
#   N=100000 REPEAT=1 bench/dups.sh  a look
#
# Files (bench/out/dups/), on a demo database of N portfolios
# (`roster init --demo=N`, kept while the schema, the demo generator and
# N are unchanged; DUPS_KEEP_DB=1 keeps it whatever):
#   distinct.csv  the site's every portfolio as exported (active, then
#                 inactive), the first N rows: every row SAME, exit 0
#   same.csv      the first row of distinct.csv N times: one portfolio
#                 named N times (E21 and E33 on every row), exit 1
#   taken.csv     a new portfolio taking that row's username, N times
#                 (E32 and E33 on every row), exit 1
#   clash.csv     N new portfolios whose usernames all differ but would
#                 share 1/256 of the username table's slots had its hash
#                 no secret seed (bench/clash.c): every row NEW, exit 0
# Each trial run is the whole `roster import FILE --trial-run --format
# json` process (start, sign-in as demo.admin at the default cost, the
# work, the JSON written to /dev/null as run.sh does; one untimed run per
# file writes it to a file, whose summary is checked); the reference is
# `sqlite3 NEW.db ".import --csv FILE t"`.  Ours and the reference run in
# turn, REPEAT rounds, medians of wall time, largest peak RSS.
# Targets: same, taken and clash <= 2x distinct (the issue's), and each
# trial run <= 3x its .import (bench/run.sh's target at 100,000 rows).
set -eu
cd "$(dirname "$0")/.."
N=${N:-1000000}
REPEAT=${REPEAT:-3}
ROOT=$PWD
OUT=$ROOT/bench/out/dups
R=$ROOT/roster
for c in sqlite3 /usr/bin/time /usr/bin/python3; do
	command -v $c >/dev/null || { echo "bench/dups: needs $c" >&2; exit 1; }
done
make --no-print-directory -s roster
mkdir -p "$OUT"
cc -O2 -std=c11 -Wall -Wextra -Werror -o "$OUT/clash" bench/clash.c
cd "$OUT"
DB=$OUT/roster.db
printf 'District1pw\n' >district.pw
printf 'DemoAdmin1\n' >admin.pw
chmod 600 ./*.pw
A=("$R" --db "$DB" --user demo.admin --password-file admin.pw)
log() { printf 'bench/dups: %s\n' "$*" >&2; }

# The database depends on the schema this roster makes, the demo
# generator and N.
db_key() {
	local k
	k=$(mktemp -d "${TMPDIR:-/tmp}/roster-key-XXXXXX")
	"$R" --db "$k/k.db" init --admin keyadmin --password-file district.pw >/dev/null
	{ sqlite3 "$k/k.db" .schema; cat "$ROOT/src/core/demo.c"; echo "$N"; } |
	    sha1sum | cut -d' ' -f1
	rm -rf "$k"
}
key=$(db_key)
if [ -f "$DB" ] && [ -f distinct.csv ] && { [ "${DUPS_KEEP_DB:-0}" = 1 ] ||
    [ "$(cat db.key 2>/dev/null)" = "$key" ]; }; then
	log "using $DB and its files"
else
	rm -f "$DB" "$DB"-* db.key
	log "making a demo database of $N portfolios and the files..."
	"$R" --db "$DB" init --admin district1 --password-file district.pw \
	    --demo="$N" >/dev/null
	"${A[@]}" export --all -o all.csv >/dev/null
	"${A[@]}" export --all --inactive -o inactive.csv >/dev/null
	{ cat all.csv; tail -n +2 inactive.csv; } | head -n $((N + 1)) >distinct.csv
	rm -f all.csv inactive.csv
	/usr/bin/python3 - distinct.csv "$N" <<'EOF'
import csv, sys
src, n = sys.argv[1], int(sys.argv[2])
with open(src, encoding="utf-8-sig", newline="") as f:
    r = csv.reader(f)
    header, first = next(r), next(r)
def write(name, row):
    with open(name, "w", encoding="utf-8", newline="") as g:
        w = csv.writer(g, lineterminator="\r\n")
        w.writerow(header)
        w.writerows([row] * n)
write("same.csv", first)
taken = list(first)
taken[0], taken[2], taken[7] = "", "Welcome123", ""
write("taken.csv", taken)
EOF
	echo "$key" >db.key
fi
[ -f clash.csv ] && [ "$(cat clash.key 2>/dev/null)" = "$N" ] ||
	{ "$OUT/clash" "$N" >clash.csv && echo "$N" >clash.key; }
for f in distinct same taken clash; do
	rows=$(($(wc -l <$f.csv) - 1))
	[ "$rows" = "$N" ] || { log "$f.csv has $rows rows, not $N"; exit 1; }
done

# check FILE STATUS WANT: one untimed trial run, JSON to a file: exit
# status and summary as expected.
check() {
	local rc=0
	"${A[@]}" import "$1.csv" --trial-run --format json >"$1.json" 2>"$1.err" || rc=$?
	[ "$rc" = "$2" ] || { log "$1: exit $rc, expected $2"; cat "$1.err" >&2; exit 1; }
	grep -q "$3" "$1.json" || { log "$1: no '$3' in the JSON"; head -c 600 "$1.json" >&2; exit 1; }
}
check distinct 0 "\"rows\": $N, \"new\": 0, \"update\": 0, \"same\": $N, \"error\": 0}"
check same 1 "\"rows\": $N, \"new\": 0, \"update\": 0, \"same\": 0, \"error\": $N}"
check taken 1 "\"rows\": $N, \"new\": 0, \"update\": 0, \"same\": 0, \"error\": $N}"
check clash 0 "\"rows\": $N, \"new\": $N, \"update\": 0, \"same\": 0, \"error\": 0}"
grep -q '"codes": \["E21", "E33"\]' same.json || { log "same: no E21+E33"; exit 1; }
grep -q '"codes": \["E32", "E33"\]' taken.json || { log "taken: no E32+E33"; exit 1; }
rm -f ./*.json

# measure NAME OKSTATUS CMD...: one run; appends "NAME ms KiB".
measure() {
	local name=$1 ok=$2 rc=0 t0
	shift 2
	t0=$(date +%s%N)
	/usr/bin/time -o time.txt -f '%M' "$@" >/dev/null 2>err.txt || rc=$?
	[ "$rc" = "$ok" ] || { log "$name: exit $rc"; cat err.txt time.txt >&2; exit 1; }
	echo "$name $((($(date +%s%N) - t0) / 1000000)) $(tail -1 time.txt)" >>raw.txt
}
median() { # NAME COLUMN (2: ms, 3: KiB)
	awk -v n="$1" -v c="$2" '$1 == n { print $c }' raw.txt | sort -g |
	    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
most() { awk -v n="$1" '$1 == n && $3 > m { m = $3 } END { printf "%.1f", m / 1024 }' raw.txt; }

: >raw.txt
for i in $(seq "$REPEAT"); do
	log "round $i of $REPEAT"
	for f in distinct same taken clash; do
		ok=1
		case $f in distinct|clash) ok=0 ;; esac
		measure "trial_$f" $ok "${A[@]}" import "$f.csv" --trial-run --format json
		rm -f imp.db
		measure "import_$f" 0 sqlite3 imp.db ".import --csv $f.csv t"
		rm -f imp.db
	done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v q="$1" -v t="$2" 'BEGIN { print (q <= t) ? "met" : "MISSED" }'; }
D=$(median trial_distinct 2)
{
	echo "bench/dups.sh: N=$N rows, REPEAT=$REPEAT, $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
	echo "| file ($N rows) | trial run | peak RSS | sqlite3 .import | / .import (target ≤ 3×) | / distinct (target ≤ 2×) |"
	echo "|---|---|---|---|---|---|"
	for f in distinct same taken clash; do
		T=$(median "trial_$f" 2) I=$(median "import_$f" 2)
		q=$(ratio "$T" "$I") d=$(ratio "$T" "$D")
		printf '| %s | %s ms | %s MiB | %s ms | %s× %s | %s |\n' "$f" "$T" "$(most "trial_$f")" \
		    "$I" "$q" "$(verdict "$q" 3)" \
		    "$([ $f = distinct ] && echo – || echo "$d× $(verdict "$d" 2)")"
	done
} | tee results.txt
