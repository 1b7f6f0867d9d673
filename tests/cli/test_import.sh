# roster export and roster import: files, exit statuses, SPEC's JSON,
# colours, --expect, the hold, the upload and its undo.
. "$(dirname "$0")/lib.sh"

make_demo 60
HDR='Portfolio ID,Username,Password,First Name,Last Name,Graduation Year,Group,Email,Account Type'

# ---- export ----
run as_admin export --all -o "$T/all.csv"
expect_rc 0 "export -o csv"
expect_out "Exported 63 portfolios" "export says how many"
expect_eq "$(stat -c %a "$T/all.csv")" 600 "export file mode"
expect_eq "$(head -c 3 "$T/all.csv" | od -An -tx1 | tr -d ' ')" efbbbf "CSV starts with a BOM"
expect_eq "$(head -1 "$T/all.csv" | tr -d '\r\357\273\277')" "$HDR" "export header"
expect_eq "$(($(wc -l <"$T/all.csv") - 1))" 63 "export rows"
# Passwords are never exported: the third cell of every row is empty.
expect_eq "$(tail -n +2 "$T/all.csv" | cut -d, -f3 | sort -u | tr -d '\r')" "" "passwords blank"
run as_admin export --group "Period 2" --output "$T/p2.xlsx"
expect_rc 0 "export --output xlsx"
expect_eq "$(head -c 2 "$T/p2.xlsx")" "PK" "xlsx is a zip"
run as_admin export --all -o "$T/all.dat" --format csv
expect_rc 0 "export --format csv to .dat"
run as_admin export --all -o "$T/all.dat"
expect_rc 2 "export to an unknown extension"
expect_err ".csv or .xlsx" "unknown extension: the message says what"
run as_admin export --all
expect_rc 2 "export without -o"
run as_admin export --all -o "$T/x.csv" --format pdf
expect_rc 2 "export --format pdf"
run as_admin export --all -o "$T/no/such/dir/x.csv"
expect_rc 3 "export into a missing folder"
run as_admin export -o "$T/x.csv"
expect_rc 2 "export without a search mode"
run as_admin export --group "No Such" -o "$T/x.csv"
expect_rc 2 "export of an unknown group"
run "$ROSTER" export --help
expect_out "-o, --output FILE" "export --help shows -o"

# ---- import: usage ----
run as_admin import "$T/all.csv"
expect_rc 2 "import without --trial-run or --upload"
run as_admin import "$T/all.csv" --trial-run --upload
expect_rc 2 "import with both"
run as_admin import "$T/all.csv" --trial-run --expect 0123456789abcdef
expect_rc 2 "--expect with --trial-run"
run as_admin import "$T/all.csv" --upload --confirm many
expect_rc 2 "--confirm takes a number"
run as_admin import --trial-run
expect_rc 2 "import without a file"
run as_admin import "$T/missing.csv" --trial-run
expect_rc 3 "import of a missing file"
expect_err "missing.csv" "the message names the file"

# ---- the trial run of an unchanged export ----
# A trial run writes nothing, the first one of a database included (the
# fingerprint key comes with the schema).
sum=$(db_checksum)
expect_eq "$(sql "SELECT length(value) FROM settings WHERE key = 'plan.key'")" 32 "the fingerprint key is made with the database"
run as_admin import "$T/all.csv" --trial-run
expect_rc 0 "trial run of the export"
expect_eq "$(db_checksum)" "$sum" "the first trial run wrote nothing"
expect_out "63 rows: 0 new, 0 to update, 63 unchanged, 0 with errors" "all unchanged"
expect_out "nothing to upload" "nothing to upload"
run as_admin import "$T/p2.xlsx" --trial-run --format json
expect_rc 0 "trial run of the xlsx export"
expect_out '"format": "xlsx"' "xlsx format in json"
expect_out '"error": 0}' "xlsx: no errors"

