/* test_plan_dups.c — a trial run of a file that repeats the same rows
 * tens of thousands of times (issue 10 item 10): every row gets exactly
 * its E21 / E32 / E33 codes and the messages naming the other row, the
 * first occurrence naming the second and every later one the first.
 * The time it takes is bench/dups.sh's business, not this test's; the
 * sizes are chosen so that a checker quadratic in the repeats (as the
 * one before was) shows as a slow test all the same.  And the tables'
 * keys are secret to the process, so that no file can be written to
 * pile its names onto one slot. */
#include "helpers.h"

#include <roster/account.h>
#include <roster/db.h>
#include <roster/plan.h>
#include <roster/portfolio.h>
#include <roster/status.h>

#include "../../src/core/plan_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define HDR "Portfolio ID,Username,Password,First Name,Last Name," \
	"Graduation Year,Group,Email,Account Type\n"
/* Repeats of each kind of row. */
#define K 20000

typedef rt_demo fx;

static int setup(void **state)
{
	*state = rt_demo_new(60);
	return 0;
}

/* The nth active student of the demo that nothing is special about. */
static void pick_student(fx *f, ro_portfolio *out, int nth)
{
	for (int64_t id = 1; id < 200; id++) {
		if (ro_portfolio_get(out, f->s, id) != 0)
			continue;
		if (out->type == RO_TYPE_STUDENT && out->active && !out->sso &&
		    !out->temp_password && out->group_name && out->email &&
		    nth-- == 0)
			return;
		ro_portfolio_clear(out);
	}
	fail_msg("the demo has no such portfolio");
}

/* name with its ASCII letters upper-cased when up. */
static void cased(char *buf, size_t cap, const char *name, bool up)
{
	snprintf(buf, cap, "%s", name);
	for (char *q = buf; up && *q; q++)
		if (*q >= 'a' && *q <= 'z')
			*q = (char)(*q - 32);
}

/* A growing text buffer for the file. */
typedef struct text {
	char *s;
	size_t len, cap;
} text;

static void add(text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add(text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		assert_true(n >= 0);
		if ((size_t)n < t->cap - t->len)
			break;
		t->cap = t->cap * 2 + (size_t)n + 1;
		t->s = realloc(t->s, t->cap);
		assert_non_null(t->s);
	}
	t->len += (size_t)n;
}

static ro_plan *trial(fx *f, const text *t)
{
	char *path = rt_path(f->dir, "dups.csv");
	ro_plan *p = NULL;

	rt_write_file(path, t->s, t->len);
	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO), 0);
	assert_non_null(p);
	free(path);
	return p;
}

/* Row r has exactly the codes want (ascending, n of them) and no
 * warning. */
static void expect_codes(const ro_plan_row *r, const ro_status *want,
    size_t n)
{
	if (r->ncodes != n || r->nwarnings != 0)
		fail_msg("row %zu: %zu codes and %zu warnings, expected %zu "
		    "codes", r->row, r->ncodes, r->nwarnings, n);
	for (size_t i = 0; i < n; i++)
		if (r->codes[i] != want[i])
			fail_msg("row %zu: code %zu is %s, expected %s", r->row,
			    i, ro_status_code(r->codes[i]),
			    ro_status_code(want[i]));
	assert_int_equal(r->status, want[0]);
}

static const char *message(const ro_plan_row *r, ro_status st)
{
	for (size_t i = 0; i < r->ncodes; i++)
		if (r->codes[i] == st)
			return r->messages[i];
	fail_msg("row %zu has no %s", r->row, ro_status_code(st));
	return NULL;
}

static void expect_message(const ro_plan_row *r, ro_status st,
    const char *want)
{
	const char *got = message(r, st);

	if (strcmp(got, want) != 0)
		fail_msg("row %zu, %s: \"%s\", expected \"%s\"", r->row,
		    ro_status_code(st), got, want);
}

/* The spreadsheet row of the kth (0-based) occurrence of kind `kind` in
 * a file of three kinds taking turns. */
static size_t row_of(int kind, size_t k)
{
	return 2 + 3 * k + (size_t)kind;
}

/* Three kinds of row, K of each, taking turns:
 *   0: an existing student's row as exported (same id, same username):
 *      E21 and E33;
 *   1: a new row taking another student's username, in upper and lower
 *      case by turns: E32 and E33;
 *   2: a new row with a free username, in two cases by turns: E33.
 * One row at the end appears once: NEW. */
