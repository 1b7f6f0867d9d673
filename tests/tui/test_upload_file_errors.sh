#!/bin/sh
# File-level errors are explained on screen: a wrong header (E10) names the
# column and shows the expected header; an unreadable file says so.
. "$(dirname "$0")/lib.sh"
make_db 20
printf 'ID,Username,Password\r\n1,x,y\r\n' > "$T/bad.csv"
tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send 3
wait_for "Upload an Export for Upload file"
type "$T/bad.csv"; send Enter
wait_for "E10"
expect "The whole file is refused."
expect "The first row must be exactly: Portfolio ID, Username, Password"
expect_not "[ Upload Portfolios ]"
send q
wait_for "Upload an Export for Upload file"
send C-u
type "$T/missing.xlsx"; send Enter
wait_for "could not be read"
pass
