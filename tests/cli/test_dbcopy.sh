# roster db copy: the whole database into a new one, read back and
# verified; the copy answers as the original does; an existing target, a
# missing source and a URL of another scheme are refused, leaving nothing.
# (Against $ROSTER_DB, SQLite or, under make check-pg, PostgreSQL.)
. "$(dirname "$0")/lib.sh"

make_demo 60
as_admin reset-passwords --grad-year 2028 --generate --slips "$T/slips.txt" \
    --reset-security-questions --confirm "$(as_admin list --grad-year 2028 --format json | grep -c '"id"')" >/dev/null
B=$(as_admin batches --format json | sed -n 's/.*"id": \([0-9]*\).*/\1/p' | head -1)
as_admin undo "$B" >/dev/null
as_admin move-group --grad-year 2029 --to "Period 2" >/dev/null
[ -n "$B" ] && ok || not_ok "a batch to copy"

run "$ROSTER" db copy "$ROSTER_DB" "$T/copy.db"
expect_rc 0 "db copy"
expect_out "every table read back and verified" "db copy says it verified"
expect_out "batch_items" "db copy names the tables"
SUMS=$(printf '%s\n' "$OUT" | grep checksum)
# The copy answers as the original.
for cmd in "list --all --format csv" "list --all --inactive --format csv" \
    "batches --format json" "audit --format json" "group list --format json"; do
	# shellcheck disable=SC2086
	a=$(as_admin $cmd)
	# shellcheck disable=SC2086
	b=$(as_admin --db "$T/copy.db" $cmd)
	[ -n "$a" ] && [ "$a" = "$b" ] && ok || not_ok "the copy answers '$cmd' as the original"
done
# Copied again, the same rows and checksums.
run "$ROSTER" db copy "$T/copy.db" "$T/copy2.db"
expect_rc 0 "a copy of the copy"
expect_eq "$(printf '%s\n' "$OUT" | grep checksum)" "$SUMS" "the same checksums"
run "$ROSTER" --db "$T/copy.db" signin demo.student --password-file "$T/staff.pw"
expect_rc 5 "the copy keeps the hashes: a wrong password is still wrong"
secret "$T/student.pw" 'DemoStudent1'
run "$ROSTER" --db "$T/copy.db" signin demo.student --password-file "$T/student.pw"
expect_rc 0 "the copy keeps the hashes: the right one signs in"

# Refusals leave nothing behind and change nothing.
before=$(as_admin --db "$T/copy.db" list --all --format csv)
run "$ROSTER" db copy "$ROSTER_DB" "$T/copy.db"
expect_rc 2 "an existing target is refused"
expect_err "already exists" "and says so"
expect_eq "$(as_admin --db "$T/copy.db" list --all --format csv)" "$before" "the existing target is untouched"
run "$ROSTER" db copy "$T/none.db" "$T/copy3.db"
expect_rc 3 "a missing source is refused"
[ ! -e "$T/copy3.db" ] && ok || not_ok "no target is left for a missing source"
run "$ROSTER" db copy "$ROSTER_DB" "mysql://db.example/roster"
expect_rc 2 "a URL of another scheme is refused"
expect_err "roster does not speak mysql://" "and says which"
run "$ROSTER" db copy "$ROSTER_DB"
expect_rc 2 "db copy needs FROM and TO"
finish
