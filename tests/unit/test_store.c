/* test_store.c — the store, on SQLite or (ROSTER_TEST_PG) PostgreSQL:
 * creation, uniqueness ignoring case, lists that use indexes, busy,
 * counts kept by triggers; and for an SQLite file the refusal of foreign
 * files, migrations and the refusal of triggers roster did not make. */
#include "helpers.h"

#include <roster/error.h>
#include "../../src/store/store.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static ro_store *fresh(char **dir, char **path)
{
	ro_store *st = NULL;

	*dir = rt_tmpdir();
	*path = rt_db_fresh(*dir, "sub/roster.db");
	assert_int_equal(ro_store_open(&st, *path, true), 0);
	return st;
}

static void test_create_mode_and_reopen(void **state)
{
	char *dir, *path;
	ro_store *st = fresh(&dir, &path);
	struct stat sb;

	(void)state;
	if (!rt_db_is_pg()) {
		assert_int_equal(stat(path, &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0600);
	}
	ro_store_close(st);
	/* Creating again refuses; opening works and migrations are a no-op. */
	assert_int_equal(ro_store_open(&st, path, true), RO_EEXISTS);
	assert_int_equal(ro_store_open(&st, path, false), 0);
	ro_store_close(st);
	rt_db_free(path);
	rt_tmpdir_free(dir);
}

/* Schema 3 gives every database its own fingerprint key, new or
 * migrated from schema 2 (where the first trial run used to write it). */
static void test_plan_key_migration(void **state)
{
	char *dir, *path, *dir2, *path2, *k1, *k2, *k3;
	ro_store *st = fresh(&dir, &path), *st2 = fresh(&dir2, &path2);
	char cmd[1024];

	(void)state;
	assert_int_equal(ro_store_setting_get(st, "plan.key", &k1), 0);
	assert_int_equal(ro_store_setting_get(st2, "plan.key", &k2), 0);
	assert_int_equal(strlen(k1), 32);
	assert_string_not_equal(k1, k2);
	ro_store_close(st);
	ro_store_close(st2);
	/* A schema-2 database, as an older roster left it (without the
	 * sourced_id column of step 3 → 4, oneroster). */
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"DELETE FROM settings WHERE "
	    "key = 'plan.key'; DROP INDEX portfolios_by_sourced_id; "
	    "DROP INDEX portfolios_exempt; "
	    "ALTER TABLE portfolios DROP COLUMN sourced_id; "
	    "PRAGMA user_version = 2;\"", path);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(ro_store_open(&st, path, false), 0);
	assert_int_equal(ro_store_setting_get(st, "plan.key", &k3), 0);
	assert_int_equal(strlen(k3), 32);
	assert_string_not_equal(k3, k1);
	ro_store_close(st);
	snprintf(cmd, sizeof cmd, "test \"$(sqlite3 '%s' 'PRAGMA "
	    "user_version')\" = 6", path);
	assert_int_equal(system(cmd), 0);
	free(k1);
	free(k2);
	free(k3);
	rt_db_free(path);
	rt_db_free(path2);
	rt_tmpdir_free(dir);
	rt_tmpdir_free(dir2);
}

static void test_refuses_foreign_files(void **state)
{
	char *dir = rt_tmpdir();
	char *txt = rt_path(dir, "a.csv"), *sq = rt_path(dir, "b.db");
	char *missing = rt_path(dir, "none.db");
	ro_store *st = NULL;
	char cmd[512];

	(void)state;
	rt_write_file(txt, "ID,Name\n1,x\n", 12);
	assert_int_equal(ro_store_open(&st, txt, false), RO_ENOTDB);
	assert_non_null(strstr(ro_error_last(), "not a roster database"));
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'CREATE TABLE t(x)'", sq);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(ro_store_open(&st, sq, false), RO_ENOTDB);
	assert_int_equal(ro_store_open(&st, missing, false), RO_ENODB);
	/* The fact; the command that makes one is the front end's. */
	assert_null(strstr(ro_error_last(), "roster init"));
	assert_int_equal(ro_error_next(), RO_NEXT_INIT);
	rt_write_file(missing, "", 0);
	assert_int_equal(ro_store_open(&st, missing, false), RO_ENOTDB);
	free(txt);
	free(sq);
	free(missing);
	rt_tmpdir_free(dir);
}

