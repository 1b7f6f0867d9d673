/* pg_int.h — what the files of the PostgreSQL store share (pg*.c): its
 * struct and its helpers.  Only src/store includes libpq.
 *
 * The schema mirrors SQLite's (pg_schema.c).  Names and usernames are
 * kept in COLLATE "C" and compared, sorted and indexed through NC(), the
 * ASCII-only case fold that SQLite's NOCASE is: the database's locale and
 * citext would order, page and match differently. */
#ifndef ROSTER_STORE_PG_INT_H
#define ROSTER_STORE_PG_INT_H

#include <libpq-fe.h>
#include <roster/error.h>
#include "backend.h"

/* libpq's functions, called through pointers that pg_lib.c fills when a
 * PostgreSQL database is first opened (ro_pg_lib: 0 or RO_EIO). */
#define RO_PQ_FUNCTIONS \
	X(PQclear) X(PQntuples) X(PQgetvalue) X(PQresultStatus) X(PQexec) \
	X(PQresultErrorField) X(PQgetisnull) X(PQstatus) X(PQgetlength) \
	X(PQerrorMessage) X(PQcmdTuples) X(PQtransactionStatus) \
	X(PQsetNoticeProcessor) X(PQsetClientEncoding) X(PQputCopyEnd) \
	X(PQputCopyData) X(PQprepare) X(PQgetResult) X(PQfreemem) \
	X(PQfinish) X(PQexecPrepared) X(PQexecParams) X(PQdb) \
	X(PQconninfoParse) X(PQconninfoFree) X(PQconnectdb) X(PQreset)
typedef struct ro_pq_api {
#define X(name) __typeof__(name) *p_##name;
	RO_PQ_FUNCTIONS
#undef X
} ro_pq_api;
extern ro_pq_api ro_pq;
int ro_pg_lib(void);
#define PQclear (ro_pq.p_PQclear)
#define PQntuples (ro_pq.p_PQntuples)
#define PQgetvalue (ro_pq.p_PQgetvalue)
#define PQresultStatus (ro_pq.p_PQresultStatus)
#define PQexec (ro_pq.p_PQexec)
#define PQresultErrorField (ro_pq.p_PQresultErrorField)
#define PQgetisnull (ro_pq.p_PQgetisnull)
#define PQstatus (ro_pq.p_PQstatus)
#define PQgetlength (ro_pq.p_PQgetlength)
#define PQerrorMessage (ro_pq.p_PQerrorMessage)
#define PQcmdTuples (ro_pq.p_PQcmdTuples)
#define PQtransactionStatus (ro_pq.p_PQtransactionStatus)
#define PQsetNoticeProcessor (ro_pq.p_PQsetNoticeProcessor)
#define PQsetClientEncoding (ro_pq.p_PQsetClientEncoding)
#define PQputCopyEnd (ro_pq.p_PQputCopyEnd)
#define PQputCopyData (ro_pq.p_PQputCopyData)
#define PQprepare (ro_pq.p_PQprepare)
#define PQgetResult (ro_pq.p_PQgetResult)
#define PQfreemem (ro_pq.p_PQfreemem)
#define PQfinish (ro_pq.p_PQfinish)
#define PQexecPrepared (ro_pq.p_PQexecPrepared)
#define PQexecParams (ro_pq.p_PQexecParams)
#define PQdb (ro_pq.p_PQdb)
#define PQconninfoParse (ro_pq.p_PQconninfoParse)
#define PQconninfoFree (ro_pq.p_PQconninfoFree)
#define PQconnectdb (ro_pq.p_PQconnectdb)
#define PQreset (ro_pq.p_PQreset)

/* SQLite's NOCASE: A-Z folded to a-z, every other byte as it is. */
#define NC(x) "translate(" x ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'," \
	" 'abcdefghijklmnopqrstuvwxyz')"

#define RO_PG_PREPARED 160

/* A COPY stream being gathered for a bulk write (pg_copy.c). */
typedef struct ro_pg_buf {
	char *data;
	size_t len, cap;
	size_t rows;
} ro_pg_buf;

enum { PG_BUF_UPDATE, PG_BUF_INSERT, PG_BUF_ITEM, PG_BUF_AUDIT, PG_BUF_DELETE,
	PG_NBUF };

