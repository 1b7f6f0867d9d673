/* test_random.c — getrandom(2) wrappers. */
#include "helpers.h"

#include <roster/error.h>
#include <roster/random.h>

#include <stdlib.h>
#include <string.h>

static void test_bytes(void **state)
{
	/* Past getrandom's 256-byte atomic limit, so the loop must fill it. */
	size_t len = 1 << 20, zeros = 0;
	unsigned char *a = malloc(len), *b = malloc(len);

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	memset(a, 0, len);
	memset(b, 0, len);
	assert_int_equal(ro_random_bytes(a, len), 0);
	assert_int_equal(ro_random_bytes(b, len), 0);
	assert_memory_not_equal(a, b, len);
	for (size_t i = 0; i < len; i++)
		zeros += a[i] == 0;
	/* Expected len/256 = 4096, sd 64: far outside means a short fill. */
	assert_in_range(zeros, 3500, 4700);
	/* The tail too: a loop that stopped early would leave zeros there. */
	zeros = 0;
	for (size_t i = len - 4096; i < len; i++)
		zeros += a[i] == 0;
	assert_true(zeros < 64);
	assert_int_equal(ro_random_bytes(a, 0), 0);
	free(a);
	free(b);
}

static void test_below(void **state)
{
	unsigned counts[3] = { 0 };
	uint32_t v;

	(void)state;
	assert_int_equal(ro_random_below(&v, 0), RO_EINVAL);
	for (int i = 0; i < 100; i++) {
		assert_int_equal(ro_random_below(&v, 1), 0);
		assert_int_equal(v, 0);
	}
	for (int i = 0; i < 3000; i++) {
		assert_int_equal(ro_random_below(&v, 3), 0);
		assert_true(v < 3);
		counts[v]++;
	}
	/* 1000 each expected, sd 26: a biased or stuck draw falls outside. */
	for (int i = 0; i < 3; i++)
		assert_in_range(counts[i], 800, 1200);
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(ro_random_below(&v, UINT32_MAX), 0);
		assert_true(v < UINT32_MAX);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_below),
	};

	return cmocka_run_group_tests_name("random", tests, NULL, NULL);
}
