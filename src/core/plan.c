/* plan.c — the trial run, the plan's fingerprint, and freeing a plan.
 *
 * The fingerprint is SipHash-2-4 under a random key kept in the
 * database's settings.  A plain hash of the file would let anyone who
 * sees a fingerprint (a screen, a terminal log, a ticket) and knows the
 * rest of the file — an export of the same portfolios — test guesses of
 * the passwords in it at billions per second; under a secret key the
 * fingerprint says nothing about them. */
#include "plan_int.h"

#include <roster/random.h>

#include <endian.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_SETTING "plan.key"

char *plan_msg(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? NULL : s;
}

/* ---- SipHash-2-4 (Aumasson and Bernstein), streamed ---- */

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

static void sipround(uint64_t v[4])
{
	v[0] += v[1]; v[1] = ROTL(v[1], 13); v[1] ^= v[0];
	v[0] = ROTL(v[0], 32);
	v[2] += v[3]; v[3] = ROTL(v[3], 16); v[3] ^= v[2];
	v[0] += v[3]; v[3] = ROTL(v[3], 21); v[3] ^= v[0];
	v[2] += v[1]; v[1] = ROTL(v[1], 17); v[1] ^= v[2];
	v[2] = ROTL(v[2], 32);
}

void plan_sip_init(plan_sip *h, const uint8_t key[16])
{
	uint64_t k0 = 0, k1 = 0;

	for (int i = 7; i >= 0; i--) {
		k0 = k0 << 8 | key[i];
		k1 = k1 << 8 | key[8 + i];
	}
	h->v[0] = k0 ^ 0x736f6d6570736575ULL;
	h->v[1] = k1 ^ 0x646f72616e646f6dULL;
	h->v[2] = k0 ^ 0x6c7967656e657261ULL;
	h->v[3] = k1 ^ 0x7465646279746573ULL;
	h->m = 0;
	h->len = 0;
}

static void sip_word(plan_sip *h, uint64_t m)
{
	h->v[3] ^= m;
	sipround(h->v);
	sipround(h->v);
	h->v[0] ^= m;
}

/* One byte into the pending word. */
static void sip_byte(plan_sip *h, uint8_t b)
{
	h->m |= (uint64_t)b << (8 * (h->len & 7));
	if ((++h->len & 7) == 0) {
		sip_word(h, h->m);
		h->m = 0;
	}
}

void plan_sip_update(plan_sip *h, const void *data, size_t n)
{
	const uint8_t *p = data;
	size_t i = 0;

	/* Bytes up to a word boundary, whole words, then the rest. */
	for (; i < n && (h->len & 7); i++)
		sip_byte(h, p[i]);
	for (; i + 8 <= n; i += 8) {
		uint64_t m;
		memcpy(&m, p + i, 8);
		sip_word(h, le64toh(m));
		h->len += 8;
	}
	for (; i < n; i++)
		sip_byte(h, p[i]);
}

uint64_t plan_sip_final(plan_sip *h)
{
	uint64_t b = (uint64_t)h->len << 56 | h->m;

	h->v[3] ^= b;
	sipround(h->v);
	sipround(h->v);
	h->v[0] ^= b;
	h->v[2] ^= 0xff;
	for (int i = 0; i < 4; i++)
		sipround(h->v);
	return h->v[0] ^ h->v[1] ^ h->v[2] ^ h->v[3];
}

static void sip_u64(plan_sip *h, uint64_t v)
{
	uint8_t b[8];

	if ((h->len & 7) == 0) {
		sip_word(h, v);
		h->len += 8;
		return;
	}
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	plan_sip_update(h, b, 8);
}

/* A string with its length, so that ("ab", "c") and ("a", "bc") differ;
 * NULL differs from "". */
static void sip_str(plan_sip *h, const char *s)
{
	static const uint8_t zeros[8];
	size_t n = s ? strlen(s) : 0;

	sip_u64(h, s ? n : UINT64_MAX);
	plan_sip_update(h, s ? s : "", n);
	/* Padded to a whole word, so that the stream stays on the fast
	 * path (the length above makes the padding unambiguous). */
	plan_sip_update(h, zeros, (8 - n % 8) % 8);
}

