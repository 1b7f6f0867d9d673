/* pool.h — hashes many passwords on worker threads (one per core).
 *
 * Every bulk operation hashes through here, outside any database lock.
 * The progress callback runs on the calling thread between waits; a
 * non-zero return cancels (workers finish the hash in hand, then stop). */
#ifndef ROSTER_POOL_H
#define ROSTER_POOL_H

#include <stddef.h>
#include <roster/hash.h>

/* done of total, counted in passwords[] entries (a shared password counts
 * once per entry); return non-zero to cancel.  Called about every 50 ms,
 * and once more at the end with done == total (a non-zero return there
 * still gives RO_ECANCEL, so that a late cancel stops the commit). */
typedef int (*ro_progress_fn)(void *ctx, size_t done, size_t total);

/* Hashes passwords[0..n) into out[0..n) (each RO_HASH_ENCODED_MAX bytes,
 * caller-allocated).  Equal pointers in passwords[] (the same shared
 * temporary password) are hashed once and the result shared; equal text
 * behind different pointers is hashed apart, each with its own salt.
 * Each worker needs params->m_kib of memory while it hashes.
 * threads == 0 means one per online core.  Returns 0, RO_ECANCEL when the
 * callback cancelled, or another RO_E…; out is undefined unless 0. */
int ro_pool_hash(char (*out)[RO_HASH_ENCODED_MAX], const char *const *passwords,
    size_t n, const ro_hash_params *params, unsigned threads,
    ro_progress_fn progress, void *ctx);

/* Online cores, at least 1. */
unsigned ro_pool_cores(void);

#endif
