/* yearend.h — the year-end turnover: the graduating class deactivated
 * and, optionally, every other student moved to next year's group by a
 * mapping, as one batch (undo reverses it all). */
#ifndef ROSTER_YEAREND_H
#define ROSTER_YEAREND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <roster/db.h>

typedef struct ro_yearend_opts {
	int grad_year;          /* the graduating class */
	/* A two-column CSV or XLSX file: From Group, To Group (an optional
	 * header row of those words; a blank To Group: no group).  NULL: no
	 * moves. */
	const char *map_path;
	bool apply;             /* false: the trial run, writing nothing */
	long confirm;           /* -1: none; else the typed count */
} ro_yearend_opts;

typedef struct ro_yearend_move {
	char *from, *to;        /* to: NULL for no group */
	size_t count;           /* active students it moves */
} ro_yearend_move;

typedef struct ro_yearend {
	int grad_year;
	size_t graduating;      /* active students deactivated */
	ro_yearend_move *moves; /* one per mapping row, in the file's order */
	size_t nmoves;
	size_t moved;           /* sum of the moves' counts */
	size_t changes;         /* graduating + moved */
	size_t site_total;      /* active portfolios of the site */
	bool hold;              /* more than half of them, or over 1000 */
	int64_t batch_id;       /* applied: the batch (0: nothing changed) */
} ro_yearend;
void ro_yearend_free(ro_yearend *y);

/* Site admins and district accounts.  The trial run counts; the apply
 * does it in one BEGIN IMMEDIATE transaction (RO_ECONFLICT when a
 * portfolio changed since it was counted, RO_EHOLD when the hold applies
 * and confirm is not the count).  A mapping file that cannot be read is
 * RO_EIO/RO_EFORMAT; a row naming no group of the site RO_ENOTFOUND
 * (the message names the row).  *out is set whenever the counting
 * succeeded, so that a refusal can show them. */
int ro_yearend_run(ro_yearend **out, ro_session *s, const ro_yearend_opts *o);

#endif
