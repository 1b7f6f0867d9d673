/* scp_hint.c — "scp user@host:path ." for a file roster wrote on the
 * server, so that someone signed in over SSH can take it home: exports
 * to edit, sign-in slips to print. */
#include "scp_hint.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The server's own address as the client reached it: the third field of
 * SSH_CONNECTION ("client port server port"). */
static bool server_address(char *out, size_t n, const char *conn)
{
	char a[4][64];

	if (sscanf(conn, "%63s %63s %63s %63s", a[0], a[1], a[2], a[3]) != 4)
		return false;
	/* An IPv6 address goes in brackets before the colon. */
	return snprintf(out, n, strchr(a[2], ':') ? "[%s]" : "%s", a[2]) <
	    (int)n;
}

/* Plain enough to pass the remote shell untouched. */
static bool plain(const char *s)
{
	return s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._-+/@,=")] == '\0';
}

bool ui_scp_hint(char *out, size_t n, const char *path)
{
	const char *conn = getenv("SSH_CONNECTION");
	const struct passwd *pw = getpwuid(geteuid());
	const char *user = pw ? pw->pw_name : getenv("USER");
	char host[256] = "", *abs = NULL;
	int len;

	out[0] = '\0';
	if (!conn || !*conn || !user || !path)
		return false;
	if (gethostname(host, sizeof host) != 0 || !strchr(host, '.'))
		if (!server_address(host, sizeof host, conn))
			return false;
	host[sizeof host - 1] = '\0';
	abs = realpath(path, NULL);
	const char *p = abs ? abs : path;

	if (plain(p))
		len = snprintf(out, n, "scp %s@%s:%s .", user, host, p);
	else if (!strchr(p, '\''))
		len = snprintf(out, n, "scp \"%s@%s:'%s'\" .", user, host, p);
	else
		len = -1;
	free(abs);
	if (len < 0 || (size_t)len >= n) {
		out[0] = '\0';
		return false;
	}
	return true;
}
