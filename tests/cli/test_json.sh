# --format json on every command: one JSON object on stdout, the shape
# roster(1) documents; errors as {"error", "message", "status"} on stdout
# with the usual exit status; the text output unchanged without it.
. "$(dirname "$0")/lib.sh"

# jq_py EXPR: evaluates a Python expression over the JSON of the last run
# ("j"); fails the check (and says so) when stdout is not one JSON value.
jq_py() {
	/usr/bin/python3 -c 'import json, sys
j = json.loads(sys.stdin.read())
print(eval(sys.argv[1]))' "$1" <<<"$OUT" 2>"$T/.py" || echo "NOT-JSON: $(cat "$T/.py")"
}
# expect_json EXPR WANT DESCRIPTION
expect_json() { expect_eq "$(jq_py "$1")" "$2" "$3"; }

secret "$T/district.pw" 'District1pw'
ROSTER_TEST_HASH_COST=64,1,1 run "$ROSTER" init --admin district1 --password-file "$T/district.pw" --demo=40 --format json
expect_rc 0 "init --format json"
expect_json 'j["admin"], j["demo"]["portfolios"], j["demo"]["signins"][0]["username"]' \
    "('district1', 40, 'demo.admin')" "init: admin, demo size, sign-ins"
secret "$T/admin.pw" 'DemoAdmin1'
secret "$T/staff.pw" 'DemoStaff1'

run as_district settings batch.keep_days 60 --format json
expect_rc 0 "settings KEY VALUE --format json"
expect_json 'j' "{'settings': [{'key': 'batch.keep_days', 'value': '60'}]}" "settings: the changed key"
run as_district settings --format json
expect_json '[s["key"] for s in j["settings"]][:3], j["settings"][3]["value"]' \
    "(['hash.m_kib', 'hash.t', 'hash.p'], None)" "settings: every key, null for a default"

run as_district site add 'North Campus' --format json
expect_rc 0 "site add --format json"
expect_json 'j' "{'site': 'North Campus'}" "site add: the site"
run as_admin group add 'Robotics' --format json
expect_json 'j' "{'site': 'Demo High School', 'group': 'Robotics'}" "group add: site and group"
secret "$T/new.pw" 'NewKid1pw'
run as_admin account add --username json.kid --first J --last Kid --type student \
    --grad-year 2030 --new-password-file "$T/new.pw" --format json
expect_rc 0 "account add --format json"
id=$(sql "SELECT id FROM portfolios WHERE username = 'json.kid'")
expect_json 'j' "{'site': 'Demo High School', 'id': $id, 'username': 'json.kid'}" "account add: the new id"

run as_admin move-group --grad-year 2030 --to Robotics --format json
expect_rc 0 "move-group --format json"
moved=$(jq_py 'j["batch"]')
expect_eq "$moved" "$(sql 'SELECT max(id) FROM batches')" "move-group: the batch number"
expect_json 'j["task"], j["group"], j["changed"] == j["selected"] - j["unchanged"] - len(j["skipped"])' \
    "('move-group', 'Robotics', True)" "move-group: task, group, counts that add up"
run as_admin set-grad-year --only "$id" --all --year 2031 --format json
expect_json 'j["task"], j["year"], j["changed"], j["skipped"]' "('set-grad-year', 2031, 1, [])" "set-grad-year"
sso=$(sql "SELECT id FROM portfolios WHERE sso IS NOT NULL AND active = 1 AND site_id = 1 LIMIT 1")
run as_admin deactivate --all --only "$id" --format json
expect_json 'j["task"], j["changed"], j["skipped"]' "('deactivate', 1, [])" "deactivate"
run as_admin reactivate --all --only "$id" --format json
expect_json 'j["task"], j["changed"]' "('reactivate', 1)" "reactivate"
run as_admin undo "$moved" --format json
expect_rc 4 "undo of a batch changed since: exit 4 as before"
expect_json 'j["error"], j["status"]' "('conflict', 4)" "undo conflict: a JSON error"
last=$(sql 'SELECT max(id) FROM batches')
run as_admin undo "$last" --format json
expect_rc 0 "undo --format json"
expect_json 'j["undid"], j["batch"] > j["undid"]' "($last, True)" "undo: which batch undid which"

