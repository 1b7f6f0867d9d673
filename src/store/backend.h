/* backend.h — the table of a store's operations, one per backend
 * (libgit2's git_refdb_backend is the model).  src/store only: the engine
 * sees store.h, whose functions call through st->be.
 *
 * A backend's store struct begins with a ro_store, whose be points at its
 * table; each operation receives that ro_store and finds its own struct
 * around it.  A table is declared complete: every member is set (the
 * seam calls them without looking), and version says which members a
 * table has, so that a backend built for an older table is refused
 * rather than called past its end. */
#ifndef ROSTER_STORE_BACKEND_H
#define ROSTER_STORE_BACKEND_H

#include "store.h"

#define RO_STORE_BACKEND_VERSION 6

typedef struct ro_store_backend {
	unsigned version;       /* RO_STORE_BACKEND_VERSION */
	const char *name;       /* "SQLite", "PostgreSQL" */
	int (*open)(ro_store **out, const char *spec, bool create);
	void (*close)(ro_store *st);
	void (*destroy)(ro_store *st);
	void (*set_busy_timeout)(ro_store *st, int ms);
	int (*begin)(ro_store *st, bool write, int64_t site_id);
	int (*commit)(ro_store *st);
	void (*rollback)(ro_store *st);
	int (*data_stamp)(ro_store *st, int64_t site_id, uint64_t out[2]);
	int (*setting_get)(ro_store *st, const char *key, char **out);
	int (*setting_set)(ro_store *st, const char *key, const char *value);
	int (*site_add)(ro_store *st, int64_t *id, const char *name);
	int (*site_find)(ro_store *st, int64_t *id, char **name_out,
    const char *name);
	int (*site_name)(ro_store *st, char **out, int64_t id);
	int (*site_list)(ro_store *st, ro_named_list **out);
	int (*site_first)(ro_store *st, int64_t *id);
	int (*site_count)(ro_store *st, size_t *out, int64_t site_id);
	int (*group_add)(ro_store *st, int64_t *id, int64_t site_id,
    const char *name);
	int (*group_find)(ro_store *st, int64_t *id, char **name_out,
    int64_t site_id, const char *name);
	int (*group_list)(ro_store *st, ro_named_list **out, int64_t site_id);
	int (*group_names)(ro_store *st, ro_named_list **out, int64_t site_id);
	int (*grad_years)(ro_store *st, int **out, size_t *n, int64_t site_id);
	int (*portfolio_get)(ro_store *st, ro_store_row *out, int64_t id);
	int (*portfolio_by_username)(ro_store *st, ro_store_row *out,
    const char *username);
	int (*portfolio_insert)(ro_store *st, ro_store_row *r);
	int (*portfolio_update_from)(ro_store *st, const ro_store_row *before,
    ro_store_row *r);
	int (*portfolio_signin_state)(ro_store *st, int64_t id, int failed,
    int64_t first_failed_at, int64_t locked_until);
	int (*portfolio_rehash)(ro_store *st, int64_t id, const char *hash);
	int (*answers_set)(ro_store *st, int64_t id, const char *const *hashes,
    size_t n);
	int (*answers_get)(ro_store *st, int64_t id, char **joined);
	int (*list_page)(ro_store *st, ro_portfolio_list **out,
    int64_t site_id, const ro_selection *sel, const ro_cursor *after,
    bool before, size_t limit);
	int (*list_count)(ro_store *st, size_t *out, int64_t site_id,
    const ro_selection *sel);
	int (*list_rank)(ro_store *st, size_t *out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *at);
	int (*select_each)(ro_store *st, int64_t site_id,
    const ro_selection *sel, ro_store_row_fn fn, void *ctx);
	int (*rows_by_ids)(ro_store *st, const int64_t *ids, size_t n,
    ro_store_row_fn fn, void *ctx);
	int (*rows_by_usernames)(ro_store *st, const char *const *names,
    size_t n, ro_store_row_fn fn, void *ctx);
	int (*site_rows_view)(ro_store *st, int64_t site_id,
    ro_store_row_fn fn, void *ctx);
	int (*rows_by_ids_view)(ro_store *st, const int64_t *ids, size_t n,
    ro_store_row_fn fn, void *ctx);
	int (*tune_bulk)(ro_store *st, ro_store_work work, size_t rows,
    ro_store_tuning *saved);
	int (*tune_restore)(ro_store *st, const ro_store_tuning *saved);
	int (*list_uses_index)(ro_store *st, ro_mode mode, bool *out);
	int (*test_sql)(ro_store *st, const char *sql, char **out);
	int (*batch_add)(ro_store *st, int64_t *id, int64_t site_id,
    const char *who, const char *kind, const char *detail, size_t count,
    int64_t undo_of);
	int (*batch_set_count)(ro_store *st, int64_t id, size_t count);
	int (*batch_set_undone)(ro_store *st, int64_t id, int64_t by);
	int (*batch_item_add)(ro_store *st, int64_t batch_id,
    int64_t portfolio_id, const ro_store_row *before, const char *answers,
    int64_t after_version);
	int (*batch_items)(ro_store *st, int64_t batch_id, ro_store_item_fn fn,
    void *ctx);
	int (*batch_get)(ro_store *st, ro_batch *out, int64_t id,
    int64_t *site_id);
	int (*batch_list)(ro_store *st, ro_batch_list **out, int64_t site_id);
	int (*portfolio_delete)(ro_store *st, int64_t id);
	int (*audit_add)(ro_store *st, int64_t site_id, const char *who,
    int64_t batch_id, int64_t portfolio_id, const char *username,
    const char *action, const char *field, const char *old_value,
    const char *new_value);
	int (*audit_list)(ro_store *st, ro_audit_list **out, int64_t site_id,
    const char *since);
	int (*bulk_begin)(ro_store *st);
	int (*bulk_row)(ro_store *st, ro_store_row *r);
	int (*bulk_end)(ro_store *st, bool ok);
	int (*copy_read)(ro_store *st, size_t t, ro_store_cells_fn fn,
    void *ctx);
	int (*copy_begin)(ro_store *st);
	int (*copy_write)(ro_store *st, size_t t, size_t n,
    const char *const *cells);
	int (*copy_end)(ro_store *st, bool ok);
	/* Version 2. */
	bool (*read_only)(ro_store *st);
	int (*batch_purge)(ro_store *st, const char *before);
	int (*batch_creators)(ro_store *st, const int64_t *ids, size_t n,
    int64_t *batch);
	/* Version 3: OneRoster's sourcedIds. */
	int (*site_brief)(ro_store *st, int64_t site_id, ro_store_brief_fn fn,
    void *ctx);
	int (*sourced_id_set)(ro_store *st, int64_t id, const char *sid);
	/* version 4 (audit): the log in pages */
	int (*audit_page)(ro_store *st, ro_audit_list **out, int64_t site_id,
    const ro_audit_query *q, size_t limit);
	int (*audit_count)(ro_store *st, size_t *out, int64_t site_id,
    const ro_audit_query *q);
	int (*list_rank_until)(ro_store *st, size_t *out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *at, int (*stop)(void *ctx),
    void *ctx);
	/* Version 5: what the blast-radius hold counts. */
	int (*select_exempt)(ro_store *st, ro_store_exempt *out,
    int64_t site_id, const ro_selection *sel);
	/* Version 6: a password reset written set-wise. */
	int (*reset_chunk)(ro_store *st, const ro_store_reset *r,
    int64_t *moved);
} ro_store_backend;

struct ro_store {
	const ro_store_backend *be;
};

/* The tables a copy moves, with their columns and their key order, the
 * same for every backend (seam.c). */
typedef struct ro_store_table {
	const char *name;
	const char *columns;
	const char *order;
	size_t ncolumns;
	bool has_id;            /* an id column the database numbers */
} ro_store_table;
/* What an audit search looks at (seam.c): a date, or a text whose LIKE
 * pattern (*like: the text with % _ \ escaped by \, then %) and range
 * upper bound (*hi: the text followed by the largest code point) are
 * made here; NONE leaves them NULL.  Free both. */
typedef enum { RO_AUDIT_FIND_NONE, RO_AUDIT_FIND_DATE, RO_AUDIT_FIND_TEXT }
    ro_audit_find;
int ro_store_audit_find(const char *find, ro_audit_find *kind, char **like,
    char **hi);

extern const ro_store_table ro_store_tables[];
extern const size_t ro_store_ntables;

extern const ro_store_backend ro_sqlite_backend;
#ifdef RO_HAVE_PG
extern const ro_store_backend ro_pg_backend;
#endif

#endif
