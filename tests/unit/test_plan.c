/* test_plan.c — the trial run and the upload: every status code and
 * warning, the fingerprint, the one transaction, --expect, the hold,
 * undo.  Each test gets a fresh demo database (60 portfolios, cheap
 * hashing). */
#include "helpers.h"

#include <roster/account.h>
#include <roster/batch.h>
#include <roster/db.h>
#include <roster/error.h>
#include <roster/hold.h>
#include <roster/plan.h>
#include <roster/portfolio.h>
#include <roster/status.h>

#include "../../src/core/plan_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HDR "Portfolio ID,Username,Password,First Name,Last Name," \
	"Graduation Year,Group,Email,Account Type\n"

typedef rt_demo fx;

static int setup(void **state)
{
	*state = rt_demo_new(60);
	return 0;
}

/* Big enough that a plan reads the whole site instead of its ids. */
static int setup_big(void **state)
{
	*state = rt_demo_new(2600);
	return 0;
}

/* ---- files ---- */

/* Writes body (after the header unless raw) to a fresh file; the path is
 * the caller's. */
static char *write_file(fx *f, const char *ext, const char *body, bool raw)
{
	char name[32], *path;
	size_t hl = raw ? 0 : strlen(HDR), bl = strlen(body);
	char *all = malloc(hl + bl + 1);

	assert_non_null(all);
	snprintf(name, sizeof name, "f%d.%s", ++f->nfile, ext);
	path = rt_path(f->dir, name);
	memcpy(all, HDR, hl);
	memcpy(all + hl, body, bl + 1);
	rt_write_file(path, all, hl + bl);
	free(all);
	return path;
}

static ro_plan *trial(fx *f, const char *body)
{
	char *path = write_file(f, "csv", body, false);
	ro_plan *p = NULL;

	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO), 0);
	assert_non_null(p);
	free(path);
	return p;
}

static const ro_plan_row *row_at(const ro_plan *p, size_t number)
{
	for (size_t i = 0; i < p->nrows; i++)
		if (p->rows[i].row == number)
			return &p->rows[i];
	fail_msg("no row %zu in the plan", number);
	return NULL;
}

static bool has(const ro_plan_row *r, ro_status st)
{
	for (size_t i = 0; i < r->ncodes; i++)
		if (r->codes[i] == st)
			return true;
	for (size_t i = 0; i < r->nwarnings; i++)
		if (r->warnings[i] == st)
			return true;
	return false;
}

/* The message of code st in row r (codes then warnings). */
static const char *message(const ro_plan_row *r, ro_status st)
{
	for (size_t i = 0; i < r->ncodes; i++)
		if (r->codes[i] == st)
			return r->messages[i];
	for (size_t i = 0; i < r->nwarnings; i++)
		if (r->warnings[i] == st)
			return r->messages[r->ncodes + i];
	fail_msg("row %zu has no %s", r->row, ro_status_code(st));
	return NULL;
}

static const ro_change *change(const ro_plan_row *r, const char *field)
{
	for (size_t i = 0; i < r->nchanges; i++)
		if (strcmp(r->changes[i].field, field) == 0)
			return &r->changes[i];
	return NULL;
}

/* ---- portfolios of the demo ---- */

static bool is_student(const ro_portfolio *p)
{
	return p->type == RO_TYPE_STUDENT && p->active && !p->sso &&
	    p->group_name && p->email && !p->temp_password;
}

static bool is_staff(const ro_portfolio *p)
{
	return p->type == RO_TYPE_STAFF && p->active && !p->sso;
}

static bool is_sso(const ro_portfolio *p)
{
	return p->sso != RO_SSO_NONE && p->active;
}

static bool is_inactive(const ro_portfolio *p)
{
	return !p->active && !p->sso;
}

static bool is_demo_temp(const ro_portfolio *p)
{
	return strcmp(p->username, "demo.temp") == 0;
}

/* The nth portfolio (0-based) of the site that pred accepts. */
static void pick(fx *f, ro_portfolio *out, bool (*pred)(const ro_portfolio *),
    int nth)
{
	for (int64_t id = 1; id < 200; id++) {
		if (ro_portfolio_get(out, f->s, id) != 0)
			continue;
		if (pred(out) && nth-- == 0)
			return;
		ro_portfolio_clear(out);
	}
	fail_msg("the demo has no such portfolio");
}

/* A CSV line for p as export writes it, with cells replaced where
 * over[i] is not NULL. */
static void line(char *buf, size_t cap, const ro_portfolio *p,
    const char *const over[9])
{
	char id[24], year[8];
	const char *c[9];
	size_t len = 0;

	snprintf(id, sizeof id, "%lld", (long long)p->id);
	snprintf(year, sizeof year, "%d", p->grad_year);
	c[0] = id;
	c[1] = p->username;
	c[2] = "";
	c[3] = p->first;
	c[4] = p->last;
	c[5] = p->grad_year ? year : "";
	c[6] = p->group_name ? p->group_name : "";
	c[7] = p->email ? p->email : "";
	c[8] = ro_account_type_name(p->type);
	for (int i = 0; i < 9; i++) {
		const char *v = over && over[i] ? over[i] : c[i];
		bool q = strpbrk(v, ",\"\r\n") != NULL;
		len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? "," :
		    "", q ? "\"" : "");
		for (; *v; v++) {
			if (*v == '"')
				buf[len++] = '"';
			buf[len++] = *v;
		}
		if (q)
			buf[len++] = '"';
		buf[len] = '\0';
	}
	len += (size_t)snprintf(buf + len, cap - len, "\n");
}

/* ---- outcomes ---- */

static void test_outcomes(void **state)
{
	fx *f = *state;
	ro_portfolio a, b;
	char body[2048], l1[512], l2[512], oldy[12], newy[12];
	ro_plan *p;
	const ro_change *c;

	pick(f, &a, is_student, 0);
	pick(f, &b, is_student, 1);
	line(l1, sizeof l1, &a, NULL);
	/* A new year too: its old and new values are made from numbers. */
	snprintf(oldy, sizeof oldy, "%d", b.grad_year);
	snprintf(newy, sizeof newy, "%d", b.grad_year == 2030 ? 2031 : 2030);
	line(l2, sizeof l2, &b, (const char *const[9]){ NULL, NULL,
	    "Better2Pw", NULL, NULL, newy, "Period 8", NULL, NULL });
	snprintf(body, sizeof body, "%s%s,new.student1,Welcome123,New,Pupil,"
	    "2029,Period 1,new1@example.org,student\n"
	    ",new.staff1,Welcome123,New,Teacher,,,,staff\n", l1, l2);
	p = trial(f, body);
	assert_int_equal(p->file_error, RO_ST_NONE);
	assert_int_equal(p->summary.rows, 4);
	assert_int_equal(p->summary.same, 1);
	assert_int_equal(p->summary.update, 1);
	assert_int_equal(p->summary.new_rows, 2);
	assert_int_equal(p->summary.error, 0);
	assert_int_equal(row_at(p, 2)->status, RO_ST_SAME);
	assert_int_equal(row_at(p, 2)->nchanges, 0);
	assert_int_equal(row_at(p, 2)->portfolio_id, a.id);
	assert_int_equal(row_at(p, 3)->status, RO_ST_UPD);
	c = change(row_at(p, 3), "Password");
	assert_non_null(c);
	assert_null(c->old_value);
	assert_string_equal(c->new_value, "changed");
	c = change(row_at(p, 3), "Graduation Year");
	assert_non_null(c);
	assert_string_equal(c->old_value, oldy);
	assert_string_equal(c->new_value, newy);
	if (strcmp(b.group_name, "Period 8") != 0) {
		c = change(row_at(p, 3), "Group");
		assert_non_null(c);
		assert_string_equal(c->old_value, b.group_name);
		assert_string_equal(c->new_value, "Period 8");
	}
	assert_int_equal(row_at(p, 4)->status, RO_ST_NEW);
	assert_int_equal(row_at(p, 4)->portfolio_id, 0);
	assert_string_equal(row_at(p, 4)->username, "new.student1");
	assert_int_equal(row_at(p, 5)->status, RO_ST_NEW);
	assert_int_equal(strlen(p->fingerprint), 16);
	assert_true(p->trial_run);
	assert_false(p->applied);
	/* No password ever reaches the plan. */
	for (size_t i = 0; i < p->nrows; i++)
		for (size_t k = 0; k < p->rows[i].nmessages; k++)
			assert_null(strstr(p->rows[i].messages[k], "Better2Pw"));
	ro_plan_free(p);
	ro_portfolio_clear(&a);
	ro_portfolio_clear(&b);
}

