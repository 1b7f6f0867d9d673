/* test_plan_window.c — a pass checks the records a window at a time
 * (issue 15: the memory of a very large trial run).  A window holds the
 * store's portfolios and the results of its own rows only; and the plan
 * a trial run builds in windows of a few rows is the plan that one
 * window builds (the upload's pass), with every repeat (E21, E33), owner
 * (E32) and repaired username that spans two windows, for a file and
 * for a OneRoster bundle. */
#include "plan_testlib.h"
#include "plan_same.h"

#include "../../src/core/plan_int.h"

/* A pass over path in windows of w rows (trial: a trial run's pass,
 * which releases its records), or one window (the upload's first pass,
 * which applies nothing here). */
static ro_plan *pass(fx *f, const char *path, size_t w, bool trial)
{
	plan_ctx c;
	ro_plan *p = NULL;

	assert_int_equal(plan_open(&c, f->s, path, RO_SHEET_AUTO, NULL, NULL,
	    NULL), 0);
	c.window = w;
	assert_int_equal(ro_store_begin(c.st, false, 0), 0);
	assert_int_equal(plan_pass(&p, &c, trial), 0);
	ro_store_rollback(c.st);
	plan_ctx_free(&c);
	assert_non_null(p);
	return p;
}

/* The portfolios of the file below. */
typedef struct cast {
	ro_portfolio a, b, z;
	char zu[16], zf[8], zl[8];
} cast;

static void cast_clear(cast *k)
{
	ro_portfolio_clear(&k->a);
	ro_portfolio_clear(&k->b);
}

/* Rows 2-9, in windows of two: [2 3] [4 5] [6 7] [8 9].
 *   2  A as exported             E21, E33 (also row 6)
 *   3  new fresh.name1           E33 (also row 8)
 *   4  new, B's username         E32 (B's own row is 7, renaming B)
 *   5  new 0071234 (Z's)         E32, E33 (also row 9)
 *   6  A again                   E21, E33 (also row 2)
 *   7  B renamed b.renamed1      UPD
 *   8  new FRESH.NAME1           E33 (also row 3)
 *   9  Z as 71234 (zeros lost)   W10: kept 0071234; E33 (also row 5) */
static char *write_cast(fx *f, cast *k)
{
	char body[4096], la[512], lb[512], lz[512], up[64];
	size_t i;

	memset(&k->z, 0, sizeof k->z);
	snprintf(k->zu, sizeof k->zu, "0071234");
	snprintf(k->zf, sizeof k->zf, "Zero");
	snprintf(k->zl, sizeof k->zl, "Lead");
	/* ro_account_add trims in place: writable strings. */
	k->z.username = k->zu;
	k->z.first = k->zf;
	k->z.last = k->zl;
	k->z.type = RO_TYPE_STUDENT;
	k->z.grad_year = 2029;
	assert_int_equal(ro_account_add(f->s, &k->z, "Zero1Lead"), 0);
	pick(f, &k->a, is_student, 0);
	pick(f, &k->b, is_student, 1);
	for (i = 0; k->b.username[i] && i + 1 < sizeof up; i++)
		up[i] = (char)(k->b.username[i] >= 'a' &&
		    k->b.username[i] <= 'z' ? k->b.username[i] - 32 :
		    k->b.username[i]);
	up[i] = '\0';
	line(la, sizeof la, &k->a, NULL);
	line(lb, sizeof lb, &k->b, (const char *const[9]){ NULL,
	    "b.renamed1" });
	line(lz, sizeof lz, &k->z, (const char *const[9]){ NULL, "71234" });
	snprintf(body, sizeof body, "%s"
	    ",fresh.name1,Welcome123,Fresh,Name,2029,,,student\n"
	    ",%s,Welcome123,New,Kid,2029,,,student\n"
	    ",0071234,Welcome123,New,Zero,2029,,,student\n"
	    "%s%s"
	    ",FRESH.NAME1,Welcome123,Fresh,Name,2029,,,student\n"
	    "%s", la, up, la, lb, lz);
	return write_file(f, "csv", body, false);
}

/* Row r's E33 names the username and the other row. */
static void expect_dup_user(const ro_plan_row *r, const char *name,
    size_t other)
{
	char want[256];

	snprintf(want, sizeof want, "Username %s appears more than once in "
	    "the file, ignoring case (also row %zu)", name, other);
	assert_string_equal(message(r, RO_ST_E33), want);
}

