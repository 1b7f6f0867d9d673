/* pool.c — hashes many passwords on worker threads, one per core.
 *
 * The work is a list of distinct password pointers ("jobs"); workers take
 * the next job under a mutex and hash it with no lock held.  The calling
 * thread only waits, waking every PROGRESS_MS to report, so that the
 * progress callback (which draws) never runs on a worker. */
#include <roster/pool.h>
#include <roster/error.h>

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROGRESS_MS 50

typedef struct job {
	const char *password;
	size_t first;   /* index in passwords[] whose out[] gets the hash */
	size_t count;   /* how many entries of passwords[] share it */
} job;

typedef struct pool {
	pthread_mutex_t lock;
	pthread_cond_t wake;    /* signalled when the last worker leaves */
	char (*out)[RO_HASH_ENCODED_MAX];
	const ro_hash_params *params;
	job *jobs;
	size_t njobs;
	size_t next;            /* next job to take */
	size_t done;            /* passwords[] entries hashed */
	unsigned running;       /* workers not yet finished */
	bool stop;              /* cancelled, or a worker failed */
	int err;                /* first worker error */
	char errmsg[256];
} pool;

unsigned ro_pool_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : (unsigned)n;
}

static void *pool_worker(void *arg)
{
	pool *pl = arg;
	char hash[RO_HASH_ENCODED_MAX];

	pthread_mutex_lock(&pl->lock);
	while (!pl->stop && pl->next < pl->njobs) {
		job *jb = &pl->jobs[pl->next++];
		int rc;

		pthread_mutex_unlock(&pl->lock);
		rc = ro_hash_password(hash, jb->password, pl->params);
		pthread_mutex_lock(&pl->lock);
		if (rc) {
			/* The message is per thread: carry it to the caller. */
			if (!pl->err) {
				pl->err = rc;
				snprintf(pl->errmsg, sizeof pl->errmsg, "%s",
				    ro_error_last());
			}
			pl->stop = true;
			break;
		}
		memcpy(pl->out[jb->first], hash, sizeof hash);
		pl->done += jb->count;
	}
	if (--pl->running == 0)
		pthread_cond_signal(&pl->wake);
	pthread_mutex_unlock(&pl->lock);
	return NULL;
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const job *)a)->password;
	uintptr_t y = (uintptr_t)((const job *)b)->password;

	if (x != y)
		return x < y ? -1 : 1;
	/* Equal pointers: the lowest index first, so it becomes "first". */
	return ((const job *)a)->first < ((const job *)b)->first ? -1 : 1;
}

/* Sorts one entry per password by pointer and collapses runs of equal
 * pointers into one job; *sorted keeps the full sorted list for
 * pool_share.  Returns the number of jobs. */
static size_t pool_plan(job *sorted, job *jobs, const char *const *pw,
    size_t n)
{
	size_t nj = 0;

	for (size_t i = 0; i < n; i++)
		sorted[i] = (job){ .password = pw[i], .first = i, .count = 1 };
	qsort(sorted, n, sizeof *sorted, cmp_ptr);
	for (size_t i = 0; i < n; i++) {
		if (nj > 0 && jobs[nj - 1].password == sorted[i].password)
			jobs[nj - 1].count++;
		else
			jobs[nj++] = sorted[i];
	}
	return nj;
}

/* Copies each shared hash to the other entries with the same pointer. */
static void pool_share(char (*out)[RO_HASH_ENCODED_MAX], const job *sorted,
    size_t n)
{
	size_t lead = 0;

	for (size_t i = 1; i < n; i++) {
		if (sorted[i].password == sorted[lead].password)
			memcpy(out[sorted[i].first], out[sorted[lead].first],
			    RO_HASH_ENCODED_MAX);
		else
			lead = i;
	}
}

static void deadline_after(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_nsec += ms * 1000000L;
	while (ts->tv_nsec >= 1000000000L) {
		ts->tv_nsec -= 1000000000L;
		ts->tv_sec++;
	}
}

