/* plan_oneroster.c — a OneRoster bundle into the plan's records.
 *
 * The bundle (src/sheet's reader: one record per user of users.csv) is
 * mapped onto the nine columns of roster's own file, so that everything
 * after it (checks, diff, fingerprint, hold, upload, undo) is the one
 * engine.  What goes where (the man page says the same):
 *   - users of this site only: one of their orgs is this site, by the
 *     sourcedId roster gave it or by its name; others are only counted;
 *   - role student, teacher, administrator → student, staff, admin; any
 *     other role is left out (W30);
 *   - the portfolio: by the sourcedId (roster's own, then one kept from
 *     an earlier bundle), then by username; none → a new portfolio;
 *   - tobedeleted or enabledUser false → the portfolio is deactivated
 *     (W33); for a user roster does not have, nothing (W31);
 *   - an SSO-linked portfolio keeps its username and password (W32);
 *   - graduation year: metadata.roster.graduationYear, else the first
 *     grade by the school-year rule, else the portfolio's own;
 *   - group: the class the reader chose, else the portfolio's own;
 *   - portfolios of the site the bundle does not mention are listed. */
#include "plan_or_int.h"
#include "oneroster_int.h"

#include <roster/rules.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


static int leave_out(struct plan_or *o, const ro_or_user *u, ro_status code,
    char *reason)
{
	ro_plan_left *l;

	if (!reason)
		return RO_ENOMEM;
	if (o->nleft == o->capleft) {
		size_t cap = o->capleft ? o->capleft * 2 : 16;
		if (!(l = realloc(o->left, cap * sizeof *l))) {
			free(reason);
			return RO_ENOMEM;
		}
		o->left = l;
		o->capleft = cap;
	}
	l = &o->left[o->nleft++];
	l->line = u->line;
	l->code = code;
	l->reason = reason;
	if (!(l->username = strdup(u->username)))
		return RO_ENOMEM;
	return 0;
}

static int grow_rec(struct plan_or *o, size_t n)
{
	if (n < o->caprec)
		return 0;
	size_t cap = o->caprec ? o->caprec * 2 : 1024;
	char **s = realloc(o->sids, cap * sizeof *s);
	if (s)
		o->sids = s;
	bool *b = realloc(o->sso_kept, cap * sizeof *b);
	if (b)
		o->sso_kept = b;
	char **l = realloc(o->link_ids, cap * sizeof *l);
	if (l)
		o->link_ids = l;
	if (!s || !b || !l)
		return RO_ENOMEM;
	o->caprec = cap;
	return 0;
}

static const char *type_of(const char *role)
{
	if (strcasecmp(role, "student") == 0)
		return "student";
	if (strcasecmp(role, "teacher") == 0)
		return "staff";
	if (strcasecmp(role, "administrator") == 0)
		return "admin";
	return NULL;
}

/* The first grade of "09,10". */
static int year_of_grades(const char *grades, int school_year)
{
	char g[8];
	size_t n = strcspn(grades, ",");

	if (n == 0 || n >= sizeof g)
		return 0;
	memcpy(g, grades, n);
	g[n] = '\0';
	return ro_year_for_grade(g, school_year);
}

/* A number as text without printf (twice a row of 100,000). */
static char *fmt_uint(char out[24], uint64_t v)
{
	char *p = out + 23;

	*p = '\0';
	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	return p;
}

