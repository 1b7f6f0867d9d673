#!/bin/sh
# Escape sequences from data on the other screens that show names: the
# trial-run diff (old → new values from the file and the database) and
# the Audit log.  ESC, CSI, OSC (a title, a clipboard write), C1 CSI, CR
# and backspace (which ncurses would act on) all show as visible text, and
# the terminal does nothing they ask.
. "$(dirname "$0")/lib.sh"
make_db 30
printf 'Evil-Pass1\n' > "$T/e.pw"; chmod 600 "$T/e.pw"
first=$(printf 'Eve\033[31mRED\033]0;pwned\007X')
clip=$(printf 'Clip\033]52;c;cHduZWQ=\007Z\rCR\010BS')
cli account add --username evil.name --first Eve --last Zzevil \
    --type student --grad-year 2028 --new-password-file "$T/e.pw" >/dev/null ||
    fail "account add"
cli account add --username evil.two --first Two --last Zzevil \
    --type student --grad-year 2028 --new-password-file "$T/e.pw" >/dev/null ||
    fail "account add"
id=$(cli list --last-name Zzevil --format csv | grep evil.name | cut -d, -f1)
id2=$(cli list --last-name Zzevil --format csv | grep evil.two | cut -d, -f1)
# roster refuses such names now; a database made by an older version may
# hold them (and their history in the audit log).
store_raw "$id" first "$first"
store_raw "$id" last "$clip"
H="Portfolio ID,Username,Password,First Name,Last Name,Graduation Year,Group,Email,Account Type"
# An upload (through the command line) that gives her plain names: the
# audit log keeps the escaped old ones.
printf '%s\r\n%s\r\n' "$H" "$id,evil.name,,Eve,Zzevil,2028,,,student" > "$T/u1.csv"
cli import "$T/u1.csv" --upload >/dev/null || fail "upload"
store_raw "$id" first "$first"
store_raw "$id" last "$clip"
# A trial run (through the interface) that would rename her plainly (the
# escaped old name shows in the change), and give the other a C1 CSI
# (E51, its message quoting the name).
printf '%s\r\n%s\r\n%s\r\n' "$H" "$id,evil.name,,Plain,Zzevil,2028,,,student" \
    "$id2,evil.two,,$(printf 'C1\302\233[2JCsi'),Zzevil,2028,,,student" > "$T/u2.csv"

tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send 3
wait_for "Upload an Export for Upload file"
type "$T/u2.csv"; send Enter
wait_for "fingerprint"
wait_for "evil.name"
expect 'First Name: Eve^[[31mRED'
send Enter
wait_for "Row detail"
expect 'Clip^[]52;c;cHduZWQ=^GZ^MCR^HBS'
expect 'Eve^[[31mRED^[]0;pwned^GX'
send Escape
wait_gone "Row detail"
send Down
send Enter
wait_for "Row detail"
expect 'C1<9B>[2JCsi'
send Escape
wait_gone "Row detail"
[ "$(tm display-message -p -t t '#{pane_title}')" != pwned ] || fail "an OSC set the title"
send q
wait_for "Upload an Export for Upload file"
send Escape
wait_for "Manage Active Portfolios"
send 6
wait_for "Audit log"
wait_for "First Name: Eve^[[31mR"
send End; send Enter
wait_for 'Clip^[]52;c;cHduZWQ=^GZ^MCR^HBS'
send Escape
wait_gone "Audit entry"
send Up; send Enter
wait_for 'Eve^[[31mRED^[]0;pwned^GX'
# The raw bytes of the whole screen: no OSC, no C1, no BEL from data.
screen_e | grep -q "$(printf '\033')]" && fail "an OSC reached the terminal"
screen_e | grep -q "$(printf '\302\233')" && fail "a C1 CSI reached the terminal"
screen_e | grep -q "$(printf '\007')" && fail "a BEL reached the terminal"
pass
