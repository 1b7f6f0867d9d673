/* xml_safe.c — expat, hardened for files from anyone: no DOCTYPE (hence
 * no entities, internal or external), billion-laughs protection as a
 * second fence, and a memory budget per parser, since expat buffers a
 * whole tag however long and would otherwise grow with a hostile one. */
#include "xlsx_int.h"

#include <roster/error.h>

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum { XML_BUDGET = 64 << 20, XML_CHUNK = 64 * 1024 };

/* expat's memory functions take no context: the budget of the parser
 * being called is set around each call, and every block remembers the
 * budget it was counted against, so that frees match. */
static _Thread_local struct sheet_xml_budget *xml_current;

typedef union xml_block {
	max_align_t align;
	struct {
		size_t size;
		struct sheet_xml_budget *budget;
	} h;
} xml_block;

static void *xml_malloc(size_t n)
{
	struct sheet_xml_budget *b = xml_current;
	xml_block *blk;

	if (n > SIZE_MAX - sizeof *blk)
		return NULL;
	if (b && n > b->limit - b->used)
		return NULL;
	if (!(blk = malloc(sizeof *blk + n)))
		return NULL;
	blk->h.size = n;
	blk->h.budget = b;
	if (b)
		b->used += n;
	return blk + 1;
}

static void xml_free(void *p)
{
	xml_block *blk;

	if (!p)
		return;
	blk = (xml_block *)p - 1;
	if (blk->h.budget)
		blk->h.budget->used -= blk->h.size;
	/* expat's buffers hold the XML as read, cells and all. */
	sheet_free_wiped(blk, sizeof *blk + blk->h.size);
}

static void *xml_realloc(void *p, size_t n)
{
	xml_block *blk, *nb;
	struct sheet_xml_budget *b;
	size_t old;

	if (!p)
		return xml_malloc(n);
	blk = (xml_block *)p - 1;
	b = blk->h.budget;
	old = blk->h.size;
	if (n > SIZE_MAX - sizeof *blk)
		return NULL;
	if (b && n > old && n - old > b->limit - b->used)
		return NULL;
	if (!(nb = sheet_realloc_wiped(blk, sizeof *blk + old, sizeof *nb + n)))
		return NULL;
	if (b)
		b->used = b->used - old + n;
	nb->h.size = n;
	return nb + 1;
}

static const XML_Memory_Handling_Suite xml_suite = {
	xml_malloc, xml_realloc, xml_free
};

