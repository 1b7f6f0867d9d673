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

struct locked {
	int64_t now;
	int64_t *ids;
	size_t n, cap;
};

static int collect_locked(void *ctx, ro_store_row *row)
{
	struct locked *l = ctx;

	if (row->locked_until <= l->now && row->failed_signins <= 0)
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		int64_t *nv = realloc(l->ids, cap * sizeof *nv);
		if (!nv)
			return RO_ENOMEM;
		l->ids = nv;
		l->cap = cap;
	}
	l->ids[l->n++] = row->p.id;
	return 0;
}

static int unlock_row(void *ctx, ro_store_row *r)
{
	ro_session *s = ctx;
	ro_store *st = ro_db_store(s->db);
	char old[48];
	int rc;

	snprintf(old, sizeof old, "%d failed in a row", r->failed_signins);
	if ((rc = ro_store_portfolio_signin_state(st, r->p.id, 0, 0, 0)))
		return rc;
	return ro_store_audit_add(st, r->p.site_id, s->username, 0, r->p.id,
	    r->p.username, "unlock", "Sign-in", old, "unlocked");
}

int ro_account_unlock_selection(ro_session *s, const ro_selection *sel,
    size_t *unlocked)
{
	ro_store *st = ro_db_store(s->db);
	struct locked l = { .now = (int64_t)time(NULL) };
	ro_selection r;
	char buf[32];
	int rc;

	*unlocked = 0;
	if (s->type < RO_TYPE_ADMIN)
		return ro_error_set(RO_EDENIED, "%s accounts may not unlock "
		    "accounts", ro_account_type_name(s->type));
	if ((rc = ro_selection_resolve(s, sel, &r, buf)))
		return rc;
	/* The selection is the site's list: its rows are the caller's. */
	if ((rc = ro_store_begin(st, true)))
		return rc;
	if ((rc = ro_store_select_each(st, s->site_id, &r, collect_locked,
	    &l)) == 0 && l.n)
		rc = ro_store_rows_by_ids(st, l.ids, l.n, unlock_row, s);
	free(l.ids);
	if (rc) {
		ro_store_rollback(st);
		return rc;
	}
	if ((rc = ro_store_commit(st)))
		return rc;
	*unlocked = l.n;
	return 0;
}
