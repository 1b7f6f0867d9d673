# The year-end group rule: roster year-end --groups-up moves every other
# active student up one group by the number in its name (Period 1 →
# Period 2, …); the top group, with no next group, stays and is listed;
# a --groups file decides for the groups it names; trial run first with
# the counts per change, the hold, one batch that undo reverses.
. "$(dirname "$0")/lib.sh"

make_demo 60
q() { sql "SELECT count(*) FROM portfolios p LEFT JOIN groups g ON g.id = p.group_id WHERE p.site_id = 1 AND p.type = 'student' AND $1"; }
in_group() { q "p.active = 1 AND p.grad_year <> 2027 AND g.name = '$1'"; }
grads=$(q "p.active = 1 AND p.grad_year = 2027")
for i in 1 2 3 4 5 6 7 8; do eval "p$i=\$(in_group 'Period $i')"; done
[ "$grads" -gt 0 ] && [ "$p1" -gt 0 ] && [ "$p7" -gt 0 ] && [ "$p8" -gt 0 ] && ok || not_ok "the demo has the groups this test needs"
# The rule leaves groups without a single grade number: one of each.
run as_admin group add "Chess Club"
expect_rc 0 "a group without a number"
run as_admin group add "Class of 2031"
expect_rc 0 "a group named by a year"
state() { sql "SELECT id, active, group_id, version FROM portfolios ORDER BY id; SELECT count(*) FROM batches" | sha256sum; }
sum=$(state)

# 1. The trial run: a count per change, the top group listed, nothing
# written.
run as_admin year-end --graduating 2027 --groups-up --trial-run
expect_rc 0 "trial run of the rule"
expect_out "class of 2027: $grads students would be deactivated" "the graduating count"
expect_out "Period 1 → Period 2: $p1 student" "Period 1 moves up"
expect_out "Period 7 → Period 8: $p7 student" "Period 7 moves up, read on today's groups"
expect_out "Period 8: $p8 student" "the top group stays"
expect_out "stay (no group Period 9)" "and says why"
case "$OUT" in *"Chess Club"*|*"Class of 2031"*) not_ok "groups without a grade number are not touched" ;; *) ok ;; esac
moved=$((p1 + p2 + p3 + p4 + p5 + p6 + p7))
run as_admin year-end --graduating 2027 --groups-up --trial-run --format json
expect_out "\"deactivated\": $grads, \"moved\": $moved, \"changes\": $((grads + moved))," "JSON counts"
expect_out "\"left\": [{\"group\": \"Period 8\", \"next\": \"Period 9\", \"count\": $p8}]" "JSON lists the group left"
expect_eq "$(state)" "$sum" "the trial run wrote nothing"

# 2. A file names the exceptions: the top group to no group, Period 3
# held back; the rule does the rest.
printf 'From Group,To Group\nPeriod 8,\nPeriod 3,Period 3\n' >"$T/top.csv"
run as_admin year-end --graduating 2027 --groups-up --groups "$T/top.csv" --trial-run
expect_rc 0 "rule and file together"
expect_out "Period 8 → (no group): $p8 student" "the file decides for Period 8"
expect_out "Period 3 → Period 3: 0 students" "and holds Period 3 where it is"
case "$OUT" in *"Period 3 → Period 4"*|*"stay (no group"*) not_ok "the rule does not override the file: $OUT" ;; *) ok ;; esac

# 3. The hold, then the apply as one batch, then undo.
run as_admin year-end --graduating 2027 --groups-up --apply
n=$((grads + moved))
expect_rc 2 "held: more than half of the site"
expect_err "confirm with --confirm $n" "states the count"
expect_eq "$(state)" "$sum" "nothing applied while held"
run as_admin year-end --graduating 2027 --groups-up --apply --confirm "$n"
expect_rc 0 "apply with the count"
batch=$(sql "SELECT max(id) FROM batches")
expect_out "Applied as batch $batch" "one batch"
expect_eq "$(in_group 'Period 2')" "$p1" "Period 1's students are in Period 2"
expect_eq "$(in_group 'Period 8')" "$((p7 + p8))" "Period 8 holds its own and Period 7's"
expect_eq "$(q "p.active = 1 AND p.grad_year = 2027")" 0 "the class of 2027 is deactivated"
expect_eq "$(sql "SELECT kind, count FROM batches WHERE id = $batch")" "year-end|$n" "the batch counts them all"
run as_admin undo "$batch"
expect_rc 0 "undo"
expect_eq "$(in_group 'Period 1')|$(in_group 'Period 8')|$(q "p.active = 1 AND p.grad_year = 2027")" "$p1|$p8|$grads" "undo puts everyone back"
finish
