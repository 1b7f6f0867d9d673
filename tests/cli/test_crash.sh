# Crash consistency: SIGKILL an upload of 10,000 rows and a reset of
# 10,000 portfolios at random moments spread over their run; after every
# kill the database passes PRAGMA integrity_check and holds exactly the
# state before or the state after, never a mix.
#
# A state is the signature of every portfolio (id, username, password
# hash — as "the hash it had before" or a new one, since a new hash has a
# random salt —, flags, names, group, year, version) and the row counts of
# the batches, their items and the audit log, which the same transaction
# writes.  ROSTER_CRASH_KILLS (default 50) kills per operation.
#
# The files live in memory (/dev/shm) where there is one: SIGKILL leaves the
# page cache as it was, so the disk adds nothing but time to this test.
[ -w /dev/shm ] && TMPDIR=/dev/shm
. "$(dirname "$0")/lib.sh"

# Under `make valgrind` the kills would land in valgrind, not in roster:
# the bulk runs use the real program.
R=$ROSTER_FAST
KILLS=${ROSTER_CRASH_KILLS:-50}

ROSTER_TEST_HASH_COST=8,1,1 ROSTER=$R make_demo 10000
# Sign the admin in once (its row and the database's pages warm).
ROSTER=$R as_admin list --last-name zzz >/dev/null
sqlite3 "$ROSTER_DB" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
cp "$ROSTER_DB" "$T/before.db"

# The signature of the database at $1, with hashes compared with those of
# before.db: "same" or "new".  check DB prints PRAGMA integrity_check's
# verdict, then the signature (one sqlite3 run for both).
SIG_SQL="ATTACH '$T/before.db' AS b;
	SELECT p.id, p.username, CASE WHEN p.password_hash IS bp.password_hash
	    THEN 'same' ELSE 'new' END, p.temp_password, p.sq_reset, p.active,
	    p.first, p.last, p.group_id, p.grad_year, p.version
	FROM portfolios p LEFT JOIN b.portfolios bp ON bp.id = p.id ORDER BY p.id;
	SELECT count(*) FROM batches; SELECT count(*) FROM batch_items;
	SELECT count(*) FROM audit;"
signature() {
	sqlite3 -batch -noheader "$1" "$SIG_SQL" | sha256sum | cut -d' ' -f1
}
check() {
	sqlite3 -batch -noheader "$1" "PRAGMA integrity_check;" "$SIG_SQL" >"$T/check" 2>&1
	head -n 1 "$T/check"
	tail -n +2 "$T/check" | sha256sum | cut -d' ' -f1
}
BEFORE=$(signature "$T/before.db")

restore() {
	rm -f "$ROSTER_DB" "$ROSTER_DB-wal" "$ROSTER_DB-shm" "$T"/slips*
	cp "$T/before.db" "$ROSTER_DB"
}

now_ms() { date +%s%3N; }

# crash_runs NAME CMD...: runs CMD to the end twice (the longer run's
# duration, and the state after), then KILLS times killed after a random
# delay between 0 and 1.2 times that duration, checking the database after
# each.
crash_runs() {
	name=$1; shift
	dur=0
	for pass in 1 2; do
		restore
		t0=$(now_ms)
		"$@" >"$T/full.out" 2>"$T/full.err"
		rc=$?
		t=$(( $(now_ms) - t0 ))
		[ $t -gt $dur ] && dur=$t
	done
	expect_eq "$rc" 0 "$name: runs to the end ($(cat "$T/full.err"))"
	after=$(signature "$ROSTER_DB")
	[ "$after" != "$BEFORE" ] || not_ok "$name: the run changed nothing"
	check_after "$name"
	n_before=0; n_after=0; n_mixed=0; n_bad=0
	i=0
	while [ $i -lt "$KILLS" ]; do
		i=$((i + 1))
		restore
		delay=$(( $(od -An -N4 -tu4 /dev/urandom) % (dur * 12 / 10 + 1) ))
		"$@" >/dev/null 2>&1 &
		pid=$!
		sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
		kill -KILL $pid 2>/dev/null
		wait $pid 2>/dev/null
		check "$ROSTER_DB" >"$T/verdict"
		{ read -r ic; read -r sig; } <"$T/verdict"
		[ "$ic" = ok ] || { n_bad=$((n_bad + 1)); not_ok "$name: kill $i at ${delay} ms: integrity_check: $ic"; }
		if [ "$sig" = "$BEFORE" ]; then n_before=$((n_before + 1))
		elif [ "$sig" = "$after" ]; then n_after=$((n_after + 1))
		else n_mixed=$((n_mixed + 1)); not_ok "$name: kill $i at ${delay} ms left a state that is neither before nor after"
		fi
	done
	expect_eq "$n_mixed$n_bad" 00 "$name: every kill left before or after"
	# The kills are spread: most land before the commit, some after it.
	[ "$n_before" -gt 0 ] && ok || not_ok "$name: no kill landed before the commit"
	echo "  $name: ${dur} ms a run; $KILLS kills: $n_before before, $n_after after" >&2
}

