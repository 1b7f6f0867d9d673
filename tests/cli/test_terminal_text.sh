# Every string from the database or from the command line that a command
# prints passes the one sanitiser (SECURITY.md "Terminal injection"):
# settings (an OSC 52 in mail.from, as an older database may hold it), the
# echo of group add, site add and account add (a U+202E that would turn
# the line around), a password file's name in a warning, signin's greeting (a name with ESC and a newline), the
# audit and batch tables; and a batch's detail is cut on a character,
# never inside one.
. "$(dirname "$0")/lib.sh"

make_demo 60
secret "$T/kid.pw" 'Kid1Passw0rd'
ESC=$(printf '\033')
RLO=$(printf '\342\200\256')
# raw DESCRIPTION: the last run's output holds no ESC, BEL, C1 control,
# bidi override or line break other than the line ends, and is UTF-8.
raw() {
	case "$OUT$ERR" in
	*"$ESC"*|*$'\a'*|*$'\302'[$'\200'-$'\237']*|*"$RLO"*|*$'\r'*) not_ok "$1: a control reached the output" ;;
	*) ok ;;
	esac
	printf '%s%s' "$OUT" "$ERR" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 && ok || not_ok "$1: not UTF-8"
}

# ---- settings: mail.from as an older database holds it ----
OSC=$(printf 'x@y.example\033]52;c;cHduZWQ=\007\033]0;title\007')
# (ESC and BEL are UTF-8: a literal that SQLite and PostgreSQL both take.)
sql "DELETE FROM settings WHERE key = 'mail.from'; INSERT INTO settings(key, value) VALUES ('mail.from', '$OSC')"
run as_district settings
expect_rc 0 "settings"
raw "settings"
expect_out 'mail.from = x@y.example^[]52;c;cHduZWQ=^G' "mail.from shown as text"
run as_district settings mail.from
raw "settings mail.from"

# ---- a file name in a warning ----
PW="$T/$(printf 'pw\033]0;x\007.txt')"
printf 'District1pw\n' >"$PW"
chmod 644 "$PW"
run "$ROSTER" --user district1 --password-file "$PW" settings
expect_rc 0 "settings with a readable password file"
raw "the warning about a readable password file"
expect_err 'pw^[]0;x^G.txt can be read by other users' "the warning names the file as text"

# ---- echoes of what was added ----
run as_admin group add "Evil${RLO}txt.exe"
expect_rc 0 "a group with a bidi override (not a control character)"
raw "group add"
expect_out "Added group Evil<202E>txt.exe" "group add echoes it as text"
run as_district site add "North${RLO}evil"
expect_rc 0 "site add"
raw "site add"
expect_out "Added site North<202E>evil." "site add echoes it as text"
run as_admin group list
raw "group list"

# ---- signin greets with the names the database holds ----
run as_admin account add --username pupil.one --first Pat --last Lee --type student \
    --grad-year 2030 --new-password-file "$T/kid.pw"
expect_rc 0 "account add"
ID=$(sql "SELECT id FROM portfolios WHERE username = 'pupil.one'")
store_raw "$ID" first "$(printf 'Pat\033[2J')"
store_raw "$ID" last "$(printf 'Lee\nAccount type: admin\342\200\256')"
run "$ROSTER" signin pupil.one --password-file "$T/kid.pw"
expect_rc 0 "signin"
raw "signin"
expect_out 'Signed in as pupil.one (Pat^[[2J Lee^JAccount type: admin<202E>).' "the greeting shows the names as text"

# ---- a batch's detail: cut on a character ----
# 1 + 49 two-byte letters: "to x…" passes the 96 bytes of the detail
# with an odd count, inside an "é".
G="x$(printf 'é%.0s' $(seq 49))"
run as_admin group add "$G"
expect_rc 0 "a long group name of accented letters"
run as_admin move-group --all --only "$ID" --to "$G"
expect_rc 0 "move to it"
run as_admin batches
raw "batches"
expect_no_out "$(printf '\357\277\275')" "batches: no U+FFFD from a split letter"
expect_out "to xéééé" "batches: the detail"
run as_admin batches --format json
expect_no_out '\ufffd' "batches json: no U+FFFD"
run as_admin audit
raw "audit"

finish
