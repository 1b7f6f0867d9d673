/* mime.c — a plain-text RFC 5322 / MIME message, built in a wiping buffer.
 *
 * Line ends are LF: the message goes to a sendmail-compatible command, and
 * those expect the local convention and add CR themselves on the wire. */
#include "mime.h"

#include <roster/utf8.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* RFC 2047: an encoded word is at most 75 characters, and a header line
 * holding one at most 76. */
#define WORD_MAX 75
#define LINE_MAX_EW 76
/* RFC 5321: a line of text is at most 998 octets plus CRLF. */
#define SMTP_LINE_MAX 998
/* RFC 2045: an encoded quoted-printable line is at most 76 characters,
 * the soft break "=" included. */
#define QP_TEXT_MAX 75

static void mime_reserve(ro_mime_msg *m, size_t n)
{
	size_t cap;
	char *p;

	if (m->nomem)
		return;
	if (n > SIZE_MAX / 2 - m->len) {
		m->nomem = true;
		return;
	}
	if (m->len + n + 1 <= m->cap)
		return;
	cap = m->cap ? m->cap : 512;
	while (cap < m->len + n + 1)
		cap *= 2;
	/* Not realloc: the old block may hold a password and must be wiped
	 * before it goes back to the allocator. */
	p = malloc(cap);
	if (!p) {
		m->nomem = true;
		return;
	}
	if (m->p) {
		memcpy(p, m->p, m->len + 1);
		explicit_bzero(m->p, m->cap);
		free(m->p);
	} else {
		p[0] = '\0';
	}
	m->p = p;
	m->cap = cap;
}

void ro_mime_add(ro_mime_msg *m, const char *s, size_t n)
{
	mime_reserve(m, n);
	if (m->nomem)
		return;
	memcpy(m->p + m->len, s, n);
	m->len += n;
	m->p[m->len] = '\0';
}

void ro_mime_adds(ro_mime_msg *m, const char *s)
{
	ro_mime_add(m, s, strlen(s));
}

void ro_mime_addf(ro_mime_msg *m, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		m->nomem = true;
		return;
	}
	mime_reserve(m, (size_t)n);
	if (m->nomem)
		return;
	va_start(ap, fmt);
	vsnprintf(m->p + m->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	m->len += (size_t)n;
}

void ro_mime_free(ro_mime_msg *m)
{
	if (m->p) {
		explicit_bzero(m->p, m->cap);
		free(m->p);
	}
	m->p = NULL;
	m->len = m->cap = 0;
	m->nomem = false;
}

/* Characters written since the last line break. */
static size_t mime_col(const ro_mime_msg *m)
{
	size_t i = m->len;

	if (!m->p)
		return 0;
	while (i > 0 && m->p[i - 1] != '\n')
		i--;
	return m->len - i;
}

static void mime_add_base64(ro_mime_msg *m, const unsigned char *s, size_t n)
{
	static const char a[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char q[4];

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16;

		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		q[0] = a[v >> 18 & 63];
		q[1] = a[v >> 12 & 63];
		q[2] = i + 1 < n ? a[v >> 6 & 63] : '=';
		q[3] = i + 2 < n ? a[v & 63] : '=';
		ro_mime_add(m, q, 4);
	}
}

/* text as B-encoded words starting at the current column.  A word holds
 * whole characters only (RFC 2047 §5), so the cut falls between UTF-8
 * sequences; the folding whitespace between words is ignored by readers. */
static void mime_add_words(ro_mime_msg *m, const char *text)
{
	static const char open[] = "=?UTF-8?B?";
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text), i = 0, col = mime_col(m);

	while (i < n) {
		size_t room = LINE_MAX_EW > col ? LINE_MAX_EW - col : 0;
		size_t take = 0, max;

		if (room > WORD_MAX)
			room = WORD_MAX;
		/* Base64 turns 3 octets into 4 characters around the 12 of
		 * "=?UTF-8?B?" and "?=". */
		max = room > 12 ? (room - 12) / 4 * 3 : 0;
		while (i + take < n) {
			uint32_t cp;
			size_t c = ro_utf8_decode((const char *)s + i + take,
			    SIZE_MAX, &cp);

			if (!c)
				c = 1;  /* callers validate; never loop on bad input */
			if (take + c > max)
				break;
			take += c;
		}
		if (take == 0 && col > 1) {
			ro_mime_add(m, "\n ", 2);
			col = 1;
			continue;
		}
		if (take == 0)
			take = 1;  /* unreachable with a sane column */
		ro_mime_add(m, open, sizeof open - 1);
		mime_add_base64(m, s + i, take);
		ro_mime_add(m, "?=", 2);
		i += take;
		if (i < n) {
			ro_mime_add(m, "\n ", 2);
			col = 1;
		}
	}
}

