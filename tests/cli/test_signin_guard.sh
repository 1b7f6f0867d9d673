# Sign-in guards (issue 10 items 6-8, issue 13 item 3): the dummy hash is
# kept in the database; failed sign-ins make a delay that grows, visible
# in the list and the audit log, that an admin can unlock; a read-only
# database says so, the same for every username, before any password is
# looked at.
. "$(dirname "$0")/lib.sh"

make_demo 10
secret "$T/wrong.pw" 'Wrong1234'
secret "$T/student.pw" 'DemoStudent1'

# ---- the dummy hash: made by init, at the cost in force ----
expect_eq "$(sql "SELECT count(*) FROM settings WHERE key = 'signin.dummy_hash' AND value LIKE '\$argon2id\$v=19\$m=64,t=1,p=1\$%'")" 1 \
    "init keeps a dummy hash at the database's cost"
sql "DELETE FROM settings WHERE key = 'signin.dummy_hash'"
run as_admin list --last-name zzz
expect_rc 0 "a database without a dummy hash opens"
expect_eq "$(sql "SELECT count(*) FROM settings WHERE key = 'signin.dummy_hash'")" 1 \
    "the dummy hash is made when missing (migration) and kept"

# ---- the delay ----
for i in 1 2 3 4 5; do
	run "$ROSTER" --user demo.staff --password-file "$T/wrong.pw" list --all
	expect_rc 5 "wrong password $i"
	expect_err "wrong username or password" "wrong password $i: the usual words"
done
run as_staff list --all
expect_rc 5 "the right password during the delay"
expect_err "locked for 15 minutes" "the owner learns of the delay and its length"
expect_err "an admin can unlock it" "the owner learns who can help"
run as_admin list --all
expect_rc 0 "the site admin lists"
expect_eq "$(printf '%s\n' "$OUT" | awk '/demo.staff/ { print $NF }')" locked \
    "the list flags the delayed account"
run as_admin list --all --format json
expect_out '"locked_until": "20' "JSON says until when"
run as_admin audit
expect_eq "$(printf '%s\n' "$OUT" | grep -c 'signin-failed')" 6 \
    "every failed sign-in is in the audit log (5, and 1 during the delay)"
expect_out "signin-delayed" "the delay is in the audit log"

# ---- unlock: site admins and district accounts; not staff ----
run as_staff unlock demo.student
expect_rc 5 "staff may not unlock"
run "$ROSTER" --user demo.student --password-file "$T/student.pw" unlock demo.staff
expect_rc 5 "a student may not unlock"
run as_admin unlock demo.staff
expect_rc 0 "the site admin unlocks"
expect_out "Unlocked demo.staff" "unlock says so"
run as_staff list --all
expect_rc 0 "the owner signs in at once"
run as_admin audit
expect_out "unlock" "the unlock is in the audit log"
# A selection: every portfolio of it with failed sign-ins.
for u in demo.staff demo.student; do
	for i in 1 2 3 4 5; do
		"$ROSTER" --user "$u" --password-file "$T/wrong.pw" list --all >/dev/null 2>&1
	done
done
run as_staff unlock --all
expect_rc 5 "staff may not unlock a selection"
run as_admin unlock demo.staff --all
expect_rc 2 "a username and a search mode are one too many"
run as_admin unlock --last-name Demo
expect_rc 0 "the site admin unlocks a selection"
expect_out "Unlocked 2 portfolios" "unlock counts what it unlocked"
expect_eq "$(sql "SELECT count(*) FROM portfolios WHERE locked_until > $(date +%s) OR failed_signins > 0")" 0 \
    "nothing of the selection is locked any more"
for i in 1 2 3 4 5; do
	"$ROSTER" --user district1 --password-file "$T/wrong.pw" site list >/dev/null 2>&1
done
run as_district site list
expect_rc 5 "the district admin is delayed"
run as_admin unlock district1
expect_rc 2 "a site admin cannot reach a district account"
secret "$T/d2.pw" 'District2pw'
sql "UPDATE portfolios SET locked_until = NULL, failed_signins = 0 WHERE username = 'district1'"
run as_district account add --username district2 --first D --last Two --type admin \
    --new-password-file "$T/d2.pw"
sql "UPDATE portfolios SET type = 'district', site_id = NULL WHERE username = 'district2'"
for i in 1 2 3 4 5; do
	"$ROSTER" --user district1 --password-file "$T/wrong.pw" site list >/dev/null 2>&1
