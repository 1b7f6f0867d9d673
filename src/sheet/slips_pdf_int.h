/* slips_pdf_int.h — where the slips go on the page (slips_geometry.c),
 * for the PDF writer (slips_pdf.c).  Units are points (1/72 in). */
#ifndef ROSTER_SLIPS_PDF_INT_H
#define ROSTER_SLIPS_PDF_INT_H

#include <roster/slips_pdf.h>

typedef struct geometry {
	double page_w, page_h;
	int cols, rows;
	double x0, y0;          /* the first slip's top left corner */
	double w, h;            /* a slip */
	double pitch_x, pitch_y;
	double pad;             /* inside a slip */
	double scale;           /* type size against the labels' */
} geometry;

/* The sheet of that layout and paper. */
void slips_geometry(geometry *g, ro_slips_layout layout,
    ro_slips_paper paper);

#endif
