/* plan_apply.c — the upload: the trial run, then the same plan applied in
 * one transaction.
 *
 * The order matters (DESIGN "The upload, as data flowing"): plan against
 * a snapshot; refuse on errors, a stale --expect or the blast-radius hold;
 * hash the new passwords on the pool with no lock held; take the write
 * lock; plan again against the locked data and refuse when the plan moved
 * meanwhile; apply every row, record the batch and the audit; commit. */
#include "plan_int.h"
#include "eventlog.h"

#include <roster/hash.h>
#include <roster/hold.h>
#include <roster/pool.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


struct hashes {
	char (*v)[RO_HASH_ENCODED_MAX];
	size_t n;
	size_t *of;            /* record index → index in v, SIZE_MAX: none */
};

static void hashes_free(struct hashes *h)
{
	if (h->v) {
		explicit_bzero(h->v, h->n * sizeof *h->v);
		free(h->v);
	}
	free(h->of);
	memset(h, 0, sizeof *h);
}

static bool row_applies(const ro_plan *p, size_t i)
{
	ro_status st = ro_plan_row_status(p, i);

	return st == RO_ST_NEW || st == RO_ST_UPD;
}

/* Hashes the passwords of the rows that apply, then wipes them all. */
static int hash_passwords(struct hashes *h, plan_ctx *c, const ro_plan *p,
    ro_progress_fn progress, void *ctx)
{
	ro_hash_params params = ro_db_hash_params(c->s->db);
	const char **pw = NULL;
	int rc = 0;

	if (!(h->of = malloc((c->nrecs + 1) * sizeof *h->of)) ||
	    !(pw = malloc((c->nrecs + 1) * sizeof *pw))) {
		rc = RO_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < c->nrecs; i++) {
		h->of[i] = SIZE_MAX;
		if (c->recs[i].pw_set && row_applies(p, i)) {
			h->of[i] = h->n;
			pw[h->n++] = CELL(&c->recs[i], C_PW);
		}
	}
	if (h->n && !(h->v = calloc(h->n, sizeof *h->v))) {
		rc = RO_ENOMEM;
		goto out;
	}
	if (h->n)
		rc = ro_pool_hash(h->v, pw, h->n, &params, 0, progress, ctx);
out:
	free(pw);
	plan_recs_wipe_passwords(c);
	return rc;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash && slash[1] ? slash + 1 : path;
}

static int apply_new(plan_ctx *c, int64_t batch, size_t i, const char *hash)
{
	const plan_rec *r = &c->recs[i];
	const plan_res *x = plan_res_of(c, i);
	ro_store_row n;
	int rc;

	memset(&n, 0, sizeof n);
	n.p.site_id = c->s->site_id;
	n.p.username = (char *)x->username;
	n.p.first = CELL(r, C_FIRST);
	n.p.last = CELL(r, C_LAST);
	n.p.email = *CELL(r, C_EMAIL) ? CELL(r, C_EMAIL) : NULL;
	n.p.group_id = x->group_id;
	n.p.group_name = (char *)x->group;
	n.p.grad_year = r->year;
	n.p.type = (ro_account_type)r->type;
	n.p.active = true;
	/* A password set by an upload is permanent (SPEC). */
	n.p.temp_password = false;
	n.hash = (char *)hash;
	if ((rc = ro_store_portfolio_insert(c->st, &n)))
		return rc;
	if (c->orx && (rc = plan_or_keep_sid(c, i, n.p.id)))
		return rc;
	if ((rc = ro_store_batch_item_add(c->st, batch, n.p.id, NULL, NULL,
	    n.p.version)))
		return rc;
	return ro_audit_changes(c->s, batch, NULL, &n, "create");
}

static int apply_update(plan_ctx *c, int64_t batch, size_t i,
    const char *hash)
{
	const plan_rec *r = &c->recs[i];
	const plan_res *x = plan_res_of(c, i);
	ro_store_row *before = x->cur;
	ro_store_row a = *before;
	int rc;

	a.p.username = (char *)x->username;
	a.p.first = (char *)plan_value(r, x, C_FIRST);
	a.p.last = (char *)plan_value(r, x, C_LAST);
	a.p.email = *CELL(r, C_EMAIL) ? (char *)plan_value(r, x, C_EMAIL) :
	    NULL;
	a.p.group_id = x->group_id;
	a.p.group_name = (char *)x->group;
	a.p.grad_year = r->year;
	if (r->deactivate)
		a.p.active = false;
	if (r->link) {
		a.p.sso = (ro_sso)r->link;
		a.p.sso_id = (char *)plan_or_link_id(c, i);
	}
	if (hash) {
		a.hash = (char *)hash;
		a.p.temp_password = false;
	}
	if ((rc = ro_store_portfolio_update_from(c->st, before, &a)))
		return rc;
	if ((rc = ro_store_batch_item_add(c->st, batch, a.p.id, before, NULL,
	    a.p.version)))
		return rc;
	return ro_audit_changes(c->s, batch, before, &a, "upload");
}

