#!/bin/sh
# Runs every cmocka binary; a failing one fails the run, and the totals are
# printed as one closing line.
set -u
pass=0; fail=0
for t in "$@"; do
  if "$t"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAILED: $t"; fi
done
echo "unit: $pass passed, $fail failed"
[ $fail = 0 ]
