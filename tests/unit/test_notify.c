/* test_notify.c — mail through a real path: ro_notify_send → msmtp → SMTP
 * → tests/mail/smtp_sink.py (aiosmtpd), which saves each message with the
 * headers and body as Python's email package decodes them.  The sink is
 * started once for the group on a port the kernel picks, and killed in the
 * group teardown; PR_SET_PDEATHSIG kills it if this process dies first.
 * The mailer process itself (exit statuses, timeouts, its children):
 * test_mailer.c. */
#include "mail_testlib.h"

#include <roster/error.h>
#include <roster/notify.h>

#include "../../src/core/mailer.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PYTHON "/usr/bin/python3"
#define SINK "tests/mail/smtp_sink.py"
#define REJECTED "refuse@example.org"
#define READY_MS 20000

typedef struct fx {
	char *dir;              /* private temp dir */
	char *maildir;          /* where the sink saves messages */
	char cmd[4200];         /* "msmtp -C <rc> -t" */
	pid_t sink;
	int port;
	int base;               /* messages saved before the current test */
} fx;

static void print_sink_log(const fx *f)
{
	char *path = rt_path(f->dir, "sink.log");
	char *log = slurp(path);

	print_error("smtp_sink log:\n%s\n", log ? log : "(none)");
	free(log);
	free(path);
}

/* Waits up to ms for pid to exit; false if it is still running. */
static bool wait_exit(pid_t pid, int ms)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	bool gone = false;

	if (pidfd >= 0) {
		struct pollfd pf = { .fd = pidfd, .events = POLLIN };
		long long end = now_ms() + ms;
		int r;

		do
			r = poll(&pf, 1, (int)(end - now_ms() > 0 ? end - now_ms() : 0));
		while (r < 0 && errno == EINTR);
		close(pidfd);
		gone = r > 0;
	}
	if (gone)
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	return gone;
}

static void write_rc(const char *path, int port)
{
	char rc[512];
	int n = snprintf(rc, sizeof rc,
	    "defaults\n"
	    "auth off\n"
	    "tls off\n"
	    "timeout 10\n"
	    "account default\n"
	    "host 127.0.0.1\n"
	    "port %d\n"
	    "from roster@localhost\n", port);

	rt_write_file(path, rc, (size_t)n);
}

