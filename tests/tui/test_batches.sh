#!/bin/sh
# Issue 13 item 2: Batches on Home lists the site's batches newest first
# (who, when, kind, count, whether it can still be undone); Undo shows
# what it would restore before asking, and the engine's refusal (a
# portfolio changed since) is shown as it comes.  A task's result points
# to this screen (b).
. "$(dirname "$0")/lib.sh"
make_db 40
add_qtest
cli move-group --last-name Qtest --to "Period 2" >/dev/null || fail "move-group"
cli set-grad-year --last-name Qtest --year 2030 >/dev/null || fail "set-grad-year"

tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
expect "7 [ Batches ]"
send 7
wait_for "Batch  When (UTC)"
# Newest first: the year change above the move.
first=$(screen | grep -n "set-grad-year" | head -1 | cut -d: -f1)
second=$(screen | grep -n "move-group" | head -1 | cut -d: -f1)
[ -n "$first" ] && [ -n "$second" ] && [ "$first" -lt "$second" ] ||
    fail "not newest first"
screen | grep -Eq "set-grad-year +2 +yes" || fail "count and undo state"
expect "demo.admin"
# Undo the move (second row): the year change since blocks it.
send Down
send u
wait_for "changed since, so nothing can be restored"
expect "alpha.test1"
send Enter
wait_for "cannot undo batch"
send Enter
wait_gone "cannot undo batch"
# Undo the newest: the preview names what goes back, then it is done.
send Home
send u
wait_for "Undo batch"
expect "alpha.test1: Graduation Year: 2030 → 2028"
expect "beta.test2: Graduation Year: 2030 → 2028"
send Enter
wait_for "undid batch"
screen | grep -Eq "undo +2 +-" || fail "the undo is not listed"
expect "undone by"
cli list --last-name Qtest --format csv | grep alpha.test1 | grep -q 2028 ||
    fail "the year was not restored"
# Undoing it again says so, without a preview.
send Down
send u
wait_for "was already undone by batch"
send Enter
send q
wait_for "Manage Active Portfolios"
# A task's result points to Batches: b opens it.
list_last_name Qtest
wait_for "· 2 portfolios"
send a t
wait_for "Deactivate"
send Home Down Down Down Down Enter
wait_for "Task [Deactivate"
send x
wait_for "Deactivate: 2 portfolios selected"
send Enter
wait_for "2 portfolios will change"
send Enter
wait_for "2 of 2 selected portfolios changed" 60
wait_for "opens Batches, where it can be undone"
send b
wait_for "Batch  When (UTC)"
screen | sed -n 3p | grep -Eq "deactivate +2 +yes" || fail "the new batch is not on top"
pass
