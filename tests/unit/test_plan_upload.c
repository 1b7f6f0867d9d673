/* test_plan_upload.c — the upload: the one transaction, --expect, data
 * changed while hashing, cancel, the hold, undo, the review and a whole
 * site.  Each test gets a fresh demo database (cheap hashing). */
#include "plan_testlib.h"

#include <roster/batch.h>
#include <roster/db.h>
#include <roster/error.h>
#include <roster/hold.h>

/* ---- the upload ---- */

static void test_upload_applies(void **state)
{
	fx *f = *state;
	ro_portfolio a, b, got;
	char body[4096], l1[512], l2[512];
	ro_plan *p = NULL;
	ro_batch_list *bl;
	ro_audit_list *al;
	char *path;
	int64_t new_id = 0;

	pick(f, &a, is_student, 0);
	pick(f, &b, is_student, 1);
	line(l1, sizeof l1, &a, (const char *const[9]){ NULL, "renamed.kid1",
	    "Welcome123" });
	line(l2, sizeof l2, &b, (const char *const[9]){ [6] = "" });
	snprintf(body, sizeof body, "%s%s,brand.new1,Brand1New,Brand,New,"
	    "2030,Period 2,brand@example.org,student\n", l1, l2);
	path = write_file(f, "csv", body, false);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    -1, NULL, NULL), 0);
	assert_true(p->applied);
	assert_false(p->trial_run);
	assert_true(p->batch_id > 0);
	assert_int_equal(p->summary.update, 2);
	assert_int_equal(p->summary.new_rows, 1);
	/* Renamed, with a permanent password. */
	assert_int_equal(ro_portfolio_get(&got, f->s, a.id), 0);
	assert_string_equal(got.username, "renamed.kid1");
	assert_false(got.temp_password);
	assert_true(got.version > a.version);
	ro_portfolio_clear(&got);
	assert_int_equal(ro_portfolio_get(&got, f->s, b.id), 0);
	assert_null(got.group_name);
	ro_portfolio_clear(&got);
	/* The new portfolio can sign in with its password. */
	{
		ro_session *ns = NULL;
		int rc = ro_session_open(&ns, f->db, "brand.new1",
		    "Brand1New", NULL);
		/* A student cannot open a session, but the password is right:
		 * the refusal is about the role, not the credentials. */
		assert_int_equal(rc, RO_EDENIED);
		assert_non_null(strstr(ro_error_last(), "student"));
	}
	for (size_t i = 0; i < p->nrows; i++)
		if (ro_plan_row_status(p, i) == RO_ST_NEW)
			new_id = 1;
	assert_true(new_id);
	/* One batch, its audit rows, no password in them. */
	assert_int_equal(ro_batch_list_get(&bl, f->s), 0);
	assert_true(bl->n >= 1);
	assert_int_equal(bl->items[0].id, p->batch_id);
	assert_string_equal(bl->items[0].kind, "upload");
	assert_int_equal(bl->items[0].count, 3);
	ro_batch_list_free(bl);
	assert_int_equal(ro_audit_list_get(&al, f->s, NULL), 0);
	{
		size_t n = 0;
		for (size_t i = 0; i < al->n; i++) {
			if (al->items[i].batch_id != p->batch_id)
				continue;
			n++;
			assert_null(strstr(al->items[i].new_value ?
			    al->items[i].new_value : "", "Welcome123"));
			assert_null(strstr(al->items[i].new_value ?
			    al->items[i].new_value : "", "$argon2"));
		}
		assert_true(n >= 4);
	}
	ro_audit_list_free(al);
	ro_plan_free(p);
	free(path);
	ro_portfolio_clear(&a);
	ro_portfolio_clear(&b);
}

