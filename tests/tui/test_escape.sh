#!/bin/sh
# A name holding escape sequences (CSI colour, an OSC title, a C1 CSI) is
# shown as harmless visible text: nothing reaches the terminal that it
# would act on.  (roster refuses such names now: they are written here as
# a database made by an older version holds them.)
. "$(dirname "$0")/lib.sh"
make_db 30
printf 'DemoAdmin1\n' > "$T/a.pw"; printf 'Evil-Pass1\n' > "$T/e.pw"
chmod 600 "$T/a.pw" "$T/e.pw"
first=$(printf 'Eve\033[31mRED\033]0;pwned\007X')
last=$(printf 'Zz\302\233Tail')
# roster refuses such names now; an older database may hold them.
"$ROSTER" --db "$DB" --user demo.admin --password-file "$T/a.pw" account add \
    --username evil.name --first Eve --last Zz --type student \
    --grad-year 2028 --new-password-file "$T/e.pw" >/dev/null ||
    fail "account add"
id=$(db_sql "SELECT id FROM portfolios WHERE username = 'evil.name'")
store_raw "$id" first "$first"
store_raw "$id" last "$last"

tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send Enter; wait_for "Search Mode"
type Zz; send Enter
wait_for "evil.name"
expect 'Zz<9B>Tail'
expect 'Eve^[[31mRE'
# The row carries no colour of its own: the CSI was not acted on.
row=$(screen_e | grep 'evil.name')
printf '%s' "$row" | grep -q "$(printf '\033')\[31m" && fail "the name's CSI reached the terminal"
# The OSC did not set the pane title.
title=$(tm display-message -p -t t '#{pane_title}')
[ "$title" != "pwned" ] || fail "the name's OSC set the title"
# The detail dialog shows it harmlessly too.
send Enter
wait_for "Portfolio ID"
expect 'Eve^[[31mRED^[]0;pwned^GX'
pass
