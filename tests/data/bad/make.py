#!/usr/bin/python3
"""Makes the corpus of broken upload files in this folder.

Run from anywhere: /usr/bin/python3 tests/data/bad/make.py
The output is deterministic (fixed zip timestamps) except for the two
files LibreOffice writes (xls_renamed.xlsx, ods_renamed.xlsx), which are
made only when missing.  README lists each file and what must happen;
tests/unit/test_sheet_bad.c checks it.
"""
import bz2
import io
import os
import struct
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = ["Portfolio ID", "Username", "Password", "First Name", "Last Name",
          "Graduation Year", "Group", "Email", "Account Type"]
ROW = ["17", "jsmith27", "", "Jane", "Smith", "2027", "Period 1",
       "jane@example.org", "student"]
STAMP = (2024, 1, 1, 0, 0, 0)


def put(name, data):
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def csv_line(cells):
    out = []
    for c in cells:
        if any(ch in c for ch in ',"\r\n'):
            c = '"' + c.replace('"', '""') + '"'
        out.append(c)
    return ",".join(out) + "\r\n"


def csv(*rows):
    return "".join(csv_line(r) for r in rows)


# ---- XLSX parts ---------------------------------------------------------

CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
      '</Types>')
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="' + R + '/officeDocument" Target="xl/workbook.xml"/>'
             '</Relationships>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="' + R + '"><sheets>'
            '<sheet name="Upload" sheetId="1" r:id="rId1"/></sheets></workbook>')
WB_RELS = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="' + R + '/worksheet" Target="worksheets/sheet1.xml"/>'
           '<Relationship Id="rId2" Type="' + R + '/sharedStrings" Target="sharedStrings.xml"/>'
           '</Relationships>')
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def inline_row(n, cells):
    cs = "".join('<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>'
                 % (col_name(i), n, esc(v)) for i, v in enumerate(cells) if v)
    return '<row r="%d">%s</row>' % (n, cs)


def sheet(rows_xml, prolog=""):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + prolog +
            '<worksheet ' + NS + '><sheetData>' + rows_xml +
            '</sheetData></worksheet>')


GOOD_SHEET = sheet(inline_row(1, HEADER) + inline_row(2, ROW))


def xlsx(name, parts, method=zipfile.ZIP_DEFLATED, drop=()):
    base = {
        "[Content_Types].xml": CT,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WB_RELS,
        "xl/worksheets/sheet1.xml": GOOD_SHEET,
    }
    base.update(parts)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for part, data in base.items():
            if part in drop or data is None:
                continue
            if isinstance(data, str):
                data = data.encode()
            info = zipfile.ZipInfo(part, STAMP)
            info.compress_type = method
            z.writestr(info, data)
    put(name, buf.getvalue())
    return buf.getvalue()


def ole2(stream_names):
    """A minimal, valid OLE2 compound file whose streams are empty: enough
    to be what an encrypted XLSX or an XLS is on the outside."""
    header = bytearray(512)
    header[0:8] = bytes.fromhex("d0cf11e0a1b11ae1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 44,
                     1,            # FAT sectors
                     1,            # first directory sector
                     0,            # transaction
                     4096,         # mini stream cutoff
                     0xFFFFFFFE,   # first mini FAT sector: none
                     0,            # mini FAT sectors
                     0xFFFFFFFE,   # first DIFAT sector: none
                     0,            # DIFAT sectors
                     0)            # DIFAT[0]: FAT in sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, 0xFFFFFFFF)
    fat = bytearray(b"\xff" * 512)
    struct.pack_into("<II", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)

    def entry(name, kind, child=0xFFFFFFFF, right=0xFFFFFFFF):
        e = bytearray(128)
        raw = name.encode("utf-16-le") + b"\0\0"
        e[0:len(raw)] = raw
        struct.pack_into("<HBB", e, 64, len(raw), kind, 1)
        struct.pack_into("<III", e, 68, 0xFFFFFFFF, right, child)
        struct.pack_into("<II", e, 116, 0xFFFFFFFE, 0)
        return e

    names = list(stream_names)
    ents = [entry("Root Entry", 5, child=1)]
    for i, n in enumerate(names):
        right = i + 2 if i + 1 < len(names) else 0xFFFFFFFF
        ents.append(entry(n, 2, right=right))
    dirsec = b"".join(ents)
    dirsec += b"\0" * (512 - len(dirsec))
    return bytes(header) + bytes(fat) + dirsec[:512]


