# The foundation commands: init, sites, groups, accounts, lists, sign-in,
# settings, and the exit statuses of bad usage, bad files and busy locks.
. "$(dirname "$0")/lib.sh"

# A missing database says to run init.
run "$ROSTER" --user x --password-file /dev/null list --all
expect_rc 3 "missing database"
expect_err "roster init" "missing database names the fix"

make_demo 60
if db_is_pg; then
	# The file's mode, the journal mode and user_version are SQLite's
	# (checked there); on PostgreSQL: the schema version (in
	# roster_schema), roster's tables, granted to nobody but their owner.
	expect_eq "$(sql 'SELECT version FROM roster_schema')" 5 "schema version"
	expect_eq "$(sql "SELECT count(*) FROM pg_tables WHERE tablename IN ('sites', 'groups', 'portfolios', 'batches', 'batch_items', 'audit', 'settings', 'security_answers')")" 8 "roster's tables"
	expect_eq "$(sql "SELECT count(*) FROM information_schema.role_table_grants WHERE grantee = 'PUBLIC' AND table_schema NOT IN ('pg_catalog', 'information_schema')")" 0 "no table granted to PUBLIC"
else
	expect_eq "$(stat -c %a "$ROSTER_DB")" 600 "database file mode"
	expect_eq "$(sql 'PRAGMA journal_mode')" wal "WAL mode"
	expect_eq "$(sql 'PRAGMA user_version')" 5 "schema version"
fi
expect_eq "$(sql "SELECT count(*) FROM portfolios WHERE site_id IS NOT NULL")" 64 "demo portfolios + 4 sign-ins"

# init refuses to overwrite.
run "$ROSTER" init --admin other1 --password-file "$T/district.pw"
expect_rc 2 "init over an existing database"
expect_err "already exists" "init says why"

# Unknown commands and options: one line, exit 2.
run "$ROSTER" frobnicate
expect_rc 2 "unknown command"
expect_eq "$(printf '%s\n' "$ERR" | wc -l)" 1 "unknown command: one line"
run "$ROSTER" list --all --colour
expect_rc 2 "unknown option"
expect_err "unknown option --colour" "unknown option named"
run "$ROSTER" list
expect_rc 2 "list without a mode"
run "$ROSTER" --help
expect_rc 0 "--help"
run "$ROSTER" list --help
expect_rc 0 "list --help"
expect_out "--last-name PREFIX" "list --help shows options"
run "$ROSTER" --version
expect_out "roster " "--version"

# Sites: district only.
run as_district site add "North Middle"
expect_rc 0 "district adds a site"
run as_district site add "north middle"
expect_rc 2 "site names are unique ignoring case"
run as_admin site add "Rogue Site"
expect_rc 5 "site admin may not add sites"
run as_district site list --format json
expect_out '"name": "North Middle"' "site list json"

# Groups of the site.
run as_admin group add "Robotics Club"
expect_rc 0 "admin adds a group"
run as_admin group list
expect_out "Robotics Club" "group list"
run as_staff group add "Staff Group"
expect_rc 5 "staff may not add groups"

# Accounts.
secret "$T/new.pw" 'Student1pw'
run as_admin account add --username jdoe2029 --first Jane --last Doe \
    --type student --grad-year 2029 --group "Robotics Club" \
    --email jane@example.org --new-password-file "$T/new.pw"
expect_rc 0 "account add"
run as_admin account add --username JDOE2029 --first J --last D \
    --type student --grad-year 2029 --new-password-file "$T/new.pw"
expect_rc 2 "usernames are unique ignoring case"
expect_err "already used" "duplicate username message"
run as_admin account add --username abc --first A --last B \
    --type student --grad-year 2029 --new-password-file "$T/new.pw"
expect_rc 2 "short username refused"
expect_err "6 characters" "short username message"
secret "$T/weak.pw" 'password'
run as_admin account add --username weakling --first W --last L \
    --type student --grad-year 2029 --new-password-file "$T/weak.pw"
expect_rc 2 "weak password refused"
run as_staff account add --username newadmin1 --first N --last A \
    --type admin --new-password-file "$T/new.pw"
expect_rc 5 "staff may not add admins"
# Staff and site admins are confined to their site.
run "$ROSTER" --user demo.admin --password-file "$T/admin.pw" --site "North Middle" list --all
expect_rc 5 "site admin naming another site"
run as_district --site "North Middle" list --all
expect_rc 0 "district on another site"

