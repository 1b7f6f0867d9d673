/* slips_pdf.c — the sign-in slips as a PDF: cairo's PDF surface, pango for
 * the text (any script the database holds; fontconfig picks the faces and
 * falls back per character, so a CJK or Cyrillic name finds a font that
 * has it) and libqrencode for the optional QR code of the username.
 *
 * The only file that includes cairo or pango, as slips_pdf_qr.c is the
 * only one that includes qrencode (check-layering).
 * Units are PostScript points (1/72 in), the PDF's own. */
#include "slips_pdf_int.h"

#include <roster/error.h>
#include <roster/slips_pdf.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Sans for the words; for the username and the password a monospaced
 * face with a slashed or dotted zero and distinct l, 1 and I (DejaVu Sans
 * Mono), then others fontconfig may have, then whatever it calls mono. */
#define SANS "DejaVu Sans, Noto Sans, Liberation Sans, sans-serif"
#define MONO "DejaVu Sans Mono, Noto Sans Mono, Liberation Mono, monospace"

/* cairo's output, into the caller's stream. */
static cairo_status_t put(void *closure, const unsigned char *data,
    unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

/* A face fontconfig chose for one of the slip's type styles, as pango
 * and as cairo know it.  Text the face covers in a script that needs no
 * shaping (Latin, Greek, Cyrillic: usernames, generated passwords, most
 * names) goes straight to cairo with the text beside the glyphs (for
 * copying and search); anything else (CJK, scripts that join or
 * reorder, characters the face lacks) goes through pango, which shapes
 * it and falls back per character to a face that has it.  Shaping every
 * line was most of the time a PDF took. */
typedef struct face {
	PangoFontDescription *desc;
	PangoFont *font;
	cairo_scaled_font_t *sf;    /* NULL: always through pango */
	cairo_font_extents_t fe;
} face;

/* One line measured, ready to draw. */
typedef struct line {
	bool pango;                 /* in p->lay, else these glyphs of face->sf */
	const char *text;
	double w, h, base;          /* width, height, baseline from the top */
	cairo_glyph_t *gl;          /* at the origin; cairo's allocation */
	int ngl;
	cairo_text_cluster_t *cl;   /* which text each glyph shows */
	int ncl;
	cairo_text_cluster_flags_t flags;
} line;

static void line_free(line *l)
{
	cairo_glyph_free(l->gl);
	cairo_text_cluster_free(l->cl);
	l->gl = NULL;
	l->cl = NULL;
}

typedef struct pen {
	cairo_t *cr;
	PangoContext *pc;
	const geometry *g;
	face head, name, mono, note;
	PangoLayout *lay;
	double word_w;              /* "Username" or "Password", the wider */
	line user_word, pass_word, note_line;   /* measured once */
	cairo_glyph_t *scratch;     /* glyphs where they are drawn */
	size_t nscratch;
} pen;


static void face_init(pen *p, face *f, const char *family, double pt,
    PangoWeight weight, PangoStyle style)
{
	f->desc = pango_font_description_new();
	pango_font_description_set_family(f->desc, family);
	pango_font_description_set_size(f->desc, (int)(pt * PANGO_SCALE));
	pango_font_description_set_weight(f->desc, weight);
	pango_font_description_set_style(f->desc, style);
	f->font = pango_font_map_load_font(pango_context_get_font_map(p->pc),
	    p->pc, f->desc);
	if (f->font && PANGO_IS_CAIRO_FONT(f->font))
		f->sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(f->font));
	if (f->sf && cairo_scaled_font_status(f->sf) == CAIRO_STATUS_SUCCESS)
		cairo_scaled_font_extents(f->sf, &f->fe);
	else
		f->sf = NULL;
}

static void face_free(face *f)
{
	if (f->font)
		g_object_unref(f->font);
	pango_font_description_free(f->desc);
}

/* Whether cairo alone draws s right with f: every character in a script
 * without shaping (below U+0300, or Greek and Cyrillic), none a combining
 * mark, and every one in the face. */
