/* db.h — opening a roster database and the acting session.
 *
 * A ro_db is one open database file.  A ro_session is someone acting on
 * it: an admin, staff or district account that signed in with its
 * password, confined to one site (district accounts may switch). */
#ifndef ROSTER_DB_H
#define ROSTER_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <roster/hash.h>

typedef struct ro_db ro_db;
typedef struct ro_session ro_session;

typedef enum ro_account_type {
	RO_TYPE_STUDENT = 0, RO_TYPE_STAFF, RO_TYPE_ADMIN, RO_TYPE_DISTRICT
} ro_account_type;

const char *ro_account_type_name(ro_account_type t); /* "student", … */
/* -1 when name is none of them. */
int ro_account_type_from_name(const char *name);

/* The path of SPEC: $ROSTER_DB, else $XDG_DATA_HOME/roster/roster.db, else
 * ~/.local/share/roster/roster.db.  Static storage. */
const char *ro_db_default_path(void);

/* Opens an existing database.  RO_ENODB when path does not exist ("run
 * roster init"), RO_ENOTDB when it is not a roster database (the file is
 * left untouched), RO_EBUSY when it is locked beyond the busy timeout. */
int ro_db_open(ro_db **out, const char *path);
void ro_db_close(ro_db *db);

/* The hashing cost in force (settings), for new hashes. */
ro_hash_params ro_db_hash_params(ro_db *db);
/* Overrides the cost for this handle only (tests, benchmarks). */
void ro_db_set_hash_params(ro_db *db, const ro_hash_params *p);
/* A setting as text (NULL when unset; the caller frees). */
char *ro_db_setting(ro_db *db, const char *key);
/* Sets one of the known settings (hash.m_kib, hash.t, hash.p,
 * signin.max_failures, signin.lock_minutes, batch.keep_days,
 * mail.command, mail.from), checking its range (the floors: Argon2id no
 * cheaper than m=19456 KiB, t=2, p=1; at most 10 failures and at least a
 * minute before a sign-in waits).  RO_EINVAL otherwise. */
int ro_db_setting_set(ro_db *db, const char *key, const char *value);
/* The known setting names (static storage). */
const char *const *ro_db_setting_keys(size_t *n);

/* Signs in an admin, staff or district account.  site may be NULL (the
 * account's own site; a district account then gets the first site).
 * RO_EDENIED for a wrong username or password, a locked account, a
 * student account, or a site the account may not act on; the message
 * never says which of username or password was wrong. */
int ro_session_open(ro_session **out, ro_db *db, const char *username,
    const char *password, const char *site);
/* The session of a portfolio that ro_signin_verify (signin.h) has just
 * verified, without checking the password a second time: one sign-in
 * counts once towards the lockout.  RO_EDENIED for a student. */
struct ro_signin;
int ro_session_from_signin(ro_session **out, ro_db *db,
    const struct ro_signin *si, const char *site);
/* Switches site (district accounts only; RO_EDENIED otherwise). */
int ro_session_set_site(ro_session *s, const char *site);
void ro_session_free(ro_session *s);

ro_db *ro_session_db(const ro_session *s);
const char *ro_session_username(const ro_session *s);
int64_t ro_session_user_id(const ro_session *s);
ro_account_type ro_session_type(const ro_session *s);
int64_t ro_session_site_id(const ro_session *s);
const char *ro_session_site_name(const ro_session *s);

#endif
