#!/bin/sh
# Reset Passwords end to end: tick, choose the task, Execute Task, type a
# temporary password (checked as typed), confirm the stated count, see the
# result; the list then flags the temporary passwords, and the command
# line sign-in of one of them exits 6 (a new password is required).
. "$(dirname "$0")/lib.sh"
make_db 40
add_qtest
tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
list_last_name Qtest
wait_for "· 2 portfolios"
send a
wait_for "2 selected"
expect "Task [Reset Passwords"
send x
wait_for "Reset Passwords: 2 portfolios selected"
type abc
wait_for "A password needs at least 8 characters."
type DEFg12
wait_for "follows the rules"
send Tab; type abcDEFg12
send Tab Tab Tab Tab       # generate, questions, notify, Reset
send Enter
wait_for "2 portfolios will change"
send Enter                 # [ Reset ]
wait_for "2 of 2 selected portfolios changed" 60
expect_not "abcDEFg12"
send Enter
wait_for "Last Name begins with \"Qtest\""
wait_for "0 selected"
[ "$(screen | grep -E 'alpha.test1|beta.test2' | grep -c ' T')" = 2 ] ||
    fail "both flagged T (temporary password)"
send Escape; wait_for "Search Mode"
send Escape; wait_for "Portfolios & Groups"
printf 'abcDEFg12\n' > "$T/t.pw"; chmod 600 "$T/t.pw"
"$ROSTER" --db "$DB" signin alpha.test1 --password-file "$T/t.pw" \
    </dev/null >"$T/out" 2>&1
st=$?
[ "$st" = 6 ] || { cat "$T/out" >&2; fail "roster signin exit $st, want 6"; }
# The audit log screen shows the resets, without the password.
send 6
wait_for "Audit log"
wait_for "alpha.test1"
expect_not "abcDEFg12"
pass