static int group_setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	char line[64] = "", *rc, *log;
	size_t got = 0;
	int out[2];
	pid_t parent = getpid();
	long long end;

	assert_non_null(f);
	*state = f;
	f->dir = rt_tmpdir();
	f->maildir = rt_path(f->dir, "mail");
	assert_int_equal(mkdir(f->maildir, 0700), 0);
	log = rt_path(f->dir, "sink.log");
	assert_int_equal(pipe2(out, O_CLOEXEC), 0);
	f->sink = fork();
	assert_true(f->sink >= 0);
	if (f->sink == 0) {
		int fd;

		/* Dies with the test process, even if that crashes. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || dup2(out[1], 1) < 0 || dup2(fd, 2) < 0)
			_exit(127);
		execl(PYTHON, PYTHON, SINK, f->maildir, "--reject", REJECTED,
		    (char *)NULL);
		_exit(127);
	}
	free(log);
	close(out[1]);
	/* Ready when it says so: poll its stdout, never a fixed sleep. */
	end = now_ms() + READY_MS;
	while (!memchr(line, '\n', got) && got < sizeof line - 1) {
		struct pollfd pf = { .fd = out[0], .events = POLLIN };
		long long left = end - now_ms();
		ssize_t n;

		if (left <= 0)
			break;
		if (poll(&pf, 1, (int)left) < 0 && errno != EINTR)
			break;
		if (!pf.revents)
			continue;
		n = read(out[0], line + got, sizeof line - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(out[0]);
	line[got] = '\0';
	if (sscanf(line, "PORT %d", &f->port) != 1 || f->port <= 0) {
		print_error("smtp_sink did not become ready: \"%s\"\n", line);
		print_sink_log(f);
		return -1;
	}
	rc = rt_path(f->dir, "msmtprc");
	assert_null(strchr(rc, ' '));  /* the command is split on spaces */
	write_rc(rc, f->port);
	snprintf(f->cmd, sizeof f->cmd, "msmtp -C %s -t", rc);
	free(rc);
	return 0;
}

static int group_teardown(void **state)
{
	fx *f = *state;

	if (!f)
		return 0;
	if (f->sink > 0) {
		kill(f->sink, SIGTERM);
		if (!wait_exit(f->sink, 5000)) {
			kill(f->sink, SIGKILL);
			while (waitpid(f->sink, NULL, 0) < 0 && errno == EINTR)
				;
		}
	}
	rt_tmpdir_free(f->dir);
	free(f->maildir);
	free(f);
	return 0;
}

static int count_mail(const fx *f)
{
	DIR *d = opendir(f->maildir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (len > 4 && !strcmp(e->d_name + len - 4, ".eml"))
			n++;
	}
	closedir(d);
	return n;
}

static int test_setup(void **state)
{
	fx *f = *state;

	f->base = count_mail(f);
	return mail_test_setup(true);
}

static int test_setup_no_pidfd(void **state)
{
	test_setup(state);
	return mail_test_setup(false);
}

/* File ext of the k-th message of this test (1-based), malloc'd. */
static char *mail_file(const fx *f, int k, const char *ext)
{
	char name[64], *path, *s;

	snprintf(name, sizeof name, "%04d.%s", f->base + k, ext);
	path = rt_path(f->maildir, name);
	s = slurp(path);
	if (!s)
		fail_msg("message %s was not saved", name);
	free(path);
	return s;
}

/* The value of "key: value" in the k-th message's .env, malloc'd. */
static char *env_get(const fx *f, int k, const char *key)
{
	char *env = mail_file(f, k, "env"), *p = env, *v = NULL;
	size_t kl = strlen(key);

	while (p && *p) {
		char *nl = strchr(p, '\n');

		if (nl)
			*nl = '\0';
		if (!strncmp(p, key, kl) && p[kl] == ':' && p[kl + 1] == ' ') {
			v = strdup(p + kl + 2);
			break;
		}
		p = nl ? nl + 1 : NULL;
	}
	if (!v)
		fail_msg("no \"%s\" in message %d:\n%s", key, k, env);
	free(env);
	return v;
}

static void expect_env(const fx *f, int k, const char *key, const char *want)
{
	char *v = env_get(f, k, key);

	assert_string_equal(v, want);
	free(v);
}

static int b64_value(char c)
{
	const char *a =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(a, c) : NULL;

	return p ? (int)(p - a) : -1;
}

/* Whether the n base64 characters at s decode to whole UTF-8 characters
 * (each encoded word must stand alone: RFC 2047 §5). */
static bool b64_whole_utf8(const char *s, size_t n)
{
	unsigned char out[128];
	size_t o = 0, need = 0;
	unsigned v = 0;
	int bits = 0;

	for (size_t i = 0; i < n && s[i] != '='; i++) {
		int d = b64_value(s[i]);

		if (d < 0)
			return false;
		v = v << 6 | (unsigned)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o == sizeof out)
				return false;
			out[o++] = (unsigned char)(v >> bits);
		}
	}
	for (size_t i = 0; i < o; i++) {
		if (need) {
			if ((out[i] & 0xC0) != 0x80)
				return false;
			need--;
		} else if (out[i] >= 0xF0) {
			need = 3;
		} else if (out[i] >= 0xE0) {
			need = 2;
		} else if (out[i] >= 0xC0) {
			need = 1;
		} else if (out[i] >= 0x80) {
			return false;
		}
	}
	return need == 0;
}

/* The raw header section: ASCII only, lines of at most 78 characters
 * (76 where they carry encoded words), encoded words of at most 75, each
 * of whole characters.  Returns how many encoded words it saw. */
