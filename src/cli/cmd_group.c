/* cmd_group.c — roster group add / group list: groups of the site. */
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
	int rc = ro_group_add(s, a->pos[0]);
	if (!rc)
		printf("Added group %s to %s.\n", a->pos[0],
		    ro_session_site_name(s));
	ro_session_free(s);
	ro_db_close(db);
	return rc ? cli_engine_fail(rc) : 0;
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
	int rc = ro_group_list(&l, s);
	if (!rc)
		cli_print_named(l, fmt, "Group");
	ro_named_list_free(l);
	ro_session_free(s);
	ro_db_close(db);
	return rc ? cli_engine_fail(rc) : 0;
}

const cli_command cmd_group_add = {
	"group add", add_run, "group add NAME", "add a group to the site",
	NULL, 1, 1, true,
};

const cli_command cmd_group_list = {
	"group list", list_run, "group list [--format table|json]",
	"list the groups of the site", list_options, 0, 0, true,
};