static void test_header_only(void **state)
{
	fx *f = *state;
	ro_plan *p = trial(f, "");

	assert_int_equal(p->file_error, RO_ST_NONE);
	assert_int_equal(p->nrows, 0);
	assert_int_equal(p->summary.rows, 0);
	ro_plan_free(p);
}

/* ---- E10, E11 ---- */

static void expect_e10(fx *f, const char *file, const char *needle)
{
	char *path = write_file(f, "csv", file, true);
	ro_plan *p = NULL;

	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO), 0);
	assert_int_equal(p->file_error, RO_ST_E10);
	assert_int_equal(p->nrows, 0);
	assert_string_equal(p->fingerprint, "");
	if (!strstr(p->file_message, needle))
		fail_msg("E10 message '%s' lacks '%s'", p->file_message,
		    needle);
	ro_plan_free(p);
	free(path);
}

static void test_e10_header(void **state)
{
	fx *f = *state;

	expect_e10(f, "Portfolio ID,Password,Username,First Name,Last Name,"
	    "Graduation Year,Group,Email,Account Type\n1,a,b,c,d,,,,staff\n",
	    "column B is \"Password\", expected \"Username\"");
	expect_e10(f, "Portfolio ID,User Name,Password,First Name,Last Name,"
	    "Graduation Year,Group,Email,Account Type\n",
	    "column B is \"User Name\"");
	expect_e10(f, "Portfolio ID,Username,Password,First Name,Last Name,"
	    "Graduation Year,Group,Email\n", "column I (Account Type) is "
	    "missing");
	expect_e10(f, "Portfolio ID,Username,Password,First Name,Last Name,"
	    "Graduation Year,Group,Email,Account Type,Notes\n",
	    "column J (\"Notes\") is one column too many");
	expect_e10(f, "portfolio id,Username,Password,First Name,Last Name,"
	    "Graduation Year,Group,Email,Account Type\n",
	    "column A is \"portfolio id\"");
	expect_e10(f, "\n\n", "no header row");
}

static void test_header_trimmed(void **state)
{
	fx *f = *state;
	char *path = write_file(f, "csv", "\xEF\xBB\xBF Portfolio ID ,"
	    "Username , Password,First Name,Last Name,Graduation Year,Group,"
	    "Email,Account Type \r\n", true);
	ro_plan *p = NULL;

	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO), 0);
	assert_int_equal(p->file_error, RO_ST_NONE);
	ro_plan_free(p);
	free(path);
}

static void test_e11(void **state)
{
	fx *f = *state;
	ro_plan *p = trial(f, ",a,b\n,new.one1,Welcome123,A,B,2029,,,student,"
	    "extra\n");

	assert_int_equal(row_at(p, 2)->status, RO_ST_E11);
	assert_int_equal(row_at(p, 2)->ncodes, 1);
	assert_non_null(strstr(message(row_at(p, 2), RO_ST_E11), "3 cells"));
	assert_int_equal(row_at(p, 3)->status, RO_ST_E11);
	assert_int_equal(p->summary.error, 2);
	ro_plan_free(p);
}

/* ---- E20 … E91 ---- */

static void test_e20_e21(void **state)
{
	fx *f = *state;
	ro_portfolio a;
	char body[2048], l1[512];
	ro_plan *p;
	ro_session *ds;
	ro_portfolio other = { 0 };
	char ou[] = "other.kid1", of[] = "Other", ol[] = "Kid";

	/* A portfolio of another site. */
	assert_int_equal(ro_session_open(&ds, f->db, "district1",
	    "District1pw", NULL), 0);
	assert_int_equal(ro_site_add(ds, "Other School"), 0);
	assert_int_equal(ro_session_set_site(ds, "Other School"), 0);
	other.username = ou;
	other.first = of;
	other.last = ol;
	other.type = RO_TYPE_STUDENT;
	other.grad_year = 2030;
	assert_int_equal(ro_account_add(ds, &other, "Other1Pass"), 0);
	ro_session_free(ds);

	pick(f, &a, is_student, 0);
	line(l1, sizeof l1, &a, NULL);
	snprintf(body, sizeof body, "%s%s"
	    "99999,ghost.user1,,Ghost,User,2029,,,student\n"
	    "%lld,other.kid1,,Other,Kid,2030,,,student\n"
	    "abc,some.user1,,Some,User,2029,,,student\n",
	    l1, l1, (long long)other.id);
	p = trial(f, body);
	assert_true(has(row_at(p, 2), RO_ST_E21));
	assert_true(has(row_at(p, 3), RO_ST_E21));
	assert_non_null(strstr(message(row_at(p, 2), RO_ST_E21), "row 3"));
	assert_non_null(strstr(message(row_at(p, 3), RO_ST_E21), "row 2"));
	assert_int_equal(row_at(p, 4)->status, RO_ST_E20);
	assert_int_equal(row_at(p, 4)->portfolio_id, 99999);
	assert_int_equal(row_at(p, 5)->status, RO_ST_E20);
	assert_non_null(strstr(message(row_at(p, 6), RO_ST_E20),
	    "not a number"));
	ro_plan_free(p);
	ro_portfolio_clear(&a);
}

