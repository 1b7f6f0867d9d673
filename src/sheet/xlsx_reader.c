/* xlsx_reader.c — the first worksheet of an XLSX file, streamed: expat
 * is fed the inflating sheet XML in chunks and paused at each </row>, so
 * memory holds one row, whatever the size of the sheet.
 *
 * Cells come back as the spreadsheet shows their value: shared and inline
 * strings as text, numbers without a trailing ".0" (2027, not 2027.0),
 * booleans as TRUE/FALSE, errors as their text (#N/A), formulas as their
 * cached result. */
#include "xlsx_int.h"

#include <roster/error.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { XLSX_CHUNK = 64 * 1024 };

struct xlsx_reader {
	zip_t *za;
	struct xlsx_parts parts;
	struct xlsx_sst sst;
	struct sheet_zpart zp;
	struct sheet_zahead *ahead;  /* inflates zp on a second core */
	struct sheet_xml *x;
	struct sheet_rowbuf rb;
	bool in_sheetdata, in_row, in_cell, in_value, in_is, in_t;
	int depth, depth_skip;   /* inside <rPh>, whose text is not the cell's */
	size_t row, last_row;
	size_t col, last_col;
	char type;               /* of the cell: n s i(nlineStr) t(str) b e d */
	char *text;              /* the cell's <v> or <is> text */
	size_t tlen, tcap;
	char num[32];
	bool row_done;
	bool suspended, fed_final, finished;
	int err;
};

static int xlsx_fail(struct xlsx_reader *r, int code)
{
	sheet_xml_fail(r->x, code);
	return code;
}

static void xlsx_on_row(struct xlsx_reader *r, const char **atts)
{
	const char *ref = sheet_xml_attr(atts, "r", false);
	size_t n = r->last_row + 1;

	if (ref) {
		char *end;

		errno = 0;
		n = strtoul(ref, &end, 10);
		if (errno || end == ref || *end || n == 0) {
			xlsx_fail(r, ro_error_set(RO_EFORMAT, "%s: bad row "
			    "number \"%.20s\"", r->x->part, ref));
			return;
		}
	}
	if (n > RO_SHEET_MAX_ROWS) {
		xlsx_fail(r, ro_error_set(RO_EFORMAT, "%s: row %zu is past "
		    "the last row a spreadsheet has (%d)", r->x->part, n,
		    RO_SHEET_MAX_ROWS));
		return;
	}
	if (n <= r->last_row) {
		xlsx_fail(r, ro_error_set(RO_EFORMAT, "%s: row %zu comes after "
		    "row %zu", r->x->part, n, r->last_row));
		return;
	}
	r->row = r->last_row = n;
	r->last_col = 0;
	r->in_row = true;
	sheet_rowbuf_reset(&r->rb, n);
}

/* Is the local name s exactly lit?  (The names the sheet's handlers look
 * for are a letter or a few: no call for each of five million.) */
static inline bool name_is(const char *s, const char *lit)
{
	while (*lit && *s == *lit)
		s++, lit++;
	return *s == *lit;
}

static void xlsx_on_cell(struct xlsx_reader *r, const char **atts)
{
	const char *ref = NULL, *t = NULL;
	size_t col = r->last_col + 1, row = r->row;
	char a[32], b[32];

	/* r and t in one pass, as sheet_xml_attr finds them: the first of
	 * each name in no namespace. */
	for (size_t i = 0; atts[i]; i += 2) {
		const char *n = atts[i];
		if (n[0] == 'r' && !n[1] && !ref)
			ref = atts[i + 1];
		else if (n[0] == 't' && !n[1] && !t)
			t = atts[i + 1];
	}
	if (ref && (sheet_cellref_parse(ref, &col, &row) < 0 ||
	    (row && row != r->row))) {
		xlsx_fail(r, ro_error_set(RO_EFORMAT, "%s, row %zu: bad cell "
		    "reference \"%.20s\"", r->x->part, r->row, ref));
		return;
	}
	if (col <= r->last_col || col > SHEET_MAX_COLUMN) {
		xlsx_fail(r, ro_error_set(RO_EFORMAT, "%s: %s comes after %s",
		    r->x->part, sheet_cell_name(a, col, r->row),
		    sheet_cell_name(b, r->last_col, r->row)));
		return;
	}
	r->col = r->last_col = col;
	r->type = 'n';
	if (t && name_is(t, "s"))
		r->type = 's';
	else if (t && name_is(t, "inlineStr"))
		r->type = 'i';
	else if (t && name_is(t, "str"))
		r->type = 't';
	else if (t && (name_is(t, "b") || name_is(t, "e") ||
	    name_is(t, "d")))
		r->type = t[0];
	r->tlen = 0;
	r->in_cell = true;
}

