#!/bin/sh
# The Year-End Turnover screen (Home, y): a trial run shows the counts and
# writes nothing; Apply deactivates the graduating class as one batch.
# Staff accounts do not see it.
. "$(dirname "$0")/lib.sh"
make_db 60
grads=$(db_sql "SELECT count(*) FROM portfolios WHERE type = 'student' AND active = 1 AND grad_year = 2027")
printf 'From Group,To Group\nPeriod 1,Period 2\n' > "$HOME/next.csv"
tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
expect "Year-End Turnover"
send y
wait_for "Graduating class:"
send C-u; type 2027
send Tab; type "$HOME/next.csv"
send Tab; send Enter            # Trial run
wait_for "Trial run: class of 2027: $grads students would be deactivated"
expect "Period 1 → Period 2:"
[ "$(db_sql "SELECT count(*) FROM batches")" = 0 ] || fail "the trial run wrote a batch"
send Tab; send Enter            # Apply
wait_for "Applied: class of 2027: $grads students were deactivated"
expect "roster undo"
[ "$(db_sql "SELECT count(*) FROM portfolios WHERE type = 'student' AND active = 1 AND grad_year = 2027")" = 0 ] ||
    fail "the class of 2027 is still active"
[ "$(db_sql "SELECT kind FROM batches")" = year-end ] || fail "one year-end batch"
pass
