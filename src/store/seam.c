/* seam.c — which backend a --db value names, and the store API as calls
 * through the backend's table (backend.h). */
#include "backend.h"

#include <roster/error.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The keywords of a libpq connection string (libpq's "Parameter Key
 * Words"): a value holding "keyword=" is a PostgreSQL connection. */
static const char *const pq_keywords[] = {
	"host", "hostaddr", "port", "dbname", "user", "password",
	"passfile", "service", "sslmode", "connect_timeout",
	"application_name", "options", "target_session_attrs",
	"sslcert", "sslkey", "sslrootcert", "krbsrvname", "gssencmode",
	"channel_binding", "client_encoding", "requiressl", "require_auth",
	"load_balance_hosts", "keepalives",
};

static bool has_keyword(const char *spec)
{
	for (size_t i = 0; i < sizeof pq_keywords / sizeof pq_keywords[0];
	    i++) {
		size_t n = strlen(pq_keywords[i]);
		for (const char *p = spec; (p = strstr(p, pq_keywords[i]));
		    p += n) {
			const char *q = p + n;
			if (p != spec && !isspace((unsigned char)p[-1]))
				continue;
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == '=')
				return true;
		}
	}
	return false;
}

ro_store_kind ro_store_kind_of(const char *spec)
{
	const char *c;

	if (strncmp(spec, "postgresql://", 13) == 0 ||
	    strncmp(spec, "postgres://", 11) == 0)
		return RO_STORE_POSTGRESQL;
	/* scheme "://": a URL, of a scheme roster does not speak. */
	for (c = spec; isalnum((unsigned char)*c) || *c == '+' || *c == '-' ||
	    *c == '.'; c++)
		;
	if (c != spec && isalpha((unsigned char)*spec) &&
	    strncmp(c, "://", 3) == 0)
		return RO_STORE_BAD;
	if (strchr(spec, '=') && has_keyword(spec))
		return RO_STORE_POSTGRESQL;
	return RO_STORE_SQLITE;
}

int ro_store_open(ro_store **out, const char *spec, bool create)
{
	const ro_store_backend *be = &ro_sqlite_backend;

	*out = NULL;
	switch (ro_store_kind_of(spec)) {
	case RO_STORE_SQLITE:
		break;
	case RO_STORE_POSTGRESQL:
#ifdef RO_HAVE_PG
		be = &ro_pg_backend;
		break;
#else
		return ro_error_set(RO_EINVAL, "this roster was built "
		    "without PostgreSQL (libpq was not found)");
#endif
	case RO_STORE_BAD:
		return ro_error_set(RO_EINVAL, "the database must be a file "
		    "path, a postgresql:// URI or a PostgreSQL connection "
		    "string; roster does not speak %.*s",
		    (int)(strstr(spec, "://") - spec + 3), spec);
	}
	if (be->version != RO_STORE_BACKEND_VERSION)
		return ro_error_set(RO_EINTERNAL, "the %s store was built for "
		    "another version of the store's table", be->name);
	return be->open(out, spec, create);
}

void ro_store_close(ro_store *st)
{
	if (st)
		st->be->close(st);
}

void ro_store_destroy(ro_store *st)
{
	if (st)
		st->be->destroy(st);
}

/* portfolio_counts is left out: the triggers of each backend keep it
 * as the rows arrive.  Parents before children. */
const ro_store_table ro_store_tables[] = {
	{ "settings", "key, value", "key", 2, false },
	{ "sites", "id, name", "id", 2, true },
	{ "groups", "id, site_id, name", "id", 3, true },
	{ "portfolios", "id, site_id, username, first, last, email,"
	    " group_id, grad_year, type, sso, sso_id, active, password_hash,"
	    " temp_password, sq_reset, failed_signins, first_failed_at,"
	    " locked_until, version, sourced_id", "id", 20, true },
	{ "security_answers", "portfolio_id, question, answer_hash",
	    "portfolio_id, question", 3, false },
	{ "batches", "id, site_id, created_at, who, kind, detail, count,"
	    " undone_by, undo_of", "id", 9, true },
	{ "batch_items", "batch_id, portfolio_id, created, username, first,"
	    " last, email, group_id, grad_year, type, sso, sso_id, active,"
	    " password_hash, temp_password, sq_reset, answers, after_version",
	    "batch_id, portfolio_id", 18, false },
	{ "audit", "id, at, who, site_id, batch_id, portfolio_id, username,"
	    " action, field, old_value, new_value", "id", 11, true },
};
const size_t ro_store_ntables = sizeof ro_store_tables /
    sizeof ro_store_tables[0];

size_t ro_store_copy_ntables(void)
{
	return ro_store_ntables;
}

const char *ro_store_copy_table(size_t t)
{
	return t < ro_store_ntables ? ro_store_tables[t].name : NULL;
}

int ro_store_portfolio_update(ro_store *st, ro_store_row *r)
{
	return st->be->portfolio_update_from(st, NULL, r);
}