/* A snapshot of what an upload may change, to prove nothing did. */
static char *snapshot(fx *f)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	ro_batch_list *bl;

	assert_non_null(buf);
	buf[0] = '\0';
	for (int64_t id = 1; id < 200; id++) {
		ro_portfolio p;
		if (ro_portfolio_get(&p, f->s, id) != 0)
			continue;
		len += (size_t)snprintf(buf + len, cap - len, "%lld %s %s %s "
		    "%lld\n", (long long)p.id, p.username, p.first, p.last,
		    (long long)p.version);
		ro_portfolio_clear(&p);
	}
	assert_int_equal(ro_batch_list_get(&bl, f->s), 0);
	len += (size_t)snprintf(buf + len, cap - len, "batches %zu\n", bl->n);
	ro_batch_list_free(bl);
	return buf;
}

static void test_upload_refuses_errors(void **state)
{
	fx *f = *state;
	ro_portfolio a;
	char body[2048], l1[512];
	ro_plan *p = NULL;
	char *before, *after, *path;

	pick(f, &a, is_student, 0);
	line(l1, sizeof l1, &a, (const char *const[9]){ [3] = "Changed" });
	/* One good row, one bad: nothing at all is applied. */
	snprintf(body, sizeof body, "%s,x,,,,,,,student\n", l1);
	path = write_file(f, "csv", body, false);
	before = snapshot(f);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    -1, NULL, NULL), RO_EROWS);
	assert_non_null(p);
	assert_false(p->applied);
	assert_int_equal(p->summary.error, 1);
	ro_plan_free(p);
	after = snapshot(f);
	assert_string_equal(before, after);
	free(after);
	free(path);
	/* E10 too. */
	path = write_file(f, "csv", "Username,Portfolio ID\n", true);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    -1, NULL, NULL), RO_EROWS);
	assert_int_equal(p->file_error, RO_ST_E10);
	ro_plan_free(p);
	after = snapshot(f);
	assert_string_equal(before, after);
	free(after);
	free(before);
	free(path);
	ro_portfolio_clear(&a);
}

static void test_upload_expect(void **state)
{
	fx *f = *state;
	ro_portfolio a;
	char l1[512], l2[512], fp[17];
	ro_plan *p = NULL, *q = NULL;
	char *path, *other, *before, *after;

	pick(f, &a, is_student, 0);
	line(l1, sizeof l1, &a, (const char *const[9]){ [3] = "Changed" });
	path = write_file(f, "csv", l1, false);
	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO), 0);
	snprintf(fp, sizeof fp, "%s", p->fingerprint);
	ro_plan_free(p);
	/* Someone changes the portfolio after the trial run. */
	line(l2, sizeof l2, &a, (const char *const[9]){ [4] = "Meanwhile" });
	other = write_file(f, "csv", l2, false);
	assert_int_equal(ro_plan_upload(&q, f->s, other, RO_SHEET_AUTO, NULL,
	    -1, NULL, NULL), 0);
	ro_plan_free(q);
	before = snapshot(f);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, fp, -1,
	    NULL, NULL), RO_ECONFLICT);
	assert_non_null(p);
	assert_false(p->applied);
	assert_string_not_equal(p->fingerprint, fp);
	/* The new plan shows the new old value. */
	assert_string_equal(change(row_at(p, 2), "Last Name")->old_value,
	    "Meanwhile");
	snprintf(fp, sizeof fp, "%s", p->fingerprint);
	ro_plan_free(p);
	after = snapshot(f);
	assert_string_equal(before, after);
	/* With the new fingerprint it goes through. */
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, fp, -1,
	    NULL, NULL), 0);
	assert_true(p->applied);
	ro_plan_free(p);
	free(before);
	free(after);
	free(path);
	free(other);
	ro_portfolio_clear(&a);
}

/* Changes the data while the passwords hash: the upload must notice. */
struct meddle {
	fx *f;
	char *file;
	bool done;
};

static int meddle(void *ctx, size_t done, size_t total)
{
	struct meddle *m = ctx;
	ro_db *db2;
	ro_session *s2;
	ro_plan *p = NULL;

	if (m->done)
		return 0;
	m->done = true;
	assert_int_equal(ro_db_open(&db2, m->f->dbpath), 0);
	assert_int_equal(ro_session_open(&s2, db2, "demo.admin", "DemoAdmin1",
	    NULL), 0);
	assert_int_equal(ro_plan_upload(&p, s2, m->file, RO_SHEET_AUTO, NULL,
	    -1, NULL, NULL), 0);
	ro_plan_free(p);
	ro_session_free(s2);
	ro_db_close(db2);
	return 0;
}

