#!/usr/bin/python3
"""Makes the spreadsheet fixtures in this folder: files written by other
programs, which tests/unit/test_sheet_xlsx.c reads.

    /usr/bin/python3 tests/data/sheet/make.py

openpyxl_sparse.xlsx   openpyxl: gaps between rows and cells, shared
                       strings, numbers, a boolean, trailing empty rows
excel_like.xlsx        by hand, as Excel writes: shared strings with rich
                       text runs, a phonetic run and _x000D_ escapes,
                       prefixed element names, t="str"/"b"/"e"/"n" cells,
                       2.027E3, a formula's cached value, styled empty
                       cells, <row> and <c> without r attributes
libreoffice.xlsx       LibreOffice's save of upload.csv (made only when
                       missing: it needs soffice)
gnumeric.xlsx          Gnumeric's (ssconvert) save of the same (ditto)
"""
import io
import os
import subprocess
import tempfile
import zipfile

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = (2024, 1, 1, 0, 0, 0)


def openpyxl_sparse():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Upload"
    ws["A1"] = "Portfolio ID"
    ws["B1"] = "Username"
    ws["D1"] = "First Name"
    ws["A2"] = "007"        # a string: leading zeros kept
    ws["B2"] = "Zoë Ñúñez"
    ws["F2"] = 2027         # a number
    ws["A4"] = 42.5
    ws["C4"] = True
    ws["B6"] = "=not a formula"
    ws["B6"].data_type = "s"
    ws["A9"] = None         # nothing: trailing
    ws.cell(row=12, column=3).number_format = "0.00"   # styled, empty
    wb.save(os.path.join(HERE, "openpyxl_sparse.xlsx"))


R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def excel_like():
    parts = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId3" Type="' + R + '/extended-properties" Target="docProps/app.xml"/>'
            '<Relationship Id="rId1" Type="' + R + '/officeDocument" Target="/xl/workbook.xml"/>'
            '</Relationships>',
        # A chart sheet first: the first *worksheet* is the one read.
        "xl/workbook.xml":
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<x:workbook xmlns:x="' + MAIN + '" xmlns:r="' + R + '"><x:sheets>'
            '<x:sheet name="Chart" sheetId="2" r:id="rId7"/>'
            '<x:sheet name="Upload" sheetId="1" r:id="rId5"/>'
            '<x:sheet name="Other" sheetId="3" r:id="rId6"/>'
            '</x:sheets></x:workbook>',
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId7" Type="' + R + '/chartsheet" Target="chartsheets/sheet1.xml"/>'
            '<Relationship Id="rId5" Type="' + R + '/worksheet" Target="./worksheets/../worksheets/data.xml"/>'
            '<Relationship Id="rId6" Type="' + R + '/worksheet" Target="worksheets/other.xml"/>'
            '<Relationship Id="rId2" Type="' + R + '/sharedStrings" Target="strings.xml"/>'
            '<Relationship Id="rId9" Type="' + R + '/hyperlink" Target="http://example.org" TargetMode="External"/>'
            '</Relationships>',
        "xl/strings.xml":
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sst xmlns="' + MAIN + '" count="6" uniqueCount="6">'
            '<si><t>Portfolio ID</t></si>'
            '<si><t>Username</t></si>'
            '<si><r><rPr><b/></rPr><t>Zo</t></r><r><t xml:space="preserve">ë Ñúñez</t></r></si>'
            '<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si>'
            '<si><t>line1_x000D_\nline2 a_x005F_x0041_b</t></si>'
            "<si><t>'=1+2</t></si>"
            '</sst>',
        "xl/worksheets/data.xml":
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<x:worksheet xmlns:x="' + MAIN + '"><x:dimension ref="A1:F9"/><x:sheetData>'
            '<x:row r="1" spans="1:6"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c></x:row>'
            '<x:row r="2"><x:c r="A2" t="s"><x:v>2</x:v></x:c><x:c r="B2" t="s"><x:v>3</x:v></x:c>'
            '<x:c r="C2" t="s"><x:v>4</x:v></x:c><x:c r="D2" t="s"><x:v>5</x:v></x:c></x:row>'
            '<x:row r="3"><x:c r="A3"><x:v>2.027E3</x:v></x:c><x:c r="B3"><x:v>0.1</x:v></x:c>'
            '<x:c r="C3" t="b"><x:v>1</x:v></x:c><x:c r="D3" t="e"><x:v>#N/A</x:v></x:c>'
            '<x:c r="E3" t="str"><x:f>A1&amp;"x"</x:f><x:v>Portfolio IDx</x:v></x:c>'
            '<x:c r="F3"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row>'
            '<x:row r="4"><x:c r="A4" s="3"/><x:c r="B4" s="3"/></x:row>'
            '<x:row><x:c><x:v>-0</x:v></x:c><x:c t="inlineStr"><x:is><x:t>in</x:t></x:is></x:c>'
            '<x:c r="D5"><x:v>123456789012</x:v></x:c></x:row>'
            '<x:row r="9" s="2" customFormat="1"/>'
            '</x:sheetData><x:mergeCells count="0"/></x:worksheet>',
        "xl/worksheets/other.xml":
            '<?xml version="1.0"?><worksheet xmlns="' + MAIN + '"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>wrong sheet</t></is></c></row>'
            '</sheetData></worksheet>',
        "xl/chartsheets/sheet1.xml":
            '<?xml version="1.0"?><chartsheet xmlns="' + MAIN + '"/>',
    }
    with zipfile.ZipFile(os.path.join(HERE, "excel_like.xlsx"), "w") as z:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode())


UPLOAD_CSV = ("Portfolio ID,Username,Password,First Name,Last Name,"
              "Graduation Year,Group,Email,Account Type\r\n"
              "17,jsmith27,,Jane,Smith,2027,Period 1,jane@example.org,student\r\n"
              "18,znunez,,Zoë,Ñúñez,2028,,,student\r\n"
              "19,tstaff,,Tom,\"Lee, Jr\",,,,staff\r\n")


def converted(name, cmd_of):
    out = os.path.join(HERE, name)
    if os.path.exists(out):
        return
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "upload.csv")
        with open(src, "w", encoding="utf-8") as f:
            f.write(UPLOAD_CSV)
        subprocess.run(cmd_of(src, d), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(os.path.join(d, "upload.xlsx"), "rb") as f:
            data = f.read()
    with open(out, "wb") as f:
        f.write(data)


def main():
    openpyxl_sparse()
    excel_like()
    with open(os.path.join(HERE, "upload.csv"), "w", encoding="utf-8",
              newline="") as f:
        f.write(UPLOAD_CSV)
    converted("libreoffice.xlsx", lambda src, d: [
        "soffice", "--headless", "--infilter=CSV:44,34,76,1", "--convert-to",
        "xlsx", "--outdir", d, src])
    converted("gnumeric.xlsx", lambda src, d: [
        "ssconvert", "--export-type=Gnumeric_Excel:xlsx2", src,
        os.path.join(d, "upload.xlsx")])


if __name__ == "__main__":
    main()
