/* cmd_audit.c — roster audit [--since DATE]: the site's audit log, oldest
 * first.  Passwords show only as "changed"; no hash is ever stored in it. */
#include "cli_int.h"

#include <roster/batch.h>
#include <roster/error.h>

#include <stdlib.h>

static const cli_option options[] = {
	{ "since", CLI_REQ, "--since YYYY-MM-DD   entries from that day on (UTC)" },
	{ "format", CLI_REQ, "--format table|json  output format" },
	{ NULL, CLI_NONE, NULL },
};

static void print_table(const ro_audit_list *l)
{
	printf("%-20s %-14s %-6s %-18s %-16s %-18s %s\n", "When", "Who",
	    "Batch", "Username", "Action", "Field", "Old -> New");
	for (size_t i = 0; i < l->n; i++) {
		const ro_audit_entry *e = &l->items[i];
		char batch[24] = "";
		if (e->batch_id)
			snprintf(batch, sizeof batch, "%lld",
			    (long long)e->batch_id);
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
}

static void json_entry(FILE *f, const void *item)
{
	const ro_audit_entry *e = item;

	OUT_JSON_OBJECT(f, JSON_INT("id", e->id), JSON_STR("when", e->when),
	    JSON_STR("who", e->who), JSON_ID("batch", e->batch_id),
	    JSON_ID("portfolio_id", e->portfolio_id),
	    JSON_STR("username", e->username), JSON_STR("action", e->action),
	    JSON_STR("field", e->field), JSON_STR("old", e->old_value),
	    JSON_STR("new", e->new_value));
}

static void print_json(const ro_audit_list *l, const char *site)
{
	out_json_site_items(stdout, site, "entries", l->items, l->n,
	    sizeof l->items[0], json_entry);
	printf(",\n \"count\": %zu}\n", l->n);
}

static int show(cli_args *a, ro_session *s, int fmt, const void *ctx)
{
	ro_audit_list *l = NULL;
	int rc = ro_audit_list_get(&l, s, cli_opt(a, "since"));

	if (!rc && fmt == FMT_JSON)
		print_json(l, ro_session_site_name(s));
	else if (!rc)
		print_table(l);
	ro_audit_list_free(l);
	return rc;
}

static int run(cli_args *a)
{
	return cli_session_run(a, "table,json", show, NULL);
}

const cli_command cmd_audit = {
	"audit", run, "audit [--since YYYY-MM-DD] [--format table|json]",
	"the audit log of the site: who changed what, when, in which batch",
	options, 0, 0, true,
};