static ro_store_row student(int64_t site, const char *user, const char *last)
{
	ro_store_row r;

	memset(&r, 0, sizeof r);
	r.p.site_id = site;
	r.p.username = (char *)user;
	r.p.first = (char *)"Ann";
	r.p.last = (char *)last;
	r.p.type = RO_TYPE_STUDENT;
	r.p.grad_year = 2030;
	r.p.active = true;
	return r;
}

static void test_username_unique_ignoring_case(void **state)
{
	char *dir, *path;
	ro_store *st = fresh(&dir, &path);
	int64_t site;
	ro_store_row a = student(0, "jsmith27", "Smith");
	ro_store_row b = student(0, "JSmith27", "Smith");
	ro_store_row got;

	(void)state;
	assert_int_equal(ro_store_site_add(st, &site, "North"), 0);
	a.p.site_id = b.p.site_id = site;
	assert_int_equal(ro_store_portfolio_insert(st, &a), 0);
	assert_int_equal(ro_store_portfolio_insert(st, &b), RO_EEXISTS);
	assert_int_equal(ro_store_portfolio_by_username(st, &got, "JSMITH27"),
	    0);
	assert_int_equal(got.p.id, a.p.id);
	/* A stale version is a conflict, not a silent overwrite. */
	got.p.version = 1;
	assert_int_equal(ro_store_portfolio_update(st, &got), 0);
	assert_int_equal(got.p.version, 2);
	got.p.version = 1;
	assert_int_equal(ro_store_portfolio_update(st, &got), RO_ECONFLICT);
	ro_store_row_clear(&got);
	ro_store_close(st);
	rt_db_free(path);
	rt_tmpdir_free(dir);
}

static void test_every_mode_uses_an_index(void **state)
{
	char *dir, *path;
	ro_store *st = fresh(&dir, &path);

	(void)state;
	for (int m = RO_MODE_LAST_NAME; m <= RO_MODE_ALL; m++) {
		bool index = false;
		/* The portfolios table is searched through one of our indexes
		 * and never scanned or sorted. */
		assert_int_equal(ro_store_list_uses_index(st, (ro_mode)m,
		    &index), 0);
		assert_true(index);
	}
	ro_store_close(st);
	rt_db_free(path);
	rt_tmpdir_free(dir);
}

static void test_keyset_pages_and_prefix(void **state)
{
	char *dir, *path;
	ro_store *st = fresh(&dir, &path);
	const char *lasts[] = { "smith", "Smithers", "Snow", "Adams", "SMALL",
		"Ávila" };
	char user[16];
	int64_t site;
	ro_selection sel = { .mode = RO_MODE_LAST_NAME, .arg = "sm" };
	ro_portfolio_list *l;
	size_t n;

	(void)state;
	assert_int_equal(ro_store_site_add(st, &site, "North"), 0);
	for (int i = 0; i < 6; i++) {
		snprintf(user, sizeof user, "user%04d", i);
		ro_store_row r = student(site, user, lasts[i]);
		assert_int_equal(ro_store_portfolio_insert(st, &r), 0);
	}
	assert_int_equal(ro_store_list_count(st, &n, site, &sel), 0);
	assert_int_equal(n, 3);   /* smith, Smithers, SMALL */
	assert_int_equal(ro_store_list_page(st, &l, site, &sel, NULL, false,
	    2), 0);
	assert_int_equal(l->n, 2);
	assert_true(l->more);
	assert_string_equal(l->items[0].last, "SMALL");
	assert_string_equal(l->items[1].last, "smith");
	ro_cursor c = { l->items[1].last, l->items[1].first, l->items[1].id };
	ro_portfolio_list *l2;
	assert_int_equal(ro_store_list_page(st, &l2, site, &sel, &c, false,
	    2), 0);
	assert_int_equal(l2->n, 1);
	assert_false(l2->more);
	assert_string_equal(l2->items[0].last, "Smithers");
	assert_int_equal(ro_store_list_rank(st, &n, site, &sel, &c), 0);
	assert_int_equal(n, 1);
	/* Backwards from the end gives the last rows, ascending. */
	ro_portfolio_list *l3;
	assert_int_equal(ro_store_list_page(st, &l3, site, &sel, NULL, true,
	    2), 0);
	assert_int_equal(l3->n, 2);
	assert_string_equal(l3->items[0].last, "smith");
	assert_string_equal(l3->items[1].last, "Smithers");
	/* Select all but one: a rule, not a list of ticks. */
	int64_t ex[] = { l->items[0].id };
	ro_selection sel2 = sel;
	sel2.except = ex;
	sel2.nexcept = 1;
	assert_int_equal(ro_store_list_count(st, &n, site, &sel2), 0);
	assert_int_equal(n, 2);
	ro_portfolio_list_free(l);
	ro_portfolio_list_free(l2);
	ro_portfolio_list_free(l3);
	ro_store_close(st);
	rt_db_free(path);
	rt_tmpdir_free(dir);
}

