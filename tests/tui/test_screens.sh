#!/bin/sh
# Status Codes lists every code of the engine's table; Groups adds a group
# (the command line sees it); the Audit log shows the change; ? opens the
# full help of a screen and Esc closes it.
. "$(dirname "$0")/lib.sh"
make_db 20
tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send '?'
wait_for "Portfolios & Groups"
wait_for "Keys"
send Escape
wait_gone "Keys"
send 5
wait_for "Status Codes"
for c in NEW UPD SAME E10 E11 E20 E21 E30 E31 E32 E33 E40 E41; do
	wait_for " $c "
done
send End
for c in E91 W10 W11 W12 W20 W30 W31 W32 W33 W34; do
	wait_for " $c "
done
send PageUp
wait_for " E90 "
send q
wait_for "Portfolios & Groups"
send 4
wait_for "Groups"
send +
wait_for "Add a group"
type "Chess Club"; send Enter
wait_for "Group added."
wait_for "Chess Club"
cli group list | grep -q "Chess Club" || fail "group not added"
send q
send 6
wait_for "Audit log"
wait_for "Chess Club"
pass
