# Injection: names that hold ESC, CSI, OSC (a title, a clipboard write),
# C1 controls, CR, backspace, BEL and bytes that are not UTF-8 are refused
# on the way in (account add, upload: E51); where an older database holds
# them (written here with sqlite3) they reach no terminal as themselves:
# the table outputs (list, audit, batches, the import table, error
# messages) show them as visible text, JSON escapes them, CSV on a
# terminal is sanitised too.  Spreadsheet formulas in names (= + - @, TAB,
# CR, spaces before =, an apostrophe before one) are neutralised in CSV
# exports and are text cells in XLSX: LibreOffice opens our CSV and our
# XLSX and reads each such cell back as text, while an unneutralised one
# runs (the control), and our own files upload back as every row SAME.
# (The terminal interface's side: tests/tui/test_escape.sh,
# test_escape_upload.sh.)
. "$(dirname "$0")/lib.sh"

make_demo 60
HDR='Portfolio ID,Username,Password,First Name,Last Name,Graduation Year,Group,Email,Account Type'
secret "$T/kid.pw" 'Kid1Passw0rd'
ESC=$(printf '\033')

# ---- control characters from data ----
# clean DESCRIPTION: the last run's output holds no control character but
# newline (and none of the C1 range, and only UTF-8).
clean() {
	bad=$(printf '%s%s' "$OUT" "$ERR" | LC_ALL=C tr -d '\n' | LC_ALL=C grep -c "$(printf '[\001-\010\013-\037\177]')")
	expect_eq "$bad" 0 "$1: no control character"
	printf '%s%s' "$OUT" "$ERR" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 &&
	    ok || not_ok "$1: output is not UTF-8"
	case "$OUT$ERR" in *$'\302'[$'\200'-$'\237']*) not_ok "$1: a C1 control" ;; *) ok ;; esac
}
EVIL_FIRST=$(printf 'Eve\033[2J\033[31mRED\033]0;pwned\007\033]52;c;cHduZWQ=\007X')
EVIL_LAST=$(printf 'Zzc1\302\233[2Jback\010\010CR\rBEL\007raw\233end')
# roster refuses such names now (test_stored_text); a database made by an
# older version may still hold them: written here straight into it.
run as_admin account add --username evil.kid --first "$EVIL_FIRST" --last "$EVIL_LAST" \
    --type student --grad-year 2030 --new-password-file "$T/kid.pw"
expect_rc 2 "a name with control characters is refused"
clean "the refusal"
run as_admin account add --username evil.kid --first Eve --last Zzc1 \
    --type student --grad-year 2030 --new-password-file "$T/kid.pw"
expect_rc 0 "the same portfolio with plain names"
ID=$(sql "SELECT id FROM portfolios WHERE username = 'evil.kid'")
# A lone byte 0x9B (not UTF-8) is what an old SQLite file may hold; a
# PostgreSQL database (UTF8) cannot hold it, its server refuses it: there
# the stored name has the C1 control U+009F in its place.
if db_is_pg; then
	DB=$ROSTER_DB db_store_raw "$ID" last "$EVIL_LAST" >/dev/null 2>"$T/raw.err" &&
	    not_ok "PostgreSQL took a byte that is not UTF-8" || ok
	grep -q 'invalid byte sequence for encoding "UTF8"' "$T/raw.err" && ok ||
	    not_ok "the server's refusal names the encoding: $(cat "$T/raw.err")"
	EVIL_LAST=$(printf 'Zzc1\302\233[2Jback\010\010CR\rBEL\007raw\302\237end')
fi
store_raw "$ID" first "$EVIL_FIRST"
store_raw "$ID" last "$EVIL_LAST"
run as_admin list --last-name Zz
expect_rc 0 "list"
clean "list"
expect_out 'Eve^[[2J' "list shows the escapes as text"
expect_out 'Zzc1' "list shows the name"
run as_admin list --all --format json
clean "list json"
expect_out '\u001b[2J' "JSON escapes ESC"
expect_out '\u009b' "JSON escapes C1"
if db_is_pg; then expect_out '\u009f' "JSON escapes C1 (U+009F)"
else expect_out '\ufffd' "JSON turns bytes that are not UTF-8 into U+FFFD"; fi
# An upload that would give her an escaped name is refused (E51), its
# message shown as text; one that renames her to a plain name is applied
# (the audit log keeps the old, escaped one), and a task runs over a
# selection whose prefix holds escapes (the batch detail keeps it).
{ echo "$HDR"; printf '%s,evil.kid,,"%s",Zzc1,2030,,,student\n' "$ID" "$(printf 'New\033[5mBlink\033]8;;http://x\007link\r')"; } >"$T/evil.csv"
run as_admin import "$T/evil.csv" --upload
expect_rc 1 "upload of an escaped name is refused"
expect_out "E51" "E51"
clean "the E51 table"
{ echo "$HDR"; printf '%s,evil.kid,,Plain,%s,2030,,,student\n' "$ID" "$(printf 'Zzc1\302\233[2Jback\010\010CR')"; } >"$T/rename.csv"
run as_admin import "$T/rename.csv" --upload
expect_rc 1 "a new last name with controls is refused too"
{ echo "$HDR"; printf '%s,evil.kid,,Plain,Zzc1,2030,,,student\n' "$ID"; } >"$T/rename.csv"
run as_admin import "$T/rename.csv" --upload
expect_rc 0 "upload of a plain name over an escaped one"
store_raw "$ID" first "$EVIL_FIRST"
store_raw "$ID" last "$EVIL_LAST"
run as_admin set-grad-year --last-name "$(printf 'Zz\033[8m')" --year 2031
expect_rc 0 "a task over a prefix with escapes"
run as_admin set-grad-year --all --only "$ID" --year 2031
expect_rc 0 "a task over her"

