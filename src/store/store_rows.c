/* store_rows.c — many portfolios by id or username in one statement:
 * the ids or names travel as one JSON array bound to a single
 * parameter. */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Ids and names travel as one JSON array bound to a single parameter, so
 * that a batch lookup is one statement whatever its size. */
static char *json_ids(const int64_t *ids, size_t n)
{
	size_t cap = n * 21 + 3, len = 0;
	char *buf = malloc(cap);

	if (!buf)
		return NULL;
	buf[len++] = '[';
	for (size_t i = 0; i < n; i++) {
		/* By hand: snprintf was a tenth of a 100,000-id lookup. */
		char digits[24];
		size_t k = sizeof digits;
		uint64_t v = ids[i] < 0 ? 0 - (uint64_t)ids[i] : (uint64_t)ids[i];
		if (i)
			buf[len++] = ',';
		do
			digits[--k] = (char)('0' + v % 10);
		while ((v /= 10) != 0);
		if (ids[i] < 0)
			digits[--k] = '-';
		memcpy(buf + len, digits + k, sizeof digits - k);
		len += sizeof digits - k;
	}
	buf[len++] = ']';
	buf[len] = '\0';
	return buf;
}

char *ro_sq_json_ids(const int64_t *ids, size_t n)
{
	return json_ids(ids, n);
}

static int each_row(ro_sq *st, sqlite3_stmt *s, ro_store_row_fn fn,
    void *ctx)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ro_store_row r;
		ro_sq_read_row(s, &r);
		int cb = fn(ctx, &r);
		ro_store_row_clear(&r);
		if (cb) {
			sqlite3_reset(s);
			return cb;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : ro_sq_sqlerr(st, rc, "portfolios");
}

/* Calls fn for each row of sql, whose ?1 is bound to json (a JSON array
 * made for it, freed here whatever happens; NULL: out of memory). */
static int rows_in(ro_sq *st, const char *sql, char *json,
    ro_store_row_fn fn, void *ctx)
{
	sqlite3_stmt *s;
	int rc;

	if (!json)
		return RO_ENOMEM;
	if (!(s = ro_sq_stmt(st, sql))) {
		free(json);
		return ro_error_last_code();
	}
	sqlite3_bind_text(s, 1, json, -1, free);
	rc = each_row(st, s, fn, ctx);
	sqlite3_clear_bindings(s);
	return rc;
}

int ro_sq_rows_by_ids(ro_store *base, const int64_t *ids, size_t n,
    ro_store_row_fn fn, void *ctx)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "SELECT " RO_ROW_COLUMNS RO_ROW_FROM
	    " WHERE p.id IN (SELECT value FROM json_each(?1))";

	if (n == 0)
		return 0;
	return rows_in(st, sql, json_ids(ids, n), fn, ctx);
}

static char *json_strings(const char *const *v, size_t n)
{
	size_t cap = 3, len = 0;
	char *buf;

	for (size_t i = 0; i < n; i++)
		cap += strlen(v[i]) * 6 + 3;
	if (!(buf = malloc(cap)))
		return NULL;
	buf[len++] = '[';
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf[len++] = ',';
		buf[len++] = '"';
		for (const unsigned char *c = (const unsigned char *)v[i]; *c;
		    c++) {
			if (*c == '"' || *c == '\\') {
				buf[len++] = '\\';
				buf[len++] = (char)*c;
			} else if (*c < 0x20) {
				len += (size_t)snprintf(buf + len, cap - len,
				    "\\u%04x", *c);
			} else {
				buf[len++] = (char)*c;
			}
		}
		buf[len++] = '"';
	}
	buf[len++] = ']';
	buf[len] = '\0';
	return buf;
}

int ro_sq_rows_by_usernames(ro_store *base, const char *const *names,
    size_t n, ro_store_row_fn fn, void *ctx)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "SELECT " RO_ROW_COLUMNS RO_ROW_FROM
	    " WHERE p.username IN (SELECT value FROM json_each(?1))";

	if (n == 0)
		return 0;
	return rows_in(st, sql, json_strings(names, n), fn, ctx);
}

int ro_sq_each_stmt(ro_sq *st, sqlite3_stmt *s, ro_store_row_fn fn,
    void *ctx)
{
	return each_row(st, s, fn, ctx);
}
