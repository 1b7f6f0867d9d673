#!/bin/sh
# A bundle's SSO link in the terminal interface: the trial-run screen
# shows the portfolio that users.csv's userIds {Clever:ID} links as an
# update "SSO: (blank) → Clever" with W34 in its detail, and links
# nobody (the upload is tests/cli/test_oneroster_sso.sh's).
. "$(dirname "$0")/lib.sh"
make_db 60
mkdir -p "$HOME/sis"
cp -R "$(cd "$(dirname "$0")/../.." && pwd)/tests/data/oneroster/v11" "$HOME/sis/export"
sed -i 's/^u-2001,\(.*\),demo.staff,,/u-2001,\1,demo.staff,{Clever:cl-2001},/' "$HOME/sis/export/users.csv"
grep -q 'demo.staff,{Clever:cl-2001}' "$HOME/sis/export/users.csv" || fail "the fixture edit"
tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
send 3
wait_for "Upload an Export for Upload file"
type "$HOME/sis/export"
send Down Down Down Enter    # Trial run ticked → Upload Portfolios
wait_for "6 rows: 1 new · 3 update · 2 same · 0 with errors"
screen | grep -Eq "^ *4 +UPD \+1 +demo.staff .*SSO: \(blank\) → Clever" || fail "users.csv line 4: the link, as a change"
send Down Down
wait_for "users.csv:4 · UPD"
send Enter
wait_for "users.csv:4 · status UPD"
wait_for "W34"
expect "links the portfolio to Clever (id cl-2001)"
[ "$(db_sql "SELECT coalesce(sso, '') FROM portfolios WHERE username = 'demo.staff'")" = "" ] || fail "the trial run linked nobody"
pass
