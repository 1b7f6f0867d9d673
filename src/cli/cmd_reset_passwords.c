/* cmd_reset_passwords.c — roster reset-passwords SELECTION: one temporary
 * password for all, or --generate one each with sign-in slips; optionally
 * the security questions too, and the new password mailed. */
#include "cli_int.h"

#include <roster/error.h>
#include <roster/hold.h>
#include <roster/task.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const cli_option options[] = {
	CLI_SELECTION_OPTIONS,
	{ "new-password-file", CLI_REQ, "--new-password-file FILE  the temporary password (else asked twice)" },
	{ "generate", CLI_NONE, "--generate           a different generated password for each portfolio" },
	{ "slips", CLI_REQ, "--slips FILE         with --generate: write the sign-in slips (0600; CSV if FILE ends in .csv, a PDF to print if .pdf)" },
	{ "slips-format", CLI_REQ, "--slips-format text|csv|pdf  the slips' format whatever FILE's name" },
	{ "slips-layout", CLI_REQ, "--slips-layout labels|list  PDF: 30 labels a page (Avery 5160, the default) or one slip per row" },
	{ "slips-paper", CLI_REQ, "--slips-paper letter|a4  PDF: the paper (default letter)" },
	{ "slips-qr", CLI_NONE, "--slips-qr           PDF: a QR code of the username (never the password) on each slip" },
	{ "google-csv", CLI_REQ, "--google-csv FILE    also write Google Workspace's bulk-update CSV with the same new passwords (0600; a new file)" },
	{ "reset-security-questions", CLI_NONE, "--reset-security-questions  clear the answers: the next sign-in sets new ones" },
	{ "notify", CLI_NONE, "--notify             mail the new password to every portfolio with an email" },
	{ "confirm", CLI_REQ, "--confirm N          the count, for a batch held by the blast-radius rule" },
	CLI_TEXT_FORMAT_OPTION,
	{ NULL, CLI_NONE, NULL },
};

static void print_result(const ro_task_result *r, const ro_task_opts *o)
{
	if (r->batch_id)
		printf("batch %lld: %zu password%s reset (temporary), %zu "
		    "skipped\n", (long long)r->batch_id, r->changed,
		    r->changed == 1 ? "" : "s", r->nskips);
	else
		printf("nothing reset: %zu selected, %zu skipped\n",
		    r->selected, r->nskips);
	cli_print_skips(r);
	if (!r->batch_id)
		return;
	if (o->reset_questions)
		printf("security questions reset for %zu portfolio%s\n",
		    r->changed, r->changed == 1 ? "" : "s");
	if (r->slips_file) {
		printf("sign-in slips for %zu portfolio%s in ", r->nslips,
		    r->nslips == 1 ? "" : "s");
		out_cell(stdout, r->slips_file, 0);
		printf(" (readable only by you): print them, then delete the "
		    "file\n");
	}
	if (r->slips_error)
		cli_fail(0, "%s", r->slips_error);
	if (r->google_file) {
		printf("Google Workspace CSV for %zu portfolio%s in ",
		    r->ngoogle, r->ngoogle == 1 ? "" : "s");
		out_cell(stdout, r->google_file, 0);
		printf(" (readable only by you): upload it in the Admin "
		    "console (Users, Bulk update users), then delete it\n");
	}
	if (r->ngoogle_left) {
		printf("left out of the Google CSV (no email address): %zu",
		    r->ngoogle_left);
		for (size_t i = 0; i < r->ngoogle_left; i++) {
			fputs(i ? ", " : ": ", stdout);
			out_cell(stdout, r->google_left[i], 0);
		}
		putchar('\n');
	}
	if (r->google_error)
		cli_fail(0, "%s", r->google_error);
	if (o->notify) {
		printf("mail: %zu sent, %zu failed, %zu without an email "
		    "address\n", r->notified, r->nnotify_failures, r->no_email);
		for (size_t i = 0; i < r->nnotify_failures; i++) {
			const ro_notify_failure *f = &r->notify_failures[i];
			fputs("roster: mail to ", stderr);
			out_cell(stderr, f->username, 0);
			fputs(" <", stderr);
			out_cell(stderr, f->email, 0);
			fputs("> failed: ", stderr);
			out_cell(stderr, f->reason, 0);
			fputs(" (the password was reset all the same)\n",
			    stderr);
		}
	}
}

