/* sheet_writer.c — the generic writer: a 0600 temporary file beside the
 * target, renamed into place only once complete and on disk, so that an
 * export never leaves a half-written file under the name asked for; and
 * formula neutralising, the same for every format. */
#include "sheet_int.h"

#include <roster/error.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct ro_sheet_writer {
	const struct sheet_writer_ops *ops;
	void *impl;
	const ro_sheet_col *cols;
	size_t ncols;
	size_t row;          /* rows written, the header included */
	int fd;
	char *tmp;           /* the temporary, removed unless renamed */
	char *path;
	char *dir;
	const char **cells;  /* ncols, the row as the format gets it */
	char *scratch;       /* neutralised copies */
	size_t scratch_cap;
};

static char *writer_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static int writer_make_tmp(ro_sheet_writer *w, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t dlen = slash ? (size_t)(slash - path) : 1;
	size_t n;

	if (!*base)
		return ro_error_set(RO_EINVAL, "%s: not a file name", path);
	w->path = writer_strndup(path, strlen(path));
	w->dir = slash == path ? writer_strndup("/", 1)
	    : writer_strndup(slash ? path : ".", dlen);
	n = dlen + strlen(base) + 16;
	w->tmp = malloc(n);
	if (!w->path || !w->dir || !w->tmp)
		return ro_error_set(RO_ENOMEM, "out of memory");
	snprintf(w->tmp, n, "%s/.%s.XXXXXX", w->dir, base);
	w->fd = mkostemp(w->tmp, O_CLOEXEC);
	if (w->fd < 0) {
		int e = errno;

		free(w->tmp);
		w->tmp = NULL;
		return ro_error_set(RO_EIO, "cannot create a file in %s: %s",
		    w->dir, strerror(e));
	}
	/* mkstemp makes 0600 already; say so for systems that do not. */
	if (fchmod(w->fd, 0600) < 0)
		return ro_error_set(RO_EIO, "cannot set the mode of %s: %s",
		    w->tmp, strerror(errno));
	return 0;
}

int ro_sheet_writer_open(ro_sheet_writer **out, const char *path,
    ro_sheet_format format, const ro_sheet_col *cols, size_t ncols)
{
	ro_sheet_writer *w;
	const char **headers;
	int rc;

	*out = NULL;
	if (!path || !cols || ncols == 0)
		return ro_error_set(RO_EINVAL, "no file or no columns given");
	if (format == RO_SHEET_AUTO)
		format = ro_sheet_format_from_path(path);
	if (format == RO_SHEET_AUTO)
		return ro_error_set(RO_EINVAL,
		    "%s: name it .csv or .xlsx, or give the format", path);
	if (!(w = calloc(1, sizeof *w)))
		return ro_error_set(RO_ENOMEM, "out of memory");
	w->fd = -1;
	w->ops = format == RO_SHEET_XLSX ? &sheet_xlsx_writer_ops
	    : &sheet_csv_writer_ops;
	w->cols = cols;
	w->ncols = ncols;
	w->cells = calloc(ncols, sizeof *w->cells);
	headers = calloc(ncols, sizeof *headers);
	if (!w->cells || !headers) {
		rc = ro_error_set(RO_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = writer_make_tmp(w, path)) < 0)
		goto fail;
	if ((rc = w->ops->open(&w->impl, w->fd, w->tmp, w->dir, cols,
	    ncols)) < 0)
		goto fail;
	for (size_t i = 0; i < ncols; i++)
		headers[i] = cols[i].header;
	if ((rc = ro_sheet_writer_row(w, headers)) < 0)
		goto fail;
	free(headers);
	*out = w;
	return 0;
fail:
	free(headers);
	ro_sheet_writer_free(w);
	return rc;
}

/* Does s go out behind an apostrophe?  In CSV when a spreadsheet would
 * run it; in XLSX, where a text cell never runs (and an apostrophe would
 * show as part of the name), only when it starts with one already and the
 * reader would take that one off. */
static bool writer_neutralise(const char *s, bool csv)
{
	return (csv || s[0] == '\'') && sheet_needs_apostrophe(s);
}