/* An upload whose portfolio meddler(ctx) changes while its passwords
 * are hashed: refused, nothing applied. */
static void changed_while_hashing(fx *f, ro_progress_fn meddler)
{
	ro_portfolio a;
	char l1[512], l2[512];
	struct meddle m = { f, NULL, false };
	ro_plan *p = NULL;
	char *path;

	pick(f, &a, is_student, 0);
	line(l1, sizeof l1, &a, (const char *const[9]){ NULL, NULL,
	    "Welcome123" });
	line(l2, sizeof l2, &a, (const char *const[9]){ [3] = "Meddled" });
	path = write_file(f, "csv", l1, false);
	m.file = write_file(f, "csv", l2, false);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    -1, meddler, &m), RO_ECONFLICT);
	assert_true(m.done);
	assert_non_null(p);
	assert_false(p->applied);
	assert_non_null(strstr(ro_error_last(), "while the passwords were "
	    "hashed"));
	ro_plan_free(p);
	free(path);
	free(m.file);
	ro_portfolio_clear(&a);
}

static void test_upload_changed_while_hashing(void **state)
{
	changed_while_hashing(*state, meddle);
}

/* The same, written through the uploading connection itself: its own
 * commits count as a change too (the plan is made again, not reused). */
static int meddle_same(void *ctx, size_t done, size_t total)
{
	struct meddle *m = ctx;
	ro_plan *p = NULL;

	if (m->done)
		return 0;
	m->done = true;
	assert_int_equal(ro_plan_upload(&p, m->f->s, m->file, RO_SHEET_AUTO,
	    NULL, -1, NULL, NULL), 0);
	ro_plan_free(p);
	return 0;
}

static void test_upload_changed_while_hashing_same_db(void **state)
{
	changed_while_hashing(*state, meddle_same);
}

static int cancel_now(void *ctx, size_t done, size_t total)
{
	return 1;
}

static void test_upload_cancel(void **state)
{
	fx *f = *state;
	ro_portfolio a;
	char l1[512];
	ro_plan *p = NULL;
	char *path, *before, *after;

	pick(f, &a, is_student, 0);
	line(l1, sizeof l1, &a, (const char *const[9]){ NULL, NULL,
	    "Welcome123" });
	path = write_file(f, "csv", l1, false);
	before = snapshot(f);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    -1, cancel_now, NULL), RO_ECANCEL);
	ro_plan_free(p);
	after = snapshot(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(path);
	ro_portfolio_clear(&a);
}

static void test_upload_hold(void **state)
{
	fx *f = *state;
	size_t cap = 1 << 16, len = 0, n = 0;
	char *body = malloc(cap), *path;
	ro_plan *p = NULL;
	long count;

	assert_non_null(body);
	body[0] = '\0';
	/* A new password for every active student and staff portfolio. */
	for (int64_t id = 1; id < 200; id++) {
		ro_portfolio x;
		char l[512];
		if (ro_portfolio_get(&x, f->s, id) != 0)
			continue;
		if (x.active && !x.sso && x.type != RO_TYPE_ADMIN) {
			line(l, sizeof l, &x, (const char *const[9]){ NULL,
			    NULL, "Welcome123" });
			len += (size_t)snprintf(body + len, cap - len, "%s", l);
			n++;
		}
		ro_portfolio_clear(&x);
	}
	path = write_file(f, "csv", body, false);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    -1, NULL, NULL), RO_EHOLD);
	assert_true(p->hold);
	assert_int_equal(p->credential_changes, n);
	assert_false(p->applied);
	count = (long)p->credential_changes;
	/* The engine states the count (hold.h); the front end says how
	 * to give it, so its words name no flag. */
	assert_int_equal(ro_hold_needed(NULL), p->credential_changes);
	assert_null(strstr(ro_error_last(), "--confirm"));
	ro_plan_free(p);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    count - 1, NULL, NULL), RO_EHOLD);
	ro_plan_free(p);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    count, NULL, NULL), 0);
	assert_true(p->applied);
	ro_plan_free(p);
	free(path);
	free(body);
}