uint64_t plan_secret_digest(const plan_ctx *c, const char *secret)
{
	plan_sip h;

	plan_sip_init(&h, c->key);
	sip_str(&h, "password");
	sip_str(&h, secret);
	return plan_sip_final(&h);
}

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

int plan_fingerprint(ro_plan *p, plan_ctx *c)
{
	plan_sip h;
	uint64_t fp;

	if (p->file_error) {
		p->fingerprint[0] = '\0';
		return 0;
	}
	plan_sip_init(&h, c->key);
	sip_str(&h, "roster upload plan 1");
	sip_u64(&h, (uint64_t)c->s->site_id);
	sip_u64(&h, c->nrecs);
	for (size_t i = 0; i < c->nrecs; i++) {
		const plan_rec *r = &c->recs[i];
		const plan_res *x = &c->res[i];
		const ro_plan_row *row = &p->rows[i];

		size_t end = r->off[C_TYPE] + strlen(CELL(r, C_TYPE)) + 1;

		sip_u64(&h, r->row);
		sip_u64(&h, r->ncells);
		/* The cells as stored, NUL after each, the password's left
		 * out (its digest follows): two runs of bytes per row. */
		plan_sip_update(&h, r->buf, r->off[C_PW]);
		plan_sip_update(&h, r->buf + r->off[C_FIRST], end -
		    r->off[C_FIRST]);
		sip_u64(&h, end);
		sip_u64(&h, r->pw_set ? r->pw_digest : 0);
		/* What the data made of the row. */
		sip_u64(&h, (uint64_t)row->portfolio_id);
		sip_u64(&h, x->cur ? (uint64_t)x->cur->p.version : 0);
		sip_u64(&h, row->status);
		sip_u64(&h, x->codes);
		sip_str(&h, row->username);
		sip_u64(&h, row->nchanges);
		for (size_t k = 0; k < row->nchanges; k++) {
			sip_str(&h, row->changes[k].field);
			sip_str(&h, row->changes[k].old_value);
			sip_str(&h, row->changes[k].new_value);
		}
	}
	fp = plan_sip_final(&h);
	snprintf(p->fingerprint, sizeof p->fingerprint, "%016llx",
	    (unsigned long long)fp);
	return 0;
}

int plan_pass(ro_plan **out, plan_ctx *c, bool trial_run)
{
	double t[3];
	int rc;

	*out = NULL;
	c->trial_run = trial_run;
	t[0] = ro_trace_now();
	if (!c->file_error && (rc = plan_check(c)))
		return rc;
	t[1] = ro_trace_now();
	if ((rc = plan_build(out, c, trial_run)))
		return rc;
	t[2] = ro_trace_now();
	rc = plan_fingerprint(*out, c);
	ro_trace("plan: check %.0f ms, build %.0f ms, fingerprint %.0f ms, "
	    "%zu rows", t[1] - t[0], t[2] - t[1], ro_trace_now() - t[2],
	    c->nrecs);
	return rc;
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
	if (s->type < RO_TYPE_STAFF)
		return ro_error_set(RO_EDENIED, "students cannot upload files");
	if (!s->site_id)
		return ro_session_no_site();
	t0 = ro_trace_now();
	if ((rc = plan_read(c)) || c->file_error)
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
	for (size_t i = 0; i < p->nrows; i++) {
		ro_plan_row *r = &p->rows[i];
		free(r->codes);
		free(r->warnings);
		for (size_t k = 0; k < r->nmessages; k++)
			free(r->messages[k]);
		free(r->messages);
		/* The username and the changes are in p->strings. */
	}
	ro_big_free(p->rows);
	plan_or_plan_free(p);
	plan_arena_free(&p->strings);
	free(p->file);
	free(p->file_message);
	free(p);
}
