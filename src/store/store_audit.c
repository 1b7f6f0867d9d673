/* store_audit.c — the audit log in keyset pages, in (at, id) order, and
 * its counts.
 *
 * Parameters: ?1 site (IS: NULL for the rows of no site), ?2 the lower
 * bound of time, ?3 ?4 the cursor (at, id), ?5 the LIKE pattern of a
 * search, ?6 ?7 its last-name range, or ?7 the date's upper bound, ?8
 * the limit.  A page walks the index
 * audit_by_site (site_id, at, id, username, who, portfolio_id): a search
 * tests each entry in the index itself, never in the table. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

/* The lower bound of time (?2: since, or a date searched for when later)
 * and the cursor are never both in one query: with two lower bounds
 * SQLite seeks on either, and may walk a million entries before the
 * cursor.  The cursor of a next page is moved up to ?2 instead; a page
 * before the cursor keeps ?2 as its only lower bound and the cursor as
 * its only upper one. */
#define SEL "SELECT id, at, who, coalesce(batch_id, 0)," \
	" coalesce(portfolio_id, 0), username, action, field, old_value," \
	" new_value FROM audit WHERE site_id IS ?1"
#define CNT "SELECT count(*) FROM audit WHERE site_id IS ?1"
#define LOW " AND at >= ?2"
#define HIGH " AND at < ?7"
#define F_TEXT " AND (username LIKE ?5 ESCAPE '\\' OR who LIKE ?5" \
	" ESCAPE '\\' OR portfolio_id IN (SELECT id FROM portfolios" \
	" WHERE site_id IS ?1 AND active IN (0, 1) AND last >= ?6" \
	" AND last < ?7 UNION ALL SELECT id FROM portfolios" \
	" WHERE site_id IS ?1 AND first LIKE ?5 ESCAPE '\\'))"
#define NEXT " AND (at, id) > (?3, ?4) ORDER BY at, id LIMIT ?8"
#define FIRST " ORDER BY at, id LIMIT ?8"
#define PREV " AND (at, id) < (?3, ?4) ORDER BY at DESC, id DESC LIMIT ?8"
#define LAST " ORDER BY at DESC, id DESC LIMIT ?8"

enum { K_NEXT, K_FIRST, K_PREV, K_LAST, K_COUNT, NKINDS };

/* [find][kind]: constant texts, so that the statement cache keys them. */
static const char *const sqls[3][NKINDS] = {
	[RO_AUDIT_FIND_NONE] = { SEL NEXT, SEL LOW FIRST, SEL LOW PREV,
	    SEL LOW LAST, CNT LOW },
	[RO_AUDIT_FIND_DATE] = { SEL HIGH NEXT, SEL LOW HIGH FIRST,
	    SEL LOW PREV, SEL LOW HIGH LAST, CNT LOW HIGH },
	[RO_AUDIT_FIND_TEXT] = { SEL F_TEXT NEXT, SEL LOW F_TEXT FIRST,
	    SEL LOW F_TEXT PREV, SEL LOW F_TEXT LAST, CNT LOW F_TEXT },
};

/* The statement of the query, bound but for the cursor and the limit;
 * *low: the lower bound of time, *hi: a search's upper bound (a date's,
 * or a last name's), for the cursor (free both). */
