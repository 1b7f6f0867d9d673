#!/bin/sh
# The blast-radius hold on an upload: a file that changes the passwords of
# most of the site asks for the count to be typed; a wrong count uploads
# nothing, the right one uploads.
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
type "$f"; send Enter
wait_for "0 with errors"
send u
wait_for "Type $n to go ahead"
type 3; send Enter
wait_for "That was not the count: nothing was uploaded."
type "$n"; send Enter
wait_for "Uploaded: 0 portfolios created, $n updated" 120
pass
