/* test_rules.c — the credential and field rules of SPEC. */
#include "helpers.h"

#include <roster/error.h>
#include <roster/rules.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_username(void **state)
{
	(void)state;
	assert_int_equal(ro_rules_username("abcde"), RO_ST_E30);
	assert_int_equal(ro_rules_username("abcdef"), RO_ST_NONE);
	assert_int_equal(ro_rules_username("AbCdEf"), RO_ST_NONE);
	assert_int_equal(ro_rules_username("a.b_c-d@e9"), RO_ST_NONE);
	assert_int_equal(ro_rules_username("new.student1"), RO_ST_NONE);
	assert_int_equal(ro_rules_username(""), RO_ST_E30);
	assert_int_equal(ro_rules_username(NULL), RO_ST_E30);
	assert_int_equal(ro_rules_username("abc def"), RO_ST_E31);
	assert_int_equal(ro_rules_username("abcdef "), RO_ST_E31);
	assert_int_equal(ro_rules_username("abc\tdef"), RO_ST_E31);
	assert_int_equal(ro_rules_username("user!name"), RO_ST_E31);
	assert_int_equal(ro_rules_username("user+name"), RO_ST_E31);
	assert_int_equal(ro_rules_username("o'brien"), RO_ST_E31);
	/* Letters are ASCII letters only (see rules.h). */
	assert_int_equal(ro_rules_username("jos\u00e9.garcia"), RO_ST_E31);
	assert_int_equal(ro_rules_username("\u0430dmin1"), RO_ST_E31);
}

static void test_username_codes_and_utf8_length(void **state)
{
	ro_status c[2];

	(void)state;
	/* "éééé" is 8 bytes but 4 characters: short, and not allowed. */
	assert_int_equal(ro_rules_username_codes(c, "\u00e9\u00e9\u00e9\u00e9"), 2);
	assert_int_equal(c[0], RO_ST_E30);
	assert_int_equal(c[1], RO_ST_E31);
	/* Six characters in 12 bytes: long enough, only E31. */
	assert_int_equal(ro_rules_username_codes(c,
	    "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"), 1);
	assert_int_equal(c[0], RO_ST_E31);
	assert_int_equal(ro_rules_username("\u00e9\u00e9\u00e9\u00e9"), RO_ST_E30);
	assert_int_equal(ro_rules_username_codes(c, "ab"), 1);
	assert_int_equal(c[0], RO_ST_E30);
	assert_int_equal(ro_rules_username_codes(c, "abcdef"), 0);
}

static void test_password(void **state)
{
	ro_status c[2];

	(void)state;
	assert_int_equal(ro_rules_password("Abcdef1"), RO_ST_E40);
	assert_int_equal(ro_rules_password("Abcdefg1"), RO_ST_NONE);
	assert_int_equal(ro_rules_password("abcdefg1"), RO_ST_E41);
	assert_int_equal(ro_rules_password("ABCDEFG1"), RO_ST_E41);
	assert_int_equal(ro_rules_password("Abcdefgh"), RO_ST_E41);
	assert_int_equal(ro_rules_password("12345678"), RO_ST_E41);
	/* Spaces at either end are kept but do not count towards the 8
	 * (a spreadsheet or a paste loses them); inside they count. */
	assert_int_equal(ro_rules_password("Aa1     "), RO_ST_E40);
	assert_int_equal(ro_rules_password("  Abcdef1 \t"), RO_ST_E40);
	assert_int_equal(ro_rules_password("\u00a0Abcdef1"), RO_ST_E40);
	assert_int_equal(ro_rules_password(" Abcdefg1 "), RO_ST_NONE);
	assert_int_equal(ro_rules_password("Aa1  bcd"), RO_ST_NONE);
	assert_int_equal(ro_rules_password("        "), RO_ST_E40);
	assert_int_equal(ro_rules_password(""), RO_ST_E40);
	assert_int_equal(ro_rules_password(NULL), RO_ST_E40);

	assert_int_equal(ro_rules_password_codes(c, "ab"), 2);
	assert_int_equal(c[0], RO_ST_E40);
	assert_int_equal(c[1], RO_ST_E41);
	assert_int_equal(ro_rules_password_codes(c, "Ab1"), 1);
	assert_int_equal(c[0], RO_ST_E40);
	assert_int_equal(ro_rules_password_codes(c, "Abcdefg1"), 0);
}

