/* batch.c — the batches of a site and their undo.
 *
 * Every reset, task and upload records, per portfolio, the state before it
 * and the version it left.  Undo puts the before-state back in one
 * transaction, but only where nobody changed the portfolio since: a
 * portfolio whose version moved on is named and nothing is restored.
 * Undo is a change like any other: the caller must be allowed to change
 * every portfolio the batch touched, as the task itself would require,
 * or nothing is restored.  The before-state is kept batch.keep_days (30
 * by default); older batches can no longer be undone and their old
 * values, password hashes included, are wiped. */
#include "core_int.h"
#include "eventlog.h"

#include <roster/batch.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int ro_batch_list_get(ro_batch_list **out, ro_session *s)
{
	*out = NULL;
	return ro_store_batch_list(ro_db_store(s->db), out, s->site_id);
}

struct items {
	ro_store_item *v;
	size_t n, cap;
	/* Each item's portfolio as it is now (read in one pass), and
	 * whether it still exists. */
	ro_store_row *cur;
	bool *found;
};

static int collect(void *ctx, ro_store_item *it)
{
	struct items *c = ctx;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		ro_store_item *nv = realloc(c->v, cap * sizeof *nv);
		if (!nv)
			return RO_ENOMEM;
		c->v = nv;
		c->cap = cap;
	}
	/* Take ownership of the strings: the store clears what is left. */
	c->v[c->n] = *it;
	memset(&it->before, 0, sizeof it->before);
	it->answers = NULL;
	c->n++;
	return 0;
}

static void items_free(struct items *c)
{
	for (size_t i = 0; i < c->n; i++) {
		ro_store_row_clear(&c->v[i].before);
		free(c->v[i].answers);
		if (c->cur)
			ro_store_row_clear(&c->cur[i]);
	}
	free(c->v);
	free(c->cur);
	free(c->found);
}

/* The item of portfolio id (items come in portfolio id order). */
static size_t item_of(const struct items *c, int64_t id)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->v[mid].portfolio_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->n && c->v[lo].portfolio_id == id ? lo : c->n;
}

static int keep_current(void *ctx, ro_store_row *row)
{
	struct items *c = ctx;
	size_t i = item_of(c, row->p.id);

	if (i == c->n || c->found[i])
		return 0;
	c->cur[i] = *row;
	memset(row, 0, sizeof *row);
	c->found[i] = true;
	return 0;
}

/* Every item's current portfolio in one read, not one read per item
 * (a round trip each on a server: minutes for 100,000). */
static int read_current(ro_store *st, struct items *c)
{
	int64_t *ids;
	int rc;

	for (size_t i = 1; i < c->n; i++)
		if (c->v[i - 1].portfolio_id >= c->v[i].portfolio_id)
			return ro_error_set(RO_EINTERNAL, "batch items out of "
			    "order");
	if (!c->n)
		return 0;
	if (!(c->cur = calloc(c->n, sizeof *c->cur)) ||
	    !(c->found = calloc(c->n, sizeof *c->found)) ||
	    !(ids = malloc(c->n * sizeof *ids)))
		return RO_ENOMEM;
	for (size_t i = 0; i < c->n; i++)
		ids[i] = c->v[i].portfolio_id;
	rc = ro_store_rows_by_ids(st, ids, c->n, keep_current, c);
	free(ids);
	return rc;
}