static void test_busy_is_reported(void **state)
{
	char *dir, *path;
	ro_store *st = fresh(&dir, &path), *other = NULL;

	(void)state;
	assert_int_equal(ro_store_open(&other, path, false), 0);
	ro_store_set_busy_timeout(other, 50);
	assert_int_equal(ro_store_begin(st, true, 1), 0);
	assert_int_equal(ro_store_begin(other, true, 1), RO_EBUSY);
	assert_non_null(strstr(ro_error_last(), "busy"));
	assert_null(strstr(ro_error_last(), "database is locked"));
	ro_store_rollback(st);
	assert_int_equal(ro_store_begin(other, true, 1), 0);
	ro_store_rollback(other);
	ro_store_close(other);
	ro_store_close(st);
	rt_db_free(path);
	rt_tmpdir_free(dir);
}

static void test_settings_and_batches(void **state)
{
	char *dir, *path;
	ro_store *st = fresh(&dir, &path);
	char *v = NULL;
	int64_t site, b;
	ro_batch_list *bl;

	(void)state;
	assert_int_equal(ro_store_setting_get(st, "x", &v), RO_ENOTFOUND);
	assert_int_equal(ro_store_setting_set(st, "x", "1"), 0);
	assert_int_equal(ro_store_setting_set(st, "x", "2"), 0);
	assert_int_equal(ro_store_setting_get(st, "x", &v), 0);
	assert_string_equal(v, "2");
	free(v);
	assert_int_equal(ro_store_site_add(st, &site, "North"), 0);
	assert_int_equal(ro_store_batch_add(st, &b, site, "me", "move-group",
	    "to X", 3, 0), 0);
	assert_int_equal(ro_store_batch_list(st, &bl, site), 0);
	assert_int_equal(bl->n, 1);
	assert_string_equal(bl->items[0].kind, "move-group");
	assert_int_equal(bl->items[0].count, 3);
	ro_batch_list_free(bl);
	ro_store_close(st);
	rt_db_free(path);
	rt_tmpdir_free(dir);
}

static int count_item(void *ctx, ro_store_item *it)
{
	(void)it;
	(*(size_t *)ctx)++;
	return 0;
}

static size_t items_of(ro_store *st, int64_t batch)
{
	size_t n = 0;

	assert_int_equal(ro_store_batch_items(st, batch, count_item, &n), 0);
	return n;
}

/* What the store gained with the sign-in delay, the unlock, the purge of
 * old batches and the creators' column, the same on both backends: the
 * delay read back by every row reader, the audit rows of no site, the
 * purge by age, the latest batch that created each portfolio. */
