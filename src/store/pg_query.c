/* pg_query.c — statements on the PostgreSQL store's connection: run
 * (prepared once per connection, by the address of their text), their
 * results' fields, and the server's errors translated into the engine's
 * codes and messages. */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *state_of(const PGresult *r)
{
	const char *s = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;

	return s ? s : "";
}

/* The first line of the server's or libpq's message. */
void ro_pg_first_line(char *buf, size_t n, const char *msg)
{
	size_t k = 0;

	for (; msg && msg[k] && msg[k] != '\n' && k + 1 < n; k++)
		buf[k] = msg[k];
	buf[k] = '\0';
}

int ro_pg_err(ro_pg *st, const PGresult *r, const char *what)
{
	const char *code = state_of(r);
	char msg[256];

	ro_pg_first_line(msg, sizeof msg, r ? PQresultErrorField(r,
	    PG_DIAG_MESSAGE_PRIMARY) : NULL);
	if (!msg[0])
		ro_pg_first_line(msg, sizeof msg, PQerrorMessage(st->conn));
	if (strcmp(code, "55P03") == 0 || strcmp(code, "40P01") == 0 ||
	    strcmp(code, "40001") == 0)
		return ro_error_set(RO_EBUSY, "the database is busy: another "
		    "roster is writing to %s; try again in a moment",
		    st->site ? "this site" : st->name);
	if (strcmp(code, "23505") == 0)
		return ro_error_set(RO_EEXISTS, "%s: already exists", what);
	if (strncmp(code, "23", 2) == 0)
		return ro_error_set(RO_EINVAL, "%s: %s", what, msg);
	/* What SQLite would have stored and the server refuses. */
	if (strcmp(code, "22021") == 0 || strcmp(code, "22P05") == 0)
		return ro_error_set(RO_EINVAL, "%s: the text is not valid "
		    "UTF-8", what);
	if (strcmp(code, "54000") == 0 || strcmp(code, "22001") == 0)
		return ro_error_set(RO_EINVAL, "%s: %s", what, msg);
	if (PQstatus(st->conn) != CONNECTION_OK || strncmp(code, "08", 2) == 0
	    || strncmp(code, "57P", 3) == 0)
		return ro_error_set(RO_EIO, "%s: the connection to %s was "
		    "lost (%s)", what, st->name, msg);
	if (strncmp(code, "53", 2) == 0 || strncmp(code, "58", 2) == 0)
		return ro_error_set(RO_EIO, "%s: %s", what, msg);
	/* As SQLite's read-only file: a standby, a read-only session. */
	if (strcmp(code, "25006") == 0)
		return ro_error_set(RO_EIO, "%s is read-only to this "
		    "connection: roster must be able to write to it", st->name);
	if (strcmp(code, "42501") == 0)
		return ro_error_set(RO_EIO, "%s: the database role may not do "
		    "this (%s)", what, msg);
	return ro_error_set(RO_EINTERNAL, "%s: %s", what, msg);
}

const char *ro_pg_int(char buf[24], int64_t v, bool zero_null)
{
	if (zero_null && v == 0)
		return NULL;
	snprintf(buf, 24, "%lld", (long long)v);
	return buf;
}

char *ro_pg_text(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL :
	    strdup(PQgetvalue(r, row, col));
}

int64_t ro_pg_i64(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? 0 :
	    strtoll(PQgetvalue(r, row, col), NULL, 10);
}

static bool writes(const char *sql)
{
	return strncmp(sql, "INSERT", 6) == 0 ||
	    strncmp(sql, "UPDATE", 6) == 0 || strncmp(sql, "DELETE", 6) == 0;
}

PGresult *ro_pg_q(ro_pg *st, const char *sql, int n,
    const char *const *v, const char *what, int *rc)
{
	return ro_pg_qx(st, sql, n, v, what, rc, true);
}

PGresult *ro_pg_qx(ro_pg *st, const char *sql, int n,
    const char *const *v, const char *what, int *rc, bool prepare)
{
	PGresult *r;
	size_t i;
	char name[16];

	*rc = 0;
	if ((*rc = ro_pg_revive(st)))
		return NULL;
	if (!st->flushing && ro_pg_bulk_pending(st) &&
	    (*rc = ro_pg_bulk_flush(st)))
		return NULL;
	for (i = 0; i < st->nprep && st->prep[i].sql != sql; i++)
		;
	snprintf(name, sizeof name, "r%zu", i);
	if (!prepare || i == st->nprep) {
		if (!prepare || i == RO_PG_PREPARED) {
			r = PQexecParams(st->conn, sql, n, NULL, v, NULL, NULL,
			    0);
			goto done;
		}
		r = PQprepare(st->conn, name, sql, n, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			*rc = ro_pg_err(st, r, what);
			PQclear(r);
			return NULL;
		}
		PQclear(r);
		st->prep[st->nprep++].sql = sql;
	}
	r = PQexecPrepared(st->conn, name, n, v, NULL, NULL, 0);
done:
	if (PQresultStatus(r) != PGRES_TUPLES_OK &&
	    PQresultStatus(r) != PGRES_COMMAND_OK) {
		*rc = ro_pg_err(st, r, what);
		PQclear(r);
		return NULL;
	}
	if (writes(sql))
		st->dirty = true;
	return r;
}

int ro_pg_do(ro_pg *st, const char *sql, int n, const char *const *v,
    const char *what)
{
	int rc;
	PGresult *r = ro_pg_q(st, sql, n, v, what, &rc);

	PQclear(r);
	return rc;
}

int ro_pg_exec(ro_pg *st, const char *sql, const char *what)
{
	PGresult *r = PQexec(st->conn, sql);
	int rc = 0;

	if (PQresultStatus(r) != PGRES_COMMAND_OK &&
	    PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = ro_pg_err(st, r, what);
	PQclear(r);
	return rc;
}

int ro_pg_test_sql(ro_store *base, const char *sql, char **out)
{
	ro_pg *st = ro_pg_of(base);
	PGresult *r = PQexec(st->conn, sql);
	size_t len = 0;
	char *buf;
	int rc;

	if (out)
		*out = NULL;
	if (PQresultStatus(r) != PGRES_TUPLES_OK &&
	    PQresultStatus(r) != PGRES_COMMAND_OK) {
		rc = ro_pg_err(st, r, "test statement");
		PQclear(r);
		return rc;
	}
	if (!out) {
		PQclear(r);
		return 0;
	}
	for (int i = 0; i < PQntuples(r); i++)
		len += (size_t)PQgetlength(r, i, 0) + 1;
	if (!(buf = malloc(len + 1))) {
		PQclear(r);
		return RO_ENOMEM;
	}
	len = 0;
	for (int i = 0; i < PQntuples(r); i++) {
		size_t n = (size_t)PQgetlength(r, i, 0);
		memcpy(buf + len, PQgetvalue(r, i, 0), n);
		len += n;
		buf[len++] = '\n';
	}
	buf[len] = '\0';
	PQclear(r);
	*out = buf;
	return 0;
}
