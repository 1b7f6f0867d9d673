#!/bin/sh
# Sign-in slips as a PDF against the text slips of the same batch (issue
# 17's target: the PDF within 2x the time of the text slips, the hashing
# excluded).  N generated passwords (default 1,000) through the real
# command line, the hashing made negligible (hash.m_kib 8, hash.t 1: the
# cheapest cost the settings take), alternating text / PDF / PDF with QR
# codes REPEAT times (default 5), each a fresh batch into a new file:
#
#   - the whole command, wall clock (reading, generating, the slips file,
#     the write transaction, the commit), median;
#   - the whole command's CPU time (user + system, /usr/bin/time), median:
#     on a shared host the wall clock also counts other programs' turns;
#   - the slips file alone (ROSTER_TRACE's "slips: … in N ms (cpu M ms)":
#     the sorting and drawing for the PDF, the formatting for text, not
#     the fsync), wall and CPU, median.
#
#   bench/slips.sh            N=1000 REPEAT=5
set -eu
cd "$(dirname "$0")/.."
ROOT=$PWD
N=${N:-1000}
REPEAT=${REPEAT:-5}

make --no-print-directory roster >/dev/null
W=$(mktemp -d "${TMPDIR:-/tmp}/roster-bench-slips-XXXXXX")
trap 'rm -rf "$W"' EXIT
export ROSTER_DB="$W/roster.db"
printf 'District1pw\n' >"$W/d.pw"
printf 'DemoAdmin1\n' >"$W/a.pw"
chmod 600 "$W"/*.pw
R="$ROOT/roster"

# N - 3 demo portfolios plus demo.staff, demo.student, demo.temp: N to
# reset (demo.admin acts and is skipped) once SSO links and inactive
# flags are cleared.
"$R" init --admin district1 --password-file "$W/d.pw" --demo=$((N - 3)) >/dev/null
sqlite3 "$ROSTER_DB" "UPDATE portfolios SET sso = NULL, sso_id = NULL, active = 1"
"$R" --user district1 --password-file "$W/d.pw" settings hash.m_kib 8 >/dev/null
"$R" --user district1 --password-file "$W/d.pw" settings hash.t 1 >/dev/null
A() { "$R" --user demo.admin --password-file "$W/a.pw" "$@"; }
A batches >/dev/null

now_ns() { date +%s%N; }
# one KIND FILE [OPTIONS]: one batch; appends "wall_ms cpu_ms slips_ms
# slips_cpu_ms" to KIND.
one() {
	kind=$1 file=$2
	shift 2
	rm -f "$W/trace"
	t0=$(now_ns)
	ROSTER_TRACE="$W/trace" /usr/bin/time -f "%U %S" -o "$W/time" \
	    "$R" --user demo.admin --password-file "$W/a.pw" reset-passwords \
	    --all --generate --confirm "$N" --slips "$file" "$@" >"$W/out"
	t1=$(now_ns)
	grep -q "^batch [0-9]*: $N passwords reset" "$W/out" ||
	    { echo "bench: the batch did not reset $N: $(cat "$W/out")" >&2; exit 1; }
	s=$(sed -n 's/.*slips: [a-z]* of [0-9]* in \([0-9]*\) ms (cpu \([0-9]*\) ms).*/\1 \2/p' "$W/trace")
	cpu=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$W/time")
	echo "$(( (t1 - t0) / 1000000 )) $cpu $s" >>"$W/$kind"
	rm -f "$file"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

for i in $(seq 1 "$REPEAT"); do
	one text "$W/s$i.txt"
	one pdf "$W/s$i.pdf"
	one pdfqr "$W/q$i.pdf" --slips-qr
done
# The pages of one more PDF, to say what was measured.
A reset-passwords --all --generate --confirm "$N" --slips "$W/last.pdf" --slips-qr >/dev/null
pages=$(pdfinfo "$W/last.pdf" | awk '/^Pages:/ { print $2 }')
size=$(stat -c %s "$W/last.pdf")

col() { cut -d' ' -f"$2" "$W/$1" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "Sign-in slips, $N generated passwords, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), median of $REPEAT (hash.m_kib 8, hash.t 1)"
echo "  kind              batch wall  batch cpu  slips wall  slips cpu  wall/text  cpu/text"
for k in text pdf pdfqr; do
	printf '  %-16s %8s ms %7s ms %8s ms %7s ms %9s %9s\n' "$k" \
	    "$(col $k 1)" "$(col $k 2)" "$(col $k 3)" "$(col $k 4)" \
	    "$(ratio "$(col $k 1)" "$(col text 1)")" "$(ratio "$(col $k 2)" "$(col text 2)")"
done
echo "  the PDF with QR codes: $pages pages, $size bytes"
for k in pdf pdfqr; do
	if [ "$(awk -v a="$(col $k 1)" -v b="$(col text 1)" 'BEGIN { print (a <= 2 * b) }')" = 1 ]; then
		echo "  target ($k batch within 2x the text batch, wall): met"
	else
		echo "  target ($k batch within 2x the text batch, wall): MISSED"
	fi
done
