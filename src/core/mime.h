/* mime.h — building a plain-text RFC 5322 / MIME message in memory (used by
 * notify.c; internal to the engine).
 *
 * The message is built in a buffer that wipes every copy it leaves behind,
 * because the body of a reset message holds a password.  Allocation
 * failure is sticky: the appenders become no-ops and ->nomem is set, so a
 * builder checks once at the end. */
#ifndef ROSTER_MIME_H
#define ROSTER_MIME_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

typedef struct ro_mime_msg {
	char *p;        /* NUL-terminated; NULL until something is added */
	size_t len, cap;
	bool nomem;
} ro_mime_msg;

void ro_mime_add(ro_mime_msg *m, const char *s, size_t n);
void ro_mime_adds(ro_mime_msg *m, const char *s);
void ro_mime_addf(ro_mime_msg *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Wipes and frees the buffer; the struct may be reused afterwards. */
void ro_mime_free(ro_mime_msg *m);

/* "Name: text\n" for an unstructured header (Subject).  Text that is not
 * plain short ASCII becomes RFC 2047 B-encoded UTF-8 words of at most 75
 * characters, folded so that no line is longer than 76.  text must be
 * valid UTF-8 without control characters. */
void ro_mime_add_text_header(ro_mime_msg *m, const char *name,
    const char *text);
/* "Name: addr\n" or "Name: "display" <addr>\n", the display name quoted or
 * encoded as RFC 2047 words when it is not plain ASCII.  addr must already
 * be checked. */
void ro_mime_add_mailbox_header(ro_mime_msg *m, const char *name,
    const char *display, const char *addr);
/* "Date: Tue, 03 Jun 2025 14:05:00 +0200\n" in local time, with English
 * names whatever the locale. */
void ro_mime_add_date_header(ro_mime_msg *m, time_t t);

/* Whether body must go quoted-printable rather than 8bit: a line longer
 * than SMTP's 998 octets, or a line that is a lone "." (which ends the
 * message for a sendmail run without -i). */
bool ro_mime_body_needs_qp(const char *body);
/* Appends body with LF line ends (CRLF and lone CR become LF; the last
 * line is terminated), as is or quoted-printable. */
void ro_mime_add_body(ro_mime_msg *m, const char *body, bool qp);

#endif
