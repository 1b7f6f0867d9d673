/* bench/hash.c — password hashes per second at the default Argon2id cost:
 * the pool on every core, and one thread in-process for comparison; and,
 * to tell the pool's scaling from the machine's, how pure arithmetic on
 * every core compares with one core at the same moment.
 * Prints key=value lines for bench/hash.sh.
 *
 *   usage: hash [POOL_N [SINGLE_N]]   (defaults 200 and 30) */
#include <roster/error.h>
#include <roster/hash.h>
#include <roster/pool.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

#define SPIN_ITERS 400000000UL

static void *spin(void *arg)
{
	volatile uint64_t x = 0;

	for (uint64_t i = 0; i < SPIN_ITERS; i++)
		x += i;
	*(uint64_t *)arg = x;
	return NULL;
}

/* How many cores' worth of arithmetic cores threads get at once:
 * cores x (time of one spinner) / (time of cores spinners together).
 * Equal to cores when every core is really ours, less on a busy host. */
static double cpu_capacity(unsigned cores)
{
	pthread_t th[256];
	uint64_t sink[256];
	double t0, one, all;

	if (cores > 256)
		cores = 256;
	t0 = now();
	spin(&sink[0]);
	one = now() - t0;
	t0 = now();
	for (unsigned i = 0; i < cores; i++)
		if (pthread_create(&th[i], NULL, spin, &sink[i]) != 0)
			return 0;
	for (unsigned i = 0; i < cores; i++)
		pthread_join(th[i], NULL);
	all = now() - t0;
	return cores * one / all;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 200;
	size_t single = argc > 2 ? strtoul(argv[2], NULL, 10) : 30;
	ro_hash_params d = ro_hash_params_default();
	char (*out)[RO_HASH_ENCODED_MAX];
	char (*pw)[32];
	const char **ptr;
	double t0, t;
	long f0;

	if (n == 0 || single == 0)
		return 2;
	out = calloc(n, sizeof *out);
	pw = calloc(n, sizeof *pw);
	ptr = calloc(n, sizeof *ptr);
	if (!out || !pw || !ptr)
		return 1;
	for (size_t i = 0; i < n; i++) {
		snprintf(pw[i], sizeof pw[i], "Bench-%05zu-Pw", i);
		ptr[i] = pw[i];
	}
	printf("cores=%u\nm_kib=%u\nt=%u\np=%u\n", ro_pool_cores(), d.m_kib,
	    d.t, d.p);

	/* Warm-up: the first hash pays for mapping the library and memory. */
	if (ro_hash_password(out[0], pw[0], &d) != 0)
		goto fail;

	f0 = minflt();
	t0 = now();
	for (size_t i = 0; i < single; i++)
		if (ro_hash_password(out[i % n], ptr[i % n], &d) != 0)
			goto fail;
	t = now() - t0;
	printf("single_n=%zu\nsingle_s=%.3f\nsingle_rate=%.2f\n"
	    "single_minflt_per_hash=%.0f\n", single, t, (double)single / t,
	    (double)(minflt() - f0) / (double)single);

	printf("cpu_capacity=%.2f\n", cpu_capacity(ro_pool_cores()));
	f0 = minflt();
	t0 = now();
	if (ro_pool_hash(out, ptr, n, &d, 0, NULL, NULL) != 0)
		goto fail;
	t = now() - t0;
	printf("pool_n=%zu\npool_s=%.3f\npool_rate=%.2f\n"
	    "pool_minflt_per_hash=%.0f\n", n, t, (double)n / t,
	    (double)(minflt() - f0) / (double)n);

	/* A benchmark that hashes wrongly measures nothing. */
	if (ro_hash_verify(out[n - 1], pw[n - 1]) != 0)
		goto fail;
	free(out);
	free(pw);
	free(ptr);
	return 0;
fail:
	fprintf(stderr, "bench/hash: %s\n", ro_error_last());
	return 1;
}
