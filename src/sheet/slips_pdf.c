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
#include <stdint.h>
#include <stdlib.h>
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

/* What the slips share is laid out once (the words, the site and group
 * line of a run of one group, the font descriptions); per slip only the
 * name, the username and the password are: pango's shaping is most of
 * the time a PDF takes. */
typedef struct pen {
	cairo_t *cr;
	PangoContext *pc;
	const geometry *g;
	PangoFontDescription *head_font, *name_font, *mono_font, *note_font;
	PangoLayout *lay;           /* the name, the username, the password */
	PangoLayout *head;          /* "site  ·  group" */
	char *head_group;           /* the group head is laid out for */
	PangoLayout *user_word, *pass_word, *note;
	double word_w;              /* the wider of the two words */
	PangoFont *mono;            /* the mono face fontconfig chose, and */
	cairo_scaled_font_t *mono_sf;   /* cairo's font of it: ASCII values
	                             * (usernames, generated passwords) need
	                             * no shaping, so they skip pango */
	cairo_font_extents_t mono_fe;
	unsigned char *qr_px;       /* the QR code's pixels */
	size_t qr_cap;
} pen;

static PangoLayout *layout_new(pen *p, PangoFontDescription *font,
    const char *text)
{
	PangoLayout *l = pango_layout_new(p->pc);

	pango_layout_set_font_description(l, font);
	if (text)
		pango_layout_set_text(l, text, -1);
	return l;
}

static PangoFontDescription *font_new(const char *family, double pt,
    PangoWeight weight, PangoStyle style)
{
	PangoFontDescription *d = pango_font_description_new();

	pango_font_description_set_family(d, family);
	pango_font_description_set_size(d, (int)(pt * PANGO_SCALE));
	pango_font_description_set_weight(d, weight);
	pango_font_description_set_style(d, style);
	return d;
}

static void pen_init(pen *p, double s)
{
	PangoRectangle r1, r2;

	p->head_font = font_new(SANS, 6.5 * s, PANGO_WEIGHT_NORMAL,
	    PANGO_STYLE_NORMAL);
	p->name_font = font_new(SANS, 9 * s, PANGO_WEIGHT_BOLD,
	    PANGO_STYLE_NORMAL);
	p->mono_font = font_new(MONO, 9.5 * s, PANGO_WEIGHT_BOLD,
	    PANGO_STYLE_NORMAL);
	p->note_font = font_new(SANS, 6 * s, PANGO_WEIGHT_NORMAL,
	    PANGO_STYLE_ITALIC);
	p->lay = layout_new(p, p->name_font, NULL);
	p->head = layout_new(p, p->head_font, NULL);
	p->user_word = layout_new(p, p->head_font, "Username");
	p->pass_word = layout_new(p, p->head_font, "Password");
	p->note = layout_new(p, p->note_font, "Temporary: change it at your "
	    "first sign-in.");
	pango_layout_get_extents(p->user_word, NULL, &r1);
	pango_layout_get_extents(p->pass_word, NULL, &r2);
	p->word_w = (double)(r1.width > r2.width ? r1.width : r2.width) /
	    PANGO_SCALE + 3 * s;
	p->mono = pango_font_map_load_font(pango_context_get_font_map(p->pc),
	    p->pc, p->mono_font);
	if (p->mono && PANGO_IS_CAIRO_FONT(p->mono))
		p->mono_sf = pango_cairo_font_get_scaled_font(
		    PANGO_CAIRO_FONT(p->mono));
	if (p->mono_sf && cairo_scaled_font_status(p->mono_sf) ==
	    CAIRO_STATUS_SUCCESS)
		cairo_scaled_font_extents(p->mono_sf, &p->mono_fe);
	else
		p->mono_sf = NULL;
}

static void pen_free(pen *p)
{
	PangoLayout *l[] = { p->lay, p->head, p->user_word, p->pass_word,
	    p->note };
	PangoFontDescription *d[] = { p->head_font, p->name_font, p->mono_font,
	    p->note_font };

	for (size_t i = 0; i < sizeof l / sizeof *l; i++)
		if (l[i])
			g_object_unref(l[i]);
	for (size_t i = 0; i < sizeof d / sizeof *d; i++)
		pango_font_description_free(d[i]);
	free(p->head_group);
	free(p->qr_px);
	if (p->mono)
		g_object_unref(p->mono);
}

static bool ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

/* Draws l with its top left at (x, y), at most width wide: a line that
 * does not fit is drawn smaller (a long name or username stays whole and
 * readable) down to half size, and cut with an ellipsis past that.
 * Returns the height drawn; *scale (when not NULL) the factor. */
static double fit(pen *p, PangoLayout *l, double x, double y, double width,
    double *scale)
{
	PangoRectangle logical;
	double f = 1;

	pango_layout_get_extents(l, NULL, &logical);
	double lw = (double)logical.width / PANGO_SCALE;
	double lh = (double)logical.height / PANGO_SCALE;

	if (lw > width) {
		f = width / lw;
		if (f < 0.5) {
			f = 0.5;
			pango_layout_set_width(l, (int)(width / f * PANGO_SCALE));
			pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		}
	}
	cairo_save(p->cr);
	cairo_translate(p->cr, x, y);
	cairo_scale(p->cr, f, f);
	cairo_move_to(p->cr, 0, 0);
	pango_cairo_show_layout(p->cr, l);
	cairo_restore(p->cr);
	if (f == 0.5) {
		pango_layout_set_width(l, -1);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_NONE);
	}
	if (scale)
		*scale = f;
	return lh * f;
}