static int check_raw_header(const char *raw)
{
	const char *end = strstr(raw, "\r\n\r\n");
	const char *line = raw;
	int words = 0;

	assert_non_null(end);
	for (const char *p = raw; p < end; p++)
		assert_true((unsigned char)*p < 0x80);
	while (line < end) {
		const char *eol = strstr(line, "\r\n");
		size_t len = (size_t)(eol - line);
		const char *w = line;

		while ((w = strstr(w, "=?")) && w < eol) {
			const char *text, *close;

			assert_memory_equal(w, "=?UTF-8?B?", 10);
			text = w + 10;
			close = strstr(text, "?=");
			assert_true(close && close < eol);
			assert_true((size_t)(close + 2 - w) <= 75);
			assert_true(b64_whole_utf8(text, (size_t)(close - text)));
			words++;
			assert_true(len <= 76);
			w = close + 2;
		}
		assert_true(len <= 78);
		line = eol + 2;
	}
	return words;
}

static void test_send_plain(void **state)
{
	fx *f = *state;
	const char *body = "Hello Ada,\n\nTemporary password: " PASSWORD "\n"
	    "\nLines may start with a dot:\n.profile\n";
	ro_mail m = {
		.to = "ada@example.org", .to_name = "Ada \"Countess\" Lovelace",
		.from = "office@school.example",
		.subject = "Your new temporary password",
		.body = body, .secret = PASSWORD,
	};
	char *raw, *got, *date, day[4], mon[4], zone[8];
	int dd, yy, hh, mi, ss;

	assert_int_equal(ro_notify_send(f->cmd, &m), 0);
	assert_int_equal(count_mail(f), f->base + 1);
	expect_env(f, 1, "mail-from", "roster@localhost");
	expect_env(f, 1, "rcpt-to", "ada@example.org");
	expect_env(f, 1, "to-addr", "ada@example.org");
	expect_env(f, 1, "to-name", "Ada \"Countess\" Lovelace");
	expect_env(f, 1, "from", "office@school.example");
	expect_env(f, 1, "subject", "Your new temporary password");
	expect_env(f, 1, "date-ok", "yes");
	expect_env(f, 1, "mime-version", "1.0");
	expect_env(f, 1, "content-type", "text/plain");
	expect_env(f, 1, "charset", "utf-8");
	expect_env(f, 1, "cte", "8bit");
	expect_env(f, 1, "defects", "0");
	got = mail_file(f, 1, "body");
	assert_string_equal(got, body);
	free(got);

	raw = mail_file(f, 1, "eml");
	assert_int_equal(check_raw_header(raw), 0);
	assert_non_null(strstr(raw, "\r\nTo: \"Ada \\\"Countess\\\" Lovelace\" "
	    "<ada@example.org>\r\n"));
	assert_non_null(strstr(raw, "\r\nContent-Type: text/plain; "
	    "charset=UTF-8\r\n"));
	assert_non_null(strstr(raw, "\r\nAuto-Submitted: auto-generated\r\n"));
	/* Minted in the sender's domain. */
	got = strstr(raw, "\r\nMessage-ID: <");
	assert_non_null(got);
	assert_true(strstr(got, "@school.example>\r\n") ==
	    strstr(got + 2, "\r\n") - strlen("@school.example>"));
	/* RFC 5322 date, English names, numeric zone. */
	date = strstr(raw, "Date: ");
	assert_non_null(date);
	assert_int_equal(sscanf(date, "Date: %3[A-Za-z], %d %3s %d %d:%d:%d %7s",
	    day, &dd, mon, &yy, &hh, &mi, &ss, zone), 8);
	assert_non_null(strstr("Sun,Mon,Tue,Wed,Thu,Fri,Sat,", day));
	assert_non_null(strstr("JanFebMarAprMayJunJulAugSepOctNovDec", mon));
	assert_true((zone[0] == '+' || zone[0] == '-') && strlen(zone) == 5);
	assert_true(yy >= 2024);
	free(raw);
}

