/* store.c — the SQLite store: transactions, settings, the translation of
 * SQLite's codes into the engine's, and the table of its operations
 * (ro_sqlite_backend).  Opening the file is store_open.c. */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int ro_sq_sqlerr(ro_sq *st, int rc, const char *what)
{
	int prim = rc & 0xff;

	if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
		return ro_error_set(RO_EBUSY, "the database is busy: another "
		    "roster is writing to %s; try again in a moment",
		    st ? st->path : "it");
	if (prim == SQLITE_NOTADB)
		return ro_error_set(RO_ENOTDB, "%s is not a roster database",
		    st ? st->path : "the file");
	if (prim == SQLITE_CONSTRAINT) {
		if (rc == SQLITE_CONSTRAINT_UNIQUE ||
		    rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return ro_error_set(RO_EEXISTS, "%s: already exists",
			    what);
		return ro_error_set(RO_EINVAL, "%s: %s", what,
		    st ? sqlite3_errmsg(st->db) : "constraint failed");
	}
	if (prim == SQLITE_READONLY)
		return ro_error_set(RO_EIO, "the database %s is read-only to "
		    "this user: roster must be able to write to it and to "
		    "its folder", st ? st->path : "");
	if (prim == SQLITE_FULL || prim == SQLITE_IOERR ||
	    prim == SQLITE_CANTOPEN || prim == SQLITE_READONLY)
		return ro_error_set(RO_EIO, "%s: %s", what,
		    st ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
	if (prim == SQLITE_CORRUPT)
		return ro_error_set(RO_ENOTDB, "%s is damaged (%s)",
		    st ? st->path : "the database",
		    st ? sqlite3_errmsg(st->db) : "corrupt");
	return ro_error_set(RO_EINTERNAL, "%s: %s", what,
	    st ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
}

sqlite3_stmt *ro_sq_stmt(ro_sq *st, const char *sql)
{
	/* Statements are cached by the address of their constant text: every
	 * SQL string in src/store is a literal, so the address is a key. */
	for (size_t i = 0; i < st->ncache; i++)
		if (st->cache[i].sql == sql) {
			sqlite3_reset(st->cache[i].stmt);
			sqlite3_clear_bindings(st->cache[i].stmt);
			return st->cache[i].stmt;
		}
	if (st->ncache == RO_STMT_CACHE) {
		ro_error_set(RO_EINTERNAL, "statement cache full");
		return NULL;
	}
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &s, NULL);
	if (rc != SQLITE_OK) {
		ro_sq_sqlerr(st, rc, "prepare");
		return NULL;
	}
	st->cache[st->ncache].sql = sql;
	st->cache[st->ncache].stmt = s;
	st->ncache++;
	return s;
}

int ro_sq_exec(ro_sq *st, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);

	sqlite3_free(msg);
	return rc == SQLITE_OK ? 0 : ro_sq_sqlerr(st, rc, "statement");
}

int ro_sq_step_done(ro_sq *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	return ro_sq_sqlerr(st, rc, what);
}

char *ro_sq_col_text(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	return t ? strdup((const char *)t) : NULL;
}

/* The first column of the row sql finds by ?1 = id, copied (NULL when
 * the value is NULL); SQLITE_ROW, SQLITE_DONE (no row), SQLite's error,
 * or -1 when the statement could not be made (the error is set). */
int ro_sq_text_by_id(ro_sq *st, const char *sql, int64_t id, char **out)
{
	sqlite3_stmt *s = ro_sq_stmt(st, sql);
	int rc;

	*out = NULL;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = ro_sq_col_text(s, 0);
	sqlite3_reset(s);
	return rc;
}

void ro_sq_bind_text(sqlite3_stmt *s, int idx, const char *v)
{
	if (v)
		sqlite3_bind_text(s, idx, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, idx);
}

void ro_sq_bind_id(sqlite3_stmt *s, int idx, int64_t v)
{
	if (v)
		sqlite3_bind_int64(s, idx, v);
	else
		sqlite3_bind_null(s, idx);
}

void ro_store_now(char buf[21])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void ro_sq_set_busy_timeout(ro_store *base, int ms)
{
	ro_sq *st = ro_sq_of(base);

	sqlite3_busy_timeout(st->db, ms);
}

/* One writer for the whole file, whatever the site. */
int ro_sq_begin(ro_store *base, bool write, int64_t site_id)
{
	ro_sq *st = ro_sq_of(base);
	int rc = ro_sq_exec(st, write ? "BEGIN IMMEDIATE;" : "BEGIN;");

	if (rc == 0)
		st->in_tx = true;
	return rc;
}

int ro_sq_commit(ro_store *base)
{
	ro_sq *st = ro_sq_of(base);
	int rc = ro_sq_exec(st, "COMMIT;");

	if (rc == 0)
		st->in_tx = false;
	else
		ro_sq_rollback(base);
	return rc;
}

/* PRAGMA data_version changes when another connection commits, the
 * change count when this one writes: together, any commit to the file,
 * which covers every site's. */
int ro_sq_data_stamp(ro_store *base, int64_t site_id, uint64_t out[2])
{
	ro_sq *st = ro_sq_of(base);
	sqlite3_stmt *s = ro_sq_stmt(st, "PRAGMA data_version");
	int rc;

	if (!s)
		return ro_error_last_code();
	rc = sqlite3_step(s);
	out[0] = rc == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return ro_sq_sqlerr(st, rc, "data version");
	out[1] = (uint64_t)sqlite3_total_changes64(st->db);
	return 0;
}

void ro_sq_rollback(ro_store *base)
{
	ro_sq *st = ro_sq_of(base);

	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK;", NULL, NULL, NULL);
	st->in_tx = false;
}

int ro_sq_setting_get(ro_store *base, const char *key, char **out)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "SELECT value FROM settings WHERE key = ?1";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);
	int rc;

	*out = NULL;
	if (!s)
		return ro_error_last_code();
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = ro_sq_col_text(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return RO_ENOTFOUND;
	return ro_sq_sqlerr(st, rc, "setting");
}

