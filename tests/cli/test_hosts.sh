# Several hosts on one PostgreSQL cluster (make check-pg only: run.sh picks
# this file up when ROSTER_TEST_PG is set, and it fails without it).
#
# A cluster of its own that listens on 127.0.0.1 (scripts/pg-cluster.sh
# start --tcp PORT), where only a password lets a client in; the password
# is in a PGPASSFILE, never on a command line.  Two roster clients, each
# with its own HOME and password file as two hosts would have, connect
# over TCP and upload at the same time:
#   - to two different sites: both succeed, each applied in full;
#   - to the same site, the same portfolios: each ends 0, or 4 saying why;
#     at least one succeeds, and psql finds every portfolio with the values
#     of the last upload that succeeded: nothing half-applied.
. "$(dirname "$0")/lib.sh"

if [ -z "${ROSTER_TEST_PG:-}" ]; then
	not_ok "PostgreSQL only: run it under make check-pg (ROSTER_TEST_PG is not set)"
	finish
	exit 1
fi
R=$ROSTER_FAST
HDR='Portfolio ID,Username,Password,First Name,Last Name,Graduation Year,Group,Email,Account Type'

# ---- the cluster on 127.0.0.1, and a role with a password ----
PORT=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export ROSTER_PG_STATE="$T/pg.state"
trap '"$REPO/scripts/pg-cluster.sh" stop; lib_exit' EXIT
env=$("$REPO/scripts/pg-cluster.sh" start --tcp "$PORT") ||
    { not_ok "the TCP cluster did not start"; finish; exit 1; }
# Its own variables: ROSTER_TEST_PG stays the cluster of make check-pg.
H_SOCK=$(printf '%s\n' "$env" | sed -n "s/^ROSTER_TEST_PG='\(.*\)'$/\1/p")
H_DIR=$(printf '%s\n' "$env" | sed -n "s/^ROSTER_TEST_PG_DIR='\(.*\)'$/\1/p")
hsql() { psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -d "$H_SOCK" "$@"; }
PW=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
# The password goes to the server on standard input, not in argv.
hsql -f - <<EOF || not_ok "the role and database"
CREATE ROLE roster_app LOGIN PASSWORD '$PW';
CREATE DATABASE roster_hosts OWNER roster_app;
ALTER SYSTEM SET log_connections = on;
SELECT pg_reload_conf() \g /dev/null
EOF
CONN="host=127.0.0.1 port=$PORT dbname=roster_hosts user=roster_app"
# hostsql SQL: psql on the shared database, as the superuser.
hostsql() { psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -d "$(printf '%s' "$H_SOCK" | sed 's/dbname=postgres/dbname=roster_hosts/')" -c "$1"; }

# Two hosts: a HOME and a PGPASSFILE each.
for h in a b; do
	mkdir -p "$T/host.$h"
	printf '127.0.0.1:%s:roster_hosts:roster_app:%s\n' "$PORT" "$PW" >"$T/host.$h/pgpass"
	chmod 600 "$T/host.$h/pgpass"
done
# on HOST CMD...: runs CMD as host HOST would.
on() { h=$1; shift; HOME="$T/host.$h" PGPASSFILE="$T/host.$h/pgpass" "$@"; }

# Over TCP the password is required: without it the server refuses.
run env -u PGPASSWORD PGPASSFILE=/dev/null psql -X -d "$CONN" -c 'SELECT 1'
[ "$RC" != 0 ] && ok || not_ok "TCP without the password is refused"
on a run psql -X -At -d "$CONN" -c 'SELECT 1'
expect_eq "$OUT" 1 "TCP with the password file connects ($ERR)"

# ---- the roster database, through host a; a second site through b ----
secret "$T/district.pw" 'District1pw'
secret "$T/admin.pw" 'DemoAdmin1'
# (the cheap test cost comes with the database: settings refuses one)
on a run env ROSTER_TEST_HASH_COST=64,1,1 "$R" init --db "$CONN" --admin district1 --password-file "$T/district.pw" --demo=200
expect_rc 0 "roster init --db over TCP"
export ROSTER_DB="$CONN"
DB=$CONN
on b run "$R" --user district1 --password-file "$T/district.pw" site add North
expect_rc 0 "site add from host b"
secret "$T/north.pw" 'NorthAdmin1'
on b "$R" --user district1 --password-file "$T/district.pw" --site North account add \
    --username north.admin --first North --last Admin --type admin --new-password-file "$T/north.pw" >/dev/null
{ echo "$HDR"; for i in $(seq 200); do
	echo ",north.kid$i,Nx${i}pass${i}Q,Kid,Num$i,2030,,north.kid$i@example.org,student"; done
} >"$T/north.csv"
on b run "$R" --user north.admin --password-file "$T/north.pw" import "$T/north.csv" --upload
expect_rc 0 "North's students uploaded from host b"

