/* pg_list.c — the PostgreSQL store's lists by search mode: keyset pages,
 * counts, ranks and full iteration, in SQLite's order to the byte (names
 * through NC(), then the id).
 *
 * Queries are assembled once per connection from constant fragments
 * whose parameters are named (@site, @arg, …); assembly numbers them in
 * the order they appear, since the server wants every $n used. */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum shape { SHAPE_ALL, SHAPE_ONLY, SHAPE_EXCEPT };
enum kind { K_NEXT, K_FIRST, K_PREV, K_LAST, K_COUNT, K_RANK, K_EACH };
enum role { R_SITE, R_ACTIVE, R_ARG, R_HI, R_IDS, R_LAST, R_FIRST, R_ID,
	R_LIMIT, NROLES };

static const char *const role_name[NROLES] = { "@site", "@active", "@arg",
	"@hi", "@ids", "@last", "@first", "@id", "@limit" };

#define ORDER NC("p.last") ", " NC("p.first") ", p.id"
#define ORDER_DESC NC("p.last") " DESC, " NC("p.first") " DESC, p.id DESC"
#define KEY "(" NC("p.last") ", " NC("p.first") ", p.id)"
#define CURSOR "(" NC("@last::text") ", " NC("@first::text") ", @id::bigint)"

static const char *const mode_where[] = {
	[RO_MODE_LAST_NAME] = "p.site_id = @site AND p.active = @active"
	    " AND " NC("p.last") " >= " NC("@arg::text")
	    " AND " NC("p.last") " < " NC("@hi::text"),
	[RO_MODE_GROUP] = "p.group_id = @arg::bigint AND p.active = @active",
	[RO_MODE_GRAD_YEAR] = "p.site_id = @site AND p.active = @active"
	    " AND p.grad_year = @arg::integer",
	[RO_MODE_ALL] = "p.site_id = @site AND p.active = @active",
};

static const char *const shape_where[] = {
	[SHAPE_ALL] = "",
	[SHAPE_ONLY] = " AND p.id = ANY (@ids::bigint[])",
	[SHAPE_EXCEPT] = " AND NOT (p.id = ANY (@ids::bigint[]))",
};

static const char *const kind_head[] = {
	[K_NEXT] = "SELECT " PG_ROW_COLUMNS PG_ROW_FROM " WHERE ",
	[K_FIRST] = "SELECT " PG_ROW_COLUMNS PG_ROW_FROM " WHERE ",
	[K_PREV] = "SELECT " PG_ROW_COLUMNS PG_ROW_FROM " WHERE ",
	[K_LAST] = "SELECT " PG_ROW_COLUMNS PG_ROW_FROM " WHERE ",
	[K_COUNT] = "SELECT count(*) FROM portfolios p WHERE ",
	[K_RANK] = "SELECT count(*) FROM portfolios p WHERE ",
	[K_EACH] = "SELECT " PG_ROW_COLUMNS PG_ROW_FROM " WHERE ",
};

static const char *const kind_tail[] = {
	[K_NEXT] = " AND " KEY " > " CURSOR " ORDER BY " ORDER
	    " LIMIT @limit::bigint",
	[K_FIRST] = " ORDER BY " ORDER " LIMIT @limit::bigint",
	[K_PREV] = " AND " KEY " < " CURSOR " ORDER BY " ORDER_DESC
	    " LIMIT @limit::bigint",
	[K_LAST] = " ORDER BY " ORDER_DESC " LIMIT @limit::bigint",
	[K_COUNT] = "",
	[K_RANK] = " AND " KEY " < " CURSOR,
	[K_EACH] = " ORDER BY " ORDER,
};

/* Whole sites, groups and years are counted from portfolio_counts, as on
 * SQLite (store_list.c says why). */
