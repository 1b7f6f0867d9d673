/* plan_or_site.c — the site's side of a OneRoster mapping: its
 * portfolios in brief (id, username, kept sourcedId, group, year, SSO),
 * found by id, by kept sourcedId or by username; its groups by id; and
 * which of the bundle's orgs are this site. */
#include "plan_or_int.h"
#include "oneroster_int.h"

#include <roster/rules.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

char *or_dup_arena(struct plan_or *o, const char *s)
{
	bool nomem = false;
	char *p = plan_arena_strdup(&o->chunks, s, &nomem);

	return nomem ? NULL : p;
}

static int keep_port(void *ctx, const ro_store_brief *b)
{
	struct plan_or *o = ctx;
	struct or_port *p;

	if (o->nports == o->capports) {
		size_t cap = o->capports ? o->capports * 2 : 1024;
		p = ro_big_realloc(o->ports, cap * sizeof *p);
		if (!p)
			return RO_ENOMEM;
		o->ports = p;
		o->capports = cap;
	}
	p = &o->ports[o->nports];
	memset(p, 0, sizeof *p);
	p->id = b->id;
	p->group_id = b->group_id;
	p->grad_year = b->grad_year;
	p->active = b->active;
	p->sso = b->sso;
	if (!(p->username = or_dup_arena(o, b->username)) ||
	    (b->sourced_id && !(p->sid = or_dup_arena(o, b->sourced_id))))
		return RO_ENOMEM;
	o->nports++;
	return 0;
}

/* The store gives the site in id order: a binary search. */
size_t or_port_of_id(const struct plan_or *o, int64_t id)
{
	size_t lo = 0, hi = o->nports;

	/* Ids of a site are dense enough for a table: one load, not
	 * seventeen steps of a search over 100,000 (5 % of a trial run). */
	if (o->by_id) {
		uint64_t k = (uint64_t)(id - o->min_id);

		return id >= o->min_id && k < o->nby_id &&
		    o->by_id[k] != UINT32_MAX ? o->by_id[k] : SIZE_MAX;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (o->ports[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < o->nports && o->ports[lo].id == id ? lo : SIZE_MAX;
}

size_t or_port_of_sid(const struct plan_or *o, const char *sid)
{
	size_t slot = 0, j;

	while ((j = plan_map_next(&o->by_sid, plan_key_nocase(sid), &slot)) !=
	    SIZE_MAX)
		if (strcmp(o->ports[j].sid, sid) == 0)
			return j;
	return SIZE_MAX;
}

/* By username: the map is made the first time a user is not found by
 * its sourcedId (a bundle of roster's own never needs it). */
size_t or_port_of_name(struct plan_or *o, const char *name)
{
	size_t slot = 0, j;

	if (!o->by_name_made) {
		if (plan_map_init(&o->by_name, o->nports))
			return SIZE_MAX;
		for (size_t i = 0; i < o->nports; i++)
			plan_map_put(&o->by_name,
			    plan_key_nocase(o->ports[i].username), i);
		o->by_name_made = true;
	}

	while ((j = plan_map_next(&o->by_name, plan_key_nocase(name),
	    &slot)) != SIZE_MAX)
		if (ro_rules_username_equal(o->ports[j].username, name))
			return j;
	return SIZE_MAX;
}

/* The site's portfolios, their kept sourcedIds and groups, in one read
 * transaction. */
int or_load_site(plan_ctx *c, struct plan_or *o)
{
	int rc;

	if ((rc = ro_store_begin(c->st, false, c->s->site_id)))
		return rc;
	rc = ro_store_site_brief(c->st, c->s->site_id, keep_port, o);
	if (!rc)
		rc = ro_store_group_names(c->st, &o->groups, c->s->site_id);
	ro_store_rollback(c->st);
	if (rc || (rc = plan_map_init(&o->group_by_id, o->groups->n)))
		return rc;
	for (size_t i = 0; i < o->groups->n; i++)
		plan_map_put(&o->group_by_id, plan_key_id(o->groups->items[i].id),
		    i);
	size_t n = 0;
	for (size_t i = 0; i < o->nports; i++)
		n += o->ports[i].sid != NULL;
	if ((rc = plan_map_init(&o->by_sid, n)))
		return rc;
	for (size_t i = 0; i < o->nports; i++)
		if (o->ports[i].sid)
			plan_map_put(&o->by_sid, plan_key_nocase(o->ports[i].sid),
			    i);
	/* The id table when the ids span at most four slots a portfolio
	 * (else the binary search, on no more memory than the ports). */
	if (o->nports && o->nports < UINT32_MAX) {
		uint64_t span = (uint64_t)(o->ports[o->nports - 1].id -
		    o->ports[0].id) + 1;

		if (span <= 4 * (uint64_t)o->nports + 1024 &&
		    (o->by_id = ro_big_alloc(span * sizeof *o->by_id))) {
			memset(o->by_id, 0xff, span * sizeof *o->by_id);
			o->min_id = o->ports[0].id;
			o->nby_id = (size_t)span;
			for (size_t i = 0; i < o->nports; i++)
				o->by_id[o->ports[i].id - o->min_id] =
				    (uint32_t)i;
		}
	}
	return 0;
}

const char *or_group_name(const struct plan_or *o, int64_t id)
{
	size_t slot = 0, j;

	while (id && (j = plan_map_next(&o->group_by_id, plan_key_id(id),
	    &slot)) != SIZE_MAX)
		if (o->groups->items[j].id == id)
			return o->groups->items[j].name;
	return NULL;
}

int or_find_site_orgs(plan_ctx *c, ro_or_reader *rd, uint64_t ns,
    struct site_orgs *so)
{
	size_t n = ro_or_norgs(rd);

	so->n = 0;
	if (!(so->ids = calloc(n + 1, sizeof *so->ids)))
		return RO_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const char *sid, *name;
		unsigned tag;
		int64_t id;

		ro_or_org(rd, i, &sid, &name);
		if ((ro_sid_parse(ns, sid, &tag, &id) == 0 &&
		    tag == RO_SID_ORG && id == c->s->site_id) ||
		    strcasecmp(name, c->s->site_name) == 0)
			so->ids[so->n++] = sid;
	}
	return 0;
}

bool or_in_site(const struct site_orgs *so, const ro_or_user *u)
{
	for (size_t i = 0; i < u->norgs; i++)
		for (size_t j = 0; j < so->n; j++)
			if (strcmp(u->orgs[i], so->ids[j]) == 0)
				return true;
	return false;
}
