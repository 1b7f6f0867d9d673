/* csv_reader.c — RFC 4180 CSV on libcsv, streamed in chunks.
 *
 * The file is read twice: once to learn whether it is UTF-8 (else it is
 * Windows-1252, what spreadsheet programs write for plain "CSV", and the
 * whole file is read so), once to parse.  libcsv runs in strict mode: a
 * quote inside an unquoted cell, text after a closing quote or a quote
 * left open at the end is an error naming the row, not a guess that could
 * swallow the rows that follow.  Spaces are kept (libcsv trims them by
 * default): the importer warns about them itself (W11). */
#include "sheet_int.h"

#include <roster/error.h>

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { CSV_CHUNK = 64 * 1024 };

struct csv_reader {
	int fd;
	struct csv_parser p;
	bool parser_live;
	unsigned char buf[CSV_CHUNK];
	size_t pos, len;
	bool eof;            /* read() said so */
	bool ended;          /* csv_fini has run */
	bool cp1252;
	struct sheet_rowbuf rb;
	size_t records;      /* records complete, blank lines included */
	bool row_ready;
	bool after_cr;       /* the last record ended with CR: skip an LF */
	int err;             /* set by the callbacks, which cannot return it */
	char *conv;          /* a cell decoded from Windows-1252 */
	size_t conv_cap;
};

static ssize_t csv_read_full(int fd, unsigned char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t k = read(fd, buf + got, n - got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}

/* The first pass: *bom when the file starts with a UTF-8 BOM (then it is
 * UTF-8 by its own word, and a bad byte is an error in its row), else
 * *cp1252 when any byte sequence is not UTF-8. */
static int csv_detect_encoding(struct csv_reader *r, bool *bom)
{
	size_t carry = 0;
	bool first = true;

	*bom = false;
	r->cp1252 = false;
	for (;;) {
		ssize_t n = csv_read_full(r->fd, r->buf + carry,
		    sizeof r->buf - carry);
		size_t have, ok;
		bool bad;

		if (n < 0)
			return ro_error_set(RO_EIO, "cannot read: %s",
			    strerror(errno));
		have = carry + (size_t)n;
		if (first && have >= 3 && !memcmp(r->buf, "\xef\xbb\xbf", 3)) {
			*bom = true;
			return 0;
		}
		first = false;
		ok = ro_utf8_valid_prefix((const char *)r->buf, have, &bad);
		if (bad || (n == 0 && ok < have)) {
			r->cp1252 = true;
			return 0;
		}
		if (n == 0)
			return 0;
		carry = have - ok;   /* at most 3 bytes of a split sequence */
		memmove(r->buf, r->buf + ok, carry);
	}
}

static int csv_no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static void csv_on_cell(void *s, size_t len, void *data)
{
	struct csv_reader *r = data;
	const char *cell = s;
	char name[32];

	if (r->err)
		return;
	r->after_cr = false;
	if (len == 0)
		cell = "";
	if (memchr(cell, '\0', len)) {
		r->err = ro_error_set(RO_EFORMAT, "row %zu: NUL byte in %s "
		    "(a binary file, not CSV text?)", r->rb.row,
		    sheet_cell_name(name, r->rb.n + 1, r->rb.row));
		return;
	}
	if (r->cp1252 && len > 0) {
		if (len > RO_SHEET_MAX_CELL_BYTES)
			len = RO_SHEET_MAX_CELL_BYTES + 1;   /* refused below */
		if (r->conv_cap < 3 * len) {
			char *p = sheet_realloc_wiped(r->conv, r->conv_cap,
			    3 * len);

			if (!p) {
				r->err = ro_error_set(RO_ENOMEM, "out of memory");
				return;
			}
			r->conv = p;
			r->conv_cap = 3 * len;
		}
		len = sheet_cp1252_to_utf8(r->conv, s, len);
		cell = r->conv;
	} else if (!ro_utf8_valid(cell, len)) {
		/* Only with a BOM, or when the file changed since the
		 * first pass. */
		r->err = ro_error_set(RO_EFORMAT, "%s: not valid UTF-8 "
		    "(the file starts with a UTF-8 BOM)",
		    sheet_cell_name(name, r->rb.n + 1, r->rb.row));
		return;
	}
	r->err = sheet_rowbuf_add(&r->rb, cell, len);
}

static void csv_on_row_end(int c, void *data)
{
	struct csv_reader *r = data;

	if (r->err)
		return;
	/* CSV_REPALL_NL reports every line end, so CRLF ends the record at
	 * CR and reports the LF as a blank line of its own. */
	if (c == '\n' && r->after_cr) {
		r->after_cr = false;
		return;
	}
	r->after_cr = c == '\r';
	if (r->records >= RO_SHEET_MAX_ROWS) {
		r->err = ro_error_set(RO_EFORMAT, "row %zu is past the last "
		    "row a spreadsheet has (%d)", r->records + 1,
		    RO_SHEET_MAX_ROWS);
		return;
	}
	r->records++;
	r->row_ready = true;
}

static void csv_reader_free(void *impl)
{
	struct csv_reader *r = impl;

	if (!r)
		return;
	if (r->parser_live) {
		/* libcsv's cell buffer holds the last cells it read. */
		if (r->p.entry_buf)
			explicit_bzero(r->p.entry_buf, r->p.entry_size);
		csv_free(&r->p);
	}
	if (r->fd >= 0)
		close(r->fd);
	sheet_rowbuf_free(&r->rb);
	sheet_free_wiped(r->conv, r->conv_cap);
	sheet_free_wiped(r, sizeof *r);   /* its read buffer */
}

static int csv_reader_open(void **impl, const char *path)
{
	struct csv_reader *r = calloc(1, sizeof *r);
	bool bom;
	int rc;

	*impl = NULL;
	if (!r)
		return ro_error_set(RO_ENOMEM, "out of memory");
	sheet_rowbuf_init(&r->rb);
	if ((r->fd = sheet_open_regular(path)) < 0) {
		rc = r->fd;
		goto fail;
	}
	if ((rc = csv_detect_encoding(r, &bom)) < 0)
		goto fail;
	if (lseek(r->fd, bom ? 3 : 0, SEEK_SET) < 0) {
		rc = ro_error_set(RO_EIO, "cannot read the file twice: %s",
		    strerror(errno));
		goto fail;
	}
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL)) {
		rc = ro_error_set(RO_ENOMEM, "out of memory");
		goto fail;
	}
	r->parser_live = true;
	csv_set_space_func(&r->p, csv_no_space);
	/* libcsv grows a cell by this much at a time: its default of 128
	 * bytes makes a long cell cost quadratic copying. */
	csv_set_blk_size(&r->p, CSV_CHUNK);
	*impl = r;
	return 0;