/* Waits for the workers, reporting progress; true when cancelled. */
static bool pool_wait(pool *pl, size_t total, ro_progress_fn progress,
    void *ctx)
{
	bool cancelled = false;
	struct timespec until;

	deadline_after(&until, PROGRESS_MS);
	pthread_mutex_lock(&pl->lock);
	while (pl->running > 0) {
		size_t done;

		/* With nothing to report, a timed wait would only spin. */
		if (!progress || cancelled) {
			pthread_cond_wait(&pl->wake, &pl->lock);
			continue;
		}
		if (pthread_cond_timedwait(&pl->wake, &pl->lock, &until) !=
		    ETIMEDOUT)
			continue;
		done = pl->done;
		pthread_mutex_unlock(&pl->lock);
		if (progress(ctx, done, total) != 0)
			cancelled = true;
		deadline_after(&until, PROGRESS_MS);
		pthread_mutex_lock(&pl->lock);
		if (cancelled)
			pl->stop = true;
	}
	pthread_mutex_unlock(&pl->lock);
	return cancelled;
}

/* Starts up to nthreads workers into tids; returns how many started. */
static unsigned pool_start(pool *pl, pthread_t *tids, unsigned nthreads)
{
	unsigned started = 0;

	for (unsigned i = 0; i < nthreads; i++) {
		pthread_mutex_lock(&pl->lock);
		pl->running++;
		pthread_mutex_unlock(&pl->lock);
		if (pthread_create(&tids[started], NULL, pool_worker, pl) != 0) {
			pthread_mutex_lock(&pl->lock);
			pl->running--;
			pthread_mutex_unlock(&pl->lock);
			/* Fewer workers are slower, not wrong. */
			break;
		}
		started++;
	}
	return started;
}

static int pool_init_sync(pool *pl)
{
	pthread_condattr_t attr;
	int rc;

	/* A monotonic clock keeps the progress ticks steady when the wall
	 * clock is stepped. */
	if (pthread_condattr_init(&attr) != 0)
		return -1;
	rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (rc == 0)
		rc = pthread_cond_init(&pl->wake, &attr);
	pthread_condattr_destroy(&attr);
	if (rc != 0)
		return -1;
	if (pthread_mutex_init(&pl->lock, NULL) != 0) {
		pthread_cond_destroy(&pl->wake);
		return -1;
	}
	return 0;
}

int ro_pool_hash(char (*out)[RO_HASH_ENCODED_MAX], const char *const *passwords,
    size_t n, const ro_hash_params *params, unsigned threads,
    ro_progress_fn progress, void *ctx)
{
	pool pl = { .out = out, .params = params };
	job *sorted = NULL;
	pthread_t *tids = NULL;
	unsigned started = 0;
	bool cancelled;
	int rc = 0;

	if ((n > 0 && (!out || !passwords)) || !params)
		return ro_error_set(RO_EINVAL, "ro_pool_hash: NULL argument");
	for (size_t i = 0; i < n; i++)
		if (!passwords[i])
			return ro_error_set(RO_EINVAL,
			    "ro_pool_hash: password %zu is NULL", i);
	if (n == 0)
		return progress && progress(ctx, 0, 0) != 0 ?
		    ro_error_set(RO_ECANCEL, "cancelled") : 0;
	if (threads == 0)
		threads = ro_pool_cores();

	if (n > SIZE_MAX / (2 * sizeof(job)))
		return ro_error_set(RO_ENOMEM, "too many passwords to hash");
	sorted = malloc(2 * n * sizeof(job));
	if (!sorted)
		return ro_error_set(RO_ENOMEM, "out of memory");
	pl.jobs = sorted + n;
	pl.njobs = pool_plan(sorted, pl.jobs, passwords, n);
	if (threads > pl.njobs)
		threads = (unsigned)pl.njobs;

	tids = calloc(threads, sizeof *tids);
	if (!tids) {
		free(sorted);
		return ro_error_set(RO_ENOMEM, "out of memory");
	}
	if (pool_init_sync(&pl) != 0) {
		free(tids);
		free(sorted);
		return ro_error_set(RO_EINTERNAL, "cannot set up worker threads");
	}
	started = pool_start(&pl, tids, threads);
	if (started == 0) {
		rc = ro_error_set(RO_EINTERNAL, "cannot start worker threads");
		goto out;
	}
	cancelled = pool_wait(&pl, n, progress, ctx);
	for (unsigned i = 0; i < started; i++)
		pthread_join(tids[i], NULL);

	if (pl.err)
		rc = ro_error_set(pl.err, "%s", pl.errmsg);
	else if (cancelled || (progress && progress(ctx, pl.done, n) != 0))
		rc = ro_error_set(RO_ECANCEL, "cancelled");
	else
		pool_share(out, sorted, n);
out:
	pthread_cond_destroy(&pl.wake);
	pthread_mutex_destroy(&pl.lock);
	free(tids);
	free(sorted);
	return rc;
}
