/* plan_read.c — an upload file into typed records.
 *
 * Everything here depends on the file alone: the header check (E10), the
 * cell count (E11), trimming (W11), numbers a spreadsheet damaged (W10 on
 * IDs and years) and the password rules (E40, E41, W20), which need the
 * plaintext and so are settled before it is hashed and wiped.  What
 * depends on the data is left to plan_check.c. */
#include "plan_int.h"

#include <roster/rules.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Rows between two calls of the progress callback while reading. */
#define PLAN_READ_STEP 4096

static const char *const headers[RO_UPLOAD_COLUMNS] = {
	"Portfolio ID", "Username", "Password", "First Name", "Last Name",
	"Graduation Year", "Group", "Email", "Account Type",
};

const char *const *ro_upload_headers(void)
{
	return headers;
}

/* A copy of s for a message: at most 40 bytes, cut on a character
 * boundary and marked with "…". */
static void clip(char out[48], const char *s)
{
	size_t n = strlen(s);

	if (n <= 40) {
		memcpy(out, s, n + 1);
		return;
	}
	n = 40;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(out, s, n);
	memcpy(out + n, "\u2026", sizeof "\u2026");
}

/* Trims spaces and any UTF-8 byte order marks around a header cell. */
static char *header_cell(const char *cell)
{
	char *h = strdup(cell);
	bool more = true;

	if (!h)
		return NULL;
	while (more) {
		more = ro_rules_trim(h);
		if (strncmp(h, "\xEF\xBB\xBF", 3) == 0) {
			memmove(h, h + 3, strlen(h + 3) + 1);
			more = true;
		}
	}
	return h;
}

/* Keeps an E10 message (m from plan_msg) for the whole file. */
static int header_error(plan_ctx *c, char *m)
{
	if (!m)
		return RO_ENOMEM;
	c->file_error = RO_ST_E10;
	c->file_message = m;
	return 0;
}

/* Sets c->file_error (E10) naming the first column that differs. */
static int header_check(plan_ctx *c, const ro_sheet_row *row)
{
	size_t n = row->ncells, total = n > RO_UPLOAD_COLUMNS ? n :
	    RO_UPLOAD_COLUMNS;

	if (row->number != 1 || n == 0)
		return header_error(c, plan_msg("header: the first row is "
		    "empty; an upload file starts with the nine columns of "
		    "Export for Upload in row 1"));
	for (size_t i = 0; i < total; i++) {
		char col[4], shown[48];
		char *h;
		int rc = 0;

		ro_sheet_col_name(col, i + 1);
		if (i >= n)
			return header_error(c, plan_msg("header: column %s "
			    "(%s) is missing; an upload file has the nine "
			    "columns of Export for Upload", col, headers[i]));
		if (!(h = header_cell(row->cells[i])))
			return RO_ENOMEM;
		clip(shown, h);
		if (i >= RO_UPLOAD_COLUMNS)
			rc = header_error(c, plan_msg("header: column %s "
			    "(\"%s\") is one column too many; an upload file "
			    "has the nine columns of Export for Upload, ending "
			    "with %s", col, shown,
			    headers[RO_UPLOAD_COLUMNS - 1]));
		else if (i == 0 && strncmp(h, "\xC3\xAF\xC2\xBB\xC2\xBF", 6) == 0)
			/* "ï»¿": a UTF-8 byte order mark read as Windows-1252
			 * by the program that saved the file. */
			rc = header_error(c, plan_msg("header: column A is "
			    "\"%s\": the program that saved the file read it "
			    "with the wrong character set, so its accents are "
			    "damaged too; open the original as UTF-8 (Unicode) "
			    "and save it again", shown));
		else if (strcmp(h, headers[i]) != 0)
			rc = header_error(c, plan_msg("header: column %s is "
			    "\"%s\", expected \"%s\"", col, shown,
			    headers[i]));
		free(h);
		if (rc || c->file_error)
			return rc;
	}
	return 0;
}

