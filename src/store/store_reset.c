/* store_reset.c — a password reset written set-wise on SQLite (store.h,
 * ro_store_reset_chunk): the chunk's ids, versions and hashes go into a
 * temporary table, then one statement each checks every version, makes
 * the batch items, the audit rows and the update.  A statement a row for
 * each of those (and a read of every row) took three quarters of a
 * whole site's reset. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

/* The table lives as long as the connection, in memory when
 * ro_store_tune_bulk set temp_store for a big write. */
static const char table_sql[] = "CREATE TEMP TABLE IF NOT EXISTS"
    " roster_reset (id INTEGER PRIMARY KEY, version INTEGER NOT NULL,"
    " hash TEXT)";

/* The first id whose row is gone, of another site or at another version
 * (?1 the site). */
static const char moved_sql[] = "SELECT t.id FROM roster_reset t"
    " LEFT JOIN portfolios p ON p.id = t.id WHERE p.id IS NULL"
    " OR p.version IS NOT t.version OR p.site_id IS NOT ?1"
    " ORDER BY t.id LIMIT 1";

/* The before-state, as ro_sq_batch_item_add keeps it.  (A check of the
 * versions here made SQLite filter on the whole table each time.) */
static const char items_sql[] = "INSERT INTO batch_items (batch_id,"
    " portfolio_id, created, username, first, last, email, group_id,"
    " grad_year, type, sso, sso_id, active, password_hash, temp_password,"
    " sq_reset, answers, after_version) SELECT ?1, p.id, 0, p.username,"
    " p.first, p.last, p.email, p.group_id, p.grad_year, p.type, p.sso,"
    " p.sso_id, p.active, p.password_hash, p.temp_password, p.sq_reset,"
    " NULL, p.version + 1 FROM roster_reset t CROSS JOIN portfolios p"
    " ON p.id = t.id";

/* Each portfolio's rows together, in id order, as ro_audit_changes
 * writes them one portfolio after another (?9: the one hash, or NULL).
 * The loops are nested as written (CROSS JOIN), t's in id order and
 * f's in its rows' order: sorting on f.k as well took an eighth more. */
static const char audit_sql[] = "INSERT INTO audit (at, who, site_id,"
    " batch_id, portfolio_id, username, action, field, old_value,"
    " new_value) SELECT ?1, ?2, ?3, ?4, p.id, p.username, ?5, f.field,"
    " f.old, f.new FROM roster_reset t CROSS JOIN portfolios p"
    " ON p.id = t.id CROSS JOIN (SELECT 1 AS k, ?6 AS field, NULL AS old,"
    " ?7 AS new UNION ALL SELECT 2, ?8, ?10, ?11) f"
    " WHERE (f.k = 1 AND p.password_hash IS NOT coalesce(?9, t.hash))"
    " OR (f.k = 2 AND p.temp_password = 0) ORDER BY t.id, f.k";

/* (UPDATE … FROM would scan the whole table for each chunk.) */
static const char update_sql[] = "UPDATE portfolios SET"
    " password_hash = coalesce(?1, (SELECT t.hash FROM roster_reset t"
    " WHERE t.id = portfolios.id)), temp_password = 1,"
    " version = version + 1, failed_signins = 0,"
    " first_failed_at = CASE WHEN failed_signins <> 0 OR"
    " coalesce(locked_until, 0) <> 0 THEN NULL ELSE first_failed_at END,"
    " locked_until = CASE WHEN failed_signins <> 0 OR"
    " coalesce(locked_until, 0) <> 0 THEN NULL ELSE locked_until END"
    " WHERE id IN (SELECT id FROM roster_reset)";

/* The chunk's rows go in STAGE_ROWS to a statement (half the time of
 * one a statement), the rest one by one. */
#define V1 "(?, ?, ?)"
#define V4 V1 ", " V1 ", " V1 ", " V1
#define V16 V4 ", " V4 ", " V4 ", " V4
#define STAGE_ROWS 64
static const char stage_many_sql[] = "INSERT INTO roster_reset (id,"
    " version, hash) VALUES " V16 ", " V16 ", " V16 ", " V16;
