/* export.c — Export for Upload: the selection as an upload file.
 *
 * The rows stream from the store straight into the sheet writer, so that
 * memory stays flat however large the selection; the writer makes the
 * file 0600 through a temporary renamed into place (only where
 * ro_outfile_check allows, and over an existing file only when asked
 * to), checks every write, writes the ID and
 * Username cells as text and neutralises cells that would run as
 * formulas. */
#include "core_int.h"

#include <roster/export.h>
#include <roster/outfile.h>
#include <roster/plan.h>
#include <roster/text.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct export_ctx {
	ro_sheet_writer *w;
	size_t count, total;
	ro_progress_fn progress;
	void *pctx;
};

static int export_row(void *ctx, ro_store_row *r)
{
	struct export_ctx *e = ctx;
	const ro_portfolio *p = &r->p;
	char id[24], year[12];
	const char *cells[RO_UPLOAD_COLUMNS];
	char *fixed[RO_UPLOAD_COLUMNS];
	size_t nfixed = 0;
	int rc;

	snprintf(id, sizeof id, "%lld", (long long)p->id);
	snprintf(year, sizeof year, "%d", p->grad_year);
	cells[0] = id;
	cells[1] = p->username;
	cells[2] = NULL;                  /* passwords are never exported */
	cells[3] = p->first;
	cells[4] = p->last;
	cells[5] = p->grad_year ? year : NULL;
	cells[6] = p->group_name;
	cells[7] = p->email;
	cells[8] = ro_account_type_name(p->type);
	/* A database made before names were checked may hold bytes that are
	 * not UTF-8: they go out as U+FFFD rather than stop the export. */
	for (size_t i = 1; i < RO_UPLOAD_COLUMNS; i++)
		if (cells[i] && ro_text_check(cells[i], NULL) ==
		    RO_TEXT_BAD_UTF8 && !(cells[i] = fixed[nfixed++] =
		    ro_text_valid_utf8(cells[i]))) {
			rc = ro_error_set(RO_ENOMEM, "out of memory");
			goto out;
		}
	rc = ro_sheet_writer_row(e->w, cells);
out:
	while (nfixed)
		free(fixed[--nfixed]);
	if (rc)
		return rc;
	e->count++;
	if (e->progress && e->count % 1000 == 0 &&
	    e->progress(e->pctx, e->count, e->total))
		return ro_error_set(RO_ECANCEL, "export cancelled; no file was "
		    "written");
	return 0;
}

int ro_export_run(size_t *count, ro_session *s, const ro_selection *sel,
    const char *path, ro_sheet_format format, unsigned flags,
    ro_progress_fn progress, void *ctx)
{
	static const unsigned widths[RO_UPLOAD_COLUMNS] = {
		12, 20, 14, 16, 18, 15, 16, 30, 13 };
	ro_sheet_col cols[RO_UPLOAD_COLUMNS];
	const char *const *headers = ro_upload_headers();
	struct export_ctx e = { NULL, 0, 0, progress, ctx };
	ro_store *st = ro_db_store(s->db);
	ro_selection rsel;
	char buf[32];
	int rc;

	*count = 0;
	if (s->type < RO_TYPE_STAFF)
		return ro_error_set(RO_EDENIED, "students cannot export");
	if ((rc = ro_selection_resolve(s, sel, &rsel, buf)))
		return rc;
	if ((rc = ro_outfile_check(s->db, path, flags)))
		return rc;
	for (size_t i = 0; i < RO_UPLOAD_COLUMNS; i++) {
		cols[i].header = headers[i];
		/* Only the year may be a number in a spreadsheet: an id, a
		 * username or a group like "007" must keep its zeros. */
		cols[i].text = i != 5;
		cols[i].width = widths[i];
	}
	/* One snapshot: the count and the rows agree. */
	if ((rc = ro_store_begin(st, false)))
		return rc;
	if (progress && (rc = ro_store_list_count(st, &e.total, s->site_id,
	    &rsel)))
		goto out;
	if ((rc = ro_sheet_writer_open(&e.w, path, format, cols,
	    RO_UPLOAD_COLUMNS)))
		goto out;
	rc = ro_store_select_each(st, s->site_id, &rsel, export_row, &e);
	if (rc) {
		ro_sheet_writer_free(e.w);
		goto out;
	}
	rc = ro_sheet_writer_commit(e.w, flags & RO_WRITE_REPLACE);
	if (!rc && progress)
		progress(ctx, e.count, e.total);
out:
	ro_store_rollback(st);
	if (!rc)
		*count = e.count;
	return rc;
}