static void test_e30_e33(void **state)
{
	fx *f = *state;
	ro_portfolio a, b, c;
	char body[4096], l1[512], l2[512], l3[512], upper[64];
	ro_plan *p;

	pick(f, &a, is_student, 0);
	pick(f, &b, is_student, 1);
	pick(f, &c, is_student, 2);
	/* b takes a's username in another case: E32. */
	snprintf(upper, sizeof upper, "%s", a.username);
	for (char *q = upper; *q; q++)
		if (*q >= 'a' && *q <= 'z')
			*q = (char)(*q - 32);
	line(l1, sizeof l1, &a, (const char *const[9]){ NULL, "ab" });
	line(l2, sizeof l2, &b, (const char *const[9]){ NULL, upper });
	line(l3, sizeof l3, &c, (const char *const[9]){ NULL, "bad name!" });
	snprintf(body, sizeof body, "%s%s%s"
	    ",twin.user1,Welcome123,Twin,One,2029,,,student\n"
	    ",TWIN.user1,Welcome123,Twin,Two,2029,,,student\n"
	    ",other.user9,Welcome123,Other,Nine,2029,,,student\n"
	    ",Twin.User1,Welcome123,Twin,Three,2029,,,student\n", l1, l2, l3);
	p = trial(f, body);
	assert_int_equal(row_at(p, 2)->status, RO_ST_E30);
	assert_non_null(strstr(message(row_at(p, 2), RO_ST_E30),
	    "Username ab"));
	assert_int_equal(row_at(p, 3)->status, RO_ST_E32);
	assert_int_equal(row_at(p, 4)->status, RO_ST_E31);
	assert_non_null(strstr(message(row_at(p, 4), RO_ST_E31),
	    "bad name!"));
	assert_int_equal(row_at(p, 5)->status, RO_ST_E33);
	assert_int_equal(row_at(p, 6)->status, RO_ST_E33);
	assert_non_null(strstr(message(row_at(p, 6), RO_ST_E33), "row 5"));
	/* The first names the second; later ones name the first. */
	assert_non_null(strstr(message(row_at(p, 5), RO_ST_E33), "row 6"));
	assert_int_equal(row_at(p, 7)->status, RO_ST_NEW);
	assert_int_equal(row_at(p, 8)->status, RO_ST_E33);
	assert_non_null(strstr(message(row_at(p, 8), RO_ST_E33), "row 5"));
	ro_plan_free(p);

	/* A change of case of one's own username is no clash. */
	line(l1, sizeof l1, &a, (const char *const[9]){ NULL, upper });
	p = trial(f, l1);
	assert_int_equal(row_at(p, 2)->status, RO_ST_UPD);
	ro_plan_free(p);
	ro_portfolio_clear(&a);
	ro_portfolio_clear(&b);
	ro_portfolio_clear(&c);
}

static void test_e40_e42_w20(void **state)
{
	fx *f = *state;
	ro_portfolio a;
	char body[2048], l1[512];
	ro_plan *p;

	pick(f, &a, is_student, 0);
	line(l1, sizeof l1, &a, (const char *const[9]){ NULL, NULL, "qz1" });
	snprintf(body, sizeof body, "%s"
	    ",new.user1,alllowercase1,New,User,2029,,,student\n"
	    ",new.user2,,New,User,2029,,,student\n"
	    ",new.user3,Smithson99,Jo,Smithson,2029,,,student\n", l1);
	p = trial(f, body);
	assert_int_equal(row_at(p, 2)->status, RO_ST_E40);
	assert_true(has(row_at(p, 2), RO_ST_E41));
	assert_int_equal(row_at(p, 2)->ncodes, 2);
	assert_null(strstr(message(row_at(p, 2), RO_ST_E40), "qz1"));
	assert_int_equal(row_at(p, 3)->status, RO_ST_E41);
	assert_int_equal(row_at(p, 4)->status, RO_ST_E42);
	assert_int_equal(row_at(p, 5)->status, RO_ST_NEW);
	assert_true(has(row_at(p, 5), RO_ST_W20));
	assert_null(strstr(message(row_at(p, 5), RO_ST_W20), "Smithson99"));
	ro_plan_free(p);
	ro_portfolio_clear(&a);
}

/* E51: a name the row would store holding a control character; the
 * message names the column.  A CSV cell may hold a line break or an ESC;
 * neither reaches the database. */
static void test_e51(void **state)
{
	fx *f = *state;
	ro_portfolio a;
	char body[4096], l1[512];
	ro_plan *p;

	pick(f, &a, is_student, 0);
	line(l1, sizeof l1, &a, (const char *const[9]){ [4] =
	    "Lee\nUsername: root" });
	snprintf(body, sizeof body, "%s"
	    ",new.user1,Welcome123,\"Eve\x1b[2J\",User,2029,,,student\n"
	    ",new.user2,Welcome123,Ok\xc2\x9b,User,2029,,,student\n"
	    ",new.user3,Welcome123,Zoë,O'Brien,2029,,,student\n", l1);
	p = trial(f, body);
	assert_int_equal(row_at(p, 2)->status, RO_ST_E51);
	assert_non_null(strstr(message(row_at(p, 2), RO_ST_E51), "Last Name"));
	assert_int_equal(row_at(p, 3)->status, RO_ST_E51);
	assert_non_null(strstr(message(row_at(p, 3), RO_ST_E51),
	    "First Name Eve\x1b[2J holds a control character"));
	assert_int_equal(row_at(p, 4)->status, RO_ST_E51);
	assert_int_equal(row_at(p, 5)->status, RO_ST_NEW);
	ro_plan_free(p);
	ro_portfolio_clear(&a);
}

static void test_e50_e60_e70_e71_e80(void **state)
{
	fx *f = *state;
	ro_portfolio a, st;
	char body[4096], l1[512], l2[512], l3[512], l4[512];
	ro_plan *p;

	pick(f, &a, is_student, 0);
	pick(f, &st, is_staff, 0);
	line(l1, sizeof l1, &a, (const char *const[9]){ NULL, NULL, NULL, "",
	    NULL, "", "Perod 3", "not-an-address", NULL });
	line(l2, sizeof l2, &a, NULL);
	line(l3, sizeof l3, &st, (const char *const[9]){ [8] = "student" });
	line(l4, sizeof l4, &st, NULL);
	snprintf(body, sizeof body, "%s"
	    ",new.user1,Welcome123,New,User,20290,,,student\n"
	    ",new.user2,Welcome123,New,User,2029,,,teacher\n"
	    "%s", l1, l3);
	(void)l2;
	(void)l4;
	p = trial(f, body);
	assert_int_equal(row_at(p, 2)->status, RO_ST_E50);
	assert_true(has(row_at(p, 2), RO_ST_E60));
	assert_true(has(row_at(p, 2), RO_ST_E70));
	assert_true(has(row_at(p, 2), RO_ST_E80));
	assert_non_null(strstr(message(row_at(p, 2), RO_ST_E50),
	    "First Name"));
	assert_non_null(strstr(message(row_at(p, 2), RO_ST_E60),
	    "a student needs one"));
	assert_non_null(strstr(message(row_at(p, 2), RO_ST_E70),
	    "did you mean Period 3?"));
	assert_non_null(strstr(message(row_at(p, 2), RO_ST_E80),
	    "not-an-address"));
	assert_int_equal(row_at(p, 3)->status, RO_ST_E60);
	assert_non_null(strstr(message(row_at(p, 3), RO_ST_E60), "20290"));
	assert_int_equal(row_at(p, 4)->status, RO_ST_E71);
	assert_non_null(strstr(message(row_at(p, 4), RO_ST_E71), "teacher"));
	/* A staff portfolio called a student: E71, and a student without a
	 * year (E60) as the file has it. */
	assert_true(has(row_at(p, 5), RO_ST_E71));
	assert_non_null(strstr(message(row_at(p, 5), RO_ST_E71),
	    "differs"));
	ro_plan_free(p);
	ro_portfolio_clear(&a);
	ro_portfolio_clear(&st);
}

