/* sanitize.c — the one sanitiser every string from data goes through
 * before it reaches the screen.
 *
 * ncurses draws most control characters as ^X but acts on backspace, CR,
 * LF and tab, and a terminal acts on ESC and C1 sequences: a name holding
 * "\e[2J" must show as text, not clear the screen.  We decode UTF-8
 * ourselves (strict: no overlongs, no surrogates) so that invalid bytes
 * become '?' whatever the locale's mbrtowc thinks of them. */
#include "ui.h"

#include <stdio.h>
#include <string.h>

/* Bidirectional overrides and isolates reorder what follows them. */
static bool is_bidi_control(uint32_t c)
{
	return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
	    c == 0x200E || c == 0x200F || c == 0x061C;
}

/* Decodes one code point; returns its length, or 0 for an invalid
 * sequence (the caller consumes one byte). */
static int utf8_decode(const unsigned char *p, uint32_t *cp)
{
	unsigned char c = p[0];
	int len;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2; v = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; v = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; v = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	for (int i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

int ui_sane_next(const char **in, wchar_t out[4], bool *sane)
{
	const unsigned char *p = (const unsigned char *)*in;
	uint32_t cp;
	int len;
	static const char hex[] = "0123456789abcdef";

	*sane = true;
	if (*p == '\0')
		return 0;
	len = utf8_decode(p, &cp);
	if (len == 0) {
		*in += 1;
		*sane = false;
		out[0] = L'?';
		return 1;
	}
	*in += len;
	if (cp < 0x20 || cp == 0x7F) {
		*sane = false;
		out[0] = L'^';
		out[1] = cp == 0x7F ? L'?' : (wchar_t)(cp + 0x40);
		return 2;
	}
	if (cp >= 0x80 && cp <= 0x9F) {
		*sane = false;
		out[0] = L'\\';
		out[1] = L'x';
		out[2] = (wchar_t)hex[cp >> 4];
		out[3] = (wchar_t)hex[cp & 0xF];
		return 4;
	}
	if (is_bidi_control(cp) || wcwidth((wchar_t)cp) < 0) {
		*sane = false;
		out[0] = L'?';
		return 1;
	}
	out[0] = (wchar_t)cp;
	return 1;
}

void ui_sanitize(char *out, size_t outlen, const char *in)
{
	size_t o = 0;
	wchar_t w[4];
	bool sane;
	int n;
	char mb[8];

	if (outlen == 0)
		return;
	if (in == NULL)
		in = "";
	while ((n = ui_sane_next(&in, w, &sane)) > 0) {
		for (int i = 0; i < n; i++) {
			/* Our output is UTF-8 whatever the locale. */
			uint32_t c = (uint32_t)w[i];
			size_t k;

			if (c < 0x80) {
				mb[0] = (char)c; k = 1;
			} else if (c < 0x800) {
				mb[0] = (char)(0xC0 | (c >> 6));
				mb[1] = (char)(0x80 | (c & 0x3F)); k = 2;
			} else if (c < 0x10000) {
				mb[0] = (char)(0xE0 | (c >> 12));
				mb[1] = (char)(0x80 | ((c >> 6) & 0x3F));
				mb[2] = (char)(0x80 | (c & 0x3F)); k = 3;
			} else {
				mb[0] = (char)(0xF0 | (c >> 18));
				mb[1] = (char)(0x80 | ((c >> 12) & 0x3F));
				mb[2] = (char)(0x80 | ((c >> 6) & 0x3F));
				mb[3] = (char)(0x80 | (c & 0x3F)); k = 4;
			}
			if (o + k >= outlen)
				goto done;
			memcpy(out + o, mb, k);
			o += k;
		}
	}
done:
	out[o] = '\0';
}
