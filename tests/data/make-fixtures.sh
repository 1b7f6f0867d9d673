#!/bin/bash
# make-fixtures.sh — makes the upload files in tests/data/upload/ with the
# programs admins edit them in, from an export of the demo database.
#
#   make && ROSTER=$PWD/roster tests/data/make-fixtures.sh
#
# One edited sheet (tests/data/upload/README.md lists its rows) is written
# by Python's csv module and openpyxl, then opened and saved by LibreOffice
# Calc (soffice --headless --convert-to) and Gnumeric (ssconvert), in CSV
# (UTF-8 and Windows-1252) and XLSX.  Beside each file, FILE.expected holds
# the status, codes and warnings every row must get; test_programs.sh
# trial-runs each file against the same database (make_upload_db) and
# compares.  The generated files are committed: the tests do not need the
# programs, only this script does.
set -eu
: "${ROSTER:=$PWD/roster}"
export ROSTER
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$HERE/upload
PY=/usr/bin/python3
. "$HERE/../cli/lib.sh"

for tool in soffice ssconvert "$PY"; do
	command -v "$tool" >/dev/null || { echo "needs $tool (scripts/deps.sh)" >&2; exit 1; }
done
"$PY" -c 'import openpyxl' || { echo "needs python3-openpyxl" >&2; exit 1; }

