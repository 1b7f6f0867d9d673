# OneRoster in: roster import reads a 1.1 or 1.2 bundle (folder or zip)
# through the same trial-run engine as its own file, with the awkward
# cases of tests/data/oneroster (README there); roster → OneRoster →
# roster is all SAME.
. "$(dirname "$0")/lib.sh"

B="$REPO/tests/data/oneroster"
make_demo 60
site="--site Demo High School"
# The school year (1 August to 31 July) by the year it ends in.
sy=$(date -u +%Y); [ "$(date -u +%-m)" -ge 8 ] && sy=$((sy + 1))
py() { /usr/bin/python3 -c "$1" "$T/out.json"; }
jrow() { # jrow USERNAME: the row of the last JSON plan, as Python repr
	py "import json,sys; p=json.load(open(sys.argv[1])); print([r for r in p['rows'] if r['username']=='$1'])"
}

# 1. A 1.1 bundle: the mapping, row by row.
run as_admin import "$B/v11" --trial-run --format json
expect_rc 0 "trial run of the 1.1 bundle"
printf '%s' "$OUT" >"$T/out.json"
expect_out '"format": "oneroster"' "told from its files"
expect_out '"version": "1.1"' "version 1.1 from users.csv's header"
expect_out '"summary": {"rows": 6,' "six users of this site with a roster role"
expect_out '"source": "users.csv:2"' "rows refer to users.csv lines"
case "$(jrow ihernandez00001)" in
*"'Last Name', 'old': 'Hernandez', 'new': 'Hernandez-Ruiz'"*"'Group', 'old': 'Period 3', 'new': 'Period 1'"*) ok ;;
*) not_ok "a changed name and the homeroom class as group: $(jrow ihernandez00001)" ;; esac
case "$(jrow new.student1)" in *"'status': 'NEW'"*) ok ;; *) not_ok "a user in two orgs, one of them this site, is new" ;; esac
case "$(jrow jhall00002)" in *"'field': 'Active', 'old': 'yes', 'new': 'no'"*"W33"*) ok ;;
*) not_ok "tobedeleted deactivates (W33): $(jrow jhall00002)" ;; esac
case "$(jrow sclark00025)" in *"W32"*) ok ;; *) not_ok "the SSO lock (W32): $(jrow sclark00025)" ;; esac
case "$(jrow sclark00025)" in *"'Password'"*|*"'Username'"*) not_ok "an SSO-linked portfolio keeps username and password" ;; *) ok ;; esac
case "$(jrow demo.staff)$(jrow demo.admin)" in *"'SAME'"*"'SAME'"*) ok ;; *) not_ok "teacher → staff, administrator → admin: SAME" ;; esac
left=$(py "import json,sys; p=json.load(open(sys.argv[1]))['oneroster']; print(sorted((l['source'], l['username'], l['code']) for l in p['left_out']), p['other_orgs'])")
expect_eq "$left" "[('users.csv:11', 'helper.one', 'W30'), ('users.csv:6', 'parent.one', 'W30'), ('users.csv:8', 'ghost.user', 'W31')] 1" \
    "a guardian and an aide (W30), a disabled stranger (W31) left out; one user of another school"
nm=$(py "import json,sys; p=json.load(open(sys.argv[1]))['oneroster']; print(len(p['not_mentioned']), 'umacdonald00003' in p['not_mentioned'])")
active=$(sql "SELECT count(*) FROM portfolios WHERE site_id = 1 AND active = 1")
expect_eq "$nm" "$((active - 5)) True" "the portfolios the bundle does not mention are listed"
fp=$(py "import json,sys; print(json.load(open(sys.argv[1]))['fingerprint'])")

# The table says the same, with users.csv:N.
run as_admin import "$B/v11" --trial-run
expect_out "users.csv:7" "the table names users.csv lines"
expect_out "left out: parent.one" "and the users left out"
expect_out "not in the bundle (left as they are)" "and the portfolios not mentioned"

