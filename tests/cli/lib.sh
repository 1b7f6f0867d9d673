# lib.sh — helpers for the command-line tests (sourced by each test_*.sh).
#
# Each test file runs in a fresh temporary directory ($T) with its own
# database; $ROSTER is the program under test.  Checks count as they go;
# the file exits non-zero when any failed.

set -u
: "${ROSTER:?set ROSTER to the program under test}"
REPO=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/roster-cli-XXXXXX")
. "$REPO/tests/db.sh"
# lib_exit: what every exit trap ends with.
lib_exit() { db_cleanup; rm -rf "$T"; }
trap lib_exit EXIT
cd "$T" || exit 1
# The test's database: a SQLite file, or a new PostgreSQL database under
# make check-pg (tests/db.sh).
DB=$(db_new) || { echo "$(basename "$0" .sh): no test database" >&2; exit 1; }
export ROSTER_DB="$DB"
unset ROSTER_USER NO_COLOR
# No config file of the one running the tests (roster(1), FILES).
unset ROSTER_SITE
export XDG_CONFIG_HOME="$T/.config"
# The tests' sign-ins and batches stay out of the host's syslog (a socket
# nobody listens on; test_syslog.sh listens on its own).
export ROSTER_SYSLOG_SOCKET="$T/.no-syslog"
PASSED=0
FAILED=0
NAME=$(basename "$0" .sh)

ok() { PASSED=$((PASSED + 1)); }
not_ok() { FAILED=$((FAILED + 1)); echo "  FAIL [$NAME] $*" >&2; }

# run CMD...: runs it, keeping stdout in $OUT, stderr in $ERR and the exit
# status in $RC (both also appended to $RUN_LOG when it is set).
run() {
	"$@" >"$T/.out" 2>"$T/.err"
	RC=$?
	OUT=$(cat "$T/.out")
	ERR=$(cat "$T/.err")
	[ -z "${RUN_LOG:-}" ] || cat "$T/.out" "$T/.err" >>"$RUN_LOG"
}

# expect_rc N DESCRIPTION: the last run exited N.
expect_rc() {
	if [ "$RC" = "$1" ]; then ok; else
		not_ok "$2: exit $RC, expected $1; stderr: $ERR"; fi
}
# expect_out TEXT DESCRIPTION: stdout of the last run contains TEXT.
expect_out() {
	case "$OUT" in *"$1"*) ok ;; *) not_ok "$2: stdout lacks '$1': $OUT" ;; esac
}
expect_err() {
	case "$ERR" in *"$1"*) ok ;; *) not_ok "$2: stderr lacks '$1': $ERR" ;; esac
}
expect_no_out() {
	case "$OUT$ERR" in *"$1"*) not_ok "$2: output holds '$1'" ;; *) ok ;; esac
}
# expect_eq GOT WANT DESCRIPTION
expect_eq() {
	if [ "$1" = "$2" ]; then ok; else not_ok "$3: got '$1', expected '$2'"; fi
}

# secret FILE TEXT: a 0600 password file.
secret() { printf '%s\n' "$2" >"$1"; chmod 600 "$1"; }

# A database with the district admin "district1" and the demo site (small,
# with a cheap hashing cost so that tests stay quick).
make_demo() {
	secret "$T/district.pw" 'District1pw'
	secret "$T/admin.pw" 'DemoAdmin1'
	secret "$T/staff.pw" 'DemoStaff1'
	# The cheap cost comes with the database (roster settings refuses
	# anything under OWASP's minimum); ROSTER_TEST_HASH_COST may name
	# another.
	ROSTER_TEST_HASH_COST=${ROSTER_TEST_HASH_COST:-64,1,1} \
	"$ROSTER" init --admin district1 --password-file "$T/district.pw" \
	    --demo="${1:-60}" >/dev/null 2>"$T/.init.err" ||
	    { cat "$T/.init.err" >&2; echo "make_demo failed" >&2; exit 1; }
}
# The database the upload fixtures (tests/data/upload/) were made from:
# the demo of 60, plus a username with leading zeros (which spreadsheet
# programs lose) and a name that would run as a formula.  Ids are
# deterministic: the demo is seeded.
make_upload_db() {
	make_demo 60
	secret "$T/zero.pw" 'Zero1Lead'
	as_admin account add --username 0071234 --first Zero --last Lead \
	    --type staff --email zero.lead@demo-school.example \
	    --new-password-file "$T/zero.pw" >/dev/null &&
	as_admin account add --username formula.kid --first '=HYPERLINK("http://x","y")' \
	    --last '+Plus' --type student --grad-year 2029 --group 'Period 2' \
	    --new-password-file "$T/zero.pw" >/dev/null ||
	    { echo "make_upload_db failed" >&2; exit 1; }
}
# The program itself, without the wrapper `make valgrind` puts around it:
# for setup work that memcheck would only slow down.
ROSTER_FAST=${ROSTER_REAL:-$ROSTER}
as_district() { "$ROSTER" --user district1 --password-file "$T/district.pw" "$@"; }
as_admin() { "$ROSTER" --user demo.admin --password-file "$T/admin.pw" "$@"; }
as_staff() { "$ROSTER" --user demo.staff --password-file "$T/staff.pw" "$@"; }

# sql QUERY: read the database directly (tests only; SQL that SQLite and
# PostgreSQL both take).  db_checksum: see tests/db.sh.
sql() { db_sql "$1"; }

# smtp_sink [--reject ADDR]: starts tests/mail/smtp_sink.py saving into
# $T/mail and points roster's mail command at it (msmtp); the sink stops
# when the test exits.
smtp_sink() {
	mkdir -p "$T/mail"
	mkfifo "$T/ready"
	/usr/bin/python3 "$REPO/tests/mail/smtp_sink.py" "$T/mail" "$@" >"$T/ready" 2>"$T/sink.log" &
	SINK=$!
	trap 'kill $SINK 2>/dev/null; lib_exit' EXIT
	read -r _ SINK_PORT <"$T/ready"
	printf 'defaults\nauth off\ntls off\naccount default\nhost 127.0.0.1\nport %s\nfrom roster@localhost\n' "$SINK_PORT" >"$T/msmtprc"
	chmod 600 "$T/msmtprc"
	as_district settings mail.command "msmtp -C $T/msmtprc -t" >/dev/null
	as_district settings mail.from "roster@demo-school.example" >/dev/null
}

# store_raw ID COLUMN TEXT: puts TEXT (any bytes) into a portfolio's
# column straight through sqlite3 or psql (db_store_raw), as a database made by an older roster
# may hold it: the program itself refuses control characters and bytes
# that are not UTF-8 now.
store_raw() {
	DB=$ROSTER_DB db_store_raw "$@" >/dev/null ||
	    { echo "store_raw failed" >&2; exit 1; }
}

finish() {
	echo "$NAME: $PASSED passed, $FAILED failed"
	[ "$FAILED" = 0 ]
}
