#!/bin/sh
# Issue 13 item 11: the progress of a task counts what it works on: the
# portfolios that change (the selected ones minus the skipped, e.g.
# linked to Clever/ClassLink), in its title and in "X of N done" alike —
# not "200 portfolios…" beside "60 of 190".
. "$(dirname "$0")/lib.sh"
make_db 200
tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send 1
wait_for "Search Mode"
send Enter
wait_for "page 1 of"
sel=$(screen | sed -n 's/.*· \([0-9]*\) portfolios.*/\1/p' | head -1)
send a
send x
wait_for "Reset Passwords: $sel portfolios selected"
send Tab Tab Space           # Generate a password for each portfolio
send Tab Tab Tab Tab Enter   # slips file, questions, notify, Reset
wait_for "Type"
n=$(screen | sed -n 's/.*This changes \([0-9]*\) of the site.*/\1/p' | head -1)
[ -n "$n" ] && [ "$n" -lt "$sel" ] || fail "no skipped portfolio to tell apart ($n of $sel)"
type "$n"; send Enter
wait_for "Reset Passwords: $n portfolios…" 30
wait_for "of $n done" 30
expect_not "$sel portfolios…"
wait_for "$n of $sel selected portfolios changed" 120
pass