static const char stage_one_sql[] = "INSERT INTO roster_reset (id,"
    " version, hash) VALUES " V1;

static void bind_row(sqlite3_stmt *s, int at, const ro_store_reset *r,
    size_t i)
{
	sqlite3_bind_int64(s, at + 1, r->ids[i]);
	sqlite3_bind_int64(s, at + 2, r->versions[i]);
	if (r->hash)
		sqlite3_bind_null(s, at + 3);
	else
		sqlite3_bind_text(s, at + 3, r->hashes[i], -1, SQLITE_STATIC);
}

static int stage(ro_sq *st, const ro_store_reset *r)
{
	sqlite3_stmt *s = NULL;
	size_t i = 0;
	int rc;

	if ((rc = ro_sq_exec(st, table_sql)) ||
	    (rc = ro_sq_exec(st, "DELETE FROM temp.roster_reset")))
		return rc;
	if (r->n >= STAGE_ROWS && !(s = ro_sq_stmt(st, stage_many_sql)))
		return ro_error_last_code();
	for (; i + STAGE_ROWS <= r->n; i += STAGE_ROWS) {
		for (size_t j = 0; j < STAGE_ROWS; j++)
			bind_row(s, 3 * (int)j, r, i + j);
		if ((rc = ro_sq_step_done(st, s, "reset")))
			return rc;
	}
	if (i < r->n && !(s = ro_sq_stmt(st, stage_one_sql)))
		return ro_error_last_code();
	for (; i < r->n; i++) {
		bind_row(s, 0, r, i);
		if ((rc = ro_sq_step_done(st, s, "reset")))
			return rc;
	}
	return 0;
}

static int check(ro_sq *st, const ro_store_reset *r, int64_t *moved)
{
	sqlite3_stmt *s = ro_sq_stmt(st, moved_sql);
	int rc;

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, r->site_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*moved = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return ro_error_set(RO_ECONFLICT, "portfolio %lld changed "
		    "meanwhile", (long long)*moved);
	return rc == SQLITE_DONE ? 0 : ro_sq_sqlerr(st, rc, "reset");
}

static int write_items(ro_sq *st, const ro_store_reset *r)
{
	sqlite3_stmt *s = ro_sq_stmt(st, items_sql);

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, r->batch_id);
	return ro_sq_step_done(st, s, "batch item");
}

static int write_audit(ro_sq *st, const ro_store_reset *r)
{
	const ro_store_reset_audit *a = &r->audit;
	sqlite3_stmt *s = ro_sq_stmt(st, audit_sql);

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_text(s, 1, a->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, a->who, -1, SQLITE_STATIC);
	ro_sq_bind_id(s, 3, r->site_id);
	sqlite3_bind_int64(s, 4, r->batch_id);
	sqlite3_bind_text(s, 5, a->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, a->pw_field, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, a->pw_new, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, a->temp_field, -1, SQLITE_STATIC);
	ro_sq_bind_text(s, 9, r->hash);
	sqlite3_bind_text(s, 10, a->temp_old, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, a->temp_new, -1, SQLITE_STATIC);
	return ro_sq_step_done(st, s, "audit");
}

static int write_update(ro_sq *st, const ro_store_reset *r)
{
	sqlite3_stmt *s = ro_sq_stmt(st, update_sql);

	if (!s)
		return ro_error_last_code();
	ro_sq_bind_text(s, 1, r->hash);
	return ro_sq_step_done(st, s, "portfolio");
}

int ro_sq_reset_chunk(ro_store *base, const ro_store_reset *r,
    int64_t *moved)
{
	ro_sq *st = ro_sq_of(base);
	int rc;

	*moved = 0;
	if (r->n == 0)
		return 0;
	/* The audit and the items read the rows before the update. */
	if ((rc = stage(st, r)) || (rc = check(st, r, moved)) ||
	    (rc = write_items(st, r)) || (rc = write_audit(st, r)) ||
	    (rc = write_update(st, r)))
		return rc;
	return 0;
}
