/* plan.h — the trial run and the upload of an Export for Upload file.
 *
 * The plan is a value: one entry per data row with its status, all its
 * codes, warnings and field changes, read through ro_plan_row_at (the
 * rows of a large plan wait in a temporary file).  The trial run builds
 * and returns it; the upload builds it the same way, hashes the new passwords,
 * re-plans inside the write transaction and applies it when the plan is
 * unchanged.  Front ends only render it. */
#ifndef ROSTER_PLAN_H
#define ROSTER_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <roster/db.h>
#include <roster/pool.h>
#include <roster/sheet.h>
#include <roster/status.h>

#define RO_UPLOAD_COLUMNS 9
/* "Portfolio ID", "Username", … in order (static storage). */
const char *const *ro_upload_headers(void);
/* The nine header names as one line, "Portfolio ID, Username, …,
 * Account Type", into buf (snprintf's contract: the length it needed). */
int ro_upload_headers_list(char *buf, size_t n);

typedef struct ro_change {
	const char *field;    /* a header name, static */
	char *old_value;      /* NULL shows as null/blank */
	char *new_value;      /* "changed" for a password */
} ro_change;

typedef struct ro_plan_row {
	size_t row;           /* spreadsheet row number (header is 1) */
	ro_status status;     /* first error, else NEW / UPD / SAME */
	ro_status *codes;     /* every error code, ascending */
	size_t ncodes;
	ro_status *warnings;  /* every warning code, ascending */
	size_t nwarnings;
	/* One per code then one per warning (ncodes + nwarnings), naming the
	 * field and its value (never a password).  Values come from the
	 * file: sanitise before showing. */
	char **messages;
	size_t nmessages;
	/* The portfolio (as the file names it, even when E20); 0 for a new
	 * portfolio or an id that is not a number. */
	int64_t portfolio_id;
	char *username;       /* the username the row gives */
	/* Field changes in column order (for errors rows too, where the
	 * fields are known: they show what else the row would do; never a
	 * field that has an error). */
	ro_change *changes;
	size_t nchanges;
	/* A row without an ID: the values the new portfolio gets, in column
	 * order, each old value NULL (a password as "set"; none for a field
	 * with an error). */
	ro_change *creates;
	size_t ncreates;
	/* SAME for a row without an ID: the earlier batch that created the
	 * portfolio it matches in every field (its password is not
	 * compared); 0 otherwise. */
	int64_t created_by;
} ro_plan_row;

typedef struct ro_plan_summary {
	size_t rows, new_rows, update, same, error;
	size_t warning;          /* rows with warnings */
} ro_plan_summary;

/* A user of a OneRoster bundle that is not a row of the plan. */
typedef struct ro_plan_left {
	size_t line;             /* users.csv line */
	char *username;
	ro_status code;          /* W30, W31 */
	char *reason;
} ro_plan_left;

typedef struct ro_plan {
	char *file;              /* as given */
	ro_sheet_format format;
	bool trial_run;
	bool applied;
	ro_status file_error;    /* RO_ST_E10 or RO_ST_NONE */
	char *file_message;      /* E10 / unreadable file explanation */
	bool cp1252;             /* W12: read as Windows-1252 */
	size_t nrows;            /* rows: ro_plan_row_at */
	ro_plan_summary summary;
	/* Blast radius: existing portfolios whose password or username the
	 * file changes, of site_total active ones; hold when more than half
	 * or more than 1000 (the upload then needs confirm == the count). */
	size_t credential_changes;
	size_t site_total;
	bool hold;
	/* 16 hex digits ("" with a file error): a keyed hash of the file's
	 * cells (passwords included, through a per-database key, so that it
	 * tells nothing about them) and of the plan: every row's status,
	 * codes and changes, and the version of every affected portfolio.
	 * A change to the file or to those portfolios changes it. */
	char fingerprint[17];
	int64_t batch_id;        /* upload: the batch recorded (0: none) */
	/* OneRoster bundles only (format RO_SHEET_ONEROSTER; 0 and NULL
	 * otherwise): rows are users.csv's lines ("users.csv:214"). */
	int oneroster_version;   /* 11 or 12 */
	ro_plan_left *left;      /* users left out (W30, W31) */
	size_t nleft;
	size_t other_orgs;       /* users of other orgs (not this site) */
	char **missing;          /* usernames of the site's active portfolios */
	size_t nmissing;         /* the bundle does not mention: listed only */
} ro_plan;
void ro_plan_free(ro_plan *p);

