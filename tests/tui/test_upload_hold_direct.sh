#!/bin/sh
# The blast-radius hold on an upload without a trial run (Trial run
# unticked): the prompt states the counts in the interface's words, as the
# diff screen's does, and never names a command-line option; a wrong count
# uploads nothing, the right one uploads.
. "$(dirname "$0")/lib.sh"
make_db 20
f="$T/all.csv"
held_file "$f"
n=$HELD_N
tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send 3
wait_for "Upload an Export for Upload file"
# The header the screen asks for, as the engine names it.
expect "Username, Password, First Name, Last Name, Graduation Year, Group,"
type "$f"
send Tab; send Tab           # past Choose File to Trial run
send Space                   # unticked
send Tab; send Enter         # Upload Portfolios
wait_for "Upload without a trial run?"
send Enter
wait_for "Type $n to go ahead" 60
expect "changes the passwords or usernames of $n of the site's"
expect_not "--confirm"
type 3; send Enter
wait_for "That was not the count: nothing was uploaded." 60
expect_not "--confirm"
type "$n"; send Enter
wait_for "Uploaded: 0 portfolios created, $n updated" 120
pass