static int map_user(plan_ctx *c, struct plan_or *o, const ro_or_user *u,
    const char *ugroup, uint64_t ns, int school_year)
{
	const char *type = type_of(u->role);
	struct or_port *p = NULL;
	char idb[24], yb[24];
	const char *idbuf = "", *yearbuf = "";
	bool off = strcasecmp(u->status, "tobedeleted") == 0 ||
	    strcasecmp(u->enabled, "false") == 0;
	unsigned tag;
	int64_t id;
	size_t j = SIZE_MAX;
	int rc;

	if (!type)
		return leave_out(o, u, RO_ST_W30, plan_msg("role \"%s\" is not "
		    "student, teacher or administrator", u->role));
	if (ro_sid_parse(ns, u->sourced_id, &tag, &id) == 0 &&
	    tag == RO_SID_USER)
		j = or_port_of_id(o, id);
	if (j == SIZE_MAX && *u->sourced_id)
		j = or_port_of_sid(o, u->sourced_id);
	if (j == SIZE_MAX && *u->username)
		j = or_port_of_name(o, u->username);
	if (j != SIZE_MAX) {
		p = &o->ports[j];
		if (p->mentioned)
			p = NULL;  /* the file's second row for it: E21 */
	}
	if (!p && off && j == SIZE_MAX)
		return leave_out(o, u, RO_ST_W31, plan_msg("%s: not created",
		    *u->status ? u->status : "enabledUser false"));
	if (j != SIZE_MAX) {
		idbuf = fmt_uint(idb, (uint64_t)o->ports[j].id);
		if (p)
			p->mentioned = true;
		p = &o->ports[j];
	}
	/* The year: exact, else from the grade, else as it is. */
	int year = 0;
	if (strcmp(type, "student") == 0) {
		if (u->grad_year && *u->grad_year)
			year = atoi(u->grad_year);
		if (!year)
			year = year_of_grades(u->grades, school_year);
		if (!year && p)
			year = p->grad_year;
		if (year > 0)
			yearbuf = fmt_uint(yb, (uint64_t)year);
		else if (u->grad_year && *u->grad_year)
			yearbuf = u->grad_year;  /* not a year: E60 says so */
	}
	const char *group = ugroup;
	if (!group && p)
		group = or_group_name(o, p->group_id);
	/* userIds may link a portfolio roster has and that is not linked
	 * yet; the lock holds from this row on (plan_or_link.c). */
	const char *lid = NULL;
	size_t llen = 0;
	ro_sso link = p && !p->sso ? or_link_of(u->user_ids, &lid, &llen) :
	    RO_SSO_NONE;
	bool sso = p && (p->sso || link);
	const char *cells[RO_UPLOAD_COLUMNS] = {
		idbuf, sso ? p->username : u->username,
		sso ? "" : u->password, u->given, u->family, yearbuf,
		group ? group : "", u->email, type,
	};
	ro_sheet_row row = { u->line, RO_UPLOAD_COLUMNS, (char **)cells };
	if ((rc = grow_rec(o, c->nrecs + 1)) || (rc = plan_rec_add(c, &row)))
		return rc;
	c->recs[c->nrecs - 1].deactivate = off && p;
	c->recs[c->nrecs - 1].link = (uint8_t)link;
	o->link_ids[c->nrecs - 1] = NULL;
	if (link) {
		char *v = plan_arena_alloc(&o->chunks, llen + 1);

		if (!v)
			return RO_ENOMEM;
		memcpy(v, lid, llen);
		v[llen] = '\0';
		o->link_ids[c->nrecs - 1] = v;
	}
	o->sso_kept[c->nrecs - 1] = sso && (strcmp(p->username,
	    u->username) != 0 || *u->password);
	/* roster's own sourcedIds need not be kept: they are the id. */
	o->sids[c->nrecs - 1] = NULL;
	if (*u->sourced_id && !(ro_sid_parse(ns, u->sourced_id, &tag, &id) ==
	    0 && tag == RO_SID_USER) && !(p && p->sid &&
	    strcmp(p->sid, u->sourced_id) == 0) &&
	    !(o->sids[c->nrecs - 1] = or_dup_arena(o, u->sourced_id)))
		return RO_ENOMEM;
	return 0;
}

/* --deactivate-missing: a record for each active portfolio of the site
 * that the bundle does not mention, as it is, to be deactivated. */
struct missing_ctx {
	plan_ctx *c;
	struct plan_or *o;
	int rc;
};

