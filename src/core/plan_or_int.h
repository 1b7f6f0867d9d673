/* plan_or_int.h — what the OneRoster mapping's files share (src/core
 * only): plan_oneroster.c maps each user, plan_or_site.c holds the site's
 * portfolios and finds a user's among them. */
#ifndef ROSTER_PLAN_OR_INT_H
#define ROSTER_PLAN_OR_INT_H

#include "plan_int.h"

#include <roster/bundle.h>


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
	uint32_t *by_id;         /* id - min_id → port (UINT32_MAX: none) */
	int64_t min_id;
	size_t nby_id;
	plan_map by_name, by_sid, group_by_id;
	bool by_name_made;
	ro_named_list *groups;
	/* per record */
	char **sids;             /* to keep; NULL: nothing to do */
	char **link_ids;         /* the provider's id when the row links */
	bool *sso_kept;
	size_t caprec;
	ro_plan_left *left;
	size_t nleft, capleft;
	size_t other_orgs;
};

/* Which of the bundle's orgs are this site: a mask over orgs.csv's rows,
 * and the sourcedIds themselves to test a user's list against. */
struct site_orgs {
	const char **ids;
	size_t n;
};

/* A copy of s in the mapping's arena; NULL: no memory. */
char *or_dup_arena(struct plan_or *o, const char *s);
/* The site's portfolios, their kept sourcedIds and groups, in one read
 * transaction. */
int or_load_site(plan_ctx *c, struct plan_or *o);
/* The portfolio by id, kept sourcedId, username (SIZE_MAX: none). */
size_t or_port_of_id(const struct plan_or *o, int64_t id);
size_t or_port_of_sid(const struct plan_or *o, const char *sid);
size_t or_port_of_name(struct plan_or *o, const char *name);
/* The group's name (NULL: none or unknown). */
const char *or_group_name(const struct plan_or *o, int64_t id);
/* The bundle's orgs that are this site; whether a user is in one. */
int or_find_site_orgs(plan_ctx *c, ro_or_reader *rd, uint64_t ns,
    struct site_orgs *so);
bool or_in_site(const struct site_orgs *so, const ro_or_user *u);

/* plan_or_link.c: the provider userIds links the user to ({Clever:ID} or
 * {ClassLink:ID}, case ignored; the first wins) and *id, *idlen its id
 * there (lent from user_ids); RO_SSO_NONE when none. */
ro_sso or_link_of(const char *user_ids, const char **id, size_t *idlen);

#endif
