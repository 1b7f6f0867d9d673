/* test_task_reset.c — a password reset written set-wise (task_reset.c,
 * ro_store_reset_chunk) leaves what the portfolio-by-portfolio write
 * left: every before-state kept for undo, the audit rows in id order with
 * their texts, the sign-in lock cleared, the version moved on once; undo
 * restores every hash; and across chunks of 16,000 the progress, a
 * cancel and a row that moved since the read (named, nothing written).
 *
 * On SQLite or (ROSTER_TEST_PG) PostgreSQL, like test_task.c. */
#include "task_testlib.h"

#include <roster/batch.h>
#include <roster/signin.h>

/* Big enough for three chunks of the write. */
#define BIG 36000

static int setup_big(void **state)
{
	fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	rt_demo_open(BIG, &f->dir, &f->path, &f->db, &f->s);
	assert_int_equal(ro_store_open(&f->sq, f->path, false), 0);
	*state = f;
	return 0;
}

static void sql(fx *f, const char *text)
{
	assert_int_equal(ro_store_test_sql(f->sq, text, NULL), 0);
}

/* "IN (a,b,…)" of ids. */
static void in_list(char *buf, size_t size, const int64_t *ids, size_t n)
{
	size_t k = (size_t)snprintf(buf, size, "IN (");

	for (size_t i = 0; i < n && k < size; i++)
		k += (size_t)snprintf(buf + k, size - k, "%s%lld", i ? "," : "",
		    (long long)ids[i]);
	if (k < size)
		snprintf(buf + k, size - k, ")");
}

/* The before-state a batch item keeps, per portfolio: the same columns
 * from the portfolios (with the version the batch will leave) and from
 * the items. */
#define KEPT(id, after) "CAST(" id " AS TEXT) || ':' || username || ':' ||" \
	" first || ':' || last || ':' || coalesce(email, '-') || ':' ||" \
	" coalesce(CAST(group_id AS TEXT), '-') || ':' ||" \
	" coalesce(CAST(grad_year AS TEXT), '-') || ':' || type || ':' ||" \
	" coalesce(sso, '-') || ':' || coalesce(sso_id, '-') || ':' ||" \
	" CAST(active AS TEXT) || ':' || coalesce(password_hash, '-') ||" \
	" ':' || CAST(temp_password AS TEXT) || ':' ||" \
	" CAST(sq_reset AS TEXT) || ':' || CAST(" after " AS TEXT)"

