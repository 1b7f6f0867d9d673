/* cmd_group.c — roster group add / group list: groups of the site. */
#include "cli_int.h"

#include <roster/account.h>


static const cli_option list_options[] = {
	{ "format", CLI_REQ, "--format table|json   output format" },
	{ NULL, CLI_NONE, NULL },
};

static int add(cli_args *a, ro_session *s, int fmt, const void *ctx)
{
	int rc = ro_group_add(s, a->pos[0]);

	if (!rc) {
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
	return cli_session_run(a, NULL, add, NULL);
}

static int list_run(cli_args *a)
{
	return cli_named_list_run(a, ro_group_list, "Group");
}

const cli_command cmd_group_add = {
	"group add", add_run, "group add NAME", "add a group to the site",
	NULL, 1, 1, true,
};

const cli_command cmd_group_list = {
	"group list", list_run, "group list [--format table|json]",
	"list the groups of the site", list_options, 0, 0, true,
};
