/* plan_lookup_ids.c — the portfolios a window of the file names by id,
 * read from the store in one batch.
 *
 * The window's ids are sorted (a counting sort when dense), then read in
 * one query (or, when the window names most of the site, in one pass
 * over the site), and merged back onto the records: each record points at
 * its portfolio in ctx->cur.  Strings a record leaves unchanged are
 * borrowed from its cells, not copied. */
#include "plan_int.h"

#include <stdlib.h>
#include <string.h>

/* Keeps a copy of the store's row, its strings in the arena (the store
 * clears or reuses its own). */
int plan_keep_row(void *ctx, ro_store_row *row)
{
	plan_rows_sink *k = ctx;
	ro_store_row *d;
	bool nomem = false;

	if (*k->n == *k->cap) {
		size_t cap = *k->cap ? *k->cap * 2 : 64;
		ro_store_row *v = ro_big_realloc(*k->v, cap * sizeof *v);
		if (!v)
			return RO_ENOMEM;
		*k->v = v;
		*k->cap = cap;
	}
	d = &(*k->v)[*k->n];
	*d = *row;
	d->p.username = plan_arena_strdup(k->arena, row->p.username, &nomem);
	d->p.first = plan_arena_strdup(k->arena, row->p.first, &nomem);
	d->p.last = plan_arena_strdup(k->arena, row->p.last, &nomem);
	d->p.email = plan_arena_strdup(k->arena, row->p.email, &nomem);
	d->p.group_name = plan_arena_strdup(k->arena, row->p.group_name,
	    &nomem);
	d->p.sso_id = plan_arena_strdup(k->arena, row->p.sso_id, &nomem);
	d->hash = k->hashes ? plan_arena_strdup(k->arena, row->hash, &nomem) :
	    NULL;
	if (nomem)
		return RO_ENOMEM;
	(*k->n)++;
	return 0;
}

/* From this many ids on, a plan may read the whole site instead. */
#define SCAN_MIN 2000

static int cmp_pair(const void *a, const void *b)
{
	const plan_id_pair *x = a, *y = b;

	if (x->id != y->id)
		return (x->id > y->id) - (x->id < y->id);
	return (x->rec > y->rec) - (x->rec < y->rec);
}

static int cmp_row_id(const void *a, const void *b)
{
	const ro_store_row *x = a, *y = b;

	return (x->p.id > y->p.id) - (x->p.id < y->p.id);
}

/* Sorts by id, then record: a counting sort when the ids are dense
 * enough (a site's ids mostly are: a third of the time of qsort at
 * 100,000 rows; a window of 65,536 ids spread over a site of 1,000,000
 * still sorts faster counted, and its 4 MiB of counts are given back),
 * else qsort. */
int plan_sort_id_pairs(plan_id_pair *v, size_t n)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	uint32_t *count;
	plan_id_pair *tmp;
	size_t range;

	for (size_t i = 0; i < n; i++) {
		lo = v[i].id < lo ? v[i].id : lo;
		hi = v[i].id > hi ? v[i].id : hi;
	}
	if (n < 2)
		return 0;
	range = (size_t)(hi - lo) + 1;
	if (range > 32 * n + 1024 || n > UINT32_MAX) {
		qsort(v, n, sizeof *v, cmp_pair);
		return 0;
	}
	/* Big blocks: a whole file's pairs are given back when done. */
	count = ro_big_alloc((range + 1) * sizeof *count);
	tmp = ro_big_alloc(n * sizeof *tmp);
	if (!count || !tmp) {
		ro_big_free(count);
		ro_big_free(tmp);
		return RO_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		count[v[i].id - lo + 1]++;
	for (size_t i = 1; i <= range; i++)
		count[i] += count[i - 1];
	/* Stable: records keep their file order within an id. */
	for (size_t i = 0; i < n; i++)
		tmp[count[v[i].id - lo]++] = v[i];
	memcpy(v, tmp, n * sizeof *v);
	ro_big_free(tmp);
	ro_big_free(count);
	return 0;
}

struct id_filter {
	plan_ctx *c;
	const plan_id_pair *pairs; /* sorted */
	size_t n, at;         /* the merge's position */
	plan_rows_sink *sink;
};

/* Does the record give the portfolio every value it has (the password
 * aside)? */
