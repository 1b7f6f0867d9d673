/* test_cli_error.c — the command line's side of an engine error: SPEC's
 * exit statuses, and the next step the engine states phrased as the
 * command or option to give (the engine's own messages name none). */
#include "helpers.h"

#include "../../src/cli/engine_error.c"

#include <stdlib.h>

static void test_exit_statuses(void **state)
{
	(void)state;
	assert_int_equal(cli_exit_status(RO_OK), 0);
	assert_int_equal(cli_exit_status(RO_EROWS), 1);
	assert_int_equal(cli_exit_status(RO_EINVAL), 2);
	assert_int_equal(cli_exit_status(RO_EHOLD), 2);
	assert_int_equal(cli_exit_status(RO_EFORMAT), 3);
	assert_int_equal(cli_exit_status(RO_ENOTDB), 3);
	assert_int_equal(cli_exit_status(RO_EBUSY), 4);
	assert_int_equal(cli_exit_status(RO_ECONFLICT), 4);
	assert_int_equal(cli_exit_status(RO_EDENIED), 5);
	assert_int_equal(cli_exit_status(RO_ENEEDNEW), 6);
	assert_int_equal(cli_exit_status(-999), 3);
}

static void expect_text(const char *want)
{
	char *t = cli_error_text();

	assert_non_null(t);
	assert_string_equal(t, want);
	free(t);
}

static void test_next_steps(void **state)
{
	(void)state;
	ro_error_set(RO_EINVAL, "plain");
	expect_text("plain");
	ro_error_next_set(ro_error_set(RO_ENOTFOUND, "there is no site yet"),
	    RO_NEXT_ADD_SITE);
	expect_text("there is no site yet: add one with 'roster site add "
	    "NAME'");
	ro_error_next_set(ro_error_set(RO_ENODB, "no database at x.db"),
	    RO_NEXT_INIT);
	expect_text("no database at x.db: run 'roster init --admin USERNAME' "
	    "to create one");
	ro_error_next_set(ro_error_set(RO_EDENIED, "student accounts cannot "
	    "manage portfolios"), RO_NEXT_SIGNIN);
	expect_text("student accounts cannot manage portfolios; use 'roster "
	    "signin' for your own account");
	cli_error_user("ada.l");
	ro_error_next_set(ro_error_set(RO_ENEEDNEW, "your password is "
	    "temporary"), RO_NEXT_NEW_PASSWORD);
	expect_text("your password is temporary: run 'roster signin ada.l' to "
	    "choose a new one first");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_statuses),
		cmocka_unit_test(test_next_steps),
	};

	return cmocka_run_group_tests_name("cli_error", tests, NULL, NULL);
}
