/* pg_rows.c — the PostgreSQL store's portfolios read: rows from results,
 * one at a time or through a cursor (flat memory whatever their number),
 * by id, by username or a whole site's, and a row's fields as the text
 * parameters that the writes (pg_portfolio.c, pg_copy.c) send. */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_names[] = { "student", "staff", "admin",
	"district" };

static ro_account_type type_parse(const char *t)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(t, type_names[i]) == 0)
			return (ro_account_type)i;
	return RO_TYPE_STUDENT;
}

static ro_sso sso_parse(const char *t)
{
	return strcmp(t, "clever") == 0 ? RO_SSO_CLEVER :
	    strcmp(t, "classlink") == 0 ? RO_SSO_CLASSLINK : RO_SSO_NONE;
}

/* A field as a copy or a view (NULL for SQL NULL). */
static char *field(const PGresult *r, int i, int col, bool view)
{
	if (PQgetisnull(r, i, col))
		return NULL;
	return view ? PQgetvalue(r, i, col) : strdup(PQgetvalue(r, i, col));
}

static void read_portfolio(const PGresult *r, int i, ro_portfolio *p,
    bool view)
{
	memset(p, 0, sizeof *p);
	p->id = ro_pg_i64(r, i, 0);
	p->site_id = ro_pg_i64(r, i, 1);
	p->username = field(r, i, 2, view);
	p->first = field(r, i, 3, view);
	p->last = field(r, i, 4, view);
	p->email = field(r, i, 5, view);
	p->group_id = ro_pg_i64(r, i, 6);
	p->group_name = field(r, i, 7, view);
	p->grad_year = (int)ro_pg_i64(r, i, 8);
	p->type = type_parse(PQgetvalue(r, i, 9));
	p->sso = sso_parse(PQgetvalue(r, i, 10));
	p->sso_id = field(r, i, 11, view);
	p->active = ro_pg_i64(r, i, 12) != 0;
	p->temp_password = ro_pg_i64(r, i, 13) != 0;
	p->sq_reset = ro_pg_i64(r, i, 14) != 0;
	p->version = ro_pg_i64(r, i, 15);
	p->failed_signins = (int)ro_pg_i64(r, i, 17);
	p->locked_until = ro_pg_i64(r, i, 19);
}

void ro_pg_read_portfolio(const PGresult *r, int i, ro_portfolio *p)
{
	read_portfolio(r, i, p, false);
}

void ro_pg_read_row(const PGresult *r, int i, ro_store_row *out, bool view)
{
	memset(out, 0, sizeof *out);
	read_portfolio(r, i, &out->p, view);
	out->hash = field(r, i, 16, view);
	out->failed_signins = (int)ro_pg_i64(r, i, 17);
	out->first_failed_at = ro_pg_i64(r, i, 18);
	out->locked_until = ro_pg_i64(r, i, 19);
}

int ro_pg_each_row(const PGresult *r, ro_store_row_fn fn, void *ctx,
    bool view)
{
	for (int i = 0; i < PQntuples(r); i++) {
		ro_store_row row;
		ro_pg_read_row(r, i, &row, view);
		int cb = fn(ctx, &row);
		if (!view)
			ro_store_row_clear(&row);
		if (cb)
			return cb;
	}
	return 0;
}

/* Rows a fetch brings: a few MiB of results at most. */
#define FETCH "FETCH 2000 FROM "

