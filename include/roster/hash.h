/* hash.h — Argon2id password hashes (the only user of <argon2.h>).
 *
 * Encoded hashes are PHC strings "$argon2id$v=19$m=…,t=…,p=…$salt$hash"
 * with a fresh 16-byte salt from getrandom(2).  The functions never wipe
 * the caller's plaintext: the caller does that (explicit_bzero) as soon as
 * it has no more use for it. */
#ifndef ROSTER_HASH_H
#define ROSTER_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RO_HASH_ENCODED_MAX 128

typedef struct ro_hash_params {
	uint32_t m_kib; /* memory cost in KiB (default 19456) */
	uint32_t t;     /* iterations (default 2) */
	uint32_t p;     /* lanes (default 1) */
} ro_hash_params;

/* The OWASP minimum: m=19456 KiB, t=2, p=1. */
ro_hash_params ro_hash_params_default(void);
/* Cheap parameters for tests only: m=8 KiB, t=1, p=1. */
ro_hash_params ro_hash_params_test(void);

/* out receives the encoded hash (NUL-terminated; "" on failure). 0, or
 * RO_EINVAL for parameters outside m 8*p..4194304 KiB, t 1..1024,
 * p 1..64, RO_ENOMEM, RO_EINTERNAL. */
int ro_hash_password(char out[RO_HASH_ENCODED_MAX], const char *password,
    const ro_hash_params *params);
/* 0 when password matches, RO_EDENIED when it does not, RO_EINVAL when
 * encoded is not an Argon2id hash we can read or names a cost beyond the
 * bounds above (a damaged row must not ask for terabytes). */
int ro_hash_verify(const char *encoded, const char *password);
/* True when encoded was made with parameters other than params (weaker or
 * merely different), or cannot be parsed. */
bool ro_hash_needs_rehash(const char *encoded, const ro_hash_params *params);
/* A hash at params of a random password nobody knows: the dummy an
 * unknown username is verified against, so that it costs what a wrong
 * password costs (one verify).  It is made when a database is made or
 * migrated and kept in it (setting signin.dummy_hash), never per
 * process.  0 or RO_E…. */
int ro_hash_make_dummy(char out[RO_HASH_ENCODED_MAX],
    const ro_hash_params *params);
/* How many hashes and verifies this process has run (either may be
 * NULL): for tests that count Argon2id work. */
void ro_hash_stats(unsigned long *hashes, unsigned long *verifies);
/* Parses the parameters out of an encoded hash. 0 or RO_EINVAL. */
int ro_hash_params_of(ro_hash_params *out, const char *encoded);

#endif
