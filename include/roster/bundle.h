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

/* Reading a OneRoster CSV bundle (1.1 or 1.2), a folder or a zip archive.
 *
 * The version is told by users.csv's header, never by a name: 1.1 has
 * role and orgSourcedIds; 1.2 has neither and puts roles in roles.csv.
 * manifest.csv, users.csv and orgs.csv must be there (classes.csv and
 * enrollments.csv, and 1.2's roles.csv, when the manifest lists them);
 * a file the manifest marks "absent" is not read even when present.
 * Columns are found by name (a UTF-8 BOM and spaces around the header
 * are ignored; CRLF or LF; a file that is not UTF-8 is read as
 * Windows-1252), and a missing required column refuses the bundle
 * (RO_EFORMAT, the message naming the file and the column).
 *
 * A user's group is the one class ro_or_group chooses: the first of its
 * enrollments (not tobedeleted) whose class's classCode or title matches
 * the pattern (fnmatch, case ignored), or without a pattern its first
 * homeroom class. */
typedef struct ro_or_user {
	size_t line;              /* users.csv line (the header is 1) */
	const char *sourced_id, *status, *enabled, *role, *username;
	const char *given, *family, *email, *grades, *password;
	const char *grad_year;    /* metadata.roster.graduationYear, or NULL */
	const char *user_ids;     /* userIds, as written: "{Clever:5f0e},…" */
	const char *const *orgs;  /* 1.1 orgSourcedIds; 1.2 primaryOrg and
	                           * the orgs of the user's roles */
	size_t norgs;
} ro_or_user;

typedef struct ro_or_reader ro_or_reader;

/* True when path is a folder or a zip archive holding manifest.csv or
 * users.csv (an XLSX workbook is not). */
bool ro_or_is_bundle(const char *path);
int ro_or_open(ro_or_reader **out, const char *path,
    const char *group_pattern);
/* 11 or 12. */
int ro_or_version(const ro_or_reader *r);
/* Whether the bundle says anything about classes: false when the
 * manifest marks enrollments or classes absent (groups stay as they
 * are). */
bool ro_or_has_groups(const ro_or_reader *r);
/* manifest.csv's source.systemName, or "". */
const char *ro_or_source(const ro_or_reader *r);
/* orgs.csv: n rows of sourcedId and name. */
size_t ro_or_norgs(const ro_or_reader *r);
void ro_or_org(const ro_or_reader *r, size_t i, const char **sourced_id,
    const char **name);
/* The title of the user's class (NULL: none; valid until ro_or_free). */
const char *ro_or_group(const ro_or_reader *r, const char *user_sid);
/* 1 and *u (valid until the next call); 0 at the end; RO_E… */
int ro_or_next(ro_or_reader *r, const ro_or_user **u);
bool ro_or_was_cp1252(const ro_or_reader *r);
void ro_or_free(ro_or_reader *r);

#endif
