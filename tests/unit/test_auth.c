/* test_auth.c — the sign-in path (auth.c) and the unlock (unlock.c): the
 * dummy hash kept in the database, the delay that grows with each failure
 * in a row, tries during a delay, the audit rows, and who may unlock. */
#include "helpers.h"

#include <roster/account.h>
#include <roster/batch.h>
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
	ro_session *s;      /* demo.admin */
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	rt_demo_open(20, &f->dir, &f->path, &f->db, &f->s);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	rt_demo_close(f->dir, f->path, f->db, f->s);
	free(f);
	return 0;
}

static ro_store_row row_of(ro_db *db, const char *username)
{
	ro_store_row r;

	assert_int_equal(ro_store_portfolio_by_username(ro_db_store(db), &r,
	    username), 0);
	return r;
}

static void refused(ro_db *db, const char *user, const char *pw)
{
	ro_signin *si = NULL;

	assert_int_equal(ro_signin_verify(&si, db, user, pw), RO_EDENIED);
	assert_null(si);
}

/* How many audit rows of action the site has. */
static size_t audit_count(ro_session *s, const char *action)
{
	ro_audit_list *l = NULL;
	size_t n = 0;

	assert_int_equal(ro_audit_list_get(&l, s, NULL), 0);
	for (size_t i = 0; i < l->n; i++)
		n += strcmp(l->items[i].action, action) == 0;
	ro_audit_list_free(l);
	return n;
}

/* The dummy hash is in the database, made at the cost in force, and an
 * unknown username runs exactly one Argon2id verify against it and no
 * hash (it used to make the dummy per process: two Argon2 runs). */
static void test_dummy_kept_and_used(void **state)
{
	struct fx *f = *state;
	char *dummy = ro_db_setting(f->db, RO_DUMMY_KEY), *again;
	ro_hash_params cur = ro_db_hash_params(f->db);
	unsigned long h0, v0, h1, v1;
	ro_db *db2;

	assert_non_null(dummy);
	assert_false(ro_hash_needs_rehash(dummy, &cur));
	ro_hash_stats(&h0, &v0);
	refused(f->db, "no.such.user", "Whatever1");
	ro_hash_stats(&h1, &v1);
	assert_int_equal(h1 - h0, 0);
	assert_int_equal(v1 - v0, 1);
	/* A known username with a wrong password: the same work. */
	refused(f->db, "demo.staff", "Whatever1");
	ro_hash_stats(&h0, &v0);
	assert_int_equal(h0 - h1, 0);
	assert_int_equal(v0 - v1, 1);

	/* Opening the database again makes no hash: the dummy is read. */
	ro_hash_stats(&h0, NULL);
	assert_int_equal(ro_db_open(&db2, f->path), 0);
	ro_hash_stats(&h1, NULL);
	assert_int_equal(h1 - h0, 0);
	ro_db_close(db2);

	/* A database from before (no dummy) gets one on its first open,
	 * kept for the next. */
	assert_int_equal(ro_store_begin(ro_db_store(f->db), true), 0);
	assert_int_equal(ro_store_setting_set(ro_db_store(f->db), RO_DUMMY_KEY,
	    ""), 0);
	assert_int_equal(ro_store_commit(ro_db_store(f->db)), 0);
	assert_int_equal(ro_db_open(&db2, f->path), 0);
	ro_db_close(db2);
	again = ro_db_setting(f->db, RO_DUMMY_KEY);
	assert_non_null(again);
	assert_string_not_equal(again, dummy);
	assert_false(ro_hash_needs_rehash(again, &cur));
	ro_hash_stats(&h0, NULL);
	assert_int_equal(ro_db_open(&db2, f->path), 0);
	ro_hash_stats(&h1, NULL);
	assert_int_equal(h1 - h0, 0);
	ro_db_close(db2);
	free(again);

	/* A new cost makes a new dummy at that cost. */
	assert_int_equal(ro_db_setting_set(f->db, "hash.t", "2"), 0);
	again = ro_db_setting(f->db, RO_DUMMY_KEY);
	cur = ro_db_hash_params(f->db);
	assert_int_equal(cur.t, 2);
	assert_false(ro_hash_needs_rehash(again, &cur));
	free(again);
	free(dummy);
}

/* Five failures in a row: a 15-minute delay; a try during it is logged
 * but neither counted nor lengthens it; each failure in a row after it
 * doubles the delay; the right password learns of it, nobody else. */
