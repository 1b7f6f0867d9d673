/* cmd_init.c — roster init: a new database and its first district admin. */
#include "cli_int.h"

#include <roster/account.h>
#include <roster/error.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cli_option options[] = {
	{ "admin", CLI_REQ, "--admin USERNAME     the first district admin" },
	{ "demo", CLI_OPT, "--demo[=N]           also a demo site with N portfolios (600)" },
	CLI_TEXT_FORMAT_OPTION,
	{ NULL, CLI_NONE, NULL },
};

static void json_head(const char *path, const char *admin)
{
	fputc('{', stdout);
	OUT_JSON_FIELDS(stdout, JSON_STR("database", path),
	    JSON_STR("admin", admin));
}

/* ROSTER_TEST_HASH_COST=M,T,P: the hashing cost of a new database for
 * the test suites and benchmarks only (cheaper than `roster settings`
 * allows).  Read here, when a database is made, and nowhere else: no
 * command can lower the cost of an existing database. */
static int test_cost(ro_hash_params *hp)
{
	const char *e = getenv("ROSTER_TEST_HASH_COST");
	unsigned m, t, p;
	char end;

	if (!e || !*e)
		return 0;
	if (sscanf(e, "%u,%u,%u%c", &m, &t, &p, &end) != 3)
		return cli_fail(2, "ROSTER_TEST_HASH_COST takes M,T,P "
		    "(e.g. 64,1,1)");
	*hp = (ro_hash_params){ .m_kib = m, .t = t, .p = p };
	fprintf(stderr, "roster: warning: ROSTER_TEST_HASH_COST: this "
	    "database hashes passwords at a test cost (m=%u KiB, t=%u, "
	    "p=%u); never use it for real accounts\n", m, t, p);
	return 0;
}

static int run(cli_args *a)
{
	const char *path = a->db ? a->db : ro_db_default_path();
	const char *admin = cli_opt(a, "admin");
	ro_hash_params hp = ro_hash_params_default();
	size_t n = 600;
	char *pw;
	int rc, fmt = cli_format(a, "text,json");

	if (fmt < 0)
		return 2;
	if (!admin)
		return cli_fail(2, "init needs --admin USERNAME");
	if ((rc = test_cost(&hp)))
		return rc;
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
	if (fmt != FMT_JSON) {
		fputs("Created ", stdout);
		out_cell(stdout, path, 0);
		fputs(" with district admin ", stdout);
		out_cell(stdout, admin, 0);
		fputs(".\n", stdout);
	}
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
		if (fmt == FMT_JSON) {
			json_head(path, admin);
			fputs(",\n \"demo\": {", stdout);
			OUT_JSON_FIELDS(stdout, JSON_STR("site",
			    "Demo High School"),
			    JSON_INT("portfolios", (long long)n));
			fputs(", \"signins\": [", stdout);
			for (size_t i = 0; i < nsi; i++) {
				fputs(i ? ",\n  " : "\n  ", stdout);
				OUT_JSON_OBJECT(stdout, JSON_STR("username",
				    si[i].username), JSON_STR("password",
				    si[i].password), JSON_STR("role",
				    si[i].role));
			}
			fputs("]}}\n", stdout);
			return 0;
		}
		printf("Demo site \"Demo High School\" with %zu portfolios.\n"
		    "Demo sign-ins:\n", n);
		for (size_t i = 0; i < nsi; i++)
			printf("  %-14s %-14s %s\n", si[i].username,
			    si[i].password, si[i].role);
	} else if (fmt == FMT_JSON) {
		json_head(path, admin);
		fputs(", \"demo\": null}\n", stdout);
	}
	return 0;
}

const cli_command cmd_init = {
	"init", run, "init --admin USERNAME [--demo[=N]] [--format text|json]",
	"create the database and its first district admin",
	options, 0, 0, false,
};