bool plan_is_sci(const char *s)
{
	const char *p = s;

	/* d[.ddd]E[+-]dd, the decimal mark a point or a comma */
	if (!(*p >= '0' && *p <= '9'))
		return false;
	p++;
	if (*p == '.' || *p == ',') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p != 'E' && *p != 'e')
		return false;
	p++;
	if (*p == '+' || *p == '-')
		p++;
	if (!(*p >= '0' && *p <= '9'))
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	return !*p;
}

/* How a number cell reads: see enum plan_num. */
static enum plan_num num_parse(const char *s, int64_t *out)
{
	const char *p = s;
	int64_t v = 0;
	size_t digits = 0;

	*out = 0;
	if (!*s)
		return NUM_BLANK;
	while (*p >= '0' && *p <= '9') {
		if (digits++ < 18)
			v = v * 10 + (*p - '0');
		p++;
	}
	if (digits == 0 || digits > 18) {
		/* maybe 1.2E+05 below */
	} else if (!*p) {
		*out = v;
		return NUM_OK;
	} else if (*p == '.' && p[1] == '0') {
		const char *z = p + 1;
		while (*z == '0')
			z++;
		if (!*z) {
			*out = v;
			return NUM_DOT0;
		}
	}
	return plan_is_sci(s) ? NUM_SCI : NUM_BAD;
}

static int type_parse(const char *s)
{
	static const char *const names[] = { "student", "staff", "admin" };

	for (int i = 0; i < 3; i++)
		if (strcasecmp(s, names[i]) == 0)
			return i;
	return -1;
}

static plan_rec *rec_new(plan_ctx *c)
{
	if (c->nrecs == c->caprecs) {
		size_t cap = c->caprecs ? c->caprecs * 2 : 256;
		plan_rec *v = ro_big_realloc(c->recs, cap * sizeof *v);
		if (!v)
			return NULL;
		c->recs = v;
		c->caprecs = cap;
	}
	memset(&c->recs[c->nrecs], 0, sizeof c->recs[0]);
	return &c->recs[c->nrecs++];
}

static int rec_add(plan_ctx *c, const ro_sheet_row *row)
{
	size_t keep = row->ncells < RO_UPLOAD_COLUMNS ? row->ncells :
	    RO_UPLOAD_COLUMNS, len = RO_UPLOAD_COLUMNS, off = 0;
	plan_rec *r = rec_new(c);
	int64_t y;

	if (!r)
		return RO_ENOMEM;
	r->row = (uint32_t)row->number;
	/* An XLSX row stops at its last non-empty cell: fewer cells are blank
	 * ones, not missing ones.  A CSV record has them all. */
	_Static_assert(RO_SHEET_MAX_CELLS <= UINT16_MAX,
	    "a row's cell count no longer fits plan_rec.ncells");
	r->ncells = (uint16_t)row->ncells;
	if (c->format == RO_SHEET_XLSX && row->ncells < RO_UPLOAD_COLUMNS)
		r->ncells = RO_UPLOAD_COLUMNS;
	for (size_t i = 0; i < keep; i++)
		len += strlen(row->cells[i]);
	if (!(r->buf = plan_arena_alloc(&c->chunks, len))) {
		c->nrecs--;
		return RO_ENOMEM;
	}
	for (size_t i = 0; i < RO_UPLOAD_COLUMNS; i++) {
		size_t n = i < keep ? strlen(row->cells[i]) : 0;
		/* A row is at most RO_SHEET_MAX_ROW_BYTES: offsets fit. */
		r->off[i] = (uint32_t)off;
		memcpy(CELL(r, i), i < keep ? row->cells[i] : "", n);
		CELL(r, i)[n] = '\0';
		off += n + 1;
		if (ro_rules_trim(CELL(r, i)))
			r->trimmed |= (uint16_t)(1u << i);
	}
	r->id_num = (uint8_t)num_parse(CELL(r, C_ID), &r->id);
	r->year_num = (uint8_t)num_parse(CELL(r, C_YEAR), &y);
	if (r->year_num == NUM_OK || r->year_num == NUM_DOT0) {
		char digits[24];
		int year;
		/* "0202" is not a year even though 202 is a number. */
		if (r->year_num == NUM_OK) {
			size_t n = strnlen(CELL(r, C_YEAR), sizeof digits - 1);
			memcpy(digits, CELL(r, C_YEAR), n);
			digits[n] = '\0';
		} else {
			snprintf(digits, sizeof digits, "%lld", (long long)y);
		}
		if (ro_rules_grad_year(&year, digits) != RO_ST_NONE)
			r->year_num = NUM_BAD;
		r->year = (int16_t)year;
	}
	r->type = (int8_t)type_parse(CELL(r, C_TYPE));
	r->pw_set = CELL(r, C_PW)[0] != '\0';
	if (r->pw_set) {
		ro_status pw[2];
		r->npw = (uint8_t)ro_rules_password_codes(pw, CELL(r, C_PW));
		for (size_t i = 0; i < r->npw; i++)
			r->pw[i] = (uint8_t)pw[i];
		r->pw_weak = ro_rules_password_weak(CELL(r, C_PW),
		    CELL(r, C_USER), CELL(r, C_FIRST), CELL(r, C_LAST));
	}
	return 0;
}

