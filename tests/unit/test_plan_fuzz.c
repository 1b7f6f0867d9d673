/* test_plan_fuzz.c — the inputs fuzz_plan found, kept after their fixes
 * (tests/data/fuzz-regress): each trial-runs as AUTO, CSV and XLSX to a
 * plan or a clean RO_EFORMAT / RO_EIO, under the sanitizers too. */
#include "helpers.h"

#include <roster/account.h>
#include <roster/db.h>
#include <roster/error.h>
#include <roster/plan.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_regressions(void **state)
{
	ro_hash_params tp = ro_hash_params_test();
	const ro_demo_signin *si;
	char *dir = rt_tmpdir(), *db = rt_path(dir, "roster.db");
	char *data = rt_data("fuzz-regress");
	const ro_sheet_format formats[] = { RO_SHEET_AUTO, RO_SHEET_CSV,
		RO_SHEET_XLSX };
	ro_db *d = NULL;
	ro_session *s = NULL;
	struct dirent *e;
	size_t nsi, files = 0;
	DIR *dp;

	(void)state;
	assert_int_equal(ro_init(db, "district1", "District1pw", &tp), 0);
	assert_int_equal(ro_db_open(&d, db), 0);
	assert_int_equal(ro_demo_create(d, 20, &si, &nsi), 0);
	assert_int_equal(ro_session_open(&s, d, "demo.admin", "DemoAdmin1",
	    NULL), 0);
	assert_non_null(dp = opendir(data));
	while ((e = readdir(dp))) {
		char *path;
		if (e->d_name[0] == '.' || strcmp(e->d_name, "README") == 0)
			continue;
		path = rt_path(data, e->d_name);
		for (size_t k = 0; k < 3; k++) {
			ro_plan *p = NULL;
			int rc = ro_plan_trial_run(&p, s, path, formats[k]);
			if (rc == 0)
				assert_non_null(p);
			else if (rc != RO_EFORMAT && rc != RO_EIO)
				fail_msg("%s: %s", e->d_name, ro_error_last());
			else
				assert_null(p);
			ro_plan_free(p);
		}
		free(path);
		files++;
	}
	closedir(dp);
	assert_true(files >= 1);
	ro_session_free(s);
	ro_db_close(d);
	rt_tmpdir_free(dir);
	free(db);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regressions),
	};

	return cmocka_run_group_tests_name("plan_fuzz", tests, NULL, NULL);
}
