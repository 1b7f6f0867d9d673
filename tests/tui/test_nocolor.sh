#!/bin/sh
# Colour by default (error codes bold red), none with NO_COLOR or on a
# monochrome terminal: the codes stay bold, nothing else carries colour.
. "$(dirname "$0")/lib.sh"
make_db 20
ESC=$(printf '\033')
codes_screen() {
	sign_in demo.admin DemoAdmin1
	wait_for "Manage Active Portfolios"
	send 5
	wait_for "Status Codes"
	wait_for "E30"
}
colour_sgr="${ESC}\[(0;)?(3[0-7]|9[0-7]|38;5;[0-9]+)m"

tui_start "$ROSTER" --db "$DB"
codes_screen
screen_e | grep 'E30' | grep -Eq "${ESC}\[1m${ESC}\[31m|${ESC}\[1;31m|${ESC}\[31;1m" ||
    fail "E30 is not bold red with colour"
tui_stop

tui_start NO_COLOR=1 "$ROSTER" --db "$DB"
codes_screen
screen_e | grep -Eq "$colour_sgr" && fail "colour with NO_COLOR"
screen_e | grep 'E30' | grep -q "${ESC}\[1m" || fail "E30 not bold with NO_COLOR"
tui_stop

TUI_TERM=vt100 tui_start "$ROSTER" --db "$DB"
codes_screen
screen_e | grep -Eq "$colour_sgr" && fail "colour on a monochrome terminal"
screen_e | grep 'E30' | grep -q "${ESC}\[1m" || fail "E30 not bold on vt100"
pass