/* "Username  jdoe": the word small, the value in the monospaced face,
 * on one baseline.  Returns the height drawn. */
static double field(pen *p, PangoLayout *word, const char *value, double x,
    double y, double width)
{
	double f, h, vb;
	double wb = (double)pango_layout_get_baseline(word) / PANGO_SCALE;
	double avail = width - p->word_w;
	cairo_text_extents_t te;

	if (p->mono_sf && ascii(value)) {
		/* cairo alone: the glyphs of the face pango chose, with the
		 * text kept beside them for copying and search. */
		cairo_set_scaled_font(p->cr, p->mono_sf);
		cairo_text_extents(p->cr, value, &te);
		f = te.x_advance > avail ? avail / te.x_advance : 1;
		if (f >= 0.5) {
			vb = p->mono_fe.ascent;
			cairo_move_to(p->cr, x, y + vb * f - wb);
			pango_cairo_show_layout(p->cr, word);
			cairo_save(p->cr);
			cairo_translate(p->cr, x + p->word_w, y + vb * f);
			cairo_scale(p->cr, f, f);
			cairo_move_to(p->cr, 0, 0);
			cairo_show_text(p->cr, value);
			cairo_restore(p->cr);
			return p->mono_fe.height * f;
		}
	}
	pango_layout_set_font_description(p->lay, p->mono_font);
	pango_layout_set_text(p->lay, value, -1);
	vb = (double)pango_layout_get_baseline(p->lay) / PANGO_SCALE;
	PangoRectangle logical;

	/* The word first (the order text extraction reads), on the
	 * baseline of the value as fit() will scale it. */
	pango_layout_get_extents(p->lay, NULL, &logical);
	double lw = (double)logical.width / PANGO_SCALE;
	f = lw > avail ? avail / lw : 1;
	if (f < 0.5)
		f = 0.5;
	cairo_move_to(p->cr, x, y + vb * f - wb);
	pango_cairo_show_layout(p->cr, word);
	h = fit(p, p->lay, x + p->word_w, y, avail, &f);
	return h;
}

/* The QR code of text, size points square at (x, y), with a quiet zone
 * of four modules inside that square (the slip's margin adds to it):
 * drawn as one small image, a pixel a module, scaled without smoothing. */
static int qr(pen *p, const char *text, double x, double y, double size)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1);

	if (!q)
		return ro_error_set(RO_EINTERNAL, "libqrencode could not encode "
		    "a username (%s)", strerror(errno));
	int w = q->width, side = w + 8;
	int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, side);
	size_t need = (size_t)stride * (size_t)side;

	if (need > p->qr_cap) {
		unsigned char *px = realloc(p->qr_px, need);

		if (!px) {
			QRcode_free(q);
			return RO_ENOMEM;
		}
		p->qr_px = px;
		p->qr_cap = need;
	}
	for (int r = 0; r < side; r++) {
		uint32_t *row = (uint32_t *)(void *)(p->qr_px + (size_t)r *
		    (size_t)stride);

		for (int c = 0; c < side; c++) {
			bool dark = r >= 4 && c >= 4 && r < w + 4 && c < w + 4 &&
			    (q->data[(r - 4) * w + (c - 4)] & 1);
			row[c] = dark ? 0x000000 : 0xffffff;
		}
	}
	QRcode_free(q);
	cairo_surface_t *img = cairo_image_surface_create_for_data(p->qr_px,
	    CAIRO_FORMAT_RGB24, side, side, stride);

	cairo_save(p->cr);
	cairo_translate(p->cr, x, y);
	cairo_scale(p->cr, size / side, size / side);
	cairo_set_source_surface(p->cr, img, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(p->cr), CAIRO_FILTER_NEAREST);
	cairo_paint(p->cr);
	cairo_restore(p->cr);
	/* The PDF surface copies the pixels when it is painted... */
	cairo_surface_finish(img);
	cairo_surface_destroy(img);
	return 0;
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

	/* The slips come sorted by group: the head changes with it. */
	if (!p->head_group || strcmp(p->head_group, group) != 0) {
		char *head = g_strdup_printf("%s%s%s", site && *site ? site :
		    "roster", *group ? "  ·  " : "", group);

		free(p->head_group);
		p->head_group = strdup(group);
		pango_layout_set_text(p->head, head, -1);
		g_free(head);
		if (!p->head_group)
			return RO_ENOMEM;
	}
	cairo_set_source_rgb(p->cr, 0.35, 0.35, 0.35);
	ty += fit(p, p->head, x + pad, ty, tw, NULL);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	pango_layout_set_font_description(p->lay, p->name_font);
	pango_layout_set_text(p->lay, e->name ? e->name : "", -1);
	ty += fit(p, p->lay, x + pad, ty, tw, NULL);
	ty += field(p, p->user_word, e->username, x + pad, ty, tw);
	ty += field(p, p->pass_word, e->password, x + pad, ty, tw);
	if (e->temporary)
		fit(p, p->note, x + pad, ty, tw, NULL);
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
	pen_init(&p, g.scale);

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
	pen_free(&p);
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
