/* oneroster_reader.c — a OneRoster 1.1 or 1.2 CSV bundle, read into one
 * record per user (see bundle.h).
 *
 * orgs, classes, enrollments and (1.2) roles are read first into small
 * maps; users.csv then streams, each row joined with them.  A zip is
 * unpacked member by member into a private temporary folder (0700) so
 * that every file goes through the one CSV reader (encoding, BOM, line
 * ends, limits); the folder goes with the reader. */
#include <roster/bundle.h>
#include <roster/error.h>
#include <roster/sheet.h>

#include "bundle_int.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

/* --- the reader ------------------------------------------------------------ */

enum { U_SID, U_STATUS, U_ENABLED, U_ORGS, U_ROLE, U_USER, U_GIVEN,
	U_FAMILY, U_EMAIL, U_GRADES, U_PW, U_YEAR, U_PRIMARY_ORG, U__N };

struct role_set {
	char *role;
	bool primary;
	char **orgs;
	size_t norgs;
};

struct ro_or_reader {
	char *dir;               /* where the CSV files are */
	struct or_zip zip;       /* a zip's .csv members, in memory */
	int version;
	bool has_groups, cp1252;
	char *source;
	char **org_ids, **org_names;
	size_t norgs;
	char **class_titles;     /* by class index */
	size_t nclasses;
	struct smap class_by_id;
	struct smap group_of;    /* userSourcedId → class index */
	struct smap role_of;     /* 1.2: userSourcedId → roles index */
	struct role_set *roles;
	size_t nroles;
	struct smap manifest;    /* "file.users" → mode index */
	char **modes;
	size_t nmodes;
	struct or_csv users;
	size_t ucol[U__N];
	const char **orgv;
	size_t orgcap;
	char *orgbuf;
	ro_or_user u;
};

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