static void test_send_non_ascii(void **state)
{
	fx *f = *state;
	/* Long enough to fold; a run of 4-octet characters tries to make an
	 * encoded word end inside one. */
	const char *name = "Zoë Łukasiewicz-Ångström";
	const char *subject = "Ihr neues vorläufiges Passwort für die "
	    "Grundschule Süd — bitte gleich ändern 🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑 ✓";
	const char *body = "Grüße, Zoë!\nPasswort: " PASSWORD "\n";
	ro_mail m = {
		.to = "zoe.l@example.org", .to_name = name, .subject = subject,
		.body = body, .secret = PASSWORD,
	};
	char *raw, *got;

	assert_int_equal(ro_notify_send(f->cmd, &m), 0);
	assert_int_equal(count_mail(f), f->base + 1);
	expect_env(f, 1, "rcpt-to", "zoe.l@example.org");
	expect_env(f, 1, "to-name", name);
	expect_env(f, 1, "subject", subject);
	expect_env(f, 1, "defects", "0");
	got = mail_file(f, 1, "body");
	assert_string_equal(got, body);
	free(got);
	raw = mail_file(f, 1, "eml");
	/* Several words: the subject alone is over 100 octets of UTF-8. */
	assert_true(check_raw_header(raw) >= 4);
	free(raw);
}

static void test_reset_message(void **state)
{
	fx *f = *state;
	char *subject, *body, *got;
	ro_mail m = { .to = "zoe.l@example.org", .to_name = "Zoë L" };

	assert_int_equal(ro_notify_reset_message(&subject, &body, "Zoë",
	    "zoe.l", PASSWORD, "Springfield Süd"), 0);
	assert_string_equal(subject,
	    "Your new temporary password for Springfield Süd");
	assert_non_null(strstr(body, "Hello Zoë,\n"));
	assert_non_null(strstr(body, "Springfield Süd"));
	assert_non_null(strstr(body, "zoe.l\n"));
	assert_non_null(strstr(body, PASSWORD "\n"));
	assert_non_null(strstr(body, "choose a new password when you sign in"));

	m.subject = subject;
	m.body = body;
	m.secret = PASSWORD;
	assert_int_equal(ro_notify_send(f->cmd, &m), 0);
	expect_env(f, 1, "subject", subject);
	expect_env(f, 1, "to-name", "Zoë L");
	expect_env(f, 1, "defects", "0");
	got = mail_file(f, 1, "body");
	assert_string_equal(got, body);
	free(got);
	free(subject);
	free(body);

	/* No first name, no site: still a sentence. */
	assert_int_equal(ro_notify_reset_message(&subject, &body, NULL,
	    "zoe.l", PASSWORD, ""), 0);
	assert_string_equal(subject, "Your new temporary password");
	assert_non_null(strstr(body, "Hello,\n"));
	assert_non_null(strstr(body, "your account has been reset"));
	free(subject);
	free(body);

	assert_int_equal(ro_notify_reset_message(&subject, &body, "Zoë",
	    "zoe.l", NULL, NULL), RO_EINVAL);
	assert_null(subject);
	assert_null(body);
	assert_int_equal(ro_notify_reset_message(&subject, &body, "Zoë",
	    "zoe.l", PASSWORD "\n", NULL), RO_EINVAL);
	expect_no_secret(ro_error_last());
	assert_int_equal(ro_notify_reset_message(&subject, &body, "Zo\xC3",
	    "zoe.l", PASSWORD, NULL), RO_EINVAL);
}

static void test_server_down(void **state)
{
	fx *f = *state;
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof sa;
	char *rc = rt_path(f->dir, "msmtprc-down"), cmd[4200];
	const char *msg;
	ro_mail m = {
		.to = "ada@example.org", .subject = "Your new temporary password",
		.body = "Temporary password: " PASSWORD "\n", .secret = PASSWORD,
	};
	/* Bound but never listening: a connection is refused, and no other
	 * process can take the port meanwhile. */
	int s = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(s >= 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&sa, &len), 0);
	write_rc(rc, ntohs(sa.sin_port));
	snprintf(cmd, sizeof cmd, "msmtp -C %s -t", rc);

	assert_int_equal(ro_notify_send(cmd, &m), RO_EIO);
	msg = ro_error_last();
	exit_status_in(msg);
	/* msmtp's own first line follows the status. */
	assert_non_null(strstr(msg, ": msmtp: "));
	expect_no_secret(msg);
	assert_null(strstr(msg, "Temporary password"));
	assert_int_equal(count_mail(f), f->base);
	close(s);
	free(rc);
}

