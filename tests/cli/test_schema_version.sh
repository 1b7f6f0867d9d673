# A schema version this roster does not know (negative, as a doctored file
# has it, or newer) is refused with exit 3 before the migration list is
# looked at; the file is left as it was.  (SECURITY.md, issue 10 item 11.)
. "$(dirname "$0")/lib.sh"

make_demo 10
cur=$(sql 'PRAGMA user_version')
for v in -1 -8 -1000 -2147483648 99; do
	sqlite3 "$ROSTER_DB" "PRAGMA user_version = $v;"
	sum=$(db_checksum)
	run as_district list --all
	expect_rc 3 "schema version $v refused"
	case $v in
	99) expect_err "newer roster" "schema $v: a newer roster made it" ;;
	*) expect_err "schema version is $v" "schema $v named" ;;
	esac
	expect_eq "$(sql 'PRAGMA user_version')" "$v" "schema $v: version left alone"
	expect_eq "$(db_checksum)" "$sum" "schema $v: file left alone"
done
# Back to the version this roster made (4 since the OneRoster step).
sqlite3 "$ROSTER_DB" "PRAGMA user_version = $cur;"
run as_district list --all
expect_rc 0 "the known version opens again"
finish
