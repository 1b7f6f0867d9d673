#!/bin/sh
# Resizing in the middle of a list redraws it for the new size (more rows
# per page), says "terminal too small" below 80x24, and comes back.
. "$(dirname "$0")/lib.sh"
make_db 200
printf 'DemoAdmin1\n' > "$T/a.pw"; chmod 600 "$T/a.pw"
total=$("$ROSTER" --db "$DB" --user demo.admin --password-file "$T/a.pw" \
    list --all --format csv | tail -n +2 | wc -l | tr -d ' ')
tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send Enter; wait_for "Search Mode"
send Down Down Down Down Down Space Down Enter
wait_for "All Users in Site · $total portfolios"
send NPage Space
wait_for "1 selected · page 2 of $(( (total + 16) / 17 ))"
tm resize-window -t t -x 100 -y 30
# 30 lines leave 23 rows; the cursor row (18) is on page 1 now.
wait_for "1 selected · page 1 of $(( (total + 22) / 23 ))"
[ "$(screen | grep -c '^\[.\] ')" -ge 24 ] || fail "23 rows and the header at 100x30"
# The header is laid out again over the 100 columns: its last column,
# Flags, ends at column 99 (at 80 columns it ends at 79).
screen | awk '/^\[ \] Last Name / { n++; if ($0 ~ / Flags$/ && length($0) == 99) w++ }
    END { exit !(n == 1 && w == 1) }' ||
    fail "the header is not laid out over 100 columns (Flags ending at column 99)"
tm resize-window -t t -x 70 -y 20
wait_for "terminal too small"
tm resize-window -t t -x 80 -y 24
wait_for "1 selected · page 2 of $(( (total + 16) / 17 ))"
expect "All Users in Site · $total portfolios"
expect "Execute Task"
tui_stop

# Started too small: says so, then works once the terminal is big enough.
tm new-session -d -s t -x 60 -y 20 \
    "env TERM=screen-256color LANG=C.UTF-8 $ROSTER --db $DB; sleep 600"
tm set-option -t t window-size manual >/dev/null 2>&1
tm resize-window -t t -x 60 -y 20
wait_for "terminal too small: 60x20"
expect "roster needs at least 80x24"
tm resize-window -t t -x 80 -y 24
wait_for "Sign in to roster"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
pass