static void test_recipient_rejected(void **state)
{
	fx *f = *state;
	ro_mail m = {
		.to = REJECTED, .subject = "Your new temporary password",
		.body = "Temporary password: " PASSWORD "\n", .secret = PASSWORD,
	};
	const char *msg;

	assert_int_equal(ro_notify_send(f->cmd, &m), RO_EIO);
	msg = ro_error_last();
	exit_status_in(msg);
	assert_non_null(strstr(msg, REJECTED));
	expect_no_secret(msg);
	assert_int_equal(count_mail(f), f->base);
}

static void test_header_injection(void **state)
{
	fx *f = *state;
	const ro_mail ok = {
		.to = "ada@example.org", .to_name = "Ada", .from = "office@x.org",
		.subject = "Hello", .body = "Temporary password: " PASSWORD "\n",
		.secret = PASSWORD,
	};
	static const char *bad_to[] = {
		"ada@example.org\r\nBcc: x@y", "ada@example.org\nBcc: x@y",
		"ada@example.org, eve@example.org", "ada@example.org,eve@x.org",
		"<ada@example.org>", "Ada <ada@example.org>", "ada.example.org",
		"ada@@example.org", "ada@", "@example.org", "", "zoë@example.org",
		"ada.@example.org", "ada@example..org", "ada@exa_mple.org",
	};
	ro_mail m;

	m = ok;
	m.subject = "Hello\r\nBcc: x@y";
	assert_int_equal(ro_notify_send(f->cmd, &m), RO_EINVAL);
	assert_non_null(strstr(ro_error_last(), "subject"));
	expect_no_secret(ro_error_last());
	m.subject = "Hello\nBcc: x@y";
	assert_int_equal(ro_notify_send(f->cmd, &m), RO_EINVAL);
	m.subject = "\x1b[31mred";
	assert_int_equal(ro_notify_send(f->cmd, &m), RO_EINVAL);
	m.subject = "Zo\xC3\x28";
	assert_int_equal(ro_notify_send(f->cmd, &m), RO_EINVAL);
	m = ok;
	m.to_name = "Ada\r\nBcc: x@y";
	assert_int_equal(ro_notify_send(f->cmd, &m), RO_EINVAL);
	m.to_name = "\xFF";
	assert_int_equal(ro_notify_send(f->cmd, &m), RO_EINVAL);
	m = ok;
	m.from = "office@x.org\nBcc: x@y";
	assert_int_equal(ro_notify_send(f->cmd, &m), RO_EINVAL);
	m.from = "office";
	assert_int_equal(ro_notify_send(f->cmd, &m), RO_EINVAL);
	m = ok;
	m.body = "caf\xE9 " PASSWORD "\n";
	assert_int_equal(ro_notify_send(f->cmd, &m), RO_EINVAL);
	expect_no_secret(ro_error_last());
	m = ok;
	m.to = NULL;
	assert_int_equal(ro_notify_send(f->cmd, &m), RO_EINVAL);
	for (size_t i = 0; i < sizeof bad_to / sizeof bad_to[0]; i++) {
		m.to = bad_to[i];
		if (ro_notify_send(f->cmd, &m) != RO_EINVAL)
			fail_msg("address accepted: \"%s\"", bad_to[i]);
		expect_no_secret(ro_error_last());
	}
	/* Nothing reached the mailer. */
	assert_int_equal(count_mail(f), f->base);
	/* The checks do not refuse what is fine. */
	m = ok;
	m.to = "o'brien+tag@mail.example-school.org";
	assert_int_equal(ro_notify_send(f->cmd, &m), 0);
	expect_env(f, 1, "rcpt-to", "o'brien+tag@mail.example-school.org");
}

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/* Signals without SA_RESTART interrupt poll, read, write and waitpid. */
static void test_send_eintr(void **state)
{
	fx *f = *state;
	struct sigaction sa = { .sa_handler = on_alarm }, old;
	struct itimerval it = { { 0, 1000 }, { 0, 1000 } }, off = { 0 };
	const struct timespec zero = { 0, 0 };
	sigset_t alrm, mask;
	ro_mail m = { .to = "ada@example.org", .subject = "Interrupted",
		.body = "Temporary password: " PASSWORD "\n" };
	int rc;

	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGALRM, &sa, &old), 0);
	alarms = 0;
	assert_int_equal(setitimer(ITIMER_REAL, &it, NULL), 0);
	rc = ro_notify_send(f->cmd, &m);
	/* Stop the timer with SIGALRM blocked and take back one still in
	 * flight, before the default action (exit) returns. */
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	sigprocmask(SIG_BLOCK, &alrm, &mask);
	setitimer(ITIMER_REAL, &off, NULL);
	while (sigtimedwait(&alrm, NULL, &zero) > 0)
		;
	sigaction(SIGALRM, &old, NULL);
	sigprocmask(SIG_SETMASK, &mask, NULL);
	if (rc != 0)
		fail_msg("%s", ro_error_last());
	assert_true(alarms > 0);
	expect_env(f, 1, "subject", "Interrupted");
}

