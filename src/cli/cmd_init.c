/* cmd_init.c — roster init: a new database and its first district admin. */
#include "cli_int.h"

#include <roster/account.h>
#include <roster/error.h>

#include <stdlib.h>
#include <string.h>

static const cli_option options[] = {
	{ "admin", CLI_REQ, "--admin USERNAME     the first district admin" },
	{ "demo", CLI_OPT, "--demo[=N]           also a demo site with N portfolios (600)" },
	{ NULL, CLI_NONE, NULL },
};

static int run(cli_args *a)
{
	const char *path = a->db ? a->db : ro_db_default_path();
	const char *admin = cli_opt(a, "admin");
	ro_hash_params hp = ro_hash_params_default();
	size_t n = 600;
	char *pw;
	int rc;

	if (!admin)
		return cli_fail(2, "init needs --admin USERNAME");
	if (cli_flag(a, "demo") && cli_opt(a, "demo")) {
		char *end;
		long v = strtol(cli_opt(a, "demo"), &end, 10);
		if (*end || v < 0 || v > 10000000)
			return cli_fail(2, "--demo=N takes a number of "
			    "portfolios up to 10000000");
		n = (size_t)v;
	}
	if (!(pw = cli_read_new_secret(a->password_file,
	    "Password for the district admin: ")))
		return 2;
	rc = ro_init(path, admin, pw, &hp);
	cli_secret_free(pw);
	if (rc)
		return cli_engine_fail(rc);
	fputs("Created ", stdout);
	out_cell(stdout, path, 0);
	fputs(" with district admin ", stdout);
	out_cell(stdout, admin, 0);
	fputs(".\n", stdout);
	if (cli_flag(a, "demo")) {
		const ro_demo_signin *si;
		size_t nsi;
		ro_db *db;
		if ((rc = ro_db_open(&db, path)))
			return cli_engine_fail(rc);
		rc = ro_demo_create(db, n, &si, &nsi);
		ro_db_close(db);
		if (rc)
			return cli_engine_fail(rc);
		printf("Demo site \"Demo High School\" with %zu portfolios.\n"
		    "Demo sign-ins:\n", n);
		for (size_t i = 0; i < nsi; i++)
			printf("  %-14s %-14s %s\n", si[i].username,
			    si[i].password, si[i].role);
	}
	return 0;
}

const cli_command cmd_init = {
	"init", run, "init --admin USERNAME [--demo[=N]]",
	"create the database and its first district admin",
	options, 0, 0, false,
};
