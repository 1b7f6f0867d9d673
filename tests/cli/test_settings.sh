# Settings refuse values under the safe floors (issue 10 item 5): Argon2id
# no cheaper than OWASP's minimum, a sign-in delay within 10 failures and
# of at least a minute.  The test cost comes only with a new database
# (ROSTER_TEST_HASH_COST at init), never through `settings`.
. "$(dirname "$0")/lib.sh"

make_demo 10
sum=$(db_checksum)
for kv in "hash.m_kib 8" "hash.m_kib 19455" "hash.t 1" "hash.t 0" \
    "hash.p 0" "signin.max_failures 11" "signin.max_failures 0" \
    "signin.lock_minutes 0" \
    "signin.lock_minutes 1441"; do
	set -- $kv
	run as_district settings "$1" "$2"
	expect_rc 2 "settings $kv refused"
	expect_err "$1 takes a whole number from" "settings $kv: the range named"
done
run as_district settings hash.m_kib 8
expect_err "OWASP" "a weak hash cost says why"
run as_district settings signin.lock_minutes 0
expect_err "does not slow guessing" "a zero delay says why"
expect_eq "$(db_checksum)" "$sum" "refused settings change nothing"

# The floors themselves are accepted.
for kv in "hash.m_kib 19456" "hash.t 2" "hash.p 1" "signin.max_failures 10" \
    "signin.lock_minutes 1"; do
	set -- $kv
	run as_district settings "$1" "$2"
	expect_rc 0 "settings $kv accepted"
	expect_eq "$(sql "SELECT value FROM settings WHERE key = '$1'")" "$2" \
	    "settings $kv stored"
done

# The test cost: only at init, with a warning; a bad value is refused.
secret "$T/d2.pw" 'District2pw'
ROSTER_TEST_HASH_COST=8,1,1 run "$ROSTER" --db "$T/cheap.db" init --admin district2 \
    --password-file "$T/d2.pw"
expect_rc 0 "init with the test cost"
expect_err "test cost" "the test cost is announced"
expect_eq "$(sqlite3 "$T/cheap.db" "SELECT value FROM settings WHERE key = 'hash.m_kib'")" 8 \
    "the test cost is stored by init"
ROSTER_TEST_HASH_COST=8,1,1 run "$ROSTER" --db "$T/cheap.db" --user district2 \
    --password-file "$T/d2.pw" settings hash.t 1
expect_rc 2 "the test variable does not open settings"
ROSTER_TEST_HASH_COST=cheap run "$ROSTER" --db "$T/bad.db" init --admin district2 \
    --password-file "$T/d2.pw"
expect_rc 2 "a malformed test cost"
[ ! -e "$T/bad.db" ] && ok || not_ok "a malformed test cost makes no database"
run "$ROSTER" --db "$T/default.db" init --admin district2 --password-file "$T/d2.pw"
expect_eq "$(sqlite3 "$T/default.db" "SELECT group_concat(value, ',') FROM (SELECT value FROM settings WHERE key LIKE 'hash.%' ORDER BY key)")" \
    "19456,1,2" "init without it: the default cost"
finish
