/* store_bulk.c — loading many new portfolios at once (the demo
 * generator): one transaction and one prepared insert, with the work that
 * a row-by-row insert does per row done once at the end instead:
 * - the username index and the secondary indexes are dropped and built
 *   afterwards, from sorted keys (a clash of usernames fails the build,
 *   and the whole load is rolled back);
 * - the count triggers are off for this connection during the load, and
 *   portfolio_counts gets the new rows' counts in one grouped insert. */
#include "store_int.h"

static const char bulk_drop[] =
	"DROP INDEX portfolios_username;"
	"DROP INDEX portfolios_by_site; DROP INDEX portfolios_by_group;"
	"DROP INDEX portfolios_by_year; DROP INDEX portfolios_exempt;";
static const char bulk_unique[] = RO_SQ_INDEX_USERNAME;
static const char bulk_create[] = RO_SQ_INDEX_LISTS RO_SQ_INDEX_EXEMPT;
static const char index_pragmas[] =
	"PRAGMA cache_size = -2000; PRAGMA temp_store = 0;";
/* What the insert trigger would have counted, row by row. */
static const char bulk_counts[] =
	"INSERT INTO portfolio_counts"
	" SELECT coalesce(site_id, 0), active, coalesce(group_id, 0),"
	"  coalesce(grad_year, 0), count(*) FROM portfolios WHERE id > ?1"
	"  GROUP BY 1, 2, 3, 4"
	" ON CONFLICT (site_id, active, group_id, grad_year)"
	" DO UPDATE SET n = n + excluded.n";

static void triggers(ro_sq *st, int on)
{
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, on, NULL);
}

static int last_id(ro_sq *st, int64_t *out)
{
	sqlite3_stmt *s = ro_sq_stmt(st, "SELECT coalesce(max(id), 0)"
	    " FROM portfolios");
	int rc;

	if (!s)
		return ro_error_last_code();
	rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : ro_sq_sqlerr(st, rc, "bulk");
}

int ro_sq_bulk_begin(ro_store *base)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = RO_PORTFOLIO_INSERT;
	int rc;

	if ((rc = ro_sq_exec(st, "PRAGMA cache_size = -262144;")))
		return rc;
	if ((rc = ro_sq_begin(&st->base, true, 0)))
		return rc;
	if ((rc = last_id(st, &st->bulk_after)) ||
	    (rc = ro_sq_exec(st, bulk_drop)))
		goto fail;
	/* Prepared with the triggers off, so that it carries none. */
	triggers(st, 0);
	rc = sqlite3_prepare_v2(st->db, sql, -1, &st->bulk, NULL);
	if (rc != SQLITE_OK) {
		rc = ro_sq_sqlerr(st, rc, "bulk");
		goto fail;
	}
	return 0;
fail:
	triggers(st, 1);
	ro_sq_rollback(&st->base);
	return rc;
}

int ro_sq_bulk_row(ro_store *base, ro_store_row *r)
{
	ro_sq *st = ro_sq_of(base);
	sqlite3_stmt *s = st->bulk;
	int rc;

	sqlite3_reset(s);
	ro_sq_bind_fields(s, r);
	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE)
		return ro_sq_sqlerr(st, rc, "bulk insert");
	r->p.id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

/* The unique index refused the rows: which username is twice? (Only on
 * this path: finding it costs another sort.) */
static int clash(ro_sq *st, int rc)
{
	/* (the column's collation, NOCASE, groups as the index would) */
	static const char sql[] = "SELECT username FROM portfolios"
	    " GROUP BY username HAVING count(*) > 1 LIMIT 1";
	sqlite3_stmt *s = NULL;
	int ret;

	if (rc != SQLITE_CONSTRAINT_UNIQUE ||
	    sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return ro_sq_sqlerr(st, rc, "bulk usernames");
	}
	ret = ro_error_set(RO_EEXISTS, "username %s is already used by "
	    "another portfolio", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return ret;
}

static int finish(ro_sq *st)
{
	sqlite3_stmt *s;
	int rc;

	/* The index builds sort best in SQLite's default page cache, their
	 * runs spilled to temporary files: a 256 MiB cache (kept for the
	 * rows) with temporary files in memory makes them sort in one
	 * malloc'd run, a fifth slower for the whole demo. */
	sqlite3_exec(st->db, index_pragmas, NULL, NULL, NULL);
	rc = sqlite3_exec(st->db, bulk_unique, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return clash(st, sqlite3_extended_errcode(st->db));
	if ((rc = ro_sq_exec(st, bulk_create)))
		return rc;
	rc = sqlite3_prepare_v2(st->db, bulk_counts, -1, &s, NULL);
	if (rc != SQLITE_OK)
		return ro_sq_sqlerr(st, rc, "bulk counts");
	sqlite3_bind_int64(s, 1, st->bulk_after);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ro_sq_sqlerr(st, rc, "bulk counts");
	return ro_sq_exec(st, "ANALYZE;");
}

int ro_sq_bulk_end(ro_store *base, bool ok)
{
	ro_sq *st = ro_sq_of(base);
	int rc = 0;

	sqlite3_finalize(st->bulk);
	st->bulk = NULL;
	triggers(st, 1);
	if (ok && !(rc = finish(st)))
		rc = ro_sq_commit(&st->base);
	else
		ro_sq_rollback(&st->base);
	ro_sq_exec(st, "PRAGMA cache_size = -16384;");
	return rc;
}
