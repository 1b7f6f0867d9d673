/* cmd_year_end.c — roster year-end --graduating YEAR [--groups FILE]
 * [--groups-up] --trial-run | --apply: the year-end turnover as one
 * batch. */
#include "cli_int.h"

#include <roster/error.h>
#include <roster/yearend.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const cli_option options[] = {
	{ "graduating", CLI_REQ, "--graduating YEAR    the graduating class: its active students are deactivated" },
	{ "groups", CLI_REQ, "--groups FILE        also move every other active student by this mapping: a CSV or XLSX file of two columns, From Group and To Group" },
	{ "groups-up", CLI_NONE, "--groups-up          also move every other active student up one group by the number in its name (Grade 9 -> Grade 10, Homeroom 7B -> Homeroom 8B); a group whose next name is no group stays; with --groups, the file decides for the groups it names" },
	{ "trial-run", CLI_NONE, "--trial-run          count what would change; writes nothing" },
	{ "apply", CLI_NONE, "--apply              do it, as one batch ('roster undo BATCH' reverses it)" },
	{ "confirm", CLI_REQ, "--confirm N          the count, for a batch held by the blast-radius rule" },
	CLI_TEXT_FORMAT_OPTION,
	{ NULL, CLI_NONE, NULL },
};

static void print_text(const ro_yearend *y, bool applied)
{
	printf("%s: class of %d: %zu student%s %s deactivated\n",
	    applied ? "Year-end turnover" : "Trial run of the year-end "
	    "turnover", y->grad_year, y->graduating, y->graduating == 1 ? "" :
	    "s", applied ? "were" : "would be");
	for (size_t i = 0; i < y->nmoves; i++) {
		const ro_yearend_move *m = &y->moves[i];
		printf("  ");
		out_cell(stdout, m->from, 0);
		fputs(" \u2192 ", stdout);
		out_cell(stdout, m->to ? m->to : "(no group)", 0);
		printf(": %zu student%s\n", m->count, m->count == 1 ? "" : "s");
	}
	for (size_t i = 0; i < y->nleft; i++) {
		const ro_yearend_left *l = &y->left[i];
		printf("  ");
		out_cell(stdout, l->group, 0);
		printf(": %zu student%s stay (no group ", l->count, l->count ==
		    1 ? "" : "s");
		out_cell(stdout, l->next, 0);
		printf(")\n");
	}
	printf("%zu portfolio%s in all, of %zu active in the site.\n",
	    y->changes, y->changes == 1 ? "" : "s", y->site_total);
	if (applied && y->batch_id)
		printf("Applied as batch %lld; roster undo %lld reverses it.\n",
		    (long long)y->batch_id, (long long)y->batch_id);
	else if (applied || !y->changes)
		printf("Nothing to change.\n");
	else if (y->hold)
		printf("This is more than %s: --apply needs --confirm %zu.\n",
		    y->changes > 1000 ? "1000 portfolios" : "half of the site",
		    y->changes);
}

static void print_json(const ro_yearend *y, bool applied)
{
	fputc('{', stdout);
	OUT_JSON_FIELDS(stdout, JSON_INT("graduating_class", y->grad_year),
	    JSON_BOOL("trial_run", !applied), JSON_BOOL("applied", applied),
	    JSON_INT("deactivated", (long long)y->graduating),
	    JSON_INT("moved", (long long)y->moved),
	    JSON_INT("changes", (long long)y->changes),
	    JSON_INT("site_total", (long long)y->site_total),
	    JSON_BOOL("hold", y->hold), JSON_ID("batch", y->batch_id));
	/* The moves, then the groups the rule leaves: two arrays, one
	 * walk. */
	fputs(", \"moves\": [", stdout);
	for (size_t i = 0; i < y->nmoves + y->nleft; i++) {
		const ro_yearend_move *m = i < y->nmoves ? &y->moves[i] : NULL;
		const ro_yearend_left *l = m ? NULL : &y->left[i - y->nmoves];

		fputs(i == y->nmoves ? "], \"left\": [" : i ? ", " : "", stdout);
		OUT_JSON_OBJECT(stdout, JSON_STR(m ? "from" : "group",
		    m ? m->from : l->group), JSON_STR(m ? "to" : "next", m ?
		    m->to : l->next), JSON_INT("count", (long long)(m ?
		    m->count : l->count)));
	}
	fputs(y->nleft ? "]}\n" : "], \"left\": []}\n", stdout);
}

static int run(cli_args *a)
{
	int fmt = cli_format(a, "text,json");
	bool trial = cli_flag(a, "trial-run"), apply = cli_flag(a, "apply");
	const char *ys = cli_opt(a, "graduating");
	ro_yearend_opts o = { 0 };
	ro_yearend *y = NULL;
	ro_db *db = NULL;
	ro_session *s = NULL;
	char *end;
	int st, rc;

	if (fmt < 0)
		return 2;
	if (trial == apply)
		return cli_fail(2, "give --trial-run or --apply");
	if (!ys)
		return cli_fail(2, "which class graduates? --graduating YEAR");
	errno = 0;
	o.grad_year = (int)strtol(ys, &end, 10);
	if (end == ys || *end || errno)
		return cli_fail(2, "--graduating takes a year, e.g. 2027");
	o.map_path = cli_opt(a, "groups");
	o.groups_up = cli_flag(a, "groups-up");
	o.apply = apply;
	if ((o.confirm = cli_confirm(a)) == -2)
		return 2;
	if (trial && o.confirm >= 0)
		return cli_fail(2, "--confirm goes with --apply");
	if ((st = cli_open_session(a, &db, &s)))
		return st;
	rc = ro_yearend_run(&y, s, &o);
	if (y && (!rc || rc == RO_EHOLD)) {
		if (fmt == FMT_JSON) {
			print_json(y, apply && !rc);
			cli_json_printed();
		} else {
			print_text(y, apply && !rc);
		}
	}
	st = rc ? cli_engine_fail(rc) : 0;
	ro_yearend_free(y);
	ro_session_free(s);
	ro_db_close(db);
	return st;
}

const cli_command cmd_year_end = {
	"year-end", run,
	"year-end --graduating YEAR [--groups FILE] [--groups-up] --trial-run "
	"| --apply "
	"[--confirm N] [--format text|json]",
	"the year-end turnover: deactivate the graduating class, move the "
	"others' groups, as one batch", options, 0, 0, true,
};
