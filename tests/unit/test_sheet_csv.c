/* test_sheet_csv.c — the CSV reader and writer, and the generic layer. */
#include "sheet_testlib.h"

#include <sys/stat.h>
#include <unistd.h>

static const ro_sheet_col cols4[] = {
	{ "Portfolio ID", true, 12 },
	{ "Username", true, 20 },
	{ "Graduation Year", false, 8 },
	{ "Name", false, 24 },
};

/* Cells that need quoting, neutralising or care with encodings. */
static const char *const tricky[] = {
	"007", "=HYPERLINK(\"http://x\",\"y\")", "2027", "Zoë Ñúñez, \"Jr\"",
	"0042", "+1", "-5", "line1\nline2\r\nline3",
	NULL, "@sum", "", "\ttab\r",
	"12", "a'b", "  spaces  ", "'=already",
};

static const char tricky_dump[] =
	"1:Portfolio ID|Username|Graduation Year|Name\n"
	"2:007|=HYPERLINK(\"http://x\",\"y\")|2027|Zoë Ñúñez, \"Jr\"\n"
	"3:0042|+1|-5|line1\nline2\r\nline3\n"
	"4:|@sum||\ttab\r\n"
	"5:12|a'b|  spaces  |'=already\n";

/* What the CSV file holds for the tricky cells. */
static const char tricky_csv[] =
	"\xef\xbb\xbfPortfolio ID,Username,Graduation Year,Name\r\n"
	"007,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",2027,"
	"\"Zoë Ñúñez, \"\"Jr\"\"\"\r\n"
	"0042,'+1,'-5,\"line1\nline2\r\nline3\"\r\n"
	",'@sum,,\"'\ttab\r\"\r\n"
	"12,a'b,  spaces  ,''=already\r\n";

static void test_csv_round_trip(void **state)
{
	char *dir = rt_tmpdir(), *path = rt_path(dir, "out.csv"), *got;

	(void)state;
	st_write(path, RO_SHEET_AUTO, cols4, 4, tricky, 4);
	ST_ASSERT_DUMP(path, tricky_dump);
	got = st_slurp(path, NULL);
	assert_string_equal(got, tricky_csv);
	free(got);
	free(path);
	rt_tmpdir_free(dir);
}

static void test_csv_writer_bytes(void **state)
{
	char *dir = rt_tmpdir(), *path = rt_path(dir, "out.csv");
	const char *row[] = { "007", "=1+2", "a,b", "say \"hi\"" };
	const char *empty1[] = { "" };
	const ro_sheet_col one[] = { { "Only", false, 0 } };
	struct stat st;
	char *got;

	(void)state;
	st_write(path, RO_SHEET_CSV, cols4, 4, row, 1);
	got = st_slurp(path, NULL);
	assert_string_equal(got, "\xef\xbb\xbfPortfolio ID,Username,"
	    "Graduation Year,Name\r\n007,'=1+2,\"a,b\",\"say \"\"hi\"\"\"\r\n");
	free(got);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* A lone empty cell is quoted, or the row would be a blank line. */
	st_write(path, RO_SHEET_CSV, one, 1, empty1, 1);
	got = st_slurp(path, NULL);
	assert_string_equal(got, "\xef\xbb\xbfOnly\r\n\"\"\r\n");
	free(got);
	free(path);
	rt_tmpdir_free(dir);
}

