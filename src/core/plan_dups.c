/* plan_dups.c — what one row of the file says about another, found from
 * every record before the first window: repeated ids (E21) and repeated
 * usernames, ignoring case (E33).
 *
 * A pass holds the store's portfolios of one window of rows at a time
 * (plan.c), but a row's E21 or E33 names a row that may be in any
 * window.  The ids are in the records.  A row's username is its cell,
 * except where a spreadsheet damaged the cell and the portfolio's own
 * username explains the damage (plan_damage.c): only such a cell (all
 * digits, "123.0", "1.2E+05") needs its portfolio, so only those rows'
 * portfolios are looked up here (for a file of ordinary usernames, none),
 * and the window makes the same repair from the same snapshot. */
#include "plan_int.h"

#include <roster/rules.h>

#include <stdlib.h>
#include <string.h>

/* E21: the first record of an id names the second; later ones name the
 * first.  Only the records whose id the sketch may have seen twice are
 * sorted (a few per cent of a file without repeats), not every record's
 * id: the pairs of 970,213 records and their sort were 35 MiB. */
int plan_find_id_dups(plan_ctx *c)
{
	plan_twice seen = { NULL, NULL, 0 };
	plan_id_pair *pairs = NULL;
	size_t n = 0;
	int rc;

	ro_big_free(c->dup_id);
	if (!(c->dup_id = ro_big_alloc((c->nrecs + 1) * sizeof *c->dup_id)))
		return RO_ENOMEM;
	if ((rc = plan_twice_init(&seen, c->nrecs)))
		return rc;
	for (size_t i = 0; i < c->nrecs; i++)
		if (plan_rec_has_id(&c->recs[i]))
			plan_twice_put(&seen, plan_key_id(c->recs[i].id));
	for (size_t i = 0; i < c->nrecs; i++)
		n += plan_rec_has_id(&c->recs[i]) &&
		    plan_twice_maybe(&seen, plan_key_id(c->recs[i].id));
	if (!(pairs = ro_big_alloc((n + 1) * sizeof *pairs))) {
		rc = RO_ENOMEM;
		goto out;
	}
	n = 0;
	for (size_t i = 0; i < c->nrecs; i++)
		if (plan_rec_has_id(&c->recs[i]) &&
		    plan_twice_maybe(&seen, plan_key_id(c->recs[i].id)))
			pairs[n++] = (plan_id_pair){ c->recs[i].id, i };
	if ((rc = plan_sort_id_pairs(pairs, n)))
		goto out;
	for (size_t i = 0, first = 0; i < n; i++) {
		uint32_t *d = c->dup_id;
		if (i && pairs[i].id == pairs[i - 1].id) {
			/* The first of the run (pairs[first], the earliest
			 * record: the sort is stable) names the second; later
			 * ones name the first.  The run's start is carried
			 * along, not searched for: a file of one id repeated
			 * would cost a walk back per row. */
			d[pairs[i].rec] = c->recs[pairs[first].rec].row;
			if (!d[pairs[first].rec])
				d[pairs[first].rec] = c->recs[pairs[i].rec].row;
		} else {
			first = i;
		}
	}
out:
	plan_twice_free(&seen);
	ro_big_free(pairs);
	return rc;
}

/* A record whose damaged username cell means its portfolio's username. */
typedef struct repair {
	size_t rec;
	const char *name;
} repair;

typedef struct repairs {
	repair *v;            /* by record */
	size_t n;
	plan_chunk *arena;    /* the portfolios' usernames */
} repairs;

/* The current usernames of the site's portfolios a lookup found. */
typedef struct id_name {
	int64_t id;
	const char *name;
} id_name;

struct names_sink {
	id_name *v;
	size_t n, cap;
	plan_chunk **arena;
	int64_t site;
};

static int keep_name(void *ctx, ro_store_row *row)
{
	struct names_sink *k = ctx;
	bool nomem = false;

	/* Another site's portfolio is none of the row's (E20). */
	if (row->p.site_id != k->site)
		return 0;
	if (k->n == k->cap)
		return RO_EINTERNAL;    /* the ids were distinct */
	k->v[k->n].id = row->p.id;
	k->v[k->n].name = plan_arena_strdup(k->arena, row->p.username,
	    &nomem);
	if (nomem)
		return RO_ENOMEM;
	k->n++;
	return 0;
}

