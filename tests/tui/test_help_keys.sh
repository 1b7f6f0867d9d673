#!/bin/sh
# Issue 13 item 5: F1 opens the help on every screen, Sign in, Change
# password and Security questions included, even with the cursor in a
# text field; there `?` is typed, elsewhere (a button) it is help.  A
# student gets the help of the screen they are on.
. "$(dirname "$0")/lib.sh"
make_db 20
add_qtest
id=$(cli list --last-name Qtest --format csv | grep alpha.test1 | cut -d, -f1)
printf 'Temp-Pass77\n' > "$T/t.pw"; chmod 600 "$T/t.pw"
cli reset-passwords --last-name Qtest --only "$id" --new-password-file "$T/t.pw" \
    --reset-security-questions >/dev/null 2>&1 || fail "reset-passwords"

tui_start "$ROSTER" --db "$DB"
wait_for "Sign in to roster"
# F1 in the Username field: the help, and nothing typed.
send F1
wait_for "Site admins, staff and district admins sign in"
send Escape
wait_gone "Site admins, staff and district admins sign in"
# `?` in a text field is a character.
type "ab?c"
wait_for "ab?c"
expect_not "Site admins, staff and district admins sign in"
send C-u
# On the Sign in button `?` is help.
send Tab Tab
send "?"
wait_for "Site admins, staff and district admins sign in"
send Escape
wait_gone "Site admins, staff and district admins sign in"
send BTab BTab
# A student: Change password (forced), with the cursor in a field.
sign_in alpha.test1 Temp-Pass77
wait_for "your password is temporary"
send F1
wait_for "replaced by one of your own"
send Escape
wait_gone "replaced by one of your own"
expect "your password is temporary"
type Own-Pass88; send Tab; type Own-Pass88; send Enter
# On the OK button `?` is help, and the stage stays.
send "?"
wait_for "replaced by one of your own"
send Escape
wait_gone "replaced by one of your own"
send Enter
# Security questions: F1 in an answer field.
wait_for "What was the name of your first pet?"
send F1
wait_for "they help you get back in"
send Escape
wait_gone "they help you get back in"
type "Rex?"
wait_for "Rex?"
send Tab; type Paris; send Tab; type Dune; send Tab Enter
wait_for "Signed in as Alpha Qtest (alpha.test1)"
# My account: Change password, F1 inside the form.
send F1
wait_for "replaced by one of your own"
send Escape
pass
