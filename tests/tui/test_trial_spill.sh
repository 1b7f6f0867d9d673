#!/bin/sh
# Issue 15: a trial run whose rows wait in the temporary file (a small
# ROSTER_PLAN_SPILL_BYTES) pages at 80x24 like any other: End shows the
# last row and its change in the pane, Home the first, PgDn and PgUp step
# through, e keeps only the row with an error, Enter opens a row's
# detail; the file has no name in TMPDIR while the screen shows it.
. "$(dirname "$0")/lib.sh"
make_db 1500
cli export --all -o "$T/all.csv" >/dev/null || fail "export"
# Every row a new email; the 101st row a bad year (E60).
last=$(/usr/bin/python3 - "$T/all.csv" "$T/up.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
for i, r in enumerate(rows[1:]):
    r[7] = "spill.%d@example.org" % i
    if i == 100:
        r[5] = "20x1"
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(rows)
print("%d %s" % (len(rows), rows[-1][1]))
PY
) || fail "the upload file"
n=${last%% *}; user=${last#* }
rows=$((n - 1))
mkdir "$T/tmp"

tui_start env ROSTER_PLAN_SPILL_BYTES=300 TMPDIR="$T/tmp" "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send 3
wait_for "Upload an Export for Upload file"
type "$T/up.csv"; send Enter
wait_for "fingerprint" 30
wait_for "$rows rows: 0 new · $((rows - 1)) update · 0 same · 1 with errors"
wait_for "Row 2 · UPD"
[ -z "$(ls -A "$T/tmp")" ] || fail "a file with a name in TMPDIR"
send End
wait_for "Row $n · UPD"
expect "$user"
screen | tr '\n' ' ' | tr -s ' ' | grep -qF "→ spill.$((rows - 1))@example.org" ||
    fail "the last row's change in the pane"
send PPage
wait_gone "Row $n · UPD"
send NPage
wait_for "Row $n · UPD"
send Home
wait_for "Row 2 · UPD"
screen | tr '\n' ' ' | tr -s ' ' | grep -qF "→ spill.0@example.org" ||
    fail "the first row's change in the pane"
send NPage
wait_gone "Row 2 · UPD"
send e
wait_for "Only the rows with errors are shown"
wait_for "Row 102 · E60"
send Enter
wait_for "Row detail"
expect "Row 102 · status E60"
send Escape
send e
wait_for "Row 2 · UPD"
pass
