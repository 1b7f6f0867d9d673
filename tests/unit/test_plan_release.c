/* test_plan_release.c — a trial run gives its records back as it builds
 * the plan (issue 15: the memory of a very large trial run), and the plan
 * it builds that way is the plan a full pass builds: the same rows, codes,
 * messages, changes and fingerprint.  Also what it rests on: releasing
 * pages of a big block (bigmem.c), and the memory figures ROSTER_TRACE
 * prints; and the one reading of scientific notation the split of
 * plan_check.c left (plan_read.c, used by plan_damage.c too). */
#include "helpers.h"
#include "plan_same.h"

#include <roster/db.h>
#include <roster/plan.h>
#include <roster/portfolio.h>
#include <roster/status.h>

#include "../../src/core/plan_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* More rows than one release step (plan_release.c), so that pages and
 * chunks are given back in the middle of the walk, not only at its end. */
#define NEW_ROWS 40000

static int setup(void **state)
{
	*state = rt_demo_new(40);
	return 0;
}

static void test_big_release(void **state)
{
	size_t n = (size_t)8 << 20, from = 100, to = ((size_t)5 << 20) + 100;
	unsigned char *p = ro_big_alloc(n), *small = ro_big_alloc(4096);

	assert_non_null(p);
	assert_non_null(small);
	memset(p, 0xab, n);
	memset(small, 0xab, 4096);
	ro_big_release(p, from, to);
	ro_big_release(small, 0, 4096);
	/* The partial pages at both ends keep their bytes ... */
	assert_int_equal(p[0], 0xab);
	assert_int_equal(p[from], 0xab);
	assert_int_equal(p[to], 0xab);
	assert_int_equal(p[n - 1], 0xab);
	/* ... the whole pages between read as zeros ... */
	for (size_t i = (size_t)1 << 20; i < ((size_t)5 << 20) - 4096;
	    i += 4096)
		if (p[i] != 0)
			fail_msg("byte %zu kept after its release", i);
	/* ... and a block from malloc keeps everything. */
	for (size_t i = 0; i < 4096; i++)
		assert_int_equal(small[i], 0xab);
	/* Released pages can be written again. */
	p[(size_t)2 << 20] = 7;
	assert_int_equal(p[(size_t)2 << 20], 7);
	ro_big_free(p);
	ro_big_free(small);
}

/* A file of every kind of row: updates of the demo's portfolios (one id
 * twice: E21), a password, a damaged year (a note), and NEW_ROWS new
 * portfolios, each with its password (wiped as the walk passes it). */
static char *write_file(rt_demo *f)
{
	size_t cap = (size_t)NEW_ROWS * 128 + 8192, len = 0;
	char *buf = malloc(cap), *path = rt_path(f->dir, "release.csv");
	ro_portfolio p;
	int kept = 0;

	assert_non_null(buf);
	for (int i = 0; i < RO_UPLOAD_COLUMNS; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%s",
		    ro_upload_headers()[i], i + 1 < RO_UPLOAD_COLUMNS ? "," :
		    "\n");
	for (int64_t id = 1; id < 40 && kept < 12; id++) {
		if (ro_portfolio_get(&p, f->s, id) != 0)
			continue;
		if (p.active && !p.sso) {
			len += (size_t)snprintf(buf + len, cap - len,
			    "%lld,%s,%s,%s,%s,%s,%s,%s.new@example.org,%s\n",
			    (long long)p.id, p.username,
			    kept == 3 ? "Long-Enough-Pass-7" : "", p.first,
			    p.last, kept == 5 ? "20x1" : "", p.group_name ?
			    p.group_name : "", p.username,
			    ro_account_type_name(p.type));
			if (kept == 7)
				len += (size_t)snprintf(buf + len, cap - len,
				    "%lld,%s,,%s,%s,,,,%s\n", (long long)p.id,
				    p.username, p.first, p.last,
				    ro_account_type_name(p.type));
			kept++;
		}
		ro_portfolio_clear(&p);
	}
	assert_int_equal(kept, 12);
	for (int i = 0; i < NEW_ROWS; i++)
		len += (size_t)snprintf(buf + len, cap - len,
		    ",rel.user%05d,Quiet-Lake-%05d-Path,Rel%d,User%d,2031,,"
		    "rel%d@example.org,student\n", i, i, i, i, i);
	assert_true(len < cap);
	rt_write_file(path, buf, len);
	free(buf);
	return path;
}

/* One pass over the file as a trial run (true) or as the upload's first
 * plan (false), in windows of `window` rows (0: PLAN_WINDOW); *c is left
 * as the pass leaves it. */
