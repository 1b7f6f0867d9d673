#!/bin/sh
# A line break in a name cannot forge lines in a detail dialog: a last
# name "Zqlee\nUsername: root\nAccount type: admin" (as an older database
# may hold it; roster refuses such names now) shows on the Name line as
# ^J, in the portfolio detail and in the trial run's row detail (where
# the E51 message quotes a name from the file with line breaks in it).
. "$(dirname "$0")/lib.sh"
make_db 30
printf 'Evil-Pass1\n' > "$T/e.pw"; chmod 600 "$T/e.pw"
cli account add --username forge.kid --first Fay --last Zqlee --type student \
    --grad-year 2028 --new-password-file "$T/e.pw" >/dev/null || fail "account add"
id=$(db_sql "SELECT id FROM portfolios WHERE username = 'forge.kid'")
store_raw "$id" last "$(printf 'Zqlee\nUsername: root\nAccount type: admin')"
H="Portfolio ID,Username,Password,First Name,Last Name,Graduation Year,Group,Email,Account Type"
forged=$(printf 'Eve\nUsername: root\nAccount type: admin')
printf '%s\r\n%s\r\n' "$H" \
    ",new.forge1,Welcome123,\"$forged\",Zqnew,2028,,,student" > "$T/f.csv"

# lines_starting TEXT: how many dialog lines start with TEXT.
lines_starting() { screen | grep -c "│ *$1"; }

tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send Enter; wait_for "Search Mode"
type Zq; send Enter
wait_for "forge.kid"
send Enter
wait_for "Portfolio ID"
expect 'Zqlee^JUsername: root^JAccount type:'
[ "$(lines_starting 'Username:')" = 1 ] || fail "a forged Username: line"
[ "$(lines_starting 'Account type:')" = 1 ] || fail "a forged Account type: line"
screen | grep -q "│ *Account type: *student" || fail "the real account type is not shown"
send Escape
wait_gone "Portfolio ID:"
send Escape
send Escape
wait_for "Manage Active Portfolios"
send 3
wait_for "Upload an Export for Upload file"
type "$T/f.csv"; send Enter
wait_for "fingerprint"
wait_for "E51"
send Enter
wait_for "Row 2"
expect 'Eve^JUsername: root^JAccount type:'
[ "$(lines_starting 'Username:')" = 0 ] || fail "a forged Username: line in the row detail"
[ "$(lines_starting 'Account type:')" = 0 ] || fail "a forged Account type: line in the row detail"
pass
