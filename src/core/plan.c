/* plan.c — a planning pass, the trial run, the fingerprint's key, and
 * freeing a plan.
 *
 * The key (plan_fingerprint.c says why there is one) is random, kept in
 * the database's settings.  A pass walks the records a window at a time:
 * checks the window's rows (plan_check.c), then builds and fingerprints
 * each; what the store said about the window is freed before the next.
 * A trial run's pass is the last use of its records: it also releases
 * each row as it goes (plan_release.c), so that the records and the plan
 * are not both whole in memory at once.  An upload's pass is the same
 * walk with one window: applying needs every row's portfolio. */
#include "plan_int.h"
#include "plan_rows.h"

#include <roster/bundle.h>
#include <roster/random.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_SETTING "plan.key"

static int hex_key(uint8_t key[16], const char *hex)
{
	if (!hex || strlen(hex) != 32)
		return -1;
	for (int i = 0; i < 16; i++) {
		unsigned v;
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return -1;
		key[i] = (uint8_t)v;
	}
	return 0;
}

/* Reads the database's fingerprint key.  The schema makes it (migration
 * 3), so a trial run only reads; a key someone deleted is made again
 * (the one write a trial run may then make). */
static int plan_key(plan_ctx *c)
{
	char *v = NULL, hex[33];
	uint8_t fresh[16];
	int rc = ro_store_setting_get(c->st, KEY_SETTING, &v);

	if (rc == 0 && hex_key(c->key, v) == 0) {
		free(v);
		return 0;
	}
	free(v);
	v = NULL;
	if (rc && rc != RO_ENOTFOUND)
		return rc;
	if ((rc = ro_random_bytes(fresh, sizeof fresh)))
		return rc;
	for (int i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", fresh[i]);
	if ((rc = ro_store_begin(c->st, true, 0)))
		return rc;
	/* Another process may have made it meanwhile: theirs stands. */
	rc = ro_store_setting_get(c->st, KEY_SETTING, &v);
	if (rc == RO_ENOTFOUND || (rc == 0 && hex_key(c->key, v) != 0))
		rc = ro_store_setting_set(c->st, KEY_SETTING, hex);
	else if (rc == 0)
		hex[0] = '\0';
	if (rc == 0)
		rc = ro_store_commit(c->st);
	else
		ro_store_rollback(c->st);
	if (rc == 0 && hex[0])
		rc = hex_key(c->key, hex) ? RO_EINTERNAL : 0;
	free(v);
	explicit_bzero(hex, sizeof hex);
	explicit_bzero(fresh, sizeof fresh);
	return rc;
}

/* The walk: each window checked, then its rows built, fingerprinted
 * (each row as built, in file order) and (a trial run) released. */
static int walk(ro_plan *p, plan_ctx *c, size_t w, bool trial_run,
    double *t_build)
{
	size_t i = 0;
	plan_release rl;
	plan_sip h;
	int rc;

	if (trial_run && (rc = plan_release_open(&rl, c)))
		return rc;
	plan_fp_begin(&h, c);
	rc = plan_check_open(c);
	for (size_t lo = 0; lo < c->nrecs && !rc; lo += w) {
		size_t hi = c->nrecs - lo > w ? lo + w : c->nrecs;
		double t0;

		if ((rc = plan_check_window(c, lo, hi)))
			break;
		t0 = ro_trace_now();
		for (; i < hi; i++) {
			if ((rc = plan_build_row(p, c, i)))
				break;
			plan_fp_row(&h, c, p, i);
			if (trial_run)
				plan_release_row(&rl, c, i);
		}
		*t_build += ro_trace_now() - t0;
	}
	if (trial_run)
		plan_release_close(&rl, c, i);
	if (!rc && !(rc = plan_build_close(p, c)))
		plan_fp_end(&h, p);
	return rc;
}

int plan_pass(ro_plan **out, plan_ctx *c, bool trial_run)
{
	double t0 = ro_trace_now(), t_build = 0;
	size_t n = c->nrecs, w;
	int rc;

	*out = NULL;
	c->trial_run = trial_run;
	w = plan_window_rows(c);
	/* A file with an error has no rows (and no fingerprint). */
	if ((rc = plan_build_open(out, c, trial_run)) || c->file_error)
		return rc;
	if ((rc = walk(*out, c, w, trial_run, &t_build))) {
		ro_plan_free(*out);
		*out = NULL;
		return rc;
	}
	ro_trace("plan: check: ids %.0f ms, usernames %.0f ms, rows %.0f ms "
	    "(all windows)", c->t_check[1], c->t_check[2], c->t_check[3]);
	ro_trace("plan: check and build %.0f ms (build and fingerprint %.0f "
	    "ms), %zu rows, windows of %zu", ro_trace_now() - t0, t_build, n,
	    w);
	return 0;
}

void plan_ctx_free(plan_ctx *c)
{
	plan_or_free(c);
	plan_check_clear(c);
	plan_recs_free(c);
	free(c->file_message);
	c->file_message = NULL;
	explicit_bzero(c->key, sizeof c->key);
}

int plan_open(plan_ctx *c, ro_session *s, const char *path,
    ro_sheet_format format, ro_progress_fn progress, void *pctx,
    const ro_plan_opts *o)
{
	double t0;
	int rc;

	memset(c, 0, sizeof *c);
	c->s = s;
	c->st = ro_db_store(s->db);
	c->path = path;
	c->format = format;
	c->progress = progress;
	c->pctx = pctx;
	c->opts = o;
	c->window = PLAN_WINDOW;
	if (s->type < RO_TYPE_STAFF)
		return ro_error_set(RO_EDENIED, "students cannot upload files");
	if (!s->site_id)
		return ro_session_no_site();
	t0 = ro_trace_now();
	/* A folder, or a zip that is no workbook: a OneRoster bundle. */
	if (c->format == RO_SHEET_ONEROSTER || (c->format == RO_SHEET_AUTO &&
	    ro_or_is_bundle(c->path)))
		rc = plan_read_oneroster(c);
	else
		rc = plan_read(c);
	if (rc || c->file_error)
		return rc;
	ro_trace("plan: read %.0f ms", ro_trace_now() - t0);
	/* The key only now: a file that cannot be planned writes nothing,
	 * not even the key on a database's first upload. */
	if ((rc = plan_key(c)))
		return rc;
	for (size_t i = 0; i < c->nrecs; i++)
		if (c->recs[i].pw_set)
			c->recs[i].pw_digest = plan_secret_digest(c,
			    CELL(&c->recs[i], C_PW));
	return 0;
}

static int trial_run(ro_plan **out, ro_session *s, const char *path,
    ro_sheet_format format, ro_progress_fn progress, void *ctx,
    const ro_plan_opts *o);

int ro_plan_trial_run(ro_plan **out, ro_session *s, const char *path,
    ro_sheet_format format)
{
	return trial_run(out, s, path, format, NULL, NULL, NULL);
}

int ro_plan_trial_run_opts(ro_plan **out, ro_session *s, const char *path,
    ro_sheet_format format, const ro_plan_opts *o)
{
	return trial_run(out, s, path, format, NULL, NULL, o);
}

int ro_plan_trial_run_progress(ro_plan **out, ro_session *s,
    const char *path, ro_sheet_format format, ro_progress_fn progress,
    void *ctx)
{
	return trial_run(out, s, path, format, progress, ctx, NULL);
}

static int trial_run(ro_plan **out, ro_session *s, const char *path,
    ro_sheet_format format, ro_progress_fn progress, void *ctx,
    const ro_plan_opts *o)
{
	plan_ctx c;
	int rc;

	*out = NULL;
	if ((rc = plan_open(&c, s, path, format, progress, ctx, o)))
		goto out;
	/* One snapshot for every lookup of the plan. */
	if ((rc = ro_store_begin(c.st, false, 0)))
		goto out;
	rc = plan_pass(out, &c, true);
	ro_store_rollback(c.st);
out:
	plan_ctx_free(&c);
	return rc;
}

void ro_plan_free(ro_plan *p)
{
	if (!p)
		return;
	/* The rows, and their temporary file with them. */
	plan_rows_free(plan_rows_of(p));
	plan_or_plan_free(p);
	free(p->file);
	free(p->file_message);
	free(p);
}