typedef struct ro_pg {
	ro_store base;
	PGconn *conn;
	char *name;             /* "the PostgreSQL database X", for messages */
	int busy_ms;
	bool in_tx, write_tx;
	int64_t site;           /* of the write transaction */
	bool dirty;             /* the write transaction wrote */
	bool dirty_names;       /* … usernames, which every site's plan reads */
	bool created;           /* this open made the schema */
	bool read_only;         /* the server or the role may not write */
	/* Statements prepared on the server, by the address of their text
	 * (every SQL string is a literal or a cached, assembled one). */
	struct {
		const char *sql;
	} prep[RO_PG_PREPARED];
	size_t nprep;
	/* Assembled list queries, by (mode, shape, kind), with the roles
	 * of their parameters in order (pg_list.c). */
	struct {
		unsigned key;
		char *sql;
		int order[12];
		int n;
	} lists[4 * 3 * 8];
	size_t nlists;
	/* Portfolio updates by the columns they name (pg_portfolio.c). */
	struct {
		unsigned mask;
		char *sql;
	} updates[64];
	size_t nupdates;
	/* Groups found (a list page of a group looks its name up each
	 * time): groups are never renamed nor removed, so one committed is
	 * known for the connection's life (pg_site.c). */
	struct {
		int64_t site, id;
		char *name;
	} groups[16];
	unsigned ngroups;       /* entries used; the next one replaced */
	int cursors;            /* open cursors, for their names */
	bool flushing;
	/* Bulk writes (pg_copy.c): rows gathered as COPY text and sent in
	 * a few statements at the next read or the commit. */
	int bulk_depth;
	ro_pg_buf buf[PG_NBUF];
	int64_t next_id, last_id;       /* ids reserved for inserts */
	size_t bulk_rows;               /* rows the bulk write announced */
	size_t bulk_reserved;           /* ids reserved for it so far */
	bool staging;                   /* the temporary table exists */
	bool demo_bulk;                 /* ro_pg_bulk_begin … _end */
	ro_pg_buf dbcopy;               /* roster db copy (pg_dbcopy.c) */
	int dbcopy_table;               /* whose rows dbcopy holds, -1 */
} ro_pg;

static inline ro_pg *ro_pg_of(ro_store *st)
{
	return (ro_pg *)st;
}

/* The first line of a message of the server or libpq, into buf[n]. */
void ro_pg_first_line(char *buf, size_t n, const char *msg);
/* Outside a transaction, a connection the server ended (a restart, a
 * failover, an idle timeout) is made again, with the session's settings:
 * 0, or RO_EIO when the server cannot be reached. */
int ro_pg_revive(ro_pg *st);
/* The engine's code for a failed result (NULL: the connection's error);
 * what names the operation.  Clears nothing. */
int ro_pg_err(ro_pg *st, const PGresult *r, const char *what);
/* Runs sql (prepared once per connection) with n text parameters (NULL:
 * SQL NULL).  Returns the result on success (the caller PQclears it);
 * NULL with the error set and *rc its code otherwise.  Gathered bulk
 * rows are sent first. */
PGresult *ro_pg_q(ro_pg *st, const char *sql, int n,
    const char *const *v, const char *what, int *rc);
/* prepare false: for a text that does not outlive the call. */
PGresult *ro_pg_qx(ro_pg *st, const char *sql, int n,
    const char *const *v, const char *what, int *rc, bool prepare);
/* The same for a statement that returns nothing worth keeping. */
int ro_pg_do(ro_pg *st, const char *sql, int n, const char *const *v,
    const char *what);
/* Runs text that holds no parameters (DDL, BEGIN, several statements). */
int ro_pg_exec(ro_pg *st, const char *sql, const char *what);
/* Decimal text of v into buf[24]; NULL for 0 when zero_null (ids). */
const char *ro_pg_int(char buf[24], int64_t v, bool zero_null);
/* A malloc'd copy of a field, NULL for SQL NULL. */
char *ro_pg_text(const PGresult *r, int row, int col);
int64_t ro_pg_i64(const PGresult *r, int row, int col);
/* An array literal of ids ("{1,2,3}") or of strings, malloc'd. */
char *ro_pg_id_array(const int64_t *ids, size_t n);
char *ro_pg_text_array(const char *const *v, size_t n);

/* The columns of a full row, as RO_ROW_COLUMNS on SQLite. */
#define PG_ROW_COLUMNS_WITH(group) \
	"p.id, p.site_id, p.username, p.first, p.last, p.email, p.group_id, " \
	group ", p.grad_year, p.type, p.sso, p.sso_id, p.active, " \
	"p.temp_password, p.sq_reset, p.version, p.password_hash, " \
	"p.failed_signins, p.first_failed_at, p.locked_until"
#define PG_ROW_COLUMNS PG_ROW_COLUMNS_WITH("g.name")
#define PG_ROW_FROM " FROM portfolios p LEFT JOIN groups g ON g.id = p.group_id"
/* Row i of r (PG_ROW_COLUMNS from column 0) into out; view: the strings
 * point into r (valid until it is cleared) instead of copies. */
void ro_pg_read_row(const PGresult *r, int i, ro_store_row *out, bool view);
void ro_pg_read_portfolio(const PGresult *r, int i, ro_portfolio *p);
/* Calls fn for every row of r; a non-zero return stops and is returned. */
int ro_pg_each_row(const PGresult *r, ro_store_row_fn fn, void *ctx,
    bool view);
