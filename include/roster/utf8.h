/* utf8.h — the one UTF-8 decoder (src/base/utf8.c), and what is built on
 * it: validation of a buffer, encoding a code point.
 *
 * Well-formed means RFC 3629: no overlong form, no surrogate, nothing past
 * U+10FFFF.  Every module that reads UTF-8 byte by byte (the sanitiser,
 * the credential rules, the mail writer, the spreadsheet readers) decodes
 * through ro_utf8_decode, so that they all agree on what is valid. */
#ifndef ROSTER_UTF8_H
#define ROSTER_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What ro_utf8_decode returns when the n bytes end inside a sequence whose
 * bytes so far are right (a chunk of a file may end there). */
#define RO_UTF8_CUT ((size_t)-1)

/* Decodes the sequence s starts with, reading at most n bytes (SIZE_MAX
 * for a NUL-terminated string: a NUL is never part of a longer sequence).
 * Returns its length (1 to 4) with *cp set, 0 when the bytes are not
 * well-formed UTF-8, or RO_UTF8_CUT.  A NUL byte decodes as U+0000. */
size_t ro_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Length of the longest prefix of s[0..n) made of whole, well-formed
 * sequences.  *bad is set when the rest starts with bytes that are not
 * UTF-8, left false when it is only a sequence cut short at n. */
size_t ro_utf8_valid_prefix(const char *s, size_t n, bool *bad);
/* Whether s[0..n) is well-formed UTF-8 (NUL bytes allowed). */
bool ro_utf8_valid(const char *s, size_t n);
/* Encodes cp (< 0x110000, not a surrogate) into out (4 bytes); returns
 * the bytes written. */
size_t ro_utf8_encode(uint32_t cp, char *out);

#endif