/* A row to apply and the id it updates (0: a new portfolio). */
typedef struct apply_item {
	int64_t id;
	size_t rec;
} apply_item;

static int cmp_item(const void *a, const void *b)
{
	const apply_item *x = a, *y = b;

	if (x->id != y->id)
		return (x->id > y->id) - (x->id < y->id);
	return (x->rec > y->rec) - (x->rec < y->rec);
}

static int apply(plan_ctx *c, ro_plan *p, const struct hashes *h)
{
	size_t count = p->summary.new_rows + p->summary.update;
	int64_t batch = 0;
	int rc;

	if (count == 0)
		return 0;
	if ((rc = ro_store_batch_add(c->st, &batch, c->s->site_id,
	    c->s->username, "upload", base_name(c->path), count, 0)) ||
	    (rc = ro_batch_purge_old(c->s->db)))
		return rc;
	/* Updates in id order, then new portfolios in file order: the
	 * table's pages and the batch's items are written in order, each
	 * page once, not at random (a tenth of the apply at 100,000 rows). */
	apply_item *order = malloc((c->nrecs + 1) * sizeof *order);
	size_t n = 0;
	if (!order)
		return RO_ENOMEM;
	for (size_t i = 0; i < c->nrecs; i++)
		if (ro_plan_row_status(p, i) == RO_ST_UPD)
			order[n++] = (apply_item){ plan_res_of(c, i)->cur->p.id,
			    i };
		else if (ro_plan_row_status(p, i) == RO_ST_NEW)
			order[n++] = (apply_item){ INT64_MAX, i };
	qsort(order, n, sizeof *order, cmp_item);
	for (size_t k = 0; k < n && !rc; k++) {
		size_t i = order[k].rec;
		const char *hash = h->of && h->of[i] != SIZE_MAX ?
		    h->v[h->of[i]] : NULL;
		if (ro_plan_row_status(p, i) == RO_ST_NEW)
			rc = apply_new(c, batch, i, hash);
		else
			rc = apply_update(c, batch, i, hash);
	}
	free(order);
	if (!rc)
		p->batch_id = batch;
	return rc;
}

/* The first pass, against one snapshot, and what refuses it before any
 * password is hashed. */
static int first_pass(ro_plan **p0, plan_ctx *c, const char *expect,
    long confirm, uint64_t stamp[2])
{
	const char *site = c->s->site_name ? c->s->site_name : "the site";
	ro_plan *p;
	int rc;

	if ((rc = ro_store_begin(c->st, false, 0)))
		return rc;
	rc = plan_pass(p0, c, false);
	if (!rc)
		rc = ro_store_data_stamp(c->st, c->s->site_id, stamp);
	ro_store_rollback(c->st);
	if (rc)
		return rc;
	p = *p0;
	/* A stale --expect first: whatever the file says now, it is not
	 * what was reviewed. */
	if (expect && strcmp(expect, p->fingerprint) != 0)
		return ro_error_set(RO_ECONFLICT, "%s: the file or the "
		    "portfolios it changes changed since the trial run "
		    "(fingerprint %s, expected %s); nothing was uploaded: "
		    "review the new plan", p->file, p->file_error ? "none" :
		    p->fingerprint, expect);
	if (p->file_error)
		return ro_error_set(RO_EROWS, "%s: %s; nothing was uploaded",
		    p->file, p->file_message);
	if (p->summary.error)
		return ro_error_set(RO_EROWS, "%s: %zu row%s errors; nothing "
		    "was uploaded", p->file, p->summary.error,
		    p->summary.error == 1 ? " has" : "s have");
	/* As the tasks do: a count typed must be the count, hold or not
	 * (hold.h). */
	ro_hold_ask h = { p->credential_changes, p->site_total, site,
	    confirm };
	return ro_hold_check(&h, "%s would change the passwords or usernames "
	    "of %zu portfolios", p->file, p->credential_changes);
}

