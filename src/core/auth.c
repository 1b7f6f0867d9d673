/* auth.c — the one path every sign-in takes: verify a password against a
 * portfolio with the sign-in delay, without telling whether a username
 * exists.
 *
 * The delay hurts the guesser, not the owner: after signin.max_failures
 * failures in a row the account waits signin.lock_minutes, and each
 * further failure in a row doubles the wait (at most RO_SIGNIN_DELAY_MAX
 * minutes).  Tries during a wait are refused without counting, so nobody
 * can renew it by hammering; a site admin (or a district admin) can
 * unlock the account at once, and a successful sign-in clears the run.
 * Every failure and every delay is in the audit log. */
#include "core_int.h"
#include "eventlog.h"

#include <roster/hash.h>
#include <roster/rules.h>
#include <roster/signin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char wrong[] = "wrong username or password";

int64_t ro_signin_delay_seconds(ro_db *db, int failed)
{
	long max_fail = ro_db_setting_long(db, "signin.max_failures", 5);
	long lock = ro_db_setting_long(db, "signin.lock_minutes", 15);
	int64_t mins;

	/* A database made before the floors may hold anything: they hold
	 * here too. */
	if (max_fail < 1 || max_fail > 10)
		max_fail = max_fail < 1 ? 1 : 10;
	if (lock < 1)
		lock = 1;
	if (failed < max_fail)
		return 0;
	mins = lock;
	for (long i = max_fail; i < failed && mins < RO_SIGNIN_DELAY_MAX; i++)
		mins *= 2;
	if (mins > RO_SIGNIN_DELAY_MAX)
		mins = RO_SIGNIN_DELAY_MAX;
	return mins * 60;
}

