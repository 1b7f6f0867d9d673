/* store_upload.c — the lookups of an upload plan that the general ones
 * do not serve well: a plan that names most of a site reads the whole
 * site once, and copies only what it keeps. */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A plan's rows come without their group's name: the plan has the
 * site's groups at hand, and the join would cost a seek per row. */
#define PLAN_ROW_COLUMNS RO_ROW_COLUMNS_WITH("NULL")

static const char *text(sqlite3_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s, col);
}

void ro_sq_read_view(sqlite3_stmt *s, ro_store_row *r)
{
	const char *t;

	memset(r, 0, sizeof *r);
	r->p.id = sqlite3_column_int64(s, 0);
	r->p.site_id = sqlite3_column_int64(s, 1);
	r->p.username = (char *)text(s, 2);
	r->p.first = (char *)text(s, 3);
	r->p.last = (char *)text(s, 4);
	r->p.email = (char *)text(s, 5);
	r->p.group_id = sqlite3_column_int64(s, 6);
	r->p.group_name = (char *)text(s, 7);
	r->p.grad_year = sqlite3_column_int(s, 8);
	t = text(s, 9);
	r->p.type = !t ? RO_TYPE_STUDENT : strcmp(t, "staff") == 0 ?
	    RO_TYPE_STAFF : strcmp(t, "admin") == 0 ? RO_TYPE_ADMIN :
	    strcmp(t, "district") == 0 ? RO_TYPE_DISTRICT : RO_TYPE_STUDENT;
	t = text(s, 10);
	r->p.sso = !t ? RO_SSO_NONE : strcmp(t, "clever") == 0 ?
	    RO_SSO_CLEVER : strcmp(t, "classlink") == 0 ? RO_SSO_CLASSLINK :
	    RO_SSO_NONE;
	r->p.sso_id = (char *)text(s, 11);
	r->p.active = sqlite3_column_int(s, 12) != 0;
	r->p.temp_password = sqlite3_column_int(s, 13) != 0;
	r->p.sq_reset = sqlite3_column_int(s, 14) != 0;
	r->p.version = sqlite3_column_int64(s, 15);
	r->hash = (char *)text(s, 16);
	r->failed_signins = sqlite3_column_int(s, 17);
	r->first_failed_at = sqlite3_column_int64(s, 18);
	r->locked_until = sqlite3_column_int64(s, 19);
}

/* Steps s, calling fn with each row's strings lent; resets s and drops
 * its bindings (the JSON of an id list) whatever happens. */
static int each_view(ro_sq *st, sqlite3_stmt *s, ro_store_row_fn fn,
    void *ctx)
{
	int rc, cb = 0;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ro_store_row r;
		ro_sq_read_view(s, &r);
		if ((cb = fn(ctx, &r)))
			break;
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (cb)
		return cb;
	return rc == SQLITE_DONE ? 0 : ro_sq_sqlerr(st, rc, "portfolios");
}

int ro_sq_site_rows_view(ro_store *base, int64_t site_id, ro_store_row_fn fn,
    void *ctx)
{
	ro_sq *st = ro_sq_of(base);

	/* "+p.site_id" keeps the planner off the site index: the table is
	 * read once, in rowid order, instead of a seek per row. */
	static const char sql[] = "SELECT " PLAN_ROW_COLUMNS
	    " FROM portfolios p WHERE +p.site_id = ?1 ORDER BY p.id";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, site_id);
	return each_view(st, s, fn, ctx);
}

