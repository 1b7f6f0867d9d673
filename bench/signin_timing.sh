#!/bin/sh
# bench/signin_timing.sh — does an unknown username cost what a known one
# with a wrong password costs? (issue 10 item 6; SECURITY.md "Sign-in")
#
# Each try is a fresh `roster --user U --password-file WRONG list` process
# at the default cost (m=19456 KiB, t=2, p=1) on a small demo database;
# its CPU time (user + system, from wait4's rusage, in microseconds) is
# what is compared, interleaved: unknown, known, unknown, known, ...
# TRIES (20) of each.  The known account's failure count is cleared
# before each try (outside the measure), so every try is a plain counted
# failure, never one during a delay.
#
# Target: the medians within 10 %.  With ROSTER_BEFORE=/path/to/roster
# (e.g. a build of the previous main), the same is measured for it as the
# reference (it made the dummy hash per process: two Argon2 runs).
set -eu
cd "$(dirname "$0")/.."
make --no-print-directory roster >/dev/null
TRIES=${TRIES:-20}
W=$(mktemp -d "${TMPDIR:-/tmp}/roster-signin-XXXXXX")
trap 'rm -rf "$W"' EXIT
printf 'District1pw\n' >"$W/d.pw"; printf 'Wrong-Guess1\n' >"$W/w.pw"
chmod 600 "$W"/*.pw

measure() {   # measure ROSTER LABEL
	db="$W/$2.db"
	"$1" --db "$db" init --admin district1 --password-file "$W/d.pw" \
	    --demo=20 >/dev/null 2>&1
	/usr/bin/python3 - "$1" "$db" "$W/w.pw" "$TRIES" "$2" <<'PY'
import os, sqlite3, statistics, subprocess, sys
roster, db, wrong, tries, label = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
def cpu(user):
    con = sqlite3.connect(db)
    con.execute("UPDATE portfolios SET failed_signins = 0, first_failed_at = NULL, locked_until = NULL")
    con.commit(); con.close()
    p = subprocess.Popen([roster, "--db", db, "--user", user, "--password-file", wrong,
                          "list", "--last-name", "zzz"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 5, "the sign-in was not refused"
    return (ru.ru_utime + ru.ru_stime) * 1000
cpu("demo.staff"); cpu("no.such.user")          # warm the page cache
unknown, known = [], []
for _ in range(tries):
    unknown.append(cpu("no.such.user"))
    known.append(cpu("demo.staff"))
mu, mk = statistics.median(unknown), statistics.median(known)
diff = abs(mu - mk) / mk * 100
print(f"{label}: unknown username {mu:.1f} ms CPU (range {min(unknown):.1f}-{max(unknown):.1f}), "
      f"known username + wrong password {mk:.1f} ms ({min(known):.1f}-{max(known):.1f}), "
      f"median of {tries} fresh processes each; difference {diff:.1f} % "
      f"(target <= 10 %: {'met' if diff <= 10 else 'MISSED'})")
PY
}

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, default cost, TRIES=$TRIES"
measure "$PWD/roster" this
[ -z "${ROSTER_BEFORE:-}" ] || measure "$ROSTER_BEFORE" before
