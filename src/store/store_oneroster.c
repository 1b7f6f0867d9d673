/* store_oneroster.c — the OneRoster sourcedId of a portfolio (the
 * portfolios.sourced_id column, schema step 3 → 4). */
#include "store_int.h"

int ro_store_sourced_ids(ro_store *st, int64_t site_id, ro_store_sid_fn fn,
    void *ctx)
{
	static const char sql[] = "SELECT id, sourced_id FROM portfolios"
	    " WHERE site_id = ?1 AND sourced_id IS NOT NULL";
	sqlite3_stmt *s = ro_store_stmt(st, sql);
	int rc;

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, site_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int r = fn(ctx, sqlite3_column_int64(s, 0),
		    (const char *)sqlite3_column_text(s, 1));
		if (r) {
			sqlite3_reset(s);
			return r;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : ro_store_sqlerr(st, rc, "sourcedIds");
}

int ro_store_sourced_id_set(ro_store *st, int64_t id, const char *sid)
{
	static const char clear[] = "UPDATE portfolios SET sourced_id = NULL"
	    " WHERE sourced_id = ?1 AND id <> ?2";
	static const char set[] = "UPDATE portfolios SET sourced_id = ?2"
	    " WHERE id = ?1";
	sqlite3_stmt *s;
	int rc;

	if (sid) {
		if (!(s = ro_store_stmt(st, clear)))
			return ro_error_last_code();
		sqlite3_bind_text(s, 1, sid, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, id);
		if ((rc = ro_store_step_done(st, s, "sourcedId")))
			return rc;
	}
	if (!(s = ro_store_stmt(st, set)))
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, id);
	if (sid)
		sqlite3_bind_text(s, 2, sid, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 2);
	return ro_store_step_done(st, s, "sourcedId");
}
