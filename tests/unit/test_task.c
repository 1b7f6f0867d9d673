/* test_task.c — portfolio tasks as batches: every task kind, the skips
 * (E90, E91, staff, self), the blast-radius hold, hashing once for a
 * shared password, generated passwords and their slips, the sign-in
 * flags a reset leaves, undo and its conflicts, cancel, a busy database
 * and a row changed between the read and the write: each leaves the
 * database as it was.
 *
 * A fresh demo database per test, with cheap hashing.  The tests read the
 * database through a second store of their own (ro_store_test_sql, in SQL
 * both backends understand) to see what the engine's API deliberately
 * hides: hashes and answers. */
#include "task_testlib.h"

#include <roster/account.h>
#include <roster/batch.h>
#include <roster/db.h>
#include <roster/error.h>
#include <roster/hash.h>
#include <roster/hold.h>
#include <roster/rules.h>
#include <roster/signin.h>
#include <roster/task.h>

#include "../../src/store/store.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_labels(void **state)
{
	(void)state;
	assert_string_equal(ro_task_label(RO_TASK_RESET_PASSWORDS),
	    "Reset Passwords");
	assert_string_equal(ro_task_label(RO_TASK_MOVE_GROUP), "Move to Group");
	assert_string_equal(ro_task_kind_name(RO_TASK_SET_GRAD_YEAR),
	    "set-grad-year");
	assert_string_equal(ro_task_kind_name(RO_TASK_REACTIVATE), "reactivate");
	assert_string_equal(ro_task_label(RO_TASK__COUNT), "?");
}

static void test_reset_shared(void **state)
{
	fx *f = *state;
	int64_t ids[8];
	ro_selection sel = resettable(f, ids, 8, false);
	size_t n = sel.nonly;
	ro_task_opts o = opts(RO_TASK_RESET_PASSWORDS);
	ro_task_result *r = NULL;
	ro_signin *si = NULL;
	char sql[256];

	assert_int_equal(n, 8);
	o.password = SHARED_PW;
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), 0);
	assert_true(r->batch_id > 0);
	assert_int_equal(r->selected, 8);
	assert_int_equal(r->changed, 8);
	assert_int_equal(r->nskips, 0);
	assert_int_equal(r->nslips, 0);
	/* One shared password: hashed once, the same hash for all. */
	snprintf(sql, sizeof sql, "SELECT count(DISTINCT password_hash) FROM "
	    "portfolios WHERE id IN (%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld)"
	    " AND temp_password = 1", (long long)ids[0], (long long)ids[1],
	    (long long)ids[2], (long long)ids[3], (long long)ids[4],
	    (long long)ids[5], (long long)ids[6], (long long)ids[7]);
	assert_int_equal(q_int(f, sql), 1);
	/* Temporary: the next sign-in must replace it. */
	char *u = username_of(f, ids[3]);
	assert_int_equal(ro_signin_verify(&si, f->db, u, SHARED_PW), 0);
	assert_true(si->need_password);
	assert_false(si->need_answers);
	ro_signin_free(si);
	free(u);
	/* Audited, one row per portfolio and field; never a hash. */
	ro_audit_list *al = NULL;
	size_t pw_rows = 0;
	assert_int_equal(ro_audit_list_get(&al, f->s, NULL), 0);
	for (size_t i = 0; i < al->n; i++) {
		const ro_audit_entry *e = &al->items[i];
		assert_true(!e->old_value || !strstr(e->old_value, "$argon2"));
		assert_true(!e->new_value || !strstr(e->new_value, "$argon2"));
		assert_true(!e->new_value || !strstr(e->new_value, SHARED_PW));
		if (e->batch_id == r->batch_id && e->field &&
		    strcmp(e->field, "Password") == 0) {
			pw_rows++;
			assert_string_equal(e->action, "reset-passwords");
			assert_string_equal(e->new_value,
			    "changed (temporary)");
		}
	}
	assert_int_equal(pw_rows, 8);
	ro_audit_list_free(al);
	/* The batch record. */
	ro_batch_list *bl = NULL;
	assert_int_equal(ro_batch_list_get(&bl, f->s), 0);
	assert_true(bl->n >= 1);
	assert_int_equal(bl->items[0].id, r->batch_id);
	assert_string_equal(bl->items[0].kind, "reset-passwords");
	assert_string_equal(bl->items[0].who, "demo.admin");
	assert_int_equal(bl->items[0].count, 8);
	ro_batch_list_free(bl);
	ro_task_result_free(r);
}

