#!/bin/sh
# The interface never replaces a file silently: the export form proposes a
# name that is free; an existing name brings a question whose first answer
# saves under the next free name (the file and its edits stay), and only
# Replace replaces it.  Over SSH the result shows the one scp command that
# copies the file home, and Choose File the one that brings a file here;
# without SSH neither shows.
. "$(dirname "$0")/lib.sh"
make_db 40
add_qtest
day=$(date +%Y-%m-%d)
f1="$HOME/roster-export-$day.xlsx"
f2="$HOME/roster-export-$day-2.xlsx"
host=$(hostname)

# export_form: from Home to the filled Export for Upload form of Qtest.
export_form() {
	wait_for "Manage Active Portfolios"
	list_last_name Qtest
	wait_for "· 2 portfolios"
	send a
	send t
	wait_for "Export for Upload"
	# From the top: the task chosen last time stays for the next list.
	send Home Down Enter
	wait_for "Task [Export for Upload"
	send x
	wait_for "Export for Upload: 2 portfolios selected"
}
# back_home: from a result to Home.
back_home() {
	send Enter
	wait_gone "Exported 2 portfolios"
	send Escape; send Escape
	wait_for "Manage Active Portfolios"
}

tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
export_form
expect "~/roster-export-$day.xlsx"
send Tab; send Enter
wait_for "Exported 2 portfolios"
expect_not "scp "
[ -f "$f1" ] || fail "no $f1"
echo "my edits" > "$f1"
back_home
tui_stop

# Over SSH from here on.
tui_start "SSH_CONNECTION='192.0.2.7 50022 192.0.2.1 22'" USER=helpdesk "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
export_form
# The form proposes the next free name.
expect "~/roster-export-$day-2.xlsx"
# The name of the existing file, typed: asked, not replaced.
send C-u; type "~/roster-export-$day.xlsx"
send Tab; send Enter
wait_for "may hold your edits"
expect "Save as new name"
expect "Replace"
send Enter                     # Save as new name
wait_for "Exported 2 portfolios"
[ "$(cat "$f1")" = "my edits" ] || fail "the existing file was replaced"
[ "$(head -c 2 "$f2")" = "PK" ] || fail "no new file $f2"
wait_for "To copy it to your computer"
expect "scp helpdesk@$host:"
screen | grep -qF "scp helpdesk@$host:roster-export-$day-2.xlsx ." || fail "the scp command does not name the file"
back_home
# Replace, when that is what is chosen.
export_form
send C-u; type "~/roster-export-$day.xlsx"
send Tab; send Enter
wait_for "may hold your edits"
send Right; send Enter         # Replace
wait_for "Exported 2 portfolios"
[ "$(head -c 2 "$f1")" = "PK" ] || fail "Replace did not replace"
back_home
# Choose File: the way back.
send 3
wait_for "Upload an Export for Upload file"
send Down; send Enter          # Choose File
wait_for "Choose File:"
wait_for "From your computer: scp FILE helpdesk@$host:"
pass
