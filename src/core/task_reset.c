/* task_reset.c — the write of a password reset that leaves the security
 * questions alone, set-wise: the targets in id order, a chunk at a time,
 * each chunk checked, recorded for undo, audited and changed by the store
 * in a few statements (store.h, ro_store_reset_chunk), inside the
 * batch's one transaction (task_apply.c).  What lands is what the
 * portfolio-by-portfolio write makes of a reset; at 920,803 portfolios
 * that write spent most of its time on a statement per row and field. */
#include "task_int.h"

#include <stdlib.h>

/* 16,000 rows: the progress is reported, and a cancel honoured, as often
 * as the portfolio-by-portfolio write does it. */
#define RESET_CHUNK 16000

/* The target of the chunk's first moved id (ids ascending). */
static const ro_task_target *moved_target(const ro_task_ctx *k,
    const size_t *idx, const int64_t *ids, size_t n, int64_t moved)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (ids[mid] < moved)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && ids[lo] == moved ? &k->t[idx[lo]] : NULL;
}

static int write_chunk(const ro_task_ctx *k, ro_store_reset *r,
    const size_t *idx, int64_t *ids, int64_t *versions, const char **hashes)
{
	const ro_task_target *t;
	char now[21];
	int64_t moved = 0;
	int rc;

	for (size_t i = 0; i < r->n; i++) {
		ids[i] = k->t[idx[i]].id;
		versions[i] = k->t[idx[i]].version;
		if (hashes)
			hashes[i] = k->hashes[idx[i]];
	}
	ro_store_now(now);
	r->audit.at = now;
	rc = ro_store_reset_chunk(ro_db_store(k->s->db), r, &moved);
	if (rc == RO_ECONFLICT && (t = moved_target(k, idx, ids, r->n, moved)))
		return ro_task_conflict(t);
	return rc;
}

int ro_task_reset_write(const ro_task_ctx *k, int64_t batch,
    const size_t *order)
{
	size_t cap = k->nt < RESET_CHUNK ? k->nt : RESET_CHUNK;
	int64_t *ids = malloc((cap ? cap : 1) * sizeof *ids);
	int64_t *versions = malloc((cap ? cap : 1) * sizeof *versions);
	const char **hashes = NULL;
	ro_store_reset r = { .batch_id = batch, .site_id = k->s->site_id };
	int rc = 0;

	/* One password for all: hashed once (task_passwords.c), the same
	 * hash in every slot, sent once. */
	if (k->o->generate)
		hashes = malloc((cap ? cap : 1) * sizeof *hashes);
	else if (k->nt)
		r.hash = k->hashes[0];
	if (!ids || !versions || (k->o->generate && !hashes))
		rc = RO_ENOMEM;
	r.ids = ids;
	r.versions = versions;
	r.hashes = hashes;
	ro_audit_reset_texts(&r.audit, k->s,
	    ro_task_kind_name(RO_TASK_RESET_PASSWORDS));
	for (size_t base = 0; base < k->nt && !rc; base += RESET_CHUNK) {
		r.n = k->nt - base < RESET_CHUNK ? k->nt - base : RESET_CHUNK;
		rc = write_chunk(k, &r, order + base, ids, versions, hashes);
		size_t done = base + r.n;
		if (!rc && k->o->progress &&
		    k->o->progress(k->o->progress_ctx, done, k->nt))
			rc = RO_ECANCEL;
	}
	free(ids);
	free(versions);
	free(hashes);
	return rc;
}
