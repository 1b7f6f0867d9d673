/* pg_dbcopy.c — the PostgreSQL store's side of roster db copy: every row
 * of a table as text cells through a cursor, and a copy written into a
 * new database as one COPY stream per table, in one transaction, the
 * sequences then set past the ids copied. */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLUSH_BYTES (8u << 20)

int ro_pg_copy_read(ro_store *base, size_t t, ro_store_cells_fn fn,
    void *ctx)
{
	ro_pg *st = ro_pg_of(base);
	const ro_store_table *tb = &ro_store_tables[t];
	const char *cells[32];
	char sql[512];
	bool own = !st->in_tx;
	int rc = 0, cb = 0;
	PGresult *r;

	if (own && (rc = ro_pg_exec(st, "BEGIN ISOLATION LEVEL REPEATABLE "
	    "READ", "begin")))
		return rc;
	snprintf(sql, sizeof sql, "DECLARE roster_copy NO SCROLL CURSOR FOR"
	    " SELECT %s FROM %s ORDER BY %s", tb->columns, tb->name,
	    tb->order);
	if ((rc = ro_pg_exec(st, sql, "copy")))
		goto out;
	while (!cb) {
		r = PQexec(st->conn, "FETCH 2000 FROM roster_copy");
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			rc = ro_pg_err(st, r, "copy");
			PQclear(r);
			break;
		}
		int n = PQntuples(r);
		for (int i = 0; i < n && !cb; i++) {
			for (size_t k = 0; k < tb->ncolumns; k++)
				cells[k] = PQgetisnull(r, i, (int)k) ? NULL :
				    PQgetvalue(r, i, (int)k);
			cb = fn(ctx, tb->ncolumns, cells);
		}
		PQclear(r);
		if (n == 0)
			break;
	}
	if (!rc)
		rc = ro_pg_exec(st, "CLOSE roster_copy", "copy");
out:
	if (own)
		PQclear(PQexec(st->conn, rc || cb ? "ROLLBACK" : "COMMIT"));
	return cb ? cb : rc;
}

int ro_pg_copy_begin(ro_store *base)
{
	ro_pg *st = ro_pg_of(base);
	int rc;

	if ((rc = ro_pg_begin(base, true, 0)))
		return rc;
	st->dbcopy_table = -1;
	if ((rc = ro_pg_exec(st, "DELETE FROM settings", "copy")))
		ro_pg_rollback(base);
	return rc;
}

/* Sends the rows gathered for the table they belong to. */
static int send(ro_pg *st)
{
	char sql[512];
	const ro_store_table *tb;

	if (st->dbcopy_table < 0 || !st->dbcopy.len)
		return 0;
	tb = &ro_store_tables[st->dbcopy_table];
	snprintf(sql, sizeof sql, "COPY %s (%s) FROM STDIN", tb->name,
	    tb->columns);
	return ro_pg_copy_in(st, sql, &st->dbcopy);
}

int ro_pg_copy_write(ro_store *base, size_t t, size_t n,
    const char *const *cells)
{
	ro_pg *st = ro_pg_of(base);
	int rc;

	/* A batch may name a later one (undone_by): a table's rows go in
	 * one COPY, whose foreign keys are checked at its end. */
	if (st->dbcopy_table != (int)t) {
		if ((rc = send(st)))
			return rc;
		st->dbcopy_table = (int)t;
	}
	if (ro_pg_buf_row(&st->dbcopy, cells, (int)n))
		return RO_ENOMEM;
	if (st->dbcopy.len >= FLUSH_BYTES &&
	    strcmp(ro_store_tables[t].name, "batches") != 0)
		return send(st);
	return 0;
}

int ro_pg_copy_end(ro_store *base, bool ok)
{
	ro_pg *st = ro_pg_of(base);
	char sql[256];
	int rc = 0;

	if (ok)
		rc = send(st);
	for (size_t t = 0; ok && !rc && t < ro_store_ntables; t++) {
		if (!ro_store_tables[t].has_id)
			continue;
		snprintf(sql, sizeof sql, "SELECT setval(pg_get_serial_sequence("
		    "'%s', 'id'), max(id)) FROM %s", ro_store_tables[t].name,
		    ro_store_tables[t].name);
		rc = ro_pg_exec(st, sql, "copy");
	}
	free(st->dbcopy.data);
	memset(&st->dbcopy, 0, sizeof st->dbcopy);
	st->dbcopy_table = -1;
	if (ok && !rc)
		return ro_pg_commit(base);
	ro_pg_rollback(base);
	return rc;
}
