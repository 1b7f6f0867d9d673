/* rules_case.c — code points and letter case for the rules: walking a
 * string by code point, and the upper and lower case of the Latin, Greek
 * and Cyrillic letters a school is likely to type (not all of Unicode). */
#include "rules_int.h"

#include <roster/utf8.h>

/* Through the one decoder, counting a bad byte as one code point. */
uint32_t rules_next_cp(const char **s)
{
	uint32_t c;
	size_t len = ro_utf8_decode(*s, SIZE_MAX, &c);

	if (len == 0) {
		*s += 1;
		return RULES_BAD_CP;
	}
	*s += len;
	return c;
}

size_t rules_count_cp(const char *s, const char *end)
{
	size_t n = 0;

	while (s < end && *s) {
		rules_next_cp(&s);
		n++;
	}
	return n;
}

/* Upper case letters lo..hi (every stride-th) whose lower case is
 * delta away. */
static const struct {
	uint32_t lo, hi;
	uint8_t stride;
	int16_t delta;
} upper_ranges[] = {
	{ 0x0041, 0x005A, 1, 32 },      /* A-Z */
	{ 0x00C0, 0x00D6, 1, 32 },      /* À-Ö */
	{ 0x00D8, 0x00DE, 1, 32 },      /* Ø-Þ */
	{ 0x0100, 0x012F, 2, 1 },       /* Latin Extended-A, in pairs */
	{ 0x0132, 0x0137, 2, 1 },
	{ 0x0139, 0x0148, 2, 1 },
	{ 0x014A, 0x0177, 2, 1 },
	{ 0x0178, 0x0178, 1, -121 },    /* Ÿ -> ÿ */
	{ 0x0179, 0x017E, 2, 1 },
	{ 0x0386, 0x0386, 1, 38 },      /* Greek with tonos */
	{ 0x0388, 0x038A, 1, 37 },
	{ 0x038C, 0x038C, 1, 64 },
	{ 0x038E, 0x038F, 1, 63 },
	{ 0x0391, 0x03A1, 1, 32 },      /* Α-Ρ */
	{ 0x03A3, 0x03AB, 1, 32 },      /* Σ-Ϋ */
	{ 0x0400, 0x040F, 1, 80 },      /* Ѐ-Џ */
	{ 0x0410, 0x042F, 1, 32 },      /* А-Я */
};

/* Lower case letters with no upper case partner in the table above. */
static const uint32_t lower_only[] = {
	0x00DF, 0x0131, 0x0138, 0x0149, 0x017F, 0x0390, 0x03B0, 0x03C2,
};

static bool in_range(uint32_t c, size_t i)
{
	return c >= upper_ranges[i].lo && c <= upper_ranges[i].hi &&
	    (c - upper_ranges[i].lo) % upper_ranges[i].stride == 0;
}

static uint32_t cp_lower(uint32_t c)
{
	/* ASCII, nearly every letter of a roster, without the table. */
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
	if (c == 0x0130)        /* İ */
		return 'i';
	for (size_t i = 0; i < sizeof upper_ranges / sizeof upper_ranges[0]; i++)
		if (in_range(c, i))
			return (uint32_t)((int32_t)c + upper_ranges[i].delta);
	return c;
}

bool rules_cp_is_upper(uint32_t c)
{
	return c == 0x0130 || cp_lower(c) != c;
}

bool rules_cp_is_lower(uint32_t c)
{
	if (c == RULES_BAD_CP)
		return false;
	if (c < 0x80)
		return c >= 'a' && c <= 'z';
	for (size_t i = 0; i < sizeof lower_only / sizeof lower_only[0]; i++)
		if (c == lower_only[i])
			return true;
	for (size_t i = 0; i < sizeof upper_ranges / sizeof upper_ranges[0]; i++)
		if (in_range((uint32_t)((int32_t)c - upper_ranges[i].delta), i))
			return true;
	return false;
}

/* Does s start with needle[0..nend), ignoring case?  *after receives the
 * end of the match in s. */
bool rules_ci_prefix(const char *s, const char *needle, const char *nend,
    const char **after)
{
	while (needle < nend) {
		uint32_t a, b;

		if (!*s)
			return false;
		a = rules_next_cp(&s);
		b = rules_next_cp(&needle);
		if (a == RULES_BAD_CP || b == RULES_BAD_CP || cp_lower(a) != cp_lower(b))
			return false;
	}
	if (after)
		*after = s;
	return true;
}

bool rules_ci_contains(const char *hay, const char *needle, const char *nend)
{
	for (const char *s = hay; *s; rules_next_cp(&s))
		if (rules_ci_prefix(s, needle, nend, NULL))
			return true;
	return false;
}
