#!/bin/sh
# Issue 13 item 1: at 80x24 every message and change of a trial run can be
# read on the trial-run screen itself.  The status column is narrow ("E30
# +2": the first code and how many more), and the pane below the list
# shows, wrapped, every code's message and every change of the row under
# the cursor.  The fingerprint is never cut, however long the file name.
. "$(dirname "$0")/lib.sh"
make_db 40
add_qtest
id=$(cli list --last-name Qtest --format csv | grep alpha.test1 | cut -d, -f1)
H="Portfolio ID,Username,Password,First Name,Last Name,Graduation Year,Group,Email,Account Type"
f="$T/a-rather-long-file-name-for-the-second-period-upload-of-this-year.csv"
printf '%s\r\n%s\r\n%s\r\n' "$H" \
    "$id,alpha.test1.renamed.for.the.new.year,Strong-Pass7,Alpha,Qtest-Longname,2029,Period 2,alpha@example.org,student" \
    ",ab,weak,New,Person,2029,,,student" > "$f"

tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send 3
wait_for "Upload an Export for Upload file"
type "$f"; send Enter
wait_for "fingerprint"
fp=$(screen | sed -n 's/.*fingerprint \([0-9a-f]*\).*/\1/p')
[ "${#fp}" = 16 ] || fail "fingerprint cut: '$fp'"
# The pane's text with its wrapping undone.
pane() { screen | sed -n "/^ Row $1 · /,/Trial run again/p" | tr '\n' ' ' | tr -s ' '; }
# Row 2 under the cursor: all six changes in the pane, uncut.
wait_for "Row 2 · UPD"
for c in "Username: alpha.test1 → alpha.test1.renamed.for.the.new.year" \
    "Password: changed" "Last Name: Qtest → Qtest-Longname" \
    "Graduation Year: 2028 → 2029" "Group: Period 1 → Period 2" \
    "Email: (blank) → alpha@example.org"; do
	pane 2 | grep -qF "$c" || fail "pane misses: $c"
done
# Row 3: the status column says one code and how many more; the pane
# lists each code's whole message.
screen | grep -Eq "^ *3 +E30 +\+2 +ab +new" || fail "row 3 status column"
send Down
wait_for "Row 3 · E30"
for c in "E30 Username ab is shorter than 6 characters" \
    "E40 Password is shorter than 8 characters" \
    "E41 Password needs an uppercase letter, a lowercase letter and a digit"; do
	pane 3 | grep -qF "$c" || fail "pane misses: $c"
done
pass
