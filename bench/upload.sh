#!/bin/bash
# bench/upload.sh — Export for Upload, trial run and upload on a demo
# database of N portfolios (default 100,000), side by side with sqlite3
# doing the same work on the same rows.
#
#   bench/upload.sh                  N=100000 REPEAT=5
#   N=20000 REPEAT=3 bench/upload.sh quicker
#
# Every measure runs REPEAT times, the competitors interleaved so that a
# busy host slows both alike; the medians (wall seconds, peak RSS from
# /usr/bin/time) go to bench/out/upload/results.txt.  Targets (issue 4):
# CSV export <= 2x sqlite3 -csv; trial run of a 100,000-row CSV <= 3x
# sqlite3 .import of it; XLSX export <= 3 s and <= 64 MiB; trial run
# <= 256 MiB.
set -eu
cd "$(dirname "$0")/.."
N=${N:-100000}
REPEAT=${REPEAT:-5}
OUT=$PWD/bench/out/upload
make -s all
R=$PWD/roster
mkdir -p "$OUT"
cd "$OUT"
rm -f roster.db roster.db-* imp.db
export ROSTER_DB=$OUT/roster.db
printf 'District1pw\n' >district.pw
printf 'DemoAdmin1\n' >admin.pw
chmod 600 ./*.pw
A=("$R" --user demo.admin --password-file admin.pw)

echo "making a demo database of $N portfolios..." >&2
"$R" init --admin district1 --password-file district.pw --demo="$N" >/dev/null
SITE=$(sqlite3 roster.db "SELECT id FROM sites WHERE name = 'Demo High School'")

# measure NAME CMD...: one run; appends "NAME seconds KiB" to raw.txt.
measure() {
	local name=$1; shift
	/usr/bin/time -o time.txt -f '%e %M' "$@" >/dev/null 2>&1 || {
		echo "failed: $*" >&2; cat time.txt >&2; exit 1; }
	echo "$name $(tail -1 time.txt)" >>raw.txt
}
median() { # NAME COLUMN(2 seconds, 3 KiB)
	awk -v n="$1" -v c="$2" '$1 == n { print $c }' raw.txt | sort -g |
	    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# The export's rows and columns, as sqlite3 writes them.
Q="SELECT p.id AS \"Portfolio ID\", p.username AS Username, '' AS Password,
 p.first AS \"First Name\", p.last AS \"Last Name\",
 p.grad_year AS \"Graduation Year\", g.name AS \"Group\", p.email AS Email,
 p.type AS \"Account Type\"
 FROM portfolios p LEFT JOIN groups g ON g.id = p.group_id
 WHERE p.site_id = $SITE AND p.active = 1 ORDER BY p.last, p.first, p.id"

# The 100,000-row file: the active portfolios, then the inactive ones
# (the site's every portfolio; an upload leaves them all SAME).
"${A[@]}" export --all -o all.csv --force >/dev/null
"${A[@]}" export --all --inactive -o inactive.csv --force >/dev/null
{ cat all.csv; tail -n +2 inactive.csv; } >file.csv
ROWS=$(($(wc -l <file.csv) - 1))
# The same file as XLSX, through our writer.
"${A[@]}" export --all -o all.xlsx --force >/dev/null
"${A[@]}" import file.csv --trial-run >/dev/null   # makes the key

# The changed file for the upload: every active portfolio's last name,
# no passwords (the hashing cost is bench/hash.sh's).
/usr/bin/python3 - all.csv changed.csv <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(rows[0])
    for r in rows[1:]:
        r[4] = r[4] + "-Changed"
        w.writerow(r)
EOF
CHANGED=$(($(wc -l <changed.csv) - 1))

: >raw.txt
for i in $(seq "$REPEAT"); do
	echo "round $i of $REPEAT..." >&2
	measure export_csv "${A[@]}" export --all -o e.csv --force
	measure sqlite_csv sqlite3 -csv -header roster.db "$Q"
	measure trial_csv "${A[@]}" import file.csv --trial-run
	rm -f imp.db
	measure sqlite_import sqlite3 imp.db ".import --csv file.csv t"
	measure export_xlsx "${A[@]}" export --all -o e.xlsx --force
	measure trial_xlsx "${A[@]}" import all.xlsx --trial-run
	measure trial_csv_json "${A[@]}" import file.csv --trial-run --format json
	# Sign-in alone, for what every command pays first.
	measure signin "${A[@]}" list --all --limit 1
done
# The upload: on a copy, so that every round starts from the same data.
for i in $(seq "$REPEAT"); do
	cp roster.db up.db
	ROSTER_DB=$OUT/up.db measure upload "${A[@]}" import changed.csv --upload
done
ROSTER_DB=$OUT/up.db "${A[@]}" import changed.csv --trial-run --format json |
    grep -q "\"same\": $CHANGED" || { echo "the upload did not apply" >&2; exit 1; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
{
	echo "bench/upload.sh: N=$N portfolios, REPEAT=$REPEAT, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "rows: export $(($(wc -l <all.csv) - 1)), trial-run file $ROWS, upload $CHANGED changed"
	printf '%-34s %8s %10s\n' measure seconds "peak MiB"
	for m in signin export_csv sqlite_csv trial_csv trial_csv_json sqlite_import \
	    export_xlsx trial_xlsx upload; do
		printf '%-34s %8s %10s\n' "$m" "$(median $m 2)" "$(mib "$(median $m 3)")"
	done
	echo "export csv / sqlite3 -csv:      $(ratio "$(median export_csv 2)" "$(median sqlite_csv 2)") (target <= 2)"
	echo "trial run csv / sqlite3 .import: $(ratio "$(median trial_csv 2)" "$(median sqlite_import 2)") (target <= 3)"
} | tee results.txt
