/* test_oneroster.c — the pieces of OneRoster in and out that the command
 * line tests cannot reach one by one: roster's own sourcedIds, the
 * school-year rule for grades, and the bundle's CSV splitter (quotes,
 * line breaks in quotes, CRLF, BOM, Windows-1252, strictness). */
#include "helpers.h"

#include <roster/error.h>

#include "../../src/core/oneroster_int.h"
#include "../../src/sheet/bundle_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static void test_sid_round_trip(void **state)
{
	char sid[RO_SID_LEN];
	unsigned tag;
	int64_t id;
	uint64_t ns = 0x0123456789abcdeull;

	(void)state;
	ro_sid_format(sid, ns, RO_SID_USER, 42);
	assert_int_equal(strlen(sid), 36);
	/* RFC 9562: version 8, variant 10xx. */
	assert_int_equal(sid[14], '8');
	assert_non_null(strchr("89ab", sid[19]));
	assert_int_equal(ro_sid_parse(ns, sid, &tag, &id), 0);
	assert_int_equal(tag, RO_SID_USER);
	assert_int_equal(id, 42);
	/* Another database's namespace, or a foreign id, is not ours. */
	assert_int_equal(ro_sid_parse(ns + 1, sid, &tag, &id), -1);
	assert_int_equal(ro_sid_parse(ns, "u-1001", &tag, &id), -1);
	assert_int_equal(ro_sid_parse(ns,
	    "f47ac10b-58cc-4372-a567-0e02b2c3d479", &tag, &id), -1);
	/* Different objects, different ids. */
	char org[RO_SID_LEN];
	ro_sid_format(org, ns, RO_SID_ORG, 42);
	assert_string_not_equal(sid, org);
}

static void test_school_year_and_grades(void **state)
{
	struct tm tm = { .tm_year = 2026 - 1900, .tm_mon = 11, .tm_mday = 6 };
	char g[4];

	(void)state;
	assert_int_equal(ro_school_year(timegm(&tm)), 2027);
	tm.tm_mon = 6;           /* 6 July 2026: still 2025-2026 */
	assert_int_equal(ro_school_year(timegm(&tm)), 2026);
	tm.tm_mon = 7;           /* 1 August: the new year */
	tm.tm_mday = 1;
	assert_int_equal(ro_school_year(timegm(&tm)), 2027);
	assert_string_equal(ro_grade_for_year(g, 2027, 2027), "12");
	assert_string_equal(ro_grade_for_year(g, 2030, 2027), "09");
	assert_string_equal(ro_grade_for_year(g, 2039, 2027), "KG");
	assert_string_equal(ro_grade_for_year(g, 2040, 2027), "PK");
	assert_string_equal(ro_grade_for_year(g, 2026, 2027), "13");
	assert_string_equal(ro_grade_for_year(g, 2041, 2027), "");
	assert_string_equal(ro_grade_for_year(g, 0, 2027), "");
	assert_int_equal(ro_year_for_grade("09", 2027), 2030);
	assert_int_equal(ro_year_for_grade("9", 2027), 2030);
	assert_int_equal(ro_year_for_grade("KG", 2027), 2039);
	assert_int_equal(ro_year_for_grade("PK", 2027), 2040);
	assert_int_equal(ro_year_for_grade("PS", 2027), 0);
	assert_int_equal(ro_year_for_grade("Other", 2027), 0);
	assert_int_equal(ro_year_for_grade("14", 2027), 0);
	for (int y = 2026; y <= 2040; y++)
		assert_int_equal(ro_year_for_grade(ro_grade_for_year(g, y,
		    2027), 2027), y);
}

/* Splits text and joins the rows as "a|b/c|d/" for comparing. */
static char *split(const char *text, int *rc)
{
	struct or_csv f;
	const ro_sheet_row *row;
	size_t n = strlen(text);
	char *buf = malloc(n + 1), *out = calloc(1, 4096);

	memcpy(buf, text, n);
	*rc = or_csv_open_mem(&f, buf, n, "t.csv");
	if (*rc)
		return out;
	while ((*rc = or_csv_next(&f, &row)) == 1) {
		for (size_t i = 0; i < row->ncells; i++) {
			strcat(out, row->cells[i]);
			strcat(out, i + 1 < row->ncells ? "|" : "");
		}
		strcat(out, "/");
	}
	or_csv_close(&f);
	return out;
}

static void test_csv_split(void **state)
{
	int rc;
	char *s;

	(void)state;
	s = split("a,b\r\n\"x,\"\"y\"\"\",\r\n\r\nz,\"line\nbreak\"", &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(s, "a|b/x,\"y\"|/" "/z|line\nbreak/");
	free(s);
	s = split("\xEF\xBB\xBFsourcedId,name\nu1,Zo\xC3\xAB\n", &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(s, "sourcedId|name/u1|Zo\xC3\xAB/");
	free(s);
	/* Not UTF-8: Windows-1252. */
	s = split("u1,Zo\xEB\n", &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(s, "u1|Zo\xC3\xAB/");
	free(s);
	s = split("a,b\"c\n", &rc);
	assert_int_equal(rc, RO_EFORMAT);
	assert_non_null(strstr(ro_error_last(), "t.csv row 1"));
	free(s);
	s = split("a\n\"b\"c\n", &rc);
	assert_int_equal(rc, RO_EFORMAT);
	assert_non_null(strstr(ro_error_last(), "row 2: text after a closing"));
	free(s);
	s = split("a\n\"open\n", &rc);
	assert_int_equal(rc, RO_EFORMAT);
	assert_non_null(strstr(ro_error_last(), "quote is left open"));
	free(s);
	s = split("\xEF\xBB\xBF" "a,\xEB\n", &rc);
	assert_int_equal(rc, RO_EFORMAT);
	free(s);
}

/* A NUL byte (found by fuzz/fuzz_oneroster.c: the splitter stopped on it
 * without moving on) is refused. */
static void test_csv_nul(void **state)
{
	static const char text[] = "sourcedId,st\0\0atus\nu1,a\n";
	struct or_csv f;
	char *buf = malloc(sizeof text);

	(void)state;
	memcpy(buf, text, sizeof text);
	assert_int_equal(or_csv_open_mem(&f, buf, sizeof text - 1, "n.csv"),
	    RO_EFORMAT);
	assert_non_null(strstr(ro_error_last(), "NUL"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sid_round_trip),
		cmocka_unit_test(test_school_year_and_grades),
		cmocka_unit_test(test_csv_split),
		cmocka_unit_test(test_csv_nul),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
