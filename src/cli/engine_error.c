/* engine_error.c — what the command line makes of an engine error: SPEC's
 * exit status for its code, and the next step the engine states as a
 * fact (RO_NEXT_…) phrased as a command or an option to give. */
#include "cli_int.h"

#include <roster/error.h>

#include <stdio.h>
#include <stdlib.h>

static const struct {
	int code;
	int exit_status;
} statuses[] = {
	{ RO_OK, 0 },
	{ RO_EINVAL, 2 },
	{ RO_ENOMEM, 3 },
	{ RO_EIO, 3 },
	{ RO_EFORMAT, 3 },
	{ RO_ENOTFOUND, 2 },
	{ RO_EEXISTS, 2 },
	{ RO_EBUSY, 4 },
	{ RO_ECONFLICT, 4 },
	{ RO_EDENIED, 5 },
	{ RO_ENEEDNEW, 6 },
	{ RO_ECANCEL, 4 },
	{ RO_ENOTDB, 3 },
	{ RO_ENODB, 3 },
	{ RO_EROWS, 1 },
	{ RO_EHOLD, 2 },
	{ RO_EINTERNAL, 3 },
};

int cli_exit_status(int code)
{
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		if (statuses[i].code == code)
			return statuses[i].exit_status;
	return 3;
}

/* The user the command acts as, for the next step that names them. */
static const char *acting_user;

void cli_error_user(const char *user)
{
	acting_user = user;
}

char *cli_error_text(void)
{
	const char *msg = ro_error_last();
	char *text = NULL;
	int rc;

	switch (ro_error_next()) {
	case RO_NEXT_ADD_SITE:
		rc = asprintf(&text, "%s: add one with 'roster site add NAME'",
		    msg);
		break;
	case RO_NEXT_INIT:
		rc = asprintf(&text, "%s: run 'roster init --admin USERNAME' "
		    "to create one", msg);
		break;
	case RO_NEXT_SIGNIN:
		rc = asprintf(&text, "%s; use 'roster signin' for your own "
		    "account", msg);
		break;
	case RO_NEXT_NEW_PASSWORD:
		rc = asprintf(&text, "%s: run 'roster signin%s%s' to choose a "
		    "new one first", msg, acting_user ? " " : "",
		    acting_user ? acting_user : "");
		break;
	default:
		rc = asprintf(&text, "%s", msg);
		break;
	}
	return rc < 0 ? NULL : text;
}
