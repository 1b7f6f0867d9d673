/* plan_diff.c — the plan value the front ends render: each row's status,
 * codes, messages and changes (old → new, walked by plan_change.c), built
 * one at a time in a scratch row and kept by plan_rows.c; the summary and
 * the blast radius. */
#include "plan_int.h"
#include "plan_rows.h"

#include <roster/hold.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BIT(st) (UINT64_C(1) << (st))

/* A row changes at most these fields (every column but the id; the
 * account type only when it creates the portfolio; and a OneRoster
 * bundle's Active and SSO). */
#define MAX_CHANGES (RO_UPLOAD_COLUMNS + 1)

/* The SSO link's field: it locks the portfolio's sign-in here, so it
 * counts among the credential changes the blast-radius hold weighs. */
static const char sso_field[] = "SSO";

struct collect {
	plan_chunk **arena;
	ro_change v[MAX_CHANGES];
	size_t n;
};

/* Each value into the row's arena at once: the year values are the
 * caller's buffers, which end with each_change. */
static int collect_change(void *ctx, enum plan_col col, const char *o,
    const char *n)
{
	struct collect *k = ctx;
	bool nomem = false;
	ro_change *c;

	if (k->n == MAX_CHANGES)
		return RO_EINTERNAL;
	c = &k->v[k->n++];
	c->field = col == C_ACTIVE ? "Active" : col == C_SSO ? sso_field :
	    ro_upload_headers()[col];
	c->old_value = plan_arena_strdup(k->arena, o, &nomem);
	c->new_value = plan_arena_strdup(k->arena, n, &nomem);
	return nomem ? RO_ENOMEM : 0;
}

/* The row's changes into its arena: the array and its strings, emptied
 * for the next row once the row is encoded (no allocation per value). */
static int keep_changes(ro_change **out, size_t *nout,
    const struct collect *k)
{
	ro_change *v;

	if (!k->n)
		return 0;
	v = (ro_change *)plan_arena_alloc_aligned(k->arena,
	    k->n * sizeof *v, _Alignof(ro_change));
	if (!v)
		return RO_ENOMEM;
	memcpy(v, k->v, k->n * sizeof *v);
	*out = v;
	*nout = k->n;
	return 0;
}

static int cmp_note(const void *a, const void *b)
{
	const plan_note *x = a, *y = b;

	return (int)x->code - (int)y->code;
}

/* The codes of x as arrays, in code order, and their messages (into
 * the scratch row's arrays of RO_ST__COUNT each: a code once, a message
 * per code). */
static int row_codes(ro_plan_row *row, plan_res *x)
{
	size_t ne = 0, nw = 0;

	for (int s = 0; s < RO_ST__COUNT; s++) {
		if (!(x->codes & BIT(s)))
			continue;
		if (ro_status_is_error((ro_status)s))
			ne++;
		else if (ro_status_is_warning((ro_status)s))
			nw++;
	}
	for (int s = 0; s < RO_ST__COUNT; s++) {
		if (!(x->codes & BIT(s)))
			continue;
		if (ro_status_is_error((ro_status)s))
			row->codes[row->ncodes++] = (ro_status)s;
		else if (ro_status_is_warning((ro_status)s))
			row->warnings[row->nwarnings++] = (ro_status)s;
	}
	if (!x->nnotes)
		return 0;
	qsort(x->notes, x->nnotes, sizeof *x->notes, cmp_note);
	/* The texts stay the result's: the row's encoding copies them. */
	for (size_t i = 0; i < x->nnotes && i < RO_ST__COUNT; i++)
		row->messages[row->nmessages++] = x->notes[i].text;
	return 0;
}