int ro_store_busy_default(void)
{
	const char *e = getenv("ROSTER_BUSY_TIMEOUT_MS");

	if (e && *e) {
		long v = strtol(e, NULL, 10);
		if (v >= 0 && v < 600000)
			return (int)v;
	}
	return 5000;
}

void ro_store_set_busy_timeout(ro_store *st, int ms)
{
	st->be->set_busy_timeout(st, ms);
}

bool ro_store_read_only(ro_store *st)
{
	return st->be->read_only(st);
}

int ro_store_begin(ro_store *st, bool write, int64_t site_id)
{
	return st->be->begin(st, write, site_id);
}

int ro_store_commit(ro_store *st)
{
	return st->be->commit(st);
}

void ro_store_rollback(ro_store *st)
{
	st->be->rollback(st);
}

int ro_store_data_stamp(ro_store *st, int64_t site_id, uint64_t out[2])
{
	return st->be->data_stamp(st, site_id, out);
}

int ro_store_setting_get(ro_store *st, const char *key, char **out)
{
	return st->be->setting_get(st, key, out);
}

int ro_store_setting_set(ro_store *st, const char *key, const char *value)
{
	return st->be->setting_set(st, key, value);
}

int ro_store_site_add(ro_store *st, int64_t *id, const char *name)
{
	return st->be->site_add(st, id, name);
}

int ro_store_site_find(ro_store *st, int64_t *id, char **name_out,
    const char *name)
{
	return st->be->site_find(st, id, name_out, name);
}

int ro_store_site_name(ro_store *st, char **out, int64_t id)
{
	return st->be->site_name(st, out, id);
}

int ro_store_site_list(ro_store *st, ro_named_list **out)
{
	return st->be->site_list(st, out);
}

int ro_store_site_first(ro_store *st, int64_t *id)
{
	return st->be->site_first(st, id);
}

int ro_store_site_count(ro_store *st, size_t *out, int64_t site_id)
{
	return st->be->site_count(st, out, site_id);
}

int ro_store_group_add(ro_store *st, int64_t *id, int64_t site_id,
    const char *name)
{
	return st->be->group_add(st, id, site_id, name);
}

int ro_store_group_find(ro_store *st, int64_t *id, char **name_out,
    int64_t site_id, const char *name)
{
	return st->be->group_find(st, id, name_out, site_id, name);
}

int ro_store_group_list(ro_store *st, ro_named_list **out, int64_t site_id)
{
	return st->be->group_list(st, out, site_id);
}

int ro_store_group_names(ro_store *st, ro_named_list **out, int64_t site_id)
{
	return st->be->group_names(st, out, site_id);
}

int ro_store_grad_years(ro_store *st, int **out, size_t *n, int64_t site_id)
{
	return st->be->grad_years(st, out, n, site_id);
}

int ro_store_portfolio_get(ro_store *st, ro_store_row *out, int64_t id)
{
	return st->be->portfolio_get(st, out, id);
}

int ro_store_portfolio_by_username(ro_store *st, ro_store_row *out,
    const char *username)
{
	return st->be->portfolio_by_username(st, out, username);
}

int ro_store_portfolio_insert(ro_store *st, ro_store_row *r)
{
	return st->be->portfolio_insert(st, r);
}

int ro_store_portfolio_update_from(ro_store *st, const ro_store_row *before,
    ro_store_row *r)
{
	return st->be->portfolio_update_from(st, before, r);
}

int ro_store_portfolio_signin_state(ro_store *st, int64_t id, int failed,
    int64_t first_failed_at, int64_t locked_until)
{
	return st->be->portfolio_signin_state(st, id, failed, first_failed_at,
	    locked_until);
}

int ro_store_portfolio_rehash(ro_store *st, int64_t id, const char *hash)
{
	return st->be->portfolio_rehash(st, id, hash);
}

int ro_store_answers_set(ro_store *st, int64_t id, const char *const *hashes,
    size_t n)
{
	return st->be->answers_set(st, id, hashes, n);
}

int ro_store_answers_get(ro_store *st, int64_t id, char **joined)
{
	return st->be->answers_get(st, id, joined);
}

int ro_store_list_page(ro_store *st, ro_portfolio_list **out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *after, bool before,
    size_t limit)
{
	return st->be->list_page(st, out, site_id, sel, after, before, limit);
}

int ro_store_list_count(ro_store *st, size_t *out, int64_t site_id,
    const ro_selection *sel)
{
	return st->be->list_count(st, out, site_id, sel);
}

int ro_store_list_rank(ro_store *st, size_t *out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *at)
{
	return st->be->list_rank(st, out, site_id, sel, at);
}

int ro_store_list_rank_until(ro_store *st, size_t *out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *at, int (*stop)(void *ctx),
    void *ctx)
{
	return st->be->list_rank_until(st, out, site_id, sel, at, stop, ctx);
}

int ro_store_select_each(ro_store *st, int64_t site_id,
    const ro_selection *sel, ro_store_row_fn fn, void *ctx)
{
	return st->be->select_each(st, site_id, sel, fn, ctx);
}