fail:
	csv_reader_free(r);
	return rc;
}

/* Feeds libcsv up to and including the next line end, so that at most
 * one record ends per call and the reader never queues rows. */
static int csv_feed(struct csv_reader *r)
{
	const unsigned char *s = r->buf + r->pos;
	size_t n = r->len - r->pos, done;
	char name[32];

	for (size_t i = 0; i < n; i++)
		if (s[i] == '\r' || s[i] == '\n') {
			n = i + 1;
			break;
		}
	done = csv_parse(&r->p, s, n, csv_on_cell, csv_on_row_end, r);
	r->pos += n;
	if (r->err)
		return r->err;
	if (done < n) {
		if (csv_error(&r->p) != CSV_EPARSE)
			return ro_error_set(RO_ENOMEM, "out of memory");
		return ro_error_set(RO_EFORMAT, "row %zu: misplaced quote (\") "
		    "in %s: a cell with quotes in it must be wholly in quotes, "
		    "with each quote inside doubled (\"\")", r->rb.row,
		    sheet_cell_name(name, r->rb.n + 1, r->rb.row));
	}
	/* libcsv holds a cell until its end: stop a huge one early. */
	if (r->p.entry_pos > RO_SHEET_MAX_CELL_BYTES)
		return ro_error_set(RO_EFORMAT, "%s: longer than 1 MiB",
		    sheet_cell_name(name, r->rb.n + 1, r->rb.row));
	return 0;
}

static int csv_finish(struct csv_reader *r)
{
	char name[32];

	r->ended = true;
	if (csv_fini(&r->p, csv_on_cell, csv_on_row_end, r) != 0)
		return ro_error_set(RO_EFORMAT, "row %zu: the quote that "
		    "opens %s is never closed", r->rb.row,
		    sheet_cell_name(name, r->rb.n + 1, r->rb.row));
	return r->err;
}

static int csv_reader_next(void *impl, ro_sheet_row *row)
{
	struct csv_reader *r = impl;
	int rc;

	if (r->err)
		return r->err;
	sheet_rowbuf_reset(&r->rb, r->records + 1);
	r->row_ready = false;
	while (!r->row_ready) {
		if (r->pos < r->len) {
			rc = csv_feed(r);
		} else if (r->ended) {
			return 0;
		} else if (!r->eof) {
			ssize_t n = csv_read_full(r->fd, r->buf, sizeof r->buf);

			if (n < 0)
				rc = ro_error_set(RO_EIO, "cannot read: %s",
				    strerror(errno));
			else
				rc = 0;
			r->pos = 0;
			r->len = n > 0 ? (size_t)n : 0;
			r->eof = n == 0;
		} else {
			rc = csv_finish(r);
			if (rc == 0 && !r->row_ready)
				return 0;
		}
		if (rc < 0)
			return r->err = rc;
	}
	sheet_rowbuf_finish(&r->rb, row);
	return 1;
}

static bool csv_reader_was_cp1252(const void *impl)
{
	const struct csv_reader *r = impl;

	return r->cp1252;
}

const struct sheet_reader_ops sheet_csv_reader_ops = {
	.format = RO_SHEET_CSV,
	.open = csv_reader_open,
	.next = csv_reader_next,
	.was_cp1252 = csv_reader_was_cp1252,
	.free = csv_reader_free,
};
