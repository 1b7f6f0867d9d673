# Concurrent admins: four processes for 60 seconds (ROSTER_CONCURRENT_SECONDS
# for shorter local runs) doing overlapping resets, uploads (some after a
# trial run, with --expect), exports and undos on the same portfolios.
#
# Every operation ends 0, or 4 with a clear message (never SQLite's
# "database is locked", never a crash or another status).  Each success is
# logged with its batch number; replaying the logged batches in batch
# order (the order their transactions committed) gives every portfolio's
# expected password and temporary flag, and at the end every portfolio's
# hash must verify against exactly that password — so the final state is
# the one the serial order of the successful operations produces — and
# the batches table must hold exactly the logged batches.
#
# On PostgreSQL (make check-pg), where a write locks only its site, eight
# admins on four sites: two on each, the first site's pair as on SQLite.
. "$(dirname "$0")/lib.sh"

R=$ROSTER_FAST
SECS=${ROSTER_CONCURRENT_SECONDS:-60}
HDR='Portfolio ID,Username,Password,First Name,Last Name,Graduation Year,Group,Email,Account Type'

make_demo 200
SITE='Demo High School'
# The pool: active students that are not SSO-linked and none of the
# accounts the workers act as.  Every operation picks 2 to 6 of them, so
# operations overlap often and stay well below the blast-radius hold.
# Each site has a key K: its pool in pool.K, its export in all.K.csv.
sql "SELECT id FROM portfolios WHERE type = 'student' AND active = 1 AND sso IS NULL AND username NOT LIKE 'demo.%' ORDER BY id LIMIT 50" >"$T/pool.d"
POOL=$(wc -l <"$T/pool.d" | tr -d ' ')
[ "$POOL" = 50 ] || not_ok "pool of 50 students: $POOL"
as_admin export --all -o "$T/all.d.csv" >/dev/null
# Warm up: every acting account signs in once (re-hash at the test cost).
as_staff list --last-name zzz >/dev/null
as_district --site "$SITE" list --last-name zzz >/dev/null
if db_is_pg; then
	# Three more sites, each with an admin, a staff member and 50 students.
	for k in s2 s3 s4; do
		as_district site add "Site $k" >/dev/null || not_ok "site add $k"
		for who in admin staff; do
			secret "$T/$k.$who.pw" "Pw${k}${who}X9"
			as_district --site "Site $k" account add --username "$k.$who" --first "$who" \
			    --last "Of $k" --type "$who" --new-password-file "$T/$k.$who.pw" >/dev/null ||
			    not_ok "account add $k.$who"
		done
		{ echo "$HDR"; for i in $(seq 50); do
			echo ",$k.kid$i,Kx${i}pass${i}Q,Kid,Num$i,2030,,$k.kid$i@example.org,student"; done
		} >"$T/new.$k.csv"
		"$R" --user "$k.admin" --password-file "$T/$k.admin.pw" import "$T/new.$k.csv" \
		    --upload >/dev/null || not_ok "the students of $k"
		sql "SELECT id FROM portfolios WHERE username LIKE '$k.kid%' ORDER BY id" >"$T/pool.$k"
		expect_eq "$(wc -l <"$T/pool.$k" | tr -d ' ')" 50 "pool of 50 students in $k"
		"$R" --user "$k.admin" --password-file "$T/$k.admin.pw" export --all \
		    -o "$T/all.$k.csv" >/dev/null || not_ok "export of $k"
		"$R" --user "$k.staff" --password-file "$T/$k.staff.pw" list --last-name zzz >/dev/null
	done
fi
for f in "$T"/all.*.csv; do
	tr -d '\r' <"$f" | sed 's/^\xef\xbb\xbf//' >"${f%.csv}.plain"
done
FIRST_BATCH=$(( $(sql "SELECT coalesce(max(id), 0) FROM batches") + 1 ))

# rand N: a number in 0..N-1.
rand() { echo $(( $(od -An -N4 -tu4 /dev/urandom) % $1 )); }
# pick: 2 to 6 distinct ids of the pool, comma separated.
pick() { shuf -n $(( $(rand 5) + 2 )) "$T/pool.$SK" | sort -n | paste -sd, -; }

