# The authorization matrix: every command as student, staff, site admin
# and district account, on their own site and on another (undo of
# batches over students, staff and admins, and unlock, included).  Allowed where
# SPEC (and the roles' rules) allow it; exit 5 otherwise, with nothing
# changed (db_checksum).  Then the SSO lock on every path: the reset task,
# the upload, a single change of password, and undo.
. "$(dirname "$0")/lib.sh"

make_demo 60
DEMO='Demo High School'
OTHER='North School'
secret "$T/student.pw" 'DemoStudent1'
secret "$T/new.pw" 'Fresh2Pass'
as_district site add "$OTHER" >/dev/null
as_district --site "$OTHER" group add 'Period 1' >/dev/null
as_district --site "$DEMO" group add 'North Only Not' >/dev/null
secret "$T/north.pw" 'NorthAdmin1'
as_district --site "$OTHER" account add --username north.admin --first N \
    --last Admin --type admin --new-password-file "$T/north.pw" >/dev/null

# The acting accounts: USER PASSWORD-FILE.
acct() {
	case $1 in
	student) echo "demo.student $T/student.pw" ;;
	staff) echo "demo.staff $T/staff.pw" ;;
	admin) echo "demo.admin $T/admin.pw" ;;
	district) echo "district1 $T/district.pw" ;;
	esac
}
# Sign each in once, so that the re-hash at the test cost is done
# before any checksum is taken.
for r in student staff admin district; do
	set -- $(acct $r)
	"$ROSTER" signin "$1" --password-file "$2" >/dev/null 2>&1
done

# Setup goes through the program itself (not valgrind's wrapper).
setup() { "$ROSTER_FAST" --user district1 --password-file "$T/district.pw" "$@"; }
# A number never used before (the helpers run in subshells).
echo 0 >"$T/n"
next_n() { N=$(($(cat "$T/n") + 1)); echo $N >"$T/n"; }
# A fresh student of SITE (its id), made by the district account.
fresh() {
	next_n
	setup --site "$1" account add --username "authz.kid$N" --first Kim \
	    --last "Kid$N" --type student --grad-year 2030 --group 'Period 1' \
	    --new-password-file "$T/new.pw" >/dev/null || echo "fresh failed" >&2
	sql "SELECT id FROM portfolios WHERE username = 'authz.kid$N'"
}
# upload_line ID FIRST PASSWORD: the portfolio's row of an upload file.
upload_line() {
	sql "SELECT p.id, p.username, '$3', '$2', p.last, coalesce(p.grad_year, ''), coalesce(g.name, ''), coalesce(p.email, ''), p.type FROM portfolios p LEFT JOIN groups g ON g.id = p.group_id WHERE p.id = $1" | tr '|' ,
}
HDR='Portfolio ID,Username,Password,First Name,Last Name,Graduation Year,Group,Email,Account Type'

# The matrix: COMMAND | who may, on their own site | who may, on another.
# (district accounts may act on any site; staff and site admins on their
# own; students on none.  Group and settings changes and staff/admin
# accounts are for site admins and up, sites for district accounts.)
MATRIX='
site-add       | district              | district
site-list      | district              | district
group-add      | admin district        | district
group-list     | staff admin district  | district
add-student    | staff admin district  | district
add-staff      | admin district        | district
add-admin      | admin district        | district
list           | staff admin district  | district
reset          | staff admin district  | district
move-group     | staff admin district  | district
set-grad-year  | staff admin district  | district
deactivate     | staff admin district  | district
reactivate     | staff admin district  | district
batches        | staff admin district  | district
undo           | staff admin district  | district
undo-staff     | admin district        | district
undo-admin     | admin district        | district
unlock         | admin district        | district
audit          | staff admin district  | district
export         | staff admin district  | district
trial-run      | staff admin district  | district
upload         | staff admin district  | district
settings-show  | staff admin district  | district
settings-set   | district              | district
'