static sqlite3_stmt *prepare(ro_sq *st, int64_t site_id,
    const ro_audit_query *q, int kind, char **low, char **hi)
{
	ro_audit_find f;
	char *like;
	sqlite3_stmt *s = NULL;

	*low = NULL;
	if (ro_store_audit_find(q->find, &f, &like, hi) < 0) {
		ro_error_set(RO_ENOMEM, "out of memory");
		return NULL;
	}
	if (!(*low = strdup(f == RO_AUDIT_FIND_DATE && (!q->since ||
	    strcmp(q->find, q->since) > 0) ? q->find : q->since ? q->since :
	    "")))
		ro_error_set(RO_ENOMEM, "out of memory");
	else
		s = ro_sq_stmt(st, sqls[f][kind]);
	if (s) {
		ro_sq_bind_id(s, 1, site_id);
		sqlite3_bind_text(s, 2, *low, -1, SQLITE_TRANSIENT);
		if (f == RO_AUDIT_FIND_TEXT) {
			sqlite3_bind_text(s, 5, like, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(s, 6, q->find, -1, SQLITE_TRANSIENT);
		}
		if (f != RO_AUDIT_FIND_NONE)
			sqlite3_bind_text(s, 7, *hi, -1, SQLITE_TRANSIENT);
	}
	free(like);
	if (!s || f != RO_AUDIT_FIND_DATE) {
		free(*hi);
		*hi = NULL;
	}
	if (!s) {
		free(*low);
		*low = NULL;
	}
	return s;
}

/* The cursor's time: the entry must exist. */
static int cursor_at(ro_sq *st, int64_t id, char **at)
{
	int rc = ro_sq_text_by_id(st, "SELECT at FROM audit WHERE id = ?1",
	    id, at);

	if (rc < 0)
		return ro_error_last_code();
	if (rc == SQLITE_DONE)
		return ro_error_set(RO_ENOTFOUND, "there is no audit entry %lld",
		    (long long)id);
	if (rc != SQLITE_ROW)
		return ro_sq_sqlerr(st, rc, "audit");
	return *at ? 0 : RO_ENOMEM;
}

static int grow(ro_audit_list *l, size_t *cap)
{
	ro_audit_entry *ni;

	if (l->n < *cap)
		return 0;
	*cap = *cap ? *cap * 2 : 64;
	if (!(ni = realloc(l->items, *cap * sizeof *ni)))
		return RO_ENOMEM;
	l->items = ni;
	return 0;
}

/* The rows of a page (newest first when backwards: reversed here). */
static int read_rows(ro_sq *st, sqlite3_stmt *s, ro_audit_list *l,
    size_t limit, bool backwards)
{
	size_t cap = 0;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (limit && l->n == limit) {
			l->more = true;
			break;
		}
		if (grow(l, &cap) < 0) {
			sqlite3_reset(s);
			return RO_ENOMEM;
		}
		ro_audit_entry *e = &l->items[l->n++];
		e->id = sqlite3_column_int64(s, 0);
		e->when = ro_sq_col_text(s, 1);
		e->who = ro_sq_col_text(s, 2);
		e->batch_id = sqlite3_column_int64(s, 3);
		e->portfolio_id = sqlite3_column_int64(s, 4);
		e->username = ro_sq_col_text(s, 5);
		e->action = ro_sq_col_text(s, 6);
		e->field = ro_sq_col_text(s, 7);
		e->old_value = ro_sq_col_text(s, 8);
		e->new_value = ro_sq_col_text(s, 9);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return ro_sq_sqlerr(st, rc, "audit");
	for (size_t i = 0; backwards && i < l->n / 2; i++) {
		ro_audit_entry t = l->items[i];
		l->items[i] = l->items[l->n - 1 - i];
		l->items[l->n - 1 - i] = t;
	}
	return 0;
}

int ro_sq_audit_page(ro_store *base, ro_audit_list **out, int64_t site_id,
    const ro_audit_query *q, size_t limit)
{
	ro_sq *st = ro_sq_of(base);
	int kind = q->last ? K_LAST : !q->after ? K_FIRST :
	    q->before ? K_PREV : K_NEXT;
	char *at = NULL, *low, *hi;
	sqlite3_stmt *s;
	ro_audit_list *l;
	int rc;

	*out = NULL;
	if ((kind == K_NEXT || kind == K_PREV) &&
	    (rc = cursor_at(st, q->after, &at)))
		return rc;
	if (!(s = prepare(st, site_id, q, kind, &low, &hi))) {
		free(at);
		return ro_error_last_code();
	}
	if (at && kind == K_NEXT && strcmp(low, at) > 0) {
		/* The cursor before the lower bound: from the bound on. */
		sqlite3_bind_text(s, 3, low, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 4, 0);
	} else if (at && kind == K_PREV && hi && strcmp(at, hi) > 0) {
		sqlite3_bind_text(s, 3, hi, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 4, 0);
	} else if (at) {
		sqlite3_bind_text(s, 3, at, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 4, q->after);
	}
	free(at);
	free(low);
	free(hi);
	/* One more than the page: whether entries follow it. */
	sqlite3_bind_int64(s, 8, limit ? (sqlite3_int64)limit + 1 : -1);
	if (!(l = calloc(1, sizeof *l))) {
		sqlite3_reset(s);
		return RO_ENOMEM;
	}
	if ((rc = read_rows(st, s, l, limit, kind == K_PREV || kind == K_LAST))) {
		ro_audit_list_free(l);
		return rc;
	}
	*out = l;
	return 0;
}

int ro_sq_audit_count(ro_store *base, size_t *out, int64_t site_id,
    const ro_audit_query *q)
{
	ro_sq *st = ro_sq_of(base);
	char *low, *hi;
	sqlite3_stmt *s = prepare(st, site_id, q, K_COUNT, &low, &hi);
	int rc;

	*out = 0;
	if (!s)
		return ro_error_last_code();
	free(low);
	free(hi);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = (size_t)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : ro_sq_sqlerr(st, rc, "audit count");
}

int ro_sq_audit_list(ro_store *base, ro_audit_list **out, int64_t site_id,
    const char *since)
{
	ro_audit_query q = { .since = since };

	return ro_sq_audit_page(base, out, site_id, &q, 0);
}