# SK=K worker N USER PWFILE [--site SITE]: runs random operations on the
# pool of site K until the
# deadline; logs every operation's status and message to op.N, and every
# success that made a batch to log.N:
#   R BATCH PASSWORD IDS      a reset (temporary)
#   U BATCH ID:PASSWORD,...   an upload (permanent)
#   X BATCH UNDONE            an undo
worker() {
	w=$1; user=$2; pwf=$3; shift 3
	n=0
	: >"$T/log.$w"; : >"$T/op.$w"; : >"$T/mine.$w"
	while [ "$(date +%s)" -lt "$DEADLINE" ]; do
		n=$((n + 1))
		tag="w${w}n${n}"
		t0=$(date +%s%3N)
		dice=$(rand 10)
		if [ "$dice" -lt 3 ]; then
			kind=reset
			ids=$(pick)
			pw="Rs${tag}x9"
			printf '%s\n' "$pw" >"$T/pw.$tag"; chmod 600 "$T/pw.$tag"
			"$R" --user "$user" --password-file "$pwf" "$@" reset-passwords \
			    --all --only "$ids" --new-password-file "$T/pw.$tag" \
			    >"$T/out.$w" 2>"$T/err.$w"
			rc=$?
			b=$(sed -n 's/^batch \([0-9]*\): .*/\1/p' "$T/out.$w")
			[ $rc = 0 ] && [ -n "$b" ] && {
				echo "R $b $pw $ids" >>"$T/log.$w"; echo "$b" >>"$T/mine.$w"; }
		elif [ "$dice" -lt 6 ]; then
			kind=upload
			ids=$(pick)
			f="$T/up.$tag.csv"
			echo "$HDR" >"$f"
			spec=
			for id in $(echo "$ids" | tr , ' '); do
				pw="Up${tag}x${id}"
				grep "^$id," "$T/all.$SK.plain" |
				    awk -F, -v OFS=, -v pw="$pw" '{ $3 = pw; print }' >>"$f"
				spec="$spec${spec:+,}$id:$pw"
			done
			if [ "$(rand 2)" = 0 ]; then
				# Trial run first, then upload what it showed.
				"$R" --user "$user" --password-file "$pwf" "$@" import "$f" \
				    --trial-run >"$T/out.$w" 2>"$T/err.$w"
				rc=$?
				fp=$(grep -ioE 'fingerprint:? *[0-9a-f]{16}' "$T/out.$w" | grep -oE '[0-9a-f]{16}$')
				if [ $rc = 0 ]; then
					[ -n "$fp" ] || echo "no fingerprint: $(cat "$T/out.$w")" >>"$T/op.$w"
					"$R" --user "$user" --password-file "$pwf" "$@" import "$f" \
					    --upload --expect "$fp" >"$T/out.$w" 2>"$T/err.$w"
					rc=$?
				fi
			else
				"$R" --user "$user" --password-file "$pwf" "$@" import "$f" \
				    --upload >"$T/out.$w" 2>"$T/err.$w"
				rc=$?
			fi
			b=$(sed -n 's/^Applied as batch \([0-9]*\);.*/\1/p' "$T/out.$w")
			[ $rc = 0 ] && [ -n "$b" ] && {
				echo "U $b $spec" >>"$T/log.$w"; echo "$b" >>"$T/mine.$w"; }
		elif [ "$dice" -lt 8 ]; then
			kind=export
			"$R" --user "$user" --password-file "$pwf" "$@" export --all \
			    -o "$T/ex.$tag.csv" >"$T/out.$w" 2>"$T/err.$w"
			rc=$?
			if [ $rc = 0 ]; then
				# A whole snapshot: the header and every portfolio.
				lines=$(wc -l <"$T/ex.$tag.csv")
				[ "$lines" = "$(wc -l <"$T/all.$SK.csv")" ] ||
				    echo "export $tag has $lines lines" >>"$T/op.$w"
			fi
			rm -f "$T/ex.$tag.csv"
		else
			kind=undo
			# mostly the newest (the likeliest to be undoable)
			if [ "$(rand 4)" = 0 ]; then b=$(shuf -n 1 "$T/mine.$w"); else b=$(tail -n 1 "$T/mine.$w"); fi
			[ -n "$b" ] || continue
			"$R" --user "$user" --password-file "$pwf" "$@" undo "$b" \
			    >"$T/out.$w" 2>"$T/err.$w"
			rc=$?
			u=$(sed -n 's/^batch \([0-9]*\): undid batch .*/\1/p' "$T/out.$w")
			if [ $rc = 0 ] && [ -n "$u" ]; then
				echo "X $u $b" >>"$T/log.$w"
				grep -vx "$b" "$T/mine.$w" >"$T/mine.$w.new"
				mv "$T/mine.$w.new" "$T/mine.$w"
			fi
		fi
		echo "$kind $rc $(( $(date +%s%3N) - t0 )) $(tr '\n' ' ' <"$T/err.$w")" >>"$T/op.$w"
	done
}