# upload_file HOST USER PWFILE OUT FIRST: an upload file of 50 students of
# USER's site with first name FIRST.
upload_file() {
	# (export writes a new file: it refuses to replace one)
	rm -f "$T/ex.csv"
	on "$1" "$R" --user "$2" --password-file "$3" export --all -o "$T/ex.csv" >/dev/null ||
	    not_ok "export as $2"
	tr -d '\r' <"$T/ex.csv" | sed 's/^\xef\xbb\xbf//' |
	    awk -F, -v OFS=, -v first="$5" 'NR == 1 { print; next }
	        $9 == "student" && n < 50 { n++; $4 = first; print }' >"$4"
}
# count_first SITE FIRST: that site's portfolios with that first name.
count_first() {
	hostsql "SELECT count(*) FROM portfolios p JOIN sites s ON s.id = p.site_id WHERE s.name = '$1' AND p.first = '$2'"
}
# both "CMD_A" "CMD_B": runs the two at the same moment, A on host a, B
# on host b; statuses in RC_A and RC_B, outputs in $T/out.a, $T/out.b.
both() {
	rm -f "$T/go"
	( while [ ! -e "$T/go" ]; do sleep 0.01; done; on a $1 >"$T/out.a" 2>&1; echo $? >"$T/rc.a" ) &
	pa=$!
	( while [ ! -e "$T/go" ]; do sleep 0.01; done; on b $2 >"$T/out.b" 2>&1; echo $? >"$T/rc.b" ) &
	pb=$!
	sleep 0.2
	t0=$(date +%s%3N)
	: >"$T/go"
	wait $pa $pb
	MS=$(( $(date +%s%3N) - t0 ))
	RC_A=$(cat "$T/rc.a"); RC_B=$(cat "$T/rc.b")
}
AS_DEMO="$R --user demo.admin --password-file $T/admin.pw"
AS_NORTH="$R --user north.admin --password-file $T/north.pw"

# ---- two sites at once: both succeed, in full ----
upload_file a demo.admin "$T/admin.pw" "$T/demo1.csv" HostA
upload_file b north.admin "$T/north.pw" "$T/north1.csv" HostB
t0=$(date +%s%3N)
on a $AS_DEMO import "$T/demo1.csv" --upload >/dev/null || not_ok "one upload alone"
ALONE=$(( $(date +%s%3N) - t0 ))
upload_file a demo.admin "$T/admin.pw" "$T/demo2.csv" HostAA
both "$AS_DEMO import $T/demo2.csv --upload" "$AS_NORTH import $T/north1.csv --upload"
expect_eq "$RC_A $RC_B" "0 0" "uploads to two sites at once both succeed ($(cat "$T/out.a" "$T/out.b" | grep -v '^[0-9]'))"
expect_eq "$(count_first 'Demo High School' HostAA)" 50 "host a's upload applied in full"
expect_eq "$(count_first North HostB)" 50 "host b's upload applied in full"
echo "  hosts: one upload of 50 rows alone ${ALONE} ms; two to two sites at once ${MS} ms" >&2

# ---- one site, the same portfolios, at once: 0 or 4, nothing half-applied ----
wins=0
for round in 1 2 3; do
	upload_file a demo.admin "$T/admin.pw" "$T/sa.csv" "RoundA$round"
	sed "s/,RoundA$round,/,RoundB$round,/" "$T/sa.csv" >"$T/sb.csv"
	both "$AS_DEMO import $T/sa.csv --upload" "$AS_DEMO import $T/sb.csv --upload"
	case "$RC_A $RC_B" in
	"0 0"|"0 4"|"4 0") ok ;;
	*) not_ok "round $round: exit $RC_A and $RC_B: $(cat "$T/out.a" "$T/out.b")" ;;
	esac
	for h in a b; do
		[ "$(cat "$T/rc.$h")" != 4 ] || grep -qiE 'busy|changed|conflict|try again' "$T/out.$h" ||
		    not_ok "round $round: host $h's exit 4 says why: $(cat "$T/out.$h")"
	done
	na=$(count_first 'Demo High School' "RoundA$round")
	nb=$(count_first 'Demo High School' "RoundB$round")
	# The last to commit holds all 50; the other none.
	case "$na $nb" in
	"50 0"|"0 50") ok ;;
	*) not_ok "round $round: half-applied: $na rows of host a's upload, $nb of host b's" ;;
	esac
	[ "$RC_A" = 0 ] || [ "$na" = 0 ] || not_ok "round $round: host a failed but its values are there"
	[ "$RC_B" = 0 ] || [ "$nb" = 0 ] || not_ok "round $round: host b failed but its values are there"
	[ "$RC_A $RC_B" != "0 0" ] || wins=$((wins + 1))
done
echo "  hosts: same site at once: both applied (one after the other) in $wins of 3 rounds" >&2
# Every batch the clients made is whole: its count is its rows.
expect_eq "$(hostsql "SELECT count(*) FROM batches WHERE kind = 'upload' AND count <> 50 AND detail <> 'north.csv'")" 0 "every upload batch holds its 50 rows"

# The clients came over TCP, from 127.0.0.1.
n=$(grep -c 'connection received: host=127.0.0.1' "$H_DIR/server.log")
[ "$n" -ge 10 ] && ok || not_ok "the clients connected over TCP ($n connections in the server log)"

finish
