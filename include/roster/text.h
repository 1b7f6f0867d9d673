/* text.h — making strings from data safe and aligned for a terminal.
 *
 * The one sanitiser: every string that comes from data (names, cells,
 * file names) passes through ro_text_sanitize before it reaches a screen
 * or a table, so that escape sequences and control characters show as
 * harmless visible text.  Needs setlocale(LC_CTYPE, "") for widths. */
#ifndef ROSTER_TEXT_H
#define ROSTER_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* A malloc'd copy where C0 controls and DEL show as ^X (ESC as ^[), C1
 * controls as <9B>, bidi and line-separator controls as <202E>, and
 * invalid UTF-8 as U+FFFD.  NULL gives "". */
char *ro_text_sanitize(const char *s);
/* What may be stored as a name, username, group, site, email or setting:
 * valid UTF-8 without control characters (C0 — tab, newline and ESC
 * included — DEL, and C1).  The one check every way into the database
 * goes through. */
typedef enum ro_text_fault {
	RO_TEXT_OK = 0,
	RO_TEXT_BAD_UTF8,      /* not valid UTF-8 */
	RO_TEXT_CONTROL        /* a control character */
} ro_text_fault;
/* The first fault of s (NULL is RO_TEXT_OK); *at (when not NULL) receives
 * the 1-based character where it is. */
ro_text_fault ro_text_check(const char *s, size_t *at);
/* RO_EINVAL with a message naming field ("First Name holds a control
 * character (^J, character 4)") when ro_text_check finds a fault; 0
 * otherwise. */
int ro_text_field_check(const char *field, const char *s);
/* A malloc'd copy of s with each byte that does not start a valid UTF-8
 * sequence replaced by U+FFFD (what an older database may hold is
 * exported as text a spreadsheet reads).  NULL when out of memory. */
char *ro_text_valid_utf8(const char *s);
/* Cuts off a UTF-8 sequence left incomplete at the end of s, as snprintf
 * leaves one when it truncates text in the middle of a character. */
void ro_text_cut_partial(char *s);
/* Columns the (sanitised) UTF-8 string takes on a terminal. */
size_t ro_text_width(const char *s);
/* A malloc'd copy of s cut to at most width columns (ending in "…" when
 * cut) and padded with spaces to exactly width when pad is non-zero. */
char *ro_text_fit(const char *s, size_t width, int pad);

#endif