static void test_csv_writer_atomic(void **state)
{
	char *dir = rt_tmpdir(), *path = rt_path(dir, "out.csv");
	const char *row[] = { "1", "2", "3", "4" };
	ro_sheet_writer *w;
	struct stat st;
	char *got;

	(void)state;
	/* An existing, world-readable file is replaced by a 0600 one. */
	rt_write_file(path, "old", 3);
	chmod(path, 0644);
	assert_int_equal(ro_sheet_writer_open(&w, path, RO_SHEET_AUTO,
	    cols4, 4), 0);
	assert_int_equal(ro_sheet_writer_row(w, row), 0);
	/* Until close, the old file is untouched and a temporary exists. */
	got = st_slurp(path, NULL);
	assert_string_equal(got, "old");
	free(got);
	assert_int_equal(rt_dir_entries(dir), 2);
	assert_int_equal(ro_sheet_writer_close(w), 0);
	assert_int_equal(rt_dir_entries(dir), 1);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* Abandoning leaves nothing behind and the file as it was. */
	assert_int_equal(ro_sheet_writer_open(&w, path, RO_SHEET_CSV,
	    cols4, 4), 0);
	assert_int_equal(ro_sheet_writer_row(w, row), 0);
	ro_sheet_writer_free(w);
	ro_sheet_writer_free(NULL);
	assert_int_equal(rt_dir_entries(dir), 1);
	ST_ASSERT_DUMP(path, "1:Portfolio ID|Username|Graduation Year|Name\n"
	    "2:1|2|3|4\n");
	free(path);
	rt_tmpdir_free(dir);
}

static void test_csv_writer_errors(void **state)
{
	char *dir = rt_tmpdir(), *path = rt_path(dir, "out.csv");
	char *bad_ext = rt_path(dir, "out.txt");
	char *no_dir = rt_path(dir, "nope/out.csv");
	const char *bad[] = { "1", "caf\xe9", NULL, NULL };
	ro_sheet_writer *w;

	(void)state;
	assert_int_equal(ro_sheet_writer_open(&w, bad_ext, RO_SHEET_AUTO,
	    cols4, 4), RO_EINVAL);
	assert_null(w);
	assert_int_equal(ro_sheet_writer_open(&w, no_dir, RO_SHEET_AUTO,
	    cols4, 4), RO_EIO);
	assert_int_equal(ro_sheet_writer_open(&w, bad_ext, RO_SHEET_CSV,
	    cols4, 4), 0);
	assert_int_equal(ro_sheet_writer_row(w, bad), RO_EINVAL);
	assert_non_null(strstr(ro_error_last(), "cell B2 (Username)"));
	ro_sheet_writer_free(w);
	assert_int_equal(rt_dir_entries(dir), 0);
	free(path);
	free(bad_ext);
	free(no_dir);
	rt_tmpdir_free(dir);
}

static void check_input(const char *bytes, size_t len, const char *expect)
{
	char *dir = rt_tmpdir(), *path = rt_path(dir, "in.csv");

	rt_write_file(path, bytes, len);
	ST_ASSERT_DUMP(path, expect);
	free(path);
	rt_tmpdir_free(dir);
}

#define CHECK(lit, expect) check_input(lit, sizeof lit - 1, expect)

static void test_csv_line_ends(void **state)
{
	(void)state;
	CHECK("a,b\nc,d\n", "1:a|b\n2:c|d\n");
	CHECK("a,b\r\nc,d\r\n", "1:a|b\n2:c|d\n");
	CHECK("\xef\xbb\xbf" "a,b\r\nc,d", "1:a|b\n2:c|d\n");
	CHECK("a,b\rc,d\r", "1:a|b\n2:c|d\n");
	/* Blank lines in the middle are rows; at the end they are not. */
	CHECK("a\r\n\r\n,,\r\nb\r\n\r\n,,,\r\n\n", "1:a\n2:\n3:\n4:b\n");
	CHECK("a\n\nb\n", "1:a\n2:\n3:b\n");
	/* A record with a line break inside is one row. */
	CHECK("h\n\"x\ny\",z\nw\n", "1:h\n2:x\ny|z\n3:w\n");
	/* Spaces are kept; empty trailing cells are counted. */
	CHECK(" a , b \nx,,\n", "1: a | b \n2:x||\n");
	CHECK("\"\"\n", "");
}

static void test_csv_neutralised(void **state)
{
	(void)state;
	CHECK("'=1,'+2,'-3,'@4,'\t5,\"'\r6\",'7,''=8,=9,'''-10,'\n",
	    "1:=1|+2|-3|@4|\t5|\r6|'7|'=8|=9|''-10|'\n");
}

