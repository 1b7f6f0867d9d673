/* plan_or_site.c — the site as a OneRoster bundle's mapping looks it up:
 * its portfolios (id, username, kept sourcedId, group, year, flags) read
 * once in brief, found by id, by sourcedId and by username, and its
 * groups by id. */
#include "plan_int.h"
#include "plan_or.h"

#include <roster/rules.h>

#include <string.h>

char *plan_or_dup(struct plan_or *o, const char *s)
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
	if (!(p->username = plan_or_dup(o, b->username)) ||
	    (b->sourced_id && !(p->sid = plan_or_dup(o, b->sourced_id))))
		return RO_ENOMEM;
	o->nports++;
	return 0;
}

/* The store gives the site in id order: a binary search. */
size_t plan_or_port_of_id(const struct plan_or *o, int64_t id)
{
	size_t lo = 0, hi = o->nports;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (o->ports[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < o->nports && o->ports[lo].id == id ? lo : SIZE_MAX;
}

size_t plan_or_port_of_sid(const struct plan_or *o, const char *sid)
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
size_t plan_or_port_of_name(struct plan_or *o, const char *name)
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
int plan_or_load_site(plan_ctx *c, struct plan_or *o)
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
	return 0;
}

const char *plan_or_group_name(const struct plan_or *o, int64_t id)
{
	size_t slot = 0, j;

	while (id && (j = plan_map_next(&o->group_by_id, plan_key_id(id),
	    &slot)) != SIZE_MAX)
		if (o->groups->items[j].id == id)
			return o->groups->items[j].name;
	return NULL;
}