static int add_missing(void *ctx, ro_store_row *r)
{
	struct missing_ctx *m = ctx;
	const ro_portfolio *p = &r->p;
	char idb[24], yb[24];
	const char *g = or_group_name(m->o, p->group_id);
	const char *cells[RO_UPLOAD_COLUMNS] = {
		fmt_uint(idb, (uint64_t)p->id), p->username, "", p->first,
		p->last, p->grad_year ? fmt_uint(yb, (uint64_t)p->grad_year) :
		"", g ? g : "", p->email ? p->email : "",
		ro_account_type_name(p->type),
	};
	ro_sheet_row row = { 0, RO_UPLOAD_COLUMNS, (char **)cells };
	int rc;

	if ((rc = grow_rec(m->o, m->c->nrecs + 1)) ||
	    (rc = plan_rec_add(m->c, &row)))
		return rc;
	m->c->recs[m->c->nrecs - 1].deactivate = true;
	m->o->sso_kept[m->c->nrecs - 1] = false;
	m->o->sids[m->c->nrecs - 1] = NULL;
	m->o->link_ids[m->c->nrecs - 1] = NULL;
	return 0;
}

static int deactivate_missing(plan_ctx *c, struct plan_or *o)
{
	struct missing_ctx m = { c, o, 0 };
	int64_t *ids = malloc((o->nports + 1) * sizeof *ids);
	size_t n = 0;
	int rc;

	if (!ids)
		return RO_ENOMEM;
	for (size_t i = 0; i < o->nports; i++)
		if (o->ports[i].active && !o->ports[i].mentioned &&
		    o->ports[i].id != c->s->user_id) {
			ids[n++] = o->ports[i].id;
			o->ports[i].mentioned = true;
		}
	if (!(rc = ro_store_begin(c->st, false, c->s->site_id))) {
		rc = n ? ro_store_rows_by_ids_view(c->st, ids, n, add_missing,
		    &m) : 0;
		ro_store_rollback(c->st);
	}
	free(ids);
	return rc;
}

int plan_read_oneroster(plan_ctx *c)
{
	struct plan_or *o = calloc(1, sizeof *o);
	struct site_orgs so = { NULL, 0 };
	ro_or_reader *rd = NULL;
	const ro_or_user *u;
	uint64_t ns = 0;
	int rc;

	double t0 = ro_trace_now(), t1, t2;

	if (!o)
		return RO_ENOMEM;
	c->orx = o;
	c->format = RO_SHEET_ONEROSTER;
	if ((rc = ro_or_open(&rd, c->path, c->opts ? c->opts->group_from :
	    NULL))) {
		char why[512];

		snprintf(why, sizeof why, "%s", ro_error_last());
		return ro_error_set(rc, "%s: %s", c->path, why);
	}
	o->version = ro_or_version(rd);
	t1 = ro_trace_now();
	/* The namespace is made on first use: a bundle read before any
	 * export simply has none of roster's own ids. */
	if ((rc = ro_sid_namespace(c->st, &ns)) || (rc = or_load_site(c, o)) ||
	    (rc = or_find_site_orgs(c, rd, ns, &so)))
		goto out;
	if (!so.n) {
		const char *sid, *name = "";

		if (ro_or_norgs(rd))
			ro_or_org(rd, 0, &sid, &name);
		c->file_error = RO_ST_E12;
		c->file_message = plan_msg("orgs.csv: no org is %s (by the "
		    "sourcedId roster gave it or by its name); its first org "
		    "is \"%s\"", c->s->site_name, name);
		rc = c->file_message ? 0 : RO_ENOMEM;
		goto out;
	}
	t2 = ro_trace_now();
	int school_year = ro_school_year(time(NULL));
	while ((rc = ro_or_next(rd, &u)) == 1) {
		if (!or_in_site(&so, u)) {
			o->other_orgs++;
			continue;
		}
		if ((rc = map_user(c, o, u, ro_or_group(rd, u->sourced_id), ns,
		    school_year)))
			break;
	}
	if (!rc && c->opts && c->opts->deactivate_missing)
		rc = deactivate_missing(c, o);
	c->cp1252 = ro_or_was_cp1252(rd);
	ro_trace("oneroster: open (orgs, classes, enrollments) %.0f ms, site "
	    "%.0f ms, users %.0f ms", t1 - t0, t2 - t1, ro_trace_now() - t2);
out:
	free(so.ids);
	ro_or_free(rd);
	return rc < 0 ? rc : 0;
}

