/* plan_change.c — the fields a row changes, walked in column order: of
 * its portfolio (old → new) or of the new portfolio it creates.
 *
 * A field whose cell has an error (E60 for the year, E70 for the group)
 * shows no change: the value it would change to is unknown.  A password
 * shows only as "changed".  The checks ask whether a row changes anything
 * (E91); the diff collects the changes into the plan. */
#include "plan_int.h"

#include <stdio.h>
#include <string.h>

#define BIT(st) (UINT64_C(1) << (st))

static bool str_differs(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") != 0;
}

/* The new email: a blank cell is none. */
static const char *email_of(const plan_rec *r, const plan_res *x)
{
	const char *v = plan_value(r, x, C_EMAIL);

	return v && *v ? v : NULL;
}

static bool year_known(const plan_rec *r, const plan_res *x)
{
	return !(x->codes & BIT(RO_ST_E60));
}

static bool group_known(const plan_res *x)
{
	return !(x->codes & BIT(RO_ST_E70));
}

/* A field with an error shows no change: it will not happen (E31's
 * username, E90's username and password, …). */
#define USER_ERRORS (BIT(RO_ST_E30) | BIT(RO_ST_E31) | BIT(RO_ST_E32) | \
	BIT(RO_ST_E33) | BIT(RO_ST_E90))
#define PW_ERRORS (BIT(RO_ST_E40) | BIT(RO_ST_E41) | BIT(RO_ST_E42) | \
	BIT(RO_ST_E43) | BIT(RO_ST_E90))
#define NAME_ERRORS (BIT(RO_ST_E50) | BIT(RO_ST_E51))

static bool field_ok(const plan_res *x, uint64_t errors)
{
	return !(x->codes & errors);
}

/* What a new portfolio gets, as changes from nothing. */
int plan_each_create(const plan_rec *r, const plan_res *x, plan_change_fn fn,
    void *ctx)
{
	char ny[12];
	int rc = 0;

	if (*x->username && field_ok(x, USER_ERRORS))
		rc = fn(ctx, C_USER, NULL, x->username);
	if (!rc && r->pw_set && field_ok(x, PW_ERRORS))
		rc = fn(ctx, C_PW, NULL, "set");
	if (!rc && *CELL(r, C_FIRST) && field_ok(x, NAME_ERRORS))
		rc = fn(ctx, C_FIRST, NULL, CELL(r, C_FIRST));
	if (!rc && *CELL(r, C_LAST) && field_ok(x, NAME_ERRORS))
		rc = fn(ctx, C_LAST, NULL, CELL(r, C_LAST));
	if (!rc && year_known(r, x) && r->year) {
		snprintf(ny, sizeof ny, "%d", r->year);
		rc = fn(ctx, C_YEAR, NULL, ny);
	}
	if (!rc && group_known(x) && x->group_id)
		rc = fn(ctx, C_GROUP, NULL, x->group);
	if (!rc && email_of(r, x) && field_ok(x, BIT(RO_ST_E80) |
	    BIT(RO_ST_E51)))
		rc = fn(ctx, C_EMAIL, NULL, email_of(r, x));
	if (!rc && r->type >= 0 && field_ok(x, BIT(RO_ST_E71)))
		rc = fn(ctx, C_TYPE, NULL, ro_account_type_name(
		    (ro_account_type)r->type));
	return rc;
}

int plan_each_change(const plan_rec *r, const plan_res *x, plan_change_fn fn,
    void *ctx)
{
	const ro_portfolio *p = &x->cur->p;
	char oy[12], ny[12];
	int rc = 0;

	if (strcmp(x->username, p->username) != 0 && field_ok(x, USER_ERRORS))
		rc = fn(ctx, C_USER, p->username, x->username);
	if (!rc && r->pw_set && field_ok(x, PW_ERRORS))
		rc = fn(ctx, C_PW, NULL, "changed");
	if (!rc && strcmp(plan_value(r, x, C_FIRST), p->first) != 0 &&
	    field_ok(x, NAME_ERRORS))
		rc = fn(ctx, C_FIRST, p->first, plan_value(r, x, C_FIRST));
	if (!rc && strcmp(plan_value(r, x, C_LAST), p->last) != 0 &&
	    field_ok(x, NAME_ERRORS))
		rc = fn(ctx, C_LAST, p->last, plan_value(r, x, C_LAST));
	if (!rc && year_known(r, x) && r->year != p->grad_year) {
		snprintf(oy, sizeof oy, "%d", p->grad_year);
		snprintf(ny, sizeof ny, "%d", r->year);
		rc = fn(ctx, C_YEAR, p->grad_year ? oy : NULL,
		    r->year ? ny : NULL);
	}
	if (!rc && group_known(x) && x->group_id != p->group_id)
		rc = fn(ctx, C_GROUP, p->group_name, x->group);
	if (!rc && str_differs(email_of(r, x), p->email) &&
	    field_ok(x, BIT(RO_ST_E80) | BIT(RO_ST_E51)))
		rc = fn(ctx, C_EMAIL, p->email && *p->email ? p->email : NULL,
		    email_of(r, x));
	if (!rc && r->deactivate && p->active)
		rc = fn(ctx, C_ACTIVE, "yes", "no");
	if (!rc && r->link && p->sso == RO_SSO_NONE)
		rc = fn(ctx, C_SSO, NULL, r->link == RO_SSO_CLEVER ? "Clever" :
		    "ClassLink");
	return rc;
}

static int stop_at_first(void *ctx, enum plan_col col, const char *o,
    const char *n)
{
	return 1;
}

bool plan_row_changes(const plan_rec *r, const plan_res *x)
{
	return x->cur && plan_each_change(r, x, stop_at_first, NULL) != 0;
}

