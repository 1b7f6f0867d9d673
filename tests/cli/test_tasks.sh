# The portfolio tasks: reset-passwords (shared, --generate with slips,
# security questions, --notify through msmtp to a local SMTP server), the
# SSO lock and inactive skips, the blast-radius hold, move-group,
# set-grad-year, deactivate, reactivate, batches, undo and its conflicts,
# the audit log, a busy database, two resets racing, and the progress bar.
. "$(dirname "$0")/lib.sh"

make_demo 60
secret "$T/shared.pw" 'Shared-Temp-7'
secret "$T/other.pw" 'Other-Temp-8'
secret "$T/fresh.pw" 'Fresh2Start'

# The signin of a portfolio without a terminal to ask on (setsid drops the
# controlling terminal when the tests run in one).
signin_as() { run setsid -w "$ROSTER" signin "$1" --password-file "$2" "${@:3}" </dev/null; }
# ids USING WHERE [LIMIT]: comma-separated ids of the demo site.
ids() { sql "SELECT id FROM portfolios WHERE site_id = 1 AND ($1) ORDER BY id LIMIT ${2:-1000}" | paste -sd, -; }
user_of() { sql "SELECT username FROM portfolios WHERE id = $1"; }
PLAIN="active = 1 AND sso IS NULL AND type = 'student' AND username NOT LIKE 'demo.%'"

# --- usage errors: exit 2, nothing written --------------------------------
# (The first sign-in re-hashes demo.admin's password at the cheap test
# cost; do it before taking the checksum.)
as_admin batches >/dev/null
before=$(db_checksum)
run as_admin reset-passwords --all --generate
expect_rc 2 "--generate without --slips"
expect_err "--slips" "--generate names --slips"
run as_admin reset-passwords --all --slips "$T/s.txt" --new-password-file "$T/shared.pw"
expect_rc 2 "--slips without --generate"
run as_admin reset-passwords --all --generate --slips "$T/s.txt" --new-password-file "$T/shared.pw"
expect_rc 2 "--generate with --new-password-file"
run as_admin reset-passwords --new-password-file "$T/shared.pw"
expect_rc 2 "reset without a search mode"
run as_admin reset-passwords --all --confirm many --new-password-file "$T/shared.pw"
expect_rc 2 "--confirm takes a number"
secret "$T/weak.pw" 'password'
run as_admin reset-passwords --all --only "$(ids "$PLAIN" 2)" --new-password-file "$T/weak.pw"
expect_rc 2 "a temporary password that breaks the rules"
expect_err "temporary password" "the rule is named"
run as_admin move-group --all
expect_rc 2 "move-group without --to"
run as_admin move-group --all --to "No Such Group"
expect_rc 2 "move-group to an unknown group"
run as_admin set-grad-year --all --year 20x9
expect_rc 2 "set-grad-year with a bad year"
run as_admin set-grad-year --all
expect_rc 2 "set-grad-year without --year"
run as_admin undo abc
expect_rc 2 "undo takes a number"
run as_admin undo 999
expect_rc 2 "undo of no batch"
run as_admin audit --since yesterday
expect_rc 2 "audit --since takes a date"
expect_eq "$(db_checksum)" "$before" "usage errors write nothing"
run as_admin reset-passwords --help
expect_rc 0 "reset-passwords --help"
expect_out "--reset-security-questions" "reset-passwords --help lists its options"

# --- reset with one shared password ---------------------------------------
three=$(ids "$PLAIN" 3)
run as_admin reset-passwords --all --only "$three" --new-password-file "$T/shared.pw"
expect_rc 0 "reset three with a shared password"
expect_out "passwords reset (temporary)" "reset report"
batch1=$(printf '%s\n' "$OUT" | sed -n 's/^batch \([0-9]*\):.*/\1/p')
expect_eq "$(sql "SELECT kind || ' ' || count FROM batches WHERE id = '$batch1'")" "reset-passwords 3" "batch recorded"
expect_eq "$(sql "SELECT count(DISTINCT password_hash) || '/' || sum(temp_password) FROM portfolios WHERE id IN ($three)")" "1/3" "one hash shared, all temporary"
u1=$(user_of "${three%%,*}")
signin_as "$u1" "$T/shared.pw"
expect_rc 6 "signin with the temporary password needs a new one"
signin_as "$u1" "$T/shared.pw" --new-password-file "$T/fresh.pw"
expect_rc 0 "signin replaces the temporary password"
expect_no_out "Shared-Temp-7" "the password is never printed"

