#!/bin/sh
# Issue 15: type-ahead on a long list (more than the 5,000 rows ranked at
# once) shows the page at the prefix first and fills the position after,
# between keys: the status line ends on the true page; a key pressed
# right after the letter is not lost (it moves from the row found), and
# paging and Home/End from there land where they should.  The rank is
# made to take 1.5 s more (ROSTER_TEST_RANK_MS), in steps that stop when
# a key waits, so that the order of what the screen shows is seen.
. "$(dirname "$0")/lib.sh"
make_db 12000
total=$(cli list --all --format csv | tail -n +2 | wc -l | tr -d ' ')
rows=17
pages=$(( (total + rows - 1) / rows ))
# The rank of the first last name in W, and the two rows from there.
rank=$(cli list --all --format csv | tail -n +2 | cut -d, -f2 | grep -n '^[Ww]' | head -1 | cut -d: -f1)
rank=$((rank - 1))
first=$(cli list --all --format csv | tail -n +2 | sed -n "$((rank + 1))p" | cut -d, -f4)
second=$(cli list --all --format csv | tail -n +2 | sed -n "$((rank + 2))p" | cut -d, -f4)
below=$(cli list --all --format csv | tail -n +2 | sed -n "$((rank + rows + 2))p" | cut -d, -f4)
[ "$rank" -gt 5000 ] || fail "the W rows must lie beyond the 5,000 ranked at once ($rank)"

tui_start env ROSTER_TEST_RANK_MS=1500 "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
list_all "$total"
wait_for "0 selected · page 1 of $pages"
send /
wait_for "Find:"
type W
# The page at once, its position after (the cursor on the first W row).
wait_for "$first"
send Enter
wait_gone "Find:"
expect "page … (counting)"
wait_for "0 selected · page $((rank / rows + 1)) of $pages"
# A letter and a key at once: the key moves from the row found.
send Home
wait_for "page 1 of $pages"
send / W Down
# Down moved at once, before the position came.
wait_for "$second"
wait_gone "Find:"
screen | grep -F "$second" | grep -q "^\[ \]" || fail "a row"
expect "page … (counting)"
wait_for "0 selected · page $(((rank + 1) / rows + 1)) of $pages"
# PgDn from there is the next keyset page, at its true position.
send NPage
wait_for "0 selected · page $(((rank + 1 + rows) / rows + 1)) of $pages"
wait_for "$below"
send End
wait_for "page $pages of $pages"
pass
