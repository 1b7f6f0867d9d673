/* import_oneroster.c — the part of a trial run that only a OneRoster
 * bundle has: the users left out (W30, W31), the users of other orgs,
 * and the site's portfolios the bundle does not mention (listed, never
 * deactivated: "missing means inactive" is how a school gets lost). */
#include "cli_int.h"

#include <roster/plan.h>
#include <roster/status.h>

/* Not-mentioned portfolios shown on the table; JSON lists them all. */
#define SHOW_MISSING 20

void cli_oneroster_table(const ro_plan *p, const char *warn, const char *off)
{
	printf("\nOneRoster %d.%d bundle: rows are lines of users.csv.\n",
	    p->oneroster_version / 10, p->oneroster_version % 10);
	if (p->other_orgs)
		printf("%zu user%s of other orgs (not this site) left out.\n",
		    p->other_orgs, p->other_orgs == 1 ? "" : "s");
	for (size_t i = 0; i < p->nleft; i++) {
		const ro_plan_left *l = &p->left[i];
		printf("users.csv:%-5zu %s%s%s  left out: ", l->line, warn,
		    ro_status_code(l->code), off);
		out_cell(stdout, l->username, 0);
		fputs(": ", stdout);
		out_cell(stdout, l->reason, 0);
		putchar('\n');
	}
	if (!p->nmissing)
		return;
	printf("%zu active portfolio%s of the site %s not in the bundle (left "
	    "as %s):", p->nmissing, p->nmissing == 1 ? "" : "s",
	    p->nmissing == 1 ? "is" : "are", p->nmissing == 1 ? "it is" :
	    "they are");
	for (size_t i = 0; i < p->nmissing && i < SHOW_MISSING; i++) {
		fputs(i ? ", " : " ", stdout);
		out_cell(stdout, p->missing[i], 0);
	}
	if (p->nmissing > SHOW_MISSING)
		printf(", … (--format json lists all)");
	putchar('\n');
}

void cli_oneroster_json(const ro_plan *p)
{
	printf(",\n \"oneroster\": {\"version\": \"%d.%d\", \"other_orgs\": "
	    "%zu, \"left_out\": [", p->oneroster_version / 10,
	    p->oneroster_version % 10, p->other_orgs);
	for (size_t i = 0; i < p->nleft; i++) {
		const ro_plan_left *l = &p->left[i];
		char src[40];

		snprintf(src, sizeof src, "users.csv:%zu", l->line);
		fputs(i ? ", " : "", stdout);
		OUT_JSON_OBJECT(stdout, JSON_STR("source", src),
		    JSON_STR("username", l->username),
		    JSON_STR("code", ro_status_code(l->code)),
		    JSON_STR("message", l->reason));
	}
	fputs("], \"not_mentioned\": [", stdout);
	for (size_t i = 0; i < p->nmissing; i++) {
		fputs(i ? ", " : "", stdout);
		out_json_string(stdout, p->missing[i]);
	}
	fputs("]}", stdout);
}