# --- skips: the SSO lock (E90) and inactive (E91) --------------------------
sso=$(ids "active = 1 AND sso IS NOT NULL" 1)
plain=$(ids "$PLAIN AND id NOT IN ($three)" 1)
before_sso=$(sql "SELECT password_hash || version FROM portfolios WHERE id = $sso")
run as_admin reset-passwords --all --only "$sso,$plain" --new-password-file "$T/shared.pw"
expect_rc 0 "reset with an SSO-linked portfolio among others"
expect_out "E90" "SSO-linked skipped with E90"
expect_out "$(user_of "$sso")" "the skipped username is named"
expect_out "1 skipped" "skip count"
expect_eq "$(sql "SELECT password_hash || version FROM portfolios WHERE id = $sso")" "$before_sso" "the SSO-linked portfolio is untouched"
run as_admin reset-passwords --all --only "$sso" --new-password-file "$T/shared.pw"
expect_rc 5 "resetting only SSO-linked portfolios is not allowed"
expect_out "E90" "E90 reported"
run as_admin reset-passwords --all --inactive --new-password-file "$T/shared.pw"
expect_rc 5 "inactive portfolios cannot be reset"
expect_out "E91" "inactive skipped with E91"
# SSO-linked portfolios may be deactivated and reactivated.
run as_admin deactivate --all --only "$sso"
expect_rc 0 "deactivate an SSO-linked portfolio"
expect_eq "$(sql "SELECT active FROM portfolios WHERE id = $sso")" 0 "SSO-linked deactivated"
run as_admin reactivate --all --only "$sso"
expect_rc 0 "reactivate implies --inactive"
expect_out "1 portfolio reactivated" "reactivate report"
expect_eq "$(sql "SELECT active FROM portfolios WHERE id = $sso")" 1 "SSO-linked reactivated"

# --- the blast-radius hold --------------------------------------------------
would=$(sql "SELECT count(*) FROM portfolios WHERE site_id = 1 AND active = 1 AND sso IS NULL AND username <> 'demo.admin'")
before=$(db_checksum)
run as_admin reset-passwords --all --new-password-file "$T/shared.pw"
expect_rc 2 "more than half of the site is held"
expect_err "would reset $would passwords" "the hold states the count"
expect_err "--confirm $would" "the hold says how to confirm"
run as_admin reset-passwords --all --new-password-file "$T/shared.pw" --confirm $((would - 1))
expect_rc 2 "the wrong count is held"
expect_eq "$(db_checksum)" "$before" "a held batch writes nothing"
run as_admin reset-passwords --all --generate --slips "$T/all.txt" --confirm "$would"
expect_rc 0 "the exact count goes through"
expect_out "batch" "confirmed batch ran"
expect_eq "$(sql "SELECT count(*) FROM portfolios WHERE site_id = 1 AND temp_password = 1 AND active = 1")" "$would" "every resettable portfolio reset"

# --- --generate with slips: text and CSV, 0600, passwords that sign in -----
expect_eq "$(stat -c %a "$T/all.txt")" 600 "text slips mode"
expect_eq "$(grep -c 'cut here' "$T/all.txt")" "$((would + 1))" "one cut line per slip, and a last one"
# Each slip: the username and the password that signs in.
for n in 1 7 20; do
	u=$(grep 'Username:' "$T/all.txt" | sed -n "${n}p" | awk '{print $2}')
	p=$(grep 'Temporary password:' "$T/all.txt" | sed -n "${n}p" | awk '{print $3}')
	secret "$T/slip.pw" "$p"
	signin_as "$u" "$T/slip.pw"
	expect_rc 6 "slip $n: its password signs in as temporary"
done
distinct=$(grep 'Temporary password:' "$T/all.txt" | awk '{print $3}' | sort -u | wc -l)
expect_eq "$distinct" "$would" "a different password on every slip"
run as_admin audit --format json
expect_rc 0 "audit json"
leaks=0
for p in $(grep 'Temporary password:' "$T/all.txt" | awk '{print $3}'); do
	case "$OUT" in *"$p"*) leaks=$((leaks + 1)) ;; esac
done
expect_eq "$leaks" 0 "no generated password in the audit log"
expect_no_out '$argon2' "no hash in the audit log"

