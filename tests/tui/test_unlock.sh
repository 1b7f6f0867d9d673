#!/bin/sh
# A locked account in the interface (issue 13 item 3, issue 10 item 7):
# the list flags it (L), its details say until when, u unlocks it for a
# site admin (after asking), the audit log shows the failed sign-ins, the
# delay and the unlock, and the Sign in screen shows the whole lock
# message at 80 columns.
. "$(dirname "$0")/lib.sh"
make_db 60
add_qtest
printf 'Wrong-Pass1\n' > "$T/w.pw"; chmod 600 "$T/w.pw"
for i in 1 2 3 4 5; do
	"$ROSTER" --db "$DB" signin alpha.test1 --password-file "$T/w.pw" >/dev/null 2>&1
	"$ROSTER" --db "$DB" signin beta.test2 --password-file "$T/w.pw" >/dev/null 2>&1
done

# The owner, with the right password: the whole message, wrapped.
tui_start "$ROSTER" --db "$DB"
sign_in beta.test2 Start-Pass1
wait_for "locked for 15 minutes"
expect "an admin can unlock it"
tui_stop

tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
list_last_name Qtest
screen | grep "alpha.test1" | grep -q " L *$" || fail "alpha.test1 is not flagged L"
send Enter
wait_for "Sign-in locked:"
expect "5 failed in a row"
screen | grep "Sign-in locked:" | grep -q "until 20" || fail "the details do not say until when"
send Escape
wait_gone "Sign-in locked:"
send u
wait_for "Unlock alpha.test1?"
send Enter
wait_for "Unlocked alpha.test1"
send Enter
wait_gone "Unlocked alpha.test1"
screen | grep "alpha.test1" | grep -q " L *$" && fail "alpha.test1 is still flagged L"
screen | grep "beta.test2" | grep -q " L *$" || fail "beta.test2 lost its flag"
send q
wait_for "Search Mode"
send Escape
wait_for "Audit log"
send 6
wait_for "signin-failed"
expect "signin-delayed"
expect "unlock"
tui_stop

# Staff see the flag but may not unlock.
tui_start "$ROSTER" --db "$DB"
sign_in demo.staff DemoStaff1
wait_for "Manage Active Portfolios"
list_last_name Qtest
send Down
screen | grep "beta.test2" | grep -q " L *$" || fail "staff do not see the flag"
send u
wait_for "Only site admins and district admins"
pass
