/* cmd_import.c — roster import FILE --trial-run | --upload: renders the
 * plan the engine returns, as a table or as SPEC's JSON. */
#include "cli_int.h"

#include <roster/error.h>
#include <roster/hold.h>
#include <roster/plan.h>
#include <roster/status.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const cli_option options[] = {
	{ "trial-run", CLI_NONE, "--trial-run          check the file and show what would change; writes nothing" },
	{ "upload", CLI_NONE, "--upload             apply the file, all rows in one transaction" },
	{ "expect", CLI_REQ, "--expect FINGERPRINT upload only if the plan is still the trial run's" },
	{ "confirm", CLI_REQ, "--confirm N          confirm an upload that changes N passwords/usernames" },
	{ "format", CLI_REQ, "--format table|json  output format" },
	{ "file-format", CLI_REQ, "--file-format csv|xlsx|oneroster  the file's format (default: told from its bytes; a folder, or a zip that is no workbook, is a OneRoster bundle)" },
	{ "deactivate-missing", CLI_NONE, "--deactivate-missing  OneRoster: also deactivate the site's active portfolios the bundle does not mention (row 0; never your own)" },
	{ "group-from", CLI_REQ, "--group-from PATTERN  OneRoster: the group is the class whose classCode or title matches PATTERN (default: the homeroom class)" },
	{ NULL, CLI_NONE, NULL },
};

/* import -: standard input, kept in a private temporary file while the
 * command runs; no bigger than $ROSTER_STDIN_MAX_MIB (default 1 GiB). */
static long long stdin_limit(void)
{
	const char *v = getenv("ROSTER_STDIN_MAX_MIB");
	char *end;
	long long mib = v && *v ? strtoll(v, &end, 10) : 0;

	if (!v || !*v || *end || mib <= 0 || mib > (1LL << 30))
		mib = 1024;
	return mib << 20;
}

/* ---- JSON, exactly SPEC's shape ---- */

static void json_codes(const ro_status *v, size_t n)
{
	putchar('[');
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", \"" : "\"", stdout);
		fputs(ro_status_code(v[i]), stdout);
		putchar('"');
	}
	putchar(']');
}

/* , "key": [{"field": F, "old": O, "new": N}, …] (creates: no "old"). */
static void json_changes(const char *key, const ro_change *c, size_t n,
    bool old)
{
	printf(", \"%s\": [", key);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs(", ", stdout);
		if (old)
			OUT_JSON_OBJECT(stdout, JSON_STR("field", c[i].field),
			    JSON_STR("old", c[i].old_value),
			    JSON_STR("new", c[i].new_value));
		else
			OUT_JSON_OBJECT(stdout, JSON_STR("field", c[i].field),
			    JSON_STR("new", c[i].new_value));
	}
	putchar(']');
}

static void json_row(const ro_plan_row *r, bool first, bool oneroster)
{
	fputs(first ? "{\"row\": " : ",\n  {\"row\": ", stdout);
	out_json_uint(stdout, r->row);
	if (oneroster && !r->row) {
		fputs(", \"source\": \"not in the bundle\"", stdout);
	} else if (oneroster) {
		fputs(", \"source\": \"users.csv:", stdout);
		out_json_uint(stdout, r->row);
		putchar('"');
	}
	fputs(", \"status\": \"", stdout);
	fputs(ro_status_code(r->status), stdout);
	fputs("\", \"codes\": ", stdout);
	json_codes(r->codes, r->ncodes);
	fputs(", ", stdout);
	OUT_JSON_FIELDS(stdout, JSON_ID("portfolio_id", r->portfolio_id),
	    JSON_STR("username", r->username));
	json_changes("changes", r->changes, r->nchanges, true);
	if (r->nmessages) {
		fputs(", \"messages\": [", stdout);
		for (size_t i = 0; i < r->nmessages; i++) {
			if (i)
				fputs(", ", stdout);
			out_json_string(stdout, r->messages[i]);
		}
		putchar(']');
	}
	if (r->nwarnings) {
		fputs(", \"warnings\": ", stdout);
		json_codes(r->warnings, r->nwarnings);
	}
	if (r->ncreates)
		json_changes("creates", r->creates, r->ncreates, false);
	if (r->created_by) {
		fputs(", ", stdout);
		OUT_JSON_FIELDS(stdout, JSON_INT("created_by", r->created_by));
	}
	putchar('}');
}

