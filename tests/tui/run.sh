#!/bin/sh
# Runs every tests/tui/test_*.sh against $ROSTER (tmux at 80x24) and prints
# one closing line "tui: N passed, M failed".
set -u
: "${ROSTER:?set ROSTER to the roster binary}"
export ROSTER
dir=$(cd "$(dirname "$0")" && pwd)
pass=0; fail=0
if ! command -v tmux >/dev/null 2>&1; then
	echo "tui: tmux is missing (make deps)"
	echo "tui: 0 passed, 1 failed"
	exit 1
fi
for t in "$dir"/test_*.sh; do
	[ -e "$t" ] || continue
	start=$(date +%s)
	if sh "$t"; then
		pass=$((pass + 1))
		echo "  ($(basename "$t"): $(( $(date +%s) - start ))s)"
	else
		fail=$((fail + 1))
		echo "FAILED: $(basename "$t")"
	fi
done
echo "tui: $pass passed, $fail failed"
[ "$fail" = 0 ]
