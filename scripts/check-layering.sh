#!/bin/sh
# DESIGN: only src/store speaks SQL (and to libpq), only the hashing module includes
# argon2.h, only src/tui includes curses; and the layers' arrows run one way
# (base < sheet, store < core < cli, tui).  Fails loudly when that breaks.
set -u
fail=0
bad=$(grep -rlE '#include *<sqlite3\.h>' src include | grep -v '^src/store/')
[ -n "$bad" ] && { echo "layering: sqlite3.h outside src/store: $bad"; fail=1; }
bad=$(grep -rlE '#include *<libpq-fe\.h>' src include tests | grep -v '^src/store/')
[ -n "$bad" ] && { echo "layering: libpq-fe.h outside src/store: $bad"; fail=1; }
bad=$(grep -rlE '#include *<argon2\.h>' src include | grep -v '^src/core/hash\.c$')
[ -n "$bad" ] && { echo "layering: argon2.h outside src/core/hash.c: $bad"; fail=1; }
bad=$(grep -rlE '#include *<(n?curses(w)?\.h|ncursesw/[a-z]+\.h)>' src include | grep -v '^src/tui/')
[ -n "$bad" ] && { echo "layering: curses outside src/tui: $bad"; fail=1; }
bad=$(grep -rlE '#include *<(cairo[a-z-]*\.h|pango/[a-z]+\.h)>' src include | grep -vE '^src/sheet/slips_pdf(_text\.[ch]|\.c)$')
[ -n "$bad" ] && { echo "layering: cairo/pango outside src/sheet/slips_pdf.c and slips_pdf_text.[ch]: $bad"; fail=1; }
bad=$(grep -rlE '#include *<qrencode\.h>' src include | grep -v '^src/sheet/slips_pdf_qr\.c$')
[ -n "$bad" ] && { echo "layering: qrencode outside src/sheet/slips_pdf_qr.c: $bad"; fail=1; }
bad=$(grep -rlE 'sqlite3_|SELECT |INSERT INTO|UPDATE [a-z_]+ SET' src/tui src/cli src/core 2>/dev/null)
[ -n "$bad" ] && { echo "layering: SQL outside src/store: $bad"; fail=1; }
bad=$(grep -rlE '#include *<syslog\.h>' src include | grep -v '^src/core/eventlog\.c$')
[ -n "$bad" ] && { echo "layering: syslog.h outside src/core/eventlog.c: $bad"; fail=1; }

# The layers' arrows (the comment atop each folder's main header): base
# below everything; sheet and store above base only; core above them; the
# two front ends on top, which main.c joins.  Checked by what the files
# include and, in the objects make built ($BUILD), by the symbols they use.
base_h='error|text|utf8'                 # include/roster/ headers of src/base
sheet_h='sheet|bundle|slips_pdf'         # ... of src/sheet
incl() { grep -nE '#include *("|<roster/)' "$@" 2>/dev/null; }
own='"[a-z0-9_]+\.h"'                    # a header of the same folder
bad=$(incl src/base/* include/roster/error.h include/roster/text.h \
    include/roster/utf8.h | grep -vE "<roster/($base_h)\.h>|$own")
[ -n "$bad" ] && { echo "layering: base includes what is ours above it: $bad"; fail=1; }
bad=$(incl src/sheet/* include/roster/sheet.h include/roster/bundle.h \
    include/roster/slips_pdf.h | grep -vE "<roster/($base_h|$sheet_h)\.h>|$own")
[ -n "$bad" ] && { echo "layering: sheet includes more than base: $bad"; fail=1; }
bad=$(incl src/store/* | grep -E '#include *"[^"]*/')
[ -n "$bad" ] && { echo "layering: store includes another folder: $bad"; fail=1; }
# The front ends: the engine through include/roster/ only (no store.h),
# and not each other.
bad=$(incl src/cli/* | grep -E '#include *"[^"]*/')
[ -n "$bad" ] && { echo "layering: cli includes another folder (tui, store, core): $bad"; fail=1; }
bad=$(incl src/tui/* | grep -E '#include *"[^"]*/')
[ -n "$bad" ] && { echo "layering: tui includes another folder (cli, store, core): $bad"; fail=1; }
# The symbols a layer's objects leave undefined must not be defined by a
# layer it may not import.
obj=${BUILD:-build/rel}/src
if ! ls "$obj"/base/*.o "$obj"/core/*.o "$obj"/cli/*.o "$obj"/tui/*.o >/dev/null 2>&1; then
	echo "layering: no objects in $obj (run make first, or set BUILD)"; fail=1
else
	defs=$(mktemp) || exit 1
	# The objects of the sources there are (not those of a file moved
	# away since the last build).
	objs() { for o in "$obj/$1"/*.o; do
		[ -f "src/$1/$(basename "$o" .o).c" ] && echo "$o"; done; }
	for rule in "base core store sheet cli tui" "sheet core store cli tui" \
	    "store core sheet cli tui" "cli tui" "tui cli"; do
		# shellcheck disable=SC2086
		set -- $rule
		layer=$1; shift
		# shellcheck disable=SC2046
		for d in "$@"; do nm --defined-only $(objs "$d"); done |
		    awk 'NF == 3 && $2 ~ /[TDBRC]/ {print $3}' | sort -u >"$defs"
		# shellcheck disable=SC2046
		bad=$(nm -u $(objs "$layer") | awk 'NF == 2 {print $2}' |
		    sort -u | comm -12 - "$defs" | tr '\n' ' ')
		[ -n "$bad" ] && { echo "layering: src/$layer uses what src/{$(echo "$@" | tr ' ' ,)} define: $bad"; fail=1; }
	done
	rm -f "$defs"
fi
# The engine states facts; the front ends phrase the next step: no text in
# the engine names a command-line flag (the pattern of the before-stop hook).
bad=$(grep -nE '"[^"]*--(confirm|site|user|db|force|expect|format|password-file)\b' \
    src/base/*.c src/core/*.c include/roster/*.h)
[ -n "$bad" ] && { echo "layering: engine text names command-line flags:"; echo "$bad"; fail=1; }
# the plan module's files call one another one way (plan_int.h's order)
scripts/check-plan-order.sh >/dev/null || { scripts/check-plan-order.sh; fail=1; }
[ $fail = 0 ] && echo "layering: ok"
exit $fail