static void test_repeated_rows(void **state)
{
	fx *f = *state;
	ro_portfolio a, b;
	text t = { 0 };
	char name[64], want[256];
	ro_plan *p;

	pick_student(f, &a, 0);
	pick_student(f, &b, 1);
	add(&t, HDR);
	for (size_t k = 0; k < K; k++) {
		add(&t, "%lld,%s,,%s,%s,%d,%s,%s,student\n", (long long)a.id,
		    a.username, a.first, a.last, a.grad_year, a.group_name,
		    a.email);
		cased(name, sizeof name, b.username, k % 2);
		add(&t, ",%s,Welcome123,New,Kid,2029,,,student\n", name);
		cased(name, sizeof name, "fresh.twin1", k % 2);
		add(&t, ",%s,Welcome123,Twin,Kid,2029,,,student\n", name);
	}
	add(&t, ",only.once1,Welcome123,Only,Once,2029,,,student\n");
	p = trial(f, &t);
	free(t.s);

	assert_int_equal(p->nrows, 3 * K + 1);
	assert_int_equal(p->summary.rows, 3 * K + 1);
	assert_int_equal(p->summary.error, 3 * K);
	assert_int_equal(p->summary.new_rows, 1);
	for (size_t k = 0; k < K; k++) {
		const ro_plan_row *r0 = ro_plan_row_at(p, row_of(0, k) - 2);
		const ro_plan_row *r1 = ro_plan_row_at(p, row_of(1, k) - 2);
		const ro_plan_row *r2 = ro_plan_row_at(p, row_of(2, k) - 2);
		/* The first names the second; later ones name the first. */
		size_t other = k ? 0 : 1;

		assert_non_null(r0);
		assert_non_null(r1);
		assert_non_null(r2);
		assert_int_equal(r0->row, row_of(0, k));
		expect_codes(r0, (const ro_status[]){ RO_ST_E21, RO_ST_E33 },
		    2);
		assert_int_equal(r0->portfolio_id, a.id);
		snprintf(want, sizeof want, "Portfolio ID %lld appears more "
		    "than once in the file (also row %zu)", (long long)a.id,
		    row_of(0, other));
		expect_message(r0, RO_ST_E21, want);
		snprintf(want, sizeof want, "Username %s appears more than "
		    "once in the file, ignoring case (also row %zu)",
		    a.username, row_of(0, other));
		expect_message(r0, RO_ST_E33, want);

		assert_int_equal(r1->row, row_of(1, k));
		expect_codes(r1, (const ro_status[]){ RO_ST_E32, RO_ST_E33 },
		    2);
		cased(name, sizeof name, b.username, k % 2);
		snprintf(want, sizeof want, "Username %s is already used by "
		    "another portfolio (usernames ignore case)", name);
		expect_message(r1, RO_ST_E32, want);
		snprintf(want, sizeof want, "Username %s appears more than "
		    "once in the file, ignoring case (also row %zu)", name,
		    row_of(1, other));
		expect_message(r1, RO_ST_E33, want);

		assert_int_equal(r2->row, row_of(2, k));
		expect_codes(r2, (const ro_status[]){ RO_ST_E33 }, 1);
		cased(name, sizeof name, "fresh.twin1", k % 2);
		snprintf(want, sizeof want, "Username %s appears more than "
		    "once in the file, ignoring case (also row %zu)", name,
		    row_of(2, other));
		expect_message(r2, RO_ST_E33, want);
	}
	assert_non_null(ro_plan_row_at(p, 3 * K));
	assert_int_equal(ro_plan_row_at(p, 3 * K)->row, 3 * K + 2);
	assert_int_equal(ro_plan_row_at(p, 3 * K)->status, RO_ST_NEW);
	assert_int_equal(ro_plan_row_at(p, 3 * K)->ncodes, 0);
	ro_plan_free(p);
	ro_portfolio_clear(&a);
	ro_portfolio_clear(&b);
}

/* Two portfolios' ids taking turns, each row renaming its portfolio to a
 * name of its own: E21 alone (the usernames all differ), each row naming
 * a row of its own portfolio. */
static void test_repeated_ids(void **state)
{
	fx *f = *state;
	ro_portfolio a[2];
	text t = { 0 };
	char want[256];
	ro_plan *p;

	pick_student(f, &a[0], 2);
	pick_student(f, &a[1], 3);
	add(&t, HDR);
	for (size_t k = 0; k < 2 * K; k++) {
		const ro_portfolio *o = &a[k % 2];
		add(&t, "%lld,renamed.%zu,,%s,%s,%d,%s,%s,student\n",
		    (long long)o->id, k, o->first, o->last, o->grad_year,
		    o->group_name, o->email);
	}
	p = trial(f, &t);
	free(t.s);

	assert_int_equal(p->nrows, 2 * K);
	assert_int_equal(p->summary.error, 2 * K);
	for (size_t k = 0; k < 2 * K; k++) {
		const ro_plan_row *r = ro_plan_row_at(p, k);
		/* Rows 2 and 4 are a[0]'s first two, 3 and 5 a[1]'s. */
		size_t other = k < 2 ? 4 + k : 2 + k % 2;

		assert_non_null(r);
		assert_int_equal(r->row, k + 2);
		assert_int_equal(r->portfolio_id, a[k % 2].id);
		expect_codes(r, (const ro_status[]){ RO_ST_E21 }, 1);
		snprintf(want, sizeof want, "Portfolio ID %lld appears more "
		    "than once in the file (also row %zu)",
		    (long long)a[k % 2].id, other);
		expect_message(r, RO_ST_E21, want);
	}
	ro_plan_free(p);
	ro_portfolio_clear(&a[0]);
	ro_portfolio_clear(&a[1]);
}

/* A name's key is the same for every case of it within a process, and
 * another in another process (a fresh seed): a file cannot be made to
 * collide in advance. */
static void test_keys_seeded(void **state)
{
	uint64_t mine = plan_key_nocase("same.name1"), theirs = 0;
	int fd[2], st;
	pid_t pid;

	(void)state;
	assert_int_equal(plan_key_nocase("SAME.Name1"), mine);
	assert_int_not_equal(plan_key_nocase("same.name2"), mine);
	assert_int_equal(pipe(fd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* A fresh process, as every roster command is: this program
		 * again, writing its key to the pipe (main). */
		if (dup2(fd[1], STDOUT_FILENO) < 0)
			_exit(126);
		execl("/proc/self/exe", "test_plan_dups", "--key", (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	assert_int_equal(read(fd[0], &theirs, sizeof theirs),
	    (ssize_t)sizeof theirs);
	close(fd[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_int_not_equal(theirs, mine);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--key") == 0) {
		uint64_t k = plan_key_nocase("same.name1");
		return write(STDOUT_FILENO, &k, sizeof k) == sizeof k ? 0 : 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_repeated_rows, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_repeated_ids, setup,
		    rt_demo_teardown),
		cmocka_unit_test(test_keys_seeded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
