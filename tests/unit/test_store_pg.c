/* test_store_pg.c — what the PostgreSQL store adds to the store's tests
 * (test_store.c runs those on either backend): which backend a --db
 * value names and the refusal of a password in a connection string
 * (always); and with ROSTER_TEST_PG set, the order and the
 * matching of names exactly as SQLite's NOCASE on tricky names, the
 * per-site write locks, the per-site change stamps, init in an empty
 * database only, text the server refuses, unknown schema versions, a
 * role that may not write and a connection the server ended. */
#include "helpers.h"

#include <roster/error.h>
#include "../../src/store/store.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_kind_of(void **state)
{
	(void)state;
	assert_int_equal(ro_store_kind_of("postgresql://db.example/roster"),
	    RO_STORE_POSTGRESQL);
	assert_int_equal(ro_store_kind_of("postgres://u@h:5433/r"),
	    RO_STORE_POSTGRESQL);
	assert_int_equal(ro_store_kind_of("host=/tmp dbname=roster"),
	    RO_STORE_POSTGRESQL);
	assert_int_equal(ro_store_kind_of("service=roster"),
	    RO_STORE_POSTGRESQL);
	assert_int_equal(ro_store_kind_of("dbname = roster"),
	    RO_STORE_POSTGRESQL);
	assert_int_equal(ro_store_kind_of("/var/lib/roster/roster.db"),
	    RO_STORE_SQLITE);
	assert_int_equal(ro_store_kind_of("roster.db"), RO_STORE_SQLITE);
	/* An '=' alone, or a keyword inside a longer word, is a file name. */
	assert_int_equal(ro_store_kind_of("a=b.db"), RO_STORE_SQLITE);
	assert_int_equal(ro_store_kind_of("hostname=x.db"), RO_STORE_SQLITE);
	assert_int_equal(ro_store_kind_of("mysql://db/roster"), RO_STORE_BAD);
	assert_int_equal(ro_store_kind_of("https://x/roster.db"),
	    RO_STORE_BAD);
	ro_store *st = NULL;
	assert_int_equal(ro_store_open(&st, "mysql://db/roster", false),
	    RO_EINVAL);
	assert_null(st);
}

static ro_store_row row(int64_t site, const char *user, const char *first,
    const char *last)
{
	ro_store_row r;

	memset(&r, 0, sizeof r);
	r.p.site_id = site;
	r.p.username = (char *)user;
	r.p.first = (char *)first;
	r.p.last = (char *)last;
	r.p.type = RO_TYPE_STUDENT;
	r.p.grad_year = 2030;
	r.p.active = true;
	return r;
}

/* Names whose order differs between byte order, NOCASE and a locale:
 * case, '_' and other ASCII punctuation between the upper and the lower
 * letters, digits, accented letters (NOCASE folds only A-Z). */
static const char *const lasts[] = { "smith", "Smith", "SMITH", "_under",
	"Zed", "zed", "Ávila", "avila", "ávila", "Øre", "o'neil", "O'Neil",
	"1st", "10th", "2nd", "Mc Donald", "McDonald", "mcdonald", "a_b",
	"a-b", "a b", "ÉCOLE", "école", "Ecole", "[x", "`x", "~x", "^x",
	"Smithers", "SMALL", "" };
static const char *const firsts[] = { "ann", "Ann", "ANN", "bob", "_b" };
#define NLASTS (sizeof lasts / sizeof lasts[0] - 1)

/* The same rows in a store: what every query below is asked of. */
static int64_t fill(ro_store *st)
{
	int64_t site, other;
	char user[32];

	assert_int_equal(ro_store_site_add(st, &site, "North"), 0);
	assert_int_equal(ro_store_site_add(st, &other, "South"), 0);
	for (size_t i = 0; i < NLASTS * 2; i++) {
		snprintf(user, sizeof user, "user%04zu", i);
		ro_store_row r = row(i % 7 == 6 ? other : site, user,
		    firsts[i % 5], lasts[i % NLASTS]);
		assert_int_equal(ro_store_portfolio_insert(st, &r), 0);
	}
	return site;
}

