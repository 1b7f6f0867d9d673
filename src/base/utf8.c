/* utf8.c — the one UTF-8 decoder, and validation and encoding on it. */
#include "base.h"

/* Length of the sequence that lead byte c starts, 0 when c cannot start
 * one (a continuation byte, an overlong C0/C1, or F5..FF). */
static size_t seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c < 0xc2)
		return 0;
	if (c < 0xe0)
		return 2;
	if (c < 0xf0)
		return 3;
	if (c < 0xf5)
		return 4;
	return 0;
}

/* Whether the second byte d is allowed after lead byte c: this is where
 * overlong forms, surrogates and code points past U+10FFFF are refused. */
static bool second_ok(unsigned char c, unsigned char d)
{
	if (c == 0xe0)
		return d >= 0xa0 && d <= 0xbf;
	if (c == 0xed)
		return d >= 0x80 && d <= 0x9f;
	if (c == 0xf0)
		return d >= 0x90 && d <= 0xbf;
	if (c == 0xf4)
		return d >= 0x80 && d <= 0x8f;
	return d >= 0x80 && d <= 0xbf;
}

size_t ro_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	static const unsigned char lead_mask[5] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	size_t len;
	uint32_t c;

	if (n == 0)
		return RO_UTF8_CUT;
	len = seq_len(p[0]);
	if (len == 0)
		return 0;
	c = p[0] & lead_mask[len];
	/* Byte by byte, each looked at only when the one before was right:
	 * a NUL (the end of a string) stops the sequence as invalid. */
	for (size_t k = 1; k < len; k++) {
		if (k >= n)
			return RO_UTF8_CUT;
		if (k == 1 ? !second_ok(p[0], p[1]) : (p[k] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[k] & 0x3f);
	}
	*cp = c;
	return len;
}

size_t ro_utf8_valid_prefix(const char *s, size_t n, bool *bad)
{
	size_t i = 0;

	*bad = false;
	while (i < n) {
		uint32_t cp;
		size_t len;

		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		len = ro_utf8_decode(s + i, n - i, &cp);
		if (len == RO_UTF8_CUT)
			return i;   /* incomplete: maybe the next chunk */
		if (len == 0) {
			*bad = true;
			return i;
		}
		i += len;
	}
	return i;
}

bool ro_utf8_valid(const char *s, size_t n)
{
	bool bad;

	return ro_utf8_valid_prefix(s, n, &bad) == n;
}

size_t ro_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}
