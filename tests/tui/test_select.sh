#!/bin/sh
# The check-box list: Space ticks and moves down, the status line counts;
# a selects every row of every page (a rule, not ticks), Space then
# unticks one, n clears; PgDn/End page; / finds by last name.
. "$(dirname "$0")/lib.sh"
make_db 200
printf 'DemoAdmin1\n' > "$T/a.pw"; chmod 600 "$T/a.pw"
cli() { "$ROSTER" --db "$DB" --user demo.admin --password-file "$T/a.pw" "$@"; }
total=$(cli list --all --format csv | tail -n +2 | wc -l | tr -d ' ')
last_row=$(cli list --all --format csv | tail -n 1 | cut -d, -f4)
# 24 lines: title, search line, header, rows..., status, task bar, help
rows=17
pages=$(( (total + rows - 1) / rows ))

tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
list_all "$total"
wait_for "0 selected · page 1 of $pages"
send Space Space
wait_for "2 selected · page 1 of $pages"
[ "$(screen | grep -c '^\[x\]')" = 2 ] || fail "two rows ticked"
send Space
wait_for "3 selected"
send NPage
wait_for "3 selected · page 2 of $pages"
send a
wait_for "$total selected · page 2 of $pages"
[ "$(screen | grep -c '^\[ \] [^L]')" = 0 ] || fail "every row ticked after a"
send Space
wait_for "$((total - 1)) selected"
send End
wait_for "page $pages of $pages"
expect "$last_row"
send Home
wait_for "page 1 of $pages"
send n
wait_for "0 selected · page 1 of $pages"
# Type-ahead on the last name.
name=$(cli list --last-name W --format csv | sed -n 2p | cut -d, -f2)
[ -n "$name" ] || fail "the demo has no last name beginning with W to find"
send /
wait_for "Find:"
type W
send Enter
wait_gone "Find:"
screen | grep -q "^\[ \] $name" || fail "find W lands on $name"
pass