/* Every row of the selection, walking pages of 4 forward, as one text
 * of "id last first" lines; and the count and the rank of each page. */
static char *walk(ro_store *st, int64_t site, const ro_selection *sel)
{
	size_t cap = 65536, len = 0, n = 0, rank;
	char *out = malloc(cap);
	ro_cursor c;
	ro_portfolio_list *l = NULL;
	bool first = true;

	assert_non_null(out);
	out[0] = '\0';
	do {
		ro_portfolio_list *prev = l;
		assert_int_equal(ro_store_list_page(st, &l, site, sel,
		    first ? NULL : &c, false, 4), 0);
		ro_portfolio_list_free(prev);
		first = false;
		for (size_t i = 0; i < l->n; i++) {
			len += (size_t)snprintf(out + len, cap - len,
			    "%lld %s %s\n", (long long)l->items[i].id,
			    l->items[i].last, l->items[i].first);
			n++;
		}
		if (l->n) {
			ro_portfolio *p = &l->items[l->n - 1];
			c = (ro_cursor){ p->last, p->first, p->id };
			assert_int_equal(ro_store_list_rank(st, &rank, site, sel,
			    &c), 0);
			assert_int_equal(rank, n - 1);
		}
	} while (l->more);
	ro_portfolio_list_free(l);
	assert_int_equal(ro_store_list_count(st, &rank, site, sel), 0);
	assert_int_equal(rank, n);
	return out;
}

static void test_order_and_search_like_sqlite(void **state)
{
	char *dir = rt_tmpdir(), *sq_path = rt_path(dir, "same.db");
	char *pg = rt_db_fresh(dir, "same.db");
	ro_store *sq = NULL, *st = NULL;
	const char *prefixes[] = { "", "sm", "SM", "Smith", "mc", "_", "a",
		"A", "É", "é", "1", "o'", "[", "zz" };
	ro_store_row got;

	(void)state;
	assert_int_equal(ro_store_open(&sq, sq_path, true), 0);
	assert_int_equal(ro_store_open(&st, pg, true), 0);
	int64_t s1 = fill(sq), s2 = fill(st);
	assert_int_equal(s1, s2);
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		ro_selection sel = { .mode = RO_MODE_LAST_NAME,
			.arg = prefixes[i] };
		char *a = walk(sq, s1, &sel), *b = walk(st, s2, &sel);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	ro_selection all = { .mode = RO_MODE_ALL };
	char *a = walk(sq, s1, &all), *b = walk(st, s2, &all);
	assert_string_equal(a, b);
	/* Not a trivial order: case and accents are where they should be. */
	assert_non_null(strstr(b, " _under "));
	assert_true(strstr(b, " _under ") < strstr(b, " a b "));
	assert_true(strstr(b, " Zed ") < strstr(b, " Ávila "));
	free(a);
	free(b);
	/* Usernames: one ignoring ASCII case, two ignoring only that. */
	ro_store_row r = row(s1, "USER0003", "x", "y");
	assert_int_equal(ro_store_portfolio_insert(sq, &r), RO_EEXISTS);
	r = row(s2, "USER0003", "x", "y");
	assert_int_equal(ro_store_portfolio_insert(st, &r), RO_EEXISTS);
	r = row(s2, "\xc3\x89lan01", "x", "y");
	assert_int_equal(ro_store_portfolio_insert(st, &r), 0);
	r = row(s2, "\xc3\xa9lan01", "x", "y");
	assert_int_equal(ro_store_portfolio_insert(st, &r), 0);
	assert_int_equal(ro_store_portfolio_by_username(st, &got, "uSeR0003"),
	    0);
	assert_string_equal(got.p.username, "user0003");
	ro_store_row_clear(&got);
	ro_store_close(sq);
	ro_store_close(st);
	rt_db_free(pg);
	free(sq_path);
	rt_tmpdir_free(dir);
}

/* A writer of one site does not hold up a writer of another; two of one
 * site serialise, the second gets RO_EBUSY once its timeout passes. */
