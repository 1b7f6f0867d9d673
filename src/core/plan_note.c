/* plan_note.c — a row's messages: formatting one, and adding it to what
 * a plan found for the row.  The bottom of the plan module with
 * plan_map.c: every stage (read, OneRoster, lookups, checks) writes
 * messages, and this file calls none of them. */
#include "plan_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define BIT(st) (UINT64_C(1) << (st))

char *plan_msg(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? NULL : s;
}

/* Adds a message for code to x; a second message of the same code (W10
 * in two cells) joins the first. */
int plan_note_add(plan_res *x, ro_status code, char *text)
{
	if (!text)
		return RO_ENOMEM;
	x->codes |= BIT(code);
	for (size_t i = 0; i < x->nnotes; i++) {
		if (x->notes[i].code != code)
			continue;
		char *j = plan_msg("%s; %s", x->notes[i].text, text);
		free(text);
		if (!j)
			return RO_ENOMEM;
		free(x->notes[i].text);
		x->notes[i].text = j;
		return 0;
	}
	plan_note *v = realloc(x->notes, (x->nnotes + 1) * sizeof *v);
	if (!v) {
		free(text);
		return RO_ENOMEM;
	}
	x->notes = v;
	x->notes[x->nnotes].code = code;
	x->notes[x->nnotes].text = text;
	x->nnotes++;
	return 0;
}
