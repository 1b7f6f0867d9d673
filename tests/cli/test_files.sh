# Files the program writes (SECURITY.md "Files"): export -o and the slips
# write a new regular file, or with --force replace a regular file; never
# the open database or its side files, a password file, a folder, a FIFO,
# a device or a symbolic link (exit 2, nothing changed).  A write that
# fails — here a file size limit, ulimit -f — is reported with exit 3 and
# leaves no file and no hidden temporary, in XLSX and CSV: the XLSX writer
# checks its rows and reads the archive back, so a cut sheet is never
# "Exported".  Reading (a trial run, an upload) takes only a regular file
# of at most 1 GiB: /dev/zero, a FIFO, a folder are refused at once.
. "$(dirname "$0")/lib.sh"

make_demo 600
# What an export must not touch (a sign-in itself writes its time).
state() { db_integrity; sql "SELECT count(*), count(password_hash), sum(temp_password), sum(length(username || first || last)) FROM portfolios; SELECT count(*) FROM batches"; }
before=$(state)
# files: what the folder holds, hidden files included.
files() { ls -A "$T" | grep -v '^roster\.db' | sort | tr '\n' ' '; }

# ---- the database and its side files ----
# (SQLite only: a PostgreSQL database is no file of this folder, and
# there a file named roster.db is one like any other.)
mkdir "$T/sub"
if db_is_pg; then
	run as_admin export --all -o "$T/roster.db" --format csv --force
	expect_rc 0 "on PostgreSQL roster.db is no database's file"
else
	for name in roster.db roster.db-wal roster.db-shm roster.db-journal; do
		run as_admin export --all -o "$T/$name" --format csv --force
		expect_rc 2 "export over $name"
		expect_err "database" "$name: the message says it is the database's"
	done
	run as_admin export --all -o "$T/./sub/../roster.db" --format xlsx --force
	expect_rc 2 "the database under another spelling"
fi
expect_eq "$(state)" "$before" "the database is intact"
run as_admin list --all --format csv
expect_rc 0 "the database still opens"

# ---- a password file ----
cp "$T/admin.pw" "$T/admin.csv"
chmod 600 "$T/admin.csv"
run "$ROSTER" --user demo.admin --password-file "$T/admin.csv" export --all -o "$T/admin.csv" --force
expect_rc 2 "export over the password file"
expect_err "password file" "the message names the password file"
expect_eq "$(cat "$T/admin.csv")" "DemoAdmin1" "the password file is intact"

# ---- not a regular file ----
mkdir "$T/dir.csv"
mkfifo "$T/fifo.csv"
ln -s "$T/target.csv" "$T/link.csv"
echo keep >"$T/target.csv"
for p in "$T/dir.csv" "$T/fifo.csv" "$T/link.csv" /dev/null /dev/full; do
	run timeout 20 "$ROSTER" --user demo.admin --password-file "$T/admin.pw" export --all -o "$p" --format csv --force
	expect_rc 2 "export over $p"
done
expect_eq "$(cat "$T/target.csv")" keep "the link's target is intact"
[ -p "$T/fifo.csv" ] && [ -d "$T/dir.csv" ] && [ -c /dev/null ] && ok || not_ok "the FIFO, the folder or /dev/null changed"
rm -rf "$T/dir.csv" "$T/fifo.csv" "$T/link.csv" "$T/target.csv" "$T/admin.csv"

# ---- an existing file: only with --force ----
run as_admin export --all -o "$T/out.xlsx"
expect_rc 0 "a new file"
echo "my edits" >"$T/out.xlsx"
run as_admin export --all -o "$T/out.xlsx"
expect_rc 2 "an existing file without --force"
expect_err "already exists" "says it exists"
expect_err "--force" "names --force"
expect_eq "$(cat "$T/out.xlsx")" "my edits" "the existing file is kept"
run as_admin export --all -o "$T/out.xlsx" --force
expect_rc 0 "--force replaces a regular file"
expect_eq "$(stat -c %a "$T/out.xlsx")" 600 "replaced 0600"
/usr/bin/python3 -c 'import openpyxl, sys; ws = openpyxl.load_workbook(sys.argv[1]).active; sys.exit(ws.max_row < 500)' "$T/out.xlsx" &&
    ok || not_ok "the replaced file is a workbook of every row"