# ---- SPEC's example, in JSON ----
row() { sql "SELECT id, username, first, last, coalesce(CAST(grad_year AS TEXT), ''), coalesce((SELECT name FROM groups WHERE id = group_id), ''), coalesce(email, ''), type FROM portfolios WHERE id = $1" | tr '|' ' '; }
line_for() { # id [password] [group]: the exported line with changes
	set -- "$1" "${2:-}" "${3:-}"
	grep -E "^$1," "$T/all.csv" | tr -d '\r' | awk -F, -v OFS=, -v pw="$2" -v g="$3" \
	    '{ $3 = pw; if (g != "") $7 = g; print }'
}
S1=$(sql "SELECT id FROM portfolios WHERE type = 'student' AND active = 1 AND sso IS NULL AND group_id IS NOT NULL AND temp_password = 0 AND grad_year IS NOT NULL AND username LIKE '%0%' ORDER BY id LIMIT 1")
S2=$(sql "SELECT id FROM portfolios WHERE type = 'student' AND active = 1 AND sso IS NULL AND temp_password = 0 AND username LIKE '%0%' ORDER BY id LIMIT 1 OFFSET 1")
G1=$(sql "SELECT g.name FROM groups g JOIN portfolios p ON p.group_id = g.id WHERE p.id = $S1")
NEWG="Period 2"; [ "$G1" = "$NEWG" ] && NEWG="Period 3"
{
	echo "$HDR"
	line_for "$S1" 'Welcome2School' "$NEWG"
	echo ',new.student1,Welcome2School,New,Student,2029,Period 1,,student'
	line_for "$S2" 'welcome' | awk -F, -v OFS=, '{ $2 = "ab"; print }'
} >"$T/period2.csv"
run as_admin import "$T/period2.csv" --trial-run --format json
expect_rc 1 "a file with an error row: exit 1"
expect_out "{\"file\": \"$T/period2.csv\", \"format\": \"csv\", \"trial_run\": true, \"applied\": false," "json head"
expect_out '"summary": {"rows": 3, "new": 1, "update": 1, "same": 0, "error": 1}' "json summary"
expect_out "{\"row\": 2, \"status\": \"UPD\", \"codes\": [], \"portfolio_id\": $S1, " "json UPD row"
expect_out "{\"field\": \"Password\", \"old\": null, \"new\": \"changed\"}, {\"field\": \"Group\", \"old\": \"$G1\", \"new\": \"$NEWG\"}" "json changes"
expect_out '{"row": 3, "status": "NEW", "codes": [], "portfolio_id": null, "username": "new.student1", "changes": [], "creates": [{"field": "Username", "new": "new.student1"}, {"field": "Password", "new": "set"}, {"field": "First Name", "new": "New"}, {"field": "Last Name", "new": "Student"}, {"field": "Graduation Year", "new": "2029"}, {"field": "Group", "new": "Period 1"}, {"field": "Account Type", "new": "student"}]}' "json NEW row (what it creates)"
expect_out "{\"row\": 4, \"status\": \"E30\", \"codes\": [\"E30\", \"E40\", \"E41\"], \"portfolio_id\": $S2, \"username\": \"ab\"" "json error row"
expect_out '"messages": ["Username ab is shorter than 6 characters", "Password is shorter than 8 characters", "Password needs an uppercase letter, a lowercase letter and a digit"]' "json messages"
expect_no_out "Welcome2School" "no password in the output"
expect_no_out "welcome" "no weak password in the output"
# Keys in SPEC's order, and a fingerprint.
keys=$(/usr/bin/python3 -c '
import json, sys
p = json.loads(sys.stdin.read())
print(",".join(p.keys()))
print(",".join(p["summary"].keys()))
for r in p["rows"]:
    print(",".join(r.keys()))
print(len(p["fingerprint"]))' <<<"$OUT")
expect_eq "$keys" "file,format,trial_run,applied,summary,rows,fingerprint
rows,new,update,same,error
row,status,codes,portfolio_id,username,changes
row,status,codes,portfolio_id,username,changes,creates
row,status,codes,portfolio_id,username,changes,messages
16" "json keys and their order"
expect_eq "$(db_checksum)" "$sum" "trial runs change nothing"

# ---- the table, colours, sanitising ----
run as_admin import "$T/period2.csv" --trial-run
expect_rc 1 "table: exit 1"
expect_out "Password: changed" "table: password shown as changed"
expect_out "Group: $G1 → $NEWG" "table: old → new"
expect_out "E30  Username ab is shorter than 6 characters" "table: messages"
expect_out "Nothing can be uploaded while a row has an error" "table: says why no upload"
expect_no_out $'\033' "no colour when not a terminal"
# One wording with the interface: an empty value reads "(blank)" (it
# read as nothing here before, and a missing one as "(none)").
old_mail=$(sql "SELECT email FROM portfolios WHERE id = $S1")
{
	echo "$HDR"
	line_for "$S1" | awk -F, -v OFS=, '{ $8 = ""; print }'
} >"$T/email.csv"
run as_admin import "$T/email.csv" --trial-run
expect_rc 0 "table: an email cleared"
expect_out "Email: $old_mail → (blank)" "table: (blank) for an empty value"
tty_out=$(TERM=xterm script -qec "$ROSTER --user demo.admin --password-file $T/admin.pw import $T/period2.csv --trial-run" /dev/null)
case "$tty_out" in *$'\033[1;31mE30'*) ok ;; *) not_ok "terminal: E30 in bold red: $tty_out" ;; esac
tty_out=$(NO_COLOR=1 TERM=xterm script -qec "$ROSTER --user demo.admin --password-file $T/admin.pw import $T/period2.csv --trial-run" /dev/null)
case "$tty_out" in *$'\033['*) not_ok "NO_COLOR: no escapes" ;; *) ok ;; esac
{
	echo "$HDR"
	printf ',evil.user1,Welcome2School,Evil\033[2J,User,2029,,,student\r\n'
	printf ',evil.user2,,Bad,User,2029,Nope\033]0;x\007,,student\r\n'
} >"$T/evil.csv"
run as_admin import "$T/evil.csv" --trial-run
expect_no_out $'\033' "control characters from data are not printed"
expect_out "Nope^[]0;x^G" "shown harmless"

