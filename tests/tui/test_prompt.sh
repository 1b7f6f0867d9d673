#!/bin/sh
# The command line's password prompts on a real terminal: the typed
# password never shows (echo is off from the moment the prompt shows, and
# a new password asked twice shows neither time), and a roster waiting at
# the prompt (the moment a secret is about to be in its memory) can dump
# no core: its core limit is 0 and it is not dumpable (the kernel then
# gives its /proc files to root, whoever runs it).
. "$(dirname "$0")/lib.sh"
make_db 60
# Raise the soft core limit for everything the tmux server starts, so that
# a 0 in roster is roster's doing (sleep shows the difference below).
ulimit -S -c "$(ulimit -H -c)"
# Under a hard limit of 0 a 0 in roster would prove nothing.
[ "$(ulimit -S -c)" != 0 ] ||
    fail "the core limit cannot be raised above 0 here (hard limit 0): roster's 0 cannot be told from it"
core_soft() { awk '/^Max core file size/ { print $5 }' "/proc/$1/limits"; }

# The roster process of the session (the pane's shell runs env, which
# becomes roster).
roster_pid() {
	_sh=$(tm display-message -p -t t '#{pane_pid}')
	_n=100
	while [ $_n -gt 0 ]; do
		_p=$(pgrep -P "$_sh" | head -1)
		[ -n "$_p" ] && { echo "$_p"; return; }
		sleep 0.05; _n=$((_n - 1))
	done
	fail "no roster process"
}

# ---- the admin's password, asked once ----
tui_start "$ROSTER" --db "$DB" --user demo.admin list --last-name Demo
wait_for "Password:"
pid=$(roster_pid)
[ "$(core_soft "$pid")" = 0 ] ||
    fail "core limit of the waiting roster: $(grep -i core "/proc/$pid/limits")"
[ "$(stat -c %u "/proc/$pid/status")" = 0 ] ||
    fail "the waiting roster is dumpable (its /proc files belong to $(stat -c %u "/proc/$pid/status"))"
type DemoAdmin1; send Enter
wait_for "[exit 0]"
expect "demo.admin"              # the list came
expect_not "DemoAdmin1"
tui_stop

# ---- a new password, asked twice ----
tui_start "$ROSTER" --db "$DB" --user demo.admin account add --username prompt.kid \
    --first Pat --last Prompt --type student --grad-year 2030
wait_for "Password:"
type DemoAdmin1; send Enter
wait_for "Password for the new account:"
type Secret4Kid; send Enter
wait_for "Again:"
type Secret4Kid; send Enter
wait_for "[exit 0]"
expect "Added prompt.kid"
expect_not "Secret4Kid"
expect_not "DemoAdmin1"
tui_stop

# ---- not dumpable whoever runs it: as another user, the waiting roster's
# /proc files still belong to root (a dumpable process of that user, for
# comparison, keeps its own) ----
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	D=$(mktemp -d "${TMPDIR:-/tmp}/roster-prompt.XXXXXX")
	chmod 777 "$D"
	as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
	tui_start $as_nobody "$ROSTER" --db "$D/new.db" init --admin someone
	wait_for "Password for the district admin:"
	pid=$(roster_pid)
	[ "$(stat -c %u "/proc/$pid/status")" = 0 ] ||
	    { rm -rf "$D"; fail "roster run as uid 65534 is dumpable"; }
	tui_stop
	rm -rf "$D"
	tui_start $as_nobody sleep 30
	me=65534
elif [ "$(id -u)" = 0 ]; then
	fail "setpriv is missing (util-linux)"
else
	tui_start sleep 30
	me=$(id -u)
fi
# The comparison: any other process started the same way is dumpable and
# has the raised core limit.
sleep 0.2
pid=$(roster_pid)
[ "$(stat -c %u "/proc/$pid/status")" = "$me" ] ||
    fail "the comparison: sleep as $me shows $(stat -c %u "/proc/$pid/status")"
[ "$(core_soft "$pid")" != 0 ] ||
    fail "the comparison: sleep has a core limit of 0"
pass
