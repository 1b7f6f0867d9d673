/* plan_lookup_names.c — what a file names by username: the portfolios
 * owning the usernames the file claims (one batch query), the rows that
 * an earlier batch created (one scan of the batch items), and the
 * usernames the file itself repeats (E33). */
#include "plan_int.h"

#include <roster/rules.h>

#include <stdlib.h>
#include <string.h>

/* Does the row give its portfolio (or a new one) a username that must be
 * free?  A change of case only keeps the portfolio's own name. */
static bool username_claimed(const plan_ctx *c, size_t i)
{
	const plan_res *x = &c->res[i];

	if (!plan_rec_whole(&c->recs[i]) || !x->username || !*x->username)
		return false;
	return !x->cur || !ro_rules_username_equal(x->username,
	    x->cur->p.username);
}

int plan_lookup_usernames(plan_ctx *c)
{
	plan_rows_sink k = { &c->owners, &c->nowners, &c->capowners,
		&c->row_chunks, false };
	const char **names = malloc((c->nrecs + 1) * sizeof *names);
	size_t n = 0;
	int rc;

	if (!names)
		return RO_ENOMEM;
	for (size_t i = 0; i < c->nrecs; i++)
		if (username_claimed(c, i))
			names[n++] = c->res[i].username;
	rc = ro_store_rows_by_usernames(c->st, names, n, plan_keep_row, &k);
	free(names);
	if (rc)
		return rc;
	if ((rc = plan_map_init(&c->taken, c->nowners)))
		return rc;
	for (size_t i = 0; i < c->nowners; i++)
		plan_map_put(&c->taken, plan_key_nocase(c->owners[i].p.username),
		    i);
	return 0;
}

/* The portfolio already using name (ignoring case), or NULL. */
const ro_store_row *plan_owner_of(const plan_ctx *c, const char *name)
{
	size_t slot = 0, i;
	uint64_t key = plan_key_nocase(name);

	while ((i = plan_map_next(&c->taken, key, &slot)) != SIZE_MAX)
		if (ro_rules_username_equal(c->owners[i].p.username, name))
			return &c->owners[i];
	return NULL;
}

/* Rows without an ID whose username is a portfolio that matches them in
 * every field but the password, and that an earlier batch created: the
 * file uploaded again.  The password is not compared (an Argon2id check
 * costs ~35 ms, a whole trial run of 100,000 rows half a second); the
 * row is SAME and sets nothing.  One scan of the batch items for all. */
int plan_find_created(plan_ctx *c)
{
	int64_t *ids = malloc((c->nrecs + 1) * sizeof *ids), *by = NULL;
	size_t *at = malloc((c->nrecs + 1) * sizeof *at), n = 0;
	int rc = 0;

	if (!ids || !at) {
		rc = RO_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < c->nrecs; i++) {
		const plan_rec *r = &c->recs[i];
		const plan_res *x = &c->res[i];
		const ro_store_row *o;

		if (r->id_num != NUM_BLANK || !plan_rec_whole(r) ||
		    !x->username || !*x->username ||
		    !(o = plan_owner_of(c, x->username)) ||
		    o->p.site_id != c->s->site_id || !plan_fields_match(r, o))
			continue;
		ids[n] = o->p.id;
		at[n++] = i;
	}
	if (!n)
		goto out;
	if (!(by = calloc(n, sizeof *by))) {
		rc = RO_ENOMEM;
		goto out;
	}
	if ((rc = ro_store_batch_creators(c->st, ids, n, by)))
		goto out;
	for (size_t k = 0; k < n; k++)
		if (by[k]) {
			c->res[at[k]].same_id = ids[k];
			c->res[at[k]].created_by = by[k];
		}
out:
	free(ids);
	free(at);
	free(by);
	return rc;
}

static bool user_same(const plan_ctx *c, size_t i, size_t j)
{
	return ro_rules_username_equal(c->res[i].username,
	    c->res[j].username);
}

/* E33: for each record, the row number of another record with the same
 * username, ignoring case (0 when none): the first occurrence names the
 * second, later ones name the first.  One pass in file order over a
 * table of the first occurrence of each name: a repeat is found and not
 * put, so a name repeated a million times stays one entry (putting every
 * repeat made each put probe past all the earlier ones: quadratic). */
int plan_find_user_dups(plan_ctx *c, size_t *dup)
{
	plan_map seen;
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < c->nrecs; i++)
		n += plan_rec_whole(&c->recs[i]) && c->res[i].username &&
		    *c->res[i].username;
	if ((rc = plan_map_init(&seen, n)))
		return rc;
	for (size_t i = 0; i < c->nrecs; i++) {
		const char *u = c->res[i].username;
		size_t slot = 0, j;
		uint64_t key;

		if (!plan_rec_whole(&c->recs[i]) || !u || !*u)
			continue;
		key = plan_key_nocase(u);
		while ((j = plan_map_next(&seen, key, &slot)) != SIZE_MAX)
			if (user_same(c, i, j))
				break;
		if (j == SIZE_MAX) {
			plan_map_put(&seen, key, i);
			continue;
		}
		dup[i] = c->recs[j].row;
		if (!dup[j])
			dup[j] = c->recs[i].row;
	}
	plan_map_free(&seen);
	return 0;
}
