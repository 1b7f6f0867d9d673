/* helpers.h — shared fixtures for the cmocka tests. */
#ifndef ROSTER_TEST_HELPERS_H
#define ROSTER_TEST_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/* A fresh private directory under $TMPDIR, removed by rt_tmpdir_free. */
char *rt_tmpdir(void);
void rt_tmpdir_free(char *dir);
/* dir "/" name, malloc'd. */
char *rt_path(const char *dir, const char *name);
/* How many entries a folder holds ("." and ".." aside). */
size_t rt_dir_entries(const char *dir);
/* Writes len bytes to path (mode 0600). */
void rt_write_file(const char *path, const void *data, size_t len);
/* Path of a file under tests/data (the tests run from the repo root). */
char *rt_data(const char *name);

/* A fresh database for a test, not yet created (malloc'd): the path of
 * name under dir (SQLite) by default; when ROSTER_TEST_PG holds a libpq
 * key=value connection string for a maintenance database (as make
 * check-pg sets it), the connection string of a PostgreSQL database made
 * empty for it.  rt_db_free drops that database and frees the string. */
char *rt_db_fresh(const char *dir, const char *name);
void rt_db_free(char *db);
/* Whether the tests run against PostgreSQL (ROSTER_TEST_PG is set). */
int rt_db_is_pg(void);

/* A demo database of n portfolios (cheap hashing) in a fresh directory,
 * and demo.admin's session on it: *dir, *dbpath, *db and *s are the
 * caller's, closed together by rt_demo_close. */
struct ro_db;
struct ro_session;
void rt_demo_open(size_t n, char **dir, char **dbpath, struct ro_db **db,
    struct ro_session **s);
void rt_demo_close(char *dir, char *dbpath, struct ro_db *db,
    struct ro_session *s);

/* The same as one cmocka fixture: rt_demo_new(n) as a setup's *state,
 * rt_demo_teardown as its teardown.  nfile numbers the files a test
 * writes, for the tests that write several. */
typedef struct rt_demo {
	char *dir, *dbpath;
	struct ro_db *db;
	struct ro_session *s;
	int nfile;
} rt_demo;
rt_demo *rt_demo_new(size_t n);
int rt_demo_teardown(void **state);

#endif
