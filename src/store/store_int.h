/* store_int.h — what the files of the SQLite store share (store.c,
 * schema.c, store_*.c): its struct and its helpers. */
#ifndef ROSTER_STORE_INT_H
#define ROSTER_STORE_INT_H

#include <sqlite3.h>
#include <roster/error.h>
#include "backend.h"

#define RO_STMT_CACHE 96

typedef struct ro_sq ro_sq;

/* An SQLite store: a ro_store whose be is &ro_sqlite_backend. */
struct ro_sq {
	ro_store base;
	sqlite3 *db;
	char *path;
	bool in_tx;
	bool read_only;		/* opened, but writing it is not allowed */
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} cache[RO_STMT_CACHE];
	size_t ncache;
	/* List queries are assembled from constant fragments, keyed by the
	 * combination (mode, selection shape, direction). */
	struct {
		unsigned key;
		char *sql;
		sqlite3_stmt *stmt;
	} lists[4 * 3 * 8];	/* modes × shapes × kinds */
	size_t nlists;
	/* Portfolio updates by the columns they name (see
	 * store_portfolio.c). */
	struct {
		unsigned mask;
		sqlite3_stmt *stmt;
	} updates[64];
	size_t nupdates;
	sqlite3_stmt *bulk;
	int64_t bulk_after;      /* the last id before a bulk load */
	sqlite3_stmt *copy[8];   /* the inserts of a copy (store_copy.c) */
};

static inline ro_sq *ro_sq_of(ro_store *st)
{
	return (ro_sq *)st;
}

/* The operations of ro_sqlite_backend (see store.h for each). */
int ro_sq_open(ro_store **out, const char *spec, bool create);
void ro_sq_close(ro_store *base);
void ro_sq_destroy(ro_store *base);
void ro_sq_set_busy_timeout(ro_store *base, int ms);
bool ro_sq_read_only(ro_store *base);
int ro_sq_begin(ro_store *base, bool write, int64_t site_id);
int ro_sq_commit(ro_store *base);
void ro_sq_rollback(ro_store *base);
int ro_sq_data_stamp(ro_store *base, int64_t site_id, uint64_t out[2]);
int ro_sq_setting_get(ro_store *base, const char *key, char **out);
int ro_sq_setting_set(ro_store *base, const char *key, const char *value);
int ro_sq_site_add(ro_store *base, int64_t *id, const char *name);
int ro_sq_site_find(ro_store *base, int64_t *id, char **name_out,
    const char *name);
int ro_sq_site_name(ro_store *base, char **out, int64_t id);
int ro_sq_site_list(ro_store *base, ro_named_list **out);
int ro_sq_site_first(ro_store *base, int64_t *id);
int ro_sq_site_count(ro_store *base, size_t *out, int64_t site_id);
int ro_sq_group_add(ro_store *base, int64_t *id, int64_t site_id,
    const char *name);
int ro_sq_group_find(ro_store *base, int64_t *id, char **name_out,
    int64_t site_id, const char *name);
int ro_sq_group_list(ro_store *base, ro_named_list **out, int64_t site_id);
int ro_sq_group_names(ro_store *base, ro_named_list **out, int64_t site_id);
int ro_sq_grad_years(ro_store *base, int **out, size_t *n, int64_t site_id);
int ro_sq_portfolio_get(ro_store *base, ro_store_row *out, int64_t id);
int ro_sq_portfolio_by_username(ro_store *base, ro_store_row *out,
    const char *username);
int ro_sq_portfolio_insert(ro_store *base, ro_store_row *r);
int ro_sq_portfolio_update_from(ro_store *base, const ro_store_row *before,
    ro_store_row *r);
int ro_sq_portfolio_signin_state(ro_store *base, int64_t id, int failed,
    int64_t first_failed_at, int64_t locked_until);
int ro_sq_portfolio_rehash(ro_store *base, int64_t id, const char *hash);
int ro_sq_answers_set(ro_store *base, int64_t id, const char *const *hashes,
    size_t n);
int ro_sq_answers_get(ro_store *base, int64_t id, char **joined);
int ro_sq_list_page(ro_store *base, ro_portfolio_list **out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *after, bool before,
    size_t limit);
int ro_sq_list_count(ro_store *base, size_t *out, int64_t site_id,
    const ro_selection *sel);
