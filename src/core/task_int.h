/* task_int.h — what the files of a portfolio task share: the read phase
 * (task_read.c), the passwords (task_passwords.c), the write
 * transaction (task_apply.c), the mail after the
 * commit (task_notify.c) and the slips file (slips.c). */
#ifndef ROSTER_TASK_INT_H
#define ROSTER_TASK_INT_H

#include "core_int.h"

#include <roster/hash.h>
#include <roster/task.h>

#include <stdio.h>

/* A portfolio the task changes, as it was read before any lock. */
typedef struct ro_task_target {
	int64_t id;
	int64_t version;        /* must still be this under the write lock */
	char *username;
	char *first, *last, *group, *email;   /* resets only (slips, mail) */
} ro_task_target;

typedef struct ro_task_ctx {
	ro_session *s;
	const ro_task_opts *o;
	ro_selection sel;       /* resolved for the store */
	char selbuf[32];
	int64_t group_id;       /* move-group: the target group */
	char *group_name;       /* its name as the site spells it */
	size_t site_total;      /* active portfolios of the site */
	ro_task_target *t;      /* in list order */
	size_t nt, capt;
	size_t skips_cap;
	size_t expect, seen;    /* the read phase's progress */
	ro_task_result *r;
	/* reset: hashes[i] belongs to t[i]; passwords[i] is the plaintext
	 * (the shared one, or slips[i].password when generated). */
	char (*hashes)[RO_HASH_ENCODED_MAX];
	const char **passwords;
	char detail[200];       /* the batch's detail */
} ro_task_ctx;

/* task_read.c: reads and classifies the selection in one snapshot into
 * k->t and k->r (k->o->progress reports it, and may cancel:
 * RO_ECANCEL). */
int ro_task_read(ro_task_ctx *k, const ro_selection *sel);
/* The same counts for a reset or a deactivation, from the counts table
 * and the partial index of the rows such tasks skip, without reading a
 * row: what the confirmation and the hold state.  Sets k->sel and
 * k->site_total. */
int ro_task_count(ro_task_ctx *k, const ro_selection *sel,
    ro_task_preview *out);

/* task_passwords.c: one generated password each, into k->r->slips
 * (different within the batch, none holding the portfolio's names);
 * and every target's password hashed on the pool into k->hashes. */
int ro_task_make_slips(ro_task_ctx *k);
int ro_task_hash_passwords(ro_task_ctx *k);

/* Writes the batch in one BEGIN IMMEDIATE transaction: every target's
 * version is checked, then it is changed, recorded for undo and audited.
 * Either all of it lands (*batch_id set) or none of it. */
int ro_task_apply(ro_task_ctx *k, int64_t *batch_id);
/* RO_ECONFLICT, naming t: it changed since it was read. */
int ro_task_conflict(const ro_task_target *t);
/* task_reset.c: the write of a reset that leaves the security questions
 * alone, set-wise; order: the targets' indexes in id order. */
int ro_task_reset_write(const ro_task_ctx *k, int64_t batch,
    const size_t *order);

/* Mails the new temporary passwords after the commit; failures go into
 * k->r->notify_failures and never undo anything. */
void ro_task_notify(ro_task_ctx *k);

/* The slips file: a 0600 temporary file beside path, written before the
 * commit and renamed into place after it. */
typedef struct ro_slips_out {
	char *path;             /* where the slips go */
	char *tmp;              /* the temporary file, until published */
	bool csv;
	bool pdf;
} ro_slips_out;
/* Refuses (RO_EEXISTS) a path that exists; creates the temporary file and
 * writes the slips into it, in the style asked (NULL: the name decides the
 * format, PDF as labels on Letter without QR codes). */
int ro_slips_prepare(ro_slips_out *so, const char *path,
    const ro_slip *slips, size_t n, const char *site,
    const ro_slips_style *style);
/* The same for any new file: fill writes it (what names it in messages,
 * "Google CSV"). */
int ro_newfile_prepare(ro_slips_out *so, const char *path, const char *what,
    int (*fill)(FILE *f, void *ctx), void *ctx);
/* Renames the temporary file to path without replacing a file that
 * appeared meanwhile.  RO_EIO (or RO_EEXISTS) leaves the temporary file
 * where it is, so that the slips of a committed batch are not lost. */
int ro_slips_publish(ro_slips_out *so);
/* Removes the temporary file (a batch that did not land). */
void ro_slips_discard(ro_slips_out *so);

/* task_google.c: the Google Workspace CSV of a reset (opts->google_csv).
 * check: before anything (the file must not exist); prepare: after the
 * targets and passwords are known, before the commit; publish: after
 * it (a failure is kept in the result, as for the slips); clear: frees
 * what the result holds of it. */
int ro_task_google_check(ro_db *db, const ro_task_opts *o);
int ro_task_google_prepare(ro_task_ctx *k, ro_slips_out *go);
void ro_task_google_publish(ro_task_ctx *k, ro_slips_out *go);
void ro_task_google_clear(ro_task_result *r);

#endif