DEADLINE=$(( $(date +%s) + SECS ))
if db_is_pg; then
	SK=d worker 1 demo.admin "$T/admin.pw" &
	SK=d worker 2 demo.staff "$T/staff.pw" &
	SK=s2 worker 3 s2.admin "$T/s2.admin.pw" &
	SK=s2 worker 4 district1 "$T/district.pw" --site "Site s2" &
	SK=s3 worker 5 s3.admin "$T/s3.admin.pw" &
	SK=s3 worker 6 s3.staff "$T/s3.staff.pw" &
	SK=s4 worker 7 s4.admin "$T/s4.admin.pw" &
	SK=s4 worker 8 s4.staff "$T/s4.staff.pw" &
else
	SK=d worker 1 demo.admin "$T/admin.pw" &
	SK=d worker 2 demo.staff "$T/staff.pw" &
	SK=d worker 3 district1 "$T/district.pw" --site "$SITE" &
	SK=d worker 4 demo.admin "$T/admin.pw" &
fi
wait

cat "$T"/op.? >"$T/ops"
for w in 1 2 3 4 5 6 7 8; do
	[ -f "$T/op.$w" ] || continue
	awk -v w=$w '$2 == 0 && ($1 == "reset" || $1 == "upload") { n++ } END { printf "w%s:%d ", w, n }' "$T/op.$w"
done >"$T/per-worker"
TOTAL=$(wc -l <"$T/ops" | tr -d ' ')
OKS=$(awk '$2 == 0' "$T/ops" | wc -l | tr -d ' ')
CONFLICTS=$(awk '$2 == 4' "$T/ops" | wc -l | tr -d ' ')
for k in reset upload export undo; do
	eval "n_$k=\$(awk -v k=$k '\$1 == k && \$2 == 0' \"\$T/ops\" | wc -l | tr -d ' ')"
done
echo "  concurrent: ${SECS} s, $TOTAL operations: $OKS done ($n_reset resets, $n_upload uploads, $n_export exports, $n_undo undos), $CONFLICTS exit 4; writes done per worker: $(cat "$T/per-worker")" >&2

# Every operation: 0, or 4 with a clear message.
bad=$(awk '$2 != 0 && $2 != 4' "$T/ops")
expect_eq "$bad" "" "every operation ends 0 or 4"
bad=$(awk '$2 == 4 && !/busy|changed|conflict|try again/' "$T/ops")
expect_eq "$bad" "" "every exit 4 says why"
bad=$(grep -i -e 'database is locked' -e 'sqlite' -e 'internal' -e 'deadlock' \
    -e 'could not serialize' -e 'ERROR:' -e 'FATAL:' -e 'server closed' "$T/ops")
expect_eq "$bad" "" "no SQLite or PostgreSQL message reaches the admin"
bad=$(grep -v -e '^[a-z]* [0-9]* [0-9]* ' "$T/ops")
expect_eq "$bad" "" "every operation logged"
[ "$n_reset" -gt 0 ] && [ "$n_upload" -gt 0 ] && [ "$n_export" -gt 0 ] &&
    [ "$n_undo" -gt 0 ] && ok || not_ok "every kind of operation succeeded at least once"
expect_eq "$(db_integrity)" ok "integrity_check (PostgreSQL: no session left open)"

# The batches table holds exactly the logged batches.
cat "$T"/log.? | sort -n -k2 >"$T/log"
expect_eq "$(sql "SELECT id FROM batches WHERE id >= $FIRST_BATCH ORDER BY id" | paste -sd' ' -)" \
    "$(awk '{ print $2 }' "$T/log" | paste -sd' ' -)" "the batches are the logged successes"

# Replay in batch order: the expected password ("" for none) and
# temporary flag of every portfolio of the pool.
awk '
function save(b, id) { sv_pw[b, id] = pw[id]; sv_tmp[b, id] = tmp[id]; ids[b] = ids[b] " " id }
$1 == "R" { n = split($4, a, ","); for (i = 1; i <= n; i++) { save($2, a[i]); pw[a[i]] = $3; tmp[a[i]] = 1 } }
$1 == "U" { n = split($3, a, ","); for (i = 1; i <= n; i++) { split(a[i], kv, ":"); save($2, kv[1]); pw[kv[1]] = kv[2]; tmp[kv[1]] = 0 } }
$1 == "X" { n = split(ids[$3], a, " "); for (i = 1; i <= n; i++) { pw[a[i]] = sv_pw[$3, a[i]]; tmp[a[i]] = sv_tmp[$3, a[i]] } }
END { for (id in pw) print id, (pw[id] == "" ? "-" : pw[id]), tmp[id] + 0 }
' "$T/log" | sort -n >"$T/expected"