/* Short printable ASCII that a reader would not take for an encoded word. */
static bool mime_plain(const char *text, size_t max)
{
	if (strlen(text) > max || strstr(text, "=?"))
		return false;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		if (*p < 0x20 || *p >= 0x7F)
			return false;
	return true;
}

void ro_mime_add_text_header(ro_mime_msg *m, const char *name,
    const char *text)
{
	ro_mime_addf(m, "%s: ", name);
	if (mime_plain(text, LINE_MAX_EW - (strlen(name) + 2)))
		ro_mime_adds(m, text);
	else
		mime_add_words(m, text);
	ro_mime_add(m, "\n", 1);
}

void ro_mime_add_mailbox_header(ro_mime_msg *m, const char *name,
    const char *display, const char *addr)
{
	ro_mime_addf(m, "%s: ", name);
	if (!display || !*display) {
		ro_mime_addf(m, "%s\n", addr);
		return;
	}
	if (mime_plain(display, 60)) {
		/* A quoted-string: specials such as "," or ":" in a name
		 * would otherwise be read as address syntax. */
		ro_mime_add(m, "\"", 1);
		for (const char *p = display; *p; p++) {
			if (*p == '"' || *p == '\\')
				ro_mime_add(m, "\\", 1);
			ro_mime_add(m, p, 1);
		}
		ro_mime_add(m, "\"", 1);
	} else {
		mime_add_words(m, display);
	}
	if (mime_col(m) + 3 + strlen(addr) > LINE_MAX_EW)
		ro_mime_add(m, "\n", 1);
	ro_mime_addf(m, " <%s>\n", addr);
}

void ro_mime_add_date_header(ro_mime_msg *m, time_t t)
{
	/* strftime's %a and %b follow LC_TIME, and the front ends set the
	 * locale for UTF-8 on screen; RFC 5322 wants these English names. */
	static const char day[7][4] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char mon[12][4] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};
	struct tm tm;
	long off;
	char sign = '+';

	if (!localtime_r(&t, &tm) && !gmtime_r(&t, &tm)) {
		m->nomem = true;  /* no date at all: treat as a build failure */
		return;
	}
	off = tm.tm_gmtoff / 60;
	if (off < 0) {
		sign = '-';
		off = -off;
	}
	ro_mime_addf(m, "Date: %s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld\n",
	    day[tm.tm_wday % 7], tm.tm_mday, mon[tm.tm_mon % 12],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, sign,
	    off / 60, off % 60);
}

/* The line at p (length in *n, without its end) and where the next one
 * starts; NULL at the end of the text.  CRLF, LF and a lone CR all end a
 * line, so that the body reaches the mailer with one convention. */
static const char *mime_line(const char *p, size_t *n)
{
	if (!*p)
		return NULL;
	*n = strcspn(p, "\r\n");
	p += *n;
	if (p[0] == '\r' && p[1] == '\n')
		p += 2;
	else if (*p)
		p++;
	return p;
}

bool ro_mime_body_needs_qp(const char *body)
{
	const char *p = body, *next;
	size_t n;

	while ((next = mime_line(p, &n))) {
		if (n > SMTP_LINE_MAX || (n == 1 && p[0] == '.'))
			return true;
		p = next;
	}
	return false;
}

static void mime_add_qp_line(ro_mime_msg *m, const char *line, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)line[i];
		char e[3];
		size_t w = 1;
		bool last = i + 1 == n;

		e[0] = (char)c;
		/* A "." opening a physical line is encoded so that no line
		 * can be the lone dot that ends input without -i; trailing
		 * white space is encoded because transports strip it. */
		if (c == '=' || c > 126 || (c < 32 && c != '\t') ||
		    ((c == ' ' || c == '\t') && last) || (c == '.' && col == 0)) {
			e[0] = '=';
			e[1] = hex[c >> 4];
			e[2] = hex[c & 15];
			w = 3;
		}
		if (col + w > QP_TEXT_MAX) {
			ro_mime_add(m, "=\n", 2);
			col = 0;
			if (c == '.') {
				e[0] = '=';
				e[1] = '2';
				e[2] = 'E';
				w = 3;
			}
		}
		ro_mime_add(m, e, w);
		col += w;
	}
	ro_mime_add(m, "\n", 1);
}

void ro_mime_add_body(ro_mime_msg *m, const char *body, bool qp)
{
	const char *p = body, *next;
	size_t n;

	while ((next = mime_line(p, &n))) {
		if (qp) {
			mime_add_qp_line(m, p, n);
		} else {
			ro_mime_add(m, p, n);
			ro_mime_add(m, "\n", 1);
		}
		p = next;
	}
}
