/* test_task_hold.c — the blast-radius hold of the tasks that can hurt a
 * site at once (hold.h): its rule and its words, the one parser of a
 * typed count, the count it asks for taken from counts and an index
 * (never a read of every row) and equal to what the run then finds, in
 * every search mode, for a site admin and for staff; Deactivate held like
 * Reset Passwords; the staff limits; cancel.
 *
 * A fresh demo database per test (task_testlib.h). */
#include "task_testlib.h"

#include <roster/batch.h>
#include <roster/hold.h>
#include <roster/signin.h>

#include <unistd.h>

static void test_hold_rule(void **state)
{
	(void)state;
	assert_int_equal(ro_hold_rule(0, 0), RO_HOLD_NONE);
	assert_int_equal(ro_hold_rule(5, 10), RO_HOLD_NONE);
	assert_int_equal(ro_hold_rule(6, 10), RO_HOLD_HALF);
	assert_int_equal(ro_hold_rule(RO_HOLD_ABSOLUTE, 100000), RO_HOLD_NONE);
	assert_int_equal(ro_hold_rule(RO_HOLD_ABSOLUTE + 1, 100000),
	    RO_HOLD_MANY);
	/* Half says the most: it wins when both hold. */
	assert_int_equal(ro_hold_rule(5000, 6000), RO_HOLD_HALF);
}

/* The engine's words state facts, and never name a flag. */
static void test_hold_words(void **state)
{
	ro_hold_ask h = { 6, 10, "North", -1 };
	ro_hold_why why;

	(void)state;
	assert_int_equal(ro_hold_check(&h, "this would reset %d passwords", 6),
	    RO_EHOLD);
	assert_string_equal(ro_error_last(), "this would reset 6 passwords, "
	    "more than half of North (10 active portfolios)");
	assert_int_equal(ro_hold_needed(&why), 6);
	assert_int_equal(why, RO_HOLD_HALF);
	h = (ro_hold_ask){ 1200, 100000, NULL, -1 };
	assert_int_equal(ro_hold_check(&h, "x would change %d", 1200),
	    RO_EHOLD);
	assert_string_equal(ro_error_last(), "x would change 1200, more than "
	    "1000 at once");
	assert_int_equal(ro_hold_needed(&why), 1200);
	assert_int_equal(why, RO_HOLD_MANY);
	/* A count given must be the count, held or not. */
	h = (ro_hold_ask){ 3, 100, "North", 4 };
	assert_int_equal(ro_hold_check(&h, "this would move 3 portfolios"),
	    RO_EHOLD);
	assert_string_equal(ro_error_last(), "you confirmed 4, but this would "
	    "move 3 portfolios");
	assert_int_equal(ro_hold_needed(&why), 3);
	assert_int_equal(why, RO_HOLD_MISMATCH);
	/* The right count, or a small batch without one, goes ahead. */
	h.confirm = 3;
	assert_int_equal(ro_hold_check(&h, "-"), 0);
	h.confirm = -1;
	assert_int_equal(ro_hold_check(&h, "-"), 0);
	h = (ro_hold_ask){ 1200, 100000, NULL, 1200 };
	assert_int_equal(ro_hold_check(&h, "-"), 0);
	/* What a front end asks before asking for a password. */
	assert_true(ro_hold_passes(5, 10, -1));
	assert_false(ro_hold_passes(6, 10, -1));
	assert_true(ro_hold_passes(6, 10, 6));
	assert_false(ro_hold_passes(5, 10, 4));
	assert_false(ro_hold_passes(1001, 100000, -1));
	/* Another error is no hold. */
	ro_error_set(RO_EINVAL, "x");
	assert_int_equal(ro_hold_needed(&why), 0);
	assert_int_equal(why, RO_HOLD_NONE);
}

static void test_confirm_parse(void **state)
{
	static const char *const bad[] = { "", " ", "-1", "+1", "12a", "1 2",
		"0x10", "1.0", "99999999999999999999999", "\xef\xbc\x91" };
	long n;

	(void)state;
	assert_int_equal(ro_confirm_parse("612", &n), 0);
	assert_int_equal(n, 612);
	assert_int_equal(ro_confirm_parse("  0\t", &n), 0);
	assert_int_equal(n, 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(ro_confirm_parse(bad[i], &n), RO_EINVAL);
		assert_int_equal(n, -1);
	}
	assert_int_equal(ro_confirm_parse(NULL, &n), RO_EINVAL);
}