static int build_row(ro_plan *p, plan_ctx *c, size_t i)
{
	const plan_rec *r = &c->recs[i];
	plan_res *x = plan_res_of(c, i);
	plan_rows *store = plan_rows_of(p);
	ro_plan_row *row = plan_rows_scratch(store);
	struct collect k;
	bool nomem = false;
	int rc;

	row->row = r->row;
	row->created_by = x->created_by;
	if (x->cur)
		row->portfolio_id = x->cur->p.id;
	else if (x->created_by)
		row->portfolio_id = x->same_id;
	else if ((r->id_num == NUM_OK || r->id_num == NUM_DOT0) && r->id > 0)
		row->portfolio_id = r->id;
	/* 100,000 usernames: one arena, not 100,000 allocations. */
	row->username = plan_arena_strdup(plan_rows_arena(store),
	    x->username ? x->username : "", &nomem);
	if (nomem)
		return RO_ENOMEM;
	if ((rc = row_codes(row, x)))
		return rc;
	k.arena = plan_rows_arena(store);
	k.n = 0;
	if (x->cur && ((rc = plan_each_change(r, x, collect_change, &k)) ||
	    (rc = keep_changes(&row->changes, &row->nchanges, &k))))
		return rc;
	if (!x->cur && r->id_num == NUM_BLANK && !x->created_by &&
	    r->ncells == RO_UPLOAD_COLUMNS &&
	    ((rc = plan_each_create(r, x, collect_change, &k)) ||
	    (rc = keep_changes(&row->creates, &row->ncreates, &k))))
		return rc;
	if (row->ncodes)
		row->status = row->codes[0];
	else if (r->id_num == NUM_BLANK)
		row->status = x->created_by ? RO_ST_SAME : RO_ST_NEW;
	else
		row->status = row->nchanges ? RO_ST_UPD : RO_ST_SAME;

	p->summary.rows++;
	switch (row->status) {
	case RO_ST_NEW: p->summary.new_rows++; break;
	case RO_ST_UPD: p->summary.update++; break;
	case RO_ST_SAME: p->summary.same++; break;
	default: p->summary.error++; break;
	}
	if (row->nwarnings)
		p->summary.warning++;
	/* The blast radius counts existing portfolios whose credentials
	 * change; new portfolios lock nobody out. */
	if (row->status == RO_ST_UPD) {
		for (size_t j = 0; j < row->nchanges; j++)
			if (row->changes[j].field == ro_upload_headers()[C_PW] ||
			    row->changes[j].field == ro_upload_headers()[C_USER] ||
			    row->changes[j].field == sso_field) {
				p->credential_changes++;
				break;
			}
	}
	return plan_rows_append(store);
}

int plan_build_open(ro_plan **out, plan_ctx *c, bool trial_run)
{
	plan_whole *v = calloc(1, sizeof *v);
	ro_plan *p = v ? &v->pub : NULL;
	int rc = 0;

	*out = NULL;
	if (!p)
		return RO_ENOMEM;
	p->file = strdup(c->path);
	p->format = c->format;
	p->trial_run = trial_run;
	p->cp1252 = c->cp1252;
	p->file_error = c->file_error;
	if (!p->file) {
		rc = RO_ENOMEM;
		goto fail;
	}
	if (c->file_error) {
		if (!(p->file_message = strdup(c->file_message))) {
			rc = RO_ENOMEM;
			goto fail;
		}
		*out = p;
		return 0;
	}
	if ((rc = plan_rows_open(&v->rows, c->nrecs)))
		goto fail;
	p->nrows = c->nrecs;
	*out = p;
	return 0;
fail:
	ro_plan_free(p);
	return rc;
}

int plan_build_row(ro_plan *p, plan_ctx *c, size_t i)
{
	return build_row(p, c, i);
}

int plan_build_close(ro_plan *p, plan_ctx *c)
{
	int rc;

	if (p->file_error)
		return 0;
	/* A trial run's records and checks are freed by now: their heap
	 * goes back while the plan is read, not kept for the process. */
	if (p->trial_run)
		ro_big_trim();
	plan_rows_trace(plan_rows_of(p));
	if (c->orx && (rc = plan_or_fill(p, c)))
		return rc;
	/* Counting the site costs a scan of its index: only when needed. */
	if (p->credential_changes && (rc = ro_store_site_count(c->st,
	    &p->site_total, c->s->site_id)))
		return rc;
	p->hold = ro_hold_rule(p->credential_changes, p->site_total) !=
	    RO_HOLD_NONE;
	return 0;
}