static const char *const count_head[] = {
	[RO_MODE_LAST_NAME] = NULL,
	[RO_MODE_GROUP] = "SELECT coalesce(sum(n), 0) FROM portfolio_counts"
	    " WHERE site_id = @site AND active = @active"
	    " AND group_id = @arg::bigint",
	[RO_MODE_GRAD_YEAR] = "SELECT coalesce(sum(n), 0) FROM portfolio_counts"
	    " WHERE site_id = @site AND active = @active"
	    " AND grad_year = @arg::integer",
	[RO_MODE_ALL] = "SELECT coalesce(sum(n), 0) FROM portfolio_counts"
	    " WHERE site_id = @site AND active = @active",
};

typedef struct list_sql {
	char *sql;
	int order[NROLES];      /* $k+1 is role order[k] */
	int n;
} list_sql;

/* The named text with its names turned into $1 … in order of first
 * appearance (malloc'd). */
static int number(list_sql *out, const char *named)
{
	size_t cap = strlen(named) + 1;
	char *sql = malloc(cap), *o = sql;
	int num[NROLES] = { 0 };

	if (!sql)
		return RO_ENOMEM;
	out->n = 0;
	for (const char *c = named; *c;) {
		int r = NROLES;
		if (*c == '@')
			for (r = 0; r < NROLES; r++)
				if (strncmp(c, role_name[r],
				    strlen(role_name[r])) == 0)
					break;
		if (r == NROLES) {
			*o++ = *c++;
			continue;
		}
		if (!num[r]) {
			out->order[out->n] = r;
			num[r] = ++out->n;
		}
		o += sprintf(o, "$%d", num[r]);
		c += strlen(role_name[r]);
	}
	*o = '\0';
	out->sql = sql;
	return 0;
}

static char *named_sql(ro_mode mode, enum shape sh, enum kind k)
{
	const char *w = mode_where[mode];
	size_t n = 2048;
	char *s = malloc(n);

	if (!s)
		return NULL;
	if (k != K_COUNT)
		snprintf(s, n, "%s%s%s%s", kind_head[k], w, shape_where[sh],
		    kind_tail[k]);
	else if (sh == SHAPE_ONLY || (sh == SHAPE_ALL && !count_head[mode]))
		snprintf(s, n, "%s%s%s", kind_head[K_COUNT], w,
		    shape_where[sh]);
	else if (sh == SHAPE_ALL)
		snprintf(s, n, "%s", count_head[mode]);
	else if (count_head[mode])
		snprintf(s, n, "SELECT (%s) - (%s%s%s)", count_head[mode],
		    kind_head[K_COUNT], w, shape_where[SHAPE_ONLY]);
	else
		snprintf(s, n, "SELECT (%s%s) - (%s%s%s)", kind_head[K_COUNT],
		    w, kind_head[K_COUNT], w, shape_where[SHAPE_ONLY]);
	return s;
}

/* The assembled query, kept for the connection's life. */
static int list_stmt(ro_pg *st, ro_mode mode, enum shape sh, enum kind k,
    list_sql *out)
{
	unsigned key = (unsigned)mode * 100 + (unsigned)sh * 10 + (unsigned)k;
	char *named;
	int rc;

	for (size_t i = 0; i < st->nlists; i++)
		if (st->lists[i].key == key) {
			out->sql = st->lists[i].sql;
			out->n = st->lists[i].n;
			memcpy(out->order, st->lists[i].order,
			    sizeof out->order);
			return 0;
		}
	if (st->nlists == sizeof st->lists / sizeof st->lists[0])
		return ro_error_set(RO_EINTERNAL, "list statement cache full");
	if (!(named = named_sql(mode, sh, k)))
		return RO_ENOMEM;
	rc = number(out, named);
	free(named);
	if (rc)
		return rc;
	st->lists[st->nlists].key = key;
	st->lists[st->nlists].sql = out->sql;
	st->lists[st->nlists].n = out->n;
	memcpy(st->lists[st->nlists++].order, out->order, sizeof out->order);
	return 0;
}

static enum shape shape_of(const ro_selection *sel)
{
	return sel->only ? SHAPE_ONLY : sel->except ? SHAPE_EXCEPT : SHAPE_ALL;
}

