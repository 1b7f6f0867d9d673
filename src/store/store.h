/* store.h — the storage API the engine uses (engine-internal).
 *
 * The layer: src/store owns the database — the only code that speaks SQL,
 * to SQLite and to libpq — and frees what it hands out (lists.c).  It may
 * import base and the data types of include/roster/ (portfolio.h,
 * batch.h, account.h); it calls nothing in core, sheet or the front ends.
 *
 * Backend-neutral: nothing here names SQLite or PostgreSQL.  The store
 * is a table of operations per backend (backend.h; libgit2's
 * git_refdb_backend is the model), chosen when the store is opened from
 * what --db names: a postgresql:// or postgres:// URI or a libpq
 * key=value string is a PostgreSQL database, anything else the path of
 * an SQLite file.  All functions return 0 or a negative RO_E… code with
 * the message kept for ro_error_last(); a lock held by another writer
 * never leaks upward as the backend says it: it becomes RO_EBUSY with a
 * sentence a person can act on.
 *
 * Strings coming back through out parameters are the caller's, freed with
 * the matching _clear/_free. */
#ifndef ROSTER_STORE_H
#define ROSTER_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <roster/batch.h>
#include <roster/portfolio.h>
#include <roster/account.h>

typedef struct ro_store ro_store;

/* Which backend a --db value names. */
typedef enum ro_store_kind {
	RO_STORE_SQLITE,
	RO_STORE_POSTGRESQL,
	RO_STORE_BAD,           /* a URL of another scheme: refused */
} ro_store_kind;
ro_store_kind ro_store_kind_of(const char *spec);

/* Opens an existing database (RO_ENODB, RO_ENOTDB, RO_EBUSY) and migrates
 * its schema forward.  create: make a new database (a new file, mode
 * 0600; on a server, roster's tables in an empty database), RO_EEXISTS
 * when one is there. */
int ro_store_open(ro_store **out, const char *spec, bool create);
void ro_store_close(ro_store *st);
/* Closes a store that ro_store_open just created and removes what it
 * made (an init that failed after the open): the file, or the tables. */
void ro_store_destroy(ro_store *st);
/* Milliseconds to wait for another writer's lock (default 5000, or the
 * ROSTER_BUSY_TIMEOUT_MS environment variable for tests). */
void ro_store_set_busy_timeout(ro_store *st, int ms);
/* Milliseconds a new connection waits for another's lock: 5000, or
 * ROSTER_BUSY_TIMEOUT_MS for the tests (seam.c; both backends). */
int ro_store_busy_default(void);

/* True when this connection cannot write the database (the file or its
 * folder is read-only to this user; a PostgreSQL role that may not write
 * roster's tables, or a read-only server). */
bool ro_store_read_only(ro_store *st);

/* write: a transaction that writes to the portfolios, groups and batches
 * of site_id (0: to no site, only settings, sites and accounts without
 * one), holding the lock that serialises the writers of that site from
 * now to the commit, or RO_EBUSY; what it reads under that lock is the
 * latest committed data.  Writers of different sites may run at the same
 * time where the backend allows it.  Else (site_id unused) a read
 * transaction that sees one snapshot. */
int ro_store_begin(ro_store *st, bool write, int64_t site_id);
int ro_store_commit(ro_store *st);
void ro_store_rollback(ro_store *st);
/* What changes when anything that a plan for site_id reads is committed,
 * by another connection or by this one: two equal stamps, each taken
 * inside a transaction, saw the same data of that site. */
int ro_store_data_stamp(ro_store *st, int64_t site_id, uint64_t out[2]);

int ro_store_setting_get(ro_store *st, const char *key, char **out);
int ro_store_setting_set(ro_store *st, const char *key, const char *value);

/* Sites and groups. */
int ro_store_site_add(ro_store *st, int64_t *id, const char *name);
int ro_store_site_find(ro_store *st, int64_t *id, char **name_out,
    const char *name);
int ro_store_site_name(ro_store *st, char **out, int64_t id);
int ro_store_site_list(ro_store *st, ro_named_list **out);
int ro_store_site_first(ro_store *st, int64_t *id);
int ro_store_site_count(ro_store *st, size_t *out, int64_t site_id);
int ro_store_group_add(ro_store *st, int64_t *id, int64_t site_id,
    const char *name);
/* RO_ENOTFOUND when site has no group of that name (ignoring case). */
int ro_store_group_find(ro_store *st, int64_t *id, char **name_out,
    int64_t site_id, const char *name);
