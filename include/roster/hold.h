/* hold.h — the blast-radius hold, the one rule for every batch that can
 * hurt a site at once (Reset Passwords, Deactivate, an upload that
 * changes passwords or usernames, the year-end turnover): more than
 * RO_HOLD_ABSOLUTE changes, or more than half of the site's active
 * portfolios, go ahead only with the count typed back.
 *
 * The engine states the facts (RO_EHOLD, the count it needs and why);
 * each front end phrases the next step its own way (the command line's
 * --confirm N, the interface's "Type N to go ahead"). */
#ifndef ROSTER_HOLD_H
#define ROSTER_HOLD_H

#include <stdbool.h>
#include <stddef.h>

/* More than this many changes always need the count (SPEC). */
#define RO_HOLD_ABSOLUTE 1000

/* Why a batch is held. */
typedef enum ro_hold_why {
	RO_HOLD_NONE = 0,
	RO_HOLD_MANY,       /* more than RO_HOLD_ABSOLUTE at once */
	RO_HOLD_HALF,       /* more than half of the site's active ones */
	RO_HOLD_MISMATCH    /* a count was given, and it is not the count */
} ro_hold_why;

/* Whether changes of a site with site_total active portfolios are held
 * (RO_HOLD_NONE when not; never RO_HOLD_MISMATCH).  Half first: it is
 * the one that says the most. */
ro_hold_why ro_hold_rule(size_t changes, size_t site_total);

/* A batch about to run.  what says what it does, as the start of a
 * sentence of facts: "this would reset 1200 passwords", "roster.csv
 * would change the passwords or usernames of 1200 portfolios". */
typedef struct ro_hold_ask {
	size_t changes;
	size_t site_total;      /* active portfolios of the site */
	const char *site;       /* its name (NULL: "the site") */
	long confirm;           /* the count typed, -1 none */
} ro_hold_ask;

/* Whether a batch of changes may go ahead with confirm typed (-1 none):
 * what ro_hold_check decides, for a front end that asks for a password
 * only when the hold will not refuse. */
bool ro_hold_passes(size_t changes, size_t site_total, long confirm);

/* 0 when the batch may go ahead: not held and no count given, or the
 * count given is the count (held or not: a count given must be right).  Otherwise RO_EHOLD with a message of facts
 * (what, and why it is held, e.g. "this would reset 1200 passwords, more
 * than 1000 at once"), and the count is kept for ro_hold_needed().  what
 * is a printf format. */
int ro_hold_check(const ro_hold_ask *h, const char *what, ...)
	__attribute__((format(printf, 2, 3)));

/* The count the last RO_EHOLD of this thread needs typed back, and why
 * (0 and RO_HOLD_NONE when the last error was not a hold). */
size_t ro_hold_needed(ro_hold_why *why);

/* The one parser of a typed count, for every front end: digits only
 * (spaces around them allowed), no sign, no overflow.  0 with *out set,
 * or RO_EINVAL (*out -1). */
int ro_confirm_parse(const char *text, long *out);

#endif