static void test_signin_state_audit_purge_creators(void **state)
{
	char *dir, *path;
	ro_store *st = fresh(&dir, &path);
	ro_store_row a = student(0, "amy1", "Adams");
	ro_store_row b = student(0, "bob1", "Brown");
	ro_store_row got;
	ro_portfolio_list *pl;
	ro_audit_list *al;
	ro_selection all = { .mode = RO_MODE_ALL };
	int64_t site, b1, b2, b3, ids[4], creators[4];

	(void)state;
	assert_false(ro_store_read_only(st));
	assert_int_equal(ro_store_site_add(st, &site, "North"), 0);
	a.p.site_id = b.p.site_id = site;
	assert_int_equal(ro_store_portfolio_insert(st, &a), 0);
	assert_int_equal(ro_store_portfolio_insert(st, &b), 0);

	/* The delay, from the full row and from the list's reader. */
	assert_int_equal(ro_store_portfolio_signin_state(st, a.p.id, 6,
	    1700000000, 1700000900), 0);
	assert_int_equal(ro_store_portfolio_get(st, &got, a.p.id), 0);
	assert_int_equal(got.failed_signins, 6);
	assert_int_equal(got.p.failed_signins, 6);
	assert_int_equal(got.p.locked_until, 1700000900);
	ro_store_row_clear(&got);
	assert_int_equal(ro_store_list_page(st, &pl, site, &all, NULL, false,
	    10), 0);
	assert_int_equal(pl->n, 2);
	assert_string_equal(pl->items[0].username, "amy1");
	assert_int_equal(pl->items[0].failed_signins, 6);
	assert_int_equal(pl->items[0].locked_until, 1700000900);
	assert_int_equal(pl->items[1].failed_signins, 0);
	assert_int_equal(pl->items[1].locked_until, 0);
	ro_portfolio_list_free(pl);

	/* Site 0: the rows of no site, and only those. */
	assert_int_equal(ro_store_audit_add(st, 0, "district1", 0, 0,
	    "district1", "signin-failed", NULL, NULL, "1 in a row"), 0);
	assert_int_equal(ro_store_audit_add(st, site, "admin1", 0, a.p.id,
	    "amy1", "unlock", "Sign-in", "locked", "unlocked"), 0);
	assert_int_equal(ro_store_audit_list(st, &al, 0, NULL), 0);
	assert_int_equal(al->n, 1);
	assert_string_equal(al->items[0].action, "signin-failed");
	ro_audit_list_free(al);
	assert_int_equal(ro_store_audit_list(st, &al, site, NULL), 0);
	assert_int_equal(al->n, 1);
	assert_string_equal(al->items[0].action, "unlock");
	ro_audit_list_free(al);

	/* b1 created amy, b2 changed her, b3 created amy (again) and bob. */
	assert_int_equal(ro_store_batch_add(st, &b1, site, "admin1", "import",
	    "", 1, 0), 0);
	assert_int_equal(ro_store_batch_item_add(st, b1, a.p.id, NULL, NULL,
	    1), 0);
	assert_int_equal(ro_store_batch_add(st, &b2, site, "admin1",
	    "move-group", "", 1, 0), 0);
	assert_int_equal(ro_store_batch_item_add(st, b2, a.p.id, &a, NULL,
	    2), 0);
	assert_int_equal(ro_store_batch_add(st, &b3, site, "admin1", "import",
	    "", 2, 0), 0);
	assert_int_equal(ro_store_batch_item_add(st, b3, a.p.id, NULL, NULL,
	    1), 0);
	assert_int_equal(ro_store_batch_item_add(st, b3, b.p.id, NULL, NULL,
	    1), 0);
	ids[0] = b.p.id;
	ids[1] = a.p.id + b.p.id + 1000;        /* no such portfolio */
	ids[2] = a.p.id;
	ids[3] = b.p.id;
	assert_int_equal(ro_store_batch_creators(st, ids, 4, creators), 0);
	assert_int_equal(creators[0], b3);
	assert_int_equal(creators[1], 0);
	assert_int_equal(creators[2], b3);
	assert_int_equal(creators[3], b3);
	assert_int_equal(ro_store_batch_creators(st, ids, 0, creators), 0);

	/* Nothing is older than 2000; everything is older than 9999. */
	assert_int_equal(ro_store_batch_purge(st, "2000-01-01T00:00:00Z"), 0);
	assert_int_equal(items_of(st, b1) + items_of(st, b2) +
	    items_of(st, b3), 4);
	assert_int_equal(ro_store_batch_purge(st, "9999-12-31T00:00:00Z"), 0);
	assert_int_equal(items_of(st, b1) + items_of(st, b2) +
	    items_of(st, b3), 0);
	assert_int_equal(ro_store_batch_creators(st, ids, 4, creators), 0);
	assert_int_equal(creators[0] + creators[2], 0);

	ro_store_close(st);
	rt_db_free(path);
	rt_tmpdir_free(dir);
}

/* The number of rows of the list by stepping through its index: the rank
 * of a cursor after every row. */
static size_t index_count(ro_store *st, int64_t site, const ro_selection *sel)
{
	ro_cursor end = { (char *)"\xf4\x8f\xbf\xbf", (char *)"", INT64_MAX };
	size_t n = 0;

	assert_int_equal(ro_store_list_rank(st, &n, site, sel, &end), 0);
	return n;
}

/* Counts come from portfolio_counts (kept by triggers): after inserts,
 * moves, year changes, deactivations, a change of site, deletes and a
 * bulk load they still equal what the index says, for every mode. */