five=$(ids "$PLAIN" 5)
run as_admin reset-passwords --all --only "$five" --generate --slips "$T/five.csv"
expect_rc 0 "CSV slips"
expect_eq "$(stat -c %a "$T/five.csv")" 600 "CSV slips mode"
expect_eq "$(head -1 "$T/five.csv" | tr -d '\r')" "Site,First Name,Last Name,Group,Username,Temporary Password" "CSV header"
expect_eq "$(($(wc -l <"$T/five.csv") - 1))" 5 "one CSV row per portfolio"
/usr/bin/python3 - "$T/five.csv" >"$T/pairs" <<'EOF'
import csv, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    for row in csv.DictReader(f):
        print(row['Username'], row['Temporary Password'])
EOF
while read -r u p; do
	secret "$T/slip.pw" "$p"
	signin_as "$u" "$T/slip.pw"
	expect_rc 6 "CSV slip of $u signs in"
done <"$T/pairs"
# An existing slips file is never overwritten; nothing is reset.
before=$(db_checksum)
sum=$(sha256sum "$T/five.csv")
run as_admin reset-passwords --all --only "$five" --generate --slips "$T/five.csv"
expect_rc 2 "an existing slips file is refused"
expect_err "already exists" "why the slips file is refused"
expect_eq "$(sha256sum "$T/five.csv")" "$sum" "the existing slips file is untouched"
expect_eq "$(db_checksum)" "$before" "nothing reset when the slips file exists"
run as_admin reset-passwords --all --only "$five" --generate --slips "$T/no/such/dir/s.txt"
expect_rc 3 "a slips file that cannot be created"
expect_eq "$(db_checksum)" "$before" "nothing reset when the slips cannot be written"

# --- security questions -----------------------------------------------------
printf 'Rex\nOslo\nDune\n' >"$T/answers"
stu=$(ids "username = 'demo.student'")
run as_admin reset-passwords --all --only "$stu" --new-password-file "$T/shared.pw" --reset-security-questions
expect_rc 0 "reset with security questions"
expect_out "security questions reset for 1 portfolio" "security questions report"
expect_eq "$(sql "SELECT CAST(sq_reset AS TEXT) || CAST(temp_password AS TEXT) FROM portfolios WHERE id = $stu")" 11 "flags set"
signin_as demo.student "$T/shared.pw" --new-password-file "$T/fresh.pw"
expect_rc 6 "after the new password, new answers are required"
expect_err "security questions" "the answers are named"
signin_as demo.student "$T/fresh.pw" --answers-file "$T/answers"
expect_rc 0 "answers set"
expect_eq "$(sql "SELECT count(*) FROM security_answers WHERE portfolio_id = $stu")" 3 "three answers stored"