# ---- the slips: never over anything ----
secret "$T/x.pw" 'Xshared99'
if ! db_is_pg; then   # (a PostgreSQL database has no WAL file here)
	run as_admin reset-passwords --all --only 5 --generate --slips "$T/roster.db-wal"
	expect_rc 2 "slips to the database's WAL"
fi
run as_admin reset-passwords --all --only 5 --generate --slips "$T/admin.pw" --password-file "$T/admin.pw"
expect_rc 2 "slips over a password file"
expect_eq "$(cat "$T/admin.pw")" "DemoAdmin1" "the password file is intact"
expect_eq "$(state)" "$before" "nothing was reset"

# ---- a write that fails: exit 3, no file, no temporary ----
# The limits scan the size of the sheet itself, where the rows fit in
# libxlsxwriter's temporary file but the sheet assembled from them does
# not: the case that used to export a cut sheet and report success.
rm -f "$T/out.xlsx"
as_admin export --all -o "$T/good.xlsx" >/dev/null
sheet=$(unzip -l "$T/good.xlsx" | awk '/sheet1.xml/ { print $1 }')
kib=$((sheet / 1024))
: >"$T/.o"; : >"$T/.e"
listing=$(files)
failed=0
for lim in 40 $((kib - 2)) $((kib - 1)) $kib $((kib + 1)) $((kib + 2)); do
	for f in cut.xlsx cut.csv; do
		( ulimit -f "$lim"; exec "$ROSTER_FAST" --user demo.admin --password-file "$T/admin.pw" export --all -o "$T/$f" ) >"$T/.o" 2>"$T/.e"
		st=$?
		if [ "$st" = 0 ]; then
			[ -f "$T/$f" ] && ok || not_ok "$f at ${lim} KiB: exit 0 but no file"
			case $f in *.xlsx)
				/usr/bin/python3 -c 'import openpyxl, sys; ws = openpyxl.load_workbook(sys.argv[1], read_only=True).active; n = sum(1 for _ in ws.iter_rows()); sys.exit(n != int(sys.argv[2]))' "$T/$f" "$(unzip -p "$T/good.xlsx" xl/worksheets/sheet1.xml | grep -o '<row ' | wc -l)" &&
				    ok || not_ok "$f at ${lim} KiB: exit 0 but rows are missing"
			esac
			rm -f "$T/$f"
		else
			failed=$((failed + 1))
			expect_eq "$st" 3 "$f at ${lim} KiB: a failed write exits 3"
			grep -q "Exported" "$T/.o" && not_ok "$f at ${lim} KiB: says Exported"
			grep -qi "write\|written" "$T/.e" && ok || not_ok "$f at ${lim} KiB: says why: $(cat "$T/.e")"
			expect_eq "$(files)" "$listing" "$f at ${lim} KiB: no file, no temporary"
		fi
	done
done
[ "$failed" -ge 4 ] && ok || not_ok "the limits made too few exports fail ($failed)"

# ---- reading: regular files only, at most 1 GiB, refused at once ----
mkfifo "$T/in.csv"
mkdir "$T/in.xlsx"
truncate -s 1100M "$T/huge.csv"
for f in /dev/zero "$T/in.csv" "$T/in.xlsx"; do
	for mode in --trial-run --upload; do
		start=$(date +%s)
		run timeout 20 "$ROSTER" --user demo.admin --password-file "$T/admin.pw" import "$f" $mode
		expect_rc 3 "import $f $mode"
		expect_err "not a regular file" "import $f $mode: says why"
		[ $(( $(date +%s) - start )) -le 5 ] && ok || not_ok "import $f $mode took long"
	done
done
run timeout 20 "$ROSTER" --user demo.admin --password-file "$T/admin.pw" import "$T/huge.csv" --trial-run
expect_rc 3 "a file over 1 GiB"
expect_err "larger than 1 GiB" "says so"
rm -f "$T/huge.csv"

finish
