/* plan.h — the trial run and the upload of an Export for Upload file.
 *
 * The plan is a plain value: one entry per data row with its status, all
 * its codes, warnings and field changes.  The trial run builds and
 * returns it; the upload builds it the same way, hashes the new passwords,
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
	ro_status *warnings;
	size_t nwarnings;
	char **messages;      /* one per code then per warning, naming the field */
	size_t nmessages;
	int64_t portfolio_id; /* 0 for a new portfolio */
	char *username;
	ro_change *changes;
	size_t nchanges;
} ro_plan_row;

typedef struct ro_plan_summary {
	size_t rows, new_rows, update, same, error, warning;
} ro_plan_summary;

typedef struct ro_plan {
	char *file;              /* as given */
	ro_sheet_format format;
	bool trial_run;
	bool applied;
	ro_status file_error;    /* RO_ST_E10 or RO_ST_NONE */
	char *file_message;      /* E10 / unreadable file explanation */
	bool cp1252;             /* W12: read as Windows-1252 */
	ro_plan_row *rows;
	size_t nrows;
	ro_plan_summary summary;
	char fingerprint[17];    /* hex; covers the file and affected rows */
	int64_t batch_id;        /* upload: the batch recorded */
} ro_plan;
void ro_plan_free(ro_plan *p);

/* Trial run: reads the file and plans it against the session's site,
 * writing nothing.  Returns 0 with *out set even when rows have errors or
 * the header is wrong (file_error); RO_EIO / RO_EFORMAT (no plan) when
 * the file cannot be read. */
int ro_plan_trial_run(ro_plan **out, ro_session *s, const char *path,
    ro_sheet_format format);

/* Upload: as the trial run, then applies it.  *out always receives the
 * plan that was (or would have been) applied when it could be built.
 *   RO_EROWS      rows have errors (or E10): nothing applied
 *   RO_ECONFLICT  expect != NULL and the plan's fingerprint differs (the
 *                 new plan is in *out), or the data changed while hashing
 *   RO_EHOLD      the blast-radius hold applies and confirm != its count
 *   RO_EBUSY / RO_ECANCEL / RO_EIO / RO_EFORMAT */
int ro_plan_upload(ro_plan **out, ro_session *s, const char *path,
    ro_sheet_format format, const char *expect, long confirm,
    ro_progress_fn progress, void *ctx);

#endif
