/* slips_geometry.c — the sheets the sign-in slips are printed on: Avery
 * 5160 labels on US Letter (or the same grid centred on A4), or the list's
 * rows on a plain page.  The PDF writer draws into these places, and the
 * tests cut the rendered pages along them to read each QR code alone. */
#include "slips_pdf_int.h"

#include <string.h>

void slips_geometry(geometry *g, ro_slips_layout layout,
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

	slips_geometry(&g, layout, paper);
	return (size_t)(g.cols * g.rows);
}