static void test_site_locks(void **state)
{
	char *dir = rt_tmpdir(), *pg = rt_db_fresh(dir, "x");
	ro_store *a = NULL, *b = NULL;
	int64_t north, south;
	ro_store_row r;
	size_t n;

	(void)state;
	assert_int_equal(ro_store_open(&a, pg, true), 0);
	assert_int_equal(ro_store_open(&b, pg, false), 0);
	ro_store_set_busy_timeout(b, 100);
	assert_int_equal(ro_store_site_add(a, &north, "North"), 0);
	assert_int_equal(ro_store_site_add(a, &south, "South"), 0);
	assert_int_equal(ro_store_begin(a, true, north), 0);
	r = row(north, "north001", "A", "North");
	assert_int_equal(ro_store_portfolio_insert(a, &r), 0);
	/* South writes and commits while North's transaction is open. */
	assert_int_equal(ro_store_begin(b, true, south), 0);
	r = row(south, "south001", "B", "South");
	assert_int_equal(ro_store_portfolio_insert(b, &r), 0);
	assert_int_equal(ro_store_commit(b), 0);
	/* A second writer of North waits, then gives up: busy. */
	assert_int_equal(ro_store_begin(b, true, north), RO_EBUSY);
	assert_non_null(strstr(ro_error_last(), "busy"));
	assert_int_equal(ro_store_commit(a), 0);
	assert_int_equal(ro_store_begin(b, true, north), 0);
	ro_store_rollback(b);
	assert_int_equal(ro_store_site_count(b, &n, north), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ro_store_site_count(b, &n, south), 0);
	assert_int_equal(n, 1);
	ro_store_close(a);
	ro_store_close(b);
	rt_db_free(pg);
	rt_tmpdir_free(dir);
}

static void stamp(ro_store *st, int64_t site, uint64_t out[2])
{
	assert_int_equal(ro_store_begin(st, false, 0), 0);
	assert_int_equal(ro_store_data_stamp(st, site, out), 0);
	ro_store_rollback(st);
}

/* A site's stamp moves with that site's writes and with any change of
 * usernames (every site's plan reads them), not with other writes. */
static void test_stamps_per_site(void **state)
{
	char *dir = rt_tmpdir(), *pg = rt_db_fresh(dir, "x");
	ro_store *st = NULL;
	int64_t north, south, g;
	uint64_t s0[2], s1[2];
	ro_store_row r;

	(void)state;
	assert_int_equal(ro_store_open(&st, pg, true), 0);
	assert_int_equal(ro_store_site_add(st, &north, "North"), 0);
	assert_int_equal(ro_store_site_add(st, &south, "South"), 0);
	stamp(st, north, s0);
	assert_int_equal(ro_store_begin(st, true, south), 0);
	assert_int_equal(ro_store_group_add(st, &g, south, "P1"), 0);
	assert_int_equal(ro_store_commit(st), 0);
	stamp(st, north, s1);
	assert_memory_equal(s0, s1, sizeof s0);
	assert_int_equal(ro_store_begin(st, true, south), 0);
	r = row(south, "south001", "B", "South");
	assert_int_equal(ro_store_portfolio_insert(st, &r), 0);
	assert_int_equal(ro_store_commit(st), 0);
	stamp(st, north, s1);
	assert_memory_not_equal(s0, s1, sizeof s0);
	memcpy(s0, s1, sizeof s0);
	assert_int_equal(ro_store_begin(st, true, north), 0);
	assert_int_equal(ro_store_group_add(st, &g, north, "P1"), 0);
	assert_int_equal(ro_store_commit(st), 0);
	stamp(st, north, s1);
	assert_memory_not_equal(s0, s1, sizeof s0);
	ro_store_close(st);
	rt_db_free(pg);
	rt_tmpdir_free(dir);
}

/* psql on the test's own database (helpers.c's runs on the maintenance
 * one). */
static int psql_on(const char *conninfo, const char *sql, char *out,
    size_t n)
{
	char cmd[1024];
	FILE *p;

	snprintf(cmd, sizeof cmd, "psql -X -qAt '%s' -c '%s'", conninfo, sql);
	if (!(p = popen(cmd, "r")))
		return -1;
	size_t k = fread(out, 1, n - 1, p);
	out[k] = '\0';
	return pclose(p);
}