static void json_head(const char *file, const char *format, bool trial,
    bool applied, const ro_plan_summary *s)
{
	putchar('{');
	OUT_JSON_FIELDS(stdout, JSON_STR("file", file),
	    JSON_STR("format", format), JSON_BOOL("trial_run", trial),
	    JSON_BOOL("applied", applied));
	fputs(",\n \"summary\": ", stdout);
	OUT_JSON_OBJECT(stdout, JSON_INT("rows", (long long)s->rows),
	    JSON_INT("new", (long long)s->new_rows),
	    JSON_INT("update", (long long)s->update),
	    JSON_INT("same", (long long)s->same),
	    JSON_INT("error", (long long)s->error));
	fputs(",\n", stdout);
}

/* 0, or the engine's error when a row cannot be read back (the output
 * then stops where it is). */
static int json_plan(const ro_plan *p, const char *file)
{
	json_head(file, ro_sheet_format_name(p->format), p->trial_run,
	    p->applied, &p->summary);
	if (p->file_error) {
		printf(" \"rows\": [], \"error\": \"%s\", \"message\": ",
		    ro_status_code(p->file_error));
		out_json_string(stdout, p->file_message);
		printf(", \"fingerprint\": null}\n");
		return 0;
	}
	printf(" \"rows\": [");
	for (size_t i = 0; i < p->nrows; i++) {
		const ro_plan_row *r = ro_plan_row_at(p, i);
		if (!r)
			return ro_error_last_code();
		json_row(r, i == 0, p->oneroster_version != 0);
	}
	putchar(']');
	if (p->oneroster_version)
		cli_oneroster_json(p);
	printf(",\n \"fingerprint\": \"%s\"}\n", p->fingerprint);
	return 0;
}

/* A file that could not be read at all: no plan, the reason in "error". */
static void json_unreadable(const char *file, bool trial, const char *msg)
{
	ro_plan_summary none = { 0 };

	json_head(file, NULL, trial, false, &none);
	printf(" \"rows\": [], \"error\": \"unreadable\", \"message\": ");
	out_json_string(stdout, msg);
	printf(", \"fingerprint\": null}\n");
}

/* ---- the table ---- */

struct colors {
	const char *err, *warn, *bold, *off;
};

static void print_code(const struct colors *k, ro_status st)
{
	const char *on = ro_status_is_error(st) ? k->err :
	    ro_status_is_warning(st) ? k->warn : "";

	printf("%s%-4s%s", on, ro_status_code(st), *on ? k->off : "");
}

/* A change in the engine's one wording (values can be long: sized). */
static void print_change(const ro_change *c)
{
	char buf[1024], *big = NULL;
	int n = ro_change_format(buf, sizeof buf, c);

	if (n >= (int)sizeof buf && (big = malloc((size_t)n + 1)) != NULL)
		ro_change_format(big, (size_t)n + 1, c);
	out_cell(stdout, big ? big : buf, 0);
	free(big);
}

#define INDENT "                                          "

static void table_row(const struct colors *k, const ro_plan_row *r,
    bool oneroster)
{
	char id[24] = "";
	bool first = true;

	if (r->portfolio_id)
		snprintf(id, sizeof id, "%lld", (long long)r->portfolio_id);
	if (oneroster && !r->row)
		printf("%-15s ", "(not in bundle)");
	else if (oneroster)
		printf("users.csv:%-5zu ", r->row);
	else
		printf("%-5zu ", r->row);
	print_code(k, r->status);
	printf("  %-8s ", id);
	out_cell(stdout, r->username, 20);
	putchar(' ');
	for (size_t i = 0; i < r->nchanges; i++) {
		const ro_change *c = &r->changes[i];
		if (!first)
			fputs(INDENT, stdout);
		first = false;
		print_change(c);
		putchar('\n');
	}
	for (size_t i = 0; i < r->nmessages; i++) {
		ro_status st = i < r->ncodes ? r->codes[i] :
		    r->warnings[i - r->ncodes];
		if (!first)
			fputs(INDENT, stdout);
		first = false;
		print_code(k, st);
		putchar(' ');
		out_cell(stdout, r->messages[i], 0);
		putchar('\n');
	}
	if (first)
		putchar('\n');
}

