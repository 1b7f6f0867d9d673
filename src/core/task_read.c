/* task_read.c — what a portfolio task would do: the count the
 * confirmation states and the blast-radius hold asks for, from counts
 * and indexes (no row read), and the read phase of the run, which
 * classifies every row of the selection (change, already so, skipped and
 * why) in one snapshot, with progress and cancel. */
#include "task_int.h"

#include <stdlib.h>
#include <string.h>

enum verdict { V_CHANGE, V_SAME, V_SKIP };

/* What the task does to one row; for V_SKIP, *code and *why say why. */
static enum verdict classify(const ro_task_ctx *k, const ro_store_row *row,
    ro_status *code, const char **why)
{
	const ro_portfolio *p = &row->p;
	const ro_session *s = k->s;

	*code = RO_ST_NONE;
	*why = NULL;
	if (s->type == RO_TYPE_STAFF && p->type != RO_TYPE_STUDENT) {
		*why = "staff accounts may change student portfolios only";
		return V_SKIP;
	}
	switch (k->o->kind) {
	case RO_TASK_RESET_PASSWORDS:
		if (p->id == s->user_id) {
			*why = "your own portfolio: your password is changed "
			    "by signing in";
			return V_SKIP;
		}
		/* The SSO lock first: it holds whether or not the portfolio
		 * is active. */
		if (p->sso != RO_SSO_NONE) {
			*code = RO_ST_E90;
			*why = "linked to Clever/ClassLink: its password is "
			    "managed there";
			return V_SKIP;
		}
		if (!p->active) {
			*code = RO_ST_E91;
			*why = "inactive: reactivate it first";
			return V_SKIP;
		}
		return V_CHANGE;
	case RO_TASK_MOVE_GROUP:
		return p->group_id == k->group_id ? V_SAME : V_CHANGE;
	case RO_TASK_SET_GRAD_YEAR:
		if (p->type != RO_TYPE_STUDENT) {
			*why = "only student portfolios have a graduation year";
			return V_SKIP;
		}
		return p->grad_year == k->o->year ? V_SAME : V_CHANGE;
	case RO_TASK_DEACTIVATE:
		if (p->id == s->user_id) {
			*why = "your own portfolio cannot be deactivated by you";
			return V_SKIP;
		}
		return p->active ? V_CHANGE : V_SAME;
	case RO_TASK_REACTIVATE:
		return p->active ? V_SAME : V_CHANGE;
	default:
		*why = "not a task";
		return V_SKIP;
	}
}

/* p with room for one more of n items of size bytes (capacity *cap,
 * doubled when full); NULL when out of memory (p is then unchanged). */
static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
	size_t c = *cap ? *cap * 2 : 64;
	void *m;

	if (n < *cap)
		return p;
	if ((m = realloc(p, c * size)))
		*cap = c;
	return m;
}

static int add_skip(ro_task_ctx *k, const ro_store_row *row, ro_status code,
    const char *why)
{
	ro_task_result *r = k->r;

	ro_task_skip *all = grow(r->skips, &k->skips_cap, r->nskips,
	    sizeof *all);
	if (!all)
		return RO_ENOMEM;
	r->skips = all;
	ro_task_skip *sk = &r->skips[r->nskips];
	sk->id = row->p.id;
	sk->code = code;
	sk->reason = why;
	if (!(sk->username = strdup(row->p.username)))
		return RO_ENOMEM;
	r->nskips++;
	return 0;
}

static int add_target(ro_task_ctx *k, const ro_store_row *row)
{
	const ro_portfolio *p = &row->p;

	ro_task_target *all = grow(k->t, &k->capt, k->nt, sizeof *all);
	if (!all)
		return RO_ENOMEM;
	k->t = all;
	ro_task_target *t = &k->t[k->nt];
	memset(t, 0, sizeof *t);
	t->id = p->id;
	t->version = p->version;
	k->nt++;
	if (!(t->username = strdup(p->username)))
		return RO_ENOMEM;
	/* Names and address for the slips, the mail and the Google CSV:
	 * a shared password needs none of them (a million copies fewer). */
	if (k->o->kind != RO_TASK_RESET_PASSWORDS || !(k->o->generate ||
	    k->o->notify || k->o->google_csv))
		return 0;
	if (!(t->first = strdup(p->first)) || !(t->last = strdup(p->last)) ||
	    (p->group_name && !(t->group = strdup(p->group_name))) ||
	    (p->email && *p->email && !(t->email = strdup(p->email))))
		return RO_ENOMEM;
	return 0;
}

/* How often the read phase reports (and may be cancelled). */
#define READ_REPORT 4096

static int read_row(void *ctx, ro_store_row *row)
{
	ro_task_ctx *k = ctx;
	const ro_task_opts *o = k->o;
	ro_status code;
	const char *why;

	if (o->progress && ++k->seen % READ_REPORT == 0 &&
	    o->progress(o->progress_ctx, k->seen, k->expect > k->seen ?
	    k->expect : k->seen))
		return RO_ECANCEL;
	k->r->selected++;
	switch (classify(k, row, &code, &why)) {
	case V_CHANGE:
		return add_target(k, row);
	case V_SAME:
		k->r->unchanged++;
		return 0;
	default:
		return add_skip(k, row, code, why);
	}
}

