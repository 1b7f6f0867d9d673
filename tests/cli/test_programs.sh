# Upload files written by other programs (tests/data/upload/, made by
# tests/data/make-fixtures.sh): each trial-runs with the status, codes and
# warnings its .expected file lists, row by row.
. "$(dirname "$0")/lib.sh"

make_upload_db
DATA=$REPO/tests/data/upload
# The fixtures name portfolios by id: the demo and the two added after it
# have the same ids on either backend, 1 to N without a gap.
expect_eq "$(sql "SELECT count(*) || ' ' || max(id) FROM portfolios")" "$(sql "SELECT count(*) || ' ' || count(*) FROM portfolios")" \
    "portfolio ids without a gap"

# Prints "ROW STATUS CODES WARNINGS" per row ("-" for none), or
# "file E10" for a file-level error, from the JSON of a trial run.
statuses() {
	/usr/bin/python3 -c '
import json, sys
p = json.load(sys.stdin)
if p.get("error"):
    print("file", p["error"])
for r in p["rows"]:
    print(r["row"], r["status"], ",".join(r["codes"]) or "-",
          ",".join(sorted(r.get("warnings", []))) or "-")
'
}

n=0
for exp in "$DATA"/*.expected; do
	f=${exp%.expected}
	name=$(basename "$f")
	n=$((n + 1))
	run as_admin import "$f" --trial-run --format json
	want_rc=0
	grep -qE ' E[0-9]+ |^file ' "$exp" && want_rc=1
	expect_rc $want_rc "$name: exit status"
	got=$(printf '%s\n' "$OUT" | statuses)
	if [ "$got" = "$(cat "$exp")" ]; then ok; else
		not_ok "$name: statuses differ:
$(diff <(cat "$exp") <(printf '%s\n' "$got"))"
	fi
	# The format is what the file holds, not only its name.
	case "$name" in
	*.xlsx) expect_out '"format": "xlsx"' "$name: read as xlsx" ;;
	*.csv) expect_out '"format": "csv"' "$name: read as csv" ;;
	esac
done
expect_eq "$([ "$n" -ge 10 ] && echo yes)" yes "at least 10 fixtures"

# The names with accents came through each program intact: the rows that
# hold them are SAME (a damaged accent would be an update).
run as_admin import "$DATA/libreoffice-cp1252.csv" --trial-run
expect_out "W12" "cp1252 file: the table says W12"
run as_admin import "$DATA/libreoffice-wrong-charset.xlsx" --trial-run
expect_rc 1 "wrong character set: E10"
expect_out "wrong character set" "wrong character set: the message says so"
run as_admin import "$DATA/libreoffice.xlsx" --trial-run --format json
expect_out "leading zeros" "lost zeros: W10 names them"

finish
