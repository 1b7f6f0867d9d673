/* bundle.h — OneRoster CSV bundles and Google Workspace's bulk-update CSV:
 * the interchange formats (src/sheet knows them; the engine fills them).
 *
 * A bundle is a set of named CSV files (manifest.csv, orgs.csv, users.csv,
 * …) kept together as a folder or as a zip archive.  The writer gathers
 * the files in memory and puts them in place at close, all or nothing:
 * a folder is built under a temporary name beside the target and renamed
 * into place; a zip is written to a temporary file and renamed.  Either
 * way nothing is replaced: RO_EEXISTS when the target exists.  Files are
 * 0600, the folder 0700.
 *
 * Cells are written as RFC 4180 CSV (quoted only when they must be, CRLF
 * line ends, UTF-8 without a BOM) and exactly as given: these files are
 * read by programs, not opened in spreadsheets, so no formula
 * neutralising (a name starting with "-" must reach the other system as
 * it is). */
#ifndef ROSTER_BUNDLE_H
#define ROSTER_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct ro_bundle_writer ro_bundle_writer;

/* zip: a zip archive at path, else a folder.  *out is the caller's. */
int ro_bundle_writer_open(ro_bundle_writer **out, const char *path, bool zip);
/* True when path names a zip archive (ends in .zip, any case). */
bool ro_bundle_path_is_zip(const char *path);
/* Starts the file name (e.g. "users.csv") with its header row; the rows
 * that follow belong to it until the next ro_bundle_file. */
int ro_bundle_file(ro_bundle_writer *w, const char *name,
    const char *const *headers, size_t ncols);
/* One row of the current file (ncols cells, NULL = empty). */
int ro_bundle_row(ro_bundle_writer *w, const char *const *cells);
/* Puts the bundle in place; frees w in every case. */
int ro_bundle_writer_close(ro_bundle_writer *w);
/* Abandons it; NULL is a no-op. */
void ro_bundle_writer_free(ro_bundle_writer *w);

/* One RFC 4180 cell (quoted when it holds , " CR or LF), as is. */
void ro_csv_put_cell(FILE *f, const char *s);

/* Google Workspace's bulk-update CSV ("Bulk update users" in the Admin
 * console).  The columns, as Google's template spells them: First Name
 * [Required], Last Name [Required], Email Address [Required], Password
 * [Required], Password Hash Function [UPLOAD ONLY], Org Unit Path
 * [Required], Change Password at Next Sign-In. */
#define RO_GOOGLE_COLUMNS 7
const char *const *ro_google_headers(void);
typedef struct ro_google_user {
	const char *first, *last, *email;
	const char *password;      /* NULL: "****", Google's "keep it" */
	const char *org_unit;      /* NULL: "/" (the top-level unit) */
	int change_at_next;        /* 1 TRUE, 0 FALSE, -1 blank (keep) */
} ro_google_user;
void ro_google_csv_header(FILE *f);
void ro_google_csv_row(FILE *f, const ro_google_user *u);

#endif
