# Secrets never land where SPEC does not put them.  Every plaintext
# password and security answer this test uses (to sign in, reset, generate,
# upload, create, change, and the weak ones that are refused) is searched
# for in the database file, its WAL, every export, the audit log, the
# batches list, the settings, and all the output of every command; the only
# places allowed are the slips file (generated passwords) and the message
# at the SMTP sink (--notify).  Hashes never reach output, exports or the
# audit log either.  A password file others can read draws a warning.
. "$(dirname "$0")/lib.sh"

make_demo 60
RUN_LOG="$T/all-output"
: >"$RUN_LOG"
HDR='Portfolio ID,Username,Password,First Name,Last Name,Graduation Year,Group,Email,Account Type'
# Keep one connection open for the whole test, so that SQLite keeps the
# WAL file (the last connection to close checkpoints and removes it).
sqlite3 "$ROSTER_DB" 'SELECT count(*) FROM settings;' '.shell sleep 300' >/dev/null 2>&1 &
HOLDER=$!
trap 'kill $HOLDER ${SINK:-} 2>/dev/null; rm -rf "$T"' EXIT
smtp_sink
trap 'kill $HOLDER $SINK 2>/dev/null; rm -rf "$T"' EXIT

# Every plaintext, one a line.
SECRETS="$T/secrets"
printf '%s\n' District1pw DemoAdmin1 DemoStaff1 >"$SECRETS"
use() { secret "$T/$1.pw" "$2"; echo "$2" >>"$SECRETS"; }

PLAIN="active = 1 AND sso IS NULL AND type = 'student' AND username NOT LIKE 'demo.%'"
ids() { sql "SELECT group_concat(id) FROM (SELECT id FROM portfolios WHERE $PLAIN AND email IS NOT NULL ORDER BY id LIMIT $1 OFFSET ${2:-0})"; }

# A shared temporary password, mailed.
use shared 'Shared7Secret'
run as_admin reset-passwords --all --only "$(ids 3)" --new-password-file "$T/shared.pw" --notify
expect_rc 0 "reset with --notify"
# Generated passwords, to the slips file.
run as_admin reset-passwords --all --only "$(ids 4 3)" --generate --slips "$T/slips.txt"
expect_rc 0 "reset with --generate"
sed -n 's/^ *Temporary password: *//p' "$T/slips.txt" >"$T/generated"
expect_eq "$(wc -l <"$T/generated" | tr -d ' ')" 4 "four generated passwords on the slips"
cat "$T/generated" >>"$SECRETS"
# Refused: a weak temporary password.
use weak 'weakpassword'
run as_admin reset-passwords --all --only "$(ids 1)" --new-password-file "$T/weak.pw"
expect_rc 2 "a weak temporary password is refused"
# A new account, and a student's own change and answers at sign-in.
use kid 'Kid4Account'
run as_admin account add --username secret.kid --first Sec --last Kid --type student \
    --grad-year 2030 --new-password-file "$T/kid.pw"
expect_rc 0 "account add"
KID=$(sql "SELECT id FROM portfolios WHERE username = 'secret.kid'")
run as_admin reset-passwords --all --only "$KID" --reset-security-questions \
    --new-password-file "$T/shared.pw"
expect_rc 0 "reset with security questions"
use own 'MyOwn9Choice'
printf 'Rexthedog\nLeedsborn\nDuneforever\n' >"$T/answers"; chmod 600 "$T/answers"
cat "$T/answers" >>"$SECRETS"
run setsid -w "$ROSTER" signin secret.kid --password-file "$T/shared.pw" \
    --new-password-file "$T/own.pw" --answers-file "$T/answers" </dev/null
expect_rc 0 "the student sets its own password and answers"
# An upload with permanent passwords, a weak one refused first.
as_admin export --all --only "$(ids 2 8)" -o "$T/up.csv" >/dev/null
echo "Upl0adSecret1" >>"$SECRETS"; echo "Upl0adSecret2" >>"$SECRETS"; echo "Wk9xQ" >>"$SECRETS"
tr -d '\r' <"$T/up.csv" | awk -F, -v OFS=, 'NR == 2 { $3 = "Wk9xQ" } NR == 3 { $3 = "Upl0adSecret2" } { print }' >"$T/bad.csv"
run as_admin import "$T/bad.csv" --trial-run
expect_rc 1 "trial run with a weak password"
run as_admin import "$T/bad.csv" --upload --format json
expect_rc 1 "upload with a weak password"
tr -d '\r' <"$T/up.csv" | awk -F, -v OFS=, 'NR == 2 { $3 = "Upl0adSecret1" } NR == 3 { $3 = "Upl0adSecret2" } { print }' >"$T/good.csv"
run as_admin import "$T/good.csv" --trial-run --format json
expect_rc 0 "trial run"
expect_out '"new": "changed"' "a password shows as changed"
run as_admin import "$T/good.csv" --upload
expect_rc 0 "upload"
B=$(printf '%s' "$OUT" | sed -n 's/^Applied as batch \([0-9]*\);.*/\1/p')
# Everything an admin can look at afterwards.
for f in csv xlsx; do
	run as_admin export --all -o "$T/export.$f"
	expect_rc 0 "export $f"
	run as_admin export --all --only "$(ids 2 8)" -o "$T/export2.$f"
	expect_rc 0 "export $f of a selection"