static void test_init_only_in_an_empty_database(void **state)
{
	char *dir = rt_tmpdir(), *pg = rt_db_fresh(dir, "x");
	ro_store *st = NULL;
	char out[64];

	(void)state;
	assert_int_equal(ro_store_open(&st, pg, false), RO_ENODB);
	/* The fact; the command that makes one is the front end's. */
	assert_null(strstr(ro_error_last(), "roster init"));
	assert_int_equal(ro_error_next(), RO_NEXT_INIT);
	assert_int_equal(psql_on(pg, "CREATE TABLE payroll (x int);"
	    " INSERT INTO payroll VALUES (1)", out, sizeof out), 0);
	assert_int_equal(ro_store_open(&st, pg, true), RO_ENOTDB);
	assert_non_null(strstr(ro_error_last(), "not roster's"));
	assert_int_equal(ro_store_open(&st, pg, false), RO_ENOTDB);
	assert_null(st);
	/* Left untouched: its table, and no table of roster's. */
	assert_int_equal(psql_on(pg, "SELECT count(*) FROM pg_tables WHERE"
	    " schemaname = current_schema()", out, sizeof out), 0);
	assert_string_equal(out, "1\n");
	assert_int_equal(psql_on(pg, "DROP TABLE payroll", out, sizeof out),
	    0);
	/* Empty again: init makes the schema; a second init refuses. */
	assert_int_equal(ro_store_open(&st, pg, true), 0);
	ro_store_close(st);
	assert_int_equal(ro_store_open(&st, pg, true), RO_EEXISTS);
	assert_int_equal(ro_store_open(&st, pg, false), 0);
	/* What a failed init leaves: nothing (ro_store_destroy). */
	ro_store_close(st);
	st = NULL;
	char *pg2 = rt_db_fresh(dir, "y");
	assert_int_equal(ro_store_open(&st, pg2, true), 0);
	ro_store_destroy(st);
	assert_int_equal(psql_on(pg2, "SELECT count(*) FROM pg_class c JOIN"
	    " pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname ="
	    " current_schema()", out, sizeof out), 0);
	assert_string_equal(out, "0\n");
	rt_db_free(pg2);
	rt_db_free(pg);
	rt_tmpdir_free(dir);
}

/* As on SQLite: a schema version this roster does not know, newer or
 * negative, is refused and left as it is. */
static void test_unknown_schema_version_refused(void **state)
{
	char *dir = rt_tmpdir(), *pg = rt_db_fresh(dir, "v");
	ro_store *st = NULL;
	char out[64];

	(void)state;
	assert_int_equal(ro_store_open(&st, pg, true), 0);
	ro_store_close(st);
	st = NULL;
	assert_int_equal(psql_on(pg, "UPDATE roster_schema SET version = 99",
	    out, sizeof out), 0);
	assert_int_equal(ro_store_open(&st, pg, false), RO_ENOTDB);
	assert_non_null(strstr(ro_error_last(), "newer roster"));
	assert_null(st);
	assert_int_equal(psql_on(pg, "UPDATE roster_schema SET version = -1",
	    out, sizeof out), 0);
	assert_int_equal(ro_store_open(&st, pg, false), RO_ENOTDB);
	assert_non_null(strstr(ro_error_last(), "schema version is -1"));
	assert_null(st);
	assert_int_equal(psql_on(pg, "SELECT version FROM roster_schema", out,
	    sizeof out), 0);
	assert_string_equal(out, "-1\n");
	rt_db_free(pg);
	rt_tmpdir_free(dir);
}

/* A role that may read roster's tables but not write them, or a
 * read-only session: the store says it is read-only (so that nobody signs in whose failures could not
 * be counted), as SQLite does for a file it may not write. */