static void test_upload_undo(void **state)
{
	fx *f = *state;
	ro_portfolio a, got, t;
	char body[2048], l1[512], l2[512];
	ro_plan *p = NULL;
	int64_t undo = 0, created = 0;
	char *path;

	pick(f, &a, is_student, 0);
	/* demo.temp has a temporary password; the upload makes it permanent,
	 * undo makes it temporary again. */
	pick(f, &t, is_demo_temp, 0);
	assert_true(t.temp_password);
	line(l1, sizeof l1, &a, (const char *const[9]){ NULL, "undo.me1",
	    "Welcome123", "Undone" });
	line(l2, sizeof l2, &t, (const char *const[9]){ NULL, NULL,
	    "Perm4nent1" });
	snprintf(body, sizeof body, "%s%s,created.kid1,Created1Kid,Created,"
	    "Kid,2030,,,student\n", l1, l2);
	path = write_file(f, "csv", body, false);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    -1, NULL, NULL), 0);
	assert_int_equal(ro_portfolio_get(&got, f->s, t.id), 0);
	assert_false(got.temp_password);
	ro_portfolio_clear(&got);
	/* Found by name: ids are the store's to choose (PostgreSQL's come
	 * from a sequence, with gaps). */
	ro_selection kid = { .mode = RO_MODE_LAST_NAME, .arg = "Kid" };
	ro_portfolio_list *kl = NULL;
	assert_int_equal(ro_list_page(&kl, f->s, &kid, NULL, false, 50), 0);
	for (size_t i = 0; i < kl->n; i++)
		if (strcmp(kl->items[i].username, "created.kid1") == 0)
			created = kl->items[i].id;
	ro_portfolio_list_free(kl);
	assert_true(created > 0);
	/* The preview says what the undo will restore, changing nothing. */
	{
		ro_undo_preview *pv = NULL;
		char want[256];
		size_t removes = 0;

		assert_int_equal(ro_batch_undo_preview(&pv, f->s, p->batch_id), 0);
		assert_int_equal(pv->n, 3);
		assert_int_equal(pv->changed_since, 0);
		assert_int_equal(pv->undone_by, 0);
		snprintf(want, sizeof want, "Username: undo.me1 → %s", a.username);
		for (size_t i = 0; i < pv->n; i++) {
			if (pv->items[i].portfolio_id == a.id)
				assert_non_null(strstr(pv->items[i].restores, want));
			if (pv->items[i].portfolio_id == t.id)
				assert_non_null(strstr(pv->items[i].restores,
				    "Password: changed → restored"));
			removes += pv->items[i].removes;
		}
		assert_int_equal(removes, 1);
		ro_undo_preview_free(pv);
	}
	assert_int_equal(ro_batch_undo(&undo, f->s, p->batch_id), 0);
	assert_true(undo > 0);
	{
		ro_undo_preview *pv = NULL;

		assert_int_equal(ro_batch_undo_preview(&pv, f->s, p->batch_id), 0);
		assert_int_equal(pv->undone_by, undo);
		ro_undo_preview_free(pv);
	}
	/* Updated portfolios are back; the created one is gone. */
	assert_int_equal(ro_portfolio_get(&got, f->s, a.id), 0);
	assert_string_equal(got.username, a.username);
	assert_string_equal(got.first, a.first);
	ro_portfolio_clear(&got);
	assert_int_equal(ro_portfolio_get(&got, f->s, t.id), 0);
	assert_true(got.temp_password);
	ro_portfolio_clear(&got);
	assert_int_equal(ro_portfolio_get(&got, f->s, created), RO_ENOTFOUND);
	/* And the same file trial-runs as before the upload. */
	ro_plan_free(p);
	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO), 0);
	assert_int_equal(p->summary.new_rows, 1);
	assert_int_equal(p->summary.update, 2);
	assert_int_equal(p->summary.error, 0);
	ro_plan_free(p);
	free(path);
	ro_portfolio_clear(&a);
	ro_portfolio_clear(&t);
}