static void XMLCALL xlsx_on_start(void *data, const XML_Char *name,
    const XML_Char **atts)
{
	struct xlsx_reader *r = ((struct sheet_xml *)data)->user;
	const char *local = sheet_xml_local(name);

	r->depth++;
	if (r->depth_skip)
		return;
	if (!r->in_sheetdata) {
		if (name_is(local, "sheetData"))
			r->in_sheetdata = true;
	} else if (!r->in_row) {
		if (name_is(local, "row"))
			xlsx_on_row(r, atts);
	} else if (!r->in_cell) {
		if (name_is(local, "c"))
			xlsx_on_cell(r, atts);
	} else if (name_is(local, "v")) {
		r->in_value = true;
	} else if (name_is(local, "is")) {
		r->in_is = true;
	} else if (r->in_is && name_is(local, "rPh")) {
		r->depth_skip = r->depth;
	} else if (r->in_is && name_is(local, "t")) {
		r->in_t = true;
	}
}

/* Whole numbers as integers, others as the shortest text that reads back
 * as the same double (what a spreadsheet shows, short of formatting). */
static const char *xlsx_number(struct xlsx_reader *r, const char *s)
{
	const char *p = s;
	char *end;
	double d;

	/* The common case, a plain whole number (an id, a year), as it is. */
	while (*p >= '0' && *p <= '9')
		p++;
	if (!*p && p > s && p - s <= 15 && (s[0] != '0' || p - s == 1))
		return s;
	errno = 0;
	d = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(d))
		return s;   /* not a number after all: the text as it is */
	if (d == floor(d) && fabs(d) < 9007199254740992.0) {
		snprintf(r->num, sizeof r->num, "%.0f", d == 0 ? 0.0 : d);
		return r->num;
	}
	snprintf(r->num, sizeof r->num, "%.15g", d);
	if (strtod(r->num, NULL) != d)
		snprintf(r->num, sizeof r->num, "%.17g", d);
	return r->num;
}

static int xlsx_cell_value(struct xlsx_reader *r, const char **v, size_t *n)
{
	char name[32];

	*v = r->text ? r->text : "";
	*n = r->tlen;
	switch (r->type) {
	case 's': {
		char *end;
		unsigned long i;

		errno = 0;
		i = *n ? strtoul(*v, &end, 10) : 0;
		if (!*n || errno || *end || (*v)[0] < '0' || (*v)[0] > '9')
			return ro_error_set(RO_EFORMAT, "%s: shared string "
			    "index \"%.20s\" is not a number",
			    sheet_cell_name(name, r->col, r->row), *v);
		if (!(*v = xlsx_sst_get(&r->sst, i, n)))
			return ro_error_set(RO_EFORMAT, "%s: shared string %lu "
			    "does not exist (the table has %zu)",
			    sheet_cell_name(name, r->col, r->row), i, r->sst.n);
		return 0;
	}
	case 'i':
	case 't':
		if (*n)
			*n = sheet_xstring_decode(r->text, *n);
		return 0;
	case 'b':
		if (strcmp(*v, "1") == 0 || strcmp(*v, "0") == 0) {
			*v = **v == '1' ? "TRUE" : "FALSE";
			*n = strlen(*v);
		}
		return 0;
	case 'n':
		if (*n) {
			*v = xlsx_number(r, *v);
			*n = strlen(*v);
		}
		return 0;
	default:
		return 0;
	}
}

