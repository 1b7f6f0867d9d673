/* scp.c — the one command that copies a file between the admin's own
 * computer and this server, for a session over SSH.
 *
 * An export is written here, on the server, not on the computer in front
 * of the admin (as a web page's Download would); an upload file has to be
 * here too.  SSH_CONNECTION ("client port server port") says the session
 * came over SSH; the host name (or, when it has none worth the name, the
 * server address SSH_CONNECTION gives) and the user name make the
 * command. */
#include "ui.h"

#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* s for a POSIX shell: as it is when it holds only safe characters, else
 * in single quotes. */
static void shell_word(char *out, size_t n, const char *s)
{
	size_t o = 0;

	if (n == 0)
		return;
	if (*s && !s[strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
	    "vwxyz0123456789@%+=:,./_-[]")]) {
		snprintf(out, n, "%s", s);
		return;
	}
	out[o++] = '\'';
	for (; *s && o + 5 < n; s++) {
		if (*s == '\'') {
			memcpy(out + o, "'\\''", 4);
			o += 4;
		} else {
			out[o++] = *s;
		}
	}
	if (o + 1 < n)
		out[o++] = '\'';
	out[o] = '\0';
}

/* "user@host" for this session, false when it did not come over SSH. */
static bool ssh_target(char *out, size_t n)
{
	const char *conn = getenv("SSH_CONNECTION");
	const char *user = getenv("USER");
	char host[256] = "", server[128] = "";
	struct passwd *pw;

	if (!conn || !*conn)
		return false;
	if (!user || !*user)
		user = (pw = getpwuid(getuid())) ? pw->pw_name : NULL;
	if (!user)
		return false;
	/* The third field is the address the client reached. */
	if (sscanf(conn, "%*s %*s %127s", server) != 1)
		server[0] = '\0';
	if (gethostname(host, sizeof host - 1) != 0 || !*host ||
	    strcmp(host, "localhost") == 0)
		snprintf(host, sizeof host, "%s", server);
	if (!*host)
		return false;
	snprintf(out, n, strchr(host, ':') ? "%s@[%s]" : "%s@%s", user, host);
	return true;
}

/* path as scp names it on this server: relative to the home folder
 * (where scp starts) when it is inside it, which keeps the command short
 * enough for one line; else absolute. */
static void remote_path(char out[PATH_MAX], const char *path)
{
	const char *home = getenv("HOME");
	char rhome[PATH_MAX];
	size_t hl;

	if (!realpath(path, out))
		snprintf(out, PATH_MAX, "%s", path);
	if (!home || !realpath(home, rhome) || !strcmp(rhome, "/"))
		return;
	hl = strlen(rhome);
	if (strncmp(out, rhome, hl) == 0 && (out[hl] == '/' || !out[hl])) {
		size_t skip = hl + (out[hl] == '/');

		memmove(out, out + skip, strlen(out + skip) + 1);
	}
}

bool ui_scp_hint(char *out, size_t n, const char *path, bool to_server)
{
	char target[400], abs[PATH_MAX], spec[PATH_MAX + 410];
	char word[2 * (PATH_MAX + 410)];

	if (!ssh_target(target, sizeof target) || !path)
		return false;
	remote_path(abs, path);
	if (to_server) {
		/* Into the folder: the name stays the one on the computer. */
		snprintf(spec, sizeof spec, "%s:%s%s", target, abs,
		    *abs && strcmp(abs, "/") ? "/" : "");
		shell_word(word, sizeof word, spec);
		snprintf(out, n, "scp FILE %s", word);
	} else {
		snprintf(spec, sizeof spec, "%s:%s", target, abs);
		shell_word(word, sizeof word, spec);
		snprintf(out, n, "scp %s .", word);
	}
	return true;
}
