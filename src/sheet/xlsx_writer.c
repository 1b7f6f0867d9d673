/* xlsx_writer.c — XLSX on libxlsxwriter in constant-memory mode (rows go
 * to disk as they come: 100 k rows cost ~4 MiB).  The header row is bold
 * and frozen.  Every cell is a string, except a plain whole number in a
 * column not marked text (a graduation year), so that a spreadsheet keeps
 * "007" as "007" and sorts years as numbers. */
#include "sheet_int.h"

#include <roster/error.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include <zip.h>

struct xlsx_writer {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
	const ro_sheet_col *cols;
	size_t ncols;
	lxw_row_t row;
	char *path;          /* the temporary file, verified once closed */
};

static void xlsx_writer_free(void *impl)
{
	struct xlsx_writer *w = impl;

	if (!w)
		return;
	lxw_workbook_free(w->wb);
	free(w->path);
	free(w);
}

static int xlsx_writer_open(void **impl, int fd, const char *tmp_path,
    const char *dir, const ro_sheet_col *cols, size_t ncols)
{
	struct xlsx_writer *w = calloc(1, sizeof *w);
	/* Its own scratch files go beside the target, not to a /tmp that
	 * may be small; they are unlinked as soon as made. */
	lxw_workbook_options opt = {
		.constant_memory = LXW_TRUE,
		.tmpdir = (char *)dir,
		.use_zip64 = LXW_FALSE,
	};

	(void)fd;   /* libxlsxwriter reopens tmp_path itself */
	if (!w)
		return ro_error_set(RO_ENOMEM, "out of memory");
	if (ncols > LXW_COL_MAX) {
		free(w);
		return ro_error_set(RO_EINVAL, "too many columns for XLSX");
	}
	w->cols = cols;
	w->ncols = ncols;
	w->wb = workbook_new_opt(tmp_path, &opt);
	if (!(w->path = strdup(tmp_path)) || !w->wb ||
	    !(w->ws = workbook_add_worksheet(w->wb, NULL)) ||
	    !(w->bold = workbook_add_format(w->wb))) {
		xlsx_writer_free(w);
		return ro_error_set(RO_ENOMEM, "cannot start the XLSX file");
	}
	format_set_bold(w->bold);
	worksheet_freeze_panes(w->ws, 1, 0);
	for (size_t i = 0; i < ncols; i++)
		if (cols[i].width)
			worksheet_set_column(w->ws, (lxw_col_t)i, (lxw_col_t)i,
			    cols[i].width, NULL);
	*impl = w;
	return 0;
}

/* Digits only, no leading zero, at most 15 of them (exact in a double
 * and shown in full by a spreadsheet). */
static bool plain_whole_number(const char *s)
{
	size_t n = strspn(s, "0123456789");

	return n > 0 && n <= 15 && !s[n] && (s[0] != '0' || n == 1);
}

static bool is_xescape(const char *s)
{
	return s[0] == '_' && s[1] == 'x' && strspn(s + 2,
	    "0123456789abcdefABCDEF") >= 4 && s[6] == '_';
}

/* Spreadsheet programs read "_x0041_" in a string as "A" (OOXML's escape
 * for characters XML cannot hold; libxlsxwriter makes it for control
 * characters only).  Text that looks like one gets its underscore escaped
 * as _x005F_, so that it reads back as written.  NULL: no change needed
 * (or out of memory, which then writes the text unescaped). */
