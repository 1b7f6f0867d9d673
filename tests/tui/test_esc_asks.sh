#!/bin/sh
# Issue 13 item 6: Esc on Home asks before signing out, Esc on Sign in
# asks before quitting, so that a few Esc presses in a row close
# nothing; on the "terminal too small" screen Esc keeps the session.
. "$(dirname "$0")/lib.sh"
make_db 20
tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send 1
wait_for "Search Mode"
# Esc, Esc, Esc: back to Home, the question, and No.
send Escape
wait_for "Manage Active Portfolios"
send Escape
wait_for "Sign out of roster?"
send Escape
wait_gone "Sign out of roster?"
expect "roster · Demo High School · demo.admin"
# The terminal shrinks: Esc there keeps the session.
tm resize-window -t t -x 60 -y 20
wait_for "terminal too small"
send Escape
sleep 0.3
tm resize-window -t t -x 80 -y 24
wait_for "Manage Active Portfolios"
expect "roster · Demo High School · demo.admin"
# Stay, then sign out for real (Enter on Sign out).
send q
wait_for "Sign out of roster?"
send Tab Enter
wait_gone "Sign out of roster?"
expect "Manage Active Portfolios"
send Escape
wait_for "Sign out of roster?"
send Enter
wait_for "Sign in to roster"
# Esc on Sign in asks; Esc again stays.
send Escape
wait_for "Quit roster?"
send Escape
wait_gone "Quit roster?"
expect "Sign in to roster"
expect_not "[exit"
send Escape
wait_for "Quit roster?"
send Enter
wait_for "[exit 0]"
pass
