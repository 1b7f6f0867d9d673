/* status.h — the status codes of a trial run (SPEC "Status codes"). */
#ifndef ROSTER_STATUS_H
#define ROSTER_STATUS_H

#include <stdbool.h>
#include <stddef.h>

/* Order matters: outcomes first, then errors in code order, then warnings.
 * "The first error code" of a row is the lowest error value it holds. */
typedef enum ro_status {
	RO_ST_NONE = 0,
	RO_ST_NEW, RO_ST_UPD, RO_ST_SAME,
	RO_ST_E10, RO_ST_E11, RO_ST_E12, RO_ST_E20, RO_ST_E21, RO_ST_E30,
	RO_ST_E31, RO_ST_E32, RO_ST_E33, RO_ST_E40, RO_ST_E41, RO_ST_E42,
	RO_ST_E43, RO_ST_E50, RO_ST_E51,
	RO_ST_E60, RO_ST_E70, RO_ST_E71, RO_ST_E80, RO_ST_E90, RO_ST_E91,
	RO_ST_W10, RO_ST_W11, RO_ST_W12, RO_ST_W20,
	/* OneRoster bundles (roster import of a bundle) */
	RO_ST_W30, RO_ST_W31, RO_ST_W32, RO_ST_W33, RO_ST_W34,
	RO_ST__COUNT
} ro_status;

typedef enum ro_status_kind {
	RO_STK_OUTCOME, RO_STK_FILE, RO_STK_ROW, RO_STK_WARNING
} ro_status_kind;

typedef struct ro_status_info {
	ro_status status;
	const char *code;    /* "E30" */
	ro_status_kind kind;
	const char *meaning; /* SPEC's sentence */
} ro_status_info;

/* The table, in SPEC order; *n receives its length. Static storage. */
const ro_status_info *ro_status_table(size_t *n);
/* NULL for RO_ST_NONE and values outside the enum. */
const ro_status_info *ro_status_get(ro_status s);
/* "E30"; "" for RO_ST_NONE and values outside the enum. */
const char *ro_status_code(ro_status s);
/* Ignores ASCII case ("e30" is E30). RO_ST_NONE when code is not a status
 * code. */
ro_status ro_status_from_code(const char *code);
bool ro_status_is_error(ro_status s);
bool ro_status_is_warning(ro_status s);
const char *ro_status_kind_name(ro_status_kind k);

#endif