# --- --notify: a real mail path (msmtp → SMTP → local sink) -----------------
mkdir "$T/mail"
mkfifo "$T/ready"
reject=$(sql "SELECT email FROM portfolios WHERE id IN ($five) AND email IS NOT NULL ORDER BY id LIMIT 1")
/usr/bin/python3 "$REPO/tests/mail/smtp_sink.py" "$T/mail" --reject "$reject" >"$T/ready" 2>"$T/sink.log" &
sink=$!
trap 'kill $sink 2>/dev/null; lib_exit' EXIT
read -r _ port <"$T/ready"
printf 'defaults\nauth off\ntls off\naccount default\nhost 127.0.0.1\nport %s\nfrom roster@localhost\n' "$port" >"$T/msmtprc"
chmod 600 "$T/msmtprc"
as_district settings mail.command "msmtp -C $T/msmtprc -t" >/dev/null
as_district settings mail.from "roster@demo-school.example" >/dev/null
mailed=$(sql "SELECT count(*) FROM portfolios WHERE id IN ($five) AND email IS NOT NULL")
noaddr=$(sql "SELECT count(*) FROM portfolios WHERE id IN ($five) AND email IS NULL")
run as_admin reset-passwords --all --only "$five" --new-password-file "$T/other.pw" --notify
expect_rc 0 "reset with --notify (one address refused by the server)"
expect_out "mail: $((mailed - 1)) sent, 1 failed, $noaddr without an email address" "mail report"
expect_err "$reject" "the failed address is named"
expect_err "reset all the same" "a failed delivery does not undo the reset"
expect_eq "$(ls "$T/mail"/*.eml 2>/dev/null | wc -l)" "$((mailed - 1))" "messages delivered"
first_env=$(ls "$T/mail"/*.env | head -1)
to=$(sed -n 's/^rcpt-to: //p' "$first_env")
u=$(sql "SELECT username FROM portfolios WHERE email = '$to'")
expect_eq "$(sql "SELECT count(*) FROM portfolios WHERE email = '$to' AND id IN ($five)")" 1 "recipient is a selected portfolio's address"
expect_eq "$(sed -n 's/^subject: //p' "$first_env")" "Your new temporary password for Demo High School" "subject"
expect_eq "$(sed -n 's/^from: //p' "$first_env")" "roster@demo-school.example" "sender from mail.from"
body=$(cat "${first_env%.env}.body")
case "$body" in *"Username:            $u"*) ok ;; *) not_ok "body names the username: $body" ;; esac
case "$body" in *"Temporary password:  Other-Temp-8"*) ok ;; *) not_ok "body holds the password" ;; esac
expect_eq "$(sql "SELECT sum(temp_password) FROM portfolios WHERE id IN ($five)")" 5 "all five reset, mailed or not"
# The password is never stored: not in the database file, nor its WAL
# (PostgreSQL: its dump, its data files, the WAL; tests/db.sh).  grep
# exits 1 when it finds nothing, 2 when it cannot read a file.
files=$(db_files) && [ -n "$files" ] ||
    { not_ok "the stored data could not be listed"; files=/dev/null; }
# shellcheck disable=SC2086
grep -qa 'Other-Temp-8' $files
case $? in
0) not_ok "the temporary password is stored in the database" ;;
1) ok ;;
*) not_ok "the database could not be searched" ;;
esac
# The server gone: every delivery fails and is listed; the reset stands.
kill $sink
wait $sink 2>/dev/null
run as_admin reset-passwords --all --only "$five" --new-password-file "$T/shared.pw" --notify
expect_rc 0 "reset with the mail server down"
expect_out "mail: 0 sent, $mailed failed" "every delivery failed"
expect_eq "$(printf '%s\n' "$ERR" | grep -c 'mail to .* failed')" "$mailed" "one line per failed account"
expect_no_out "Shared-Temp-7" "failures never show the password"
u=$(user_of "${five%%,*}")
signin_as "$u" "$T/shared.pw"
expect_rc 6 "the reset landed although no mail went out"

# --- move-group, set-grad-year, deactivate, reactivate ----------------------
p1=$(sql "SELECT count(*) FROM portfolios p JOIN groups g ON g.id = p.group_id WHERE g.name = 'Period 1' AND p.active = 1")
run as_admin move-group --group "Period 1" --to "Period 3"
expect_rc 0 "move-group"
expect_out "$p1 portfolios moved to Period 3" "move-group report"
move_batch=$(printf '%s\n' "$OUT" | sed -n 's/^batch \([0-9]*\):.*/\1/p')
expect_eq "$(sql "SELECT count(*) FROM portfolios p JOIN groups g ON g.id = p.group_id WHERE g.name = 'Period 1' AND p.active = 1")" 0 "Period 1 emptied"
run as_admin move-group --all --only "$(ids "active = 1 AND group_id = (SELECT id FROM groups WHERE name = 'Period 3')" 2)" --to "period 3"
expect_rc 0 "move-group where they already are"
expect_out "already there" "unchanged ones reported"
expect_out "nothing changed" "no batch when nothing changes"
run as_admin batches --format json
expect_out "\"id\": $move_batch" "batches json ids"
run as_admin undo "$move_batch"
expect_rc 0 "undo move-group"
expect_eq "$(sql "SELECT count(*) FROM portfolios p JOIN groups g ON g.id = p.group_id WHERE g.name = 'Period 1' AND p.active = 1")" "$p1" "undo restored Period 1"
run as_admin undo "$move_batch"
expect_rc 2 "undo twice"
expect_err "already undone" "undo twice says so"
y=$(ids "$PLAIN AND grad_year <> 2030" 4)
staff1=$(ids "active = 1 AND type = 'staff'" 1)
run as_admin set-grad-year --all --only "$y,$staff1" --year 2030
expect_rc 0 "set-grad-year"
expect_out "4 portfolios given graduation year 2030" "set-grad-year report"
expect_out "only student portfolios have a graduation year" "staff skipped"
expect_eq "$(sql "SELECT count(*) FROM portfolios WHERE id IN ($y) AND grad_year = 2030")" 4 "years set"
d=$(ids "$PLAIN" 3)
run as_admin deactivate --all --only "$d"
expect_rc 0 "deactivate"
expect_out "3 portfolios deactivated" "deactivate report"
run as_admin list --all --inactive --format csv
for i in $(echo "$d" | tr , ' '); do expect_out "$(user_of "$i")" "deactivated listed with --inactive"; done
run as_admin reactivate --all --only "$d"
expect_rc 0 "reactivate"
expect_out "3 portfolios reactivated" "reactivate report"
expect_eq "$(sql "SELECT sum(active) FROM portfolios WHERE id IN ($d)")" 3 "reactivated"
run as_admin deactivate --all --only "$(ids "username = 'demo.admin'")"
expect_out "own portfolio" "one's own portfolio is not deactivated"
# Deactivating the whole site is held as a reset is: the count typed.
n=$(sql "SELECT count(*) FROM portfolios WHERE site_id = 1 AND active = 1 AND username <> 'demo.admin'")
before=$(db_checksum)
run as_admin deactivate --all
expect_rc 2 "deactivating more than half of the site is held"
expect_err "would deactivate $n portfolios, more than half of" "the hold states the count"
expect_err "confirm with --confirm $n" "the hold says how to confirm"
run as_admin deactivate --all --confirm $((n + 1))
expect_rc 2 "the wrong count is held"
expect_err "you confirmed $((n + 1)), but this would deactivate $n portfolios" "the wrong count named"
run as_admin deactivate --all --confirm 1e3
expect_rc 2 "--confirm takes a count"
expect_eq "$(db_checksum)" "$before" "a held deactivation writes nothing"
run as_admin deactivate --all --confirm "$n" --format json
expect_rc 0 "the exact count goes through"
expect_out "\"changed\": $n" "all but the acting admin deactivated"
b=$(sql "SELECT max(id) FROM batches")
run as_admin undo "$b"
expect_rc 0 "the site's deactivation undone"

# --- batches and undo --------------------------------------------------------
run as_admin batches
expect_rc 0 "batches"
expect_out "move-group" "batches lists tasks"
expect_out "reset-passwords" "batches lists resets"
run as_admin batches --format json
expect_out "\"kind\": \"move-group\"" "batches json"
expect_out "\"undone_by\": " "batches json shows undos"
# A reset, undone: the old hashes come back and the temporary flag goes.
two=$(ids "$PLAIN" 2)
hashes=$(sql "SELECT password_hash || temp_password FROM portfolios WHERE id IN ($two) ORDER BY id" | paste -sd, -)
run as_admin reset-passwords --all --only "$two" --new-password-file "$T/other.pw"
b=$(printf '%s\n' "$OUT" | sed -n 's/^batch \([0-9]*\):.*/\1/p')
run as_admin undo "$b"
expect_rc 0 "undo a reset"
expect_eq "$(sql "SELECT password_hash || temp_password FROM portfolios WHERE id IN ($two) ORDER BY id" | paste -sd, -)" "$hashes" "undo restored the hashes and flags"
# Undo refused when a portfolio changed since: exit 4, named.
run as_admin reset-passwords --all --only "$two" --new-password-file "$T/other.pw"
b=$(printf '%s\n' "$OUT" | sed -n 's/^batch \([0-9]*\):.*/\1/p')
u=$(user_of "${two%%,*}")
signin_as "$u" "$T/other.pw" --new-password-file "$T/fresh.pw"
expect_rc 0 "one of them chose a new password"
before=$(db_checksum)
run as_admin undo "$b"
expect_rc 4 "undo after a later change"
expect_err "$u" "the changed portfolio is named"
expect_eq "$(db_checksum)" "$before" "a refused undo writes nothing"

# --- audit ---------------------------------------------------------------------
run as_admin audit
expect_rc 0 "audit table"
expect_out "reset-passwords" "audit names the action"
expect_out "changed (temporary)" "passwords show only as changed"
run as_admin audit --format json
expect_out '"field": "Group"' "audit json has field changes"
expect_no_out '$argon2' "audit json holds no hash"
expect_no_out 'Shared-Temp-7' "audit json holds no password"
expect_no_out 'Other-Temp-8' "audit json holds no password"
run as_admin audit --since 2999-01-01 --format json
expect_out '"count": 0' "audit --since in the future"

# --- a busy database: exit 4, nothing written -------------------------------------
before=$(db_checksum)
db_hold_write 3 &
holder=$!
db_wait_held || not_ok "the holder took the write lock"
ROSTER_BUSY_TIMEOUT_MS=200 run as_admin reset-passwords --all --only "$two" --new-password-file "$T/shared.pw"
expect_rc 4 "reset on a busy database"
expect_err "busy" "busy message"
wait $holder
expect_eq "$(db_checksum)" "$before" "nothing written while busy"

# --- progress: on a terminal only ----------------------------------------------------
run as_admin reset-passwords --all --only "$two" --new-password-file "$T/shared.pw"
expect_rc 0 "reset, stderr not a terminal"
case "$ERR" in *'['*'#'*) not_ok "no progress bar when stderr is not a terminal" ;; *) ok ;; esac
script -qec "$ROSTER --user demo.admin --password-file $T/admin.pw reset-passwords --all --only $two --new-password-file $T/shared.pw" /dev/null >"$T/tty.out" 2>&1
expect_eq "$?" 0 "reset under a terminal"
if grep -qa '\] 2/2' "$T/tty.out"; then ok; else not_ok "progress bar on a terminal: $(cat -v "$T/tty.out")"; fi

