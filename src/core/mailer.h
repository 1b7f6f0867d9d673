/* mailer.h — running a sendmail-compatible command with a message on its
 * standard input (used by notify.c; internal to the engine). */
#ifndef ROSTER_MAILER_H
#define ROSTER_MAILER_H

#include <stdbool.h>
#include <stddef.h>

#define RO_MAILER_ERR_KEEP 1024     /* octets of the mailer's stderr kept */

typedef struct ro_mailer_result {
	int status;             /* as from waitpid */
	bool timed_out;         /* stopped (with its process group) */
	bool short_write;       /* it exited or closed stdin before the end */
	bool lost;              /* someone else reaped it (SIGCHLD ignored) */
	int sys_errno;          /* waiting failed (poll) */
	char prog[256];         /* argv[0], for messages */
	char err[RO_MAILER_ERR_KEEP + 1];   /* start of its stderr, NUL-ended */
	size_t errlen;
} ro_mailer_result;

/* Splits command on blanks (no shell) and runs it in a process group of
 * its own: stdin gets the len octets of msg, stderr is kept in r->err,
 * stdout goes to /dev/null.  After timeout_ms (> 0) the group is killed.
 * SIGPIPE is blocked in the calling thread meanwhile and a pending one it
 * caused is consumed.  0 when the command ran, whatever its outcome (see
 * *r, which the caller should wipe: the stderr may quote the message);
 * RO_EINVAL for an empty command, RO_EIO when it could not be started,
 * RO_ENOMEM. */
int ro_mailer_run(ro_mailer_result *r, const char *command, const char *msg,
    size_t len, int timeout_ms);

/* The child's exit is watched through a pidfd where the kernel has them
 * (5.3+), else by asking every 50 ms.  Tests turn the pidfd off to run
 * the fallback; nothing else should. */
void ro_mailer_use_pidfd(bool on);

#endif
