/* export_oneroster.c — the selection as a OneRoster 1.1 CSV bundle, and
 * as Google Workspace's bulk-update CSV.
 *
 * The bundle is written in delta mode: every row carries its status and
 * dateLastModified, and a system that reads it adds or updates the rows
 * it holds and removes nothing it was not told to (a bulk file would make
 * everyone missing from the selection "gone" in the other system).
 *
 * What goes where (the man page says the same):
 *   the site         → orgs.csv, type school
 *   the school year  → academicSessions.csv, type schoolYear
 *   one course       → courses.csv (classes need one)
 *   each group       → classes.csv, classType homeroom, its name as title
 *                      and classCode
 *   each portfolio   → users.csv (student/teacher/administrator; inactive:
 *                      enabledUser false), and with a group an
 *                      enrollment; the graduation year as the grade
 *                      (oneroster_int.h) and, exactly, in the extension
 *                      column metadata.roster.graduationYear. */
#include "oneroster_int.h"
#include "task_int.h"

#include <roster/bundle.h>
#include <roster/export.h>
#include <roster/outfile.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const users_h[] = {
	"sourcedId", "status", "dateLastModified", "enabledUser",
	"orgSourcedIds", "role", "username", "userIds", "givenName",
	"familyName", "middleName", "identifier", "email", "sms", "phone",
	"agentSourcedIds", "grades", "password",
	"metadata.roster.graduationYear",
};
#define USERS_N (sizeof users_h / sizeof *users_h)
static const char *const orgs_h[] = {
	"sourcedId", "status", "dateLastModified", "name", "type",
	"identifier", "parentSourcedId",
};
static const char *const sessions_h[] = {
	"sourcedId", "status", "dateLastModified", "title", "type",
	"startDate", "endDate", "parentSourcedId", "schoolYear",
};
static const char *const courses_h[] = {
	"sourcedId", "status", "dateLastModified", "schoolYearSourcedId",
	"title", "courseCode", "grades", "orgSourcedId", "subjects",
	"subjectCodes",
};
static const char *const classes_h[] = {
	"sourcedId", "status", "dateLastModified", "title", "grades",
	"courseSourcedId", "classCode", "classType", "location",
	"schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes",
	"periods",
};
static const char *const enroll_h[] = {
	"sourcedId", "status", "dateLastModified", "classSourcedId",
	"schoolSourcedId", "userSourcedId", "role", "primary", "beginDate",
	"endDate",
};
static const char *const manifest_h[] = { "propertyName", "value" };
static const char *const manifest[][2] = {
	{ "manifest.version", "1.0" }, { "oneroster.version", "1.1" },
	{ "file.academicSessions", "delta" }, { "file.categories", "absent" },
	{ "file.classes", "delta" }, { "file.classResources", "absent" },
	{ "file.courses", "delta" }, { "file.courseResources", "absent" },
	{ "file.demographics", "absent" }, { "file.enrollments", "delta" },
	{ "file.lineItems", "absent" }, { "file.orgs", "delta" },
	{ "file.resources", "absent" }, { "file.results", "absent" },
	{ "file.users", "delta" }, { "source.systemName", "roster" },
};

#define N(a) (sizeof a / sizeof *a)

struct or_group {
	int64_t id;
	char *name;
};

struct or_ctx {
	ro_bundle_writer *w;
	uint64_t ns;
	int year;
	char now[32];
	char org[RO_SID_LEN], session[RO_SID_LEN];
	struct or_group *groups;
	size_t ngroups;
	size_t count;
};

static const char *or_role(ro_account_type t)
{
	return t == RO_TYPE_STUDENT ? "student" : t == RO_TYPE_STAFF ?
	    "teacher" : "administrator";
}

static int note_group(struct or_ctx *c, const ro_portfolio *p)
{
	struct or_group *g;

	for (size_t i = 0; i < c->ngroups; i++)
		if (c->groups[i].id == p->group_id)
			return 0;
	if (!(g = realloc(c->groups, (c->ngroups + 1) * sizeof *g)))
		return ro_error_set(RO_ENOMEM, "out of memory");
	c->groups = g;
	g[c->ngroups].id = p->group_id;
	if (!(g[c->ngroups].name = strdup(p->group_name)))
		return ro_error_set(RO_ENOMEM, "out of memory");
	c->ngroups++;
	return 0;
}

