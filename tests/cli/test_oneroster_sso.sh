# OneRoster and SSO: a bundle's userIds entry {Clever:ID} / {ClassLink:ID}
# links a portfolio roster has (W34, a change "SSO: (blank) → Clever" that
# the upload makes and undo takes back), and from then on the SSO lock
# holds for bundle rows (W32: username and password stay).
. "$(dirname "$0")/lib.sh"

B="$REPO/tests/data/oneroster"
make_demo 60
site="--site Demo High School"
py() { /usr/bin/python3 -c "$1" "$T/out.json"; }
jrow() { py "import json,sys; p=json.load(open(sys.argv[1])); print([r for r in p['rows'] if r['username']=='$1'])"; }

# The 1.1 bundle with userIds: a Clever id among others, a ClassLink id
# (type in any case, spaces inside the braces), a Clever id for a user
# roster does not have yet, and for one already linked.
mkdir "$T/b"; cp "$B"/v11/*.csv "$T/b/"
sed -i 's/^u-1001,\(.*\),ihernandez00001,,/u-1001,\1,ihernandez00001,"{Fed:77},{Clever:cl-1001}",/
s/^u-2001,\(.*\),demo.staff,,/u-2001,\1,demo.staff,{classlink: ck-2001 },/
s/^u-1002,\(.*\),new.student1,,/u-1002,\1,new.student1,{Clever:cl-1002},/
s/^u-1006,\(.*\),sclark00025,,/u-1006,\1,sclark00025,{ClassLink:other},/' "$T/b/users.csv"
grep -q 'cl-1001' "$T/b/users.csv" && grep -q 'ck-2001' "$T/b/users.csv" || { not_ok "the fixture edit"; finish; }
sso_before=$(sql "SELECT sso, sso_id FROM portfolios WHERE username = 'sclark00025'")

run as_admin import "$T/b" --trial-run --format json
expect_rc 0 "trial run of a bundle with userIds"
printf '%s' "$OUT" >"$T/out.json"
case "$(jrow ihernandez00001)" in
*"'UPD'"*"'field': 'SSO', 'old': None, 'new': 'Clever'"*"cl-1001"*"'W34'"*) ok ;;
*) not_ok "{Clever:ID} links: W34 and an SSO change: $(jrow ihernandez00001)" ;; esac
case "$(jrow demo.staff)" in
*"'UPD'"*"'field': 'SSO', 'old': None, 'new': 'ClassLink'"*"ck-2001"*"'W34'"*) ok ;;
*) not_ok "{classlink: ID} links, case and spaces ignored: $(jrow demo.staff)" ;; esac
case "$(jrow new.student1)" in *"'NEW'"*"W34"*|*"'SSO'"*) not_ok "a new user is not linked: $(jrow new.student1)" ;; *"'NEW'"*) ok ;;
*) not_ok "new.student1 is new: $(jrow new.student1)" ;; esac
case "$(jrow sclark00025)" in *"W34"*|*"'SSO'"*) not_ok "an already linked portfolio is not linked again: $(jrow sclark00025)" ;; *"W32"*) ok ;;
*) not_ok "sclark00025 keeps W32: $(jrow sclark00025)" ;; esac

# The table and the legend say so.
run as_admin import "$T/b" --trial-run
expect_out "SSO: (blank) → Clever" "the table shows the link as a change"
run as_admin status-codes
expect_out "W34" "roster status-codes lists W34"

# A linking row is under the lock already: the bundle's password for it
# is not taken (nor a new username: the sourcedId u-1001, kept once
# uploaded, would find it).
mkdir "$T/c"; cp "$T/b"/*.csv "$T/c/"
/usr/bin/python3 -c "import sys; p=sys.argv[1]; s=open(p).read().replace(',09,\n', ',09,Changed2026x\n', 1); open(p, 'w').write(s)" "$T/c/users.csv"
grep -q 'Changed2026x' "$T/c/users.csv" || not_ok "the fixture edit (password)"
run as_admin import "$T/c" --trial-run --format json
printf '%s' "$OUT" >"$T/out.json"
case "$(jrow ihernandez00001)" in *"'Username'"*|*"'Password'"*) not_ok "a linking row changes no username or password: $(jrow ihernandez00001)" ;;
*"W32"*"W34"*) ok ;; *) not_ok "W32 and W34 on the linking row: $(jrow ihernandez00001)" ;; esac

# The upload links them; nobody else.
hash_before=$(sql "SELECT password_hash FROM portfolios WHERE username = 'ihernandez00001'")
staff_hash=$(sql "SELECT password_hash FROM portfolios WHERE username = 'demo.staff'")
[ -n "$staff_hash" ] || not_ok "demo.staff has a password to keep"
# Linking locks the sign-in here: the hold counts it as a credential
# change.
run as_admin import "$T/c" --upload --confirm 0
expect_rc 2 "a link is a credential change for the hold"
expect_err "of 2 portfolios" "the two links counted"
run as_admin import "$T/c" --upload --confirm 2
expect_rc 0 "upload"
batch=$(sql "SELECT max(id) FROM batches")
expect_eq "$(sql "SELECT username, sso, sso_id FROM portfolios WHERE username IN ('ihernandez00001', 'demo.staff', 'new.student1') ORDER BY username")" \
"demo.staff|classlink|ck-2001
ihernandez00001|clever|cl-1001
new.student1||" "linked by the upload: only the portfolios roster had"
expect_eq "$(sql "SELECT password_hash FROM portfolios WHERE username = 'ihernandez00001'")" "$hash_before" "the linking row's password was not taken"
expect_eq "$(sql "SELECT sso, sso_id FROM portfolios WHERE username = 'sclark00025'")" "$sso_before" "an existing link is left as it is"
expect_eq "$(sql "SELECT count(*) FROM audit WHERE field = 'SSO' AND new_value = 'clever' AND username = 'ihernandez00001'")" 1 "the audit records the link"

# From then on the lock holds: the same bundle again changes nothing of
# theirs (W32, no W34), even under a new username.
sed -i 's/,ihernandez00001,"{Fed/,ines.h2026,"{Fed/' "$T/c/users.csv"
run as_admin import "$T/c" --trial-run --format json
printf '%s' "$OUT" >"$T/out.json"
case "$(jrow ihernandez00001)" in *"W34"*|*"'Username'"*|*"'Password'"*) not_ok "linked: no second link, no username or password: $(jrow ihernandez00001)" ;;
*"W32"*) ok ;; *) not_ok "linked: W32: $(jrow ihernandez00001)" ;; esac

# Undo takes the link back.
run as_admin undo "$batch"
expect_rc 0 "undo the linking upload"
expect_eq "$(sql "SELECT count(*) FROM portfolios WHERE username IN ('ihernandez00001', 'demo.staff') AND sso IS NULL AND sso_id IS NULL")" 2 "undo unlinks them"
expect_eq "$(sql "SELECT password_hash FROM portfolios WHERE username = 'demo.staff'")" "$staff_hash" "undo keeps the password of a portfolio the batch only linked"

# The same for a row that only deactivates: its batch item holds the
# password, so undo gives the portfolio back with it.
mkdir "$T/d"; cp "$B"/v11/*.csv "$T/d/"
sed -i 's/^u-2001,,/u-2001,tobedeleted,/' "$T/d/users.csv"
run as_admin import "$T/d" --upload --confirm 0
expect_rc 0 "upload a bundle that deactivates demo.staff"
expect_eq "$(sql "SELECT active FROM portfolios WHERE username = 'demo.staff'")" 0 "deactivated"
run as_admin undo "$(sql "SELECT max(id) FROM batches")"
expect_rc 0 "undo it"
expect_eq "$(sql "SELECT active, password_hash FROM portfolios WHERE username = 'demo.staff'")" "1|$staff_hash" "undo reactivates it with its password"
finish
