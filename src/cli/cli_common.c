/* cli_common.c — opening the database and the session, reading secrets,
 * and the SELECTION options shared by list, tasks and export. */
#include "cli_int.h"

#include <roster/error.h>
#include <roster/rules.h>
#include <roster/outfile.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

int cli_open_db(cli_args *a, ro_db **db)
{
	int rc = ro_db_open(db, a->db ? a->db : ro_db_default_path());
	const char *newpw = a->cmd ? cli_opt(a, "new-password-file") : NULL;

	if (rc)
		return cli_engine_fail(rc);
	/* No file this command writes may land on a password it was given. */
	if ((a->password_file && strcmp(a->password_file, "-") &&
	    (rc = ro_db_protect_file(*db, a->password_file))) ||
	    (newpw && strcmp(newpw, "-") &&
	    (rc = ro_db_protect_file(*db, newpw)))) {
		ro_db_close(*db);
		*db = NULL;
		return cli_engine_fail(rc);
	}
	return 0;
}

int cli_open_session(cli_args *a, ro_db **db, ro_session **s)
{
	char *pw;
	int rc, st;

	*db = NULL;
	*s = NULL;
	if (!a->user)
		return cli_fail(2, "who is acting? give --user NAME (or set "
		    "ROSTER_USER)");
	if ((st = cli_open_db(a, db)))
		return st;
	if (!(pw = cli_read_secret(a->password_file, "Password: "))) {
		ro_db_close(*db);
		*db = NULL;
		return 2;
	}
	rc = ro_session_open(s, *db, a->user, pw, a->site);
	cli_secret_free(pw);
	if (rc) {
		ro_db_close(*db);
		*db = NULL;
		return cli_engine_fail(rc);
	}
	return 0;
}

int cli_session_run(cli_args *a, const char *formats, cli_session_fn fn,
    const void *ctx)
{
	int fmt = formats ? cli_format(a, formats) : FMT_TABLE;
	ro_db *db;
	ro_session *s;
	int st, rc;

	if (fmt < 0)
		return 2;
	if ((st = cli_open_session(a, &db, &s)))
		return st;
	if ((rc = fn(a, s, fmt, ctx)))
		st = cli_engine_fail(rc);
	ro_session_free(s);
	ro_db_close(db);
	return st;
}

