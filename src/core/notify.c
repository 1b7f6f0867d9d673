/* notify.c — the mail sent to accounts: checking and building the
 * message, handing it to the mailer (mailer.c), and saying what went wrong
 * without repeating the password. */
#include <roster/notify.h>
#include <roster/error.h>
#include <roster/utf8.h>

#include "mailer.h"
#include "mime.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define REASON_MAX 200          /* octets of the mailer's stderr shown */
#define ADDR_MAX 254            /* RFC 5321 path limit, less the brackets */

/* Header values: valid UTF-8 without control characters.  CR and LF
 * would let a value open a header of its own ("…\r\nBcc: …"). */
static int notify_check_text(const char *what, const char *v)
{
	if (!v)
		return 0;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			return ro_error_set(RO_EINVAL, "the %s contains a line "
			    "break or control character; refused", what);
	if (!ro_utf8_valid(v, strlen(v)))
		return ro_error_set(RO_EINVAL, "the %s is not valid UTF-8", what);
	return 0;
}

static bool notify_is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* A host name: dot-separated labels of letters, digits and "-". */
static bool notify_domain_ok(const char *d)
{
	size_t label = 0;

	for (; *d; d++) {
		if (*d == '.') {
			if (!label)
				return false;
			label = 0;
		} else if (notify_is_alnum(*d) || *d == '-') {
			label++;
		} else {
			return false;
		}
	}
	return label > 0;
}

/* A plain addr-spec: dot-atom "@" host name.  Quoted local parts, domain
 * literals and non-ASCII addresses are refused: they are rare in school
 * directories, and each is a way to carry syntax into the To: header that
 * a mailer run with -t takes its recipients from.  The address itself is
 * not echoed: it comes from data, and the caller knows it. */
static int notify_check_address(const char *what, const char *a)
{
	const char *at, *p;
	bool dot = true;        /* at the start, or just after a "." */

	if (!a || !*a)
		return ro_error_set(RO_EINVAL, "no %s address", what);
	if (notify_check_text(what, a))
		return RO_EINVAL;
	if (strpbrk(a, " <>"))
		return ro_error_set(RO_EINVAL, "the %s address has a space or "
		    "angle bracket: give only user@host", what);
	at = strchr(a, '@');
	if (!at || strchr(at + 1, '@'))
		return ro_error_set(RO_EINVAL, "the %s address must have one "
		    "\"@\"", what);
	if (strlen(a) > ADDR_MAX)
		return ro_error_set(RO_EINVAL, "the %s address is too long", what);
	for (p = a; p < at; p++) {
		if (*p == '.') {
			if (dot)
				break;
			dot = true;
		} else if (notify_is_alnum(*p) ||
		    strchr("!#$%&'*+-/=?^_`{|}~", *p)) {
			dot = false;
		} else {
			break;
		}
	}
	if (p < at || dot || !notify_domain_ok(at + 1))
		return ro_error_set(RO_EINVAL, "the %s address is not a plain "
		    "user@host address", what);
	return 0;
}

