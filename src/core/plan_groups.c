/* plan_groups.c — the site's groups as a plan sees them: read once per
 * pass, found by id (the store's plan rows come without the name) and by
 * name ignoring case, and "did you mean": the group nearest a name that
 * is none of them, by edit distance. */
#include "plan_int.h"

#include <roster/rules.h>

#include <string.h>

int plan_lookup_groups(plan_ctx *c)
{
	int rc = ro_store_group_names(c->st, &c->groups, c->s->site_id);

	if (rc)
		return rc;
	if ((rc = plan_map_init(&c->group_by_name, c->groups->n)) ||
	    (rc = plan_map_init(&c->group_by_id, c->groups->n)))
		return rc;
	for (size_t i = 0; i < c->groups->n; i++) {
		plan_map_put(&c->group_by_name,
		    plan_key_nocase(c->groups->items[i].name), i);
		plan_map_put(&c->group_by_id,
		    plan_key_id(c->groups->items[i].id), i);
	}
	return 0;
}

/* The name of the site's group id (the store's plan rows come without
 * it), or NULL: a group of another site names nothing here. */
char *plan_group_name_of(const plan_ctx *c, int64_t id)
{
	size_t slot = 0, i;

	if (!id)
		return NULL;
	while ((i = plan_map_next(&c->group_by_id, plan_key_id(id), &slot)) !=
	    SIZE_MAX)
		if (c->groups->items[i].id == id)
			return c->groups->items[i].name;
	return NULL;
}

const ro_named *plan_group_named(plan_ctx *c, const char *name)
{
	size_t slot = 0, i;
	uint64_t key = plan_key_nocase(name);

	while ((i = plan_map_next(&c->group_by_name, key, &slot)) != SIZE_MAX)
		if (ro_rules_username_equal(c->groups->items[i].name, name))
			return &c->groups->items[i];
	return NULL;
}

static unsigned char fold(unsigned char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch + 32) : ch;
}

/* Edit distance of a and b (their first 128 bytes), ignoring ASCII case. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strnlen(a, 128), lb = strnlen(b, 128);
	size_t prev[129], cur[129];

	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (fold((unsigned char)a[i -
			    1]) != fold((unsigned char)b[j - 1]));
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins) :
			    (del < ins ? del : ins);
		}
		memcpy(prev, cur, (lb + 1) * sizeof *prev);
	}
	return prev[lb];
}

const char *plan_closest_group(const ro_named_list *groups, const char *name)
{
	const char *best = NULL;
	size_t bestd = SIZE_MAX;

	for (size_t i = 0; groups && i < groups->n; i++) {
		size_t d = distance(name, groups->items[i].name);
		if (d < bestd) {
			bestd = d;
			best = groups->items[i].name;
		}
	}
	return best;
}
