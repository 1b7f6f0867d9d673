/* oneroster_reader.c — a OneRoster 1.1 or 1.2 CSV bundle, read into one
 * record per user (see bundle.h).
 *
 * orgs, classes, enrollments and (1.2) roles are read first into small
 * maps (oneroster_files.c); users.csv then streams, each row joined with
 * them.  A zip's .csv members are inflated into memory (oneroster_zip.c)
 * so that every file goes through the one CSV reader (encoding, BOM, line
 * ends, limits). */
#include <roster/error.h>

#include "reader_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

/* --- the reader ------------------------------------------------------------ */

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

bool ro_or_is_bundle(const char *path)
{
	struct stat sb;
	zip_t *za;
	int ze;
	bool yes;

	if (stat(path, &sb) != 0)
		return false;
	if (S_ISDIR(sb.st_mode)) {
		/* A folder is a bundle when it holds one of its files; any
		 * other folder is refused as one by the sheet reader. */
		char *m = join(path, "manifest.csv"), *u = join(path,
		    "users.csv");
		struct stat ms;

		yes = (m && stat(m, &ms) == 0) || (u && stat(u, &ms) == 0);
		free(m);
		free(u);
		return yes;
	}
	if (!S_ISREG(sb.st_mode) || !(za = zip_open(path, ZIP_RDONLY, &ze)))
		return false;
	yes = zip_name_locate(za, "[Content_Types].xml", 0) < 0 &&
	    (zip_name_locate(za, "users.csv", ZIP_FL_NODIR) >= 0 ||
	    zip_name_locate(za, "manifest.csv", ZIP_FL_NODIR) >= 0);
	zip_discard(za);
	return yes;
}


bool or_exists(const ro_or_reader *r, const char *name)
{
	char *p;
	struct stat sb;
	bool yes;

	if (!r->dir)
		return or_zip_find(&r->zip, name) != NULL;
	p = join(r->dir, name);
	yes = p && stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
	free(p);
	return yes;
}

/* The manifest's mode of a file ("bulk", "delta", "absent"), or NULL. */
static const char *mode_of(const ro_or_reader *r, const char *file)
{
	char key[64];
	size_t i;

	snprintf(key, sizeof key, "file.%.*s", (int)(strlen(file) - 4), file);
	i = smap_get(&r->manifest, key);
	return i == SIZE_MAX ? NULL : r->modes[i];
}

/* The file is to be read: present, and not marked absent. */
bool or_wanted(const ro_or_reader *r, const char *file)
{
	const char *m = mode_of(r, file);

	return or_exists(r, file) && !(m && strcasecmp(m, "absent") == 0);
}

static void clean_header(char *h)
{
	size_t n;

	if (strncmp(h, "\xEF\xBB\xBF", 3) == 0)
		memmove(h, h + 3, strlen(h + 3) + 1);
	while (*h == ' ')
		memmove(h, h + 1, strlen(h));
	n = strlen(h);
	while (n && (h[n - 1] == ' ' || h[n - 1] == '\r'))
		h[--n] = '\0';
}

/* Opens file and finds the columns named in cols (idx[i] = SIZE_MAX when
 * absent); the first nreq are required. */
int or_open_csv(ro_or_reader *r, const char *file, struct or_csv *rd,
    const char *const *cols, size_t ncols, size_t nreq, size_t *idx)
{
	const ro_sheet_row *row;
	int rc;

	if (!r->dir) {
		struct or_member *m = or_zip_find(&r->zip, file);

		if ((rc = or_zip_load(&r->zip, m)))
			return rc;
		/* The reader takes the member's text. */
		rc = or_csv_open_mem(rd, m->text, m->len, file);
		m->text = NULL;
	} else {
		char *p = join(r->dir, file);

		if (!p)
			return RO_ENOMEM;
		rc = or_csv_open(rd, p, file);
		free(p);
	}
	if (rc)
		return rc;
	if (rd->cp1252)
		r->cp1252 = true;
	if ((rc = or_csv_next(rd, &row)) <= 0) {
		or_csv_close(rd);
		return rc < 0 ? rc : ro_error_set(RO_EFORMAT, "%s: no header "
		    "row", file);
	}
	for (size_t i = 0; i < ncols; i++)
		idx[i] = SIZE_MAX;
	for (size_t c = 0; c < row->ncells; c++) {
		clean_header(row->cells[c]);
		for (size_t i = 0; i < ncols; i++)
			if (idx[i] == SIZE_MAX && cols[i] &&
			    strcmp(row->cells[c], cols[i]) == 0)
				idx[i] = c;
	}
	for (size_t i = 0; i < nreq; i++)
		if (idx[i] == SIZE_MAX) {
			or_csv_close(rd);
			return ro_error_set(RO_EFORMAT, "%s: the required column "
			    "%s is missing", file, cols[i]);
		}
	return 0;
}

