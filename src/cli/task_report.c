/* task_report.c — what the task commands share: --confirm N and the list
 * of skipped portfolios, as lines or as the head of the JSON object. */
#include "cli_int.h"

#include <roster/hold.h>
#include <roster/status.h>
#include <roster/task.h>


long cli_confirm(const cli_args *a)
{
	const char *v = cli_opt(a, "confirm");
	long n;

	if (!v)
		return -1;
	if (ro_confirm_parse(v, &n)) {
		cli_fail(2, "--confirm takes the number of portfolios the "
		    "batch changes, e.g. --confirm 612");
		return -2;
	}
	return n;
}

void cli_print_skips(const ro_task_result *r)
{
	for (size_t i = 0; i < r->nskips; i++) {
		const ro_task_skip *s = &r->skips[i];
		const char *code = ro_status_code(s->code);

		printf("  skipped %lld ", (long long)s->id);
		out_cell(stdout, s->username, 0);
		printf(": %s%s", code, *code ? " " : "");
		out_cell(stdout, s->reason ? s->reason : "", 0);
		putchar('\n');
	}
}

void cli_json_task(const ro_task_result *r, const char *site,
    const char *task)
{
	fputc('{', stdout);
	OUT_JSON_FIELDS(stdout, JSON_STR("site", site),
	    JSON_STR("task", task), JSON_ID("batch", r->batch_id),
	    JSON_INT("selected", (long long)r->selected),
	    JSON_INT("changed", (long long)r->changed),
	    JSON_INT("unchanged", (long long)r->unchanged));
	fputs(",\n \"skipped\": [", stdout);
	for (size_t i = 0; i < r->nskips; i++) {
		const ro_task_skip *s = &r->skips[i];
		const char *code = ro_status_code(s->code);
		fputs(i ? ",\n  " : "\n  ", stdout);
		OUT_JSON_OBJECT(stdout, JSON_INT("id", s->id),
		    JSON_STR("username", s->username),
		    JSON_STR("code", *code ? code : NULL),
		    JSON_STR("reason", s->reason));
	}
	fputc(']', stdout);
}
