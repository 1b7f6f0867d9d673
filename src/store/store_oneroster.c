/* store_oneroster.c — the OneRoster sourcedId of a portfolio (the
 * portfolios.sourced_id column, schema step 3 → 4). */
#include "store_int.h"

int ro_sq_site_brief(ro_store *base, int64_t site_id, ro_store_brief_fn fn,
    void *ctx)
{
	ro_sq *st = ro_sq_of(base);
	/* "+site_id": one pass over the table in rowid order, as
	 * ro_store_site_rows_view. */
	static const char sql[] = "SELECT id, coalesce(group_id, 0), username,"
	    " sourced_id, coalesce(grad_year, 0), active, sso IS NOT NULL"
	    " FROM portfolios WHERE +site_id = ?1 ORDER BY id";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);
	ro_store_brief b;
	int rc;

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, site_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		b.id = sqlite3_column_int64(s, 0);
		b.group_id = sqlite3_column_int64(s, 1);
		b.username = (const char *)sqlite3_column_text(s, 2);
		b.sourced_id = (const char *)sqlite3_column_text(s, 3);
		b.grad_year = sqlite3_column_int(s, 4);
		b.active = sqlite3_column_int(s, 5) != 0;
		b.sso = sqlite3_column_int(s, 6) != 0;
		if (!b.username)
			b.username = "";
		int r = fn(ctx, &b);
		if (r) {
			sqlite3_reset(s);
			return r;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : ro_sq_sqlerr(st, rc, "portfolios");
}

int ro_sq_sourced_id_set(ro_store *base, int64_t id, const char *sid)
{
	ro_sq *st = ro_sq_of(base);
	static const char clear[] = "UPDATE portfolios SET sourced_id = NULL"
	    " WHERE sourced_id = ?1 AND id <> ?2";
	static const char set[] = "UPDATE portfolios SET sourced_id = ?2"
	    " WHERE id = ?1";
	sqlite3_stmt *s;
	int rc;

	if (sid) {
		if (!(s = ro_sq_stmt(st, clear)))
			return ro_error_last_code();
		sqlite3_bind_text(s, 1, sid, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, id);
		if ((rc = ro_sq_step_done(st, s, "sourcedId")))
			return rc;
	}
	if (!(s = ro_sq_stmt(st, set)))
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, id);
	if (sid)
		sqlite3_bind_text(s, 2, sid, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 2);
	return ro_sq_step_done(st, s, "sourcedId");
}