done
run "$ROSTER" --user district2 --password-file "$T/d2.pw" unlock district1
expect_rc 0 "another district admin unlocks a district admin"
run as_district site list
expect_rc 0 "the district admin signs in again"
# A district account belongs to no site: its rows are in every district
# account's audit, in no site admin's.
run as_district audit
expect_eq "$(printf '%s\n' "$OUT" | grep 'signin-failed' | grep -c 'district1')" 11 \
    "a district account's failed sign-ins are in the district's audit (5, 1 during the delay, 5)"
expect_eq "$(printf '%s\n' "$OUT" | grep -c 'district1 *unlock')" 1 \
    "the unlock of a district account is in the district's audit"
expect_out "demo.staff" "the district's audit still holds the site's rows"
run as_admin audit
expect_no_out "district1         signin" "a site admin does not see the district's sign-ins"

# ---- sign-ins while another process holds the write lock ----
# (an upload of 100,000 rows holds it for a second or two: issue 15)
# A right password writes nothing: it signs in at once, never "busy",
# even with a busy timeout far shorter than the hold.  A wrong one waits
# for the lock (however short the busy timeout) and is counted, so that
# a guess during a long write is not a free one.
sql "UPDATE portfolios SET locked_until = NULL, failed_signins = 0"
db_hold_write 3 &
holder=$!
db_wait_held || not_ok "the holder took the write lock"
ROSTER_BUSY_TIMEOUT_MS=100 run "$ROSTER" signin demo.student --password-file "$T/student.pw"
expect_rc 0 "a sign-in while the write lock is held"
expect_out "Signed in as demo.student" "the sign-in while the write lock is held says so"
ROSTER_BUSY_TIMEOUT_MS=100 run "$ROSTER" signin demo.student --password-file "$T/wrong.pw"
expect_rc 5 "a wrong password while the write lock is held"
expect_err "wrong username or password" "the usual words while the write lock is held"
wait $holder
expect_eq "$(sql "SELECT failed_signins FROM portfolios WHERE username = 'demo.student'")" 1 \
    "the failure during the hold waited for the lock and was counted"
run "$ROSTER" signin demo.student --password-file "$T/student.pw"
expect_rc 0 "the owner signs in after the hold"
expect_eq "$(sql "SELECT failed_signins FROM portfolios WHERE username = 'demo.student'")" 0 \
    "the sign-in clears the failure"

# ---- a read-only database: one clear answer for every username ----
# As root, another user (nobody) meets the file root owns: once with a
# folder it cannot write (SQLite cannot even read the WAL then), once with
# one it can (the database opens, read-only: the sign-in refuses before
# any password is checked).
# On PostgreSQL, a database roster may only read is a read-only session
# (a standby or a role without write rights answers alike: test_store_pg):
# the same one answer for every username.
if db_is_pg; then
	RO_DB="$ROSTER_DB options=-cdefault_transaction_read_only=on"
	as_nobody() { ROSTER_DB=$RO_DB "$@"; }
	modes=session
elif [ "$(id -u)" = 0 ]; then
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	chmod 644 "$ROSTER_DB" "$T"/*.pw
	modes="755 1777"
else
	as_nobody() { "$@"; }
	chmod 444 "$ROSTER_DB"
	modes=700
fi
db_is_pg || sqlite3 "$ROSTER_DB" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
sum=$(db_checksum)
for mode in $modes; do
	db_is_pg || chmod "$mode" "$T"
	answers=""
	for who in "demo.admin $T/admin.pw" "demo.admin $T/wrong.pw" "nobody.here $T/wrong.pw"; do
		set -- $who
		run as_nobody "$ROSTER" --user "$1" --password-file "$2" list --all
		expect_rc 3 "read-only database (folder $mode), $1 with $(basename "$2")"
		expect_err "read-only" "read-only database named as such ($1, folder $mode)"
		# (the last line: the one before warns of the 0644 file)
		answers="$answers|$RC $(printf '%s\n' "$ERR" | tail -1)"
	done
	expect_eq "$(printf '%s' "$answers" | tr '|' '\n' | sed '/^$/d' | sort -u | wc -l)" 1 \
	    "known and unknown usernames get the same answer (folder $mode)"
	expect_eq "$(printf '%s' "$answers" | tr '|' '\n' | sed '/^$/d' | grep -c '^3 roster: the database.* is read-only')" 3 \
	    "one line, and it says the database is read-only (folder $mode)"
	rm -f "$ROSTER_DB-wal" "$ROSTER_DB-shm"
done
chmod 700 "$T"
expect_eq "$(db_checksum)" "$sum" "nothing was written"
finish
