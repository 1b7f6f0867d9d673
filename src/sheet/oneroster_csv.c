/* oneroster_csv.c — the CSV files of a OneRoster bundle, read whole and
 * split in place.
 *
 * Why not the upload file's reader (csv_reader.c, on libcsv): a
 * 100,000-user bundle is ~40 MB of CSV (users.csv and enrollments.csv,
 * four GUIDs a row) against ~8 MB for the same users in roster's own
 * file, and libcsv's byte-by-byte callbacks made its trial run twice as
 * slow as the upload file's; the issue asks for 1.5x.  Here a file is one
 * read() and one pass with memchr-speed scanning.  The rules are the
 * same: RFC 4180 (quoted cells with "" inside, line breaks in quotes),
 * CRLF or LF, a UTF-8 BOM ignored, strict (a quote inside an unquoted
 * cell, or text after a closing quote, is an error naming the row), a
 * file that is not UTF-8 read as Windows-1252, the limits of sheet.h.
 * Rows are numbered as a spreadsheet numbers them (the header is 1). */
#include "sheet_int.h"
#include "bundle_int.h"

#include <roster/error.h>
#include <roster/utf8.h>

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Whether s[0..n) is valid UTF-8: eight ASCII bytes at a time, and
 * each sequence that is not decoded on its own, so that the ASCII after
 * a name with an accent goes at the same pace (37 MB of a bundle whose
 * third line says "Inés" went byte by byte). */
static bool utf8_ok(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint64_t w;
		uint32_t cp;
		size_t len;

		if (i + 8 <= n) {
			memcpy(&w, s + i, 8);
			if (!(w & 0x8080808080808080ull)) {
				i += 8;
				continue;
			}
		}
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		len = ro_utf8_decode(s + i, n - i, &cp);
		if (len == 0 || len == RO_UTF8_CUT)
			return false;
		i += len;
	}
	return true;
}

int or_csv_open(struct or_csv *f, const char *path, const char *name)
{
	struct stat sb;
	size_t got = 0;
	char *buf;
	int fd, rc = 0;

	memset(f, 0, sizeof *f);
	f->name = name;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return ro_error_set(RO_EIO, "%s: %s", name, strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return ro_error_set(RO_EIO, "%s: not a file", name);
	}
	if ((unsigned long long)sb.st_size > RO_SHEET_MAX_PART_BYTES) {
		close(fd);
		return ro_error_set(RO_EFORMAT, "%s: larger than %llu bytes",
		    name, (unsigned long long)RO_SHEET_MAX_PART_BYTES);
	}
	if (!(buf = malloc((size_t)sb.st_size + 1))) {
		close(fd);
		return RO_ENOMEM;
	}
	while (got < (size_t)sb.st_size) {
		ssize_t k = read(fd, buf + got, (size_t)sb.st_size - got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			rc = ro_error_set(RO_EIO, "%s: %s", name, k < 0 ?
			    strerror(errno) : "shorter than it was");
			break;
		}
		got += (size_t)k;
	}
	close(fd);
	if (rc) {
		free(buf);
		return rc;
	}
	return or_csv_open_mem(f, buf, got, name);
}

int or_csv_open_mem(struct or_csv *f, char *text, size_t len,
    const char *name)
{
	memset(f, 0, sizeof *f);
	f->name = name;
	f->buf = text;
	f->len = len;
	f->buf[len] = '\0';
	/* A NUL would end a cell early and cannot be text: refused. */
	if (memchr(text, '\0', len)) {
		or_csv_close(f);
		return ro_error_set(RO_EFORMAT, "%s: a NUL byte: not a text "
		    "file", name);
	}
	if (len >= 3 && memcmp(f->buf, "\xEF\xBB\xBF", 3) == 0) {
		f->pos = 3;
		if (!utf8_ok(f->buf + 3, len - 3)) {
			or_csv_close(f);
			return ro_error_set(RO_EFORMAT, "%s: not valid UTF-8, "
			    "though it starts with a UTF-8 byte order mark",
			    name);
		}
	} else if (!utf8_ok(f->buf, len)) {
		char *u = malloc(3 * len + 1);

		if (!u) {
			or_csv_close(f);
			return RO_ENOMEM;
		}
		f->len = sheet_cp1252_to_utf8(u, (unsigned char *)f->buf, len);
		u[f->len] = '\0';
		free(f->buf);
		f->buf = u;
		f->cp1252 = true;
	}
	return 0;
}