static void XMLCALL xml_on_doctype(void *data, const XML_Char *name,
    const XML_Char *sysid, const XML_Char *pubid, int has_internal_subset)
{
	struct sheet_xml *x = data;

	(void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
	sheet_xml_fail(x, ro_error_set(RO_EFORMAT, "%s: has a DOCTYPE "
	    "(entities), which XLSX parts never have: refused", x->part));
}

int sheet_xml_new(struct sheet_xml **out, const char *part, void *user,
    bool ns)
{
	struct sheet_xml *x = calloc(1, sizeof *x);

	*out = NULL;
	if (!x)
		return ro_error_set(RO_ENOMEM, "out of memory");
	x->budget.limit = XML_BUDGET;
	x->part = part;
	x->user = user;
	xml_current = &x->budget;
	x->p = XML_ParserCreate_MM(NULL, &xml_suite, ns ? "|" : NULL);
	if (x->p) {
		XML_SetUserData(x->p, x);
		XML_SetStartDoctypeDeclHandler(x->p, xml_on_doctype);
		XML_SetParamEntityParsing(x->p, XML_PARAM_ENTITY_PARSING_NEVER);
		XML_SetBillionLaughsAttackProtectionMaximumAmplification(x->p,
		    10.0f);
		XML_SetBillionLaughsAttackProtectionActivationThreshold(x->p,
		    1 << 20);
	}
	xml_current = NULL;
	if (!x->p) {
		free(x);
		return ro_error_set(RO_ENOMEM, "out of memory");
	}
	*out = x;
	return 0;
}

void sheet_xml_free(struct sheet_xml *x)
{
	if (!x)
		return;
	xml_current = &x->budget;
	XML_ParserFree(x->p);
	xml_current = NULL;
	free(x);
}

const char *sheet_xml_local(const char *name)
{
	/* From the end: the local part is short, the namespace long (a
	 * sheet of 100,000 rows has five million names). */
	const char *p = name + strlen(name);

	/* A local name holds neither '|' nor ':'; a namespace may hold ':'
	 * ("http:") but comes before the '|'. */
	while (p > name && p[-1] != '|' && p[-1] != ':')
		p--;
	return p;
}

const char *sheet_xml_attr(const char **atts, const char *local, bool want_ns)
{
	for (size_t i = 0; atts[i]; i += 2) {
		const char *bar = strrchr(atts[i], '|');
		const char *l = bar ? bar + 1 : atts[i];

		if ((bar != NULL) == want_ns && strcmp(l, local) == 0)
			return atts[i + 1];
	}
	return NULL;
}

void sheet_xml_fail(struct sheet_xml *x, int code)
{
	if (!x->err)
		x->err = code;
	XML_StopParser(x->p, XML_FALSE);
}

void sheet_xml_stop(struct sheet_xml *x)
{
	x->done = true;
	XML_StopParser(x->p, XML_FALSE);
}

void sheet_xml_pause(struct sheet_xml *x)
{
	XML_StopParser(x->p, XML_TRUE);
}

static int xml_status(struct sheet_xml *x, enum XML_Status st)
{
	enum XML_Error e;

	if (x->err)
		return x->err;
	if (st == XML_STATUS_SUSPENDED)
		return SHEET_XML_SUSPENDED;
	if (st == XML_STATUS_OK)
		return SHEET_XML_OK;
	e = XML_GetErrorCode(x->p);
	if (e == XML_ERROR_ABORTED && x->done)
		return SHEET_XML_DONE;
	if (e == XML_ERROR_NO_MEMORY && x->budget.used + (1 << 20) >
	    x->budget.limit)
		return ro_error_set(RO_EFORMAT, "%s, line %lu: an element too "
		    "large to read (over %d MiB)", x->part,
		    (unsigned long)XML_GetCurrentLineNumber(x->p),
		    XML_BUDGET >> 20);
	if (e == XML_ERROR_NO_MEMORY)
		return ro_error_set(RO_ENOMEM, "out of memory");
	return ro_error_set(RO_EFORMAT, "%s, line %lu, column %lu: %s%s",
	    x->part, (unsigned long)XML_GetCurrentLineNumber(x->p),
	    (unsigned long)XML_GetCurrentColumnNumber(x->p) + 1,
	    XML_ErrorString(e), e == XML_ERROR_INVALID_TOKEN ?
	    " (not XML, or not valid UTF-8)" : "");
}

void *sheet_xml_buffer(struct sheet_xml *x, size_t n)
{
	void *buf;

	xml_current = &x->budget;
	buf = XML_GetBuffer(x->p, (int)n);
	xml_current = NULL;
	if (!buf)
		ro_error_set(RO_EFORMAT, "%s, line %lu: an element too large "
		    "to read (over %d MiB)", x->part,
		    (unsigned long)XML_GetCurrentLineNumber(x->p),
		    XML_BUDGET >> 20);
	return buf;
}

int sheet_xml_feed(struct sheet_xml *x, size_t n, bool final)
{
	enum XML_Status st;

	xml_current = &x->budget;
	st = XML_ParseBuffer(x->p, (int)n, final);
	xml_current = NULL;
	return xml_status(x, st);
}

int sheet_xml_resume(struct sheet_xml *x)
{
	enum XML_Status st;

	xml_current = &x->budget;
	st = XML_ResumeParser(x->p);
	xml_current = NULL;
	return xml_status(x, st);
}

int sheet_xml_parse_part(struct sheet_xml *x, zip_t *za, const char *name)
{
	struct sheet_zpart zp;
	int rc;

	if ((rc = sheet_zpart_open(&zp, za, name)) < 0)
		return rc;
	for (;;) {
		void *buf = sheet_xml_buffer(x, XML_CHUNK);
		long n;

		if (!buf) {
			rc = RO_EFORMAT;
			break;
		}
		if ((n = sheet_zpart_read(&zp, buf, XML_CHUNK)) < 0) {
			rc = (int)n;
			break;
		}
		rc = sheet_xml_feed(x, (size_t)n, n == 0);
		if (rc == SHEET_XML_DONE)
			rc = 0;
		if (rc < 0 || n == 0 || x->done)
			break;
	}
	sheet_zpart_close(&zp);
	return rc;
}
