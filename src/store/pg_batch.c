/* pg_batch.c — the PostgreSQL store's batches with the before-state of
 * what they changed, the audit log, the demo loader and bulk mode.  In
 * bulk mode (ro_store_tune_bulk for a write, or the demo loader) the
 * rows of portfolios, batch items and audit go to the server as COPY
 * streams (pg_copy.c) instead of a statement each. */
#include "pg_int.h"

#include <stdlib.h>
#include <string.h>

/* The batches being purged are locked, and those another transaction
 * holds (a writer of another site purging them too, an undo marking
 * one) are left to the next purge: writers of different sites never
 * wait on each other here, nor deadlock over the same old items. */
int ro_pg_batch_purge(ro_store *base, const char *before)
{
	static const char sql[] = "DELETE FROM batch_items WHERE batch_id IN"
	    " (SELECT b.id FROM batches b WHERE b.created_at < $1 AND EXISTS"
	    " (SELECT 1 FROM batch_items i WHERE i.batch_id = b.id)"
	    " FOR UPDATE OF b SKIP LOCKED)";
	const char *v[] = { before };

	return ro_pg_do(ro_pg_of(base), sql, 1, v, "batch purge");
}

/* For each of ids: the latest batch that created it, in one hash join
 * of the ids (by their place in the array) with the creating items. */
int ro_pg_batch_creators(ro_store *base, const int64_t *ids, size_t n,
    int64_t *batch)
{
	static const char sql[] = "SELECT u.n, max(i.batch_id) FROM"
	    " unnest($1::bigint[]) WITH ORDINALITY u(id, n)"
	    " JOIN batch_items i ON i.portfolio_id = u.id AND i.created = 1"
	    " GROUP BY u.n";
	char *arr;
	const char *v[1];
	int rc;
	PGresult *r;

	for (size_t i = 0; i < n; i++)
		batch[i] = 0;
	if (!n)
		return 0;
	if (!(arr = ro_pg_id_array(ids, n)))
		return RO_ENOMEM;
	v[0] = arr;
	r = ro_pg_q(ro_pg_of(base), sql, 1, v, "batch items", &rc);
	free(arr);
	if (!r)
		return rc;
	for (int i = 0; i < PQntuples(r); i++) {
		int64_t at = ro_pg_i64(r, i, 0);
		if (at >= 1 && (uint64_t)at <= n)
			batch[at - 1] = ro_pg_i64(r, i, 1);
	}
	PQclear(r);
	return 0;
}

int ro_pg_batch_add(ro_store *base, int64_t *id, int64_t site_id,
    const char *who, const char *kind, const char *detail, size_t count,
    int64_t undo_of)
{
	static const char sql[] = "INSERT INTO batches (site_id, created_at,"
	    " who, kind, detail, count, undo_of) VALUES ($1, $2, $3, $4, $5,"
	    " $6, $7) RETURNING id";
	char now[21], b[3][24];
	const char *v[] = { ro_pg_int(b[0], site_id, false), now, who, kind,
		detail, ro_pg_int(b[1], (int64_t)count, false),
		ro_pg_int(b[2], undo_of, true) };
	int rc;
	PGresult *r;

	ro_store_now(now);
	if (!(r = ro_pg_q(ro_pg_of(base), sql, 7, v, "batch", &rc)))
		return rc;
	*id = ro_pg_i64(r, 0, 0);
	PQclear(r);
	return 0;
}

int ro_pg_batch_set_count(ro_store *base, int64_t id, size_t count)
{
	char b[2][24];
	const char *v[] = { ro_pg_int(b[0], id, false),
		ro_pg_int(b[1], (int64_t)count, false) };

	return ro_pg_do(ro_pg_of(base), "UPDATE batches SET count = $2 WHERE"
	    " id = $1", 2, v, "batch");
}

int ro_pg_batch_set_undone(ro_store *base, int64_t id, int64_t by)
{
	char b[2][24];
	const char *v[] = { ro_pg_int(b[0], id, false),
		ro_pg_int(b[1], by, false) };

	return ro_pg_do(ro_pg_of(base), "UPDATE batches SET undone_by = $2"
	    " WHERE id = $1", 2, v, "batch");
}