static void assert_counts(ro_store *st, int64_t site, const int64_t *groups,
    size_t ngroups)
{
	char gid[24];
	ro_named_list *gl;
	size_t n, total = 0;

	for (int inactive = 0; inactive < 2; inactive++) {
		ro_selection all = { .mode = RO_MODE_ALL, .inactive = inactive };
		assert_int_equal(ro_store_list_count(st, &n, site, &all), 0);
		assert_int_equal(n, index_count(st, site, &all));
		if (!inactive)
			total = n;
		for (int y = 2029; y <= 2032; y++) {
			char ys[12];
			snprintf(ys, sizeof ys, "%d", y);
			ro_selection s = { .mode = RO_MODE_GRAD_YEAR, .arg = ys,
			    .inactive = inactive };
			assert_int_equal(ro_store_list_count(st, &n, site, &s), 0);
			assert_int_equal(n, index_count(st, site, &s));
		}
		for (size_t g = 0; g < ngroups; g++) {
			snprintf(gid, sizeof gid, "%lld", (long long)groups[g]);
			ro_selection s = { .mode = RO_MODE_GROUP, .arg = gid,
			    .inactive = inactive };
			assert_int_equal(ro_store_list_count(st, &n, site, &s), 0);
			assert_int_equal(n, index_count(st, site, &s));
		}
		ro_selection e = { .mode = RO_MODE_LAST_NAME, .arg = "",
		    .inactive = inactive };
		assert_int_equal(ro_store_list_count(st, &n, site, &e), 0);
		assert_int_equal(n, index_count(st, site, &e));
	}
	assert_int_equal(ro_store_site_count(st, &n, site), 0);
	assert_int_equal(n, total);
	assert_int_equal(ro_store_group_list(st, &gl, site), 0);
	for (size_t i = 0; i < gl->n; i++) {
		snprintf(gid, sizeof gid, "%lld", (long long)gl->items[i].id);
		ro_selection s = { .mode = RO_MODE_GROUP, .arg = gid };
		assert_int_equal(gl->items[i].count, index_count(st, site, &s));
	}
	ro_named_list_free(gl);
}

static void test_counts_follow_every_change(void **state)
{
	char *dir, *path;
	ro_store *st = fresh(&dir, &path);
	int64_t site, other, groups[3], ids[40];
	char user[16];
	size_t n;

	(void)state;
	assert_int_equal(ro_store_site_add(st, &site, "North"), 0);
	assert_int_equal(ro_store_site_add(st, &other, "South"), 0);
	assert_int_equal(ro_store_group_add(st, &groups[0], site, "P1"), 0);
	assert_int_equal(ro_store_group_add(st, &groups[1], site, "P2"), 0);
	assert_int_equal(ro_store_group_add(st, &groups[2], other, "P1"), 0);
	for (int i = 0; i < 40; i++) {
		snprintf(user, sizeof user, "user%04d", i);
		ro_store_row r = student(i % 5 == 4 ? other : site, user,
		    i % 2 ? "Smith" : "Adams");
		r.p.group_id = i % 5 == 4 ? groups[2] : i % 3 ? groups[i % 2] : 0;
		r.p.grad_year = i % 7 == 0 ? 0 : 2029 + i % 4;
		r.p.type = r.p.grad_year ? RO_TYPE_STUDENT : RO_TYPE_STAFF;
		r.p.active = i % 6 != 5;
		assert_int_equal(ro_store_portfolio_insert(st, &r), 0);
		ids[i] = r.p.id;
	}
	assert_counts(st, site, groups, 2);
	assert_counts(st, other, groups + 2, 1);
	for (int i = 0; i < 40; i += 3) {
		ro_store_row r;
		assert_int_equal(ro_store_portfolio_get(st, &r, ids[i]), 0);
		switch (i % 4) {
		case 0: r.p.group_id = r.p.group_id ? 0 : groups[0]; break;
		case 1: r.p.grad_year = r.p.grad_year ? r.p.grad_year % 4 + 2029
		    : 2032; break;
		case 2: r.p.active = !r.p.active; break;
		case 3: r.p.site_id = r.p.site_id == site ? other : site;
			r.p.group_id = 0; break;
		}
		assert_int_equal(ro_store_portfolio_update(st, &r), 0);
		ro_store_row_clear(&r);
	}
	assert_int_equal(ro_store_portfolio_delete(st, ids[1]), 0);
	assert_int_equal(ro_store_portfolio_delete(st, ids[4]), 0);
	assert_counts(st, site, groups, 2);
	assert_counts(st, other, groups + 2, 1);
	/* A bulk load keeps them too. */
	assert_int_equal(ro_store_bulk_begin(st), 0);
	for (int i = 0; i < 25; i++) {
		snprintf(user, sizeof user, "bulk%04d", i);
		ro_store_row r = student(site, user, "Zed");
		r.p.group_id = groups[i % 2];
		r.p.grad_year = 2029 + i % 3;
		r.p.active = i % 4 != 0;
		assert_int_equal(ro_store_bulk_row(st, &r), 0);
	}
	assert_int_equal(ro_store_bulk_end(st, true), 0);
	assert_counts(st, site, groups, 2);
	/* All but some: the except-set only subtracts rows of the list. */
	ro_selection all = { .mode = RO_MODE_ALL };
	int64_t ex[] = { ids[0], ids[2], ids[4], ids[2], 999999 };
	ro_selection but = all;
	but.except = ex;
	but.nexcept = 5;
	size_t whole;
	assert_int_equal(ro_store_list_count(st, &whole, site, &all), 0);
	assert_int_equal(ro_store_list_count(st, &n, site, &but), 0);
	ro_selection only = all;
	only.only = ex;
	only.nonly = 5;
	size_t in;
	assert_int_equal(ro_store_list_count(st, &in, site, &only), 0);
	assert_true(in >= 1);
	assert_int_equal(n, whole - in);
	ro_store_close(st);
	rt_db_free(path);
	rt_tmpdir_free(dir);
}