/* Row i (< nrows) of a plan the engine returned, decoded from where the
 * plan keeps it (a memory buffer, or a temporary file past a few MiB).
 * The row stays valid until RO_PLAN_ROWS_KEPT more calls of
 * ro_plan_row_at on the same plan (asking again for a row still kept
 * returns the same pointer without reading), or until the plan is
 * freed: enough for a screen's page, and a walk from 0 to nrows reads
 * the file in large pieces.  Not for two threads at once on one plan.
 * NULL when the row cannot be read back: ro_error_last_code() is RO_EIO
 * (ro_error_last() says why), or RO_EINVAL for i out of range. */
#define RO_PLAN_ROWS_KEPT 1024
const ro_plan_row *ro_plan_row_at(const ro_plan *p, size_t i);
/* Row i's status alone, from memory (no reading; RO_ST_NONE out of
 * range): for filtering and counting. */
ro_status ro_plan_row_status(const ro_plan *p, size_t i);

/* Whether the plan may be uploaded: no file error and no row with an
 * error (warnings do not stop it).  Every front end offers the upload
 * on this alone. */
bool ro_plan_can_upload(const ro_plan *p);
/* One change as every front end shows it: "Email: (blank) → a@b.org"
 * (an empty or missing value reads "(blank)"); a password never shows a
 * value: "Password: changed" ("set" for a new portfolio).  Values come
 * from the file: sanitise before showing.  snprintf's contract. */
int ro_change_format(char *buf, size_t n, const ro_change *c);

/* Trial run: reads the file and plans it against the session's site,
 * writing nothing (but the database's fingerprint key, stored in the
 * settings the first time any plan is made).  Returns 0 with *out set
 * even when rows have errors or the header is wrong (file_error);
 * RO_EIO / RO_EFORMAT (no plan) when the file cannot be read.
 * format RO_SHEET_AUTO: by content, else by extension.  A file with a
 * header and no rows is a plan of 0 rows. */
int ro_plan_trial_run(ro_plan **out, ro_session *s, const char *path,
    ro_sheet_format format);
/* The same, calling progress(ctx, rows read, 0) every few thousand rows
 * while the file is read; a non-zero return cancels (RO_ECANCEL). */
int ro_plan_trial_run_progress(ro_plan **out, ro_session *s,
    const char *path, ro_sheet_format format, ro_progress_fn progress,
    void *ctx);

/* Upload: as the trial run, then applies it.  *out always receives the
 * plan that was (or would have been) applied when it could be built;
 * on success p->applied is true and p->batch_id the batch (0 when every
 * row was SAME).  confirm: -1 when none was given.
 *   RO_EROWS      rows have errors (or E10): nothing applied
 *   RO_ECONFLICT  expect != NULL and the plan's fingerprint differs (the
 *                 new plan is in *out), or the data changed while hashing
 *   RO_EHOLD      the blast-radius hold applies and confirm != its count
 *   RO_EDENIED    a student session
 *   RO_EBUSY / RO_ECANCEL / RO_EIO / RO_EFORMAT
 * Passwords are hashed (progress may cancel) before the write lock is
 * taken, and their plaintext is wiped once hashed. */
int ro_plan_upload(ro_plan **out, ro_session *s, const char *path,
    ro_sheet_format format, const char *expect, long confirm,
    ro_progress_fn progress, void *ctx);

/* What only a OneRoster bundle needs (NULL: the defaults). */
typedef struct ro_plan_opts {
	/* The class that becomes a user's group: the first of its
	 * enrollments whose class's classCode or title matches this fnmatch
	 * pattern (case ignored); NULL: its first homeroom class. */
	const char *group_from;
	/* Deactivate the site's active portfolios the bundle does not
	 * mention (rows numbered 0), instead of only listing them; never the
	 * signed-in account's own. */
	bool deactivate_missing;
} ro_plan_opts;
int ro_plan_trial_run_opts(ro_plan **out, ro_session *s, const char *path,
    ro_sheet_format format, const ro_plan_opts *o);
int ro_plan_upload_opts(ro_plan **out, ro_session *s, const char *path,
    ro_sheet_format format, const char *expect, long confirm,
    ro_progress_fn progress, void *ctx, const ro_plan_opts *o);

#endif