static void test_repeats_across_windows(void **state)
{
	fx *f = *state;
	cast k;
	char *path = write_cast(f, &k), want[256];
	ro_plan *whole = pass(f, path, 0, false), *p;

	assert_int_equal(whole->nrows, 8);
	for (size_t w = 1; w <= 9; w++) {
		/* An upload's pass is one window whatever the trial run's. */
		p = pass(f, path, w, false);
		same_plan(p, whole);
		ro_plan_free(p);
		p = pass(f, path, w, true);
		same_plan(p, whole);
		if (w != 2) {
			ro_plan_free(p);
			continue;
		}
		snprintf(want, sizeof want, "Portfolio ID %lld appears more "
		    "than once in the file (also row 6)", (long long)k.a.id);
		assert_string_equal(message(row_at(p, 2), RO_ST_E21), want);
		expect_dup_user(row_at(p, 2), k.a.username, 6);
		snprintf(want, sizeof want, "Portfolio ID %lld appears more "
		    "than once in the file (also row 2)", (long long)k.a.id);
		assert_string_equal(message(row_at(p, 6), RO_ST_E21), want);
		expect_dup_user(row_at(p, 6), k.a.username, 2);
		assert_int_equal(row_at(p, 3)->status, RO_ST_E33);
		expect_dup_user(row_at(p, 3), "fresh.name1", 8);
		expect_dup_user(row_at(p, 8), "FRESH.NAME1", 3);
		/* B's own row, in another window, renames B: its name is
		 * taken all the same until the upload. */
		assert_int_equal(row_at(p, 4)->status, RO_ST_E32);
		assert_int_equal(row_at(p, 4)->ncodes, 1);
		assert_int_equal(row_at(p, 7)->status, RO_ST_UPD);
		assert_string_equal(row_at(p, 7)->username, "b.renamed1");
		/* The repair in the last window names the new row of the
		 * second, and that row names it. */
		assert_int_equal(row_at(p, 5)->status, RO_ST_E32);
		expect_dup_user(row_at(p, 5), "0071234", 9);
		assert_int_equal(row_at(p, 9)->status, RO_ST_E33);
		assert_string_equal(row_at(p, 9)->username, "0071234");
		assert_true(has(row_at(p, 9), RO_ST_W10));
		expect_dup_user(row_at(p, 9), "0071234", 5);
		ro_plan_free(p);
	}
	ro_plan_free(whole);
	cast_clear(&k);
	free(path);
}

/* What a window holds: its own rows' results and portfolios, the
 * window before's gone; the tables of repeats are the whole file's. */
static void test_window_holds_its_rows(void **state)
{
	fx *f = *state;
	cast k;
	char *path = write_cast(f, &k);
	plan_ctx c;

	assert_int_equal(plan_open(&c, f->s, path, RO_SHEET_AUTO, NULL, NULL,
	    NULL), 0);
	assert_int_equal(c.window, PLAN_WINDOW);
	/* As a trial run's pass (an upload's is one window). */
	c.trial_run = true;
	c.window = 2;
	assert_int_equal(ro_store_begin(c.st, false, 0), 0);
	assert_int_equal(plan_check_open(&c), 0);
	assert_int_equal(c.capres, 3);
	/* Records 0 and 4 (rows 2 and 6) name each other. */
	assert_int_equal(c.dup_id[0], 6);
	assert_int_equal(c.dup_id[4], 2);
	assert_int_equal(c.dup_user[3], 9);
	assert_int_equal(c.dup_user[7], 5);
	assert_int_equal(c.dup_user[2], 0);

	/* Rows 6 and 7: A and B. */
	assert_int_equal(plan_check_window(&c, 4, 6), 0);
	assert_int_equal(c.ncur, 2);
	assert_int_equal(plan_res_of(&c, 4)->cur->p.id, k.a.id);
	assert_int_equal(plan_res_of(&c, 5)->cur->p.id, k.b.id);
	assert_true(plan_res_of(&c, 4)->codes & (UINT64_C(1) << RO_ST_E21));
	/* Rows 8 and 9: only Z's portfolio, and the owner of the one new
	 * name (none: fresh.name1 is free). */
	assert_int_equal(plan_check_window(&c, 6, 8), 0);
	assert_int_equal(c.ncur, 1);
	assert_int_equal(c.nowners, 0);
	assert_null(plan_res_of(&c, 6)->cur);
	assert_int_equal(plan_res_of(&c, 7)->cur->p.id, k.z.id);
	assert_string_equal(plan_res_of(&c, 7)->username, "0071234");
	assert_int_equal(c.win_lo, 6);
	assert_int_equal(c.win_hi, 8);
	/* The last window: the tables of repeats are gone. */
	assert_null(c.dup_id);
	assert_null(c.dup_user);
	ro_store_rollback(c.st);
	plan_ctx_free(&c);
	assert_null(c.res);
	assert_null(c.dup_id);
	cast_clear(&k);
	free(path);
}

/* A OneRoster bundle goes through the same windows (its W32-W34 per
 * record, its deactivations of the portfolios it does not mention). */
static void test_bundle_in_windows(void **state)
{
	fx *f = *state;
	char *path = rt_data("oneroster/v11");
	ro_plan *whole = pass(f, path, 0, false), *p;

	assert_true(whole->nrows > 4);
	for (size_t w = 1; w <= 3; w++) {
		p = pass(f, path, w, true);
		same_plan(p, whole);
		assert_int_equal(p->nleft, whole->nleft);
		assert_int_equal(p->nmissing, whole->nmissing);
		ro_plan_free(p);
	}
	ro_plan_free(whole);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_repeats_across_windows,
		    setup, rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_window_holds_its_rows,
		    setup, rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_bundle_in_windows, setup,
		    rt_demo_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
