#!/bin/sh
# Each search mode generates the list the command line gives for it: the
# same count, and the first row of the same sort order.
. "$(dirname "$0")/lib.sh"
make_db 120
printf 'DemoAdmin1\n' > "$T/a.pw"; chmod 600 "$T/a.pw"
cli() { "$ROSTER" --db "$DB" --user demo.admin --password-file "$T/a.pw" "$@"; }
count() { cli list "$@" --format csv | tail -n +2 | wc -l | tr -d ' '; }
first_last() { cli list "$@" --format csv | sed -n 2p | cut -d, -f2; }

tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send Enter
wait_for "Search Mode"
expect "Last Name begins with"
expect "All Users in Site"
expect "Generate New List"

# Last Name begins with "S"
n=$(count --last-name S)
type S; send Enter
wait_for "Last Name begins with \"S\" · $n portfolios"
expect "$(first_last --last-name S)"
send q; wait_for "Search Mode"

# Group: the pick list's first entry (sorted as group list sorts them)
group=$(cli group list --format json |
    /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["name"])')
[ -n "$group" ] || fail "group list names no group"
n=$(count --group "$group")
# Fields: mode, name, mode, group, mode, year, mode, Generate New List;
# the arrows stop at the ends.  From the name field: the group list.
send Down Down Space     # Space opens the pick list
wait_for "Period"
send Enter               # the first entry; picking chooses the mode
send Down Down Down Down # to Generate New List
send Enter
wait_for "Group \"$group\" · $n portfolios"
send q; wait_for "Search Mode"

# Graduation Year: the first year of the pick list
year=$(cli list --all --format csv | tail -n +2 | cut -d, -f5 | grep -E '^[0-9]{4}$' | sort -n | head -1)
n=$(count --grad-year "$year")
send Up Up Up Up Up Up Up Up
send Down Down Down Down Down Space
wait_for "$year"
send Enter
send Down Down
send Enter
wait_for "Graduation Year $year · $n portfolios"
send q; wait_for "Search Mode"

# All Users in Site
n=$(count --all)
send Up Up Up Up Up Up Up Up
send Down Down Down Down Down Down Space
send Down Enter
wait_for "All Users in Site · $n portfolios"
expect "$(first_last --all)"
pass