void cli_secret_free(char *s)
{
	if (!s)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

/* A password is at most RO_PASSWORD_MAX characters, and a UTF-8
 * character at most 4 bytes: a line longer than this is too long
 * whatever it holds.  Nothing is ever cut: a longer password, or one
 * with a NUL byte (which C strings would cut), is refused. */
#define SECRET_BYTES_MAX (4 * RO_PASSWORD_MAX)

/* Checks the password line[0..n) read from `from`; NULL (with the
 * message given) when it is refused. */
static char *secret_take(const char *line, size_t n, bool nul,
    const char *from)
{
	size_t chars = 0;
	char *out;

	if (nul) {
		cli_fail(2, "the password from %s holds a NUL byte; a password "
		    "cannot hold one", from);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		chars += ((unsigned char)line[i] & 0xC0) != 0x80;
	if (n > SECRET_BYTES_MAX || chars > RO_PASSWORD_MAX) {
		cli_fail(2, "the password from %s is longer than %d "
		    "characters; nothing was cut from it: use a shorter one",
		    from, RO_PASSWORD_MAX);
		return NULL;
	}
	if (!(out = malloc(n + 1))) {
		cli_fail(3, "out of memory");
		return NULL;
	}
	memcpy(out, line, n);
	out[n] = '\0';
	return out;
}

static char *read_file_secret(const char *file)
{
	char buf[SECRET_BYTES_MAX + 8];
	struct stat sb;
	size_t n = 0, line = 0;
	bool eol = false, nul = false, more = false;
	int fd = strcmp(file, "-") == 0 ? dup(STDIN_FILENO) :
	    open(file, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		cli_fail(2, "cannot read %s: %s", file, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (sb.st_mode & 077))
		cli_fail(0, "warning: %s can be read by other users; chmod "
		    "600 it", file);
	/* The first line, however the bytes arrive (a pipe gives them in
	 * pieces); past the longest password, one byte more is enough to
	 * know it is too long. */
	while (!eol && n < sizeof buf) {
		ssize_t r = read(fd, buf + n, sizeof buf - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			explicit_bzero(buf, sizeof buf);
			cli_fail(2, "cannot read %s: %s", file, strerror(e));
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		for (line = 0; line < n && buf[line] != '\n' &&
		    buf[line] != '\r'; line++)
			;
		eol = line < n;
	}
	more = !eol && n == sizeof buf;
	close(fd);
	if (!eol)
		line = n;
	nul = memchr(buf, '\0', line) != NULL;
	const char *from = strcmp(file, "-") == 0 ? "standard input" : file;
	char *out = more ? secret_take(buf, sizeof buf, false, from) :
	    secret_take(buf, line, nul, from);
	explicit_bzero(buf, sizeof buf);
	if (out && !*out) {
		free(out);
		cli_fail(2, "%s is empty", file);
		return NULL;
	}
	return out;
}

/* Reads a line from the terminal with echo off. */
static char *read_tty_secret(const char *prompt)
{
	char buf[SECRET_BYTES_MAX + 1];
	struct termios old, quiet;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	size_t n = 0;
	bool nul = false, over = false;

	if (fd < 0) {
		cli_fail(2, "no terminal to ask for the password on: use "
		    "--password-file FILE");
		return NULL;
	}
	/* Echo goes off before the prompt shows: whatever is typed once it
	 * is on the screen stays off it. */
	bool restore = tcgetattr(fd, &old) == 0;
	if (restore) {
		quiet = old;
		quiet.c_lflag &= (tcflag_t)~(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	if (write(fd, prompt, strlen(prompt)) < 0) {
		if (restore)
			tcsetattr(fd, TCSAFLUSH, &old);
		close(fd);
		return NULL;
	}
	/* The whole line is read, so that what was typed past the limit is
	 * not left for the next prompt; then a line too long is refused. */
	for (;;) {
		char c;
		ssize_t r = read(fd, &c, 1);
		if (r <= 0 || c == '\n' || c == '\r')
			break;
		nul |= c == '\0';
		if (n < sizeof buf)
			buf[n++] = c;
		else
			over = true;
	}
	if (restore)
		tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0) {
		/* nothing to do: the echo of a newline is cosmetic */
	}
	close(fd);
	char *out = secret_take(buf, over ? sizeof buf : n, nul,
	    "the terminal");
	explicit_bzero(buf, sizeof buf);
	return out;
}

char *cli_read_secret(const char *file, const char *prompt)
{
	return file ? read_file_secret(file) : read_tty_secret(prompt);
}

char *cli_read_new_secret(const char *file, const char *prompt)
{
	char *a, *b;

	if (file)
		return read_file_secret(file);
	if (!(a = read_tty_secret(prompt)))
		return NULL;
	if (!(b = read_tty_secret("Again: "))) {
		cli_secret_free(a);
		return NULL;
	}
	if (strcmp(a, b) != 0) {
		cli_secret_free(a);
		cli_secret_free(b);
		cli_fail(2, "the two passwords differ");
		return NULL;
	}
	cli_secret_free(b);
	return a;
}

static int parse_ids(const char *text, int64_t **ids, size_t *n)
{
	size_t cap = 1;
	const char *p;

	for (p = text; *p; p++)
		cap += *p == ',';
	if (!(*ids = calloc(cap, sizeof **ids)))
		return cli_fail(3, "out of memory");
	*n = 0;
	for (p = text; *p;) {
		char *end;
		errno = 0;
		long long v = strtoll(p, &end, 10);
		if (end == p || v <= 0 || errno || (*end && *end != ',')) {
			free(*ids);
			*ids = NULL;
			return cli_fail(2, "--only takes portfolio ids separated "
			    "by commas, e.g. --only 17,18,20");
		}
		(*ids)[(*n)++] = v;
		p = *end ? end + 1 : end;
	}
	return 0;
}

int cli_selection(cli_args *a, ro_selection *sel, int64_t **ids)
{
	static const char *const modes[] = { "last-name", "group",
		"grad-year", "all" };
	int found = -1;

	memset(sel, 0, sizeof *sel);
	*ids = NULL;
	for (int i = 0; i < 4; i++) {
		if (!cli_flag(a, modes[i]))
			continue;
		if (found >= 0)
			return cli_fail(2, "choose one search mode: --%s or "
			    "--%s", modes[found], modes[i]);
		found = i;
	}
	if (found < 0)
		return cli_fail(2, "choose a search mode: --last-name PREFIX, "
		    "--group NAME, --grad-year YEAR or --all");
	sel->mode = (ro_mode)found;
	sel->arg = found < 3 ? cli_opt(a, modes[found]) : NULL;
	sel->inactive = cli_flag(a, "inactive");
	if (cli_opt(a, "only")) {
		int st = parse_ids(cli_opt(a, "only"), ids, &sel->nonly);
		if (st)
			return st;
		sel->only = *ids;
	}
	return 0;
}

int cli_format(const cli_args *a, const char *allowed)
{
	/* "text" is the table of commands that print sentences. */
	static const char *const names[] = { "table", "csv", "json", "text" };
	const char *f = cli_opt(a, "format");

	if (!f)
		return FMT_TABLE;
	for (int i = 0; i < 4; i++)
		if (strcmp(f, names[i]) == 0 && strstr(allowed, names[i]))
			return i == 3 ? FMT_TABLE : i;
	cli_fail(2, "--format takes one of %s", allowed);
	return -1;
}

int cli_page_options(const cli_args *a, size_t *limit, int64_t *after)
{
	char *end;

	*limit = 0;
	*after = 0;
	if (cli_opt(a, "limit")) {
		errno = 0;
		long v = strtol(cli_opt(a, "limit"), &end, 10);
		if (*end || v < 1 || v > 100000 || errno)
			return cli_fail(2, "--limit takes a number from 1 to "
			    "100000");
		*limit = (size_t)v;
	}
	if (cli_opt(a, "after")) {
		errno = 0;
		long long id = strtoll(cli_opt(a, "after"), &end, 10);
		if (*end || id <= 0 || errno)
			return cli_fail(2, "--after takes the cursor printed as "
			    "\"next\" by the previous page");
		*after = id;
	}
	return 0;
}
