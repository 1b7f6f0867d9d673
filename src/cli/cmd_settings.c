/* cmd_settings.c — roster settings [KEY [VALUE]]: show or change the
 * settings (hashing cost, sign-in lockout, mailer). */
#include "cli_int.h"

#include <roster/account.h>
#include <roster/error.h>

#include <stdlib.h>
#include <string.h>

static const cli_option options[] = {
	CLI_TEXT_FORMAT_OPTION,
	{ NULL, CLI_NONE, NULL },
};

/* One setting: "key = value", or {"key": K, "value": V|null} in the
 * "settings" list (null: the default). */
static void print_one(int fmt, size_t i, const char *key, const char *v)
{
	if (fmt != FMT_JSON) {
		/* A value from the database: sanitised like any other (an
		 * OSC in mail.from must not reach the terminal). */
		out_cell(stdout, key, 0);
		fputs(" = ", stdout);
		out_cell(stdout, v ? v : "(default)", 0);
		putchar('\n');
		return;
	}
	fputs(i ? ",\n  " : "\n  ", stdout);
	OUT_JSON_OBJECT(stdout, JSON_STR("key", key), JSON_STR("value", v));
}

static int run(cli_args *a)
{
	ro_db *db;
	ro_session *s;
	int fmt = cli_format(a, "text,json");
	int st = fmt < 0 ? 2 : cli_open_session(a, &db, &s);
	int rc = 0;
	size_t shown = 0;

	if (st)
		return st;
	if (a->npos == 2 && (rc = ro_setting_change(s, a->pos[0], a->pos[1])))
		goto out;
	if (fmt == FMT_JSON)
		fputs("{\"settings\": [", stdout);
	if (a->npos == 2) {
		print_one(fmt, shown++, a->pos[0], a->pos[1]);
	} else {
		size_t n;
		const char *const *keys = ro_db_setting_keys(&n);
		for (size_t i = 0; i < n; i++) {
			if (a->npos == 1 && strcmp(keys[i], a->pos[0]) != 0)
				continue;
			char *v = ro_db_setting(db, keys[i]);
			print_one(fmt, shown++, keys[i], v);
			free(v);
		}
	}
	if (fmt == FMT_JSON) {
		fputs("]}\n", stdout);
		cli_json_printed();
	}
out:
	ro_session_free(s);
	ro_db_close(db);
	return rc ? cli_engine_fail(rc) : 0;
}

const cli_command cmd_settings = {
	"settings", run, "settings [KEY [VALUE]] [--format text|json]",
	"show the settings, or change one (district accounts)", options, 0, 2,
	true,
};