# ---- warnings in yellow ----
{ echo "$HDR"; line_for "$S1" | awk -F, -v OFS=, '{ $4 = " " $4 " "; print }'; } >"$T/warn.csv"
tty_out=$(TERM=xterm script -qec "$ROSTER --user demo.admin --password-file $T/admin.pw import $T/warn.csv --trial-run" /dev/null)
case "$tty_out" in *$'\033[33mW11'*) ok ;; *) not_ok "terminal: W11 in yellow: $tty_out" ;; esac

# ---- upload ----
sum=$(db_checksum)
run as_admin import "$T/period2.csv" --upload
expect_rc 1 "upload with an error row: exit 1"
expect_err "nothing was uploaded" "upload refused: says so"
expect_eq "$(db_checksum)" "$sum" "refused upload changes nothing"

{ head -3 "$T/period2.csv"; } >"$T/good.csv"
run as_admin import "$T/good.csv" --trial-run --format json
expect_rc 0 "good file trial run"
fp=$(/usr/bin/python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["fingerprint"])' <<<"$OUT")
run as_admin import "$T/good.csv" --trial-run
expect_out "To upload: roster import $T/good.csv --upload --expect $fp" "table: the command to upload"
run as_admin import "$T/good.csv" --upload --expect 0000000000000000
expect_rc 4 "stale --expect: exit 4"
expect_err "changed since the trial run" "stale --expect: says why"
expect_out "Fingerprint: $fp" "stale --expect: shows the plan"
expect_eq "$(db_checksum)" "$sum" "stale --expect changes nothing"

run as_admin import "$T/good.csv" --upload --expect "$fp" --format json
expect_rc 0 "upload with the trial run's fingerprint"
expect_out '"trial_run": false, "applied": true' "json: applied"
expect_err "roster undo" "upload: says how to undo"
expect_no_out "Welcome2School" "upload prints no password"
expect_eq "$(sql "SELECT CASE WHEN group_id = (SELECT id FROM groups WHERE name = '$NEWG') THEN 1 ELSE 0 END FROM portfolios WHERE id = $S1")" 1 "group changed"
expect_eq "$(sql "SELECT CASE WHEN password_hash LIKE '\$argon2id\$%' AND temp_password = 0 THEN 1 ELSE 0 END FROM portfolios WHERE id = $S1")" 1 "permanent password, hashed"
expect_eq "$(sql "SELECT count(*) FROM portfolios WHERE username = 'new.student1' AND temp_password = 0 AND password_hash LIKE '\$argon2id\$%'")" 1 "new portfolio created"
batch=$(sql "SELECT id FROM batches WHERE kind = 'upload' ORDER BY id DESC LIMIT 1")
expect_eq "$(sql "SELECT detail, count FROM batches WHERE id = $batch")" "good.csv|2" "one upload batch"
expect_eq "$(sql "SELECT count(*) FROM audit WHERE batch_id = $batch")" 3 "audit: password, group, creation"
expect_eq "$(sql "SELECT count(*) FROM audit WHERE new_value LIKE '%Welcome%' OR new_value LIKE '%argon%'")" 0 "audit holds no password"
files=$(db_files) || not_ok "the stored data could not be listed"
expect_eq "$(cat $files /dev/null | grep -ac Welcome2School)" 0 "no plaintext in the database (tests/db.sh db_files)"
run as_admin import "$T/good.csv" --upload --expect "$fp"
expect_rc 4 "the same --expect after the upload: exit 4"

