# Round trips through the spreadsheet programs admins use: our XLSX saved
# as CSV by LibreOffice (and Gnumeric) equals our CSV cell for cell, and
# our export saved again as XLSX by them trial-runs as all SAME.  Needs
# soffice and ssconvert (scripts/deps.sh installs them).
. "$(dirname "$0")/lib.sh"

for tool in soffice ssconvert /usr/bin/python3; do
	command -v "$tool" >/dev/null || not_ok "$tool is not installed (scripts/deps.sh)"
done
[ "$FAILED" = 0 ] || { finish; exit 1; }

make_upload_db
run as_admin export --all -o "$T/ours.csv"
expect_rc 0 "export csv"
run as_admin export --all -o "$T/ours.xlsx"
expect_rc 0 "export xlsx"
rows=$(sql "SELECT count(*) FROM portfolios WHERE active = 1 AND site_id IS NOT NULL")

# LibreOffice needs a writable profile; keep it in $T.
export HOME=$T
lo() { soffice --headless -env:UserInstallation="file://$T/lo" "$@" >/dev/null 2>&1; }

# Cell-for-cell equality of our CSV ($1) and another program's CSV of our
# XLSX ($2) (either may have a BOM).  Our CSV puts an apostrophe before a
# cell that would run as a formula; our XLSX holds it as a text cell, as
# it is, and so does the other program's CSV: that apostrophe aside, the
# cells are the same.
same_cells() {
	/usr/bin/python3 - "$1" "$2" <<'EOF'
import csv, sys
a = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
b = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig", newline="")))
def ours(c):
    rest = c[1:].lstrip("'")
    if c.startswith("'") and (rest[:1] in ("\t", "\r") or rest.lstrip(" \t\r\n")[:1] in ("=", "+", "-", "@")):
        return c[1:]
    return c
a = [[ours(c) for c in row] for row in a]
if a != b:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            print("row %d: %r != %r" % (i + 1, x, y))
            break
    print("rows: %d and %d" % (len(a), len(b)))
    sys.exit(1)
EOF
}

# all_same FILE WHO: the trial run of FILE is every row SAME, no warning.
all_same() {
	run as_admin import "$1" --trial-run --format json
	expect_rc 0 "$2: trial run"
	expect_out "\"summary\": {\"rows\": $rows, \"new\": 0, \"update\": 0, \"same\": $rows, \"error\": 0}" \
	    "$2: every row SAME"
	expect_no_out '"warnings"' "$2: no warnings"
}

# 1. LibreOffice: our XLSX as CSV (UTF-8) equals our CSV.
lo --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1" --outdir "$T/lo-csv" "$T/ours.xlsx"
if [ -f "$T/lo-csv/ours.csv" ]; then
	if out=$(same_cells "$T/ours.csv" "$T/lo-csv/ours.csv"); then ok; else
		not_ok "LibreOffice CSV of our XLSX differs from our CSV: $out"; fi
	all_same "$T/lo-csv/ours.csv" "LibreOffice CSV of our XLSX"
else
	not_ok "LibreOffice did not convert our XLSX to CSV"
fi

# 2. LibreOffice: our XLSX saved again as XLSX trial-runs as all SAME.
lo --convert-to "xlsx:Calc MS Excel 2007 XML" --outdir "$T/lo-xlsx" "$T/ours.xlsx"
if [ -f "$T/lo-xlsx/ours.xlsx" ]; then
	all_same "$T/lo-xlsx/ours.xlsx" "LibreOffice-saved XLSX"
else
	not_ok "LibreOffice did not save our XLSX"
fi

# 3. The same with Gnumeric.
ssconvert "$T/ours.xlsx" "$T/gn.csv" >/dev/null 2>&1
if out=$(same_cells "$T/ours.csv" "$T/gn.csv"); then ok; else
	not_ok "Gnumeric CSV of our XLSX differs from our CSV: $out"; fi
ssconvert "$T/ours.xlsx" "$T/gn.xlsx" >/dev/null 2>&1
all_same "$T/gn.xlsx" "Gnumeric-saved XLSX"

# 4. Our own files, of course.
all_same "$T/ours.csv" "our CSV"
all_same "$T/ours.xlsx" "our XLSX"

finish
