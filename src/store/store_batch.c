/* store_batch.c — batches with the before-state of what they changed, the
 * audit log, and the bulk loader. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

int ro_sq_batch_purge(ro_store *base, const char *before)
{
	static const char sql[] = "DELETE FROM batch_items WHERE batch_id IN"
	    " (SELECT id FROM batches WHERE created_at < ?1)";
	ro_sq *st = ro_sq_of(base);
	sqlite3_stmt *s = ro_sq_stmt(st, sql);

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_text(s, 1, before, -1, SQLITE_STATIC);
	return ro_sq_step_done(st, s, "batch purge");
}

int ro_sq_batch_add(ro_store *base, int64_t *id, int64_t site_id,
    const char *who, const char *kind, const char *detail, size_t count,
    int64_t undo_of)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "INSERT INTO batches (site_id, created_at,"
	    " who, kind, detail, count, undo_of) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7)";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);
	char now[21];
	int rc;

	if (!s)
		return ro_error_last_code();
	ro_store_now(now);
	sqlite3_bind_int64(s, 1, site_id);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, who, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, kind, -1, SQLITE_STATIC);
	ro_sq_bind_text(s, 5, detail);
	sqlite3_bind_int64(s, 6, (sqlite3_int64)count);
	ro_sq_bind_id(s, 7, undo_of);
	if ((rc = ro_sq_step_done(st, s, "batch")))
		return rc;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int ro_sq_batch_set_count(ro_store *base, int64_t id, size_t count)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "UPDATE batches SET count = ?2 WHERE id = ?1";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)count);
	return ro_sq_step_done(st, s, "batch");
}

int ro_sq_batch_set_undone(ro_store *base, int64_t id, int64_t by)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "UPDATE batches SET undone_by = ?2"
	    " WHERE id = ?1";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, by);
	return ro_sq_step_done(st, s, "batch");
}

int ro_sq_batch_item_add(ro_store *base, int64_t batch_id,
    int64_t portfolio_id, const ro_store_row *b, const char *answers,
    int64_t after_version)
{
	ro_sq *st = ro_sq_of(base);

	/* The before-state takes the numbers of the portfolio's fields in
	 * ro_sq_bind_fields, ?3 … ?15 (?2, its site, is not kept). */
	static const char sql[] = "INSERT INTO batch_items (batch_id,"
	    " portfolio_id, created, username, first, last, email, group_id,"
	    " grad_year, type, sso, sso_id, active, password_hash,"
	    " temp_password, sq_reset, answers, after_version) VALUES (?1, ?16,"
	    " ?17, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
	    " ?18, ?19)";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, batch_id);
	if (b)
		ro_sq_bind_fields(s, b);
	sqlite3_bind_int64(s, 16, portfolio_id);
	sqlite3_bind_int(s, 17, b == NULL);
	ro_sq_bind_text(s, 18, answers);
	sqlite3_bind_int64(s, 19, after_version);
	return ro_sq_step_done(st, s, "batch item");
}

int ro_sq_batch_items(ro_store *base, int64_t batch_id, ro_store_item_fn fn,
    void *ctx)
{
	ro_sq *st = ro_sq_of(base);

	/* The same column order as RO_ROW_COLUMNS, so that the row reader
	 * serves; the group name is today's (ids are what is restored). */
	static const char sql[] = "SELECT i.portfolio_id, p.site_id,"
	    " i.username, i.first, i.last, i.email, i.group_id, g.name,"
	    " i.grad_year, i.type, i.sso, i.sso_id, i.active, i.temp_password,"
	    " i.sq_reset, p.version, i.password_hash, 0, 0, 0, i.created,"
	    " i.answers, i.after_version FROM batch_items i"
	    " LEFT JOIN portfolios p ON p.id = i.portfolio_id"
	    " LEFT JOIN groups g ON g.id = i.group_id"
	    " WHERE i.batch_id = ?1 ORDER BY i.portfolio_id";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);
	int rc;

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, batch_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ro_store_item it;
		memset(&it, 0, sizeof it);
		ro_sq_read_row(s, &it.before);
		it.portfolio_id = sqlite3_column_int64(s, 0);
		it.created = sqlite3_column_int(s, 20) != 0;
		it.answers = ro_sq_col_text(s, 21);
		it.after_version = sqlite3_column_int64(s, 22);
		int cb = fn(ctx, &it);
		ro_store_row_clear(&it.before);
		free(it.answers);
		if (cb) {
			sqlite3_reset(s);
			return cb;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : ro_sq_sqlerr(st, rc, "batch items");
}

#define BATCH_COLUMNS "id, created_at, who, kind, detail, count," \
	" coalesce(undone_by, 0), coalesce(undo_of, 0), site_id"

