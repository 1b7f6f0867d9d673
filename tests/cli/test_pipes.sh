# Files through pipes, as over ssh: export -o - writes the file to standard
# output (XLSX refused on a terminal), import - reads it from standard
# input (trial run, upload, --expect), with nothing left in $TMPDIR.
. "$(dirname "$0")/lib.sh"

make_demo 40
mkdir -m 700 "$T/tmp"
export TMPDIR="$T/tmp"
as_admin batches >/dev/null   # the first sign-in re-hashes at the test cost

# --- export -o - ------------------------------------------------------
as_admin export --all -o "$T/named.csv" >/dev/null
as_admin export --all -o - --format csv >"$T/piped.csv" 2>"$T/piped.err"
expect_eq "$?" 0 "export -o - --format csv"
expect_eq "$(sha256sum <"$T/piped.csv")" "$(sha256sum <"$T/named.csv")" \
    "the CSV on standard output is the CSV a named export writes"
expect_eq "$(cat "$T/piped.err")" "Exported 44 portfolios to standard output (csv)." \
    "the report goes to standard error"
# XLSX by default, through a pipe read by another process.
as_admin export --all -o - 2>/dev/null | cat >"$T/piped.xlsx"
expect_eq "$(head -c 2 "$T/piped.xlsx")" "PK" "export -o - is XLSX by default"
rows=$(/usr/bin/python3 -c 'import openpyxl, sys
print(openpyxl.load_workbook(sys.argv[1]).active.max_row)' "$T/piped.xlsx")
expect_eq "$rows" 45 "the piped XLSX opens, header and 44 rows"
expect_eq "$(ls -A "$T/tmp")" "" "no temporary file left behind by export"
# A terminal on standard output: XLSX refused, CSV allowed.
run script -qec "$ROSTER --user demo.admin --password-file $T/admin.pw export --all -o -; echo rc=\$?" /dev/null
expect_out "rc=2" "export -o - XLSX to a terminal: exit 2"
expect_out "standard output is a terminal" "the refusal says why"
run as_admin export --all -o - --format json
expect_rc 2 "export -o - with --format json"
run as_admin export --group 'No Such Group' -o - --format csv
expect_rc 2 "export -o - of a group that does not exist"
expect_eq "$OUT" "" "a failed export -o - writes nothing to standard output"
expect_eq "$(ls -A "$T/tmp")" "" "nor leaves its temporary folder"

# --- import - ---------------------------------------------------------
/usr/bin/python3 - "$T/piped.xlsx" "$T/changed.xlsx" <<'PY'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb.active
ws["G2"] = "Period 3"
wb.save(sys.argv[2])
PY
run as_admin import - --trial-run --format json <"$T/changed.xlsx"
expect_rc 0 "import - --trial-run of XLSX on standard input"
fp=$(/usr/bin/python3 -c 'import json, sys; j = json.loads(sys.stdin.read())
print(j["file"], j["format"], j["summary"]["update"], j["fingerprint"])' <<<"$OUT")
expect_eq "${fp% *}" "- xlsx 1" "told XLSX from the bytes, one row to update, shown as -"
fp=${fp##* }
run as_admin import - --trial-run <"$T/changed.xlsx"
expect_out "To upload: roster import - --upload --expect $fp" "the next step names standard input"
# The upload through a pipe from another process, as ssh would run it.
p3() { sql "SELECT count(*) FROM portfolios p JOIN groups g ON g.id = p.group_id WHERE g.name = 'Period 3'"; }
p3_before=$(p3)
before=$(db_checksum)
cat "$T/changed.xlsx" | sh -c 'exec "$0" --user demo.admin --password-file "$1" import - --upload --expect 0000000000000000' \
    "$ROSTER" "$T/admin.pw" >"$T/out" 2>&1
expect_eq "$?" 4 "import - --upload with a wrong --expect: exit 4"
expect_eq "$(db_checksum)" "$before" "nothing uploaded"
cat "$T/changed.xlsx" | sh -c 'exec "$0" --user demo.admin --password-file "$1" import - --upload --expect "$2"' \
    "$ROSTER" "$T/admin.pw" "$fp" >"$T/out" 2>&1
expect_eq "$?" 0 "import - --upload --expect FINGERPRINT through a pipe"
expect_eq "$(p3)" $((p3_before + 1)) \
    "the piped upload applied the change"
# CSV on standard input, and --file-format.
as_admin export --all -o - --format csv 2>/dev/null | as_admin import - --trial-run --format json >"$T/csv.json"
expect_eq "$(/usr/bin/python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); print(j["format"], j["summary"]["same"])' "$T/csv.json")" \
    "csv 44" "export -o - | import -: CSV, every row unchanged"
run as_admin import - --trial-run --file-format csv <"$T/changed.xlsx"
expect_rc 3 "--file-format csv on an XLSX file"
expect_err "roster: standard input: a zip archive" "the message names standard input, not a temporary file"
run as_admin import - --trial-run --file-format pdf <"$T/changed.xlsx"
expect_rc 2 "--file-format takes csv or xlsx"
expect_eq "$(ls -A "$T/tmp")" "" "no temporary file left behind by import"

# Refusals: the password and the file cannot both come from standard input;
# a terminal is not a file; too big.
run "$ROSTER" --user demo.admin --password-file - import - --trial-run <"$T/changed.xlsx"
expect_rc 2 "--password-file - with import -"
run script -qec "$ROSTER --user demo.admin --password-file $T/admin.pw import - --trial-run; echo rc=\$?" /dev/null
expect_out "rc=2" "import - from a terminal: exit 2"
head -c $((2 * 1024 * 1024)) /dev/zero >"$T/big"
ROSTER_STDIN_MAX_MIB=1 run as_admin import - --trial-run <"$T/big"
expect_rc 3 "standard input over ROSTER_STDIN_MAX_MIB: exit 3"
expect_err "larger than 1 MiB" "the limit is named"
finish
