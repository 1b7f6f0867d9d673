/* cmd_tasks.c — the portfolio tasks other than resets and export:
 * move-group, set-grad-year, deactivate and reactivate.  One runner; the
 * table entries differ in the task and its option. */
#include "cli_int.h"

#include <roster/error.h>
#include <roster/rules.h>
#include <roster/task.h>
#include <roster/text.h>

#include <stdlib.h>
#include <string.h>

static const cli_option move_options[] = {
	CLI_SELECTION_OPTIONS,
	CLI_TEXT_FORMAT_OPTION,
	{ "to", CLI_REQ, "--to GROUP           the group to move them to" },
	{ NULL, CLI_NONE, NULL },
};
static const cli_option year_options[] = {
	CLI_SELECTION_OPTIONS,
	CLI_TEXT_FORMAT_OPTION,
	{ "year", CLI_REQ, "--year YYYY          the new graduation year" },
	{ NULL, CLI_NONE, NULL },
};
static const cli_option plain_options[] = {
	CLI_SELECTION_OPTIONS,
	CLI_TEXT_FORMAT_OPTION,
	{ NULL, CLI_NONE, NULL },
};
static const cli_option deactivate_options[] = {
	CLI_SELECTION_OPTIONS,
	CLI_TEXT_FORMAT_OPTION,
	{ "confirm", CLI_REQ, "--confirm N          the count, for a batch held by the blast-radius rule" },
	{ NULL, CLI_NONE, NULL },
};

static void print_result(const ro_task_result *r, const ro_task_opts *o)
{
	char what[160];
	const char *same = "already so";

	switch (o->kind) {
	case RO_TASK_MOVE_GROUP: {
		char *g = ro_text_sanitize(o->group);
		snprintf(what, sizeof what, "moved to %s", g ? g : "");
		free(g);
		same = "already there";
		break;
	}
	case RO_TASK_SET_GRAD_YEAR:
		snprintf(what, sizeof what, "given graduation year %d",
		    o->year);
		same = "already in that year";
		break;
	case RO_TASK_DEACTIVATE:
		snprintf(what, sizeof what, "deactivated");
		same = "already inactive";
		break;
	default:
		snprintf(what, sizeof what, "reactivated");
		same = "already active";
		break;
	}
	if (r->batch_id)
		printf("batch %lld: %zu portfolio%s %s", (long long)r->batch_id,
		    r->changed, r->changed == 1 ? "" : "s", what);
	else
		printf("nothing changed: %zu selected", r->selected);
	if (r->unchanged)
		printf(", %zu %s", r->unchanged, same);
	printf(", %zu skipped\n", r->nskips);
	cli_print_skips(r);
}

static void print_json(const ro_task_result *r, const ro_task_opts *o,
    const char *site, const char *task)
{
	cli_json_task(r, site, task);
	if (o->kind == RO_TASK_MOVE_GROUP) {
		fputs(", ", stdout);
		OUT_JSON_FIELDS(stdout, JSON_STR("group", o->group));
	} else if (o->kind == RO_TASK_SET_GRAD_YEAR) {
		fputs(", ", stdout);
		OUT_JSON_FIELDS(stdout, JSON_INT("year", o->year));
	}
	fputs("}\n", stdout);
}

static int run_task(cli_args *a, ro_task_kind kind)
{
	ro_task_opts o = { .kind = kind, .confirm = -1 };
	ro_task_result *r = NULL;
	ro_selection sel;
	int64_t *ids = NULL;
	ro_db *db = NULL;
	ro_session *s = NULL;
	int st, rc = 0, fmt = cli_format(a, "text,json");

	if (fmt < 0)
		return 2;
	if (kind == RO_TASK_MOVE_GROUP && !(o.group = cli_opt(a, "to")))
		return cli_fail(2, "move-group needs --to GROUP");
	if (kind == RO_TASK_SET_GRAD_YEAR) {
		const char *y = cli_opt(a, "year");
		if (!y)
			return cli_fail(2, "set-grad-year needs --year YYYY");
		if (ro_rules_grad_year(&o.year, y) != RO_ST_NONE)
			return cli_fail(2, "--year takes a 4-digit year between "
			    "%d and %d", RO_GRAD_YEAR_MIN, RO_GRAD_YEAR_MAX);
	}
	if (kind == RO_TASK_DEACTIVATE && (o.confirm = cli_confirm(a)) == -2)
		return 2;
	if ((st = cli_selection(a, &sel, &ids)))
		return st;
	if ((st = cli_open_session(a, &db, &s)))
		goto out;
	if ((rc = ro_task_run(&r, s, &sel, &o)))
		goto out;
	if (fmt == FMT_JSON)
		print_json(r, &o, ro_session_site_name(s), a->cmd->name);
	else
		print_result(r, &o);
out:
	if (rc)
		st = cli_engine_fail(rc);
	ro_task_result_free(r);
	free(ids);
	ro_session_free(s);
	ro_db_close(db);
	return st;
}

static int run_move(cli_args *a) { return run_task(a, RO_TASK_MOVE_GROUP); }
static int run_year(cli_args *a) { return run_task(a, RO_TASK_SET_GRAD_YEAR); }
static int run_deactivate(cli_args *a) { return run_task(a, RO_TASK_DEACTIVATE); }
static int run_reactivate(cli_args *a) { return run_task(a, RO_TASK_REACTIVATE); }

#define SELECTION_USAGE "--last-name PREFIX|--group NAME|--grad-year YEAR|" \
	"--all [--inactive] [--only IDS] [--format text|json]"

const cli_command cmd_move_group = {
	"move-group", run_move, "move-group " SELECTION_USAGE " --to GROUP",
	"move the selected portfolios to a group", move_options, 0, 0, true,
};
const cli_command cmd_set_grad_year = {
	"set-grad-year", run_year, "set-grad-year " SELECTION_USAGE
	" --year YYYY", "change the graduation year of the selected students",
	year_options, 0, 0, true,
};
const cli_command cmd_deactivate = {
	"deactivate", run_deactivate, "deactivate " SELECTION_USAGE
	" [--confirm N]", "deactivate the selected portfolios",
	deactivate_options, 0, 0, true,
};
const cli_command cmd_reactivate = {
	"reactivate", run_reactivate, "reactivate " SELECTION_USAGE,
	"reactivate inactive portfolios (--inactive is implied)",
	plain_options, 0, 0, true,
};