/* The values of the roles; what is malloc'd goes into *owned. */
typedef struct binds {
	const char *v[NROLES];
	char num[NROLES][24];
	char *hi, *ids;
} binds;

static int bind(binds *b, int64_t site_id, const ro_selection *sel,
    const ro_cursor *c, size_t limit)
{
	memset(b, 0, sizeof *b);
	b->v[R_SITE] = ro_pg_int(b->num[R_SITE], site_id, false);
	b->v[R_ACTIVE] = sel->inactive ? "0" : "1";
	if (sel->mode == RO_MODE_LAST_NAME) {
		const char *pre = sel->arg ? sel->arg : "";
		size_t n = strlen(pre);
		if (!(b->hi = malloc(n + 5)))
			return RO_ENOMEM;
		memcpy(b->hi, pre, n);
		memcpy(b->hi + n, "\xf4\x8f\xbf\xbf", 5);
		b->v[R_ARG] = pre;
		b->v[R_HI] = b->hi;
	} else if (sel->mode != RO_MODE_ALL) {
		b->v[R_ARG] = ro_pg_int(b->num[R_ARG], sel->arg ?
		    strtoll(sel->arg, NULL, 10) : 0, false);
	}
	if (sel->only || sel->except) {
		b->ids = sel->only ? ro_pg_id_array(sel->only, sel->nonly) :
		    ro_pg_id_array(sel->except, sel->nexcept);
		if (!b->ids) {
			free(b->hi);
			return RO_ENOMEM;
		}
		b->v[R_IDS] = b->ids;
	}
	if (c) {
		b->v[R_LAST] = c->last ? c->last : "";
		b->v[R_FIRST] = c->first ? c->first : "";
		b->v[R_ID] = ro_pg_int(b->num[R_ID], c->id, false);
	}
	b->v[R_LIMIT] = ro_pg_int(b->num[R_LIMIT], (int64_t)limit, false);
	return 0;
}

static void binds_free(binds *b)
{
	free(b->hi);
	free(b->ids);
}

/* Runs the list query of (mode, shape, kind) with the bindings. */
static PGresult *run(ro_pg *st, const ro_selection *sel, enum kind k,
    int64_t site_id, const ro_cursor *c, size_t limit, int *rc)
{
	list_sql q;
	binds b;
	const char *v[NROLES];
	PGresult *r;

	if ((*rc = list_stmt(st, sel->mode, shape_of(sel), k, &q)))
		return NULL;
	if ((*rc = bind(&b, site_id, sel, c, limit)))
		return NULL;
	for (int i = 0; i < q.n; i++)
		v[i] = b.v[q.order[i]];
	r = ro_pg_q(st, q.sql, q.n, v, "list", rc);
	binds_free(&b);
	return r;
}

int ro_pg_list_page(ro_store *base, ro_portfolio_list **out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *after, bool before,
    size_t limit)
{
	ro_pg *st = ro_pg_of(base);
	enum kind k = before ? (after ? K_PREV : K_LAST)
	    : (after ? K_NEXT : K_FIRST);
	ro_portfolio_list *l;
	int rc;
	PGresult *r;

	*out = NULL;
	/* One row more than asked tells whether another page follows. */
	if (!(r = run(st, sel, k, site_id, after, limit + 1, &rc)))
		return rc;
	if (!(l = calloc(1, sizeof *l)) ||
	    !(l->items = calloc(limit ? limit : 1, sizeof *l->items))) {
		free(l);
		PQclear(r);
		return RO_ENOMEM;
	}
	for (int i = 0; i < PQntuples(r); i++) {
		if (l->n == limit) {
			l->more = true;
			break;
		}
		ro_pg_read_portfolio(r, i, &l->items[l->n++]);
	}
	PQclear(r);
	if (before)
		for (size_t i = 0; i < l->n / 2; i++) {
			ro_portfolio t = l->items[i];
			l->items[i] = l->items[l->n - 1 - i];
			l->items[l->n - 1 - i] = t;
		}
	*out = l;
	return 0;
}

