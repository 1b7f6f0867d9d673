/* store_int.h — what the files of src/store share (SQLite lives here). */
#ifndef ROSTER_STORE_INT_H
#define ROSTER_STORE_INT_H

#include <sqlite3.h>
#include <roster/error.h>
#include "store.h"

#define RO_STMT_CACHE 96

struct ro_store {
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
	} lists[4 * 3 * 7];	/* modes × shapes × kinds */
	size_t nlists;
	/* Portfolio updates by the columns they name (see
	 * store_portfolio.c). */
	struct {
		unsigned mask;
		sqlite3_stmt *stmt;
	} updates[64];
	size_t nupdates;
	sqlite3_stmt *bulk;
};

/* Translates an SQLite result code; what names the operation. */
int ro_store_sqlerr(ro_store *st, int rc, const char *what);
/* A cached, reset statement for a string literal (NULL: error set). */
sqlite3_stmt *ro_store_stmt(ro_store *st, const char *sql);
int ro_store_exec(ro_store *st, const char *sql);
/* Steps once, resets; 0 for DONE or ROW. */
int ro_store_step_done(ro_store *st, sqlite3_stmt *s, const char *what);
char *ro_store_col_text(sqlite3_stmt *s, int col);
void ro_store_bind_text(sqlite3_stmt *s, int idx, const char *v);
/* Binds 0 as NULL (ids). */
void ro_store_bind_id(sqlite3_stmt *s, int idx, int64_t v);
int ro_store_migrate(ro_store *st);
/* Turns triggers on once every trigger of the file is one of ours (they
 * stay off from the open until then); RO_ENOTDB otherwise. */
int ro_store_triggers_check(ro_store *st);
void ro_store_lists_free(ro_store *st);
/* "[1,2,3]" for binding a set of ids as one parameter (malloc'd). */
char *ro_store_json_ids(const int64_t *ids, size_t n);
/* Steps a bound statement of RO_ROW_COLUMNS, calling fn per row. */
int ro_store_each_stmt(ro_store *st, sqlite3_stmt *s, ro_store_row_fn fn,
    void *ctx);

/* Steps a statement of (id, name, count) rows into a named list. */
int ro_store_named_list(ro_store *st, sqlite3_stmt *s, ro_named_list **out);

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
void ro_store_read_row(sqlite3_stmt *s, ro_store_row *r);
/* The list columns (no secrets), for pages. */
void ro_store_read_portfolio(sqlite3_stmt *s, ro_portfolio *p);
/* RO_ROW_COLUMNS into r, the strings borrowed from the statement (valid
 * until it steps again). */
void ro_store_read_view(sqlite3_stmt *s, ro_store_row *r);

/* The insert of one portfolio, its writable fields as ?2 … ?15. */
#define RO_PORTFOLIO_INSERT "INSERT INTO portfolios (site_id, username," \
	" first, last, email, group_id, grad_year, type, sso, sso_id," \
	" active, password_hash, temp_password, sq_reset) VALUES" \
	" (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
/* Binds the writable fields of r as ?2 (the site) … ?15, the numbering
 * of RO_PORTFOLIO_INSERT, of the update and of a batch item.  The
 * username and names are bound without a copy (the bulk loader binds a
 * million): step before r changes. */
void ro_store_bind_fields(sqlite3_stmt *s, const ro_store_row *r);

#endif