/* Every leading character a spreadsheet treats specially, alone and in
 * front of a formula, reads back exactly as written, in CSV (behind an
 * apostrophe where a spreadsheet would run it) and in XLSX (as it is, but
 * for an apostrophe before a formula, which gets one more). */
static void test_leading_characters_round_trip(void **state)
{
	static const ro_sheet_col one[] = { { "Name", false, 0 } };
	static const char *const cells[] = {
		"=1+1", "+1", "-1", "@SUM(1)", "\t=1+1", "\r=1+1", " =1+1",
		"  +1", " x", "\tx", "'", "'=1+1", "''=1+1", "' =1+1", "'x",
		"a=1", "x ", "O'Brien", "-", "\n=1",
	};
	static const char *const csv_cells[] = {
		"'=1+1", "'+1", "'-1", "'@SUM(1)", "'\t=1+1", "\"'\r=1+1\"",
		"' =1+1", "'  +1", " x", "'\tx", "'", "''=1+1", "'''=1+1",
		"'' =1+1", "'x", "a=1", "x ", "O'Brien", "'-", "\"'\n=1\"",
	};
	const size_t n = sizeof cells / sizeof cells[0];
	char *dir = rt_tmpdir(), *csv = rt_path(dir, "lead.csv");
	char *xlsx = rt_path(dir, "lead.xlsx"), *raw, *d;
	char want[1024] = "1:Name\n";
	size_t len = strlen(want);

	(void)state;
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(want + len, sizeof want - len, "%zu:%s\n",
		    i + 2, cells[i]);
	st_write(csv, RO_SHEET_CSV, one, 1, cells, n);
	st_write(xlsx, RO_SHEET_XLSX, one, 1, cells, n);
	raw = st_slurp(csv, NULL);
	for (size_t i = 0; i < n; i++) {
		char line[64];

		snprintf(line, sizeof line, "\r\n%s\r\n", csv_cells[i]);
		if (!strstr(raw, line))
			fail_msg("CSV cell %zu is not written as %s", i,
			    csv_cells[i]);
	}
	free(raw);
	d = st_dump(csv);
	assert_string_equal(d, want);
	free(d);
	d = st_dump(xlsx);
	assert_string_equal(d, want);
	free(d);
	free(csv);
	free(xlsx);
	rt_tmpdir_free(dir);
}

static void test_csv_encodings(void **state)
{
	char *dir = rt_tmpdir(), *path = rt_path(dir, "in.csv");
	ro_sheet_reader *r;
	const ro_sheet_row *row;

	(void)state;
	/* Windows-1252: the whole file is read so, even its early rows. */
	rt_write_file(path, "Zo\xc3\xab\nZo\xeb,\x80,\x9f\n", 13);
	assert_int_equal(ro_sheet_reader_open(&r, path, RO_SHEET_AUTO), 0);
	assert_true(ro_sheet_reader_was_cp1252(r));
	assert_int_equal(ro_sheet_reader_format(r), RO_SHEET_CSV);
	assert_int_equal(ro_sheet_reader_next(r, &row), 1);
	assert_string_equal(row->cells[0], "ZoÃ«");
	assert_int_equal(ro_sheet_reader_next(r, &row), 1);
	assert_string_equal(row->cells[0], "Zoë");
	assert_string_equal(row->cells[1], "€");
	assert_string_equal(row->cells[2], "Ÿ");
	assert_int_equal(ro_sheet_reader_next(r, &row), 0);
	ro_sheet_reader_free(r);
	/* UTF-8 is not. */
	rt_write_file(path, "Zo\xc3\xab\n", 6);
	assert_int_equal(ro_sheet_reader_open(&r, path, RO_SHEET_CSV), 0);
	assert_false(ro_sheet_reader_was_cp1252(r));
	ro_sheet_reader_free(r);
	/* An overlong form, a surrogate and a cut sequence are not UTF-8. */
	CHECK("\xc0\xaf\n", "1:À¯\n");
	CHECK("\xed\xa0\x80\n", "1:í\xc2\xa0€\n");
	CHECK("ab\xe2\x82", "1:abâ‚\n");
	free(path);
	rt_tmpdir_free(dir);
}

