/* task_apply.c — the one write transaction of a portfolio task.
 *
 * Under BEGIN IMMEDIATE every target is read again and must still have
 * the version the read phase saw; then it is changed, its before-state
 * (and, when the batch clears them, its security answer hashes) recorded
 * for undo, and every changed field audited.  Any failure rolls the whole
 * batch back. */
#include "task_int.h"
#include "eventlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows are fetched a chunk of ids at a time: one statement per chunk,
 * and memory that stays flat however large the batch. */
#define CHUNK 500
/* How often the write reports: every 16,000 rows. */
#define REPORT_CHUNKS 32

typedef struct chunk {
	const ro_task_ctx *k;
	const size_t *idx;      /* its targets: k->t[idx[i]], ids ascending */
	size_t n;
	int64_t *ids;           /* their ids, in that order */
	ro_store_row *rows;     /* rows[i] for k->t[idx[i]] */
	bool *have;
} chunk;

/* A target's id beside its index: sorted without reaching into the
 * targets (a third of a second at 920,803). */
typedef struct keyed {
	int64_t id;
	size_t i;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
	int64_t x = ((const keyed *)a)->id, y = ((const keyed *)b)->id;

	return x < y ? -1 : x > y;
}

/* order[i]: the index of the i-th target by id. */
static int sort_targets(const ro_task_ctx *k, size_t *order)
{
	keyed *kv = malloc((k->nt ? k->nt : 1) * sizeof *kv);

	if (!kv)
		return RO_ENOMEM;
	for (size_t i = 0; i < k->nt; i++) {
		kv[i].id = k->t[i].id;
		kv[i].i = i;
	}
	qsort(kv, k->nt, sizeof *kv, cmp_keyed);
	for (size_t i = 0; i < k->nt; i++)
		order[i] = kv[i].i;
	free(kv);
	return 0;
}

static int take_row(void *ctx, ro_store_row *row)
{
	chunk *c = ctx;
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c->ids[mid] < row->p.id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == c->n || c->ids[lo] != row->p.id)
		return 0;
	c->rows[lo] = *row;
	memset(row, 0, sizeof *row);   /* the chunk owns the strings now */
	c->have[lo] = true;
	return 0;
}

int ro_task_conflict(const ro_task_target *t)
{
	return ro_error_set(RO_ECONFLICT, "the data changed meanwhile: "
	    "portfolio %s was changed by someone else since it was read; "
	    "nothing was applied: try again", t->username);
}

/* Reads the chunk's rows under the lock and checks their versions. */
static int chunk_load(chunk *c)
{
	ro_store *st = ro_db_store(c->k->s->db);
	int rc;

	for (size_t i = 0; i < c->n; i++)
		c->ids[i] = c->k->t[c->idx[i]].id;
	if ((rc = ro_store_rows_by_ids(st, c->ids, c->n, take_row, c)))
		return rc;
	for (size_t i = 0; i < c->n; i++) {
		const ro_task_target *t = &c->k->t[c->idx[i]];
		if (!c->have[i] || c->rows[i].p.version != t->version ||
		    c->rows[i].p.site_id != c->k->s->site_id)
			return ro_task_conflict(t);
	}
	return 0;
}

/* Changes one portfolio: the after-state shares before's strings except
 * for what the task sets. */
static int apply_one(const ro_task_ctx *k, int64_t batch, size_t ti,
    ro_store_row *before)
{
	ro_store *st = ro_db_store(k->s->db);
	const ro_task_opts *o = k->o;
	ro_store_row after = *before;
	char *answers = NULL;
	int rc;

	switch (o->kind) {
	case RO_TASK_RESET_PASSWORDS:
		after.hash = k->hashes[ti];
		after.p.temp_password = true;
		if (o->reset_questions) {
			after.p.sq_reset = true;
			/* Kept in the batch item, so that undo restores them. */
			if ((rc = ro_store_answers_get(st, before->p.id,
			    &answers)))
				return rc;
		}
		break;
	case RO_TASK_MOVE_GROUP:
		after.p.group_id = k->group_id;
		after.p.group_name = k->group_name;
		break;
	case RO_TASK_SET_GRAD_YEAR:
		after.p.grad_year = o->year;
		break;
	case RO_TASK_DEACTIVATE:
		after.p.active = false;
		break;
	case RO_TASK_REACTIVATE:
		after.p.active = true;
		break;
	default:
		return ro_error_set(RO_EINTERNAL, "not a task");
	}
	rc = ro_store_batch_item_add(st, batch, before->p.id, before, answers,
	    before->p.version + 1);
	free(answers);
	if (rc)
		return rc;
	if ((rc = ro_store_portfolio_update_from(st, before, &after)))
		return rc == RO_ECONFLICT ? ro_task_conflict(&k->t[ti]) : rc;
	if (o->kind == RO_TASK_RESET_PASSWORDS) {
		if (o->reset_questions &&
		    (rc = ro_store_answers_set(st, before->p.id, NULL, 0)))
			return rc;
		/* A reset is how a locked-out account gets back in. */
		if ((before->failed_signins || before->locked_until) &&
		    (rc = ro_store_portfolio_signin_state(st, before->p.id, 0,
		    0, 0)))
			return rc;
	}
	return ro_audit_changes(k->s, batch, before, &after,
	    ro_task_kind_name(o->kind));
}