run as_admin audit
clean "audit"
expect_out 'Eve^[[2J^[[31mRED^[]0;pwned^G^[]52;c;cHduZWQ=^GX' "audit shows the old name as text"
run as_admin audit --format json
expect_rc 0 "audit json"
clean "audit json"
run as_admin batches
expect_rc 0 "batches"
clean "batches"
run as_admin import "$T/rename.csv" --trial-run
expect_rc 0 "trial run of the uploaded file"
clean "import table"
{ echo "$HDR"; printf ',new.evil1,Strong9Pass,"Bad\033[2J",Kid,2030,"No\033]0;x\007pe",,student\n'; } >"$T/bad.csv"
run as_admin import "$T/bad.csv" --trial-run
expect_rc 1 "an upload file with errors"
clean "import table with errors"
expect_out 'No^[]0;x^Gpe' "the unknown group shows as text"
run as_admin import "$T/bad.csv" --trial-run --format json
expect_rc 1 "an upload file with errors, json"
clean "import json"
# Error messages carry data too: a header with escapes, a file name.
printf '%s\n' "Portfolio ID,Username,Password,First$ESC[2J Name,Last Name,Graduation Year,Group,Email,Account Type" >"$T/hdr.csv"
run as_admin import "$T/hdr.csv" --trial-run
expect_rc 1 "E10"
clean "E10 message"
cp "$T/hdr.csv" "$T/$(printf 'evil\033]0;x\007.csv')"
run as_admin import "$T/$(printf 'evil\033]0;x\007.csv')" --upload
expect_rc 1 "E10, a file name with escapes"
clean "a file name with escapes"
run as_admin move-group --all --to "$(printf 'Gr\033[2Joup')"
expect_rc 2 "an unknown group"
clean "an unknown group's message"
# CSV is data for a program; on a terminal (script(1) gives one) it is
# sanitised as well.
if command -v script >/dev/null; then
	script -qec "$ROSTER --user demo.admin --password-file $T/admin.pw list --last-name Zz --format csv" /dev/null >"$T/tty.out" 2>&1 </dev/null
	OUT=$(tr -d '\r' <"$T/tty.out"); ERR=
	clean "CSV on a terminal"
	expect_out 'evil.kid' "CSV on a terminal lists the row"
	run as_admin list --last-name Zz --format csv
	expect_out "$ESC" "CSV into a pipe keeps the data as it is"
else
	not_ok "script(1) is missing (util-linux)"
fi

# ---- spreadsheet formulas ----
# Every leading character a spreadsheet treats specially (= + - @, tab,
# CR, spaces before =, an apostrophe before a formula).  A tab or CR in a
# name is refused now: those two are written as an older database holds
# them.
i=0
for f in '=HYPERLINK("http://evil.example/?x","click")' '+1+1' '-2+3' '@SUM(1+1)' \
    "$(printf '\t=1+1')" '=1+1' ' =1+1' "'=1+1" "$(printf '\r=2+2')" "'quote"; do
	i=$((i + 1))
	case $f in
	*"$(printf '\t')"*|*"$(printf '\r')"*)
		run as_admin account add --username "formula.k$i" --first "$f" --last "Formula$i" \
		    --type student --grad-year 2030 --new-password-file "$T/kid.pw"
		expect_rc 2 "a tab or CR in a name is refused"
		run as_admin account add --username "formula.k$i" --first "x" --last "Formula$i" \
		    --type student --grad-year 2030 --new-password-file "$T/kid.pw"
		store_raw "$(sql "SELECT id FROM portfolios WHERE username = 'formula.k$i'")" first "$f" ;;
	*)
		run as_admin account add --username "formula.k$i" --first "$f" --last "Formula$i" \
		    --type student --grad-year 2030 --new-password-file "$T/kid.pw" ;;
	esac
	expect_rc 0 "a name that is a formula: $f"