done
# (Their output is searched below: each must have run.)
for c in "list --all --format json" "list --all --format csv" audit \
    "audit --format json" "batches --format json"; do
	# shellcheck disable=SC2086
	run as_admin $c
	expect_rc 0 "$c"
done
run as_district settings
expect_rc 0 "settings"
expect_no_out "plan.key" "the fingerprint key is not a setting to show"
run as_admin undo "$B"
expect_rc 0 "undo of the upload"
run "$ROSTER" signin secret.kid --password-file "$T/own.pw"
expect_rc 0 "the student's own password works"

# A password file others can read draws a warning; a private one does not.
cp "$T/admin.pw" "$T/open.pw"; chmod 644 "$T/open.pw"
run "$ROSTER" --user demo.admin --password-file "$T/open.pw" list --last-name zzz
expect_rc 0 "a readable password file still works"
expect_err "can be read by other users" "a readable password file draws a warning"
run as_admin list --last-name zzz
expect_rc 0 "a private password file works"
case "$ERR" in *"other users"*) not_ok "a 0600 password file draws a warning" ;; *) ok ;; esac

# Files: the database and the WAL and shared memory SQLite makes beside it
# are 0600 (whatever the umask), a folder roster makes is 0700, exports and
# slips 0600.
expect_eq "$(stat -c %a "$ROSTER_DB" "$ROSTER_DB-wal" "$ROSTER_DB-shm" | paste -sd' ' -)" "600 600 600" "database, WAL and shm are 0600"
expect_eq "$(stat -c %a "$T/slips.txt" "$T/export.csv" "$T/export.xlsx" | paste -sd' ' -)" "600 600 600" "slips and exports are 0600"
(umask 022 && "$ROSTER" init --db "$T/new/sub/roster.db" --admin district2 \
    --password-file "$T/district.pw" >/dev/null 2>&1)
expect_eq "$(stat -c %a "$T/new/sub" "$T/new/sub/roster.db" | paste -sd' ' -)" "700 600" "a folder roster makes is 0700, its database 0600"

# ---- the search ----
[ -s "$ROSTER_DB-wal" ] && ok || not_ok "the WAL was kept for the search"
# The XLSX exports are zip files: search what they hold.
# Every export, by name: one that was not written is a failure below, not
# a file less to search.
EXPORTS="$T/export.csv $T/export2.csv $T/export.xlsx $T/export2.xlsx $T/export.xlsx.unzipped $T/export2.xlsx.unzipped"
for f in "$T/export.xlsx" "$T/export2.xlsx"; do
	unzip -p "$f" >"$f.unzipped" && [ -s "$f.unzipped" ] && ok ||
	    not_ok "$f: cannot unzip it to search it"
done
expect_eq "$(sed -n '1p' "$T/export.csv" | tr -d '\r\357\273\277')" "$HDR" "the export is an upload file"
allowed() { # FILE: where plaintext may be
	case $1 in
	"$T/slips.txt"|"$T/mail"/*) return 0 ;;
	esac
	return 1
}
where=0
: >"$T/found"
while read -r s; do
	# shellcheck disable=SC2086
	for f in "$ROSTER_DB" "$ROSTER_DB-wal" $EXPORTS "$RUN_LOG" \
	    "$T/slips.txt" "$T/mail"/*; do
		[ -f "$f" ] || { not_ok "nothing to search at $f"; continue; }
		if grep -qaF -- "$s" "$f"; then
			echo "$s $f" >>"$T/found"
			allowed "$f" || { not_ok "plaintext '$s' found in $f"; where=1; }
		fi
	done
done <"$SECRETS"
[ $where = 0 ] && ok
# The allowed places do hold what they are for.
for s in $(cat "$T/generated"); do
	grep -q "$s $T/slips.txt" "$T/found" && ok || not_ok "the slips hold $s"
done
grep -q "Shared7Secret $T/mail/" "$T/found" && ok || not_ok "the mail holds the mailed temporary password"
# Hashes stay in the database.
# shellcheck disable=SC2086
for f in $EXPORTS "$RUN_LOG" "$T/slips.txt" "$T/mail"/*; do
	[ -f "$f" ] || { not_ok "nothing to search at $f"; continue; }
	grep -qa 'argon2' "$f" && not_ok "a hash in $f" || ok
done
[ "$(grep -c . "$RUN_LOG")" -gt 50 ] && ok || not_ok "the output searched is the commands' output"

finish
