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
#include <time.h>

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

/* The SSO lock on the one single-change path: a portfolio linked to
 * Clever is never asked for a new password here, and cannot set one. */
static void test_sso_password_kept(void **state)
{
	struct fx *f = *state;
	ro_store *st = ro_db_store(f->db);
	ro_signin *si = NULL;
	ro_store_row r;
	char *hash;

	assert_int_equal(ro_store_portfolio_by_username(st, &r, "kid.one"), 0);
	r.p.sso = RO_SSO_CLEVER;
	r.p.temp_password = true;
	assert_int_equal(ro_store_portfolio_update(st, &r), 0);
	hash = strdup(r.hash);
	ro_store_row_clear(&r);

	assert_int_equal(ro_signin_verify(&si, f->db, "kid.one", "Start1234"),
	    0);
	assert_false(si->need_password);
	assert_int_equal(ro_signin_change_password(si, f->db, "Start1234",
	    "Fresh2Start"), RO_EDENIED);
	assert_non_null(strstr(ro_error_last(), "Clever"));
	ro_signin_free(si);
	assert_int_equal(ro_store_portfolio_by_username(st, &r, "kid.one"), 0);
	assert_string_equal(r.hash, hash);
	ro_store_row_clear(&r);
	free(hash);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *t, int n)
{
	qsort(t, (size_t)n, sizeof t[0], cmp_double);
	return (t[n / 2 - 1] + t[n / 2]) / 2;
}

/* One timed sign-in that must be refused. */
static double timed_refusal(ro_db *db, const char *username,
    const char *password)
{
	ro_signin *si = NULL;
	double t0 = now_s();

	assert_int_equal(ro_signin_verify(&si, db, username, password),
	    RO_EDENIED);
	return now_s() - t0;
}

/* A wrong username costs what a wrong password costs, at the default
 * cost: both spend one Argon2id verify (the unknown one against the dummy
 * hash).  Interleaved medians of ten, within a generous factor, so that a
 * busy machine does not make it flaky while a missing verify (a hundred
 * times cheaper) still fails it. */
static void test_unknown_user_costs_a_verify(void **state)
{
	struct fx *f = *state;
	ro_hash_params def = ro_hash_params_default();
	ro_portfolio p;
	ro_signin *si = NULL;
	double tu[10], tp[10], wrong_user, wrong_pw, ratio;

	assert_int_equal(ro_db_setting_set(f->db, "signin.max_failures",
	    "10"), 0);
	/* (after the setting: settings reload the handle's cost) */
	ro_db_set_hash_params(f->db, &def);
	memset(&p, 0, sizeof p);
	p.username = strdup("kid.costly");
	p.first = strdup("Cole");
	p.last = strdup("Stly");
	p.type = RO_TYPE_STUDENT;
	p.grad_year = 2031;
	assert_int_equal(ro_account_add(f->s, &p, "Costly1234"), 0);
	ro_portfolio_clear(&p);
	/* Warm both paths up: the dummy hash is made on first use. */
	assert_int_equal(ro_signin_verify(&si, f->db, "no.such.kid",
	    "Costly1234"), RO_EDENIED);
	assert_int_equal(ro_signin_verify(&si, f->db, "kid.costly",
	    "Wrong12345"), RO_EDENIED);

	for (int i = 0; i < 10; i++) {
		tu[i] = timed_refusal(f->db, "no.such.kid", "Costly1234");
		tp[i] = timed_refusal(f->db, "kid.costly", "Wrong12345");
	}
	wrong_user = median(tu, 10);
	wrong_pw = median(tp, 10);
	ratio = wrong_user / wrong_pw;
	print_message("wrong username %.1f ms, wrong password %.1f ms "
	    "(median of 10, default cost)\n", wrong_user * 1e3,
	    wrong_pw * 1e3);
	assert_true(wrong_pw > 0.005);   /* a real Argon2id verify */
	assert_true(ratio > 0.5 && ratio < 2.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lockout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rehash_on_new_cost, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_temporary_password_and_answers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sso_password_kept, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_unknown_user_costs_a_verify, setup, teardown),
	};
	return cmocka_run_group_tests_name("signin", tests, NULL, NULL);
}
