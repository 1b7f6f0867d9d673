#!/bin/sh
# After a reset with "Reset security questions", the student's sign-in
# forces a new password, then the questions, then My account; a second
# sign-in goes straight to My account.  Esc on a forced screen signs out
# without changing anything.
. "$(dirname "$0")/lib.sh"
make_db 20
add_qtest
id=$(cli list --last-name Qtest --format csv | grep alpha.test1 | cut -d, -f1)
printf 'Temp-Pass77\n' > "$T/t.pw"; chmod 600 "$T/t.pw"
cli reset-passwords --last-name Qtest --only "$id" --new-password-file "$T/t.pw" \
    --reset-security-questions >/dev/null 2>&1 || fail "reset-passwords"

tui_start "$ROSTER" --db "$DB"
sign_in alpha.test1 Temp-Pass77
wait_for "your password is temporary"
send Escape                      # sign out: nothing changed
wait_for "Sign in to roster"
sign_in alpha.test1 Temp-Pass77
wait_for "your password is temporary"
type Temp-Pass77; send Tab; type Temp-Pass77; send Enter Enter
wait_for "must differ from the temporary one"
expect_not "Temp-Pass77"
type Own-Pass88; send Tab; type Own-Pass88; send Enter Enter
wait_for "security questions"
wait_for "What was the name of your first pet?"
type Rex; send Tab; type Paris; send Tab; type Dune; send Tab Enter
wait_for "Signed in as Alpha Qtest (alpha.test1)"
send Escape
wait_for "Sign in to roster"
sign_in alpha.test1 Own-Pass88
wait_for "Signed in as Alpha Qtest (alpha.test1)"
pass