int plan_or_check(plan_ctx *c, size_t i, plan_res *x)
{
	struct plan_or *o = c->orx;
	int rc = 0;

	if (o->sso_kept[i])
		rc = plan_note_add(x, RO_ST_W32, plan_msg("the portfolio is "
		    "linked to Clever/ClassLink: its username and password stay "
		    "as they are"));
	if (!rc && c->recs[i].link && x->cur && x->cur->p.sso == RO_SSO_NONE)
		rc = plan_note_add(x, RO_ST_W34, plan_msg("userIds links the "
		    "portfolio to %s (id %s): from this upload on, its username "
		    "and password are managed there", c->recs[i].link ==
		    RO_SSO_CLEVER ? "Clever" : "ClassLink", o->link_ids[i]));
	if (!rc && c->recs[i].deactivate && x->cur && x->cur->p.active)
		rc = plan_note_add(x, RO_ST_W33, plan_msg(c->recs[i].row ?
		    "the bundle marks the user tobedeleted or not enabled: the "
		    "portfolio will be deactivated" : "the bundle does not "
		    "mention the portfolio: it will be deactivated, as asked"));
	return rc;
}

int plan_or_fill(ro_plan *p, const plan_ctx *c)
{
	const struct plan_or *o = c->orx;
	size_t n = 0;

	p->oneroster_version = o->version;
	p->other_orgs = o->other_orgs;
	if (o->nleft) {
		if (!(p->left = calloc(o->nleft, sizeof *p->left)))
			return RO_ENOMEM;
		for (size_t i = 0; i < o->nleft; i++) {
			ro_plan_left *l = &p->left[p->nleft++];
			*l = o->left[i];
			l->username = strdup(o->left[i].username);
			l->reason = strdup(o->left[i].reason);
			if (!l->username || !l->reason)
				return RO_ENOMEM;
		}
	}
	for (size_t i = 0; i < o->nports; i++)
		n += o->ports[i].active && !o->ports[i].mentioned;
	if (n && !(p->missing = calloc(n, sizeof *p->missing)))
		return RO_ENOMEM;
	for (size_t i = 0; i < o->nports; i++)
		if (o->ports[i].active && !o->ports[i].mentioned &&
		    !(p->missing[p->nmissing++] = strdup(o->ports[i].username)))
			return RO_ENOMEM;
	return 0;
}

int plan_or_keep_sid(plan_ctx *c, size_t i, int64_t id)
{
	const struct plan_or *o = c->orx;

	return o->sids[i] ? ro_store_sourced_id_set(c->st, id, o->sids[i]) :
	    0;
}

const char *plan_or_link_id(const plan_ctx *c, size_t i)
{
	return c->orx ? c->orx->link_ids[i] : NULL;
}

int plan_or_keep_sids(plan_ctx *c, const ro_plan *p)
{
	int rc = 0;

	for (size_t i = 0; i < p->nrows && !rc; i++)
		if (ro_plan_row_status(p, i) != RO_ST_NEW &&
		    plan_res_of(c, i)->cur)
			rc = plan_or_keep_sid(c, i,
			    plan_res_of(c, i)->cur->p.id);
	return rc;
}

void plan_or_free(plan_ctx *c)
{
	struct plan_or *o = c->orx;

	if (!o)
		return;
	plan_map_free(&o->by_name);
	plan_map_free(&o->by_sid);
	plan_map_free(&o->group_by_id);
	ro_named_list_free(o->groups);
	plan_arena_free(&o->chunks);
	ro_big_free(o->ports);
	ro_big_free(o->by_id);
	free(o->sids);
	free(o->sso_kept);
	free(o->link_ids);
	for (size_t i = 0; i < o->nleft; i++) {
		free(o->left[i].username);
		free(o->left[i].reason);
	}
	free(o->left);
	free(o);
	c->orx = NULL;
}

void plan_or_plan_free(ro_plan *p)
{
	for (size_t i = 0; i < p->nleft; i++) {
		free(p->left[i].username);
		free(p->left[i].reason);
	}
	free(p->left);
	for (size_t i = 0; i < p->nmissing; i++)
		free(p->missing[i]);
	free(p->missing);
}
