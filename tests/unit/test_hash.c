/* test_hash.c — Argon2id encoded hashes, cheap parameters except where the
 * defaults themselves are tested. */
#include "helpers.h"

#include <roster/error.h>
#include <roster/hash.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEST_PREFIX "$argon2id$v=19$m=8,t=1,p=1$"

/* The salt field of an encoded hash, copied into buf. */
static void salt_of(char *buf, size_t len, const char *enc)
{
	const char *s = enc;

	for (int i = 0; i < 4; i++) {
		s = strchr(s, '$');
		assert_non_null(s);
		s++;
	}
	const char *e = strchr(s, '$');

	assert_non_null(e);
	assert_true((size_t)(e - s) < len);
	memcpy(buf, s, (size_t)(e - s));
	buf[e - s] = '\0';
}

static void test_hash_verify(void **state)
{
	ro_hash_params tp = ro_hash_params_test();
	char h[RO_HASH_ENCODED_MAX];

	(void)state;
	assert_int_equal(ro_hash_password(h, "Correct-Horse-9", &tp), 0);
	assert_true(strncmp(h, TEST_PREFIX, strlen(TEST_PREFIX)) == 0);
	assert_true(strlen(h) < RO_HASH_ENCODED_MAX);
	assert_int_equal(ro_hash_verify(h, "Correct-Horse-9"), 0);
	assert_int_equal(ro_hash_verify(h, "correct-Horse-9"), RO_EDENIED);
	assert_int_equal(ro_hash_verify(h, "Correct-Horse-"), RO_EDENIED);
	assert_int_equal(ro_hash_verify(h, ""), RO_EDENIED);
	/* SPEC: no password in an error message. */
	assert_null(strstr(ro_error_last(), "Horse"));
	assert_int_equal(ro_hash_verify(h, NULL), RO_EINVAL);
	assert_int_equal(ro_hash_password(NULL, "x", &tp), RO_EINVAL);
	assert_int_equal(ro_hash_password(h, NULL, &tp), RO_EINVAL);
	assert_int_equal(ro_hash_password(h, "x", NULL), RO_EINVAL);
}

static void test_unicode_and_long(void **state)
{
	ro_hash_params tp = ro_hash_params_test();
	char h[RO_HASH_ENCODED_MAX];
	char *big = malloc(4097);

	(void)state;
	assert_int_equal(ro_hash_password(h, "P\u00e4ssw\u00f6rd-\u00dc1", &tp), 0);
	assert_int_equal(ro_hash_verify(h, "P\u00e4ssw\u00f6rd-\u00dc1"), 0);
	assert_int_equal(ro_hash_verify(h, "Passwoerd-Ue1"), RO_EDENIED);

	assert_non_null(big);
	memset(big, 'a', 4096);
	big[4096] = '\0';
	assert_int_equal(ro_hash_password(h, big, &tp), 0);
	assert_int_equal(ro_hash_verify(h, big), 0);
	big[4095] = 'b';
	assert_int_equal(ro_hash_verify(h, big), RO_EDENIED);
	free(big);
}

static void test_salt_differs(void **state)
{
	ro_hash_params tp = ro_hash_params_test();
	char a[RO_HASH_ENCODED_MAX], b[RO_HASH_ENCODED_MAX];
	char sa[64], sb[64];

	(void)state;
	assert_int_equal(ro_hash_password(a, "Same-Password-1", &tp), 0);
	assert_int_equal(ro_hash_password(b, "Same-Password-1", &tp), 0);
	assert_string_not_equal(a, b);
	salt_of(sa, sizeof sa, a);
	salt_of(sb, sizeof sb, b);
	/* 16 bytes are 22 base64 characters without padding. */
	assert_int_equal(strlen(sa), 22);
	assert_string_not_equal(sa, sb);
	assert_int_equal(ro_hash_verify(a, "Same-Password-1"), 0);
	assert_int_equal(ro_hash_verify(b, "Same-Password-1"), 0);
}