/* Whether cairo alone draws s right with f: every character in a script
 * without shaping (below U+0300, or Greek and Cyrillic), none a combining
 * mark, and every one in the face.  Then l holds the glyphs. */
static bool face_glyphs(const face *f, const char *s, line *l)
{
	if (!f->sf)
		return false;
	for (const char *q = s; *q; q = g_utf8_next_char(q)) {
		gunichar c = g_utf8_get_char(q);

		if (c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x300 &&
		    (c < 0x370 || c > 0x52f)) || (c >= 0x483 && c <= 0x489))
			return false;
	}
	if (cairo_scaled_font_text_to_glyphs(f->sf, 0, 0, s, -1, &l->gl,
	    &l->ngl, &l->cl, &l->ncl, &l->flags) != CAIRO_STATUS_SUCCESS) {
		l->gl = NULL;
		l->cl = NULL;
		return false;
	}
	for (int i = 0; i < l->ngl; i++)
		if (l->gl[i].index == 0) {
			line_free(l);
			return false;
		}
	return true;
}

static line measure(pen *p, const face *f, const char *s)
{
	line l = { .text = s };

	if (face_glyphs(f, s, &l)) {
		cairo_text_extents_t te;

		cairo_scaled_font_glyph_extents(f->sf, l.gl, l.ngl, &te);
		l.w = te.x_advance;
		l.h = f->fe.height;
		l.base = f->fe.ascent;
		return l;
	}
	PangoRectangle logical;

	l.pango = true;
	pango_layout_set_font_description(p->lay, f->desc);
	pango_layout_set_text(p->lay, s, -1);
	pango_layout_get_extents(p->lay, NULL, &logical);
	l.w = (double)logical.width / PANGO_SCALE;
	l.h = (double)logical.height / PANGO_SCALE;
	l.base = (double)pango_layout_get_baseline(p->lay) / PANGO_SCALE;
	return l;
}

/* The scale that fits l into width: smaller type down to half size (a
 * long name or username stays whole and readable), then cut. */
static double fit_scale(const line *l, double width)
{
	double f = l->w > width ? width / l->w : 1;

	return f < 0.5 ? 0.5 : f;
}

/* Draws l (the last measured, when through pango) with its top left at
 * (x, y), scaled by f, at most width wide: past half size pango cuts it
 * with an ellipsis (cairo's text is covered only in scripts whose words
 * fit: it is then drawn through pango too).  Returns the height drawn. */
/* l's glyphs with the baseline's start at (x, y), into p's scratch. */
static cairo_glyph_t *placed(pen *p, const line *l, double x, double y)
{
	if ((size_t)l->ngl > p->nscratch) {
		cairo_glyph_t *g = realloc(p->scratch, (size_t)l->ngl *
		    sizeof *g);

		if (!g)
			return NULL;
		p->scratch = g;
		p->nscratch = (size_t)l->ngl;
	}
	for (int i = 0; i < l->ngl; i++)
		p->scratch[i] = (cairo_glyph_t){ l->gl[i].index,
		    l->gl[i].x + x, l->gl[i].y + y };
	return p->scratch;
}

static void show(pen *p, const face *f, const line *l, double x, double y)
{
	cairo_glyph_t *g = placed(p, l, x, y);

	cairo_set_scaled_font(p->cr, f->sf);
	if (g)
		cairo_show_text_glyphs(p->cr, l->text, -1, g, l->ngl, l->cl,
		    l->ncl, l->flags);
}

/* Draws l (the last measured, when through pango) with its top left at
 * (x, y), scaled by f, at most width wide: past half size pango cuts it
 * with an ellipsis.  Returns the height drawn. */
