/* plan_lookup_names.c — what a window of the file names by username:
 * the portfolios owning the usernames it claims (one batch query), and
 * the rows that an earlier batch created (one scan of the batch items).
 * The usernames the file itself repeats (E33) are plan_dups.c's. */
#include "plan_int.h"

#include <roster/rules.h>

#include <stdlib.h>
#include <string.h>

/* Does the row give its portfolio (or a new one) a username that must be
 * free?  A change of case only keeps the portfolio's own name. */
static bool username_claimed(const plan_ctx *c, size_t i)
{
	const plan_res *x = plan_res_of(c, i);

	if (!plan_rec_whole(&c->recs[i]) || !x->username || !*x->username)
		return false;
	return !x->cur || !ro_rules_username_equal(x->username,
	    x->cur->p.username);
}

int plan_lookup_usernames(plan_ctx *c)
{
	plan_rows_sink k = { &c->owners, &c->nowners, &c->capowners,
		&c->row_chunks, false };
	const char **names = malloc((c->win_hi - c->win_lo + 1) *
	    sizeof *names);
	size_t n = 0;
	int rc;

	if (!names)
		return RO_ENOMEM;
	c->nowners = 0;
	for (size_t i = c->win_lo; i < c->win_hi; i++)
		if (username_claimed(c, i))
			names[n++] = plan_res_of(c, i)->username;
	rc = ro_store_rows_by_usernames(c->st, names, n, plan_keep_row, &k);
	free(names);
	if (rc)
		return rc;
	plan_map_free(&c->taken);
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
	size_t w = c->win_hi - c->win_lo + 1, n = 0;
	int64_t *ids = malloc(w * sizeof *ids), *by = NULL;
	size_t *at = malloc(w * sizeof *at);
	int rc = 0;

	if (!ids || !at) {
		rc = RO_ENOMEM;
		goto out;
	}
	for (size_t i = c->win_lo; i < c->win_hi; i++) {
		const plan_rec *r = &c->recs[i];
		const plan_res *x = plan_res_of(c, i);
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
			plan_res_of(c, at[k])->same_id = ids[k];
			plan_res_of(c, at[k])->created_by = by[k];
		}
out:
	free(ids);
	free(at);
	free(by);
	return rc;
}
