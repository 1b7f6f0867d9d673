/* task_notify.c — mailing the new temporary passwords after the commit.
 *
 * The batch has landed by the time this runs: a message that cannot be
 * delivered is listed (account, address, reason) and never undoes the
 * reset.  The password exists only in memory: the message body is wiped
 * as soon as the mailer has it, and the mailer's errors never repeat it
 * (ro_mail.secret). */
#include "task_int.h"

#include <roster/notify.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAIL_COMMAND_DEFAULT "/usr/sbin/sendmail -t -i"

static int add_failure(ro_task_result *r, size_t *cap,
    const ro_task_target *t, const char *reason)
{
	if (r->nnotify_failures == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		ro_notify_failure *n = realloc(r->notify_failures,
		    nc * sizeof *n);
		if (!n)
			return RO_ENOMEM;
		r->notify_failures = n;
		*cap = nc;
	}
	ro_notify_failure *f = &r->notify_failures[r->nnotify_failures++];
	f->username = strdup(t->username);
	f->email = strdup(t->email);
	f->reason = strdup(reason);
	return 0;
}

static void wipe_free(char *s)
{
	if (!s)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

/* Composes and sends one message; 0 or RO_E… with the reason. */
static int send_one(const ro_task_ctx *k, const ro_task_target *t,
    const char *password, const char *command, const char *from)
{
	char *subject = NULL, *body = NULL, *to_name = NULL;
	int rc;

	if ((rc = ro_notify_reset_message(&subject, &body, t->first,
	    t->username, password, k->s->site_name)))
		return rc;
	size_t n = strlen(t->first) + strlen(t->last) + 2;
	if ((to_name = malloc(n)))
		snprintf(to_name, n, "%s %s", t->first, t->last);
	ro_mail m = {
		.to = t->email, .to_name = to_name, .from = from,
		.subject = subject, .body = body, .secret = password,
	};
	rc = ro_notify_send(command, &m);
	free(to_name);
	free(subject);
	wipe_free(body);
	return rc;
}

void ro_task_notify(ro_task_ctx *k)
{
	ro_task_result *r = k->r;
	char *command = ro_db_setting(k->s->db, "mail.command");
	char *from = ro_db_setting(k->s->db, "mail.from");
	const char *cmd = command && *command ? command :
	    MAIL_COMMAND_DEFAULT;
	size_t cap = 0, total = 0, done = 0;
	bool cancelled = false;

	for (size_t i = 0; i < k->nt; i++)
		total += k->t[i].email != NULL;
	r->no_email = k->nt - total;
	for (size_t i = 0; i < k->nt; i++) {
		const ro_task_target *t = &k->t[i];
		if (!t->email)
			continue;
		if (cancelled) {
			add_failure(r, &cap, t, "not sent: cancelled");
			continue;
		}
		if (send_one(k, t, k->passwords[i], cmd, from) == 0)
			r->notified++;
		else
			add_failure(r, &cap, t, ro_error_last());
		done++;
		/* The same callback as the hashing: a long mailing shows
		 * progress, and cancelling stops what is not yet sent. */
		if (k->o->progress && k->o->progress(k->o->progress_ctx, done,
		    total) != 0)
			cancelled = true;
	}
	free(command);
	free(from);
}
