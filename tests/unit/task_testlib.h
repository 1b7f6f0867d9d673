/* task_testlib.h — the fixture of the task tests (test_task.c,
 * test_task_hold.c): a fresh demo database per test, with cheap hashing,
 * and a second store of the test's own for looking at what the engine's
 * API deliberately hides (hashes, answers), in SQL both backends
 * understand.  Header only: each test binary is built from one .c file
 * and helpers.o. */
#ifndef ROSTER_TASK_TESTLIB_H
#define ROSTER_TASK_TESTLIB_H

#include "helpers.h"

#include <roster/db.h>
#include <roster/error.h>
#include <roster/task.h>

#include "../../src/store/store.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHARED_PW "Temp-Pass-42"

typedef struct fx {
	char *dir;
	char *path;
	ro_db *db;
	ro_session *s;          /* demo.admin on the demo site */
	ro_store *sq;           /* a second connection, for looking */
} fx;

static inline int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	rt_demo_open(60, &f->dir, &f->path, &f->db, &f->s);
	assert_int_equal(ro_store_open(&f->sq, f->path, false), 0);
	*state = f;
	return 0;
}

static inline int teardown(void **state)
{
	fx *f = *state;

	ro_store_close(f->sq);
	rt_demo_close(f->dir, f->path, f->db, f->s);
	free(f);
	return 0;
}

/* The first column of a query's rows, one a line (malloc'd; "" for NULL
 * or no row; no newline after the last). */
static inline char *q_text(fx *f, const char *sql)
{
	char *out = NULL;

	assert_int_equal(ro_store_test_sql(f->sq, sql, &out), 0);
	size_t n = strlen(out);
	if (n && out[n - 1] == '\n')
		out[n - 1] = '\0';
	return out;
}

static inline long long q_int(fx *f, const char *sql)
{
	char *t = q_text(f, sql);
	long long v = atoll(t);

	free(t);
	return v;
}

/* Ids for a WHERE clause on portfolios p of the demo site, at most max.
 * (Not inlined: the tests read what it wrote after checking the count,
 * which the compiler's flow analysis cannot see through.) */
__attribute__((noinline, unused)) static size_t q_ids(fx *f,
    const char *where, int64_t *ids, size_t max)
{
	char sql[512], *out, *line, *save = NULL;
	size_t n = 0;

	snprintf(sql, sizeof sql, "SELECT id FROM portfolios p WHERE "
	    "site_id = 1 AND (%s) ORDER BY id", where);
	out = q_text(f, sql);
	for (line = strtok_r(out, "\n", &save); line && n < max;
	    line = strtok_r(NULL, "\n", &save))
		ids[n++] = atoll(line);
	free(out);
	return n;
}

/* Everything a task may change, as one string: equal before and after
 * means nothing was written. */
static inline char *db_state(fx *f)
{
	return q_text(f, "SELECT id || ':' || version || ':' ||"
	    " coalesce(password_hash, '') || ':' || active || ':' ||"
	    " coalesce(CAST(group_id AS TEXT), '') || ':' ||"
	    " coalesce(CAST(grad_year AS TEXT), '') || ':' || temp_password ||"
	    " sq_reset FROM portfolios UNION ALL SELECT 'batches ' || count(*)"
	    " FROM batches UNION ALL SELECT 'audit ' || count(*) FROM audit"
	    " UNION ALL SELECT 'answers ' || count(*) FROM security_answers"
	    " ORDER BY 1");
}

static inline ro_selection sel_only(const int64_t *ids, size_t n)
{
	ro_selection s = { .mode = RO_MODE_ALL, .only = ids, .nonly = n };
	return s;
}

/* The first max active students a reset may change (not SSO-linked;
 * demo: the demo's named accounts too), by id, as a selection of
 * those ids (kept in ids). */
static inline ro_selection resettable(fx *f, int64_t *ids, size_t max,
    bool demo)
{
	size_t n = q_ids(f, demo ? "active = 1 AND sso IS NULL AND type = "
	    "'student'" : "active = 1 AND sso IS NULL AND type = 'student' "
	    "AND username NOT LIKE 'demo.%'", ids, max);

	return sel_only(ids, n);
}

static inline ro_task_opts opts(ro_task_kind kind)
{
	ro_task_opts o = { .kind = kind, .confirm = -1 };
	return o;
}

static inline char *username_of(fx *f, int64_t id)
{
	char sql[96];

	snprintf(sql, sizeof sql, "SELECT username FROM portfolios WHERE id = "
	    "%lld", (long long)id);
	return q_text(f, sql);
}

static inline const ro_task_skip *find_skip(const ro_task_result *r,
    int64_t id)
{
	for (size_t i = 0; i < r->nskips; i++)
		if (r->skips[i].id == id)
			return &r->skips[i];
	return NULL;
}


static inline bool file_has(const char *path, const char *needle)
{
	FILE *fp = fopen(path, "r");
	char buf[65536];
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return strstr(buf, needle) != NULL;
}

/* A progress callback that cancels at once, counting its calls. */
static inline int cancel_now(void *ctx, size_t done, size_t total)
{
	(void)done;
	(void)total;
	++*(int *)ctx;
	return 1;
}

#endif
