/* xlsx_sst.c — the shared strings table, held in memory because cells
 * refer to it in any order; one buffer and an offset per string keep it
 * compact, and the caps of sheet.h keep a hostile file from filling
 * memory.  Rich text runs are joined; phonetic guides (<rPh>) are not
 * part of the text and are left out, as Excel shows them. */
#include "xlsx_int.h"

#include <roster/error.h>

#include <stdlib.h>
#include <string.h>

static int sst_push(struct xlsx_sst *s)
{
	if (s->n + 1 >= s->ncap) {
		size_t ncap = s->ncap ? s->ncap * 2 : 1024;
		uint32_t *offs = realloc(s->offs, ncap * sizeof *offs);

		if (!offs)
			return ro_error_set(RO_ENOMEM, "out of memory");
		s->offs = offs;
		s->ncap = ncap;
	}
	s->n++;
	s->offs[s->n] = (uint32_t)s->len;
	return 0;
}

static void XMLCALL sst_on_start(void *data, const XML_Char *name,
    const XML_Char **atts)
{
	struct sheet_xml *x = data;
	struct xlsx_sst *s = x->user;
	const char *local = sheet_xml_local(name);

	(void)atts;
	s->depth++;
	if (s->depth_skip)
		return;
	if (strcmp(local, "si") == 0 && !s->depth_si) {
		s->depth_si = s->depth;
		s->start = s->len;
	} else if (s->depth_si && (strcmp(local, "rPh") == 0 ||
	    strcmp(local, "phoneticPr") == 0)) {
		s->depth_skip = s->depth;
	} else if (s->depth_si && strcmp(local, "t") == 0) {
		s->in_t = true;
	}
}

static void XMLCALL sst_on_end(void *data, const XML_Char *name)
{
	struct sheet_xml *x = data;
	struct xlsx_sst *s = x->user;
	int depth = s->depth--;
	int rc;

	(void)name;
	if (s->depth_skip) {
		if (depth == s->depth_skip)
			s->depth_skip = 0;
		return;
	}
	if (depth != s->depth_si) {
		s->in_t = false;
		return;
	}
	s->depth_si = 0;
	s->in_t = false;
	/* (No text yet, no buffer: NULL + 0 is undefined.) */
	if (s->len > s->start)
		s->len = s->start + sheet_xstring_decode(s->bytes + s->start,
		    s->len - s->start);
	if (s->n >= RO_SHEET_MAX_STRINGS) {
		sheet_xml_fail(x, ro_error_set(RO_EFORMAT, "%s: more than %u "
		    "strings", x->part, RO_SHEET_MAX_STRINGS));
		return;
	}
	if ((rc = sst_push(s)) < 0)
		sheet_xml_fail(x, rc);
}

static void XMLCALL sst_on_text(void *data, const XML_Char *text, int len)
{
	struct sheet_xml *x = data;
	struct xlsx_sst *s = x->user;
	size_t n = (size_t)len;

	if (!s->in_t || s->depth_skip)
		return;
	if (s->len + n > RO_SHEET_MAX_STRING_BYTES) {
		sheet_xml_fail(x, ro_error_set(RO_EFORMAT, "%s: more than "
		    "%u MiB of text", x->part, RO_SHEET_MAX_STRING_BYTES >> 20));
		return;
	}
	if (s->cap - s->len < n) {
		size_t cap = s->cap ? s->cap : 64 * 1024;
		char *p;

		while (cap - s->len < n)
			cap *= 2;
		if (!(p = sheet_realloc_wiped(s->bytes, s->cap, cap))) {
			sheet_xml_fail(x, ro_error_set(RO_ENOMEM,
			    "out of memory"));
			return;
		}
		s->bytes = p;
		s->cap = cap;
	}
	memcpy(s->bytes + s->len, text, n);
	s->len += n;
}

int xlsx_sst_load(struct xlsx_sst *s, zip_t *za, const char *part)
{
	struct sheet_xml *x;
	int rc;

	memset(s, 0, sizeof *s);
	if (!(s->offs = malloc(1024 * sizeof *s->offs)))
		return ro_error_set(RO_ENOMEM, "out of memory");
	s->ncap = 1024;
	s->offs[0] = 0;
	if (!part || !sheet_zpart_exists(za, part))
		return 0;   /* an error only if a cell refers to a string */
	if ((rc = sheet_xml_new(&x, part, s, false)) < 0)
		return rc;
	XML_SetElementHandler(x->p, sst_on_start, sst_on_end);
	XML_SetCharacterDataHandler(x->p, sst_on_text);
	rc = sheet_xml_parse_part(x, za, part);
	sheet_xml_free(x);
	return rc;
}

const char *xlsx_sst_get(const struct xlsx_sst *s, size_t i, size_t *len)
{
	if (i >= s->n)
		return NULL;
	*len = s->offs[i + 1] - s->offs[i];
	return s->bytes ? s->bytes + s->offs[i] : "";
}

void xlsx_sst_free(struct xlsx_sst *s)
{
	if (!s)
		return;
	sheet_free_wiped(s->bytes, s->cap);
	free(s->offs);
	memset(s, 0, sizeof *s);
}
