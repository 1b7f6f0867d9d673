/* psrc.c — keyset-paged portfolio source for the list widget (psrc.h).
 *
 * The widget asks for rows by position; positions come only from moving
 * (a row, a page, Home, End) or from a seek whose rank the engine gives,
 * so every request is next to the cache, at an end, or a seek: one
 * indexed query each. */
#include "psrc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <roster/error.h>

int psrc_init(psrc *p, ro_session *s, const ro_selection *sel)
{
	memset(p, 0, sizeof *p);
	p->s = s;
	p->sel.mode = sel->mode;
	p->sel.inactive = sel->inactive;
	if (sel->arg != NULL) {
		p->arg = strdup(sel->arg);
		if (p->arg == NULL)
			return RO_ENOMEM;
	}
	p->sel.arg = p->arg;
	return 0;
}

static void drop(ro_portfolio *rows, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		ro_portfolio_clear(&rows[i]);
}

void psrc_invalidate(psrc *p)
{
	drop(p->rows, 0, p->cn);
	p->cn = 0;
	p->ctop = 0;
}

void psrc_free(psrc *p)
{
	psrc_invalidate(p);
	free(p->rows);
	free(p->arg);
	free(p->seek);
	memset(p, 0, sizeof *p);
}

const ro_portfolio *psrc_row(const psrc *p, size_t i)
{
	if (i < p->ctop || i >= p->ctop + p->cn)
		return NULL;
	return &p->rows[i - p->ctop];
}

static int reserve(psrc *p, size_t n)
{
	if (n <= p->cap)
		return 0;
	ro_portfolio *r = realloc(p->rows, n * sizeof *r);

	if (r == NULL)
		return ro_error_set(RO_ENOMEM, "out of memory");
	p->rows = r;
	p->cap = n;
	return 0;
}

/* Moves the page's rows into the cache at position at (0: front, else
 * the end); the list keeps empty husks to free. */
static int take(psrc *p, ro_portfolio_list *l, bool front)
{
	int rc = reserve(p, p->cn + l->n);

	if (rc < 0)
		return rc;
	if (front) {
		memmove(p->rows + l->n, p->rows, p->cn * sizeof *p->rows);
		memcpy(p->rows, l->items, l->n * sizeof *p->rows);
		p->ctop -= l->n;
	} else {
		memcpy(p->rows + p->cn, l->items, l->n * sizeof *p->rows);
	}
	p->cn += l->n;
	memset(l->items, 0, l->n * sizeof *l->items);
	return 0;
}

/* The rows are where they are now, by shift from where they were: for
 * the widget (psrc_placed). */
static void placed(psrc *p, ptrdiff_t shift)
{
	if (!p->placing)
		return;
	p->ctop = (size_t)((ptrdiff_t)p->ctop + shift);
	p->placing = false;
	p->placed = true;
	p->shift += shift;
}

bool psrc_placed(psrc *p, ptrdiff_t *shift)
{
	bool was = p->placed;

	*shift = p->shift;
	p->placed = false;
	p->shift = 0;
	return was;
}

static ro_cursor cursor_of(const ro_portfolio *r)
{
	ro_cursor c = { .last = r->last, .first = r->first, .id = r->id };

	return c;
}

static int load_first(psrc *p, size_t n)
{
	ro_portfolio_list *l = NULL;
	int rc = ro_list_page(&l, p->s, &p->sel, NULL, false, n);

	placed(p, 0);
	psrc_invalidate(p);
	if (rc == 0)
		rc = take(p, l, false);
	ro_portfolio_list_free(l);
	return rc;
}

static int load_last(psrc *p, size_t n)
{
	ro_portfolio_list *l = NULL;
	int rc = ro_list_last_page(&l, p->s, &p->sel, n);

	placed(p, 0);
	psrc_invalidate(p);
	if (rc == 0) {
		p->ctop = p->total > l->n ? p->total - l->n : 0;
		rc = take(p, l, false);
	}
	ro_portfolio_list_free(l);
	return rc;
}

static int load_after(psrc *p, size_t n)
{
	ro_portfolio_list *l = NULL;
	ro_cursor c = cursor_of(&p->rows[p->cn - 1]);
	int rc = ro_list_page(&l, p->s, &p->sel, &c, false, n);

	if (rc == 0)
		rc = take(p, l, false);
	/* Placed provisionally, and the end came: the last row is the
	 * list's last. */
	if (rc == 0 && p->placing && l->n < n && p->cn > 0)
		placed(p, (ptrdiff_t)p->total - (ptrdiff_t)(p->ctop + p->cn));
	ro_portfolio_list_free(l);
	return rc;
}