static int resolve(ro_task_ctx *k, const ro_selection *sel)
{
	ro_selection in = *sel;

	/* Reactivating needs the inactive portfolios of the list, whatever
	 * the list showed: that is what an admin means by it. */
	if (k->o->kind == RO_TASK_REACTIVATE)
		in.inactive = true;
	return ro_selection_resolve(k->s, &in, &k->sel, k->selbuf);
}

/* Reads and classifies the selection in one snapshot. */
int ro_task_read(ro_task_ctx *k, const ro_selection *sel)
{
	ro_store *st = ro_db_store(k->s->db);
	ro_store_tuning tuning;
	bool tuned = false;
	int rc;

	if ((rc = resolve(k, sel)))
		return rc;
	if (!(k->r = calloc(1, sizeof *k->r)))
		return RO_ENOMEM;
	if ((rc = ro_store_begin(st, false, 0)))
		return rc;
	rc = ro_store_site_count(st, &k->site_total, k->s->site_id);
	/* The count the progress goes to (a few summed rows), which also
	 * sizes the cache for the rows read in the list's order. */
	if (!rc)
		rc = ro_store_list_count(st, &k->expect, k->s->site_id,
		    &k->sel);
	if (!rc && !(rc = ro_store_tune_bulk(st, RO_WORK_LOOKUP, k->expect,
	    &tuning)))
		tuned = true;
	if (!rc && k->o->progress)
		rc = k->o->progress(k->o->progress_ctx, 0, k->expect) ?
		    RO_ECANCEL : 0;
	if (!rc)
		rc = ro_store_select_each(st, k->s->site_id, &k->sel, read_row,
		    k);
	ro_store_rollback(st);
	if (tuned)
		ro_store_tune_restore(st, &tuning);
	return rc;
}

/* --- the count, without reading the rows ---------------------------------- */

/* Whether the acting portfolio is in the selection (0 or 1). */
static int own_in(ro_task_ctx *k, ro_store *st, size_t *out)
{
	int64_t id = k->s->user_id;
	ro_selection one = k->sel;
	bool listed = false;

	*out = 0;
	for (size_t i = 0; i < one.nexcept; i++)
		if (one.except[i] == id)
			return 0;
	for (size_t i = 0; i < one.nonly; i++)
		listed = listed || one.only[i] == id;
	if (one.only && !listed)
		return 0;
	one.only = &id;
	one.nonly = 1;
	one.except = NULL;
	one.nexcept = 0;
	return ro_store_list_count(st, out, k->s->site_id, &one);
}

/* What classify() would make of the selection, summed: the selection's
 * count less the rows it skips, those counted from the partial index of
 * the SSO-linked and non-student portfolios (a few percent of a site),
 * and the acting portfolio looked up by itself. */
static int count_in(ro_task_ctx *k, ro_store *st, ro_task_preview *out)
{
	bool reset = k->o->kind == RO_TASK_RESET_PASSWORDS;
	bool staff = k->s->type == RO_TYPE_STAFF;
	ro_store_exempt ex;
	ro_store_row me;
	size_t own = 0, skips;
	int rc;

	if ((rc = ro_store_site_count(st, &out->site_total, k->s->site_id)) ||
	    (rc = ro_store_list_count(st, &out->selected, k->s->site_id,
	    &k->sel)) ||
	    (rc = ro_store_select_exempt(st, &ex, k->s->site_id, &k->sel)) ||
	    (rc = own_in(k, st, &own)))
		return rc;
	/* Skipped whatever the task: not a student, for staff. */
	skips = staff ? ex.not_student : 0;
	/* A reset skips the SSO-linked ones too (counted once). */
	if (reset)
		skips += ex.sso - (staff ? ex.both : 0);
	/* The acting portfolio, unless skipped already. */
	if (own) {
		memset(&me, 0, sizeof me);
		if ((rc = ro_store_portfolio_get(st, &me, k->s->user_id)))
			return rc;
		bool counted = (staff && me.p.type != RO_TYPE_STUDENT) ||
		    (reset && me.p.sso != RO_SSO_NONE);
		ro_store_row_clear(&me);
		skips += counted ? 0 : 1;
	}
	if (skips > out->selected)
		skips = out->selected;
	out->skips = skips;
	if (k->sel.inactive) {
		/* A reset skips every inactive one; deactivating finds them
		 * already so. */
		out->skips = reset ? out->selected : skips;
		out->unchanged = reset ? 0 : out->selected - skips;
		out->changes = 0;
	} else {
		out->changes = out->selected - skips;
	}
	return 0;
}

int ro_task_count(ro_task_ctx *k, const ro_selection *sel,
    ro_task_preview *out)
{
	ro_store *st = ro_db_store(k->s->db);
	int rc;

	memset(out, 0, sizeof *out);
	if (k->o->kind != RO_TASK_RESET_PASSWORDS &&
	    k->o->kind != RO_TASK_DEACTIVATE)
		return ro_error_set(RO_EINTERNAL, "only resets and deactivation "
		    "are counted without reading");
	if ((rc = resolve(k, sel)))
		return rc;
	if ((rc = ro_store_begin(st, false, 0)))
		return rc;
	rc = count_in(k, st, out);
	ro_store_rollback(st);
	k->site_total = out->site_total;
	return rc;
}
