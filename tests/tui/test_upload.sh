#!/bin/sh
# Create and Update Portfolios: a trial run of a file with errors shows
# the exact statuses, the error codes in bold red, no Upload; e filters to
# the errors.  Fixing the file and running the trial again offers Upload,
# which applies the plan.
. "$(dirname "$0")/lib.sh"
make_db 40
add_qtest
id=$(cli list --last-name Qtest --format csv | grep alpha.test1 | cut -d, -f1)
H="Portfolio ID,Username,Password,First Name,Last Name,Graduation Year,Group,Email,Account Type"
f="$T/period2.csv"
printf '%s\r\n%s\r\n%s\r\n%s\r\n' "$H" \
    "$id,alpha.test1,,Alpha,Qtest,2028,Period 2,,student" \
    ",ab,weakpassword,New,Person,2029,,,student" \
    ",new.student9,Strong-Pass9,Newt,Qtest,2029,Period 1,,student" > "$f"

tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send 3
wait_for "Upload an Export for Upload file"
expect "[x] Trial run"
expect "Upload Portfolios"
type "$f"; send Enter
wait_for "fingerprint"
wait_for "3 rows: 1 new · 1 update · 0 same · 1 with errors"
screen | grep -Eq "^ *2 +UPD +alpha.test1 +$id +Group: Period 1 → Period 2" ||
    fail "row 2 UPD with the group change"
screen | grep -Eq "^ *3 +E30 +\+1 +ab +new" || fail "row 3 E30 (and one more code)"
screen | grep -Eq "^ *4 +NEW +new.student9 +new" || fail "row 4 NEW"
ESC=$(printf '\033')
screen_e | grep 'ab ' | grep -Eq "${ESC}\[1m${ESC}\[31mE30|${ESC}\[1;31mE30" ||
    fail "E30 is not bold red"
expect_not "[ Upload Portfolios ]"
expect "Fix the errors in the file first."
send e
wait_for "Only the rows with errors are shown"
expect_not "new.student9"
expect "ab"
send e
wait_for "new.student9"
# The detail of row 3 lists every code with its message.
send Down
send Enter
wait_for "Row detail"
expect "E30"
expect "E41"
send Escape
# Fix the file, trial run again.
printf '%s\r\n%s\r\n%s\r\n%s\r\n' "$H" \
    "$id,alpha.test1,,Alpha,Qtest,2028,Period 2,,student" \
    ",abigail.new,Strong-Pass8,New,Person,2029,,,student" \
    ",new.student9,Strong-Pass9,Newt,Qtest,2029,Period 1,,student" > "$f"
send r
wait_for "3 rows: 2 new · 1 update · 0 same · 0 with errors"
wait_for "[ Upload Portfolios ]"
send u
wait_for "2 portfolios will be created and 1 updated"
send Enter
wait_for "Uploaded" 60
expect "2 portfolios created, 1 updated"
cli list --last-name Qtest --format csv | grep -q new.student9 || fail "new.student9 not created"
cli list --group "Period 2" --format csv | grep -q alpha.test1 || fail "alpha.test1 not moved"
pass
