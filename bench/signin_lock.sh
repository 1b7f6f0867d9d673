#!/bin/sh
# bench/signin_lock.sh — sign-ins while an upload holds the write lock.
#
#   bench/signin_lock.sh DB UPLOAD USER PASSWORD_FILE
#
# On ROUNDS (3) fresh copies of DB: two other processes sign USER in
# (`roster signin`, one process per sign-in, as a person at another
# terminal would) over and over, while USER uploads UPLOAD (`roster
# import --upload`, ROSTER_TRACE=1: the trace says when the write lock
# was taken and released, by the wall clock).  Every sign-in's start,
# end and exit status is recorded; those that overlap the lock are the
# measure.  The reference, in the same run: the same loop for two seconds
# on the same copy with no upload.  Printed (one line):
#   during_n during_busy during_fail during_p50 during_p99 during_max
#   idle_n idle_p50 idle_p99 lock_ms lock_max_ms load
# Times in ms; busy: exit 4 ("database busy"); fail: any other non-zero.
set -eu
cd "$(dirname "$0")/.."
ROOT=$PWD
[ $# = 4 ] || { echo "usage: bench/signin_lock.sh DB UPLOAD USER PASSWORD_FILE" >&2; exit 2; }
DB=$1 UPLOAD=$2 WHO=$3 PW=$4
ROUNDS=${ROUNDS:-3}
R=$ROOT/roster
W=$(mktemp -d "${TMPDIR:-/tmp}/roster-signin-XXXXXX")
trap 'rm -rf "$W"' EXIT

# signers SECONDS|STOPFILE OUT: two sign-in loops; one line per sign-in:
# start_s end_s status.
signers() {
	python3 - "$R" "$W/copy.db" "$WHO" "$PW" "$1" "$2" <<'EOF'
import subprocess, sys, threading, time, os
roster, db, who, pw, until, out = sys.argv[1:]
rows, lock = [], threading.Lock()
deadline = time.time() + float(until) if until.replace('.', '').isdigit() else None
def done():
    return time.time() >= deadline if deadline else os.path.exists(until)
def loop():
    while not done():
        t0 = time.time()
        rc = subprocess.run([roster, '--db', db, 'signin', who,
                             '--password-file', pw],
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL).returncode
        with lock:
            rows.append((t0, time.time(), rc))
ts = [threading.Thread(target=loop) for _ in range(2)]
for t in ts: t.start()
for t in ts: t.join()
with open(out, 'w') as f:
    for r in rows:
        f.write('%.6f %.6f %d\n' % r)
EOF
}

fresh_copy() {
	rm -f "$W/copy.db" "$W/copy.db-wal" "$W/copy.db-shm"
	cp "$DB" "$W/copy.db"
	[ -f "$DB-wal" ] && cp "$DB-wal" "$W/copy.db-wal"
	"$R" --db "$W/copy.db" signin "$WHO" --password-file "$PW" >/dev/null
}

load0=$(cut -d' ' -f1 /proc/loadavg)
: >"$W/during"; : >"$W/idle"; : >"$W/locks"
r=0
while [ $r -lt "$ROUNDS" ]; do
	fresh_copy
	signers 2 "$W/idle.$r"
	cat "$W/idle.$r" >>"$W/idle"
	rm -f "$W/stop"
	signers "$W/stop" "$W/all.$r" &
	sp=$!
	sleep 0.5
	ROSTER_TRACE=1 "$R" --db "$W/copy.db" --user "$WHO" --password-file "$PW" \
	    import "$UPLOAD" --upload --format json >/dev/null 2>"$W/trace.$r" ||
	    { echo "bench/signin_lock.sh: the upload failed" >&2; cat "$W/trace.$r" >&2; kill $sp; exit 1; }
	sleep 0.5
	touch "$W/stop"
	wait $sp
	win=$(sed -n 's/.*upload: lock from \([0-9.]*\) to \([0-9.]*\).*/\1 \2/p' "$W/trace.$r")
	[ -n "$win" ] || { echo "bench/signin_lock.sh: no lock window in the trace" >&2; exit 1; }
	echo "$win" >>"$W/locks"
	# Sign-ins that overlap the lock.
	awk -v a="${win% *}" -v b="${win#* }" '$1 < b && $2 > a' "$W/all.$r" >>"$W/during"
	r=$((r + 1))
done
load1=$(cut -d' ' -f1 /proc/loadavg)

# pct FILE P: the P-th percentile (nearest rank) of column 1 of FILE.
pct() { sort -g "$1" | awk -v p="$2" '{ a[NR] = $1 } END { if (!NR) { print "-"; exit }
	k = int(p / 100 * NR + 0.999999); if (k < 1) k = 1; printf "%.0f\n", a[k] }'; }
awk '{ printf "%.3f\n", ($2 - $1) * 1000 }' "$W/during" >"$W/during.ms"
awk '{ printf "%.3f\n", ($2 - $1) * 1000 }' "$W/idle" >"$W/idle.ms"
awk '{ printf "%.0f\n", ($2 - $1) * 1000 }' "$W/locks" >"$W/locks.ms"
printf 'during_n=%s during_busy=%s during_fail=%s during_p50=%s during_p99=%s during_max=%s idle_n=%s idle_p50=%s idle_p99=%s lock_ms=%s lock_max_ms=%s load=%s-%s\n' \
    "$(wc -l <"$W/during" | tr -d ' ')" \
    "$(awk '$3 == 4' "$W/during" | wc -l | tr -d ' ')" \
    "$(awk '$3 != 0 && $3 != 4' "$W/during" | wc -l | tr -d ' ')" \
    "$(pct "$W/during.ms" 50)" "$(pct "$W/during.ms" 99)" "$(pct "$W/during.ms" 100)" \
    "$(wc -l <"$W/idle" | tr -d ' ')" "$(pct "$W/idle.ms" 50)" "$(pct "$W/idle.ms" 99)" \
    "$(sort -n "$W/locks.ms" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')" \
    "$(sort -n "$W/locks.ms" | tail -1)" "$load0" "$load1"
