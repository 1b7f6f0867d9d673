# A schema version this roster does not know (negative, as a doctored file
# has it, or newer) is refused with exit 3 before the migration list is
# looked at; the file is left as it was.  (SECURITY.md, issue 10 item 11.)
. "$(dirname "$0")/lib.sh"

make_demo 10
# The version: SQLite's user_version, PostgreSQL's roster_schema table.
set_version() {
	if db_is_pg; then sql "UPDATE roster_schema SET version = $1"
	else sqlite3 "$ROSTER_DB" "PRAGMA user_version = $1;"; fi
}
get_version() {
	if db_is_pg; then sql 'SELECT max(version) FROM roster_schema'
	else sql 'PRAGMA user_version'; fi
}
cur=$(get_version)
for v in -1 -8 -1000 -2147483648 99; do
	set_version "$v"
	sum=$(db_checksum)
	run as_district list --all
	expect_rc 3 "schema version $v refused"
	case $v in
	99) expect_err "newer roster" "schema $v: a newer roster made it" ;;
	*) expect_err "schema version is $v" "schema $v named" ;;
	esac
	expect_eq "$(get_version)" "$v" "schema $v: version left alone"
	expect_eq "$(db_checksum)" "$sum" "schema $v: file left alone"
done
# Back to the version this roster made (4 since the OneRoster step).
set_version "$cur"
run as_district list --all
expect_rc 0 "the known version opens again"
finish
