#!/bin/sh
# The other portfolio tasks from the list: Move to Group, Change
# Graduation Year, Deactivate; then Manage Inactive Portfolios and
# Reactivate.  The command line sees each change.
. "$(dirname "$0")/lib.sh"
make_db 40
add_qtest
tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
list_last_name Qtest
wait_for "· 2 portfolios"

run_task() {   # LABEL DOWNS (its place in the drop-down); the form is then open
	send a t
	wait_for "$1"
	send Home
	_k=0
	while [ "$_k" -lt "$2" ]; do send Down; _k=$((_k + 1)); done
	send Enter
	wait_for "Task [$1"
	send x
	wait_for "$1: 2 portfolios selected"
}

run_task "Move to Group" 2
send Right Right             # (choose a group) → Period 1 → Period 2
wait_for "[Period 2"
send Tab Enter               # Move
wait_for "2 portfolios will move to Period 2"
send Enter
wait_for "2 of 2 selected portfolios changed" 60
send Enter
wait_for "0 selected"
[ "$(cli list --group "Period 2" --format csv | grep -c 'test[12]')" = 2 ] ||
    fail "not moved to Period 2"

run_task "Change Graduation Year" 3
type 1899; send Tab Enter
wait_for "Graduation Year"
wait_for "from 1990 to 2100"
send C-u; type 2031; send Tab Enter   # the error put the cursor back in the field
wait_for "2 portfolios will get 2031"
send Enter
wait_for "2 of 2 selected portfolios changed" 60
send Enter
wait_for "0 selected"
[ "$(cli list --grad-year 2031 --format csv | grep -c 'test[12]')" = 2 ] ||
    fail "year not changed"

run_task "Deactivate" 4
send Enter
wait_for "2 portfolios will change"
send Enter
wait_for "2 of 2 selected portfolios changed" 60
send Enter
wait_for "No portfolios match this search."
send Escape; wait_for "Search Mode"
send Escape; wait_for "Portfolios & Groups"

send 2
wait_for "Manage Inactive Portfolios"
type Qtest; send Enter
wait_for "· 2 portfolios"
expect "Task [Reactivate"
send a x
wait_for "Reactivate: 2 portfolios selected"
send Enter
wait_for "2 portfolios will change"
send Enter
wait_for "2 of 2 selected portfolios changed" 60
[ "$(cli list --last-name Qtest --format csv | grep -c 'test[12]')" = 2 ] ||
    fail "not active again"
pass
