/* eventlog.h — the copy of what happens that a host's admins already
 * watch: one syslog line per sign-in failure or lock (LOG_AUTHPRIV, where
 * fail2ban and central logging look) and per batch, upload or undo
 * (LOG_USER).  The audit log in the database stays the record.  Never a
 * password or a hash; the setting log.syslog = off turns it off.
 *
 * ROSTER_SYSLOG_SOCKET (for tests): the lines go as datagrams to that
 * Unix socket instead of the system logger. */
#ifndef ROSTER_EVENTLOG_H
#define ROSTER_EVENTLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <roster/db.h>

struct ro_store_row;

/* A wrong password for r's portfolio: failures is the count within the
 * window, this one included; locked when it locked the portfolio. */
void ro_eventlog_signin(ro_db *db, const struct ro_store_row *r,
    int failures, bool locked);
/* A batch that was committed: kind as the batches list names it, count
 * the portfolios it changed; undid the batch an undo reversed (else 0). */
void ro_eventlog_batch(ro_session *s, const char *kind, size_t count,
    int64_t batch, int64_t undid);

#endif
