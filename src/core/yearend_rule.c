/* yearend_rule.c — the year-end group rule: the number in a group's name
 * goes up by one ("Grade 9" → "Grade 10", "Homeroom 7B" → "Homeroom 8B",
 * "Year 09" → "Year 10").  Only a name holding exactly one number, of one
 * or two digits, has a next name: "Chess Club", "Class of 2027" (a year,
 * not a grade) and "Room 12 Grade 9" (which number?) have none.  The
 * digits keep their width when they fit ("07" → "08", "9" → "10",
 * "99" → "100"). */
#include <roster/yearend.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

int ro_yearend_next_group_name(const char *name, char *out, size_t size)
{
	const char *run = NULL, *p;
	size_t len = 0;
	int v = 0, n;

	for (p = name; *p; p++) {
		if (!isdigit((unsigned char)*p))
			continue;
		if (run)
			return -1;      /* a second number */
		run = p;
		while (isdigit((unsigned char)p[len]))
			len++;
		p += len - 1;
	}
	if (!run || len > 2)
		return -1;
	for (size_t i = 0; i < len; i++)
		v = v * 10 + (run[i] - '0');
	n = snprintf(out, size, "%.*s%0*d%s", (int)(run - name), name,
	    (int)len, v + 1, run + len);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}