static int load_before(psrc *p, size_t n)
{
	ro_portfolio_list *l = NULL;
	ro_cursor c = cursor_of(&p->rows[0]);
	int rc = ro_list_page(&l, p->s, &p->sel, &c, true, n);

	if (rc == 0) {
		size_t got = l->n;

		if (l->n > p->ctop)   /* rows appeared: positions shifted */
			p->ctop = l->n;
		rc = take(p, l, true);
		/* Placed provisionally, and the start came: the first row is
		 * the list's first. */
		if (rc == 0 && p->placing && got < n)
			placed(p, -(ptrdiff_t)p->ctop);
	}
	ro_portfolio_list_free(l);
	return rc;
}

/* Keeps the cache to about three windows around [top, top + n). */
static void trim(psrc *p, size_t top, size_t n)
{
	size_t from, to;

	lw_cache_keep(p->ctop, p->cn, top, n, &from, &to);
	drop(p->rows, to, p->cn);
	drop(p->rows, 0, from);
	memmove(p->rows, p->rows + from, (to - from) * sizeof *p->rows);
	p->cn = to - from;
	p->ctop += from;
}

static size_t src_count(void *ctx)
{
	psrc *p = ctx;
	size_t n = 0;

	if (ro_list_count(&n, p->s, &p->sel) < 0)
		n = 0;
	p->total = n;
	p->placing = false;
	psrc_invalidate(p);
	return n;
}

static int src_fetch(void *ctx, size_t top, size_t n)
{
	psrc *p = ctx;
	int rc = 0;

	if (p->cn > 0 && top >= p->ctop && top + n <= p->ctop + p->cn)
		return 0;
	if (top == 0) {
		rc = load_first(p, n);
	} else if (top + n >= p->total) {
		rc = load_last(p, n);
	} else if (p->cn > 0 && top >= p->ctop && top <= p->ctop + p->cn) {
		rc = load_after(p, top + n - (p->ctop + p->cn));
	} else if (p->cn > 0 && top < p->ctop && top + n >= p->ctop) {
		rc = load_before(p, p->ctop - top);
		if (rc == 0 && top + n > p->ctop + p->cn)
			rc = load_after(p, top + n - (p->ctop + p->cn));
	} else {
		/* Not reachable by moving: start over from the top. */
		return ro_error_set(RO_EINTERNAL, "list position lost; press Home");
	}
	if (rc == 0)
		trim(p, top, n);
	return rc;
}

size_t psrc_prime(psrc *p, size_t n, bool *exact)
{
	ro_portfolio_list *l = NULL;
	size_t got = 0;

	*exact = false;
	psrc_invalidate(p);
	if (ro_list_page(&l, p->s, &p->sel, NULL, false, n) < 0)
		return 0;
	got = l->n;
	*exact = !l->more;
	if (take(p, l, false) < 0)
		*exact = false;
	ro_portfolio_list_free(l);
	p->total = *exact ? got : got + 1;
	return p->total;
}

static int64_t src_key(void *ctx, size_t i)
{
	const ro_portfolio *r = psrc_row(ctx, i);

	return r ? r->id : -1;
}

/* Column widths for the available width (the check box excluded). */
static void widths(int width, int w[6])
{
	int fixed = 5 + 5 + 6;          /* grad year or type, flags, gaps */
	int var = width - fixed;

	if (var < 40)
		var = 40;
	w[0] = var * 25 / 100;          /* Last Name */
	w[1] = var * 22 / 100;          /* First Name */
	w[2] = var * 28 / 100;          /* Username */
	w[4] = var - w[0] - w[1] - w[2];/* Group */
	w[3] = 5;                       /* Grad Year, or staff / admin */
	w[5] = 5;                       /* flags */
}

static void src_render(void *ctx, size_t i, ui_line *l)
{
	const ro_portfolio *r = psrc_row(ctx, i);
	int w[6];
	char year[8] = "";
	char flags[8];

	if (r == NULL)
		return;
	widths(l->width - l->cols, w);
	if (r->grad_year)
		snprintf(year, sizeof year, "%d", r->grad_year);
	else if (r->type != RO_TYPE_STUDENT)
		snprintf(year, sizeof year, "%s", ro_account_type_name(r->type));
	snprintf(flags, sizeof flags, "%c%c%c%c", r->sso ? 'S' : ' ',
	    r->temp_password ? 'T' : ' ', r->active ? ' ' : 'I',
	    r->locked_until > (int64_t)time(NULL) ? 'L' : ' ');
	ui_line_put(l, UI_NORMAL, r->last, w[0], w[0] + 1);
	ui_line_put(l, UI_NORMAL, r->first, w[1], w[1] + 1);
	ui_line_put(l, UI_NORMAL, r->username, w[2], w[2] + 1);
	ui_line_put(l, UI_NORMAL, year, w[3], w[3] + 1);
	ui_line_put(l, UI_NORMAL, r->group_name ? r->group_name : "", w[4],
	    w[4] + 1);
	ui_line_put(l, r->sso ? UI_WARN : UI_NORMAL, flags, w[5], 0);
}