# 2. The upload: one batch, sourcedIds kept, undo.
hash_before=$(sql "SELECT password_hash FROM portfolios WHERE username = 'sclark00025'")
run as_admin import "$B/v11" --upload --expect "$fp"
expect_rc 0 "upload of the 1.1 bundle"
expect_eq "$(sql "SELECT grad_year, g.name, type, sourced_id FROM portfolios p JOIN groups g ON g.id = p.group_id WHERE username = 'new.student1'")" \
    "$((sy + 2))|Period 2|student|u-1002" "the new student: grade 10 → year, homeroom group, sourcedId kept"
expect_eq "$(sql "SELECT active FROM portfolios WHERE username = 'jhall00002'")" 0 "tobedeleted: deactivated"
expect_eq "$(sql "SELECT sourced_id FROM portfolios WHERE username = 'ihernandez00001'")" u-1001 "the sourcedId is kept on matched portfolios"
expect_eq "$(sql "SELECT password_hash FROM portfolios WHERE username = 'sclark00025'")" "$hash_before" "the SSO-linked password is untouched"
expect_eq "$(sql "SELECT count(*) FROM portfolios WHERE username IN ('parent.one', 'ghost.user', 'north.kid', 'helper.one')")" 0 "nobody left out was created"
expect_eq "$(sql "SELECT count(*) FROM portfolios WHERE site_id = 1 AND active = 1")" "$((active))" "nobody else was deactivated"
batch=$(sql "SELECT max(id) FROM batches")
run as_admin undo "$batch"
expect_rc 0 "undo of the bundle's batch"
expect_eq "$(sql "SELECT active, last FROM portfolios WHERE username IN ('jhall00002', 'ihernandez00001') ORDER BY username")" \
    "1|Hernandez
1|Hall" "undo restores them"