static bool exists(const ro_or_reader *r, const char *name)
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
static bool wanted(const ro_or_reader *r, const char *file)
{
	const char *m = mode_of(r, file);

	return exists(r, file) && !(m && strcasecmp(m, "absent") == 0);
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
static int open_csv(ro_or_reader *r, const char *file, struct or_csv *rd,
    const char *const *cols, size_t ncols, size_t nreq, size_t *idx)
{
	const ro_sheet_row *row;
	int rc;

	if (!r->dir) {
		struct or_member *m = or_zip_find(&r->zip, file);

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

static const char *cell(const ro_sheet_row *row, size_t i)
{
	return i != SIZE_MAX && i < row->ncells ? row->cells[i] : "";
}

static int read_manifest(ro_or_reader *r)
{
	static const char *const cols[] = { "propertyName", "value" };
	const ro_sheet_row *row;
	struct or_csv rd;
	size_t idx[2];
	int rc;

	if ((rc = open_csv(r, "manifest.csv", &rd, cols, 2, 2, idx)))
		return rc;
	while ((rc = or_csv_next(&rd, &row)) == 1) {
		const char *k = cell(row, idx[0]), *v = cell(row, idx[1]);
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

static int read_orgs(ro_or_reader *r)
{
	static const char *const cols[] = { "sourcedId", "name" };
	const ro_sheet_row *row;
	struct or_csv rd;
	size_t idx[2];
	int rc;

	if ((rc = open_csv(r, "orgs.csv", &rd, cols, 2, 2, idx)))
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
		a[r->norgs] = strdup(cell(row, idx[0]));
		b[r->norgs] = strdup(cell(row, idx[1]));
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

static int read_classes(ro_or_reader *r, const char *pattern)
{
	static const char *const cols[] = { "sourcedId", "title", "classCode",
	    "classType" };
	static const char *const ecols[] = { "classSourcedId",
	    "userSourcedId", "status" };
	const ro_sheet_row *row;
	struct or_csv rd;
	size_t idx[4];
	int rc;

	if ((rc = open_csv(r, "classes.csv", &rd, cols, 4, 2, idx)))
		return rc;
	while ((rc = or_csv_next(&rd, &row)) == 1) {
		char **t;

		if (!row->ncells || !class_matches(pattern, cell(row, idx[2]),
		    cell(row, idx[1]), cell(row, idx[3])))
			continue;
		if (!(t = realloc(r->class_titles, (r->nclasses + 1) *
		    sizeof *t)))
			return or_csv_close(&rd), RO_ENOMEM;
		r->class_titles = t;
		if (!(t[r->nclasses] = strdup(cell(row, idx[1]))) ||
		    smap_put(&r->class_by_id, cell(row, idx[0]),
		    r->nclasses) < 0)
			return or_csv_close(&rd), RO_ENOMEM;
		r->nclasses++;
	}
	or_csv_close(&rd);
	if (rc < 0)
		return rc;
	if ((rc = open_csv(r, "enrollments.csv", &rd, ecols, 3, 2, idx)))
		return rc;
	while ((rc = or_csv_next(&rd, &row)) == 1) {
		size_t k;

		if (!row->ncells ||
		    strcasecmp(cell(row, idx[2]), "tobedeleted") == 0)
			continue;
		k = smap_get(&r->class_by_id, cell(row, idx[0]));
		/* The first matching class in the file wins. */
		if (k != SIZE_MAX && smap_put(&r->group_of, cell(row, idx[1]),
		    k) < 0)
			return or_csv_close(&rd), RO_ENOMEM;
	}
	or_csv_close(&rd);
	return rc < 0 ? rc : 0;
}

/* 1.2: each user's roles: the primary one's role, and every org. */
static int read_roles(ro_or_reader *r)
{
	static const char *const cols[] = { "userSourcedId", "role",
	    "orgSourcedId", "roleType", "status" };
	const ro_sheet_row *row;
	struct or_csv rd;
	size_t idx[5];
	int rc;

	if ((rc = open_csv(r, "roles.csv", &rd, cols, 5, 3, idx)))
		return rc;
	while ((rc = or_csv_next(&rd, &row)) == 1) {
		const char *user = cell(row, idx[0]);
		bool primary = strcasecmp(cell(row, idx[3]), "primary") == 0;
		struct role_set *s;
		size_t k;
		char **o;

		if (!row->ncells ||
		    strcasecmp(cell(row, idx[4]), "tobedeleted") == 0)
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
			if (!(s->role = strdup(cell(row, idx[1]))))
				return or_csv_close(&rd), RO_ENOMEM;
			s->primary = primary;
		}
		if (!(o = realloc(s->orgs, (s->norgs + 1) * sizeof *o)))
			return or_csv_close(&rd), RO_ENOMEM;
		s->orgs = o;
		if (!(o[s->norgs++] = strdup(cell(row, idx[2]))))
			return or_csv_close(&rd), RO_ENOMEM;
	}
	or_csv_close(&rd);
	return rc < 0 ? rc : 0;
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
	if ((rc = open_csv(r, "users.csv", &r->users, order, U__N, k, idx)))
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
	if (!exists(r, "manifest.csv") || !exists(r, "users.csv") ||
	    !exists(r, "orgs.csv")) {
		rc = ro_error_set(RO_EFORMAT, "not a OneRoster bundle: %s is "
		    "missing (a bundle holds manifest.csv, users.csv and "
		    "orgs.csv)", !exists(r, "manifest.csv") ? "manifest.csv" :
		    !exists(r, "users.csv") ? "users.csv" : "orgs.csv");
		goto fail;
	}
	if ((rc = read_manifest(r)))
		goto fail;
	if (!wanted(r, "users.csv")) {
		rc = ro_error_set(RO_EFORMAT, "manifest.csv marks users.csv "
		    "absent: the bundle has no users to import");
		goto fail;
	}
	if ((rc = read_orgs(r)) || (rc = open_users(r)))
		goto fail;
	if (r->version == 12) {
		if (!wanted(r, "roles.csv")) {
			rc = ro_error_set(RO_EFORMAT, "a OneRoster 1.2 bundle "
			    "(users.csv without role) needs roles.csv, which is "
			    "%s", exists(r, "roles.csv") ? "marked absent in "
			    "manifest.csv" : "missing");
			goto fail;
		}
		if ((rc = read_roles(r)))
			goto fail;
	}
	r->has_groups = wanted(r, "classes.csv") &&
	    wanted(r, "enrollments.csv");
	if (r->has_groups && (rc = read_classes(r, group_pattern)))
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
	u->sourced_id = cell(row, r->ucol[U_SID]);
	u->status = cell(row, r->ucol[U_STATUS]);
	u->enabled = cell(row, r->ucol[U_ENABLED]);
	u->username = cell(row, r->ucol[U_USER]);
	u->given = cell(row, r->ucol[U_GIVEN]);
	u->family = cell(row, r->ucol[U_FAMILY]);
	u->email = cell(row, r->ucol[U_EMAIL]);
	u->grades = cell(row, r->ucol[U_GRADES]);
	u->password = cell(row, r->ucol[U_PW]);
	u->grad_year = r->ucol[U_YEAR] != SIZE_MAX ?
	    cell(row, r->ucol[U_YEAR]) : NULL;
	if (r->version == 11) {
		u->role = cell(row, r->ucol[U_ROLE]);
		if ((rc = split_orgs(r, cell(row, r->ucol[U_ORGS]))))
			return rc;
	} else {
		const char *primary = cell(row, r->ucol[U_PRIMARY_ORG]);
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
