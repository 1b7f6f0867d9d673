/* dbcopy.c — roster db copy: a whole database from one backend (or file)
 * to another, verified.
 *
 * The rows travel as text cells (ro_store_copy_read / _write), which read
 * the same on either backend, so that one checksum serves both sides:
 * FNV-1a over each row's cells in key order, a NULL told from an empty
 * text.  The copy is one transaction on the new database; reading it
 * back afterwards checks what was committed, not what was sent. */
#include "core_int.h"

#include <roster/db.h>

#include <stdlib.h>
#include <string.h>

#define MAX_TABLES 16

static ro_db_copy_table report[MAX_TABLES];

typedef struct sum {
	size_t rows;
	uint64_t h;
} sum;

static void fnv(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++) {
		*h ^= c[i];
		*h *= 0x100000001b3ULL;
	}
}

static void sum_row(sum *s, size_t n, const char *const *cells)
{
	static const unsigned char null = 0, text = 1, end = 2;

	for (size_t i = 0; i < n; i++) {
		if (!cells[i]) {
			fnv(&s->h, &null, 1);
			continue;
		}
		fnv(&s->h, &text, 1);
		fnv(&s->h, cells[i], strlen(cells[i]) + 1);
	}
	fnv(&s->h, &end, 1);
	s->rows++;
}

typedef struct pass {
	ro_store *to;           /* NULL: only summing */
	size_t table;
	sum s;
} pass;

static int each(void *ctx, size_t n, const char *const *cells)
{
	pass *p = ctx;

	sum_row(&p->s, n, cells);
	return p->to ? ro_store_copy_write(p->to, p->table, n, cells) : 0;
}

int ro_db_copy(const char *from, const char *to,
    const ro_db_copy_table **out, size_t *n)
{
	size_t nt = ro_store_copy_ntables();
	ro_store *src = NULL, *dst = NULL;
	sum sums[MAX_TABLES];
	int rc;

	*out = NULL;
	*n = 0;
	if (nt > MAX_TABLES)
		return ro_error_set(RO_EINTERNAL, "too many tables to copy");
	if ((rc = ro_store_open(&src, from, false)))
		return rc;
	if ((rc = ro_store_open(&dst, to, true))) {
		ro_store_close(src);
		return rc;
	}
	/* One snapshot of the source for the whole copy. */
	if ((rc = ro_store_begin(src, false, 0)))
		goto fail;
	if ((rc = ro_store_copy_begin(dst))) {
		ro_store_rollback(src);
		goto fail;
	}
	for (size_t t = 0; t < nt && !rc; t++) {
		pass p = { dst, t, { 0, 0xcbf29ce484222325ULL } };
		rc = ro_store_copy_read(src, t, each, &p);
		sums[t] = p.s;
	}
	ro_store_rollback(src);
	if ((rc = ro_store_copy_end(dst, rc == 0)))
		goto fail;
	/* What the new database holds now, table by table. */
	for (size_t t = 0; t < nt && !rc; t++) {
		pass p = { NULL, t, { 0, 0xcbf29ce484222325ULL } };
		if ((rc = ro_store_copy_read(dst, t, each, &p)))
			break;
		if (p.s.rows != sums[t].rows || p.s.h != sums[t].h)
			rc = ro_error_set(RO_EINTERNAL, "the copy of table %s "
			    "differs from the original (%zu rows read back of "
			    "%zu); the copy was removed",
			    ro_store_copy_table(t), p.s.rows, sums[t].rows);
		report[t] = (ro_db_copy_table){ ro_store_copy_table(t),
			sums[t].rows, sums[t].h };
	}
	if (rc)
		goto fail;
	ro_store_close(src);
	ro_store_close(dst);
	*out = report;
	*n = nt;
	return 0;
fail:
	ro_store_close(src);
	ro_store_destroy(dst);
	return rc;
}