static void test_reset_rows(void **state)
{
	fx *f = *state;
	int64_t ids[10];
	ro_selection sel = resettable(f, ids, 10, false);
	size_t n = sel.nonly;
	ro_task_opts o = opts(RO_TASK_RESET_PASSWORDS);
	ro_task_result *r = NULL;
	char in[256], q[1024], expect[2048];
	size_t k = 0;

	assert_int_equal(n, 10);
	in_list(in, sizeof in, ids, n);
	/* Already temporary (no Temporary Password row), locked out, with a
	 * password of its own. */
	snprintf(q, sizeof q, "UPDATE portfolios SET temp_password = 1 WHERE "
	    "id = %lld", (long long)ids[2]);
	sql(f, q);
	snprintf(q, sizeof q, "UPDATE portfolios SET failed_signins = 5, "
	    "first_failed_at = 1700000000, locked_until = 1700000900 WHERE "
	    "id = %lld", (long long)ids[5]);
	sql(f, q);
	snprintf(q, sizeof q, "UPDATE portfolios SET password_hash = "
	    "'$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g' WHERE "
	    "id = %lld", (long long)ids[7]);
	sql(f, q);
	snprintf(q, sizeof q, "SELECT " KEPT("id", "version + 1") " FROM "
	    "portfolios WHERE id %s ORDER BY id", in);
	char *kept = q_text(f, q);
	snprintf(q, sizeof q, "SELECT CAST(id AS TEXT) || ':' || "
	    "coalesce(password_hash, '-') || ':' || CAST(temp_password AS "
	    "TEXT) FROM portfolios WHERE id %s ORDER BY id", in);
	char *hashes = q_text(f, q);

	o.password = SHARED_PW;
	assert_int_equal(ro_task_run(&r, f->s, &sel, &o), 0);
	assert_int_equal(r->changed, n);
	int64_t batch = r->batch_id;
	ro_task_result_free(r);

	/* The before-state of each, for undo. */
	snprintf(q, sizeof q, "SELECT " KEPT("portfolio_id", "after_version")
	    " FROM batch_items WHERE batch_id = %lld AND created = 0 AND "
	    "answers IS NULL ORDER BY portfolio_id", (long long)batch);
	char *items = q_text(f, q);
	assert_string_equal(items, kept);
	/* The audit rows, portfolio after portfolio in id order. */
	for (size_t i = 0; i < n; i++) {
		char *u = username_of(f, ids[i]);
		k += (size_t)snprintf(expect + k, sizeof expect - k, "%s%s:"
		    "Password:-:changed (temporary)", k ? "\n" : "", u);
		if (i != 2)
			k += (size_t)snprintf(expect + k, sizeof expect - k,
			    "\n%s:Temporary Password:no:yes", u);
		free(u);
	}
	snprintf(q, sizeof q, "SELECT username || ':' || field || ':' || "
	    "coalesce(old_value, '-') || ':' || new_value FROM audit WHERE "
	    "batch_id = %lld AND who = 'demo.admin' AND action = "
	    "'reset-passwords' AND site_id = 1 ORDER BY at, id",
	    (long long)batch);
	char *audit = q_text(f, q);
	assert_string_equal(audit, expect);
	/* Every one temporary, at the next version; the lock cleared. */
	snprintf(q, sizeof q, "SELECT count(*) FROM portfolios p JOIN "
	    "batch_items i ON i.portfolio_id = p.id AND i.batch_id = %lld "
	    "WHERE p.temp_password = 1 AND p.version = i.after_version AND "
	    "p.failed_signins = 0 AND p.first_failed_at IS NULL AND "
	    "p.locked_until IS NULL AND p.password_hash <> "
	    "coalesce(i.password_hash, '')", (long long)batch);
	assert_int_equal(q_int(f, q), (long long)n);
	char *u5 = username_of(f, ids[5]);
	ro_signin *si = NULL;
	assert_int_equal(ro_signin_verify(&si, f->db, u5, SHARED_PW), 0);
	assert_true(si->need_password);
	ro_signin_free(si);
	free(u5);

	/* Undo puts every hash and flag back. */
	int64_t undo = 0;
	assert_int_equal(ro_batch_undo(&undo, f->s, batch), 0);
	snprintf(q, sizeof q, "SELECT CAST(id AS TEXT) || ':' || "
	    "coalesce(password_hash, '-') || ':' || CAST(temp_password AS "
	    "TEXT) FROM portfolios WHERE id %s ORDER BY id", in);
	char *back = q_text(f, q);
	assert_string_equal(back, hashes);
	free(back);
	free(audit);
	free(items);
	free(hashes);
	free(kept);
}

/* Each (done, total) the run reports, to find the write's. */
typedef struct ticks {
	size_t done[64], total[64], n;
	size_t cancel_at;       /* the write's done that cancels (0: none) */
	fx *f;
	int64_t meddle;         /* a portfolio to change at the first tick */
} ticks;

static int tick(void *ctx, size_t done, size_t total)
{
	ticks *t = ctx;
	char q[128];

	if (t->meddle) {
		snprintf(q, sizeof q, "UPDATE portfolios SET version = version "
		    "+ 1 WHERE id = %lld", (long long)t->meddle);
		sql(t->f, q);
		t->meddle = 0;
	}
	if (t->n < 64) {
		t->done[t->n] = done;
		t->total[t->n++] = total;
	}
	return t->cancel_at && done == t->cancel_at && done % 16000 == 0;
}

/* What a reset of the whole site changes: the count its hold asks. */
static long targets(fx *f)
{
	return (long)q_int(f, "SELECT count(*) FROM portfolios WHERE "
	    "site_id = 1 AND active = 1 AND sso IS NULL AND username <> "
	    "'demo.admin'");
}

/* Of those, the ones not yet temporary. */
static long long not_temp(fx *f)
{
	return q_int(f, "SELECT count(*) FROM portfolios WHERE site_id = 1 "
	    "AND active = 1 AND sso IS NULL AND username <> 'demo.admin' AND "
	    "temp_password = 0");
}

static const ro_selection whole_site = { .mode = RO_MODE_ALL };