static void chunk_free(chunk *c)
{
	if (c->rows)
		for (size_t i = 0; i < c->n; i++)
			ro_store_row_clear(&c->rows[i]);
	free(c->rows);
	free(c->have);
	free(c->ids);
}

/* The targets are written in id order, whatever order the list showed
 * them in: each page of the table, of the batch's items and of their
 * indexes is then visited once, in turn, not once per row at random (a
 * whole site's reset took four times as long in name order). */
static int apply_all(const ro_task_ctx *k, int64_t batch)
{
	size_t *order = malloc((k->nt ? k->nt : 1) * sizeof *order);
	int rc = 0;

	if (!order)
		return RO_ENOMEM;
	if ((rc = sort_targets(k, order))) {
		free(order);
		return rc;
	}
	/* A reset that keeps the security questions: set-wise. */
	if (k->o->kind == RO_TASK_RESET_PASSWORDS && !k->o->reset_questions) {
		rc = ro_task_reset_write(k, batch, order);
		free(order);
		return rc;
	}
	for (size_t base = 0; base < k->nt && !rc; base += CHUNK) {
		chunk c = { .k = k, .idx = order + base };
		c.n = k->nt - base < CHUNK ? k->nt - base : CHUNK;
		c.ids = calloc(c.n, sizeof *c.ids);
		c.rows = calloc(c.n, sizeof *c.rows);
		c.have = calloc(c.n, sizeof *c.have);
		if (!c.ids || !c.rows || !c.have)
			rc = RO_ENOMEM;
		if (!rc)
			rc = chunk_load(&c);
		for (size_t i = 0; i < c.n && !rc; i++)
			rc = apply_one(k, batch, c.idx[i], &c.rows[i]);
		chunk_free(&c);
		/* Progress every REPORT_CHUNKS chunks and at the end, where
		 * a cancel is still honoured: nothing is committed yet. */
		size_t done = base + c.n;
		if (!rc && k->o->progress && (done == k->nt ||
		    base / CHUNK % REPORT_CHUNKS == REPORT_CHUNKS - 1) &&
		    k->o->progress(k->o->progress_ctx, done, k->nt))
			rc = RO_ECANCEL;
	}
	free(order);
	return rc;
}

/* The write transaction itself. */
static int task_write(ro_task_ctx *k, ro_store *st, int64_t *batch_out)
{
	int64_t batch = 0;
	int rc;

	if ((rc = ro_store_begin(st, true, k->s->site_id)))
		return rc;
	rc = ro_store_batch_add(st, &batch, k->s->site_id, k->s->username,
	    ro_task_kind_name(k->o->kind), k->detail, k->nt, 0);
	if (!rc)
		rc = ro_batch_purge_old(k->s->db);
	double t0 = ro_trace_now(), t1;
	if (!rc)
		rc = apply_all(k, batch);
	if (rc) {
		ro_store_rollback(st);
		return rc;
	}
	t1 = ro_trace_now();
	if ((rc = ro_store_commit(st)))
		return rc;
	ro_trace("task: apply %.0f ms, commit %.0f ms", t1 - t0,
	    ro_trace_now() - t1);
	*batch_out = batch;
	return 0;
}

int ro_task_apply(ro_task_ctx *k, int64_t *batch_id)
{
	ro_store *st = ro_db_store(k->s->db);
	ro_store_tuning tuning;
	int64_t batch = 0;
	int rc;

	*batch_id = 0;
	/* The store sizes itself for the rows, as for an upload (PostgreSQL:
	 * the batch items, updates and audit rows sent as COPY streams, not
	 * three round trips a portfolio).  Not when each portfolio's
	 * security answers are read and cleared as well: every such read
	 * would send what was gathered, a few statements a row. */
	bool tune = !(k->o->kind == RO_TASK_RESET_PASSWORDS &&
	    k->o->reset_questions);
	if (tune && (rc = ro_store_tune_bulk(st, RO_WORK_WRITE, k->nt,
	    &tuning)))
		return rc;
	rc = task_write(k, st, &batch);
	if (tune)
		ro_store_tune_restore(st, &tuning);
	if (rc)
		return rc;
	*batch_id = batch;
	ro_eventlog_batch(k->s, ro_task_kind_name(k->o->kind), k->nt, batch, 0);
	return 0;
}
