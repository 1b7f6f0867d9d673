/* audit.c — the audit log: one row per portfolio and changed field, with
 * who, when and the batch.  Passwords and hashes never appear: a password
 * change is written as "changed". */
#include "core_int.h"

#include <roster/batch.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A district account sees the site's rows and the rows of no site (the
 * district accounts' own: failed sign-ins, delays, unlocks), merged in
 * time order. */
static int district_list(ro_audit_list **out, ro_session *s,
    const char *since)
{
	ro_store *st = ro_db_store(s->db);
	ro_audit_list *a = NULL, *b = NULL, *m;
	size_t i = 0, j = 0;
	int rc;

	if ((rc = ro_store_audit_list(st, &a, s->site_id, since)))
		return rc;
	if ((rc = ro_store_audit_list(st, &b, 0, since))) {
		ro_audit_list_free(a);
		return rc;
	}
	if (!(m = calloc(1, sizeof *m)) || !(m->items = calloc(a->n + b->n + 1,
	    sizeof *m->items))) {
		free(m);
		ro_audit_list_free(a);
		ro_audit_list_free(b);
		return RO_ENOMEM;
	}
	while (i < a->n || j < b->n) {
		bool take_a = j == b->n || (i < a->n &&
		    (strcmp(a->items[i].when, b->items[j].when) < 0 ||
		    (strcmp(a->items[i].when, b->items[j].when) == 0 &&
		    a->items[i].id < b->items[j].id)));
		m->items[m->n++] = take_a ? a->items[i++] : b->items[j++];
	}
	/* The entries moved into m: free only the arrays. */
	free(a->items);
	free(a);
	free(b->items);
	free(b);
	*out = m;
	return 0;
}

int ro_audit_list_get(ro_audit_list **out, ro_session *s, const char *since)
{
	*out = NULL;
	if (since) {
		int y, m, d;
		char tail;
		if (sscanf(since, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
		    m < 1 || m > 12 || d < 1 || d > 31)
			return ro_error_set(RO_EINVAL, "the first day to list "
			    "is a date as YYYY-MM-DD");
	}
	if (s->type != RO_TYPE_DISTRICT)
		return ro_store_audit_list(ro_db_store(s->db), out, s->site_id,
		    since);
	return district_list(out, s, since);
}

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

static int field(ro_store *st, ro_session *s, int64_t batch,
    const ro_store_row *r, const char *action, const char *name,
    const char *old_v, const char *new_v)
{
	if ((old_v == NULL) != (new_v == NULL) ||
	    (old_v && strcmp(old_v, new_v) != 0))
		return ro_store_audit_add(st, s->site_id, s->username, batch,
		    r->p.id, r->p.username, action, name, old_v, new_v);
	return 0;
}

int ro_audit_changes(ro_session *s, int64_t batch, const ro_store_row *b,
    const ro_store_row *a, const char *action)
{
	ro_store *st = ro_db_store(s->db);
	char oy[8] = "", ny[8] = "";
	int rc = 0;

	if (!b)
		return ro_store_audit_add(st, s->site_id, s->username, batch,
		    a->p.id, a->p.username, action, NULL, NULL,
		    ro_account_type_name(a->p.type));
	if (b->p.grad_year)
		snprintf(oy, sizeof oy, "%d", b->p.grad_year);
	if (a->p.grad_year)
		snprintf(ny, sizeof ny, "%d", a->p.grad_year);
	rc = field(st, s, batch, a, action, "Username", b->p.username,
	    a->p.username);
	if (!rc)
		rc = field(st, s, batch, a, action, "First Name", b->p.first,
		    a->p.first);
	if (!rc)
		rc = field(st, s, batch, a, action, "Last Name", b->p.last,
		    a->p.last);
	if (!rc)
		rc = field(st, s, batch, a, action, "Email", b->p.email,
		    a->p.email);
	if (!rc && b->p.group_id != a->p.group_id)
		rc = ro_store_audit_add(st, s->site_id, s->username, batch,
		    a->p.id, a->p.username, action, "Group", b->p.group_name,
		    a->p.group_name);
	if (!rc)
		rc = field(st, s, batch, a, action, "Graduation Year",
		    *oy ? oy : NULL, *ny ? ny : NULL);
	if (!rc)
		rc = field(st, s, batch, a, action, "Active",
		    yes_no(b->p.active), yes_no(a->p.active));
	if (!rc)
		rc = field(st, s, batch, a, action, "SSO", b->p.sso ?
		    ro_sso_name(b->p.sso) : NULL, a->p.sso ?
		    ro_sso_name(a->p.sso) : NULL);
	/* The hash itself never leaves the portfolio row. */
	if (!rc && ((b->hash == NULL) != (a->hash == NULL) ||
	    (b->hash && strcmp(b->hash, a->hash) != 0)))
		rc = ro_store_audit_add(st, s->site_id, s->username, batch,
		    a->p.id, a->p.username, action, "Password", NULL,
		    a->p.temp_password ? "changed (temporary)" : "changed");
	if (!rc)
		rc = field(st, s, batch, a, action, "Temporary Password",
		    yes_no(b->p.temp_password), yes_no(a->p.temp_password));
	if (!rc)
		rc = field(st, s, batch, a, action, "Security Questions Reset",
		    yes_no(b->p.sq_reset), yes_no(a->p.sq_reset));
	return rc;
}
