#!/usr/bin/env bash
# Runs every command-line test file, $JOBS at a time (default: the number
# of cores), each file's output shown whole when it ends; the closing line
# counts the files; CLI_EXCLUDE lists files not to run.  Each file works in
# its own temporary directory and
# database, so they do not meet.
set -u
: "${ROSTER:?set ROSTER to the program under test}"
cd "$(dirname "$0")" || exit 1
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
logs=$(mktemp -d "${TMPDIR:-/tmp}/roster-cli-logs-XXXXXX")
trap 'rm -rf "$logs"' EXIT
pass=0; fail=0
declare -A started

# finish_one PID [STATUS]: shows the file's output and counts it (STATUS
# when wait -n has already reaped it).
finish_one() {
	local pid=$1 t=${started[$1]} st=${2:-}
	[ -n "$st" ] || { wait "$pid"; st=$?; }
	cat "$logs/$t.log"
	echo "  ($t: $(( $(date +%s) - ${started[$1.time]} ))s)"
	if [ "$st" = 0 ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAILED: $t"; fi
	unset "started[$pid]" "started[$pid.time]"
}

running=()
for t in test_*.sh; do
	# The stress files (crash consistency, concurrent admins) prove
	# properties of the data, not of memory: the sanitizer build names
	# them here to keep CI's time (see the Makefile).
	case " ${CLI_EXCLUDE:-} " in *" $t "*) continue ;; esac
	# Several hosts on one PostgreSQL cluster: make check-pg only (the
	# file fails, never skips, without ROSTER_TEST_PG).
	[ "$t" != test_hosts.sh ] || [ -n "${ROSTER_TEST_PG:-}" ] || continue
	while [ "${#running[@]}" -ge "$jobs" ]; do
		# Wait for whichever ends first: the stress files take minutes
		# (on PostgreSQL tens of minutes) while the others go on.
		wait -n -p done_pid "${running[@]}"
		st=$?
		finish_one "$done_pid" "$st"
		left=()
		for pid in "${running[@]}"; do [ "$pid" = "$done_pid" ] || left+=("$pid"); done
		running=("${left[@]}")
	done
	bash "$t" >"$logs/$t.log" 2>&1 &
	started[$!]=$t
	started[$!.time]=$(date +%s)
	running+=("$!")
done
for pid in "${running[@]}"; do finish_one "$pid"; done
echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
