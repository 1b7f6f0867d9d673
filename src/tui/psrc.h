/* psrc.h — the list widget's data source over a search-mode list of
 * portfolios: keyset pages from the engine (ro_list_page with cursors,
 * ro_list_last_page for End, ro_list_rank for type-ahead), a few pages
 * cached.  Never reads the whole list: a million rows page as fast as a
 * hundred. */
#ifndef ROSTER_TUI_PSRC_H
#define ROSTER_TUI_PSRC_H

#include "listw.h"

#include <roster/portfolio.h>

typedef struct psrc {
	ro_session *s;
	ro_selection sel;      /* mode, arg, inactive; no only/except */
	char *arg;
	ro_portfolio *rows;    /* the cache: rows [ctop, ctop + cn) */
	size_t ctop, cn, cap;
	size_t total;
	/* After a type-ahead on a long list the rows sit at a provisional
	 * position (seek_pos for the first row found) until the rank of
	 * seek (the prefix) comes: psrc_place, or a move to an end. */
	bool placing;
	char *seek;
	size_t seek_pos;
	ptrdiff_t shift;        /* placed while moving: by how much */
	bool placed;
} psrc;

int psrc_init(psrc *p, ro_session *s, const ro_selection *sel);
void psrc_free(psrc *p);
/* Drops the cached rows (the data changed). */
void psrc_invalidate(psrc *p);
lw_source psrc_source(psrc *p);
/* Loads the first n rows without counting the list: returns the exact
 * count when the list is that short (*exact), else a provisional one
 * (n + 1) until the count comes (lw_reload).  A million rows show at
 * once; counting them takes a tenth of a second more. */
size_t psrc_prime(psrc *p, size_t n, bool *exact);
/* Ranks the type-ahead's rows (stop: see ro_list_rank_until) and moves
 * them to their true positions: 0 and *shift (for lw_rebase), RO_ECANCEL
 * when stopped (call again later) or RO_E….  0 with shift 0 when there
 * is nothing to place. */
int psrc_place(psrc *p, int (*stop)(void *ctx), void *ctx, ptrdiff_t *shift);
/* Whether moving placed the rows (the rank was needed at once, or an end
 * was loaded): true once, with the shift for lw_rebase. */
bool psrc_placed(psrc *p, ptrdiff_t *shift);
/* Row i when cached, else NULL. */
const ro_portfolio *psrc_row(const psrc *p, size_t i);

#endif