static void xlsx_end_cell(struct xlsx_reader *r)
{
	const char *v;
	size_t n;
	int rc;

	r->in_cell = r->in_value = r->in_is = r->in_t = false;
	if (r->text)
		r->text[r->tlen] = '\0';
	if ((rc = xlsx_cell_value(r, &v, &n)) < 0) {
		xlsx_fail(r, rc);
		return;
	}
	if (n == 0)
		return;      /* a styled empty cell: nothing to yield */
	if ((rc = sheet_rowbuf_pad(&r->rb, r->col - 1)) < 0 ||
	    (rc = sheet_rowbuf_add(&r->rb, v, n)) < 0)
		xlsx_fail(r, rc);
}

static void XMLCALL xlsx_on_end(void *data, const XML_Char *name)
{
	struct xlsx_reader *r = ((struct sheet_xml *)data)->user;
	const char *local = sheet_xml_local(name);
	int depth = r->depth--;

	if (r->depth_skip) {
		if (depth == r->depth_skip)
			r->depth_skip = 0;
		return;
	}
	if (!r->in_sheetdata)
		return;
	if (r->in_cell) {
		if (name_is(local, "c"))
			xlsx_end_cell(r);
		else if (name_is(local, "v"))
			r->in_value = false;
		else if (name_is(local, "t"))
			r->in_t = false;
		else if (name_is(local, "is"))
			r->in_is = false;
	} else if (r->in_row) {
		if (name_is(local, "row")) {
			r->in_row = false;
			r->row_done = true;
			sheet_xml_pause(r->x);
		}
	} else if (name_is(local, "sheetData")) {
		/* The rest (merged cells, links, page setup) is not data. */
		r->finished = true;
		sheet_xml_stop(r->x);
	}
}

static void XMLCALL xlsx_on_text(void *data, const XML_Char *s, int len)
{
	struct xlsx_reader *r = ((struct sheet_xml *)data)->user;
	size_t n = (size_t)len;
	char name[32];

	if (!r->in_cell || r->depth_skip || !(r->in_value || r->in_t))
		return;
	if (r->tlen + n > RO_SHEET_MAX_CELL_BYTES) {
		xlsx_fail(r, ro_error_set(RO_EFORMAT, "%s: longer than 1 MiB",
		    sheet_cell_name(name, r->col, r->row)));
		return;
	}
	if (r->tcap < r->tlen + n + 1) {
		size_t cap = r->tcap ? r->tcap : 256;
		char *p;

		while (cap < r->tlen + n + 1)
			cap *= 2;
		if (!(p = sheet_realloc_wiped(r->text, r->tcap, cap))) {
			xlsx_fail(r, ro_error_set(RO_ENOMEM, "out of memory"));
			return;
		}
		r->text = p;
		r->tcap = cap;
	}
	memcpy(r->text + r->tlen, s, n);
	r->tlen += n;
}

static void xlsx_reader_free(void *impl)
{
	struct xlsx_reader *r = impl;

	if (!r)
		return;
	sheet_xml_free(r->x);
	sheet_zahead_stop(r->ahead);
	sheet_zpart_close(&r->zp);
	xlsx_sst_free(&r->sst);
	xlsx_parts_free(&r->parts);
	if (r->za)
		zip_discard(r->za);
	sheet_rowbuf_free(&r->rb);
	sheet_free_wiped(r->text, r->tcap);
	free(r);
}

