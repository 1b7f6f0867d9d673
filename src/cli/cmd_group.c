/* cmd_group.c — roster group add / group list: groups of the site. */
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
	int rc = ro_group_add(s, a->pos[0]);

	if (!rc && fmt == FMT_JSON) {
		OUT_JSON_OBJECT(stdout, JSON_STR("site",
		    ro_session_site_name(s)), JSON_STR("group", a->pos[0]));
		putchar('\n');
	} else if (!rc) {
		fputs("Added group ", stdout);
		out_cell(stdout, a->pos[0], 0);
		fputs(" to ", stdout);
		out_cell(stdout, ro_session_site_name(s), 0);
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
	return cli_named_list_run(a, ro_group_list, "Group");
}

const cli_command cmd_group_add = {
	"group add", add_run, "group add NAME [--format text|json]",
	"add a group to the site", add_options, 1, 1, true,
};

const cli_command cmd_group_list = {
	"group list", list_run, "group list [--format table|json]",
	"list the groups of the site", list_options, 0, 0, true,
};