int ro_pg_batch_item_add(ro_store *base, int64_t batch_id,
    int64_t portfolio_id, const ro_store_row *b, const char *answers,
    int64_t after_version)
{
	static const char sql[] = "INSERT INTO batch_items (batch_id,"
	    " portfolio_id, created, username, first, last, email, group_id,"
	    " grad_year, type, sso, sso_id, active, password_hash,"
	    " temp_password, sq_reset, answers, after_version) VALUES ($1, $2,"
	    " $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
	    " $17, $18)";
	ro_pg *st = ro_pg_of(base);
	const char *v[18];
	char nums[14][24], n[3][24];

	if (st->bulk_depth && st->in_tx)
		return ro_pg_bulk_item(st, batch_id, portfolio_id, b, answers,
		    after_version);
	ro_pg_item_values(v, nums, n, batch_id, portfolio_id, b, answers,
	    after_version);
	return ro_pg_do(st, sql, 18, v, "batch item");
}

int ro_pg_batch_items(ro_store *base, int64_t batch_id, ro_store_item_fn fn,
    void *ctx)
{
	/* The column order of PG_ROW_COLUMNS, so that the row reader
	 * serves; the group name is today's (ids are what is restored). */
	static const char sql[] = "SELECT i.portfolio_id, p.site_id,"
	    " i.username, i.first, i.last, i.email, i.group_id, g.name,"
	    " i.grad_year, i.type, i.sso, i.sso_id, i.active, i.temp_password,"
	    " i.sq_reset, p.version, i.password_hash, 0, 0, 0, i.created,"
	    " i.answers, i.after_version FROM batch_items i"
	    " LEFT JOIN portfolios p ON p.id = i.portfolio_id"
	    " LEFT JOIN groups g ON g.id = i.group_id"
	    " WHERE i.batch_id = $1 ORDER BY i.portfolio_id";
	char b[24];
	const char *v[] = { ro_pg_int(b, batch_id, false) };
	int rc, cb = 0;
	PGresult *r = ro_pg_q(ro_pg_of(base), sql, 1, v, "batch items", &rc);

	if (!r)
		return rc;
	for (int i = 0; i < PQntuples(r) && !cb; i++) {
		ro_store_item it;
		memset(&it, 0, sizeof it);
		ro_pg_read_row(r, i, &it.before, false);
		it.portfolio_id = ro_pg_i64(r, i, 0);
		it.created = ro_pg_i64(r, i, 20) != 0;
		it.answers = ro_pg_text(r, i, 21);
		it.after_version = ro_pg_i64(r, i, 22);
		cb = fn(ctx, &it);
		ro_store_row_clear(&it.before);
		free(it.answers);
	}
	PQclear(r);
	return cb;
}

#define BATCH_COLUMNS "id, created_at, who, kind, detail, count," \
	" coalesce(undone_by, 0), coalesce(undo_of, 0), site_id"

static void read_batch(const PGresult *r, int i, ro_batch *b)
{
	memset(b, 0, sizeof *b);
	b->id = ro_pg_i64(r, i, 0);
	b->when = ro_pg_text(r, i, 1);
	b->who = ro_pg_text(r, i, 2);
	b->kind = ro_pg_text(r, i, 3);
	b->detail = ro_pg_text(r, i, 4);
	b->count = (size_t)ro_pg_i64(r, i, 5);
	b->undone_by = ro_pg_i64(r, i, 6);
	b->undo_of = ro_pg_i64(r, i, 7);
}

int ro_pg_batch_get(ro_store *base, ro_batch *out, int64_t id,
    int64_t *site_id)
{
	static const char sql[] = "SELECT " BATCH_COLUMNS " FROM batches"
	    " WHERE id = $1";
	char b[24];
	const char *v[] = { ro_pg_int(b, id, false) };
	int rc;
	PGresult *r = ro_pg_q(ro_pg_of(base), sql, 1, v, "batch", &rc);

	memset(out, 0, sizeof *out);
	if (!r)
		return rc;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return ro_error_set(RO_ENOTFOUND, "no batch %lld",
		    (long long)id);
	}
	read_batch(r, 0, out);
	if (site_id)
		*site_id = ro_pg_i64(r, 0, 8);
	PQclear(r);
	return 0;
}