static void test_needs_rehash(void **state)
{
	ro_hash_params tp = ro_hash_params_test(), q;
	char h[RO_HASH_ENCODED_MAX], old[RO_HASH_ENCODED_MAX];

	(void)state;
	assert_int_equal(ro_hash_password(h, "Rehash-Me-1", &tp), 0);
	assert_false(ro_hash_needs_rehash(h, &tp));
	q = tp; q.m_kib = 16;
	assert_true(ro_hash_needs_rehash(h, &q));
	q = tp; q.t = 2;
	assert_true(ro_hash_needs_rehash(h, &q));
	q = tp; q.p = 2; q.m_kib = 16;
	assert_true(ro_hash_needs_rehash(h, &q));
	q = ro_hash_params_default();
	assert_true(ro_hash_needs_rehash(h, &q));
	assert_true(ro_hash_needs_rehash("garbage", &tp));
	assert_true(ro_hash_needs_rehash(NULL, &tp));
	assert_true(ro_hash_needs_rehash(h, NULL));

	/* An older Argon2 version is re-hashed even at the same cost. */
	snprintf(old, sizeof old, "%s", h);
	memcpy(strstr(old, "v=19"), "v=16", 4);
	assert_true(ro_hash_needs_rehash(old, &tp));
	/* Without a version field PHC means 1.0: also old. */
	snprintf(old, sizeof old, "$argon2id$%s", h + strlen("$argon2id$v=19$"));
	assert_true(ro_hash_needs_rehash(old, &tp));
	assert_int_equal(ro_hash_params_of(&q, old), 0);
	assert_int_equal(q.m_kib, 8);
}

static void test_params_of(void **state)
{
	ro_hash_params tp = ro_hash_params_test(), q = { 0, 0, 0 };
	char h[RO_HASH_ENCODED_MAX];

	(void)state;
	assert_int_equal(ro_hash_password(h, "Params-Of-1", &tp), 0);
	assert_int_equal(ro_hash_params_of(&q, h), 0);
	assert_int_equal(q.m_kib, 8);
	assert_int_equal(q.t, 1);
	assert_int_equal(q.p, 1);
	assert_int_equal(ro_hash_params_of(&q,
	    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzYWx0$aGFzaGhhc2hoYXNo"), 0);
	assert_int_equal(q.m_kib, 19456);
	assert_int_equal(q.t, 2);
	assert_int_equal(q.p, 1);
	assert_int_equal(ro_hash_params_of(NULL, h), RO_EINVAL);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"garbage",
		"$argon2i$v=19$m=8,t=1,p=1$c29tZXNhbHRzYWx0$aGFzaGhhc2hoYXNo",
		"$argon2d$v=19$m=8,t=1,p=1$c29tZXNhbHRzYWx0$aGFzaGhhc2hoYXNo",
		"$argon2id$v=19$m=8,t",
		"$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHRzYWx0",
		"$argon2id$v=19$m=8,t=1,p=1$$aGFzaGhhc2hoYXNo",
		"$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHRzYWx0$",
		"$argon2id$v=19$m=08,t=1,p=1$c29tZXNhbHRzYWx0$aGFzaGhhc2hoYXNo",
		"$argon2id$v=19$m=-8,t=1,p=1$c29tZXNhbHRzYWx0$aGFzaGhhc2hoYXNo",
		"$argon2id$v=19$m=99999999999,t=1,p=1$c29tZXNhbHRzYWx0$aGFzaA",
		"$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHRzYWx0$aGFzaGhhc2hoYXNo ",
		"$argon2id$v=19$m=8,t=1,p=1$c29tZXNh bHRzYWx0$aGFzaGhhc2hoYXNo",
		"$argon2id$v=19$t=1,m=8,p=1$c29tZXNhbHRzYWx0$aGFzaGhhc2hoYXNo",
		"$ARGON2ID$v=19$m=8,t=1,p=1$c29tZXNhbHRzYWx0$aGFzaGhhc2hoYXNo",
		"$argon2id$v=$m=8,t=1,p=1$c29tZXNhbHRzYWx0$aGFzaGhhc2hoYXNo",
	};
	/* Well formed, but the cost is out of bounds: refused before
	 * libargon2 would try to allocate 4 TiB or spin for ever. */
	static const char *const costly[] = {
		"$argon2id$v=19$m=4294967295,t=1,p=1$c29tZXNhbHRzYWx0$aGFzaGhhc2hoYXNo",
		"$argon2id$v=19$m=8,t=4000000000,p=1$c29tZXNhbHRzYWx0$aGFzaGhhc2hoYXNo",
		"$argon2id$v=19$m=8,t=1,p=0$c29tZXNhbHRzYWx0$aGFzaGhhc2hoYXNo",
		"$argon2id$v=19$m=8,t=0,p=1$c29tZXNhbHRzYWx0$aGFzaGhhc2hoYXNo",
		"$argon2id$v=19$m=8,t=1,p=2$c29tZXNhbHRzYWx0$aGFzaGhhc2hoYXNo",
	};
	ro_hash_params q;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (ro_hash_verify(bad[i], "Whatever-1") != RO_EINVAL ||
		    ro_hash_params_of(&q, bad[i]) != RO_EINVAL)
			fail_msg("accepted malformed hash %zu: \"%s\"", i, bad[i]);
		assert_null(strstr(ro_error_last(), "Whatever"));
	}
	for (size_t i = 0; i < sizeof costly / sizeof costly[0]; i++)
		assert_int_equal(ro_hash_verify(costly[i], "Whatever-1"), RO_EINVAL);
	assert_int_equal(ro_hash_verify(NULL, "Whatever-1"), RO_EINVAL);
	/* A salt too short for libargon2: its code comes back translated. */
	assert_int_equal(ro_hash_verify(
	    "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaGhhc2hoYXNo", "x"),
	    RO_EINVAL);
}

