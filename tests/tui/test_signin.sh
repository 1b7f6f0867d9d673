#!/bin/sh
# Sign in: a wrong password is refused with the engine's words and stays on
# the screen; the right one reaches Home for the site; q signs out; Esc
# quits with status 0.
. "$(dirname "$0")/lib.sh"
make_db 60
tui_start "$ROSTER" --db "$DB"
sign_in demo.admin WrongPass9
wait_for "wrong username or password"
expect "Sign in to roster"
expect_not "Manage Active Portfolios"
# The password field was cleared; the username kept.
expect "demo.admin"
expect_not "WrongPass9"
type DemoAdmin1; send Enter
wait_for "Manage Active Portfolios"
expect "roster · Demo High School · demo.admin"
expect "Portfolios & Groups"
expect "Create and Update Portfolios"
expect "Status Codes"
expect "Sign out"
# Passwords never show on screen.
expect_not "DemoAdmin1"
send q
wait_for "Sign out of roster?"
send Enter
wait_for "Sign in to roster"
send Escape
wait_for "Quit roster?"
send Enter
wait_for "[exit 0]"
pass
