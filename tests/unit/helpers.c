/* helpers.c — temporary directories, files and demo databases for the
 * unit tests. */
#include "helpers.h"

#include <roster/account.h>
#include <roster/db.h>
#include <roster/hash.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *rt_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *tmpl;

	if (!base || !*base)
		base = "/tmp";
	tmpl = rt_path(base, "roster-test-XXXXXX");
	assert_non_null(mkdtemp(tmpl));
	return tmpl;
}

void rt_tmpdir_free(char *dir)
{
	char cmd[4096];

	if (!dir)
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(dir);
}

size_t rt_dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

char *rt_path(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	assert_non_null(p);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

void rt_write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

char *rt_data(const char *name)
{
	return rt_path("tests/data", name);
}

int rt_db_is_pg(void)
{
	const char *pg = getenv("ROSTER_TEST_PG");

	return pg && *pg;
}

/* Runs one statement on the maintenance database through psql (the
 * tests never include libpq: only src/store speaks to the server). */
static int psql(const char *sql)
{
	char cmd[2048];

	snprintf(cmd, sizeof cmd, "PGOPTIONS='-c client_min_messages=warning'"
	    " psql -X -q -v ON_ERROR_STOP=1 '%s' -c '%s' >/dev/null",
	    getenv("ROSTER_TEST_PG"), sql);
	return system(cmd);
}

char *rt_db_fresh(const char *dir, const char *name)
{
	static unsigned serial;
	char db[64], sql[128], *out;
	size_t n;

	if (!rt_db_is_pg())
		return rt_path(dir, name);
	snprintf(db, sizeof db, "roster_unit_%ld_%u", (long)getpid(),
	    serial++);
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)",
	    db);
	assert_int_equal(psql(sql), 0);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", db);
	assert_int_equal(psql(sql), 0);
	/* In a key=value string the last dbname counts; in a URI, the
	 * one of its query. */
	const char *pg = getenv("ROSTER_TEST_PG");
	const char *sep = !strstr(pg, "://") ? " " : strchr(pg, '?') ? "&" :
	    "?";
	n = strlen(pg) + strlen(db) + 16;
	out = malloc(n);
	assert_non_null(out);
	snprintf(out, n, "%s%sdbname=%s", pg, sep, db);
	return out;
}

void rt_db_free(char *db)
{
	const char *name;
	char sql[128];

	if (db && rt_db_is_pg() && (name = strrchr(db, '='))) {
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH "
		    "(FORCE)", name + 1);
		assert_int_equal(psql(sql), 0);
	}
	free(db);
}

void rt_demo_open(size_t n, char **dir, char **dbpath, ro_db **db,
    ro_session **s)
{
	ro_hash_params tp = ro_hash_params_test();
	const ro_demo_signin *si;
	size_t nsi;

	*dir = rt_tmpdir();
	*dbpath = rt_db_fresh(*dir, "roster.db");
	assert_int_equal(ro_init(*dbpath, "district1", "District1pw", &tp), 0);
	assert_int_equal(ro_db_open(db, *dbpath), 0);
	assert_int_equal(ro_demo_create(*db, n, &si, &nsi), 0);
	assert_int_equal(ro_session_open(s, *db, "demo.admin", "DemoAdmin1",
	    NULL), 0);
}

void rt_demo_close(char *dir, char *dbpath, ro_db *db, ro_session *s)
{
	ro_session_free(s);
	ro_db_close(db);
	rt_tmpdir_free(dir);
	rt_db_free(dbpath);
}

rt_demo *rt_demo_new(size_t n)
{
	rt_demo *f = calloc(1, sizeof *f);

	if (!f)
		abort();
	rt_demo_open(n, &f->dir, &f->dbpath, &f->db, &f->s);
	return f;
}

int rt_demo_teardown(void **state)
{
	rt_demo *f = *state;

	rt_demo_close(f->dir, f->dbpath, f->db, f->s);
	free(f);
	return 0;
}
