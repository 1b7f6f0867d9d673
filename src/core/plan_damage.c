/* plan_damage.c — cells a spreadsheet program damaged: leading zeros
 * lost, a whole number turned into "123.0", a long number shown as
 * "1.23E+05".  Whether the damage explains the difference from the
 * stored value decides between repairing the cell (W10) and an error. */
#include "plan_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static const char *skip_zeros(const char *s)
{
	while (*s == '0' && s[1])
		s++;
	return s;
}

/* Does "1.23E+05" show the number cur (digits) rounded as a spreadsheet
 * rounds it? */
static bool sci_shows(const char *cell, const char *cur)
{
	char mant[32], digits[32];
	size_t nm = 0;
	const char *p = cell;
	long exp;

	cur = skip_zeros(cur);
	for (; *p && *p != 'E' && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9' && nm < sizeof mant - 1)
			mant[nm++] = *p;
	mant[nm] = '\0';
	if (!*p)
		return false;
	exp = strtol(p + 1, NULL, 10);
	if (exp < 0 || (size_t)exp + 1 != strlen(cur) || nm > strlen(cur) ||
	    nm >= sizeof digits)
		return false;
	memcpy(digits, cur, nm);
	digits[nm] = '\0';
	if (cur[nm] >= '5') {
		size_t k = nm;
		while (k > 0 && digits[k - 1] == '9')
			digits[--k] = '0';
		if (k == 0)
			return false;   /* 9.99… rounds to a longer number */
		digits[k - 1]++;
	}
	/* The mantissa may drop trailing zeros: 1.2E+05 for 120000. */
	while (nm > 1 && mant[nm - 1] == '0' && digits[nm - 1] == '0') {
		mant[--nm] = '\0';
		digits[nm] = '\0';
	}
	while (strlen(digits) > nm && digits[strlen(digits) - 1] == '0')
		digits[strlen(digits) - 1] = '\0';
	return strcmp(mant, digits) == 0;
}

/* "123.0" (any zeros): the length of the whole part, else 0. */
static size_t dot0_len(const char *s)
{
	const char *p = s, *dot;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p == s || *p != '.' || p[1] != '0')
		return 0;
	dot = p++;
	while (*p == '0')
		p++;
	return *p ? 0 : (size_t)(dot - s);
}

/* A cell (Username, Group) that differs from the current value cur:
 * does it look damaged by a spreadsheet?  Returns what happened ("" when
 * nothing), and sets *explained when the damage turns cur into cell, so
 * that the current value is what the admin meant. */
const char *plan_damage(const char *cell, const char *cur, bool *explained)
{
	size_t d0;

	*explained = false;
	if (cur && all_digits(cell) && all_digits(cur) && cur[0] == '0' &&
	    strcmp(skip_zeros(cur), cell) == 0) {
		*explained = true;
		return "leading zeros lost";
	}
	if ((d0 = dot0_len(cell)) > 0) {
		if (cur && all_digits(cur) &&
		    strlen(skip_zeros(cur)) == d0 &&
		    strncmp(skip_zeros(cur), cell, d0) == 0)
			*explained = true;
		return "a whole number turned into a decimal";
	}
	if (plan_is_sci(cell)) {
		if (cur && all_digits(cur) && sci_shows(cell, cur))
			*explained = true;
		return "a number in scientific notation";
	}
	return "";
}

/* Every cell plan_damage may explain: all digits (leading zeros lost),
 * "123.0", or scientific notation. */
bool plan_damage_may_explain(const char *cell)
{
	return all_digits(cell) || dot0_len(cell) > 0 || plan_is_sci(cell);
}

const char *plan_damage_resolve(const char *cell, const char *cur,
    const char **what)
{
	bool explained;

	*what = "";
	if (cur && strcmp(cell, cur) == 0)
		return cell;
	*what = plan_damage(cell, cur, &explained);
	return explained ? cur : cell;
}
