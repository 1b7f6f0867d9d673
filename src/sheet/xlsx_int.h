/* xlsx_int.h — the pieces of the XLSX reader: archive members read with
 * zip-bomb limits, hardened expat parsers, the package's relationships
 * and the shared strings. */
#ifndef ROSTER_XLSX_INT_H
#define ROSTER_XLSX_INT_H

#include "sheet_int.h"

/* The billion-laughs API is declared only with XML_DTD. */
#ifndef XML_DTD
#define XML_DTD 1
#endif
#include <expat.h>
#include <zip.h>

/* zip_part.c: one archive member, its inflated bytes counted as they come
 * (headers can lie) against RO_SHEET_MAX_PART_BYTES and the ratio limit. */
struct sheet_zpart {
	zip_file_t *zf;
	const char *name;    /* borrowed; for messages */
	uint64_t comp;       /* compressed size, from the central directory */
	uint64_t total;      /* bytes inflated so far */
};

/* RO_ENOTFOUND, with a message, when the archive has no such member. */
int sheet_zpart_open(struct sheet_zpart *zp, zip_t *za, const char *name);
/* Bytes read into buf, 0 at the end, or a negative RO_E… code. */
long sheet_zpart_read(struct sheet_zpart *zp, void *buf, size_t n);
void sheet_zpart_close(struct sheet_zpart *zp);
bool sheet_zpart_exists(zip_t *za, const char *name);

/* zip_ahead.c: reads zp on a thread of its own, a few blocks ahead.
 * sheet_zahead_read is sheet_zpart_read's twin for the one reader of the
 * member (an error comes after the bytes before it, with its message,
 * and again on every later call).  Until sheet_zahead_stop returns, the
 * thread owns zp and its archive. */
struct sheet_zahead;
int sheet_zahead_start(struct sheet_zahead **out, struct sheet_zpart *zp);
long sheet_zahead_read(struct sheet_zahead *a, void *buf, size_t n);
/* Stops and joins the thread, frees a; NULL is a no-op. */
void sheet_zahead_stop(struct sheet_zahead *a);

/* xml_safe.c: an expat parser, with namespaces (names are "uri|local")
 * or without (names as written, "x:c"), that refuses any DOCTYPE (so no
 * entity is ever declared, let alone expanded or fetched) and whose
 * memory is capped, so that no element or attribute can grow it without
 * bound. */
struct sheet_xml_budget {
	size_t used, limit;
};

struct sheet_xml {
	XML_Parser p;
	struct sheet_xml_budget budget;
	const char *part;    /* borrowed; for messages */
	void *user;          /* for the caller's handlers */
	int err;             /* a handler's error (sheet_xml_fail) */
	bool done;           /* a handler stopped it on purpose */
};

enum { SHEET_XML_OK = 0, SHEET_XML_SUSPENDED = 1, SHEET_XML_DONE = 2 };

/* Handlers get the struct sheet_xml as their user data. */
/* ns: with namespace processing, which the parts whose attributes are
 * namespaced need (r:id in the workbook).  The worksheet and the shared
 * strings do without: expat is a tenth faster on their tens of MB, and
 * their handlers compare local names only anyway. */
int sheet_xml_new(struct sheet_xml **out, const char *part, void *user,
    bool ns);
void sheet_xml_free(struct sheet_xml *x);
/* The local part of a name: after the namespace ("uri|c") or the prefix
 * ("x:c"). */
const char *sheet_xml_local(const char *name);
/* An attribute by local name; want_ns: only one in some namespace (r:id)
 * rather than in none.  NULL when absent. */
const char *sheet_xml_attr(const char **atts, const char *local, bool want_ns);
/* From a handler: stop with the error already set by ro_error_set. */
void sheet_xml_fail(struct sheet_xml *x, int code);
/* From a handler: stop, all that is wanted has been read. */
void sheet_xml_stop(struct sheet_xml *x);
/* From a handler: pause after it; sheet_xml_resume goes on. */
void sheet_xml_pause(struct sheet_xml *x);
/* Feeds n bytes read into sheet_xml_buffer; SHEET_XML_* or an error with
 * the part, line and column in its message. */
void *sheet_xml_buffer(struct sheet_xml *x, size_t n);
int sheet_xml_feed(struct sheet_xml *x, size_t n, bool final);
int sheet_xml_resume(struct sheet_xml *x);
/* Streams the whole member through x (which must not pause). */
int sheet_xml_parse_part(struct sheet_xml *x, zip_t *za, const char *name);

/* xlsx_package.c: from _rels/.rels to the first worksheet. */
struct xlsx_parts {
	char *workbook;
	char *sheet;         /* the first worksheet */
	char *sheet_name;    /* its tab name, for messages */
	char *strings;       /* shared strings; NULL when there are none */
};

int xlsx_parts_find(struct xlsx_parts *parts, zip_t *za);
void xlsx_parts_free(struct xlsx_parts *parts);

/* xlsx_sst.c: the shared strings, all in memory (bounded by
 * RO_SHEET_MAX_STRINGS and RO_SHEET_MAX_STRING_BYTES), rich text runs
 * joined, phonetic runs left out. */
struct xlsx_sst {
	char *bytes;
	size_t len, cap;
	uint32_t *offs;      /* n + 1 offsets into bytes */
	size_t n, ncap;
	size_t start;        /* of the string being read */
	int depth_si, depth_skip;
	int depth;
	bool in_t;
};

int xlsx_sst_load(struct xlsx_sst *s, zip_t *za, const char *part);
/* NULL when i is out of range. */
const char *xlsx_sst_get(const struct xlsx_sst *s, size_t i, size_t *len);
void xlsx_sst_free(struct xlsx_sst *s);

#endif
