/* pg_audit.c — the PostgreSQL store's audit log in keyset pages, in (at,
 * id) order, and its counts: store_audit.c's twin.  A site's rows and the
 * rows of no site are two index ranges of audit_by_site (site_id, at, id)
 * INCLUDE (username, who, portfolio_id); the query text is assembled per
 * call from constant fragments, its parameters numbered as they come. */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLS "SELECT id, at, who, coalesce(batch_id, 0)," \
	" coalesce(portfolio_id, 0), username, action, field, old_value," \
	" new_value FROM audit WHERE "

typedef struct query {
	char sql[2048];
	const char *v[16];
	int n;
	char site[24], id[24], limit[24];
	char *like, *hi, *at;
	const char *low;
} query;

/* Appends text, with "$" replaced by the next parameter (value v). */
static void add(query *q, const char *text, const char *v)
{
	size_t len = strlen(q->sql);
	const char *d = strchr(text, '$');

	if (!d) {
		snprintf(q->sql + len, sizeof q->sql - len, "%s", text);
		return;
	}
	if (q->n == (int)(sizeof q->v / sizeof q->v[0]))
		abort();        /* a fragment too many: a bug here */
	q->v[q->n++] = v;
	snprintf(q->sql + len, sizeof q->sql - len, "%.*s$%d%s",
	    (int)(d - text), text, q->n, d + 1);
}

static void done(query *q)
{
	free(q->like);
	free(q->hi);
	free(q->at);
}

/* The query (it owns at from here on). */
static int build(query *q, int64_t site_id, const ro_audit_query *aq,
    bool count, size_t limit, char *at)
{
	ro_audit_find f;

	memset(q, 0, sizeof *q);
	q->at = at;
	if (ro_store_audit_find(aq->find, &f, &q->like, &q->hi) < 0)
		return RO_ENOMEM;
	add(q, count ? "SELECT count(*) FROM audit WHERE " : COLS, NULL);
	if (site_id)
		add(q, "site_id = $::bigint", ro_pg_int(q->site, site_id, false));
	else
		add(q, "site_id IS NULL", NULL);
	/* The lower bound of time (since, or a date searched for when
	 * later) and the cursor are never both in one query, as on SQLite
	 * (store_audit.c): a next page's cursor is moved up to it, a page
	 * before the cursor keeps it and no other upper bound. */
	bool next = !count && !aq->last && aq->after && !aq->before;
	bool prev = !count && !aq->last && aq->after && aq->before;

	q->low = f == RO_AUDIT_FIND_DATE && (!aq->since ||
	    strcmp(aq->find, aq->since) > 0) ? aq->find : aq->since ?
	    aq->since : "";
	if (!next)
		add(q, " AND at >= $::text", q->low);
	if (f == RO_AUDIT_FIND_DATE) {
		if (!prev)
			add(q, " AND at < $::text", q->hi);
	} else if (f == RO_AUDIT_FIND_TEXT) {
		add(q, " AND (" NC("username") " LIKE " NC("$::text"), q->like);
		add(q, " OR " NC("who") " LIKE " NC("$::text"), q->like);
		add(q, " OR portfolio_id IN (SELECT id FROM portfolios WHERE ",
		    NULL);
		if (site_id)
			add(q, "site_id = $::bigint", q->site);
		else
			add(q, "site_id IS NULL", NULL);
		add(q, " AND active IN (0, 1) AND " NC("last") " >= "
		    NC("$::text"), aq->find);
		add(q, " AND " NC("last") " < " NC("$::text"), q->hi);
		add(q, " UNION ALL SELECT id FROM portfolios WHERE ", NULL);
		if (site_id)
			add(q, "site_id = $::bigint", q->site);
		else
			add(q, "site_id IS NULL", NULL);
		add(q, " AND " NC("first") " LIKE " NC("$::text") "))", q->like);
	}
	if (count)
		return 0;
	if (next && strcmp(q->low, q->at) > 0) {
		add(q, " AND (at, id) > ($::text", q->low);
		add(q, ", 0)", NULL);
	} else if (prev && f == RO_AUDIT_FIND_DATE && strcmp(q->at, q->hi) > 0) {
		add(q, " AND (at, id) < ($::text", q->hi);
		add(q, ", 0)", NULL);
	} else if (next || prev) {
		add(q, prev ? " AND (at, id) < ($::text" : " AND (at, id) > "
		    "($::text", q->at);
		add(q, ", $::bigint)", ro_pg_int(q->id, aq->after, false));
	}
	add(q, aq->last || (aq->after && aq->before) ? " ORDER BY at DESC,"
	    " id DESC" : " ORDER BY at, id", NULL);
	if (limit)
		add(q, " LIMIT $::bigint", ro_pg_int(q->limit, (int64_t)limit + 1,
		    false));
	return 0;
}

