/* xlsx_package.c — finding the first worksheet of an XLSX package the way
 * the OOXML packaging rules say: _rels/.rels names the workbook part, the
 * workbook lists its sheets in tab order by relationship id, and the
 * workbook's own .rels maps those ids to parts (and names the shared
 * strings).  Part names are never guessed from the usual layout, so a
 * file written by any program reads the same. */
#include "xlsx_int.h"

#include <roster/error.h>

#include <stdlib.h>
#include <string.h>

enum { MAX_RELS = 10000, MAX_SHEETS = 10000 };

struct rel {
	char *id, *type, *target;
};

struct rels {
	struct sheet_xml *x;
	struct rel *v;
	size_t n, cap;
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void XMLCALL rels_on_start(void *data, const XML_Char *name,
    const XML_Char **atts)
{
	struct sheet_xml *x = data;
	struct rels *rs = x->user;
	const char *id, *type, *target, *mode;
	struct rel *r;

	if (strcmp(sheet_xml_local(name), "Relationship") != 0)
		return;
	id = sheet_xml_attr(atts, "Id", false);
	type = sheet_xml_attr(atts, "Type", false);
	target = sheet_xml_attr(atts, "Target", false);
	mode = sheet_xml_attr(atts, "TargetMode", false);
	if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
		return;
	if (rs->n == MAX_RELS) {
		sheet_xml_fail(x, ro_error_set(RO_EFORMAT, "%s: more than %d "
		    "relationships", x->part, MAX_RELS));
		return;
	}
	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 16;
		struct rel *v = realloc(rs->v, cap * sizeof *v);

		if (!v) {
			sheet_xml_fail(x, ro_error_set(RO_ENOMEM,
			    "out of memory"));
			return;
		}
		rs->v = v;
		rs->cap = cap;
	}
	r = &rs->v[rs->n];
	r->id = strdup(id);
	r->type = strdup(type);
	r->target = strdup(target);
	rs->n++;
	if (!r->id || !r->type || !r->target)
		sheet_xml_fail(x, ro_error_set(RO_ENOMEM, "out of memory"));
}

static void rels_free(struct rels *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		free(rs->v[i].id);
		free(rs->v[i].type);
		free(rs->v[i].target);
	}
	free(rs->v);
	sheet_xml_free(rs->x);
	memset(rs, 0, sizeof *rs);
}

static int rels_load(struct rels *rs, zip_t *za, const char *part)
{
	int rc;

	memset(rs, 0, sizeof *rs);
	if ((rc = sheet_xml_new(&rs->x, part, rs, true)) < 0)
		return rc;
	XML_SetStartElementHandler(rs->x->p, rels_on_start);
	return sheet_xml_parse_part(rs->x, za, part);
}

static const struct rel *rels_by_type(const struct rels *rs, const char *t)
{
	for (size_t i = 0; i < rs->n; i++)
		if (ends_with(rs->v[i].type, t))
			return &rs->v[i];
	return NULL;
}

static const struct rel *rels_by_id(const struct rels *rs, const char *id)
{
	for (size_t i = 0; i < rs->n; i++)
		if (strcmp(rs->v[i].id, id) == 0)
			return &rs->v[i];
	return NULL;
}

/* The part a target names: relative to the folder of the part that holds
 * the relationship (dir, "" for the package root) or, with a leading
 * slash, to the root; "." and ".." resolved.  NULL when it climbs out. */
static char *resolve_target(const char *dir, const char *target)
{
	size_t n = strlen(dir) + strlen(target) + 2;
	char *in = malloc(n), *out = malloc(n), *seg, *save = NULL;
	size_t len = 0;

	if (!in || !out)
		goto fail;
	if (target[0] == '/')
		snprintf(in, n, "%s", target + 1);
	else
		snprintf(in, n, "%s%s%s", dir, *dir ? "/" : "", target);
	for (seg = strtok_r(in, "/", &save); seg;
	    seg = strtok_r(NULL, "/", &save)) {
		if (strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			if (len == 0)
				goto fail;
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--;
			continue;
		}
		len += (size_t)snprintf(out + len, n - len, "%s%s",
		    len ? "/" : "", seg);
	}
	out[len] = '\0';
	free(in);
	if (len == 0) {
		free(out);
		return NULL;
	}
	return out;
fail:
	free(in);
	free(out);
	return NULL;
}

