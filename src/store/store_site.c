/* store_site.c — sites, groups and the graduation years in use. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

int ro_sq_site_add(ro_store *base, int64_t *id, const char *name)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "INSERT INTO sites(name) VALUES (?1)";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);
	int rc;

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return ro_error_set(RO_EEXISTS, "a site named %s already "
		    "exists", name);
	if (rc != SQLITE_DONE)
		return ro_sq_sqlerr(st, rc, "add site");
	if (id)
		*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static int id_name(ro_sq *st, sqlite3_stmt *s, int64_t *id,
    char **name_out, const char *what)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW) {
		if (id)
			*id = sqlite3_column_int64(s, 0);
		if (name_out)
			*name_out = ro_sq_col_text(s, 1);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return RO_ENOTFOUND;
	return ro_sq_sqlerr(st, rc, what);
}

int ro_sq_site_find(ro_store *base, int64_t *id, char **name_out,
    const char *name)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "SELECT id, name FROM sites WHERE name = ?1";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	int rc = id_name(st, s, id, name_out, "site");
	if (rc == RO_ENOTFOUND)
		return ro_error_set(RO_ENOTFOUND, "no site named %s", name);
	return rc;
}

int ro_sq_site_name(ro_store *base, char **out, int64_t id)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "SELECT id, name FROM sites WHERE id = ?1";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);

	*out = NULL;
	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, id);
	int rc = id_name(st, s, NULL, out, "site");
	if (rc == RO_ENOTFOUND)
		return ro_error_set(RO_ENOTFOUND, "no site %lld", (long long)id);
	return rc;
}

int ro_sq_site_first(ro_store *base, int64_t *id)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "SELECT id, name FROM sites ORDER BY id"
	    " LIMIT 1";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);

	if (!s)
		return ro_error_last_code();
	int rc = id_name(st, s, id, NULL, "site");
	if (rc == RO_ENOTFOUND)
		return ro_error_next_set(ro_error_set(RO_ENOTFOUND, "there is no "
		    "site yet"), RO_NEXT_ADD_SITE);
	return rc;
}

int ro_sq_site_count(ro_store *base, size_t *out, int64_t site_id)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "SELECT coalesce(sum(n), 0) FROM"
	    " portfolio_counts WHERE site_id = ?1 AND active = 1";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);
	int rc;

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, site_id);
	rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? (size_t)sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : ro_sq_sqlerr(st, rc, "count");
}

int ro_sq_named_list(ro_sq *st, sqlite3_stmt *s, ro_named_list **out)
{
	ro_named_list *l = calloc(1, sizeof *l);
	size_t cap = 0;
	int rc;

	*out = NULL;
	if (!l)
		return RO_ENOMEM;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (l->n == cap) {
			cap = cap ? cap * 2 : 16;
			ro_named *ni = realloc(l->items, cap * sizeof *ni);
			if (!ni) {
				sqlite3_reset(s);
				ro_named_list_free(l);
				return RO_ENOMEM;
			}
			l->items = ni;
		}
		ro_named *n = &l->items[l->n++];
		n->id = sqlite3_column_int64(s, 0);
		n->name = ro_sq_col_text(s, 1);
		n->count = (size_t)sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		ro_named_list_free(l);
		return ro_sq_sqlerr(st, rc, "list");
	}
	*out = l;
	return 0;
}

int ro_sq_site_list(ro_store *base, ro_named_list **out)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "SELECT s.id, s.name, (SELECT"
	    " coalesce(sum(c.n), 0) FROM portfolio_counts c WHERE"
	    " c.site_id = s.id AND c.active = 1) FROM sites s ORDER BY s.name";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);

	if (!s)
		return ro_error_last_code();
	return ro_sq_named_list(st, s, out);
}

int ro_sq_group_add(ro_store *base, int64_t *id, int64_t site_id,
    const char *name)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "INSERT INTO groups(site_id, name)"
	    " VALUES (?1, ?2)";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);
	int rc;

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, site_id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return ro_error_set(RO_EEXISTS, "the site already has a group "
		    "named %s", name);
	if (rc != SQLITE_DONE)
		return ro_sq_sqlerr(st, rc, "add group");
	if (id)
		*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int ro_sq_group_find(ro_store *base, int64_t *id, char **name_out,
    int64_t site_id, const char *name)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "SELECT id, name FROM groups"
	    " WHERE site_id = ?1 AND name = ?2";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, site_id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	int rc = id_name(st, s, id, name_out, "group");
	if (rc == RO_ENOTFOUND)
		return ro_error_set(RO_ENOTFOUND, "no group named %s in this "
		    "site", name);
	return rc;
}

int ro_sq_group_list(ro_store *base, ro_named_list **out, int64_t site_id)
{
	ro_sq *st = ro_sq_of(base);
	static const char sql[] = "SELECT g.id, g.name, (SELECT"
	    " coalesce(sum(c.n), 0) FROM portfolio_counts c WHERE"
	    " c.site_id = g.site_id AND c.active = 1 AND c.group_id = g.id)"
	    " FROM groups g WHERE g.site_id = ?1 ORDER BY g.name";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);

	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, site_id);
	return ro_sq_named_list(st, s, out);
}

int ro_sq_grad_years(ro_store *base, int **out, size_t *n, int64_t site_id)
{
	ro_sq *st = ro_sq_of(base);

	/* A skip-scan over the year index: one seek per distinct year. */
	static const char sql[] = "SELECT DISTINCT grad_year FROM portfolios"
	    " WHERE site_id = ?1 AND active = 1 AND grad_year IS NOT NULL"
	    " ORDER BY grad_year";
	sqlite3_stmt *s = ro_sq_stmt(st, sql);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!s)
		return ro_error_last_code();
	sqlite3_bind_int64(s, 1, site_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			int *ni = realloc(*out, cap * sizeof *ni);
			if (!ni) {
				sqlite3_reset(s);
				free(*out);
				*out = NULL;
				return RO_ENOMEM;
			}
			*out = ni;
		}
		(*out)[(*n)++] = sqlite3_column_int(s, 0);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : ro_sq_sqlerr(st, rc, "years");
}
