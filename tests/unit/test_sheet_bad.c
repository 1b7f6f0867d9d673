/* test_sheet_bad.c — the corpus of broken files in tests/data/bad (see
 * its README): each is refused with the documented code and a message
 * naming what is wrong, or read as documented (and left to the importer
 * to reject).  Then the fuzzers' old crashers, which must read safely. */
#include "sheet_testlib.h"

#include <dirent.h>

struct bad_case {
	const char *file;
	int rc;               /* 0: reads fine */
	const char *message;  /* a substring of the message; or of the dump */
	size_t rows;          /* rows yielded before the end or the error */
};

static const struct bad_case cases[] = {
	/* CSV the reader refuses */
	{ "empty.csv", RO_EFORMAT, "the file is empty", 0 },
	{ "unbalanced_quote.csv", RO_EFORMAT,
	  "row 3: the quote that opens cell D3 is never closed", 2 },
	{ "stray_quote.csv", RO_EFORMAT, "row 2: misplaced quote (\") in "
	  "cell E2", 1 },
	{ "text_after_quote.csv", RO_EFORMAT, "row 2: misplaced quote", 1 },
	{ "nul_byte.csv", RO_EFORMAT, "row 3: NUL byte in cell B3", 2 },
	{ "wide_row.csv", RO_EFORMAT, "row 2: more than 1000 cells", 1 },
	{ "big_cell.csv", RO_EFORMAT, "cell E2: longer than 1 MiB", 1 },
	{ "utf16_bom.csv", RO_EFORMAT, "UTF-16 text: save it as \"CSV UTF-8\"",
	  0 },
	{ "utf16_nobom.csv", RO_EFORMAT, "UTF-16 text", 0 },
	{ "png_renamed.csv", RO_EFORMAT, "a PNG image, not a CSV or XLSX", 0 },
	{ "gzip_renamed.csv", RO_EFORMAT, "a gzip archive", 0 },
	{ "ole2_renamed.csv", RO_EFORMAT, "an Excel 97-2003 workbook (XLS)", 0 },
	{ "bom_bad_utf8.csv", RO_EFORMAT, "cell E2: not valid UTF-8", 1 },
	/* CSV the reader reads; the importer rejects (E10, E11) or warns */
	{ "header_only.csv", 0, "1:Portfolio ID|", 1 },
	{ "header_reordered.csv", 0, "1:Username|Portfolio ID|", 2 },
	{ "header_renamed.csv", 0, "1:ID|Username|", 2 },
	{ "header_missing_column.csv", 0, "|Email\n2:", 2 },
	{ "header_extra_column.csv", 0, "|Account Type|Notes\n", 2 },
	{ "semicolons.csv", 0, "1:Portfolio ID;Username;", 2 },
	{ "short_row.csv", 0, "2:17|jsmith27||Jane|Smith|2027|Period 1|"
	  "jane@example.org\n", 2 },
	{ "long_row.csv", 0, "|student|extra\n", 2 },
	{ "cp1252.csv", 0, "2:18|znunez||Zoë|Ñúñez|2027|||student\n", 2 },
	{ "formula.csv", 0, "2:17|=HYPERLINK(\"http://x\")||+Jane|-Smith|"
	  "2027|@g||student\n", 2 },
	/* XLSX the reader refuses */
	{ "empty.xlsx", RO_EFORMAT, "the file is empty", 0 },
	{ "not_zip.xlsx", RO_EFORMAT, "not a zip archive", 0 },
	{ "truncated.xlsx", RO_EFORMAT, "not a zip archive, or a truncated one",
	  0 },
	{ "crc_error.xlsx", RO_EFORMAT, "xl/worksheets/sheet1.xml: damaged "
	  "(CRC error)", 2 },
	{ "zip_bomb.xlsx", RO_EFORMAT, "xl/worksheets/sheet1.xml: compressed "
	  "more than 1000 to 1: looks like a zip bomb", 0 },
	{ "zip_bomb_bzip2.xlsx", RO_EFORMAT, "looks like a zip bomb", 0 },
	{ "billion_laughs.xlsx", RO_EFORMAT, "xl/worksheets/sheet1.xml: has a "
	  "DOCTYPE", 0 },
	{ "external_entity.xlsx", RO_EFORMAT, "xl/worksheets/sheet1.xml: has a "
	  "DOCTYPE", 0 },
	{ "external_dtd_rels.xlsx", RO_EFORMAT, "_rels/.rels: has a DOCTYPE",
	  0 },
	{ "undefined_entity.xlsx", RO_EFORMAT, "xl/worksheets/sheet1.xml, "
	  "line 2, column 187: undefined entity", 0 },
	{ "sst_missing.xlsx", RO_EFORMAT, "cell A2: shared string 0 does not "
	  "exist", 1 },
	{ "sst_out_of_range.xlsx", RO_EFORMAT, "cell C5: shared string 99 "
	  "does not exist", 2 },
	{ "sst_bad_index.xlsx", RO_EFORMAT, "cell B2: shared string index "
	  "\"-1\" is not a number", 1 },
	{ "sheet_not_in_rels.xlsx", RO_EFORMAT, "worksheet \"Upload\" (rId1) "
	  "is missing from xl/_rels/workbook.xml.rels", 0 },
	{ "workbook_missing.xlsx", RO_EFORMAT, "the workbook part "
	  "xl/workbook.xml is missing", 0 },
	{ "workbook_rels_missing.xlsx", RO_EFORMAT,
	  "xl/_rels/workbook.xml.rels is missing", 0 },
	{ "root_rels_missing.xlsx", RO_EFORMAT, "not an XLSX workbook: "
	  "_rels/.rels is missing", 0 },
	{ "sheet_part_missing.xlsx", RO_EFORMAT, "the worksheet \"Upload\" "
	  "(xl/worksheets/sheet1.xml) is missing from the archive", 0 },
	{ "no_worksheet.xlsx", RO_EFORMAT, "the workbook has no worksheet", 0 },
	{ "word_document.xlsx", RO_EFORMAT, "not a spreadsheet: "
	  "word/document.xml", 0 },
	{ "bad_utf8.xlsx", RO_EFORMAT, "xl/worksheets/sheet1.xml, line 2", 1 },
	{ "not_xml.xlsx", RO_EFORMAT, "xl/worksheets/sheet1.xml, line 1", 0 },
	{ "wide_row.xlsx", RO_EFORMAT, "row 2: more than 1000 cells", 1 },
	{ "bad_cell_ref.xlsx", RO_EFORMAT, "row 2: bad cell reference "
	  "\"XFE2\"", 1 },
	{ "cells_out_of_order.xlsx", RO_EFORMAT, "cell B2 comes after cell C2",
	  1 },
	{ "rows_out_of_order.xlsx", RO_EFORMAT, "row 3 comes after row 5", 5 },
	{ "row_past_limit.xlsx", RO_EFORMAT, "row 1048577 is past the last "
	  "row", 1 },
	{ "huge_attribute.xlsx", RO_EFORMAT, "xl/worksheets/sheet1.xml, line 2: "
	  "an element too large to read", 1 },
	{ "big_cell.xlsx", RO_EFORMAT, "cell B2: longer than 1 MiB", 1 },
	{ "encrypted.xlsx", RO_EFORMAT, "a password-protected (encrypted) "
	  "XLSX workbook", 0 },
	{ "xls_renamed.xlsx", RO_EFORMAT, "an Excel 97-2003 workbook (XLS): "
	  "save it as .xlsx or .csv", 0 },
	{ "ods_renamed.xlsx", RO_EFORMAT, "an OpenDocument spreadsheet (ODS)",
	  0 },
	/* XLSX the reader reads; the importer rejects */
	{ "header_only.xlsx", 0, "1:Portfolio ID|", 1 },
	{ "header_reordered.xlsx", 0, "1:Username|Portfolio ID|", 2 },
	{ "extra_cell.xlsx", 0, "|student|extra\n", 2 },
	{ "empty_workbook_sheet.xlsx", 0, "", 0 },
};

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (*s == '\n')
			n++;
	return n;
}

