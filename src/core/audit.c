/* audit.c — the audit log: one row per portfolio and changed field, with
 * who, when and the batch.  Passwords and hashes never appear: a password
 * change is written as "changed". */
#include "core_int.h"

#include <roster/batch.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_since(const char *since)
{
	int y, m, d;
	char tail;

	if (since && (sscanf(since, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	    m < 1 || m > 12 || d < 1 || d > 31))
		return ro_error_set(RO_EINVAL, "the date \"%s\" is not "
		    "YYYY-MM-DD", since);
	return 0;
}

/* Two pages in (when, id) order merged; backwards pages keep their last
 * limit entries, the others their first.  a and b are consumed. */
static ro_audit_list *merge(ro_audit_list *a, ro_audit_list *b, size_t limit,
    bool backwards)
{
	ro_audit_list *m = calloc(1, sizeof *m);
	size_t i = 0, j = 0, n = a->n + b->n;
	size_t skip = n > limit ? n - limit : 0;

	if (!m || !(m->items = calloc(n + 1, sizeof *m->items))) {
		free(m);
		ro_audit_list_free(a);
		ro_audit_list_free(b);
		return NULL;
	}
	while (i < a->n || j < b->n) {
		bool take_a = j == b->n || (i < a->n &&
		    (strcmp(a->items[i].when, b->items[j].when) < 0 ||
		    (strcmp(a->items[i].when, b->items[j].when) == 0 &&
		    a->items[i].id < b->items[j].id)));
		m->items[m->n++] = take_a ? a->items[i++] : b->items[j++];
	}
	m->more = a->more || b->more || skip > 0;
	/* The entries moved into m: free only the arrays. */
	a->n = b->n = 0;
	ro_audit_list_free(a);
	ro_audit_list_free(b);
	for (size_t k = 0; k < skip; k++)
		ro_audit_entry_clear(&m->items[backwards ? k : limit + k]);
	if (skip && backwards)
		memmove(m->items, m->items + skip, limit * sizeof *m->items);
	m->n -= skip;
	return m;
}

/* A district account sees the site's rows and the rows of no site (the
 * district accounts' own: failed sign-ins, delays, unlocks), merged in
 * time order. */
static int district_page(ro_audit_list **out, ro_session *s,
    const ro_audit_query *q, size_t limit)
{
	ro_store *st = ro_db_store(s->db);
	ro_audit_list *a = NULL, *b = NULL;
	int rc;

	if ((rc = ro_store_audit_page(st, &a, s->site_id, q, limit)))
		return rc;
	if ((rc = ro_store_audit_page(st, &b, 0, q, limit))) {
		ro_audit_list_free(a);
		return rc;
	}
	*out = merge(a, b, limit ? limit : a->n + b->n,
	    q->last || (q->after && q->before));
	return *out ? 0 : RO_ENOMEM;
}

int ro_audit_page(ro_audit_list **out, ro_session *s, const ro_audit_query *q,
    size_t limit)
{
	int rc;

	*out = NULL;
	if ((rc = check_since(q->since)))
		return rc;
	if (s->type != RO_TYPE_DISTRICT)
		return ro_store_audit_page(ro_db_store(s->db), out, s->site_id,
		    q, limit);
	return district_page(out, s, q, limit);
}

int ro_audit_list_get(ro_audit_list **out, ro_session *s, const char *since)
{
	ro_audit_query q = { .since = since };

	return ro_audit_page(out, s, &q, 0);
}

int ro_audit_count(size_t *out, ro_session *s, const ro_audit_query *q)
{
	ro_store *st = ro_db_store(s->db);
	size_t none = 0;
	int rc;

	*out = 0;
	if ((rc = check_since(q->since)) ||
	    (rc = ro_store_audit_count(st, out, s->site_id, q)))
		return rc;
	if (s->type == RO_TYPE_DISTRICT &&
	    (rc = ro_store_audit_count(st, &none, 0, q)))
		return rc;
	*out += none;
	return 0;
}

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

/* The password's rows, also written set-wise (ro_audit_reset_texts). */
static const char pw_field[] = "Password";
static const char temp_field[] = "Temporary Password";

static const char *pw_changed(bool temporary)
{
	return temporary ? "changed (temporary)" : "changed";
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
		    a->p.id, a->p.username, action, pw_field, NULL,
		    pw_changed(a->p.temp_password));
	if (!rc)
		rc = field(st, s, batch, a, action, temp_field,
		    yes_no(b->p.temp_password), yes_no(a->p.temp_password));
	if (!rc)
		rc = field(st, s, batch, a, action, "Security Questions Reset",
		    yes_no(b->p.sq_reset), yes_no(a->p.sq_reset));
	return rc;
}

void ro_audit_reset_texts(ro_store_reset_audit *a, const ro_session *s,
    const char *action)
{
	a->who = s->username;
	a->action = action;
	a->pw_field = pw_field;
	a->pw_new = pw_changed(true);
	a->temp_field = temp_field;
	a->temp_old = yes_no(false);
	a->temp_new = yes_no(true);
}