int ro_sq_setting_set(ro_store *base, const char *key, const char *value)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "INSERT INTO settings(key, value) "
	    "VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	return ro_sq_step_done(st, s, "setting");
}

int ro_sq_test_sql(ro_store *base, const char *sql, char **out)
{
	ro_sq *st = ro_sq_of(base);
	sqlite3_stmt *s = NULL;
	size_t len = 0, cap = 64;
	char *buf = NULL;
	int rc;

	if (out) {
		*out = NULL;
		if (!(buf = malloc(cap)))
			return RO_ENOMEM;
		buf[0] = '\0';
	}
	rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK) {
		free(buf);
		return ro_sq_sqlerr(st, rc, "test statement");
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);
		size_t n = t ? strlen(t) : 0;
		if (!buf)
			continue;
		if (len + n + 2 > cap) {
			char *nb = realloc(buf, cap = (len + n + 2) * 2);
			if (!nb) {
				free(buf);
				sqlite3_finalize(s);
				return RO_ENOMEM;
			}
			buf = nb;
		}
		memcpy(buf + len, t ? t : "", n);
		len += n;
		buf[len++] = '\n';
		buf[len] = '\0';
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(buf);
		return ro_sq_sqlerr(st, rc, "test statement");
	}
	if (out)
		*out = buf;
	return 0;
}

const ro_store_backend ro_sqlite_backend = {
	.version = RO_STORE_BACKEND_VERSION,
	.name = "SQLite",
	.open = ro_sq_open,
	.close = ro_sq_close,
	.destroy = ro_sq_destroy,
	.set_busy_timeout = ro_sq_set_busy_timeout,
	.begin = ro_sq_begin,
	.commit = ro_sq_commit,
	.rollback = ro_sq_rollback,
	.data_stamp = ro_sq_data_stamp,
	.setting_get = ro_sq_setting_get,
	.setting_set = ro_sq_setting_set,
	.site_add = ro_sq_site_add,
	.site_find = ro_sq_site_find,
	.site_name = ro_sq_site_name,
	.site_list = ro_sq_site_list,
	.site_first = ro_sq_site_first,
	.site_count = ro_sq_site_count,
	.group_add = ro_sq_group_add,
	.group_find = ro_sq_group_find,
	.group_list = ro_sq_group_list,
	.group_names = ro_sq_group_names,
	.grad_years = ro_sq_grad_years,
	.portfolio_get = ro_sq_portfolio_get,
	.portfolio_by_username = ro_sq_portfolio_by_username,
	.portfolio_insert = ro_sq_portfolio_insert,
	.portfolio_update_from = ro_sq_portfolio_update_from,
	.portfolio_signin_state = ro_sq_portfolio_signin_state,
	.portfolio_rehash = ro_sq_portfolio_rehash,
	.answers_set = ro_sq_answers_set,
	.answers_get = ro_sq_answers_get,
	.list_page = ro_sq_list_page,
	.list_count = ro_sq_list_count,
	.list_rank = ro_sq_list_rank,
	.select_each = ro_sq_select_each,
	.rows_by_ids = ro_sq_rows_by_ids,
	.rows_by_usernames = ro_sq_rows_by_usernames,
	.site_rows_view = ro_sq_site_rows_view,
	.rows_by_ids_view = ro_sq_rows_by_ids_view,
	.tune_bulk = ro_sq_tune_bulk,
	.tune_restore = ro_sq_tune_restore,
	.list_uses_index = ro_sq_list_uses_index,
	.test_sql = ro_sq_test_sql,
	.batch_add = ro_sq_batch_add,
	.batch_set_count = ro_sq_batch_set_count,
	.batch_set_undone = ro_sq_batch_set_undone,
	.batch_item_add = ro_sq_batch_item_add,
	.batch_items = ro_sq_batch_items,
	.batch_get = ro_sq_batch_get,
	.batch_list = ro_sq_batch_list,
	.portfolio_delete = ro_sq_portfolio_delete,
	.audit_add = ro_sq_audit_add,
	.audit_list = ro_sq_audit_list,
	.audit_page = ro_sq_audit_page,
	.audit_count = ro_sq_audit_count,
	.list_rank_until = ro_sq_list_rank_until,
	.bulk_begin = ro_sq_bulk_begin,
	.bulk_row = ro_sq_bulk_row,
	.bulk_end = ro_sq_bulk_end,
	.copy_read = ro_sq_copy_read,
	.copy_begin = ro_sq_copy_begin,
	.copy_write = ro_sq_copy_write,
	.copy_end = ro_sq_copy_end,
	.read_only = ro_sq_read_only,
	.batch_purge = ro_sq_batch_purge,
	.batch_creators = ro_sq_batch_creators,
	.site_brief = ro_sq_site_brief,
	.sourced_id_set = ro_sq_sourced_id_set,
	.select_exempt = ro_sq_select_exempt,
	.reset_chunk = ro_sq_reset_chunk,
};