static void test_bad_params(void **state)
{
	static const ro_hash_params bad[] = {
		{ 0, 1, 1 }, { 4, 1, 1 }, { 8, 0, 1 }, { 8, 1, 0 }, { 8, 1, 2 },
		{ 8, 1, 1000 }, { UINT32_MAX, 1, 1 },
	};
	char h[RO_HASH_ENCODED_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(h, 'x', sizeof h);
		assert_int_equal(ro_hash_password(h, "Secret-Word-1", &bad[i]),
		    RO_EINVAL);
		assert_string_equal(h, "");
		assert_null(strstr(ro_error_last(), "Secret"));
	}
}

static void test_defaults(void **state)
{
	ro_hash_params d = ro_hash_params_default(), tp = ro_hash_params_test();
	char h[RO_HASH_ENCODED_MAX];

	(void)state;
	assert_int_equal(d.m_kib, 19456);
	assert_int_equal(d.t, 2);
	assert_int_equal(d.p, 1);
	assert_int_equal(tp.m_kib, 8);
	assert_int_equal(tp.t, 1);
	assert_int_equal(tp.p, 1);
	/* The one hash at full cost in this file (~35 ms). */
	assert_int_equal(ro_hash_password(h, "Default-Cost-1", &d), 0);
	assert_true(strncmp(h, "$argon2id$v=19$m=19456,t=2,p=1$",
	    strlen("$argon2id$v=19$m=19456,t=2,p=1$")) == 0);
	assert_int_equal(ro_hash_verify(h, "Default-Cost-1"), 0);
	assert_false(ro_hash_needs_rehash(h, &d));
	assert_true(ro_hash_needs_rehash(h, &tp));
}

/* The dummy hash: made at the asked cost from a password nobody knows
 * (two are never alike), and the counters count what Argon2id ran. */
static void test_make_dummy(void **state)
{
	ro_hash_params tp = ro_hash_params_test(), got, bad = { 0, 0, 0 };
	char a[RO_HASH_ENCODED_MAX], b[RO_HASH_ENCODED_MAX];
	unsigned long h0, v0, h1, v1;

	(void)state;
	ro_hash_stats(&h0, &v0);
	assert_int_equal(ro_hash_make_dummy(a, &tp), 0);
	assert_int_equal(ro_hash_make_dummy(b, &tp), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(ro_hash_params_of(&got, a), 0);
	assert_int_equal(got.m_kib, tp.m_kib);
	assert_false(ro_hash_needs_rehash(a, &tp));
	assert_int_equal(ro_hash_verify(a, ""), RO_EDENIED);
	assert_int_equal(ro_hash_verify(a, "-"), RO_EDENIED);
	ro_hash_stats(&h1, &v1);
	assert_int_equal(h1 - h0, 2);
	assert_int_equal(v1 - v0, 2);
	assert_int_equal(ro_hash_make_dummy(a, &bad), RO_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_verify),
		cmocka_unit_test(test_unicode_and_long),
		cmocka_unit_test(test_salt_differs),
		cmocka_unit_test(test_needs_rehash),
		cmocka_unit_test(test_params_of),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_bad_params),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_make_dummy),
	};

	return cmocka_run_group_tests_name("hash", tests, NULL, NULL);
}
