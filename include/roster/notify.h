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
} ro_mail;

/* Runs command (split on spaces, no shell) with the message on its
 * standard input.  0 when the mailer exited 0; RO_EIO otherwise, with the
 * mailer's exit status or first line of stderr in the message.  Header
 * values with CR/LF are refused (RO_EINVAL): no header injection. */
int ro_notify_send(const char *command, const ro_mail *m);

/* The message a reset sends: subject and body (malloc'd; the body holds
 * the password, so the caller wipes and frees it). */
int ro_notify_reset_message(char **subject, char **body, const char *first,
    const char *username, const char *password, const char *site);

#endif