/* What a review shows (issue 13): a new row lists what it creates; a
 * field with an error lists no change; the file uploaded again is SAME,
 * created by the batch, not E32. */
static void test_review(void **state)
{
	fx *f = *state;
	ro_portfolio a;
	char body[1024], l1[512];
	ro_plan *p = NULL;
	const ro_plan_row *r;
	int64_t batch;
	char *path;
	bool first = false;

	pick(f, &a, is_student, 0);
	line(l1, sizeof l1, &a, (const char *const[9]){ NULL, "bad name!",
	    NULL, NULL, NULL, "2031" });
	snprintf(body, sizeof body, "%s,review.kid1,Review1Kid,Review,Kid,"
	    "2030,,,student\n", l1);
	path = write_file(f, "csv", body, false);
	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO), 0);
	r = row_i(p, 0);
	assert_int_equal(r->status, RO_ST_E31);
	assert_int_equal(r->nchanges, 1);
	assert_string_equal(r->changes[0].field, "Graduation Year");
	r = row_i(p, 1);
	assert_int_equal(r->status, RO_ST_NEW);
	assert_int_equal(r->nchanges, 0);
	for (size_t i = 0; i < r->ncreates; i++)
		if (strcmp(r->creates[i].field, "First Name") == 0)
			first = strcmp(r->creates[i].new_value, "Review") == 0;
	assert_true(first);
	ro_plan_free(p);
	free(path);
	/* The new row alone, uploaded, then trial-run again. */
	path = write_file(f, "csv", ",review.kid1,Review1Kid,Review,Kid,2030,,,"
	    "student\n", false);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    -1, NULL, NULL), 0);
	batch = p->batch_id;
	assert_true(batch > 0);
	ro_plan_free(p);
	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO), 0);
	assert_int_equal(row_i(p, 0)->status, RO_ST_SAME);
	assert_int_equal(row_i(p, 0)->ncodes, 0);
	assert_int_equal(row_i(p, 0)->created_by, batch);
	assert_true(row_i(p, 0)->portfolio_id > 0);
	assert_int_equal(p->summary.same, 1);
	ro_plan_free(p);
	/* Uploading it again changes nothing and records no batch. */
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    -1, NULL, NULL), 0);
	assert_int_equal(p->batch_id, 0);
	ro_plan_free(p);
	free(path);
	ro_portfolio_clear(&a);
}

static void test_unreadable(void **state)
{
	fx *f = *state;
	ro_plan *p = (ro_plan *)1;
	char *path = rt_path(f->dir, "missing.csv");

	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO),
	    RO_EIO);
	assert_null(p);
	free(path);
	path = write_file(f, "csv", "", true);
	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO),
	    RO_EFORMAT);
	assert_null(p);
	free(path);
}

/* A file naming most of the site: the plan reads the site in one pass
 * and keeps unchanged rows without copying them.  Same outcomes. */
