/* cmd_signin.c — roster signin USERNAME: a portfolio signs in as itself,
 * and sets what a reset requires (a new password, security answers). */
#include "cli_int.h"

#include <roster/error.h>
#include <roster/signin.h>

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const cli_option options[] = {
	{ "new-password-file", CLI_REQ, "--new-password-file FILE  the new password, when one is required" },
	{ "answers-file", CLI_REQ, "--answers-file FILE  the security answers, one per line" },
	CLI_TEXT_FORMAT_OPTION,
	{ NULL, CLI_NONE, NULL },
};

static bool have_tty(void)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* Answers from a file (one per line) or asked on the terminal. */
static int set_answers(ro_signin *si, ro_db *db, const char *file)
{
	size_t nq;
	const char *const *q = ro_signin_questions(&nq);
	char *ans[RO_SECURITY_QUESTIONS] = { 0 };
	int rc = 0;

	if (file) {
		FILE *f = fopen(file, "r");
		char line[512];
		if (!f)
			return cli_fail(2, "cannot read %s", file);
		for (size_t i = 0; i < nq && fgets(line, sizeof line, f); i++) {
			line[strcspn(line, "\r\n")] = '\0';
			ans[i] = strdup(line);
		}
		explicit_bzero(line, sizeof line);
		fclose(f);
	} else {
		for (size_t i = 0; i < nq; i++) {
			char prompt[160];
			snprintf(prompt, sizeof prompt, "%s ", q[i]);
			if (!(ans[i] = cli_read_secret(NULL, prompt)))
				break;
		}
	}
	for (size_t i = 0; i < nq; i++)
		if (!ans[i]) {
			rc = ro_error_set(RO_EINVAL, "%zu security answers are "
			    "needed, one per line", nq);
			break;
		}
	if (!rc)
		rc = ro_signin_set_answers(si, db, (const char *const *)ans);
	for (size_t i = 0; i < nq; i++)
		cli_secret_free(ans[i]);
	return rc ? cli_engine_fail(rc) : 0;
}

static int run(cli_args *a)
{
	const char *npf = cli_opt(a, "new-password-file");
	const char *af = cli_opt(a, "answers-file");
	ro_signin *si = NULL;
	ro_db *db;
	char *pw, *npw;
	int st, rc, fmt = cli_format(a, "text,json");
	bool new_pw = false, new_answers = false;

	if (fmt < 0)
		return 2;
	if ((st = cli_open_db(a, &db)))
		return st;
	if (!(pw = cli_read_secret(a->password_file, "Password: "))) {
		ro_db_close(db);
		return 2;
	}
	if ((rc = ro_signin_verify(&si, db, a->pos[0], pw))) {
		st = cli_engine_fail(rc);
		goto out;
	}
	if (si->need_password) {
		if (!npf && !have_tty()) {
			st = cli_fail(6, "signed in as %s, but the password "
			    "is temporary: a new one is required (give "
			    "--new-password-file FILE)", si->username);
			goto out;
		}
		if (!(npw = cli_read_new_secret(npf, "New password: "))) {
			st = 6;
			goto out;
		}
		rc = ro_signin_change_password(si, db, pw, npw);
		cli_secret_free(npw);
		if (rc) {
			st = cli_engine_fail(rc);
			goto out;
		}
		new_pw = true;
		if (fmt != FMT_JSON) {
			fputs("New password set for ", stdout);
			out_cell(stdout, si->username, 0);
			fputs(".\n", stdout);
		}
	}
	if (si->need_answers) {
		if (!af && !have_tty()) {
			st = cli_fail(6, "signed in as %s, but the security "
			    "questions were reset: new answers are required "
			    "(give --answers-file FILE)", si->username);
			goto out;
		}
		if ((st = set_answers(si, db, af)))
			goto out;
		new_answers = true;
		if (fmt != FMT_JSON) {
			fputs("Security answers set for ", stdout);
			out_cell(stdout, si->username, 0);
			fputs(".\n", stdout);
		}
	}
	if (fmt == FMT_JSON) {
		OUT_JSON_OBJECT(stdout, JSON_STR("username", si->username),
		    JSON_STR("first", si->first), JSON_STR("last", si->last),
		    JSON_BOOL("password_changed", new_pw),
		    JSON_BOOL("answers_set", new_answers));
		putchar('\n');
	} else {
		fputs("Signed in as ", stdout);
		out_cell(stdout, si->username, 0);
		fputs(" (", stdout);
		out_cell(stdout, si->first, 0);
		putchar(' ');
		out_cell(stdout, si->last, 0);
		fputs(").\n", stdout);
	}
out:
	cli_secret_free(pw);
	ro_signin_free(si);
	ro_db_close(db);
	return st;
}

const cli_command cmd_signin = {
	"signin", run,
	"signin USERNAME [--new-password-file FILE] [--answers-file FILE] "
	"[--format text|json]",
	"sign in as a portfolio, and set a new password or security answers "
	"when they are required", options, 1, 1, false,
};