/* The preview's counts, taken without reading rows, against the run's,
 * which classifies every row: equal, or the run (given the preview's
 * count) is refused.  Undone after each, so that every case starts from
 * the same database. */
static void check_counts(fx *f, ro_session *s, ro_task_kind kind,
    const ro_selection *sel, const char *what)
{
	ro_task_opts o = opts(kind);
	ro_task_preview pv;
	ro_task_result *r = NULL;
	int64_t undo;

	o.password = SHARED_PW;
	assert_int_equal(ro_task_preview_run(&pv, s, sel, &o), 0);
	o.confirm = (long)pv.changes;
	if (ro_task_run(&r, s, sel, &o) != 0)
		fail_msg("%s: %s", what, ro_error_last());
	if (r->selected != pv.selected || r->changed != pv.changes ||
	    r->nskips != pv.skips || r->unchanged != pv.unchanged)
		fail_msg("%s: preview %zu/%zu/%zu/%zu, run %zu/%zu/%zu/%zu",
		    what, pv.selected, pv.changes, pv.skips, pv.unchanged,
		    r->selected, r->changed, r->nskips, r->unchanged);
	assert_int_equal(pv.hold, ro_hold_rule(pv.changes, pv.site_total) !=
	    RO_HOLD_NONE);
	if (r->batch_id)
		assert_int_equal(ro_batch_undo(&undo, f->s, r->batch_id), 0);
	ro_task_result_free(r);
}

static void test_count_matches_read(void **state)
{
	fx *f = *state;
	ro_session *staff = NULL;
	char *group, *year, *last;
	int64_t some[8], n;
	char *out = NULL;

	/* Rows of every kind a task skips: SSO-linked students, an
	 * SSO-linked staff portfolio (both), staff not linked, inactive
	 * ones, an inactive SSO-linked one. */
	static const char *const kinds_of_rows[] = {
		"UPDATE portfolios SET sso = 'clever', sso_id = 'c' || id WHERE "
		"id IN (SELECT id FROM portfolios WHERE site_id = 1 AND type = "
		"'student' AND sso IS NULL ORDER BY id LIMIT 4)",
		"UPDATE portfolios SET type = 'staff', grad_year = NULL WHERE id "
		"IN (SELECT id FROM portfolios WHERE site_id = 1 AND type = "
		"'student' ORDER BY id LIMIT 1) OR id IN (SELECT id FROM "
		"portfolios WHERE site_id = 1 AND type = 'student' ORDER BY id "
		"DESC LIMIT 2)",
		"UPDATE portfolios SET active = 0 WHERE id IN (SELECT id FROM "
		"portfolios WHERE site_id = 1 AND type = 'student' AND active = "
		"1 ORDER BY id LIMIT 3 OFFSET 2)",
	};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(ro_store_test_sql(f->sq, kinds_of_rows[i],
		    &out), 0);
		free(out);
	}
	assert_true(q_int(f, "SELECT count(*) FROM portfolios WHERE site_id "
	    "= 1 AND sso IS NOT NULL AND type <> 'student'") >= 1);
	assert_true(q_int(f, "SELECT count(*) FROM portfolios WHERE site_id "
	    "= 1 AND sso IS NOT NULL AND active = 0") >= 1);
	group = q_text(f, "SELECT g.name FROM groups g JOIN portfolios p ON "
	    "p.group_id = g.id WHERE p.site_id = 1 GROUP BY g.id ORDER BY "
	    "count(*) DESC LIMIT 1");
	year = q_text(f, "SELECT grad_year FROM portfolios WHERE site_id = 1 "
	    "AND grad_year IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC "
	    "LIMIT 1");
	last = q_text(f, "SELECT substr(last, 1, 1) FROM portfolios WHERE "
	    "site_id = 1 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1");
	n = (int64_t)q_ids(f, "sso IS NOT NULL OR active = 0 OR type <> "
	    "'student' OR id % 7 = 0", some, 7);
	assert_true(n >= 5);
	assert_int_equal(q_ids(f, "username = 'demo.admin'", some + n, 1), 1);
	n++;
	assert_int_equal(ro_session_open(&staff, f->db, "demo.staff",
	    "DemoStaff1", NULL), 0);

	const ro_selection sels[] = {
		{ .mode = RO_MODE_ALL },
		{ .mode = RO_MODE_ALL, .inactive = true },
		{ .mode = RO_MODE_LAST_NAME, .arg = last },
		{ .mode = RO_MODE_LAST_NAME, .arg = "" },
		{ .mode = RO_MODE_GROUP, .arg = group },
		{ .mode = RO_MODE_GRAD_YEAR, .arg = year },
		{ .mode = RO_MODE_ALL, .only = some, .nonly = (size_t)n },
		{ .mode = RO_MODE_ALL, .except = some, .nexcept = (size_t)n },
		{ .mode = RO_MODE_ALL, .except = some, .nexcept = 2 },
	};
	ro_session *who[] = { f->s, staff };
	ro_task_kind kinds[] = { RO_TASK_RESET_PASSWORDS, RO_TASK_DEACTIVATE };
	char what[96];

	for (size_t w = 0; w < 2; w++)
		for (size_t k = 0; k < 2; k++)
			for (size_t i = 0; i < sizeof sels / sizeof sels[0];
			    i++) {
				snprintf(what, sizeof what, "%s, %s, case %zu",
				    w ? "staff" : "admin",
				    ro_task_kind_name(kinds[k]), i);
				check_counts(f, who[w], kinds[k], &sels[i],
				    what);
			}
	ro_session_free(staff);
	free(group);
	free(year);
	free(last);
}

