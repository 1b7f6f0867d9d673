/* export_interop.c — roster export --format oneroster|google: the
 * selection for other systems (a OneRoster 1.1 bundle, Google
 * Workspace's bulk-update users CSV). */
#include "cli_int.h"

#include <roster/error.h>
#include <roster/export.h>

#include <stdlib.h>
#include <string.h>

static void list_left(FILE *f, char **left, size_t n)
{
	fprintf(f, "Left out (no email address, which Google needs): %zu",
	    n);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", " : ": ", f);
		out_cell(f, left[i], 0);
	}
	fputc('\n', f);
}

int cli_export_interop(cli_args *a, const char *fmt, const char *path,
    bool json)
{
	bool google = strcmp(fmt, "google") == 0;
	ro_selection sel;
	int64_t *ids = NULL;
	ro_db *db = NULL;
	ro_session *s = NULL;
	char **left = NULL;
	size_t count = 0, nleft = 0;
	int st, rc;

	if (strcmp(path, "-") == 0)
		return cli_fail(2, "--format %s writes %s: give -o %s", fmt,
		    google ? "a file" : "a folder or a zip archive",
		    google ? "FILE.csv" : "FOLDER or -o FILE.zip");
	if ((st = cli_selection(a, &sel, &ids)))
		return st;
	if ((st = cli_open_session(a, &db, &s)))
		goto out;
	rc = google ? ro_export_google(&count, &left, &nleft, s, &sel, path)
	    : ro_export_oneroster(&count, s, &sel, path);
	if (rc) {
		st = cli_engine_fail(rc);
		goto out;
	}
	if (json) {
		fputc('{', stdout);
		OUT_JSON_FIELDS(stdout, JSON_STR("site",
		    ro_session_site_name(s)), JSON_STR("file", path),
		    JSON_STR("format", fmt),
		    JSON_INT("portfolios", (long long)count));
		if (google) {
			fputs(", \"left_out\": [", stdout);
			for (size_t i = 0; i < nleft; i++) {
				if (i)
					fputs(", ", stdout);
				out_json_string(stdout, left[i]);
			}
			fputc(']', stdout);
		}
		fputs("}\n", stdout);
		goto out;
	}
	printf("Exported %zu portfolio%s to ", count, count == 1 ? "" : "s");
	out_cell(stdout, path, 0);
	printf(" (%s).\n", google ? "Google Workspace CSV" :
	    "OneRoster 1.1");
	if (nleft)
		list_left(stdout, left, nleft);
out:
	ro_export_left_free(left, nleft);
	free(ids);
	ro_session_free(s);
	ro_db_close(db);
	return st;
}
