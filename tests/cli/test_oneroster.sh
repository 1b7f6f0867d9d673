# OneRoster and Google Workspace out: roster export --format oneroster
# (a folder or a zip) is a valid OneRoster 1.1 bundle (checked by
# tests/oneroster/check_bundle.py against the spec's columns and value
# formats), with the same sourcedIds every time; --format google and
# reset-passwords --google-csv write Google's bulk-update CSV, checked
# column by column against the database.
. "$(dirname "$0")/lib.sh"

CHECK="/usr/bin/python3 $REPO/tests/oneroster/check_bundle.py"
make_demo 60
total=$(sql "SELECT count(*) FROM portfolios p JOIN sites s ON s.id = p.site_id WHERE s.name = 'Demo High School'")
active=$(sql "SELECT count(*) FROM portfolios p JOIN sites s ON s.id = p.site_id WHERE s.name = 'Demo High School' AND p.active = 1")

# 1. A folder, then a zip (told by its name), both valid.
run as_admin export --all --format oneroster -o "$T/or1"
expect_rc 0 "export --format oneroster to a folder"
expect_out "Exported $active portfolios" "the count"
run $CHECK "$T/or1"
expect_rc 0 "the folder is a valid OneRoster 1.1 bundle ($OUT)"
expect_eq "$(stat -c %a "$T/or1")" 700 "the folder is 0700"
expect_eq "$(stat -c %a "$T/or1/users.csv")" 600 "its files are 0600"
run as_admin export --all -o "$T/or1.zip" --format json
expect_rc 0 "export to FILE.zip"
expect_out '"format": "oneroster"' "a .zip is a OneRoster bundle"
run $CHECK "$T/or1.zip"
expect_rc 0 "the zip is a valid OneRoster 1.1 bundle ($OUT)"
expect_eq "$(stat -c %a "$T/or1.zip")" 600 "the zip is 0600"

# 2. Inactive portfolios: enabledUser false; every portfolio once.
run as_admin export --all --inactive --file-format oneroster -o "$T/or-in"
expect_rc 0 "export the inactive ones"
run $CHECK "$T/or-in"
expect_rc 0 "valid ($OUT)"
n=$(tail -n +2 "$T/or-in/users.csv" | grep -c ',false,')
expect_eq "$n" "$((total - active))" "inactive portfolios have enabledUser false"

# 3. sourcedIds are stable: a second export names everyone the same.
run as_admin export --all --format oneroster -o "$T/or2"
ids1=$(cut -d, -f1 "$T/or1/users.csv" | sort)
ids2=$(cut -d, -f1 "$T/or2/users.csv" | sort)
expect_eq "$ids1" "$ids2" "the same sourcedIds every time"
# The graduation year rides along exactly; staff are teachers.
id=$(sql "SELECT id FROM portfolios WHERE username = 'demo.student'")
year=$(sql "SELECT grad_year FROM portfolios WHERE id = $id")
line=$(grep ',demo.student,' "$T/or1/users.csv" | tr -d '\r')
case "$line" in *",$id,"*",$year") ok ;; *) not_ok "demo.student's row: $line" ;; esac
case "$(grep ',demo.staff,' "$T/or1/users.csv")" in *",teacher,"*) ok ;; *) not_ok "staff are teachers" ;; esac
case "$(grep ',demo.admin,' "$T/or1/users.csv")" in *",administrator,"*) ok ;; *) not_ok "admins are administrators" ;; esac

# 4. Never over anything; nothing half-written.
run as_admin export --all --format oneroster -o "$T/or1"
expect_rc 2 "an existing folder is refused"
expect_err "already exists" "and says so"
run as_admin export --all --format oneroster -o -
expect_rc 2 "-o - is refused for a bundle"
run as_admin export --all --format oneroster -o "$T/nowhere/or.zip"
expect_rc 3 "a folder that does not exist"
expect_eq "$(ls -A "$T" | grep -c '^\.or')" 0 "no temporary left behind"
if db_is_pg; then
	# A PostgreSQL database has no side files beside it; what may never
	# be written over there is a password file roster was given.
	pw_before=$(cat "$T/admin.pw")
	run as_admin export --all --format oneroster -o "$T/admin.pw"
	expect_rc 2 "never the password file in use"
	run as_admin export --all --format google -o "$T/admin.pw"
	expect_rc 2 "nor for the Google CSV"
	expect_eq "$(cat "$T/admin.pw")" "$pw_before" "the password file as it was"
else
	run as_admin export --all --format oneroster -o "$ROSTER_DB-journal"
	expect_rc 2 "never the database's side file, even one not there"
	run as_admin export --all --format google -o "$ROSTER_DB-wal"
	expect_rc 2 "nor for the Google CSV"
	expect_eq "$(ls -d "$ROSTER_DB-journal" 2>/dev/null)" "" "nothing made"