static void src_header(void *ctx, ui_line *l)
{
	int w[6];

	(void)ctx;
	widths(l->width - l->cols, w);
	ui_line_put(l, UI_HEAD, "Last Name", w[0], w[0] + 1);
	ui_line_put(l, UI_HEAD, "First Name", w[1], w[1] + 1);
	ui_line_put(l, UI_HEAD, "Username", w[2], w[2] + 1);
	ui_line_put(l, UI_HEAD, "Year", w[3], w[3] + 1);
	ui_line_put(l, UI_HEAD, "Group", w[4], w[4] + 1);
	ui_line_put(l, UI_HEAD, "Flags", w[5], 0);
}

/* Up to this many rows the rank comes with the page (a millisecond); a
 * longer list shows the page first and ranks it after (psrc_place). */
#define RANK_AT_ONCE 5000

/* Type-ahead on the last name: the page at the first row whose last name
 * sorts at or after the prefix, one indexed query; on a long list its
 * position is provisional (in the middle, far from both ends: moving
 * keeps to keyset pages) until the rank comes. */
static int src_seek(void *ctx, const char *prefix, size_t from, size_t *at)
{
	psrc *p = ctx;
	ro_cursor c = { .last = (char *)prefix, .first = "", .id = 0 };
	ro_portfolio_list *l = NULL;
	size_t pos = 0;
	bool provisional = false;
	int rc;

	(void)from;
	rc = ro_list_page(&l, p->s, &p->sel, &c, false, 64);
	if (rc < 0)
		return rc;
	if (l->n == 0 || !lw_prefix(l->items[0].last, prefix)) {
		ro_portfolio_list_free(l);
		return 1;
	}
	if (!l->more && p->total >= l->n) {
		pos = p->total - l->n;          /* the list's last rows */
	} else if (p->total <= RANK_AT_ONCE) {
		if ((rc = ro_list_rank(&pos, p->s, &p->sel, &c)) < 0) {
			ro_portfolio_list_free(l);
			return rc;
		}
	} else {
		char *seek = strdup(prefix);

		if (seek == NULL) {
			ro_portfolio_list_free(l);
			return ro_error_set(RO_ENOMEM, "out of memory");
		}
		free(p->seek);
		p->seek = seek;
		pos = p->seek_pos = p->total / 2;
		provisional = true;
	}
	psrc_invalidate(p);
	p->placing = provisional;
	p->ctop = pos;
	rc = take(p, l, false);
	ro_portfolio_list_free(l);
	if (rc < 0)
		return rc;
	*at = pos;
	return 0;
}

/* ROSTER_TEST_RANK_MS (tests only): the rank takes that long more, in
 * steps that stop as the rank does, so that a test sees the page before
 * its position and a key go first. */
static int test_slow_rank(int (*stop)(void *ctx), void *ctx)
{
	const char *e = getenv("ROSTER_TEST_RANK_MS");
	long ms = e ? strtol(e, NULL, 10) : 0;
	struct timespec step = { 0, 10 * 1000 * 1000 };

	for (; ms > 0; ms -= 10) {
		if (stop(ctx))
			return ro_error_set(RO_ECANCEL, "the count was "
			    "interrupted");
		nanosleep(&step, NULL);
	}
	return 0;
}

int psrc_place(psrc *p, int (*stop)(void *ctx), void *ctx, ptrdiff_t *shift)
{
	ro_cursor c = { .last = p->seek, .first = "", .id = 0 };
	size_t rank = 0;
	int rc;

	*shift = 0;
	if (!p->placing)
		return 0;
	if ((rc = test_slow_rank(stop, ctx)) < 0)
		return rc;
	if ((rc = ro_list_rank_until(&rank, p->s, &p->sel, &c, stop, ctx)) < 0)
		return rc;
	*shift = (ptrdiff_t)rank - (ptrdiff_t)p->seek_pos;
	placed(p, *shift);
	p->placed = false;
	p->shift = 0;
	return 0;
}

lw_source psrc_source(psrc *p)
{
	lw_source s = {
		.ctx = p, .count = src_count, .fetch = src_fetch, .key = src_key,
		.render = src_render, .header = src_header, .seek = src_seek,
	};

	return s;
}
