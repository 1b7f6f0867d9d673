/* cmd_account.c — roster account add: one portfolio. */
#include "cli_int.h"

#include <roster/account.h>
#include <roster/error.h>

#include <stdlib.h>
#include <string.h>

static const cli_option options[] = {
	{ "username", CLI_REQ, "--username U          the username (6+ characters)" },
	{ "first", CLI_REQ, "--first F             first name" },
	{ "last", CLI_REQ, "--last L              last name" },
	{ "type", CLI_REQ, "--type student|staff|admin" },
	{ "grad-year", CLI_REQ, "--grad-year Y         graduation year (students)" },
	{ "group", CLI_REQ, "--group G             a group of the site" },
	{ "email", CLI_REQ, "--email E             email address" },
	{ "sso", CLI_REQ, "--sso clever|classlink linked to Clever or ClassLink" },
	{ "sso-id", CLI_REQ, "--sso-id ID           the id at the SSO provider" },
	{ "new-password-file", CLI_REQ, "--new-password-file FILE  the account's password (else asked)" },
	CLI_TEXT_FORMAT_OPTION,
	{ NULL, CLI_NONE, NULL },
};

static int run(cli_args *a)
{
	ro_portfolio p;
	ro_db *db;
	ro_session *s;
	char *pw;
	int st, rc, type, fmt = cli_format(a, "text,json");

	memset(&p, 0, sizeof p);
	if (fmt < 0)
		return 2;
	if (!cli_opt(a, "username") || !cli_opt(a, "first") ||
	    !cli_opt(a, "last") || !cli_opt(a, "type"))
		return cli_fail(2, "account add needs --username, --first, "
		    "--last and --type");
	type = ro_account_type_from_name(cli_opt(a, "type"));
	if (type < 0 || type == RO_TYPE_DISTRICT)
		return cli_fail(2, "--type takes student, staff or admin");
	p.type = (ro_account_type)type;
	if (cli_opt(a, "grad-year")) {
		char *end;
		long y = strtol(cli_opt(a, "grad-year"), &end, 10);
		if (*end || y < 1990 || y > 2100)
			return cli_fail(2, "--grad-year takes a 4-digit year "
			    "between 1990 and 2100");
		p.grad_year = (int)y;
	}
	if (cli_opt(a, "sso")) {
		const char *v = cli_opt(a, "sso");
		if (strcmp(v, "clever") == 0)
			p.sso = RO_SSO_CLEVER;
		else if (strcmp(v, "classlink") == 0)
			p.sso = RO_SSO_CLASSLINK;
		else
			return cli_fail(2, "--sso takes clever or classlink");
	}
	if ((st = cli_open_session(a, &db, &s)))
		return st;
	p.username = strdup(cli_opt(a, "username"));
	p.first = strdup(cli_opt(a, "first"));
	p.last = strdup(cli_opt(a, "last"));
	p.group_name = cli_opt(a, "group") ? strdup(cli_opt(a, "group")) : NULL;
	p.email = cli_opt(a, "email") ? strdup(cli_opt(a, "email")) : NULL;
	p.sso_id = cli_opt(a, "sso-id") ? strdup(cli_opt(a, "sso-id")) : NULL;
	pw = cli_read_new_secret(cli_opt(a, "new-password-file"),
	    "Password for the new account: ");
	if (!pw) {
		st = 2;
		goto out;
	}
	rc = ro_account_add(s, &p, pw);
	cli_secret_free(pw);
	if (rc) {
		st = cli_engine_fail(rc);
	} else if (fmt == FMT_JSON) {
		OUT_JSON_OBJECT(stdout, JSON_STR("site",
		    ro_session_site_name(s)), JSON_INT("id", p.id),
		    JSON_STR("username", p.username));
		putchar('\n');
	} else {
		fputs("Added ", stdout);
		out_cell(stdout, p.username, 0);
		printf(" (portfolio %lld) to ", (long long)p.id);
		out_cell(stdout, ro_session_site_name(s), 0);
		fputs(".\n", stdout);
	}
out:
	ro_portfolio_clear(&p);
	ro_session_free(s);
	ro_db_close(db);
	return st;
}

const cli_command cmd_account_add = {
	"account add", run,
	"account add --username U --first F --last L --type "
	"student|staff|admin [--grad-year Y] [--group G] [--email E] "
	"[--sso clever|classlink] [--format text|json]",
	"add one portfolio to the site", options, 0, 0, true,
};
