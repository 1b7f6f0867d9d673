/* cmd_settings.c — roster settings [KEY [VALUE]]: show or change the
 * settings (hashing cost, sign-in lockout, mailer). */
#include "cli_int.h"

#include <roster/account.h>
#include <roster/error.h>

#include <stdlib.h>
#include <string.h>

static int run(cli_args *a)
{
	ro_db *db;
	ro_session *s;
	int st = cli_open_session(a, &db, &s);
	int rc = 0;

	if (st)
		return st;
	if (a->npos == 2) {
		rc = ro_setting_change(s, a->pos[0], a->pos[1]);
		if (!rc) {
			out_cell(stdout, a->pos[0], 0);
			fputs(" = ", stdout);
			out_cell(stdout, a->pos[1], 0);
			putchar('\n');
		}
	} else {
		size_t n;
		const char *const *keys = ro_db_setting_keys(&n);
		for (size_t i = 0; i < n; i++) {
			if (a->npos == 1 && strcmp(keys[i], a->pos[0]) != 0)
				continue;
			char *v = ro_db_setting(db, keys[i]);
			/* A value from the database: sanitised like any other
			 * (an OSC in mail.from must not reach the terminal). */
			printf("%s = ", keys[i]);
			out_cell(stdout, v ? v : "(default)", 0);
			putchar('\n');
			free(v);
		}
	}
	ro_session_free(s);
	ro_db_close(db);
	return rc ? cli_engine_fail(rc) : 0;
}

const cli_command cmd_settings = {
	"settings", run, "settings [KEY [VALUE]]",
	"show the settings, or change one (district accounts)", NULL, 0, 2,
	true,
};
