/* notify.h — handing messages to the system mailer (a sendmail-compatible
 * command such as "/usr/sbin/sendmail -t -i" or "msmtp -t"). */
#ifndef ROSTER_NOTIFY_H
#define ROSTER_NOTIFY_H

#include <stddef.h>

typedef struct ro_mail {
	const char *to;        /* one address */
	const char *to_name;   /* display name, may be NULL */
	const char *from;      /* may be NULL: the mailer's default */
	const char *subject;   /* UTF-8; encoded as RFC 2047 when needed */
	const char *body;      /* UTF-8 text */
	const char *secret;    /* text that must never appear in an error
	                        * message, such as the password the body
	                        * holds; may be NULL */
} ro_mail;

/* How long ro_notify_send lets the mailer run before stopping it. */
#define RO_NOTIFY_TIMEOUT_MS 30000

/* Runs command (split on spaces, no shell) with the message on its
 * standard input.  0 when the mailer exited 0; RO_EIO otherwise, with the
 * mailer's exit status or first line of stderr in the message.  Header
 * values with CR/LF are refused (RO_EINVAL): no header injection.
 *
 * The message: Date, From (when given), To, Subject (RFC 2047 when not
 * ASCII), Message-ID, MIME-Version, Content-Type text/plain UTF-8,
 * Content-Transfer-Encoding 8bit (quoted-printable when a body line is
 * longer than 998 octets or is a lone "."), LF line ends.  Addresses must
 * be plain user@host (ASCII, no quoting).  The mailer runs in its own
 * process group with stdout on /dev/null, and is killed (with its group)
 * after RO_NOTIFY_TIMEOUT_MS.  SIGPIPE is blocked in the calling thread
 * meanwhile, never ignored process-wide.  Thread-safe. */
int ro_notify_send(const char *command, const ro_mail *m);
/* The same with a timeout of timeout_ms (> 0) milliseconds. */
int ro_notify_send_timeout(const char *command, const ro_mail *m,
    int timeout_ms);

/* The message a reset sends: subject and body (malloc'd; the body holds
 * the password, so the caller wipes and frees it).  first and site may be
 * NULL; username and password may not.  RO_EINVAL for a control character
 * or invalid UTF-8 in any of them. */
int ro_notify_reset_message(char **subject, char **body, const char *first,
    const char *username, const char *password, const char *site);

#endif
