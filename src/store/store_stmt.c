/* store_stmt.c — running the SQLite store's statements: each prepared
 * once per connection and kept, SQLite's codes translated into the
 * engine's (with the message), the binding and reading of the values
 * that may be NULL, and the time stamp every written row carries. */
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
