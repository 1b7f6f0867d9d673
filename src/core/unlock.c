/* unlock.c — clearing a portfolio's sign-in delay (auth.c sets it).
 *
 * Site admins unlock portfolios of their own site; district accounts any
 * portfolio, district accounts included (they belong to no site, and a
 * district admin locked out by a guesser must not wait a day).  The
 * unlock is audited; it changes no version, as a sign-in does not. */
#include "core_int.h"

#include <roster/account.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int ro_account_unlock(ro_session *s, const char *username, bool *was_locked)
{
	ro_store *st = ro_db_store(s->db);
	int64_t now = (int64_t)time(NULL);
	ro_store_row r;
	char old[48];
	int rc;

	*was_locked = false;
	if (s->type < RO_TYPE_ADMIN)
		return ro_error_set(RO_EDENIED, "%s accounts may not unlock "
		    "accounts", ro_account_type_name(s->type));
	if ((rc = ro_store_begin(st, true)))
		return rc;
	rc = ro_store_portfolio_by_username(st, &r, username);
	if (rc == 0 && s->type != RO_TYPE_DISTRICT && (r.p.site_id !=
	    s->home_site || r.p.type == RO_TYPE_DISTRICT)) {
		ro_store_row_clear(&r);
		rc = RO_ENOTFOUND;
	}
	if (rc == RO_ENOTFOUND)
		rc = ro_error_set(RO_ENOTFOUND, "no portfolio %s in this site",
		    username);
	if (rc)
		goto fail;
	*was_locked = r.locked_until > now || r.failed_signins > 0;
	if (*was_locked) {
		snprintf(old, sizeof old, r.locked_until > now ?
		    "locked, %d failed in a row" : "%d failed in a row",
		    r.failed_signins);
		rc = ro_store_portfolio_signin_state(st, r.p.id, 0, 0, 0);
		if (!rc)
			rc = ro_store_audit_add(st, r.p.site_id, s->username, 0,
			    r.p.id, r.p.username, "unlock", "Sign-in", old,
			    "unlocked");
	}
	ro_store_row_clear(&r);
	if (rc)
		goto fail;
	return ro_store_commit(st);
fail:
	ro_store_rollback(st);
	if (rc == RO_ENOTFOUND || rc == RO_EDENIED)
		*was_locked = false;
	return rc;
}