static void test_reset_skips(void **state)
{
	fx *f = *state;
	int64_t sso_active, plain, ids[2], inactive_ids[64];
	ro_task_opts o = opts(RO_TASK_RESET_PASSWORDS);
	ro_task_result *r = NULL;

	assert_int_equal(q_ids(f, "active = 1 AND sso IS NOT NULL",
	    &sso_active, 1), 1);
	assert_int_equal(q_ids(f, "active = 1 AND sso IS NULL AND type = "
	    "'student' AND username NOT LIKE 'demo.%'", &plain, 1), 1);
	ids[0] = sso_active;
	ids[1] = plain;
	ro_selection sel = sel_only(ids, 2);
	o.password = SHARED_PW;
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), 0);
	assert_int_equal(r->changed, 1);
	assert_int_equal(r->nskips, 1);
	assert_int_equal(r->skips[0].id, sso_active);
	assert_int_equal(r->skips[0].code, RO_ST_E90);
	char *u = username_of(f, sso_active);
	assert_string_equal(r->skips[0].username, u);
	free(u);
	assert_non_null(r->skips[0].reason);
	ro_task_result_free(r);

	/* Inactive portfolios (the --inactive list): E91, or E90 first when
	 * also SSO-linked; nothing changes, so no batch. */
	size_t ni = q_ids(f, "active = 0", inactive_ids, 64);
	assert_true(ni > 0);
	ro_selection all_inactive = { .mode = RO_MODE_ALL, .inactive = true };
	char *before = db_state(f);
	assert_int_equal(ro_task_run(&r, f->s, &all_inactive, &o), 0);
	assert_int_equal(r->batch_id, 0);
	assert_int_equal(r->changed, 0);
	assert_int_equal(r->nskips, ni);
	for (size_t i = 0; i < ni; i++) {
		const ro_task_skip *sk = find_skip(r, inactive_ids[i]);
		char sql[96];
		assert_non_null(sk);
		snprintf(sql, sizeof sql, "SELECT CASE WHEN sso IS NULL THEN 0 "
		    "ELSE 1 END FROM "
		    "portfolios WHERE id = %lld", (long long)inactive_ids[i]);
		assert_int_equal(sk->code, q_int(f, sql) ? RO_ST_E90 :
		    RO_ST_E91);
	}
	char *after = db_state(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
	ro_task_result_free(r);

	/* One's own portfolio is skipped too. */
	int64_t self;
	assert_int_equal(q_ids(f, "username = 'demo.admin'", &self, 1), 1);
	ro_selection me = sel_only(&self, 1);
	assert_int_equal(ro_task_run(&r, f->s, &me, &o), 0);
	assert_int_equal(r->changed, 0);
	assert_int_equal(r->nskips, 1);
	assert_int_equal(r->skips[0].code, RO_ST_NONE);
	assert_non_null(strstr(r->skips[0].reason, "own"));
	ro_task_result_free(r);
}

