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
/* The longest password, in characters (NIST SP 800-63B asks for at least
 * 64).  Longer ones are refused everywhere, never cut. */
#define RO_PASSWORD_MAX 128
#define RO_GRAD_YEAR_MIN 1990
#define RO_GRAD_YEAR_MAX 2100

/* E30 (shorter than 6 characters, counted in code points) or E31.
 *
 * "Letters" are the ASCII letters A-Z and a-z.  Usernames are unique
 * ignoring case, and only ASCII case folding is the same everywhere a
 * username is compared (SQLite's NOCASE, other systems' sign-in pages);
 * ASCII also rules out look-alikes such as Cyrillic "а" for Latin "a". */
ro_status ro_rules_username(const char *username);
/* Every code the username breaks, in code order (E30, E31): the plan lists
 * all of a row's codes.  out[] holds 2; returns how many were written. */
size_t ro_rules_username_codes(ro_status out[2], const char *username);
/* E40 (fewer than 8 code points, not counting spaces, tabs and no-break
 * spaces at either end: they are part of the password but do not make it
 * longer), E43 (more than RO_PASSWORD_MAX code points, spaces included)
 * or E41 (no uppercase letter, lowercase letter or digit; letters of the
 * Latin, Greek and Cyrillic alphabets count, not only ASCII). */
ro_status ro_rules_password(const char *password);
/* As ro_rules_username_codes, for E40 or E43, and E41. */
size_t ro_rules_password_codes(ro_status out[2], const char *password);
/* W20: the password equals the username or contains the first or last
 * name (ignoring case; names under 3 characters are not checked; spaces
 * around a name are ignored).  NULL arguments are not checked. */
bool ro_rules_password_weak(const char *password, const char *username,
    const char *first, const char *last);
/* E80 when email is present (not NULL or "") and does not look like an
 * address: exactly one @, a local part of 1 to 64 bytes, a domain with a
 * dot, no empty dot-separated part, no spaces, control or invisible
 * characters, none of ( ) , : ; < > [ \ ] ", at most 254 bytes. */
ro_status ro_rules_email(const char *email);
/* Parses exactly 4 ASCII digits making a year in [1990, 2100] into *out
 * (when out is not NULL; 0 on failure); E60 otherwise.  No trimming. */
ro_status ro_rules_grad_year(int *out, const char *text);
/* Equality of usernames ignoring ASCII case (usernames are ASCII, and this
 * is what SQLite's NOCASE does). */
bool ro_rules_username_equal(const char *a, const char *b);
/* Human message for a rule breach, e.g. for a sign-in prompt; for other
 * codes, the status table's meaning; "" for RO_ST_NONE. Static storage. */
const char *ro_rules_message(ro_status s);

/* Trims leading/trailing ASCII spaces, tabs and no-break spaces (U+00A0,
 * which pasting from web pages leaves) in place; returns true when
 * anything was trimmed (W11). */
bool ro_rules_trim(char *s);

/* Writes a readable password that passes ro_rules_password (e.g.
 * "Maple-Otter-47"): two different capitalised words from a fixed list of
 * 256 and two digits, random from getrandom(2) without modulo bias.
 * out must hold at least 32 bytes. 0 or RO_E…. */
int ro_rules_generate_password(char *out, size_t outlen);

#endif