int ro_sq_list_rank_until(ro_store *base, size_t *out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *at, int (*stop)(void *ctx),
    void *ctx);
int ro_sq_list_rank(ro_store *base, size_t *out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *at);
int ro_sq_select_each(ro_store *base, int64_t site_id, const ro_selection *sel,
    ro_store_row_fn fn, void *ctx);
int ro_sq_select_exempt(ro_store *base, ro_store_exempt *out,
    int64_t site_id, const ro_selection *sel);
int ro_sq_rows_by_ids(ro_store *base, const int64_t *ids, size_t n,
    ro_store_row_fn fn, void *ctx);
int ro_sq_rows_by_usernames(ro_store *base, const char *const *names, size_t n,
    ro_store_row_fn fn, void *ctx);
int ro_sq_site_rows_view(ro_store *base, int64_t site_id, ro_store_row_fn fn,
    void *ctx);
int ro_sq_rows_by_ids_view(ro_store *base, const int64_t *ids, size_t n,
    ro_store_row_fn fn, void *ctx);
int ro_sq_tune_bulk(ro_store *base, ro_store_work work, size_t rows,
    ro_store_tuning *saved);
int ro_sq_tune_restore(ro_store *base, const ro_store_tuning *saved);
int ro_sq_reset_chunk(ro_store *base, const ro_store_reset *r,
    int64_t *moved);
int ro_sq_list_uses_index(ro_store *base, ro_mode mode, bool *out);
int ro_sq_test_sql(ro_store *base, const char *sql, char **out);
int ro_sq_batch_add(ro_store *base, int64_t *id, int64_t site_id,
    const char *who, const char *kind, const char *detail, size_t count,
    int64_t undo_of);
int ro_sq_batch_set_count(ro_store *base, int64_t id, size_t count);
int ro_sq_batch_set_undone(ro_store *base, int64_t id, int64_t by);
int ro_sq_batch_item_add(ro_store *base, int64_t batch_id,
    int64_t portfolio_id, const ro_store_row *before, const char *answers,
    int64_t after_version);
int ro_sq_batch_items(ro_store *base, int64_t batch_id, ro_store_item_fn fn,
    void *ctx);
int ro_sq_batch_get(ro_store *base, ro_batch *out, int64_t id,
    int64_t *site_id);
int ro_sq_batch_list(ro_store *base, ro_batch_list **out, int64_t site_id);
int ro_sq_batch_purge(ro_store *base, const char *before);
int ro_sq_site_brief(ro_store *base, int64_t site_id, ro_store_brief_fn fn,
    void *ctx);
int ro_sq_sourced_id_set(ro_store *base, int64_t id, const char *sid);
int ro_sq_batch_creators(ro_store *base, const int64_t *ids, size_t n,
    int64_t *batch);
int ro_sq_portfolio_delete(ro_store *base, int64_t id);
int ro_sq_audit_add(ro_store *base, int64_t site_id, const char *who,
    int64_t batch_id, int64_t portfolio_id, const char *username,
    const char *action, const char *field, const char *old_value,
    const char *new_value);
int ro_sq_audit_list(ro_store *base, ro_audit_list **out, int64_t site_id,
    const char *since);
int ro_sq_audit_page(ro_store *base, ro_audit_list **out, int64_t site_id,
    const ro_audit_query *q, size_t limit);
int ro_sq_audit_count(ro_store *base, size_t *out, int64_t site_id,
    const ro_audit_query *q);
int ro_sq_bulk_begin(ro_store *base);
int ro_sq_bulk_row(ro_store *base, ro_store_row *r);
int ro_sq_bulk_end(ro_store *base, bool ok);
int ro_sq_copy_read(ro_store *base, size_t t, ro_store_cells_fn fn,
    void *ctx);
int ro_sq_copy_begin(ro_store *base);
int ro_sq_copy_write(ro_store *base, size_t t, size_t n,
    const char *const *cells);
int ro_sq_copy_end(ro_store *base, bool ok);

/* The portfolios' indexes, as the schema makes them and as a bulk load
 * drops and makes them again after its rows (store_bulk.c): one text. */
#define RO_SQ_INDEX_USERNAME \
	"CREATE UNIQUE INDEX portfolios_username ON portfolios(username)"