/* The file name as a shell word, for the command to copy. */
static void shell_word(const char *s)
{
	if (s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._-/+:@%,=")] == '\0' && *s) {
		out_cell(stdout, s, 0);
		return;
	}
	putchar('\'');
	for (; *s; s++) {
		if (*s == '\'') {
			fputs("'\\''", stdout);
		} else {
			char one[2] = { *s, 0 };
			out_cell(stdout, one, 0);
		}
	}
	putchar('\'');
}

/* 0, or the engine's error when a row cannot be read back. */
static int table_plan(const ro_plan *p, const struct colors *k,
    const char *file, const ro_plan_opts *po)
{
	const ro_plan_summary *s = &p->summary;
	size_t hidden = 0;

	printf("%s%s%s ", k->bold, p->applied ? "Uploaded" : p->trial_run ?
	    "Trial run of" : "Upload of", k->off);
	out_cell(stdout, file, 0);
	printf(" (%s)", ro_sheet_format_name(p->format));
	if (p->file_error) {
		printf(": nothing %s.\n", p->trial_run ? "can be uploaded" :
		    "was uploaded");
		print_code(k, p->file_error);
		putchar(' ');
		out_cell(stdout, p->file_message, 0);
		putchar('\n');
		return 0;
	}
	printf(": %zu row%s: %zu new, %zu to update, %zu unchanged, "
	    "%s%zu with errors%s", s->rows, s->rows == 1 ? "" : "s",
	    s->new_rows, s->update, s->same, s->error ? k->err : "",
	    s->error, s->error ? k->off : "");
	if (s->warning)
		printf(", %s%zu with warnings%s", k->warn, s->warning, k->off);
	printf(".\n");
	if (p->cp1252) {
		print_code(k, RO_ST_W12);
		printf(" the file was not UTF-8 and was read as Windows-1252\n");
	}
	if (s->rows) {
		printf("\n%-*s %-4s  %-8s %-20s %s\n", p->oneroster_version ?
		    15 : 5, "Row", "Code", "ID", "Username",
		    "Changes and messages");
		for (size_t i = 0; i < p->nrows; i++) {
			const ro_plan_row *r = ro_plan_row_at(p, i);
			if (!r)
				return ro_error_last_code();
			/* Unchanged rows without a warning say nothing. */
			if (r->status == RO_ST_SAME && !r->nwarnings) {
				hidden++;
				continue;
			}
			table_row(k, r, p->oneroster_version != 0);
		}
		if (hidden)
			printf("(%zu unchanged row%s not shown; --format json "
			    "lists every row)\n", hidden, hidden == 1 ? "" :
			    "s");
	}
	if (p->oneroster_version)
		cli_oneroster_table(p, k->warn, k->off);
	printf("\nFingerprint: %s\n", p->fingerprint);
	if (p->applied) {
		if (p->batch_id)
			printf("Applied as batch %lld; roster undo %lld "
			    "reverses it.\n", (long long)p->batch_id,
			    (long long)p->batch_id);
		else
			printf("Nothing to change.\n");
	} else if (!ro_plan_can_upload(p)) {
		printf("Nothing can be uploaded while a row has an error: fix "
		    "the file and run the trial run again.\n");
	} else if (p->trial_run && !s->new_rows && !s->update) {
		printf("%s: nothing to upload.\n", s->rows ? "Every row is "
		    "unchanged" : "The file has no rows");
	} else if (p->trial_run) {
		if (p->hold)
			printf("This changes the passwords or usernames of %zu "
			    "portfolios (the site has %zu): the upload needs "
			    "--confirm %zu.\n", p->credential_changes,
			    p->site_total, p->credential_changes);
		printf("To upload: roster import ");
		shell_word(file);
		printf(" --upload --expect %s", p->fingerprint);
		/* The options that made this plan make it again. */
		if (po->group_from) {
			fputs(" --group-from ", stdout);
			shell_word(po->group_from);
		}
		if (po->deactivate_missing)
			fputs(" --deactivate-missing", stdout);
		if (p->hold)
			printf(" --confirm %zu", p->credential_changes);
		putchar('\n');
	}
	return 0;
}

/* ---- running ---- */

static int parse_confirm(const char *text, long *out)
{
	if (ro_confirm_parse(text, out))
		return cli_fail(2, "--confirm takes the count the hold states");
	return 0;
}

