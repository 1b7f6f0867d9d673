#!/bin/sh
# The blast-radius hold on an upload: a file that changes the passwords of
# most of the site asks for the count to be typed; a wrong count uploads
# nothing, the right one uploads.  Uploaded straight away (Trial run
# unticked), the prompt states the engine's facts in the interface's
# words: the count to type, never the command line's --confirm.
. "$(dirname "$0")/lib.sh"
make_db 20
f="$T/all.csv"
cli export --all -o "$f" >/dev/null 2>&1 || fail "export"
# A permanent password for every row that may take one (not SSO-linked).
sso=$(cli list --all --format csv | awk -F, 'NR > 1 && $8 != "" { print $4 }')
python3 - "$f" $sso <<'PY' || fail "edit"
import csv, sys
path, sso = sys.argv[1], set(sys.argv[2:])
rows = list(csv.reader(open(path, encoding="utf-8-sig", newline="")))
for r in rows[1:]:
    if r[1] not in sso:
        r[2] = "Perm-Pass%s" % r[0]
with open(path, "w", encoding="utf-8", newline="") as out:
    csv.writer(out, lineterminator="\r\n").writerows(rows)
PY
n=$(( $(tail -n +2 "$f" | wc -l) - $(printf '%s\n' $sso | grep -c .) ))
tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send 3
wait_for "Upload an Export for Upload file"
type "$f"
send Down Down Space          # Trial run unticked
wait_for "[ ] Trial run"
send Down Enter               # Upload Portfolios
wait_for "Upload without a trial run?"
send Enter
wait_for "Type $n to go ahead"
expect "changes the passwords or usernames of $n of the site's"
expect_not "--confirm"
type "x$n"; send Enter
wait_for "Nothing was uploaded: type the count."
[ "$(cli batches --format json | grep -c '"upload"')" = 0 ] ||
    fail "a count that is no number uploaded something"
send Escape
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

# Again without a trial run (Trial run unticked): the same prompt, in the
# interface's words, never a command-line option.
send Enter
wait_for "Upload an Export for Upload file"
expect "Username, Password, First Name, Last Name, Graduation Year, Group,"
send Tab; send Tab           # from the file field past Choose File
send Space                   # Trial run unticked
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