static long pragma_value(ro_sq *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	long v = 0;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static int set_pragmas(ro_sq *st, long cache, long temp_store)
{
	char sql[96];

	snprintf(sql, sizeof sql, "PRAGMA cache_size = %ld; "
	    "PRAGMA temp_store = %ld;", cache, temp_store);
	return ro_sq_exec(st, sql);
}

/* saved: cache_size, temp_store, wal_autocheckpoint, and whether they
 * were changed. */
enum { SAVED_CACHE, SAVED_TEMP, SAVED_CHECKPOINT, SAVED_ON };

/* A write of fewer rows gains nothing from a bigger cache. */
#define BULK_ROWS 20000

int ro_sq_tune_bulk(ro_store *base, ro_store_work work, size_t rows,
    ro_store_tuning *saved)
{
	ro_sq *st = ro_sq_of(base);

	/* A scan reads each page once: the interior pages are all it needs
	 * to keep (2 MiB).  A write keeps its rows' pages, 1 KiB a row and
	 * 256 MiB at most, rather than spill and read them back. */
	long kib = work == RO_WORK_SCAN ? 2048 : rows > 262144 ? 262144 :
	    (long)rows;

	saved->saved[SAVED_ON] = 0;
	if (work != RO_WORK_SCAN && rows <= BULK_ROWS)
		return 0;
	saved->saved[SAVED_ON] = 1;
	saved->saved[SAVED_CACHE] = pragma_value(st, "PRAGMA cache_size");
	saved->saved[SAVED_TEMP] = pragma_value(st, "PRAGMA temp_store");
	/* A read only needs the cache (SAVED_ON 2: nothing else to put
	 * back). */
	if (work == RO_WORK_LOOKUP) {
		saved->saved[SAVED_ON] = 2;
		return set_pragmas(st, -kib, saved->saved[SAVED_TEMP]);
	}
	saved->saved[SAVED_CHECKPOINT] = pragma_value(st,
	    "PRAGMA wal_autocheckpoint");
	/* No checkpoint on the commit: copying a big transaction's pages
	 * into the database (half a second at 100,000 rows) is left to
	 * ro_sq_tune_restore, after the write lock is released. */
	if (ro_sq_exec(st, "PRAGMA wal_autocheckpoint = 0;"))
		return ro_error_last_code();
	/* temp_store 2: statement journals in memory.  Each UPDATE of a
	 * portfolio keeps one (its unique index may abort it), and past
	 * 64 KiB it would go to a temporary file, page by page. */
	return set_pragmas(st, -kib, 2);
}

int ro_sq_tune_restore(ro_store *base, const ro_store_tuning *saved)
{
	ro_sq *st = ro_sq_of(base);
	char sql[64];
	int rc;

	if (!saved->saved[SAVED_ON])
		return 0;
	if (saved->saved[SAVED_ON] == 2)
		return set_pragmas(st, saved->saved[SAVED_CACHE],
		    saved->saved[SAVED_TEMP]);
	snprintf(sql, sizeof sql, "PRAGMA wal_autocheckpoint = %ld;",
	    saved->saved[SAVED_CHECKPOINT]);
	if ((rc = ro_sq_exec(st, sql)))
		return rc;
	/* What the commit would have done, now that no lock is held (it
	 * waits for no one: PASSIVE). */
	if (!st->in_tx && saved->saved[SAVED_CHECKPOINT] > 0 &&
	    (rc = ro_sq_exec(st, "PRAGMA wal_checkpoint(PASSIVE);")))
		return rc;
	return set_pragmas(st, saved->saved[SAVED_CACHE],
	    saved->saved[SAVED_TEMP]);
}

int ro_sq_group_names(ro_store *base, ro_named_list **out, int64_t site_id)
{
	ro_sq *st = ro_sq_of(base);

	/* No portfolio counts: counting them reads every group's index. */
	static const char sql[] = "SELECT id, name, 0 FROM groups"
	    " WHERE site_id = ?1 ORDER BY name";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);

	*out = NULL;
	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, site_id);
	return ro_sq_named_list(st, s, out);
}

int ro_sq_rows_by_ids_view(ro_store *base, const int64_t *ids, size_t n,
    ro_store_row_fn fn, void *ctx)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "SELECT " PLAN_ROW_COLUMNS
	    " FROM portfolios p WHERE p.id IN (SELECT value FROM json_each(?1))";
	sqlite3_stmt *s;
	char *json;

	if (n == 0)
		return 0;
	if (!(json = ro_sq_json_ids(ids, n)))
		return RO_ENOMEM;
	if (!(s = ro_sq_stmt(st, sql))) {
		free(json);
		return ro_error_last_code();
	}
	sqlite3_bind_text(s, 1, json, -1, free);
	return each_view(st, s, fn, ctx);
}