int ro_store_group_list(ro_store *st, ro_named_list **out, int64_t site_id);
/* The same without the counts (store_upload.c): what a plan needs. */
int ro_store_group_names(ro_store *st, ro_named_list **out, int64_t site_id);
int ro_store_grad_years(ro_store *st, int **out, size_t *n, int64_t site_id);

/* A portfolio with what only the engine sees. */
typedef struct ro_store_row {
	ro_portfolio p;
	char *hash;             /* encoded Argon2id, NULL when none */
	int failed_signins;
	int64_t first_failed_at; /* unix seconds, 0 when none */
	int64_t locked_until;    /* unix seconds, 0 when none */
} ro_store_row;
void ro_store_row_clear(ro_store_row *r);

int ro_store_portfolio_get(ro_store *st, ro_store_row *out, int64_t id);
/* Across the whole database, ignoring case.  RO_ENOTFOUND. */
int ro_store_portfolio_by_username(ro_store *st, ro_store_row *out,
    const char *username);
/* Inserts r (r->p.id set on return; version 1).  RO_EEXISTS when the
 * username is taken (ignoring case). */
int ro_store_portfolio_insert(ro_store *st, ro_store_row *r);
/* Writes every field of r, bumps the version.  RO_ECONFLICT when the row's
 * version is no longer r->p.version (changed by someone else); on success
 * r->p.version is the new one.  RO_EEXISTS for a taken username. */
int ro_store_portfolio_update(ro_store *st, ro_store_row *r);
/* The same, given the row as read at r->p.version (before): the columns
 * that did not change are left out of the statement, which spares
 * rewriting their index entries and checking their constraints (and
 * leaves them as they are in the database).  before NULL: as _update. */
int ro_store_portfolio_update_from(ro_store *st, const ro_store_row *before,
    ro_store_row *r);
/* Sign-in bookkeeping only: does not bump the version. */
int ro_store_portfolio_signin_state(ro_store *st, int64_t id, int failed,
    int64_t first_failed_at, int64_t locked_until);
/* Replaces the hash only (re-hash on sign-in): no version bump. */
int ro_store_portfolio_rehash(ro_store *st, int64_t id, const char *hash);

/* Security answers: n hashes (NULL clears them all). */
int ro_store_answers_set(ro_store *st, int64_t id, const char *const *hashes,
    size_t n);
/* The hashes joined by '\n' (NULL when none). */
int ro_store_answers_get(ro_store *st, int64_t id, char **joined);

/* Lists.  The selection's only/except sets are honoured. */
int ro_store_list_page(ro_store *st, ro_portfolio_list **out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *after, bool before,
    size_t limit);
int ro_store_list_count(ro_store *st, size_t *out, int64_t site_id,
    const ro_selection *sel);
int ro_store_list_rank(ro_store *st, size_t *out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *at);
/* The same, stopped with RO_ECANCEL (nothing counted) as soon as stop(ctx)
 * returns non-zero; the store asks it every few thousand steps (SQLite)
 * or before it starts (PostgreSQL, whose count runs on the server). */
int ro_store_list_rank_until(ro_store *st, size_t *out, int64_t site_id,
    const ro_selection *sel, const ro_cursor *at, int (*stop)(void *ctx),
    void *ctx);
/* Calls fn for every row of the selection in list order, with full rows.
 * fn returns 0 to go on, anything else stops and is returned. */
typedef int (*ro_store_row_fn)(void *ctx, ro_store_row *row);
int ro_store_select_each(ro_store *st, int64_t site_id,
    const ro_selection *sel, ro_store_row_fn fn, void *ctx);
/* The rows of the selection a task may skip whatever it is, counted
 * from the partial index of those few (not a read of every row): the
 * SSO-linked ones, those that are not students, and those that are
 * both. */
typedef struct ro_store_exempt {
	size_t sso, not_student, both;
} ro_store_exempt;
int ro_store_select_exempt(ro_store *st, ro_store_exempt *out,
    int64_t site_id, const ro_selection *sel);
/* Full rows for ids (any order); missing ids are simply not called. */
int ro_store_rows_by_ids(ro_store *st, const int64_t *ids, size_t n,
    ro_store_row_fn fn, void *ctx);
/* Full rows whose usernames (ignoring case) are among names. */
int ro_store_rows_by_usernames(ro_store *st, const char *const *names,
    size_t n, ro_store_row_fn fn, void *ctx);