int ro_pg_batch_list(ro_store *base, ro_batch_list **out, int64_t site_id)
{
	static const char sql[] = "SELECT " BATCH_COLUMNS " FROM batches"
	    " WHERE site_id = $1 ORDER BY id DESC";
	char b[24];
	const char *v[] = { ro_pg_int(b, site_id, false) };
	ro_batch_list *l;
	int rc;
	PGresult *r = ro_pg_q(ro_pg_of(base), sql, 1, v, "batches", &rc);

	*out = NULL;
	if (!r)
		return rc;
	if (!(l = calloc(1, sizeof *l)) || (PQntuples(r) &&
	    !(l->items = calloc((size_t)PQntuples(r), sizeof *l->items)))) {
		free(l);
		PQclear(r);
		return RO_ENOMEM;
	}
	for (int i = 0; i < PQntuples(r); i++)
		read_batch(r, i, &l->items[l->n++]);
	PQclear(r);
	*out = l;
	return 0;
}

int ro_pg_audit_add(ro_store *base, int64_t site_id, const char *who,
    int64_t batch_id, int64_t portfolio_id, const char *username,
    const char *action, const char *field, const char *old_value,
    const char *new_value)
{
	static const char sql[] = "INSERT INTO audit (at, who, site_id,"
	    " batch_id, portfolio_id, username, action, field, old_value,"
	    " new_value) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
	ro_pg *st = ro_pg_of(base);
	char now[21], b[3][24];
	const char *v[] = { now, who, ro_pg_int(b[0], site_id, true),
		ro_pg_int(b[1], batch_id, true),
		ro_pg_int(b[2], portfolio_id, true), username, action, field,
		old_value, new_value };

	ro_store_now(now);
	if (st->bulk_depth && st->in_tx)
		return ro_pg_bulk_audit(st, v);
	return ro_pg_do(st, sql, 10, v, "audit");
}

/* The demo loader: one transaction, the rows as one COPY stream. */
int ro_pg_bulk_begin(ro_store *base)
{
	ro_pg *st = ro_pg_of(base);
	int rc = ro_pg_begin(base, true, 0);

	if (rc)
		return rc;
	/* Rows announced by a ro_store_tune_bulk around it are kept. */
	if (!st->bulk_depth++)
		st->bulk_rows = st->bulk_reserved = 0;
	st->demo_bulk = true;
	return 0;
}

int ro_pg_bulk_row(ro_store *base, ro_store_row *r)
{
	return ro_pg_bulk_insert(ro_pg_of(base), r);
}

int ro_pg_bulk_end(ro_store *base, bool ok)
{
	ro_pg *st = ro_pg_of(base);
	int rc = 0;

	if (ok)
		rc = ro_pg_commit(base);
	else
		ro_pg_rollback(base);
	if (st->demo_bulk) {
		st->bulk_depth--;
		st->demo_bulk = false;
	}
	if (!rc && ok)
		rc = ro_pg_exec(st, "ANALYZE portfolios", "analyze");
	return rc;
}

/* A write of many rows gathers them for COPY; a scan needs nothing
 * (results come through a cursor whatever their number). */
int ro_pg_tune_bulk(ro_store *base, ro_store_work work, size_t rows,
    ro_store_tuning *saved)
{
	ro_pg *st = ro_pg_of(base);

	memset(saved, 0, sizeof *saved);
	if (work == RO_WORK_WRITE) {
		st->bulk_depth++;
		st->bulk_rows = rows;
		st->bulk_reserved = 0;
		saved->saved[0] = 1;
	}
	return 0;
}

int ro_pg_tune_restore(ro_store *base, const ro_store_tuning *saved)
{
	ro_pg *st = ro_pg_of(base);

	if (saved->saved[0] && st->bulk_depth > 0 && --st->bulk_depth == 0)
		st->bulk_rows = st->bulk_reserved = 0;
	return 0;
}
