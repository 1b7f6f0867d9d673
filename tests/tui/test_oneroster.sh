#!/bin/sh
# OneRoster in the terminal interface: Choose File shows a folder holding
# manifest.csv as "OneRoster" and Enter chooses it (→ still opens it);
# the trial-run screen shows the bundle's rows as it shows a file's, and
# a row's detail names its line of users.csv.
. "$(dirname "$0")/lib.sh"
make_db 60
mkdir -p "$HOME/sis/older"
cp -R "$(cd "$(dirname "$0")/../.." && pwd)/tests/data/oneroster/v11" "$HOME/sis/export"
tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send 3
wait_for "Upload an Export for Upload file"
expect "Or a OneRoster bundle: a folder or a .zip."
type "~/sis/"
send Down                    # to Choose File
send Enter                   # Choose File
wait_for "Choose File:"
wait_for "export/"
screen | grep -Eq "export/ +OneRoster" || fail "the bundle folder is marked OneRoster"
send /; type exp; send Enter
send Enter                   # chooses the bundle, does not open it
wait_for "Upload an Export for Upload file"
wait_for "$HOME/sis/export"
send Down Down Enter         # Trial run ticked → Upload Portfolios
wait_for "6 rows: 1 new · 2 update · 3 same · 0 with errors"
screen | grep -Eq "^ *2 +UPD +ihernandez00001" || fail "users.csv line 2: UPD"
screen | grep -Eq "^ *7 +UPD \+1 +jhall00002 .*Active: yes → no" || fail "users.csv line 7: deactivated (and a warning)"
screen | grep -Eq "^ *10 +SAME ?\+1 +sclark00025" || fail "users.csv line 10: the SSO lock (a warning)"
wait_for "users.csv:2 · UPD"         # the pane under the list
send Enter
wait_for "users.csv:2 · status UPD"
pass