static void print_json(const ro_task_result *r, const ro_task_opts *o,
    const char *site)
{
	cli_json_task(r, site, "reset-passwords");
	fputs(",\n ", stdout);
	OUT_JSON_FIELDS(stdout, JSON_BOOL("security_questions_reset",
	    r->batch_id && o->reset_questions));
	fputs(", \"slips\": ", stdout);
	if (r->batch_id && (r->slips_file || r->slips_error))
		OUT_JSON_OBJECT(stdout, JSON_STR("file", r->slips_file),
		    JSON_INT("count", (long long)r->nslips),
		    JSON_STR("error", r->slips_error));
	else
		fputs("null", stdout);
	fputs(", \"google\": ", stdout);
	if (r->batch_id && (r->google_file || r->google_error)) {
		fputc('{', stdout);
		OUT_JSON_FIELDS(stdout, JSON_STR("file", r->google_file),
		    JSON_INT("count", (long long)r->ngoogle),
		    JSON_STR("error", r->google_error));
		fputs(", \"left_out\": [", stdout);
		for (size_t i = 0; i < r->ngoogle_left; i++) {
			fputs(i ? ", " : "", stdout);
			out_json_string(stdout, r->google_left[i]);
		}
		fputs("]}", stdout);
	} else {
		fputs("null", stdout);
	}
	fputs(", \"mail\": ", stdout);
	if (!r->batch_id || !o->notify) {
		fputs("null}\n", stdout);
		return;
	}
	fputc('{', stdout);
	OUT_JSON_FIELDS(stdout, JSON_INT("sent", (long long)r->notified),
	    JSON_INT("failed", (long long)r->nnotify_failures),
	    JSON_INT("no_email", (long long)r->no_email));
	fputs(", \"failures\": [", stdout);
	for (size_t i = 0; i < r->nnotify_failures; i++) {
		const ro_notify_failure *f = &r->notify_failures[i];
		fputs(i ? ", " : "", stdout);
		OUT_JSON_OBJECT(stdout, JSON_STR("username", f->username),
		    JSON_STR("email", f->email), JSON_STR("reason", f->reason));
	}
	fputs("]}}\n", stdout);
}

/* A word of a --slips-… option: its index in words, or -1 (exit 2). */
static int slips_word(cli_args *a, const char *opt, const char *const *words,
    int dflt)
{
	const char *v = cli_opt(a, opt);

	if (!v)
		return dflt;
	for (int i = 0; words[i]; i++)
		if (strcmp(v, words[i]) == 0)
			return i;
	cli_fail(2, "--%s: '%s' is not one of %s%s%s%s%s", opt, v, words[0],
	    words[1] ? ", " : "", words[1] ? words[1] : "", words[2] ?
	    ", " : "", words[2] ? words[2] : "");
	return -1;
}

static int check_slips(cli_args *a, ro_slips_style *st)
{
	static const char *const formats[] = { "text", "csv", "pdf", NULL };
	static const char *const layouts[] = { "labels", "list", NULL };
	static const char *const papers[] = { "letter", "a4", NULL };
	const char *path = cli_opt(a, "slips");
	int f, l, p;
	size_t n;

	if ((f = slips_word(a, "slips-format", formats, -2)) == -1 ||
	    (l = slips_word(a, "slips-layout", layouts, 0)) < 0 ||
	    (p = slips_word(a, "slips-paper", papers, 0)) < 0)
		return 2;
	st->format = f == -2 ? RO_SLIPS_AUTO : (ro_slips_format)(f + 1);
	st->layout = (ro_slips_layout)l;
	st->paper = (ro_slips_paper)p;
	st->qr = cli_flag(a, "slips-qr");
	if (!path) {
		if (cli_opt(a, "slips-format") || cli_opt(a, "slips-layout") ||
		    cli_opt(a, "slips-paper") || st->qr)
			return cli_fail(2, "the --slips-… options go with "
			    "--slips FILE");
		return 0;
	}
	n = strlen(path);
	bool pdf = st->format == RO_SLIPS_PDF || (st->format == RO_SLIPS_AUTO &&
	    n >= 4 && strcasecmp(path + n - 4, ".pdf") == 0);
	if (!pdf && (cli_opt(a, "slips-layout") || cli_opt(a, "slips-paper") ||
	    st->qr))
		return cli_fail(2, "--slips-layout, --slips-paper and --slips-qr "
		    "go with a PDF (--slips FILE.pdf or --slips-format pdf)");
	return 0;
}

