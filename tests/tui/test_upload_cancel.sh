#!/bin/sh
# Only regular files are read, up to 1 GiB: a trial run of /dev/zero, a
# FIFO or a folder is refused at once (it used to read /dev/zero for ever,
# past c and Ctrl-C); the reading of a big file shows its progress and
# stops on c (nothing changed) and on Ctrl-C, which ends the program with
# the terminal restored.
. "$(dirname "$0")/lib.sh"
make_db 30
mkfifo "$T/fifo.csv"
/usr/bin/python3 - "$T/big.csv" <<'EOF' || fail "making big.csv"
import sys
with open(sys.argv[1], "w") as w:
    w.write("Portfolio ID,Username,Password,First Name,Last Name,"
            "Graduation Year,Group,Email,Account Type\n")
    for i in range(600000):
        w.write(",user%07d,Welcome123,First%d,Last%d,2030,,,student\n" % (i, i, i))
EOF

tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send 3
wait_for "Upload an Export for Upload file"
for f in /dev/zero "$T/fifo.csv" "$T"; do
	type "$f"; send Enter
	wait_for "not a regular file" 5
	send Enter
	wait_gone "not a regular file"
	send C-u
done

# c while the file is read: cancelled, nothing changed.
type "$T/big.csv"; send Enter
wait_for "rows read" 20
expect "Press c or Esc to cancel"
send c
wait_for "Cancelled" 20
send Enter
wait_gone "Cancelled"

# Ctrl-C while the file is read: the program ends, the terminal restored.
send Enter
wait_for "rows read" 20
send C-c
wait_for "[exit 130]" 20
expect_not "rows read"
expect_not "Trial run"
pass
