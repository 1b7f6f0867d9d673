/* zip_ahead.c — a worksheet inflated on a thread of its own, a few
 * blocks ahead of the XML parser that reads it.
 *
 * Inflating a 100,000-row sheet (46 MB of XML) costs a tenth of reading
 * it; on a second core it costs nothing.  The thread only calls
 * sheet_zpart_read (with its zip bomb limits): it owns the member, and the
 * archive, until sheet_zahead_stop returns.  Its error (a CRC, a limit)
 * reaches the reader after the blocks before it, with its message. */
#include "xlsx_int.h"

#include <roster/error.h>

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { AHEAD_BLOCKS = 4, AHEAD_BYTES = 256 * 1024 };

struct zahead_block {
	char data[AHEAD_BYTES];
	size_t len;
	int rc;              /* < 0: the read failed here (after len bytes) */
	bool eof;
	char msg[512];
};

struct sheet_zahead {
	struct sheet_zpart *zp;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t filled, emptied;
	struct zahead_block b[AHEAD_BLOCKS];
	size_t head, count;  /* the oldest filled block, and how many */
	size_t pos;          /* bytes of the head block already taken */
	bool stop, done;     /* asked to stop; the thread has ended */
	int rc;              /* sticky: an error or 0 at the end, once met */
	bool ended;
};

static void *zahead_run(void *arg)
{
	struct sheet_zahead *a = arg;

	for (;;) {
		struct zahead_block *blk;
		long k;

		pthread_mutex_lock(&a->mu);
		while (a->count == AHEAD_BLOCKS && !a->stop)
			pthread_cond_wait(&a->emptied, &a->mu);
		if (a->stop) {
			a->done = true;
			pthread_cond_broadcast(&a->filled);
			pthread_mutex_unlock(&a->mu);
			return NULL;
		}
		blk = &a->b[(a->head + a->count) % AHEAD_BLOCKS];
		pthread_mutex_unlock(&a->mu);

		/* The block is the thread's until it is counted. */
		blk->len = 0;
		blk->rc = 0;
		blk->eof = false;
		blk->msg[0] = '\0';
		while (blk->len < AHEAD_BYTES) {
			k = sheet_zpart_read(a->zp, blk->data + blk->len,
			    AHEAD_BYTES - blk->len);
			if (k < 0) {
				blk->rc = (int)k;
				snprintf(blk->msg, sizeof blk->msg, "%s",
				    ro_error_last());
				break;
			}
			if (k == 0) {
				blk->eof = true;
				break;
			}
			blk->len += (size_t)k;
		}

		pthread_mutex_lock(&a->mu);
		a->count++;
		pthread_cond_signal(&a->filled);
		if (blk->rc < 0 || blk->eof) {
			a->done = true;
			pthread_mutex_unlock(&a->mu);
			return NULL;
		}
		pthread_mutex_unlock(&a->mu);
	}
}

int sheet_zahead_start(struct sheet_zahead **out, struct sheet_zpart *zp)
{
	struct sheet_zahead *a = calloc(1, sizeof *a);
	sigset_t all, old;
	int e;

	*out = NULL;
	if (!a)
		return ro_error_set(RO_ENOMEM, "out of memory");
	a->zp = zp;
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->filled, NULL);
	pthread_cond_init(&a->emptied, NULL);
	/* Signals (Ctrl-C, a resized terminal) are the main thread's: the
	 * reader thread starts with all of them blocked. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	e = pthread_create(&a->thread, NULL, zahead_run, a);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e != 0) {
		pthread_cond_destroy(&a->filled);
		pthread_cond_destroy(&a->emptied);
		pthread_mutex_destroy(&a->mu);
		free(a);
		return ro_error_set(RO_ENOMEM, "cannot start a thread");
	}
	*out = a;
	return 0;
}

long sheet_zahead_read(struct sheet_zahead *a, void *buf, size_t n)
{
	struct zahead_block *blk;
	size_t k;

	if (a->ended)
		return a->rc < 0 ? ro_error_set(a->rc, "%s",
		    a->b[a->head].msg) : 0;
	pthread_mutex_lock(&a->mu);
	while (a->count == 0 && !a->done)
		pthread_cond_wait(&a->filled, &a->mu);
	if (a->count == 0) {
		/* Ended without a last block: only when stopped. */
		pthread_mutex_unlock(&a->mu);
		a->ended = true;
		return 0;
	}
	blk = &a->b[a->head];
	pthread_mutex_unlock(&a->mu);

	if (a->pos < blk->len) {
		k = blk->len - a->pos < n ? blk->len - a->pos : n;
		memcpy(buf, blk->data + a->pos, k);
		a->pos += k;
		return (long)k;
	}
	if (blk->rc < 0 || blk->eof) {
		/* The head block stays: its message is for every later call. */
		a->ended = true;
		a->rc = blk->rc;
		return blk->rc < 0 ? ro_error_set(blk->rc, "%s", blk->msg) : 0;
	}
	/* The head block is used up: give it back and take the next. */
	pthread_mutex_lock(&a->mu);
	a->head = (a->head + 1) % AHEAD_BLOCKS;
	a->count--;
	a->pos = 0;
	pthread_cond_signal(&a->emptied);
	pthread_mutex_unlock(&a->mu);
	return sheet_zahead_read(a, buf, n);
}

void sheet_zahead_stop(struct sheet_zahead *a)
{
	if (!a)
		return;
	pthread_mutex_lock(&a->mu);
	a->stop = true;
	pthread_cond_broadcast(&a->emptied);
	pthread_mutex_unlock(&a->mu);
	pthread_join(a->thread, NULL);
	pthread_cond_destroy(&a->filled);
	pthread_cond_destroy(&a->emptied);
	pthread_mutex_destroy(&a->mu);
	/* The blocks held the sheet's text, cells and passwords. */
	sheet_free_wiped(a, sizeof *a);
}
