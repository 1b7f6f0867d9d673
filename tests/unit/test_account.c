/* test_account.c — init, sessions and their confinement to a site, sites,
 * groups, single accounts, and the demo generator. */
#include "helpers.h"

#include <roster/account.h>
#include <roster/db.h>
#include <roster/error.h>
#include <roster/hash.h>
#include <roster/portfolio.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fx {
	char *dir, *path;
	ro_db *db;
	ro_session *district;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	ro_hash_params hp = ro_hash_params_test();

	f->dir = rt_tmpdir();
	f->path = rt_db_fresh(f->dir, "roster.db");
	assert_int_equal(ro_init(f->path, "district1", "District1pw", &hp), 0);
	assert_int_equal(ro_db_open(&f->db, f->path), 0);
	assert_int_equal(ro_session_open(&f->district, f->db, "district1",
	    "District1pw", NULL), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	ro_session_free(f->district);
	ro_db_close(f->db);
	rt_db_free(f->path);
	rt_tmpdir_free(f->dir);
	free(f);
	return 0;
}

static void add(ro_session *s, const char *user, ro_account_type t,
    const char *group, int expect)
{
	ro_portfolio p;

	memset(&p, 0, sizeof p);
	p.username = strdup(user);
	p.first = strdup("Pat");
	p.last = strdup("Lee");
	p.type = t;
	p.grad_year = t == RO_TYPE_STUDENT ? 2030 : 0;
	p.group_name = group ? strdup(group) : NULL;
	assert_int_equal(ro_account_add(s, &p, "Passw0rdX"), expect);
	ro_portfolio_clear(&p);
}

static void test_init_rules(void **state)
{
	struct fx *f = *state;
	ro_hash_params hp = ro_hash_params_test();
	char *p2 = rt_db_fresh(f->dir, "two.db");
	ro_db *db = NULL;

	assert_int_equal(ro_init(f->path, "district2", "District1pw", &hp),
	    RO_EEXISTS);
	assert_int_equal(ro_init(p2, "abc", "District1pw", &hp), RO_EINVAL);
	assert_int_equal(ro_init(p2, "district2", "short", &hp), RO_EINVAL);
	/* A refused init leaves no database behind. */
	assert_int_equal(ro_db_open(&db, p2), RO_ENODB);
	rt_db_free(p2);
}

static void test_sites_and_confinement(void **state)
{
	struct fx *f = *state;
	ro_session *admin = NULL;
	ro_named_list *l;

	assert_int_equal(ro_site_add(f->district, "North"), 0);
	assert_int_equal(ro_site_add(f->district, "South"), 0);
	assert_int_equal(ro_site_add(f->district, "north"), RO_EEXISTS);
	assert_int_equal(ro_session_set_site(f->district, "North"), 0);
	assert_string_equal(ro_session_site_name(f->district), "North");
	add(f->district, "north.admin", RO_TYPE_ADMIN, NULL, 0);
	assert_int_equal(ro_session_open(&admin, f->db, "north.admin",
	    "Passw0rdX", NULL), 0);
	assert_string_equal(ro_session_site_name(admin), "North");
	assert_int_equal(ro_session_set_site(admin, "South"), RO_EDENIED);
	assert_int_equal(ro_site_add(admin, "West"), RO_EDENIED);
	assert_int_equal(ro_site_list(&l, admin), RO_EDENIED);
	assert_int_equal(ro_site_list(&l, f->district), 0);
	assert_int_equal(l->n, 2);
	ro_named_list_free(l);
	ro_session_free(admin);
	assert_int_equal(ro_session_open(&admin, f->db, "north.admin",
	    "Passw0rdX", "South"), RO_EDENIED);
}

static void test_groups_and_accounts(void **state)
{
	struct fx *f = *state;
	ro_session *staff = NULL;
	ro_named_list *l;

	/* No site yet: the engine states it and the next step as a code,
	 * never as a command to type (each front end phrases that). */
	assert_int_equal(ro_group_add(f->district, "Period 1"), RO_ENOTFOUND);
	assert_string_equal(ro_error_last(), "there is no site yet");
	assert_int_equal(ro_error_next(), RO_NEXT_ADD_SITE);
	assert_int_equal(ro_site_add(f->district, "North"), 0);
	assert_int_equal(ro_group_add(f->district, "Period 1"), 0);
	assert_int_equal(ro_group_add(f->district, "period 1"), RO_EEXISTS);
	assert_int_equal(ro_group_add(f->district, "  "), RO_EINVAL);
	assert_int_equal(ro_group_add(f->district, "Bad\x1b[31m"), RO_EINVAL);
	add(f->district, "staff.one", RO_TYPE_STAFF, NULL, 0);
	add(f->district, "pupil.one", RO_TYPE_STUDENT, "Period 1", 0);
	add(f->district, "PUPIL.ONE", RO_TYPE_STUDENT, NULL, RO_EEXISTS);
	add(f->district, "pupil.two", RO_TYPE_STUDENT, "Nope", RO_ENOTFOUND);
	add(f->district, "bad user!", RO_TYPE_STUDENT, NULL, RO_EINVAL);
	assert_int_equal(ro_session_open(&staff, f->db, "staff.one",
	    "Passw0rdX", NULL), 0);
	add(staff, "pupil.three", RO_TYPE_STUDENT, NULL, 0);
	add(staff, "admin.two", RO_TYPE_ADMIN, NULL, RO_EDENIED);
	assert_int_equal(ro_group_add(staff, "Period 2"), RO_EDENIED);
	assert_int_equal(ro_group_list(&l, staff), 0);
	assert_int_equal(l->n, 1);
	assert_int_equal(l->items[0].count, 1);
	ro_named_list_free(l);
	ro_session_free(staff);
	/* Students cannot act as admins. */
	assert_int_equal(ro_session_open(&staff, f->db, "pupil.one",
	    "Passw0rdX", NULL), RO_EDENIED);
	assert_string_equal(ro_error_last(), "student accounts cannot manage "
	    "portfolios");
	assert_int_equal(ro_error_next(), RO_NEXT_SIGNIN);
	/* Facts, not options: a student without a year. */
	ro_portfolio p = { .username = strdup("pupil.four"),
		.first = strdup("Pat"), .last = strdup("Lee"),
		.type = RO_TYPE_STUDENT };
	assert_int_equal(ro_account_add(f->district, &p, "Passw0rdX"),
	    RO_EINVAL);
	assert_string_equal(ro_error_last(), "a student needs a graduation "
	    "year");
	ro_portfolio_clear(&p);
}

