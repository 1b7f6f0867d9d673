/* task.h — portfolio tasks, each run as one batch. */
#ifndef ROSTER_TASK_H
#define ROSTER_TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <roster/db.h>
#include <roster/pool.h>
#include <roster/portfolio.h>
#include <roster/slips_pdf.h>
#include <roster/status.h>

typedef enum ro_task_kind {
	RO_TASK_RESET_PASSWORDS = 0,
	RO_TASK_EXPORT,          /* Export for Upload (export.h does the work) */
	RO_TASK_MOVE_GROUP,
	RO_TASK_SET_GRAD_YEAR,
	RO_TASK_DEACTIVATE,
	RO_TASK_REACTIVATE,
	RO_TASK__COUNT
} ro_task_kind;
/* The drop-down's words: "Reset Passwords", "Export for Upload", … */
const char *ro_task_label(ro_task_kind k);
/* The batch kind it records: "reset-passwords", "move-group",
 * "set-grad-year", "deactivate", "reactivate" ("export" for export). */
const char *ro_task_kind_name(ro_task_kind k);

typedef struct ro_task_opts {
	ro_task_kind kind;
	const char *password;       /* reset: the shared temporary password */
	bool generate;              /* reset: one generated password each */
	bool reset_questions;       /* reset: clear security answers */
	bool notify;                /* reset: mail the new password */
	const char *group;          /* move-group: target group name */
	int year;                   /* set-grad-year */
	long confirm;               /* -1: none given; else the typed count */
	ro_progress_fn progress;    /* hashing progress; may cancel */
	void *progress_ctx;
	/* reset --generate: the sign-in slips file to write (NULL: none; the
	 * slips still come back in the result).  CSV when the name ends in
	 * ".csv", a PDF to print when ".pdf", else plain text, one slip per
	 * block (or as slips_style says).  Refused (RO_EEXISTS)
	 * when the file exists.  Written to a 0600 temporary file beside it
	 * before the commit and renamed into place after it, so a batch that
	 * fails leaves no slips behind. */
	const char *slips;
	/* The slips' format (RO_SLIPS_AUTO: .pdf gives a PDF, .csv CSV,
	 * else text) and, for a PDF, its layout, paper and QR codes. */
	ro_slips_style slips_style;
	/* reset: Google Workspace's bulk-update CSV for the same portfolios
	 * (NULL: none): each one's email address, its new password and
	 * Change Password at Next Sign-In TRUE, so that one temporary
	 * password lands in both systems.  Same rules as the slips: 0600, a
	 * new file only, written before the commit, renamed after it. */
	const char *google_csv;
} ro_task_opts;

typedef struct ro_task_skip {
	int64_t id;
	char *username;
	ro_status code;             /* E90 SSO-linked, E91 inactive, or
	                             * RO_ST_NONE for a reason of its own */
	const char *reason;         /* why, in words (static storage) */
} ro_task_skip;

/* A generated password with what the sign-in slip shows. */
typedef struct ro_slip {
	int64_t id;
	char *first, *last, *group, *username;
	char *password;             /* wiped by ro_task_result_free */
	char *email;
} ro_slip;

typedef struct ro_notify_failure {
	char *username;
	char *email;
	char *reason;
} ro_notify_failure;

typedef struct ro_task_result {
	int64_t batch_id;           /* 0 when nothing changed */
	size_t selected;            /* rows in the selection */
	size_t changed;
	size_t unchanged;           /* already in the asked-for state */
	ro_task_skip *skips;
	size_t nskips;
	ro_slip *slips;             /* --generate only */
	size_t nslips;
	size_t notified;            /* messages handed to the mailer */
	ro_notify_failure *notify_failures;
	size_t nnotify_failures;
	size_t no_email;            /* --notify: changed portfolios without
	                             * an email address (nothing sent) */
	char *slips_file;           /* where the slips were written (opts->
	                             * slips, or the temporary file when the
	                             * final rename failed); NULL when none */
	char *slips_error;          /* set when the batch landed but the slips
	                             * could not be moved into place */
	char *google_file;          /* as slips_file, for opts->google_csv */
	char *google_error;         /* as slips_error */
	char **google_left;         /* usernames left out of the Google CSV:
	                             * no email address */
	size_t ngoogle_left;
	size_t ngoogle;             /* rows in the Google CSV */
} ro_task_result;
void ro_task_result_free(ro_task_result *r);

/* What a task would do, for the confirmation: how many portfolios change,
 * how many are skipped, and whether the blast-radius hold applies
 * (confirm must then equal *changes). */
typedef struct ro_task_preview {
	size_t selected, changes, skips;
	size_t unchanged;           /* already in the asked-for state */
	bool hold;
	size_t site_total;          /* active portfolios of the site */
} ro_task_preview;
int ro_task_preview_run(ro_task_preview *out, ro_session *s,
    const ro_selection *sel, const ro_task_opts *o);

/* Runs the task: hashes first (pool, no lock), then one BEGIN IMMEDIATE
 * transaction that applies it, audits it and records the batch.  Either
 * everything lands or nothing.  RO_EHOLD when the hold applies and
 * o->confirm is not the count; RO_EBUSY when the database stays locked;
 * RO_ECANCEL when progress cancelled (nothing changed).  Mail goes out
 * after the commit; failures are listed, never undo the batch. */
int ro_task_run(ro_task_result **out, ro_session *s, const ro_selection *sel,
    const ro_task_opts *o);

/* Who may do what: staff change student portfolios only (others are
 * skipped); site admins and district accounts change any portfolio of
 * the site.  Nobody resets or deactivates their own portfolio in a batch
 * (skipped: 'roster signin' changes one's own password).  Reactivate
 * always works on the inactive portfolios of the selection's list
 * (--inactive is implied). */

/* Writes the sign-in slips to path (mode 0600; RO_EEXISTS when it
 * exists): CSV when path ends in ".csv", a PDF of labels when ".pdf",
 * else plain text with a cut line
 * between slips.  For front ends that write slips of a finished batch. */
int ro_slips_write(const char *path, const ro_slip *slips, size_t n,
    const char *site);

#endif