static int run(cli_args *a)
{
	int fmt = cli_format(a, "table,json");
	bool trial = cli_flag(a, "trial-run"), upload = cli_flag(a, "upload");
	const char *file = a->pos[0], *expect = cli_opt(a, "expect");
	struct colors k = { "", "", "", "" };
	cli_progress prog;
	long confirm = -1;
	ro_db *db = NULL;
	ro_session *s = NULL;
	ro_plan *p = NULL;
	ro_sheet_format ff = RO_SHEET_AUTO;
	const char *shown = file;
	char in_path[64];
	int in_fd = -1;
	int st = 0, rc, prc;

	if (fmt < 0)
		return 2;
	if (cli_opt(a, "file-format") && (ff = ro_sheet_format_from_name(
	    cli_opt(a, "file-format"))) == RO_SHEET_AUTO)
		return cli_fail(2, "--file-format takes csv, xlsx or oneroster");
	if (strcmp(file, "-") == 0 && a->password_file &&
	    strcmp(a->password_file, "-") == 0)
		return cli_fail(2, "import - reads the file from standard "
		    "input: give the password in a file");
	if (trial == upload)
		return cli_fail(2, "give --trial-run or --upload");
	if (trial && (expect || cli_opt(a, "confirm")))
		return cli_fail(2, "--expect and --confirm go with --upload");
	if (cli_opt(a, "confirm") && (st = parse_confirm(cli_opt(a,
	    "confirm"), &confirm)))
		return st;
	if (fmt == FMT_TABLE && out_color(stdout)) {
		k.err = "\033[1;31m";
		k.warn = "\033[33m";
		k.bold = "\033[1m";
		k.off = "\033[0m";
	}
	if ((st = cli_open_session(a, &db, &s)))
		return st;
	/* After the sign-in: a password from --password-file - is read
	 * first. */
	if (strcmp(file, "-") == 0) {
		if ((st = cli_stdin_file(in_path, sizeof in_path, &in_fd,
		    stdin_limit())))
			goto out;
		file = in_path;
	}
	ro_plan_opts po = { cli_opt(a, "group-from"),
	    cli_flag(a, "deactivate-missing") };
	if (trial)
		rc = ro_plan_trial_run_opts(&p, s, file, ff, &po);
	else {
		/* Hashing new passwords: a progress bar, and Ctrl-C stops it
		 * with nothing applied. */
		cli_progress_start(&prog);
		rc = ro_plan_upload_opts(&p, s, file, ff, expect,
		    confirm, cli_progress_report, &prog, &po);
		cli_progress_end(&prog);
	}
	/* The engine names the file it read: standard input, not the
	 * temporary file that held it. */
	if (rc && file == in_path && strncmp(ro_error_last(), in_path,
	    strlen(in_path)) == 0) {
		char *rest = strdup(ro_error_last() + strlen(in_path));
		ro_error_set(rc, "standard input%s", rest ? rest : "");
		free(rest);
	}
	if (!p) {
		if (fmt == FMT_JSON && (rc == RO_EIO || rc == RO_EFORMAT)) {
			json_unreadable(shown, trial, ro_error_last());
			cli_json_printed();
		}
		st = cli_engine_fail(rc);
		goto out;
	}
	if (fmt == FMT_JSON) {
		prc = json_plan(p, shown);
		cli_json_printed();
	} else
		prc = table_plan(p, &k, shown, &po);
	if (prc) {
		fflush(stdout);
		st = cli_engine_fail(prc);
	} else if (rc)
		st = cli_engine_fail(rc);
	else if (!ro_plan_can_upload(p))
		st = 1;
	if (!rc && p->applied && fmt == FMT_JSON && p->batch_id)
		fprintf(stderr, "roster: applied as batch %lld; roster undo "
		    "%lld reverses it\n", (long long)p->batch_id,
		    (long long)p->batch_id);
out:
	if (in_fd >= 0)
		close(in_fd);
	ro_plan_free(p);
	ro_session_free(s);
	ro_db_close(db);
	return st;
}

const cli_command cmd_import = {
	"import", run,
	"import FILE|- --trial-run | --upload [--expect FINGERPRINT] "
	"[--confirm N] [--format table|json] "
	"[--file-format csv|xlsx|oneroster] [--group-from PATTERN] "
	"[--deactivate-missing]",
	"trial run or upload of an Export for Upload file or a OneRoster "
	"bundle", options, 1, 1,
	true,
};