const char *or_cell(const ro_sheet_row *row, size_t i)
{
	return i != SIZE_MAX && i < row->ncells ? row->cells[i] : "";
}

static int open_users(ro_or_reader *r)
{
	static const char *const cols[U__N] = {
		[U_SID] = "sourcedId", [U_ENABLED] = "enabledUser",
		[U_USER] = "username", [U_GIVEN] = "givenName",
		[U_FAMILY] = "familyName", [U_STATUS] = "status",
		[U_ORGS] = "orgSourcedIds", [U_ROLE] = "role",
		[U_EMAIL] = "email", [U_GRADES] = "grades",
		[U_PW] = "password", [U_YEAR] = "metadata.roster.graduationYear",
		[U_PRIMARY_ORG] = "primaryOrgSourcedId",
		[U_USER_IDS] = "userIds",
	};
	/* Required in both versions: the spec's required columns we use. */
	static const size_t req[] = { U_SID, U_ENABLED, U_USER, U_GIVEN,
	    U_FAMILY };
	const char *order[U__N];
	size_t idx[U__N], k = 0;
	int rc;

	for (size_t i = 0; i < sizeof req / sizeof *req; i++)
		order[k++] = cols[req[i]];
	size_t map[U__N];
	for (size_t i = 0, j = k; i < U__N; i++) {
		bool isreq = false;
		for (size_t q = 0; q < sizeof req / sizeof *req; q++)
			if (req[q] == i) {
				map[i] = q;
				isreq = true;
			}
		if (!isreq) {
			map[i] = j;
			order[j++] = cols[i];
		}
	}
	if ((rc = or_open_csv(r, "users.csv", &r->users, order, U__N, k, idx)))
		return rc;
	for (size_t i = 0; i < U__N; i++)
		r->ucol[i] = idx[map[i]];
	if (r->ucol[U_ROLE] != SIZE_MAX && r->ucol[U_ORGS] != SIZE_MAX)
		r->version = 11;
	else if (r->ucol[U_ROLE] == SIZE_MAX && r->ucol[U_ORGS] == SIZE_MAX)
		r->version = 12;
	else
		return ro_error_set(RO_EFORMAT, "users.csv: the required column "
		    "%s is missing (OneRoster 1.1 has role and orgSourcedIds; "
		    "1.2 neither, with roles in roles.csv)",
		    r->ucol[U_ROLE] == SIZE_MAX ? "role" : "orgSourcedIds");
	return 0;
}

int ro_or_open(ro_or_reader **out, const char *path,
    const char *group_pattern)
{
	ro_or_reader *r = calloc(1, sizeof *r);
	struct stat sb;
	int rc;

	*out = NULL;
	if (!r)
		return RO_ENOMEM;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		rc = (r->dir = strdup(path)) ? 0 : RO_ENOMEM;
	else
		rc = or_zip_read(&r->zip, path);
	if (rc)
		goto fail;
	if (!or_exists(r, "manifest.csv") || !or_exists(r, "users.csv") ||
	    !or_exists(r, "orgs.csv")) {
		rc = ro_error_set(RO_EFORMAT, "not a OneRoster bundle: %s is "
		    "missing (a bundle holds manifest.csv, users.csv and "
		    "orgs.csv)", !or_exists(r, "manifest.csv") ? "manifest.csv" :
		    !or_exists(r, "users.csv") ? "users.csv" : "orgs.csv");
		goto fail;
	}
	if ((rc = or_read_manifest(r)))
		goto fail;
	if (!or_wanted(r, "users.csv")) {
		rc = ro_error_set(RO_EFORMAT, "manifest.csv marks users.csv "
		    "absent: the bundle has no users to import");
		goto fail;
	}
	if ((rc = or_read_orgs(r)) || (rc = open_users(r)))
		goto fail;
	if (r->version == 12) {
		if (!or_wanted(r, "roles.csv")) {
			rc = ro_error_set(RO_EFORMAT, "a OneRoster 1.2 bundle "
			    "(users.csv without role) needs roles.csv, which is "
			    "%s", or_exists(r, "roles.csv") ? "marked absent in "
			    "manifest.csv" : "missing");
			goto fail;
		}
		if ((rc = or_read_roles(r)))
			goto fail;
	}
	r->has_groups = or_wanted(r, "classes.csv") &&
	    or_wanted(r, "enrollments.csv");
	if (r->has_groups && (rc = or_read_classes(r, group_pattern)))
		goto fail;
	*out = r;
	return 0;
fail:
	ro_or_free(r);
	return rc;
}

const char *ro_or_group(const ro_or_reader *r, const char *user_sid)
{
	size_t k;

	if (!r->has_groups)
		return NULL;
	k = smap_get(&r->group_of, user_sid);
	return k == SIZE_MAX ? NULL : r->class_titles[k];
}

