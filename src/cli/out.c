/* out.c — printing data: JSON strings, CSV cells, sanitised table cells. */
#include "cli_int.h"

#include <roster/bundle.h>
#include <roster/text.h>
#include <roster/utf8.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void out_json_uint(FILE *f, unsigned long long v)
{
	/* Digits by hand, not printf: 100,000 rows of a trial run spent a
	 * tenth of their time formatting. */
	char buf[24], *p = buf + sizeof buf;

	*--p = '\0';
	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	fputs(p, f);
}

void out_json_string(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		/* Plain ASCII a run at a time: a trial run's JSON is 20 MB,
		 * and a call per byte cost a quarter of a second.  Other
		 * bytes are looked at one code point at a time below. */
		size_t run = 0;
		while (c[run] >= 0x20 && c[run] < 0x7f && c[run] != '"' &&
		    c[run] != '\\')
			run++;
		if (run) {
			fwrite(c, 1, run, f);
			c += run - 1;
			continue;
		}
		switch (*c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*c < 0x20 || *c == 0x7f) {
				fprintf(f, "\\u%04x", *c);
			} else if (*c >= 0x80) {
				/* C1 controls escaped, so that a terminal that
				 * shows the JSON acts on none; bytes that are
				 * not UTF-8 become U+FFFD (JSON is UTF-8). */
				uint32_t cp;
				size_t len = ro_utf8_decode(
				    (const char *)c, SIZE_MAX, &cp);
				if (!len)
					fputs("\\ufffd", f);
				else if (cp < 0xa0)
					fprintf(f, "\\u%04x", (unsigned)cp);
				else
					fwrite(c, 1, len, f);
				c += len ? len - 1 : 0;
			} else {
				fputc(*c, f);
			}
		}
	}
	fputc('"', f);
}

void out_csv_cell(FILE *f, const char *s)
{
	char *clean = NULL;

	if (!s)
		return;
	/* CSV is data for another program; on a terminal it is a screen. */
	if (isatty(fileno(f)) && (clean = ro_text_sanitize(s)))
		s = clean;
	ro_csv_put_cell(f, s);
	free(clean);
}

void out_cell(FILE *f, const char *s, size_t width)
{
	char *clean = ro_text_sanitize(s);
	char *fit = clean && width ? ro_text_fit(clean, width, 1) : NULL;

	fputs(fit ? fit : clean ? clean : "", f);
	free(fit);
	free(clean);
}

bool out_color(FILE *f)
{
	const char *nc = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (nc && *nc)
		return false;
	if (!term || strcmp(term, "dumb") == 0)
		return false;
	return isatty(fileno(f));
}

void out_json_object(FILE *f, const out_json_field *fields)
{
	fputc('{', f);
	out_json_fields(f, fields);
	fputc('}', f);
}

void out_json_fields(FILE *f, const out_json_field *fields)
{
	for (const out_json_field *k = fields; k->key; k++) {
		if (k != fields)
			fputs(", ", f);
		fputc('"', f);
		fputs(k->key, f);
		fputs("\": ", f);
		switch (k->type) {
		case OUT_JSON_STR:
			out_json_string(f, k->s);
			break;
		case OUT_JSON_ID:
			if (!k->i) {
				fputs("null", f);
				break;
			}
			/* fall through */
		case OUT_JSON_INT:
			if (k->i >= 0)
				out_json_uint(f, (unsigned long long)k->i);
			else
				fprintf(f, "%lld", k->i);
			break;
		case OUT_JSON_BOOL:
			fputs(k->b ? "true" : "false", f);
			break;
		}
	}
}

void out_json_site_list(FILE *f, const char *site, const char *name)
{
	fputs("{\"site\": ", f);
	out_json_string(f, site);
	fprintf(f, ", \"%s\": [", name);
}

void out_json_site_items(FILE *f, const char *site, const char *name,
    const void *items, size_t n, size_t size,
    void (*object)(FILE *f, const void *item))
{
	out_json_site_list(f, site, name);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ",\n  " : "\n  ", f);
		object(f, (const char *)items + i * size);
	}
	fputc(']', f);
}
