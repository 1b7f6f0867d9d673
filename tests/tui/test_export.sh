#!/bin/sh
# Export for Upload to XLSX: the task form proposes a dated file in the
# home folder; the file is written (a zip workbook, mode 0600) with the
# selected portfolios.
. "$(dirname "$0")/lib.sh"
make_db 40
add_qtest
tui_start "$ROSTER" --db "$DB"
sign_in demo.admin DemoAdmin1
wait_for "Manage Active Portfolios"
list_last_name Qtest
wait_for "· 2 portfolios"
send a
send t
wait_for "Export for Upload"
send Down Enter
wait_for "Task [Export for Upload"
send x
wait_for "Export for Upload: 2 portfolios selected"
day=$(date +%Y-%m-%d)
expect "~/roster-export-$day.xlsx"
send Tab                   # Export
send Enter
wait_for "Exported 2 portfolios"
f="$HOME/roster-export-$day.xlsx"
[ -f "$f" ] || fail "no $f"
[ "$(head -c 2 "$f")" = "PK" ] || fail "not a zip (XLSX) file"
[ "$(stat -c %a "$f")" = 600 ] || fail "mode $(stat -c %a "$f"), want 600"
command -v unzip >/dev/null 2>&1 || fail "unzip is missing (scripts/deps.sh)"
unzip -p "$f" >"$T/sheet.xml" || fail "cannot unzip $f"
grep -q "alpha.test1" "$T/sheet.xml" || fail "alpha.test1 not in the workbook"
grep -q "beta.test2" "$T/sheet.xml" || fail "beta.test2 not in the workbook"
pass
