/* test_plan_memory.c — the plan's own memory (big blocks, the string
 * arena, the sketch of repeats) and its keyed hash (SipHash-2-4),
 * without a database. */
#include "helpers.h"

#include <roster/plan.h>

#include "../../src/core/plan_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The plan's memory: big blocks come zeroed, keep their bytes as they
 * grow past the 2 MiB of a mapping (and from malloc's into one), and the
 * arena gives aligned pieces and blocks of their own for big strings. */
static void test_memory(void **state)
{
	size_t n = 64 << 10;
	unsigned char *p = ro_big_alloc(n);
	plan_chunk *arena = NULL;
	bool nomem = false;

	(void)state;
	assert_non_null(p);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(p[i], 0);
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7);
	/* From malloc's to a mapping, then a mapping grown twice. */
	for (size_t grow = (size_t)3 << 20; grow <= ((size_t)40 << 20);
	    grow *= 3) {
		size_t old = n;
		assert_non_null(p = ro_big_realloc(p, grow));
		n = grow;
		for (size_t i = 0; i < (size_t)64 << 10; i++)
			assert_int_equal(p[i], (unsigned char)(i * 7));
		for (size_t i = old; i < n; i += 4093)
			assert_int_equal(p[i], 0);
		p[n - 1] = 0xAB;
	}
	assert_int_equal(p[n - 1], 0xAB);
	ro_big_free(p);
	ro_big_free(NULL);

	/* 100,000 small strings and a few big ones: each intact after. */
	char **v = calloc(100000, sizeof *v), big[300000];
	assert_non_null(v);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	for (size_t i = 0; i < 100000; i++) {
		char s[32];
		snprintf(s, sizeof s, "s%zu", i);
		v[i] = plan_arena_strdup(&arena, i % 25000 == 7 ? big : s,
		    &nomem);
		if (i % 1000 == 3) {
			ro_change *c = plan_arena_alloc_aligned(&arena,
			    3 * sizeof *c, _Alignof(ro_change));
			assert_non_null(c);
			assert_int_equal((uintptr_t)c % _Alignof(ro_change), 0);
		}
	}
	assert_false(nomem);
	for (size_t i = 0; i < 100000; i++) {
		char s[32];
		snprintf(s, sizeof s, "s%zu", i);
		assert_string_equal(v[i], i % 25000 == 7 ? big : s);
	}
	assert_null(plan_arena_strdup(&arena, NULL, &nomem));
	plan_arena_free(&arena);
	assert_null(arena);
	free(v);
}

/* SipHash-2-4's published test vectors (key 00..0f). */
static void test_siphash(void **state)
{
	uint8_t key[16], msg[64];
	plan_sip h;

	(void)state;
	for (int i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	for (int i = 0; i < 64; i++)
		msg[i] = (uint8_t)i;
	plan_sip_init(&h, key);
	assert_true(plan_sip_final(&h) == 0x726fdb47dd0e0e31ULL);
	plan_sip_init(&h, key);
	plan_sip_update(&h, msg, 15);
	assert_true(plan_sip_final(&h) == 0xa129ca6149be45e5ULL);
	/* Streamed in pieces: the same. */
	plan_sip_init(&h, key);
	plan_sip_update(&h, msg, 3);
	plan_sip_update(&h, msg + 3, 12);
	assert_true(plan_sip_final(&h) == 0xa129ca6149be45e5ULL);
	/* 63 bytes in odd pieces: words and bytes on every path. */
	plan_sip_init(&h, key);
	plan_sip_update(&h, msg, 5);
	plan_sip_update(&h, msg + 5, 19);
	plan_sip_update(&h, msg + 24, 39);
	assert_true(plan_sip_final(&h) == 0x958a324ceb064572ULL);
	plan_sip_init(&h, key);
	plan_sip_update(&h, msg, 63);
	assert_true(plan_sip_final(&h) == 0x958a324ceb064572ULL);
}

/* The sketch of repeats (plan_dups.c): every key put twice reads
 * "maybe", and few keys put once do (it stands in for a table of every
 * key only if the rest are few). */
static void test_twice(void **state)
{
	size_t n = 200000, maybe = 0;
	plan_twice t;

	(void)state;
	assert_int_equal(plan_twice_init(&t, n), 0);
	for (size_t i = 0; i < n; i++)
		plan_twice_put(&t, plan_key_id((int64_t)i + 1));
	/* Every hundredth key again, and one key a thousand times. */
	for (size_t i = 0; i < n; i += 100)
		plan_twice_put(&t, plan_key_id((int64_t)i + 1));
	for (size_t i = 0; i < 1000; i++)
		plan_twice_put(&t, plan_key_nocase("Same.Name1"));
	assert_true(plan_twice_maybe(&t, plan_key_nocase("same.name1")));
	for (size_t i = 0; i < n; i++) {
		bool m = plan_twice_maybe(&t, plan_key_id((int64_t)i + 1));
		if (i % 100 == 0 && !m)
			fail_msg("key %zu put twice, not seen so", i + 1);
		maybe += i % 100 != 0 && m;
	}
	/* About one in 16 of the rest; one in 8 would double the work. */
	if (maybe > n / 8)
		fail_msg("%zu of %zu keys put once read as repeats", maybe, n);
	assert_false(plan_twice_maybe(&t, plan_key_nocase("never.put1")) &&
	    plan_twice_maybe(&t, plan_key_nocase("never.put2")) &&
	    plan_twice_maybe(&t, plan_key_nocase("never.put3")));
	plan_twice_free(&t);
	assert_null(t.once);
	plan_twice_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_twice),
		cmocka_unit_test(test_siphash),
		cmocka_unit_test(test_memory),
	};

	return cmocka_run_group_tests_name("plan_memory", tests, NULL, NULL);
}
