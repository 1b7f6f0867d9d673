# syslog: sign-in failures and locks go to LOG_AUTHPRIV, every batch, upload
# and undo to LOG_USER, one line each with kind, who, site, count (and
# batch); never a password or a hash; log.syslog off turns it off.  The
# lines are caught on a test socket (ROSTER_SYSLOG_SOCKET) by
# tests/syslog/listen.py, as the system logger would receive them.
. "$(dirname "$0")/lib.sh"

make_demo 30
export ROSTER_SYSLOG_SOCKET="$T/log.sock"
/usr/bin/python3 "$REPO/tests/syslog/listen.py" "$ROSTER_SYSLOG_SOCKET" "$T/log" >"$T/ready" &
LISTENER=$!
trap 'kill $LISTENER 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 100); do [ -s "$T/ready" ] && break; sleep 0.05; done
touch "$T/log"

# lines N: waits (5 s at most) until the log holds N lines; prints them
# without the "roster[PID]: " of each.
lines() {
	for _ in $(seq 100); do
		[ "$(wc -l <"$T/log")" -ge "$1" ] && break
		sleep 0.05
	done
	sed 's/roster\[[0-9]*\]: //' "$T/log"
}
seen=0
# expect_line TEXT DESCRIPTION: the next line is TEXT.
expect_line() {
	seen=$((seen + 1))
	expect_eq "$(lines $seen | sed -n "${seen}p")" "$1" "$2"
}

secret "$T/wrong.pw" 'NotThePassword9'
as_admin batches >/dev/null      # a right password: no line
as_district settings signin.max_failures 3 >/dev/null
"$ROSTER" --user demo.staff --password-file "$T/wrong.pw" batches 2>/dev/null
expect_line '<85>kind=signin-failure who="demo.staff" site="Demo High School" count=1' \
    "a wrong password: LOG_AUTHPRIV|LOG_NOTICE, who, site, count"
"$ROSTER" --user demo.staff --password-file "$T/wrong.pw" batches 2>/dev/null
"$ROSTER" --user demo.staff --password-file "$T/wrong.pw" batches 2>/dev/null
seen=$((seen + 1))
expect_line '<84>kind=signin-lock who="demo.staff" site="Demo High School" count=3' \
    "the failure that locks: LOG_AUTHPRIV|LOG_WARNING"
"$ROSTER" --user no.such.user --password-file "$T/wrong.pw" batches 2>/dev/null
"$ROSTER" signin demo.student --password-file "$T/wrong.pw" </dev/null 2>/dev/null
expect_line '<85>kind=signin-failure who="demo.student" site="Demo High School" count=1' \
    "roster signin fails alike; an unknown username (perhaps a mistyped password) is not logged"

batch=$(as_admin move-group --grad-year 2028 --to 'Period 2' --format json |
    /usr/bin/python3 -c 'import json, sys; j = json.load(sys.stdin); print(j["batch"], j["changed"])')
expect_line "<14>kind=move-group who=\"demo.admin\" site=\"Demo High School\" count=${batch#* } batch=${batch% *}" \
    "a batch: LOG_USER|LOG_INFO, kind, who, site, count, batch"
as_admin undo "${batch% *}" >/dev/null
expect_line "<14>kind=undo who=\"demo.admin\" site=\"Demo High School\" count=${batch#* } batch=$((${batch% *} + 1)) undid=${batch% *}" \
    "an undo names the batch it undid"
secret "$T/temp.pw" 'Temp-Pass-55'
as_admin reset-passwords --grad-year 2029 --new-password-file "$T/temp.pw" >/dev/null
n=$(sql "SELECT count FROM batches ORDER BY id DESC LIMIT 1")
expect_line "<14>kind=reset-passwords who=\"demo.admin\" site=\"Demo High School\" count=$n batch=$(sql 'SELECT max(id) FROM batches')" \
    "a reset"
as_admin export --all -o "$T/all.csv" >/dev/null
sed -i '2s/,Period [0-9]*,/,Period 5,/' "$T/all.csv"
as_admin import "$T/all.csv" --upload >/dev/null
expect_line "<14>kind=upload who=\"demo.admin\" site=\"Demo High School\" count=1 batch=$(sql 'SELECT max(id) FROM batches')" \
    "an upload (an export writes nothing, logs nothing)"
# A name cannot forge a field or a line.
as_district site add 'Evil" kind=forged' >/dev/null
as_district --site 'Evil" kind=forged' group add G >/dev/null
secret "$T/e.pw" 'Evil1Pass'
as_district --site 'Evil" kind=forged' account add --username evil.kid --first E --last K --type staff --new-password-file "$T/e.pw" >/dev/null
"$ROSTER" signin evil.kid --password-file "$T/wrong.pw" </dev/null 2>/dev/null
expect_line '<85>kind=signin-failure who="evil.kid" site="Evil? kind=forged" count=1' \
    "a quote in a name becomes ? (control characters are refused in names already)"

expect_no_pw() {
	if grep -qE "$1" "$T/log"; then not_ok "$2"; else ok; fi
}
expect_no_pw 'NotThePassword9|Temp-Pass-55|DemoStaff1|Evil1Pass|argon2' "never a password or a hash"

# log.syslog off: nothing more.
run as_district settings log.syslog maybe
expect_rc 2 "log.syslog takes on or off"
as_district settings log.syslog off >/dev/null
"$ROSTER" --user demo.admin --password-file "$T/wrong.pw" batches 2>/dev/null
as_admin --password-file "$T/admin.pw" move-group --grad-year 2030 --to 'Period 3' >/dev/null 2>&1
as_district settings log.syslog on >/dev/null
"$ROSTER" signin demo.student --password-file "$T/wrong.pw" </dev/null 2>/dev/null
expect_line '<85>kind=signin-failure who="demo.student" site="Demo High School" count=2' \
    "log.syslog off logged nothing; on again, the next failure is the next line"
expect_eq "$(wc -l <"$T/log")" "$seen" "no line more than those"
finish