/* Runs sql through a cursor, fetching rows a batch at a time, so that
 * memory stays flat whatever the number of rows: each is called with
 * each batch's result (a non-zero return stops and is returned); in the
 * transaction open, else in a snapshot of its own. */
typedef int (*ro_pg_result_fn)(void *ctx, const PGresult *r);
int ro_pg_cursor(ro_pg *st, const char *sql, int n, const char *const *v,
    ro_pg_result_fn each, void *ctx);
/* The same, fn called for each row of it. */
int ro_pg_each_cursor(ro_pg *st, const char *sql, int n,
    const char *const *v, ro_store_row_fn fn, void *ctx, bool view);
/* The writable fields of r as text parameters 0 … 13 (site, username,
 * first, last, email, group, year, type, sso, sso_id, active, hash, temp,
 * sq_reset), numbers in nums[14][24]. */
void ro_pg_fields(const ro_store_row *r, const char *v[14],
    char nums[14][24]);

int ro_pg_migrate(ro_pg *st, bool create);
/* Sets st->read_only (pg_schema.c). */
int ro_pg_look_read_only(ro_pg *st);
/* Bulk writes (pg_copy.c): a row into a COPY text buffer, and a
 * buffer sent by the COPY … FROM STDIN of sql (emptied either way). */
int ro_pg_buf_row(ro_pg_buf *b, const char *const *v, int n);
int ro_pg_copy_in(ro_pg *st, const char *sql, ro_pg_buf *b);
bool ro_pg_bulk_pending(const ro_pg *st);
int ro_pg_bulk_flush(ro_pg *st);
void ro_pg_bulk_drop(ro_pg *st);
int ro_pg_bulk_insert(ro_pg *st, ro_store_row *r);
int ro_pg_bulk_update(ro_pg *st, unsigned mask, ro_store_row *r);
int ro_pg_bulk_item(ro_pg *st, int64_t batch_id, int64_t portfolio_id,
    const ro_store_row *b, const char *answers, int64_t after_version);
/* A batch item as its 18 text values (batch, portfolio, created, the
 * before-state's fields 1 … 13, answers, the version after), for the
 * INSERT and the COPY alike; numbers in nums and n. */
void ro_pg_item_values(const char *v[18], char nums[14][24], char n[3][24],
    int64_t batch_id, int64_t portfolio_id, const ro_store_row *b,
    const char *answers, int64_t after_version);
int ro_pg_bulk_audit(ro_pg *st, const char *const v[10]);
int ro_pg_bulk_delete(ro_pg *st, int64_t id);
/* Which writable columns differ (bit i: the i-th of ro_pg_fields). */
unsigned ro_pg_changes(const ro_store_row *b, const ro_store_row *a);

/* The operations of ro_pg_backend (see store.h for each). */
int ro_pg_open(ro_store **out, const char *spec, bool create);
void ro_pg_close(ro_store *base);
void ro_pg_destroy(ro_store *base);
void ro_pg_set_busy_timeout(ro_store *base, int ms);
bool ro_pg_read_only(ro_store *base);
int ro_pg_begin(ro_store *base, bool write, int64_t site_id);
int ro_pg_commit(ro_store *base);
void ro_pg_rollback(ro_store *base);
int ro_pg_data_stamp(ro_store *base, int64_t site_id, uint64_t out[2]);
int ro_pg_setting_get(ro_store *base, const char *key, char **out);
int ro_pg_setting_set(ro_store *base, const char *key, const char *value);
int ro_pg_site_add(ro_store *base, int64_t *id, const char *name);
int ro_pg_site_find(ro_store *base, int64_t *id, char **name_out,
    const char *name);
int ro_pg_site_name(ro_store *base, char **out, int64_t id);
int ro_pg_site_list(ro_store *base, ro_named_list **out);
int ro_pg_site_first(ro_store *base, int64_t *id);
int ro_pg_site_count(ro_store *base, size_t *out, int64_t site_id);
int ro_pg_group_add(ro_store *base, int64_t *id, int64_t site_id,
    const char *name);
int ro_pg_group_find(ro_store *base, int64_t *id, char **name_out,
    int64_t site_id, const char *name);
int ro_pg_group_list(ro_store *base, ro_named_list **out, int64_t site_id);
int ro_pg_group_names(ro_store *base, ro_named_list **out, int64_t site_id);
int ro_pg_grad_years(ro_store *base, int **out, size_t *n, int64_t site_id);
int ro_pg_portfolio_get(ro_store *base, ro_store_row *out, int64_t id);
int ro_pg_portfolio_by_username(ro_store *base, ro_store_row *out,
    const char *username);
