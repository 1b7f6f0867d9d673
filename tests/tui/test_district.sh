#!/bin/sh
# A district admin picks the site to work on after signing in, and may
# switch site from Home; a database that does not exist is reported before
# the screen is taken over (exit 3).
. "$(dirname "$0")/lib.sh"
make_db 20
"$ROSTER" --db "$DB" --user district1 --password-file "$T/admin.pw" \
    site add "North Middle School" >/dev/null || fail "site add"
tui_start "$ROSTER" --db "$DB"
sign_in district1 Admin-Pass1
wait_for "Choose a site"
expect "Demo High School"
expect "North Middle School"
send Down Enter
wait_for "roster · North Middle School · district1"
expect "Switch site"
send 8
wait_for "Choose a site"
send Up Enter
wait_for "roster · Demo High School · district1"
wait_for "Now working on Demo High School"
tui_stop

tui_start "$ROSTER" --db "$T/missing.db"
wait_for "[exit 3]"
expect "roster init"
pass
