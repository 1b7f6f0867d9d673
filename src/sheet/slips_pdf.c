/* slips_pdf.c — the sign-in slips as a PDF: cairo's PDF surface, pango for
 * the text (any script the database holds; fontconfig picks the faces and
 * falls back per character, so a CJK or Cyrillic name finds a font that
 * has it) and libqrencode for the optional QR code of the username.
 *
 * The only file that includes cairo, pango or qrencode (check-layering).
 * Units are PostScript points (1/72 in), the PDF's own. */
#include <roster/error.h>
#include <roster/slips_pdf.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <errno.h>
#include <string.h>

/* Sans for the words; for the username and the password a monospaced
 * face with a slashed or dotted zero and distinct l, 1 and I (DejaVu Sans
 * Mono), then others fontconfig may have, then whatever it calls mono. */
#define SANS "DejaVu Sans, Noto Sans, Liberation Sans, sans-serif"
#define MONO "DejaVu Sans Mono, Noto Sans Mono, Liberation Mono, monospace"

typedef struct geometry {
	double page_w, page_h;
	int cols, rows;
	double x0, y0;          /* the first slip's top left corner */
	double w, h;            /* a slip */
	double pitch_x, pitch_y;
	double pad;             /* inside a slip */
	double scale;           /* type size against the labels' */
} geometry;

static void geometry_of(geometry *g, ro_slips_layout layout,
    ro_slips_paper paper)
{
	memset(g, 0, sizeof *g);
	g->page_w = paper == RO_SLIPS_A4 ? 595.276 : 612;
	g->page_h = paper == RO_SLIPS_A4 ? 841.890 : 792;
	if (layout == RO_SLIPS_LABELS) {
		/* Avery 5160: 3 x 10 labels of 2.625 x 1 in, 0.125 in between
		 * the columns, 0.5 in from the top and 0.1875 in from the side
		 * of a Letter sheet; on A4 the same grid, centred. */
		g->cols = 3;
		g->rows = 10;
		g->w = 189;
		g->h = 72;
		g->pitch_x = 198;
		g->pitch_y = 72;
		g->x0 = paper == RO_SLIPS_A4 ?
		    (g->page_w - 2 * g->pitch_x - g->w) / 2 : 13.5;
		g->y0 = paper == RO_SLIPS_A4 ?
		    (g->page_h - 10 * g->pitch_y) / 2 : 36;
		g->pad = 6;
		g->scale = 1;
	} else {
		/* A class list to cut: half-inch margins, rows of 1.25 in. */
		g->cols = 1;
		g->w = g->page_w - 72;
		g->h = 90;
		g->pitch_y = 90;
		g->rows = (int)((g->page_h - 72) / g->pitch_y);
		g->x0 = 36;
		g->y0 = 36;
		g->pad = 12;
		g->scale = 1.6;
	}
}

size_t ro_slips_pdf_per_page(ro_slips_layout layout, ro_slips_paper paper)
{
	geometry g;

	geometry_of(&g, layout, paper);
	return (size_t)(g.cols * g.rows);
}

/* cairo's output, into the caller's stream. */
static cairo_status_t put(void *closure, const unsigned char *data,
    unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

typedef struct pen {
	cairo_t *cr;
	PangoContext *pc;
	PangoLayout *lay;
	const geometry *g;
} pen;

/* One line of markup at (x, *y), at most width wide: a line that does not
 * fit is drawn smaller (a long name or username stays whole and
 * readable) down to half size, and cut with an ellipsis past that.
 * *y moves below it. */
static void line(pen *p, double x, double *y, double width, const char *markup)
{
	PangoRectangle ink, logical;
	double f = 1;

	pango_layout_set_width(p->lay, -1);
	pango_layout_set_markup(p->lay, markup, -1);
	pango_layout_get_extents(p->lay, &ink, &logical);
	double lw = (double)logical.width / PANGO_SCALE;
	double lh = (double)logical.height / PANGO_SCALE;

	if (lw > width) {
		f = width / lw;
		if (f < 0.5) {
			f = 0.5;
			pango_layout_set_width(p->lay,
			    (int)(width / f * PANGO_SCALE));
			pango_layout_set_ellipsize(p->lay, PANGO_ELLIPSIZE_END);
		}
	}
	cairo_save(p->cr);
	cairo_translate(p->cr, x, *y);
	cairo_scale(p->cr, f, f);
	cairo_move_to(p->cr, 0, 0);
	pango_cairo_show_layout(p->cr, p->lay);
	cairo_restore(p->cr);
	pango_layout_set_ellipsize(p->lay, PANGO_ELLIPSIZE_NONE);
	*y += lh * f;
}

/* The QR code of text, size points square at (x, y), with a quiet zone
 * of four modules inside that square (the slip's margin adds to it). */
static int qr(pen *p, const char *text, double x, double y, double size)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);

	if (!q)
		return ro_error_set(RO_EINTERNAL, "libqrencode could not encode "
		    "a username (%s)", strerror(errno));
	int w = q->width;
	double m = size / (w + 8);

	for (int r = 0; r < w; r++) {
		for (int c = 0; c < w; c++) {
			int c0 = c;

			while (c < w && (q->data[r * w + c] & 1))
				c++;
			if (c > c0)
				cairo_rectangle(p->cr, x + (4 + c0) * m,
				    y + (4 + r) * m, (c - c0) * m, m);
		}
	}
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	cairo_fill(p->cr);
	QRcode_free(q);
	return 0;
}

