/* cmd_audit.c — roster audit [--since DATE] [--find TEXT] [--limit N
 * [--after CURSOR]]: the site's audit log, oldest first, in keyset pages
 * (as roster list pages).  Passwords show only as "changed"; no hash is
 * ever stored in it. */
#include "cli_int.h"

#include <roster/batch.h>
#include <roster/error.h>

#include <stdlib.h>

static const cli_option options[] = {
	{ "since", CLI_REQ, "--since YYYY-MM-DD   entries from that day on (UTC)" },
	{ "find", CLI_REQ, "--find TEXT          entries whose username, who, last or first name begins with TEXT, or whose date begins with it" },
	{ "format", CLI_REQ, "--format table|csv|json  output format" },
	CLI_PAGE_OPTIONS,
	{ NULL, CLI_NONE, NULL },
};

static void row_table(const ro_audit_entry *e)
{
	char batch[24] = "";

	if (e->batch_id)
		snprintf(batch, sizeof batch, "%lld", (long long)e->batch_id);
	out_cell(stdout, e->when, 20);
	putchar(' ');
	out_cell(stdout, e->who, 14);
	printf(" %-6s ", batch);
	out_cell(stdout, e->username, 18);
	putchar(' ');
	out_cell(stdout, e->action, 16);
	putchar(' ');
	out_cell(stdout, e->field, 18);
	putchar(' ');
	if (e->old_value || e->new_value) {
		out_cell(stdout, e->old_value ? e->old_value : "-", 0);
		fputs(" -> ", stdout);
		out_cell(stdout, e->new_value ? e->new_value : "-", 0);
	}
	putchar('\n');
}

static void row_csv(const ro_audit_entry *e)
{
	printf("%lld,", (long long)e->id);
	out_csv_cell(stdout, e->when);
	putchar(',');
	out_csv_cell(stdout, e->who);
	if (e->batch_id)
		printf(",%lld,", (long long)e->batch_id);
	else
		fputs(",,", stdout);
	if (e->portfolio_id)
		printf("%lld,", (long long)e->portfolio_id);
	else
		putchar(',');
	out_csv_cell(stdout, e->username);
	putchar(',');
	out_csv_cell(stdout, e->action);
	putchar(',');
	out_csv_cell(stdout, e->field);
	putchar(',');
	out_csv_cell(stdout, e->old_value);
	putchar(',');
	out_csv_cell(stdout, e->new_value);
	fputs("\r\n", stdout);
}

static void row_json(const ro_audit_entry *e, bool first)
{
	fputs(first ? "\n  " : ",\n  ", stdout);
	OUT_JSON_OBJECT(stdout, JSON_INT("id", e->id), JSON_STR("when", e->when),
	    JSON_STR("who", e->who), JSON_ID("batch", e->batch_id),
	    JSON_ID("portfolio_id", e->portfolio_id),
	    JSON_STR("username", e->username), JSON_STR("action", e->action),
	    JSON_STR("field", e->field), JSON_STR("old", e->old_value),
	    JSON_STR("new", e->new_value));
}

static void row(int fmt, const ro_audit_entry *e, bool first)
{
	switch (fmt) {
	case FMT_TABLE:
		row_table(e);
		break;
	case FMT_CSV:
		row_csv(e);
		break;
	default:
		row_json(e, first);
	}
}

/* Without --limit every entry is printed, a page at a time, so that
 * memory stays flat however long the log. */
static void head(ro_session *s, int fmt)
{
	if (fmt == FMT_TABLE)
		printf("%-20s %-14s %-6s %-18s %-16s %-18s %s\n", "When", "Who",
		    "Batch", "Username", "Action", "Field", "Old -> New");
	else if (fmt == FMT_CSV)
		printf("ID,When,Who,Batch,Portfolio ID,Username,Action,Field,"
		    "Old,New\r\n");
	else
		out_json_site_list(stdout, ro_session_site_name(s), "entries");
}

typedef struct page_opts {
	size_t limit;
	int64_t after;
} page_opts;

static int show(cli_args *a, ro_session *s, int fmt, const void *ctx)
{
	const page_opts *o = ctx;
	ro_audit_query q = { .since = cli_opt(a, "since"),
	    .find = cli_opt(a, "find"), .after = o->after };
	size_t limit = o->limit, printed = 0;
	bool more = false, started = false;
	int rc;

	for (;;) {
		size_t want = limit ? limit - printed : 1000;
		ro_audit_list *l = NULL;

		if (want > 1000)
			want = 1000;
		if ((rc = ro_audit_page(&l, s, &q, want)))
			return rc;
		/* Nothing is printed before the first page came. */
		if (!started)
			head(s, fmt);
		started = true;
		for (size_t i = 0; i < l->n; i++, printed++)
			row(fmt, &l->items[i], printed == 0);
		if (l->n)
			q.after = l->items[l->n - 1].id;
		more = l->more;
		ro_audit_list_free(l);
		if (!more || (limit && printed >= limit))
			break;
	}
	if (fmt == FMT_JSON) {
		printf("],\n \"count\": %zu, \"next\": ", printed);
		if (more)
			printf("\"%lld\"}\n", (long long)q.after);
		else
			printf("null}\n");
	} else if (more) {
		fprintf(stderr, "next: --after %lld\n", (long long)q.after);
	}
	return 0;
}

static int run(cli_args *a)
{
	page_opts o;
	int st = cli_page_options(a, &o.limit, &o.after);

	return st ? st : cli_session_run(a, "table,csv,json", show, &o);
}

const cli_command cmd_audit = {
	"audit", run, "audit [--since YYYY-MM-DD] [--find TEXT] "
	"[--format table|csv|json] [--limit N [--after CURSOR]]",
	"the audit log of the site: who changed what, when, in which batch",
	options, 0, 0, true,
};