def libreoffice(name, fmt):
    """An XLS or ODS written by LibreOffice, renamed .xlsx."""
    if os.path.exists(os.path.join(HERE, name)):
        return
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "upload.csv")
        with open(src, "w") as f:
            f.write(csv(HEADER, ROW))
        subprocess.run(["soffice", "--headless", "--convert-to", fmt,
                        "--outdir", d, src], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(os.path.join(d, "upload." + fmt), "rb") as f:
            put(name, f.read())


def main():
    # ---- CSV: the reader refuses these --------------------------------
    put("empty.csv", b"")
    put("unbalanced_quote.csv",
        csv(HEADER, ROW) + '18,ab1234,,"Ann,Lee,2027,,,student\r\n'
        '19,cd1234,,Bo,Kim,2027,,,student\r\n')
    put("stray_quote.csv", csv(HEADER) + '17,jsmith27,,Jane,O"Brien,2027,,,student\r\n')
    put("text_after_quote.csv", csv(HEADER) + '17,jsmith27,,Jane,"Smith" Jr,2027,,,student\r\n')
    put("nul_byte.csv", csv(HEADER, ROW) + "18,ab\0cd,,Ann,Lee,2027,,,student\r\n")
    put("wide_row.csv", csv(HEADER) + ",".join(["x"] * 10000) + "\r\n")
    put("big_cell.csv", csv(HEADER) + "17,jsmith27,,Jane," + "S" * (1 << 20) + "x,2027,,,student\r\n")
    put("utf16_bom.csv", "\ufeff".encode("utf-16-le") + csv(HEADER, ROW).encode("utf-16-le"))
    put("utf16_nobom.csv", csv(HEADER, ROW).encode("utf-16-le"))
    put("png_renamed.csv", bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\0" * 32)
    put("bom_bad_utf8.csv", b"\xef\xbb\xbf" + csv(HEADER).encode() + b"17,jsmith27,,Jane,Sm\xe9th,2027,,,student\r\n")
    put("ole2_renamed.csv", ole2(["Workbook"]))
    put("gzip_renamed.csv", b"\x1f\x8b\x08\x00" + b"\0" * 20)
    # ---- CSV: the reader reads these; the importer rejects them -------
    put("header_only.csv", csv(HEADER))
    put("header_reordered.csv", csv([HEADER[1], HEADER[0]] + HEADER[2:], ROW))
    put("header_renamed.csv", csv(["ID"] + HEADER[1:], ROW))
    put("header_missing_column.csv", csv(HEADER[:8], ROW[:8]))
    put("header_extra_column.csv", csv(HEADER + ["Notes"], ROW + ["x"]))
    put("semicolons.csv", ";".join(HEADER) + "\r\n" + ";".join(ROW) + "\r\n")
    put("short_row.csv", csv(HEADER, ROW[:8]))
    put("long_row.csv", csv(HEADER, ROW + ["extra"]))
    put("cp1252.csv", csv(HEADER).encode() + csv(["18", "znunez", "", "Zo\u00eb", "\u00d1\u00fa\u00f1ez", "2027", "", "", "student"]).encode("cp1252"))
    put("formula.csv", csv(HEADER, ["17", "=HYPERLINK(\"http://x\")", "", "+Jane", "-Smith", "2027", "@g", "", "student"]))
    # ---- XLSX: the reader refuses these --------------------------------
    put("empty.xlsx", b"")
    put("not_zip.xlsx", csv(HEADER, ROW))
    good = xlsx("truncated.xlsx", {})
    put("truncated.xlsx", good[:len(good) // 2])
    xlsx("zip_bomb.xlsx", {"xl/worksheets/sheet1.xml":
                           sheet(inline_row(1, HEADER)) .replace("<sheetData>", "<sheetData>" + " " * (60 << 20))})
    xlsx("zip_bomb_bzip2.xlsx", {"xl/worksheets/sheet1.xml":
                                 sheet(inline_row(1, HEADER)).replace("<sheetData>", "<sheetData>" + " " * (200 << 20))},
         method=zipfile.ZIP_BZIP2)
    laughs = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
              '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
              '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
              '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
              '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
              '<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">'
              '<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">'
              '<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">'
              '<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">'
              '<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>\n')
    xlsx("billion_laughs.xlsx", {"xl/worksheets/sheet1.xml":
                                 sheet(inline_row(1, HEADER).replace("Username", "&lol9;"), laughs)})
    xlsx("external_entity.xlsx", {"xl/worksheets/sheet1.xml":
                                  sheet(inline_row(1, HEADER).replace("Username", "&xxe;"),
                                        '<!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n')})
    xlsx("external_dtd_rels.xlsx", {"_rels/.rels": ROOT_RELS.replace(
        "<Relationships", '<!DOCTYPE r SYSTEM "http://example.invalid/r.dtd">\n<Relationships', 1)})
    xlsx("undefined_entity.xlsx", {"xl/worksheets/sheet1.xml":
                                   sheet(inline_row(1, HEADER).replace("Username", "&nbsp;"))})
    xlsx("sst_missing.xlsx", {"xl/worksheets/sheet1.xml":
                              sheet(inline_row(1, HEADER) + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>')})
    sst = ('<?xml version="1.0" encoding="UTF-8"?>\n<sst ' + NS + ' count="2" uniqueCount="2">'
           '<si><t>jsmith27</t></si><si><t>Jane</t></si></sst>')
    xlsx("sst_out_of_range.xlsx", {
        "xl/sharedStrings.xml": sst,
        "xl/worksheets/sheet1.xml": sheet(
            inline_row(1, HEADER) + '<row r="2"><c r="B2" t="s"><v>0</v></c></row>'
            '<row r="5"><c r="C5" t="s"><v>99</v></c></row>')})
    xlsx("sst_bad_index.xlsx", {
        "xl/sharedStrings.xml": sst,
        "xl/worksheets/sheet1.xml": sheet(
            inline_row(1, HEADER) + '<row r="2"><c r="B2" t="s"><v>-1</v></c></row>')})
    xlsx("sheet_not_in_rels.xlsx", {"xl/_rels/workbook.xml.rels":
                                    WB_RELS.replace('Id="rId1"', 'Id="rId9"')})
    xlsx("workbook_missing.xlsx", {}, drop=("xl/workbook.xml",))
    xlsx("workbook_rels_missing.xlsx", {}, drop=("xl/_rels/workbook.xml.rels",))
    xlsx("root_rels_missing.xlsx", {}, drop=("_rels/.rels",))
    xlsx("sheet_part_missing.xlsx", {}, drop=("xl/worksheets/sheet1.xml",))
    xlsx("no_worksheet.xlsx", {"xl/workbook.xml": WORKBOOK.replace(
        '<sheet name="Upload" sheetId="1" r:id="rId1"/>', "")})
    xlsx("word_document.xlsx", {"_rels/.rels": ROOT_RELS.replace(
        "xl/workbook.xml", "word/document.xml"),
        "word/document.xml": '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'})
    xlsx("bad_utf8.xlsx", {"xl/worksheets/sheet1.xml":
                           sheet(inline_row(1, HEADER) + inline_row(2, ROW)).encode().replace(b"Smith", b"Sm\xe9th")})
    xlsx("not_xml.xlsx", {"xl/worksheets/sheet1.xml": csv(HEADER, ROW)})
    xlsx("wide_row.xlsx", {"xl/worksheets/sheet1.xml": sheet(
        inline_row(1, HEADER) + '<row r="2"><c r="A2"><v>17</v></c>'
        '<c r="ALM2" t="inlineStr"><is><t>far</t></is></c></row>')})
    xlsx("bad_cell_ref.xlsx", {"xl/worksheets/sheet1.xml": sheet(
        inline_row(1, HEADER) + '<row r="2"><c r="XFE2"><v>1</v></c></row>')})
    xlsx("cells_out_of_order.xlsx", {"xl/worksheets/sheet1.xml": sheet(
        inline_row(1, HEADER) + '<row r="2"><c r="C2"><v>1</v></c><c r="B2"><v>2</v></c></row>')})
    xlsx("rows_out_of_order.xlsx", {"xl/worksheets/sheet1.xml": sheet(
        inline_row(1, HEADER) + inline_row(5, ROW) + inline_row(3, ROW))})
    xlsx("row_past_limit.xlsx", {"xl/worksheets/sheet1.xml": sheet(
        inline_row(1, HEADER) + inline_row(1048577, ROW))})
    xlsx("huge_attribute.xlsx", {"xl/worksheets/sheet1.xml": sheet(
        inline_row(1, HEADER) + '<row r="2" x="' + "a" * (70 << 20) + '"/>')})
    xlsx("big_cell.xlsx", {"xl/worksheets/sheet1.xml": sheet(
        inline_row(1, HEADER) + inline_row(2, ["17", "u" * ((1 << 20) + 1)]))})
    # A worksheet stored uncompressed with one byte changed after the CRC.
    data = bytearray(xlsx("crc_error.xlsx", {}, method=zipfile.ZIP_STORED))
    at = data.find(b"jsmith27")
    data[at] = ord("J")
    put("crc_error.xlsx", bytes(data))
    put("encrypted.xlsx", ole2(["EncryptionInfo", "EncryptedPackage"]))
    libreoffice("xls_renamed.xlsx", "xls")
    libreoffice("ods_renamed.xlsx", "ods")
    # ---- XLSX: the reader reads these; the importer rejects them -------
    xlsx("header_only.xlsx", {"xl/worksheets/sheet1.xml": sheet(inline_row(1, HEADER))})
    xlsx("header_reordered.xlsx", {"xl/worksheets/sheet1.xml": sheet(
        inline_row(1, [HEADER[1], HEADER[0]] + HEADER[2:]) + inline_row(2, ROW))})
    xlsx("extra_cell.xlsx", {"xl/worksheets/sheet1.xml": sheet(
        inline_row(1, HEADER) + inline_row(2, ROW + ["extra"]))})
    xlsx("empty_workbook_sheet.xlsx", {"xl/worksheets/sheet1.xml": sheet("")})


if __name__ == "__main__":
    sys.exit(main())
