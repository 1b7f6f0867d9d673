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

/* The selection as a OneRoster 1.1 CSV bundle (delta mode): a zip
 * archive when path ends in .zip, else a new folder.  Refused
 * (RO_EEXISTS) when path exists.  *count: the users written. */
int ro_export_oneroster(size_t *count, ro_session *s,
    const ro_selection *sel, const char *path);

/* The selection as Google Workspace's bulk-update CSV (mode 0600, a new
 * file), passwords left as they are.  Portfolios without an email address
 * cannot be named there: their usernames come back in *left (the
 * caller's, freed with ro_export_left_free). */
int ro_export_google(size_t *count, char ***left, size_t *nleft,
    ro_session *s, const ro_selection *sel, const char *path);
void ro_export_left_free(char **left, size_t n);

#endif