/* The run's read phase reports against the selection's count, and a
 * cancel there changes nothing. */
static int first_report(void *ctx, size_t done, size_t total)
{
	size_t *seen = ctx;

	if (seen[2]++ == 0) {
		seen[0] = done;
		seen[1] = total;
	}
	return 1;
}

static void test_read_progress(void **state)
{
	fx *f = *state;
	ro_selection all = { .mode = RO_MODE_ALL };
	ro_task_opts o = opts(RO_TASK_DEACTIVATE);
	ro_task_result *r = NULL;
	size_t seen[3] = { 9, 9, 0 };

	o.confirm = (long)q_int(f, "SELECT count(*) - 1 FROM portfolios "
	    "WHERE site_id = 1 AND active = 1");
	o.progress = first_report;
	o.progress_ctx = seen;
	char *before = db_state(f);
	assert_int_equal(ro_task_run(&r, f->s, &all, &o), RO_ECANCEL);
	assert_null(r);
	assert_int_equal(seen[0], 0);
	assert_int_equal(seen[1], o.confirm + 1);
	char *after = db_state(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* The whole site, held: the run refuses without the count and with a
 * wrong one (writing nothing), states the count it needs in words that
 * name no flag, and goes through with it.  what: the task's words, e.g.
 * "reset %zu passwords". */
static void whole_site_held(fx *f, ro_task_kind kind, const char *what)
{
	ro_selection all = { .mode = RO_MODE_ALL };
	ro_task_opts o = opts(kind);
	ro_task_preview pv;
	ro_task_result *r = NULL;
	ro_hold_why why;
	char want[64];

	o.password = SHARED_PW;
	assert_int_equal(ro_task_preview_run(&pv, f->s, &all, &o), 0);
	assert_true(pv.hold);
	assert_true(pv.changes * 2 > pv.site_total);
	assert_int_equal(pv.site_total, q_int(f, "SELECT count(*) FROM "
	    "portfolios WHERE site_id = 1 AND active = 1"));
	assert_int_equal(pv.selected, pv.site_total);
	assert_int_equal(pv.changes + pv.skips + pv.unchanged, pv.selected);
	char *before = db_state(f);
	assert_int_equal(ro_task_run(&r, f->s, &all, &o), RO_EHOLD);
	assert_null(r);
	snprintf(want, sizeof want, what, pv.changes);
	assert_non_null(strstr(ro_error_last(), want));
	assert_null(strstr(ro_error_last(), "--confirm"));
	assert_int_equal(ro_hold_needed(&why), pv.changes);
	assert_int_equal(why, RO_HOLD_HALF);
	o.confirm = (long)pv.changes - 1;
	assert_int_equal(ro_task_run(&r, f->s, &all, &o), RO_EHOLD);
	char *after = db_state(f);
	assert_string_equal(before, after);
	o.confirm = (long)pv.changes;
	assert_int_equal(ro_task_run(&r, f->s, &all, &o), 0);
	assert_int_equal(r->changed, pv.changes);
	ro_task_result_free(r);
	free(before);
	free(after);
}

/* The write reports too, and a cancel there (the last report, before
 * the commit) rolls the whole batch back. */
static int cancel_second(void *ctx, size_t done, size_t total)
{
	size_t *calls = ctx;

	(void)done;
	(void)total;
	return ++*calls == 2;
}

static void test_write_cancel(void **state)
{
	fx *f = *state;
	int64_t ids[6];
	ro_selection sel = resettable(f, ids, 6, false);
	ro_task_opts o = opts(RO_TASK_DEACTIVATE);
	ro_task_result *r = NULL;
	size_t calls = 0;

	o.progress = cancel_second;     /* 1: the read; 2: the write's end */
	o.progress_ctx = &calls;
	char *before = db_state(f);
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), RO_ECANCEL);
	assert_int_equal(calls, 2);
	char *after = db_state(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_hold(void **state)
{
	fx *f = *state;
	ro_task_opts o = opts(RO_TASK_RESET_PASSWORDS);
	ro_task_preview pv;
	int64_t one;

	whole_site_held(f, RO_TASK_RESET_PASSWORDS, "this would reset %zu "
	    "passwords");
	/* A small selection is not held. */
	assert_int_equal(q_ids(f, "active = 1 AND sso IS NULL AND type = "
	    "'student'", &one, 1), 1);
	ro_selection sel = sel_only(&one, 1);
	assert_int_equal(ro_task_preview_run(&pv, f->s, &sel, &o), 0);
	assert_false(pv.hold);
	assert_int_equal(pv.changes, 1);
}

/* Deactivate is held as a reset is: the whole site needs its count, and
 * then everyone but the admin acting is inactive. */
static void test_deactivate_hold(void **state)
{
	fx *f = *state;

	whole_site_held(f, RO_TASK_DEACTIVATE, "this would deactivate %zu "
	    "portfolios");
	assert_int_equal(q_int(f, "SELECT count(*) FROM portfolios WHERE "
	    "site_id = 1 AND active = 1"), 1);
}

static void test_staff_limits(void **state)
{
	fx *f = *state;
	ro_session *staff = NULL;
	int64_t ids[2];
	ro_task_opts o = opts(RO_TASK_RESET_PASSWORDS);
	ro_task_result *r = NULL;

	assert_int_equal(ro_session_open(&staff, f->db, "demo.staff",
	    "DemoStaff1", NULL), 0);
	assert_int_equal(q_ids(f, "username = 'demo.admin'", ids, 1), 1);
	assert_int_equal(q_ids(f, "active = 1 AND sso IS NULL AND type = "
	    "'student'", ids + 1, 1), 1);
	ro_selection sel = sel_only(ids, 2);
	o.password = SHARED_PW;
	assert_int_equal(ro_task_run(&r, staff, &sel, &o), 0);
	assert_int_equal(r->changed, 1);
	assert_int_equal(r->nskips, 1);
	assert_int_equal(r->skips[0].id, ids[0]);
	assert_non_null(strstr(r->skips[0].reason, "student"));
	ro_task_result_free(r);
	ro_session_free(staff);
}

static void test_cancel(void **state)
{
	fx *f = *state;
	int64_t ids[20];
	ro_selection sel = resettable(f, ids, 20, true);
	ro_task_opts o = opts(RO_TASK_RESET_PASSWORDS);
	ro_task_result *r = NULL;
	int calls = 0;
	char *slips = rt_path(f->dir, "cancelled.txt");

	o.generate = true;
	o.slips = slips;
	o.progress = cancel_now;
	o.progress_ctx = &calls;
	char *before = db_state(f);
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), RO_ECANCEL);
	assert_true(calls >= 1);
	char *after = db_state(f);
	assert_string_equal(before, after);
	/* The slips of a batch that did not land are not left behind. */
	assert_int_not_equal(access(slips, F_OK), 0);
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s' | grep -v "
	    "'^roster.db')\"", f->dir);
	assert_int_equal(system(cmd), 0);
	free(before);
	free(after);
	free(slips);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hold_rule),
		cmocka_unit_test(test_hold_words),
		cmocka_unit_test(test_confirm_parse),
		cmocka_unit_test_setup_teardown(test_hold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_count_matches_read, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_deactivate_hold, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_read_progress, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_write_cancel, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_staff_limits, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
