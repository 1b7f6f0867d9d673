/* cmd_unlock.c — roster unlock USERNAME | SELECTION: clears the sign-in
 * delay of a portfolio, or of every one of a selection that has failed
 * sign-ins (site admins in their site, district accounts anyone). */
#include "cli_int.h"

#include <roster/account.h>

#include <stdlib.h>

static const cli_option options[] = {
	CLI_SELECTION_OPTIONS,
	{ NULL, CLI_NONE, NULL },
};

static int unlock(cli_args *a, ro_session *s, int fmt, const void *ctx)
{
	const ro_selection *sel = ctx;
	bool was = false;
	size_t n = 0;
	int rc;

	if (sel) {
		if (!(rc = ro_account_unlock_selection(s, sel, &n)))
			printf("Unlocked %zu portfolio%s.\n", n,
			    n == 1 ? "" : "s");
		return rc;
	}
	if (!(rc = ro_account_unlock(s, a->pos[0], &was))) {
		fputs(was ? "Unlocked " : "Nothing to unlock: ", stdout);
		out_cell(stdout, a->pos[0], 0);
		fputs(was ? "; it can sign in again.\n" :
		    " has no failed sign-ins.\n", stdout);
	}
	return rc;
}

static int run(cli_args *a)
{
	ro_selection sel;
	int64_t *ids = NULL;
	int st;

	if (a->npos == 1) {
		if (cli_flag(a, "last-name") || cli_flag(a, "group") ||
		    cli_flag(a, "grad-year") || cli_flag(a, "all") ||
		    cli_flag(a, "only") || cli_flag(a, "inactive"))
			return cli_fail(2, "unlock takes a USERNAME or a "
			    "search mode, not both");
		return cli_session_run(a, NULL, unlock, NULL);
	}
	if ((st = cli_selection(a, &sel, &ids)))
		return st;
	st = cli_session_run(a, NULL, unlock, &sel);
	free(ids);
	return st;
}

const cli_command cmd_unlock = {
	"unlock", run, "unlock USERNAME | SELECTION",
	"clear the sign-in delay of an account, or of a selection's "
	"(site admins, district accounts)", options, 0, 1, true,
};
