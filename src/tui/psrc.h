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
/* Row i when cached, else NULL. */
const ro_portfolio *psrc_row(const psrc *p, size_t i);

#endif
