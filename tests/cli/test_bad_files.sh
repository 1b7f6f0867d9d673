# Broken inputs: every file of tests/data/bad/ (the sheet reader's corpus)
# and tests/data/import/ (the importer's) gives its documented exit status
# and message, as a trial run and as an upload, in the table and in JSON,
# and leaves the database exactly as it was.
. "$(dirname "$0")/lib.sh"

make_demo 60
# The first plan of a database stores its fingerprint key (settings);
# make it now so that the checksum below covers everything after.
printf '%s\r\n' 'Portfolio ID,Username,Password,First Name,Last Name,Graduation Year,Group,Email,Account Type' >"$T/warm.csv"
as_admin import "$T/warm.csv" --trial-run >/dev/null
sum=$(db_checksum)

# check DIR TABLE: every file of DIR is in TABLE (name<TAB>exit<TAB>text),
# and every name in TABLE is a file of DIR (a fixture gone missing is a
# failure, not a check less).
check() {
	dir=$1 table=$2
	[ -d "$dir" ] || { not_ok "$dir is missing"; return; }
	grep -v -e '^#' -e '^$' "$table" | cut -f1 | while IFS= read -r name; do
		[ -f "$dir/$name" ] || echo "$name"
	done >"$T/absent"
	expect_eq "$(cat "$T/absent")" "" "$(basename "$table"): every file named is in $(basename "$dir")"
	for f in "$dir"/*; do
		name=$(basename "$f")
		case "$name" in README*|make.*|EXPECTED|SHEET-EXPECTED) continue ;; esac
		line=$(grep -P "^\Q$name\E\t" "$table")
		if [ -z "$line" ]; then
			not_ok "$name: no expected outcome in $(basename "$table")"
			continue
		fi
		want=$(printf '%s' "$line" | cut -f2)
		text=$(printf '%s' "$line" | cut -f3)

		run as_admin import "$f" --trial-run
		expect_rc "$want" "$name: trial run"
		case "$OUT$ERR" in *"$text"*) ok ;; *)
			not_ok "$name: trial run output lacks '$text': $OUT $ERR" ;; esac
		# The message names the file when the file cannot be read.
		if [ "$want" = 3 ]; then expect_err "$f:" "$name: names the file"; fi

		run as_admin import "$f" --trial-run --format json
		expect_rc "$want" "$name: trial run, json"
		if /usr/bin/python3 -c 'import json,sys; json.loads(sys.stdin.read())' \
		    <<<"$OUT" 2>/dev/null; then ok; else
			not_ok "$name: json output does not parse: $OUT"; fi
		if [ "$want" = 3 ]; then
			expect_out '"rows": [], "error": "unreadable"' "$name: json error"
		fi

		# A file the importer takes (cp1252.csv is only W12) would
		# upload for real: its trial run is what must change nothing.
		if [ "$want" != 0 ]; then
			run as_admin import "$f" --upload
			expect_rc "$want" "$name: upload"
		fi
		expect_eq "$(db_checksum)" "$sum" "$name: database unchanged"
	done
}

check "$REPO/tests/data/import" "$REPO/tests/data/import/EXPECTED"
check "$REPO/tests/data/bad" "$REPO/tests/data/import/SHEET-EXPECTED"

# E10 in JSON: "rows": [] and the code in "error".
run as_admin import "$REPO/tests/data/import/header_reordered.csv" --trial-run --format json
expect_out '"rows": [], "error": "E10", "message": "header: column A is' "E10 json"
expect_out '"fingerprint": null}' "E10 json: no fingerprint"

finish
