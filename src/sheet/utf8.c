/* utf8.c — Windows-1252 decoding, OOXML string escapes and the formula
 * test shared by the readers and writers (UTF-8 itself: src/base/utf8.c). */
#include "sheet_int.h"

#include <string.h>

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

		o += ro_utf8_encode(cp, dst + o);
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
				o += ro_utf8_encode(cp, s + o);
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