static double draw(pen *p, const face *f, line *l, double x, double y,
    double width, double scale)
{
	bool cut = l->w * scale > width + 0.01;

	if (cut && !l->pango) {
		line_free(l);
		l->pango = true;
	}
	/* p->lay holds the line measured last: another (a word measured
	 * once) is laid out again. */
	if (l->pango && (strcmp(pango_layout_get_text(p->lay), l->text) ||
	    !pango_font_description_equal(pango_layout_get_font_description(
	    p->lay), f->desc))) {
		pango_layout_set_font_description(p->lay, f->desc);
		pango_layout_set_text(p->lay, l->text, -1);
	}
	if (!l->pango && scale == 1) {
		/* The common case, without a change of matrix: cairo then
		 * finds its font without a new lookup. */
		show(p, f, l, x, y + l->base);
		return l->h;
	}
	cairo_save(p->cr);
	cairo_translate(p->cr, x, y);
	cairo_scale(p->cr, scale, scale);
	if (l->pango) {
		if (cut) {
			pango_layout_set_width(p->lay, (int)(width / scale *
			    PANGO_SCALE));
			pango_layout_set_ellipsize(p->lay, PANGO_ELLIPSIZE_END);
		}
		cairo_move_to(p->cr, 0, 0);
		pango_cairo_show_layout(p->cr, p->lay);
		if (cut) {
			pango_layout_set_width(p->lay, -1);
			pango_layout_set_ellipsize(p->lay, PANGO_ELLIPSIZE_NONE);
		}
	} else {
		show(p, f, l, 0, l->base);
	}
	cairo_restore(p->cr);
	return l->h * scale;
}

/* One line of text at (x, y), at most width wide; returns its height. */
static double text(pen *p, const face *f, const char *s, double x, double y,
    double width)
{
	line l = measure(p, f, s);
	double h = draw(p, f, &l, x, y, width, fit_scale(&l, width));

	line_free(&l);
	return h;
}

/* "Username  jdoe": the word small, the value in the monospaced face, on
 * one baseline; the word first, the order text extraction reads them. */
static double field(pen *p, line *word, const char *value, double x,
    double y, double width)
{
	double avail = width - p->word_w, h;
	line v = measure(p, &p->mono, value);
	double f = fit_scale(&v, avail);

	draw(p, &p->head, word, x, y + v.base * f - word->base, p->word_w, 1);
	h = draw(p, &p->mono, &v, x + p->word_w, y, avail, f);
	line_free(&v);
	return h;
}

static void pen_init(pen *p, double s)
{
	face_init(p, &p->head, SANS, 6.5 * s, PANGO_WEIGHT_NORMAL,
	    PANGO_STYLE_NORMAL);
	face_init(p, &p->name, SANS, 9 * s, PANGO_WEIGHT_BOLD,
	    PANGO_STYLE_NORMAL);
	face_init(p, &p->mono, MONO, 9.5 * s, PANGO_WEIGHT_BOLD,
	    PANGO_STYLE_NORMAL);
	face_init(p, &p->note, SANS, 6 * s, PANGO_WEIGHT_NORMAL,
	    PANGO_STYLE_ITALIC);
	p->lay = pango_layout_new(p->pc);
	p->user_word = measure(p, &p->head, "Username");
	p->pass_word = measure(p, &p->head, "Password");
	p->note_line = measure(p, &p->note, "Temporary: change it at your "
	    "first sign-in.");
	p->word_w = (p->user_word.w > p->pass_word.w ? p->user_word.w :
	    p->pass_word.w) + 3 * s;
}

static void pen_free(pen *p)
{
	face_free(&p->head);
	face_free(&p->name);
	face_free(&p->mono);
	face_free(&p->note);
	if (p->lay)
		g_object_unref(p->lay);
	line_free(&p->user_word);
	line_free(&p->pass_word);
	line_free(&p->note_line);
	free(p->scratch);
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
	ty += text(p, &p->head, head, x + pad, ty, tw);
	g_free(head);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	ty += text(p, &p->name, e->name ? e->name : "", x + pad, ty, tw);
	ty += field(p, &p->user_word, e->username, x + pad, ty, tw);
	ty += field(p, &p->pass_word, e->password, x + pad, ty, tw);
	if (e->temporary)
		draw(p, &p->note, &p->note_line, x + pad, ty, tw,
		    fit_scale(&p->note_line, tw));
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
	pen_init(&p, g.scale);
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
	pen_free(&p);
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
