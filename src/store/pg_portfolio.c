/* pg_portfolio.c — the PostgreSQL store's portfolios written: inserted,
 * updated by the columns that changed (with the version check), removed,
 * the sign-in bookkeeping and security answers.  Rows are read in
 * pg_rows.c. */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int write_err(int rc, const ro_store_row *r)
{
	if (rc == RO_EEXISTS)
		return ro_error_set(RO_EEXISTS, "username %s is already used "
		    "by another portfolio", r->p.username);
	return rc;
}

int ro_pg_portfolio_insert(ro_store *base, ro_store_row *r)
{
	static const char sql[] = "INSERT INTO portfolios (site_id, username,"
	    " first, last, email, group_id, grad_year, type, sso, sso_id,"
	    " active, password_hash, temp_password, sq_reset) VALUES ($1, $2,"
	    " $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
	    " RETURNING id";
	ro_pg *st = ro_pg_of(base);
	const char *v[14];
	char nums[14][24];
	int rc;
	PGresult *res;

	st->dirty_names = true;
	if (st->bulk_depth && st->in_tx)
		return write_err(ro_pg_bulk_insert(st, r), r);
	ro_pg_fields(r, v, nums);
	if (!(res = ro_pg_q(st, sql, 14, v, "portfolio", &rc)))
		return write_err(rc, r);
	r->p.id = ro_pg_i64(res, 0, 0);
	r->p.version = 1;
	PQclear(res);
	return 0;
}

static const char *const columns[] = { "site_id", "username", "first",
	"last", "email", "group_id", "grad_year", "type", "sso", "sso_id",
	"active", "password_hash", "temp_password", "sq_reset" };
#define NCOLUMNS (sizeof columns / sizeof columns[0])

static bool differs(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") != 0;
}

unsigned ro_pg_changes(const ro_store_row *rb, const ro_store_row *ra)
{
	const ro_portfolio *b = &rb->p, *a = &ra->p;

	return (unsigned)(b->site_id != a->site_id) |
	    (unsigned)differs(b->username, a->username) << 1 |
	    (unsigned)differs(b->first, a->first) << 2 |
	    (unsigned)differs(b->last, a->last) << 3 |
	    (unsigned)differs(b->email, a->email) << 4 |
	    (unsigned)(b->group_id != a->group_id) << 5 |
	    (unsigned)(b->grad_year != a->grad_year) << 6 |
	    (unsigned)(b->type != a->type) << 7 |
	    (unsigned)(b->sso != a->sso) << 8 |
	    (unsigned)differs(b->sso_id, a->sso_id) << 9 |
	    (unsigned)(b->active != a->active) << 10 |
	    (unsigned)((rb->hash == NULL) != (ra->hash == NULL) ||
	    differs(rb->hash, ra->hash)) << 11 |
	    (unsigned)(b->temp_password != a->temp_password) << 12 |
	    (unsigned)(b->sq_reset != a->sq_reset) << 13;
}

/* "UPDATE … SET version = version + 1, col = $3, … WHERE id = $1 AND
 * version = $2" naming the columns of mask, kept for the connection's
 * life (prepared by its address); NULL with *once set: a text made for
 * this call only, the caller frees it. */
static char *update_sql(ro_pg *st, unsigned mask, bool *once)
{
	char *sql;
	size_t n = 0, cap = 640;
	int k = 3;

	*once = false;
	for (size_t i = 0; i < st->nupdates; i++)
		if (st->updates[i].mask == mask)
			return st->updates[i].sql;
	if (!(sql = malloc(cap)))
		return NULL;
	n += (size_t)snprintf(sql, cap, "UPDATE portfolios SET version ="
	    " version + 1");
	for (size_t i = 0; i < NCOLUMNS; i++)
		if (mask & 1u << i)
			n += (size_t)snprintf(sql + n, cap - n, ", %s = $%d",
			    columns[i], k++);
	snprintf(sql + n, cap - n, " WHERE id = $1 AND version = $2");
	if (st->nupdates == sizeof st->updates / sizeof st->updates[0]) {
		*once = true;
		return sql;
	}
	st->updates[st->nupdates].mask = mask;
	st->updates[st->nupdates++].sql = sql;
	return sql;
}

