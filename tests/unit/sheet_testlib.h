/* sheet_testlib.h — helpers for the sheet tests (header only: each test
 * binary is built from one .c file and helpers.o). */
#ifndef ROSTER_SHEET_TESTLIB_H
#define ROSTER_SHEET_TESTLIB_H

#include "helpers.h"

#include <roster/error.h>
#include <roster/sheet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The rows of a file as text, "number:cell|cell\n" per row, or
 * "ERR <name>: <message>\n" where reading stops.  The caller frees. */
static inline char *st_dump_fmt(const char *path, ro_sheet_format f,
    size_t max_rows)
{
	ro_sheet_reader *r;
	const ro_sheet_row *row;
	char *buf = NULL;
	size_t len = 0, n = 0;
	FILE *out = open_memstream(&buf, &len);
	int rc;

	assert_non_null(out);
	rc = ro_sheet_reader_open(&r, path, f);
	if (rc < 0) {
		fprintf(out, "ERR %s: %s\n", ro_error_name(rc), ro_error_last());
		fclose(out);
		return buf;
	}
	while ((rc = ro_sheet_reader_next(r, &row)) > 0) {
		if (++n > max_rows)
			continue;
		fprintf(out, "%zu:", row->number);
		for (size_t i = 0; i < row->ncells; i++)
			fprintf(out, "%s%s", i ? "|" : "", row->cells[i]);
		fputc('\n', out);
	}
	if (rc < 0)
		fprintf(out, "ERR %s: %s\n", ro_error_name(rc), ro_error_last());
	ro_sheet_reader_free(r);
	fclose(out);
	return buf;
}

static inline char *st_dump(const char *path)
{
	return st_dump_fmt(path, RO_SHEET_AUTO, (size_t)-1);
}

/* Writes rows (ncols cells each, NULL for empty) after the header. */
static inline void st_write(const char *path, ro_sheet_format f,
    const ro_sheet_col *cols, size_t ncols, const char *const *cells,
    size_t nrows)
{
	ro_sheet_writer *w;

	assert_int_equal(ro_sheet_writer_open(&w, path, f, cols, ncols), 0);
	for (size_t i = 0; i < nrows; i++)
		assert_int_equal(ro_sheet_writer_row(w, cells + i * ncols), 0);
	assert_int_equal(ro_sheet_writer_close(w), 0);
}

static inline char *st_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

#define ST_ASSERT_DUMP(path, expect) do { \
	char *d_ = st_dump(path); \
	assert_string_equal(d_, expect); \
	free(d_); \
} while (0)

#endif