/* Every portfolio of the site, active or not, in id order, in one pass
 * over the table (store_upload.c): for an upload that names most of the
 * site, cheaper than looking each id up.  The row's strings belong to
 * the store and last only until fn returns: fn copies what it keeps and
 * frees nothing.  group_name is NULL (group_id is set): the plan names
 * the groups from the site's list. */
int ro_store_site_rows_view(ro_store *st, int64_t site_id, ro_store_row_fn fn,
    void *ctx);
/* ro_store_rows_by_ids with the strings lent and no group names, as by
 * _site_rows_view: for a plan, which copies what it keeps (a copy fewer
 * per string). */
int ro_store_rows_by_ids_view(ro_store *st, const int64_t *ids, size_t n,
    ro_store_row_fn fn, void *ctx);
/* Work on many rows at once: a read that visits each row of rows once
 * (RO_WORK_SCAN), or a transaction that rewrites rows rows
 * (RO_WORK_WRITE); the backend sizes its caches and buffers for it (on
 * SQLite: the page cache and statement journals in memory, so that
 * neither spills to disk page by page; a 100,000-row upload: 13.6 s
 * before, see bench/RESULTS.md).  *saved receives what
 * ro_store_tune_restore puts back; calls nest. */
typedef enum ro_store_work { RO_WORK_SCAN, RO_WORK_WRITE,
	/* A read of rows rows in an index's order, each row fetched from
	 * its table page: the pages are visited again and again, so they
	 * are kept (a reset of a whole site of 970,213 read the file
	 * 881,572 times, 309,062 with it). */
	RO_WORK_LOOKUP } ro_store_work;
typedef struct ro_store_tuning {
	long saved[4];          /* the backend's, opaque */
} ro_store_tuning;
int ro_store_tune_bulk(ro_store *st, ro_store_work work, size_t rows,
    ro_store_tuning *saved);
int ro_store_tune_restore(ro_store *st, const ro_store_tuning *saved);
/* Whether each list mode's page query is answered from one of roster's
 * indexes (never by reading the whole table or sorting it): for the
 * test that every mode uses an index. */
int ro_store_list_uses_index(ro_store *st, ro_mode mode, bool *out);
/* For the tests only, which look at what the API deliberately hides
 * (hashes, answers) and meddle behind the engine's back: runs one
 * statement in SQL that both backends understand; out (when not NULL)
 * receives the first column of its rows, each followed by '\n' (NULL
 * shows as an empty string). */
int ro_store_test_sql(ro_store *st, const char *sql, char **out);

/* Batches and their items: the state of each portfolio before the batch,
 * so that undo can put it back. */
int ro_store_batch_add(ro_store *st, int64_t *id, int64_t site_id,
    const char *who, const char *kind, const char *detail, size_t count,
    int64_t undo_of);
int ro_store_batch_set_count(ro_store *st, int64_t id, size_t count);
int ro_store_batch_set_undone(ro_store *st, int64_t id, int64_t by);
/* before: the row as it was (NULL for a portfolio the batch created);
 * answers: the security answer hashes as they were ('\n'-joined) or NULL;
 * after_version: the version the batch left. */
int ro_store_batch_item_add(ro_store *st, int64_t batch_id,
    int64_t portfolio_id, const ro_store_row *before, const char *answers,
    int64_t after_version);
typedef struct ro_store_item {
	int64_t portfolio_id;
	bool created;
	ro_store_row before;
	char *answers;
	int64_t after_version;
} ro_store_item;
typedef int (*ro_store_item_fn)(void *ctx, ro_store_item *item);
int ro_store_batch_items(ro_store *st, int64_t batch_id, ro_store_item_fn fn,
    void *ctx);
int ro_store_batch_get(ro_store *st, ro_batch *out, int64_t id,
    int64_t *site_id);
int ro_store_batch_list(ro_store *st, ro_batch_list **out, int64_t site_id);
void ro_batch_clear(ro_batch *b);
/* Deletes the items (the before-state, old password hashes included) of
 * every batch created before `before` ("YYYY-MM-DDTHH:MM:SSZ"): such
 * batches can no longer be undone. */
int ro_store_batch_purge(ro_store *st, const char *before);
/* For each of ids[0..n): the latest batch that created it (0: none),
 * in one pass over the batch items. */
int ro_store_batch_creators(ro_store *st, const int64_t *ids, size_t n,
    int64_t *batch);
/* Removes a portfolio the batch created (undo of a creation). */
int ro_store_portfolio_delete(ro_store *st, int64_t id);

