/* random.h — bytes and numbers from the kernel's CSPRNG (getrandom(2)).
 *
 * Salts and generated passwords draw from here; nothing in roster uses
 * rand(3). */
#ifndef ROSTER_RANDOM_H
#define ROSTER_RANDOM_H

#include <stddef.h>
#include <stdint.h>

/* Fills buf[0..len) with random bytes. 0 or RO_EINTERNAL. */
int ro_random_bytes(void *buf, size_t len);
/* *out receives a uniform number in [0, bound) (rejection sampling, so no
 * modulo bias). bound must be at least 1. 0 or RO_E…. */
int ro_random_below(uint32_t *out, uint32_t bound);

#endif
