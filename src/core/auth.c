/* auth.c — the one path every sign-in takes: verify a password against a
 * portfolio with the lockout rules, without telling whether a username
 * exists. */
#include "core_int.h"

#include <roster/hash.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char wrong[] = "wrong username or password";

/* Writes the sign-in counters in their own short transaction. */
static int save_state(ro_db *db, const ro_store_row *r, int failed,
    int64_t first, int64_t locked)
{
	ro_store *st = ro_db_store(db);
	int rc = ro_store_begin(st, true, r->p.site_id);

	if (rc)
		return rc;
	if ((rc = ro_store_portfolio_signin_state(st, r->p.id, failed, first,
	    locked))) {
		ro_store_rollback(st);
		return rc;
	}
	return ro_store_commit(st);
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

int ro_auth_check(ro_db *db, const char *username, const char *password,
    ro_store_row *row)
{
	ro_store *st = ro_db_store(db);
	ro_hash_params cur = ro_db_hash_params(db);
	int64_t now = (int64_t)time(NULL);
	long max_fail = ro_db_setting_long(db, "signin.max_failures", 5);
	long window = ro_db_setting_long(db, "signin.window_minutes", 15) * 60;
	long lock = ro_db_setting_long(db, "signin.lock_minutes", 15) * 60;
	int rc;

	memset(row, 0, sizeof *row);
	rc = ro_store_portfolio_by_username(st, row, username);
	if (rc == RO_ENOTFOUND || (rc == 0 && !row->hash)) {
		/* Spend what a real verify spends, then say the same words. */
		ro_hash_verify_dummy(password, &cur);
		ro_store_row_clear(row);
		return ro_error_set(RO_EDENIED, wrong);
	}
	if (rc)
		return rc;

	int ok = ro_hash_verify(row->hash, password) == 0;
	bool locked = row->locked_until > now;

	if (locked) {
		/* Only someone who knows the password learns of the lock, so
		 * the lock tells nobody else that the username exists. */
		long mins = (long)((row->locked_until - now + 59) / 60);
		ro_store_row_clear(row);
		if (ok)
			return ro_error_set(RO_EDENIED, "this account is locked "
			    "after too many failed sign-ins; try again in %ld "
			    "minute%s", mins, mins == 1 ? "" : "s");
		return ro_error_set(RO_EDENIED, wrong);
	}
	if (!ok) {
		int failed = row->failed_signins;
		int64_t first = row->first_failed_at;
		if (!first || now - first > window) {
			failed = 0;
			first = now;
		}
		failed++;
		int64_t until = failed >= max_fail ? now + lock : 0;
		if (until)
			failed = 0;
		rc = save_state(db, row, failed, until ? 0 : first, until);
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
		save_state(db, row, 0, 0, 0);
	rehash_if_weak(db, row, password);
	return 0;
}