int ro_sheet_writer_row(ro_sheet_writer *w, const char *const *cells)
{
	size_t need = 0, used = 0;
	bool csv = w->ops->format == RO_SHEET_CSV;

	if (w->row >= RO_SHEET_MAX_ROWS)
		return ro_error_set(RO_EINVAL, "more than %d rows",
		    RO_SHEET_MAX_ROWS);
	for (size_t i = 0; i < w->ncols; i++) {
		const char *s = cells[i] ? cells[i] : "";
		size_t len = strlen(s);

		if (!ro_utf8_valid(s, len)) {
			char name[32];

			return ro_error_set(RO_EINVAL, "%s (%s): not valid UTF-8",
			    sheet_cell_name(name, i + 1, w->row + 1),
			    w->cols[i].header);
		}
		if (writer_neutralise(s, csv))
			need += len + 2;
	}
	if (need > w->scratch_cap) {
		char *p = realloc(w->scratch, need);

		if (!p)
			return ro_error_set(RO_ENOMEM, "out of memory");
		w->scratch = p;
		w->scratch_cap = need;
	}
	for (size_t i = 0; i < w->ncols; i++) {
		const char *s = cells[i] ? cells[i] : "";

		if (writer_neutralise(s, csv)) {
			/* The apostrophe makes a spreadsheet show the text
			 * instead of running it; our readers take it off. */
			size_t len = strlen(s);

			w->scratch[used] = '\'';
			memcpy(w->scratch + used + 1, s, len + 1);
			w->cells[i] = w->scratch + used;
			used += len + 2;
		} else {
			w->cells[i] = s;
		}
	}
	w->row++;
	return w->ops->row(w->impl, w->cells);
}

static int writer_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	/* Some file systems refuse fsync on a directory; the rename is
	 * done either way. */
	(void)fsync(fd);
	close(fd);
	return 0;
}

/* Renames tmp to path; without replace, only when nothing is at path
 * (RENAME_NOREPLACE, or link() where the file system lacks it). */
static int writer_rename(const char *tmp, const char *path, bool replace)
{
	int rc;

	if (replace)
		return rename(tmp, path);
	rc = renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE);
	if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
		if ((rc = link(tmp, path)) == 0)
			unlink(tmp);
	}
	return rc;
}

int ro_sheet_writer_commit(ro_sheet_writer *w, bool replace)
{
	int rc;

	if (!w)
		return ro_error_set(RO_EINVAL, "no writer");
	rc = w->ops->finish(w->impl);
	w->impl = NULL;
	if (rc < 0)
		goto out;
	/* The data on disk before its name: a crash never leaves a file
	 * under the name asked for that is shorter than what was written. */
	if (fsync(w->fd) < 0) {
		rc = ro_error_set(RO_EIO, "cannot write %s: %s", w->path,
		    strerror(errno));
		goto out;
	}
	if (close(w->fd) < 0) {
		w->fd = -1;
		rc = ro_error_set(RO_EIO, "cannot write %s: %s", w->path,
		    strerror(errno));
		goto out;
	}
	w->fd = -1;
	if (writer_rename(w->tmp, w->path, replace) < 0) {
		rc = ro_error_set(errno == EEXIST ? RO_EEXISTS : RO_EIO,
		    errno == EEXIST ? "%s already exists; nothing was written" :
		    "cannot create %s: %s", w->path, strerror(errno));
		goto out;
	}
	free(w->tmp);
	w->tmp = NULL;
	writer_sync_dir(w->dir);
out:
	ro_sheet_writer_free(w);
	return rc;
}

int ro_sheet_writer_close(ro_sheet_writer *w)
{
	return ro_sheet_writer_commit(w, true);
}

void ro_sheet_writer_free(ro_sheet_writer *w)
{
	if (!w)
		return;
	if (w->impl)
		w->ops->free(w->impl);
	if (w->fd >= 0)
		close(w->fd);
	if (w->tmp)
		unlink(w->tmp);
	free(w->tmp);
	free(w->path);
	free(w->dir);
	free(w->cells);
	free(w->scratch);
	free(w);
}