static char *xlsx_escape(const char *s)
{
	size_t n = 0, len = strlen(s);
	char *out, *o;

	for (const char *p = s; (p = strstr(p, "_x")); p++)
		if (is_xescape(p))
			n++;
	if (n == 0 || !(out = malloc(len + 6 * n + 1)))
		return NULL;
	for (o = out; *s; s++) {
		if (is_xescape(s)) {
			memcpy(o, "_x005F", 6);
			o += 6;
		}
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

/* libxlsxwriter writes the rows to a temporary file of its own (constant
 * memory) and does not check those writes: a full disk or a file size
 * limit would cut the sheet short and still report success.  Its stream
 * is public (lxw_worksheet.optimize_tmpfile): its error flag is ours to
 * check. */
static int rows_ok(struct xlsx_writer *w)
{
	FILE *f = w->ws->optimize_tmpfile;

	if (f && ferror(f))
		return ro_error_set(RO_EIO, "cannot write the XLSX file's rows "
		    "(disk full, or a file size limit?)");
	return 0;
}

/* Reads the finished workbook's sheet back through libzip, which checks
 * the archive's directory and each member's CRC: libxlsxwriter copies the
 * rows into the archive with unchecked writes too, so what it reports is
 * not proof that the file holds them.  The sheet must end as a sheet
 * does. */
static int verify(const char *path)
{
	static const char tail[] = "</worksheet>";
	char buf[65536], last[sizeof tail] = "";
	int ze = 0, rc = 0;
	zip_t *za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	zip_file_t *zf;
	zip_int64_t n;
	size_t have = 0;

	if (!za)
		return ro_error_set(RO_EIO, "the XLSX file was not written "
		    "whole (disk full, or a file size limit?)");
	if (!(zf = zip_fopen(za, "xl/worksheets/sheet1.xml", 0))) {
		zip_discard(za);
		return ro_error_set(RO_EIO, "the XLSX file was not written "
		    "whole: its sheet is missing");
	}
	while ((n = zip_fread(zf, buf, sizeof buf)) > 0) {
		size_t k = (size_t)n, keep = sizeof tail - 1;

		/* Keep the last bytes seen, across reads. */
		if (k >= keep) {
			memcpy(last, buf + k - keep, keep);
			have = keep;
		} else {
			size_t drop = have + k > keep ? have + k - keep : 0;

			memmove(last, last + drop, have - drop);
			memcpy(last + have - drop, buf, k);
			have = have - drop + k;
		}
	}
	if (n < 0 || have != sizeof tail - 1 || memcmp(last, tail, have) != 0)
		rc = ro_error_set(RO_EIO, "the XLSX file was not written whole "
		    "(disk full, or a file size limit?)");
	zip_fclose(zf);
	zip_discard(za);
	return rc;
}

static int xlsx_writer_row(void *impl, const char *const *cells)
{
	struct xlsx_writer *w = impl;

	for (size_t i = 0; i < w->ncols; i++) {
		const char *s = cells[i];
		lxw_col_t col = (lxw_col_t)i;
		lxw_error e;
		char name[32], *esc;

		if (!*s)
			continue;
		if ((esc = xlsx_escape(s)))
			s = esc;
		if (w->row == 0)
			e = worksheet_write_string(w->ws, w->row, col, s, w->bold);
		else if (!w->cols[i].text && plain_whole_number(s))
			e = worksheet_write_number(w->ws, w->row, col,
			    strtod(s, NULL), NULL);
		else
			e = worksheet_write_string(w->ws, w->row, col, s, NULL);
		free(esc);
		if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
			return ro_error_set(RO_EINVAL, "%s: longer than the "
			    "32767 characters an XLSX cell holds",
			    sheet_cell_name(name, i + 1, (size_t)w->row + 1));
		if (e != LXW_NO_ERROR)
			return ro_error_set(RO_EIO, "%s: %s",
			    sheet_cell_name(name, i + 1, (size_t)w->row + 1),
			    lxw_strerror(e));
	}
	w->row++;
	return rows_ok(w);
}

static int xlsx_writer_finish(void *impl)
{
	struct xlsx_writer *w = impl;
	FILE *f = w->ws->optimize_tmpfile;
	int rc = 0;
	lxw_error e;

	/* Its buffered rows reach the temporary file now, or fail to. */
	if (f && fflush(f) != 0)
		rc = ro_error_set(RO_EIO, "cannot write the XLSX file's rows: %s",
		    strerror(errno));
	if (!rc)
		rc = rows_ok(w);
	e = workbook_close(w->wb);   /* frees the workbook */
	w->wb = NULL;
	if (!rc && e != LXW_NO_ERROR)
		rc = ro_error_set(RO_EIO, "cannot write the XLSX file: %s",
		    lxw_strerror(e));
	if (!rc)
		rc = verify(w->path);
	xlsx_writer_free(w);
	return rc;
}

const struct sheet_writer_ops sheet_xlsx_writer_ops = {
	.format = RO_SHEET_XLSX,
	.open = xlsx_writer_open,
	.row = xlsx_writer_row,
	.finish = xlsx_writer_finish,
	.free = xlsx_writer_free,
};
