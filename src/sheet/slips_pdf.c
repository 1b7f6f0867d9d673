/* slips_pdf.c — the sign-in slips as a PDF: cairo's PDF surface, pango for
 * the text (any script the database holds; fontconfig picks the faces and
 * falls back per character, so a CJK or Cyrillic name finds a font that
 * has it) and libqrencode for the optional QR code of the username.
 *
 * With slips_pdf_text.c (the type: faces, measuring and drawing a line),
 * the only files that include cairo or pango, as slips_pdf_qr.c is the
 * only one that includes qrencode (check-layering).
 * Units are PostScript points (1/72 in), the PDF's own. */
#include "slips_pdf_text.h"

#include <roster/error.h>
#include <roster/slips_pdf.h>

#include <cairo-pdf.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* cairo's output, into the caller's stream. */
static cairo_status_t put(void *closure, const unsigned char *data,
    unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

/* The QR codes of a page's slips (first, the first; count of them), as
 * ONE image of the page at one pixel a module, painted before the text:
 * a thousand small images cost cairo and zlib more than the codes.  Each
 * code sits in the square its slip keeps for it (qsize points from the
 * slip's top right corner, inside its margin), with a quiet zone of four
 * modules; the module is the largest that lets the page's longest code
 * fit, and the image is scaled without smoothing. */
static int qr_page(pen *p, slips_qr *codes, size_t first, size_t count)
{
	const geometry *g = p->g;
	double qsize = g->h - 2 * g->pad;
	unsigned char **mods = calloc(count, sizeof *mods);
	int *widths = calloc(count, sizeof *widths), maxw = 0, rc = 0;

	if (!mods || !widths) {
		rc = RO_ENOMEM;
		goto out;
	}
	for (size_t j = 0; j < count; j++) {
		const unsigned char *m = slips_qr_take(codes, first + j,
		    &widths[j]);

		if (!m) {
			rc = ro_error_set(RO_EINTERNAL, "libqrencode could not "
			    "encode a username (%s)", strerror(errno));
			goto out;
		}
		size_t len = (size_t)widths[j] * (size_t)widths[j];

		if (!(mods[j] = malloc(len))) {
			rc = RO_ENOMEM;
			goto out;
		}
		memcpy(mods[j], m, len);
		if (widths[j] > maxw)
			maxw = widths[j];
	}
	double mod = qsize / (maxw + 8);
	int pw = (int)(g->page_w / mod) + 1, ph = (int)(g->page_h / mod) + 1;
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    pw, ph);
	unsigned char *px = cairo_image_surface_get_data(img);
	int stride = cairo_image_surface_get_stride(img);

	if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS || !px) {
		cairo_surface_destroy(img);
		rc = RO_ENOMEM;
		goto out;
	}
	memset(px, 0xff, (size_t)stride * (size_t)ph);
	for (size_t j = 0; j < count; j++) {
		int col = (int)(j % (size_t)g->cols), row = (int)(j /
		    (size_t)g->cols), w = widths[j];
		/* The square's top left, then the code's first module. */
		double sx = g->x0 + col * g->pitch_x + g->w - g->pad - qsize;
		double sy = g->y0 + row * g->pitch_y + g->pad;
		int x0 = (int)(sx / mod + 0.5) + 4, y0 = (int)(sy / mod + 0.5) + 4;

		for (int r = 0; r < w; r++) {
			uint32_t *out = (uint32_t *)(void *)(px + (size_t)(y0 + r) *
			    (size_t)stride);

			for (int c = 0; c < w; c++)
				if (mods[j][r * w + c])
					out[x0 + c] = 0x000000;
		}
	}
	cairo_surface_mark_dirty(img);
	cairo_save(p->cr);
	cairo_scale(p->cr, mod, mod);
	cairo_set_source_surface(p->cr, img, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(p->cr), CAIRO_FILTER_NEAREST);
	cairo_paint(p->cr);
	cairo_restore(p->cr);
	cairo_surface_destroy(img);
out:
	for (size_t j = 0; mods && j < count; j++)
		free(mods[j]);
	free(mods);
	free(widths);
	return rc;
}

