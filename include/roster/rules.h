/* rules.h — the credential and field rules of SPEC, as pure functions.
 *
 * Each check returns RO_ST_NONE when the value passes, or the status code
 * (status.h) that names the first rule it breaks. */
#ifndef ROSTER_RULES_H
#define ROSTER_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <roster/status.h>

#define RO_USERNAME_MIN 6
#define RO_PASSWORD_MIN 8
#define RO_GRAD_YEAR_MIN 1990
#define RO_GRAD_YEAR_MAX 2100

/* E30 (shorter than 6 characters, counted in code points) or E31. */
ro_status ro_rules_username(const char *username);
/* E40 or E41. */
ro_status ro_rules_password(const char *password);
/* W20: the password equals the username or contains the first or last
 * name (ignoring case; names under 3 characters are not checked). */
bool ro_rules_password_weak(const char *password, const char *username,
    const char *first, const char *last);
/* E80 when email is present and does not look like an address. */
ro_status ro_rules_email(const char *email);
/* Parses a 4-digit year in [1990, 2100]; E60 otherwise. */
ro_status ro_rules_grad_year(int *out, const char *text);
/* Case-insensitive (ASCII and Latin-1 letters) equality of usernames. */
bool ro_rules_username_equal(const char *a, const char *b);
/* Human message for a rule breach, e.g. for a sign-in prompt. */
const char *ro_rules_message(ro_status s);

/* Trims leading/trailing ASCII spaces and tabs in place; returns true when
 * anything was trimmed (W11). */
bool ro_rules_trim(char *s);

/* Writes a readable password that passes ro_rules_password (e.g.
 * "Maple-Otter-47"): words from a fixed list, random from getrandom(2).
 * out must hold at least 32 bytes. 0 or RO_E…. */
int ro_rules_generate_password(char *out, size_t outlen);

#endif