static int add_cell(struct or_csv *f, char *cell)
{
	if (f->ncells == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 32;
		char **v;

		if (cap > RO_SHEET_MAX_CELLS + 1)
			cap = RO_SHEET_MAX_CELLS + 1;
		if (f->ncells >= RO_SHEET_MAX_CELLS)
			return ro_error_set(RO_EFORMAT, "%s row %zu: more than "
			    "%d cells", f->name, f->row.number,
			    RO_SHEET_MAX_CELLS);
		if (!(v = realloc(f->cells, cap * sizeof *v)))
			return RO_ENOMEM;
		f->cells = v;
		f->cap = cap;
	}
	f->cells[f->ncells++] = cell;
	return 0;
}

/* An unquoted cell ends at , CR LF or the end (a quote is an error). */
static size_t plain_len(const char *s)
{
	static const unsigned char stop[256] = {
		[0] = 1, [','] = 1, ['\r'] = 1, ['\n'] = 1, ['"'] = 1 };
	const unsigned char *p = (const unsigned char *)s;

	while (!stop[*p])
		p++;
	return (size_t)(p - (const unsigned char *)s);
}

int or_csv_next(struct or_csv *f, const ro_sheet_row **row)
{
	char *b = f->buf;
	int rc;

	f->ncells = 0;
	if (f->pos >= f->len)
		return 0;
	f->row.number++;
	for (;;) {
		char *cell = b + f->pos, *w;
		char end;

		if (*cell == '"') {
			/* Quoted: up to the closing quote, "" is one. */
			char *r = cell + 1;

			w = cell;
			for (;;) {
				char *q = memchr(r, '"', (size_t)(b + f->len - r));

				if (!q)
					return ro_error_set(RO_EFORMAT, "%s row "
					    "%zu: a quote is left open", f->name,
					    f->row.number);
				memmove(w, r, (size_t)(q - r));
				w += q - r;
				if (q[1] == '"') {
					*w++ = '"';
					r = q + 2;
					continue;
				}
				r = q + 1;
				break;
			}
			end = *r;
			if (end && end != ',' && end != '\r' && end != '\n')
				return ro_error_set(RO_EFORMAT, "%s row %zu: text "
				    "after a closing quote", f->name,
				    f->row.number);
			f->pos = (size_t)(r - b);
		} else {
			size_t n = plain_len(cell);

			if (cell[n] == '"')
				return ro_error_set(RO_EFORMAT, "%s row %zu: a "
				    "quote inside an unquoted cell", f->name,
				    f->row.number);
			w = cell + n;
			end = *w;
			f->pos = (size_t)(w - b);
		}
		if ((size_t)(w - cell) > RO_SHEET_MAX_CELL_BYTES)
			return ro_error_set(RO_EFORMAT, "%s row %zu: a cell of "
			    "more than %u bytes", f->name, f->row.number,
			    RO_SHEET_MAX_CELL_BYTES);
		*w = '\0';
		if ((rc = add_cell(f, cell)))
			return rc;
		if (end == ',') {
			f->pos++;
			continue;
		}
		if (end == '\r')
			f->pos += b[f->pos + 1] == '\n' ? 2 : 1;
		else if (end == '\n')
			f->pos++;
		break;
	}
	/* A blank line is a row of no cells. */
	if (f->ncells == 1 && !*f->cells[0])
		f->ncells = 0;
	f->row.ncells = f->ncells;
	f->row.cells = f->cells;
	*row = &f->row;
	return 1;
}

void or_csv_close(struct or_csv *f)
{
	free(f->buf);
	free(f->cells);
	memset(f, 0, sizeof *f);
}
