#!/bin/sh
# bench/tui.sh — key-to-screen times of the terminal interface on a
# 1,000,000-portfolio demo database, driven in tmux at 80x24 as a user
# would drive it, through one tmux control-mode client (bench/tui_drive.py)
# that polls the screen about every millisecond.  Each time runs from the
# send-keys to the first capture that shows the expected text, so tmux's
# own work is included: the figures are upper bounds of the program's.
#
#   bench/tui.sh                 measure, print the table
#   WRITE=1 bench/tui.sh         also replace the section in bench/RESULTS.md
#
# Environment: ROSTER (default ./roster), N (portfolios, default 1000000),
# REPEAT (default 5), DB (default bench/out/tui-N.db, made once with
# `roster init --demo=N`, which takes about half a minute).
set -eu
cd "$(dirname "$0")/.."
ROSTER=${ROSTER:-./roster}
N=${N:-1000000}
REPEAT=${REPEAT:-5}
DB=${DB:-bench/out/tui-$N.db}
mkdir -p bench/out

if [ ! -f "$DB" ]; then
	echo "tui bench: creating $DB with $N portfolios…" >&2
	printf 'Admin-Pass1\n' > bench/out/admin.pw
	chmod 600 bench/out/admin.pw
	"$ROSTER" --db "$DB" init --admin district1 \
	    --password-file bench/out/admin.pw --demo="$N" >/dev/null
fi

median() {
	sort -n | awk '{ a[NR] = $1 }
	    END { if (NR % 2) m = a[(NR + 1) / 2]; else m = (a[NR / 2] + a[NR / 2 + 1]) / 2
	          printf "%.1f", m }'
}
range() { sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.1f–%.1f", lo, hi }'; }

python3 bench/tui_drive.py "$ROSTER" "$DB" "$REPEAT" > bench/out/tui.raw
for m in floor start first count pgdn end all find preview; do
	awk -v m=$m '$1 == m { print $2 }' bench/out/tui.raw > bench/out/tui.$m
done
total=$(awk '$1 == "total" { print $2; exit }' bench/out/tui.raw)

row() { printf '| %s | %s ms | %s |\n' "$1" "$(median < "$2")" "$(range < "$2")"; }
table=$(
	echo "| measure | median | range |"
	echo "|---|---|---|"
	row "floor: a key echoed by cat(1) in the same harness" bench/out/tui.floor
	row "start to the Sign in screen" bench/out/tui.start
	row "**first list** (Generate New List → first page shown)" bench/out/tui.first
	row "the list's count shown (after the first frame)" bench/out/tui.count
	row "**PgDn**" bench/out/tui.pgdn
	row "**End** (last page)" bench/out/tui.end
	row "**select all** (\`a\`)" bench/out/tui.all
	row "type-ahead: \`/\` then W (a rank and a page)" bench/out/tui.find
	row "Execute Task on all → Reset → the typed-count prompt" bench/out/tui.preview
)
echo "$table"

if [ "${WRITE:-0}" = 1 ]; then
	when=$(date -u '+%Y-%m-%d %H:%M UTC')
	section=$(cat <<EOF
## Terminal interface (bench/tui.sh)

Reproduce: \`bench/tui.sh\` (\`REPEAT=$REPEAT\`; \`WRITE=1\` rewrites this
section).  It makes \`$DB\` once with \`roster init --demo=$N\`
($total active portfolios in "All Users in Site"), then $REPEAT times starts
\`roster\` in a private tmux server at 80x24, signs in as the demo site
admin, generates the *All Users in Site* list and presses PgDn, End and
\`a\`.  The driver (\`bench/tui_drive.py\`) is one tmux control-mode client: a
time runs from its \`send-keys\` to the first \`capture-pane\` (polled
about every millisecond) that shows the expected text, so tmux's work is
in it; the first row measures that floor with \`cat\`, which spends
nothing.
Target: ≤ 50 ms for first list, PgDn, End and select-all.

The list never reads the whole table: the first page comes from one
keyset query, PgDn from the next, End from \`ro_list_last_page\`, and select
all is a rule ("all except"), not a million ticks.  The count of the list
(\`ro_list_count\`, a tenth of a second or more at a million rows) comes
after the first frame: the status line says "page 1 of … (counting)"
until then.  The last two rows are outside the target: type-ahead costs
the engine a rank of the prefix (\`ro_list_rank\`), and the confirmation
of a task on the whole list waits for \`ro_task_preview_run\` to classify
every selected portfolio (the screen says "Checking what would change…"
meanwhile).  "Start" includes tmux starting the session.

$when, machine as above:

$table
EOF
)
	f=bench/RESULTS.md
	[ -f "$f" ] || echo "# Benchmark results" > "$f"
	awk -v sec="$section" '
		/^## Terminal interface \(bench\/tui.sh\)/ { skip = 1; if (!done) { print sec; print ""; done = 1 }; next }
		skip && /^## / { skip = 0 }
		!skip { print }
		END { if (!done) { print ""; print sec } }
	' "$f" > "$f.new" && mv "$f.new" "$f"
	echo "tui bench: wrote the section in $f" >&2
fi
