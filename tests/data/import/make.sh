#!/bin/sh
# make.sh — the importer's broken files (header and cell-count errors the
# sheet reader reads fine but an upload must refuse).  Run from anywhere:
#   tests/data/import/make.sh
# EXPECTED beside this script lists each file's exit status and message;
# tests/cli/test_bad_files.sh checks them.
set -eu
cd "$(dirname "$0")"
H='Portfolio ID,Username,Password,First Name,Last Name,Graduation Year,Group,Email,Account Type'
ROW='20,aachebe00019,,Anaïs,Achebe,2030,Period 6,,student'

w() { printf "$2" >"$1"; }

w empty.csv ''
w blank_lines.csv '\r\n\r\n\r\n'
w header_only.csv "$H\r\n"
w header_bom_spaces.csv "\357\273\277 Portfolio ID , Username,Password ,First Name,Last Name,Graduation Year,Group,Email, Account Type \r\n"
w header_reordered.csv "Username,Portfolio ID,Password,First Name,Last Name,Graduation Year,Group,Email,Account Type\r\n$ROW\r\n"
w header_renamed.csv "Portfolio Id,Username,Password,First Name,Last Name,Graduation Year,Group,Email,Account Type\r\n$ROW\r\n"
w header_missing.csv "Portfolio ID,Username,Password,First Name,Last Name,Graduation Year,Group,Email\r\n20,aachebe00019,,Anaïs,Achebe,2030,Period 6,\r\n"
w header_extra.csv "$H,Notes\r\n$ROW,\r\n"
w header_mojibake.csv "ï»¿$H\r\n$ROW\r\n"
w header_title_row.csv "Export for Upload\r\n$H\r\n$ROW\r\n"
w header_blank_first_row.csv "\r\n$H\r\n$ROW\r\n"
w header_as_data.csv "$H\r\n$H\r\n"
w cells_short.csv "$H\r\n20,aachebe00019,,Anaïs,Achebe,2030,Period 6,student\r\n"
w cells_long.csv "$H\r\n$ROW,extra\r\n"

/usr/bin/python3 - <<'EOF'
import openpyxl
H = ["Portfolio ID", "Username", "Password", "First Name", "Last Name",
     "Graduation Year", "Group", "Email", "Account Type"]
wb = openpyxl.Workbook(); ws = wb.active; ws.append(H)
wb.save("header_only.xlsx")
wb = openpyxl.Workbook(); ws = wb.active; ws.append(H)
ws.append(["20", "aachebe00019", None, "Anaïs", "Achebe", 2030, "Period 6",
           None, "student", "stray"])
wb.save("xlsx_extra_cell.xlsx")
# Blank trailing cells are left out of an XLSX row: that is not E11.
wb = openpyxl.Workbook(); ws = wb.active; ws.append(H)
ws.append(["20", "aachebe00019", None, "Anaïs", "Achebe", 2030])
wb.save("xlsx_short_row.xlsx")
EOF
chmod 644 ./*.csv ./*.xlsx
