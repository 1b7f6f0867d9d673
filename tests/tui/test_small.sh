#!/bin/sh
# Issue 13 item 11, the smaller ones: "1 portfolio" (not "1 portfolios");
# a Year with spaces around it is trimmed as the upload trims it; one
# click on a drop-down's option chooses it; staff and admins show their
# account type in the list; a group name counts characters, not bytes,
# and the dialog keeps the text after an error; the [ ] in the list
# header selects all; the terminal cursor stays on the list's current row
# (screen readers follow it); an export name that is neither .xlsx nor
# .csv is refused.
. "$(dirname "$0")/lib.sh"
make_db 30
add_qtest
tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"

# Account types in the list.
list_last_name Demo
wait_for "· 4 portfolios"
screen | grep -Eq "demo.admin +admin" || fail "admin type not shown"
screen | grep -Eq "demo.staff +staff" || fail "staff type not shown"
send Escape; wait_for "Search Mode"
send C-u; type Qtest; send Enter
wait_for "· 2 portfolios"
# The cursor on the current row (row 3 of the screen: the first one).
cursor_at() {   # Y: polls until the terminal cursor is visible on row Y
	_n=100
	while [ "$_n" -gt 0 ]; do
		[ "$(tm display-message -p -t t '#{cursor_y} #{cursor_flag}')" = "$1 1" ] &&
		    return 0
		sleep 0.05
		_n=$((_n - 1))
	done
	fail "cursor not on row $1: $(tm display-message -p -t t '#{cursor_y} #{cursor_flag}')"
}
cursor_at 3
send Down
cursor_at 4
# The header's [ ] selects all, and again none.
click 1 2
wait_for "2 selected"
expect "[x] Last Name"
click 1 2
wait_for "0 selected"
# One click on an option of the drop-down.
send a
click 10 21
wait_for "Change Graduation Year"
y=$(screen | grep -n "Change Graduation Year" | head -1 | cut -d: -f1)
click 30 $((y - 1))
wait_for "Task [Change Graduation Year"
send Tab Enter               # the task bar has the focus: Execute Task
wait_for "Change Graduation Year: 2 portfolios selected"
type " 2031 "; send Tab Enter
wait_for "2 portfolios will get 2031"
send Enter
wait_for "2 of 2 selected portfolios changed" 60
send Enter
wait_for "0 selected"
[ "$(cli list --grad-year 2031 --format csv | grep -c 'test[12]')" = 2 ] ||
    fail "year not changed"
# Export: one portfolio, a name that is not .xlsx or .csv.
send Escape                  # from the task bar to the list
send Space
wait_for "1 selected"
click 10 21
wait_for "Export for Upload"
y=$(screen | grep -n "Export for Upload" | head -1 | cut -d: -f1)
click 30 $((y - 1))
wait_for "Task [Export for Upload"
send Tab Enter
wait_for "Export for Upload: 1 portfolio selected"
send C-u; type "$T/out.txt"; send Tab Enter
wait_for "must end in .xlsx or .csv"
[ -e "$T/out.txt" ] && fail "out.txt written"
send C-u; type "$T/out.csv"; send Tab Enter   # the error put the cursor back
wait_for "Exported 1 portfolio to"
head -1 "$T/out.csv" | grep -q "Portfolio ID" || fail "out.csv is not CSV"
send Enter
wait_for "Last Name begins with"
send Escape; wait_for "Spc tick"
send Escape; wait_for "Search Mode"
send Escape; wait_for "Manage Active Portfolios"
# A 90-character group name with accents; an error keeps what was typed.
send 4
wait_for "Groups"
name=$(printf 'Ç%.0s' $(seq 1 45); printf 'é%.0s' $(seq 1 45))
send +
wait_for "The new group's name"
type "Period 1"; send Enter
wait_for "Not added"
expect "[Period 1"
send C-u; type "$name"; send Enter
wait_for "Group added."
cli group list --format json | grep -q "$name" || fail "90-character group not added"
pass