static int user_row(void *ctx, ro_store_row *r)
{
	struct or_ctx *c = ctx;
	const ro_portfolio *p = &r->p;
	char sid[RO_SID_LEN], id[24], grade[4], year[12];
	int rc;

	ro_sid_format(sid, c->ns, RO_SID_USER, p->id);
	snprintf(id, sizeof id, "%lld", (long long)p->id);
	snprintf(year, sizeof year, "%d", p->grad_year);
	const char *cells[USERS_N] = {
		sid, "active", c->now, p->active ? "true" : "false", c->org,
		or_role(p->type), p->username, NULL, p->first, p->last, NULL,
		id, p->email, NULL, NULL, NULL,
		ro_grade_for_year(grade, p->grad_year, c->year), NULL,
		p->grad_year ? year : NULL,
	};
	if ((rc = ro_bundle_row(c->w, cells)))
		return rc;
	c->count++;
	return p->group_id && p->group_name ? note_group(c, p) : 0;
}

static int enroll_row(void *ctx, ro_store_row *r)
{
	struct or_ctx *c = ctx;
	const ro_portfolio *p = &r->p;
	char sid[RO_SID_LEN], cls[RO_SID_LEN], user[RO_SID_LEN];

	if (!p->group_id)
		return 0;
	ro_sid_format(sid, c->ns, RO_SID_ENROLLMENT, p->id);
	ro_sid_format(cls, c->ns, RO_SID_CLASS, p->group_id);
	ro_sid_format(user, c->ns, RO_SID_USER, p->id);
	const char *cells[N(enroll_h)] = {
		sid, "active", c->now, cls, c->org, user, or_role(p->type),
		"false", NULL, NULL,
	};
	return ro_bundle_row(c->w, cells);
}

static int write_head(struct or_ctx *c, ro_session *s)
{
	char course[RO_SID_LEN], title[32], ys[16], start[32], end[32];
	char ctitle[300];
	int rc;

	if ((rc = ro_bundle_file(c->w, "manifest.csv", manifest_h, 2)))
		return rc;
	for (size_t i = 0; i < N(manifest); i++)
		if ((rc = ro_bundle_row(c->w, manifest[i])))
			return rc;
	const char *org[N(orgs_h)] = { c->org, "active", c->now,
	    s->site_name, "school", NULL, NULL };
	if ((rc = ro_bundle_file(c->w, "orgs.csv", orgs_h, N(orgs_h))) ||
	    (rc = ro_bundle_row(c->w, org)))
		return rc;
	snprintf(title, sizeof title, "%d-%d", c->year - 1, c->year);
	snprintf(ys, sizeof ys, "%d", c->year);
	snprintf(start, sizeof start, "%d-08-01", c->year - 1);
	snprintf(end, sizeof end, "%d-07-31", c->year);
	const char *ses[N(sessions_h)] = { c->session, "active", c->now,
	    title, "schoolYear", start, end, NULL, ys };
	if ((rc = ro_bundle_file(c->w, "academicSessions.csv", sessions_h,
	    N(sessions_h))) || (rc = ro_bundle_row(c->w, ses)))
		return rc;
	ro_sid_format(course, c->ns, RO_SID_COURSE, s->site_id);
	snprintf(ctitle, sizeof ctitle, "%s groups", s->site_name);
	const char *crs[N(courses_h)] = { course, "active", c->now,
	    c->session, ctitle, "roster-groups", NULL, c->org, NULL, NULL };
	if ((rc = ro_bundle_file(c->w, "courses.csv", courses_h,
	    N(courses_h))) || (rc = ro_bundle_row(c->w, crs)))
		return rc;
	return ro_bundle_file(c->w, "users.csv", users_h, USERS_N);
}

static int write_classes(struct or_ctx *c, ro_session *s)
{
	char course[RO_SID_LEN], sid[RO_SID_LEN];
	int rc;

	ro_sid_format(course, c->ns, RO_SID_COURSE, s->site_id);
	if ((rc = ro_bundle_file(c->w, "classes.csv", classes_h,
	    N(classes_h))))
		return rc;
	for (size_t i = 0; i < c->ngroups; i++) {
		ro_sid_format(sid, c->ns, RO_SID_CLASS, c->groups[i].id);
		const char *cells[N(classes_h)] = { sid, "active", c->now,
		    c->groups[i].name, NULL, course, c->groups[i].name,
		    "homeroom", NULL, c->org, c->session, NULL, NULL, NULL };
		if ((rc = ro_bundle_row(c->w, cells)))
			return rc;
	}
	return ro_bundle_file(c->w, "enrollments.csv", enroll_h,
	    N(enroll_h));
}