static void notify_add_msgid(ro_mime_msg *msg, const char *from)
{
	char host[256] = "localhost";
	unsigned long long rnd;
	struct timespec ts;

	/* The sender's domain is one we may mint identifiers in; the host
	 * name is the usual fallback. */
	if (from) {
		snprintf(host, sizeof host, "%s", strchr(from, '@') + 1);
	} else if (gethostname(host, sizeof host - 1) == 0) {
		host[sizeof host - 1] = '\0';
		if (!notify_domain_ok(host))
			strcpy(host, "localhost");
	} else {
		strcpy(host, "localhost");
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	if (getentropy(&rnd, sizeof rnd) != 0)
		rnd = (unsigned long long)ts.tv_nsec ^
		    (unsigned long long)getpid() << 32;
	ro_mime_addf(msg, "Message-ID: <%lld.%ld.%016llx@%s>\n",
	    (long long)ts.tv_sec, (long)getpid(), rnd, host);
}

static int notify_check(const ro_mail *m)
{
	int rc;

	if ((rc = notify_check_address("recipient", m->to)) ||
	    (m->from && (rc = notify_check_address("sender", m->from))) ||
	    (rc = notify_check_text("recipient name", m->to_name)) ||
	    (rc = notify_check_text("subject", m->subject)))
		return rc;
	/* Control characters are fine in a body; NUL cannot occur in a C
	 * string and line ends are normalised. */
	if (m->body && !ro_utf8_valid(m->body, strlen(m->body)))
		return ro_error_set(RO_EINVAL, "the message body is not valid "
		    "UTF-8");
	return 0;
}

static int notify_build(ro_mime_msg *msg, const ro_mail *m)
{
	const char *body = m->body ? m->body : "";
	bool qp = ro_mime_body_needs_qp(body);

	ro_mime_add_date_header(msg, time(NULL));
	if (m->from)
		ro_mime_add_mailbox_header(msg, "From", NULL, m->from);
	ro_mime_add_mailbox_header(msg, "To", m->to_name, m->to);
	ro_mime_add_text_header(msg, "Subject", m->subject ? m->subject : "");
	notify_add_msgid(msg, m->from);
	ro_mime_adds(msg, "MIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=UTF-8\n");
	ro_mime_addf(msg, "Content-Transfer-Encoding: %s\n",
	    qp ? "quoted-printable" : "8bit");
	/* RFC 3834: out-of-office responders must not answer a machine. */
	ro_mime_adds(msg, "Auto-Submitted: auto-generated\n\n");
	ro_mime_add_body(msg, body, qp);
	if (msg->nomem)
		return ro_error_set(RO_ENOMEM, "out of memory building the "
		    "message");
	return 0;
}

/* The first non-blank line of the mailer's stderr, fit to show: control
 * characters become spaces, invalid UTF-8 "?".  A mailer may quote the
 * message back ("bad line: …"); a line holding the secret or a line of
 * the body is withheld rather than trimmed, so that no part leaks. */
static void notify_reason(char *out, size_t cap, char *err, const ro_mail *m)
{
	char *line = err;
	size_t n;

	for (;;) {
		n = strcspn(line, "\n");
		if (strspn(line, " \t\r") < n || !line[n])
			break;
		line += n + 1;
	}
	line[n] = '\0';
	if (m->secret && *m->secret && strstr(line, m->secret)) {
		snprintf(out, cap, "(its message quoted the mail; not shown)");
		return;
	}
	for (const char *p = m->body, *q; p && *p; p = q + (*q != '\0')) {
		size_t len;

		q = p + strcspn(p, "\r\n");
		for (len = (size_t)(q - p); len && p[len - 1] == ' '; len--)
			;
		/* Short lines ("Hello,") are common words, not quotations. */
		if (len >= 12 && memmem(line, strlen(line), p, len)) {
			snprintf(out, cap, "(its message quoted the mail; "
			    "not shown)");
			return;
		}
	}
	n = strlen(line);
	if (n > cap - 1) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)line[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, line, n);
	out[n] = '\0';
	for (unsigned char *p = (unsigned char *)out; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			*p = ' ';
	if (!ro_utf8_valid(out, strlen(out)))
		for (unsigned char *p = (unsigned char *)out; *p; p++)
			if (*p >= 0x80)
				*p = '?';
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
}

static int notify_result(ro_mailer_result *r, const ro_mail *m,
    int timeout_ms)
{
	char why[REASON_MAX + 1];
	const char *sep;

	notify_reason(why, sizeof why, r->err, m);
	sep = *why ? ": " : "";
	if (r->timed_out) {
		if (timeout_ms % 1000)
			return ro_error_set(RO_EIO, "mailer did not finish "
			    "within %d ms; stopped it", timeout_ms);
		return ro_error_set(RO_EIO, "mailer did not finish within "
		    "%d s; stopped it", timeout_ms / 1000);
	}
	if (r->sys_errno)
		return ro_error_set(RO_EIO, "waiting for the mailer failed: %s",
		    strerror(r->sys_errno));
	if (r->lost)
		return ro_error_set(RO_EIO, "the mailer's exit status was lost "
		    "(is SIGCHLD ignored?)");
	if (WIFSIGNALED(r->status))
		return ro_error_set(RO_EIO, "mailer killed by signal %d%s%s",
		    WTERMSIG(r->status), sep, why);
	/* Where posix_spawn is fork and exec (not glibc; valgrind), a failed
	 * exec shows only as the child's exit 127. */
	if (WEXITSTATUS(r->status) == 127 && !*why)
		return ro_error_set(RO_EIO, "mailer \"%.200s\" exited 127: "
		    "not found or not runnable", r->prog);
	if (WEXITSTATUS(r->status) != 0)
		return ro_error_set(RO_EIO, "mailer exited %d%s%s",
		    WEXITSTATUS(r->status), sep, why);
	if (r->short_write)
		return ro_error_set(RO_EIO, "mailer exited 0 without reading "
		    "the whole message");
	return 0;
}

int ro_notify_send_timeout(const char *command, const ro_mail *m,
    int timeout_ms)
{
	ro_mime_msg msg = { 0 };
	ro_mailer_result *r = NULL;
	int rc;

	assert(m && timeout_ms > 0);
	if ((rc = notify_check(m)) || (rc = notify_build(&msg, m)))
		goto out;
	/* On the heap: it holds 1 KiB of stderr, and a pool thread's stack
	 * may be small. */
	if (!(r = malloc(sizeof *r))) {
		rc = ro_error_set(RO_ENOMEM, "out of memory");
		goto out;
	}
	rc = ro_mailer_run(r, command, msg.p, msg.len, timeout_ms);
	if (!rc)
		rc = notify_result(r, m, timeout_ms);
out:
	if (r) {
		explicit_bzero(r, sizeof *r);
		free(r);
	}
	ro_mime_free(&msg);
	return rc;
}

int ro_notify_send(const char *command, const ro_mail *m)
{
	return ro_notify_send_timeout(command, m, RO_NOTIFY_TIMEOUT_MS);
}

/* Formats into an exact-size allocation: no realloc may leave a copy of
 * the password behind. */
static char *notify_format(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static char *notify_format(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(s = malloc((size_t)n + 1)))
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

int ro_notify_reset_message(char **subject, char **body, const char *first,
    const char *username, const char *password, const char *site)
{
	bool has_first = first && *first, has_site = site && *site;
	int rc;

	assert(subject && body);
	*subject = *body = NULL;
	if (!username || !*username || !password || !*password)
		return ro_error_set(RO_EINVAL, "a reset message needs a "
		    "username and a password");
	if ((rc = notify_check_text("first name", first)) ||
	    (rc = notify_check_text("username", username)) ||
	    (rc = notify_check_text("password", password)) ||
	    (rc = notify_check_text("site name", site)))
		return rc;
	*subject = notify_format("Your new temporary password%s%s",
	    has_site ? " for " : "", has_site ? site : "");
	*body = notify_format(
	    "Hello%s%s,\n"
	    "\n"
	    "The password of your account%s%s has been reset.\n"
	    "\n"
	    "  Username:            %s\n"
	    "  Temporary password:  %s\n"
	    "\n"
	    "You will be asked to choose a new password when you sign in.\n"
	    "\n"
	    "This message was sent automatically; please do not reply to it.\n",
	    has_first ? " " : "", has_first ? first : "",
	    has_site ? " at " : "", has_site ? site : "",
	    username, password);
	if (!*subject || !*body) {
		free(*subject);
		if (*body) {
			explicit_bzero(*body, strlen(*body));
			free(*body);
		}
		*subject = *body = NULL;
		return ro_error_set(RO_ENOMEM, "out of memory");
	}
	return 0;
}
