/* plan_testlib.h — the plan tests' fixtures (header only: each test
 * binary is built from one .c file and helpers.o): a fresh demo database
 * per test, files written from CSV bodies, lookups in a plan, and the
 * demo's portfolios picked by kind and written back as export lines. */
#ifndef ROSTER_PLAN_TESTLIB_H
#define ROSTER_PLAN_TESTLIB_H

#include "helpers.h"

#include <roster/account.h>
#include <roster/bundle.h>
#include <roster/error.h>
#include <roster/plan.h>
#include <roster/portfolio.h>
#include <roster/status.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HDR "Portfolio ID,Username,Password,First Name,Last Name," \
	"Graduation Year,Group,Email,Account Type\n"

typedef rt_demo fx;

static inline int setup(void **state)
{
	*state = rt_demo_new(60);
	return 0;
}

/* Big enough that a plan reads the whole site instead of its ids. */
static inline int setup_big(void **state)
{
	*state = rt_demo_new(2600);
	return 0;
}

/* ---- files ---- */

/* Writes body (after the header unless raw) to a fresh file; the path is
 * the caller's. */
static inline char *write_file(fx *f, const char *ext, const char *body, bool raw)
{
	char name[32], *path;
	size_t hl = raw ? 0 : strlen(HDR), bl = strlen(body);
	char *all = malloc(hl + bl + 1);

	assert_non_null(all);
	snprintf(name, sizeof name, "f%d.%s", ++f->nfile, ext);
	path = rt_path(f->dir, name);
	memcpy(all, HDR, hl);
	memcpy(all + hl, body, bl + 1);
	rt_write_file(path, all, hl + bl);
	free(all);
	return path;
}

static inline ro_plan *trial(fx *f, const char *body)
{
	char *path = write_file(f, "csv", body, false);
	ro_plan *p = NULL;

	assert_int_equal(ro_plan_trial_run(&p, f->s, path, RO_SHEET_AUTO), 0);
	assert_non_null(p);
	free(path);
	return p;
}

/* Row i of the plan (valid for RO_PLAN_ROWS_KEPT more reads). */
static inline const ro_plan_row *row_i(const ro_plan *p, size_t i)
{
	const ro_plan_row *r = ro_plan_row_at(p, i);

	if (!r)
		fail_msg("row %zu of the plan: %s", i, ro_error_last());
	return r;
}

/* The row of that spreadsheet number (a file's rows are in order, from
 * 2: the guess first, then the walk). */
static inline const ro_plan_row *row_at(const ro_plan *p, size_t number)
{
	if (number >= 2 && number - 2 < p->nrows &&
	    row_i(p, number - 2)->row == number)
		return row_i(p, number - 2);
	for (size_t i = 0; i < p->nrows; i++)
		if (row_i(p, i)->row == number)
			return row_i(p, i);
	fail_msg("no row %zu in the plan", number);
	return NULL;
}

static inline bool has(const ro_plan_row *r, ro_status st)
{
	for (size_t i = 0; i < r->ncodes; i++)
		if (r->codes[i] == st)
			return true;
	for (size_t i = 0; i < r->nwarnings; i++)
		if (r->warnings[i] == st)
			return true;
	return false;
}

/* The message of code st in row r (codes then warnings). */
static inline const char *message(const ro_plan_row *r, ro_status st)
{
	for (size_t i = 0; i < r->ncodes; i++)
		if (r->codes[i] == st)
			return r->messages[i];
	for (size_t i = 0; i < r->nwarnings; i++)
		if (r->warnings[i] == st)
			return r->messages[r->ncodes + i];
	fail_msg("row %zu has no %s", r->row, ro_status_code(st));
	return NULL;
}

static inline const ro_change *change(const ro_plan_row *r, const char *field)
{
	for (size_t i = 0; i < r->nchanges; i++)
		if (strcmp(r->changes[i].field, field) == 0)
			return &r->changes[i];
	return NULL;
}

/* ---- portfolios of the demo ---- */

static inline bool is_student(const ro_portfolio *p)
{
	return p->type == RO_TYPE_STUDENT && p->active && !p->sso &&
	    p->group_name && p->email && !p->temp_password;
}

static inline bool is_staff(const ro_portfolio *p)
{
	return p->type == RO_TYPE_STAFF && p->active && !p->sso;
}

static inline bool is_sso(const ro_portfolio *p)
{
	return p->sso != RO_SSO_NONE && p->active;
}

static inline bool is_inactive(const ro_portfolio *p)
{
	return !p->active && !p->sso;
}

static inline bool is_demo_temp(const ro_portfolio *p)
{
	return strcmp(p->username, "demo.temp") == 0;
}

/* The nth portfolio (0-based) of the site that pred accepts. */
static inline void pick(fx *f, ro_portfolio *out, bool (*pred)(const ro_portfolio *),
    int nth)
{
	for (int64_t id = 1; id < 200; id++) {
		if (ro_portfolio_get(out, f->s, id) != 0)
			continue;
		if (pred(out) && nth-- == 0)
			return;
		ro_portfolio_clear(out);
	}
	fail_msg("the demo has no such portfolio");
}

/* A CSV line for p as export writes it, with cells replaced where
 * over[i] is not NULL (quoted by the engine's one CSV quoter; a line
 * longer than cap fails the test). */
static inline void line(char *buf, size_t cap, const ro_portfolio *p,
    const char *const over[9])
{
	char id[24], year[8], *text = NULL;
	const char *c[9];
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	assert_non_null(m);
	snprintf(id, sizeof id, "%lld", (long long)p->id);
	snprintf(year, sizeof year, "%d", p->grad_year);
	c[0] = id;
	c[1] = p->username;
	c[2] = "";
	c[3] = p->first;
	c[4] = p->last;
	c[5] = p->grad_year ? year : "";
	c[6] = p->group_name ? p->group_name : "";
	c[7] = p->email ? p->email : "";
	c[8] = ro_account_type_name(p->type);
	for (int i = 0; i < 9; i++) {
		if (i)
			fputc(',', m);
		ro_csv_put_cell(m, over && over[i] ? over[i] : c[i]);
	}
	fputc('\n', m);
	assert_int_equal(fclose(m), 0);
	assert_true(len < cap);
	memcpy(buf, text, len + 1);
	free(text);
}

#endif