static int xlsx_open_zip(zip_t **za, const char *path)
{
	int ze = 0;
	zip_error_t err;
	int rc;

	*za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (*za)
		return 0;
	zip_error_init_with_code(&err, ze);
	switch (ze) {
	case ZIP_ER_NOZIP:
		rc = ro_error_set(RO_EFORMAT, "not an XLSX workbook: not a zip "
		    "archive, or a truncated one");
		break;
	case ZIP_ER_INCONS:
	case ZIP_ER_CRC:
		rc = ro_error_set(RO_EFORMAT, "a damaged zip archive: %s",
		    zip_error_strerror(&err));
		break;
	case ZIP_ER_OPEN:
	case ZIP_ER_READ:
	case ZIP_ER_SEEK:
		rc = ro_error_set(RO_EIO, "cannot read: %s",
		    zip_error_strerror(&err));
		break;
	case ZIP_ER_MEMORY:
		rc = ro_error_set(RO_ENOMEM, "out of memory");
		break;
	default:
		rc = ro_error_set(RO_EFORMAT, "not a readable zip archive: %s",
		    zip_error_strerror(&err));
	}
	zip_error_fini(&err);
	return rc;
}

static int xlsx_reader_open(void **impl, const char *path)
{
	struct xlsx_reader *r = calloc(1, sizeof *r);
	int rc;

	*impl = NULL;
	if (!r)
		return ro_error_set(RO_ENOMEM, "out of memory");
	sheet_rowbuf_init(&r->rb);
	if ((rc = xlsx_open_zip(&r->za, path)) < 0 ||
	    (rc = xlsx_parts_find(&r->parts, r->za)) < 0 ||
	    (rc = xlsx_sst_load(&r->sst, r->za, r->parts.strings)) < 0 ||
	    (rc = sheet_zpart_open(&r->zp, r->za, r->parts.sheet)) < 0 ||
	    (rc = sheet_xml_new(&r->x, r->parts.sheet, r, false)) < 0 ||
	    (rc = sheet_zahead_start(&r->ahead, &r->zp)) < 0) {
		xlsx_reader_free(r);
		return rc;
	}
	XML_SetElementHandler(r->x->p, xlsx_on_start, xlsx_on_end);
	XML_SetCharacterDataHandler(r->x->p, xlsx_on_text);
	*impl = r;
	return 0;
}

/* libzip checks a member's CRC only when it is read to its end: read what
 * follows </sheetData> so that a damaged sheet is not taken as sound. */
static int xlsx_drain(struct xlsx_reader *r)
{
	char buf[16384];
	long n;

	r->finished = true;
	while ((n = sheet_zahead_read(r->ahead, buf, sizeof buf)) > 0)
		;
	return n < 0 ? (int)n : 0;
}

/* Runs the parser until a row ends (1), the sheet ends (0) or an error. */
static int xlsx_step(struct xlsx_reader *r)
{
	int rc;

	if (r->suspended) {
		rc = sheet_xml_resume(r->x);
	} else if (r->fed_final) {
		return 0;
	} else {
		void *buf = sheet_xml_buffer(r->x, XLSX_CHUNK);
		long n;

		if (!buf)
			return RO_EFORMAT;
		if ((n = sheet_zahead_read(r->ahead, buf, XLSX_CHUNK)) < 0)
			return (int)n;
		r->fed_final = n == 0;
		rc = sheet_xml_feed(r->x, (size_t)n, n == 0);
	}
	r->suspended = rc == SHEET_XML_SUSPENDED;
	if (rc == SHEET_XML_DONE)
		return xlsx_drain(r);
	return rc < 0 ? rc : 0;
}

static int xlsx_reader_next(void *impl, ro_sheet_row *row)
{
	struct xlsx_reader *r = impl;
	int rc;

	if (r->err)
		return r->err;
	r->row_done = false;
	while (!r->row_done) {
		if (r->finished || (r->fed_final && !r->suspended))
			return 0;
		if ((rc = xlsx_step(r)) < 0)
			return r->err = rc;
	}
	sheet_rowbuf_finish(&r->rb, row);
	return 1;
}

const struct sheet_reader_ops sheet_xlsx_reader_ops = {
	.format = RO_SHEET_XLSX,
	.open = xlsx_reader_open,
	.next = xlsx_reader_next,
	.was_cp1252 = NULL,
	.free = xlsx_reader_free,
};