static void test_generate(void **state)
{
	fx *f = *state;
	int64_t ids[12];
	ro_selection sel = resettable(f, ids, 12, false);
	size_t n = sel.nonly;
	ro_task_opts o = opts(RO_TASK_RESET_PASSWORDS);
	ro_task_result *r = NULL;
	char *csv = rt_path(f->dir, "slips.csv");
	char *txt = rt_path(f->dir, "slips.txt");
	struct stat sb;

	assert_int_equal(n, 12);
	o.generate = true;
	o.slips = csv;
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), 0);
	assert_int_equal(r->changed, 12);
	assert_int_equal(r->nslips, 12);
	assert_non_null(r->slips_file);
	assert_string_equal(r->slips_file, csv);
	assert_null(r->slips_error);
	assert_int_equal(stat(csv, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_true(file_has(csv, "Site,First Name,Last Name,Group,Username,"
	    "Temporary Password\r\n"));
	/* Distinct, rule-passing, written to the slips, and each signs in
	 * (as a temporary password). */
	for (size_t i = 0; i < r->nslips; i++) {
		const ro_slip *s = &r->slips[i];
		ro_signin *si = NULL;
		assert_int_equal(ro_rules_password(s->password), RO_ST_NONE);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(s->password,
			    r->slips[j].password);
		assert_true(file_has(csv, s->password));
		assert_true(file_has(csv, s->username));
		assert_int_equal(ro_signin_verify(&si, f->db, s->username,
		    s->password), 0);
		assert_true(si->need_password);
		ro_signin_free(si);
	}
	assert_int_equal(q_int(f, "SELECT count(DISTINCT password_hash) FROM "
	    "portfolios WHERE temp_password = 1 AND username NOT LIKE "
	    "'demo.%'"), 12);
	ro_task_result_free(r);

	/* Plain text slips; an existing file is never overwritten, and the
	 * refusal comes before anything is written. */
	o.slips = txt;
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), 0);
	assert_int_equal(stat(txt, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_true(file_has(txt, "cut here"));
	assert_true(file_has(txt, "Temporary password:"));
	assert_true(file_has(txt, r->slips[0].password));
	ro_task_result_free(r);
	char *before = db_state(f);
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), RO_EEXISTS);
	char *after = db_state(f);
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* A slips file in a directory that does not exist: nothing changes
	 * and no file is left. */
	char *bad = rt_path(f->dir, "no/such/dir/slips.txt");
	o.slips = bad;
	before = db_state(f);
	assert_int_not_equal(ro_task_run(&r, f->s, &sel, &o), 0);
	after = db_state(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(bad);
	free(csv);
	free(txt);
}

static void test_reset_questions_and_undo(void **state)
{
	fx *f = *state;
	ro_signin *si = NULL;
	const char *answers[RO_SECURITY_QUESTIONS] = { "Rex", "Oslo", "Dune" };
	ro_task_opts o = opts(RO_TASK_RESET_PASSWORDS);
	ro_task_result *r = NULL;
	int64_t id;

	/* demo.student has a permanent password; give it answers. */
	assert_int_equal(ro_signin_verify(&si, f->db, "demo.student",
	    "DemoStudent1"), 0);
	assert_int_equal(ro_signin_set_answers(si, f->db, answers), 0);
	ro_signin_free(si);
	id = q_int(f, "SELECT id FROM portfolios WHERE username = "
	    "'demo.student'");
	char *old_hash = q_text(f, "SELECT password_hash FROM portfolios "
	    "WHERE username = 'demo.student'");
	char *old_answers = q_text(f, "SELECT answer_hash "
	    "FROM security_answers WHERE portfolio_id = (SELECT id FROM "
	    "portfolios WHERE username = 'demo.student') ORDER BY question");
	assert_int_equal(q_int(f, "SELECT count(*) FROM security_answers"), 3);

	ro_selection sel = sel_only(&id, 1);
	o.password = SHARED_PW;
	o.reset_questions = true;
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), 0);
	int64_t batch = r->batch_id;
	ro_task_result_free(r);
	assert_int_equal(q_int(f, "SELECT count(*) FROM security_answers"), 0);
	assert_int_equal(ro_signin_verify(&si, f->db, "demo.student",
	    SHARED_PW), 0);
	assert_true(si->need_password);
	assert_true(si->need_answers);
	ro_signin_free(si);

	/* Undo: the old hash, flags and answers come back. */
	int64_t undo = 0;
	assert_int_equal(ro_batch_undo(&undo, f->s, batch), 0);
	assert_true(undo > batch);
	char *h = q_text(f, "SELECT password_hash FROM portfolios WHERE "
	    "username = 'demo.student'");
	assert_string_equal(h, old_hash);
	free(h);
	char *a = q_text(f, "SELECT answer_hash FROM security_answers WHERE "
	    "portfolio_id = (SELECT id FROM portfolios WHERE username = "
	    "'demo.student') ORDER BY question");
	assert_string_equal(a, old_answers);
	free(a);
	assert_int_equal(ro_signin_verify(&si, f->db, "demo.student",
	    "DemoStudent1"), 0);
	assert_false(si->need_password);
	assert_false(si->need_answers);
	ro_signin_free(si);
	/* Undone once only. */
	assert_int_equal(ro_batch_undo(&undo, f->s, batch), RO_EINVAL);
	free(old_hash);
	free(old_answers);
}