/* Chunk boundaries (64 KiB) inside a UTF-8 sequence, a quoted cell and a
 * CRLF pair change nothing. */
static void test_csv_chunks(void **state)
{
	char *dir = rt_tmpdir(), *path = rt_path(dir, "in.csv");
	size_t n = 3 * 65536, len = 0;
	char *buf = malloc(n + 64);
	ro_sheet_reader *r;
	const ro_sheet_row *row;
	size_t rows = 0;

	(void)state;
	memset(buf, 'a', n);
	/* 'é' across the first boundary, a quote around the second, CRLF
	 * across the third. */
	buf[65535] = '\xc3';
	buf[65536] = '\xa9';
	buf[65537] = '\n';
	buf[2 * 65536 - 10] = ',';
	buf[2 * 65536 - 9] = '"';
	buf[2 * 65536 + 9] = '"';
	buf[2 * 65536 + 10] = '\n';
	buf[3 * 65536 - 1] = '\r';
	buf[3 * 65536] = '\n';
	len = 3 * 65536 + 1;
	memcpy(buf + len, "last\r\n", 6);
	len += 6;
	rt_write_file(path, buf, len);
	assert_int_equal(ro_sheet_reader_open(&r, path, RO_SHEET_AUTO), 0);
	assert_false(ro_sheet_reader_was_cp1252(r));
	while (ro_sheet_reader_next(r, &row) > 0) {
		rows++;
		if (row->number == 1)
			assert_string_equal(row->cells[0] + 65535, "é");
		if (row->number == 2) {
			assert_int_equal(row->ncells, 2);
			assert_int_equal(strlen(row->cells[1]), 17);
		}
		if (row->number == 4)
			assert_string_equal(row->cells[0], "last");
	}
	assert_int_equal(rows, 4);
	ro_sheet_reader_free(r);
	free(buf);
	free(path);
	rt_tmpdir_free(dir);
}

static void test_csv_errors(void **state)
{
	(void)state;
	CHECK("a,b\n\"c,d\ne,f\n",
	    "1:a|b\nERR RO_EFORMAT: row 2: the quote that opens cell A2 is "
	    "never closed\n");
	CHECK("a\nb,c\"d\n", "1:a\nERR RO_EFORMAT: row 2: misplaced quote "
	    "(\") in cell B2: a cell with quotes in it must be wholly in "
	    "quotes, with each quote inside doubled (\"\")\n");
	CHECK("a\nb,c\0d\n", "1:a\nERR RO_EFORMAT: row 2: NUL byte in cell "
	    "B2 (a binary file, not CSV text?)\n");
	CHECK("", "ERR RO_EFORMAT: the file is empty\n");
	CHECK("PK\x03\x04xxxx", "ERR RO_EFORMAT: not an XLSX workbook: not a "
	    "zip archive, or a truncated one\n");
}

