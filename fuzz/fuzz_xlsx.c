/* fuzz_xlsx.c — libFuzzer harness for the XLSX reader (fuzz/build.sh).
 *
 * An input that starts with "PK" is read as the file itself.  Mutating a
 * zip mostly breaks its CRCs, so any other input is the XML inside one:
 * the worksheet, then optionally "\n--sst--\n" and the shared strings,
 * then optionally "\n--wb--\n" and the workbook, packed into a valid
 * archive around it, so that the fuzzer reaches the XML parsers. */
#include "fuzz_common.h"

#include <zip.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

static void pack(const uint8_t *data, size_t size)
{
	const uint8_t *sst = find(data, size, "\n--sst--\n");
	const uint8_t *wb = find(data, size, "\n--wb--\n");
	const uint8_t *end = data + size;
	size_t sheet_len = (size_t)((sst ? sst : wb ? wb : end) - data);
	int err;
	zip_t *za = zip_open(fuzz_path, ZIP_CREATE | ZIP_TRUNCATE, &err);

	if (!za)
		abort();
	add(za, "_rels/.rels", root_rels, sizeof root_rels - 1);
	add(za, "xl/_rels/workbook.xml.rels", wb_rels, sizeof wb_rels - 1);
	add(za, "xl/worksheets/sheet1.xml", data, sheet_len);
	if (sst) {
		const uint8_t *s = sst + 9, *e = wb && wb > sst ? wb : end;

		add(za, "xl/sharedStrings.xml", s, (size_t)(e - s));
	}
	if (wb && (!sst || wb > sst))
		add(za, "xl/workbook.xml", wb + 8, (size_t)(end - wb - 8));
	else
		add(za, "xl/workbook.xml", workbook, sizeof workbook - 1);
	if (zip_close(za) < 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fuzz_path[0])
		fuzz_make_path(".xlsx");
	if (size >= 2 && data[0] == 'P' && data[1] == 'K')
		fuzz_write(data, size);
	else
		pack(data, size);
	fuzz_read_all(RO_SHEET_XLSX);
	return 0;
}