/* "xl/workbook.xml" → "xl" and "xl/_rels/workbook.xml.rels". */
static int rels_name_of(const char *part, char **dir, char **rels)
{
	const char *slash = strrchr(part, '/');
	size_t dlen = slash ? (size_t)(slash - part) : 0;
	const char *base = slash ? slash + 1 : part;
	size_t n = strlen(part) + 16;

	*dir = malloc(dlen + 1);
	*rels = malloc(n);
	if (!*dir || !*rels)
		return ro_error_set(RO_ENOMEM, "out of memory");
	memcpy(*dir, part, dlen);
	(*dir)[dlen] = '\0';
	snprintf(*rels, n, "%s%s_rels/%s.rels", *dir, dlen ? "/" : "", base);
	return 0;
}

struct workbook {
	struct sheet_xml *x;
	bool root_seen;
	char **ids, **names;
	size_t n;
};

static void XMLCALL workbook_on_start(void *data, const XML_Char *name,
    const XML_Char **atts)
{
	struct sheet_xml *x = data;
	struct workbook *wb = x->user;
	const char *local = sheet_xml_local(name), *id, *tab;

	if (!wb->root_seen) {
		wb->root_seen = true;
		if (strcmp(local, "workbook") != 0)
			sheet_xml_fail(x, ro_error_set(RO_EFORMAT, "not a "
			    "spreadsheet: %s holds a <%s>, not a workbook",
			    x->part, local));
		return;
	}
	if (strcmp(local, "sheet") != 0)
		return;
	if (wb->n == MAX_SHEETS) {
		sheet_xml_stop(x);
		return;
	}
	id = sheet_xml_attr(atts, "id", true);
	tab = sheet_xml_attr(atts, "name", false);
	char **ids = realloc(wb->ids, (wb->n + 1) * sizeof *ids);

	if (ids)
		wb->ids = ids;
	char **names = realloc(wb->names, (wb->n + 1) * sizeof *names);

	if (names)
		wb->names = names;
	if (!ids || !names) {
		sheet_xml_fail(x, ro_error_set(RO_ENOMEM, "out of memory"));
		return;
	}
	wb->ids[wb->n] = strdup(id ? id : "");
	wb->names[wb->n] = strdup(tab ? tab : "?");
	wb->n++;
	if (!wb->ids[wb->n - 1] || !wb->names[wb->n - 1])
		sheet_xml_fail(x, ro_error_set(RO_ENOMEM, "out of memory"));
}

static void workbook_free(struct workbook *wb)
{
	for (size_t i = 0; i < wb->n; i++) {
		free(wb->ids[i]);
		free(wb->names[i]);
	}
	free(wb->ids);
	free(wb->names);
	sheet_xml_free(wb->x);
}

/* An OpenDocument file starts with a "mimetype" member saying so. */
static int refuse_opendocument(zip_t *za)
{
	struct sheet_zpart zp;
	char mime[128];
	long n;

	if (!sheet_zpart_exists(za, "mimetype") ||
	    sheet_zpart_open(&zp, za, "mimetype") < 0)
		return 0;
	n = sheet_zpart_read(&zp, mime, sizeof mime - 1);
	sheet_zpart_close(&zp);
	if (n <= 0)
		return 0;
	mime[n] = '\0';
	if (strstr(mime, "opendocument.spreadsheet"))
		return ro_error_set(RO_EFORMAT, "an OpenDocument spreadsheet "
		    "(ODS), not XLSX: save it as .xlsx or .csv");
	if (strstr(mime, "opendocument"))
		return ro_error_set(RO_EFORMAT, "an OpenDocument file, not a "
		    "spreadsheet");
	return 0;
}

