/* pg_site.c — the PostgreSQL store's sites, groups and the graduation
 * years in use; names are matched and sorted as SQLite's NOCASE does. */
#include "pg_int.h"

#include <stdlib.h>
#include <string.h>

static int add(ro_pg *st, const char *sql, int n, const char *const *v,
    int64_t *id, const char *exists_fmt, const char *name)
{
	int rc;
	PGresult *r = ro_pg_q(st, sql, n, v, "add", &rc);

	if (!r) {
		if (rc == RO_EEXISTS)
			return ro_error_set(RO_EEXISTS, exists_fmt, name);
		return rc;
	}
	if (id)
		*id = ro_pg_i64(r, 0, 0);
	PQclear(r);
	return 0;
}

int ro_pg_site_add(ro_store *base, int64_t *id, const char *name)
{
	const char *v[] = { name };

	return add(ro_pg_of(base), "INSERT INTO sites (name) VALUES ($1)"
	    " RETURNING id", 1, v, id, "a site named %s already exists", name);
}

/* (id, name) of the first row of sql, or RO_ENOTFOUND. */
static int id_name(ro_pg *st, const char *sql, int n, const char *const *v,
    int64_t *id, char **name_out, const char *what)
{
	int rc;
	PGresult *r = ro_pg_q(st, sql, n, v, what, &rc);

	if (!r)
		return rc;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return RO_ENOTFOUND;
	}
	if (id)
		*id = ro_pg_i64(r, 0, 0);
	if (name_out)
		*name_out = ro_pg_text(r, 0, 1);
	PQclear(r);
	return 0;
}

int ro_pg_site_find(ro_store *base, int64_t *id, char **name_out,
    const char *name)
{
	static const char sql[] = "SELECT id, name FROM sites WHERE "
	    NC("name") " = " NC("$1::text");
	const char *v[] = { name };
	int rc = id_name(ro_pg_of(base), sql, 1, v, id, name_out, "site");

	if (rc == RO_ENOTFOUND)
		return ro_error_set(RO_ENOTFOUND, "no site named %s", name);
	return rc;
}

int ro_pg_site_name(ro_store *base, char **out, int64_t id)
{
	char b[24];
	const char *v[] = { ro_pg_int(b, id, false) };
	int rc;

	*out = NULL;
	rc = id_name(ro_pg_of(base), "SELECT id, name FROM sites WHERE id ="
	    " $1", 1, v, NULL, out, "site");
	if (rc == RO_ENOTFOUND)
		return ro_error_set(RO_ENOTFOUND, "no site %lld", (long long)id);
	return rc;
}

int ro_pg_site_first(ro_store *base, int64_t *id)
{
	int rc = id_name(ro_pg_of(base), "SELECT id, name FROM sites ORDER BY"
	    " id LIMIT 1", 0, NULL, id, NULL, "site");

	if (rc == RO_ENOTFOUND)
		return ro_error_next_set(ro_error_set(RO_ENOTFOUND, "there is no "
		    "site yet"), RO_NEXT_ADD_SITE);
	return rc;
}

static int one_count(ro_pg *st, const char *sql, int n, const char *const *v,
    size_t *out)
{
	int rc;
	PGresult *r = ro_pg_q(st, sql, n, v, "count", &rc);

	*out = 0;
	if (!r)
		return rc;
	*out = (size_t)ro_pg_i64(r, 0, 0);
	PQclear(r);
	return 0;
}

int ro_pg_site_count(ro_store *base, size_t *out, int64_t site_id)
{
	char b[24];
	const char *v[] = { ro_pg_int(b, site_id, false) };

	return one_count(ro_pg_of(base), "SELECT coalesce(sum(n), 0) FROM"
	    " portfolio_counts WHERE site_id = $1 AND active = 1", 1, v, out);
}

/* (id, name, count) rows into a named list. */
static int named_list(ro_pg *st, const char *sql, int n,
    const char *const *v, ro_named_list **out)
{
	ro_named_list *l;
	int rc;
	PGresult *r;

	*out = NULL;
	if (!(r = ro_pg_q(st, sql, n, v, "list", &rc)))
		return rc;
	if (!(l = calloc(1, sizeof *l)) || (PQntuples(r) &&
	    !(l->items = calloc((size_t)PQntuples(r), sizeof *l->items)))) {
		free(l);
		PQclear(r);
		return RO_ENOMEM;
	}
	for (int i = 0; i < PQntuples(r); i++) {
		ro_named *e = &l->items[l->n++];
		e->id = ro_pg_i64(r, i, 0);
		e->name = ro_pg_text(r, i, 1);
		e->count = (size_t)ro_pg_i64(r, i, 2);
	}
	PQclear(r);
	*out = l;
	return 0;
}