static int count_query(ro_pg *st, size_t *out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *at)
{
	int rc;
	PGresult *r = run(st, sel, at ? K_RANK : K_COUNT, site_id, at, 0, &rc);

	*out = 0;
	if (!r)
		return rc;
	*out = (size_t)strtoull(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return 0;
}

int ro_pg_list_count(ro_store *base, size_t *out, int64_t site_id,
    const ro_selection *sel)
{
	ro_selection all = *sel;

	/* Every name begins with the empty prefix. */
	if (sel->mode == RO_MODE_LAST_NAME && (!sel->arg || !*sel->arg))
		all.mode = RO_MODE_ALL;
	return count_query(ro_pg_of(base), out, site_id, &all, NULL);
}

int ro_pg_list_rank(ro_store *base, size_t *out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *at)
{
	return count_query(ro_pg_of(base), out, site_id, sel, at);
}

/* The server counts in one go: stop is asked before it starts. */
int ro_pg_list_rank_until(ro_store *base, size_t *out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *at, int (*stop)(void *ctx),
    void *ctx)
{
	*out = 0;
	if (stop(ctx))
		return ro_error_set(RO_ECANCEL, "the count was interrupted");
	return count_query(ro_pg_of(base), out, site_id, sel, at);
}

int ro_pg_select_each(ro_store *base, int64_t site_id,
    const ro_selection *sel, ro_store_row_fn fn, void *ctx)
{
	ro_pg *st = ro_pg_of(base);
	list_sql q;
	binds b;
	const char *v[NROLES];
	int rc;

	if ((rc = list_stmt(st, sel->mode, shape_of(sel), K_EACH, &q)))
		return rc;
	if ((rc = bind(&b, site_id, sel, NULL, 0)))
		return rc;
	for (int i = 0; i < q.n; i++)
		v[i] = b.v[q.order[i]];
	rc = ro_pg_each_cursor(st, q.sql, q.n, v, fn, ctx, false);
	binds_free(&b);
	return rc;
}

/* The plan of the mode's next-page query with sequential scans ruled
 * out: an index of ours that yields the rows in order (no Sort) means
 * the query never reads the table nor sorts it, whatever its size. */
int ro_pg_list_uses_index(ro_store *base, ro_mode mode, bool *out)
{
	ro_pg *st = ro_pg_of(base);
	ro_selection sel = { .mode = mode, .arg = mode == RO_MODE_LAST_NAME ?
	    "sm" : "1" };
	ro_cursor c = { (char *)"smith", (char *)"ann", 1 };
	list_sql q;
	binds b;
	const char *v[NROLES];
	bool index = false, sort = false, seq = false;
	char *sql;
	int rc;

	*out = false;
	if ((rc = list_stmt(st, mode, SHAPE_ALL, K_NEXT, &q)))
		return rc;
	if ((rc = bind(&b, 1, &sel, &c, 51)))
		return rc;
	for (int i = 0; i < q.n; i++)
		v[i] = b.v[q.order[i]];
	if (!(sql = malloc(strlen(q.sql) + 16))) {
		binds_free(&b);
		return RO_ENOMEM;
	}
	sprintf(sql, "EXPLAIN %s", q.sql);
	if (!(rc = ro_pg_exec(st, "BEGIN; SET LOCAL enable_seqscan = off",
	    "explain"))) {
		PGresult *r = ro_pg_qx(st, sql, q.n, v, "explain", &rc, false);
		for (int i = 0; r && i < PQntuples(r); i++) {
			const char *line = PQgetvalue(r, i, 0);
			if (strstr(line, "Index Scan") || strstr(line,
			    "Index Only Scan"))
				index = index || strstr(line,
				    "portfolios_by_") != NULL;
			if (strstr(line, "Sort"))
				sort = true;
			if (strstr(line, "Seq Scan on portfolios"))
				seq = true;
		}
		PQclear(r);
	}
	PQclear(PQexec(st->conn, "ROLLBACK"));
	free(sql);
	binds_free(&b);
	*out = !rc && index && !sort && !seq;
	return rc;
}