bool plan_fields_match(const plan_rec *r, const ro_store_row *row)
{
	const ro_portfolio *p = &row->p;
	const char *email = CELL(r, C_EMAIL), *group = CELL(r, C_GROUP);

	if (r->ncells != RO_UPLOAD_COLUMNS || r->type < 0 ||
	    r->type != (int)p->type)
		return false;
	if (strcmp(CELL(r, C_USER), p->username) != 0 ||
	    strcmp(CELL(r, C_FIRST), p->first) != 0 ||
	    strcmp(CELL(r, C_LAST), p->last) != 0)
		return false;
	if (*email ? !p->email || strcmp(email, p->email) != 0 :
	    p->email && *p->email)
		return false;
	if (r->year_num == NUM_BLANK ? p->grad_year != 0 :
	    (r->year_num != NUM_OK && r->year_num != NUM_DOT0) ||
	    r->year != p->grad_year)
		return false;
	return *group ? p->group_name && strcmp(group, p->group_name) == 0 :
	    p->group_id == 0;
}

/* Does the record leave the portfolio exactly as it is?  A bundle's
 * deactivation or SSO link is a change too: the row is applied, and its
 * batch item must hold the whole before-state (hash included), or undo
 * would put back a portfolio without its password. */
static bool row_matches(const plan_rec *r, const ro_store_row *row)
{
	return !r->pw_set && !r->deactivate && !r->link &&
	    plan_fields_match(r, row);
}

/* The store's string s, or the record's cell when it holds the same
 * bytes: the cells outlive every use of the plan's rows, so an unchanged
 * field costs no copy. */
static char *borrow(plan_rows_sink *k, const char *s, const char *cell,
    bool *nomem)
{
	if (s && strcmp(s, cell) == 0)
		return (char *)cell;
	return plan_arena_strdup(k->arena, s, nomem);
}

/* Keeps the portfolio of record r, borrowing the strings the record
 * leaves as they are and copying only the ones it changes.  A row the
 * record leaves exactly as it is (row_matches) is never applied: it
 * needs neither its hash nor its SSO id. */
static int keep_borrowed(plan_rows_sink *k, const ro_store_row *row,
    const plan_rec *r, bool unchanged)
{
	ro_store_row *d;
	bool nomem = false;

	if (*k->n == *k->cap)
		return plan_keep_row(k, (ro_store_row *)row);
	d = &(*k->v)[*k->n];
	*d = *row;
	d->p.username = borrow(k, row->p.username, CELL(r, C_USER), &nomem);
	d->p.first = borrow(k, row->p.first, CELL(r, C_FIRST), &nomem);
	d->p.last = borrow(k, row->p.last, CELL(r, C_LAST), &nomem);
	d->p.email = borrow(k, row->p.email, CELL(r, C_EMAIL), &nomem);
	d->p.group_name = borrow(k, row->p.group_name, CELL(r, C_GROUP),
	    &nomem);
	d->p.sso_id = unchanged ? NULL :
	    plan_arena_strdup(k->arena, row->p.sso_id, &nomem);
	d->hash = unchanged || !k->hashes ? NULL :
	    plan_arena_strdup(k->arena, row->hash, &nomem);
	if (nomem)
		return RO_ENOMEM;
	(*k->n)++;
	return 0;
}

/* Keeps the rows whose ids the file names.  The rows come in id order
 * (the site in one pass, or SQLite walking the sorted id list), so the
 * merge only moves forward; a row behind it is found by a binary search
 * all the same. */
static int keep_listed(void *ctx, ro_store_row *row)
{
	struct id_filter *f = ctx;
	size_t hits = 0;

	if (f->at > 0 && f->pairs[f->at - 1].id >= row->p.id) {
		/* Behind the merge: the first pair of this id or after. */
		size_t lo = 0, hi = f->at;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (f->pairs[mid].id < row->p.id)
				lo = mid + 1;
			else
				hi = mid;
		}
		f->at = lo;
	}
	while (f->at < f->n && f->pairs[f->at].id < row->p.id)
		f->at++;
	while (f->at + hits < f->n && f->pairs[f->at + hits].id == row->p.id)
		hits++;
	if (!hits)
		return 0;
	row->p.group_name = plan_group_name_of(f->c, row->p.group_id);
	if (hits == 1) {
		const plan_rec *r = &f->c->recs[f->pairs[f->at].rec];
		return keep_borrowed(f->sink, row, r, row_matches(r, row));
	}
	return plan_keep_row(f->sink, row);
}

