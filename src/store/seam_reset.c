/* seam_reset.c — a password reset written set-wise, through the
 * backend's table (as seam.c calls the rest). */
#include "backend.h"

int ro_store_reset_chunk(ro_store *st, const ro_store_reset *r,
    int64_t *moved)
{
	return st->be->reset_chunk(st, r, moved);
}
