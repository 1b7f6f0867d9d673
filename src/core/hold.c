/* hold.c — the blast-radius hold (hold.h): the rule, the refusal that
 * states it, and the parser of the count typed back. */
#include <roster/error.h>
#include <roster/hold.h>

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static _Thread_local size_t needed;
static _Thread_local ro_hold_why needed_why;

ro_hold_why ro_hold_rule(size_t changes, size_t site_total)
{
	if (changes == 0)
		return RO_HOLD_NONE;
	if (changes * 2 > site_total)
		return RO_HOLD_HALF;
	return changes > RO_HOLD_ABSOLUTE ? RO_HOLD_MANY : RO_HOLD_NONE;
}

bool ro_hold_passes(size_t changes, size_t site_total, long confirm)
{
	if (confirm >= 0)
		return (size_t)confirm == changes;
	return ro_hold_rule(changes, site_total) == RO_HOLD_NONE;
}

int ro_hold_check(const ro_hold_ask *h, const char *what, ...)
{
	ro_hold_why why = ro_hold_rule(h->changes, h->site_total);
	char fact[512];
	va_list ap;

	needed = 0;
	needed_why = RO_HOLD_NONE;
	if (ro_hold_passes(h->changes, h->site_total, h->confirm))
		return 0;
	va_start(ap, what);
	vsnprintf(fact, sizeof fact, what, ap);
	va_end(ap);
	needed = h->changes;
	if (h->confirm >= 0) {
		needed_why = RO_HOLD_MISMATCH;
		return ro_error_set(RO_EHOLD, "you confirmed %ld, but %s",
		    h->confirm, fact);
	}
	needed_why = why;
	if (why == RO_HOLD_HALF)
		return ro_error_set(RO_EHOLD, "%s, more than half of %s (%zu "
		    "active portfolios)", fact, h->site ? h->site : "the site",
		    h->site_total);
	return ro_error_set(RO_EHOLD, "%s, more than %d at once", fact,
	    RO_HOLD_ABSOLUTE);
}

size_t ro_hold_needed(ro_hold_why *why)
{
	bool hold = ro_error_last_code() == RO_EHOLD;

	if (why)
		*why = hold ? needed_why : RO_HOLD_NONE;
	return hold ? needed : 0;
}

int ro_confirm_parse(const char *text, long *out)
{
	const char *p = text;
	char *end;
	long n;

	*out = -1;
	if (!p)
		return RO_EINVAL;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!isdigit((unsigned char)*p))
		return RO_EINVAL;
	errno = 0;
	n = strtol(p, &end, 10);
	if (errno || n < 0)
		return RO_EINVAL;
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end)
		return RO_EINVAL;
	*out = n;
	return 0;
}
