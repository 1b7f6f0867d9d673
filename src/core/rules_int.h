/* rules_int.h — what the rules' files share (rules.c, rules_case.c). */
#ifndef ROSTER_RULES_INT_H
#define ROSTER_RULES_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What rules_next_cp yields for a byte that does not start a well-formed
 * sequence. */
#define RULES_BAD_CP UINT32_MAX

/* Decodes one code point and advances *s; a byte that does not start a
 * well-formed sequence (overlong, surrogate, beyond U+10FFFF, truncated)
 * yields RULES_BAD_CP and advances by one byte, so that it counts once. */
uint32_t rules_next_cp(const char **s);
/* Code points in s[0..end), stopping at a NUL. */
size_t rules_count_cp(const char *s, const char *end);
/* Letter case, for the Latin, Greek and Cyrillic alphabets. */
bool rules_cp_is_upper(uint32_t c);
bool rules_cp_is_lower(uint32_t c);
/* Does s start with needle[0..nend), ignoring case?  *after (when not
 * NULL) receives the end of the match in s. */
bool rules_ci_prefix(const char *s, const char *needle, const char *nend,
    const char **after);
/* Does hay hold needle[0..nend) anywhere, ignoring case? */
bool rules_ci_contains(const char *hay, const char *needle,
    const char *nend);

#endif