# The signed-in portfolio's new password works, and is not temporary.
secret "$T/s1.pw" 'Welcome2School'
u1=$(sql "SELECT username FROM portfolios WHERE id = $S1")
run "$ROSTER" signin "$u1" --password-file "$T/s1.pw"
expect_rc 0 "sign in with the uploaded password"

# Undo.
run as_admin undo "$batch"
expect_rc 0 "undo the upload"
expect_eq "$(sql "SELECT count(*) FROM portfolios WHERE username = 'new.student1'")" 0 "undo removes the created portfolio"
expect_eq "$(sql "SELECT (SELECT name FROM groups WHERE id = group_id) FROM portfolios WHERE id = $S1")" "$G1" "undo restores the group"

# Undo of a rename whose old username was taken since: refused, exit 4,
# nothing restored (on PostgreSQL the restore is one set-based write and
# the clash shows only when it is sent: the same answer all the same).
snap=$(db_snapshot before_rename) || not_ok "snapshot"
S3=$(sql "SELECT id FROM portfolios WHERE type = 'student' AND active = 1 AND sso IS NULL AND id NOT IN ($S1, $S2) ORDER BY id LIMIT 1")
old3=$(sql "SELECT username FROM portfolios WHERE id = $S3")
{ echo "$HDR"; line_for "$S3" | awk -F, -v OFS=, '{ $2 = "renamed.kid"; print }'; } >"$T/rename.csv"
run as_admin import "$T/rename.csv" --upload
expect_rc 0 "upload a rename"
rb=$(sql "SELECT id FROM batches WHERE kind = 'upload' ORDER BY id DESC LIMIT 1")
secret "$T/taker.pw" 'Taker1Name'
run as_admin account add --username "$old3" --first Taker --last Name \
    --type student --grad-year 2029 --new-password-file "$T/taker.pw"
expect_rc 0 "another portfolio takes the old username"
sum=$(db_checksum)
run as_admin undo "$rb"
expect_rc 4 "undo of the rename: exit 4"
expect_err "has been taken by another portfolio since" "undo: says the username was taken"
expect_eq "$(db_checksum)" "$sum" "refused undo changes nothing"
db_restore "$snap"

# ---- the blast-radius hold ----
{
	echo "$HDR"
	sql "SELECT id FROM portfolios WHERE site_id IS NOT NULL AND active = 1 AND sso IS NULL AND type != 'admin' AND username NOT LIKE 'demo.%' ORDER BY id" |
	while read -r id; do line_for "$id" 'Welcome2School'; done
} >"$T/all-pw.csv"
n=$(($(wc -l <"$T/all-pw.csv") - 1))
sum=$(db_checksum)
run as_admin import "$T/all-pw.csv" --trial-run
expect_out "the upload needs --confirm $n" "trial run states the hold"
run as_admin import "$T/all-pw.csv" --upload
expect_rc 2 "hold without --confirm: exit 2"
expect_err "--confirm $n" "hold: states the count"
run as_admin import "$T/all-pw.csv" --upload --confirm $((n - 1))
expect_rc 2 "hold with the wrong count"
expect_eq "$(db_checksum)" "$sum" "held upload changes nothing"
run as_admin import "$T/all-pw.csv" --upload --confirm "$n"
expect_rc 0 "hold confirmed"

# ---- staff ----
st=$(sql "SELECT id FROM portfolios WHERE type = 'staff' AND active = 1 AND sso IS NULL ORDER BY id LIMIT 1")
{ echo "$HDR"; line_for "$st" | awk -F, -v OFS=, '{ $4 = "Changed"; print }'; } >"$T/staff.csv"
run as_staff import "$T/staff.csv" --trial-run
expect_rc 1 "staff may not update staff portfolios"
expect_out "E71" "staff: E71"

finish
