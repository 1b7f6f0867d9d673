/* rules.c — the credential and field rules of SPEC, as pure functions.
 *
 * Usernames allow ASCII letters only (see rules.h for why).  Passwords and
 * names may hold any UTF-8; their lengths count code points, and the case
 * tests know the Latin, Greek and Cyrillic letters a school is likely to
 * type, not all of Unicode (rules_case.c).  Generated passwords:
 * passgen.c. */
#include <roster/rules.h>
#include <roster/error.h>
#include "rules_int.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static bool username_char_ok(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
	    c == '@';
}

size_t ro_rules_username_codes(ro_status out[2], const char *username)
{
	const char *u = username ? username : "";
	size_t n = 0;

	if (rules_count_cp(u, u + strlen(u)) < RO_USERNAME_MIN)
		out[n++] = RO_ST_E30;
	for (const char *p = u; *p; p++) {
		if (!username_char_ok((unsigned char)*p)) {
			out[n++] = RO_ST_E31;
			break;
		}
	}
	return n;
}

ro_status ro_rules_username(const char *username)
{
	ro_status codes[2];

	return ro_rules_username_codes(codes, username) ? codes[0] : RO_ST_NONE;
}

size_t ro_rules_password_codes(ro_status out[2], const char *password)
{
	const char *s = password ? password : "";
	bool upper = false, lower = false, digit = false;
	size_t len = 0, n = 0, lead = 0, trail = 0;

	while (*s) {
		uint32_t c = rules_next_cp(&s);
		bool space = c == ' ' || c == '\t' || c == 0xA0;

		len++;
		/* Spaces at the ends do not count towards the minimum: a
		 * spreadsheet or a paste loses them too easily. */
		if (space && lead == len - 1)
			lead++;
		trail = space ? trail + 1 : 0;
		upper |= rules_cp_is_upper(c);
		lower |= rules_cp_is_lower(c);
		digit |= c >= '0' && c <= '9';
	}
	if (len > RO_PASSWORD_MAX)
		out[n++] = RO_ST_E43;
	else if (lead == len || len - lead - trail < RO_PASSWORD_MIN)
		out[n++] = RO_ST_E40;
	if (!upper || !lower || !digit)
		out[n++] = RO_ST_E41;
	return n;
}

ro_status ro_rules_password(const char *password)
{
	ro_status codes[2];

	return ro_rules_password_codes(codes, password) ? codes[0] : RO_ST_NONE;
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* Is the name (spaces around it ignored) at least 3 characters long and
 * inside the password? */
static bool name_in(const char *password, const char *name)
{
	const char *end;

	if (!name)
		return false;
	while (is_space((unsigned char)*name))
		name++;
	end = name + strlen(name);
	while (end > name && is_space((unsigned char)end[-1]))
		end--;
	if (rules_count_cp(name, end) < 3)
		return false;
	return rules_ci_contains(password, name, end);
}

bool ro_rules_password_weak(const char *password, const char *username,
    const char *first, const char *last)
{
	const char *after;

	if (!password || !*password)
		return false;
	if (username && *username &&
	    rules_ci_prefix(password, username, username + strlen(username), &after) &&
	    *after == '\0')
		return true;
	return name_in(password, first) || name_in(password, last);
}

/* Characters that cannot stand unquoted in an address, or that would let
 * one field become several addresses or mail headers. */
static bool email_byte_bad(unsigned char c)
{
	return c <= 0x20 || c == 0x7F || strchr("\"(),:;<>[\\]", c) != NULL;
}

/* Invisible or spacing code points that make two addresses look alike. */
static bool email_cp_bad(uint32_t c)
{
	return c == RULES_BAD_CP || (c >= 0x80 && c <= 0xA0) || c == 0x1680 ||
	    (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) ||
	    (c >= 0x205F && c <= 0x206F) || c == 0x3000 || c == 0xFEFF;
}

/* A dot-separated part: no empty label, no dot at either end. */
static bool dots_ok(const char *s, const char *end)
{
	if (s == end || *s == '.' || end[-1] == '.')
		return false;
	for (const char *p = s; p + 1 < end; p++)
		if (p[0] == '.' && p[1] == '.')
			return false;
	return true;
}

ro_status ro_rules_email(const char *email)
{
	const char *at = NULL, *end, *s;

	if (!email || !*email)
		return RO_ST_NONE;
	end = email + strlen(email);
	if (end - email > 254)
		return RO_ST_E80;
	for (s = email; *s;) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x80) {
			if (email_byte_bad(c))
				return RO_ST_E80;
			if (c == '@') {
				if (at)
					return RO_ST_E80;
				at = s;
			}
			s++;
		} else if (email_cp_bad(rules_next_cp(&s))) {
			return RO_ST_E80;
		}
	}
	if (!at || at - email > 64 || !dots_ok(email, at) ||
	    !dots_ok(at + 1, end) || !memchr(at + 1, '.', (size_t)(end - at - 1)))
		return RO_ST_E80;
	return RO_ST_NONE;
}

ro_status ro_rules_grad_year(int *out, const char *text)
{
	int year = 0;

	if (out)
		*out = 0;
	if (!text || strlen(text) != 4)
		return RO_ST_E60;
	for (int i = 0; i < 4; i++) {
		if (text[i] < '0' || text[i] > '9')
			return RO_ST_E60;
		year = year * 10 + (text[i] - '0');
	}
	if (year < RO_GRAD_YEAR_MIN || year > RO_GRAD_YEAR_MAX)
		return RO_ST_E60;
	if (out)
		*out = year;
	return RO_ST_NONE;
}

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

bool ro_rules_username_equal(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	for (; *a && *b; a++, b++)
		if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b))
			return false;
	return *a == *b;
}

static const struct {
	ro_status status;
	const char *text;
} messages[] = {
	{ RO_ST_E30, "A username needs at least 6 characters." },
	{ RO_ST_E31, "A username may hold only letters A-Z, digits and . _ - @." },
	{ RO_ST_E40, "A password needs at least 8 characters." },
	{ RO_ST_E43, "A password has at most 128 characters." },
	{ RO_ST_E41, "A password needs an uppercase letter, a lowercase letter "
	    "and a digit." },
	{ RO_ST_E60, "A graduation year is 4 digits, from 1990 to 2100." },
	{ RO_ST_E80, "That does not look like an email address." },
	{ RO_ST_W20, "The password should not be the username or contain the "
	    "first or last name." },
};

const char *ro_rules_message(ro_status s)
{
	const ro_status_info *info;

	for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++)
		if (messages[i].status == s)
			return messages[i].text;
	info = ro_status_get(s);
	return info ? info->meaning : "";
}

/* Does s start with a space, tab or no-break space (U+00A0, which
 * spreadsheets and web pages paste)?  Returns its length or 0. */
static size_t blank_at(const char *s)
{
	if (is_space((unsigned char)*s))
		return 1;
	if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		return 2;
	return 0;
}

bool ro_rules_trim(char *s)
{
	size_t len, lead = 0, k;

	if (!s)
		return false;
	while ((k = blank_at(s + lead)) > 0)
		lead += k;
	len = strlen(s + lead);
	if (lead)
		memmove(s, s + lead, len + 1);
	k = len;
	for (;;) {
		if (k >= 1 && is_space((unsigned char)s[k - 1]))
			k -= 1;
		else if (k >= 2 && (unsigned char)s[k - 2] == 0xC2 &&
		    (unsigned char)s[k - 1] == 0xA0)
			k -= 2;
		else
			break;
	}
	s[k] = '\0';
	return lead > 0 || k < len;
}