make_upload_db
as_admin export --all -o "$T/export.csv" >/dev/null
mkdir -p "$OUT"
rm -f "$OUT"/*.csv "$OUT"/*.xlsx "$OUT"/*.expected

# LibreOffice wants a writable profile; keep it out of $HOME.
export HOME=$T
lo() { soffice --headless -env:UserInstallation="file://$T/lo" "$@" >/dev/null 2>&1; }
# CSV filter options: separator 44 (,), quote 34 ("), character set
# (76 UTF-8, 1 Windows-1252), first line 1.
LO_UTF8='44,34,76,1'
LO_1252='44,34,1,1'

# 1. The edited sheet, written by Python.
"$PY" - "$T" "$OUT" <<'EOF'
import csv, sys, openpyxl
T, OUT = sys.argv[1], sys.argv[2]
HDR = ["Portfolio ID", "Username", "Password", "First Name", "Last Name",
       "Graduation Year", "Group", "Email", "Account Type"]
rows = list(csv.reader(open(T + "/export.csv", encoding="utf-8-sig")))
assert rows[0] == HDR, rows[0]

def cp1252_ok(r):
    try:
        "".join(r).encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False

zero = next(r for r in rows[1:] if r[1] == "0071234")
formula = next(r for r in rows[1:] if r[1] == "formula.kid")
plain = [r for r in rows[1:] if cp1252_ok(r) and r not in (zero, formula)
         and r[8] == "student" and r[6] and r[7]]
accented = [r for r in plain if any(ord(ch) > 127 for ch in r[3] + r[4])]
students = [r for r in plain if r not in accented]
# Rows in the sheet: (cells, expected status, codes, warnings, note).
sheet = []
def add(cells, status, codes="", warns="", note=""):
    sheet.append((cells, status, codes, warns, note))

a = list(students[0]); a[2] = "Welcome2School"
add(a, "UPD", note="a new password")
b = list(students[1]); b[6] = "Period 8" if b[6] != "Period 8" else "Period 7"
add(b, "UPD", note="moved to another group")
c = list(students[2]); c[1] = "renamed." + c[1]
add(c, "UPD", note="renamed")
d = list(students[3]); d[3] = "  " + d[3] + "  "
add(d, "SAME", warns="W11", note="spaces around the first name")
e = list(students[4]); e[7] = "not-an-email"
add(e, "E80", "E80", note="a bad email address")
f = list(students[5]); f[6] = "Perod 3"
add(f, "E70", "E70", note="a misspelt group")
g = list(students[6]); g[2] = "short"
add(g, "E40", "E40,E41", note="a weak password")
for r in accented[:3]:
    add(list(r), "SAME", note="accents, unchanged")
add(list(zero), "SAME", note="username with leading zeros")
add(list(formula), "SAME", note="a name that looks like a formula")
for r in students[7:10]:
    add(list(r), "SAME", note="unchanged")
add(["", "zoe.muller1", "Welcome2School", "Zoë", "Müller", "2030",
     "Period 1", "zoe.muller@demo-school.example", "student"], "NEW",
    note="a new student with accents")
add(["", "new.teacher1", "", "Renée", "Lefèvre", "", "", "", "staff"],
    "E42", "E42", note="a new portfolio without a password")
add(["", "abc", "Welcome2School", "Short", "Name", "2029", "", "",
     "student"], "E30", "E30", note="a short username")

with open(OUT + "/README.md", "w") as fh:
    fh.write("# Upload files written by other programs\n\n"
             "Made by `tests/data/make-fixtures.sh` from an export of "
             "`make_upload_db`\n(tests/cli/lib.sh); checked by "
             "`tests/cli/test_programs.sh`. Do not edit by hand.\n\n"
             "The edited sheet (row: expected status, why):\n\n")
    for i, (cells, st, codes, warns, note) in enumerate(sheet):
        fh.write("- row %d: %s%s: %s\n" % (i + 2, st,
                 " " + codes if codes and codes != st else "", note))
    fh.write("""
The files:

| file | written by | read as |
|---|---|---|
| python-utf8.csv | Python csv, UTF-8 with BOM, CRLF | as above |
| python-cp1252.csv | Python csv, Windows-1252 | W12 on every row |
| openpyxl.xlsx | openpyxl (ids and years as numbers) | as above |
| libreoffice-utf8.csv | LibreOffice Calc from openpyxl.xlsx, CSV UTF-8 | as above |
| libreoffice-cp1252.csv | LibreOffice Calc from openpyxl.xlsx, CSV Windows-1252 | W12 on every row |
| libreoffice.xlsx | LibreOffice Calc opening python-utf8.csv (UTF-8), saved as XLSX | 0071234 became the number 71234: W10, kept |
| libreoffice-wrong-charset.xlsx | LibreOffice Calc opening python-utf8.csv with its default character set | E10: the BOM became "ï»¿" |
| gnumeric.xlsx | Gnumeric (ssconvert) from openpyxl.xlsx | as above |
| gnumeric.csv | Gnumeric (ssconvert) from openpyxl.xlsx | as above |
| gnumeric-cp1252.csv | Gnumeric (ssconvert) from openpyxl.xlsx, Windows-1252 | W12 on every row |
| python-excel-damage.csv | Python, imitating Excel's "CSV" (Windows-1252; 71234 for 0071234; 2029.0 for a year; 1.23457E+11 for a long number) | W10 and W12, E31 on the long number |
""")

def write_csv(name, enc, table):
    with open(OUT + "/" + name, "w", newline="", encoding=enc) as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(HDR)
        for cells in table:
            w.writerow(cells)

cells = [s[0] for s in sheet]
write_csv("python-utf8.csv", "utf-8-sig", cells)
write_csv("python-cp1252.csv", "cp1252", cells)

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Export for Upload"
ws.append(HDR)
for r in cells:
    out = list(r)
    # What a script would do: ids and years as numbers.
    if out[0]:
        out[0] = int(out[0])
    if out[5]:
        out[5] = int(out[5])
    ws.append(out)
    # A string starting with "=" would become a formula: keep it text.
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"
wb.save(OUT + "/openpyxl.xlsx")

# Excel's "CSV": Windows-1252, zeros lost, whole numbers as decimals
# where a cell was formatted so, long numbers in scientific notation.
damaged = [list(r) for r in cells]
extra = []
for i, r in enumerate(damaged):
    if r[1] == "0071234":
        r[1] = "71234"
        extra.append((i, "W10"))
for i, r in enumerate(damaged):
    if sheet[i][1] == "SAME" and sheet[i][4] == "unchanged":
        r[5] = r[5] + ".0"
        extra.append((i, "W10"))
        break
damaged.append(["", "1.23457E+11", "Welcome2School", "Long", "Number",
                "2029", "", "", "student"])
write_csv("python-excel-damage.csv", "cp1252", damaged)

def expected(name, w12=False, zeros_lost=False, excel=False):
    with open(OUT + "/" + name + ".expected", "w") as fh:
        for i, (c, st, codes, warns, note) in enumerate(sheet):
            ws_ = [w for w in warns.split(",") if w]
            if (zeros_lost or excel) and c[1] == "0071234":
                ws_.append("W10")
            if excel and (i, "W10") in extra and c[1] != "0071234":
                ws_.append("W10")
            if w12 or excel:
                ws_.append("W12")
            fh.write("%d %s %s %s\n" % (i + 2, st, codes or "-",
                     ",".join(sorted(set(ws_))) or "-"))
        if excel:
            fh.write("%d E31 E31 W10,W12\n" % (len(sheet) + 2))

expected("python-utf8.csv")
expected("python-cp1252.csv", w12=True)
expected("openpyxl.xlsx")
expected("libreoffice-utf8.csv")
expected("libreoffice-cp1252.csv", w12=True)
expected("libreoffice.xlsx", zeros_lost=True)
expected("gnumeric.xlsx")
expected("gnumeric.csv")
expected("gnumeric-cp1252.csv", w12=True)
expected("python-excel-damage.csv", excel=True)
with open(OUT + "/libreoffice-wrong-charset.xlsx.expected", "w") as fh:
    fh.write("file E10\n")
EOF

# 2. LibreOffice Calc.
lo --convert-to "csv:Text - txt - csv (StarCalc):$LO_UTF8" --outdir "$T/lo1" \
    "$OUT/openpyxl.xlsx"
mv "$T/lo1/openpyxl.csv" "$OUT/libreoffice-utf8.csv"
lo --convert-to "csv:Text - txt - csv (StarCalc):$LO_1252" --outdir "$T/lo2" \
    "$OUT/openpyxl.xlsx"
mv "$T/lo2/openpyxl.csv" "$OUT/libreoffice-cp1252.csv"
lo --infilter="CSV:$LO_UTF8" --convert-to xlsx --outdir "$T/lo3" \
    "$OUT/python-utf8.csv"
mv "$T/lo3/python-utf8.xlsx" "$OUT/libreoffice.xlsx"
# Opened as Windows-1252, what LibreOffice assumes in a Western locale
# when not told the file is UTF-8.
LANG=C LC_ALL=C lo --infilter="CSV:44,34,1,1" --convert-to xlsx --outdir "$T/lo4" \
    "$OUT/python-utf8.csv"
mv "$T/lo4/python-utf8.xlsx" "$OUT/libreoffice-wrong-charset.xlsx"

# 3. Gnumeric.
# From the XLSX: opening our CSV, ssconvert guesses the quoted formula
# cell wrong and reads every line as one cell.
ssconvert "$OUT/openpyxl.xlsx" "$OUT/gnumeric.xlsx" >/dev/null 2>&1
ssconvert "$OUT/openpyxl.xlsx" "$OUT/gnumeric.csv" >/dev/null 2>&1
ssconvert --export-type=Gnumeric_stf:stf_assistant \
    -O 'charset=windows-1252 separator=,' "$OUT/openpyxl.xlsx" \
    "$OUT/gnumeric-cp1252.csv" >/dev/null 2>&1

chmod 644 "$OUT"/*
ls -l "$OUT"