static void test_e90_e91(void **state)
{
	fx *f = *state;
	ro_portfolio sso, in;
	char body[4096], l1[512], l2[512], l3[512], l4[512];
	ro_plan *p;

	pick(f, &sso, is_sso, 0);
	pick(f, &in, is_inactive, 0);
	line(l1, sizeof l1, &sso, (const char *const[9]){ NULL, "renamed.sso1" });
	line(l2, sizeof l2, &sso, (const char *const[9]){ NULL, NULL,
	    "Welcome123", "Changed" });
	line(l3, sizeof l3, &in, (const char *const[9]){ [3] = "Renamed" });
	line(l4, sizeof l4, &in, NULL);
	snprintf(body, sizeof body, "%s%s%s%s", l1, l2, l3, l4);
	p = trial(f, body);
	/* The same portfolio twice: E21 on both rows, and all other codes. */
	assert_int_equal(row_at(p, 2)->status, RO_ST_E21);
	assert_true(has(row_at(p, 2), RO_ST_E90));
	assert_non_null(strstr(message(row_at(p, 2), RO_ST_E90), "Username"));
	assert_int_equal(row_at(p, 3)->status, RO_ST_E21);
	assert_true(has(row_at(p, 3), RO_ST_E90));
	assert_non_null(strstr(message(row_at(p, 3), RO_ST_E90), "Password"));
	assert_true(has(row_at(p, 4), RO_ST_E91));
	/* An inactive portfolio the file leaves alone is no error. */
	assert_true(has(row_at(p, 5), RO_ST_E21));
	assert_false(has(row_at(p, 5), RO_ST_E91));
	ro_plan_free(p);

	/* A change of an SSO portfolio's name is fine. */
	line(l2, sizeof l2, &sso, (const char *const[9]){ [3] = "Changed" });
	p = trial(f, l2);
	assert_int_equal(row_at(p, 2)->status, RO_ST_UPD);
	ro_plan_free(p);
	ro_portfolio_clear(&sso);
	ro_portfolio_clear(&in);
}

static void test_staff_session(void **state)
{
	fx *f = *state;
	ro_session *ss;
	ro_portfolio st;
	char body[2048], l1[512];
	ro_plan *p = NULL;
	char *path;

	pick(f, &st, is_staff, 0);
	line(l1, sizeof l1, &st, (const char *const[9]){ [3] = "Other" });
	snprintf(body, sizeof body, "%s,new.admin1,Welcome123,New,Admin,,,,"
	    "admin\n,new.kid1,Welcome123,New,Kid,2029,,,student\n", l1);
	path = write_file(f, "csv", body, false);
	assert_int_equal(ro_session_open(&ss, f->db, "demo.staff",
	    "DemoStaff1", NULL), 0);
	assert_int_equal(ro_plan_trial_run(&p, ss, path, RO_SHEET_AUTO), 0);
	assert_int_equal(row_at(p, 2)->status, RO_ST_E71);
	assert_int_equal(row_at(p, 3)->status, RO_ST_E71);
	assert_non_null(strstr(message(row_at(p, 3), RO_ST_E71),
	    "student portfolios only"));
	assert_int_equal(row_at(p, 4)->status, RO_ST_NEW);
	ro_plan_free(p);
	ro_session_free(ss);
	free(path);
	ro_portfolio_clear(&st);
}

/* ---- warnings ---- */

static void test_w10_w11(void **state)
{
	fx *f = *state;
	ro_portfolio a, z = { 0 };
	char body[4096], l1[512], l2[512], l3[512], id[32], yr[16];
	char zu[] = "0071234", zf[] = "Zero", zl[] = "Lead";
	ro_plan *p;

	/* A username with leading zeros, as a spreadsheet loses them. */
	/* ro_account_add trims in place: writable strings. */
	z.username = zu;
	z.first = zf;
	z.last = zl;
	z.type = RO_TYPE_STUDENT;
	z.grad_year = 2029;
	assert_int_equal(ro_account_add(f->s, &z, "Zero1Lead"), 0);
	pick(f, &a, is_student, 0);
	snprintf(id, sizeof id, "%lld.0", (long long)a.id);
	snprintf(yr, sizeof yr, "%d.0", a.grad_year);
	line(l1, sizeof l1, &a, (const char *const[9]){ id, NULL, NULL,
	    "  Padded ", NULL, yr });
	snprintf(body, sizeof body, "%lld,71234,,Zero,Lead,2029,,,student\n"
	    "%s1.23457E+11,big.number1,,Big,Number,2029,,,student\n",
	    (long long)z.id, l1);
	(void)l2;
	(void)l3;
	p = trial(f, body);
	/* Lost leading zeros: the current username is kept. */
	assert_int_equal(row_at(p, 2)->status, RO_ST_SAME);
	assert_true(has(row_at(p, 2), RO_ST_W10));
	assert_string_equal(row_at(p, 2)->username, "0071234");
	assert_non_null(strstr(message(row_at(p, 2), RO_ST_W10),
	    "leading zeros"));
	/* 17.0 as the id and 2029.0 as the year: read as whole numbers. */
	assert_int_equal(row_at(p, 3)->status, RO_ST_UPD);
	assert_int_equal(row_at(p, 3)->portfolio_id, a.id);
	assert_true(has(row_at(p, 3), RO_ST_W10));
	assert_true(has(row_at(p, 3), RO_ST_W11));
	assert_non_null(strstr(message(row_at(p, 3), RO_ST_W10),
	    "Portfolio ID"));
	assert_non_null(strstr(message(row_at(p, 3), RO_ST_W10),
	    "Graduation Year"));
	assert_non_null(strstr(message(row_at(p, 3), RO_ST_W11),
	    "First Name"));
	assert_string_equal(change(row_at(p, 3), "First Name")->new_value,
	    "Padded");
	assert_null(change(row_at(p, 3), "Graduation Year"));
	/* Scientific notation: the id cannot be trusted. */
	assert_int_equal(row_at(p, 4)->status, RO_ST_E20);
	assert_true(has(row_at(p, 4), RO_ST_W10));
	ro_plan_free(p);
	ro_portfolio_clear(&a);
}

static void test_w12(void **state)
{
	fx *f = *state;
	/* "Zoë" in Windows-1252 is 5A 6F EB. */
	char *path = write_file(f, "csv", HDR ",new.zoe01,Welcome123,Zo\xEB,"
	    "Smith,2029,,,student\r\n", true);
	ro_plan *p = NULL;

	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO), 0);
	assert_true(p->cp1252);
	assert_int_equal(row_at(p, 2)->status, RO_ST_NEW);
	assert_true(has(row_at(p, 2), RO_ST_W12));
	ro_plan_free(p);
	free(path);
}

/* ---- fingerprint ---- */