int ro_plan_upload(ro_plan **out, ro_session *s, const char *path,
    ro_sheet_format format, const char *expect, long confirm,
    ro_progress_fn progress, void *ctx)
{
	return ro_plan_upload_opts(out, s, path, format, expect, confirm,
	    progress, ctx, NULL);
}

int ro_plan_upload_opts(ro_plan **out, ro_session *s, const char *path,
    ro_sheet_format format, const char *expect, long confirm,
    ro_progress_fn progress, void *ctx, const ro_plan_opts *o)
{
	struct hashes h = { 0 };
	ro_plan *p0 = NULL, *p1 = NULL;
	plan_ctx c;
	double t_start = ro_trace_now(), t_lock = 0, t_plan = 0, t_apply = 0,
	    t_end = 0, w_lock = 0;
	ro_store_tuning tuning;
	bool tuned = false;
	size_t rows;
	uint64_t stamp0[2], stamp1[2];
	int rc;

	*out = NULL;
	if ((rc = plan_open(&c, s, path, format, progress, ctx, o)))
		goto out;
	if ((rc = first_pass(&p0, &c, expect, confirm, stamp0)))
		goto out;
	rows = p0->summary.update + p0->summary.new_rows;
	/* Argon2 is slow on purpose: never while holding the write lock. */
	ro_trace("upload: read and first plan %.0f ms", ro_trace_now() -
	    t_start);
	if ((rc = hash_passwords(&h, &c, p0, progress, ctx)))
		goto out;
	/* The store sizes itself for the rows (SQLite: from 20,000 rows,
	 * their pages in the cache rather than spilled and read back;
	 * PostgreSQL: the rows sent as COPY streams). */
	if (ro_store_tune_bulk(c.st, RO_WORK_WRITE, rows, &tuning) == 0)
		tuned = true;
	if ((rc = ro_store_begin(c.st, true, c.s->site_id)))
		goto out;
	t_lock = ro_trace_now();
	w_lock = ro_trace_epoch();
	if ((rc = ro_store_data_stamp(c.st, c.s->site_id, stamp1))) {
		ro_store_rollback(c.st);
		goto out;
	}
	if (stamp1[0] == stamp0[0] && stamp1[1] == stamp0[1]) {
		/* Nothing was written since the first pass: planning again
		 * would read the same data and make the same plan (a second
		 * of the lock at 100,000 rows). */
		p1 = p0;
		p0 = NULL;
	} else if ((rc = plan_pass(&p1, &c, false))) {
		ro_store_rollback(c.st);
		goto out;
	}
	if (p0 && strcmp(p1->fingerprint, p0->fingerprint) != 0) {
		ro_store_rollback(c.st);
		rc = ro_error_set(RO_ECONFLICT, "%s: the portfolios it changes "
		    "were changed by someone else while the passwords were "
		    "hashed; nothing was uploaded: review the new plan",
		    p1->file);
		goto out;
	}
	t_plan = ro_trace_now();
	if ((rc = apply(&c, p1, &h)) ||
	    (c.orx && (rc = plan_or_keep_sids(&c, p1)))) {
		ro_store_rollback(c.st);
		goto out;
	}
	t_apply = ro_trace_now();
	if ((rc = ro_store_commit(c.st)))
		goto out;
	t_end = ro_trace_now();
	if (p1->batch_id)
		ro_eventlog_batch(c.s, "upload", p1->summary.new_rows +
		    p1->summary.update, p1->batch_id, 0);
	ro_trace("upload: lock held %.0f ms (re-plan %.0f ms, apply %.0f ms, "
	    "commit %.0f ms), %zu rows", t_end - t_lock, t_plan - t_lock,
	    t_apply - t_plan, t_end - t_apply, p1->nrows);
	ro_trace("upload: lock from %.3f to %.3f (epoch s)", w_lock,
	    w_lock + (t_end - t_lock) / 1e3);
	p1->applied = true;
out:
	if (tuned)
		ro_store_tune_restore(c.st, &tuning);
	if (p1) {
		*out = p1;
		ro_plan_free(p0);
	} else {
		*out = p0;
	}
	if (rc && *out)
		(*out)->batch_id = 0;
	hashes_free(&h);
	plan_ctx_free(&c);
	return rc;
}
