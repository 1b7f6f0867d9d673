/* cmd_export.c — roster export SELECTION -o FILE: Export for Upload. */
#include "cli_int.h"

#include <roster/bundle.h>
#include <roster/error.h>
#include <roster/export.h>
#include <roster/outfile.h>
#include <roster/sheet.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const cli_option options[] = {
	CLI_SELECTION_OPTIONS,
	{ "output", CLI_REQ, "-o, --output FILE    the file to write (.csv or .xlsx; made 0600; - for standard output; a folder or .zip for oneroster)" },
	{ "file-format", CLI_REQ, "--file-format csv|xlsx|oneroster|google  the file's format (default: from its extension); oneroster: a OneRoster 1.1 bundle (a new folder, or FILE.zip); google: Google Workspace's bulk-update users CSV" },
	{ "format", CLI_REQ, "--format csv|xlsx|oneroster|google|json  as --file-format; json: the report as JSON" },
	{ "force", CLI_NONE, "--force              replace FILE when it exists (a regular file only)" },
	{ NULL, CLI_NONE, NULL },
};

/* -o -: the file goes to standard output (XLSX unless told), by way of
 * a private temporary folder; the report goes to standard error. */
static int stdout_target(ro_sheet_format *fmt, bool json, char *dir,
    size_t dsize, char *file, size_t fsize)
{
	int st;

	if (!*fmt)
		*fmt = RO_SHEET_XLSX;
	if (json)
		return cli_fail(2, "-o - writes the file to standard output: "
		    "there is no room for a JSON report");
	if (*fmt == RO_SHEET_XLSX && isatty(STDOUT_FILENO))
		return cli_fail(2, "standard output is a terminal: redirect "
		    "the XLSX file (-o - > FILE.xlsx)");
	if ((st = cli_stdout_dir(dir, dsize)))
		return st;
	snprintf(file, fsize, "%s/export.%s", dir, ro_sheet_format_name(*fmt));
	return 0;
}

static int run(cli_args *a)
{
	const char *path = cli_opt(a, "output");
	const char *fname = cli_opt(a, "file-format");
	const char *report = cli_opt(a, "format");
	ro_sheet_format fmt = RO_SHEET_AUTO;
	ro_selection sel;
	int64_t *ids = NULL;
	ro_db *db = NULL;
	ro_session *s = NULL;
	cli_progress pr;
	size_t count = 0;
	bool json = report && strcmp(report, "json") == 0;
	bool piped = path && strcmp(path, "-") == 0;
	char dir[4096], file[4200];
	int st, rc;

	/* --format names the file's format, as it always has, or the
	 * report's (json), as on every other command. */
	if (report && !json) {
		if (fname)
			return cli_fail(2, "--format csv|xlsx and "
			    "--file-format say the same: give one");
		fname = report;
	}
	if (!path)
		return cli_fail(2, "give the file to write: -o FILE (.csv or "
		    ".xlsx)");
	/* A .zip can only be a OneRoster bundle. */
	if (!fname && ro_bundle_path_is_zip(path))
		fname = "oneroster";
	if (fname && (!strcmp(fname, "oneroster") || !strcmp(fname,
	    "google")))
		return cli_export_interop(a, fname, path, json);
	if (fname && (fmt = ro_sheet_format_from_name(fname)) ==
	    RO_SHEET_AUTO)
		return cli_fail(2, "--%s takes csv, xlsx, oneroster or google%s",
		    report && !json ?
		    "format" : "file-format", report && !json ? " (or json)" :
		    "");
	if (!piped && !fname && ro_sheet_format_from_path(path) ==
	    RO_SHEET_AUTO)
		return cli_fail(2, "cannot tell the format of %s from its "
		    "name: end it in .csv or .xlsx, or give --file-format",
		    path);
	if ((st = cli_selection(a, &sel, &ids)))
		return st;
	if (piped && (st = stdout_target(&fmt, json, dir, sizeof dir, file,
	    sizeof file))) {
		free(ids);
		return st;
	}
	if ((st = cli_open_session(a, &db, &s)))
		goto out;
	/* Ctrl-C stops the export cleanly: no file, no temporary left. */
	cli_progress_start(&pr);
	rc = ro_export_run(&count, s, &sel, piped ? file : path, fmt,
	    cli_flag(a, "force") ? RO_WRITE_REPLACE : 0, cli_progress_report,
	    &pr);
	cli_progress_end(&pr);
	if (rc == RO_EEXISTS) {
		st = cli_fail(2, "%s (--force replaces it)", ro_error_last());
		goto out;
	}
	if (rc) {
		st = cli_engine_fail(rc);
		goto out;
	}
	if (piped) {
		if (!(st = cli_stdout_copy(dir, file)))
			fprintf(stderr, "Exported %zu portfolio%s to standard "
			    "output (%s).\n", count, count == 1 ? "" : "s",
			    ro_sheet_format_name(fmt));
		piped = false;
		goto out;
	}
	if (!fmt)
		fmt = ro_sheet_format_from_path(path);
	if (json) {
		OUT_JSON_OBJECT(stdout, JSON_STR("site",
		    ro_session_site_name(s)), JSON_STR("file", path),
		    JSON_STR("format", ro_sheet_format_name(fmt)),
		    JSON_INT("portfolios", (long long)count));
		putchar('\n');
		goto out;
	}
	printf("Exported %zu portfolio%s to ", count, count == 1 ? "" : "s");
	out_cell(stdout, path, 0);
	printf(" (%s).\n", ro_sheet_format_name(fmt));
out:
	if (piped)
		cli_stdout_copy(dir, NULL);
	free(ids);
	ro_session_free(s);
	ro_db_close(db);
	return st;
}

const cli_command cmd_export = {
	"export", run,
	"export --last-name PREFIX|--group NAME|--grad-year YEAR|--all "
	"[--inactive] [--only IDS] -o FILE|- "
	"[--file-format csv|xlsx|oneroster|google] "
	"[--format csv|xlsx|oneroster|google|json] [--force]",
	"Export for Upload: the selection as a CSV or XLSX file", options,
	0, 0, true,
};