static void test_fingerprint(void **state)
{
	fx *f = *state;
	ro_portfolio a, b;
	char body[2048], l1[512], l2[512];
	char fp1[17], fp2[17];
	ro_plan *p, *q = NULL;
	char *path;

	pick(f, &a, is_student, 0);
	pick(f, &b, is_student, 1);
	line(l1, sizeof l1, &a, (const char *const[9]){ [3] = "Renamed" });
	p = trial(f, l1);
	snprintf(fp1, sizeof fp1, "%s", p->fingerprint);
	ro_plan_free(p);
	/* The same file gives the same fingerprint. */
	p = trial(f, l1);
	assert_string_equal(p->fingerprint, fp1);
	ro_plan_free(p);
	/* A password only: the diff reads the same, the fingerprint not. */
	line(l2, sizeof l2, &a, (const char *const[9]){ NULL, NULL,
	    "Welcome123", "Renamed" });
	p = trial(f, l2);
	snprintf(fp2, sizeof fp2, "%s", p->fingerprint);
	ro_plan_free(p);
	line(l2, sizeof l2, &a, (const char *const[9]){ NULL, NULL,
	    "Welcome124", "Renamed" });
	p = trial(f, l2);
	assert_string_not_equal(p->fingerprint, fp2);
	assert_string_not_equal(p->fingerprint, fp1);
	ro_plan_free(p);
	/* A change to the data (another upload touches portfolio a). */
	line(l2, sizeof l2, &a, (const char *const[9]){ [4] = "Otherlast" });
	path = write_file(f, "csv", l2, false);
	assert_int_equal(ro_plan_upload(&q, f->s, path, RO_SHEET_AUTO, NULL,
	    -1, NULL, NULL), 0);
	ro_plan_free(q);
	free(path);
	p = trial(f, l1);
	assert_string_not_equal(p->fingerprint, fp1);
	ro_plan_free(p);
	/* A change to a portfolio the file does not name leaves it alone. */
	snprintf(fp1, sizeof fp1, "%s", (p = trial(f, l1))->fingerprint);
	ro_plan_free(p);
	line(l2, sizeof l2, &b, (const char *const[9]){ [4] = "Otherlast" });
	path = write_file(f, "csv", l2, false);
	assert_int_equal(ro_plan_upload(&q, f->s, path, RO_SHEET_AUTO, NULL,
	    -1, NULL, NULL), 0);
	ro_plan_free(q);
	free(path);
	p = trial(f, l1);
	assert_string_equal(p->fingerprint, fp1);
	ro_plan_free(p);
	(void)body;
	ro_portfolio_clear(&a);
	ro_portfolio_clear(&b);
}

/* SipHash-2-4's published test vectors (key 00..0f). */
/* The plan's memory: big blocks come zeroed, keep their bytes as they
 * grow past the 2 MiB of a mapping (and from malloc's into one), and the
 * arena gives aligned pieces and blocks of their own for big strings. */
static void test_memory(void **state)
{
	size_t n = 64 << 10;
	unsigned char *p = ro_big_alloc(n);
	plan_chunk *arena = NULL;
	bool nomem = false;

	(void)state;
	assert_non_null(p);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(p[i], 0);
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7);
	/* From malloc's to a mapping, then a mapping grown twice. */
	for (size_t grow = (size_t)3 << 20; grow <= ((size_t)40 << 20);
	    grow *= 3) {
		size_t old = n;
		assert_non_null(p = ro_big_realloc(p, grow));
		n = grow;
		for (size_t i = 0; i < (size_t)64 << 10; i++)
			assert_int_equal(p[i], (unsigned char)(i * 7));
		for (size_t i = old; i < n; i += 4093)
			assert_int_equal(p[i], 0);
		p[n - 1] = 0xAB;
	}
	assert_int_equal(p[n - 1], 0xAB);
	ro_big_free(p);
	ro_big_free(NULL);

	/* 100,000 small strings and a few big ones: each intact after. */
	char **v = calloc(100000, sizeof *v), big[300000];
	assert_non_null(v);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	for (size_t i = 0; i < 100000; i++) {
		char s[32];
		snprintf(s, sizeof s, "s%zu", i);
		v[i] = plan_arena_strdup(&arena, i % 25000 == 7 ? big : s,
		    &nomem);
		if (i % 1000 == 3) {
			ro_change *c = plan_arena_alloc_aligned(&arena,
			    3 * sizeof *c, _Alignof(ro_change));
			assert_non_null(c);
			assert_int_equal((uintptr_t)c % _Alignof(ro_change), 0);
		}
	}
	assert_false(nomem);
	for (size_t i = 0; i < 100000; i++) {
		char s[32];
		snprintf(s, sizeof s, "s%zu", i);
		assert_string_equal(v[i], i % 25000 == 7 ? big : s);
	}
	assert_null(plan_arena_strdup(&arena, NULL, &nomem));
	plan_arena_free(&arena);
	assert_null(arena);
	free(v);
}

static void test_siphash(void **state)
{
	uint8_t key[16], msg[64];
	plan_sip h;

	(void)state;
	for (int i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	for (int i = 0; i < 64; i++)
		msg[i] = (uint8_t)i;
	plan_sip_init(&h, key);
	assert_true(plan_sip_final(&h) == 0x726fdb47dd0e0e31ULL);
	plan_sip_init(&h, key);
	plan_sip_update(&h, msg, 15);
	assert_true(plan_sip_final(&h) == 0xa129ca6149be45e5ULL);
	/* Streamed in pieces: the same. */
	plan_sip_init(&h, key);
	plan_sip_update(&h, msg, 3);
	plan_sip_update(&h, msg + 3, 12);
	assert_true(plan_sip_final(&h) == 0xa129ca6149be45e5ULL);
	/* 63 bytes in odd pieces: words and bytes on every path. */
	plan_sip_init(&h, key);
	plan_sip_update(&h, msg, 5);
	plan_sip_update(&h, msg + 5, 19);
	plan_sip_update(&h, msg + 24, 39);
	assert_true(plan_sip_final(&h) == 0x958a324ceb064572ULL);
	plan_sip_init(&h, key);
	plan_sip_update(&h, msg, 63);
	assert_true(plan_sip_final(&h) == 0x958a324ceb064572ULL);
}

/* ---- the upload ---- */

static void test_upload_applies(void **state)
{
	fx *f = *state;
	ro_portfolio a, b, got;
	char body[4096], l1[512], l2[512];
	ro_plan *p = NULL;
	ro_batch_list *bl;
	ro_audit_list *al;
	char *path;
	int64_t new_id = 0;

	pick(f, &a, is_student, 0);
	pick(f, &b, is_student, 1);
	line(l1, sizeof l1, &a, (const char *const[9]){ NULL, "renamed.kid1",
	    "Welcome123" });
	line(l2, sizeof l2, &b, (const char *const[9]){ [6] = "" });
	snprintf(body, sizeof body, "%s%s,brand.new1,Brand1New,Brand,New,"
	    "2030,Period 2,brand@example.org,student\n", l1, l2);
	path = write_file(f, "csv", body, false);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    -1, NULL, NULL), 0);
	assert_true(p->applied);
	assert_false(p->trial_run);
	assert_true(p->batch_id > 0);
	assert_int_equal(p->summary.update, 2);
	assert_int_equal(p->summary.new_rows, 1);
	/* Renamed, with a permanent password. */
	assert_int_equal(ro_portfolio_get(&got, f->s, a.id), 0);
	assert_string_equal(got.username, "renamed.kid1");
	assert_false(got.temp_password);
	assert_true(got.version > a.version);
	ro_portfolio_clear(&got);
	assert_int_equal(ro_portfolio_get(&got, f->s, b.id), 0);
	assert_null(got.group_name);
	ro_portfolio_clear(&got);
	/* The new portfolio can sign in with its password. */
	{
		ro_session *ns = NULL;
		int rc = ro_session_open(&ns, f->db, "brand.new1",
		    "Brand1New", NULL);
		/* A student cannot open a session, but the password is right:
		 * the refusal is about the role, not the credentials. */
		assert_int_equal(rc, RO_EDENIED);
		assert_non_null(strstr(ro_error_last(), "student"));
	}
	for (size_t i = 0; i < p->nrows; i++)
		if (p->rows[i].status == RO_ST_NEW)
			new_id = 1;
	assert_true(new_id);
	/* One batch, its audit rows, no password in them. */
	assert_int_equal(ro_batch_list_get(&bl, f->s), 0);
	assert_true(bl->n >= 1);
	assert_int_equal(bl->items[0].id, p->batch_id);
	assert_string_equal(bl->items[0].kind, "upload");
	assert_int_equal(bl->items[0].count, 3);
	ro_batch_list_free(bl);
	assert_int_equal(ro_audit_list_get(&al, f->s, NULL), 0);
	{
		size_t n = 0;
		for (size_t i = 0; i < al->n; i++) {
			if (al->items[i].batch_id != p->batch_id)
				continue;
			n++;
			assert_null(strstr(al->items[i].new_value ?
			    al->items[i].new_value : "", "Welcome123"));
			assert_null(strstr(al->items[i].new_value ?
			    al->items[i].new_value : "", "$argon2"));
		}
		assert_true(n >= 4);
	}
	ro_audit_list_free(al);
	ro_plan_free(p);
	free(path);
	ro_portfolio_clear(&a);
	ro_portfolio_clear(&b);
}