static int slip(pen *p, const char *site, const ro_slips_pdf_entry *e,
    double x, double y, bool with_qr)
{
	const geometry *g = p->g;
	double s = g->scale, pad = g->pad;
	double qsize = g->h - 2 * pad;
	double tw = g->w - 2 * pad - (with_qr ? qsize + pad : 0);
	double ty = y + pad;
	bool group = e->group && *e->group;
	int small = (int)(6.5 * s * PANGO_SCALE);
	int big = (int)(9.5 * s * PANGO_SCALE);
	char *m;

	cairo_set_source_rgb(p->cr, 0.35, 0.35, 0.35);
	m = g_markup_printf_escaped("<span font_family='" SANS "' size='%d'>"
	    "%s%s%s</span>", small, site && *site ? site : "roster",
	    group ? "  ·  " : "", group ? e->group : "");
	line(p, x + pad, &ty, tw, m);
	g_free(m);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	m = g_markup_printf_escaped("<span font_family='" SANS "' size='%d' "
	    "weight='bold'>%s</span>", (int)(9 * s * PANGO_SCALE), e->name);
	line(p, x + pad, &ty, tw, m);
	g_free(m);
	m = g_markup_printf_escaped("<span font_family='" SANS "' size='%d'>"
	    "Username  </span><span font_family='" MONO "' size='%d' "
	    "weight='bold'>%s</span>", small, big, e->username);
	line(p, x + pad, &ty, tw, m);
	g_free(m);
	m = g_markup_printf_escaped("<span font_family='" SANS "' size='%d'>"
	    "Password  </span><span font_family='" MONO "' size='%d' "
	    "weight='bold'>%s</span>", small, big, e->password);
	line(p, x + pad, &ty, tw, m);
	g_free(m);
	if (e->temporary) {
		m = g_markup_printf_escaped("<span font_family='" SANS "' "
		    "size='%d' style='italic'>Temporary: change it at your "
		    "first sign-in.</span>", (int)(6 * s * PANGO_SCALE));
		line(p, x + pad, &ty, tw, m);
		g_free(m);
	}
	if (with_qr)
		return qr(p, e->username, x + g->w - pad - qsize, y + pad,
		    qsize);
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
	pen p = { .g = &g };
	size_t per;
	int rc = 0;

	geometry_of(&g, st->layout, st->paper);
	per = (size_t)(g.cols * g.rows);
	surf = cairo_pdf_surface_create_for_stream(put, f, g.page_w, g.page_h);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE,
	    "Sign-in slips");
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR,
	    "roster");
	p.cr = cairo_create(surf);
	p.pc = pango_cairo_create_context(p.cr);
	/* One user unit is one point: type sizes are what they say. */
	pango_cairo_context_set_resolution(p.pc, 72);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p.pc, fo);
	cairo_font_options_destroy(fo);
	p.lay = pango_layout_new(p.pc);

	for (size_t i = 0; i < n && rc == 0; i++) {
		size_t k = i % per;
		int col = (int)(k % (size_t)g.cols), row = (int)(k / (size_t)g.cols);
		double x = g.x0 + col * g.pitch_x, y = g.y0 + row * g.pitch_y;

		if (i > 0 && k == 0)
			cairo_show_page(p.cr);
		if (st->layout == RO_SLIPS_LIST) {
			if (k == 0)
				cut_line(&p, y);
			cut_line(&p, y + g.h);
		}
		rc = slip(&p, site, &e[i], x, y, st->qr);
	}
	/* An empty batch still makes a valid one-page file. */
	cairo_show_page(p.cr);
	g_object_unref(p.lay);
	g_object_unref(p.pc);
	cairo_destroy(p.cr);
	cairo_surface_finish(surf);
	cairo_status_t cs = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
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
