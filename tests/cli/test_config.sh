# $XDG_CONFIG_HOME/roster/config: db, user and site; the command line over
# the environment over the file over the defaults; a bad line named with
# its number (exit 2); a file others can write refused.
. "$(dirname "$0")/lib.sh"

make_demo 20
as_district site add 'North Campus' >/dev/null
export XDG_CONFIG_HOME="$T/cfg"
mkdir -p "$T/cfg/roster"
C="$T/cfg/roster/config"
conf() { printf '%s\n' "$@" >"$C"; chmod 600 "$C"; }
# A copy of the database elsewhere (SQLite: a file; PostgreSQL: a database).
ORIG=$ROSTER_DB
moved=$(db_snapshot moved) || { not_ok "a copy of the database"; finish; exit; }

# The file gives db, user and site.
conf '# roster on this host' '' 'db = '"$moved" 'user=district1' '  site =  North Campus  '
unset ROSTER_DB
run "$ROSTER" --password-file "$T/district.pw" group list --format json
expect_rc 0 "db, user and site from the config file"
run "$ROSTER" --password-file "$T/district.pw" group add Chess --format json
expect_eq "$OUT" '{"site": "North Campus", "group": "Chess"}' "the file's site is the one acted on"
expect_eq "$(DB=$moved db_sql "SELECT count(*) FROM groups WHERE name = 'Chess'")" 1 "the file's db is the one written"
expect_eq "$(DB=$ORIG db_sql "SELECT count(*) FROM groups WHERE name = 'Chess'")" 0 "not the other one"
# The environment over the file.
export ROSTER_DB="$ORIG" ROSTER_SITE="Demo High School"
run "$ROSTER" --password-file "$T/district.pw" group add Drama --format json
expect_eq "$OUT" '{"site": "Demo High School", "group": "Drama"}' "ROSTER_SITE over the file"
expect_eq "$(sql "SELECT count(*) FROM groups WHERE name = 'Drama'")" 1 "ROSTER_DB over the file"
# The command line over the environment.
run "$ROSTER" --password-file "$T/district.pw" --site 'North Campus' --db "$moved" group add Band --format json
expect_eq "$OUT" '{"site": "North Campus", "group": "Band"}' "--site over ROSTER_SITE"
expect_eq "$(DB=$moved db_sql "SELECT count(*) FROM groups WHERE name = 'Band'")" 1 "--db over ROSTER_DB"
ROSTER_USER=demo.admin run "$ROSTER" --password-file "$T/admin.pw" --site 'Demo High School' batches
expect_rc 0 "ROSTER_USER over the file's user"
run "$ROSTER" --user demo.admin --password-file "$T/admin.pw" --site 'Demo High School' batches
expect_rc 0 "--user over the file's user"
unset ROSTER_SITE
# db takes what --db takes: a PostgreSQL connection string (only the first
# '=' of the line separates the key), one holding a password refused.
conf 'db = host=/nonexistent/pg dbname=roster' 'user = district1'
ROSTER_DB= run "$ROSTER" --password-file "$T/district.pw" batches
expect_rc 3 "a PostgreSQL connection string as the file's db"
expect_err "cannot connect to the PostgreSQL database" "the file's connection string is used as one"
conf 'db = host=/nonexistent/pg dbname=roster password=Hunter22' 'user = district1'
ROSTER_DB= run "$ROSTER" --password-file "$T/district.pw" batches
expect_rc 2 "a password in the file's connection string"
expect_no_out "Hunter22" "the password is not repeated"
expect_err ".pgpass" "where the password goes instead"

# Bad files: the line is named, exit 2, nothing done.
for bad in 'colour = blue|2|unknown key' 'db|2|expected key = value' 'user =|2|user has no value' 'user = a|2|user is given twice'; do
	IFS='|' read -r text line what <<<"$bad"
	conf 'user = district1' "$text"
	run "$ROSTER" --password-file "$T/district.pw" batches
	expect_rc 2 "config '$text'"
	expect_err "$C:$line: $what" "config '$text': the line number and what is wrong"
done
conf 'user = district1'
chmod 620 "$C"
run "$ROSTER" --password-file "$T/district.pw" batches
expect_rc 2 "a config file the group can write"
expect_err "can be changed by other users" "the group write bit is named"
chmod 602 "$C"
run "$ROSTER" --password-file "$T/district.pw" batches
expect_rc 2 "a config file anyone can write"
chmod 644 "$C"
run "$ROSTER" --password-file "$T/district.pw" batches
expect_rc 0 "a config file others can read but not write"
if [ "$(id -u)" = 0 ]; then
	chown nobody "$C"
	run "$ROSTER" --password-file "$T/district.pw" batches
	expect_rc 2 "a config file owned by another user"
	expect_err "it is not yours" "the owner is named"
	chown 0 "$C"
fi
# One this user cannot read (another user's HOME, as under sudo -u): none.
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	conf 'user = district1'
	chmod 700 "$T/cfg"
	chmod 755 "$T"
	run setpriv --reuid=nobody --regid=nogroup --clear-groups "$ROSTER" --db /nonexistent/x.db status-codes
	expect_rc 0 "a config file this user cannot reach is as if there were none"
	chmod 700 "$T"
fi
# HOME/.config when XDG_CONFIG_HOME is not set.
unset XDG_CONFIG_HOME
mkdir -p "$T/home/.config/roster"
printf 'user = nobody.here\n' >"$T/home/.config/roster/config"
chmod 600 "$T/home/.config/roster/config"
HOME="$T/home" run "$ROSTER" --password-file "$T/district.pw" batches
expect_rc 5 "~/.config/roster/config read without XDG_CONFIG_HOME"
# --version and --help need no config.
printf 'bogus\n' >"$T/home/.config/roster/config"
HOME="$T/home" run "$ROSTER" --version
expect_rc 0 "--version with a bad config file"
finish