/* A bulk load whose usernames clash (with each other, or with a portfolio
 * already there) fails as a whole: RO_EEXISTS naming the username, at
 * the row or at the end (SQLite builds the index after the rows), and
 * nothing of it is left; the store is whole afterwards: usernames still
 * unique, counts still kept. */
static void test_bulk_clash_leaves_nothing(void **state)
{
	char *dir, *path;
	ro_store *st = fresh(&dir, &path);
	const char *clash[2][3] = { { "bulk1", "bulk2", "BULK1" },
	    { "bulk3", "Kept1", "bulk4" } };
	int64_t site, group;
	size_t n;

	(void)state;
	assert_int_equal(ro_store_site_add(st, &site, "North"), 0);
	assert_int_equal(ro_store_group_add(st, &group, site, "P1"), 0);
	ro_store_row kept = student(site, "kept1", "Adams");
	assert_int_equal(ro_store_portfolio_insert(st, &kept), 0);
	for (int c = 0; c < 2; c++) {
		int rc = ro_store_bulk_begin(st);
		assert_int_equal(rc, 0);
		for (int i = 0; i < 3 && !rc; i++) {
			ro_store_row r = student(site, clash[c][i], "Zed");
			r.p.group_id = group;
			rc = ro_store_bulk_row(st, &r);
		}
		int end = ro_store_bulk_end(st, rc == 0);
		assert_int_equal(rc ? rc : end, RO_EEXISTS);
		assert_non_null(strcasestr(ro_error_last(),
		    c ? "kept1" : "bulk1"));
		ro_selection all = { .mode = RO_MODE_ALL };
		assert_int_equal(ro_store_list_count(st, &n, site, &all), 0);
		assert_int_equal(n, 1);
		assert_int_equal(index_count(st, site, &all), 1);
	}
	ro_store_row again = student(site, "KEPT1", "Adams");
	assert_int_equal(ro_store_portfolio_insert(st, &again), RO_EEXISTS);
	ro_store_row more = student(site, "more1", "Baker");
	more.p.group_id = group;
	assert_int_equal(ro_store_portfolio_insert(st, &more), 0);
	assert_counts(st, site, &group, 1);
	ro_store_close(st);
	rt_db_free(path);
	rt_tmpdir_free(dir);
}

/* Triggers run only when every trigger of the file is one roster made:
 * one added by someone else, or one of ours dropped, refuses the file. */
static void test_refuses_foreign_triggers(void **state)
{
	char *dir, *path;
	ro_store *st = fresh(&dir, &path);
	char cmd[1024];

	(void)state;
	ro_store_close(st);
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"CREATE TRIGGER evil AFTER "
	    "INSERT ON portfolios BEGIN DELETE FROM settings; END;\"", path);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(ro_store_open(&st, path, false), RO_ENOTDB);
	assert_non_null(strstr(ro_error_last(), "(evil)"));
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'DROP TRIGGER evil; "
	    "DROP TRIGGER portfolio_counts_delete;'", path);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(ro_store_open(&st, path, false), RO_ENOTDB);
	assert_non_null(strstr(ro_error_last(), "missing"));
	rt_db_free(path);
	rt_tmpdir_free(dir);
}