static int find_workbook(struct xlsx_parts *parts, zip_t *za)
{
	struct rels rs;
	const struct rel *r;
	int rc;

	if ((rc = refuse_opendocument(za)) < 0)
		return rc;
	if (!sheet_zpart_exists(za, "_rels/.rels"))
		return ro_error_set(RO_EFORMAT, "a zip archive, but not an "
		    "XLSX workbook: _rels/.rels is missing");
	if ((rc = rels_load(&rs, za, "_rels/.rels")) < 0)
		goto out;
	if (!(r = rels_by_type(&rs, "/officeDocument"))) {
		rc = ro_error_set(RO_EFORMAT, "not an XLSX workbook: "
		    "_rels/.rels names no workbook");
		goto out;
	}
	if (!(parts->workbook = resolve_target("", r->target))) {
		rc = ro_error_set(RO_EFORMAT, "_rels/.rels: bad workbook "
		    "target \"%s\"", r->target);
		goto out;
	}
	if (!sheet_zpart_exists(za, parts->workbook))
		rc = ro_error_set(RO_EFORMAT, "the workbook part %s is "
		    "missing from the archive", parts->workbook);
out:
	rels_free(&rs);
	return rc;
}

int xlsx_parts_find(struct xlsx_parts *parts, zip_t *za)
{
	struct workbook wb = { 0 };
	struct rels rs = { 0 };
	char *dir = NULL, *rels_part = NULL;
	const struct rel *r = NULL, *sst;
	size_t i;
	int rc;

	memset(parts, 0, sizeof *parts);
	if ((rc = find_workbook(parts, za)) < 0)
		goto out;
	if ((rc = sheet_xml_new(&wb.x, parts->workbook, &wb, true)) < 0)
		goto out;
	XML_SetStartElementHandler(wb.x->p, workbook_on_start);
	if ((rc = sheet_xml_parse_part(wb.x, za, parts->workbook)) < 0)
		goto out;
	if (wb.n == 0) {
		rc = ro_error_set(RO_EFORMAT, "the workbook has no worksheet");
		goto out;
	}
	if ((rc = rels_name_of(parts->workbook, &dir, &rels_part)) < 0)
		goto out;
	if (!sheet_zpart_exists(za, rels_part)) {
		rc = ro_error_set(RO_EFORMAT, "%s is missing: the workbook's "
		    "sheets cannot be found", rels_part);
		goto out;
	}
	if ((rc = rels_load(&rs, za, rels_part)) < 0)
		goto out;
	/* The first sheet that is a worksheet: a chart sheet may come first. */
	for (i = 0; i < wb.n; i++) {
		r = rels_by_id(&rs, wb.ids[i]);
		if (!r) {
			rc = ro_error_set(RO_EFORMAT, "worksheet \"%s\" (%s) is "
			    "missing from %s", wb.names[i],
			    *wb.ids[i] ? wb.ids[i] : "no id", rels_part);
			goto out;
		}
		if (ends_with(r->type, "/worksheet"))
			break;
	}
	if (i == wb.n) {
		rc = ro_error_set(RO_EFORMAT, "the workbook has no worksheet "
		    "(only charts or dialogs)");
		goto out;
	}
	parts->sheet = resolve_target(dir, r->target);
	parts->sheet_name = strdup(wb.names[i]);
	if (!parts->sheet || !parts->sheet_name) {
		rc = ro_error_set(RO_EFORMAT, "%s: bad worksheet target \"%s\"",
		    rels_part, r->target);
		goto out;
	}
	if (!sheet_zpart_exists(za, parts->sheet)) {
		rc = ro_error_set(RO_EFORMAT, "the worksheet \"%s\" (%s) is "
		    "missing from the archive", parts->sheet_name, parts->sheet);
		goto out;
	}
	if ((sst = rels_by_type(&rs, "/sharedStrings")) &&
	    !(parts->strings = resolve_target(dir, sst->target))) {
		rc = ro_error_set(RO_EFORMAT, "%s: bad shared strings target "
		    "\"%s\"", rels_part, sst->target);
		goto out;
	}
out:
	workbook_free(&wb);
	rels_free(&rs);
	free(dir);
	free(rels_part);
	if (rc < 0)
		xlsx_parts_free(parts);
	return rc;
}

void xlsx_parts_free(struct xlsx_parts *parts)
{
	free(parts->workbook);
	free(parts->sheet);
	free(parts->sheet_name);
	free(parts->strings);
	memset(parts, 0, sizeof *parts);
}
