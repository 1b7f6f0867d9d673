#!/bin/sh
# The mouse: a click on a Home button opens it, a click on a check box
# ticks the row, a click on Execute Task presses it.
. "$(dirname "$0")/lib.sh"
make_db 60
tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
y=$(screen | grep -n "Manage Active Portfolios \]" | cut -d: -f1)
click 10 $((y - 1))
wait_for "Search Mode"
type S; send Enter
wait_for "selected · page 1 of"
click 1 4
wait_for "1 selected"
screen | sed -n 5p | grep -q '^\[x\]' || fail "the clicked row is ticked"
click 1 6
wait_for "2 selected"
y=$(screen | grep -n "Execute Task \]" | cut -d: -f1)
x=$(screen | sed -n "${y}p" | awk '{ print index($0, "[ Execute Task") }')
click $((x + 2)) $((y - 1))
wait_for "Reset Passwords: 2 portfolios selected"
pass
