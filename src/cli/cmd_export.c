/* cmd_export.c — roster export SELECTION -o FILE: Export for Upload. */
#include "cli_int.h"

#include <roster/error.h>
#include <roster/export.h>
#include <roster/outfile.h>
#include <roster/sheet.h>

#include <stdlib.h>

static const cli_option options[] = {
	CLI_SELECTION_OPTIONS,
	{ "output", CLI_REQ, "-o, --output FILE    the file to write (.csv or .xlsx; made 0600)" },
	{ "format", CLI_REQ, "--format csv|xlsx    the file's format (default: from its extension)" },
	{ "force", CLI_NONE, "--force              replace FILE when it exists (a regular file only)" },
	{ NULL, CLI_NONE, NULL },
};

static int run(cli_args *a)
{
	const char *path = cli_opt(a, "output");
	const char *fname = cli_opt(a, "format");
	ro_sheet_format fmt = RO_SHEET_AUTO;
	ro_selection sel;
	int64_t *ids = NULL;
	ro_db *db = NULL;
	ro_session *s = NULL;
	cli_progress pr;
	size_t count = 0;
	int st, rc;

	if (!path)
		return cli_fail(2, "give the file to write: -o FILE (.csv or "
		    ".xlsx)");
	if (fname && (fmt = ro_sheet_format_from_name(fname)) ==
	    RO_SHEET_AUTO)
		return cli_fail(2, "--format takes csv or xlsx");
	if (!fname && ro_sheet_format_from_path(path) == RO_SHEET_AUTO)
		return cli_fail(2, "cannot tell the format of %s from its "
		    "name: end it in .csv or .xlsx, or give --format", path);
	if ((st = cli_selection(a, &sel, &ids)))
		return st;
	if ((st = cli_open_session(a, &db, &s)))
		goto out;
	/* Ctrl-C stops the export cleanly: no file, no temporary left. */
	cli_progress_start(&pr);
	rc = ro_export_run(&count, s, &sel, path, fmt, cli_flag(a, "force") ?
	    RO_WRITE_REPLACE : 0, cli_progress_report, &pr);
	cli_progress_end(&pr);
	if (rc == RO_EEXISTS) {
		st = cli_fail(2, "%s (--force replaces it)", ro_error_last());
		goto out;
	}
	if (rc) {
		st = cli_engine_fail(rc);
		goto out;
	}
	printf("Exported %zu portfolio%s to ", count, count == 1 ? "" : "s");
	out_cell(stdout, path, 0);
	printf(" (%s).\n", ro_sheet_format_name(fmt ? fmt :
	    ro_sheet_format_from_path(path)));
out:
	free(ids);
	ro_session_free(s);
	ro_db_close(db);
	return st;
}

const cli_command cmd_export = {
	"export", run,
	"export --last-name PREFIX|--group NAME|--grad-year YEAR|--all "
	"[--inactive] [--only IDS] -o FILE [--format csv|xlsx] [--force]",
	"Export for Upload: the selection as a CSV or XLSX file", options,
	0, 0, true,
};