/* Names the portfolios changed since the batch; RO_ECONFLICT when any. */
static int check_unchanged(const struct items *c, int64_t batch_id)
{
	char names[512] = "";
	size_t nconf = 0, len = 0;

	for (size_t i = 0; i < c->n; i++) {
		const ro_store_row *cur = &c->cur[i];
		bool found = c->found[i];
		if (!found || cur->p.version != c->v[i].after_version) {
			if (nconf < 10)
				len += (size_t)snprintf(names + len,
				    sizeof names - len, "%s%s", nconf ? ", " :
				    "", found ? cur->p.username :
				    (c->v[i].before.p.username ?
				    c->v[i].before.p.username : "(deleted)"));
			nconf++;
		}
	}
	if (!nconf)
		return 0;
	return ro_error_set(RO_ECONFLICT, "cannot undo batch %lld: %zu "
	    "portfolio%s changed since: %s%s", (long long)batch_id, nconf,
	    nconf == 1 ? " was" : "s were", names,
	    nconf > 10 ? ", …" : "");
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

void ro_batch_keep_since(ro_db *db, char buf[21])
{
	long days = ro_db_setting_long(db, "batch.keep_days",
	    RO_BATCH_KEEP_DAYS);
	time_t t = time(NULL);
	struct tm tm;

	if (days < 1)
		days = 1;
	t -= (time_t)days * 86400;
	gmtime_r(&t, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int ro_batch_purge_old(ro_db *db)
{
	char since[21];

	ro_batch_keep_since(db, since);
	return ro_store_batch_purge(ro_db_store(db), since);
}

/* Why the caller may not change this portfolio back, or NULL: the rules
 * of the tasks (task.c) and of the upload (staff: students only; nobody
 * resets or deactivates their own portfolio in a batch). */
static const char *out_of_reach(const ro_session *s, const ro_store_row *cur,
    const ro_store_item *it)
{
	if (cur->p.site_id != s->site_id)
		return "not a portfolio of this site";
	if (s->type == RO_TYPE_STAFF && (cur->p.type != RO_TYPE_STUDENT ||
	    (!it->created && it->before.p.type != RO_TYPE_STUDENT)))
		return "staff accounts may change student portfolios only";
	if (cur->p.id == s->user_id && (it->created ||
	    !same_text(it->before.hash, cur->hash) ||
	    it->before.p.active != cur->p.active))
		return "your own password and active state are not yours to "
		    "change in a batch";
	return NULL;
}

/* RO_EDENIED naming the portfolios the caller may not change. */
static int check_rights(ro_session *s, struct items *c, int64_t batch_id)
{
	const char *why = NULL;
	char names[512] = "";
	size_t n = 0, len = 0;

	for (size_t i = 0; i < c->n; i++) {
		const char *w;
		if (!c->found[i])
			continue;       /* check_unchanged names it */
		if ((w = out_of_reach(s, &c->cur[i], &c->v[i]))) {
			why = why ? why : w;
			if (n < 10 && len < sizeof names)
				len += (size_t)snprintf(names + len,
				    sizeof names - len, "%s%s", n ? ", " : "",
				    c->cur[i].p.username);
			n++;
		}
	}
	if (!n)
		return 0;
	return ro_error_set(RO_EDENIED, "cannot undo batch %lld: it changed "
	    "%zu portfolio%s you may not change (%s): %s%s",
	    (long long)batch_id, n, n == 1 ? "" : "s", why, names,
	    n > 10 ? ", …" : "");
}

/* it's portfolio back as it was; cur: as it is now (the caller's). */
static int restore_one(ro_session *s, int64_t undo_id, ro_store_item *it,
    const ro_store_row *now)
{
	ro_store *st = ro_db_store(s->db);
	ro_store_row cur = *now, next;
	char *answers = NULL;
	int rc;

	/* The SSO lock holds for undo too: a portfolio linked since the
	 * batch (by a sync that need not bump its version) keeps the
	 * username and password its provider manages. */
	if (cur.p.sso != RO_SSO_NONE && (it->created ||
	    !same_text(it->before.p.username, cur.p.username) ||
	    !same_text(it->before.hash, cur.hash))) {
		rc = ro_error_set(RO_EDENIED, "cannot undo: %s is linked to "
		    "%s; its username and password cannot be changed here",
		    cur.p.username, cur.p.sso == RO_SSO_CLEVER ? "Clever" :
		    "ClassLink");
		goto out;
	}
	/* (read only when they go back: a read between the bulk writes
	 * would send them one by one) */
	if (it->answers && (rc = ro_store_answers_get(st, cur.p.id, &answers)))
		goto out;
	if (it->created) {
		rc = ro_store_audit_add(st, s->site_id, s->username, undo_id,
		    cur.p.id, cur.p.username, "undo", "Portfolio",
		    "created", "removed");
		if (!rc)
			rc = ro_store_portfolio_delete(st, cur.p.id);
		goto out;
	}
	if ((rc = ro_store_batch_item_add(st, undo_id, cur.p.id, &cur,
	    it->answers ? answers : NULL, cur.p.version + 1)))
		goto out;
	next = it->before;
	next.p.id = cur.p.id;
	next.p.site_id = cur.p.site_id;
	next.p.version = cur.p.version;
	next.failed_signins = cur.failed_signins;
	next.first_failed_at = cur.first_failed_at;
	next.locked_until = cur.locked_until;
	if ((rc = ro_store_portfolio_update_from(st, &cur, &next))) {
		if (rc == RO_EEXISTS)
			rc = ro_error_set(RO_ECONFLICT, "cannot undo: username "
			    "%s has been taken by another portfolio since",
			    next.p.username);
		goto out;
	}
	it->before.p.version = next.p.version;
	if (it->answers) {
		/* The hashes go back as they were, one per question. */
		const char *h[8];
		size_t nh = 0;
		char *dup = strdup(it->answers), *save = NULL;
		for (char *t = dup ? strtok_r(dup, "\n", &save) : NULL;
		    t && nh < 8; t = strtok_r(NULL, "\n", &save))
			h[nh++] = t;
		rc = dup ? ro_store_answers_set(st, cur.p.id, h, nh) :
		    RO_ENOMEM;
		free(dup);
		if (rc)
			goto out;
	}
	rc = ro_audit_changes(s, undo_id, &cur, &next, "undo");
out:
	free(answers);
	return rc;
}

/* Every item restored, as one bulk write: on a server, the rows go in a
 * few set-based statements (the version check included) instead of a
 * round trip each.  A username taken since then shows only when they
 * are sent, which the last write (the batch marked undone) does. */
static int restore_all(ro_session *s, int64_t undo_id, struct items *c,
    int64_t batch_id)
{
	ro_store *st = ro_db_store(s->db);
	ro_store_tuning tuning;
	bool tuned = ro_store_tune_bulk(st, RO_WORK_WRITE, c->n * 3,
	    &tuning) == 0;
	int rc = 0;

	for (size_t i = 0; i < c->n && !rc; i++)
		rc = restore_one(s, undo_id, &c->v[i], &c->cur[i]);
	if (!rc)
		rc = ro_store_batch_set_undone(st, batch_id, undo_id);
	if (tuned)
		ro_store_tune_restore(st, &tuning);
	if (rc == RO_EEXISTS) {
		char why[256];
		snprintf(why, sizeof why, "%s", ro_error_last());
		rc = ro_error_set(RO_ECONFLICT, "cannot undo: a username it "
		    "restores has been taken by another portfolio since (%s)",
		    why);
	}
	return rc;
}

int ro_batch_undo(int64_t *undo_batch, ro_session *s, int64_t batch_id)
{
	ro_store *st = ro_db_store(s->db);
	struct items c = { 0 };
	ro_batch b;
	int64_t site = 0, undo_id = 0;
	char detail[96], since[21];
	int rc;

	*undo_batch = 0;
	if (s->type < RO_TYPE_STAFF)
		return ro_error_set(RO_EDENIED, "students cannot undo batches");
	if ((rc = ro_store_begin(st, true, s->site_id)))
		return rc;
	if ((rc = ro_store_batch_get(st, &b, batch_id, &site)))
		goto fail;
	if (site != s->site_id) {
		rc = ro_error_set(RO_ENOTFOUND, "no batch %lld in this site",
		    (long long)batch_id);
		goto fail;
	}
	if (b.undone_by) {
		rc = ro_error_set(RO_EINVAL, "batch %lld was already undone by "
		    "batch %lld", (long long)batch_id, (long long)b.undone_by);
		goto fail;
	}
	if (b.undo_of) {
		rc = ro_error_set(RO_EINVAL, "batch %lld is itself an undo; run "
		    "the original task again instead", (long long)batch_id);
		goto fail;
	}
	ro_batch_keep_since(s->db, since);
	if (strcmp(b.when, since) < 0) {
		rc = ro_error_set(RO_EINVAL, "batch %lld (%s) is older than "
		    "the %ld days undo keeps (setting batch.keep_days): what "
		    "it changed is no longer kept", (long long)batch_id,
		    b.when, ro_db_setting_long(s->db, "batch.keep_days",
		    RO_BATCH_KEEP_DAYS));
		goto fail;
	}
	if ((rc = ro_store_batch_items(st, batch_id, collect, &c)))
		goto fail;
	if (c.n == 0 && b.count > 0) {
		/* Wiped while batch.keep_days was shorter than it is now. */
		rc = ro_error_set(RO_EINVAL, "batch %lld (%s): what it changed "
		    "is no longer kept (setting batch.keep_days)",
		    (long long)batch_id, b.when);
		goto fail;
	}
	if ((rc = read_current(st, &c)) ||
	    (rc = check_rights(s, &c, batch_id)) ||
	    (rc = check_unchanged(&c, batch_id)))
		goto fail;
	snprintf(detail, sizeof detail, "undo of batch %lld (%s)",
	    (long long)batch_id, b.kind);
	if ((rc = ro_store_batch_add(st, &undo_id, s->site_id, s->username,
	    "undo", detail, c.n, batch_id)) ||
	    (rc = ro_batch_purge_old(s->db)))
		goto fail;
	if ((rc = restore_all(s, undo_id, &c, batch_id)))
		goto fail;
	ro_batch_clear(&b);
	items_free(&c);
	if ((rc = ro_store_commit(st)))
		return rc;
	*undo_batch = undo_id;
	ro_eventlog_batch(s, "undo", c.n, undo_id, batch_id);
	return 0;
fail:
	ro_store_rollback(st);
	ro_batch_clear(&b);
	items_free(&c);
	return rc;
}
