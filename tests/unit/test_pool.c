/* test_pool.c — the hashing worker pool. */
#include "helpers.h"

#include <roster/error.h>
#include <roster/pool.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct progress_log {
	size_t calls;
	size_t first_done;
	size_t last_done, last_total;
	int monotonic;
	size_t cancel_at_call;  /* 0: never cancel */
	int cancel_when_done;   /* cancel on the call where done == total */
} progress_log;

static int record(void *ctx, size_t done, size_t total)
{
	progress_log *lg = ctx;

	if (lg->calls == 0)
		lg->first_done = done;
	else if (done < lg->last_done)
		lg->monotonic = 0;
	lg->calls++;
	lg->last_done = done;
	lg->last_total = total;
	if (lg->cancel_at_call && lg->calls >= lg->cancel_at_call)
		return 1;
	return lg->cancel_when_done && done == total;
}

static size_t count_distinct(char (*h)[RO_HASH_ENCODED_MAX], size_t n)
{
	size_t d = 0;

	for (size_t i = 0; i < n; i++) {
		size_t j;

		for (j = 0; j < i; j++)
			if (strcmp(h[i], h[j]) == 0)
				break;
		d += j == i;
	}
	return d;
}

static void test_distinct(void **state)
{
	enum { N = 50 };
	ro_hash_params tp = ro_hash_params_test();
	char pw[N][32];
	const char *ptr[N];
	char (*out)[RO_HASH_ENCODED_MAX] = calloc(N, RO_HASH_ENCODED_MAX);
	progress_log lg = { .monotonic = 1 };

	(void)state;
	assert_non_null(out);
	for (int i = 0; i < N; i++) {
		snprintf(pw[i], sizeof pw[i], "Distinct-%02d-Pw", i);
		ptr[i] = pw[i];
	}
	assert_int_equal(ro_pool_hash(out, ptr, N, &tp, 0, record, &lg), 0);
	for (int i = 0; i < N; i++) {
		assert_int_equal(ro_hash_verify(out[i], pw[i]), 0);
		assert_int_equal(ro_hash_verify(out[i], pw[(i + 1) % N]),
		    RO_EDENIED);
	}
	assert_int_equal(count_distinct(out, N), N);
	assert_int_equal(lg.last_done, N);
	assert_int_equal(lg.last_total, N);
	free(out);
}

static void test_shared_pointer(void **state)
{
	enum { N = 30 };
	ro_hash_params tp = ro_hash_params_test();
	static const char shared[] = "Temp-Pass-1";
	char twin_a[] = "Twin-Pass-1", twin_b[] = "Twin-Pass-1";
	char pw[N][32];
	const char *ptr[N];
	char (*out)[RO_HASH_ENCODED_MAX] = calloc(N, RO_HASH_ENCODED_MAX);
	progress_log lg = { .monotonic = 1 };
	size_t nshared = 0;

	(void)state;
	assert_non_null(out);
	for (int i = 0; i < N; i++) {
		snprintf(pw[i], sizeof pw[i], "Own-Pass-%02d", i);
		ptr[i] = i % 3 == 0 ? shared : pw[i];
		nshared += i % 3 == 0;
	}
	/* Equal text behind different pointers is not the shared password:
	 * each gets its own salt. */
	ptr[1] = twin_a;
	ptr[2] = twin_b;
	assert_int_equal(ro_pool_hash(out, ptr, N, &tp, 3, record, &lg), 0);
	for (int i = 0; i < N; i++)
		assert_int_equal(ro_hash_verify(out[i], ptr[i]), 0);
	for (int i = 3; i < N; i += 3)
		assert_string_equal(out[i], out[0]);
	assert_string_not_equal(out[1], out[2]);
	/* One hash for the shared pointer, one for every other entry. */
	assert_int_equal(count_distinct(out, N), N - nshared + 1);
	/* Progress counts entries, not hashes. */
	assert_int_equal(lg.last_done, N);
	assert_int_equal(lg.last_total, N);
	free(out);
}

static void test_all_same_pointer(void **state)
{
	enum { N = 20 };
	ro_hash_params tp = ro_hash_params_test();
	const char *pw = "Everyone-Gets-1";
	const char *ptr[N];
	char (*out)[RO_HASH_ENCODED_MAX] = calloc(N, RO_HASH_ENCODED_MAX);

	(void)state;
	assert_non_null(out);
	for (int i = 0; i < N; i++)
		ptr[i] = pw;
	assert_int_equal(ro_pool_hash(out, ptr, N, &tp, 8, NULL, NULL), 0);
	assert_int_equal(count_distinct(out, N), 1);
	assert_int_equal(ro_hash_verify(out[N - 1], pw), 0);
	free(out);
}