static void test_bad_corpus(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct bad_case *c = &cases[i];
		char *path = rt_data("bad"), *full = rt_path(path, c->file);
		/* Rows are numbered lines; an error adds one more line. */
		char *d = st_dump_fmt(full, RO_SHEET_AUTO, 100);
		char *err = strstr(d, "ERR ");
		size_t rows = count_lines(d) - (err ? 1 : 0);

		print_message("%s\n", c->file);
		if (c->rc) {
			char want[64];

			snprintf(want, sizeof want, "ERR %s: ",
			    ro_error_name(c->rc));
			if (!err || strncmp(err, want, strlen(want)) != 0)
				fail_msg("%s: want %s, got: %s", c->file, want, d);
			if (!strstr(err, c->message))
				fail_msg("%s: want \"%s\" in: %s", c->file,
				    c->message, err);
		} else {
			if (err)
				fail_msg("%s: want no error, got: %s", c->file, err);
			if (!strstr(d, c->message))
				fail_msg("%s: want \"%s\" in: %s", c->file,
				    c->message, d);
		}
		if (rows != c->rows)
			fail_msg("%s: want %zu rows, got %zu: %s", c->file,
			    c->rows, rows, d);
		free(d);
		free(full);
		free(path);
	}
}

/* Every file in the folder is in the table (and so in the README). */
static void test_bad_corpus_complete(void **state)
{
	char *path = rt_data("bad");
	DIR *dir = opendir(path);
	struct dirent *e;

	(void)state;
	assert_non_null(dir);
	while ((e = readdir(dir))) {
		size_t i;

		if (e->d_name[0] == '.' || !strcmp(e->d_name, "README") ||
		    !strcmp(e->d_name, "make.py"))
			continue;
		for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
			if (!strcmp(cases[i].file, e->d_name))
				break;
		if (i == sizeof cases / sizeof cases[0])
			fail_msg("%s is not in the table", e->d_name);
	}
	closedir(dir);
	free(path);
}

/* Inputs that once crashed or misbehaved under the fuzzers: every way of
 * opening them ends in rows or a clean error. */
static void test_fuzz_regressions(void **state)
{
	static const ro_sheet_format formats[] = {
		RO_SHEET_AUTO, RO_SHEET_CSV, RO_SHEET_XLSX
	};
	char *path = rt_data("fuzz-regress");
	DIR *dir = opendir(path);
	struct dirent *e;
	size_t n = 0;

	(void)state;
	/* The regression inputs are part of the tree: missing is a failure. */
	assert_non_null(dir);
	while ((e = readdir(dir))) {
		char *full;

		if (e->d_name[0] == '.' || !strcmp(e->d_name, "README"))
			continue;
		full = rt_path(path, e->d_name);
		for (size_t i = 0; i < 3; i++) {
			char *d = st_dump_fmt(full, formats[i], 10);
			char *err = strstr(d, "ERR ");

			if (err && strncmp(err, "ERR RO_EFORMAT", 14) &&
			    strncmp(err, "ERR RO_EIO", 10))
				fail_msg("%s: %s", e->d_name, err);
			free(d);
		}
		free(full);
		n++;
	}
	closedir(dir);
	free(path);
	assert_true(n > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_corpus),
		cmocka_unit_test(test_bad_corpus_complete),
		cmocka_unit_test(test_fuzz_regressions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
