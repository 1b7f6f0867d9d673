/* wipe.c — memory that may hold a cell of an upload file (a password,
 * before the plan hashes it) is wiped before it goes back to malloc, so
 * that no later allocation, of this process or a library in it, finds
 * the plaintext there. */
#include "sheet_int.h"

#include <stdlib.h>
#include <string.h>

void *sheet_realloc_wiped(void *p, size_t old_cap, size_t new_cap)
{
	void *q;

	if (p && new_cap == old_cap)
		return p;
	if (!(q = malloc(new_cap ? new_cap : 1)))
		return NULL;
	if (p) {
		memcpy(q, p, old_cap < new_cap ? old_cap : new_cap);
		explicit_bzero(p, old_cap);
		free(p);
	}
	return q;
}

void sheet_free_wiped(void *p, size_t cap)
{
	if (!p)
		return;
	explicit_bzero(p, cap);
	free(p);
}