/* Every string stored through account add, site add, group add and the
 * settings is valid UTF-8 without control characters; the message names
 * the field, and nothing is stored. */
static void test_text_checked(void **state)
{
	static const char *const bad[] = {
		"Ana\xe9", "Smith\nUsername: root", "Eve\x1b]0;x\x07",
		"C1\xc2\x9b", "tab\tin", "del\x7f",
	};
	struct fx *f = *state;
	ro_named_list *l;

	assert_int_equal(ro_site_add(f->district, "North"), 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ro_portfolio p;

		assert_int_equal(ro_site_add(f->district, bad[i]), RO_EINVAL);
		assert_non_null(strstr(ro_error_last(), "site name"));
		assert_int_equal(ro_group_add(f->district, bad[i]), RO_EINVAL);
		assert_non_null(strstr(ro_error_last(), "group name"));
		for (int field = 0; field < 3; field++) {
			memset(&p, 0, sizeof p);
			p.username = strdup("pupil.bad");
			p.first = strdup(field == 0 ? bad[i] : "Pat");
			p.last = strdup(field == 1 ? bad[i] : "Lee");
			p.email = field == 2 ? strdup(bad[i]) : NULL;
			p.type = RO_TYPE_STUDENT;
			p.grad_year = 2030;
			assert_int_equal(ro_account_add(f->district, &p,
			    "Passw0rdX"), RO_EINVAL);
			assert_non_null(strstr(ro_error_last(), field == 0 ?
			    "First Name" : field == 1 ? "Last Name" : "mail"));
			ro_portfolio_clear(&p);
		}
		assert_int_equal(ro_setting_change(f->district, "mail.from",
		    bad[i]), RO_EINVAL);
		assert_non_null(strstr(ro_error_last(), "mail.from"));
	}
	assert_int_equal(ro_site_list(&l, f->district), 0);
	assert_int_equal(l->n, 1);
	ro_named_list_free(l);
	assert_int_equal(ro_group_list(&l, f->district), 0);
	assert_int_equal(l->n, 0);
	ro_named_list_free(l);
	assert_null(ro_db_setting(f->db, "mail.from"));
	/* Accents, apostrophes and hyphens are names. */
	assert_int_equal(ro_group_add(f->district, "Période 1 — Zoë's"), 0);
}

static void test_wrong_password_and_unknown_user_alike(void **state)
{
	struct fx *f = *state;
	ro_session *s = NULL;
	char a[256], b[256];

	assert_int_equal(ro_session_open(&s, f->db, "district1", "Wrong1pwX",
	    NULL), RO_EDENIED);
	snprintf(a, sizeof a, "%s", ro_error_last());
	assert_int_equal(ro_session_open(&s, f->db, "nobody99", "Wrong1pwX",
	    NULL), RO_EDENIED);
	snprintf(b, sizeof b, "%s", ro_error_last());
	assert_string_equal(a, b);
}

static void test_demo_repeatable(void **state)
{
	struct fx *f = *state;
	const ro_demo_signin *si;
	size_t nsi, n, sso = 0, inactive = 0;
	ro_selection all = { .mode = RO_MODE_ALL };
	ro_selection gone = { .mode = RO_MODE_ALL, .inactive = true };
	ro_portfolio_list *l;

	assert_int_equal(ro_demo_create(f->db, 2000, &si, &nsi), 0);
	assert_true(nsi >= 3);
	assert_int_equal(ro_session_set_site(f->district, "Demo High School"),
	    0);
	assert_int_equal(ro_list_count(&n, f->district, &all), 0);
	assert_int_equal(ro_list_count(&inactive, f->district, &gone), 0);
	assert_int_equal(n + inactive, 2000 + nsi);
	/* About 3 % inactive and 5 % SSO-linked. */
	assert_true(inactive > 30 && inactive < 100);
	assert_int_equal(ro_list_page(&l, f->district, &all, NULL, false,
	    3000), 0);
	int accented = 0;
	for (size_t i = 0; i < l->n; i++) {
		sso += l->items[i].sso != RO_SSO_NONE;
		for (const unsigned char *c =
		    (const unsigned char *)l->items[i].last; *c; c++)
			accented |= *c >= 0x80;
	}
	assert_true(sso > 60 && sso < 160);
	assert_true(accented);
	/* The same seed gives the same first rows every time. */
	assert_string_equal(l->items[0].last, "Abernathy");
	ro_portfolio_list_free(l);
	assert_int_equal(ro_demo_create(f->db, 10, &si, &nsi), RO_EEXISTS);
	/* The demo sign-ins work. */
	ro_session *s = NULL;
	assert_int_equal(ro_session_open(&s, f->db, si[0].username,
	    si[0].password, NULL), 0);
	ro_session_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sites_and_confinement,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_groups_and_accounts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_wrong_password_and_unknown_user_alike, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_checked, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_demo_repeatable, setup,
		    teardown),
	};
	return cmocka_run_group_tests_name("account", tests, NULL, NULL);
}
