#!/bin/sh
# Issue 15: the Audit log is a keyset-paged list (the one list widget):
# it opens on the newest page with the count, pages up and down, Home and
# End reach both ends, entries of one second keep their order, and a
# search (by username, by date) pages the same way.
. "$(dirname "$0")/lib.sh"
make_db 60
cli batches >/dev/null || fail "cli"
# 500 entries of one second, after everything else in the log.
db_sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
    WHERE i < 500) INSERT INTO audit (at, who, site_id, username, action)
    SELECT '2030-01-01T00:00:00Z', 'bulk.admin', 1, 'bulk' || i, 'update'
    FROM n" >/dev/null || fail "insert"
total=$(db_sql "SELECT count(*) FROM audit WHERE site_id = 1")
pages=$(( (total + 18) / 19 ))

# has N / hasnt N: the row of bulkN is (is not) on the screen.
has() { screen | grep -Eq "update +bulk$1 *\$" || fail "no row bulk$1"; }
hasnt() { ! screen | grep -Eq "update +bulk$1 *\$" || fail "row bulk$1 shown"; }
# wait_row N: waits for the row of bulkN.
wait_row() {
	_n=100
	while [ $_n -gt 0 ]; do
		screen | grep -Eq "update +bulk$1 *\$" && return 0
		sleep 0.05
		_n=$((_n - 1))
	done
	fail "timed out waiting for the row bulk$1"
}

tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send 6
wait_for "$total entries, newest last"
wait_for "page $pages of $pages"
has 500
has 482
hasnt 481
# PgUp: the page before, in id order within the second.
send PPage
wait_row 463
has 481
hasnt 482
wait_for "page $((pages - 1)) of $pages"
send PPage
wait_row 444
send NPage NPage
wait_row 500
# Home: the oldest entries (the demo's, then the first of the second),
# End: back to the newest.
send Home
wait_for "page 1 of $pages"
expect "Portfolios: generated"
has 1
has 18
hasnt 19
send Down Down NPage
wait_for "page 2 of $pages"
send End
wait_row 500
# A search by username pages as the log does.
send /
wait_for "Search the audit log"
type BULK49; send Enter
wait_for "11 entries of \"BULK49\""
has 49
has 499
hasnt 500
# By date: 500 entries, from the end, paged.
send /
wait_for "Search the audit log"
type 2030-01; send Enter
wait_for "500 entries of \"2030-01\""
wait_for "page 27 of 27"
send Home
wait_row 1
has 19
hasnt 20
expect_not "Portfolios: generated"
send /
wait_for "Search the audit log"
send Enter
wait_for "$total entries, newest last"
pass
