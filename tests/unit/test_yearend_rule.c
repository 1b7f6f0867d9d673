/* test_yearend_rule.c — the year-end group rule's next name: the one
 * number of one or two digits in a group's name goes up by one; other
 * names have none. */
#include "helpers.h"

#include <roster/yearend.h>

#include <string.h>

static void next_is(const char *name, const char *want)
{
	char out[64];

	assert_int_equal(ro_yearend_next_group_name(name, out, sizeof out), 0);
	assert_string_equal(out, want);
}

static void none(const char *name)
{
	char out[64];

	assert_int_equal(ro_yearend_next_group_name(name, out, sizeof out),
	    -1);
}

static void test_numbers_go_up(void **state)
{
	(void)state;
	next_is("Grade 9", "Grade 10");
	next_is("Homeroom 7B", "Homeroom 8B");
	next_is("Year 09", "Year 10");
	next_is("07A", "08A");
	next_is("Period 1", "Period 2");
	next_is("99 Club", "100 Club");
	next_is("Klasse 5 – Süd", "Klasse 6 – Süd");
}

static void test_names_without_one_grade(void **state)
{
	(void)state;
	none("Chess Club");
	none("Class of 2027");
	none("Room 12 Grade 9");
	none("");
}

static void test_too_small(void **state)
{
	char out[8];

	(void)state;
	assert_int_equal(ro_yearend_next_group_name("Grade 9", out, sizeof out),
	    -1);
	assert_int_equal(ro_yearend_next_group_name("Grade 8", out, sizeof out),
	    0);
	assert_string_equal(out, "Grade 9");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers_go_up),
		cmocka_unit_test(test_names_without_one_grade),
		cmocka_unit_test(test_too_small),
	};

	return cmocka_run_group_tests_name("yearend_rule", tests, NULL, NULL);
}
