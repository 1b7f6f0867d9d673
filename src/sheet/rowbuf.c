/* rowbuf.c — one row's cells in a buffer reused from row to row, so that
 * reading a file allocates only while rows grow; enforces the cell, row
 * and column limits of sheet.h. */
#include "sheet_int.h"

#include <roster/error.h>

#include <stdlib.h>
#include <string.h>

void sheet_rowbuf_init(struct sheet_rowbuf *b)
{
	memset(b, 0, sizeof *b);
}

void sheet_rowbuf_reset(struct sheet_rowbuf *b, size_t row)
{
	b->len = 0;
	b->n = 0;
	b->row = row;
	b->nonempty = false;
}

static int rowbuf_grow(struct sheet_rowbuf *b, size_t len)
{
	if (b->n == b->ncap) {
		size_t ncap = b->ncap ? b->ncap * 2 : 16;
		size_t *offs = realloc(b->offs, ncap * sizeof *offs);

		if (!offs)
			return ro_error_set(RO_ENOMEM, "out of memory");
		b->offs = offs;
		char **cells = realloc(b->cells, ncap * sizeof *cells);

		if (!cells)
			return ro_error_set(RO_ENOMEM, "out of memory");
		b->cells = cells;
		b->ncap = ncap;
	}
	if (b->cap - b->len < len + 1) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap - b->len < len + 1)
			cap *= 2;
		char *bytes = sheet_realloc_wiped(b->bytes, b->cap, cap);

		if (!bytes)
			return ro_error_set(RO_ENOMEM, "out of memory");
		b->bytes = bytes;
		b->cap = cap;
	}
	return 0;
}

int sheet_rowbuf_add(struct sheet_rowbuf *b, const char *s, size_t len)
{
	char name[32];
	int rc;

	if (b->n >= RO_SHEET_MAX_CELLS)
		return ro_error_set(RO_EFORMAT,
		    "row %zu: more than %d cells (an upload file has 9)",
		    b->row, RO_SHEET_MAX_CELLS);
	if (len > RO_SHEET_MAX_CELL_BYTES)
		return ro_error_set(RO_EFORMAT,
		    "%s: longer than 1 MiB (%zu bytes)",
		    sheet_cell_name(name, b->n + 1, b->row), len);
	if (b->len + len > RO_SHEET_MAX_ROW_BYTES)
		return ro_error_set(RO_EFORMAT,
		    "row %zu: larger than 16 MiB", b->row);
	/* The writer's apostrophe comes off: "'=1+2" was "=1+2". */
	if (len >= 2 && s[0] == '\'' && sheet_formula_like(s + 1, len - 1)) {
		s++;
		len--;
	}
	if ((rc = rowbuf_grow(b, len)) < 0)
		return rc;
	b->offs[b->n++] = b->len;
	if (len)
		memcpy(b->bytes + b->len, s, len);
	b->bytes[b->len + len] = '\0';
	b->len += len + 1;
	if (len)
		b->nonempty = true;
	return 0;
}

int sheet_rowbuf_pad(struct sheet_rowbuf *b, size_t n)
{
	int rc;

	while (b->n < n)
		if ((rc = sheet_rowbuf_add(b, "", 0)) < 0)
			return rc;
	return 0;
}

void sheet_rowbuf_finish(struct sheet_rowbuf *b, ro_sheet_row *row)
{
	row->number = b->row;
	row->ncells = 0;
	row->cells = NULL;
	if (!b->nonempty)
		return;
	/* Pointers are made only now: the buffer may have moved meanwhile. */
	for (size_t i = 0; i < b->n; i++)
		b->cells[i] = b->bytes + b->offs[i];
	row->ncells = b->n;
	row->cells = b->cells;
}

void sheet_rowbuf_free(struct sheet_rowbuf *b)
{
	if (!b)
		return;
	sheet_free_wiped(b->bytes, b->cap);
	free(b->offs);
	free(b->cells);
	memset(b, 0, sizeof *b);
}