/* An update given the row before names only the indexed columns that
 * changed; every change still lands, a change of case included, and a
 * stale version is still a conflict. */
static void test_update_from_writes_what_changed(void **state)
{
	char *dir, *path;
	ro_store *st = fresh(&dir, &path);
	int64_t site, g;
	ro_store_row a, before, got;
	size_t n;

	(void)state;
	assert_int_equal(ro_store_site_add(st, &site, "North"), 0);
	assert_int_equal(ro_store_group_add(st, &g, site, "P1"), 0);
	a = student(site, "jsmith27", "Smith");
	assert_int_equal(ro_store_portfolio_insert(st, &a), 0);
	assert_int_equal(ro_store_portfolio_get(st, &before, a.p.id), 0);
	/* Only unindexed fields. */
	a = before;
	a.p.email = (char *)"j@example.org";
	assert_int_equal(ro_store_portfolio_update_from(st, &before, &a), 0);
	assert_int_equal(ro_store_portfolio_get(st, &got, a.p.id), 0);
	assert_string_equal(got.p.email, "j@example.org");
	assert_string_equal(got.p.username, "jsmith27");
	assert_int_equal(got.p.version, 2);
	ro_store_row_clear(&before);
	before = got;
	/* Every indexed field, and a username that differs only in case. */
	a = before;
	a.p.username = (char *)"JSmith27";
	a.p.first = (char *)"Jo";
	a.p.last = (char *)"Smythe";
	a.p.group_id = g;
	a.p.grad_year = 2031;
	a.p.active = false;
	assert_int_equal(ro_store_portfolio_update_from(st, &before, &a), 0);
	assert_int_equal(ro_store_portfolio_get(st, &got, a.p.id), 0);
	assert_string_equal(got.p.username, "JSmith27");
	assert_string_equal(got.p.first, "Jo");
	assert_string_equal(got.p.last, "Smythe");
	assert_int_equal(got.p.group_id, g);
	assert_int_equal(got.p.grad_year, 2031);
	assert_false(got.p.active);
	assert_string_equal(got.p.email, "j@example.org");
	ro_selection inactive = { .mode = RO_MODE_LAST_NAME, .arg = "smy",
	    .inactive = true };
	assert_int_equal(ro_store_list_count(st, &n, site, &inactive), 0);
	assert_int_equal(n, 1);
	/* The version the caller read is checked as before. */
	a = before;
	a.p.email = NULL;
	assert_int_equal(ro_store_portfolio_update_from(st, &before, &a),
	    RO_ECONFLICT);
	ro_store_row_clear(&got);
	ro_store_row_clear(&before);
	ro_store_close(st);
	rt_db_free(path);
	rt_tmpdir_free(dir);
}

int main(void)
{
	/* Both backends (ROSTER_TEST_PG chooses; see helpers.h). */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_mode_and_reopen),
		cmocka_unit_test(test_username_unique_ignoring_case),
		cmocka_unit_test(test_every_mode_uses_an_index),
		cmocka_unit_test(test_keyset_pages_and_prefix),
		cmocka_unit_test(test_busy_is_reported),
		cmocka_unit_test(test_settings_and_batches),
		cmocka_unit_test(test_counts_follow_every_change),
		cmocka_unit_test(test_update_from_writes_what_changed),
		cmocka_unit_test(test_signin_state_audit_purge_creators),
		cmocka_unit_test(test_bulk_clash_leaves_nothing),
	};
	/* What only an SQLite file has: its header, its schema-2 migration
	 * made by the sqlite3 command, its triggers (the PostgreSQL
	 * store's own: test_store_pg.c). */
	const struct CMUnitTest file_tests[] = {
		cmocka_unit_test(test_plan_key_migration),
		cmocka_unit_test(test_refuses_foreign_files),
		cmocka_unit_test(test_refuses_foreign_triggers),
	};
	int rc = cmocka_run_group_tests_name("store", tests, NULL, NULL);

	if (!rt_db_is_pg())
		rc |= cmocka_run_group_tests_name("store (SQLite file)",
		    file_tests, NULL, NULL);
	return rc;
}
