/* cmd_site.c — roster site add / site list (district accounts). */
#include "cli_int.h"

#include <roster/account.h>
#include <roster/error.h>

static const cli_option list_options[] = {
	{ "format", CLI_REQ, "--format table|json   output format" },
	{ NULL, CLI_NONE, NULL },
};

static int add_run(cli_args *a)
{
	ro_db *db;
	ro_session *s;
	int st = cli_open_session(a, &db, &s);

	if (st)
		return st;
	int rc = ro_site_add(s, a->pos[0]);
	if (!rc)
		printf("Added site %s.\n", a->pos[0]);
	ro_session_free(s);
	ro_db_close(db);
	return rc ? cli_engine_fail(rc) : 0;
}

/* Shared by site list and group list: the name and portfolio count. */
int cli_print_named(const ro_named_list *l, int fmt, const char *what)
{
	if (fmt == FMT_JSON) {
		printf("[");
		for (size_t i = 0; i < l->n; i++) {
			const ro_named *n = &l->items[i];
			fputs(i ? ", " : "", stdout);
			OUT_JSON_OBJECT(stdout, JSON_INT("id", n->id),
			    JSON_STR("name", n->name),
			    JSON_INT("portfolios", (long long)n->count));
		}
		printf("]\n");
		return 0;
	}
	printf("%-6s  %-32s  %s\n", "ID", what, "Portfolios");
	for (size_t i = 0; i < l->n; i++) {
		printf("%-6lld  ", (long long)l->items[i].id);
		out_cell(stdout, l->items[i].name, 32);
		printf("  %zu\n", l->items[i].count);
	}
	return 0;
}

static int list_run(cli_args *a)
{
	int fmt = cli_format(a, "table,json");
	ro_named_list *l;
	ro_db *db;
	ro_session *s;
	int st;

	if (fmt < 0)
		return 2;
	if ((st = cli_open_session(a, &db, &s)))
		return st;
	int rc = ro_site_list(&l, s);
	if (!rc)
		cli_print_named(l, fmt, "Site");
	ro_named_list_free(l);
	ro_session_free(s);
	ro_db_close(db);
	return rc ? cli_engine_fail(rc) : 0;
}

const cli_command cmd_site_add = {
	"site add", add_run, "site add NAME", "add a site (district accounts)",
	NULL, 1, 1, true,
};

const cli_command cmd_site_list = {
	"site list", list_run, "site list [--format table|json]",
	"list the sites (district accounts)", list_options, 0, 0, true,
};
