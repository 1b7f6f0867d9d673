/* slips_pdf_text.h — the type of the sign-in slips (slips_pdf_text.c), for
 * the page writer (slips_pdf.c): a pen holds the cairo context, the four
 * faces and the words measured once.  Units are points (1/72 in). */
#ifndef ROSTER_SLIPS_PDF_TEXT_H
#define ROSTER_SLIPS_PDF_TEXT_H

#include "slips_pdf_int.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <stdbool.h>
#include <stddef.h>

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

/* The faces and words at type scale s, on p->cr and p->pc (set first). */
void slips_pen_init(pen *p, double s);
void slips_pen_free(pen *p);
void slips_line_free(line *l);
/* The scale that fits l into width: smaller type down to half size (a
 * long name or username stays whole and readable), then cut. */
double slips_fit_scale(const line *l, double width);
/* Draws l (the last measured, when through pango) with its top left at
 * (x, y), scaled by scale, at most width wide: past half size pango cuts
 * it with an ellipsis.  Returns the height drawn. */
double slips_draw(pen *p, const face *f, line *l, double x, double y,
    double width, double scale);
/* One line of text at (x, y), at most width wide; returns its height. */
double slips_text(pen *p, const face *f, const char *s, double x, double y,
    double width);
/* "Username  jdoe": the word small, the value in the monospaced face, on
 * one baseline; returns the height. */
double slips_field(pen *p, line *word, const char *value, double x,
    double y, double width);

#endif