int ro_store_audit_add(ro_store *st, int64_t site_id, const char *who,
    int64_t batch_id, int64_t portfolio_id, const char *username,
    const char *action, const char *field, const char *old_value,
    const char *new_value);
/* A password reset written set-wise, a chunk of its portfolios at a
 * time (store_reset.c, pg_reset.c), inside the batch's write
 * transaction.  ids ascending, each with the version the read saw; hash
 * the one new hash of all, or hashes[i] that of ids[i].  When any id is
 * missing, of another site or at another version: RO_ECONFLICT and
 * *moved the first such id (what the chunk wrote goes with the
 * transaction's rollback, which the caller makes).  Otherwise each
 * portfolio gets, in id order, a batch item of its before-state (after
 * version + 1), the audit rows of its changed fields (the texts in
 * audit: Password with its new value, then Temporary Password from old
 * to new when it was not yet temporary), its new hash, temp_password
 * set, version + 1, and its failed sign-ins and lock cleared when it
 * had any: what a portfolio update, a batch item and ro_audit_changes
 * make of each one by one. */
typedef struct ro_store_reset_audit {
	const char *at;                 /* the rows' time */
	const char *who, *action;
	const char *pw_field, *pw_new;
	const char *temp_field, *temp_old, *temp_new;
} ro_store_reset_audit;
typedef struct ro_store_reset {
	int64_t batch_id, site_id;
	const int64_t *ids, *versions;
	const char *hash;
	const char *const *hashes;
	size_t n;
	ro_store_reset_audit audit;
} ro_store_reset;
int ro_store_reset_chunk(ro_store *st, const ro_store_reset *r,
    int64_t *moved);
/* The audit rows of site_id, oldest first; site_id 0: the rows of no site
 * (district accounts: their sign-ins, their unlocks). */
int ro_store_audit_list(ro_store *st, ro_audit_list **out, int64_t site_id,
    const char *since);
/* A page of the audit rows of site_id (0: of no site) in (at, id) order,
 * as ro_audit_page describes it; RO_ENOTFOUND for an unknown q->after. */
int ro_store_audit_page(ro_store *st, ro_audit_list **out, int64_t site_id,
    const ro_audit_query *q, size_t limit);
int ro_store_audit_count(ro_store *st, size_t *out, int64_t site_id,
    const ro_audit_query *q);

/* Bulk loading for the demo generator: one transaction, indexes built
 * after the rows.  Call bulk_begin, bulk_row for each, bulk_end. */
int ro_store_bulk_begin(ro_store *st);
int ro_store_bulk_row(ro_store *st, ro_store_row *r);
int ro_store_bulk_end(ro_store *st, bool ok);

/* Copying a whole database between backends (roster db copy): table t
 * of ro_store_copy_ntables(), in the order a copy writes them, read in
 * key order as rows of text cells (NULL for SQL NULL; numbers in
 * decimal), which is the same text on either backend.  A copy is written
 * into a database just created (its settings are replaced) between
 * copy_begin and copy_end, in one transaction. */
typedef int (*ro_store_cells_fn)(void *ctx, size_t n,
    const char *const *cells);
size_t ro_store_copy_ntables(void);
const char *ro_store_copy_table(size_t t);
int ro_store_copy_read(ro_store *st, size_t t, ro_store_cells_fn fn,
    void *ctx);
int ro_store_copy_begin(ro_store *st);
int ro_store_copy_write(ro_store *st, size_t t, size_t n,
    const char *const *cells);
int ro_store_copy_end(ro_store *st, bool ok);

/* "YYYY-MM-DDTHH:MM:SSZ" now, UTC, into buf[21]. */
void ro_store_now(char buf[21]);

/* OneRoster (store_oneroster.c): what a bundle is matched against, for
 * every portfolio of the site in one pass, in id order (strings lent until fn
 * returns), and the sourcedId kept on a portfolio. */
typedef struct ro_store_brief {
	int64_t id, group_id;
	const char *username;
	const char *sourced_id;  /* NULL when none */
	int grad_year;
	bool active, sso;
} ro_store_brief;
typedef int (*ro_store_brief_fn)(void *ctx, const ro_store_brief *b);
int ro_store_site_brief(ro_store *st, int64_t site_id, ro_store_brief_fn fn,
    void *ctx);
/* Sets it (NULL clears); another portfolio holding it loses it first. */
int ro_store_sourced_id_set(ro_store *st, int64_t id, const char *sid);

#endif
