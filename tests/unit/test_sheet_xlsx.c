/* test_sheet_xlsx.c — the XLSX writer and reader: round trips, files
 * written by other programs, and what a spreadsheet makes of ours. */
#include "sheet_testlib.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
#include "../../fuzz/fuzz_xlsx_pack.h"

static const ro_sheet_col cols4[] = {
	{ "Portfolio ID", true, 12 },
	{ "Username", true, 20 },
	{ "Graduation Year", false, 8 },
	{ "Name", false, 24 },
};

static const char *const tricky[] = {
	"007", "=HYPERLINK(\"http://x\",\"y\")", "2027", "Zoë Ñúñez, \"Jr\"",
	"0042", "+1", "-5", "line1\nline2\r\nline3",
	NULL, "@sum", "", "\ttab\r",
	"12", "a_x0041_b", "  spaces  ", "'=already",
	"99", "ctl\x01", "2.5", "0",
};

static const char tricky_dump[] =
	"1:Portfolio ID|Username|Graduation Year|Name\n"
	"2:007|=HYPERLINK(\"http://x\",\"y\")|2027|Zoë Ñúñez, \"Jr\"\n"
	"3:0042|+1|-5|line1\nline2\r\nline3\n"
	"4:|@sum||\ttab\r\n"
	"5:12|a_x0041_b|  spaces  |'=already\n"
	"6:99|ctl\x01|2.5|0\n";

static char *zip_part(const char *path, const char *name)
{
	zip_t *za = zip_open(path, ZIP_RDONLY, NULL);
	zip_stat_t st;
	zip_file_t *zf;
	char *buf;

	assert_non_null(za);
	assert_int_equal(zip_stat(za, name, 0, &st), 0);
	buf = calloc(1, st.size + 1);
	assert_non_null(buf);
	zf = zip_fopen(za, name, 0);
	assert_non_null(zf);
	assert_int_equal(zip_fread(zf, buf, st.size), (zip_int64_t)st.size);
	zip_fclose(zf);
	zip_discard(za);
	return buf;
}

static void test_xlsx_round_trip(void **state)
{
	char *dir = rt_tmpdir(), *path = rt_path(dir, "out.xlsx"), *xml;
	struct stat st;

	(void)state;
	st_write(path, RO_SHEET_AUTO, cols4, 4, tricky, 5);
	ST_ASSERT_DUMP(path, tricky_dump);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	xml = zip_part(path, "xl/worksheets/sheet1.xml");
	/* IDs and usernames are text; a year is a number, "0042" is not. */
	assert_non_null(strstr(xml, "<c r=\"A2\" t=\"inlineStr\"><is><t>007<"));
	assert_non_null(strstr(xml, "<c r=\"A6\" t=\"inlineStr\"><is><t>99<"));
	assert_non_null(strstr(xml, "<c r=\"C2\"><v>2027</v>"));
	assert_non_null(strstr(xml, "<c r=\"C3\" t=\"inlineStr\"><is><t>-5<"));
	assert_non_null(strstr(xml, "<c r=\"D6\"><v>0</v>"));
	assert_non_null(strstr(xml, "<c r=\"C6\" t=\"inlineStr\"><is><t>2.5<"));
	/* A text cell, never run: no apostrophe, which a spreadsheet would
	 * show as part of the name (only a value that starts with one and
	 * then a formula gets one more, for our reader); and escaped so that
	 * Excel shows what was written. */
	assert_non_null(strstr(xml, "<c r=\"B2\" t=\"inlineStr\"><is><t>=HYPERLINK("));
	assert_non_null(strstr(xml, "<t>+1<"));
	assert_non_null(strstr(xml, "<t>''=already<"));
	assert_non_null(strstr(xml, "<t>a_x005F_x0041_b<"));
	/* Frozen, bold header and column widths. */
	assert_non_null(strstr(xml, "state=\"frozen\""));
	assert_non_null(strstr(xml, "ySplit=\"1\""));
	assert_non_null(strstr(xml, "<c r=\"A1\" s=\"1\""));
	assert_non_null(strstr(xml, "<col min=\"2\" max=\"2\" width=\"20."));
	free(xml);
	xml = zip_part(path, "xl/styles.xml");
	assert_non_null(strstr(xml, "<b/>"));
	free(xml);
	free(path);
	rt_tmpdir_free(dir);
}

static void test_xlsx_writer_errors(void **state)
{
	char *dir = rt_tmpdir(), *path = rt_path(dir, "out.xlsx");
	char *big = malloc(40000);
	const char *row[] = { "1", big, NULL, NULL };
	ro_sheet_writer *w;

	(void)state;
	memset(big, 'x', 39999);
	big[39999] = '\0';
	assert_int_equal(ro_sheet_writer_open(&w, path, RO_SHEET_XLSX,
	    cols4, 4), 0);
	assert_int_equal(ro_sheet_writer_row(w, row), RO_EINVAL);
	assert_non_null(strstr(ro_error_last(), "cell B2"));
	ro_sheet_writer_free(w);
	assert_int_equal(access(path, F_OK), -1);
	free(big);
	free(path);
	rt_tmpdir_free(dir);
}