int ro_pg_portfolio_insert(ro_store *base, ro_store_row *r);
int ro_pg_portfolio_update_from(ro_store *base, const ro_store_row *before,
    ro_store_row *r);
int ro_pg_portfolio_signin_state(ro_store *base, int64_t id, int failed,
    int64_t first_failed_at, int64_t locked_until);
int ro_pg_portfolio_rehash(ro_store *base, int64_t id, const char *hash);
int ro_pg_answers_set(ro_store *base, int64_t id, const char *const *hashes,
    size_t n);
int ro_pg_answers_get(ro_store *base, int64_t id, char **joined);
int ro_pg_list_page(ro_store *base, ro_portfolio_list **out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *after, bool before,
    size_t limit);
int ro_pg_list_count(ro_store *base, size_t *out, int64_t site_id,
    const ro_selection *sel);
int ro_pg_list_rank_until(ro_store *base, size_t *out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *at, int (*stop)(void *ctx),
    void *ctx);
int ro_pg_list_rank(ro_store *base, size_t *out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *at);
int ro_pg_select_each(ro_store *base, int64_t site_id, const ro_selection *sel,
    ro_store_row_fn fn, void *ctx);
int ro_pg_select_exempt(ro_store *base, ro_store_exempt *out,
    int64_t site_id, const ro_selection *sel);
int ro_pg_reset_chunk(ro_store *base, const ro_store_reset *r,
    int64_t *moved);
int ro_pg_rows_by_ids(ro_store *base, const int64_t *ids, size_t n,
    ro_store_row_fn fn, void *ctx);
int ro_pg_rows_by_usernames(ro_store *base, const char *const *names, size_t n,
    ro_store_row_fn fn, void *ctx);
int ro_pg_site_rows_view(ro_store *base, int64_t site_id, ro_store_row_fn fn,
    void *ctx);
int ro_pg_rows_by_ids_view(ro_store *base, const int64_t *ids, size_t n,
    ro_store_row_fn fn, void *ctx);
int ro_pg_tune_bulk(ro_store *base, ro_store_work work, size_t rows,
    ro_store_tuning *saved);
int ro_pg_tune_restore(ro_store *base, const ro_store_tuning *saved);
int ro_pg_list_uses_index(ro_store *base, ro_mode mode, bool *out);
int ro_pg_test_sql(ro_store *base, const char *sql, char **out);
int ro_pg_batch_add(ro_store *base, int64_t *id, int64_t site_id,
    const char *who, const char *kind, const char *detail, size_t count,
    int64_t undo_of);
int ro_pg_batch_set_count(ro_store *base, int64_t id, size_t count);
int ro_pg_batch_set_undone(ro_store *base, int64_t id, int64_t by);
int ro_pg_batch_item_add(ro_store *base, int64_t batch_id,
    int64_t portfolio_id, const ro_store_row *before, const char *answers,
    int64_t after_version);
int ro_pg_batch_items(ro_store *base, int64_t batch_id, ro_store_item_fn fn,
    void *ctx);
int ro_pg_batch_get(ro_store *base, ro_batch *out, int64_t id,
    int64_t *site_id);
int ro_pg_batch_list(ro_store *base, ro_batch_list **out, int64_t site_id);
int ro_pg_batch_purge(ro_store *base, const char *before);
int ro_pg_site_brief(ro_store *base, int64_t site_id, ro_store_brief_fn fn,
    void *ctx);
int ro_pg_sourced_id_set(ro_store *base, int64_t id, const char *sid);
int ro_pg_batch_creators(ro_store *base, const int64_t *ids, size_t n,
    int64_t *batch);
int ro_pg_portfolio_delete(ro_store *base, int64_t id);
int ro_pg_audit_add(ro_store *base, int64_t site_id, const char *who,
    int64_t batch_id, int64_t portfolio_id, const char *username,
    const char *action, const char *field, const char *old_value,
    const char *new_value);
int ro_pg_audit_list(ro_store *base, ro_audit_list **out, int64_t site_id,
    const char *since);
int ro_pg_audit_page(ro_store *base, ro_audit_list **out, int64_t site_id,
    const ro_audit_query *q, size_t limit);
int ro_pg_audit_count(ro_store *base, size_t *out, int64_t site_id,
    const ro_audit_query *q);
int ro_pg_bulk_begin(ro_store *base);
int ro_pg_bulk_row(ro_store *base, ro_store_row *r);
int ro_pg_bulk_end(ro_store *base, bool ok);
int ro_pg_copy_read(ro_store *base, size_t t, ro_store_cells_fn fn,
    void *ctx);
int ro_pg_copy_begin(ro_store *base);
int ro_pg_copy_write(ro_store *base, size_t t, size_t n,
    const char *const *cells);
int ro_pg_copy_end(ro_store *base, bool ok);

#endif