int ro_pg_cursor(ro_pg *st, const char *sql, int n, const char *const *v,
    ro_pg_result_fn each, void *ctx)
{
	bool own = !st->in_tx;
	char name[32], *decl;
	char fetch[64], close_[48];
	int rc = 0, cb = 0;
	PGresult *r;

	if (ro_pg_bulk_pending(st) && (rc = ro_pg_bulk_flush(st)))
		return rc;
	if (own && ((rc = ro_pg_revive(st)) || (rc = ro_pg_exec(st,
	    "BEGIN ISOLATION LEVEL REPEATABLE READ", "begin"))))
		return rc;
	snprintf(name, sizeof name, "roster_c%d", st->cursors);
	size_t len = strlen(sql) + 64;
	if (!(decl = malloc(len))) {
		rc = RO_ENOMEM;
		goto out;
	}
	snprintf(decl, len, "DECLARE %s NO SCROLL CURSOR FOR %s", name, sql);
	r = ro_pg_qx(st, decl, n, v, "portfolios", &rc, false);
	free(decl);
	if (!r)
		goto out;
	PQclear(r);
	st->cursors++;
	snprintf(fetch, sizeof fetch, FETCH "%s", name);
	while (!cb) {
		if (!(r = ro_pg_qx(st, fetch, 0, NULL, "portfolios", &rc,
		    false)))
			break;
		if (PQntuples(r) == 0) {
			PQclear(r);
			break;
		}
		cb = each(ctx, r);
		PQclear(r);
	}
	st->cursors--;
	snprintf(close_, sizeof close_, "CLOSE %s", name);
	if (!rc)
		rc = ro_pg_exec(st, close_, "portfolios");
out:
	if (own) {
		if (rc || cb)
			PQclear(PQexec(st->conn, "ROLLBACK"));
		else
			rc = ro_pg_exec(st, "COMMIT", "portfolios");
	}
	return cb ? cb : rc;
}

struct each_row {
	ro_store_row_fn fn;
	void *ctx;
	bool view;
};

static int each_row_of(void *ctx, const PGresult *r)
{
	struct each_row *e = ctx;

	return ro_pg_each_row(r, e->fn, e->ctx, e->view);
}

int ro_pg_each_cursor(ro_pg *st, const char *sql, int n,
    const char *const *v, ro_store_row_fn fn, void *ctx, bool view)
{
	struct each_row e = { fn, ctx, view };

	return ro_pg_cursor(st, sql, n, v, each_row_of, &e);
}

static int one_row(ro_pg *st, const char *sql, const char *arg,
    ro_store_row *out)
{
	const char *v[] = { arg };
	int rc;
	PGresult *r = ro_pg_q(st, sql, 1, v, "portfolio", &rc);

	memset(out, 0, sizeof *out);
	if (!r)
		return rc;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return ro_error_set(RO_ENOTFOUND, "portfolio: no such "
		    "portfolio");
	}
	ro_pg_read_row(r, 0, out, false);
	PQclear(r);
	return 0;
}

int ro_pg_portfolio_get(ro_store *base, ro_store_row *out, int64_t id)
{
	static const char sql[] = "SELECT " PG_ROW_COLUMNS PG_ROW_FROM
	    " WHERE p.id = $1";
	char b[24];

	return one_row(ro_pg_of(base), sql, ro_pg_int(b, id, false), out);
}

int ro_pg_portfolio_by_username(ro_store *base, ro_store_row *out,
    const char *username)
{
	static const char sql[] = "SELECT " PG_ROW_COLUMNS PG_ROW_FROM
	    " WHERE " NC("p.username") " = " NC("$1::text");

	return one_row(ro_pg_of(base), sql, username, out);
}

void ro_pg_fields(const ro_store_row *r, const char *v[14],
    char nums[14][24])
{
	const ro_portfolio *p = &r->p;

	v[0] = ro_pg_int(nums[0], p->site_id, true);
	v[1] = p->username;
	v[2] = p->first;
	v[3] = p->last;
	v[4] = p->email;
	v[5] = ro_pg_int(nums[5], p->group_id, true);
	v[6] = ro_pg_int(nums[6], p->grad_year, true);
	v[7] = type_names[p->type];
	v[8] = p->sso == RO_SSO_CLEVER ? "clever" :
	    p->sso == RO_SSO_CLASSLINK ? "classlink" : NULL;
	v[9] = p->sso_id;
	v[10] = p->active ? "1" : "0";
	v[11] = r->hash;
	v[12] = p->temp_password ? "1" : "0";
	v[13] = p->sq_reset ? "1" : "0";
}

