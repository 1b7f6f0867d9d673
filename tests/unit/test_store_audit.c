/* test_store_audit.c — the store's audit log in pages, on SQLite or
 * (ROSTER_TEST_PG) PostgreSQL: keyset order on (at, id) with equal
 * times, both directions, counts, searches, an unknown cursor. */
#include "helpers.h"

#include <roster/error.h>
#include "../../src/store/store.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* sql on the test's database through its command-line client. */
static void db_run(const char *db, const char *sql)
{
	char cmd[2048];

	if (rt_db_is_pg())
		snprintf(cmd, sizeof cmd, "psql -X -q -v ON_ERROR_STOP=1 '%s' "
		    "-c \"%s\" >/dev/null", db, sql);
	else
		snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"%s\"", db, sql);
	assert_int_equal(system(cmd), 0);
}

/* Ids of a page list, appended to ids[*n]. */
static void take_ids(const ro_audit_list *l, int64_t *ids, size_t *n)
{
	for (size_t i = 0; i < l->n; i++)
		ids[(*n)++] = l->items[i].id;
}

/* The audit log in keyset pages on (at, id): forwards and backwards the
 * pages give every entry once in the log's order, a third of them in
 * one second (their ids decide); counts and searches; an unknown cursor
 * is refused. */
static void test_audit_pages(void **state)
{
	char *dir = rt_tmpdir(), *path = rt_db_fresh(dir, "roster.db");
	ro_store *st = NULL;
	ro_audit_list *al;
	ro_audit_query q = { 0 };
	int64_t site, all[40], got[40];
	size_t nall = 0, ngot = 0, n = 0;
	char user[16];

	(void)state;
	assert_int_equal(ro_store_open(&st, path, true), 0);
	assert_int_equal(ro_store_site_add(st, &site, "North"), 0);
	for (int i = 0; i < 30; i++) {
		snprintf(user, sizeof user, "u%d", i);
		assert_int_equal(ro_store_audit_add(st, site, i % 2 ? "ann" :
		    "bob", 0, 0, user, "update", "Email", NULL, "x"), 0);
	}
	for (int i = 0; i < 5; i++)
		assert_int_equal(ro_store_audit_add(st, 0, "district1", 0, 0,
		    "district1", "signin-failed", NULL, NULL, "1"), 0);
	ro_store_close(st);
	/* Every third entry in one second after the others. */
	db_run(path, "UPDATE audit SET at = '2030-01-01T00:00:00Z' WHERE"
	    " id % 3 = 0");
	assert_int_equal(ro_store_open(&st, path, false), 0);

	assert_int_equal(ro_store_audit_page(st, &al, site, &q, 0), 0);
	assert_int_equal(al->n, 30);
	assert_false(al->more);
	take_ids(al, all, &nall);
	for (size_t i = 1; i < al->n; i++) {
		int c = strcmp(al->items[i - 1].when, al->items[i].when);
		assert_true(c < 0 || (c == 0 && all[i - 1] < all[i]));
	}
	assert_string_equal(al->items[29].when, "2030-01-01T00:00:00Z");
	assert_string_equal(al->items[20].when, "2030-01-01T00:00:00Z");
	ro_audit_list_free(al);

	/* Forwards in pages of 4. */
	do {
		assert_int_equal(ro_store_audit_page(st, &al, site, &q, 4), 0);
		assert_true(al->n <= 4);
		take_ids(al, got, &ngot);
		if (al->n)
			q.after = al->items[al->n - 1].id;
		n = al->more;
		ro_audit_list_free(al);
	} while (n && ngot < 40);
	assert_int_equal(ngot, 30);
	assert_memory_equal(got, all, 30 * sizeof *all);

	/* Backwards from the last page: each page oldest first. */
	q = (ro_audit_query){ .last = true };
	ngot = 0;
	for (;;) {
		int64_t page[4];
		size_t np = 0;

		assert_int_equal(ro_store_audit_page(st, &al, site, &q, 4), 0);
		take_ids(al, page, &np);
		for (size_t i = 0; i < np; i++)
			assert_int_equal(page[i], all[30 - ngot - np + i]);
		ngot += np;
		n = al->more;
		q = (ro_audit_query){ .after = page[0], .before = true };
		ro_audit_list_free(al);
		if (!n || ngot >= 40)
			break;
	}
	assert_int_equal(ngot, 30);

	/* Counts and searches: username, who, date; site 0 apart. */
	q = (ro_audit_query){ 0 };
	assert_int_equal(ro_store_audit_count(st, &n, site, &q), 0);
	assert_int_equal(n, 30);
	assert_int_equal(ro_store_audit_count(st, &n, 0, &q), 0);
	assert_int_equal(n, 5);
	q.find = "U1";
	assert_int_equal(ro_store_audit_count(st, &n, site, &q), 0);
	assert_int_equal(n, 11);
	assert_int_equal(ro_store_audit_page(st, &al, site, &q, 5), 0);
	assert_int_equal(al->n, 5);
	assert_true(al->more);
	for (size_t i = 0; i < al->n; i++)
		assert_int_equal(strncmp(al->items[i].username, "u1", 2), 0);
	ro_audit_list_free(al);
	q.find = "ann";
	assert_int_equal(ro_store_audit_count(st, &n, site, &q), 0);
	assert_int_equal(n, 15);
	q.find = "2030-01-01";
	assert_int_equal(ro_store_audit_count(st, &n, site, &q), 0);
	assert_int_equal(n, 10);
	q.find = "u_";
	assert_int_equal(ro_store_audit_count(st, &n, site, &q), 0);
	assert_int_equal(n, 0);

	q = (ro_audit_query){ .after = 99999 };
	assert_int_equal(ro_store_audit_page(st, &al, site, &q, 4),
	    RO_ENOTFOUND);
	assert_null(al);
	ro_store_close(st);
	rt_db_free(path);
	rt_tmpdir_free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audit_pages),
	};

	return cmocka_run_group_tests_name("store audit", tests, NULL, NULL);
}