/* Lines SMTP cannot carry as they are: the body goes quoted-printable and
 * arrives unchanged.  CRLF and lone CR become LF. */
static void test_send_quoted_printable(void **state)
{
	fx *f = *state;
	size_t long_len = 1500;
	const char *head = "First line\r\n.\rTrailing space \nA = B, Ü\n";
	const char *want_head = "First line\n.\nTrailing space \nA = B, Ü\n";
	char *body = malloc(strlen(head) + long_len + 3);
	char *want = malloc(strlen(want_head) + long_len + 4);
	char *got, *raw, *line;
	ro_mail m = { .to = "ada@example.org", .subject = "QP" };

	assert_non_null(body);
	assert_non_null(want);
	strcpy(body, head);
	memset(body + strlen(head), 'x', long_len);
	strcpy(body + strlen(head) + long_len, "\n.");
	strcpy(want, want_head);
	memset(want + strlen(want_head), 'x', long_len);
	strcpy(want + strlen(want_head) + long_len, "\n.\n");
	m.body = body;
	assert_int_equal(ro_notify_send(f->cmd, &m), 0);
	expect_env(f, 1, "cte", "quoted-printable");
	expect_env(f, 1, "defects", "0");
	got = mail_file(f, 1, "body");
	assert_string_equal(got, want);
	free(got);
	free(want);
	raw = mail_file(f, 1, "eml");
	line = strstr(raw, "\r\n\r\n") + 4;
	while (*line) {
		char *eol = strstr(line, "\r\n");

		assert_non_null(eol);
		assert_true(eol - line <= 76);
		assert_false(eol - line == 1 && line[0] == '.');
		line = eol + 2;
	}
	free(raw);
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_send_plain, test_setup),
		cmocka_unit_test_setup(test_send_non_ascii, test_setup),
		cmocka_unit_test_setup(test_reset_message, test_setup),
		cmocka_unit_test_setup(test_server_down, test_setup),
		cmocka_unit_test_setup(test_recipient_rejected, test_setup),
		cmocka_unit_test_setup(test_header_injection, test_setup),
		cmocka_unit_test_setup(test_send_eintr, test_setup),
		cmocka_unit_test_setup(test_send_quoted_printable, test_setup),
		/* Where the child's exit is not pollable. */
		cmocka_unit_test_setup(test_send_plain, test_setup_no_pidfd),
		cmocka_unit_test_setup(test_send_eintr, test_setup_no_pidfd),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
