/* store_list.c — lists by search mode: keyset pages, counts, ranks and
 * full iteration of a selection.
 *
 * Every query is assembled from constant fragments (no data in SQL) and
 * prepared once per store.  Parameters: ?1 site, ?2 active, ?3 mode
 * argument, ?4 prefix upper bound, ?5 only/except ids (JSON), ?6 ?7 ?8 the
 * cursor (last, first, id), ?9 the limit. */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum shape { SHAPE_ALL, SHAPE_ONLY, SHAPE_EXCEPT };
enum kind { K_NEXT, K_FIRST, K_PREV, K_LAST, K_COUNT, K_RANK, K_EACH };

static const char *const mode_where[] = {
	[RO_MODE_LAST_NAME] = "p.site_id = ?1 AND p.active = ?2"
	    " AND p.last >= ?3 AND p.last < ?4",
	[RO_MODE_GROUP] = "p.group_id = ?3 AND p.active = ?2",
	[RO_MODE_GRAD_YEAR] = "p.site_id = ?1 AND p.active = ?2"
	    " AND p.grad_year = ?3",
	[RO_MODE_ALL] = "p.site_id = ?1 AND p.active = ?2",
};

/* With a cursor the row value is the lower (or upper) bound, and SQLite
 * seeks on it only when no other bound on last competes with it. */
static const char last_name_next[] = "p.site_id = ?1 AND p.active = ?2"
    " AND p.last < ?4";
static const char last_name_prev[] = "p.site_id = ?1 AND p.active = ?2"
    " AND p.last >= ?3";

static const char *where_of(ro_mode mode, enum kind k)
{
	if (mode == RO_MODE_LAST_NAME && k == K_NEXT)
		return last_name_next;
	if (mode == RO_MODE_LAST_NAME && k == K_PREV)
		return last_name_prev;
	return mode_where[mode];
}

static const char *const shape_where[] = {
	[SHAPE_ALL] = "",
	[SHAPE_ONLY] = " AND p.id IN (SELECT value FROM json_each(?5))",
	[SHAPE_EXCEPT] = " AND p.id NOT IN (SELECT value FROM json_each(?5))",
};

static const char *const kind_head[] = {
	[K_NEXT] = "SELECT " RO_ROW_COLUMNS RO_ROW_FROM " WHERE ",
	[K_FIRST] = "SELECT " RO_ROW_COLUMNS RO_ROW_FROM " WHERE ",
	[K_PREV] = "SELECT " RO_ROW_COLUMNS RO_ROW_FROM " WHERE ",
	[K_LAST] = "SELECT " RO_ROW_COLUMNS RO_ROW_FROM " WHERE ",
	[K_COUNT] = "SELECT count(*) FROM portfolios p WHERE ",
	[K_RANK] = "SELECT count(*) FROM portfolios p WHERE ",
	[K_EACH] = "SELECT " RO_ROW_COLUMNS RO_ROW_FROM " WHERE ",
};

static const char *const kind_tail[] = {
	[K_NEXT] = " AND (p.last, p.first, p.id) > (?6, ?7, ?8)"
	    " ORDER BY p.last, p.first, p.id LIMIT ?9",
	[K_FIRST] = " ORDER BY p.last, p.first, p.id LIMIT ?9",
	[K_PREV] = " AND (p.last, p.first, p.id) < (?6, ?7, ?8)"
	    " ORDER BY p.last DESC, p.first DESC, p.id DESC LIMIT ?9",
	[K_LAST] = " ORDER BY p.last DESC, p.first DESC, p.id DESC LIMIT ?9",
	[K_COUNT] = "",
	[K_RANK] = " AND (p.last, p.first, p.id) < (?6, ?7, ?8)",
	[K_EACH] = " ORDER BY p.last, p.first, p.id",
};

/* Counts of a whole site, group or year come from portfolio_counts (kept
 * by triggers, see schema.c); a last-name prefix counts its index range.
 * "All but these" is the whole count less those of the list among them:
 * NOT IN over a million rows costs 200 ms, IN over a few ids nothing. */
static const char *const count_head[] = {
	[RO_MODE_LAST_NAME] = NULL,
	[RO_MODE_GROUP] = "SELECT coalesce(sum(n), 0) FROM portfolio_counts"
	    " WHERE site_id = ?1 AND active = ?2 AND group_id = ?3",
	[RO_MODE_GRAD_YEAR] = "SELECT coalesce(sum(n), 0) FROM portfolio_counts"
	    " WHERE site_id = ?1 AND active = ?2 AND grad_year = ?3",
	[RO_MODE_ALL] = "SELECT coalesce(sum(n), 0) FROM portfolio_counts"
	    " WHERE site_id = ?1 AND active = ?2",
};

