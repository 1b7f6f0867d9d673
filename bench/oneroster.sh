#!/bin/bash
# bench/oneroster.sh — a trial run of a 100,000-user OneRoster 1.1 bundle
# against the same rows in roster's own CSV (issue 14: within 1.5x).
#
# One site of N (default 103,100, of which ~100,000 active) portfolios (roster init --demo=N), a
# site admin with a cheap hash so that sign-in costs ~1 ms on both sides.
# The two inputs are the same selection exported twice: --all as
# roster's CSV, and --all as a OneRoster bundle (folder; and zip) with
# its classes and enrollments.  Two cases: every row SAME, and every row
# an update (each user's email changed in both inputs).  Wall time of the
# whole `roster import … --trial-run --format json > /dev/null` process,
# hyperfine, RUNS runs each (default 5) after a warm-up; peak RSS from
# /usr/bin/time.  Figures go into bench/RESULTS.md by hand.
set -eu
cd "$(dirname "$0")/.."
R=$PWD/roster
N=${N:-103100}   # about 100,000 of them active: the users of the bundle
RUNS=${RUNS:-5}
OUT=${OUT:-$PWD/bench/out/oneroster}
mkdir -p "$OUT"
DB=$OUT/bench.db
SITE="Demo High School"
printf 'District1pw\n' >"$OUT/district.pw"; chmod 600 "$OUT/district.pw"
printf 'Bench-Admin-1\n' >"$OUT/bench.pw"; chmod 600 "$OUT/bench.pw"
A() { "$R" --db "$DB" --user bench.admin --password-file "$OUT/bench.pw" "$@"; }
if [ ! -f "$DB" ] || [ "${FRESH:-0}" = 1 ]; then
	rm -rf "$DB" "$DB-wal" "$DB-shm" "$OUT"/own*.csv "$OUT"/bundle*
	"$R" --db "$DB" init --admin district1 --password-file "$OUT/district.pw" \
	    --demo="$N" >/dev/null
	D() { "$R" --db "$DB" --user district1 --password-file "$OUT/district.pw" "$@"; }
	# (roster settings refuses a cost under OWASP's minimum: as
	# bench/run.sh's setup_db, the bench writes its own database's
	# setting directly)
	sqlite3 "$DB" "UPDATE settings SET value = '8' WHERE key = 'hash.m_kib';
	    UPDATE settings SET value = '1' WHERE key = 'hash.t';"
	D --site "$SITE" account add --username bench.admin --first Bench \
	    --last Admin --type admin --new-password-file "$OUT/bench.pw" >/dev/null
fi
rm -rf "$OUT"/own*.csv "$OUT"/bundle*
A export --all -o "$OUT/own.csv" >/dev/null
A export --all --format oneroster -o "$OUT/bundle" >/dev/null
A export --all --format oneroster -o "$OUT/bundle.zip" >/dev/null
users=$(($(wc -l <"$OUT/bundle/users.csv") - 1))
echo "$users users; own CSV $(du -k "$OUT/own.csv" | cut -f1) KiB, bundle $(du -sk "$OUT/bundle" | cut -f1) KiB, zip $(du -k "$OUT/bundle.zip" | cut -f1) KiB"
# The update case: every email changed, the same way in both.
/usr/bin/python3 - "$OUT" <<'PY'
import csv, os, shutil, sys
out = sys.argv[1]
def change(src, dst, col):
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    i = rows[0].index(col)
    for r in rows[1:]:
        r[i] = "x" + (r[i] or (r[1] if col == "Email" else r[6]) + "@example.org")
    with open(dst, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)
change(out + "/own.csv", out + "/own_upd.csv", "Email")
shutil.copytree(out + "/bundle", out + "/bundle_upd")
change(out + "/bundle/users.csv", out + "/bundle_upd/users.csv", "email")
PY
# The untimed check: both plans agree on the summary.
for p in own.csv bundle bundle.zip own_upd.csv bundle_upd; do
	A import "$OUT/$p" --trial-run --format json >"$OUT/$p.json" || [ $? = 1 ]
	printf '%-12s ' "$p"; grep -o '"summary": {[^}]*}' "$OUT/$p.json"
done
run() { # NAME INPUT
	local t
	/usr/bin/time -f '%e %U %S %M' -o "$OUT/time" "$R" --db "$DB" --user bench.admin \
	    --password-file "$OUT/bench.pw" import "$2" --trial-run --format json >/dev/null || true
	read -r t u sy rss <"$OUT/time"
	echo "$1 $t $(awk -v a="$u" -v b="$sy" 'BEGIN { print a + b }') $rss"
}
for i in $(seq "$RUNS"); do
	run own-same "$OUT/own.csv"
	run bundle-same "$OUT/bundle"
	run zip-same "$OUT/bundle.zip"
	run own-upd "$OUT/own_upd.csv"
	run bundle-upd "$OUT/bundle_upd"
done >"$OUT/times"
/usr/bin/python3 - "$OUT/times" <<'PY'
import statistics, sys, collections
t = collections.defaultdict(list); c = collections.defaultdict(list)
m = collections.defaultdict(list)
for line in open(sys.argv[1]):
    n, s, cpu, k = line.split()
    t[n].append(float(s)); c[n].append(float(cpu)); m[n].append(int(k))
med = {n: statistics.median(v) for n, v in t.items()}
cmed = {n: statistics.median(v) for n, v in c.items()}
for n in ("own-same", "bundle-same", "zip-same", "own-upd", "bundle-upd"):
    base = "own-same" if n.endswith("same") else "own-upd"
    print("%-12s wall median %.2f s (runs: %s) ratio %.2f | CPU median %.2f s ratio %.2f | peak RSS %d MiB" % (
        n, med[n], " ".join("%.2f" % x for x in t[n]), med[n] / med[base],
        cmed[n], cmed[n] / cmed[base], max(m[n]) // 1024))
PY
