#!/bin/sh
# Issue 13 item 8: Move to Group has no default group (the user must
# pick) and its confirmation names the group; the task chosen in a list
# stays for the next list; the mail result says what was done (passwords
# changed, mail sent) apart from what was not (mail refused, listed with
# the whole address on a wide terminal).
. "$(dirname "$0")/lib.sh"
make_db 40
add_qtest
long="alpha.test1.with.a.long.address@students.demo-school.example"
cli account add --username gamma.test3 --first Gamma --last Qtest --type student \
    --grad-year 2028 --group "Period 1" --email "$long" \
    --new-password-file "$T/s.pw" >/dev/null || fail "account add"
cli account add --username delta.test4 --first Delta --last Qtest --type student \
    --grad-year 2028 --group "Period 1" --email "delta@demo-school.example" \
    --new-password-file "$T/s.pw" >/dev/null || fail "account add"
# A mailer that refuses the long address and takes the others.
cat > "$T/mailer.sh" <<EOS
#!/bin/sh
cat > "$T/last.eml"
grep -q "$long" "$T/last.eml" && { echo "mailbox unavailable" >&2; exit 1; }
exit 0
EOS
chmod 755 "$T/mailer.sh"
"$ROSTER" --db "$DB" --user district1 --password-file "$T/admin.pw" settings \
    mail.command "$T/mailer.sh" >/dev/null || fail "settings mail.command"
"$ROSTER" --db "$DB" --user district1 --password-file "$T/admin.pw" settings \
    mail.from "roster@demo-school.example" >/dev/null || fail "settings mail.from"

tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
list_last_name Qtest
wait_for "· 4 portfolios"
send a t
wait_for "Move to Group"
send Home Down Down Enter
wait_for "Task [Move to Group"
send x
wait_for "Move to Group: 4 portfolios selected"
wait_for "[(choose a group)"
send Tab Enter               # Move, without a group
wait_for "Choose the group to move the portfolios to."
send Right Right             # the cursor is back on the group: Period 1, Period 2
wait_for "[Period 2"
send Tab Enter
wait_for "4 portfolios will move to Period 2."
send Enter
wait_for "4 of 4 selected portfolios changed" 60
send Enter
wait_for "0 selected"
# A new list keeps the task.
send Escape
wait_for "Search Mode"
send Enter
wait_for "Last Name begins with \"Qtest\""
expect "Task [Move to Group"
# Reset Passwords with the mail: two sent, one refused, one without.
send a t
wait_for "Reset Passwords"
send Home Enter
wait_for "Task [Reset Passwords"
send x
wait_for "Reset Passwords: 4 portfolios selected"
type abcDEFg12; send Tab; type abcDEFg12
send Tab Tab Tab           # generate, questions, notify
send Space
send Tab Enter
wait_for "4 portfolios will change"
send Enter
wait_for "4 of 4 selected portfolios changed" 60
wait_for "Mail sent to 1 portfolio."
expect "Not mailed: 1 (the mailer refused: listed"
expect "and 2 without an email"
expect "Their passwords did change"
screen | grep -q "gamma.test3 .*mail *not mailed: alpha.test1" || fail "mail row"
expect_not "Skipped"
# On a wide terminal the whole address shows.
tm resize-window -t t -x 200 -y 24
wait_for "$long"
tm resize-window -t t -x 80 -y 24
wait_gone "$long"
pass
