# The year-end turnover: roster year-end deactivates the graduating class
# and moves every other active student by a From Group/To Group mapping,
# trial run first with the counts, as one batch that undo reverses; the
# hold; a mapping naming no group is refused with its row.
. "$(dirname "$0")/lib.sh"

make_demo 60
q() { sql "SELECT count(*) FROM portfolios p LEFT JOIN groups g ON g.id = p.group_id WHERE p.site_id = 1 AND p.type = 'student' AND $1"; }
grads=$(q "p.active = 1 AND p.grad_year = 2027")
p1=$(q "p.active = 1 AND p.grad_year <> 2027 AND g.name = 'Period 1'")
p2=$(q "p.active = 1 AND p.grad_year <> 2027 AND g.name = 'Period 2'")
p8=$(q "p.active = 1 AND p.grad_year <> 2027 AND g.name = 'Period 8'")
[ "$grads" -gt 0 ] && [ "$p1" -gt 0 ] && [ "$p2" -gt 0 ] && ok || not_ok "the demo has the classes this test needs"
printf 'From Group,To Group\r\nPeriod 1,Period 2\r\nPeriod 2,Period 3\r\nPeriod 8,\r\n' >"$T/map.csv"
# What the turnover could change (signing in writes elsewhere).
state() { sql "SELECT id, active, group_id, version FROM portfolios ORDER BY id; SELECT count(*) FROM batches" | sha256sum; }
sum=$(state)

# 1. The trial run counts and writes nothing.
run as_admin year-end --graduating 2027 --groups "$T/map.csv" --trial-run
expect_rc 0 "trial run"
expect_out "class of 2027: $grads students would be deactivated" "the graduating count"
expect_out "Period 1 → Period 2: $p1 student" "a move, counted on today's groups"
expect_out "Period 2 → Period 3: $p2 student" "moves do not chain"
expect_out "Period 8 → (no group): $p8 student" "a blank To Group: no group"
expect_eq "$(state)" "$sum" "the trial run wrote nothing"
run as_admin year-end --graduating 2027 --groups "$T/map.csv" --trial-run --format json
expect_out "\"deactivated\": $grads, \"moved\": $((p1 + p2 + p8))," "JSON counts"

# 2. Bad input: named, nothing done.
printf 'Period 1,Period 99\n' >"$T/bad.csv"
run as_admin year-end --graduating 2027 --groups "$T/bad.csv" --trial-run
expect_rc 2 "a mapping to no group"
expect_err "bad.csv row 1: To Group \"Period 99\" is not a group of this site" "names the row"
printf 'Period 1,Period 2\nperiod 1,Period 3\n' >"$T/twice.csv"
run as_admin year-end --graduating 2027 --groups "$T/twice.csv" --trial-run
expect_rc 3 "a group mapped twice"
expect_err "row 2: Period 1 is mapped twice" "names it"
run as_admin year-end --graduating 2027 --groups "$T/none.csv" --trial-run
expect_rc 3 "no such file"
run as_staff year-end --graduating 2027 --trial-run
expect_rc 5 "staff may not"
run as_admin year-end --groups "$T/map.csv" --trial-run
expect_rc 2 "the class is needed"
expect_eq "$(state)" "$sum" "nothing was written"

# 3. The hold: more than half of the site needs --confirm N.
total=$(sql "SELECT count(*) FROM portfolios WHERE site_id = 1 AND active = 1")
printf 'Period 3,Period 1\nPeriod 4,Period 1\nPeriod 5,Period 1\nPeriod 6,Period 1\nPeriod 7,Period 1\nPeriod 8,Period 1\nPeriod 2,Period 1\n' >"$T/all.csv"
run as_admin year-end --graduating 2027 --groups "$T/all.csv" --apply --format json
n=$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["changes"])')
if [ "$((n * 2))" -gt "$total" ]; then
	expect_rc 2 "held: more than half of the site"
	expect_err "confirm with --confirm $n" "states the count"
	expect_eq "$(state)" "$sum" "nothing applied while held"
else
	not_ok "the hold case needs more than half of $total (got $n)"
fi

# 4. Apply, then undo.
run as_admin year-end --graduating 2027 --groups "$T/map.csv" --apply
expect_rc 0 "apply"
batch=$(sql "SELECT max(id) FROM batches")
expect_out "Applied as batch $batch" "one batch"
expect_eq "$(q "p.active = 1 AND p.grad_year = 2027")" 0 "the class of 2027 is deactivated"
expect_eq "$(q "p.active = 1 AND p.grad_year <> 2027 AND g.name = 'Period 2'")" "$p1" "Period 1 moved to Period 2"
expect_eq "$(sql "SELECT kind, count FROM batches WHERE id = $batch")" "year-end|$((grads + p1 + p2 + p8))" "the batch counts them all"
run as_admin batches
expect_out "year-end" "listed among the batches"
run as_admin undo "$batch"
expect_rc 0 "undo"
expect_eq "$(q "p.active = 1 AND p.grad_year = 2027")" "$grads" "undo reactivates the class"
expect_eq "$(q "p.active = 1 AND p.grad_year <> 2027 AND g.name = 'Period 1'")" "$p1" "and moves them back"
finish
