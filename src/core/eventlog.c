/* eventlog.c — the syslog sink of eventlog.h: the only file that speaks
 * to the system logger. */
#include "core_int.h"
#include "eventlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

/* A value in double quotes: quotes, backslashes and control characters
 * become '?', so that a name cannot forge a second field or line. */
static void quoted(char *out, size_t size, const char *s)
{
	size_t n = 0;

	out[n++] = '"';
	for (; s && *s && n + 2 < size; s++) {
		unsigned char c = (unsigned char)*s;
		out[n++] = c < 0x20 || c == 0x7f || c == '"' || c == '\\' ?
		    '?' : (char)c;
	}
	out[n++] = '"';
	out[n] = '\0';
}

static bool enabled(ro_db *db)
{
	char *v = ro_db_setting(db, "log.syslog");
	bool on = !v || strcmp(v, "off") != 0;

	free(v);
	return on;
}

static void emit(int priority, const char *line)
{
	const char *test = getenv("ROSTER_SYSLOG_SOCKET");

	if (test && *test) {
		struct sockaddr_un sa = { .sun_family = AF_UNIX };
		char msg[1200];
		int fd, n;

		if (strlen(test) >= sizeof sa.sun_path)
			return;
		memcpy(sa.sun_path, test, strlen(test) + 1);
		n = snprintf(msg, sizeof msg, "<%d>roster[%ld]: %s", priority,
		    (long)getpid(), line);
		if (n < 0 || (fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC,
		    0)) < 0)
			return;
		/* Best effort, as syslog(3) is: a missing listener loses
		 * the line, never the work. */
		if (sendto(fd, msg, (size_t)n < sizeof msg ? (size_t)n :
		    sizeof msg - 1, 0, (struct sockaddr *)&sa, sizeof sa) < 0) {
			/* nothing to do */
		}
		close(fd);
		return;
	}
	openlog("roster", LOG_PID, LOG_USER);
	syslog(priority, "%s", line);
	closelog();
}

void ro_eventlog_signin(ro_db *db, const ro_store_row *r, int failures,
    bool locked)
{
	char who[160], site[400], line[700];
	char *name = NULL;

	if (!enabled(db))
		return;
	if (r->p.site_id)
		ro_store_site_name(ro_db_store(db), &name, r->p.site_id);
	quoted(who, sizeof who, r->p.username);
	quoted(site, sizeof site, name);
	free(name);
	snprintf(line, sizeof line, "kind=%s who=%s site=%s count=%d",
	    locked ? "signin-lock" : "signin-failure", who, site, failures);
	emit(LOG_AUTHPRIV | (locked ? LOG_WARNING : LOG_NOTICE), line);
}

void ro_eventlog_batch(ro_session *s, const char *kind, size_t count,
    int64_t batch, int64_t undid)
{
	char who[160], site[400], line[800];
	int n;

	if (!enabled(s->db))
		return;
	quoted(who, sizeof who, s->username);
	quoted(site, sizeof site, s->site_name);
	n = snprintf(line, sizeof line, "kind=%s who=%s site=%s count=%zu "
	    "batch=%lld", kind, who, site, count, (long long)batch);
	if (undid && n > 0 && (size_t)n < sizeof line)
		snprintf(line + n, sizeof line - (size_t)n, " undid=%lld",
		    (long long)undid);
	emit(LOG_USER | LOG_INFO, line);
}