char *ro_pg_id_array(const int64_t *ids, size_t n)
{
	size_t cap = n * 21 + 3, len = 0;
	char *buf = malloc(cap);

	if (!buf)
		return NULL;
	buf[len++] = '{';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%lld",
		    i ? "," : "", (long long)ids[i]);
	buf[len++] = '}';
	buf[len] = '\0';
	return buf;
}

/* Elements quoted, '"' and '\' escaped, A-Z folded as NC() folds. */
char *ro_pg_text_array(const char *const *v, size_t n)
{
	size_t cap = 3, len = 0;
	char *buf;

	for (size_t i = 0; i < n; i++)
		cap += strlen(v[i]) * 2 + 3;
	if (!(buf = malloc(cap)))
		return NULL;
	buf[len++] = '{';
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf[len++] = ',';
		buf[len++] = '"';
		for (const char *c = v[i]; *c; c++) {
			if (*c == '"' || *c == '\\')
				buf[len++] = '\\';
			buf[len++] = *c >= 'A' && *c <= 'Z' ? (char)(*c + 32) :
			    *c;
		}
		buf[len++] = '"';
	}
	buf[len++] = '}';
	buf[len] = '\0';
	return buf;
}

static int rows_in(ro_pg *st, const char *sql, char *array,
    ro_store_row_fn fn, void *ctx, bool view)
{
	const char *v[] = { array };
	int rc;

	if (!array)
		return RO_ENOMEM;
	rc = ro_pg_each_cursor(st, sql, 1, v, fn, ctx, view);
	free(array);
	return rc;
}

int ro_pg_rows_by_ids(ro_store *base, const int64_t *ids, size_t n,
    ro_store_row_fn fn, void *ctx)
{
	static const char sql[] = "SELECT " PG_ROW_COLUMNS PG_ROW_FROM
	    " WHERE p.id = ANY ($1::bigint[]) ORDER BY p.id";

	if (n == 0)
		return 0;
	return rows_in(ro_pg_of(base), sql, ro_pg_id_array(ids, n), fn, ctx,
	    false);
}

int ro_pg_rows_by_usernames(ro_store *base, const char *const *names,
    size_t n, ro_store_row_fn fn, void *ctx)
{
	static const char sql[] = "SELECT " PG_ROW_COLUMNS PG_ROW_FROM
	    " WHERE " NC("p.username") " = ANY ($1::text[])";

	if (n == 0)
		return 0;
	return rows_in(ro_pg_of(base), sql, ro_pg_text_array(names, n), fn,
	    ctx, false);
}

/* A plan's rows come without their group's name (store_upload.c). */
#define PLAN_COLUMNS PG_ROW_COLUMNS_WITH("NULL")

int ro_pg_site_rows_view(ro_store *base, int64_t site_id, ro_store_row_fn fn,
    void *ctx)
{
	static const char sql[] = "SELECT " PLAN_COLUMNS " FROM portfolios p"
	    " WHERE p.site_id = $1 ORDER BY p.id";
	char b[24];
	const char *v[] = { ro_pg_int(b, site_id, false) };

	return ro_pg_each_cursor(ro_pg_of(base), sql, 1, v, fn, ctx, true);
}

int ro_pg_rows_by_ids_view(ro_store *base, const int64_t *ids, size_t n,
    ro_store_row_fn fn, void *ctx)
{
	static const char sql[] = "SELECT " PLAN_COLUMNS " FROM portfolios p"
	    " WHERE p.id = ANY ($1::bigint[]) ORDER BY p.id";

	if (n == 0)
		return 0;
	return rows_in(ro_pg_of(base), sql, ro_pg_id_array(ids, n), fn, ctx,
	    true);
}
