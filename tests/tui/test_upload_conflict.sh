#!/bin/sh
# Upload after a trial run sends the trial run's fingerprint: when a
# portfolio of the file changed in between, nothing is uploaded and the
# new trial run is shown instead; uploading that one works.
. "$(dirname "$0")/lib.sh"
make_db 40
add_qtest
id=$(cli list --last-name Qtest --format csv | grep alpha.test1 | cut -d, -f1)
H="Portfolio ID,Username,Password,First Name,Last Name,Graduation Year,Group,Email,Account Type"
f="$T/rename.csv"
printf '%s\r\n%s\r\n' "$H" "$id,alpha.renamed,,Alpha,Qtest,2028,Period 1,,student" > "$f"
tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send 3
wait_for "Upload an Export for Upload file"
type "$f"; send Enter
wait_for "1 row: 0 new · 1 update"
expect "Username: alpha.test1 → alpha.re"
# Someone moves the portfolio meanwhile.
cli move-group --last-name Qtest --only "$id" --to "Period 3" >/dev/null 2>&1 ||
    fail "move-group"
send u
wait_for "0 portfolios will be created and 1 updated"
send Enter
wait_for "changed since the trial run"
send Enter                   # the row's detail: the new change shows
wait_for "Group: Period 3 → Period 1"
send Escape
cli list --last-name Qtest --format csv | grep -q alpha.test1 || fail "renamed anyway"
send u
wait_for "0 portfolios will be created and 1 updated"
send Enter
wait_for "Uploaded: 0 portfolios created, 1 updated" 60
cli list --last-name Qtest --format csv | grep -q alpha.renamed || fail "not renamed"
pass
