/* test_plan_fuzz.c — the inputs kept from fuzzing (tests/data/fuzz-regress)
 * and the broken upload files (tests/data/import, tests/data/bad) through
 * the whole trial run, as fuzz/fuzz_plan.c runs them: as CSV, as XLSX and
 * by content, against the demo site.  Each must plan (keeping plan.h's
 * promises, fuzz/fuzz_plan_check.h) or fail cleanly as unreadable. */
#include "helpers.h"

#include <roster/account.h>
#include <roster/db.h>
#include <roster/error.h>
#include <roster/plan.h>

#include "../../fuzz/fuzz_plan_check.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef rt_demo fx;

static int setup(void **state)
{
	*state = rt_demo_new(60);
	return 0;
}

/* Trial-runs every file of tests/data/NAME three ways; the count. */
static size_t trial_all(fx *f, const char *name)
{
	static const ro_sheet_format formats[] = {
		RO_SHEET_AUTO, RO_SHEET_CSV, RO_SHEET_XLSX
	};
	char *path = rt_data(name);
	DIR *dir = opendir(path);
	struct dirent *e;
	size_t n = 0;

	/* The inputs are part of the tree: missing is a failure. */
	assert_non_null(dir);
	while ((e = readdir(dir))) {
		char *full;

		if (e->d_name[0] == '.' || !strcmp(e->d_name, "README") ||
		    strstr(e->d_name, "EXPECTED") || strstr(e->d_name, ".sh") ||
		    strstr(e->d_name, ".expected"))
			continue;
		full = rt_path(path, e->d_name);
		for (size_t i = 0; i < 3; i++) {
			ro_plan *p = NULL;
			int rc = ro_plan_trial_run(&p, f->s, full, formats[i]);

			if (rc == 0) {
				const char *why = p ? fuzz_plan_check(p) :
				    "no plan";
				if (why)
					fail_msg("%s as %d: %s", e->d_name,
					    (int)formats[i], why);
			} else if (rc != RO_EFORMAT && rc != RO_EIO) {
				fail_msg("%s as %d: %s (%s)", e->d_name,
				    (int)formats[i], ro_error_name(rc),
				    ro_error_last());
			}
			ro_plan_free(p);
		}
		free(full);
		n++;
	}
	closedir(dir);
	free(path);
	return n;
}

static void test_fuzz_regressions(void **state)
{
	assert_true(trial_all(*state, "fuzz-regress") > 0);
}

static void test_broken_uploads(void **state)
{
	assert_true(trial_all(*state, "import") > 0);
	assert_true(trial_all(*state, "bad") > 0);
	assert_true(trial_all(*state, "upload") > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fuzz_regressions, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_broken_uploads, setup,
		    rt_demo_teardown),
	};

	return cmocka_run_group_tests_name("plan_fuzz", tests, NULL, NULL);
}