static void test_read_only_role(void **state)
{
	char *dir = rt_tmpdir(), *pg = rt_db_fresh(dir, "ro");
	ro_store *st = NULL;
	char out[64], role[32], sql[256], as[1024];

	(void)state;
	assert_int_equal(ro_store_open(&st, pg, true), 0);
	assert_false(ro_store_read_only(st));
	ro_store_close(st);
	st = NULL;
	snprintf(role, sizeof role, "rt_reader_%ld", (long)getpid());
	snprintf(sql, sizeof sql, "CREATE ROLE %s LOGIN; GRANT SELECT ON ALL"
	    " TABLES IN SCHEMA public TO %s", role, role);
	assert_int_equal(psql_on(pg, sql, out, sizeof out), 0);
	snprintf(as, sizeof as, "%s%suser=%s", pg, !strstr(pg, "://") ? " " :
	    strchr(pg, '?') ? "&" : "?", role);
	assert_int_equal(ro_store_open(&st, as, false), 0);
	assert_true(ro_store_read_only(st));
	ro_store_close(st);
	snprintf(sql, sizeof sql, "DROP OWNED BY %s; DROP ROLE %s", role,
	    role);
	assert_int_equal(psql_on(pg, sql, out, sizeof out), 0);
	/* A read-only session: said at open, and a write refused as such. */
	snprintf(as, sizeof as, "%s%s", pg, !strstr(pg, "://") ?
	    " options=-cdefault_transaction_read_only=on" : strchr(pg, '?') ?
	    "&options=-cdefault_transaction_read_only%3Don" :
	    "?options=-cdefault_transaction_read_only%3Don");
	assert_int_equal(ro_store_open(&st, as, false), 0);
	assert_true(ro_store_read_only(st));
	assert_int_equal(ro_store_setting_set(st, "x", "1"), RO_EIO);
	assert_non_null(strstr(ro_error_last(), "read-only"));
	ro_store_close(st);
	rt_db_free(pg);
	rt_tmpdir_free(dir);
}

static void test_no_password_in_the_connection_string(void **state)
{
	ro_store *st = NULL;

	(void)state;
	assert_int_equal(ro_store_open(&st, "host=/nonexistent dbname=r "
	    "password=Hunter22", false), RO_EINVAL);
	assert_non_null(strstr(ro_error_last(), ".pgpass"));
	assert_null(strstr(ro_error_last(), "Hunter22"));
	assert_int_equal(ro_store_open(&st, "postgresql://u:Hunter22@/r"
	    "?host=/nonexistent", false), RO_EINVAL);
	assert_null(strstr(ro_error_last(), "Hunter22"));
}

/* Text the server refuses (SQLite would have kept the bytes): an error
 * that names the operation, nothing written. */
static void test_bad_utf8_refused(void **state)
{
	char *dir = rt_tmpdir(), *pg = rt_db_fresh(dir, "x");
	ro_store *st = NULL;
	int64_t site;
	size_t n;

	(void)state;
	assert_int_equal(ro_store_open(&st, pg, true), 0);
	assert_int_equal(ro_store_site_add(st, &site, "North"), 0);
	ro_store_row r = row(site, "bad00001", "A", "Z\xff\xfe");
	assert_int_equal(ro_store_portfolio_insert(st, &r), RO_EINVAL);
	assert_non_null(strstr(ro_error_last(), "UTF-8"));
	assert_int_equal(ro_store_site_count(st, &n, site), 0);
	assert_int_equal(n, 0);
	ro_store_close(st);
	rt_db_free(pg);
	rt_tmpdir_free(dir);
}

/* The server ends the session (a restart, a failover, an idle timeout):
 * the action that meets it says so (RO_EIO, the connection lost), a
 * transaction open then is gone, and the next action connects again. */
