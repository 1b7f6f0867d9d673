# lib.sh — drives the real roster terminal interface in a private tmux
# server at exactly 80x24.  Sourced by tests/tui/test_*.sh.
#
#   tui_start CMD...      start a session running CMD (env: TERM, LANG set)
#   tui_stop              end it (the next tui_start gets a new server)
#   send KEYS...          tmux send-keys (names such as Enter, Tab, Escape)
#   type TEXT             send TEXT literally
#   screen                the visible screen as text (capture-pane -p)
#   screen_e              the same with colours and attributes (-e)
#   wait_for TEXT [SECS]  poll every 50 ms until TEXT is on screen
#   wait_gone TEXT [SECS] poll until TEXT is no longer on screen
#   expect TEXT           fail unless TEXT is on screen now
#   expect_not TEXT       fail if TEXT is on screen now
#   fail MSG              report and exit 1 (the screen is printed)
#
# $ROSTER is the binary; each test gets a sandbox in $T (a temp dir,
# removed on exit with the tmux server).

set -u
: "${ROSTER:?set ROSTER to the roster binary}"

T=$(mktemp -d "${TMPDIR:-/tmp}/roster-tui.XXXXXX")
# Unique even across runs at once (a reused PID met a live server once).
TMUX_SOCK="roster-test-$$-$(basename "$T")"
export HOME="$T/home"
mkdir -p "$HOME"
unset ROSTER_DB ROSTER_USER XDG_DATA_HOME NO_COLOR TMUX
unset XDG_CONFIG_HOME ROSTER_SITE   # no config file but $HOME's (none)
export ROSTER_SYSLOG_SOCKET="$T/.no-syslog"   # keep the host's syslog clean

tm() { tmux -L "$TMUX_SOCK" -f /dev/null "$@"; }

. "$(cd "$(dirname "$0")/.." && pwd)/db.sh"

cleanup() {
	tm kill-server >/dev/null 2>&1
	db_cleanup
	rm -rf "$T"
}

# Ends the session's tmux server so that the next tui_start begins afresh.
# The next server gets a socket of its own: a new server on the socket of
# one just killed can find that one still going away ("server exited
# unexpectedly").
tui_stop() {
	tm kill-server >/dev/null 2>&1
	TMUX_SOCK="$TMUX_SOCK.n"
}
trap cleanup EXIT INT TERM

TEST_NAME=$(basename "$0" .sh)

fail() {
	echo "FAIL $TEST_NAME: $*" >&2
	echo "---- screen ----" >&2
	screen >&2 2>/dev/null
	echo "----------------" >&2
	exit 1
}

# shquote ARG...: the arguments quoted for a shell command line.
shquote() {
	for _a; do printf "'%s' " "$(printf '%s' "$_a" | sed "s/'/'\\\\''/g")"; done
}

# Runs CMD in a detached 80x24 session; extra environment via env(1) in
# CMD.  The pane stays after the program exits so that its last screen
# and status can be read.
tui_start() {
	tm new-session -d -s t -x 80 -y 24 \
	    "env TERM=${TUI_TERM:-screen-256color} LANG=C.UTF-8 LC_ALL=C.UTF-8 $(shquote "$@"); echo \"[exit \$?]\"; sleep 600" \
	    || fail "tmux new-session"
	tm set-option -g default-size 80x24 >/dev/null
	tm set-window-option -t t window-size manual >/dev/null 2>&1 ||
	    tm set-option -t t window-size manual >/dev/null
	tm resize-window -t t -x 80 -y 24 >/dev/null 2>&1
}

send() { tm send-keys -t t "$@"; }
type() { tm send-keys -t t -l "$1"; }
screen() { tm capture-pane -t t -p; }
screen_e() { tm capture-pane -t t -p -e; }

# Poll every 50 ms; SECS (default 10) before giving up.
wait_for() {
	_text=$1
	_n=$(( ${2:-10} * 20 ))
	while [ "$_n" -gt 0 ]; do
		screen | grep -qF -- "$_text" && return 0
		sleep 0.05
		_n=$((_n - 1))
	done
	fail "timed out waiting for: $_text"
}

wait_gone() {
	_text=$1
	_n=$(( ${2:-10} * 20 ))
	while [ "$_n" -gt 0 ]; do
		screen | grep -qF -- "$_text" || return 0
		sleep 0.05
		_n=$((_n - 1))
	done
	fail "timed out waiting for this to go: $_text"
}

expect() { screen | grep -qF -- "$1" || fail "not on screen: $1"; }
expect_not() { ! screen | grep -qF -- "$1" || fail "on screen but must not be: $1"; }

# A database with the demo site (N portfolios, default 60) and the
# district admin "district1" / "Admin-Pass1"; sets DB (a SQLite file, or a
# new PostgreSQL database under make check-pg: tests/db.sh).
make_db() {
	DB=$(db_new) || fail "no test database"
	printf 'Admin-Pass1\n' > "$T/admin.pw"
	chmod 600 "$T/admin.pw"
	"$ROSTER" --db "$DB" init --admin district1 --password-file "$T/admin.pw" \
	    --demo="${1:-60}" > "$T/init.out" 2>&1 || { cat "$T/init.out" >&2; fail "roster init"; }
}

# store_raw ID COLUMN TEXT: puts TEXT (any bytes) into a portfolio's
# column straight through sqlite3 or psql (db_store_raw), as a database made by an older roster
# may hold it (roster itself refuses control characters now).
store_raw() {
	db_store_raw "$@" >/dev/null || fail "store_raw"
}

# Signs in on the Sign in screen (which must be showing).
sign_in() {
	wait_for "Sign in to roster"
	type "$1"; send Tab
	type "$2"; send Enter
}

pass() { echo "ok $TEST_NAME${1:+: $1}"; }

# Runs the command line as the demo site admin.
cli() {
	[ -f "$T/a.pw" ] || { printf 'DemoAdmin1\n' > "$T/a.pw"; chmod 600 "$T/a.pw"; }
	"$ROSTER" --db "$DB" --user demo.admin --password-file "$T/a.pw" "$@"
}

# Adds two students "Qtest" (alpha.test1, beta.test2) in Period 1.
add_qtest() {
	printf 'Start-Pass1\n' > "$T/s.pw"; chmod 600 "$T/s.pw"
	for u in alpha.test1:Alpha beta.test2:Beta; do
		cli account add --username "${u%%:*}" --first "${u#*:}" --last Qtest \
		    --type student --grad-year 2028 --group "Period 1" \
		    --new-password-file "$T/s.pw" >/dev/null || fail "account add $u"
	done
}

# From Home: Manage Active Portfolios, All Users in Site, the list of
# TOTAL portfolios.
list_all() {
	send Enter; wait_for "Search Mode"
	send Down Down Down Down Down Space Down Enter
	wait_for "All Users in Site · $1 portfolios"
}

# From Home: Manage Active Portfolios, Last Name begins with PREFIX.
list_last_name() {
	send 1
	wait_for "Search Mode"
	type "$1"; send Enter
	wait_for "Last Name begins with \"$1\""
}

# A left click at column X, row Y (0-based), as an xterm sends it (X10
# encoding, press then release).
click() {
	_seq=$(awk -v x="$1" -v y="$2" 'BEGIN { printf "\033[M %c%c\033[M#%c%c",
	    33 + x, 33 + y, 33 + x, 33 + y }')
	tm send-keys -t t -l "$_seq"
}
