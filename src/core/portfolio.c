/* portfolio.c — selections and paged lists by search mode. */
#include "core_int.h"

#include <roster/rules.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ro_sso_name(ro_sso s)
{
	return s == RO_SSO_CLEVER ? "clever" :
	    s == RO_SSO_CLASSLINK ? "classlink" : "";
}

const char *ro_mode_label(ro_mode m)
{
	static const char *const labels[] = {
		[RO_MODE_LAST_NAME] = "Last Name begins with",
		[RO_MODE_GROUP] = "Group",
		[RO_MODE_GRAD_YEAR] = "Graduation Year",
		[RO_MODE_ALL] = "All Users in Site",
	};
	return (unsigned)m < 4 ? labels[m] : "?";
}

char *ro_cursor_encode(const ro_cursor *c)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%lld", (long long)c->id);
	return strdup(buf);
}

void ro_cursor_clear(ro_cursor *c)
{
	if (!c)
		return;
	free(c->last);
	free(c->first);
	memset(c, 0, sizeof *c);
}

static int need_site(ro_session *s)
{
	if (!s->site_id)
		return ro_session_no_site();
	return 0;
}

int ro_selection_resolve(ro_session *s, const ro_selection *in,
    ro_selection *out, char buf[32])
{
	ro_store *st = ro_db_store(s->db);
	int rc;

	if ((rc = need_site(s)))
		return rc;
	*out = *in;
	switch (in->mode) {
	case RO_MODE_GROUP: {
		int64_t gid;
		if (!in->arg || !*in->arg)
			return ro_error_set(RO_EINVAL, "a search by group needs a "
			    "group name");
		if ((rc = ro_store_group_find(st, &gid, NULL, s->site_id,
		    in->arg)))
			return rc;
		snprintf(buf, 32, "%lld", (long long)gid);
		out->arg = buf;
		break;
	}
	case RO_MODE_GRAD_YEAR: {
		int y;
		if (!in->arg || ro_rules_grad_year(&y, in->arg) != RO_ST_NONE)
			return ro_error_set(RO_EINVAL, "a search by graduation "
			    "year needs a 4-digit year between %d and %d", RO_GRAD_YEAR_MIN,
			    RO_GRAD_YEAR_MAX);
		snprintf(buf, 32, "%d", y);
		out->arg = buf;
		break;
	}
	case RO_MODE_LAST_NAME:
		if (!in->arg)
			out->arg = "";
		break;
	case RO_MODE_ALL:
		break;
	default:
		return ro_error_set(RO_EINVAL, "unknown search mode");
	}
	return 0;
}

int ro_selection_check(ro_session *s, const ro_selection *sel)
{
	ro_selection r;
	char buf[32];

	return ro_selection_resolve(s, sel, &r, buf);
}

int ro_list_page(ro_portfolio_list **out, ro_session *s,
    const ro_selection *sel, const ro_cursor *after, bool before, size_t limit)
{
	ro_selection r;
	char buf[32];
	int rc;

	*out = NULL;
	if ((rc = ro_selection_resolve(s, sel, &r, buf)))
		return rc;
	return ro_store_list_page(ro_db_store(s->db), out, s->site_id, &r,
	    after, before, limit);
}

int ro_list_last_page(ro_portfolio_list **out, ro_session *s,
    const ro_selection *sel, size_t limit)
{
	return ro_list_page(out, s, sel, NULL, true, limit);
}

int ro_list_count(size_t *out, ro_session *s, const ro_selection *sel)
{
	ro_selection r;
	char buf[32];
	int rc;

	*out = 0;
	if ((rc = ro_selection_resolve(s, sel, &r, buf)))
		return rc;
	return ro_store_list_count(ro_db_store(s->db), out, s->site_id, &r);
}

int ro_list_rank(size_t *out, ro_session *s, const ro_selection *sel,
    const ro_cursor *at)
{
	return ro_list_rank_until(out, s, sel, at, NULL, NULL);
}

/* stop NULL: never stopped. */
int ro_list_rank_until(size_t *out, ro_session *s, const ro_selection *sel,
    const ro_cursor *at, int (*stop)(void *ctx), void *ctx)
{
	ro_store *st = ro_db_store(s->db);
	ro_selection r;
	char buf[32];
	int rc;

	*out = 0;
	if ((rc = ro_selection_resolve(s, sel, &r, buf)))
		return rc;
	if (stop == NULL)
		return ro_store_list_rank(st, out, s->site_id, &r, at);
	return ro_store_list_rank_until(st, out, s->site_id, &r, at, stop, ctx);
}

int ro_cursor_from_id(ro_cursor *out, ro_session *s, int64_t id)
{
	ro_portfolio p;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = ro_portfolio_get(&p, s, id)))
		return rc;
	out->last = p.last;
	out->first = p.first;
	out->id = p.id;
	p.last = p.first = NULL;
	ro_portfolio_clear(&p);
	return 0;
}

int ro_portfolio_get(ro_portfolio *out, ro_session *s, int64_t id)
{
	ro_store_row r;
	int rc = ro_store_portfolio_get(ro_db_store(s->db), &r, id);

	memset(out, 0, sizeof *out);
	if (rc)
		return rc;
	if (r.p.site_id != s->site_id) {
		ro_store_row_clear(&r);
		return ro_error_set(RO_ENOTFOUND, "portfolio %lld is not a "
		    "portfolio of this site", (long long)id);
	}
	*out = r.p;
	memset(&r.p, 0, sizeof r.p);
	ro_store_row_clear(&r);
	return 0;
}
