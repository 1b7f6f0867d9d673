#!/bin/sh
# Choose File: Tab completes the path in the File field (several matches
# with nothing more in common are listed, as a shell does); the directory
# browser (the list widget) opens folders and chooses a file, and opens in
# the home folder (where exports go) when the field is empty.
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
send Tab                     # two matches, nothing in common: listed
wait_for "Matches: "
screen | grep "Matches: " | grep -q "older" || fail "older not listed"
screen | grep "Matches: " | grep -q "period2.csv" || fail "period2.csv not listed"
expect "[~/uploads/ "
send Down                    # to Choose File
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
send q
wait_for "Upload an Export for Upload file"
send Up Up Up
send C-u
send Down Enter              # Choose File with the field empty
wait_for "Choose File:"
expect "uploads/"
# Not the folder roster was started in.
[ -z "$(ls -A "$T/home" | grep -v '^uploads$')" ] || fail "home holds more than uploads"
[ "$(screen | grep -c '/ ')" -le 3 ] || fail "more than home's folders listed"
# A name with glob(3)'s own characters completes as typed.
printf '%s\r\n' "$H" > "$HOME/uploads/older/w?ird [1]*.csv"
send Escape
wait_for "Upload an Export for Upload file"
send Up Up
send C-u
type "~/uploads/older/w?ird [1]"; send Tab
wait_for "[~/uploads/older/w?ird [1]*.csv "
pass
