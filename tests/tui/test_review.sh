#!/bin/sh
# Issue 13 item 7: reviewing a file.  A NEW row shows the name, group,
# year and type it creates; an error row lists no change that will not
# happen (E31's username, E90's username and password); after the upload
# the same file trial-runs with its created rows SAME, "created by batch
# N", not E32; a staff user's own export, uploaded unchanged, is SAME
# (not E71) although it holds staff and admin rows.
. "$(dirname "$0")/lib.sh"
make_db 40
add_qtest
id=$(cli list --last-name Qtest --format csv | grep alpha.test1 | cut -d, -f1)
sso=$(cli list --all --format csv | awk -F, '$8 == "clever" { print; exit }')
sid=${sso%%,*}
H="Portfolio ID,Username,Password,First Name,Last Name,Graduation Year,Group,Email,Account Type"
f="$T/review.csv"
cli export --all -o "$T/all.csv" >/dev/null || fail "export"
sline=$(grep "^$sid," "$T/all.csv" | sed 's/^\([^,]*,[^,]*\),,/\1,Sso-Pass99,/')
printf '%s\r\n%s\r\n%s\r\n%s\r\n' "$H" \
    ",new.student9,Strong-Pass9,Newt,Qtest,2029,Period 1,,student" \
    "$id,bad name!,,Alpha,Qtest,2029,Period 1,,student" \
    "$sline" > "$f"

tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send 3
wait_for "Upload an Export for Upload file"
type "$f"; send Enter
wait_for "fingerprint"
pane() { screen | sed -n "/^ Row $1 · /,/Trial run again/p" | tr '\n' ' ' | tr -s ' '; }
# The NEW row: what it creates, in the list and in full in the pane.
screen | grep -Eq "^ *2 +NEW +new.student9 +new +Newt Qtest · Period 1 · 2029 · student" ||
    fail "NEW row does not say what it creates"
for c in "Creates: Username: new.student9" "Password: set" "First Name: Newt" \
    "Last Name: Qtest" "Graduation Year: 2029" "Group: Period 1" "Account Type: student"; do
	pane 2 | grep -qF "$c" || fail "pane 2 misses: $c"
done
# E31: the year change is shown, the username change is not.
send Down
wait_for "Row 3 · E31"
pane 3 | grep -qF "Graduation Year: 2028 → 2029" || fail "row 3 year change"
pane 3 | grep -qF "Username: alpha.test1" && fail "row 3 lists the refused username change"
# E90: no password change listed.
send Down
wait_for "Row 4 · E90"
pane 4 | grep -qF "Password: changed" && fail "row 4 lists the refused password change"
send Enter
wait_for "Row detail"
expect_not "Password: changed"
expect_not "Password: (blank)"
send Escape
send q
wait_for "Upload an Export for Upload file"
# Upload only the new row (the command line), then trial-run it again.
printf '%s\r\n%s\r\n' "$H" \
    ",new.student9,Strong-Pass9,Newt,Qtest,2029,Period 1,,student" > "$f"
cli import "$f" --upload >/dev/null 2>&1 || fail "upload"
cli batches --format json > "$T/b.json"
batch=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["batches"][0]["id"])' "$T/b.json")
send Escape
wait_for "Manage Active Portfolios"
send 3
wait_for "Upload an Export for Upload file"
type "$f"; send Enter
wait_for "fingerprint"
wait_for "1 row: 0 new · 0 update · 1 same · 0 with errors"
screen | grep -Eq "^ *2 +SAME +new.student9 +[0-9]+ +created by batch $batch" ||
    fail "the uploaded row is not SAME, created by batch $batch"
expect_not "E32"
send q
wait_for "Upload an Export for Upload file"
send Escape
wait_for "Manage Active Portfolios"
send Escape
wait_for "Sign out of roster?"
send Enter
# Staff: their own export, with staff and admin rows, is all SAME.
printf 'DemoStaff1\n' > "$T/st.pw"; chmod 600 "$T/st.pw"
"$ROSTER" --db "$DB" --user demo.staff --password-file "$T/st.pw" export --all \
    -o "$T/staff.csv" >/dev/null || fail "staff export"
grep -q ",staff" "$T/staff.csv" || fail "no staff row in the export"
n=$(($(wc -l < "$T/staff.csv") - 1))
sign_in demo.staff DemoStaff1
wait_for "Manage Active Portfolios"
send 3
wait_for "Upload an Export for Upload file"
type "$T/staff.csv"; send Enter
wait_for "fingerprint"
wait_for "$n rows: 0 new · 0 update · $n same · 0 with errors"
expect_not "E71"
pass
