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
send Tab; send Tab; send Enter  # Trial run (past the rule's check box)
wait_for "Trial run: class of 2027: $grads students would be deactivated"
expect "Period 1 → Period 2:"
[ "$(db_sql "SELECT count(*) FROM batches")" = 0 ] || fail "the trial run wrote a batch"
send Tab; send Enter            # Apply
wait_for "Applied: class of 2027: $grads students were deactivated"
expect "roster undo"
[ "$(db_sql "SELECT count(*) FROM portfolios WHERE type = 'student' AND active = 1 AND grad_year = 2027")" = 0 ] ||
    fail "the class of 2027 is still active"
[ "$(db_sql "SELECT kind FROM batches")" = year-end ] || fail "one year-end batch"

# The rule: no file, the check box ticked; the top group stays, listed.
g() { db_sql "SELECT count(*) FROM portfolios p JOIN groups g ON g.id = p.group_id WHERE p.type = 'student' AND p.active = 1 AND p.grad_year <> 2028 AND g.name = '$1'"; }
p1=$(g 'Period 1'); p7=$(g 'Period 7'); p8=$(g 'Period 8')
grads=$(db_sql "SELECT count(*) FROM portfolios WHERE type = 'student' AND active = 1 AND grad_year = 2028")
send BTab; send BTab; send BTab; send BTab
send C-u; type 2028
send Tab; send C-u
send Tab; send Space            # Move groups up by their number
wait_for "[x] Move groups up"
send Tab; send Enter            # Trial run
wait_for "Trial run: class of 2028: $grads students would be deactivated"
expect "Period 1 → Period 2: $p1 student"
expect "Period 7 → Period 8: $p7 student"
expect "Period 8: $p8 students stay (no group Period 9)"
[ "$(db_sql "SELECT count(*) FROM batches")" = 1 ] || fail "the trial run of the rule wrote a batch"
n=$(db_sql "SELECT count(*) FROM portfolios p JOIN groups g ON g.id = p.group_id WHERE p.type = 'student' AND p.active = 1 AND (p.grad_year = 2028 OR g.name <> 'Period 8')")
send Tab; send Enter            # Apply: held, it asks for the count
wait_for "Type $n to go ahead"
type "$n"; send Enter
wait_for "Applied: class of 2028: $grads students were deactivated"
[ "$(g 'Period 2')" = "$p1" ] || fail "Period 1's students are in Period 2"
[ "$(g 'Period 8')" = "$((p7 + p8))" ] || fail "Period 8 holds its own and Period 7's"
[ "$(db_sql "SELECT count FROM batches ORDER BY id DESC LIMIT 1")" = "$n" ] || fail "one batch of $n"
pass