# args CASE SITE: prepares what the case needs on SITE and prints the
# command's arguments, one a line.
args() {
	case $1 in
	site-add) next_n; echo site; echo add; echo "Site $N" ;;
	site-list) echo site; echo list ;;
	group-add) next_n; echo group; echo add; echo "Group $N" ;;
	group-list) echo group; echo list ;;
	add-student|add-staff|add-admin)
		next_n; t=${1#add-}
		printf '%s\n' account add --username "authz.new$N" --first New \
		    --last "Acct$N" --type "$t" --new-password-file "$T/new.pw"
		[ "$t" = student ] && printf '%s\n' --grad-year 2030 ;;
	list) printf '%s\n' list --all ;;
	reset) printf '%s\n' reset-passwords --all --only "$(fresh "$2")" \
		    --new-password-file "$T/new.pw" ;;
	move-group) printf '%s\n' move-group --all --only "$(fresh "$2")" --to 'Period 1' ;;
	set-grad-year) printf '%s\n' set-grad-year --all --only "$(fresh "$2")" --year 2031 ;;
	deactivate) printf '%s\n' deactivate --all --only "$(fresh "$2")" ;;
	reactivate)
		id=$(fresh "$2")
		setup --site "$2" deactivate --all --only "$id" >/dev/null
		printf '%s\n' reactivate --all --only "$id" ;;
	batches) printf '%s\n' batches ;;
	undo)
		id=$(fresh "$2")
		b=$(setup --site "$2" set-grad-year --all --only "$id" --year 2032 |
		    sed -n 's/^batch \([0-9]*\):.*/\1/p')
		printf '%s\n' undo "$b" ;;
	undo-staff|undo-admin)
		# A batch of the district's over a student and a staff or
		# admin portfolio: staff may not undo it, even in part.
		next_n; t=${1#undo-}
		setup --site "$2" account add --username "authz.$t$N" --first Ada \
		    --last "Min$N" --type "$t" --new-password-file "$T/new.pw" >/dev/null
		id=$(sql "SELECT id FROM portfolios WHERE username = 'authz.$t$N'")
		b=$(setup --site "$2" reset-passwords --all --only "$(fresh "$2"),$id" \
		    --new-password-file "$T/new.pw" | sed -n 's/^batch \([0-9]*\):.*/\1/p')
		printf '%s\n' undo "$b" ;;
	unlock)
		id=$(fresh "$2")
		u=$(sql "SELECT username FROM portfolios WHERE id = $id")
		for i in 1 2 3 4 5; do
			"$ROSTER_FAST" --user "$u" --password-file "$T/staff.pw" \
			    list --all >/dev/null 2>&1
		done
		printf '%s\n' unlock "$u" ;;
	audit) printf '%s\n' audit ;;
	export) next_n; printf '%s\n' export --all -o "$T/ex$N.csv" ;;
	trial-run|upload)
		id=$(fresh "$2")
		{ echo "$HDR"; upload_line "$id" Kimberly ''; } >"$T/up$id.csv"
		printf '%s\n' import "$T/up$id.csv" "--$1" ;;
	settings-show) printf '%s\n' settings ;;
	settings-set) printf '%s\n' settings signin.max_failures 5 ;;
	esac
}

echo "$MATRIX" | while IFS='|' read -r case own other; do
	case=$(echo $case)
	[ -n "$case" ] || continue
	for role in student staff admin district; do
		for where in own other; do
			site=$DEMO; allowed=$own
			[ $where = other ] && { site=$OTHER; allowed=$other; }
			set -- $(acct $role)
			user=$1; pwf=$2
			# Arguments (and what they need) are made before the
			# checksum; IFS keeps spaces inside them.
			old_ifs=$IFS; IFS='
'
			set -- $(args "$case" "$site")
			IFS=$old_ifs
			sum=$(db_checksum)
			run "$ROSTER" --user "$user" --password-file "$pwf" --site "$site" "$@"
			case " $allowed " in
			*" $role "*)
				expect_rc 0 "$case as $role on $where site" ;;
			*)
				expect_rc 5 "$case as $role on $where site"
				expect_eq "$(db_checksum)" "$sum" "$case as $role on $where site: nothing changed"
				case "$ERR" in
				*"may not"*|*"only on its own site"*|*"cannot"*) ok ;;
				*) not_ok "$case as $role on $where site: the refusal says why: $ERR" ;;
				esac ;;
			esac
		done
	done
	echo "$PASSED $FAILED" >"$T/counts"
done
read PASSED FAILED <"$T/counts"

# Without --site, staff and site admins act on their own site; the other
# site's portfolios, groups and batches are not theirs to name.
sum=$(db_checksum)
NID=$(fresh "$OTHER")
NB=$(setup --site "$OTHER" set-grad-year --all --only "$NID" --year 2033 | sed -n 's/^batch \([0-9]*\):.*/\1/p')
sum=$(db_checksum)
for role in staff admin; do
	set -- $(acct $role)
	run "$ROSTER" --user "$1" --password-file "$2" reset-passwords --all --only "$NID" --new-password-file "$T/new.pw"
	# (an id outside the list is no portfolio of the selection)
	expect_out "0 selected" "$role: another site's portfolio by id selects nothing"
	run "$ROSTER" --user "$1" --password-file "$2" undo "$NB"
	[ "$RC" != 0 ] && ok || not_ok "$role: undo of another site's batch"
	{ echo "$HDR"; upload_line "$NID" Kim Other1Site; } >"$T/cross.csv"
	run "$ROSTER" --user "$1" --password-file "$2" import "$T/cross.csv" --upload --format json
	expect_rc 1 "$role: an upload naming another site's portfolio"
	expect_out '"E20"' "$role: another site's portfolio is E20"
	run "$ROSTER" --user "$1" --password-file "$2" list --all --format csv
	expect_no_out ",$(sql "SELECT username FROM portfolios WHERE id = $NID")," "$role: another site's portfolio is not listed"
	expect_eq "$(db_checksum)" "$sum" "$role: nothing of another site changed"
done

# Students: signing in as themselves is all they may do.
run "$ROSTER" signin demo.student --password-file "$T/student.pw"
expect_rc 0 "a student signs in as itself"
run "$ROSTER" --user demo.student --password-file "$T/student.pw" status-codes
expect_rc 0 "status-codes needs no account"