wrong=0
while read -r id pw tmp; do
	u=$(sql "SELECT username FROM portfolios WHERE id = $id")
	if [ "$pw" = - ]; then
		[ "$(sql "SELECT CASE WHEN password_hash IS NULL THEN 1 ELSE 0 END FROM portfolios WHERE id = $id")" = 1 ] ||
		    { wrong=$((wrong + 1)); echo "  $u: expected no password" >&2; }
		continue
	fi
	[ "$(sql "SELECT temp_password FROM portfolios WHERE id = $id")" = "$tmp" ] ||
	    { wrong=$((wrong + 1)); echo "  $u: temporary flag is not $tmp" >&2; }
	secret "$T/v.pw" "$pw"
	"$R" signin "$u" --password-file "$T/v.pw" >/dev/null 2>&1
	rc=$?
	[ $rc = $([ "$tmp" = 1 ] && echo 6 || echo 0) ] ||
	    { wrong=$((wrong + 1)); echo "  $u: the password of the last batch does not verify (exit $rc)" >&2; }
done <"$T/expected"
expect_eq "$wrong" 0 "every portfolio holds what the serial order of the batches gives"
[ "$(wc -l <"$T/expected")" -ge 10 ] && ok || not_ok "the batches touched the pool"

[ -n "${ROSTER_KEEP_OPS:-}" ] && cp "$T/ops" "$ROSTER_KEEP_OPS"

# Writes in different sites overlap (PostgreSQL; SQLite has one writer for
# the whole file by design): psql holds the rows of site s3; an upload to
# s3 takes its site's write lock and waits for them; meanwhile an upload
# to s4 goes through; once psql lets go, the s3 upload ends too, whole.
overlap() {
	for k in s3 s4; do
		"$R" --user "$k.admin" --password-file "$T/$k.admin.pw" export --all -o "$T/olap.$k.csv" >/dev/null
		tr -d '\r' <"$T/olap.$k.csv" | sed 's/^\xef\xbb\xbf//' |
		    awk -F, -v OFS=, -v f="Olap$k" 'NR == 1 || $9 == "student" { if (NR > 1) $4 = f; print }' >"$T/olap.$k.up.csv"
	done
	olap() { sql "SELECT count(*) FROM portfolios WHERE first = 'Olap$1'"; }
	PGAPPNAME=roster-test-holder psql -X -q -d "$DB" -c 'BEGIN' \
	    -c "SELECT p.id FROM portfolios p JOIN sites s ON s.id = p.site_id WHERE s.name = 'Site s3' FOR UPDATE" \
	    -c 'SELECT pg_sleep(120)' >/dev/null 2>&1 &
	holder=$!
	waiting() { # SQL condition on pg_stat_activity: true within 30 s
		end=$(( $(date +%s) + 30 ))
		while [ "$(date +%s)" -lt $end ]; do
			[ "$(sql "SELECT count(*) > 0 FROM pg_stat_activity WHERE datname = current_database() AND $1")" = t ] && return 0
			sleep 0.05
		done
		return 1
	}
	waiting "application_name = 'roster-test-holder' AND query LIKE '%pg_sleep%'" ||
	    { not_ok "psql holds the rows of s3"; kill $holder; return; }
	ROSTER_BUSY_TIMEOUT_MS=60000 "$R" --user s3.admin --password-file "$T/s3.admin.pw" \
	    import "$T/olap.s3.up.csv" --upload >"$T/olap.s3.out" 2>&1 &
	up3=$!
	waiting "wait_event_type = 'Lock' AND application_name <> 'roster-test-holder'" ||
	    { not_ok "the upload to s3 waits for its rows ($(cat "$T/olap.s3.out"))"; kill $holder $up3; return; }
	t0=$(date +%s%3N)
	run timeout 30 "$R" --user s4.admin --password-file "$T/s4.admin.pw" import "$T/olap.s4.up.csv" --upload
	ms=$(( $(date +%s%3N) - t0 ))
	expect_rc 0 "an upload to s4 while s3's holds its site"
	kill -0 $up3 2>/dev/null && ok || not_ok "the upload to s3 was still waiting when s4's ended ($(cat "$T/olap.s3.out"))"
	expect_eq "$(olap s4)$(olap s3)" 500 "s4's upload applied whole, s3's not yet"
	sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'roster-test-holder'" >/dev/null
	wait $holder
	wait $up3
	expect_eq "$?" 0 "the upload to s3 ends once the rows are free ($(cat "$T/olap.s3.out"))"
	expect_eq "$(olap s3)" 50 "s3's upload applied whole"
	echo "  concurrent: an upload to s4 took $ms ms while one to s3 held its site" >&2
}
db_is_pg && overlap
finish
