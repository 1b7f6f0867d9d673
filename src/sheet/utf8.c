/* utf8.c — UTF-8 validation, Windows-1252 decoding, OOXML string escapes
 * and the formula test shared by the readers and writers. */
#include "sheet_int.h"

#include <string.h>

/* Length of the sequence that lead byte c starts, 0 when c cannot start
 * one (a continuation byte, an overlong C0/C1, or F5..FF). */
static size_t utf8_seq_len(unsigned char c)
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

/* Whether the second byte is allowed after lead byte c: this is where
 * overlong forms, surrogates and code points past U+10FFFF are refused. */
static bool utf8_second_ok(unsigned char c, unsigned char d)
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

size_t sheet_utf8_valid_prefix(const unsigned char *s, size_t n, bool *bad)
{
	size_t i = 0;

	*bad = false;
	while (i < n) {
		unsigned char c = s[i];
		size_t len, k;

		if (c < 0x80) {
			i++;
			continue;
		}
		len = utf8_seq_len(c);
		if (len == 0) {
			*bad = true;
			return i;
		}
		for (k = 1; k < len; k++) {
			if (i + k >= n)
				return i;   /* incomplete: maybe the next chunk */
			if (k == 1 ? !utf8_second_ok(c, s[i + 1])
			    : (s[i + k] & 0xc0) != 0x80) {
				*bad = true;
				return i;
			}
		}
		i += len;
	}
	return i;
}

bool sheet_utf8_valid(const char *s, size_t n)
{
	bool bad;

	return sheet_utf8_valid_prefix((const unsigned char *)s, n, &bad) == n;
}

size_t sheet_utf8_encode(uint32_t cp, char *out)
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

/* Windows-1252 0x80..0x9F.  The five bytes it leaves undefined map to
 * the C1 controls of the same value, as Windows' own conversion does. */
static const uint16_t cp1252_high[32] = {
	0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
	0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
};

size_t sheet_cp1252_to_utf8(char *dst, const unsigned char *src, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = src[i];
		uint32_t cp = c >= 0x80 && c < 0xa0 ? cp1252_high[c - 0x80] : c;

		o += sheet_utf8_encode(cp, dst + o);
	}
	return o;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t sheet_xstring_decode(char *s, size_t n)
{
	size_t i = 0, o = 0;

	if (!memchr(s, '_', n))
		return n;
	while (i < n) {
		if (s[i] == '_' && i + 7 <= n && s[i + 1] == 'x' &&
		    s[i + 6] == '_') {
			uint32_t cp = 0;
			int k;

			for (k = 2; k < 6; k++) {
				int h = hex_value(s[i + k]);

				if (h < 0)
					break;
				cp = cp << 4 | (uint32_t)h;
			}
			if (k == 6 && cp != 0 && (cp < 0xd800 || cp > 0xdfff)) {
				/* At most 3 bytes replace 7: o stays behind i. */
				o += sheet_utf8_encode(cp, s + o);
				i += 7;
				continue;
			}
		}
		s[o++] = s[i++];
	}
	return o;
}

bool sheet_formula_like(const char *s, size_t len)
{
	size_t i = 0;

	/* Apostrophes already there are counted too: "'=x" is written
	 * "''=x", so that taking one off on reading gives it back. */
	while (i < len && s[i] == '\'')
		i++;
	if (i < len && (s[i] == '\t' || s[i] == '\r'))
		return true;
	/* Spreadsheets skip spaces before a formula: " =1+1" runs too. */
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
	    s[i] == '\n'))
		i++;
	return i < len && s[i] && strchr("=+-@", s[i]) != NULL;
}

bool sheet_needs_apostrophe(const char *s)
{
	return sheet_formula_like(s, strlen(s));
}