/* Room in c->cur for n rows, kept from window to window (the window
 * before's rows are done with). */
static int cur_room(plan_ctx *c, size_t n)
{
	c->ncur = 0;
	if (n <= c->capcur)
		return 0;
	ro_big_free(c->cur);
	c->capcur = 0;
	if (!(c->cur = ro_big_alloc(n * sizeof *c->cur)))
		return RO_ENOMEM;
	c->capcur = n;
	return 0;
}

/* Reads the portfolios the window's records name into c->cur (in id
 * order) and points each record's result at its own. */
int plan_lookup_ids(plan_ctx *c)
{
	plan_rows_sink k = { &c->cur, &c->ncur, &c->capcur,
		&c->row_chunks, !c->trial_run };
	struct id_filter fl;
	size_t lo = c->win_lo, hi = c->win_hi;
	plan_id_pair *pairs = malloc((hi - lo + 1) * sizeof *pairs);
	int64_t *ids = NULL;
	size_t n = 0, u = 0, j = 0;
	int rc = 0;

	if (!pairs)
		return RO_ENOMEM;
	for (size_t i = lo; i < hi; i++)
		if (plan_rec_has_id(&c->recs[i]))
			pairs[n++] = (plan_id_pair){ c->recs[i].id, i };
	/* In id order the store reads its pages in order. */
	if ((rc = plan_sort_id_pairs(pairs, n)))
		goto out;
	for (size_t i = 0; i < n; i++)
		u += !i || pairs[i].id != pairs[i - 1].id;
	/* One allocation for the rows, not a doubling copy of them. */
	if ((rc = cur_room(c, u)))
		goto out;
	fl = (struct id_filter){ c, pairs, n, 0, &k };
	if (u >= SCAN_MIN) {
		size_t site = 0;
		rc = ro_store_site_count(c->st, &site, c->s->site_id);
		if (!rc && u * 2 >= site) {
			/* Most of the site: one pass over it beats a seek per
			 * id (half the time at 100,000 rows), and each page
			 * is read once, so a small cache is enough. */
			ro_store_tuning t;
			bool tuned = ro_store_tune_bulk(c->st, RO_WORK_SCAN, u, &t) == 0;
			rc = ro_store_site_rows_view(c->st, c->s->site_id,
			    keep_listed, &fl);
			if (tuned)
				ro_store_tune_restore(c->st, &t);
			goto join;
		}
	}
	if (rc)
		goto out;
	if (!(ids = malloc((u + 1) * sizeof *ids))) {
		rc = RO_ENOMEM;
		goto out;
	}
	u = 0;
	for (size_t i = 0; i < n; i++)
		if (!i || pairs[i].id != pairs[i - 1].id)
			ids[u++] = pairs[i].id;
	{
		/* Each of the rows is on a page of its own, read once: a small
		 * cache (the interior pages) is enough, and 16 MiB of cache
		 * filled page by page costs more than it saves. */
		ro_store_tuning t;
		bool tuned = u >= SCAN_MIN &&
		    ro_store_tune_bulk(c->st, RO_WORK_SCAN, u, &t) == 0;
		rc = ro_store_rows_by_ids_view(c->st, ids, u, keep_listed, &fl);
		if (tuned)
			ro_store_tune_restore(c->st, &t);
	}
	/* SQLite walks the id list in order, so the rows come sorted: sort
	 * only when they do not (a merge sort of sorted rows still costs
	 * n log n comparisons of 150-byte rows). */
	for (size_t i = 1; i < c->ncur; i++)
		if (c->cur[i - 1].p.id > c->cur[i].p.id) {
			qsort(c->cur, c->ncur, sizeof *c->cur, cmp_row_id);
			break;
		}
join:
	/* Both sides in id order: one merge points the records at their
	 * portfolios (those of another site are none of theirs: E20). */
	for (size_t i = 0; !rc && i < n; i++) {
		while (j < c->ncur && c->cur[j].p.id < pairs[i].id)
			j++;
		if (j < c->ncur && c->cur[j].p.id == pairs[i].id &&
		    c->cur[j].p.site_id == c->s->site_id)
			plan_res_of(c, pairs[i].rec)->cur = &c->cur[j];
	}
out:
	free(ids);
	free(pairs);
	return rc;
}
