#!/bin/sh
# Reset Passwords for the whole site: generated passwords with sign-in
# slips, the blast-radius hold (a wrong typed count does nothing, the
# right one goes ahead), a progress bar, and the slips file (0600).
. "$(dirname "$0")/lib.sh"
make_db 20
tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
list_all_users
send a x
wait_for "Reset Passwords:"
send Down Down Space         # Generate a password for each portfolio
day=$(date +%Y-%m-%d)
expect "~/roster-slips-$day.txt"
send Down Down Down Down Enter
wait_for "Type "
n=$(screen | sed -n 's/.*Type \([0-9]*\) to go ahead.*/\1/p' | head -1)
[ -n "$n" ] || fail "no count to type"
type 1; send Enter
wait_for "That was not the count ($n): nothing was done."
send Enter                   # [ Reset ] again
wait_for "Type $n to go ahead"
type "$n"; send Enter
wait_for "Sign-in slips for $n portfolios" 120
f="$HOME/roster-slips-$day.txt"
[ -f "$f" ] || fail "no slips file $f"
[ "$(stat -c %a "$f")" = 600 ] || fail "slips mode $(stat -c %a "$f")"
grep -q "demo.student" "$f" || fail "demo.student has no slip"
pass