int plan_rec_add(plan_ctx *c, const ro_sheet_row *row)
{
	return rec_add(c, row);
}

int plan_read(plan_ctx *c)
{
	ro_sheet_reader *rd = NULL;
	const ro_sheet_row *row;
	int rc;

	if ((rc = ro_sheet_reader_open(&rd, c->path, c->format))) {
		char why[512];
		/* Name the file: the reader names only what is wrong. */
		snprintf(why, sizeof why, "%s", ro_error_last());
		return ro_error_set(rc, "%s: %s", c->path, why);
	}
	c->format = ro_sheet_reader_format(rd);
	rc = ro_sheet_reader_next(rd, &row);
	if (rc == 0) {
		rc = header_error(c, plan_msg("the file has no header row; "
		    "an upload file starts with the nine columns of Export "
		    "for Upload"));
		goto out;
	}
	if (rc < 0)
		goto out;
	if ((rc = header_check(c, row)) || c->file_error)
		goto out;
	while ((rc = ro_sheet_reader_next(rd, &row)) == 1) {
		/* A blank line is not a row to upload. */
		if (row->ncells == 0)
			continue;
		if ((rc = rec_add(c, row)))
			goto out;
		/* A big file takes a while: the front end may stop it. */
		if (c->progress && c->nrecs % PLAN_READ_STEP == 0 &&
		    c->progress(c->pctx, c->nrecs, 0)) {
			rc = ro_error_set(RO_ECANCEL, "cancelled while reading "
			    "the file; nothing was changed");
			goto out;
		}
	}
out:
	c->cp1252 = ro_sheet_reader_was_cp1252(rd);
	ro_sheet_reader_free(rd);
	if (rc < 0 && rc != RO_ENOMEM) {
		char why[512];
		snprintf(why, sizeof why, "%s", ro_error_last());
		return ro_error_set(rc, "%s: %s", c->path, why);
	}
	return rc < 0 ? rc : 0;
}

void plan_recs_wipe_passwords(plan_ctx *c)
{
	for (size_t i = 0; i < c->nrecs; i++) {
		char *pw = CELL(&c->recs[i], C_PW);
		if (pw && *pw)
			explicit_bzero(pw, strlen(pw));
	}
}

void plan_recs_free(plan_ctx *c)
{
	plan_recs_wipe_passwords(c);
	plan_arena_free(&c->chunks);
	ro_big_free(c->recs);
	c->recs = NULL;
	c->nrecs = c->caprecs = 0;
}