static void test_undo_conflict(void **state)
{
	fx *f = *state;
	int64_t ids[3];
	ro_selection sel = resettable(f, ids, 3, false);
	ro_task_opts o = opts(RO_TASK_RESET_PASSWORDS);
	ro_task_result *r = NULL;
	ro_signin *si = NULL;
	int64_t undo = 0;

	o.password = SHARED_PW;
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), 0);
	int64_t batch = r->batch_id;
	ro_task_result_free(r);
	/* One of them signs in and chooses a new password. */
	char *u = username_of(f, ids[1]);
	assert_int_equal(ro_signin_verify(&si, f->db, u, SHARED_PW), 0);
	assert_int_equal(ro_signin_change_password(si, f->db, SHARED_PW,
	    "Brand-New-Pw7"), 0);
	ro_signin_free(si);
	char *before = db_state(f);
	assert_int_equal(ro_batch_undo(&undo, f->s, batch), RO_ECONFLICT);
	assert_non_null(strstr(ro_error_last(), u));
	char *after = db_state(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(u);
}

static void test_move_group(void **state)
{
	fx *f = *state;
	int64_t ids[10];
	size_t n = q_ids(f, "active = 1 AND type = 'student'", ids, 10);
	long long in_p2 = 0;
	ro_selection sel = sel_only(ids, n);
	ro_task_opts o = opts(RO_TASK_MOVE_GROUP);
	ro_task_result *r = NULL;
	char sql[256];

	for (size_t i = 0; i < n; i++) {
		snprintf(sql, sizeof sql, "SELECT CASE WHEN g.name = 'Period 2' "
		    "THEN 1 ELSE 0 END FROM "
		    "portfolios p JOIN groups g ON g.id = p.group_id WHERE "
		    "p.id = %lld", (long long)ids[i]);
		in_p2 += q_int(f, sql);
	}
	o.group = "period 2";       /* names are not case sensitive */
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), 0);
	assert_int_equal(r->changed + r->unchanged, n);
	assert_int_equal(r->unchanged, in_p2);
	assert_int_equal(r->nskips, 0);
	for (size_t i = 0; i < n; i++) {
		snprintf(sql, sizeof sql, "SELECT g.name FROM portfolios p JOIN"
		    " groups g ON g.id = p.group_id WHERE p.id = %lld",
		    (long long)ids[i]);
		char *g = q_text(f, sql);
		assert_string_equal(g, "Period 2");
		free(g);
	}
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE batch_id ="
	    " %lld AND field = 'Group' AND new_value = 'Period 2'",
	    (long long)r->batch_id);
	assert_int_equal(q_int(f, sql), r->changed);
	snprintf(sql, sizeof sql, "SELECT detail FROM batches WHERE id = %lld",
	    (long long)r->batch_id);
	char *d = q_text(f, sql);
	assert_non_null(strstr(d, "to Period 2"));
	free(d);
	ro_task_result_free(r);

	/* Again: all already there, no batch. */
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), 0);
	assert_int_equal(r->batch_id, 0);
	assert_int_equal(r->unchanged, n);
	ro_task_result_free(r);

	o.group = "No Such Group";
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), RO_ENOTFOUND);
}