/* The longest password: 128 characters (code points, spaces included);
 * one more is E43, never cut. */
static void test_password_max(void **state)
{
	char pw[4 * 130 + 1];
	ro_status c[2];

	(void)state;
	assert_true(RO_PASSWORD_MAX >= 64);
	memset(pw, 'a', 128);
	pw[0] = 'A';
	pw[1] = '1';
	pw[128] = '\0';
	assert_int_equal(ro_rules_password(pw), RO_ST_NONE);
	pw[128] = 'a';
	pw[129] = '\0';
	assert_int_equal(ro_rules_password(pw), RO_ST_E43);
	memset(pw, ' ', 129);
	assert_int_equal(ro_rules_password_codes(c, pw), 2);
	assert_int_equal(c[0], RO_ST_E43);
	assert_int_equal(c[1], RO_ST_E41);
	/* Counted in characters: 128 of two bytes pass, 129 do not. */
	strcpy(pw, "A1");
	for (int i = 0; i < 126; i++)
		strcat(pw, "\u00e9");
	assert_int_equal(ro_rules_password(pw), RO_ST_NONE);
	strcat(pw, "\u00e9");
	assert_int_equal(ro_rules_password(pw), RO_ST_E43);
	assert_non_null(strstr(ro_rules_message(RO_ST_E43), "128"));
}

static void test_password_utf8(void **state)
{
	(void)state;
	/* 6 characters in 8 bytes: a byte count would pass it. */
	assert_int_equal(ro_rules_password("\u00c4bcd\u00e91"), RO_ST_E40);
	assert_int_equal(ro_rules_password("\u00c4bcd\u00e9fg1"), RO_ST_NONE);
	/* Non-ASCII letters count for case. */
	assert_int_equal(ro_rules_password("\u00c9t\u00e9-2024"), RO_ST_NONE);
	assert_int_equal(ro_rules_password("\u00e9t\u00e9-2024"), RO_ST_E41);
	assert_int_equal(ro_rules_password("\u041f\u0430\u0440\u043e\u043b\u044c12"),
	    RO_ST_NONE);
	assert_int_equal(ro_rules_password("\u043f\u0430\u0440\u043e\u043b\u044c12"),
	    RO_ST_E41);
	assert_int_equal(ro_rules_password("\u03a3\u03bf\u03c6\u03af\u03b1-99"),
	    RO_ST_NONE);
	assert_int_equal(ro_rules_password("\u0141\u00f3d\u017a-2024"), RO_ST_NONE);
	assert_int_equal(ro_rules_password("STRA\u00dfE-2024"), RO_ST_NONE);
	/* Digits other than ASCII do not count; symbols are not letters. */
	assert_int_equal(ro_rules_password("Abcdefg\u0661"), RO_ST_E41);
	assert_int_equal(ro_rules_password("\u00d7\u00f7bcdefg1"), RO_ST_E41);
	/* A stray byte is one character, not a crash or a skip. */
	assert_int_equal(ro_rules_password("Abc1\xff\xff\xff"), RO_ST_E40);
	assert_int_equal(ro_rules_password("Abc1\xff\xff\xff\xff"), RO_ST_NONE);
	/* Overlong and surrogate encodings are not letters. */
	assert_int_equal(ro_rules_password("\xc1\x81" "bcdefg1"), RO_ST_E41);
	assert_int_equal(ro_rules_password("\xed\xa0\x80" "bcdefg1"), RO_ST_E41);
}