/* A snapshot of what an upload may change, to prove nothing did. */
static char *snapshot(fx *f)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	ro_batch_list *bl;

	assert_non_null(buf);
	buf[0] = '\0';
	for (int64_t id = 1; id < 200; id++) {
		ro_portfolio p;
		if (ro_portfolio_get(&p, f->s, id) != 0)
			continue;
		len += (size_t)snprintf(buf + len, cap - len, "%lld %s %s %s "
		    "%lld\n", (long long)p.id, p.username, p.first, p.last,
		    (long long)p.version);
		ro_portfolio_clear(&p);
	}
	assert_int_equal(ro_batch_list_get(&bl, f->s), 0);
	len += (size_t)snprintf(buf + len, cap - len, "batches %zu\n", bl->n);
	ro_batch_list_free(bl);
	return buf;
}

static void test_upload_refuses_errors(void **state)
{
	fx *f = *state;
	ro_portfolio a;
	char body[2048], l1[512];
	ro_plan *p = NULL;
	char *before, *after, *path;

	pick(f, &a, is_student, 0);
	line(l1, sizeof l1, &a, (const char *const[9]){ [3] = "Changed" });
	/* One good row, one bad: nothing at all is applied. */
	snprintf(body, sizeof body, "%s,x,,,,,,,student\n", l1);
	path = write_file(f, "csv", body, false);
	before = snapshot(f);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    -1, NULL, NULL), RO_EROWS);
	assert_non_null(p);
	assert_false(p->applied);
	assert_int_equal(p->summary.error, 1);
	ro_plan_free(p);
	after = snapshot(f);
	assert_string_equal(before, after);
	free(after);
	free(path);
	/* E10 too. */
	path = write_file(f, "csv", "Username,Portfolio ID\n", true);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    -1, NULL, NULL), RO_EROWS);
	assert_int_equal(p->file_error, RO_ST_E10);
	ro_plan_free(p);
	after = snapshot(f);
	assert_string_equal(before, after);
	free(after);
	free(before);
	free(path);
	ro_portfolio_clear(&a);
}

static void test_upload_expect(void **state)
{
	fx *f = *state;
	ro_portfolio a;
	char l1[512], l2[512], fp[17];
	ro_plan *p = NULL, *q = NULL;
	char *path, *other, *before, *after;

	pick(f, &a, is_student, 0);
	line(l1, sizeof l1, &a, (const char *const[9]){ [3] = "Changed" });
	path = write_file(f, "csv", l1, false);
	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO), 0);
	snprintf(fp, sizeof fp, "%s", p->fingerprint);
	ro_plan_free(p);
	/* Someone changes the portfolio after the trial run. */
	line(l2, sizeof l2, &a, (const char *const[9]){ [4] = "Meanwhile" });
	other = write_file(f, "csv", l2, false);
	assert_int_equal(ro_plan_upload(&q, f->s, other, RO_SHEET_AUTO, NULL,
	    -1, NULL, NULL), 0);
	ro_plan_free(q);
	before = snapshot(f);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, fp, -1,
	    NULL, NULL), RO_ECONFLICT);
	assert_non_null(p);
	assert_false(p->applied);
	assert_string_not_equal(p->fingerprint, fp);
	/* The new plan shows the new old value. */
	assert_string_equal(change(row_at(p, 2), "Last Name")->old_value,
	    "Meanwhile");
	snprintf(fp, sizeof fp, "%s", p->fingerprint);
	ro_plan_free(p);
	after = snapshot(f);
	assert_string_equal(before, after);
	/* With the new fingerprint it goes through. */
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, fp, -1,
	    NULL, NULL), 0);
	assert_true(p->applied);
	ro_plan_free(p);
	free(before);
	free(after);
	free(path);
	free(other);
	ro_portfolio_clear(&a);
}

/* Changes the data while the passwords hash: the upload must notice. */
struct meddle {
	fx *f;
	char *file;
	bool done;
};

static int meddle(void *ctx, size_t done, size_t total)
{
	struct meddle *m = ctx;
	ro_db *db2;
	ro_session *s2;
	ro_plan *p = NULL;

	if (m->done)
		return 0;
	m->done = true;
	assert_int_equal(ro_db_open(&db2, m->f->dbpath), 0);
	assert_int_equal(ro_session_open(&s2, db2, "demo.admin", "DemoAdmin1",
	    NULL), 0);
	assert_int_equal(ro_plan_upload(&p, s2, m->file, RO_SHEET_AUTO, NULL,
	    -1, NULL, NULL), 0);
	ro_plan_free(p);
	ro_session_free(s2);
	ro_db_close(db2);
	return 0;
}

/* An upload whose portfolio meddler(ctx) changes while its passwords
 * are hashed: refused, nothing applied. */
static void changed_while_hashing(fx *f, ro_progress_fn meddler)
{
	ro_portfolio a;
	char l1[512], l2[512];
	struct meddle m = { f, NULL, false };
	ro_plan *p = NULL;
	char *path;

	pick(f, &a, is_student, 0);
	line(l1, sizeof l1, &a, (const char *const[9]){ NULL, NULL,
	    "Welcome123" });
	line(l2, sizeof l2, &a, (const char *const[9]){ [3] = "Meddled" });
	path = write_file(f, "csv", l1, false);
	m.file = write_file(f, "csv", l2, false);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    -1, meddler, &m), RO_ECONFLICT);
	assert_true(m.done);
	assert_non_null(p);
	assert_false(p->applied);
	assert_non_null(strstr(ro_error_last(), "while the passwords were "
	    "hashed"));
	ro_plan_free(p);
	free(path);
	free(m.file);
	ro_portfolio_clear(&a);
}

static void test_upload_changed_while_hashing(void **state)
{
	changed_while_hashing(*state, meddle);
}

/* The same, written through the uploading connection itself: its own
 * commits count as a change too (the plan is made again, not reused). */
static int meddle_same(void *ctx, size_t done, size_t total)
{
	struct meddle *m = ctx;
	ro_plan *p = NULL;

	if (m->done)
		return 0;
	m->done = true;
	assert_int_equal(ro_plan_upload(&p, m->f->s, m->file, RO_SHEET_AUTO,
	    NULL, -1, NULL, NULL), 0);
	ro_plan_free(p);
	return 0;
}

static void test_upload_changed_while_hashing_same_db(void **state)
{
	changed_while_hashing(*state, meddle_same);
}