static void test_set_grad_year(void **state)
{
	fx *f = *state;
	int64_t ids[6], staff;
	size_t n = q_ids(f, "active = 1 AND type = 'student' AND grad_year <> "
	    "2031", ids, 5);
	ro_task_opts o = opts(RO_TASK_SET_GRAD_YEAR);
	ro_task_result *r = NULL;
	char sql[128];

	assert_int_equal(q_ids(f, "active = 1 AND type = 'staff'", &staff, 1),
	    1);
	ids[n++] = staff;
	ro_selection sel = sel_only(ids, n);
	o.year = 2031;
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), 0);
	assert_int_equal(r->changed, n - 1);
	assert_int_equal(r->nskips, 1);
	assert_int_equal(r->skips[0].id, staff);
	for (size_t i = 0; i + 1 < n; i++) {
		snprintf(sql, sizeof sql, "SELECT grad_year FROM portfolios WHERE"
		    " id = %lld", (long long)ids[i]);
		assert_int_equal(q_int(f, sql), 2031);
	}
	snprintf(sql, sizeof sql, "SELECT CASE WHEN grad_year IS NULL THEN 1"
	    " ELSE 0 END FROM portfolios "
	    "WHERE id = %lld", (long long)staff);
	assert_int_equal(q_int(f, sql), 1);
	ro_task_result_free(r);
	/* Undo puts the years back. */
	int64_t undo;
	assert_int_equal(ro_batch_undo(&undo, f->s, q_int(f, "SELECT max(id) "
	    "FROM batches")), 0);
	snprintf(sql, sizeof sql, "SELECT grad_year FROM portfolios WHERE id "
	    "= %lld", (long long)ids[0]);
	assert_int_not_equal(q_int(f, sql), 2031);

	o.year = 1989;
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), RO_EINVAL);
}

static void test_deactivate_reactivate(void **state)
{
	fx *f = *state;
	int64_t ids[4], self;
	ro_task_opts o = opts(RO_TASK_DEACTIVATE);
	ro_task_result *r = NULL;
	char sql[160];

	/* SSO-linked portfolios may be deactivated: the SSO lock is about
	 * usernames and passwords. */
	assert_int_equal(q_ids(f, "active = 1 AND sso IS NOT NULL", ids, 1), 1);
	assert_int_equal(q_ids(f, "active = 1 AND sso IS NULL AND type = "
	    "'student'", ids + 1, 2), 2);
	assert_int_equal(q_ids(f, "username = 'demo.admin'", &self, 1), 1);
	ids[3] = self;
	ro_selection sel = sel_only(ids, 4);
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), 0);
	assert_int_equal(r->changed, 3);
	assert_int_equal(r->nskips, 1);
	assert_int_equal(r->skips[0].id, self);
	ro_task_result_free(r);
	for (int i = 0; i < 3; i++) {
		snprintf(sql, sizeof sql, "SELECT active FROM portfolios WHERE "
		    "id = %lld", (long long)ids[i]);
		assert_int_equal(q_int(f, sql), 0);
	}
	/* Reactivate implies the inactive list: the same --only ids taken
	 * from the active list's mode work. */
	o = opts(RO_TASK_REACTIVATE);
	ro_selection again = sel_only(ids, 3);
	assert_int_equal(ro_task_run(&r, f->s, &again, &o), 0);
	assert_int_equal(r->changed, 3);
	ro_task_result_free(r);
	for (int i = 0; i < 3; i++) {
		snprintf(sql, sizeof sql, "SELECT active FROM portfolios WHERE "
		    "id = %lld", (long long)ids[i]);
		assert_int_equal(q_int(f, sql), 1);
	}
	/* Deactivating the inactive list changes nothing. */
	o = opts(RO_TASK_DEACTIVATE);
	ro_selection inact = { .mode = RO_MODE_ALL, .inactive = true };
	assert_int_equal(ro_task_run(&r, f->s, &inact, &o), 0);
	assert_int_equal(r->changed, 0);
	assert_int_equal(r->unchanged, r->selected);
	ro_task_result_free(r);
}

/* The slips as a PDF (the name decides): 0600, a PDF, never over an
 * existing file; and a cancelled batch leaves no PDF, not even the
 * temporary one. */