int ro_pg_portfolio_update_from(ro_store *base, const ro_store_row *before,
    ro_store_row *r)
{
	ro_pg *st = ro_pg_of(base);
	unsigned mask = before ? ro_pg_changes(before, r) :
	    (1u << NCOLUMNS) - 1;
	const char *f[14], *v[16];
	char nums[14][24], idb[24], vb[24];
	bool once;
	int n = 2, rc;
	PGresult *res;

	if (mask & 2u)
		st->dirty_names = true;
	if (st->bulk_depth && st->in_tx) {
		if ((rc = ro_pg_bulk_update(st, mask, r)))
			return rc;
		r->p.version++;
		return 0;
	}
	char *sql = update_sql(st, mask, &once);
	if (!sql)
		return RO_ENOMEM;
	ro_pg_fields(r, f, nums);
	v[0] = ro_pg_int(idb, r->p.id, false);
	v[1] = ro_pg_int(vb, r->p.version, false);
	for (size_t i = 0; i < NCOLUMNS; i++)
		if (mask & 1u << i)
			v[n++] = f[i];
	res = ro_pg_qx(st, sql, n, v, "portfolio", &rc, !once);
	if (once)
		free(sql);
	if (!res)
		return write_err(rc, r);
	bool one = strcmp(PQcmdTuples(res), "1") == 0;
	PQclear(res);
	if (!one)
		return ro_error_set(RO_ECONFLICT, "portfolio %lld (%s) was "
		    "changed by someone else meanwhile", (long long)r->p.id,
		    r->p.username);
	r->p.version++;
	return 0;
}

int ro_pg_portfolio_delete(ro_store *base, int64_t id)
{
	ro_pg *st = ro_pg_of(base);
	char b[24];
	const char *v[] = { ro_pg_int(b, id, false) };

	st->dirty_names = true;
	if (st->bulk_depth && st->in_tx)
		return ro_pg_bulk_delete(st, id);
	return ro_pg_do(st, "DELETE FROM portfolios WHERE id = $1", 1, v,
	    "delete portfolio");
}

int ro_pg_portfolio_signin_state(ro_store *base, int64_t id, int failed,
    int64_t first_failed_at, int64_t locked_until)
{
	static const char sql[] = "UPDATE portfolios SET failed_signins = $2,"
	    " first_failed_at = $3, locked_until = $4 WHERE id = $1";
	char b[4][24];
	const char *v[] = { ro_pg_int(b[0], id, false),
		ro_pg_int(b[1], failed, false),
		ro_pg_int(b[2], first_failed_at, true),
		ro_pg_int(b[3], locked_until, true) };

	return ro_pg_do(ro_pg_of(base), sql, 4, v, "sign-in state");
}

int ro_pg_portfolio_rehash(ro_store *base, int64_t id, const char *hash)
{
	char b[24];
	const char *v[] = { ro_pg_int(b, id, false), hash };

	return ro_pg_do(ro_pg_of(base), "UPDATE portfolios SET password_hash"
	    " = $2 WHERE id = $1", 2, v, "rehash");
}

int ro_pg_answers_set(ro_store *base, int64_t id, const char *const *hashes,
    size_t n)
{
	ro_pg *st = ro_pg_of(base);
	char b[24], q[24];
	const char *v[3] = { ro_pg_int(b, id, false) };
	int rc;

	if ((rc = ro_pg_do(st, "DELETE FROM security_answers WHERE"
	    " portfolio_id = $1", 1, v, "security answers")))
		return rc;
	for (size_t i = 0; hashes && i < n && !rc; i++) {
		v[1] = ro_pg_int(q, (int64_t)i, false);
		v[2] = hashes[i];
		rc = ro_pg_do(st, "INSERT INTO security_answers (portfolio_id,"
		    " question, answer_hash) VALUES ($1, $2, $3)", 3, v,
		    "security answers");
	}
	return rc;
}

int ro_pg_answers_get(ro_store *base, int64_t id, char **joined)
{
	static const char sql[] = "SELECT string_agg(answer_hash, E'\\n'"
	    " ORDER BY question) FROM security_answers WHERE portfolio_id = $1";
	char b[24];
	const char *v[] = { ro_pg_int(b, id, false) };
	int rc;
	PGresult *r = ro_pg_q(ro_pg_of(base), sql, 1, v, "answers", &rc);

	*joined = NULL;
	if (!r)
		return rc;
	*joined = ro_pg_text(r, 0, 0);
	PQclear(r);
	return 0;
}