#define RO_SQ_INDEX_LISTS \
	"CREATE INDEX portfolios_by_site ON portfolios" \
	"  (site_id, active, last, first, id);" \
	"CREATE INDEX portfolios_by_group ON portfolios" \
	"  (group_id, active, last, first, id);" \
	"CREATE INDEX portfolios_by_year ON portfolios" \
	"  (site_id, active, grad_year, last, first, id);"
#define RO_SQ_INDEX_EXEMPT \
	"CREATE INDEX portfolios_exempt ON portfolios" \
	"  (site_id, active, last, grad_year, group_id, sso, type)" \
	"  WHERE sso IS NOT NULL OR type <> 'student';"

/* Translates an SQLite result code; what names the operation. */
int ro_sq_sqlerr(ro_sq *st, int rc, const char *what);
/* A cached, reset statement for a string literal (NULL: error set). */
sqlite3_stmt *ro_sq_stmt(ro_sq *st, const char *sql);
int ro_sq_exec(ro_sq *st, const char *sql);
/* Steps once, resets; 0 for DONE or ROW. */
int ro_sq_step_done(ro_sq *st, sqlite3_stmt *s, const char *what);
char *ro_sq_col_text(sqlite3_stmt *s, int col);
int ro_sq_text_by_id(ro_sq *st, const char *sql, int64_t id, char **out);
void ro_sq_bind_text(sqlite3_stmt *s, int idx, const char *v);
/* Binds 0 as NULL (ids). */
void ro_sq_bind_id(sqlite3_stmt *s, int idx, int64_t v);
int ro_sq_migrate(ro_sq *st);
/* Turns triggers on once every trigger of the file is one of ours (they
 * stay off from the open until then); RO_ENOTDB otherwise. */
int ro_sq_triggers_check(ro_sq *st);
void ro_sq_lists_free(ro_sq *st);
/* "[1,2,3]" for binding a set of ids as one parameter (malloc'd). */
char *ro_sq_json_ids(const int64_t *ids, size_t n);
/* Steps a bound statement of RO_ROW_COLUMNS, calling fn per row. */
int ro_sq_each_stmt(ro_sq *st, sqlite3_stmt *s, ro_store_row_fn fn,
    void *ctx);

/* Steps a statement of (id, name, count) rows into a named list. */
int ro_sq_named_list(ro_sq *st, sqlite3_stmt *s, ro_named_list **out);

/* The column list every full-row query selects, and its reader. */
/* The columns of a full row, with the group's name from the expression
 * group (RO_ROW_COLUMNS: from the join of RO_ROW_FROM). */
#define RO_ROW_COLUMNS_WITH(group) \
	"p.id, p.site_id, p.username, p.first, p.last, p.email, p.group_id, " \
	group ", p.grad_year, p.type, p.sso, p.sso_id, p.active, " \
	"p.temp_password, p.sq_reset, p.version, p.password_hash, " \
	"p.failed_signins, p.first_failed_at, p.locked_until"
#define RO_ROW_COLUMNS RO_ROW_COLUMNS_WITH("g.name")
#define RO_ROW_FROM " FROM portfolios p LEFT JOIN groups g ON g.id = p.group_id"
void ro_sq_read_row(sqlite3_stmt *s, ro_store_row *r);
/* The list columns (no secrets), for pages. */
void ro_sq_read_portfolio(sqlite3_stmt *s, ro_portfolio *p);
/* RO_ROW_COLUMNS into r, the strings borrowed from the statement (valid
 * until it steps again). */
void ro_sq_read_view(sqlite3_stmt *s, ro_store_row *r);

/* The insert of one portfolio, its writable fields as ?2 … ?15. */
#define RO_PORTFOLIO_INSERT "INSERT INTO portfolios (site_id, username," \
	" first, last, email, group_id, grad_year, type, sso, sso_id," \
	" active, password_hash, temp_password, sq_reset) VALUES" \
	" (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
/* Binds the writable fields of r as ?2 (the site) … ?15, the numbering
 * of RO_PORTFOLIO_INSERT, of the update and of a batch item.  The
 * username and names are bound without a copy (the bulk loader binds a
 * million): step before r changes. */
void ro_sq_bind_fields(sqlite3_stmt *s, const ro_store_row *r);

#endif