static int check_usage(cli_args *a, ro_task_opts *o)
{
	o->generate = cli_flag(a, "generate");
	o->slips = cli_opt(a, "slips");
	o->google_csv = cli_opt(a, "google-csv");
	o->reset_questions = cli_flag(a, "reset-security-questions");
	o->notify = cli_flag(a, "notify");
	if (o->generate && !o->slips)
		return cli_fail(2, "--generate needs --slips FILE: the "
		    "generated passwords are written nowhere else");
	if (o->slips && !o->generate)
		return cli_fail(2, "--slips goes with --generate");
	if (o->generate && cli_opt(a, "new-password-file"))
		return cli_fail(2, "choose --generate or --new-password-file, "
		    "not both");
	if (check_slips(a, &o->slips_style))
		return 2;
	if ((o->confirm = cli_confirm(a)) == -2)
		return 2;
	return 0;
}

static int run(cli_args *a)
{
	ro_task_opts o = { .kind = RO_TASK_RESET_PASSWORDS };
	ro_task_preview pv;
	ro_task_result *r = NULL;
	ro_selection sel;
	int64_t *ids = NULL;
	ro_db *db = NULL;
	ro_session *s = NULL;
	char *pw = NULL;
	cli_progress prog;
	int st, rc = 0, fmt = cli_format(a, "text,json");

	if (fmt < 0)
		return 2;
	if ((st = check_usage(a, &o)) || (st = cli_selection(a, &sel, &ids)))
		return st;
	if ((st = cli_open_session(a, &db, &s)))
		goto out;
	if ((rc = ro_task_preview_run(&pv, s, &sel, &o)))
		goto out;
	/* The password is asked only when there is something to reset and
	 * the hold will not refuse: the engine says which, with the count. */
	if (!o.generate && pv.changes > 0 && ro_hold_passes(pv.changes,
	    pv.site_total, o.confirm)) {
		if (!(pw = cli_read_new_secret(cli_opt(a, "new-password-file"),
		    "Temporary password: "))) {
			st = 2;
			goto out;
		}
		o.password = pw;
	}
	cli_progress_start(&prog);
	o.progress = cli_progress_report;
	o.progress_ctx = &prog;
	rc = ro_task_run(&r, s, &sel, &o);
	cli_progress_end(&prog);
	cli_secret_free(pw);
	if (rc)
		goto out;
	if (fmt == FMT_JSON) {
		print_json(r, &o, ro_session_site_name(s));
		cli_json_printed();
	} else {
		print_result(r, &o);
	}
	/* Every selected portfolio refused (SSO-linked, inactive, …): the
	 * reset was not allowed for any of them. */
	if (!r->batch_id && r->nskips > 0 && r->nskips == r->selected)
		st = cli_fail(5, "none of the %zu selected portfolios can be "
		    "reset", r->selected);
out:
	if (rc == RO_ECANCEL)
		st = cli_fail(cli_exit_status(rc), "cancelled: nothing was "
		    "changed");
	else if (rc)
		st = cli_engine_fail(rc);
	ro_task_result_free(r);
	free(ids);
	ro_session_free(s);
	ro_db_close(db);
	return st;
}

const cli_command cmd_reset_passwords = {
	"reset-passwords", run,
	"reset-passwords --last-name PREFIX|--group NAME|--grad-year YEAR|--all "
	"[--inactive] [--only IDS] [--new-password-file FILE | --generate "
	"--slips FILE [--slips-format text|csv|pdf] [--slips-layout labels|list] "
	"[--slips-paper letter|a4] [--slips-qr]] [--google-csv FILE] "
	"[--reset-security-questions] [--notify] [--confirm N] "
	"[--format text|json]",
	"give the selected portfolios a temporary password", options, 0, 0,
	true,
};