static char *count_sql(ro_mode mode, enum shape sh)
{
	const char *w = mode_where[mode];

	if (sh == SHAPE_ONLY)
		return sqlite3_mprintf("%s%s%s", kind_head[K_COUNT], w,
		    shape_where[SHAPE_ONLY]);
	if (sh == SHAPE_ALL)
		return count_head[mode] ? sqlite3_mprintf("%s", count_head[mode])
		    : sqlite3_mprintf("%s%s", kind_head[K_COUNT], w);
	if (count_head[mode])
		return sqlite3_mprintf("SELECT (%s) - (%s%s%s)", count_head[mode],
		    kind_head[K_COUNT], w, shape_where[SHAPE_ONLY]);
	return sqlite3_mprintf("SELECT (%s%s) - (%s%s%s)", kind_head[K_COUNT],
	    w, kind_head[K_COUNT], w, shape_where[SHAPE_ONLY]);
}

static enum shape shape_of(const ro_selection *sel)
{
	return sel->only ? SHAPE_ONLY : sel->except ? SHAPE_EXCEPT : SHAPE_ALL;
}

static sqlite3_stmt *list_stmt(ro_sq *st, ro_mode mode, enum shape sh,
    enum kind k)
{
	unsigned key = (unsigned)mode * 100 + (unsigned)sh * 10 + (unsigned)k;

	for (size_t i = 0; i < st->nlists; i++)
		if (st->lists[i].key == key) {
			sqlite3_reset(st->lists[i].stmt);
			sqlite3_clear_bindings(st->lists[i].stmt);
			return st->lists[i].stmt;
		}
	if (st->nlists == sizeof st->lists / sizeof st->lists[0]) {
		ro_error_set(RO_EINTERNAL, "list statement cache full");
		return NULL;
	}
	char *sql = k == K_COUNT ? count_sql(mode, sh) :
	    sqlite3_mprintf("%s%s%s%s", kind_head[k], where_of(mode, k),
	    shape_where[sh], kind_tail[k]);
	sqlite3_stmt *s = NULL;
	if (!sql)
		return NULL;
	int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &s, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_free(sql);
		ro_sq_sqlerr(st, rc, "prepare list");
		return NULL;
	}
	st->lists[st->nlists].key = key;
	st->lists[st->nlists].sql = sql;
	st->lists[st->nlists].stmt = s;
	st->nlists++;
	return s;
}

void ro_sq_lists_free(ro_sq *st)
{
	for (size_t i = 0; i < st->nlists; i++) {
		sqlite3_finalize(st->lists[i].stmt);
		sqlite3_free(st->lists[i].sql);
	}
	st->nlists = 0;
}

/* Binds the mode's parameters.  A group or year argument was resolved by
 * the engine to a number; a prefix gets its upper bound: the prefix
 * followed by the largest code point sorts after every name it begins. */
static int bind_selection(sqlite3_stmt *s, int64_t site_id,
    const ro_selection *sel)
{
	sqlite3_bind_int64(s, 1, site_id);
	sqlite3_bind_int(s, 2, sel->inactive ? 0 : 1);
	switch (sel->mode) {
	case RO_MODE_LAST_NAME: {
		const char *pre = sel->arg ? sel->arg : "";
		size_t n = strlen(pre);
		char *hi = malloc(n + 5);
		if (!hi)
			return RO_ENOMEM;
		memcpy(hi, pre, n);
		memcpy(hi + n, "\xf4\x8f\xbf\xbf", 5);
		sqlite3_bind_text(s, 3, pre, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 4, hi, -1, free);
		break;
	}
	case RO_MODE_GROUP:
	case RO_MODE_GRAD_YEAR:
		sqlite3_bind_int64(s, 3, sel->arg ? strtoll(sel->arg, NULL, 10)
		    : 0);
		break;
	case RO_MODE_ALL:
		break;
	}
	if (sel->only || sel->except) {
		char *json = sel->only ? ro_sq_json_ids(sel->only, sel->nonly)
		    : ro_sq_json_ids(sel->except, sel->nexcept);
		if (!json)
			return RO_ENOMEM;
		sqlite3_bind_text(s, 5, json, -1, free);
	}
	return 0;
}

static void bind_cursor(sqlite3_stmt *s, const ro_cursor *c)
{
	sqlite3_bind_text(s, 6, c->last ? c->last : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 7, c->first ? c->first : "", -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 8, c->id);
}

static int page_push(ro_portfolio_list *l, sqlite3_stmt *s, size_t cap)
{
	if (l->n == cap)
		return 1;
	ro_sq_read_portfolio(s, &l->items[l->n++]);
	return 0;
}

