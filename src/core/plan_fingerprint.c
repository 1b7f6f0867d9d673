/* plan_fingerprint.c — the plan's fingerprint: SipHash-2-4 of the
 * file's cells and of what the data made of each row, under a random key
 * kept in the database's settings.
 *
 * A plain hash of the file would let anyone who sees a fingerprint (a
 * screen, a terminal log, a ticket) and knows the rest of the file — an
 * export of the same portfolios — test guesses of the passwords in it at
 * billions per second; under a secret key the fingerprint says nothing
 * about them. */
#include "plan_int.h"
#include "plan_rows.h"

#include <endian.h>
#include <stdio.h>
#include <string.h>

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

void plan_fp_begin(plan_sip *h, const plan_ctx *c)
{
	plan_sip_init(h, c->key);
	sip_str(h, "roster upload plan 1");
	sip_u64(h, (uint64_t)c->s->site_id);
	sip_u64(h, c->nrecs);
}

static void fp_row(plan_sip *h, const plan_ctx *c, const ro_plan_row *row,
    size_t i)
{
	const plan_rec *r = &c->recs[i];
	const plan_res *x = plan_res_of(c, i);
	size_t end = r->off[C_TYPE] + strlen(CELL(r, C_TYPE)) + 1;

	sip_u64(h, r->row);
	sip_u64(h, r->ncells);
	/* The cells as stored, NUL after each, the password's left out (its
	 * digest follows): two runs of bytes per row. */
	plan_sip_update(h, r->buf, r->off[C_PW]);
	plan_sip_update(h, r->buf + r->off[C_FIRST], end - r->off[C_FIRST]);
	sip_u64(h, end);
	sip_u64(h, r->pw_set ? r->pw_digest : 0);
	/* What the data made of the row. */
	sip_u64(h, (uint64_t)row->portfolio_id);
	sip_u64(h, x->cur ? (uint64_t)x->cur->p.version : 0);
	sip_u64(h, row->status);
	sip_u64(h, x->codes);
	sip_str(h, row->username);
	sip_u64(h, row->nchanges);
	for (size_t k = 0; k < row->nchanges; k++) {
		sip_str(h, row->changes[k].field);
		sip_str(h, row->changes[k].old_value);
		sip_str(h, row->changes[k].new_value);
	}
}

void plan_fp_row(plan_sip *h, const plan_ctx *c, const ro_plan *p, size_t i)
{
	/* Row i was built just now: still whole in the store's scratch. */
	fp_row(h, c, plan_rows_last(plan_rows_of((ro_plan *)(uintptr_t)p)),
	    i);
}

void plan_fp_end(plan_sip *h, ro_plan *p)
{
	uint64_t fp = plan_sip_final(h);

	snprintf(p->fingerprint, sizeof p->fingerprint, "%016llx",
	    (unsigned long long)fp);
}