/* Many rows: streamed both ways, numbered, nothing lost. */
static void test_xlsx_many_rows(void **state)
{
	enum { N = 20000 };
	char *dir = rt_tmpdir(), *path = rt_path(dir, "big.xlsx");
	ro_sheet_writer *w;
	ro_sheet_reader *r;
	const ro_sheet_row *row;
	char id[16], user[32];
	const char *cells[] = { id, user, "2030", "Name" };
	size_t n = 0;

	(void)state;
	assert_int_equal(ro_sheet_writer_open(&w, path, RO_SHEET_AUTO,
	    cols4, 4), 0);
	for (int i = 0; i < N; i++) {
		snprintf(id, sizeof id, "%05d", i);
		snprintf(user, sizeof user, "user%d", i);
		assert_int_equal(ro_sheet_writer_row(w, cells), 0);
	}
	assert_int_equal(ro_sheet_writer_close(w), 0);
	assert_int_equal(ro_sheet_reader_open(&r, path, RO_SHEET_AUTO), 0);
	assert_int_equal(ro_sheet_reader_format(r), RO_SHEET_XLSX);
	assert_false(ro_sheet_reader_was_cp1252(r));
	while (ro_sheet_reader_next(r, &row) > 0) {
		n++;
		assert_int_equal(row->number, n);
		assert_int_equal(row->ncells, 4);
		if (n > 1) {
			snprintf(id, sizeof id, "%05d", (int)(n - 2));
			assert_string_equal(row->cells[0], id);
			assert_string_equal(row->cells[2], "2030");
		}
	}
	assert_int_equal(n, N + 1);
	ro_sheet_reader_free(r);
	free(path);
	rt_tmpdir_free(dir);
}

static void check_fixture(const char *name, const char *expect)
{
	char *path = rt_data(name);

	ST_ASSERT_DUMP(path, expect);
	free(path);
}

static const char upload_dump[] =
	"1:Portfolio ID|Username|Password|First Name|Last Name|"
	"Graduation Year|Group|Email|Account Type\n"
	"2:17|jsmith27||Jane|Smith|2027|Period 1|jane@example.org|student\n"
	"3:18|znunez||Zoë|Ñúñez|2028|||student\n"
	"4:19|tstaff||Tom|Lee, Jr||||staff\n";

static void test_xlsx_other_programs(void **state)
{
	(void)state;
	check_fixture("sheet/upload.csv", upload_dump);
	check_fixture("sheet/libreoffice.xlsx", upload_dump);
	check_fixture("sheet/gnumeric.xlsx", upload_dump);
	/* Gaps become empty rows and cells; trailing empty rows go. */
	check_fixture("sheet/openpyxl_sparse.xlsx",
	    "1:Portfolio ID|Username||First Name\n"
	    "2:007|Zoë Ñúñez||||2027\n"
	    "3:\n"
	    "4:42.5||TRUE\n"
	    "5:\n"
	    "6:|=not a formula\n");
	/* Rich text joined, phonetic runs left out, escapes undone, the
	 * first worksheet after a chart sheet, numbers as shown. */
	check_fixture("sheet/excel_like.xlsx",
	    "1:Portfolio ID|Username\n"
	    "2:Zoë Ñúñez|漢字|line1\r\nline2 a_x0041_b|=1+2\n"
	    "3:2027|0.1|TRUE|#N/A|Portfolio IDx|2\n"
	    "4:\n"
	    "5:0|in||123456789012\n");
}

/* Number cells as a spreadsheet shows them, attributes and names in
 * any order or prefix: a whole number as it is, others through their
 * double (leading zeros dropped, "2027.0" and "1E3" as whole numbers). */