# 3. A username changed in the SIS: matched by sourcedId, an update.
run as_admin import "$B/v11" --upload --confirm 0
expect_rc 0 "upload again"
mkdir "$T/renamed"; cp "$B"/v11/*.csv "$T/renamed/"
sed -i 's/,ihernandez00001,/,ines.hernandez,/; s/^u-1002,/u-9002,/' "$T/renamed/users.csv"
run as_admin import "$T/renamed" --trial-run --format json
printf '%s' "$OUT" >"$T/out.json"
case "$(jrow ines.hernandez)" in *"'UPD'"*"'Username', 'old': 'ihernandez00001', 'new': 'ines.hernandez'"*) ok ;;
*) not_ok "a username changed in the SIS is an update: $(jrow ines.hernandez)" ;; esac
# A sourcedId changed in the SIS: found by username, the new one kept.
nid=$(sql "SELECT id FROM portfolios WHERE username = 'new.student1'")
case "$(jrow new.student1)" in *"'UPD'"*"'portfolio_id': $nid,"*) ok ;; *) not_ok "a new sourcedId, same user: found by username: $(jrow new.student1)" ;; esac
run as_admin import "$T/renamed" --upload
expect_rc 0 "upload the renamed bundle"
expect_eq "$(sql "SELECT sourced_id FROM portfolios WHERE username = 'new.student1'")" u-9002 "the new sourcedId replaces the old"

# 4. 1.2: roles.csv, primaryOrgSourcedId.
run as_admin import "$B/v12" --trial-run --format json
expect_rc 0 "trial run of the 1.2 bundle"
printf '%s' "$OUT" >"$T/out.json"
expect_out '"version": "1.2"' "version 1.2 from users.csv's header"
case "$(jrow mmartinez00004)" in *"'Email'"*"mason.martinez@demo-school.example"*) ok ;; *) not_ok "1.2 email change" ;; esac
case "$(jrow new.teacher1)" in *"'NEW'"*) ok ;; *) not_ok "1.2 new teacher" ;; esac
case "$(jrow umacdonald00003)" in *"'row': 4"*) ok ;; *) not_ok "a secondary role at this site counts: $(jrow umacdonald00003)" ;; esac
expect_out '"code": "W30", "message": "role \"parent\"' "1.2 parent left out"

# 5. Windows line ends and BOMs; a zip; manifest's absent files.
run as_admin import "$B/crlf_bom" --trial-run --format json
expect_rc 0 "CRLF and BOM"
expect_out '"new": "Allen-Ng"' "read through the BOM and CRLF"
(cd "$B/v11" && zip -q -X "$T/v11.zip" ./*.csv)
run as_admin import "$T/v11.zip" --trial-run --format json
expect_rc 0 "a zip bundle"
expect_out '"format": "oneroster"' "a zip that is no workbook is a bundle"
run as_admin import "$B/absent" --trial-run --format json
expect_out '"same": 1' "enrollments marked absent are not read: the group stays"

# 6. Refused: what is missing is named (exit 3).
run as_admin import "$B/missing_column" --trial-run
expect_rc 3 "a missing required column"
expect_err "users.csv: the required column givenName is missing" "names file and column"
run as_admin import "$B/no_manifest" --trial-run --format json
expect_rc 3 "no manifest"
expect_out "manifest.csv is missing" "names manifest.csv"
run as_admin import "$B/users_absent" --trial-run
expect_rc 3 "users.csv marked absent"
expect_err "marks users.csv absent" "says so"
mkdir "$T/elsewhere"; cp "$B"/v11/*.csv "$T/elsewhere/"
sed -i 's/Demo High School/Elsewhere Academy/' "$T/elsewhere/orgs.csv"
run as_admin import "$T/elsewhere" --trial-run
expect_rc 1 "a bundle with no org of this site"
expect_out "E12" "E12"
run as_admin import "$B/v11" --trial-run --group-from 'MATH*'
expect_rc 1 "--group-from a class that is no group"
expect_out "E70" "E70 names it"

# 7. --deactivate-missing: the portfolios the bundle does not mention
# become rows (0) that deactivate them; never the admin's own.
act=$(sql "SELECT count(*) FROM portfolios WHERE site_id = 1 AND active = 1")
run as_admin import "$B/crlf_bom" --trial-run --deactivate-missing --format json
expect_rc 0 "trial run with --deactivate-missing"
printf '%s' "$OUT" >"$T/out.json"
n=$(py "import json,sys; p=json.load(open(sys.argv[1])); print(sum(1 for r in p['rows'] if r.get('source') == 'not in the bundle' and 'W33' in r.get('warnings', [])), p['oneroster']['not_mentioned'])")
expect_eq "$n" "$((act - 2)) ['demo.admin']" "every other active portfolio; the admin's own is only listed"
run as_admin import "$B/crlf_bom" --trial-run --deactivate-missing
expect_out "(not in bundle) UPD" "the table marks them"
expect_out "--upload --expect " "the upload command"
expect_out " --deactivate-missing" "repeats the option that made the plan"
run as_admin import "$B/crlf_bom" --upload --deactivate-missing --confirm 0
expect_rc 0 "upload with --deactivate-missing"
expect_eq "$(sql "SELECT count(*) FROM portfolios WHERE site_id = 1 AND active = 1")" 2 "only the bundle's user and the admin stay active"
run as_admin undo "$(sql "SELECT max(id) FROM batches")"
expect_rc 0 "undo it"
expect_eq "$(sql "SELECT count(*) FROM portfolios WHERE site_id = 1 AND active = 1")" "$act" "undo reactivates them"

# 8. Round trip: roster → OneRoster → roster, all SAME; folder and zip.
run as_admin export --all --format oneroster -o "$T/rt"
expect_rc 0 "export"
rows=$(tail -n +2 "$T/rt/users.csv" | grep -c .)
run as_admin import "$T/rt" --trial-run --format json
expect_rc 0 "import our own bundle"
expect_out "\"summary\": {\"rows\": $rows, \"new\": 0, \"update\": 0, \"same\": $rows, \"error\": 0}" "every row SAME"
expect_out '"left_out": [], "not_mentioned": []' "nobody left out, nobody missing"
run as_admin export --all --format oneroster -o "$T/rt.zip"
run as_admin import "$T/rt.zip" --trial-run --format json
expect_out "\"same\": $rows," "every row SAME from the zip too"
finish
