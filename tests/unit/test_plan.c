/* test_plan.c — the trial run: every status code and warning, and the
 * fingerprint.  Each test gets a fresh demo database (60 portfolios,
 * cheap hashing); the upload is test_plan_upload.c's, the plan's memory
 * and hash test_plan_memory.c's. */
#include "plan_testlib.h"

#include <roster/batch.h>
#include <roster/db.h>
#include <roster/error.h>

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
		for (size_t k = 0; k < row_i(p, i)->nmessages; k++)
			assert_null(strstr(row_i(p, i)->messages[k],
			    "Better2Pw"));
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
	};

	return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
