/* test_utf8.c — the one UTF-8 decoder (src/base/utf8.c) that the
 * sanitiser, the rules, the mail writer and the spreadsheet readers share:
 * every 1- to 3-byte sequence against the definition, the edges of the
 * 4-byte range, a sequence cut short by the buffer or by a NUL, and the
 * encoder round trip over every code point. */
#include "helpers.h"

#include <roster/utf8.h>

#include <stdint.h>
#include <string.h>

/* Whether cp may be written in len bytes by RFC 3629. */
static bool shortest(uint32_t cp, size_t len)
{
	static const uint32_t lo[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	static const uint32_t hi[5] = { 0, 0x7f, 0x7ff, 0xffff, 0x10ffff };

	return cp >= lo[len] && cp <= hi[len] &&
	    (cp < 0xd800 || cp > 0xdfff);
}

static void test_every_short_sequence(void **state)
{
	size_t valid2 = 0, valid3 = 0;
	char s[4] = "";
	uint32_t cp;

	(void)state;
	for (unsigned a = 0; a < 0x100; a++) {
		s[0] = (char)a;
		s[1] = '\0';
		size_t len = ro_utf8_decode(s, SIZE_MAX, &cp);
		if (a < 0x80) {
			assert_int_equal(len, 1);
			assert_int_equal(cp, a);
		} else if (a < 0xc2 || a > 0xf4) {
			assert_int_equal(len, 0);   /* never a lead byte */
		} else {
			assert_int_equal(len, 0);   /* the NUL cuts it */
			assert_int_equal(ro_utf8_decode(s, 1, &cp), RO_UTF8_CUT);
		}
		for (unsigned b = 0; b < 0x100 && a >= 0xc0; b++) {
			s[1] = (char)b;
			s[2] = '\0';
			len = ro_utf8_decode(s, 2, &cp);
			if (a < 0xe0) {
				bool ok = a >= 0xc2 && (b & 0xc0) == 0x80;

				assert_int_equal(len, ok ? 2 : 0);
				if (ok) {
					assert_true(shortest(cp, 2));
					valid2++;
				}
				continue;
			}
			if (a >= 0xf0)
				continue;
			for (unsigned c = 0; c < 0x100; c++) {
				s[2] = (char)c;
				len = ro_utf8_decode(s, 3, &cp);
				if (len == 3) {
					assert_true(shortest(cp, 3));
					valid3++;
				} else {
					assert_int_equal(len, 0);
				}
			}
		}
	}
	/* U+0080..U+07FF, and U+0800..U+FFFF without the 2048 surrogates. */
	assert_int_equal(valid2, 0x780);
	assert_int_equal(valid3, 0xf800 - 0x800);
}

static void test_four_bytes(void **state)
{
	uint32_t cp;

	(void)state;
	assert_int_equal(ro_utf8_decode("\xf0\x90\x80\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x10000);
	assert_int_equal(ro_utf8_decode("\xf4\x8f\xbf\xbf", 4, &cp), 4);
	assert_int_equal(cp, 0x10ffff);
	/* Overlong, past U+10FFFF, no lead byte after F4. */
	assert_int_equal(ro_utf8_decode("\xf0\x8f\xbf\xbf", 4, &cp), 0);
	assert_int_equal(ro_utf8_decode("\xf4\x90\x80\x80", 4, &cp), 0);
	assert_int_equal(ro_utf8_decode("\xf5\x80\x80\x80", 4, &cp), 0);
	/* A bad byte is found before the end of the buffer is. */
	assert_int_equal(ro_utf8_decode("\xf0\x90\x41", 3, &cp), 0);
	assert_int_equal(ro_utf8_decode("\xf0\x90\x80", 3, &cp),
	    RO_UTF8_CUT);
	assert_int_equal(ro_utf8_decode("\xf0\x90\x80", SIZE_MAX, &cp), 0);
	assert_int_equal(ro_utf8_decode("", 0, &cp), RO_UTF8_CUT);
	assert_int_equal(ro_utf8_decode("", SIZE_MAX, &cp), 1);
	assert_int_equal(cp, 0);
}

static void test_valid_prefix(void **state)
{
	bool bad;

	(void)state;
	/* A chunk ending inside "é": incomplete, not bad. */
	assert_int_equal(ro_utf8_valid_prefix("ab\xc3", 3, &bad), 2);
	assert_false(bad);
	assert_int_equal(ro_utf8_valid_prefix("ab\xc3x", 4, &bad), 2);
	assert_true(bad);
	assert_int_equal(ro_utf8_valid_prefix("a\0\xc3\xa9", 4, &bad), 4);
	assert_false(bad);
	assert_true(ro_utf8_valid("caf\xc3\xa9", 5));
	assert_false(ro_utf8_valid("caf\xc3", 4));
	assert_false(ro_utf8_valid("\xed\xa0\x80", 3));   /* U+D800 */
}

static void test_encode_round_trip(void **state)
{
	char buf[4];
	uint32_t back;

	(void)state;
	for (uint32_t cp = 0; cp <= 0x10ffff; cp++) {
		size_t len;

		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		len = ro_utf8_encode(cp, buf);
		assert_true(shortest(cp, len));
		assert_int_equal(ro_utf8_decode(buf, len, &back), len);
		assert_int_equal(back, cp);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_short_sequence),
		cmocka_unit_test(test_four_bytes),
		cmocka_unit_test(test_valid_prefix),
		cmocka_unit_test(test_encode_round_trip),
	};
	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
