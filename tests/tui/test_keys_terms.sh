#!/bin/sh
# Issue 13 item 10: the keys work on terminals whose terminfo does not
# name them.  With TERM=vt100 (no PgUp/PgDn/Home/End in terminfo) PgDn
# pages instead of acting as Esc and typing "[6~"; with TERM=linux (F1 is
# ESC [ [ A there, but the terminal sends ESC O P) F1 opens the help
# instead of typing "OP".  An escape sequence nobody knows is dropped,
# never taken for Esc; a lone Esc still is one.
. "$(dirname "$0")/lib.sh"
make_db 120

TUI_TERM=vt100 tui_start "$ROSTER" --db "$DB"
wait_for "Sign in to roster"
# In a text field: nothing typed, no question to quit.
send PageDown
send Home End PageUp
sleep 0.3
expect "Username  [                                    ]"
expect_not "Quit roster?"
# An unknown sequence (Ctrl+F9 in xterm) is dropped too.
tm send-keys -t t -l "$(printf '\033[20;5~')"
sleep 0.3
expect "Username  [                                    ]"
expect_not "Quit roster?"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send 1
wait_for "Search Mode"
send Enter
wait_for "121 portfolios"
wait_for "page 1 of"
send PageDown
wait_for "page 2 of"
expect "121 portfolios"
send End
# The screen is read until End has landed (it was read once, at once,
# and under load saw the page before).
n=200
until screen | grep -Eq "page ([0-9]+) of \1"; do
	n=$((n - 1)); [ "$n" -gt 0 ] || fail "End did not reach the last page"
	sleep 0.05
done
send Home
wait_for "page 1 of"
# A lone Esc is still Esc: back to the search.
send Escape
wait_for "Search Mode"
tui_stop

TUI_TERM=linux tui_start "$ROSTER" --db "$DB"
wait_for "Sign in to roster"
send F1
wait_for "Site admins, staff and district admins sign in"
send Escape
wait_gone "Site admins, staff and district admins sign in"
expect "Username  [                                    ]"
type demo.admin
send Home
type X
wait_for "Username  [Xdemo.admin"
pass
