/* test_signin.c — a portfolio signing in: lockout, re-hash under new
 * costs, the forced change of a temporary password, security answers. */
#include "helpers.h"

#include <roster/account.h>
#include <roster/db.h>
#include <roster/error.h>
#include <roster/hash.h>
#include <roster/signin.h>
#include "../../src/core/core_int.h"

#include <stdlib.h>
#include <string.h>

struct fx {
	char *dir, *path;
	ro_db *db;
	ro_session *s;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	ro_hash_params hp = ro_hash_params_test();
	ro_portfolio p;

	f->dir = rt_tmpdir();
	f->path = rt_path(f->dir, "roster.db");
	assert_int_equal(ro_init(f->path, "district1", "District1pw", &hp), 0);
	assert_int_equal(ro_db_open(&f->db, f->path), 0);
	assert_int_equal(ro_session_open(&f->s, f->db, "district1",
	    "District1pw", NULL), 0);
	assert_int_equal(ro_site_add(f->s, "North"), 0);
	memset(&p, 0, sizeof p);
	p.username = strdup("kid.one");
	p.first = strdup("Kim");
	p.last = strdup("Ode");
	p.type = RO_TYPE_STUDENT;
	p.grad_year = 2031;
	assert_int_equal(ro_account_add(f->s, &p, "Start1234"), 0);
	ro_portfolio_clear(&p);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	ro_session_free(f->s);
	ro_db_close(f->db);
	free(f->path);
	rt_tmpdir_free(f->dir);
	free(f);
	return 0;
}

static void test_lockout(void **state)
{
	struct fx *f = *state;
	ro_signin *si = NULL;

	for (int i = 0; i < 4; i++)
		assert_int_equal(ro_signin_verify(&si, f->db, "kid.one",
		    "Wrong1234"), RO_EDENIED);
	/* A success before the limit clears the count. */
	assert_int_equal(ro_signin_verify(&si, f->db, "KID.ONE", "Start1234"),
	    0);
	ro_signin_free(si);
	for (int i = 0; i < 5; i++)
		assert_int_equal(ro_signin_verify(&si, f->db, "kid.one",
		    "Wrong1234"), RO_EDENIED);
	assert_int_equal(ro_signin_verify(&si, f->db, "kid.one", "Start1234"),
	    RO_EDENIED);
	assert_non_null(strstr(ro_error_last(), "locked"));
	/* The wrong password on a locked account says nothing of the lock. */
	assert_int_equal(ro_signin_verify(&si, f->db, "kid.one", "Wrong1234"),
	    RO_EDENIED);
	assert_null(strstr(ro_error_last(), "locked"));
}

static void test_rehash_on_new_cost(void **state)
{
	struct fx *f = *state;
	ro_signin *si = NULL;
	ro_store_row r;
	ro_hash_params got;

	assert_int_equal(ro_db_setting_set(f->db, "hash.t", "2"), 0);
	assert_int_equal(ro_signin_verify(&si, f->db, "kid.one", "Start1234"),
	    0);
	assert_int_equal(ro_store_portfolio_by_username(ro_db_store(f->db), &r,
	    "kid.one"), 0);
	assert_int_equal(ro_hash_params_of(&got, r.hash), 0);
	assert_int_equal(got.t, 2);
	assert_int_equal(ro_hash_verify(r.hash, "Start1234"), 0);
	ro_store_row_clear(&r);
	ro_signin_free(si);
}

static void test_temporary_password_and_answers(void **state)
{
	struct fx *f = *state;
	ro_store *st = ro_db_store(f->db);
	ro_signin *si = NULL;
	ro_store_row r;
	const char *ans[] = { "Rex", "Leeds", "Dune" };
	char *joined = NULL;

	/* Make the password temporary and the answers reset, as a task
	 * would. */
	assert_int_equal(ro_store_portfolio_by_username(st, &r, "kid.one"), 0);
	r.p.temp_password = true;
	r.p.sq_reset = true;
	assert_int_equal(ro_store_portfolio_update(st, &r), 0);
	ro_store_row_clear(&r);

	assert_int_equal(ro_signin_verify(&si, f->db, "kid.one", "Start1234"),
	    0);
	assert_true(si->need_password);
	assert_true(si->need_answers);
	assert_int_equal(ro_signin_change_password(si, f->db, "Start1234",
	    "Start1234"), RO_EINVAL);
	assert_int_equal(ro_signin_change_password(si, f->db, "Start1234",
	    "weak"), RO_EINVAL);
	/* W20: a new password holding the name is refused at sign-in. */
	assert_int_equal(ro_signin_change_password(si, f->db, "Start1234",
	    "Kimberly1X"), RO_EINVAL);
	assert_int_equal(ro_signin_change_password(si, f->db, "Start1234",
	    "Fresh2Start"), 0);
	const char *bad[] = { "Rex", "", "Dune" };
	assert_int_equal(ro_signin_set_answers(si, f->db, bad), RO_EINVAL);
	assert_int_equal(ro_signin_set_answers(si, f->db, ans), 0);
	ro_signin_free(si);

	assert_int_equal(ro_signin_verify(&si, f->db, "kid.one", "Fresh2Start"),
	    0);
	assert_false(si->need_password);
	assert_false(si->need_answers);
	ro_signin_free(si);
	assert_int_equal(ro_store_portfolio_by_username(st, &r, "kid.one"), 0);
	assert_int_equal(ro_store_answers_get(st, r.p.id, &joined), 0);
	/* Answers are stored only as Argon2id hashes. */
	assert_non_null(joined);
	assert_non_null(strstr(joined, "$argon2id$"));
	assert_null(strstr(joined, "Leeds"));
	free(joined);
	ro_store_row_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lockout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rehash_on_new_cost, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_temporary_password_and_answers, setup, teardown),
	};
	return cmocka_run_group_tests_name("signin", tests, NULL, NULL);
}
