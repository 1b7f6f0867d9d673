#!/bin/sh
# Runs the real roster under valgrind's memcheck, keeping its exit status
# unless memcheck finds an error or a definite leak (then 99, and the
# report lands in $ROSTER_VALGRIND_LOG).
exec valgrind --quiet --error-exitcode=99 --leak-check=full \
    --suppressions="$(dirname "$0")/valgrind.supp" \
    --errors-for-leak-kinds=definite --show-leak-kinds=definite \
    --log-file="${ROSTER_VALGRIND_LOG:-/tmp/roster-valgrind.%p.log}" \
    "$ROSTER_REAL" "$@"
