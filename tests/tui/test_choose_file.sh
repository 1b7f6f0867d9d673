#!/bin/sh
# Choose File: Tab completes the path in the File field; the directory
# browser (the list widget) opens folders and chooses a file.
. "$(dirname "$0")/lib.sh"
make_db 20
mkdir -p "$HOME/uploads/older"
H="Portfolio ID,Username,Password,First Name,Last Name,Graduation Year,Group,Email,Account Type"
printf '%s\r\n' "$H" > "$HOME/uploads/period2.csv"
tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send 3
wait_for "Upload an Export for Upload file"
type "~/upl"; send Tab
wait_for "[~/uploads/ "
type "per"; send Tab
wait_for "[~/uploads/period2.csv "
send C-u
type "~/uploads/"
send Tab                     # nothing unique to complete: moves on
send Enter                   # Choose File
wait_for "Choose File:"
expect "older/"
expect "period2.csv"
send /; type per; send Enter
send Enter
wait_for "Upload an Export for Upload file"
wait_for "$HOME/uploads/period2.csv"
send Down Down Enter         # Trial run ticked → Upload Portfolios
wait_for "0 rows: 0 new"
pass
