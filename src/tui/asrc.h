/* asrc.h — the list widget's data source over the audit log: keyset pages
 * on (when, id) from the engine (ro_audit_page), a few pages cached, the
 * count after the first frame.  Never reads the whole log: a million
 * entries open as fast as a hundred. */
#ifndef ROSTER_TUI_ASRC_H
#define ROSTER_TUI_ASRC_H

#include "listw.h"

#include <roster/batch.h>

typedef struct asrc {
	ro_session *s;
	char find[64];          /* the search; "" for every entry */
	ro_audit_entry *rows;   /* the cache: rows [ctop, ctop + cn) */
	size_t ctop, cn, cap;
	size_t total;
} asrc;

void asrc_init(asrc *a, ro_session *s);
void asrc_free(asrc *a);
lw_source asrc_source(asrc *a);
/* Loads the last n entries of the log (of the search find) without
 * counting it: *exact when that is the whole log, else the total is
 * provisional (n + 1, the rows at its end) until asrc_count.  0 or RO_E…. */
int asrc_open(asrc *a, const char *find, size_t n, bool *exact);
/* Counts the log and moves the cached rows to their true positions;
 * *shift says by how much (for lw_rebase).  0 or RO_E…. */
int asrc_count(asrc *a, ptrdiff_t *shift);
/* Row i when cached, else NULL. */
const ro_audit_entry *asrc_row(const asrc *a, size_t i);

#endif