/* One temporary password for the whole site, confirmed, with t ticking. */
static ro_task_opts site_reset(fx *f, ticks *t)
{
	ro_task_opts o = opts(RO_TASK_RESET_PASSWORDS);

	o.password = SHARED_PW;
	o.progress = tick;
	o.progress_ctx = t;
	o.confirm = targets(f);
	return o;
}

static void test_chunks(void **state)
{
	fx *f = *state;
	ro_task_result *r = NULL;
	ticks t = { .f = f };
	ro_task_opts o = site_reset(f, &t);

	assert_true(o.confirm > 32000);
	size_t nt = (size_t)o.confirm;
	long long temp = not_temp(f);
	assert_int_equal(ro_task_run(&r, f->s, &whole_site, &o), 0);
	assert_int_equal(r->changed, nt);
	/* The write reports after each 16,000 and at the end. */
	size_t seen = 0;
	for (size_t i = 0; i < t.n; i++)
		if (t.total[i] == nt && (t.done[i] == 16000 ||
		    t.done[i] == 32000 || t.done[i] == nt))
			seen |= t.done[i] == 16000 ? 1 : t.done[i] == 32000 ?
			    2 : 4;
	assert_int_equal(seen, 7);
	char q[256];
	snprintf(q, sizeof q, "SELECT count(*) FROM batch_items WHERE "
	    "batch_id = %lld", (long long)r->batch_id);
	assert_int_equal(q_int(f, q), (long long)nt);
	snprintf(q, sizeof q, "SELECT count(*) FROM audit WHERE batch_id = "
	    "%lld", (long long)r->batch_id);
	assert_int_equal(q_int(f, q), (long long)nt + temp);
	/* In id order across the chunks. */
	snprintf(q, sizeof q, "SELECT count(*) FROM (SELECT portfolio_id, "
	    "lag(portfolio_id) OVER (ORDER BY id) AS prev FROM audit WHERE "
	    "batch_id = %lld) s WHERE prev > portfolio_id",
	    (long long)r->batch_id);
	assert_int_equal(q_int(f, q), 0);
	assert_int_equal(not_temp(f), 0);
	ro_task_result_free(r);
}

static void test_chunks_cancel(void **state)
{
	fx *f = *state;
	ro_task_result *r = NULL;
	ticks t = { .f = f, .cancel_at = 32000 };
	ro_task_opts o = site_reset(f, &t);
	char *before = db_state(f);

	assert_int_equal(ro_task_run(&r, f->s, &whole_site, &o),
	    RO_ECANCEL);
	/* Two chunks were written, then rolled back with the rest. */
	char *after = db_state(f);
	assert_string_equal(after, before);
	free(after);
	free(before);
}

static void test_chunks_moved(void **state)
{
	fx *f = *state;
	ro_task_result *r = NULL;
	ticks t = { .f = f };
	ro_task_opts o = site_reset(f, &t);

	/* The last target by id, in the third chunk, changes after the read
	 * began. */
	t.meddle = q_int(f, "SELECT max(id) FROM portfolios WHERE site_id = 1 "
	    "AND active = 1 AND sso IS NULL AND type = 'student'");
	char *u = username_of(f, t.meddle);
	long long batches = q_int(f, "SELECT count(*) FROM batches");
	long long audit = q_int(f, "SELECT count(*) FROM audit");
	assert_int_equal(ro_task_run(&r, f->s, &whole_site, &o),
	    RO_ECONFLICT);
	assert_non_null(strstr(ro_error_last(), "changed meanwhile"));
	assert_non_null(strstr(ro_error_last(), u));
	/* Nothing of the batch landed, though two chunks were written. */
	assert_int_equal(q_int(f, "SELECT count(*) FROM batches"), batches);
	assert_int_equal(q_int(f, "SELECT count(*) FROM audit"), audit);
	assert_int_equal(q_int(f, "SELECT count(*) FROM batch_items"), 0);
	assert_int_equal(q_int(f, "SELECT count(*) FROM portfolios WHERE "
	    "temp_password = 1 AND username NOT LIKE 'demo.%'"), 0);
	free(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reset_rows, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_chunks, setup_big,
		    teardown),
		cmocka_unit_test_setup_teardown(test_chunks_cancel, setup_big,
		    teardown),
		cmocka_unit_test_setup_teardown(test_chunks_moved, setup_big,
		    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