int ro_export_oneroster(size_t *count, ro_session *s,
    const ro_selection *sel, const char *path)
{
	struct or_ctx c = { 0 };
	ro_store *st = ro_db_store(s->db);
	ro_selection rsel;
	char buf[32];
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	*count = 0;
	if (s->type < RO_TYPE_STAFF)
		return ro_error_set(RO_EDENIED, "students cannot export");
	if ((rc = ro_selection_resolve(s, sel, &rsel, buf)))
		return rc;
	/* Never the database's side files or a password file, even when
	 * they do not exist yet; anything that exists the writer refuses. */
	if (access(path, F_OK) != 0 &&
	    (rc = ro_outfile_check(s->db, path, 0)) && rc != RO_EEXISTS)
		return rc;
	if ((rc = ro_sid_namespace(st, &c.ns)))
		return rc;
	c.year = ro_school_year(now);
	gmtime_r(&now, &tm);
	strftime(c.now, sizeof c.now, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
	ro_sid_format(c.org, c.ns, RO_SID_ORG, s->site_id);
	ro_sid_format(c.session, c.ns, RO_SID_SESSION, s->site_id);
	if ((rc = ro_bundle_writer_open(&c.w, path,
	    ro_bundle_path_is_zip(path))))
		return rc;
	/* One snapshot for both passes. */
	if ((rc = ro_store_begin(st, false, s->site_id)))
		goto out;
	if (!(rc = write_head(&c, s)) &&
	    !(rc = ro_store_select_each(st, s->site_id, &rsel, user_row,
	    &c)) && !(rc = write_classes(&c, s)))
		rc = ro_store_select_each(st, s->site_id, &rsel, enroll_row,
		    &c);
	ro_store_rollback(st);
	if (!rc) {
		rc = ro_bundle_writer_close(c.w);
		c.w = NULL;
	}
out:
	ro_bundle_writer_free(c.w);
	for (size_t i = 0; i < c.ngroups; i++)
		free(c.groups[i].name);
	free(c.groups);
	if (!rc)
		*count = c.count;
	return rc;
}

/* Google Workspace: the selection's portfolios with an email address,
 * their passwords left as they are ("****"). */
struct g_ctx {
	FILE *f;
	size_t count;
	char **left;
	size_t nleft;
	int rc;
};

static int g_row(void *ctx, ro_store_row *r)
{
	struct g_ctx *g = ctx;
	const ro_portfolio *p = &r->p;

	if (!p->email || !*p->email) {
		char **l = realloc(g->left, (g->nleft + 1) * sizeof *l);

		if (!l || !(l[g->nleft] = strdup(p->username))) {
			if (l)
				g->left = l;
			return ro_error_set(RO_ENOMEM, "out of memory");
		}
		g->left = l;
		g->nleft++;
		return 0;
	}
	ro_google_user u = { p->first, p->last, p->email, NULL, NULL, -1 };
	ro_google_csv_row(g->f, &u);
	g->count++;
	return 0;
}

struct g_fill {
	ro_store *st;
	int64_t site;
	const ro_selection *sel;
	struct g_ctx *g;
};

static int g_fill(FILE *f, void *ctx)
{
	struct g_fill *gf = ctx;

	gf->g->f = f;
	ro_google_csv_header(f);
	return ro_store_select_each(gf->st, gf->site, gf->sel, g_row, gf->g);
}

void ro_export_left_free(char **left, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(left[i]);
	free(left);
}

int ro_export_google(size_t *count, char ***left, size_t *nleft,
    ro_session *s, const ro_selection *sel, const char *path)
{
	ro_store *st = ro_db_store(s->db);
	struct g_ctx g = { 0 };
	ro_selection rsel;
	ro_slips_out so;
	char buf[32];
	int rc;

	*count = 0;
	*left = NULL;
	*nleft = 0;
	if (s->type < RO_TYPE_STAFF)
		return ro_error_set(RO_EDENIED, "students cannot export");
	if ((rc = ro_selection_resolve(s, sel, &rsel, buf)))
		return rc;
	if ((rc = ro_outfile_check(s->db, path, 0)) && rc != RO_EEXISTS)
		return rc;
	struct g_fill gf = { st, s->site_id, &rsel, &g };
	if ((rc = ro_store_begin(st, false, s->site_id)))
		return rc;
	rc = ro_newfile_prepare(&so, path, "Google CSV", g_fill, &gf);
	ro_store_rollback(st);
	if (!rc) {
		/* Nothing committed hangs on it: on failure the temporary
		 * goes too (discard removes it). */
		rc = ro_slips_publish(&so);
		ro_slips_discard(&so);
	}
	if (rc) {
		ro_export_left_free(g.left, g.nleft);
		return rc;
	}
	*count = g.count;
	*left = g.left;
	*nleft = g.nleft;
	return 0;
}
