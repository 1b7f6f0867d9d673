/* test_status.c — the status code table against SPEC. */
#include "helpers.h"

#include <roster/status.h>

#include <stdlib.h>
#include <string.h>

static void test_table_matches_enum(void **state)
{
	size_t n = 0;
	const ro_status_info *t = ro_status_table(&n);

	(void)state;
	assert_int_equal(n, RO_ST__COUNT - 1);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(t[i].status, (ro_status)(i + 1));
		assert_ptr_equal(ro_status_get(t[i].status), &t[i]);
		assert_true(strlen(t[i].code) >= 3);
		assert_true(strlen(t[i].meaning) > 5);
		/* Data is shown raw in the legend: no markdown left over. */
		assert_null(strchr(t[i].meaning, '`'));
	}
}

static void test_spec_codes_in_order(void **state)
{
	static const char *const spec[] = {
		"NEW", "UPD", "SAME", "E10", "E11", "E12", "E20", "E21", "E30",
		"E31", "E32", "E33", "E40", "E41", "E42", "E43", "E50", "E51",
		"E60", "E70", "E71", "E80", "E90", "E91", "W10", "W11", "W12",
		"W20", "W30", "W31", "W32", "W33", "W34",
	};
	size_t n;
	const ro_status_info *t = ro_status_table(&n);

	(void)state;
	assert_int_equal(n, sizeof spec / sizeof spec[0]);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(t[i].code, spec[i]);
}

static void test_kinds(void **state)
{
	(void)state;
	assert_int_equal(ro_status_get(RO_ST_NEW)->kind, RO_STK_OUTCOME);
	assert_int_equal(ro_status_get(RO_ST_SAME)->kind, RO_STK_OUTCOME);
	assert_int_equal(ro_status_get(RO_ST_E10)->kind, RO_STK_FILE);
	assert_int_equal(ro_status_get(RO_ST_E11)->kind, RO_STK_ROW);
	assert_int_equal(ro_status_get(RO_ST_E91)->kind, RO_STK_ROW);
	assert_int_equal(ro_status_get(RO_ST_W10)->kind, RO_STK_WARNING);
	assert_int_equal(ro_status_get(RO_ST_W20)->kind, RO_STK_WARNING);
	assert_string_equal(ro_status_kind_name(RO_STK_OUTCOME), "outcome");
	assert_string_equal(ro_status_kind_name(RO_STK_FILE), "file");
	assert_string_equal(ro_status_kind_name(RO_STK_ROW), "row");
	assert_string_equal(ro_status_kind_name(RO_STK_WARNING), "warning");
	assert_string_equal(ro_status_kind_name((ro_status_kind)99), "");
}

static void test_meanings(void **state)
{
	(void)state;
	/* The exact sentences of SPEC (its JSON example quotes two). */
	assert_string_equal(ro_status_get(RO_ST_E30)->meaning,
	    "Username shorter than 6 characters");
	assert_string_equal(ro_status_get(RO_ST_E41)->meaning,
	    "Password needs an uppercase letter, a lowercase letter and a digit");
	assert_string_equal(ro_status_get(RO_ST_E91)->meaning,
	    "the portfolio is inactive; reactivate it first");
	assert_string_equal(ro_status_get(RO_ST_W12)->meaning,
	    "the file was not UTF-8 and was read as Windows-1252");
	assert_non_null(strstr(ro_status_get(RO_ST_E60)->meaning,
	    "between 1990 and 2100"));
}

static void test_lookup(void **state)
{
	(void)state;
	assert_int_equal(ro_status_from_code("E41"), RO_ST_E41);
	assert_int_equal(ro_status_from_code("e41"), RO_ST_E41);
	assert_int_equal(ro_status_from_code("SAME"), RO_ST_SAME);
	assert_int_equal(ro_status_from_code("W20"), RO_ST_W20);
	assert_int_equal(ro_status_from_code("E99"), RO_ST_NONE);
	assert_int_equal(ro_status_from_code("E4"), RO_ST_NONE);
	assert_int_equal(ro_status_from_code(""), RO_ST_NONE);
	assert_int_equal(ro_status_from_code(NULL), RO_ST_NONE);
	assert_string_equal(ro_status_code(RO_ST_E33), "E33");
	assert_string_equal(ro_status_code(RO_ST_NONE), "");
	assert_string_equal(ro_status_code(RO_ST__COUNT), "");
	assert_null(ro_status_get(RO_ST_NONE));
	assert_null(ro_status_get(RO_ST__COUNT));
	for (int s = RO_ST_NONE + 1; s < RO_ST__COUNT; s++)
		assert_int_equal(ro_status_from_code(ro_status_code(s)), s);
}

static void test_classes(void **state)
{
	(void)state;
	for (int s = RO_ST_NONE; s <= RO_ST__COUNT; s++) {
		const char *c = ro_status_code(s);
		bool err = c[0] == 'E', warn = c[0] == 'W';

		assert_int_equal(ro_status_is_error(s), err);
		assert_int_equal(ro_status_is_warning(s), warn);
	}
	/* "The first error code" is the lowest enum value: that must also be
	 * the lowest number. */
	for (int s = RO_ST_E10; s < RO_ST_E91; s++)
		assert_true(strcmp(ro_status_code(s), ro_status_code(s + 1)) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_matches_enum),
		cmocka_unit_test(test_spec_codes_in_order),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_meanings),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_classes),
	};

	return cmocka_run_group_tests_name("status", tests, NULL, NULL);
}