static void test_delay_grows(void **state)
{
	struct fx *f = *state;
	ro_store *st = ro_db_store(f->db);
	int64_t now = (int64_t)time(NULL);
	ro_signin *si = NULL;
	ro_store_row r;
	int64_t until;

	for (int i = 0; i < 4; i++)
		refused(f->db, "demo.staff", "Wrong1234");
	r = row_of(f->db, "demo.staff");
	assert_int_equal(r.failed_signins, 4);
	assert_int_equal(r.locked_until, 0);
	ro_store_row_clear(&r);
	refused(f->db, "demo.staff", "Wrong1234");
	r = row_of(f->db, "demo.staff");
	assert_int_equal(r.failed_signins, 5);
	assert_true(r.locked_until >= now + 15 * 60 &&
	    r.locked_until <= now + 15 * 60 + 5);
	until = r.locked_until;
	ro_store_row_clear(&r);
	assert_int_equal(audit_count(f->s, "signin-failed"), 5);
	assert_int_equal(audit_count(f->s, "signin-delayed"), 1);

	/* During the delay: not counted, not lengthened, logged. */
	for (int i = 0; i < 3; i++)
		refused(f->db, "demo.staff", "Wrong1234");
	assert_null(strstr(ro_error_last(), "locked"));
	assert_int_equal(ro_signin_verify(&si, f->db, "demo.staff",
	    "DemoStaff1"), RO_EDENIED);
	assert_non_null(strstr(ro_error_last(), "locked for 15 minutes"));
	assert_non_null(strstr(ro_error_last(), "unlock"));
	r = row_of(f->db, "demo.staff");
	assert_int_equal(r.failed_signins, 5);
	assert_true(r.locked_until == until);
	ro_store_row_clear(&r);
	assert_int_equal(audit_count(f->s, "signin-failed"), 9);

	/* The delay over, the next failure doubles it, and the next. */
	r = row_of(f->db, "demo.staff");
	assert_int_equal(ro_store_portfolio_signin_state(st, r.p.id, 5,
	    r.first_failed_at, now - 1), 0);
	refused(f->db, "demo.staff", "Wrong1234");
	ro_store_row_clear(&r);
	r = row_of(f->db, "demo.staff");
	assert_int_equal(r.failed_signins, 6);
	assert_true(r.locked_until >= now + 30 * 60 &&
	    r.locked_until <= now + 30 * 60 + 5);
	assert_int_equal(ro_store_portfolio_signin_state(st, r.p.id, 6,
	    r.first_failed_at, now - 1), 0);
	ro_store_row_clear(&r);
	refused(f->db, "demo.staff", "Wrong1234");
	r = row_of(f->db, "demo.staff");
	assert_true(r.locked_until >= now + 60 * 60 &&
	    r.locked_until <= now + 60 * 60 + 5);
	ro_store_row_clear(&r);
	/* ... never past a day. */
	assert_int_equal(ro_signin_delay_seconds(f->db, 4), 0);
	assert_int_equal(ro_signin_delay_seconds(f->db, 5), 15 * 60);
	assert_int_equal(ro_signin_delay_seconds(f->db, 9), 240 * 60);
	assert_int_equal(ro_signin_delay_seconds(f->db, 30),
	    RO_SIGNIN_DELAY_MAX * 60);
	assert_int_equal(ro_signin_delay_seconds(f->db, 1000000),
	    RO_SIGNIN_DELAY_MAX * 60);
	assert_int_equal(audit_count(f->s, "signin-delayed"), 3);
}

/* Unlock: site admins in their site, district accounts anyone (district
 * accounts included); staff and students never.  It is audited and the
 * account signs in at once. */
static void test_unlock(void **state)
{
	struct fx *f = *state;
	ro_session *staff = NULL, *district = NULL;
	ro_signin *si = NULL;
	ro_store_row r;
	bool was = true;

	assert_int_equal(ro_session_open(&staff, f->db, "demo.staff",
	    "DemoStaff1", NULL), 0);
	assert_int_equal(ro_session_open(&district, f->db, "district1",
	    "District1pw", NULL), 0);
	for (int i = 0; i < 5; i++)
		refused(f->db, "demo.student", "Wrong1234");
	refused(f->db, "demo.student", "DemoStudent1");
	assert_int_equal(ro_account_unlock(staff, "demo.student", &was),
	    RO_EDENIED);
	assert_false(was);
	assert_int_equal(ro_account_unlock(f->s, "DEMO.STUDENT", &was), 0);
	assert_true(was);
	assert_int_equal(ro_signin_verify(&si, f->db, "demo.student",
	    "DemoStudent1"), 0);
	ro_signin_free(si);
	r = row_of(f->db, "demo.student");
	assert_int_equal(r.failed_signins, 0);
	assert_int_equal(r.locked_until, 0);
	ro_store_row_clear(&r);
	assert_int_equal(audit_count(f->s, "unlock"), 1);
	assert_int_equal(ro_account_unlock(f->s, "demo.student", &was), 0);
	assert_false(was);
	assert_int_equal(audit_count(f->s, "unlock"), 1);

	/* A district account: beyond a site admin, within a district's. */
	for (int i = 0; i < 5; i++)
		refused(f->db, "district1", "Wrong1234");
	assert_int_equal(ro_account_unlock(f->s, "district1", &was),
	    RO_ENOTFOUND);
	assert_int_equal(ro_account_unlock(f->s, "no.such.user", &was),
	    RO_ENOTFOUND);
	r = row_of(f->db, "district1");
	assert_true(r.locked_until > 0);
	ro_store_row_clear(&r);
	assert_int_equal(ro_account_unlock(district, "district1", &was), 0);
	assert_true(was);
	assert_int_equal(ro_signin_verify(&si, f->db, "district1",
	    "District1pw"), 0);
	ro_signin_free(si);
	ro_session_free(staff);
	ro_session_free(district);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dummy_kept_and_used, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_delay_grows, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unlock, setup, teardown),
	};
	return cmocka_run_group_tests_name("auth", tests, NULL, NULL);
}
