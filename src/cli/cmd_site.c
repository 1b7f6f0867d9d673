/* cmd_site.c — roster site add / site list (district accounts). */
#include "cli_int.h"

#include <roster/account.h>

static const cli_option list_options[] = {
	{ "format", CLI_REQ, "--format table|json   output format" },
	{ NULL, CLI_NONE, NULL },
};

static const cli_option add_options[] = {
	CLI_TEXT_FORMAT_OPTION,
	{ NULL, CLI_NONE, NULL },
};

static int add(cli_args *a, ro_session *s, int fmt, const void *ctx)
{
	int rc = ro_site_add(s, a->pos[0]);

	if (!rc && fmt == FMT_JSON) {
		OUT_JSON_OBJECT(stdout, JSON_STR("site", a->pos[0]));
		putchar('\n');
	} else if (!rc) {
		fputs("Added site ", stdout);
		out_cell(stdout, a->pos[0], 0);
		fputs(".\n", stdout);
	}
	return rc;
}

static int add_run(cli_args *a)
{
	return cli_session_run(a, "text,json", add, NULL);
}

static int list_run(cli_args *a)
{
	return cli_named_list_run(a, ro_site_list, "Site");
}

const cli_command cmd_site_add = {
	"site add", add_run, "site add NAME [--format text|json]",
	"add a site (district accounts)", add_options, 1, 1, true,
};

const cli_command cmd_site_list = {
	"site list", list_run, "site list [--format table|json]",
	"list the sites (district accounts)", list_options, 0, 0, true,
};
