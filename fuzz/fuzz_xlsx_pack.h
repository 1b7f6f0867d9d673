/* fuzz_xlsx_pack.h — packs fuzzer input into a valid XLSX archive, for
 * the harnesses that read XLSX (fuzz_xlsx.c, fuzz_plan.c).
 *
 * Mutating a zip mostly breaks its CRCs, so an input that does not start
 * with "PK" is the XML inside one: the worksheet, then optionally
 * "\n--sst--\n" and the shared strings, then optionally "\n--wb--\n" and
 * the workbook, packed around it, so that the fuzzer reaches the XML
 * parsers.  fuzz_xlsx_write puts either form at path. */
#ifndef ROSTER_FUZZ_XLSX_PACK_H
#define ROSTER_FUZZ_XLSX_PACK_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

static const char root_rels[] =
	"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas."
	"openxmlformats.org/package/2006/relationships\"><Relationship "
	"Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
	"2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
	"</Relationships>";
static const char workbook[] =
	"<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats"
	".org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats"
	".org/officeDocument/2006/relationships\"><sheets><sheet name=\"S\" "
	"sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char wb_rels[] =
	"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas."
	"openxmlformats.org/package/2006/relationships\"><Relationship "
	"Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
	"2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
	"officeDocument/2006/relationships/sharedStrings\" "
	"Target=\"sharedStrings.xml\"/></Relationships>";

static const uint8_t *find(const uint8_t *p, size_t n, const char *s)
{
	size_t len = strlen(s);

	for (size_t i = 0; i + len <= n; i++)
		if (!memcmp(p + i, s, len))
			return p + i;
	return NULL;
}

static void add(zip_t *za, const char *name, const void *p, size_t n)
{
	zip_source_t *src = zip_source_buffer(za, p, n, 0);

	if (!src || zip_file_add(za, name, src, ZIP_FL_OVERWRITE) < 0)
		abort();
}

static void pack(const char *path, const uint8_t *data, size_t size)
{
	const uint8_t *sst = find(data, size, "\n--sst--\n");
	const uint8_t *wb = find(data, size, "\n--wb--\n");
	const uint8_t *end = data + size;
	size_t sheet_len = (size_t)((sst ? sst : wb ? wb : end) - data);
	int err;
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);

	if (!za)
		abort();
	add(za, "_rels/.rels", root_rels, sizeof root_rels - 1);
	add(za, "xl/_rels/workbook.xml.rels", wb_rels, sizeof wb_rels - 1);
	add(za, "xl/worksheets/sheet1.xml", data, sheet_len);
	if (sst) {
		const uint8_t *s = sst + 9, *e = wb && wb > sst ? wb : end;

		/* The markers may share their newline ("\n--sst--\n--wb--\n"):
		 * then the strings are empty, not -1 bytes long. */
		if (e < s)
			e = s;
		add(za, "xl/sharedStrings.xml", s, (size_t)(e - s));
	}
	if (wb && (!sst || wb > sst))
		add(za, "xl/workbook.xml", wb + 8, (size_t)(end - wb - 8));
	else
		add(za, "xl/workbook.xml", workbook, sizeof workbook - 1);
	if (zip_close(za) < 0)
		abort();
}

static void fuzz_xlsx_write(const char *path, const uint8_t *data,
    size_t size)
{
	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		FILE *f = fopen(path, "wb");

		if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
			abort();
	} else {
		pack(path, data, size);
	}
}

#endif
