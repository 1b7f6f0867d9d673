/* listw_src.c — what the list widget's data sources share (listw.h):
 * the prefix test and the linear seek of type-ahead over an array, and
 * the window of rows a keyset source keeps cached. */
#include "listw.h"

#include <string.h>
#include <strings.h>

void lw_cache_keep(size_t ctop, size_t cn, size_t top, size_t n,
    size_t *from, size_t *to)
{
	size_t keep_from = top > n ? top - n : 0;
	size_t keep_to = top + 2 * n;

	*from = ctop < keep_from && keep_from <= ctop + cn ? keep_from - ctop : 0;
	*to = ctop + cn > keep_to && keep_to >= ctop ? keep_to - ctop : cn;
	if (*to < *from)
		*to = *from;
}

bool lw_prefix(const char *s, const char *prefix)
{
	return s != NULL && strncasecmp(s, prefix, strlen(prefix)) == 0;
}

int lw_seek_linear(size_t n, const char *(*text)(void *ctx, size_t i),
    void *ctx, const char *prefix, size_t from, size_t *at)
{
	for (size_t k = 0; k < n; k++) {
		size_t i = (from + k) % n;

		if (lw_prefix(text(ctx, i), prefix)) {
			*at = i;
			return 0;
		}
	}
	return 1;
}
