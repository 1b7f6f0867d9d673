/* csv_writer.c — RFC 4180 CSV: UTF-8 with a BOM (so that Excel reads it
 * as UTF-8), CRLF line ends, quotes only around cells that need them. */
#include "sheet_int.h"

#include <roster/bundle.h>
#include <roster/error.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct csv_writer {
	FILE *f;
	size_t ncols;
};

static int csv_writer_open(void **impl, int fd, const char *tmp_path,
    const char *dir, const ro_sheet_col *cols, size_t ncols)
{
	struct csv_writer *w = calloc(1, sizeof *w);
	int dfd;

	if (!w)
		return ro_error_set(RO_ENOMEM, "out of memory");
	/* A duplicate: sheet_writer.c keeps fd to sync it after fclose. */
	dfd = dup(fd);
	if (dfd < 0 || !(w->f = fdopen(dfd, "wb"))) {
		int e = errno;

		if (dfd >= 0)
			close(dfd);
		free(w);
		return ro_error_set(RO_EIO, "cannot write %s: %s", tmp_path,
		    strerror(e));
	}
	w->ncols = ncols;
	fputs("\xef\xbb\xbf", w->f);
	*impl = w;
	return 0;
}

/* The one CSV quoter (declared in bundle.h, which the bundle, Google and
 * the CLI's CSV output share). */
void ro_csv_put_cell(FILE *f, const char *s)
{
	if (!s)
		s = "";
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, f);
		return;
	}
	putc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	putc('"', f);
}

static int csv_writer_row(void *impl, const char *const *cells)
{
	struct csv_writer *w = impl;

	for (size_t i = 0; i < w->ncols; i++) {
		if (i)
			putc(',', w->f);
		ro_csv_put_cell(w->f, cells[i]);
	}
	/* A one-column row that is empty would be a blank line, which some
	 * readers skip: quote it so the row stays. */
	if (w->ncols == 1 && !cells[0][0])
		fputs("\"\"", w->f);
	fputs("\r\n", w->f);
	if (ferror(w->f))
		return ro_error_set(RO_EIO, "cannot write: %s", strerror(errno));
	return 0;
}

static int csv_writer_finish(void *impl)
{
	struct csv_writer *w = impl;
	int bad = fflush(w->f) != 0 || ferror(w->f);
	int e = errno;

	if (fclose(w->f) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	free(w);
	if (bad)
		return ro_error_set(RO_EIO, "cannot write: %s", strerror(e));
	return 0;
}

static void csv_writer_free(void *impl)
{
	struct csv_writer *w = impl;

	if (!w)
		return;
	fclose(w->f);
	free(w);
}

const struct sheet_writer_ops sheet_csv_writer_ops = {
	.format = RO_SHEET_CSV,
	.open = csv_writer_open,
	.row = csv_writer_row,
	.finish = csv_writer_finish,
	.free = csv_writer_free,
};