fi
run as_admin export --all --format nonsense -o "$T/x"
expect_rc 2 "an unknown format"
expect_err "oneroster or google" "names the choices"

# 5. Google Workspace, column by column.
run as_admin export --all --format google -o "$T/g.csv"
expect_rc 0 "export --format google"
expect_eq "$(stat -c %a "$T/g.csv")" 600 "the Google CSV is 0600"
noemail=$(sql "SELECT count(*) FROM portfolios p JOIN sites s ON s.id = p.site_id WHERE s.name = 'Demo High School' AND p.active = 1 AND coalesce(p.email, '') = ''")
expect_out "Left out (no email address, which Google needs): $noemail" "portfolios without an email are listed"
sql "SELECT first, last, email FROM portfolios p JOIN sites s ON s.id = p.site_id WHERE s.name = 'Demo High School' AND p.active = 1 AND coalesce(p.email, '') <> '' ORDER BY email" >"$T/want"
/usr/bin/python3 - "$T/g.csv" "$T/want" >"$T/gcheck" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
want = sorted(l.rstrip("\n").split("|") for l in open(sys.argv[2], encoding="utf-8"))
head = ["First Name [Required]", "Last Name [Required]",
        "Email Address [Required]", "Password [Required]",
        "Password Hash Function [UPLOAD ONLY]", "Org Unit Path [Required]",
        "Change Password at Next Sign-In"]
bad = []
if rows[0] != head:
    bad.append("header %r" % rows[0])
got = sorted(r[:3] for r in rows[1:])
if got != want:
    bad.append("names/emails differ: %r vs %r" % (got[:2], want[:2]))
for r in rows[1:]:
    if r[3:] != ["****", "", "/", ""]:
        bad.append("row %r" % r)
print("\n".join(bad) if bad else "ok")
PY
expect_eq "$(cat "$T/gcheck")" ok "the Google CSV, column by column"

# 6. reset-passwords --google-csv: the same new passwords, TRUE, 0600.
secret "$T/tmp.pw" 'Temporary9x'
run as_admin reset-passwords --grad-year "$year" --new-password-file "$T/tmp.pw" --google-csv "$T/reset.csv"
expect_rc 0 "reset with --google-csv"
expect_out "Google Workspace CSV for" "says where"
expect_eq "$(stat -c %a "$T/reset.csv")" 600 "0600"
sql "SELECT first || ',' || last || ',' || email FROM portfolios WHERE grad_year = $year AND active = 1 AND sso IS NULL AND coalesce(email, '') <> '' ORDER BY email" >"$T/want2"
tail -n +2 "$T/reset.csv" | tr -d '\r' | sort -t, -k3 >"$T/got2"
cut -d, -f1-3 "$T/got2" >"$T/got2a"
sort -t, -k3 "$T/want2" >"$T/want2s"
expect_eq "$(cat "$T/got2a")" "$(cat "$T/want2s")" "one row per reset portfolio with an email"
expect_eq "$(cut -d, -f4- "$T/got2" | sort -u)" "Temporary9x,,/,TRUE" "the new password, TRUE for a temporary one"
left=$(sql "SELECT count(*) FROM portfolios WHERE grad_year = $year AND active = 1 AND sso IS NULL AND coalesce(email, '') = ''")
[ "$left" -gt 0 ] && ok || not_ok "the demo has portfolios without email in $year"
expect_out "left out of the Google CSV (no email address): $left" "those without an email are listed"
run as_admin reset-passwords --grad-year "$year" --new-password-file "$T/tmp.pw" --google-csv "$T/reset.csv"
expect_rc 2 "an existing Google CSV is refused"
expect_err "already exists" "and says so"
run as_admin reset-passwords --grad-year "$year" --generate --slips "$T/slips.csv" --google-csv "$T/gen.csv" --format json
expect_rc 0 "--generate with --google-csv"
expect_out '"google": {"file": ' "JSON names it"
/usr/bin/python3 - "$T/slips.csv" "$T/gen.csv" >"$T/gen.check" <<'PY'
import csv, sys
slips = {r["First Name"] + "/" + r["Last Name"]: r["Temporary Password"]
         for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline=""))}
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8", newline="")))
bad = [r for r in rows if slips.get(r["First Name [Required]"] + "/" + r["Last Name [Required]"]) != r["Password [Required]"]]
print("ok" if rows and not bad else "differ: %r" % bad[:1])
PY
expect_eq "$(cat "$T/gen.check")" ok "the Google CSV holds the slips' passwords"
finish
