# What may be stored (SECURITY.md "Stored text"): every way a string gets
# into the database — account add, site add, group add, settings, upload —
# refuses bytes that are not UTF-8 and control characters (C0 with tab,
# newline and ESC, DEL, C1), with a message naming the field, and stores
# nothing.  What an older database already holds never stops an export:
# bytes that are not UTF-8 go out as U+FFFD, control characters as they
# are, and the file uploads back without errors.
. "$(dirname "$0")/lib.sh"

make_demo 60
HDR='Portfolio ID,Username,Password,First Name,Last Name,Graduation Year,Group,Email,Account Type'
secret "$T/kid.pw" 'Kid1Passw0rd'
ESC=$(printf '\033')
NL='
'
count() { sql "SELECT (SELECT count(*) FROM portfolios), (SELECT count(*) FROM groups), (SELECT count(*) FROM sites), (SELECT count(*) FROM settings)"; }
before=$(count)

# ---- refused on the way in ----
add() { run as_admin account add --username new.kid1 --type student --grad-year 2030 --new-password-file "$T/kid.pw" "$@"; }
add --first "$(printf 'Ana\351')" --last Lee
expect_rc 2 "a first name that is not UTF-8"
expect_err "First Name is not valid UTF-8" "names the field"
add --first Ana --last "Lee${NL}Username: root"
expect_rc 2 "a newline in a last name"
expect_err "Last Name holds a control character (^J" "names the field and shows the character"
add --first "$(printf 'Eve\033]0;pwned\007')" --last Lee
expect_rc 2 "an OSC in a first name"
add --first "$(printf 'C1\302\233x')" --last Lee
expect_rc 2 "a C1 control in a first name"
add --first "$(printf 'Tab\tin')" --last Lee
expect_rc 2 "a tab in a first name"
add --first Ana --last Lee --email "$(printf 'a\033@b.example')"
expect_rc 2 "an ESC in an email"
expect_err "Email" "names the email"
run as_admin group add "$(printf 'Gr\033[2Joup')"
expect_rc 2 "an ESC in a group name"
expect_err "group name" "names the group"
run as_admin group add "$(printf 'Gr\302\205oup')"
expect_rc 2 "a C1 NEL in a group name"
run as_district site add "$(printf 'North\nSouth')"
expect_rc 2 "a newline in a site name"
expect_err "site name" "names the site"
run as_district settings mail.from "$(printf 'x@y.example\033]52;c;cHduZWQ=\007')"
expect_rc 2 "an OSC in mail.from"
expect_err "mail.from" "names the setting"
run as_district settings mail.command "$(printf 'sendmail\n-t')"
expect_rc 2 "a newline in mail.command"
expect_eq "$(count)" "$before" "nothing was stored"
# Accents and apostrophes are names.
add --first "Zoë" --last "O'Brien-Núñez"
expect_rc 0 "a name with accents"

# ---- the upload: E51, naming the column ----
{ echo "$HDR"; printf ',new.kid2,Kid1Passw0rd,Ana,"Lee\nUsername: root",2030,,,student\n'
  printf ',new.kid3,Kid1Passw0rd,"Eve\033[31m",Lee,2030,,,student\n'
  printf ',new.kid4,Kid1Passw0rd,Ok,Fine,2030,,,student\n'; } >"$T/up.csv"
run as_admin import "$T/up.csv" --upload --format json
expect_rc 1 "an upload with control characters in names"
expect_out '"status": "E51"' "E51"
expect_out 'Last Name Lee\nUsername: root holds a control character' "the message names Last Name"
expect_out 'First Name Eve\u001b[31m holds a control character' "the message names First Name"
expect_eq "$(sql "SELECT count(*) FROM portfolios WHERE username LIKE 'new.kid%'")" 1 "nothing was uploaded"

# ---- an older database: export never fails on what it holds ----
A=$(sql "SELECT id FROM portfolios WHERE type = 'student' ORDER BY id LIMIT 1 OFFSET 0")
B=$(sql "SELECT id FROM portfolios WHERE type = 'student' ORDER BY id LIMIT 1 OFFSET 1")
C=$(sql "SELECT id FROM portfolios WHERE type = 'student' ORDER BY id LIMIT 1 OFFSET 2")
# Bytes that are not UTF-8: an old SQLite file may hold them; a
# PostgreSQL database (UTF8) cannot, its server refuses them.
if db_is_pg; then
	A_FIRST=$(sql "SELECT first FROM portfolios WHERE id = $A")
	DB=$ROSTER_DB db_store_raw "$A" first "$(printf 'Ana\351')" >/dev/null 2>"$T/raw.err"
	expect_rc_raw=$?
	[ "$expect_rc_raw" != 0 ] && ok || not_ok "PostgreSQL took bytes that are not UTF-8"
	grep -q 'invalid byte sequence for encoding "UTF8"' "$T/raw.err" && ok ||
	    not_ok "the server's refusal names the encoding: $(cat "$T/raw.err")"
	expect_eq "$(sql "SELECT first FROM portfolios WHERE id = $A")" "$A_FIRST" "the refused bytes left the name as it was"
	A_CELL=$A_FIRST UPDATES=0
else
	store_raw "$A" first "$(printf 'Ana\351')"
	A_CELL="Ana�" UPDATES=1
fi
store_raw "$B" last "Smith${NL}Username: root${NL}Account type: admin"
store_raw "$C" first "$(printf 'Eve\033[2J\302\233x\177')"
for f in old.csv old.xlsx; do
	run as_admin export --all -o "$T/$f"
	expect_rc 0 "export of a database holding such names: $f"
done
cellof() { # FILE ID COL: the cell of portfolio ID
	/usr/bin/python3 - "$@" <<'EOF'
import csv, sys
import openpyxl
f, pid, col = sys.argv[1], sys.argv[2], int(sys.argv[3])
if f.endswith(".csv"):
    rows = list(csv.reader(open(f, encoding="utf-8-sig", newline="")))
else:
    rows = [[("" if c is None else str(c)) for c in r] for r in openpyxl.load_workbook(f).active.iter_rows(values_only=True)]
for r in rows:
    if r[0] == pid:
        sys.stdout.write(r[col])
EOF
}
for f in old.csv old.xlsx; do
	expect_eq "$(cellof "$T/$f" "$A" 3)" "$A_CELL" "$f: bytes that are not UTF-8 as U+FFFD"
	expect_eq "$(cellof "$T/$f" "$B" 4)" "Smith${NL}Username: root${NL}Account type: admin" "$f: a name with newlines as it is"
	# (openpyxl shows an XLSX escape as _x001B_: the trial run below
	# proves that the XLSX holds them too.)
	[ "$f" = old.xlsx ] || expect_eq "$(cellof "$T/$f" "$C" 3)" "$(printf 'Eve\033[2J\302\233x\177')" "$f: control characters as they are"
	run as_admin import "$T/$f" --trial-run --format json
	expect_rc 0 "$f trial-runs"
	expect_out "\"update\": $UPDATES" "$f: only the name that was not UTF-8 changes"
	expect_out '"error": 0' "$f: no errors"
	[ "$UPDATES" = 0 ] || expect_out '"new": "Ana�"' "$f: to its U+FFFD form"
done

finish
