#!/bin/sh
# DESIGN: only src/store speaks SQL (and to libpq), only the hashing module includes
# argon2.h, only src/tui includes curses.  Fails loudly when that breaks.
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
bad=$(grep -rlE '#include *<(cairo[a-z-]*\.h|pango/[a-z]+\.h)>' src include | grep -v '^src/sheet/slips_pdf\.c$')
[ -n "$bad" ] && { echo "layering: cairo/pango outside src/sheet/slips_pdf.c: $bad"; fail=1; }
bad=$(grep -rlE '#include *<qrencode\.h>' src include | grep -v '^src/sheet/slips_pdf_qr\.c$')
[ -n "$bad" ] && { echo "layering: qrencode outside src/sheet/slips_pdf_qr.c: $bad"; fail=1; }
bad=$(grep -rlE 'sqlite3_|SELECT |INSERT INTO|UPDATE [a-z_]+ SET' src/tui src/cli src/core 2>/dev/null)
[ -n "$bad" ] && { echo "layering: SQL outside src/store: $bad"; fail=1; }
bad=$(grep -rlE '#include *<syslog\.h>' src include | grep -v '^src/core/eventlog\.c$')
[ -n "$bad" ] && { echo "layering: syslog.h outside src/core/eventlog.c: $bad"; fail=1; }
# the plan module's files call one another one way (plan_int.h's order)
scripts/check-plan-order.sh >/dev/null || { scripts/check-plan-order.sh; fail=1; }
[ $fail = 0 ] && echo "layering: ok"
exit $fail
