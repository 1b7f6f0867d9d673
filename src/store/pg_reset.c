/* pg_reset.c — a password reset written set-wise on PostgreSQL (store.h,
 * ro_store_reset_chunk), as store_reset.c does on SQLite: the chunk's
 * ids, versions and hashes go to a temporary table by COPY (pg_copy.c),
 * then one statement each makes the batch items (of the rows still at
 * their version: fewer than the chunk is a conflict), the audit rows and
 * the update. */
#include "pg_int.h"

#include <stdlib.h>
#include <string.h>

/* Made again when missing: a rolled-back transaction takes it along (the
 * notice that it exists is not shown: pg.c). */
static const char table_sql[] = "CREATE TEMPORARY TABLE IF NOT EXISTS"
    " roster_reset (id bigint PRIMARY KEY, version bigint NOT NULL,"
    " hash text) ON COMMIT DELETE ROWS";

static const char moved_sql[] = "SELECT t.id FROM roster_reset t"
    " LEFT JOIN portfolios p ON p.id = t.id WHERE p.id IS NULL"
    " OR p.version IS DISTINCT FROM t.version"
    " OR p.site_id IS DISTINCT FROM $1::bigint ORDER BY t.id LIMIT 1";

static const char items_sql[] = "INSERT INTO batch_items (batch_id,"
    " portfolio_id, created, username, first, last, email, group_id,"
    " grad_year, type, sso, sso_id, active, password_hash, temp_password,"
    " sq_reset, answers, after_version) SELECT $1::bigint, p.id, 0,"
    " p.username, p.first, p.last, p.email, p.group_id, p.grad_year,"
    " p.type, p.sso, p.sso_id, p.active, p.password_hash,"
    " p.temp_password, p.sq_reset, NULL, p.version + 1"
    " FROM roster_reset t JOIN portfolios p ON p.id = t.id"
    " WHERE p.version = t.version AND p.site_id = $2::bigint";

/* Each portfolio's rows together, in id order ($9: the one hash). */
static const char audit_sql[] = "INSERT INTO audit (at, who, site_id,"
    " batch_id, portfolio_id, username, action, field, old_value,"
    " new_value) SELECT $1::text, $2::text, $3::bigint, $4::bigint, p.id,"
    " p.username, $5::text, f.field, f.old, f.new FROM roster_reset t"
    " JOIN portfolios p ON p.id = t.id CROSS JOIN (VALUES"
    " (1, $6::text, NULL::text, $7::text),"
    " (2, $8::text, $10::text, $11::text)) f (k, field, old, new)"
    " WHERE (f.k = 1 AND p.password_hash IS DISTINCT FROM"
    " coalesce($9::text, t.hash)) OR (f.k = 2 AND p.temp_password = 0)"
    " ORDER BY t.id, f.k";

static const char update_sql[] = "UPDATE portfolios p SET"
    " password_hash = coalesce($1::text, t.hash), temp_password = 1,"
    " version = p.version + 1, failed_signins = 0,"
    " first_failed_at = CASE WHEN p.failed_signins <> 0 OR"
    " coalesce(p.locked_until, 0) <> 0 THEN NULL ELSE p.first_failed_at"
    " END, locked_until = CASE WHEN p.failed_signins <> 0 OR"
    " coalesce(p.locked_until, 0) <> 0 THEN NULL ELSE p.locked_until END"
    " FROM roster_reset t WHERE p.id = t.id";

static int stage(ro_pg *st, const ro_store_reset *r)
{
	ro_pg_buf b = { NULL, 0, 0, 0 };
	char nums[2][24];
	int rc = 0;

	if ((rc = ro_pg_exec(st, table_sql, "reset")) ||
	    (rc = ro_pg_exec(st, "TRUNCATE roster_reset", "reset")))
		return rc;
	for (size_t i = 0; i < r->n && !rc; i++) {
		const char *v[] = { ro_pg_int(nums[0], r->ids[i], false),
			ro_pg_int(nums[1], r->versions[i], false),
			r->hash ? NULL : r->hashes[i] };
		rc = ro_pg_buf_row(&b, v, 3);
	}
	if (!rc)
		rc = ro_pg_copy_in(st, "COPY roster_reset (id, version, hash)"
		    " FROM STDIN", &b);
	free(b.data);
	return rc;
}

static int check(ro_pg *st, const ro_store_reset *r, int64_t *moved)
{
	char b[24];
	const char *v[] = { ro_pg_int(b, r->site_id, true) };
	int rc;
	PGresult *res = ro_pg_q(st, moved_sql, 1, v, "reset", &rc);

	if (!res)
		return rc;
	if (PQntuples(res) > 0)
		*moved = ro_pg_i64(res, 0, 0);
	PQclear(res);
	if (*moved)
		return ro_error_set(RO_ECONFLICT, "portfolio %lld changed "
		    "meanwhile", (long long)*moved);
	return ro_error_set(RO_ECONFLICT, "the portfolios changed meanwhile");
}

/* The items, and RO_ECONFLICT (check) when a row had moved. */
static int write_items(ro_pg *st, const ro_store_reset *r, int64_t *moved)
{
	char b[2][24];
	const char *v[] = { ro_pg_int(b[0], r->batch_id, false),
		ro_pg_int(b[1], r->site_id, false) };
	int rc;
	PGresult *res = ro_pg_q(st, items_sql, 2, v, "batch item", &rc);

	if (!res)
		return rc;
	size_t done = (size_t)strtoull(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return done == r->n ? 0 : check(st, r, moved);
}

int ro_pg_reset_chunk(ro_store *base, const ro_store_reset *r,
    int64_t *moved)
{
	ro_pg *st = ro_pg_of(base);
	const ro_store_reset_audit *a = &r->audit;
	char b[2][24];
	const char *audit[] = { a->at, a->who, ro_pg_int(b[1], r->site_id,
		true), ro_pg_int(b[0], r->batch_id, false), a->action,
		a->pw_field, a->pw_new,
		a->temp_field, r->hash, a->temp_old, a->temp_new };
	const char *update[] = { r->hash };
	int rc;

	*moved = 0;
	if (r->n == 0)
		return 0;
	/* What bulk mode gathered goes first (COPY is sent directly). */
	if (ro_pg_bulk_pending(st) && (rc = ro_pg_bulk_flush(st)))
		return rc;
	/* The audit and the items read the rows before the update. */
	if ((rc = stage(st, r)) || (rc = write_items(st, r, moved)) ||
	    (rc = ro_pg_do(st, audit_sql, 11, audit, "audit")) ||
	    (rc = ro_pg_do(st, update_sql, 1, update, "portfolio")))
		return rc;
	return 0;
}
