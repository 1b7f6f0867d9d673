#!/bin/sh
# UTF-8 names are aligned by display width: a double-width name and a
# combining accent keep every Username in the same column.
. "$(dirname "$0")/lib.sh"
make_db 20
printf 'Uni-Pass12\n' > "$T/u.pw"; chmod 600 "$T/u.pw"
add() {
	cli account add --username "$1" --first "$2" --last "$3" --type student \
	    --grad-year 2029 --new-password-file "$T/u.pw" >/dev/null || fail "add $1"
}
add wide.name1 "小龙" "Qwidth"
add comb.name2 "$(printf 'Jose\314\201')" "Qwidth"
add plain.name3 "Plain" "Qwidth"
tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
list_last_name Qwidth
wait_for "· 3 portfolios"
expect "小龙"
# All three rows, or the one-column check below compares fewer.
[ "$(screen | grep -cE 'wide.name1|comb.name2|plain.name3')" = 3 ] ||
    fail "the three Qwidth rows are not all on screen"
cols=$(screen | grep -E 'wide.name1|comb.name2|plain.name3' | while IFS= read -r l; do
	for u in wide.name1 comb.name2 plain.name3; do
		case $l in *"$u"*)
			pre=${l%%"$u"*}
			printf '%s\n' "$pre" | python3 -c 'import sys,unicodedata as u
s=sys.stdin.read().rstrip("\n")
print(sum(0 if u.combining(c) else 2 if u.east_asian_width(c) in "WF" else 1 for c in s))'
		esac
	done
done | sort -u | wc -l)
[ "$cols" = 1 ] || fail "usernames not in one column"
pass
