#!/bin/sh
# Deactivate for the whole site is held as Reset Passwords is: the count
# is typed back (a wrong one does nothing), then the batch runs.
. "$(dirname "$0")/lib.sh"
make_db 20
tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
list_all_users
total=$(cli list --all --format csv | tail -n +2 | wc -l)
n=$((total - 1))             # all but demo.admin, who acts
send a t
wait_for "Deactivate"
send Home Down Down Down Down Enter
wait_for "Task [Deactivate"
send x
wait_for "Deactivate: $total portfolios selected"
send Enter
wait_for "Type $n to go ahead"
expect_not "--confirm"
type "$total"; send Enter
wait_for "That was not the count ($n): nothing was done."
[ "$(cli list --all --format csv | tail -n +2 | wc -l)" = "$total" ] ||
    fail "a wrong count deactivated something"
send Enter
wait_for "Type $n to go ahead"
type "$n"; send Enter
wait_for "$n of $total selected portfolios changed" 60
[ "$(cli list --all --format csv | tail -n +2 | wc -l)" = 1 ] ||
    fail "not all but demo.admin deactivated"
pass