static void test_csv_limits(void **state)
{
	char *dir = rt_tmpdir(), *path = rt_path(dir, "in.csv");
	size_t n = RO_SHEET_MAX_CELL_BYTES;
	char *buf = malloc(n + 16), *got;

	(void)state;
	/* Exactly 1 MiB is fine; a byte more is not. */
	memcpy(buf, "h\n", 2);
	memset(buf + 2, 'x', n);
	buf[n + 2] = '\n';
	rt_write_file(path, buf, n + 3);
	got = st_dump(path);
	assert_int_equal(strlen(got), 4 + n + 3);
	free(got);
	buf[n + 2] = 'x';
	buf[n + 3] = '\n';
	rt_write_file(path, buf, n + 4);
	ST_ASSERT_DUMP(path, "1:h\nERR RO_EFORMAT: cell A2: longer than "
	    "1 MiB (1048577 bytes)\n");
	/* 1000 cells are fine; 1001 are not. */
	for (size_t i = 0; i < 1001; i++) {
		buf[2 * i] = 'c';
		buf[2 * i + 1] = ',';
	}
	buf[1999] = '\n';
	rt_write_file(path, buf, 2000);
	got = st_dump(path);
	assert_int_equal(strlen(got), 2 + 1999 + 1);
	free(got);
	buf[1999] = ',';
	buf[2001] = '\n';
	rt_write_file(path, buf, 2002);
	ST_ASSERT_DUMP(path, "ERR RO_EFORMAT: row 1: more than 1000 cells "
	    "(an upload file has 9)\n");
	free(buf);
	/* As many rows as a spreadsheet has, and not one more. */
	n = RO_SHEET_MAX_ROWS;
	buf = malloc(n + 4);
	memset(buf, '\n', n + 4);
	buf[0] = 'h';            /* row 1 is "h\n", row k >= 2 at byte k */
	buf[n] = 'z';
	rt_write_file(path, buf, n + 2);
	{
		ro_sheet_reader *r;
		const ro_sheet_row *row = NULL, *last = NULL;
		size_t rows = 0;

		assert_int_equal(ro_sheet_reader_open(&r, path, RO_SHEET_CSV), 0);
		while (ro_sheet_reader_next(r, &row) > 0) {
			rows++;
			last = row;
		}
		assert_int_equal(rows, n);
		assert_int_equal(last->number, n);
		assert_string_equal(last->cells[0], "z");
		ro_sheet_reader_free(r);
	}
	buf[n + 2] = 'y';
	rt_write_file(path, buf, n + 4);
	got = st_dump_fmt(path, RO_SHEET_CSV, 0);
	assert_string_equal(got, "ERR RO_EFORMAT: row 1048577 is past the "
	    "last row a spreadsheet has (1048576)\n");
	free(got);
	free(buf);
	free(path);
	rt_tmpdir_free(dir);
}

static void test_sheet_format_names(void **state)
{
	(void)state;
	assert_string_equal(ro_sheet_format_name(RO_SHEET_CSV), "csv");
	assert_string_equal(ro_sheet_format_name(RO_SHEET_XLSX), "xlsx");
	assert_string_equal(ro_sheet_format_name(RO_SHEET_AUTO), "auto");
	assert_int_equal(ro_sheet_format_from_name("XLSX"), RO_SHEET_XLSX);
	assert_int_equal(ro_sheet_format_from_name("ods"), RO_SHEET_AUTO);
	assert_int_equal(ro_sheet_format_from_path("a/b.Csv"), RO_SHEET_CSV);
	assert_int_equal(ro_sheet_format_from_path("x.y/b"), RO_SHEET_AUTO);
	assert_int_equal(ro_sheet_format_from_path("b.xlsx"), RO_SHEET_XLSX);
	assert_int_equal(ro_sheet_format_from_path(NULL), RO_SHEET_AUTO);
}

static void test_reader_open_errors(void **state)
{
	ro_sheet_reader *r = (void *)1;

	(void)state;
	assert_int_equal(ro_sheet_reader_open(&r, "/nonexistent/x.csv",
	    RO_SHEET_AUTO), RO_EIO);
	assert_null(r);
	ro_sheet_reader_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_round_trip),
		cmocka_unit_test(test_csv_writer_bytes),
		cmocka_unit_test(test_csv_writer_atomic),
		cmocka_unit_test(test_csv_writer_errors),
		cmocka_unit_test(test_csv_line_ends),
		cmocka_unit_test(test_csv_neutralised),
		cmocka_unit_test(test_leading_characters_round_trip),
		cmocka_unit_test(test_csv_encodings),
		cmocka_unit_test(test_csv_chunks),
		cmocka_unit_test(test_csv_errors),
		cmocka_unit_test(test_csv_limits),
		cmocka_unit_test(test_sheet_format_names),
		cmocka_unit_test(test_reader_open_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