static void read_batch(sqlite3_stmt *s, ro_batch *b)
{
	b->id = sqlite3_column_int64(s, 0);
	b->when = ro_sq_col_text(s, 1);
	b->who = ro_sq_col_text(s, 2);
	b->kind = ro_sq_col_text(s, 3);
	b->detail = ro_sq_col_text(s, 4);
	b->count = (size_t)sqlite3_column_int64(s, 5);
	b->undone_by = sqlite3_column_int64(s, 6);
	b->undo_of = sqlite3_column_int64(s, 7);
}

int ro_sq_batch_get(ro_store *base, ro_batch *out, int64_t id,
    int64_t *site_id)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "SELECT " BATCH_COLUMNS " FROM batches"
	    " WHERE id = ?1";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);
	int rc;

	memset(out, 0, sizeof *out);
	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read_batch(s, out);
		if (site_id)
			*site_id = sqlite3_column_int64(s, 8);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return ro_error_set(RO_ENOTFOUND, "no batch %lld",
		    (long long)id);
	return ro_sq_sqlerr(st, rc, "batch");
}

int ro_sq_batch_list(ro_store *base, ro_batch_list **out, int64_t site_id)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "SELECT " BATCH_COLUMNS " FROM batches"
	    " WHERE site_id = ?1 ORDER BY id DESC";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);
	ro_batch_list *l;
	size_t cap = 0;
	int rc;

	*out = NULL;
	if (!s)
		return ro_error_last_code();
	if (!(l = calloc(1, sizeof *l)))
		return RO_ENOMEM;
	sqlite3_bind_int64(s, 1, site_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (l->n == cap) {
			cap = cap ? cap * 2 : 16;
			ro_batch *ni = realloc(l->items, cap * sizeof *ni);
			if (!ni) {
				sqlite3_reset(s);
				ro_batch_list_free(l);
				return RO_ENOMEM;
			}
			l->items = ni;
		}
		memset(&l->items[l->n], 0, sizeof l->items[0]);
		read_batch(s, &l->items[l->n++]);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		ro_batch_list_free(l);
		return ro_sq_sqlerr(st, rc, "batches");
	}
	*out = l;
	return 0;
}

int ro_sq_audit_add(ro_store *base, int64_t site_id, const char *who,
    int64_t batch_id, int64_t portfolio_id, const char *username,
    const char *action, const char *field, const char *old_value,
    const char *new_value)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "INSERT INTO audit (at, who, site_id,"
	    " batch_id, portfolio_id, username, action, field, old_value,"
	    " new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);
	char now[21];

	if (!s)
		return ro_error_last_code();
	ro_store_now(now);
	sqlite3_bind_text(s, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, who, -1, SQLITE_STATIC);
	ro_sq_bind_id(s, 3, site_id);
	ro_sq_bind_id(s, 4, batch_id);
	ro_sq_bind_id(s, 5, portfolio_id);
	ro_sq_bind_text(s, 6, username);
	sqlite3_bind_text(s, 7, action, -1, SQLITE_STATIC);
	ro_sq_bind_text(s, 8, field);
	ro_sq_bind_text(s, 9, old_value);
	ro_sq_bind_text(s, 10, new_value);
	return ro_sq_step_done(st, s, "audit");
}

struct creator {
	int64_t id;
	size_t at;
};

static int cmp_creator(const void *a, const void *b)
{
	const struct creator *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

int ro_sq_batch_creators(ro_store *base, const int64_t *ids, size_t n,
    int64_t *batch)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "SELECT portfolio_id, batch_id FROM"
	    " batch_items WHERE created = 1";
	sqlite3_stmt *s;
	struct creator *v = malloc((n + 1) * sizeof *v);
	int rc;

	if (!v)
		return RO_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		v[i] = (struct creator){ ids[i], i };
		batch[i] = 0;
	}
	qsort(v, n, sizeof *v, cmp_creator);
	if (!(s = ro_sq_stmt(st, sql))) {
		free(v);
		return ro_error_last_code();
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct creator key = { sqlite3_column_int64(s, 0), 0 }, *f;
		int64_t b = sqlite3_column_int64(s, 1);

		/* Every row of the file that names this portfolio. */
		f = bsearch(&key, v, n, sizeof *v, cmp_creator);
		while (f && f > v && f[-1].id == key.id)
			f--;
		for (; f && f < v + n && f->id == key.id; f++)
			if (b > batch[f->at])
				batch[f->at] = b;
	}
	sqlite3_reset(s);
	free(v);
	return rc == SQLITE_DONE ? 0 : ro_sq_sqlerr(st, rc, "batch items");
}
