/* pg_oneroster.c — the OneRoster sourcedId of a portfolio on PostgreSQL
 * (portfolios.sourced_id, schema 3 → 4), as store_oneroster.c on
 * SQLite. */
#include "pg_int.h"

#include <roster/error.h>

#include <stdlib.h>

struct brief {
	ro_store_brief_fn fn;
	void *ctx;
};

static int brief_rows(void *ctx, const PGresult *r)
{
	struct brief *b = ctx;
	ro_store_brief br;
	int rc = 0;

	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		br.id = ro_pg_i64(r, i, 0);
		br.group_id = ro_pg_i64(r, i, 1);
		br.username = PQgetvalue(r, i, 2);
		br.sourced_id = PQgetisnull(r, i, 3) ? NULL :
		    PQgetvalue(r, i, 3);
		br.grad_year = (int)ro_pg_i64(r, i, 4);
		br.active = ro_pg_i64(r, i, 5) != 0;
		br.sso = ro_pg_i64(r, i, 6) != 0;
		rc = b->fn(b->ctx, &br);
	}
	return rc;
}

/* Through the cursor the lists and exports use: a site of a million
 * portfolios is never one result in memory. */
int ro_pg_site_brief(ro_store *base, int64_t site_id, ro_store_brief_fn fn,
    void *ctx)
{
	static const char sql[] = "SELECT id, coalesce(group_id, 0),"
	    " username, sourced_id, coalesce(grad_year, 0), active,"
	    " (sso IS NOT NULL)::int FROM portfolios WHERE site_id = $1"
	    " ORDER BY id";
	char b[24];
	const char *v[] = { ro_pg_int(b, site_id, false) };
	struct brief br = { fn, ctx };

	return ro_pg_cursor(ro_pg_of(base), sql, 1, v, brief_rows, &br);
}

int ro_pg_sourced_id_set(ro_store *base, int64_t id, const char *sid)
{
	ro_pg *st = ro_pg_of(base);
	char b[24];
	const char *v[] = { ro_pg_int(b, id, false), sid };
	int rc;

	/* Another portfolio holding it loses it first. */
	if (sid && (rc = ro_pg_do(st, "UPDATE portfolios SET sourced_id ="
	    " NULL WHERE sourced_id = $2 AND id <> $1", 2, v, "sourcedId")))
		return rc;
	return ro_pg_do(st, "UPDATE portfolios SET sourced_id = $2 WHERE"
	    " id = $1", 2, v, "sourcedId");
}
