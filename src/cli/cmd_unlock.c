/* cmd_unlock.c — roster unlock USERNAME: clears a portfolio's sign-in
 * delay (site admins in their site, district accounts anyone). */
#include "cli_int.h"

#include <roster/account.h>

static int unlock(cli_args *a, ro_session *s, int fmt, const void *ctx)
{
	bool was = false;
	int rc = ro_account_unlock(s, a->pos[0], &was);

	if (!rc) {
		fputs(was ? "Unlocked " : "Nothing to unlock: ", stdout);
		out_cell(stdout, a->pos[0], 0);
		fputs(was ? "; it can sign in again.\n" :
		    " has no failed sign-ins.\n", stdout);
	}
	return rc;
}

static int run(cli_args *a)
{
	return cli_session_run(a, NULL, unlock, NULL);
}

const cli_command cmd_unlock = {
	"unlock", run, "unlock USERNAME",
	"clear an account's sign-in delay (site admins, district accounts)",
	NULL, 1, 1, true,
};
