/* random.c — getrandom(2), with the loops it needs. */
#include <roster/random.h>
#include <roster/error.h>

#include <errno.h>
#include <string.h>
#include <sys/random.h>

int ro_random_bytes(void *buf, size_t len)
{
	unsigned char *p = buf;

	/* Requests over 256 bytes may come back short, and a signal can
	 * interrupt a call that blocks before the pool is initialised. */
	while (len > 0) {
		ssize_t got = getrandom(p, len, 0);

		if (got < 0) {
			if (errno == EINTR)
				continue;
			return ro_error_set(RO_EINTERNAL,
			    "cannot read random bytes: %s", strerror(errno));
		}
		p += got;
		len -= (size_t)got;
	}
	return 0;
}

int ro_random_below(uint32_t *out, uint32_t bound)
{
	/* 2^32 mod bound: the values below it would make the low results
	 * more likely than the high ones, so they are drawn again. */
	uint32_t floor;
	uint32_t r;
	int rc;

	if (bound == 0)
		return ro_error_set(RO_EINVAL, "random bound must be at least 1");
	floor = (uint32_t)(-bound) % bound;
	do {
		rc = ro_random_bytes(&r, sizeof r);
		if (rc)
			return rc;
	} while (r < floor);
	*out = r % bound;
	return 0;
}