# ---- the SSO lock ----
SSO=$(sql "SELECT id FROM portfolios WHERE sso IS NOT NULL AND active = 1 AND site_id = (SELECT id FROM sites WHERE name = '$DEMO') ORDER BY id LIMIT 1")
SSO_U=$(sql "SELECT username FROM portfolios WHERE id = $SSO")
sso_state() { sql "SELECT username, coalesce(password_hash, '-'), temp_password, version FROM portfolios WHERE id = $SSO"; }
S0=$(sso_state)

# The reset task skips it (E90) and leaves it as it was.
PLAIN=$(sql "SELECT id FROM portfolios WHERE sso IS NULL AND active = 1 AND type = 'student' AND username NOT LIKE 'demo.%' ORDER BY id LIMIT 1")
run as_admin reset-passwords --all --only "$SSO,$PLAIN" --new-password-file "$T/new.pw"
expect_rc 0 "a reset with an SSO-linked portfolio runs for the others"
expect_out "E90" "the SSO-linked portfolio is skipped as E90"
expect_eq "$(sso_state)" "$S0" "reset: the SSO-linked portfolio is unchanged"
run as_admin reset-passwords --all --only "$SSO" --new-password-file "$T/new.pw"
expect_rc 5 "a reset of only SSO-linked portfolios is refused"
expect_eq "$(sso_state)" "$S0" "reset of it alone: unchanged"

# The upload: a new password or username for it is E90, nothing applied.
as_admin export --all --only "$SSO" -o "$T/sso.csv" >/dev/null
tr -d '\r' <"$T/sso.csv" | awk -F, -v OFS=, 'NR == 2 { $3 = "Sso1Pass" } { print }' >"$T/sso-pw.csv"
tr -d '\r' <"$T/sso.csv" | awk -F, -v OFS=, 'NR == 2 { $2 = $2 "x" } { print }' >"$T/sso-user.csv"
sum=$(db_checksum)
for f in sso-pw sso-user; do
	run as_admin import "$T/$f.csv" --upload --format json
	expect_rc 1 "upload $f: rows with errors"
	expect_out '"status": "E90"' "upload $f: E90"
done
expect_eq "$(db_checksum)" "$sum" "upload: nothing applied"

# A single change: an SSO-linked account that signs in here (one made with
# a password, then marked temporary as a stale reset would leave it) is not
# asked for, and may not set, a new password.
secret "$T/sso.pw" 'SsoLinked1'
as_admin account add --username sso.staffer --first Sam --last Sso --type staff \
    --sso clever --new-password-file "$T/sso.pw" >/dev/null
sql "UPDATE portfolios SET temp_password = 1 WHERE username = 'sso.staffer'"
h0=$(sql "SELECT password_hash FROM portfolios WHERE username = 'sso.staffer'")
run "$ROSTER" signin sso.staffer --password-file "$T/sso.pw" --new-password-file "$T/new.pw"
expect_rc 0 "an SSO-linked account signs in without a forced change"
expect_no_out "New password set" "no new password for an SSO-linked account"
expect_eq "$(sql "SELECT password_hash FROM portfolios WHERE username = 'sso.staffer'")" "$h0" "its password is unchanged"

# Undo: a portfolio reset by a batch and linked to Clever since (by a sync
# that did not touch its version) keeps its credentials.
K=$(fresh "$DEMO")
B=$(ROSTER=$ROSTER_FAST as_admin reset-passwords --all --only "$K" --new-password-file "$T/new.pw" | sed -n 's/^batch \([0-9]*\):.*/\1/p')
sql "UPDATE portfolios SET sso = 'clever', sso_id = 'c-$K' WHERE id = $K"
sum=$(db_checksum)
run as_admin undo "$B"
expect_rc 5 "undo may not change an SSO-linked portfolio's password"
expect_err "linked to Clever" "undo: the refusal names the SSO link"
expect_eq "$(db_checksum)" "$sum" "undo refused: nothing changed"
# Without the link the same undo goes through.
sql "UPDATE portfolios SET sso = NULL, sso_id = NULL WHERE id = $K"
run as_admin undo "$B"
expect_rc 0 "the same undo without the link"

# Lockout holds on the admin path (--user) as on signin: five wrong
# passwords lock demo.staff; then even the right one is refused, and the
# refusal says so only to whoever knows the password.
secret "$T/wrong.pw" 'Wrong1Guess'
for i in 1 2 3 4 5; do
	run "$ROSTER" --user demo.staff --password-file "$T/wrong.pw" list --all
	expect_rc 5 "wrong staff password $i"
	expect_err "wrong username or password" "wrong password $i: the same words as for an unknown user"
done
run as_staff list --all
expect_rc 5 "a locked staff account is refused its right password"
expect_err "locked" "the lock is named to who knows the password"
run "$ROSTER" --user demo.staff --password-file "$T/wrong.pw" list --all
expect_err "wrong username or password" "a wrong password on a locked account says nothing of the lock"

finish
