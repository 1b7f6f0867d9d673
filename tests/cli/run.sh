#!/bin/sh
# Runs every command-line test file; the closing line counts the files.
set -u
: "${ROSTER:?set ROSTER to the program under test}"
cd "$(dirname "$0")" || exit 1
pass=0; fail=0
for t in test_*.sh; do
	start=$(date +%s)
	if bash "$t"; then pass=$((pass + 1)); echo "  ($t: $(( $(date +%s) - start ))s)"; else fail=$((fail + 1)); fi
done
echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