int ro_store_rows_by_ids(ro_store *st, const int64_t *ids, size_t n,
    ro_store_row_fn fn, void *ctx)
{
	return st->be->rows_by_ids(st, ids, n, fn, ctx);
}

int ro_store_rows_by_usernames(ro_store *st, const char *const *names,
    size_t n, ro_store_row_fn fn, void *ctx)
{
	return st->be->rows_by_usernames(st, names, n, fn, ctx);
}

int ro_store_site_rows_view(ro_store *st, int64_t site_id, ro_store_row_fn fn,
    void *ctx)
{
	return st->be->site_rows_view(st, site_id, fn, ctx);
}

int ro_store_rows_by_ids_view(ro_store *st, const int64_t *ids, size_t n,
    ro_store_row_fn fn, void *ctx)
{
	return st->be->rows_by_ids_view(st, ids, n, fn, ctx);
}

int ro_store_tune_bulk(ro_store *st, ro_store_work work, size_t rows,
    ro_store_tuning *saved)
{
	return st->be->tune_bulk(st, work, rows, saved);
}

int ro_store_tune_restore(ro_store *st, const ro_store_tuning *saved)
{
	return st->be->tune_restore(st, saved);
}

int ro_store_list_uses_index(ro_store *st, ro_mode mode, bool *out)
{
	return st->be->list_uses_index(st, mode, out);
}

int ro_store_test_sql(ro_store *st, const char *sql, char **out)
{
	return st->be->test_sql(st, sql, out);
}

int ro_store_batch_add(ro_store *st, int64_t *id, int64_t site_id,
    const char *who, const char *kind, const char *detail, size_t count,
    int64_t undo_of)
{
	return st->be->batch_add(st, id, site_id, who, kind, detail, count,
	    undo_of);
}

int ro_store_batch_set_count(ro_store *st, int64_t id, size_t count)
{
	return st->be->batch_set_count(st, id, count);
}

int ro_store_batch_set_undone(ro_store *st, int64_t id, int64_t by)
{
	return st->be->batch_set_undone(st, id, by);
}

int ro_store_batch_item_add(ro_store *st, int64_t batch_id,
    int64_t portfolio_id, const ro_store_row *before, const char *answers,
    int64_t after_version)
{
	return st->be->batch_item_add(st, batch_id, portfolio_id, before,
	    answers, after_version);
}

int ro_store_batch_items(ro_store *st, int64_t batch_id, ro_store_item_fn fn,
    void *ctx)
{
	return st->be->batch_items(st, batch_id, fn, ctx);
}

int ro_store_batch_get(ro_store *st, ro_batch *out, int64_t id,
    int64_t *site_id)
{
	return st->be->batch_get(st, out, id, site_id);
}

int ro_store_batch_list(ro_store *st, ro_batch_list **out, int64_t site_id)
{
	return st->be->batch_list(st, out, site_id);
}

int ro_store_batch_purge(ro_store *st, const char *before)
{
	return st->be->batch_purge(st, before);
}

int ro_store_batch_creators(ro_store *st, const int64_t *ids, size_t n,
    int64_t *batch)
{
	return st->be->batch_creators(st, ids, n, batch);
}

int ro_store_site_brief(ro_store *st, int64_t site_id, ro_store_brief_fn fn,
    void *ctx)
{
	return st->be->site_brief(st, site_id, fn, ctx);
}

int ro_store_sourced_id_set(ro_store *st, int64_t id, const char *sid)
{
	return st->be->sourced_id_set(st, id, sid);
}

int ro_store_portfolio_delete(ro_store *st, int64_t id)
{
	return st->be->portfolio_delete(st, id);
}

int ro_store_audit_add(ro_store *st, int64_t site_id, const char *who,
    int64_t batch_id, int64_t portfolio_id, const char *username,
    const char *action, const char *field, const char *old_value,
    const char *new_value)
{
	return st->be->audit_add(st, site_id, who, batch_id, portfolio_id,
	    username, action, field, old_value, new_value);
}

int ro_store_audit_list(ro_store *st, ro_audit_list **out, int64_t site_id,
    const char *since)
{
	return st->be->audit_list(st, out, site_id, since);
}

int ro_store_bulk_begin(ro_store *st)
{
	return st->be->bulk_begin(st);
}

int ro_store_bulk_row(ro_store *st, ro_store_row *r)
{
	return st->be->bulk_row(st, r);
}

int ro_store_bulk_end(ro_store *st, bool ok)
{
	return st->be->bulk_end(st, ok);
}

int ro_store_copy_read(ro_store *st, size_t t, ro_store_cells_fn fn,
    void *ctx)
{
	return st->be->copy_read(st, t, fn, ctx);
}

int ro_store_copy_begin(ro_store *st)
{
	return st->be->copy_begin(st);
}

int ro_store_copy_write(ro_store *st, size_t t, size_t n,
    const char *const *cells)
{
	return st->be->copy_write(st, t, n, cells);
}

int ro_store_copy_end(ro_store *st, bool ok)
{
	return st->be->copy_end(st, ok);
}
