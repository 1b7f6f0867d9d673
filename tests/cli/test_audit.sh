# roster audit in keyset pages: --limit/--after walk the whole log in
# (when, id) order, entries of the same second included, in every
# format; --find by username, who, last name and date; a district
# account's log merges the entries of no site; bad options exit 2.
. "$(dirname "$0")/lib.sh"

make_demo 60
as_admin batches >/dev/null
# 25 entries of one second (a bulk change), then two later days; one
# entry of a portfolio whose last name the search finds; one of no site.
pid=$(sql "SELECT id FROM portfolios WHERE site_id = 1 AND last = 'Zimmerman' ORDER BY id LIMIT 1")
[ -n "$pid" ] || pid=$(sql "SELECT id FROM portfolios WHERE site_id = 1 AND type = 'student' ORDER BY id LIMIT 1")
last=$(sql "SELECT last FROM portfolios WHERE id = $pid")
i=0
while [ $i -lt 25 ]; do
	sql "INSERT INTO audit (at, who, site_id, username, action, field, new_value) VALUES ('2030-01-02T03:04:05Z', 'bulk.admin', 1, 'u$i', 'update', 'Email', 'e$i')" >/dev/null
	i=$((i + 1))
done
sql "INSERT INTO audit (at, who, site_id, portfolio_id, username, action) VALUES ('2030-03-01T10:00:00Z', 'demo.admin', 1, $pid, 'renamed.one', 'update')" >/dev/null
sql "INSERT INTO audit (at, who, site_id, username, action) VALUES ('2030-03-02T10:00:00Z', 'other.admin', 1, 'x.y', 'update')" >/dev/null
sql "INSERT INTO audit (at, who, site_id, username, action) VALUES ('2030-01-02T03:04:05Z', 'district1', NULL, 'district1', 'unlock')" >/dev/null

run as_admin audit --format csv
expect_rc 0 "the whole log"
all=$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1 | paste -sd' ' -)
want=$(sql "SELECT id FROM audit WHERE site_id = 1 ORDER BY at, id" | paste -sd' ' -)
expect_eq "$all" "$want" "oldest first, by (when, id)"

# Pages of 7: every entry once, in order, the cursor printed as next.
pages="" after="" n=0
while :; do
	if [ -n "$after" ]; then run as_admin audit --format csv --limit 7 --after "$after"
	else run as_admin audit --format csv --limit 7; fi
	expect_rc 0 "page $n"
	got=$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1 | paste -sd' ' -)
	pages="${pages:+$pages }$got"
	after=$(printf '%s\n' "$ERR" | sed -n 's/^next: --after //p')
	n=$((n + 1))
	[ -n "$after" ] && [ $n -lt 20 ] || break
done
expect_eq "$pages" "$want" "pages of 7 walk the log, equal times kept in order"
expect_eq "$n" "$(( ($(echo "$want" | wc -w) + 6) / 7 ))" "page count"

# JSON: next is the last id shown, null on the last page.
second=$(echo "$want" | cut -d' ' -f3)
run as_admin audit --format json --limit 3
expect_out "\"count\": 3, \"next\": \"$second\"}" "json gives next"
run as_admin audit --format json --limit 3 --after "$second"
expect_out "\"id\": $(echo "$want" | cut -d' ' -f4)," "json --after starts after the cursor"
run as_admin audit --format table --limit 2
expect_err "next: --after" "table prints next on stderr"

# --find: username, who, last name, date (prefixes, ignoring case).
count() { printf '%s\n' "$OUT" | tail -n +2 | grep -c .; }
run as_admin audit --format csv --find U1
expect_rc 0 "find by username"
expect_eq "$(count)" 11 "u1 and u10..u19"
run as_admin audit --format csv --find OTHER.
expect_eq "$(count)" 1 "find by who"
expect_out "x.y" "the entry of other.admin"
run as_admin audit --format csv --find "$last"
expect_out "renamed.one" "find by the portfolio's last name"
run as_admin audit --format csv --find 2030-03
expect_eq "$(count)" 2 "find by date"
run as_admin audit --format csv --find 2030-01-02 --limit 10
expect_eq "$(count)" 10 "a search in pages"
expect_err "next: --after" "a search page has a next"
run as_admin audit --format csv --find 'u%'
expect_eq "$(count)" 0 "% is a character, not a wildcard"

# A cursor before --since (or before the date searched for) starts at
# the bound; one after it pages on from there.
first=$(echo "$want" | cut -d' ' -f1)
run as_admin audit --format csv --since 2030-03-01 --after "$first"
expect_eq "$(count)" 2 "--after before --since: from --since on"
run as_admin audit --format csv --find 2030-03 --after "$first"
expect_eq "$(count)" 2 "--after before the date searched for"
run as_admin audit --format csv --find 2030-01-02 --limit 5
after=$(printf '%s\n' "$ERR" | sed -n 's/^next: --after //p')
run as_admin audit --format csv --find 2030-01-02 --after "$after"
expect_eq "$(count)" 20 "a date search paged on"

# The district's log: the site's entries and those of no site, merged.
run as_district --site "Demo High School" audit --format csv --find 2030-01-02
expect_eq "$(count)" 26 "district: the site's 25 and its own"
run as_district --site "Demo High School" audit --format csv --find 2030-01-02 --limit 13
p1=$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1 | paste -sd' ' -)
after=$(printf '%s\n' "$ERR" | sed -n 's/^next: --after //p')
run as_district --site "Demo High School" audit --format csv --find 2030-01-02 --limit 13 --after "$after"
p2=$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1 | paste -sd' ' -)
expect_eq "$p1 $p2" "$(sql "SELECT id FROM audit WHERE (site_id = 1 OR site_id IS NULL) AND at LIKE '2030-01-02%' ORDER BY at, id" | paste -sd' ' -)" "district pages merge in order"

# Bad options: exit 2, and nothing printed on stdout.
run as_admin audit --limit 0
expect_rc 2 "--limit 0"
expect_err "--limit takes a number" "--limit says what it takes"
run as_admin audit --after abc
expect_rc 2 "--after abc"
run as_admin audit --after 99999
expect_rc 2 "--after an unknown entry"
expect_err "no audit entry 99999" "the entry is named"
expect_eq "$OUT" "" "no header before the error"
run as_admin audit --since 2030-13-01
expect_rc 2 "a bad date"
run as_admin audit --help
expect_out "--limit" "--help lists --limit"
expect_out "--find" "--help lists --find"
finish