plain=$(sql "SELECT id FROM portfolios WHERE site_id = 1 AND active = 1 AND sso IS NULL AND type = 'student' AND username NOT LIKE 'demo.%' LIMIT 1")
run as_admin reset-passwords --all --only "$sso,$plain" --generate --slips "$T/slips.txt" \
    --reset-security-questions --format json
expect_rc 0 "reset-passwords --format json"
expect_json 'j["task"], j["changed"], j["security_questions_reset"], j["slips"], j["mail"]' \
    "('reset-passwords', 1, True, {'file': '$T/slips.txt', 'count': 1, 'error': None}, None)" \
    "reset-passwords: slips file and count, no mail"
expect_json '[(s["id"], s["code"]) for s in j["skipped"]]' "[($sso, 'E90')]" \
    "reset-passwords: an SSO-linked portfolio skipped with its code"
expect_no_out "$(sed -n 's/.*Temporary password: *//p' "$T/slips.txt" | head -1)" \
    "the generated password is in the slips, not the JSON"

run as_admin export --all --only "$plain" -o "$T/r.csv" --format json
expect_rc 0 "export --format json"
expect_json 'j' "{'site': 'Demo High School', 'file': '$T/r.csv', 'format': 'csv', 'portfolios': 1}" \
    "export: file, format from the name, count"
run as_admin export --all --only "$plain" -o "$T/r.data" --file-format xlsx --format json
expect_json 'j["format"]' "xlsx" "export --file-format with --format json"
run as_admin export --all --only "$plain" -o "$T/r2.data" --format xlsx
expect_rc 0 "export --format xlsx still names the file format"
expect_out "Exported 1 portfolio to $T/r2.data (xlsx)." "export: the text report unchanged"
run as_admin export --group Robotics -o "$T/r3.data" --format xlsx --file-format csv
expect_rc 2 "export: --format csv|xlsx with --file-format"

run setsid -w "$ROSTER" signin demo.staff --password-file "$T/staff.pw" --format json </dev/null
expect_rc 0 "signin --format json"
expect_json 'j' "{'username': 'demo.staff', 'first': 'Sam', 'last': 'Demo', 'password_changed': False, 'answers_set': False}" \
    "signin: who, and what was set"

# --- errors ------------------------------------------------------------
run as_admin undo 999 --format json
expect_rc 2 "undo of no batch: exit 2"
expect_json 'j' "{'error': 'notfound', 'message': 'no batch 999', 'status': 2}" "an engine error as JSON"
expect_err "roster: no batch 999" "the message still on stderr"
run as_admin frobnicate --format=json
expect_rc 2 "unknown command under --format=json"
expect_json 'j["error"], j["status"]' "('usage', 2)" "a usage error as JSON"
run "$ROSTER" --user demo.admin --password-file "$T/staff.pw" batches --format json
expect_rc 5 "wrong password: exit 5"
expect_json 'j["error"], j["status"]' "('denied', 5)" "a refused sign-in as JSON"
run as_admin move-group --all --format json
expect_rc 2 "move-group without --to"
expect_json 'j["error"]' "usage" "a missing option as JSON"
run as_admin import "$T/none.csv" --trial-run --format json
expect_rc 3 "import of a missing file"
expect_json 'j["error"], j["rows"]' "('unreadable', [])" "import keeps its one document (no second object)"
run as_admin settings --format yaml
expect_rc 2 "an unknown --format"
expect_eq "$OUT" "" "no JSON asked for: stdout empty"

# --- without --format json nothing changes --------------------------------
run as_admin group add 'Chess'
expect_eq "$OUT" "Added group Chess to Demo High School." "group add: the sentence as before"
run as_admin undo 999
expect_eq "$OUT" "" "errors without --format json: stdout empty"
finish
