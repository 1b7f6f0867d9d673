/* oneroster_files.c — the files of a OneRoster bundle read before
 * users.csv, into the reader's small maps: manifest.csv (the source
 * system and each file's mode), orgs.csv, classes.csv with
 * enrollments.csv (each user's chosen class), and 1.2's roles.csv. */
#include <roster/error.h>

#include "reader_int.h"

#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


int or_read_manifest(ro_or_reader *r)
{
	static const char *const cols[] = { "propertyName", "value" };
	const ro_sheet_row *row;
	struct or_csv rd;
	size_t idx[2];
	int rc;

	if ((rc = or_open_csv(r, "manifest.csv", &rd, cols, 2, 2, idx)))
		return rc;
	while ((rc = or_csv_next(&rd, &row)) == 1) {
		const char *k = or_cell(row, idx[0]), *v = or_cell(row, idx[1]);
		char **m;

		if (!*k)
			continue;
		if (strcmp(k, "source.systemName") == 0 && !r->source &&
		    !(r->source = strdup(v))) {
			rc = RO_ENOMEM;
			break;
		}
		if (!(m = realloc(r->modes, (r->nmodes + 1) * sizeof *m)) ||
		    !(m[r->nmodes] = strdup(v))) {
			if (m)
				r->modes = m;
			rc = RO_ENOMEM;
			break;
		}
		r->modes = m;
		if (smap_put(&r->manifest, k, r->nmodes++) < 0) {
			rc = RO_ENOMEM;
			break;
		}
	}
	or_csv_close(&rd);
	return rc < 0 ? rc : 0;
}

int or_read_orgs(ro_or_reader *r)
{
	static const char *const cols[] = { "sourcedId", "name" };
	const ro_sheet_row *row;
	struct or_csv rd;
	size_t idx[2];
	int rc;

	if ((rc = or_open_csv(r, "orgs.csv", &rd, cols, 2, 2, idx)))
		return rc;
	while ((rc = or_csv_next(&rd, &row)) == 1) {
		char **a, **b;

		if (!row->ncells)
			continue;
		a = realloc(r->org_ids, (r->norgs + 1) * sizeof *a);
		if (a)
			r->org_ids = a;
		b = realloc(r->org_names, (r->norgs + 1) * sizeof *b);
		if (b)
			r->org_names = b;
		if (!a || !b)
			return or_csv_close(&rd), RO_ENOMEM;
		a[r->norgs] = strdup(or_cell(row, idx[0]));
		b[r->norgs] = strdup(or_cell(row, idx[1]));
		r->norgs++;
		if (!a[r->norgs - 1] || !b[r->norgs - 1])
			return or_csv_close(&rd), RO_ENOMEM;
	}
	or_csv_close(&rd);
	return rc < 0 ? rc : 0;
}

static bool class_matches(const char *pattern, const char *code,
    const char *title, const char *type)
{
	if (!pattern)
		return strcasecmp(type, "homeroom") == 0;
	return fnmatch(pattern, code, FNM_CASEFOLD) == 0 ||
	    fnmatch(pattern, title, FNM_CASEFOLD) == 0;
}

int or_read_classes(ro_or_reader *r, const char *pattern)
{
	static const char *const cols[] = { "sourcedId", "title", "classCode",
	    "classType" };
	static const char *const ecols[] = { "classSourcedId",
	    "userSourcedId", "status" };
	const ro_sheet_row *row;
	struct or_csv rd;
	size_t idx[4];
	int rc;

	if ((rc = or_open_csv(r, "classes.csv", &rd, cols, 4, 2, idx)))
		return rc;
	while ((rc = or_csv_next(&rd, &row)) == 1) {
		char **t;

		if (!row->ncells || !class_matches(pattern, or_cell(row, idx[2]),
		    or_cell(row, idx[1]), or_cell(row, idx[3])))
			continue;
		if (!(t = realloc(r->class_titles, (r->nclasses + 1) *
		    sizeof *t)))
			return or_csv_close(&rd), RO_ENOMEM;
		r->class_titles = t;
		if (!(t[r->nclasses] = strdup(or_cell(row, idx[1]))) ||
		    smap_put(&r->class_by_id, or_cell(row, idx[0]),
		    r->nclasses) < 0)
			return or_csv_close(&rd), RO_ENOMEM;
		r->nclasses++;
	}
	or_csv_close(&rd);
	if (rc < 0)
		return rc;
	if ((rc = or_open_csv(r, "enrollments.csv", &rd, ecols, 3, 2, idx)))
		return rc;
	while ((rc = or_csv_next(&rd, &row)) == 1) {
		size_t k;

		if (!row->ncells ||
		    strcasecmp(or_cell(row, idx[2]), "tobedeleted") == 0)
			continue;
		k = smap_get(&r->class_by_id, or_cell(row, idx[0]));
		/* The first matching class in the file wins. */
		if (k != SIZE_MAX && smap_put(&r->group_of, or_cell(row, idx[1]),
		    k) < 0)
			return or_csv_close(&rd), RO_ENOMEM;
	}
	or_csv_close(&rd);
	return rc < 0 ? rc : 0;
}

/* 1.2: each user's roles: the primary one's role, and every org. */
int or_read_roles(ro_or_reader *r)
{
	static const char *const cols[] = { "userSourcedId", "role",
	    "orgSourcedId", "roleType", "status" };
	const ro_sheet_row *row;
	struct or_csv rd;
	size_t idx[5];
	int rc;

	if ((rc = or_open_csv(r, "roles.csv", &rd, cols, 5, 3, idx)))
		return rc;
	while ((rc = or_csv_next(&rd, &row)) == 1) {
		const char *user = or_cell(row, idx[0]);
		bool primary = strcasecmp(or_cell(row, idx[3]), "primary") == 0;
		struct role_set *s;
		size_t k;
		char **o;

		if (!row->ncells ||
		    strcasecmp(or_cell(row, idx[4]), "tobedeleted") == 0)
			continue;
		if ((k = smap_get(&r->role_of, user)) == SIZE_MAX) {
			s = realloc(r->roles, (r->nroles + 1) * sizeof *s);
			if (!s)
				return or_csv_close(&rd), RO_ENOMEM;
			r->roles = s;
			k = r->nroles++;
			memset(&s[k], 0, sizeof *s);
			if (smap_put(&r->role_of, user, k) < 0)
				return or_csv_close(&rd), RO_ENOMEM;
		}
		s = &r->roles[k];
		if (!s->role || (primary && !s->primary)) {
			free(s->role);
			if (!(s->role = strdup(or_cell(row, idx[1]))))
				return or_csv_close(&rd), RO_ENOMEM;
			s->primary = primary;
		}
		if (!(o = realloc(s->orgs, (s->norgs + 1) * sizeof *o)))
			return or_csv_close(&rd), RO_ENOMEM;
		s->orgs = o;
		if (!(o[s->norgs++] = strdup(or_cell(row, idx[2]))))
			return or_csv_close(&rd), RO_ENOMEM;
	}
	or_csv_close(&rd);
	return rc < 0 ? rc : 0;
}