static void test_whole_site(void **state)
{
	fx *f = *state;
	size_t cap = 1 << 20, len = 0, n = 0;
	char *body = malloc(cap), *path, l[512], fp[17];
	int64_t changed = 0, pw = 0, renamed = 0, inactive = 0, sso = 0;
	const char *taken = NULL;
	ro_plan *p = NULL;
	ro_portfolio got;
	int64_t undo;

	assert_non_null(body);
	body[0] = '\0';
	for (int64_t id = 1; id < 3000; id++) {
		ro_portfolio x;
		const char *over[9] = { 0 };
		if (ro_portfolio_get(&x, f->s, id) != 0)
			continue;
		if (x.sso && !sso && x.active) {
			sso = id;
			over[1] = "renamed.sso1";
		} else if (!x.active && !inactive) {
			inactive = id;
			over[3] = "Renamed";
		} else if (!x.active || x.sso || x.temp_password ||
		    x.type == RO_TYPE_ADMIN) {
			/* as it is */
		} else if (!changed) {
			changed = id;
			over[4] = "Newlast";
		} else if (!pw) {
			pw = id;
			over[2] = "Welcome123";
		} else if (!renamed) {
			renamed = id;
			over[1] = "fresh.name1";
		} else if (!taken) {
			/* Takes the username of the row before it: E32. */
			static char prev[64];
			ro_portfolio y;
			assert_int_equal(ro_portfolio_get(&y, f->s, renamed), 0);
			snprintf(prev, sizeof prev, "%s", y.username);
			ro_portfolio_clear(&y);
			taken = prev;
			over[1] = prev;
		}
		line(l, sizeof l, &x, over);
		len += (size_t)snprintf(body + len, cap - len, "%s", l);
		n++;
		ro_portfolio_clear(&x);
	}
	assert_true(n > 2500);
	p = trial(f, body);
	assert_int_equal(p->summary.rows, n);
	assert_int_equal(p->summary.update, 3);
	assert_int_equal(p->summary.error, 3);
	assert_int_equal(p->summary.same, n - 6);
	for (size_t i = 0; i < p->nrows; i++) {
		const ro_plan_row *r = row_i(p, i);
		if (r->portfolio_id == sso)
			assert_int_equal(r->status, RO_ST_E90);
		else if (r->portfolio_id == inactive)
			assert_int_equal(r->status, RO_ST_E91);
		else if (r->portfolio_id == changed)
			assert_string_equal(change(r, "Last Name")->new_value,
			    "Newlast");
		else if (r->portfolio_id == pw)
			assert_non_null(change(r, "Password"));
		else if (r->portfolio_id == renamed)
			assert_string_equal(change(r, "Username")->new_value,
			    "fresh.name1");
		else if (r->status != RO_ST_SAME)
			assert_int_equal(r->status, RO_ST_E32);
	}
	ro_plan_free(p);

	/* Without the error rows it uploads; the same file again is SAME
	 * but for the password; undo puts everything back. */
	len = 0;
	{
		char *save = NULL, *copy = strdup(body), *ln;
		assert_non_null(copy);
		body[0] = '\0';
		for (ln = strtok_r(copy, "\n", &save); ln;
		    ln = strtok_r(NULL, "\n", &save)) {
			long long id = strtoll(ln, NULL, 10);
			if (id == sso || id == inactive || (taken &&
			    strstr(ln, taken) && id != renamed))
				continue;
			len += (size_t)snprintf(body + len, cap - len, "%s\n",
			    ln);
		}
		free(copy);
	}
	path = write_file(f, "csv", body, false);
	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO), 0);
	assert_int_equal(p->summary.error, 0);
	snprintf(fp, sizeof fp, "%s", p->fingerprint);
	ro_plan_free(p);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, fp,
	    -1, NULL, NULL), 0);
	assert_true(p->applied);
	assert_int_equal(p->summary.update, 3);
	undo = p->batch_id;
	ro_plan_free(p);
	assert_int_equal(ro_portfolio_get(&got, f->s, changed), 0);
	assert_string_equal(got.last, "Newlast");
	ro_portfolio_clear(&got);
	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO), 0);
	assert_int_equal(p->summary.update, 1);
	assert_int_equal(p->summary.same, p->summary.rows - 1);
	ro_plan_free(p);
	assert_int_equal(ro_batch_undo(&undo, f->s, undo), 0);
	assert_int_equal(ro_portfolio_get(&got, f->s, renamed), 0);
	assert_string_not_equal(got.username, "fresh.name1");
	ro_portfolio_clear(&got);
	free(path);
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_upload_applies, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_upload_refuses_errors,
		    setup, rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_upload_expect, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(
		    test_upload_changed_while_hashing, setup, rt_demo_teardown),
		cmocka_unit_test_setup_teardown(
		    test_upload_changed_while_hashing_same_db, setup, rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_upload_cancel, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_upload_hold, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_upload_undo, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_review, setup, rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_unreadable, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_whole_site, setup_big,
		    rt_demo_teardown),
	};

	return cmocka_run_group_tests_name("plan_upload", tests, NULL, NULL);
}
