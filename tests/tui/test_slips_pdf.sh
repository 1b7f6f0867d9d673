#!/bin/sh
# Reset Passwords with the slips file named .pdf, signed in over SSH: the
# result says where the PDF is and the one scp command that copies it to
# the user's computer; the PDF holds every slip (issue 17).
. "$(dirname "$0")/lib.sh"
make_db 20
tui_start "SSH_CONNECTION=10.1.2.3 50022 10.9.8.7 22" "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send 1; wait_for "Search Mode"
send Down Down Down Down Down Space Down Enter
wait_for "All Users in Site ·"
send a x
wait_for "Reset Passwords:"
send Down Down Space         # Generate a password for each portfolio
send Down C-u
type "~/class.pdf"
expect "~/class.pdf"
send Down Down Down Enter
wait_for "Type "
n=$(screen | sed -n 's/.*Type \([0-9]*\) to go ahead.*/\1/p' | head -1)
[ -n "$n" ] || fail "no count to type"
type "$n"; send Enter
wait_for "Sign-in slips for $n portfolios" 120
f="$HOME/class.pdf"
[ -f "$f" ] || fail "no PDF $f"
[ "$(stat -c %a "$f")" = 600 ] || fail "PDF mode $(stat -c %a "$f")"
pages=$(pdfinfo "$f" | awk '/^Pages:/ { print $2 }')
[ "$pages" = "$(( (n + 29) / 30 ))" ] || fail "$pages pages for $n slips"
pdftotext "$f" - | grep -q "demo.student" || fail "demo.student has no slip"
expect "$f (readable only by you)"
# This machine's name (the address the SSH client reached when it has
# none); the path relative to the home folder, where scp starts.
host=$(hostname)
[ -n "$host" ] && [ "$host" != localhost ] || host=10.9.8.7
expect "To copy it to your computer, run there:"
expect "scp $(id -un)@$host:${f#"$HOME"/} ."
pass