# Lists: every mode, sorted, keyset pages.
run as_admin list --last-name do --format csv
expect_out "jdoe2029" "last name prefix, ignoring case"
run as_admin list --group "Robotics Club" --format json
expect_out '"username": "jdoe2029"' "group mode"
run as_admin list --grad-year 2029 --format csv
expect_out "jdoe2029" "grad year mode"
run as_admin list --all --format csv
all=$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)
expect_eq "$all" "$(sql "SELECT count(*) FROM portfolios WHERE site_id = 1 AND active = 1")" "all users: every active portfolio"
sorted=$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f2 | tr -d '"')
expect_eq "$(printf '%s\n' "$sorted" | LC_ALL=C sort -f -s)" "$(printf '%s\n' "$sorted")" "sorted by last name"
run as_admin list --all --limit 10 --format csv
expect_eq "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" 10 "--limit"
next=$(printf '%s\n' "$ERR" | sed -n 's/^next: --after //p')
page2_first=$(as_admin list --all --limit 10 --after "$next" --format csv 2>/dev/null | sed -n 2p)
expect_eq "$page2_first" "$(as_admin list --all --format csv | sed -n 12p)" "--after continues the list"
run as_admin list --all --inactive --format csv
expect_eq "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" "$(sql "SELECT count(*) FROM portfolios WHERE site_id = 1 AND active = 0")" "--inactive"
run as_admin list --group "No Such Group"
expect_rc 2 "unknown group"
run as_admin list --grad-year 20x9
expect_rc 2 "bad year"

# Sign-in as a portfolio.
secret "$T/student.pw" 'DemoStudent1'
run "$ROSTER" signin demo.student --password-file "$T/student.pw"
expect_rc 0 "student signs in"
run "$ROSTER" signin demo.student --password-file "$T/weak.pw"
expect_rc 5 "wrong password"
expect_err "wrong username or password" "wrong password message"
run "$ROSTER" signin no.such.user --password-file "$T/weak.pw"
expect_rc 5 "unknown user"
expect_err "wrong username or password" "unknown user: same message"
secret "$T/temp.pw" 'TempPass1'
run "$ROSTER" signin demo.temp --password-file "$T/temp.pw" </dev/null
expect_rc 6 "temporary password needs a new one"
run "$ROSTER" signin demo.temp --password-file "$T/temp.pw" --new-password-file "$T/temp.pw"
expect_rc 2 "the new password must differ"
secret "$T/fresh.pw" 'Fresh2Start'
run "$ROSTER" signin demo.temp --password-file "$T/temp.pw" --new-password-file "$T/fresh.pw"
expect_rc 0 "new password set"
run "$ROSTER" signin demo.temp --password-file "$T/fresh.pw"
expect_rc 0 "signs in with the new password"

# Lockout: five failures within the window lock the account.
for i in 1 2 3 4 5; do "$ROSTER" signin demo.student --password-file "$T/weak.pw" 2>/dev/null; done
run "$ROSTER" signin demo.student --password-file "$T/student.pw"
expect_rc 5 "locked after five failures"
expect_err "locked" "lock message for the right password"

# A file that is not a roster database is refused and left untouched.
printf 'ID,Name\n1,x\n' >"$T/notdb.csv"
sum=$(sha256sum "$T/notdb.csv")
run "$ROSTER" --db "$T/notdb.csv" --user x --password-file "$T/weak.pw" list --all
expect_rc 3 "not a database"
expect_err "not a roster database" "not a database message"
expect_eq "$(sha256sum "$T/notdb.csv")" "$sum" "the file is untouched"
sqlite3 "$T/other.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
sum=$(sha256sum "$T/other.db")
run "$ROSTER" --db "$T/other.db" --user x --password-file "$T/weak.pw" list --all
expect_rc 3 "another SQLite database"
expect_eq "$(sha256sum "$T/other.db")" "$sum" "the SQLite file is untouched"
# The same on the backend under test: a database that holds something
# else is refused (by use and by init) and left as it was.
OTHER=$(db_new foreign)
DB=$OTHER db_sql 'CREATE TABLE t(x integer); INSERT INTO t VALUES (1);'
sum=$(DB=$OTHER db_checksum)
run "$ROSTER" --db "$OTHER" --user x --password-file "$T/weak.pw" list --all
expect_rc 3 "another database"
run "$ROSTER" --db "$OTHER" init --admin other1 --password-file "$T/district.pw"
[ "$RC" != 0 ] && ok || not_ok "init refuses a database that holds something else"
expect_eq "$(DB=$OTHER db_checksum)" "$sum" "the other database is untouched"

# Another process holding the write lock beyond the busy timeout: exit 4.
before=$(db_checksum)
db_hold_write 3 &
holder=$!
db_wait_held || not_ok "the holder took the write lock"
ROSTER_BUSY_TIMEOUT_MS=200 run as_admin group add "Busy Group"
expect_rc 4 "busy database"
expect_err "busy" "busy message"
wait $holder
expect_eq "$(db_checksum)" "$before" "nothing written while busy"

# Settings: district only, checked.
run as_admin settings hash.t 3
expect_rc 5 "admin may not change settings"
run as_district settings hash.t zero
expect_rc 2 "bad setting value"
run as_district settings
expect_out "mail.command" "settings listed"

finish
