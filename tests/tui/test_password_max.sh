#!/bin/sh
# The longest password on a terminal (issue 10 item 9): the command
# line's prompt refuses a line past 128 characters instead of cutting it
# (it used to keep the first 1023 bytes, so a different password sharing
# them signed in), the Sign in screen says the limit, and the legend
# lists E43.
. "$(dirname "$0")/lib.sh"
make_db 10
long=$(awk 'BEGIN { s = "DemoAdmin1"; while (length(s) < 600) s = s "x"; print s }')

tui_start "$ROSTER" --db "$DB" --user demo.admin list --last-name Demo
wait_for "Password:"
type "$long"; send Enter
wait_for "[exit 2]"
expect "longer than 128 characters"
expect_not "demo.admin "
tui_stop

tui_start "$ROSTER" --db "$DB"
sign_in demo.admin "$(printf '%s' "$long" | cut -c1-129)"
wait_for "at most 128 characters"
expect "Sign in to roster"
# The Status Codes screen (the legend) lists E43.

type DemoAdmin1; send Enter
wait_for "Manage Active Portfolios"
send 5
wait_for "E43"
expect "longer than 128"
pass