static int cancel_now(void *ctx, size_t done, size_t total)
{
	return 1;
}

static void test_upload_cancel(void **state)
{
	fx *f = *state;
	ro_portfolio a;
	char l1[512];
	ro_plan *p = NULL;
	char *path, *before, *after;

	pick(f, &a, is_student, 0);
	line(l1, sizeof l1, &a, (const char *const[9]){ NULL, NULL,
	    "Welcome123" });
	path = write_file(f, "csv", l1, false);
	before = snapshot(f);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    -1, cancel_now, NULL), RO_ECANCEL);
	ro_plan_free(p);
	after = snapshot(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(path);
	ro_portfolio_clear(&a);
}

static void test_upload_hold(void **state)
{
	fx *f = *state;
	size_t cap = 1 << 16, len = 0, n = 0;
	char *body = malloc(cap), *path;
	ro_plan *p = NULL;
	long count;

	assert_non_null(body);
	body[0] = '\0';
	/* A new password for every active student and staff portfolio. */
	for (int64_t id = 1; id < 200; id++) {
		ro_portfolio x;
		char l[512];
		if (ro_portfolio_get(&x, f->s, id) != 0)
			continue;
		if (x.active && !x.sso && x.type != RO_TYPE_ADMIN) {
			line(l, sizeof l, &x, (const char *const[9]){ NULL,
			    NULL, "Welcome123" });
			len += (size_t)snprintf(body + len, cap - len, "%s", l);
			n++;
		}
		ro_portfolio_clear(&x);
	}
	path = write_file(f, "csv", body, false);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    -1, NULL, NULL), RO_EHOLD);
	assert_true(p->hold);
	assert_int_equal(p->credential_changes, n);
	assert_false(p->applied);
	count = (long)p->credential_changes;
	/* The engine states the count (hold.h); the front end says how
	 * to give it, so its words name no flag. */
	assert_int_equal(ro_hold_needed(NULL), p->credential_changes);
	assert_null(strstr(ro_error_last(), "--confirm"));
	ro_plan_free(p);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    count - 1, NULL, NULL), RO_EHOLD);
	ro_plan_free(p);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    count, NULL, NULL), 0);
	assert_true(p->applied);
	ro_plan_free(p);
	free(path);
	free(body);
}

static void test_upload_undo(void **state)
{
	fx *f = *state;
	ro_portfolio a, got, t;
	char body[2048], l1[512], l2[512];
	ro_plan *p = NULL;
	int64_t undo = 0, created = 0;
	char *path;

	pick(f, &a, is_student, 0);
	/* demo.temp has a temporary password; the upload makes it permanent,
	 * undo makes it temporary again. */
	pick(f, &t, is_demo_temp, 0);
	assert_true(t.temp_password);
	line(l1, sizeof l1, &a, (const char *const[9]){ NULL, "undo.me1",
	    "Welcome123", "Undone" });
	line(l2, sizeof l2, &t, (const char *const[9]){ NULL, NULL,
	    "Perm4nent1" });
	snprintf(body, sizeof body, "%s%s,created.kid1,Created1Kid,Created,"
	    "Kid,2030,,,student\n", l1, l2);
	path = write_file(f, "csv", body, false);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    -1, NULL, NULL), 0);
	assert_int_equal(ro_portfolio_get(&got, f->s, t.id), 0);
	assert_false(got.temp_password);
	ro_portfolio_clear(&got);
	/* Found by name: ids are the store's to choose (PostgreSQL's come
	 * from a sequence, with gaps). */
	ro_selection kid = { .mode = RO_MODE_LAST_NAME, .arg = "Kid" };
	ro_portfolio_list *kl = NULL;
	assert_int_equal(ro_list_page(&kl, f->s, &kid, NULL, false, 50), 0);
	for (size_t i = 0; i < kl->n; i++)
		if (strcmp(kl->items[i].username, "created.kid1") == 0)
			created = kl->items[i].id;
	ro_portfolio_list_free(kl);
	assert_true(created > 0);
	/* The preview says what the undo will restore, changing nothing. */
	{
		ro_undo_preview *pv = NULL;
		char want[256];
		size_t removes = 0;

		assert_int_equal(ro_batch_undo_preview(&pv, f->s, p->batch_id), 0);
		assert_int_equal(pv->n, 3);
		assert_int_equal(pv->changed_since, 0);
		assert_int_equal(pv->undone_by, 0);
		snprintf(want, sizeof want, "Username: undo.me1 → %s", a.username);
		for (size_t i = 0; i < pv->n; i++) {
			if (pv->items[i].portfolio_id == a.id)
				assert_non_null(strstr(pv->items[i].restores, want));
			if (pv->items[i].portfolio_id == t.id)
				assert_non_null(strstr(pv->items[i].restores,
				    "Password: changed → restored"));
			removes += pv->items[i].removes;
		}
		assert_int_equal(removes, 1);
		ro_undo_preview_free(pv);
	}
	assert_int_equal(ro_batch_undo(&undo, f->s, p->batch_id), 0);
	assert_true(undo > 0);
	{
		ro_undo_preview *pv = NULL;

		assert_int_equal(ro_batch_undo_preview(&pv, f->s, p->batch_id), 0);
		assert_int_equal(pv->undone_by, undo);
		ro_undo_preview_free(pv);
	}
	/* Updated portfolios are back; the created one is gone. */
	assert_int_equal(ro_portfolio_get(&got, f->s, a.id), 0);
	assert_string_equal(got.username, a.username);
	assert_string_equal(got.first, a.first);
	ro_portfolio_clear(&got);
	assert_int_equal(ro_portfolio_get(&got, f->s, t.id), 0);
	assert_true(got.temp_password);
	ro_portfolio_clear(&got);
	assert_int_equal(ro_portfolio_get(&got, f->s, created), RO_ENOTFOUND);
	/* And the same file trial-runs as before the upload. */
	ro_plan_free(p);
	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO), 0);
	assert_int_equal(p->summary.new_rows, 1);
	assert_int_equal(p->summary.update, 2);
	assert_int_equal(p->summary.error, 0);
	ro_plan_free(p);
	free(path);
	ro_portfolio_clear(&a);
	ro_portfolio_clear(&t);
}

/* What a review shows (issue 13): a new row lists what it creates; a
 * field with an error lists no change; the file uploaded again is SAME,
 * created by the batch, not E32. */