static ro_plan *pass_window(rt_demo *f, const char *path, plan_ctx *c,
    bool trial, size_t window)
{
	ro_plan *p = NULL;

	assert_int_equal(plan_open(c, f->s, path, RO_SHEET_AUTO, NULL, NULL,
	    NULL), 0);
	if (window)
		c->window = window;
	assert_int_equal(ro_store_begin(c->st, false, 0), 0);
	assert_int_equal(plan_pass(&p, c, trial), 0);
	ro_store_rollback(c->st);
	assert_non_null(p);
	return p;
}

static ro_plan *pass(rt_demo *f, const char *path, plan_ctx *c, bool trial)
{
	return pass_window(f, path, c, trial, 0);
}

static void test_trial_pass_releases(void **state)
{
	rt_demo *f = *state;
	char *path = write_file(f);
	plan_ctx c, u;
	ro_plan *t = pass(f, path, &c, true), *p;

	/* The trial run's pass holds no record, result or cell after it. */
	assert_int_equal(c.nrecs, 0);
	assert_null(c.recs);
	assert_null(c.res);
	assert_null(c.chunks);
	assert_null(c.cur);
	plan_ctx_free(&c);

	/* The upload's first pass keeps them (it plans again under the
	 * lock) and builds the same plan. */
	p = pass(f, path, &u, false);
	assert_int_equal(u.nrecs, t->nrows);
	assert_non_null(u.recs);
	plan_ctx_free(&u);

	assert_int_equal(t->nrows, NEW_ROWS + 13);
	assert_int_equal(t->summary.new_rows, NEW_ROWS);
	assert_true(t->summary.error >= 3);   /* E21 twice, the year */
	same_plan(t, p);
	/* The last row's values outlive the records they came from. */
	assert_non_null(ro_plan_row_at(t, t->nrows - 1));
	assert_string_equal(ro_plan_row_at(t, t->nrows - 1)->username,
	    "rel.user39999");
	ro_plan_free(t);
	ro_plan_free(p);
	free(path);
}

/* In windows smaller than a release step (and not dividing it): the
 * pages and chunks behind the walk go back while later windows still
 * hold portfolios that borrow their records' cells, and the plan is the
 * same. */
static void test_release_in_windows(void **state)
{
	rt_demo *f = *state;
	char *path = write_file(f);
	plan_ctx c, u;
	ro_plan *t = pass_window(f, path, &c, true, 5003), *p;

	assert_null(c.recs);
	assert_null(c.res);
	plan_ctx_free(&c);
	p = pass(f, path, &u, false);
	plan_ctx_free(&u);
	assert_int_equal(t->nrows, NEW_ROWS + 13);
	same_plan(t, p);
	ro_plan_free(t);
	ro_plan_free(p);
	free(path);
}

/* The public trial run gives the same plan (its pass is the one above). */
static void test_trial_run_same_plan(void **state)
{
	rt_demo *f = *state;
	char *path = write_file(f);
	plan_ctx u;
	ro_plan *t = NULL, *p;

	assert_int_equal(ro_plan_trial_run(&t, f->s, path, RO_SHEET_AUTO), 0);
	p = pass(f, path, &u, false);
	plan_ctx_free(&u);
	assert_string_equal(t->fingerprint, p->fingerprint);
	assert_int_equal(t->nrows, p->nrows);
	ro_plan_free(t);
	ro_plan_free(p);
	free(path);
}

/* The one reading of scientific notation, shared by the number cells and
 * the damaged-cell check. */
static void test_is_sci(void **state)
{
	static const char *const yes[] = { "1.23E+05", "1,2e5", "1E5",
		"9.99999E-07" };
	static const char *const no[] = { "1.E5", "E5", "1.2E", "12E5",
		"1.2E+", "1.2E5x", "", "123" };

	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		if (!plan_is_sci(yes[i]))
			fail_msg("%s not read as scientific notation", yes[i]);
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (plan_is_sci(no[i]))
			fail_msg("%s read as scientific notation", no[i]);
}

static void test_trace_memory(void **state)
{
	rt_demo *f = *state;
	char *path = rt_path(f->dir, "trace.txt"), line[256];
	FILE *in;

	assert_int_equal(setenv("ROSTER_TRACE", path, 1), 0);
	ro_trace("step %d", 1);
	unsetenv("ROSTER_TRACE");
	assert_non_null(in = fopen(path, "r"));
	assert_non_null(fgets(line, sizeof line, in));
	fclose(in);
	if (!strstr(line, "roster: trace: step 1 [rss ") ||
	    !strstr(line, " MiB, peak ") || !strstr(line, " MiB]\n"))
		fail_msg("trace line without its memory: %s", line);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_big_release),
		cmocka_unit_test(test_is_sci),
		cmocka_unit_test_setup_teardown(test_trial_pass_releases, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_trial_run_same_plan, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_release_in_windows, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_trace_memory, setup,
		    rt_demo_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