int ro_or_version(const ro_or_reader *r) { return r->version; }
bool ro_or_has_groups(const ro_or_reader *r) { return r->has_groups; }
const char *ro_or_source(const ro_or_reader *r)
{
	return r->source ? r->source : "";
}
size_t ro_or_norgs(const ro_or_reader *r) { return r->norgs; }
void ro_or_org(const ro_or_reader *r, size_t i, const char **sourced_id,
    const char **name)
{
	*sourced_id = r->org_ids[i];
	*name = r->org_names[i];
}
bool ro_or_was_cp1252(const ro_or_reader *r) { return r->cp1252; }

/* orgSourcedIds "a,b" (1.1) into orgv; the buffer is reused. */
static int split_orgs(ro_or_reader *r, const char *list)
{
	size_t n = 1, k = 0;
	char *p;

	free(r->orgbuf);
	if (!(r->orgbuf = strdup(list)))
		return RO_ENOMEM;
	for (const char *c = list; *c; c++)
		n += *c == ',';
	if (n > r->orgcap) {
		const char **v = realloc(r->orgv, n * sizeof *v);
		if (!v)
			return RO_ENOMEM;
		r->orgv = v;
		r->orgcap = n;
	}
	for (p = strtok(r->orgbuf, ","); p; p = strtok(NULL, ",")) {
		while (*p == ' ')
			p++;
		if (*p)
			r->orgv[k++] = p;
	}
	r->u.orgs = r->orgv;
	r->u.norgs = k;
	return 0;
}

int ro_or_next(ro_or_reader *r, const ro_or_user **out)
{
	const ro_sheet_row *row;
	ro_or_user *u = &r->u;
	size_t k;
	int rc;

	do {
		if ((rc = or_csv_next(&r->users, &row)) <= 0)
			return rc;
	} while (!row->ncells);
	memset(u, 0, sizeof *u);
	u->line = row->number;
	u->sourced_id = or_cell(row, r->ucol[U_SID]);
	u->status = or_cell(row, r->ucol[U_STATUS]);
	u->enabled = or_cell(row, r->ucol[U_ENABLED]);
	u->username = or_cell(row, r->ucol[U_USER]);
	u->given = or_cell(row, r->ucol[U_GIVEN]);
	u->family = or_cell(row, r->ucol[U_FAMILY]);
	u->email = or_cell(row, r->ucol[U_EMAIL]);
	u->grades = or_cell(row, r->ucol[U_GRADES]);
	u->password = or_cell(row, r->ucol[U_PW]);
	u->user_ids = or_cell(row, r->ucol[U_USER_IDS]);
	u->grad_year = r->ucol[U_YEAR] != SIZE_MAX ?
	    or_cell(row, r->ucol[U_YEAR]) : NULL;
	if (r->version == 11) {
		u->role = or_cell(row, r->ucol[U_ROLE]);
		if ((rc = split_orgs(r, or_cell(row, r->ucol[U_ORGS]))))
			return rc;
	} else {
		const char *primary = or_cell(row, r->ucol[U_PRIMARY_ORG]);
		size_t n = 0;

		k = smap_get(&r->role_of, u->sourced_id);
		const struct role_set *s = k == SIZE_MAX ? NULL : &r->roles[k];
		size_t need = 1 + (s ? s->norgs : 0);
		if (need > r->orgcap) {
			const char **v = realloc(r->orgv, need * sizeof *v);
			if (!v)
				return RO_ENOMEM;
			r->orgv = v;
			r->orgcap = need;
		}
		if (*primary)
			r->orgv[n++] = primary;
		for (size_t i = 0; s && i < s->norgs; i++)
			r->orgv[n++] = s->orgs[i];
		u->role = s && s->role ? s->role : "";
		u->orgs = r->orgv;
		u->norgs = n;
	}
	*out = u;
	return 1;
}

void ro_or_free(ro_or_reader *r)
{
	if (!r)
		return;
	or_csv_close(&r->users);
	or_zip_free(&r->zip);
	free(r->dir);
	free(r->source);
	for (size_t i = 0; i < r->norgs; i++) {
		free(r->org_ids[i]);
		free(r->org_names[i]);
	}
	free(r->org_ids);
	free(r->org_names);
	for (size_t i = 0; i < r->nclasses; i++)
		free(r->class_titles[i]);
	free(r->class_titles);
	for (size_t i = 0; i < r->nroles; i++) {
		free(r->roles[i].role);
		for (size_t j = 0; j < r->roles[i].norgs; j++)
			free(r->roles[i].orgs[j]);
		free(r->roles[i].orgs);
	}
	free(r->roles);
	for (size_t i = 0; i < r->nmodes; i++)
		free(r->modes[i]);
	free(r->modes);
	smap_free(&r->class_by_id);
	smap_free(&r->group_of);
	smap_free(&r->role_of);
	smap_free(&r->manifest);
	free(r->orgv);
	free(r->orgbuf);
	free(r);
}
