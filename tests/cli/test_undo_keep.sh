# How long undo keeps what a batch changed (issue 10 item 4): old
# password hashes are credentials, so batch_items keeps them for
# batch.keep_days (default 30); the next batch wipes older ones, and an
# older batch can no longer be undone (exit 2, nothing changed).
. "$(dirname "$0")/lib.sh"

make_demo 10
secret "$T/t.pw" 'Temp2Pass'
for u in keep.kid1 keep.kid2; do
	as_admin account add --username "$u" --first Kim --last Keep --type student \
	    --grad-year 2030 --new-password-file "$T/t.pw" >/dev/null
done
kid=$(sql "SELECT id FROM portfolios WHERE username = 'keep.kid1'")
other=$(sql "SELECT id FROM portfolios WHERE username = 'keep.kid2'")
secret "$T/t2.pw" 'Temp3Pass'
b1=$(as_admin reset-passwords --all --only "$kid" --new-password-file "$T/t2.pw" | sed -n 's/^batch \([0-9]*\):.*/\1/p')
expect_eq "$(sql "SELECT count(*) FROM batch_items WHERE batch_id = $b1 AND password_hash LIKE '\$argon2id\$%'")" 1 \
    "a reset keeps the old hash for undo"
expect_eq "$(sql "SELECT value FROM settings WHERE key = 'batch.keep_days'")" "" "no setting: the default"
run as_admin settings batch.keep_days 0
expect_rc 5 "a site admin may not change how long undo keeps"
run as_district settings batch.keep_days 0
expect_rc 2 "batch.keep_days takes at least a day"

# 31 days later (the batch's date moved back), the next batch wipes it.
sql "UPDATE batches SET created_at = '$(date -u -d '31 days ago' +%Y-%m-%dT%H:%M:%SZ)' WHERE id = $b1"  # (a literal: SQLite and PostgreSQL both take it)
sum=$(db_checksum)
run as_admin undo "$b1"
expect_rc 2 "a batch older than 30 days cannot be undone"
expect_err "older than the 30 days" "the refusal says why"
expect_eq "$(db_checksum)" "$sum" "refused undo changes nothing"
as_admin reset-passwords --all --only "$other" --new-password-file "$T/t.pw" >/dev/null
expect_eq "$(sql "SELECT count(*) FROM batch_items WHERE batch_id = $b1")" 0 \
    "the next batch wiped the old batch's items (and its old hash)"
expect_eq "$(sql "SELECT count(*) FROM batch_items WHERE batch_id > $b1")" 1 \
    "the new batch keeps its own"
# A longer window does not bring back what was wiped.
as_district settings batch.keep_days 60 >/dev/null
sum=$(db_checksum)
run as_admin undo "$b1"
expect_rc 2 "a wiped batch cannot be undone"
expect_err "no longer kept" "the refusal says why"
expect_eq "$(db_checksum)" "$sum" "refused undo changes nothing"
# A recent batch still undoes.
b2=$(sql "SELECT max(id) FROM batches")
run as_admin undo "$b2"
expect_rc 0 "a recent batch undoes"
finish