static void test_lost_connection(void **state)
{
	char *dir = rt_tmpdir(), *pg = rt_db_fresh(dir, "x");
	ro_store *st = NULL;
	int64_t site;
	ro_store_row r;
	size_t n = 9;

	(void)state;
	assert_int_equal(ro_store_open(&st, pg, true), 0);
	assert_int_equal(ro_store_site_add(st, &site, "North"), 0);
	/* Outside a transaction. */
	assert_int_equal(ro_store_test_sql(st, "SELECT pg_terminate_backend("
	    "pg_backend_pid())", NULL), RO_EIO);
	assert_non_null(strstr(ro_error_last(), "connection"));
	assert_non_null(strstr(ro_error_last(), "lost"));
	assert_int_equal(ro_store_site_count(st, &n, site), 0);
	assert_int_equal(n, 0);
	/* Inside a write: its insert is gone, nothing half done. */
	assert_int_equal(ro_store_begin(st, true, site), 0);
	r = row(site, "north001", "A", "North");
	assert_int_equal(ro_store_portfolio_insert(st, &r), 0);
	assert_int_equal(ro_store_test_sql(st, "SELECT pg_terminate_backend("
	    "pg_backend_pid())", NULL), RO_EIO);
	assert_int_not_equal(ro_store_commit(st), 0);
	ro_store_rollback(st);
	assert_int_equal(ro_store_begin(st, true, site), 0);
	assert_int_equal(ro_store_site_count(st, &n, site), 0);
	assert_int_equal(n, 0);
	r = row(site, "north001", "A", "North");
	assert_int_equal(ro_store_portfolio_insert(st, &r), 0);
	assert_int_equal(ro_store_commit(st), 0);
	assert_int_equal(ro_store_site_count(st, &n, site), 0);
	assert_int_equal(n, 1);
	ro_store_close(st);
	rt_db_free(pg);
	rt_tmpdir_free(dir);
}

/* Groups found are kept on the connection (a page of a group's list
 * looks its name up each time): the same answers as a lookup, NOCASE
 * included, and never a group of a write that rolled back. */
static void test_groups_kept(void **state)
{
	char *dir = rt_tmpdir(), *pg = rt_db_fresh(dir, "x");
	ro_store *st = NULL;
	int64_t site, other, g, id = 0;
	char *name = NULL;

	(void)state;
	assert_int_equal(ro_store_open(&st, pg, true), 0);
	assert_int_equal(ro_store_site_add(st, &site, "North"), 0);
	assert_int_equal(ro_store_site_add(st, &other, "South"), 0);
	assert_int_equal(ro_store_group_add(st, &g, site, "Period 1"), 0);
	for (int i = 0; i < 2; i++) {   /* looked up, then kept */
		assert_int_equal(ro_store_group_find(st, &id, &name, site,
		    "PERIOD 1"), 0);
		assert_int_equal(id, g);
		assert_string_equal(name, "Period 1");
		free(name);
		name = NULL;
	}
	assert_int_equal(ro_store_group_find(st, &id, NULL, other,
	    "Period 1"), RO_ENOTFOUND);
	assert_int_equal(ro_store_group_find(st, &id, NULL, site,
	    "Période 1"), RO_ENOTFOUND);
	/* Added and found inside a write that rolls back: gone after. */
	assert_int_equal(ro_store_begin(st, true, site), 0);
	assert_int_equal(ro_store_group_add(st, &g, site, "Period 2"), 0);
	assert_int_equal(ro_store_group_find(st, &id, NULL, site,
	    "Period 2"), 0);
	ro_store_rollback(st);
	assert_int_equal(ro_store_group_find(st, &id, NULL, site,
	    "Period 2"), RO_ENOTFOUND);
	ro_store_close(st);
	rt_db_free(pg);
	rt_tmpdir_free(dir);
}

int main(void)
{
	const struct CMUnitTest always[] = {
		cmocka_unit_test(test_kind_of),
		/* Refused before any connection is tried. */
		cmocka_unit_test(test_no_password_in_the_connection_string),
	};
	const struct CMUnitTest pg[] = {
		cmocka_unit_test(test_order_and_search_like_sqlite),
		cmocka_unit_test(test_site_locks),
		cmocka_unit_test(test_stamps_per_site),
		cmocka_unit_test(test_init_only_in_an_empty_database),
		cmocka_unit_test(test_bad_utf8_refused),
		cmocka_unit_test(test_unknown_schema_version_refused),
		cmocka_unit_test(test_read_only_role),
		cmocka_unit_test(test_lost_connection),
		cmocka_unit_test(test_groups_kept),
	};
	int rc = cmocka_run_group_tests_name("store backends", always, NULL,
	    NULL);

	/* The server's cases need a server: make check-pg gives one. */
	if (rt_db_is_pg())
		rc |= cmocka_run_group_tests_name("PostgreSQL store", pg, NULL,
		    NULL);
	return rc;
}
