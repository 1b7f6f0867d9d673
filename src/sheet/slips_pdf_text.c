/* slips_pdf_text.c — the type of the sign-in slips: the faces fontconfig
 * picks, measuring a line, fitting it to a width and drawing it, through
 * cairo alone where no shaping is needed and through pango otherwise. */
#include "slips_pdf_text.h"

#include <stdlib.h>
#include <string.h>

/* Sans for the words; for the username and the password a monospaced
 * face with a slashed or dotted zero and distinct l, 1 and I (DejaVu Sans
 * Mono), then others fontconfig may have, then whatever it calls mono. */
#define SANS "DejaVu Sans, Noto Sans, Liberation Sans, sans-serif"
#define MONO "DejaVu Sans Mono, Noto Sans Mono, Liberation Mono, monospace"

void slips_line_free(line *l)
{
	cairo_glyph_free(l->gl);
	cairo_text_cluster_free(l->cl);
	l->gl = NULL;
	l->cl = NULL;
}

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
			slips_line_free(l);
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
double slips_fit_scale(const line *l, double width)
{
	double f = l->w > width ? width / l->w : 1;

	return f < 0.5 ? 0.5 : f;
}

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
double slips_draw(pen *p, const face *f, line *l, double x, double y,
    double width, double scale)
{
	bool cut = l->w * scale > width + 0.01;

	if (cut && !l->pango) {
		slips_line_free(l);
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
double slips_text(pen *p, const face *f, const char *s, double x, double y,
    double width)
{
	line l = measure(p, f, s);
	double h = slips_draw(p, f, &l, x, y, width, slips_fit_scale(&l, width));

	slips_line_free(&l);
	return h;
}

/* "Username  jdoe": the word small, the value in the monospaced face, on
 * one baseline; the word first, the order text extraction reads them. */
double slips_field(pen *p, line *word, const char *value, double x,
    double y, double width)
{
	double avail = width - p->word_w, h;
	line v = measure(p, &p->mono, value);
	double f = slips_fit_scale(&v, avail);

	slips_draw(p, &p->head, word, x, y + v.base * f - word->base, p->word_w, 1);
	h = slips_draw(p, &p->mono, &v, x + p->word_w, y, avail, f);
	slips_line_free(&v);
	return h;
}

void slips_pen_init(pen *p, double s)
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

void slips_pen_free(pen *p)
{
	face_free(&p->head);
	face_free(&p->name);
	face_free(&p->mono);
	face_free(&p->note);
	if (p->lay)
		g_object_unref(p->lay);
	slips_line_free(&p->user_word);
	slips_line_free(&p->pass_word);
	slips_line_free(&p->note_line);
	free(p->scratch);
}
