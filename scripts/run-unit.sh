#!/bin/sh
# Runs every cmocka binary; a failing one fails the run, and the totals are
# printed as one closing line.
set -u
# The tests' sign-ins and batches stay out of the host's syslog.
export ROSTER_SYSLOG_SOCKET=/nonexistent/roster-unit-syslog
pass=0; fail=0
for t in "$@"; do
  start=$(date +%s)
  if "$t" >"${t}.log" 2>&1; then pass=$((pass+1)); echo "  ($(basename "$t"): $(( $(date +%s) - start ))s)"; else fail=$((fail+1)); cat "${t}.log"; echo "FAILED: $t"; fi
done
echo "unit: $pass passed, $fail failed"
[ $fail = 0 ]
