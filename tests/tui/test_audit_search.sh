#!/bin/sh
# Issue 13 item 9: the audit log is searched by username, name and who
# (not only dates), its columns take the width their values need (two
# similar usernames no longer look alike at 80 columns; on a wide
# terminal nothing is cut), and a student's own password change reads as
# one (no "Password: (blank)", no "Batch: 0").
. "$(dirname "$0")/lib.sh"
make_db 30
printf 'Start-Pass1\n' > "$T/s.pw"; chmod 600 "$T/s.pw"
for u in jsmith.period2.a:Jane jsmith.period2.b:John; do
	cli account add --username "${u%%:*}" --first "${u#*:}" --last Zorrilla \
	    --type student --grad-year 2028 --group "Period 1" \
	    --new-password-file "$T/s.pw" >/dev/null || fail "account add $u"
done
cli move-group --last-name Zorrilla --to "Period 2" >/dev/null || fail "move-group"
printf 'Temp-Pass77\n' > "$T/t.pw"; chmod 600 "$T/t.pw"
printf 'Own-Pass88\n' > "$T/n.pw"; chmod 600 "$T/n.pw"
id=$(cli list --last-name Zorrilla --format csv | grep jsmith.period2.b | cut -d, -f1)
cli reset-passwords --last-name Zorrilla --only "$id" --new-password-file "$T/t.pw" \
    >/dev/null 2>&1 || fail "reset"
"$ROSTER" --db "$DB" signin jsmith.period2.b --password-file "$T/t.pw" \
    --new-password-file "$T/n.pw" </dev/null >/dev/null 2>&1 || fail "signin"

tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send 6
wait_for "newest last"
# The whole usernames and who at 80 columns.
expect "jsmith.period2.a "
expect "jsmith.period2.b "
screen | grep -Eq "demo.admin +reset-password +jsmith.period2.b " || fail "who, action, portfolio cut"
# The student's own change.
expect "Password: change"
expect_not "Password: (blank)"
send End Enter
wait_for "Audit entry"
expect "Change:     Password: changed at sign-in"
expect "Batch:      none (not part of a batch)"
expect_not "Batch:      0"
send Escape
# Search by a first name (not in the log itself: the portfolio's name).
send /
wait_for "Search the audit log"
type Jane; send Enter
wait_for "entries of \"Jane\""
expect "jsmith.period2.a"
expect_not "jsmith.period2.b"
# By who.
send /
wait_for "Search the audit log"
type jsmith.period2.b; send Enter
wait_for "entries of \"jsmith.period2.b\""
expect_not "jsmith.period2.a"
# By a date, and back to everything.
send /
type "$(date -u +%Y-%m-%d)"; send Enter
wait_for "entries of \"$(date -u +%Y-%m-%d)\""
send /
send Enter
wait_for "newest last"
expect "jsmith.period2.a"
# Wide: the columns grow, nothing is cut.
tm resize-window -t t -x 200 -y 24
# (waits for the redraw: "reset-password" is on the 80-column screen too)
wait_for "Group: Period 1 → Period 2"
pass