static void test_cancel(void **state)
{
	enum { N = 64 };
	/* Costly enough (several ms a hash on one thread) that the first
	 * 50 ms report comes long before the end. */
	ro_hash_params mid = { .m_kib = 4096, .t = 2, .p = 1 };
	char pw[N][32];
	const char *ptr[N];
	char (*out)[RO_HASH_ENCODED_MAX] = calloc(N, RO_HASH_ENCODED_MAX);
	progress_log lg = { .monotonic = 1, .cancel_at_call = 1 };

	(void)state;
	assert_non_null(out);
	for (int i = 0; i < N; i++) {
		snprintf(pw[i], sizeof pw[i], "Cancel-%02d-Pw", i);
		ptr[i] = pw[i];
	}
	assert_int_equal(ro_pool_hash(out, ptr, N, &mid, 1, record, &lg),
	    RO_ECANCEL);
	assert_int_equal(ro_error_last_code(), RO_ECANCEL);
	/* Nothing is reported after the cancel, not even "the end". */
	assert_int_equal(lg.calls, 1);
	assert_true(lg.first_done < N);
	free(out);
}

static void test_cancel_at_end(void **state)
{
	enum { N = 5 };
	ro_hash_params tp = ro_hash_params_test();
	const char *ptr[N] = { "Aaaaaaa1", "Bbbbbbb1", "Ccccccc1", "Ddddddd1",
	    "Eeeeeee1" };
	char out[N][RO_HASH_ENCODED_MAX];
	progress_log lg = { .monotonic = 1, .cancel_when_done = 1 };

	(void)state;
	/* A cancel on the final report still stops the caller's commit. */
	assert_int_equal(ro_pool_hash(out, ptr, N, &tp, 2, record, &lg),
	    RO_ECANCEL);
	assert_int_equal(lg.last_done, N);
}

static void test_progress_reaches_total(void **state)
{
	enum { N = 40 };
	ro_hash_params mid = { .m_kib = 2048, .t = 2, .p = 1 };
	char pw[N][32];
	const char *ptr[N];
	char (*out)[RO_HASH_ENCODED_MAX] = calloc(N, RO_HASH_ENCODED_MAX);
	progress_log lg = { .monotonic = 1 };

	(void)state;
	assert_non_null(out);
	for (int i = 0; i < N; i++) {
		snprintf(pw[i], sizeof pw[i], "Progress-%02d-Pw", i);
		ptr[i] = pw[i];
	}
	assert_int_equal(ro_pool_hash(out, ptr, N, &mid, 2, record, &lg), 0);
	assert_true(lg.calls >= 1);
	assert_true(lg.monotonic);
	assert_int_equal(lg.last_done, N);
	assert_int_equal(lg.last_total, N);
	assert_int_equal(ro_hash_verify(out[N - 1], pw[N - 1]), 0);
	free(out);
}

static void test_errors(void **state)
{
	ro_hash_params tp = ro_hash_params_test(), bad = { 0, 1, 1 };
	const char *ptr[3] = { "Secret-One-1", "Secret-Two-2", NULL };
	char out[3][RO_HASH_ENCODED_MAX];
	progress_log lg = { .monotonic = 1 };

	(void)state;
	/* A worker's error, and its message, reach the calling thread. */
	ro_error_clear();
	assert_int_equal(ro_pool_hash(out, ptr, 2, &bad, 2, NULL, NULL),
	    RO_EINVAL);
	assert_int_equal(ro_error_last_code(), RO_EINVAL);
	assert_non_null(strstr(ro_error_last(), "m=0"));
	assert_null(strstr(ro_error_last(), "Secret"));

	assert_int_equal(ro_pool_hash(out, ptr, 3, &tp, 2, NULL, NULL),
	    RO_EINVAL);
	assert_int_equal(ro_pool_hash(out, ptr, 2, NULL, 2, NULL, NULL),
	    RO_EINVAL);
	assert_int_equal(ro_pool_hash(NULL, ptr, 2, &tp, 2, NULL, NULL),
	    RO_EINVAL);

	/* Nothing to do is done at once, and still reported. */
	assert_int_equal(ro_pool_hash(out, ptr, 0, &tp, 0, record, &lg), 0);
	assert_int_equal(lg.calls, 1);
	assert_int_equal(lg.last_total, 0);
}

static void test_cores(void **state)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	(void)state;
	assert_true(ro_pool_cores() >= 1);
	if (n > 0)
		assert_int_equal(ro_pool_cores(), (unsigned)n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distinct),
		cmocka_unit_test(test_shared_pointer),
		cmocka_unit_test(test_all_same_pointer),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_cancel_at_end),
		cmocka_unit_test(test_progress_reaches_total),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_cores),
	};

	return cmocka_run_group_tests_name("pool", tests, NULL, NULL);
}
