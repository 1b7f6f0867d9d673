/* export.h — Export for Upload: the selection as an upload file. */
#ifndef ROSTER_EXPORT_H
#define ROSTER_EXPORT_H

#include <stddef.h>
#include <roster/db.h>
#include <roster/outfile.h>
#include <roster/pool.h>
#include <roster/portfolio.h>
#include <roster/sheet.h>

/* Writes SPEC's nine columns for every portfolio of the selection (sorted
 * as the list is), passwords blank, mode 0600, atomically (a temporary
 * renamed into place).  format RO_SHEET_AUTO: from the extension.
 * path must be a new file, or with RO_WRITE_REPLACE in flags an existing
 * regular file (outfile.h: RO_EEXISTS, RO_EINVAL otherwise).  A write
 * that fails (a full disk, a file size limit) is RO_EIO and leaves no
 * file, not even the temporary one.  *count receives the rows written.
 * progress may be NULL. */
int ro_export_run(size_t *count, ro_session *s, const ro_selection *sel,
    const char *path, ro_sheet_format format, unsigned flags,
    ro_progress_fn progress, void *ctx);

#endif
