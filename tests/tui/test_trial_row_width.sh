#!/bin/sh
# A trial run's Row column is as wide as its largest row number: a file of
# 100,001 rows shows its last row as 100002 in the list, not cut to 10000
# (the column was 5 wide whatever the file).
. "$(dirname "$0")/lib.sh"
make_db 10
/usr/bin/python3 - "$T/up.csv" <<'PY' || fail "the upload file"
import csv, sys
w = csv.writer(open(sys.argv[1], "w", encoding="utf-8", newline=""))
w.writerow(["Portfolio ID", "Username", "Password", "First Name", "Last Name",
            "Graduation Year", "Group", "Email", "Account Type"])
for i in range(100001):
    w.writerow(["", "wide.%06d" % i, "Welcome2School", "Wide", "Row%d" % i,
                "2030", "", "", "student"])
PY

tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send 3
wait_for "Upload an Export for Upload file"
type "$T/up.csv"; send Enter
wait_for "fingerprint" 60
wait_for "100001 rows: 100001 new"
send End
wait_for "Row 100002 · NEW"
# The list's line of the last row starts with the whole number.
screen | grep -q '^ *100002  *NEW  *wide\.100000 ' ||
    fail "the last row's number is cut in the list: $(screen | grep 'wide\.100000' | head -1)"
send Home
wait_for "Row 2 · NEW"
screen | grep -q '^ *2  *NEW  *wide\.000000 ' || fail "the first row's line"
pass
