# roster import of a file whose plan is bigger than ROSTER_PLAN_SPILL_BYTES:
# its rows wait in an unlinked temporary file in $TMPDIR (issue 15, the
# memory of a 970,213-row trial run).  The output is the same byte for
# byte; no file is left in the folder; a folder where the file cannot be
# made, or a write that fails (a file size limit, as a full disk), is
# exit 3 naming the folder, with nothing written.
. "$(dirname "$0")/lib.sh"

make_demo 1500
run as_admin export --all -o "$T/all.csv"
expect_rc 0 "export"
# Every row a change (a new email), every 50th a bad year (E60 with its
# message), every 7th a name with accents.
/usr/bin/python3 - "$T/all.csv" "$T/up.csv" "$T/bad.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
ok = [rows[0]]
for i, r in enumerate(rows[1:]):
    r = list(r)
    if r[8] != "district":
        r[7] = "spill.%d@example.org" % i
        if i % 7 == 0:
            r[3] = "Ren\u00e9e-\u00d8ster"
    ok.append(r)
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(ok)
bad = [list(r) for r in ok]
for i in range(1, len(bad), 50):
    bad[i][5] = "20x1"
csv.writer(open(sys.argv[3], "w", encoding="utf-8", newline="")).writerows(bad)
EOF
mkdir "$T/tmp"

# The same output with the rows in memory and in the file.
for f in up bad; do
	for fmt in json table; do
		run as_admin import "$T/$f.csv" --trial-run --format $fmt
		cp "$T/.out" "$T/$f.$fmt.mem"; rc_mem=$RC
		TMPDIR="$T/tmp" ROSTER_PLAN_SPILL_BYTES=300 run as_admin import "$T/$f.csv" --trial-run --format $fmt
		expect_eq "$RC" "$rc_mem" "$f $fmt: the same exit status when spilled"
		if cmp -s "$T/.out" "$T/$f.$fmt.mem"; then ok; else
			not_ok "$f $fmt: the output differs when the rows spill"; fi
		expect_eq "$(ls -A "$T/tmp")" "" "$f $fmt: no file left in TMPDIR"
	done
done
n=$(($(wc -l <"$T/up.csv") - 1))
expect_eq "$(grep -c '"status": "UPD"' "$T/up.json.mem")" "$n" "every row is an update"
grep -q '"status": "E60"' "$T/bad.json.mem" && ok || not_ok "the bad years show"

# The folder cannot hold the file: exit 3 naming it, nothing written.
sum=$(db_checksum)
TMPDIR="$T/none" ROSTER_PLAN_SPILL_BYTES=300 run as_admin import "$T/up.csv" --trial-run
expect_rc 3 "no temporary folder: exit 3"
expect_err "temporary file in $T/none" "the message names the folder"
TMPDIR="$T/none" ROSTER_PLAN_SPILL_BYTES=300 run as_admin import "$T/up.csv" --upload
expect_rc 3 "upload with no temporary folder: exit 3"
expect_eq "$(db_checksum)" "$sum" "nothing written"
# Below the threshold the folder is never used.
TMPDIR="$T/none" run as_admin import "$T/up.csv" --trial-run
expect_rc 0 "a plan under the threshold needs no temporary file"

# A write that fails (the file size limit; the output goes elsewhere).
( ulimit -f 64; TMPDIR="$T/tmp" ROSTER_PLAN_SPILL_BYTES=300 exec "$ROSTER_FAST" \
    --user demo.admin --password-file "$T/admin.pw" import "$T/up.csv" \
    --trial-run ) >/dev/null 2>"$T/.e"
expect_eq "$?" 3 "a failed write of the temporary file: exit 3"
grep -q "cannot write the plan's temporary file in $T/tmp: File too large" "$T/.e" &&
    ok || not_ok "the message names the folder and why: $(cat "$T/.e")"
expect_eq "$(ls -A "$T/tmp")" "" "no file left after the failure"
expect_eq "$(db_checksum)" "$sum" "nothing written after the failure"

# The upload reads its plan back from the file too: it applies every row
# and reports the rows of its trial run.
run as_admin import "$T/up.csv" --trial-run --format json
fp=$(printf '%s\n' "$OUT" | sed -n 's/.*"fingerprint": "\([0-9a-f]*\)".*/\1/p')
TMPDIR="$T/tmp" ROSTER_PLAN_SPILL_BYTES=300 run as_admin import "$T/up.csv" \
    --upload --expect "$fp" --format json
expect_rc 0 "the upload of a spilled plan"
/usr/bin/python3 -c 'import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
sys.exit(a["rows"] != b["rows"] or not b["applied"])' "$T/up.json.mem" "$T/.out" &&
    ok || not_ok "the upload reports the trial run's rows"
expect_eq "$(sql "SELECT COUNT(*) FROM portfolios WHERE email LIKE 'spill.%@example.org'")" "$n" "every email changed"
expect_eq "$(ls -A "$T/tmp")" "" "no file left after the upload"

finish