done
NF=$i
as_admin export --last-name Formula -o "$T/f.csv" >/dev/null
as_admin export --last-name Formula -o "$T/f.xlsx" >/dev/null
printf 'A,B\n=1+1,x\n' >"$T/raw.csv"
export HOME=$T
lo_csv() { # FILE... OUTDIR: LibreOffice opens each FILE (CSV as UTF-8)
	# and saves it as CSV in OUTDIR
	_out=$(eval "echo \${$#}")
	_n=$(($# - 1)); _files=
	while [ $_n -gt 0 ]; do _files="$_files $1"; shift; _n=$((_n - 1)); done
	# shellcheck disable=SC2086
	soffice --headless -env:UserInstallation="file://$T/lo-profile" --infilter="CSV:44,34,76,1" \
	    --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1" --outdir "$_out" $_files >/dev/null 2>&1
}
# cell FILE ROW COL: one cell of a CSV file (RFC 4180), as text.
cell() {
	/usr/bin/python3 -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
sys.stdout.write(rows[int(sys.argv[2])][int(sys.argv[3])])' "$@"
}
# want ROW: the first name, as stored, of the portfolio on row ROW of
# our CSV export (its Username cell).
want() { sql "SELECT first FROM portfolios WHERE username = '$(cell "$T/f.csv" "$1" 1)'"; }
# lead ROW: the apostrophe our CSV puts before that name, if any: every
# one but 'quote, whose rest is no formula; xlead ROW: the one our XLSX
# puts, only before the name that starts with an apostrophe and a formula.
lead() { case $(want "$1") in "'quote") ;; *) printf "'" ;; esac; }
xlead() { case $(want "$1") in "'=1+1") printf "'" ;; esac; }
# nocr TEXT: TEXT without CR and LF (LibreOffice writes a CR as LF).
nocr() { printf '%s' "$1" | tr -d '\r\n'; }
# Our own files upload back unchanged: every row SAME, no warning (W11
# would mean a leading tab or space was lost).
for f in f.csv f.xlsx; do
	run as_admin import "$T/$f" --trial-run --format json
	expect_out "\"update\": 0, \"same\": $NF, \"error\": 0" "our $f trial-runs as unchanged"
	expect_no_out '"warnings"' "our $f: no warning"
done
# Our CSV: a neutralised cell is written behind an apostrophe.
n=1
while [ $n -le $NF ]; do
	expect_eq "$(cell "$T/f.csv" "$n" 3)" "$(lead $n)$(want $n)" "f.csv: row $n's name behind an apostrophe"
	n=$((n + 1))
done
# Our XLSX: the text as it is, in a text cell (a text cell never runs);
# only the name that itself starts with an apostrophe and then a formula
# gets one more, for our reader.
/usr/bin/python3 - "$T/f.xlsx" "$NF" <<'EOF' && ok || not_ok "the XLSX holds the names without an apostrophe, as text cells"
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1]).active
names = [ws.cell(row=r, column=4) for r in range(2, int(sys.argv[2]) + 2)]
bad = [c.value for c in names if c.data_type != "s" or c.value.startswith("'") and c.value not in ("'quote", "''=1+1")]
sys.exit(1 if bad else 0)
EOF
if command -v soffice >/dev/null; then
	# One LibreOffice start for the three files (each start is seconds).
	cp "$T/f.xlsx" "$T/fx.xlsx"
	lo_csv "$T/raw.csv" "$T/f.csv" "$T/fx.xlsx" "$T/lo"
	expect_eq "$(cell "$T/lo/raw.csv" 1 0)" 2 "the control: LibreOffice runs a formula that is not neutralised"
	[ -f "$T/lo/f.csv" ] && [ -f "$T/lo/fx.csv" ] || not_ok "LibreOffice did not open our files"
	n=1
	while [ $n -le $NF ]; do
		w=$(want $n)
		# Our CSV: read as the text behind the apostrophe, never run.
		expect_eq "$(nocr "$(cell "$T/lo/f.csv" "$n" 3)")" "$(nocr "$(lead $n)$w")" "LibreOffice reads row $n's name in our CSV as text"
		# Our XLSX: read as exactly the text, no apostrophe.
		expect_eq "$(nocr "$(cell "$T/lo/fx.csv" "$n" 3)")" "$(nocr "$(xlead $n)$w")" "LibreOffice reads row $n's name in our XLSX as the text itself"
		n=$((n + 1))
	done
	# LibreOffice's CSV of our XLSX uploads back unchanged too.
	run as_admin import "$T/lo/fx.csv" --trial-run --format json
	expect_out "\"update\": 0, \"same\": $NF, \"error\": 0" "LibreOffice's CSV of our XLSX trial-runs as unchanged"
else
	not_ok "soffice is missing (scripts/deps.sh)"
fi

finish