static void test_slips_pdf(void **state)
{
	fx *f = *state;
	int64_t ids[12];
	ro_selection sel = resettable(f, ids, 12, true);
	ro_task_opts o = opts(RO_TASK_RESET_PASSWORDS);
	ro_task_result *r = NULL;
	char *pdf = rt_path(f->dir, "slips.pdf");
	char *forced = rt_path(f->dir, "slips.out");
	char *cancelled = rt_path(f->dir, "cancelled.pdf");
	struct stat sb;
	int calls = 0;

	o.generate = true;
	o.slips = pdf;
	o.slips_style.qr = true;
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), 0);
	assert_string_equal(r->slips_file, pdf);
	assert_int_equal(stat(pdf, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_true(file_has(pdf, "%PDF-"));
	ro_task_result_free(r);
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), RO_EEXISTS);

	o.slips = forced;
	o.slips_style.format = RO_SLIPS_PDF;
	o.slips_style.layout = RO_SLIPS_LIST;
	o.slips_style.paper = RO_SLIPS_A4;
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), 0);
	assert_true(file_has(forced, "%PDF-"));
	ro_task_result_free(r);

	o.slips = cancelled;
	o.progress = cancel_now;
	o.progress_ctx = &calls;
	char *before = db_state(f);
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), RO_ECANCEL);
	char *after = db_state(f);
	assert_string_equal(before, after);
	assert_int_not_equal(access(cancelled, F_OK), 0);
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s' | grep -v "
	    "-e '^roster.db' -e '^slips\\.')\"", f->dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(ro_slips_pdf_per_page(RO_SLIPS_LABELS,
	    RO_SLIPS_LETTER), 30);
	assert_int_equal(ro_slips_pdf_per_page(RO_SLIPS_LABELS, RO_SLIPS_A4),
	    30);
	assert_int_equal(ro_slips_pdf_per_page(RO_SLIPS_LIST,
	    RO_SLIPS_LETTER), 8);
	free(before);
	free(after);
	free(pdf);
	free(forced);
	free(cancelled);
}

static void test_busy(void **state)
{
	fx *f = *state;
	ro_db *db2 = NULL;
	ro_session *s2 = NULL;
	int64_t ids[4];
	ro_selection sel = resettable(f, ids, 4, true);
	ro_task_opts o = opts(RO_TASK_RESET_PASSWORDS);
	ro_task_result *r = NULL;

	setenv("ROSTER_BUSY_TIMEOUT_MS", "100", 1);
	assert_int_equal(ro_db_open(&db2, f->path), 0);
	unsetenv("ROSTER_BUSY_TIMEOUT_MS");
	assert_int_equal(ro_session_open(&s2, db2, "demo.admin", "DemoAdmin1",
	    NULL), 0);
	char *before = db_state(f);
	/* Another process holds the write lock of the site. */
	assert_int_equal(ro_store_begin(f->sq, true, 1), 0);
	o.password = SHARED_PW;
	assert_int_equal(ro_task_run(&r, s2, &sel, &o), RO_EBUSY);
	assert_non_null(strstr(ro_error_last(), "busy"));
	ro_store_rollback(f->sq);
	char *after = db_state(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
	/* Once the lock is gone the same run goes through. */
	assert_int_equal(ro_task_run(&r, s2, &sel, &o), 0);
	ro_task_result_free(r);
	ro_session_free(s2);
	ro_db_close(db2);
}

/* Changes a target behind the task's back while it hashes. */
typedef struct meddle {
	fx *f;
	int64_t id;
	bool done;
} meddle;

static int meddle_once(void *ctx, size_t done, size_t total)
{
	meddle *m = ctx;
	char sql[128];

	(void)done;
	(void)total;
	if (!m->done) {
		snprintf(sql, sizeof sql, "UPDATE portfolios SET version = "
		    "version + 1, grad_year = 2030 WHERE id = %lld",
		    (long long)m->id);
		assert_int_equal(ro_store_test_sql(m->f->sq, sql, NULL), 0);
		m->done = true;
	}
	return 0;
}

static void test_conflict_meanwhile(void **state)
{
	fx *f = *state;
	int64_t ids[30];
	ro_selection sel = resettable(f, ids, 30, true);
	size_t n = sel.nonly;
	ro_task_opts o = opts(RO_TASK_RESET_PASSWORDS);
	ro_task_result *r = NULL;
	meddle m = { f, ids[n - 1], false };

	o.password = SHARED_PW;
	o.progress = meddle_once;
	o.progress_ctx = &m;
	o.confirm = (long)n;
	char *before_batches = q_text(f, "SELECT count(*) || '/' || count(*) "
	    "FROM batches");
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), RO_ECONFLICT);
	assert_true(m.done);
	assert_non_null(strstr(ro_error_last(), "changed meanwhile"));
	/* Nothing of the batch landed. */
	assert_int_equal(q_int(f, "SELECT count(*) FROM portfolios WHERE "
	    "temp_password = 1 AND username NOT LIKE 'demo.%'"), 0);
	char *after_batches = q_text(f, "SELECT count(*) || '/' || count(*) "
	    "FROM batches");
	assert_string_equal(before_batches, after_batches);
	free(before_batches);
	free(after_batches);
}