/* The cursor's time: the entry must exist. */
static int cursor_at(ro_pg *st, int64_t id, char **at)
{
	char b[24];
	const char *v[] = { ro_pg_int(b, id, false) };
	int rc;
	PGresult *r = ro_pg_q(st, "SELECT at FROM audit WHERE id = $1::bigint",
	    1, v, "audit", &rc);

	*at = NULL;
	if (!r)
		return rc;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return ro_error_set(RO_ENOTFOUND, "there is no audit entry %lld",
		    (long long)id);
	}
	*at = ro_pg_text(r, 0, 0);
	PQclear(r);
	return *at ? 0 : RO_ENOMEM;
}

int ro_pg_audit_page(ro_store *base, ro_audit_list **out, int64_t site_id,
    const ro_audit_query *aq, size_t limit)
{
	ro_pg *st = ro_pg_of(base);
	bool back = aq->last || (aq->after && aq->before);
	char *at = NULL;
	ro_audit_list *l;
	PGresult *r;
	query q;
	int rc, rows;

	*out = NULL;
	if (!aq->last && aq->after && (rc = cursor_at(st, aq->after, &at)))
		return rc;
	if ((rc = build(&q, site_id, aq, false, limit, at))) {
		done(&q);
		return rc;
	}
	r = ro_pg_qx(st, q.sql, q.n, q.v, "audit", &rc, false);
	done(&q);
	if (!r)
		return rc;
	rows = PQntuples(r);
	if (!(l = calloc(1, sizeof *l)) || (rows &&
	    !(l->items = calloc((size_t)rows, sizeof *l->items)))) {
		free(l);
		PQclear(r);
		return RO_ENOMEM;
	}
	l->more = limit && (size_t)rows > limit;
	for (int k = 0; k < rows && (!limit || (size_t)k < limit); k++) {
		/* Backwards pages come newest first: stored oldest first. */
		int i = back ? (l->more ? (int)limit : rows) - 1 - k : k;
		ro_audit_entry *e = &l->items[l->n++];

		e->id = ro_pg_i64(r, i, 0);
		e->when = ro_pg_text(r, i, 1);
		e->who = ro_pg_text(r, i, 2);
		e->batch_id = ro_pg_i64(r, i, 3);
		e->portfolio_id = ro_pg_i64(r, i, 4);
		e->username = ro_pg_text(r, i, 5);
		e->action = ro_pg_text(r, i, 6);
		e->field = ro_pg_text(r, i, 7);
		e->old_value = ro_pg_text(r, i, 8);
		e->new_value = ro_pg_text(r, i, 9);
	}
	PQclear(r);
	*out = l;
	return 0;
}

int ro_pg_audit_count(ro_store *base, size_t *out, int64_t site_id,
    const ro_audit_query *aq)
{
	PGresult *r;
	query q;
	int rc;

	*out = 0;
	if ((rc = build(&q, site_id, aq, true, 0, NULL))) {
		done(&q);
		return rc;
	}
	r = ro_pg_qx(ro_pg_of(base), q.sql, q.n, q.v, "audit count", &rc, false);
	done(&q);
	if (!r)
		return rc;
	*out = (size_t)ro_pg_i64(r, 0, 0);
	PQclear(r);
	return 0;
}

int ro_pg_audit_list(ro_store *base, ro_audit_list **out, int64_t site_id,
    const char *since)
{
	ro_audit_query q = { .since = since };

	return ro_pg_audit_page(base, out, site_id, &q, 0);
}
