/* listw.h — the one paged check-box list widget (htop's Panel), used by
 * the portfolio list, the trial-run diff, the audit log, the file chooser,
 * the status codes, groups and every pick list.
 *
 * It knows rows only by position (0 … count-1) and asks a data source to
 * make a window of them available; a source over a million portfolios
 * pages with keyset cursors and keeps a few pages, a source over an array
 * just indexes it.  Selection is a rule: "these keys", or "all except
 * these keys", so select-all costs nothing. */
#ifndef ROSTER_TUI_LISTW_H
#define ROSTER_TUI_LISTW_H

#include "ui.h"

typedef struct lw_source {
	void *ctx;
	size_t (*count)(void *ctx);
	/* Makes rows [top, top + n) available to key() and render();
	 * 0 or a negative RO_E… (the widget shows ro_error_last()).  NULL
	 * for a source that holds all its rows already. */
	int (*fetch)(void *ctx, size_t top, size_t n);
	/* A stable key for the selection (a portfolio id, an index). */
	int64_t (*key)(void *ctx, size_t i);
	/* Formats row i (already fetched) into l, without the check box. */
	void (*render)(void *ctx, size_t i, ui_line *l);
	/* The column headers; NULL for none. */
	void (*header)(void *ctx, ui_line *l);
	/* Type-ahead: the first row (from `from` on, or anywhere for the
	 * keyset source) whose sort text begins with prefix ignoring case;
	 * makes it available.  0 and *at set, 1 when none, or RO_E…. */
	int (*seek)(void *ctx, const char *prefix, size_t from, size_t *at);
} lw_source;

typedef struct listw {
	lw_source src;
	bool checkboxes;
	size_t total;           /* rows, from src.count at the last reload */
	size_t top;             /* first visible row */
	size_t cur;             /* the cursor's row */
	int y, x, h, w;         /* the area, status line included */
	bool all;               /* selection: all except set, else set */
	int64_t *set;           /* sorted keys */
	size_t nset, capset;
	bool counting;          /* total is provisional: "page X of …" */
	bool placing;           /* the rows' positions are provisional too
	                         * (the source will rebase them): "page …" */
	bool finding;           /* `/` type-ahead open */
	char find[64];
	bool find_missed;
	const char *empty;      /* shown when there are no rows */
	int err;                /* last fetch error, 0 when none */
	char errmsg[160];
} listw;

void lw_init(listw *l, lw_source src, bool checkboxes);
void lw_free(listw *l);
/* The widget's area: header (when the source has one), rows, status. */
void lw_layout(listw *l, int y, int x, int h, int w);
/* Re-reads the count and the visible rows (data or filter changed). */
void lw_reload(listw *l);
/* Rows that fit between the header and the status line. */
int lw_rows(const listw *l);
void lw_draw(const listw *l, WINDOW *w);
/* Navigation, ticks, type-ahead: UI_HANDLED or UI_IGNORED. */
int lw_key(listw *l, int ch);
/* A mouse event in the area: 0 outside, 1 moved/ticked, 2 a click on
 * the row already under the cursor (activate it). */
int lw_mouse(listw *l, const MEVENT *ev);
/* Is the event a click on one of the rows shown? */
bool lw_on_row(const listw *l, const MEVENT *ev);
/* Moves the cursor to row i. */
void lw_goto(listw *l, size_t i);
/* The positions were provisional: row i is row i + shift of total; the
 * source has moved its rows likewise.  Ends placing and counting. */
void lw_rebase(listw *l, size_t total, ptrdiff_t shift);

size_t lw_selected(const listw *l);
bool lw_is_selected(const listw *l, int64_t key);
void lw_select_none(listw *l);
/* The selection as a rule: *all says "all except ids", else "only ids". */
const int64_t *lw_selection(const listw *l, bool *all, size_t *n);
/* "N selected · page X of Y" (or "page X of Y" without check boxes). */
void lw_status(const listw *l, char *buf, size_t n);

/* For keyset sources caching rows [ctop, ctop + cn): which to keep, about
 * three windows around [top, top + n), as cache indexes [*from, *to). */
void lw_cache_keep(size_t ctop, size_t cn, size_t top, size_t n,
    size_t *from, size_t *to);

/* For array sources: linear type-ahead over text(ctx, i). */
int lw_seek_linear(size_t n, const char *(*text)(void *ctx, size_t i),
    void *ctx, const char *prefix, size_t from, size_t *at);
/* Prefix test ignoring ASCII case. */
bool lw_prefix(const char *s, const char *prefix);

#endif