static void test_notify_failures(void **state)
{
	fx *f = *state;
	ro_session *district = NULL;
	int64_t ids[6];
	ro_selection sel = resettable(f, ids, 6, false);
	size_t n = sel.nonly;
	ro_task_opts o = opts(RO_TASK_RESET_PASSWORDS);
	ro_task_result *r = NULL;
	size_t with_email = 0;
	char sql[128];

	for (size_t i = 0; i < n; i++) {
		snprintf(sql, sizeof sql, "SELECT CASE WHEN email IS NULL THEN 0 "
		    "ELSE 1 END FROM "
		    "portfolios WHERE id = %lld", (long long)ids[i]);
		with_email += (size_t)q_int(f, sql);
	}
	assert_true(with_email > 0);
	assert_int_equal(ro_session_open(&district, f->db, "district1",
	    "District1pw", NULL), 0);
	/* A mailer that fails every message. */
	assert_int_equal(ro_setting_change(district, "mail.command",
	    "/bin/false"), 0);
	o.password = SHARED_PW;
	o.notify = true;
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), 0);
	assert_true(r->batch_id > 0);
	assert_int_equal(r->changed, n);
	assert_int_equal(r->notified, 0);
	assert_int_equal(r->nnotify_failures, with_email);
	assert_int_equal(r->no_email, n - with_email);
	for (size_t i = 0; i < r->nnotify_failures; i++) {
		assert_non_null(r->notify_failures[i].email);
		assert_null(strstr(r->notify_failures[i].reason, SHARED_PW));
	}
	/* The reset stands. */
	assert_int_equal(q_int(f, "SELECT count(*) FROM portfolios WHERE "
	    "temp_password = 1 AND username NOT LIKE 'demo.%'"), n);
	ro_task_result_free(r);
	/* A mailer that takes everything. */
	assert_int_equal(ro_setting_change(district, "mail.command",
	    "/bin/cat"), 0);
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), 0);
	assert_int_equal(r->notified, with_email);
	assert_int_equal(r->nnotify_failures, 0);
	ro_task_result_free(r);
	ro_session_free(district);
}

static void test_bad_opts(void **state)
{
	fx *f = *state;
	int64_t one;
	ro_task_opts o = opts(RO_TASK_RESET_PASSWORDS);
	ro_task_result *r = NULL;

	assert_int_equal(q_ids(f, "active = 1 AND sso IS NULL AND type = "
	    "'student'", &one, 1), 1);
	ro_selection sel = sel_only(&one, 1);
	/* No password. */
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), RO_EINVAL);
	/* A password that breaks the rules. */
	o.password = "weakpass";
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), RO_EINVAL);
	assert_non_null(strstr(ro_error_last(), "temporary password"));
	/* Both a password and --generate. */
	o.password = SHARED_PW;
	o.generate = true;
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), RO_EINVAL);
	/* Export is not run here. */
	o = opts(RO_TASK_EXPORT);
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), RO_EINVAL);
	assert_null(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_labels),
		cmocka_unit_test_setup_teardown(test_reset_shared, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_skips, setup, teardown),
		cmocka_unit_test_setup_teardown(test_generate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_questions_and_undo,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_undo_conflict, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_move_group, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_grad_year, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_deactivate_reactivate, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_slips_pdf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflict_meanwhile, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_notify_failures, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad_opts, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