static void test_weak(void **state)
{
	(void)state;
	/* Equal to the username, ignoring case. */
	assert_true(ro_rules_password_weak("JSmith2027", "jsmith2027", "Jo", "Li"));
	assert_true(ro_rules_password_weak("jsmith2027", "jsmith2027", NULL, NULL));
	/* Containing it is not "equal" in SPEC's sense. */
	assert_false(ro_rules_password_weak("jsmith2027!", "jsmith2027", "Jo", "Li"));
	/* First or last name, anywhere, any case. */
	assert_true(ro_rules_password_weak("Maria2024x", "mg2024", "maria", "Gomez"));
	assert_true(ro_rules_password_weak("xxGOMEZxx1", "mg2024", "Maria", "Gomez"));
	assert_true(ro_rules_password_weak("1gomez", "mg2024", "Maria", "Gomez"));
	assert_true(ro_rules_password_weak("GARC\u00cdA2024a", "mg2024", "Maria",
	    "Garc\u00eda"));
	assert_true(ro_rules_password_weak("Zo\u00cb-2020", "zoe2020", "Zo\u00eb", "X"));
	/* Names under 3 characters are not checked; 3 are. */
	assert_false(ro_rules_password_weak("Always123", "user99", "Al", "Bo"));
	assert_true(ro_rules_password_weak("Alibaba123", "user99", "Ali", "Bo"));
	/* Two-character name in bytes that are 2 code points: not checked. */
	assert_false(ro_rules_password_weak("x\u00c9\u00e9x1Aa", "user99",
	    "\u00e9\u00e9", "Bo"));
	/* Spaces around a name are not part of it. */
	assert_true(ro_rules_password_weak("Joanne123", "user99", " Ann ", "Bo"));
	assert_false(ro_rules_password_weak("Maple-Otter-47", "jsmith27", "John",
	    "Smith"));
	assert_false(ro_rules_password_weak(NULL, "jsmith27", "John", "Smith"));
	assert_false(ro_rules_password_weak("Smith", NULL, NULL, NULL));
	assert_false(ro_rules_password_weak("", "", "", ""));
}

