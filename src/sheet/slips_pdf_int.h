/* slips_pdf_int.h — where the slips go on the page (slips_geometry.c) and
 * their QR codes (slips_pdf_qr.c), for the PDF writer (slips_pdf.c).  Units are points (1/72 in). */
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

/* The QR codes of n slips (slips_pdf_qr.c), made on a thread of their
 * own as they are drawn.  NULL when out of memory. */
typedef struct slips_qr slips_qr;
slips_qr *slips_qr_start(const ro_slips_pdf_entry *e, size_t n);
/* The modules of slip i's code, width x width bytes, 1 dark and 0 light,
 * row by row, valid until the next call; waits for it.  NULL with errno
 * set when it could not be made. */
const unsigned char *slips_qr_take(slips_qr *q, size_t i, int *width);
/* Stops the thread and frees it all; NULL is a no-op. */
void slips_qr_end(slips_qr *q);

#endif