static int cmp_id_name(const void *a, const void *b)
{
	const id_name *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static int cmp_repair(const void *a, const void *b)
{
	const repair *x = a, *y = b;

	return (x->rec > y->rec) - (x->rec < y->rec);
}

/* The username of portfolio id in v (sorted), or NULL. */
static const char *name_by_id(const struct names_sink *k, int64_t id)
{
	const id_name key = { id, NULL }, *hit;

	hit = bsearch(&key, k->v, k->n, sizeof *k->v, cmp_id_name);
	return hit ? hit->name : NULL;
}

/* The rows whose damaged username cell their portfolio explains. */
static int find_repairs(plan_ctx *c, repairs *rp)
{
	struct names_sink k = { NULL, 0, 0, &rp->arena, c->s->site_id };
	plan_id_pair *pairs = NULL;
	int64_t *ids = NULL;
	size_t n = 0, u = 0;
	int rc = 0;

	for (size_t i = 0; i < c->nrecs; i++)
		n += plan_rec_has_id(&c->recs[i]) &&
		    plan_damage_may_explain(CELL(&c->recs[i], C_USER));
	if (!n)
		return 0;
	pairs = malloc(n * sizeof *pairs);
	ids = malloc(n * sizeof *ids);
	k.v = malloc(n * sizeof *k.v);
	rp->v = malloc(n * sizeof *rp->v);
	if (!pairs || !ids || !k.v || !rp->v) {
		rc = RO_ENOMEM;
		goto out;
	}
	n = 0;
	for (size_t i = 0; i < c->nrecs; i++)
		if (plan_rec_has_id(&c->recs[i]) &&
		    plan_damage_may_explain(CELL(&c->recs[i], C_USER)))
			pairs[n++] = (plan_id_pair){ c->recs[i].id, i };
	if ((rc = plan_sort_id_pairs(pairs, n)))
		goto out;
	for (size_t i = 0; i < n; i++)
		if (!i || pairs[i].id != pairs[i - 1].id)
			ids[u++] = pairs[i].id;
	k.cap = u;
	if ((rc = ro_store_rows_by_ids_view(c->st, ids, u, keep_name, &k)))
		goto out;
	qsort(k.v, k.n, sizeof *k.v, cmp_id_name);
	for (size_t i = 0; i < n; i++) {
		const char *cell = CELL(&c->recs[pairs[i].rec], C_USER), *what;
		const char *meant = plan_damage_resolve(cell,
		    name_by_id(&k, pairs[i].id), &what);
		if (meant != cell)
			rp->v[rp->n++] = (repair){ pairs[i].rec, meant };
	}
	qsort(rp->v, rp->n, sizeof *rp->v, cmp_repair);
out:
	free(pairs);
	free(ids);
	free(k.v);
	return rc;
}

/* The username record i means (a whole record). */
static const char *name_of(const plan_ctx *c, const repairs *rp, size_t i)
{
	const repair key = { i, NULL };
	const repair *hit = rp->n ? bsearch(&key, rp->v, rp->n, sizeof *rp->v,
	    cmp_repair) : NULL;

	return hit ? hit->name : CELL(&c->recs[i], C_USER);
}

/* E33: one pass in file order over a table of the first occurrence of
 * each name: a repeat is found and not put, so a name repeated a million
 * times stays one entry (putting every repeat made each put probe past
 * all the earlier ones: quadratic).  Only the names the sketch may have
 * seen twice go in the table (a few per cent of a file without repeats:
 * a table of every name of 970,213 rows was 32 MiB). */
int plan_find_user_dups(plan_ctx *c)
{
	repairs rp = { NULL, 0, NULL };
	plan_map seen = { NULL, NULL, 0 };
	plan_twice twice = { NULL, NULL, 0 };
	uint32_t *dup;
	size_t n = 0;
	int rc;

	ro_big_free(c->dup_user);
	if (!(dup = c->dup_user = ro_big_alloc((c->nrecs + 1) * sizeof *dup)))
		return RO_ENOMEM;
	if ((rc = find_repairs(c, &rp)) ||
	    (rc = plan_twice_init(&twice, c->nrecs)))
		goto out;
	for (size_t i = 0; i < c->nrecs; i++)
		if (plan_rec_whole(&c->recs[i]) && *name_of(c, &rp, i))
			plan_twice_put(&twice, plan_key_nocase(name_of(c, &rp,
			    i)));
	for (size_t i = 0; i < c->nrecs; i++)
		n += plan_rec_whole(&c->recs[i]) && *name_of(c, &rp, i) &&
		    plan_twice_maybe(&twice, plan_key_nocase(name_of(c, &rp,
		    i)));
	if ((rc = plan_map_init(&seen, n)))
		goto out;
	for (size_t i = 0; i < c->nrecs; i++) {
		const char *u;
		size_t slot = 0, j;
		uint64_t key;

		if (!plan_rec_whole(&c->recs[i]) || !*(u = name_of(c, &rp, i)) ||
		    !plan_twice_maybe(&twice, key = plan_key_nocase(u)))
			continue;
		while ((j = plan_map_next(&seen, key, &slot)) != SIZE_MAX)
			if (ro_rules_username_equal(u, name_of(c, &rp, j)))
				break;
		if (j == SIZE_MAX) {
			plan_map_put(&seen, key, i);
			continue;
		}
		dup[i] = c->recs[j].row;
		if (!dup[j])
			dup[j] = c->recs[i].row;
	}
out:
	plan_map_free(&seen);
	plan_twice_free(&twice);
	free(rp.v);
	plan_arena_free(&rp.arena);
	return rc;
}
