/* plan_release.c — a trial run's records given back as its last walk
 * over them passes.
 *
 * A trial run builds each row of the plan, fingerprints it and is done
 * with the row's record, result and cells: nothing after it reads them.
 * So they go back to the kernel behind the walk, a step of rows at a
 * time: the pages of the records array (ro_big_release), and each chunk
 * of cells once its last record is passed (the results are the window's,
 * used again by the next).  At 970,213 rows the records and cells are
 * about 160 MiB, which the plan would otherwise hold on top of its own
 * rows.  A record's password cell
 * is wiped as soon as its row is done.  An upload keeps everything: it
 * plans again under the write lock and applies from the records. */
#include "plan_int.h"

#include <stdlib.h>
#include <string.h>

/* Rows between two releases: a few MiB of records and results. */
#define RELEASE_STEP 16384

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(plan_chunk *const *)a;
	uintptr_t y = (uintptr_t)*(plan_chunk *const *)b;

	return (x > y) - (x < y);
}

/* The chunk of v (sorted by address) holding p, or n. */
static size_t chunk_of(plan_chunk **v, size_t n, const char *p)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((uintptr_t)v[mid] <= (uintptr_t)p)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return n;
	lo--;
	return p < v[lo]->data + v[lo]->cap ? lo : n;
}

int plan_release_open(plan_release *rl, plan_ctx *c)
{
	size_t n = 0, k = 0;

	memset(rl, 0, sizeof *rl);
	for (plan_chunk *ch = c->chunks; ch; ch = ch->next)
		n++;
	rl->chunk = calloc(n + 1, sizeof *rl->chunk);
	rl->last = calloc(n + 1, sizeof *rl->last);
	if (!rl->chunk || !rl->last) {
		free(rl->chunk);
		free(rl->last);
		return RO_ENOMEM;
	}
	/* The walk owns the chunks now. */
	for (plan_chunk *ch = c->chunks; ch; ch = ch->next)
		rl->chunk[k++] = ch;
	c->chunks = NULL;
	rl->n = n;
	qsort(rl->chunk, n, sizeof *rl->chunk, cmp_ptr);
	for (size_t i = 0; i < c->nrecs; i++) {
		size_t j = chunk_of(rl->chunk, n, c->recs[i].buf);
		if (j < n)
			rl->last[j] = i;
	}
	return 0;
}

/* Record i's password: gone at once. */
static void row_wipe(plan_ctx *c, size_t i)
{
	plan_rec *r = &c->recs[i];

	if (r->pw_set && r->buf)
		explicit_bzero(CELL(r, C_PW), strlen(CELL(r, C_PW)));
}

/* Record i's password and result notes (i is in the window). */
static void row_clear(plan_ctx *c, size_t i)
{
	plan_res *x = plan_res_of(c, i);

	row_wipe(c, i);
	for (size_t k = 0; k < x->nnotes; k++)
		free(x->notes[k].text);
	free(x->notes);
	x->notes = NULL;
	x->nnotes = 0;
}

void plan_release_row(plan_release *rl, plan_ctx *c, size_t i)
{
	row_clear(c, i);
	if ((i + 1) % RELEASE_STEP && i + 1 != c->nrecs)
		return;
	for (size_t j = 0; j < rl->n; j++)
		if (rl->chunk[j] && rl->last[j] <= i) {
			ro_big_free(rl->chunk[j]);
			rl->chunk[j] = NULL;
		}
	ro_big_release(c->recs, rl->done * sizeof *c->recs,
	    (i + 1) * sizeof *c->recs);
	rl->done = i + 1;
}

void plan_release_close(plan_release *rl, plan_ctx *c, size_t walked)
{
	/* Rows the walk did not reach (it failed): as the walk would. */
	for (size_t i = walked; i < c->nrecs; i++)
		row_wipe(c, i);
	for (size_t j = 0; j < rl->n; j++)
		ro_big_free(rl->chunk[j]);
	free(rl->chunk);
	free(rl->last);
	memset(rl, 0, sizeof *rl);
	/* Every record's cells are gone: nothing may walk them again. */
	ro_big_free(c->recs);
	c->recs = NULL;
	c->nrecs = c->caprecs = 0;
	plan_check_clear(c);
}