int ro_pg_site_list(ro_store *base, ro_named_list **out)
{
	static const char sql[] = "SELECT s.id, s.name, (SELECT"
	    " coalesce(sum(c.n), 0) FROM portfolio_counts c WHERE"
	    " c.site_id = s.id AND c.active = 1) FROM sites s ORDER BY "
	    NC("s.name");

	return named_list(ro_pg_of(base), sql, 0, NULL, out);
}

int ro_pg_group_add(ro_store *base, int64_t *id, int64_t site_id,
    const char *name)
{
	char b[24];
	const char *v[] = { ro_pg_int(b, site_id, false), name };

	return add(ro_pg_of(base), "INSERT INTO groups (site_id, name) VALUES"
	    " ($1, $2) RETURNING id", 2, v, id, "the site already has a group "
	    "named %s", name);
}

/* Equal as NC() compares: A-Z folded, every other byte as it is. */
static bool nc_equal(const char *a, const char *b)
{
	for (;; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
		char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
		if (x != y)
			return false;
		if (!x)
			return true;
	}
}

enum { NGROUPS = sizeof ((ro_pg *)0)->groups /
	sizeof ((ro_pg *)0)->groups[0] };

/* A group found, kept when it is committed: outside a write, which
 * could still roll back the group it added. */
static void keep_group(ro_pg *st, int64_t site, int64_t id, const char *name)
{
	unsigned i = st->ngroups++ % NGROUPS;
	char *copy;

	if (st->write_tx || !(copy = strdup(name)))
		return;
	free(st->groups[i].name);
	st->groups[i].site = site;
	st->groups[i].id = id;
	st->groups[i].name = copy;
}

int ro_pg_group_find(ro_store *base, int64_t *id, char **name_out,
    int64_t site_id, const char *name)
{
	static const char sql[] = "SELECT id, name FROM groups WHERE"
	    " site_id = $1 AND " NC("name") " = " NC("$2::text");
	ro_pg *st = ro_pg_of(base);
	char b[24], *found = NULL;
	const char *v[] = { ro_pg_int(b, site_id, false), name };
	int64_t gid = 0;
	int rc;

	for (unsigned i = 0; i < NGROUPS; i++)
		if (st->groups[i].name && st->groups[i].site == site_id &&
		    nc_equal(st->groups[i].name, name)) {
			if (name_out && !(*name_out = strdup(
			    st->groups[i].name)))
				return RO_ENOMEM;
			if (id)
				*id = st->groups[i].id;
			return 0;
		}
	rc = id_name(st, sql, 2, v, &gid, &found, "group");
	if (rc == RO_ENOTFOUND)
		return ro_error_set(RO_ENOTFOUND, "no group named %s in this "
		    "site", name);
	if (rc)
		return rc;
	if (found)
		keep_group(st, site_id, gid, found);
	if (id)
		*id = gid;
	if (name_out)
		*name_out = found;
	else
		free(found);
	return 0;
}

int ro_pg_group_list(ro_store *base, ro_named_list **out, int64_t site_id)
{
	static const char sql[] = "SELECT g.id, g.name, (SELECT"
	    " coalesce(sum(c.n), 0) FROM portfolio_counts c WHERE"
	    " c.site_id = g.site_id AND c.active = 1 AND c.group_id = g.id)"
	    " FROM groups g WHERE g.site_id = $1 ORDER BY " NC("g.name");
	char b[24];
	const char *v[] = { ro_pg_int(b, site_id, false) };

	return named_list(ro_pg_of(base), sql, 1, v, out);
}

int ro_pg_group_names(ro_store *base, ro_named_list **out, int64_t site_id)
{
	static const char sql[] = "SELECT id, name, 0 FROM groups"
	    " WHERE site_id = $1 ORDER BY " NC("name");
	char b[24];
	const char *v[] = { ro_pg_int(b, site_id, false) };

	return named_list(ro_pg_of(base), sql, 1, v, out);
}

int ro_pg_grad_years(ro_store *base, int **out, size_t *n, int64_t site_id)
{
	/* From the counts: a few rows per year, not an index range. */
	static const char sql[] = "SELECT DISTINCT grad_year FROM"
	    " portfolio_counts WHERE site_id = $1 AND active = 1"
	    " AND grad_year <> 0 AND n > 0 ORDER BY grad_year";
	char b[24];
	const char *v[] = { ro_pg_int(b, site_id, false) };
	int rc;
	PGresult *r = ro_pg_q(ro_pg_of(base), sql, 1, v, "years", &rc);

	*out = NULL;
	*n = 0;
	if (!r)
		return rc;
	if (PQntuples(r) && !(*out = calloc((size_t)PQntuples(r),
	    sizeof **out))) {
		PQclear(r);
		return RO_ENOMEM;
	}
	for (int i = 0; i < PQntuples(r); i++)
		(*out)[(*n)++] = (int)ro_pg_i64(r, i, 0);
	PQclear(r);
	return 0;
}
