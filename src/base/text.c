/* text.c — the sanitiser and display widths for terminal output. */
#include "base.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* One UTF-8 sequence of a string (the one decoder, utf8.c): its length,
 * or 0 when invalid; the string's NUL ends a sequence cut short. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	return ro_utf8_decode((const char *)s, SIZE_MAX, cp);
}

/* Characters that reorder the text after them (bidi overrides, embeddings,
 * isolates and marks) or break lines: a name holding U+202E could show a
 * different name than the one it is. */
static bool is_format_control(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 &&
	    cp <= 0x2069) || cp == 0x200e || cp == 0x200f || cp == 0x061c ||
	    cp == 0x2028 || cp == 0x2029;
}

char *ro_text_sanitize(const char *in)
{
	const unsigned char *s = (const unsigned char *)(in ? in : "");
	/* "<202E>" is 6 bytes for 3 of input; "^X" 2 for 1. */
	size_t cap = strlen((const char *)s) * 4 + 1, n = 0;
	char *out = malloc(cap);

	if (!out)
		return NULL;
	while (*s) {
		uint32_t cp;
		size_t len = utf8_decode(s, &cp);
		if (len == 0) {
			memcpy(out + n, "\xef\xbf\xbd", 3);   /* U+FFFD */
			n += 3;
			s++;
		} else if (cp < 0x20 || cp == 0x7f) {
			out[n++] = '^';
			out[n++] = cp == 0x7f ? '?' : (char)(cp + 0x40);
			s++;
		} else if ((cp >= 0x80 && cp < 0xa0) || is_format_control(cp)) {
			n += (size_t)snprintf(out + n, cap - n, "<%02X>",
			    (unsigned)cp);
			s += len;
		} else {
			memcpy(out + n, s, len);
			n += len;
			s += len;
		}
	}
	out[n] = '\0';
	return out;
}

static bool is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0);
}

ro_text_fault ro_text_check(const char *in, size_t *at)
{
	const unsigned char *s = (const unsigned char *)(in ? in : "");
	size_t n = 0;

	while (*s) {
		uint32_t cp;
		size_t len = utf8_decode(s, &cp);

		n++;
		if (len == 0 || is_control(cp)) {
			if (at)
				*at = n;
			return len == 0 ? RO_TEXT_BAD_UTF8 : RO_TEXT_CONTROL;
		}
		s += len;
	}
	if (at)
		*at = 0;
	return RO_TEXT_OK;
}

int ro_text_field_check(const char *field, const char *s)
{
	size_t at;
	ro_text_fault f = ro_text_check(s, &at);
	char one[8] = "", *shown;

	if (f == RO_TEXT_BAD_UTF8)
		return ro_error_set(RO_EINVAL, "%s is not valid UTF-8 text "
		    "(character %zu)", field, at);
	if (f == RO_TEXT_OK)
		return 0;
	/* The character as the sanitiser shows it: ^J, ^[, <9B>. */
	{
		const char *p = s;
		uint32_t cp;

		for (size_t i = 1; i < at; i++)
			p += utf8_decode((const unsigned char *)p, &cp);
		memcpy(one, p, utf8_decode((const unsigned char *)p, &cp));
	}
	shown = ro_text_sanitize(one);
	ro_error_set(RO_EINVAL, "%s holds a control character (%s, character "
	    "%zu): a line break, tab or escape cannot be stored", field,
	    shown ? shown : "?", at);
	free(shown);
	return RO_EINVAL;
}

void ro_text_cut_partial(char *s)
{
	size_t n = s ? strlen(s) : 0, k = n;
	uint32_t cp;

	/* Back to the lead byte of the last character (at most 3
	 * continuation bytes), then drop it if its sequence is cut short. */
	while (k > 0 && n - k < 3 && ((unsigned char)s[k - 1] & 0xc0) == 0x80)
		k--;
	if (k > 0 && (unsigned char)s[k - 1] >= 0xc0 &&
	    utf8_decode((const unsigned char *)s + k - 1, &cp) == 0)
		s[k - 1] = '\0';
}

char *ro_text_valid_utf8(const char *in)
{
	const unsigned char *s = (const unsigned char *)(in ? in : "");
	char *out = malloc(strlen((const char *)s) * 3 + 1);
	size_t n = 0;

	if (!out)
		return NULL;
	while (*s) {
		uint32_t cp;
		size_t len = utf8_decode(s, &cp);

		if (len == 0) {
			memcpy(out + n, "\xef\xbf\xbd", 3);   /* U+FFFD */
			n += 3;
			s++;
		} else {
			memcpy(out + n, s, len);
			n += len;
			s += len;
		}
	}
	out[n] = '\0';
	return out;
}

static int cp_width(uint32_t cp)
{
	int w = wcwidth((wchar_t)cp);

	return w < 0 ? 1 : w;
}

size_t ro_text_width(const char *in)
{
	const unsigned char *s = (const unsigned char *)(in ? in : "");
	size_t w = 0;

	while (*s) {
		uint32_t cp;
		size_t len = utf8_decode(s, &cp);
		if (!len) {
			w++;
			s++;
			continue;
		}
		w += (size_t)cp_width(cp);
		s += len;
	}
	return w;
}

char *ro_text_fit(const char *in, size_t width, int pad)
{
	const unsigned char *s = (const unsigned char *)(in ? in : "");
	size_t total = ro_text_width(in), n = 0, w = 0;
	char *out = malloc(strlen((const char *)s) + width + 4);

	if (!out)
		return NULL;
	/* Room for the ellipsis when the string does not fit. */
	size_t limit = total > width ? (width ? width - 1 : 0) : width;
	while (*s) {
		uint32_t cp;
		size_t len = utf8_decode(s, &cp);
		int cw = len ? cp_width(cp) : 1;
		if (!len)
			len = 1;
		if (w + (size_t)cw > limit)
			break;
		memcpy(out + n, s, len);
		n += len;
		w += (size_t)cw;
		s += len;
	}
	if (total > width && width) {
		memcpy(out + n, "\xe2\x80\xa6", 3);    /* … */
		n += 3;
		w++;
	}
	while (pad && w < width) {
		out[n++] = ' ';
		w++;
	}
	out[n] = '\0';
	return out;
}
