# The longest password (issue 10 item 9): 128 characters, applied
# everywhere and never cut — rules, upload (E43), reset, account add,
# sign-in, password files; a NUL byte in a password is refused.  (The
# terminal prompt: tests/tui/test_password_max.sh.)
. "$(dirname "$0")/lib.sh"

make_demo 10
long() { /usr/bin/python3 -c "import sys; sys.stdout.write('Ab1' + 'x' * ($1 - 3) + '\n')"; }
long 128 >"$T/p128"; long 129 >"$T/p129"; long 2000 >"$T/p2000"
printf 'Demo\0Admin1\n' >"$T/pnul"
chmod 600 "$T"/p*

# Password files: refused past 128 characters or with a NUL, not cut.
sum=$(db_checksum)
for f in p129 p2000 pnul; do
	run "$ROSTER" --user demo.admin --password-file "$T/$f" list --all
	expect_rc 2 "sign-in password file $f refused"
	case $f in pnul) expect_err "NUL" "$f: says NUL" ;;
	*) expect_err "longer than 128 characters" "$f: says how long" ;; esac
	run as_admin account add --username long.$f --first L --last Ong \
	    --type student --grad-year 2030 --new-password-file "$T/$f"
	expect_rc 2 "account add with new password file $f refused"
	run as_admin reset-passwords --all --only 5 --new-password-file "$T/$f"
	expect_rc 2 "reset with temporary password file $f refused"
done
run "$ROSTER" --user demo.admin --password-file - list --all <"$T/p129"
expect_rc 2 "a long password on standard input is refused"
expect_err "standard input is longer than 128" "standard input named"
# The cut used to let a different password sharing the first 1023 bytes
# sign in: the admin's own password with more after it is refused.
{ printf 'DemoAdmin1'; long 1100; } >"$T/prefix"; chmod 600 "$T/prefix"
run "$ROSTER" --user demo.admin --password-file "$T/prefix" list --all
expect_rc 2 "a password that only starts with the right one"
expect_eq "$(db_checksum)" "$sum" "refused passwords change nothing"

# 128 characters are fine everywhere.
run as_admin account add --username long.ok --first L --last Ong \
    --type student --grad-year 2030 --new-password-file "$T/p128"
expect_rc 0 "account add with a 128-character password"
run "$ROSTER" --password-file "$T/p128" signin long.ok
expect_rc 0 "sign-in with a 128-character password"

# Upload: a 2000-character password is E43 (nothing applied).
HDR='Portfolio ID,Username,Password,First Name,Last Name,Graduation Year,Group,Email,Account Type'
{ echo "$HDR"; printf ',long.new1,%s,Lena,Ong,2030,,,student\n' "$(long 2000)"; } >"$T/up.csv"
sum=$(db_checksum)
run as_admin import "$T/up.csv" --upload --format json
expect_rc 1 "an upload with a 2000-character password"
expect_out '"E43"' "the row is E43"
expect_out "longer than 128 characters" "E43 says the limit"
expect_eq "$(db_checksum)" "$sum" "nothing uploaded"
{ echo "$HDR"; printf ',long.new2,%s,Lena,Ong,2030,,,student\n' "$(long 128)"; } >"$T/up2.csv"
run as_admin import "$T/up2.csv" --upload
expect_rc 0 "an upload with a 128-character password"

# The status codes list E43.
run "$ROSTER" status-codes
expect_out "E43" "status-codes lists E43"
expect_out "longer than 128 characters" "status-codes says what E43 means"
finish
