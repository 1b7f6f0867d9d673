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
	/* The rule: each group whose name holds one number (one or two
	 * digits) moves to the site's group named with that number plus one
	 * (ro_yearend_next_group_name); a group whose next name is no group
	 * of the site stays (ro_yearend.left).  With map_path too, the file
	 * decides for the groups it names. */
	bool groups_up;
	bool apply;             /* false: the trial run, writing nothing */
	long confirm;           /* -1: none; else the typed count */
} ro_yearend_opts;

typedef struct ro_yearend_move {
	char *from, *to;        /* to: NULL for no group */
	size_t count;           /* active students it moves */
} ro_yearend_move;

/* A group the rule leaves, its next name being no group of the site (the
 * top grade: "Grade 12" when there is no "Grade 13"). */
typedef struct ro_yearend_left {
	char *group, *next;     /* the group; the name looked for */
	size_t count;           /* its active students (not graduating) */
} ro_yearend_left;

typedef struct ro_yearend {
	int grad_year;
	size_t graduating;      /* active students deactivated */
	ro_yearend_move *moves; /* one per mapping row, in the file's order,
	                         * then the rule's, by group name */
	size_t nmoves;
	ro_yearend_left *left;  /* groups_up: the groups it leaves */
	size_t nleft;
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

/* The rule's next name for a group (yearend_rule.c): 0 and out, or -1
 * when the name holds no number, more than one, or one of three digits or
 * more (a year), or out is too small. */
int ro_yearend_next_group_name(const char *name, char *out, size_t size);

#endif