static void test_xlsx_numbers_and_names(void **state)
{
	static const char xml[] =
	    "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/"
	    "spreadsheetml/2006/main\"><x:sheetData>"
	    "<x:row r=\"1\"><x:c r=\"A1\"><x:v>2027</x:v></x:c>"
	    "<x:c t=\"n\" r=\"B1\"><x:v>0123</x:v></x:c>"
	    "<x:c r=\"C1\"><x:v>0</x:v></x:c><x:c r=\"D1\"><x:v>00</x:v></x:c>"
	    "<x:c r=\"E1\"><x:v>-5</x:v></x:c><x:c r=\"F1\"><x:v>1E3</x:v></x:c>"
	    "<x:c r=\"G1\"><x:v>2027.0</x:v></x:c>"
	    "<x:c r=\"H1\"><x:v>123456789012345</x:v></x:c>"
	    "<x:c r=\"I1\"><x:v>1234567890123456</x:v></x:c>"
	    "<x:c r=\"J1\"><x:v>0.5</x:v></x:c>"
	    "<x:c r=\"K1\" t=\"inlineStr\"><x:is><x:t>0123</x:t></x:is></x:c>"
	    "<x:c r=\"L1\" t=\"str\"><x:v>007</x:v></x:c>"
	    "<x:c r=\"M1\" t=\"b\"><x:v>1</x:v></x:c></x:row>"
	    "</x:sheetData></x:worksheet>";
	char *dir = rt_tmpdir(), *path = rt_path(dir, "n.xlsx"), *got;

	(void)state;
	fuzz_xlsx_write(path, (const uint8_t *)xml, sizeof xml - 1);
	got = st_dump(path);
	assert_string_equal(got, "1:2027|123|0|0|-5|1000|2027|123456789012345|"
	    "1234567890123456|0.5|0123|007|TRUE\n");
	free(got);
	free(path);
	rt_tmpdir_free(dir);
}

/* CRLF to LF in place: LibreOffice turns a CRLF inside a cell into LF. */
static void crlf_to_lf(char *s)
{
	char *o = s;

	for (; *s; s++)
		if (!(s[0] == '\r' && s[1] == '\n'))
			*o++ = *s;
	*o = '\0';
}

/* What LibreOffice makes of our XLSX, saved as CSV, is our CSV. */
static void test_xlsx_as_libreoffice_csv(void **state)
{
	char *dir, *x, *c, *lo, *lo_csv, *a, *b;
	char cmd[8192];

	(void)state;
	/* scripts/deps.sh installs LibreOffice: without it this fails. */
	assert_int_equal(system("command -v soffice >/dev/null 2>&1"), 0);
	dir = rt_tmpdir();
	x = rt_path(dir, "out.xlsx");
	c = rt_path(dir, "out.csv");
	lo = rt_path(dir, "lo");
	lo_csv = rt_path(lo, "out.csv");
	st_write(x, RO_SHEET_XLSX, cols4, 4, tricky, 5);
	st_write(c, RO_SHEET_CSV, cols4, 4, tricky, 5);
	snprintf(cmd, sizeof cmd, "cd '%s' && HOME='%s' timeout 300 soffice "
	    "-env:UserInstallation=file://%s/profile --headless --convert-to "
	    "'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,"
	    "false' --outdir lo out.xlsx >/dev/null 2>&1", dir, dir, dir);
	assert_int_equal(system(cmd), 0);
	a = st_dump(c);
	b = st_dump(lo_csv);
	crlf_to_lf(a);
	crlf_to_lf(b);
	assert_string_equal(a, b);
	free(a);
	free(b);
	free(x);
	free(c);
	free(lo);
	free(lo_csv);
	rt_tmpdir_free(dir);
}

static void test_xlsx_detection(void **state)
{
	char *dir = rt_tmpdir(), *x = rt_path(dir, "out.xlsx");
	char *c = rt_path(dir, "named.csv"), *cmd;
	size_t n;

	(void)state;
	st_write(x, RO_SHEET_XLSX, cols4, 4, tricky, 1);
	/* A workbook named .csv is read as what it is... */
	cmd = st_slurp(x, &n);
	rt_write_file(c, cmd, n);
	free(cmd);
	{
		char *d = st_dump(c);

		assert_non_null(strstr(d, "2:007|"));
		free(d);
	}
	/* ...unless CSV is asked for. */
	{
		char *d = st_dump_fmt(c, RO_SHEET_CSV, 10);

		assert_string_equal(d, "ERR RO_EFORMAT: a zip archive (an XLSX "
		    "workbook?), not CSV text: read it as XLSX\n");
		free(d);
	}
	free(x);
	free(c);
	rt_tmpdir_free(dir);
}

/* The one spreadsheet column naming, for the readers' messages and the
 * upload's header check alike. */
static void test_col_names(void **state)
{
	static const struct {
		size_t col;
		const char *name;
	} t[] = { { 1, "A" }, { 9, "I" }, { 26, "Z" }, { 27, "AA" },
		{ 52, "AZ" }, { 53, "BA" }, { 702, "ZZ" }, { 703, "AAA" },
		{ 16384, "XFD" }, { 0, "?" }, { 16385, "?" } };
	char out[4];

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		ro_sheet_col_name(out, t[i].col);
		assert_string_equal(out, t[i].name);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlsx_round_trip),
		cmocka_unit_test(test_col_names),
		cmocka_unit_test(test_xlsx_writer_errors),
		cmocka_unit_test(test_xlsx_many_rows),
		cmocka_unit_test(test_xlsx_other_programs),
		cmocka_unit_test(test_xlsx_numbers_and_names),
		cmocka_unit_test(test_xlsx_detection),
		cmocka_unit_test(test_xlsx_as_libreoffice_csv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