static int slip(pen *p, const char *site, const ro_slips_pdf_entry *e,
    double x, double y, bool with_qr)
{
	const geometry *g = p->g;
	double pad = g->pad;
	double qsize = g->h - 2 * pad;
	double tw = g->w - 2 * pad - (with_qr ? qsize + pad : 0);
	double ty = y + pad;
	const char *group = e->group ? e->group : "";
	char *head = g_strdup_printf("%s%s%s", site && *site ? site : "roster",
	    *group ? "  ·  " : "", group);

	cairo_set_source_rgb(p->cr, 0.35, 0.35, 0.35);
	ty += slips_text(p, &p->head, head, x + pad, ty, tw);
	g_free(head);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	ty += slips_text(p, &p->name, e->name ? e->name : "", x + pad, ty, tw);
	ty += slips_field(p, &p->user_word, e->username, x + pad, ty, tw);
	ty += slips_field(p, &p->pass_word, e->password, x + pad, ty, tw);
	if (e->temporary)
		slips_draw(p, &p->note, &p->note_line, x + pad, ty, tw,
		    slips_fit_scale(&p->note_line, tw));
	return 0;
}

/* The list layout's cut lines: dashed, between the rows. */
static void cut_line(pen *p, double y)
{
	const double dash[] = { 4, 3 };

	cairo_save(p->cr);
	cairo_set_source_rgb(p->cr, 0.6, 0.6, 0.6);
	cairo_set_line_width(p->cr, 0.5);
	cairo_set_dash(p->cr, dash, 2, 0);
	cairo_move_to(p->cr, p->g->x0, y);
	cairo_line_to(p->cr, p->g->x0 + p->g->w, y);
	cairo_stroke(p->cr);
	cairo_restore(p->cr);
}

int ro_slips_pdf_write(FILE *f, const char *site,
    const ro_slips_pdf_entry *e, size_t n, const ro_slips_style *st)
{
	geometry g;
	cairo_surface_t *surf;
	cairo_font_options_t *fo;
	PangoFontMap *fm;
	pen p = { .g = &g };
	slips_qr *codes = NULL;
	size_t per;
	int rc = 0;

	slips_geometry(&g, st->layout, st->paper);
	per = (size_t)(g.cols * g.rows);
	surf = cairo_pdf_surface_create_for_stream(put, f, g.page_w, g.page_h);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE,
	    "Sign-in slips");
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR,
	    "roster");
	p.cr = cairo_create(surf);
	/* A font map of its own, dropped at the end with the faces it
	 * loaded: a PDF is written once in a while, and its fonts need not
	 * stay for the rest of a long interface session. */
	fm = pango_cairo_font_map_new();
	p.pc = pango_font_map_create_context(fm);
	pango_cairo_update_context(p.cr, p.pc);
	/* One user unit is one point: type sizes are what they say. */
	pango_cairo_context_set_resolution(p.pc, 72);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p.pc, fo);
	cairo_font_options_destroy(fo);
	slips_pen_init(&p, g.scale);
	if (st->qr && !(codes = slips_qr_start(e, n)))
		rc = RO_ENOMEM;

	for (size_t i = 0; i < n && rc == 0; i++) {
		size_t k = i % per;
		int col = (int)(k % (size_t)g.cols), row = (int)(k / (size_t)g.cols);
		double x = g.x0 + col * g.pitch_x, y = g.y0 + row * g.pitch_y;

		if (i > 0 && k == 0)
			cairo_show_page(p.cr);
		/* The page's codes first: their image is white around them. */
		if (k == 0 && codes &&
		    (rc = qr_page(&p, codes, i, n - i < per ? n - i : per)))
			break;
		if (st->layout == RO_SLIPS_LIST) {
			if (k == 0)
				cut_line(&p, y);
			cut_line(&p, y + g.h);
		}
		rc = slip(&p, site, &e[i], x, y, codes != NULL);
	}
	/* An empty batch still makes a valid one-page file. */
	cairo_show_page(p.cr);
	slips_qr_end(codes);
	slips_pen_free(&p);
	g_object_unref(p.pc);
	cairo_destroy(p.cr);
	cairo_surface_finish(surf);
	cairo_status_t cs = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
	g_object_unref(fm);
	if (rc)
		return rc;
	if (cs == CAIRO_STATUS_WRITE_ERROR || ferror(f))
		return ro_error_set(RO_EIO, "the PDF could not be written: %s",
		    strerror(errno));
	if (cs != CAIRO_STATUS_SUCCESS)
		return ro_error_set(RO_EINTERNAL, "cairo could not make the "
		    "PDF: %s", cairo_status_to_string(cs));
	return 0;
}
