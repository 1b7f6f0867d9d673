/* asrc.c — keyset-paged audit log source for the list widget (asrc.h).
 *
 * As psrc.c for portfolios: positions come only from moving (a row, a
 * page, Home, End), so every request is next to the cache or at an end:
 * one indexed query each. */
#include "asrc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <roster/error.h>

void asrc_init(asrc *a, ro_session *s)
{
	memset(a, 0, sizeof *a);
	a->s = s;
}

static void drop(asrc *a, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		ro_audit_entry_clear(&a->rows[i]);
}

static void invalidate(asrc *a)
{
	drop(a, 0, a->cn);
	a->cn = 0;
	a->ctop = 0;
}

void asrc_free(asrc *a)
{
	invalidate(a);
	free(a->rows);
	memset(a, 0, sizeof *a);
}

const ro_audit_entry *asrc_row(const asrc *a, size_t i)
{
	if (i < a->ctop || i >= a->ctop + a->cn)
		return NULL;
	return &a->rows[i - a->ctop];
}

/* Moves the page's entries into the cache, in front or at the end. */
static int take(asrc *a, ro_audit_list *l, bool front)
{
	if (a->cn + l->n > a->cap) {
		size_t cap = a->cn + l->n;
		ro_audit_entry *r = realloc(a->rows, cap * sizeof *r);

		if (r == NULL)
			return ro_error_set(RO_ENOMEM, "out of memory");
		a->rows = r;
		a->cap = cap;
	}
	if (front) {
		memmove(a->rows + l->n, a->rows, a->cn * sizeof *a->rows);
		memcpy(a->rows, l->items, l->n * sizeof *a->rows);
		a->ctop = a->ctop > l->n ? a->ctop - l->n : 0;
	} else {
		memcpy(a->rows + a->cn, l->items, l->n * sizeof *a->rows);
	}
	a->cn += l->n;
	l->n = 0;       /* the entries are the cache's now */
	return 0;
}

static int load(asrc *a, ro_audit_query *q, size_t n, int where)
{
	ro_audit_list *l = NULL;
	int rc;

	q->find = a->find[0] ? a->find : NULL;
	if ((rc = ro_audit_page(&l, a->s, q, n)) < 0)
		return rc;
	if (where == 0) {               /* the first or the last page */
		invalidate(a);
		a->ctop = q->last && a->total > l->n ? a->total - l->n : 0;
	}
	rc = take(a, l, where < 0);
	ro_audit_list_free(l);
	return rc;
}

/* Keeps the cache to about three windows around [top, top + n). */
static void trim(asrc *a, size_t top, size_t n)
{
	size_t from, to;

	lw_cache_keep(a->ctop, a->cn, top, n, &from, &to);
	drop(a, to, a->cn);
	drop(a, 0, from);
	memmove(a->rows, a->rows + from, (to - from) * sizeof *a->rows);
	a->cn = to - from;
	a->ctop += from;
}

static size_t src_count(void *ctx)
{
	return ((asrc *)ctx)->total;
}

static int src_fetch(void *ctx, size_t top, size_t n)
{
	asrc *a = ctx;
	ro_audit_query q = { 0 };
	int rc;

	if (a->cn > 0 && top >= a->ctop && top + n <= a->ctop + a->cn)
		return 0;
	if (top == 0) {
		rc = load(a, &q, n, 0);
	} else if (top + n >= a->total) {
		q.last = true;
		rc = load(a, &q, n, 0);
	} else if (a->cn > 0 && top >= a->ctop && top <= a->ctop + a->cn) {
		q.after = a->rows[a->cn - 1].id;
		rc = load(a, &q, top + n - (a->ctop + a->cn), 1);
	} else if (a->cn > 0 && top < a->ctop && top + n >= a->ctop) {
		q.after = a->rows[0].id;
		q.before = true;
		rc = load(a, &q, a->ctop - top, -1);
		if (rc == 0 && top + n > a->ctop + a->cn) {
			q = (ro_audit_query){ .after = a->rows[a->cn - 1].id };
			rc = load(a, &q, top + n - (a->ctop + a->cn), 1);
		}
	} else {
		return ro_error_set(RO_EINTERNAL, "list position lost; press "
		    "Home");
	}
	if (rc == 0)
		trim(a, top, n);
	return rc;
}

int asrc_open(asrc *a, const char *find, size_t n, bool *exact)
{
	ro_audit_query q = { .last = true };
	ro_audit_list *l = NULL;
	int rc;

	snprintf(a->find, sizeof a->find, "%s", find ? find : "");
	q.find = a->find[0] ? a->find : NULL;
	invalidate(a);
	a->total = 0;
	*exact = true;
	if ((rc = ro_audit_page(&l, a->s, &q, n)) < 0)
		return rc;
	*exact = !l->more;
	a->total = l->n + (l->more ? 1 : 0);
	a->ctop = a->total - l->n;
	rc = take(a, l, false);
	ro_audit_list_free(l);
	return rc;
}

int asrc_count(asrc *a, ptrdiff_t *shift)
{
	ro_audit_query q = { .find = a->find[0] ? a->find : NULL };
	size_t total = 0;
	int rc = ro_audit_count(&total, a->s, &q);

	*shift = 0;
	if (rc < 0)
		return rc;
	/* The cached rows are the last ones (nothing moved before the
	 * count): they end at the log's end. */
	*shift = (ptrdiff_t)total - (ptrdiff_t)a->total;
	a->ctop = (size_t)((ptrdiff_t)a->ctop + *shift);
	a->total = total;
	return 0;
}

static int64_t src_key(void *ctx, size_t i)
{
	const ro_audit_entry *e = asrc_row(ctx, i);

	return e ? e->id : -1;
}

lw_source asrc_source(asrc *a)
{
	lw_source s = {
		.ctx = a, .count = src_count, .fetch = src_fetch, .key = src_key,
	};

	return s;
}
