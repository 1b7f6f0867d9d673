/* cmd_batches.c — roster batches and roster undo BATCH: the batches of the
 * site (resets, tasks, uploads, undos) and the undo of one. */
#include "cli_int.h"

#include <roster/batch.h>
#include <roster/error.h>

#include <errno.h>
#include <stdlib.h>

static const cli_option list_options[] = {
	{ "format", CLI_REQ, "--format table|json  output format" },
	{ NULL, CLI_NONE, NULL },
};

static void print_table(const ro_batch_list *l)
{
	printf("%-6s %-20s %-14s %-16s %6s  %s\n", "Batch", "When", "Who",
	    "Kind", "Count", "Detail");
	for (size_t i = 0; i < l->n; i++) {
		const ro_batch *b = &l->items[i];
		printf("%-6lld ", (long long)b->id);
		out_cell(stdout, b->when, 20);
		putchar(' ');
		out_cell(stdout, b->who, 14);
		putchar(' ');
		out_cell(stdout, b->kind, 16);
		printf(" %6zu  ", b->count);
		out_cell(stdout, b->detail, 0);
		if (b->undone_by)
			printf(" [undone by %lld]", (long long)b->undone_by);
		putchar('\n');
	}
}

static void json_batch(FILE *f, const void *item)
{
	const ro_batch *b = item;

	OUT_JSON_OBJECT(f, JSON_INT("id", b->id), JSON_STR("when", b->when),
	    JSON_STR("who", b->who), JSON_STR("kind", b->kind),
	    JSON_STR("detail", b->detail),
	    JSON_INT("count", (long long)b->count),
	    JSON_ID("undone_by", b->undone_by), JSON_ID("undo_of", b->undo_of));
}

static void print_json(const ro_batch_list *l, const char *site)
{
	out_json_site_items(stdout, site, "batches", l->items, l->n,
	    sizeof l->items[0], json_batch);
	printf("}\n");
}

static int show(cli_args *a, ro_session *s, int fmt, const void *ctx)
{
	ro_batch_list *l = NULL;
	int rc = ro_batch_list_get(&l, s);

	if (!rc && fmt == FMT_JSON)
		print_json(l, ro_session_site_name(s));
	else if (!rc)
		print_table(l);
	ro_batch_list_free(l);
	return rc;
}

static int run_list(cli_args *a)
{
	return cli_session_run(a, "table,json", show, NULL);
}

static const cli_option undo_options[] = {
	CLI_TEXT_FORMAT_OPTION,
	{ NULL, CLI_NONE, NULL },
};

static int run_undo(cli_args *a)
{
	ro_db *db;
	ro_session *s;
	int64_t undo = 0;
	long long id;
	char *end;
	int st, rc, fmt = cli_format(a, "text,json");

	if (fmt < 0)
		return 2;
	errno = 0;
	id = strtoll(a->pos[0], &end, 10);
	if (*end || end == a->pos[0] || id <= 0 || errno)
		return cli_fail(2, "undo takes a batch number (see roster "
		    "batches)");
	if ((st = cli_open_session(a, &db, &s)))
		return st;
	if ((rc = ro_batch_undo(&undo, s, id))) {
		st = cli_engine_fail(rc);
	} else if (fmt == FMT_JSON) {
		OUT_JSON_OBJECT(stdout, JSON_STR("site",
		    ro_session_site_name(s)), JSON_INT("batch", undo),
		    JSON_INT("undid", id));
		putchar('\n');
	} else {
		printf("batch %lld: undid batch %lld\n", (long long)undo, id);
	}
	ro_session_free(s);
	ro_db_close(db);
	return st;
}

const cli_command cmd_batches = {
	"batches", run_list, "batches [--format table|json]",
	"list the batches of the site (resets, tasks, uploads), newest first",
	list_options, 0, 0, true,
};
const cli_command cmd_undo = {
	"undo", run_undo, "undo BATCH [--format text|json]",
	"restore what a batch changed, unless changed again since",
	undo_options, 1, 1, true,
};