static void iso_utc(char buf[21], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The writes of a sign-in (its failures, the clearing of a run of them)
 * wait for another writer's lock, up to RO_SIGNIN_RECORD_WAIT_MS: a
 * failure that could not be counted would be a free guess. */
static void record_wait(ro_store *st, bool on)
{
	int dflt = ro_store_busy_default();

	if (dflt < RO_SIGNIN_RECORD_WAIT_MS)
		ro_store_set_busy_timeout(st, on ? RO_SIGNIN_RECORD_WAIT_MS :
		    dflt);
}

/* Writes the sign-in counters and the audit rows of a failure in one
 * short transaction.  until: the new delay's end, 0 for none. */
static int write_failure(ro_db *db, const ro_store_row *r, int failed,
    int64_t first, int64_t until, bool during_delay)
{
	ro_store *st = ro_db_store(db);
	char n[48], when[21];
	int rc = ro_store_begin(st, true, r->p.site_id);

	if (rc)
		return rc;
	if (!during_delay)
		rc = ro_store_portfolio_signin_state(st, r->p.id, failed,
		    first, until);
	snprintf(n, sizeof n, during_delay ? "during the delay" :
	    "%d in a row", failed);
	if (!rc)
		rc = ro_store_audit_add(st, r->p.site_id, r->p.username, 0,
		    r->p.id, r->p.username, "signin-failed", NULL, NULL, n);
	if (!rc && until) {
		iso_utc(when, until);
		rc = ro_store_audit_add(st, r->p.site_id, r->p.username, 0,
		    r->p.id, r->p.username, "signin-delayed", "Delayed until",
		    NULL, when);
	}
	if (rc) {
		ro_store_rollback(st);
		return rc;
	}
	return ro_store_commit(st);
}

static int write_clear(ro_db *db, const ro_store_row *r)
{
	ro_store *st = ro_db_store(db);
	int rc = ro_store_begin(st, true, r->p.site_id);

	if (rc)
		return rc;
	if ((rc = ro_store_portfolio_signin_state(st, r->p.id, 0, 0, 0))) {
		ro_store_rollback(st);
		return rc;
	}
	return ro_store_commit(st);
}

static int save_failure(ro_db *db, const ro_store_row *r, int failed,
    int64_t first, int64_t until, bool during_delay)
{
	int rc;

	record_wait(ro_db_store(db), true);
	rc = write_failure(db, r, failed, first, until, during_delay);
	record_wait(ro_db_store(db), false);
	return rc;
}

static int save_clear(ro_db *db, const ro_store_row *r)
{
	int rc;

	record_wait(ro_db_store(db), true);
	rc = write_clear(db, r);
	record_wait(ro_db_store(db), false);
	return rc;
}

static void rehash_if_weak(ro_db *db, const ro_store_row *r,
    const char *password)
{
	ro_hash_params cur = ro_db_hash_params(db);
	char enc[RO_HASH_ENCODED_MAX];
	ro_store *st = ro_db_store(db);

	if (!ro_hash_needs_rehash(r->hash, &cur))
		return;
	if (ro_hash_password(enc, password, &cur))
		return;
	/* Best effort: a busy database only postpones the re-hash. */
	if (ro_store_begin(st, true, r->p.site_id) == 0) {
		if (ro_store_portfolio_rehash(st, r->p.id, enc) == 0)
			ro_store_commit(st);
		else
			ro_store_rollback(st);
	}
}

/* An unknown username waits for another writer's lock as a failure of a
 * known one does (which writes), so that the wait tells nothing. */
static void wait_as_failure(ro_store *st)
{
	int rc;

	record_wait(st, true);
	rc = ro_store_begin(st, true, 0);
	record_wait(st, false);
	if (rc == 0)
		ro_store_rollback(st);
}

/* Refusals that come before any password is looked at, the same for
 * every username. */
static int precheck(ro_db *db, const char *password)
{
	if (ro_rules_password(password) == RO_ST_E43)
		return ro_error_set(RO_EDENIED, "a password has at most %d "
		    "characters", RO_PASSWORD_MAX);
	/* Failures could not be counted: nobody signs in, whoever it is. */
	if (ro_store_read_only(ro_db_store(db)))
		return ro_error_set(RO_EIO, "the database is read-only to this "
		    "user, so failed sign-ins cannot be counted: nobody can "
		    "sign in until roster can write to it (and, for a file, "
		    "to its folder)");
	return 0;
}

int ro_auth_check(ro_db *db, const char *username, const char *password,
    ro_store_row *row)
{
	ro_store *st = ro_db_store(db);
	int64_t now = (int64_t)time(NULL);
	int rc;

	memset(row, 0, sizeof *row);
	if ((rc = precheck(db, password)))
		return rc;
	rc = ro_store_portfolio_by_username(st, row, username);
	if (rc == RO_ENOTFOUND || (rc == 0 && !row->hash)) {
		/* Spend what a real verify spends (one verify against the
		 * database's dummy hash), then say the same words. */
		if (db->dummy[0])
			(void)ro_hash_verify(db->dummy, password);
		ro_store_row_clear(row);
		wait_as_failure(st);
		return ro_error_set(RO_EDENIED, wrong);
	}
	if (rc)
		return rc;

	int ok = ro_hash_verify(row->hash, password) == 0;

	if (row->locked_until > now) {
		/* Only someone who knows the password learns of the delay, so
		 * it tells nobody else that the username exists.  A try during
		 * the delay is logged but neither counted nor lengthens it. */
		long mins = (long)((row->locked_until - now + 59) / 60);
		rc = save_failure(db, row, 0, 0, 0, true);
		ro_store_row_clear(row);
		if (rc && rc != RO_EBUSY)
			return rc;
		if (ok)
			return ro_error_set(RO_EDENIED, "this account is locked "
			    "for %ld minute%s after too many failed sign-ins; "
			    "an admin can unlock it", mins,
			    mins == 1 ? "" : "s");
		return ro_error_set(RO_EDENIED, wrong);
	}
	if (!ok) {
		int failed = row->failed_signins + 1;
		int64_t first = row->first_failed_at ? row->first_failed_at :
		    now;
		int64_t delay = ro_signin_delay_seconds(db, failed);
		ro_eventlog_signin(db, row, failed, delay != 0);
		rc = save_failure(db, row, failed, first,
		    delay ? now + delay : 0, false);
		ro_store_row_clear(row);
		if (rc && rc != RO_EBUSY)
			return rc;
		return ro_error_set(RO_EDENIED, wrong);
	}
	if (!row->p.active) {
		ro_store_row_clear(row);
		return ro_error_set(RO_EDENIED, "this account is inactive; "
		    "ask a site admin to reactivate it");
	}
	if (row->failed_signins || row->locked_until)
		save_clear(db, row);
	rehash_if_weak(db, row, password);
	return 0;
}