static void test_review(void **state)
{
	fx *f = *state;
	ro_portfolio a;
	char body[1024], l1[512];
	ro_plan *p = NULL;
	const ro_plan_row *r;
	int64_t batch;
	char *path;
	bool first = false;

	pick(f, &a, is_student, 0);
	line(l1, sizeof l1, &a, (const char *const[9]){ NULL, "bad name!",
	    NULL, NULL, NULL, "2031" });
	snprintf(body, sizeof body, "%s,review.kid1,Review1Kid,Review,Kid,"
	    "2030,,,student\n", l1);
	path = write_file(f, "csv", body, false);
	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO), 0);
	r = &p->rows[0];
	assert_int_equal(r->status, RO_ST_E31);
	assert_int_equal(r->nchanges, 1);
	assert_string_equal(r->changes[0].field, "Graduation Year");
	r = &p->rows[1];
	assert_int_equal(r->status, RO_ST_NEW);
	assert_int_equal(r->nchanges, 0);
	for (size_t i = 0; i < r->ncreates; i++)
		if (strcmp(r->creates[i].field, "First Name") == 0)
			first = strcmp(r->creates[i].new_value, "Review") == 0;
	assert_true(first);
	ro_plan_free(p);
	free(path);
	/* The new row alone, uploaded, then trial-run again. */
	path = write_file(f, "csv", ",review.kid1,Review1Kid,Review,Kid,2030,,,"
	    "student\n", false);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    -1, NULL, NULL), 0);
	batch = p->batch_id;
	assert_true(batch > 0);
	ro_plan_free(p);
	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO), 0);
	assert_int_equal(p->rows[0].status, RO_ST_SAME);
	assert_int_equal(p->rows[0].ncodes, 0);
	assert_int_equal(p->rows[0].created_by, batch);
	assert_true(p->rows[0].portfolio_id > 0);
	assert_int_equal(p->summary.same, 1);
	ro_plan_free(p);
	/* Uploading it again changes nothing and records no batch. */
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, NULL,
	    -1, NULL, NULL), 0);
	assert_int_equal(p->batch_id, 0);
	ro_plan_free(p);
	free(path);
	ro_portfolio_clear(&a);
}

static void test_unreadable(void **state)
{
	fx *f = *state;
	ro_plan *p = (ro_plan *)1;
	char *path = rt_path(f->dir, "missing.csv");

	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO),
	    RO_EIO);
	assert_null(p);
	free(path);
	path = write_file(f, "csv", "", true);
	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO),
	    RO_EFORMAT);
	assert_null(p);
	free(path);
}

/* A file naming most of the site: the plan reads the site in one pass
 * and keeps unchanged rows without copying them.  Same outcomes. */
static void test_whole_site(void **state)
{
	fx *f = *state;
	size_t cap = 1 << 20, len = 0, n = 0;
	char *body = malloc(cap), *path, l[512], fp[17];
	int64_t changed = 0, pw = 0, renamed = 0, inactive = 0, sso = 0;
	const char *taken = NULL;
	ro_plan *p = NULL;
	ro_portfolio got;
	int64_t undo;

	assert_non_null(body);
	body[0] = '\0';
	for (int64_t id = 1; id < 3000; id++) {
		ro_portfolio x;
		const char *over[9] = { 0 };
		if (ro_portfolio_get(&x, f->s, id) != 0)
			continue;
		if (x.sso && !sso && x.active) {
			sso = id;
			over[1] = "renamed.sso1";
		} else if (!x.active && !inactive) {
			inactive = id;
			over[3] = "Renamed";
		} else if (!x.active || x.sso || x.temp_password ||
		    x.type == RO_TYPE_ADMIN) {
			/* as it is */
		} else if (!changed) {
			changed = id;
			over[4] = "Newlast";
		} else if (!pw) {
			pw = id;
			over[2] = "Welcome123";
		} else if (!renamed) {
			renamed = id;
			over[1] = "fresh.name1";
		} else if (!taken) {
			/* Takes the username of the row before it: E32. */
			static char prev[64];
			ro_portfolio y;
			assert_int_equal(ro_portfolio_get(&y, f->s, renamed), 0);
			snprintf(prev, sizeof prev, "%s", y.username);
			ro_portfolio_clear(&y);
			taken = prev;
			over[1] = prev;
		}
		line(l, sizeof l, &x, over);
		len += (size_t)snprintf(body + len, cap - len, "%s", l);
		n++;
		ro_portfolio_clear(&x);
	}
	assert_true(n > 2500);
	p = trial(f, body);
	assert_int_equal(p->summary.rows, n);
	assert_int_equal(p->summary.update, 3);
	assert_int_equal(p->summary.error, 3);
	assert_int_equal(p->summary.same, n - 6);
	for (size_t i = 0; i < p->nrows; i++) {
		const ro_plan_row *r = &p->rows[i];
		if (r->portfolio_id == sso)
			assert_int_equal(r->status, RO_ST_E90);
		else if (r->portfolio_id == inactive)
			assert_int_equal(r->status, RO_ST_E91);
		else if (r->portfolio_id == changed)
			assert_string_equal(change(r, "Last Name")->new_value,
			    "Newlast");
		else if (r->portfolio_id == pw)
			assert_non_null(change(r, "Password"));
		else if (r->portfolio_id == renamed)
			assert_string_equal(change(r, "Username")->new_value,
			    "fresh.name1");
		else if (r->status != RO_ST_SAME)
			assert_int_equal(r->status, RO_ST_E32);
	}
	ro_plan_free(p);

	/* Without the error rows it uploads; the same file again is SAME
	 * but for the password; undo puts everything back. */
	len = 0;
	{
		char *save = NULL, *copy = strdup(body), *ln;
		assert_non_null(copy);
		body[0] = '\0';
		for (ln = strtok_r(copy, "\n", &save); ln;
		    ln = strtok_r(NULL, "\n", &save)) {
			long long id = strtoll(ln, NULL, 10);
			if (id == sso || id == inactive || (taken &&
			    strstr(ln, taken) && id != renamed))
				continue;
			len += (size_t)snprintf(body + len, cap - len, "%s\n",
			    ln);
		}
		free(copy);
	}
	path = write_file(f, "csv", body, false);
	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO), 0);
	assert_int_equal(p->summary.error, 0);
	snprintf(fp, sizeof fp, "%s", p->fingerprint);
	ro_plan_free(p);
	assert_int_equal(ro_plan_upload(&p, f->s, path, RO_SHEET_AUTO, fp,
	    -1, NULL, NULL), 0);
	assert_true(p->applied);
	assert_int_equal(p->summary.update, 3);
	undo = p->batch_id;
	ro_plan_free(p);
	assert_int_equal(ro_portfolio_get(&got, f->s, changed), 0);
	assert_string_equal(got.last, "Newlast");
	ro_portfolio_clear(&got);
	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO), 0);
	assert_int_equal(p->summary.update, 1);
	assert_int_equal(p->summary.same, p->summary.rows - 1);
	ro_plan_free(p);
	assert_int_equal(ro_batch_undo(&undo, f->s, undo), 0);
	assert_int_equal(ro_portfolio_get(&got, f->s, renamed), 0);
	assert_string_not_equal(got.username, "fresh.name1");
	ro_portfolio_clear(&got);
	free(path);
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_outcomes, setup, rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_header_only, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_e10_header, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_header_trimmed, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_e11, setup, rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_e20_e21, setup, rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_e30_e33, setup, rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_e40_e42_w20, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_e51, setup, rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_e50_e60_e70_e71_e80,
		    setup, rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_e90_e91, setup, rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_staff_session, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_w10_w11, setup, rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_w12, setup, rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_fingerprint, setup,
		    rt_demo_teardown),
		cmocka_unit_test(test_siphash),
		cmocka_unit_test(test_memory),
		cmocka_unit_test_setup_teardown(test_upload_applies, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_upload_refuses_errors,
		    setup, rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_upload_expect, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(
		    test_upload_changed_while_hashing, setup, rt_demo_teardown),
		cmocka_unit_test_setup_teardown(
		    test_upload_changed_while_hashing_same_db, setup, rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_upload_cancel, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_upload_hold, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_upload_undo, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_review, setup, rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_unreadable, setup,
		    rt_demo_teardown),
		cmocka_unit_test_setup_teardown(test_whole_site, setup_big,
		    rt_demo_teardown),
	};

	return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