# --- two resets racing over overlapping selections ------------------------------------
# A resets ids 1-10 of the list, B ids 6-15, at the same moment.  Either both
# land (one after the other) or one is refused with exit 4; the result is
# one of the two serial orders, and never a mix.
race_ids=$(ids "$PLAIN" 15)
set -- $(echo "$race_ids" | tr , ' ')
A_IDS=$(echo "$@" | cut -d' ' -f1-10 | tr ' ' ,)
B_IDS=$(echo "$@" | cut -d' ' -f6-15 | tr ' ' ,)
for round in 1 2 3; do
	# Fresh passwords each round, so that no earlier round can pass.
	secret "$T/a.pw" "Racer-Alpha-$round"
	secret "$T/b.pw" "Racer-Bravo-$round"
	rm -f "$T/gate"
	( while [ ! -e "$T/gate" ]; do :; done
	  as_admin reset-passwords --all --only "$A_IDS" --new-password-file "$T/a.pw" >"$T/a.out" 2>"$T/a.err"; echo $? >"$T/a.rc" ) &
	pa=$!
	( while [ ! -e "$T/gate" ]; do :; done
	  as_admin reset-passwords --all --only "$B_IDS" --new-password-file "$T/b.pw" >"$T/b.out" 2>"$T/b.err"; echo $? >"$T/b.rc" ) &
	pb=$!
	touch "$T/gate"
	wait $pa $pb
	ra=$(cat "$T/a.rc"); rb=$(cat "$T/b.rc")
	RACES="${RACES:-}$ra/$rb "
	ba=$(sed -n 's/^batch \([0-9]*\):.*/\1/p' "$T/a.out")
	bb=$(sed -n 's/^batch \([0-9]*\):.*/\1/p' "$T/b.out")
	case "$ra/$rb" in
	0/0) # both landed: the later batch owns the overlap
		if [ "$ba" -gt "$bb" ]; then last=a; else last=b; fi ;;
	0/4) last=a; grep -q 'changed meanwhile\|busy' "$T/b.err" && ok || not_ok "round $round: B's refusal is clear: $(cat "$T/b.err")" ;;
	4/0) last=b; grep -q 'changed meanwhile\|busy' "$T/a.err" && ok || not_ok "round $round: A's refusal is clear: $(cat "$T/a.err")" ;;
	*) not_ok "round $round: exits $ra/$rb"; continue ;;
	esac
	# Each portfolio's hash verifies against exactly the password the
	# serial order predicts, and not the other.
	n=0
	for id in "$@"; do
		n=$((n + 1))
		if [ $n -le 5 ]; then want=a; elif [ $n -le 10 ]; then want=$last; else want=b; fi
		u=$(user_of "$id")
		# The refused process's own portfolios hold neither.
		if { [ "$want" = a ] && [ "$ra" != 0 ]; } || { [ "$want" = b ] && [ "$rb" != 0 ]; }; then
			signin_as "$u" "$T/$want.pw"
			expect_rc 5 "round $round: $u was not changed by the refused reset"
			continue
		fi
		if [ "$want" = a ]; then other=b; else other=a; fi
		signin_as "$u" "$T/$want.pw"
		expect_rc 6 "round $round: $u holds the password of $want"
		signin_as "$u" "$T/$other.pw"
		expect_rc 5 "round $round: $u does not hold the password of $other"
	done
	# Clear failure counters that the wrong-password checks left.
	sql "UPDATE portfolios SET failed_signins = 0, first_failed_at = NULL, locked_until = NULL" >/dev/null
done

echo "  (races, exit statuses of A/B per round: ${RACES:-none})"
finish