int ro_sq_list_page(ro_store *base, ro_portfolio_list **out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *after, bool before,
    size_t limit)
{
	ro_sq *st = ro_sq_of(base);
	enum kind k = before ? (after ? K_PREV : K_LAST)
	    : (after ? K_NEXT : K_FIRST);
	sqlite3_stmt *s = list_stmt(st, sel->mode, shape_of(sel), k);
	ro_portfolio_list *l;
	int rc;

	*out = NULL;
	if (!s)
		return ro_error_last_code();
	if (!(l = calloc(1, sizeof *l)) ||
	    !(l->items = calloc(limit ? limit : 1, sizeof *l->items))) {
		free(l);
		return RO_ENOMEM;
	}
	if ((rc = bind_selection(s, site_id, sel)))
		goto fail;
	if (after)
		bind_cursor(s, after);
	/* One row more than asked tells whether another page follows. */
	sqlite3_bind_int64(s, 9, (sqlite3_int64)limit + 1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (page_push(l, s, limit)) {
			l->more = true;
			break;
		}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = ro_sq_sqlerr(st, rc, "list");
		goto fail;
	}
	if (before) {
		/* Backward queries read in descending order; pages are always
		 * handed out ascending. */
		for (size_t i = 0; i < l->n / 2; i++) {
			ro_portfolio t = l->items[i];
			l->items[i] = l->items[l->n - 1 - i];
			l->items[l->n - 1 - i] = t;
		}
	}
	*out = l;
	return 0;
fail:
	ro_portfolio_list_free(l);
	return rc;
}

static int count_query(ro_sq *st, size_t *out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *at)
{
	sqlite3_stmt *s = list_stmt(st, sel->mode, shape_of(sel),
	    at ? K_RANK : K_COUNT);
	int rc;

	*out = 0;
	if (!s)
		return ro_error_last_code();
	if ((rc = bind_selection(s, site_id, sel)))
		return rc;
	if (at)
		bind_cursor(s, at);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = (size_t)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_ROW ? 0 : ro_sq_sqlerr(st, rc, "count");
}

int ro_sq_list_count(ro_store *base, size_t *out, int64_t site_id,
    const ro_selection *sel)
{
	ro_sq *st = ro_sq_of(base);
	ro_selection all = *sel;

	/* Every name begins with the empty prefix. */
	if (sel->mode == RO_MODE_LAST_NAME && (!sel->arg || !*sel->arg))
		all.mode = RO_MODE_ALL;
	return count_query(st, out, site_id, &all, NULL);
}

int ro_sq_list_rank(ro_store *base, size_t *out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *at)
{
	ro_sq *st = ro_sq_of(base);

	return count_query(st, out, site_id, sel, at);
}

struct stopper {
	int (*stop)(void *ctx);
	void *ctx;
	bool fired;
};

static int progress(void *arg)
{
	struct stopper *p = arg;

	if (p->stop(p->ctx))
		p->fired = true;
	return p->fired;
}

/* SQLite asks stop every 10,000 virtual machine steps (a few hundred
 * microseconds): a non-zero answer interrupts the count. */
int ro_sq_list_rank_until(ro_store *base, size_t *out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *at, int (*stop)(void *ctx),
    void *ctx)
{
	ro_sq *st = ro_sq_of(base);
	struct stopper p = { stop, ctx, false };
	int rc;

	*out = 0;
	if (stop(ctx))
		return ro_error_set(RO_ECANCEL, "the count was interrupted");
	sqlite3_progress_handler(st->db, 10000, progress, &p);
	rc = count_query(st, out, site_id, sel, at);
	sqlite3_progress_handler(st->db, 0, NULL, NULL);
	if (p.fired) {
		*out = 0;
		return ro_error_set(RO_ECANCEL, "the count was interrupted");
	}
	return rc;
}

int ro_sq_select_each(ro_store *base, int64_t site_id,
    const ro_selection *sel, ro_store_row_fn fn, void *ctx)
{
	ro_sq *st = ro_sq_of(base);
	sqlite3_stmt *s = list_stmt(st, sel->mode, shape_of(sel), K_EACH);
	int rc;

	if (!s)
		return ro_error_last_code();
	if ((rc = bind_selection(s, site_id, sel)))
		return rc;
	rc = ro_sq_each_stmt(st, s, fn, ctx);
	sqlite3_clear_bindings(s);
	return rc;
}

/* The query plan of the mode's next-page query, searched for what the
 * test used to check in its text: the portfolios table reached through
 * one of our indexes, never scanned, never sorted in a temporary
 * b-tree. */
int ro_sq_list_uses_index(ro_store *base, ro_mode mode, bool *out)
{
	ro_sq *st = ro_sq_of(base);
	char *sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %s%s%s",
	    kind_head[K_NEXT], where_of(mode, K_NEXT), kind_tail[K_NEXT]);
	sqlite3_stmt *s = NULL;
	bool index = false, scan = false;
	int rc;

	*out = false;
	if (!sql)
		return RO_ENOMEM;
	rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return ro_sq_sqlerr(st, rc, "explain");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(s, 3);
		if (!d)
			continue;
		if (strstr(d, "USING INDEX portfolios_by_"))
			index = true;
		if (strstr(d, "SCAN p") || strstr(d, "TEMP B-TREE"))
			scan = true;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ro_sq_sqlerr(st, rc, "explain");
	*out = index && !scan;
	return 0;
}
