# The man page documents every command that --help lists, and every
# command answers --help.
. "$(dirname "$0")/lib.sh"

cmds=$("$ROSTER" --help | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z-]*\( [a-z]*\)\?\)  .*/\1/p' | sed 's/ *$//')
[ -n "$cmds" ] && ok || not_ok "--help lists no commands"
while IFS= read -r c; do
	[ -z "$c" ] && continue
	if sed 's/\\-/-/g' "$REPO/man/roster.1" | grep -q "^\.SS roster $c\b"; then ok; else
		not_ok "man page lacks a section for '$c'"; fi
	# shellcheck disable=SC2086
	run "$ROSTER" $c --help
	expect_rc 0 "$c --help"
	expect_out "usage: roster $c" "$c --help shows its usage"
done <<EOF2
$cmds
EOF2
finish
