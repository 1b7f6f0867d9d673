/* signin.h — a portfolio signing in as itself (students, and anyone at
 * "My account"): verify, then the forced changes. */
#ifndef ROSTER_SIGNIN_H
#define ROSTER_SIGNIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <roster/db.h>

#define RO_SECURITY_QUESTIONS 3
/* The longest sign-in delay, in minutes: a day. */
#define RO_SIGNIN_DELAY_MAX 1440
/* How long a failed sign-in waits for another writer's lock (a large
 * upload holds it for seconds) so that the failure is counted: 60 s, or
 * the busy timeout when that is longer.  A right password writes
 * nothing and never waits. */
#define RO_SIGNIN_RECORD_WAIT_MS 60000

typedef struct ro_signin {
	int64_t portfolio_id;
	char *username;
	char *first;
	char *last;
	bool need_password;   /* temporary password: a new one is required */
	bool need_answers;    /* security questions reset: answers required */
} ro_signin;
void ro_signin_free(ro_signin *si);

/* The questions asked after a reset (static storage). */
const char *const *ro_signin_questions(size_t *n);

/* Verifies username + password.  RO_EDENIED ("wrong username or password",
 * or "locked for N minutes" to the right password) without saying whether
 * the username exists; a wrong username costs one verify (against the
 * database's dummy hash) like a wrong password.  Counts failures in a row:
 * from signin.max_failures on, each one makes the account wait, twice as
 * long as the last (signin.lock_minutes first, at most
 * RO_SIGNIN_DELAY_MAX); tries during a wait are audited, not counted.
 * RO_EIO, before any password is looked at, when the database cannot be
 * written; RO_EDENIED for a password over RO_PASSWORD_MAX characters.
 * On success re-hashes a password made under weaker parameters. */
int ro_signin_verify(ro_signin **out, ro_db *db, const char *username,
    const char *password);
/* Replaces a temporary password: new_password follows the rules and
 * differs from old_password. RO_EINVAL with the rule's message;
 * RO_EDENIED for an SSO-linked portfolio (its provider keeps the
 * password; need_password is never set for one). */
int ro_signin_change_password(ro_signin *si, ro_db *db,
    const char *old_password, const char *new_password);
/* Sets the answers (RO_SECURITY_QUESTIONS of them, non-empty; hashed). */
int ro_signin_set_answers(ro_signin *si, ro_db *db,
    const char *const *answers);

#endif
