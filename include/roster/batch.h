/* batch.h — batches (resets, tasks, uploads), their undo, the audit log. */
#ifndef ROSTER_BATCH_H
#define ROSTER_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <roster/db.h>

typedef struct ro_batch {
	int64_t id;
	char *when;        /* ISO 8601 UTC */
	char *who;         /* username */
	char *kind;        /* "reset-passwords", "upload", "move-group", … */
	char *detail;      /* e.g. "to Period 2", file name */
	size_t count;      /* portfolios changed */
	int64_t undone_by; /* batch that undid it, 0 when none */
	int64_t undo_of;   /* batch this one undid, 0 when none */
} ro_batch;
typedef struct ro_batch_list {
	ro_batch *items;
	size_t n;
} ro_batch_list;
void ro_batch_list_free(ro_batch_list *l);

/* Batches of the session's site, newest first. */
int ro_batch_list_get(ro_batch_list **out, ro_session *s);
/* Restores what batch_id changed, in one transaction, as a new batch.
 * RO_ECONFLICT naming the portfolios changed since (message); RO_ENOTFOUND;
 * RO_EINVAL when already undone; RO_EDENIED when it would change the
 * username or password of a portfolio that is SSO-linked now (or remove
 * one).  *undo_batch receives the new batch. */
int ro_batch_undo(int64_t *undo_batch, ro_session *s, int64_t batch_id);

typedef struct ro_audit_entry {
	int64_t id;
	char *when;
	char *who;
	int64_t batch_id;   /* 0 when none */
	int64_t portfolio_id;
	char *username;     /* the portfolio's username at the time */
	char *action;       /* "reset-password", "update", "create", … */
	char *field;        /* NULL or the field */
	char *old_value;    /* never a password or a hash */
	char *new_value;
} ro_audit_entry;
typedef struct ro_audit_list {
	ro_audit_entry *items;
	size_t n;
	bool more;          /* a page: entries follow it (ro_audit_page) */
} ro_audit_list;
void ro_audit_list_free(ro_audit_list *l);
/* Frees what one entry holds (not the entry). */
void ro_audit_entry_clear(ro_audit_entry *e);

/* The site's audit log, oldest first; since "YYYY-MM-DD" or NULL. */
int ro_audit_list_get(ro_audit_list **out, ro_session *s, const char *since);

/* Which entries a page of the audit log holds, and where it starts.  The
 * log's order is (when, id): entries of the same second keep their
 * order.  find: entries whose username, who, or portfolio's last or
 * first name begins with it (ignoring case), or, when it begins with four digits,
 * whose date and time begin with it (2026-11-28); never a scan of values. */
typedef struct ro_audit_query {
	const char *since;      /* "YYYY-MM-DD" or NULL */
	const char *find;       /* NULL or "" for every entry */
	int64_t after;          /* 0, or the entry the page follows */
	bool before;            /* the page ends before `after` instead */
	bool last;              /* the last page (after ignored) */
} ro_audit_query;

/* One page of the session's audit log, oldest first, at most limit
 * entries (out->more: entries follow it, or precede it for before and
 * last).  A district account's log holds the entries of no site too.
 * RO_ENOTFOUND when `after` is no entry of the log. */
int ro_audit_page(ro_audit_list **out, ro_session *s, const ro_audit_query *q,
    size_t limit);
/* How many entries the query's log holds (after, before, last ignored). */
int ro_audit_count(size_t *out, ro_session *s, const ro_audit_query *q);

/* What undoing a batch would restore, read without changing anything (for
 * a confirmation).  One item per portfolio of the batch, in the batch's
 * order: its username now, whether it changed since the batch (which
 * makes the undo refuse), whether the undo removes it (the batch created
 * it), and what goes back, "Field: now → restored" joined by "; " (a
 * password shows only as "restored").  Site and student checks as for
 * ro_batch_undo; the undo itself decides (it may still refuse). */
typedef struct ro_undo_item {
	int64_t portfolio_id;
	char *username;
	bool changed_since;
	bool removes;
	char *restores;
} ro_undo_item;
typedef struct ro_undo_preview {
	int64_t batch_id;
	int64_t undone_by;   /* already undone: by that batch */
	bool is_undo;        /* the batch is itself an undo */
	ro_undo_item *items;
	size_t n;
	size_t changed_since;
} ro_undo_preview;
int ro_batch_undo_preview(ro_undo_preview **out, ro_session *s,
    int64_t batch_id);
void ro_undo_preview_free(ro_undo_preview *p);

#endif
