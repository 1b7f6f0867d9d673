/* core_int.h — what the engine's files share (never a front end).
 *
 * The layer: src/core owns the rules of the domain — sessions and who may
 * do what, accounts, the upload plan, tasks, batches and undo, the audit,
 * hashing (the only user of argon2) and mail.  It may import base, the
 * store (through store.h, never SQL) and sheet (<roster/sheet.h>,
 * <roster/bundle.h>, <roster/slips_pdf.h>); nothing above it.  Its API is
 * include/roster/; its messages state facts and name no command-line
 * flag: the front ends phrase the next step. */
#ifndef ROSTER_CORE_INT_H
#define ROSTER_CORE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <roster/db.h>
#include <roster/error.h>
#include <roster/portfolio.h>
#include "../store/store.h"

struct ro_db {
	ro_store *st;
	ro_hash_params params;
	/* The dummy hash at params (setting signin.dummy_hash): what an
	 * unknown username is verified against.  "" when none could be
	 * made. */
	char dummy[RO_HASH_ENCODED_MAX];
	char *path;            /* as opened, for ro_outfile_check */
	char **protect;        /* files never to write over (outfile.c) */
	size_t nprotect;
};

struct ro_session {
	ro_db *db;
	int64_t user_id;
	char *username;
	ro_account_type type;
	int64_t home_site;     /* 0 for district accounts */
	int64_t site_id;
	char *site_name;
};

/* RO_ENOTFOUND "there is no site yet", with RO_NEXT_ADD_SITE beside it
 * (session.c): every call that needs the session's site and has none. */
int ro_session_no_site(void);

ro_store *ro_db_store(ro_db *db);
/* The setting that keeps the dummy hash (made by ro_init, and by
 * ro_db_open when missing or made at another cost). */
#define RO_DUMMY_KEY "signin.dummy_hash"

/* An integer setting with its default. */
long ro_db_setting_long(ro_db *db, const char *key, long def);

/* A selection with the group name resolved to its id and the year
 * checked, ready for the store.  buf holds the resolved argument. */
int ro_selection_resolve(ro_session *s, const ro_selection *in,
    ro_selection *out, char buf[32]);

/* Checks username + password against a stored portfolio, with the
 * lockout rules; the one path every sign-in takes.  On success *row is
 * the portfolio (the caller clears it).  RO_EDENIED otherwise. */
int ro_auth_check(ro_db *db, const char *username, const char *password,
    ro_store_row *row);

/* How long a sign-in waits after the failed-th failure in a row (0 below
 * signin.max_failures), in seconds. */
int64_t ro_signin_delay_seconds(ro_db *db, int failed);

/* Undo keeps what a batch changed (old password hashes included: an old
 * hash is a credential) for the setting batch.keep_days, default 30 days.
 * The start of that window as "YYYY-MM-DDTHH:MM:SSZ" into buf[21]. */
#define RO_BATCH_KEEP_DAYS 30
void ro_batch_keep_since(ro_db *db, char buf[21]);
/* Wipes the before-state of batches older than that: called in the
 * transaction of every new batch (task, upload, undo). */
int ro_batch_purge_old(ro_db *db);

/* Writes an audit row for every field that differs between before and
 * after (before NULL: a creation), in the caller's transaction.  The
 * password shows only as "changed". */
int ro_audit_changes(ro_session *s, int64_t batch, const ro_store_row *before,
    const ro_store_row *after, const char *action);
/* The texts of those rows for a password reset written set-wise
 * (store.h, ro_store_reset_chunk), by s with action; a->at is left to
 * the caller. */
void ro_audit_reset_texts(ro_store_reset_audit *a, const ro_session *s,
    const char *action);

/* ROSTER_TRACE (trace.c): a line of timing to standard error or a file
 * when the variable is set; nothing otherwise.  ro_trace_now() is a
 * monotonic clock in milliseconds. */
void ro_trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
double ro_trace_now(void);
/* The wall clock in seconds since the epoch, to line a trace up with
 * what another process saw (bench/signin_lock.sh). */
double ro_trace_epoch(void);

/* Memory for big arrays and arenas (bigmem.c): zeroed; 2 MiB and more
 * on transparent huge pages, grown without copying.  Free only with
 * ro_big_free (NULL is a no-op). */
void *ro_big_alloc(size_t n);
void *ro_big_realloc(void *p, size_t n);
void ro_big_free(void *p);
/* Gives the whole pages within bytes [from, to) of a big block back to
 * the kernel (a mapping only; a block from malloc keeps them): they read
 * as zeros afterwards.  For an array walked once, behind the walk. */
void ro_big_release(void *p, size_t from, size_t to);
/* Gives the free memory at the heap's top back to the kernel (glibc keeps
 * up to its trim threshold, 64 MiB under the CLI): for a pass that has
 * freed a big working set and leaves a long-lived result. */
void ro_big_trim(void);

/* strdup that accepts NULL. */
char *ro_strdup0(const char *s);

#endif
