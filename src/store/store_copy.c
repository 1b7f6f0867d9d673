/* store_copy.c — the SQLite store's side of roster db copy: every row of
 * a table as text cells, and a copy written into a new file in one
 * transaction, foreign keys checked at its commit (a batch names the
 * later batch that undid it). */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

int ro_sq_copy_read(ro_store *base, size_t t, ro_store_cells_fn fn,
    void *ctx)
{
	ro_sq *st = ro_sq_of(base);
	const ro_store_table *tb = &ro_store_tables[t];
	const char *cells[32];
	sqlite3_stmt *s = NULL;
	int rc, cb = 0;
	char *sql = sqlite3_mprintf("SELECT %s FROM %s ORDER BY %s",
	    tb->columns, tb->name, tb->order);

	if (!sql)
		return RO_ENOMEM;
	rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return ro_sq_sqlerr(st, rc, "copy");
	while (!cb && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (size_t i = 0; i < tb->ncolumns; i++)
			cells[i] = (const char *)sqlite3_column_text(s, (int)i);
		cb = fn(ctx, tb->ncolumns, cells);
	}
	sqlite3_finalize(s);
	if (cb)
		return cb;
	return rc == SQLITE_DONE ? 0 : ro_sq_sqlerr(st, rc, "copy");
}

int ro_sq_copy_begin(ro_store *base)
{
	ro_sq *st = ro_sq_of(base);
	int rc;

	if ((rc = ro_sq_begin(base, true, 0)))
		return rc;
	if ((rc = ro_sq_exec(st, "PRAGMA defer_foreign_keys = ON;"
	    " DELETE FROM settings;")))
		ro_sq_rollback(base);
	return rc;
}

int ro_sq_copy_write(ro_store *base, size_t t, size_t n,
    const char *const *cells)
{
	ro_sq *st = ro_sq_of(base);
	const ro_store_table *tb = &ro_store_tables[t];
	sqlite3_stmt *s = st->copy[t];
	int rc;

	if (!s) {
		char marks[3 * 32] = "?";
		for (size_t i = 1; i < tb->ncolumns; i++)
			strcat(marks, ", ?");
		char *sql = sqlite3_mprintf("INSERT INTO %s (%s) VALUES (%s)",
		    tb->name, tb->columns, marks);
		if (!sql)
			return RO_ENOMEM;
		rc = sqlite3_prepare_v2(st->db, sql, -1, &st->copy[t], NULL);
		sqlite3_free(sql);
		if (rc != SQLITE_OK)
			return ro_sq_sqlerr(st, rc, "copy");
		s = st->copy[t];
	}
	sqlite3_reset(s);
	for (size_t i = 0; i < n && i < tb->ncolumns; i++)
		ro_sq_bind_text(s, (int)i + 1, cells[i]);
	rc = sqlite3_step(s);
	return rc == SQLITE_DONE ? 0 : ro_sq_sqlerr(st, rc, tb->name);
}

int ro_sq_copy_end(ro_store *base, bool ok)
{
	ro_sq *st = ro_sq_of(base);
	int rc = 0;

	for (size_t t = 0; t < 8; t++) {
		sqlite3_finalize(st->copy[t]);
		st->copy[t] = NULL;
	}
	if (ok)
		rc = ro_sq_commit(base);
	else
		ro_sq_rollback(base);
	return rc;
}