# ---- a reset of 10,000 portfolios (all of the site but the SSO-linked),
# each with its own generated password, written to the slips file ----
RESET="reset-passwords --all --generate --slips $T/slips.txt"
restore
ROSTER=$R run as_admin $RESET
expect_rc 2 "the reset is held"
N=$(printf '%s' "$ERR" | grep -oE -- '--confirm [0-9]+' | head -1 | cut -d' ' -f2)
[ "${N:-0}" -ge 9000 ] || not_ok "the hold states the count of 10,000: $ERR"
check_after() {
	expect_eq "$(sql "SELECT count(*) FROM portfolios WHERE temp_password = 1")" "$N" "$1: every portfolio reset"
	awk '/Username: *demo.student$/ { u = 1; next }
	    u && /Temporary password:/ { print $3; exit }' "$T/slips.txt" >"$T/slip.pw"
	chmod 600 "$T/slip.pw"
	run "$R" signin demo.student --password-file "$T/slip.pw"
	expect_rc 6 "$1: the slip's temporary password signs in"
}
crash_runs reset "$R" --user demo.admin --password-file "$T/admin.pw" \
    $RESET --confirm "${N:-0}"

# ---- an upload of 10,000 rows: a permanent password for every portfolio
# that may take one, a new first name for the SSO-linked ----
restore
ROSTER=$R as_admin export --all -o "$T/all.csv" >/dev/null
sql "SELECT id FROM portfolios WHERE sso IS NOT NULL AND active = 1" >"$T/sso.ids"
awk -F, -v OFS=, 'NR == FNR { sso[$1] = 1; next }
	FNR == 1 { print; next }
	{ sub(/\r$/, ""); if ($1 in sso) $4 = $4 "x"; else $3 = "Upl0ad" $1 "Pw"; print }' \
	"$T/sso.ids" "$T/all.csv" >"$T/upload.csv"
ROWS=$(($(wc -l <"$T/upload.csv") - 1))
[ "$ROWS" -ge 9000 ] || not_ok "the upload holds $ROWS rows"
ROSTER=$R run as_admin import "$T/upload.csv" --upload
expect_rc 2 "the upload is held"
HOLD=$(printf '%s' "$ERR" | grep -oE -- '--confirm [0-9]+' | head -1 | cut -d' ' -f2)
[ -n "$HOLD" ] || not_ok "the hold states its count: $ERR"
PW_ID=$(sql "SELECT id FROM portfolios WHERE username = 'demo.student'")
check_after() {
	expect_eq "$(sql "SELECT count(*) FROM portfolios WHERE sso IS NOT NULL AND first LIKE '%x'")" "$(wc -l <"$T/sso.ids" | tr -d ' ')" "$1: every SSO-linked portfolio renamed"
	printf 'Upl0ad%sPw\n' "$PW_ID" >"$T/up.pw"; chmod 600 "$T/up.pw"
	run "$R" signin demo.student --password-file "$T/up.pw"
	expect_rc 0 "$1: the uploaded permanent password signs in"
}
crash_runs upload "$R" --user demo.admin --password-file "$T/admin.pw" \
    import "$T/upload.csv" --upload --confirm "${HOLD:-0}"

finish