static void test_email(void **state)
{
	static const char *const good[] = {
		"a@b.co", "first.last@school.k12.mo.us", "x+tag@example.org",
		"O_Neil-2@mail.example.com", "\u00fcn\u00ef@ex\u00e4mple.de",
	};
	static const char *const bad[] = {
		"nobody", "a@b", "@b.co", "a@@b.co", "a@b@c.co", "a b@c.co",
		"a@b .co", "a@.b.co", "a@b.co.", "a@b..co", "a\t@b.co",
		"a@b.co\n", "a,b@c.co", "<a@b.co>", ".a@b.co", "a.@b.co",
		"a..b@c.co", "a@b\u200b.co", "a\u00a0@b.co", "a@b.c\x7f",
		"a@b.co\xff", "\"a\"@b.co", "a@[1.2.3.4]", "a@b.co;c@d.co",
		"a@\u202eoc.b",
	};
	char buf[300];

	(void)state;
	assert_int_equal(ro_rules_email(NULL), RO_ST_NONE);
	assert_int_equal(ro_rules_email(""), RO_ST_NONE);
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (ro_rules_email(good[i]) != RO_ST_NONE)
			fail_msg("refused good address %s", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (ro_rules_email(bad[i]) != RO_ST_E80)
			fail_msg("accepted bad address %zu: %s", i, bad[i]);

	/* Local part: 64 bytes at most. */
	memset(buf, 'a', 64);
	strcpy(buf + 64, "@b.co");
	assert_int_equal(ro_rules_email(buf), RO_ST_NONE);
	memset(buf, 'a', 65);
	strcpy(buf + 65, "@b.co");
	assert_int_equal(ro_rules_email(buf), RO_ST_E80);
	/* Whole address: 254 bytes at most. */
	strcpy(buf, "a@");
	memset(buf + 2, 'd', 248);
	strcpy(buf + 250, ".com");
	assert_int_equal(strlen(buf), 254);
	assert_int_equal(ro_rules_email(buf), RO_ST_NONE);
	strcpy(buf + 250, ".comx");
	assert_int_equal(ro_rules_email(buf), RO_ST_E80);
}

static void test_grad_year(void **state)
{
	int y = -1;

	(void)state;
	assert_int_equal(ro_rules_grad_year(&y, "1989"), RO_ST_E60);
	assert_int_equal(y, 0);
	assert_int_equal(ro_rules_grad_year(&y, "1990"), RO_ST_NONE);
	assert_int_equal(y, 1990);
	assert_int_equal(ro_rules_grad_year(&y, "2100"), RO_ST_NONE);
	assert_int_equal(y, 2100);
	assert_int_equal(ro_rules_grad_year(&y, "2101"), RO_ST_E60);
	assert_int_equal(y, 0);
	assert_int_equal(ro_rules_grad_year(&y, "2027"), RO_ST_NONE);
	assert_int_equal(y, 2027);
	assert_int_equal(ro_rules_grad_year(&y, "20a5"), RO_ST_E60);
	assert_int_equal(ro_rules_grad_year(&y, " 2025"), RO_ST_E60);
	assert_int_equal(ro_rules_grad_year(&y, "2025 "), RO_ST_E60);
	assert_int_equal(ro_rules_grad_year(&y, "02025"), RO_ST_E60);
	assert_int_equal(ro_rules_grad_year(&y, "202"), RO_ST_E60);
	assert_int_equal(ro_rules_grad_year(&y, "+202"), RO_ST_E60);
	assert_int_equal(ro_rules_grad_year(&y, "2025.0"), RO_ST_E60);
	assert_int_equal(ro_rules_grad_year(&y, ""), RO_ST_E60);
	assert_int_equal(ro_rules_grad_year(&y, NULL), RO_ST_E60);
	assert_int_equal(ro_rules_grad_year(NULL, "2030"), RO_ST_NONE);
}

static void check_trim(const char *in, const char *want, bool trimmed)
{
	char buf[64];

	snprintf(buf, sizeof buf, "%s", in);
	if (ro_rules_trim(buf) != trimmed || strcmp(buf, want) != 0)
		fail_msg("trim(\"%s\") gave \"%s\"", in, buf);
}

static void test_trim(void **state)
{
	(void)state;
	check_trim("  abc\t", "abc", true);
	check_trim("abc", "abc", false);
	check_trim("a b", "a b", false);
	check_trim("", "", false);
	check_trim("   ", "", true);
	check_trim(" x", "x", true);
	check_trim("x ", "x", true);
	check_trim("\xc2\xa0jsmith27\xc2\xa0 ", "jsmith27", true);
	check_trim("caf\u00e9 ", "caf\u00e9", true);
	check_trim("\u00a2", "\u00a2", false);
	check_trim("\n x", "\n x", false);
	assert_false(ro_rules_trim(NULL));
}

static void test_username_equal(void **state)
{
	(void)state;
	assert_true(ro_rules_username_equal("JSmith27", "jsmith27"));
	assert_true(ro_rules_username_equal("a.B@C", "A.b@c"));
	assert_false(ro_rules_username_equal("jsmith27", "jsmith2"));
	assert_false(ro_rules_username_equal("jsmith2", "jsmith27"));
	assert_false(ro_rules_username_equal("jsmith27", "jsmith28"));
	assert_true(ro_rules_username_equal("", ""));
	/* ASCII folding only, as SQLite's NOCASE. */
	assert_false(ro_rules_username_equal("\u00e9", "\u00c9"));
	assert_false(ro_rules_username_equal("[", "{"));
	assert_true(ro_rules_username_equal(NULL, NULL));
	assert_false(ro_rules_username_equal(NULL, ""));
}

static void test_messages(void **state)
{
	(void)state;
	assert_non_null(strstr(ro_rules_message(RO_ST_E30), "6"));
	assert_non_null(strstr(ro_rules_message(RO_ST_E40), "8"));
	assert_non_null(strstr(ro_rules_message(RO_ST_E41), "uppercase"));
	assert_non_null(strstr(ro_rules_message(RO_ST_E60), "1990"));
	assert_non_null(strstr(ro_rules_message(RO_ST_W20), "username"));
	assert_true(strlen(ro_rules_message(RO_ST_E31)) > 10);
	assert_true(strlen(ro_rules_message(RO_ST_E80)) > 10);
	assert_string_equal(ro_rules_message(RO_ST_E91),
	    ro_status_get(RO_ST_E91)->meaning);
	assert_string_equal(ro_rules_message(RO_ST_NONE), "");
}

/* "Maple-Otter-47": Word-Word-NN with two different words. */
static void check_shape(const char *p)
{
	const char *d1 = strchr(p, '-'), *d2 = d1 ? strchr(d1 + 1, '-') : NULL;

	if (!d1 || !d2 || strlen(d2 + 1) != 2 || !isdigit((unsigned char)d2[1]) ||
	    !isdigit((unsigned char)d2[2]))
		fail_msg("bad shape: %s", p);
	for (const char *w = p; w != d2 + 1; w = d1 + 1) {
		const char *end = w == p ? d1 : d2;

		if (end - w < 3 || !isupper((unsigned char)w[0]))
			fail_msg("bad word in %s", p);
		for (const char *c = w + 1; c < end; c++)
			if (!islower((unsigned char)*c))
				fail_msg("bad word in %s", p);
		if (w != p)
			break;
	}
	if (d1 - p == d2 - d1 - 1 && strncmp(p, d1 + 1, (size_t)(d1 - p)) == 0)
		fail_msg("same word twice: %s", p);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_generate(void **state)
{
	enum { N = 1000 };
	char *pw[N], *first[N];
	char small[31];
	size_t distinct = 1, firsts = 1;

	(void)state;
	for (int i = 0; i < N; i++) {
		pw[i] = malloc(32);
		assert_non_null(pw[i]);
		assert_int_equal(ro_rules_generate_password(pw[i], 32), 0);
		assert_true(strlen(pw[i]) < 32);
		assert_int_equal(ro_rules_password(pw[i]), RO_ST_NONE);
		check_shape(pw[i]);
		first[i] = strndup(pw[i], (size_t)(strchr(pw[i], '-') - pw[i]));
		assert_non_null(first[i]);
	}
	qsort(pw, N, sizeof pw[0], cmp_str);
	qsort(first, N, sizeof first[0], cmp_str);
	for (int i = 1; i < N; i++) {
		distinct += strcmp(pw[i], pw[i - 1]) != 0;
		firsts += strcmp(first[i], first[i - 1]) != 0;
	}
	/* 6.5 million possible passwords: 1000 draws expect 0.08 repeats,
	 * so "all different" would fail now and then; a stuck or weak
	 * generator fails this by far. */
	assert_true(distinct >= N - 5);
	/* 1000 draws from 256 words show ~251 of them. */
	assert_true(firsts >= 230);
	for (int i = 0; i < N; i++) {
		free(pw[i]);
		free(first[i]);
	}
	assert_int_equal(ro_rules_generate_password(small, sizeof small),
	    RO_EINVAL);
	assert_int_equal(ro_rules_generate_password(NULL, 32), RO_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_username),
		cmocka_unit_test(test_username_codes_and_utf8_length),
		cmocka_unit_test(test_password),
		cmocka_unit_test(test_password_max),
		cmocka_unit_test(test_password_utf8),
		cmocka_unit_test(test_weak),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_grad_year),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_username_equal),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_generate),
	};

	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
