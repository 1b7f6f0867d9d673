/* test_plan_show.c — the decisions every front end renders the same way:
 * may a plan be uploaded, how a change reads, the header's names. */
#include "helpers.h"

#include <roster/plan.h>

#include <string.h>

static void test_can_upload(void **state)
{
	ro_plan p = { .file_error = RO_ST_NONE };

	(void)state;
	assert_true(ro_plan_can_upload(&p));
	/* Warnings do not stop an upload; a row with an error does. */
	p.summary.warning = 3;
	assert_true(ro_plan_can_upload(&p));
	p.summary.error = 1;
	assert_false(ro_plan_can_upload(&p));
	p.summary.error = 0;
	p.file_error = RO_ST_E10;
	assert_false(ro_plan_can_upload(&p));
}

static void test_change_wording(void **state)
{
	char buf[128];
	ro_change email = { "Email", NULL, "a@example.org" };
	ro_change cleared = { "Group", "Period 1", "" };
	ro_change pw = { "Password", NULL, "changed" };
	ro_change pw_new = { "Password", NULL, "set" };

	(void)state;
	/* A missing and an empty value read the same: "(blank)". */
	ro_change_format(buf, sizeof buf, &email);
	assert_string_equal(buf, "Email: (blank) \u2192 a@example.org");
	ro_change_format(buf, sizeof buf, &cleared);
	assert_string_equal(buf, "Group: Period 1 \u2192 (blank)");
	/* A password never shows an old value. */
	ro_change_format(buf, sizeof buf, &pw);
	assert_string_equal(buf, "Password: changed");
	ro_change_format(buf, sizeof buf, &pw_new);
	assert_string_equal(buf, "Password: set");
	/* snprintf's contract: the length needed, the text cut to fit. */
	assert_int_equal(ro_change_format(buf, 8, &email),
	    (int)strlen("Email: (blank) \u2192 a@example.org"));
	assert_string_equal(buf, "Email: ");
}

static void test_headers_list(void **state)
{
	char buf[256], small[10];
	int n;

	(void)state;
	n = ro_upload_headers_list(buf, sizeof buf);
	assert_string_equal(buf, "Portfolio ID, Username, Password, First "
	    "Name, Last Name, Graduation Year, Group, Email, Account Type");
	assert_int_equal(n, (int)strlen(buf));
	assert_int_equal(ro_upload_headers_list(small, sizeof small), n);
	assert_string_equal(small, "Portfolio");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_can_upload),
		cmocka_unit_test(test_change_wording),
		cmocka_unit_test(test_headers_list),
	};

	return cmocka_run_group_tests_name("plan_show", tests, NULL, NULL);
}
