/* plan_or.h — what the two files of a OneRoster bundle's plan share
 * (plan_or_site.c, plan_oneroster.c): the bundle's state in a plan. */
#ifndef ROSTER_PLAN_OR_H
#define ROSTER_PLAN_OR_H

#include "plan_int.h"

/* A portfolio of the site, as the mapping needs it. */
struct or_port {
	int64_t id;
	int64_t group_id;
	char *username;          /* arena */
	char *sid;               /* kept sourcedId, arena; NULL: none */
	int grad_year;
	bool active, sso, mentioned;
};

struct plan_or {
	int version;
	plan_chunk *chunks;
	struct or_port *ports;
	size_t nports, capports;
	plan_map by_name, by_sid, group_by_id;
	bool by_name_made;
	ro_named_list *groups;
	/* per record */
	char **sids;             /* to keep; NULL: nothing to do */
	bool *sso_kept;
	size_t caprec;
	ro_plan_left *left;
	size_t nleft, capleft;
	size_t other_orgs;
};

/* s copied into o's arena (NULL for NULL, and on no memory). */
char *plan_or_dup(struct plan_or *o, const char *s);
/* The site's portfolios, their kept sourcedIds and groups, in one read
 * transaction. */
int plan_or_load_site(plan_ctx *c, struct plan_or *o);
/* The index of the site's portfolio by id, kept sourcedId or username
 * (ignoring case); SIZE_MAX when none. */
size_t plan_or_port_of_id(const struct plan_or *o, int64_t id);
size_t plan_or_port_of_sid(const struct plan_or *o, const char *sid);
size_t plan_or_port_of_name(struct plan_or *o, const char *name);
/* The name of the site's group id, or NULL. */
const char *plan_or_group_name(const struct plan_or *o, int64_t id);

#endif
