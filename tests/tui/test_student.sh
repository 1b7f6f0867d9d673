#!/bin/sh
# A student with a temporary password signs in: the forced change comes
# first, checks the rules as you type, then My account.  Afterwards the
# command-line sign-in with the new password needs nothing more (exit 0).
. "$(dirname "$0")/lib.sh"
make_db 60
tui_start "$ROSTER" --db "$DB"
sign_in demo.temp TempPass1
wait_for "your password is temporary"
expect "New password"
type short
wait_for "A password needs at least 8 characters."
send C-u
type NewPass42
wait_for "follows the rules"
send Tab; type NewPass42; send Enter
# The button: focus is on it after the second field.
send Enter
wait_for "My account"
wait_for "Signed in as"
expect "demo.temp"
send Escape
wait_for "Sign in to roster"
send Escape
wait_for "Quit roster?"
send Enter
wait_for "[exit 0]"
printf 'NewPass42\n' > "$T/new.pw"; chmod 600 "$T/new.pw"
"$ROSTER" --db "$DB" signin demo.temp --password-file "$T/new.pw" \
    > "$T/signin.out" 2>&1 </dev/null
st=$?
[ "$st" = 0 ] || { cat "$T/signin.out" >&2; fail "roster signin exit $st, want 0"; }
pass
