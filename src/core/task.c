/* task.c — portfolio tasks as batches: who may run them, what they would
 * change (the preview and the blast-radius hold), and the run itself.
 *
 * A preview of the tasks that can hurt a site (reset, deactivate) counts
 * without reading rows (task_read.c); a run reads the selection in a read
 * transaction and classifies every row (change, already so, skipped and
 * why).  Passwords are generated and
 * hashed after that, on the worker pool, with no lock held; only then does
 * task_apply.c take the write lock, re-check every row's version and write
 * the whole batch in one transaction.  Mail goes out after the commit. */
#include "task_int.h"

#include <roster/hold.h>
#include <roster/outfile.h>
#include <roster/pool.h>
#include <roster/rules.h>
#include <roster/text.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
	const char *label;      /* the drop-down's words */
	const char *name;       /* the batch kind */
	const char *verb;       /* "passwords reset", for messages */
} kinds[RO_TASK__COUNT] = {
	[RO_TASK_RESET_PASSWORDS] = { "Reset Passwords", "reset-passwords",
	    "reset" },
	[RO_TASK_EXPORT] = { "Export for Upload", "export", "export" },
	[RO_TASK_MOVE_GROUP] = { "Move to Group", "move-group", "move" },
	[RO_TASK_SET_GRAD_YEAR] = { "Change Graduation Year", "set-grad-year",
	    "change" },
	[RO_TASK_DEACTIVATE] = { "Deactivate", "deactivate", "deactivate" },
	[RO_TASK_REACTIVATE] = { "Reactivate", "reactivate", "reactivate" },
};

const char *ro_task_label(ro_task_kind k)
{
	return (unsigned)k < RO_TASK__COUNT ? kinds[k].label : "?";
}

const char *ro_task_kind_name(ro_task_kind k)
{
	return (unsigned)k < RO_TASK__COUNT ? kinds[k].name : "?";
}

static void target_clear(ro_task_target *t)
{
	free(t->username);
	free(t->first);
	free(t->last);
	free(t->group);
	free(t->email);
}

void ro_task_result_free(ro_task_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nskips; i++)
		free(r->skips[i].username);
	free(r->skips);
	for (size_t i = 0; i < r->nslips; i++) {
		ro_slip *sl = &r->slips[i];
		if (sl->password) {
			explicit_bzero(sl->password, strlen(sl->password));
			free(sl->password);
		}
		free(sl->first);
		free(sl->last);
		free(sl->group);
		free(sl->username);
		free(sl->email);
	}
	free(r->slips);
	for (size_t i = 0; i < r->nnotify_failures; i++) {
		free(r->notify_failures[i].username);
		free(r->notify_failures[i].email);
		free(r->notify_failures[i].reason);
	}
	free(r->notify_failures);
	free(r->slips_file);
	free(r->slips_error);
	ro_task_google_clear(r);
	free(r);
}

static void ctx_clear(ro_task_ctx *k)
{
	for (size_t i = 0; i < k->nt; i++)
		target_clear(&k->t[i]);
	free(k->t);
	free(k->group_name);
	if (k->hashes) {
		explicit_bzero(k->hashes, k->nt * sizeof *k->hashes);
		free(k->hashes);
	}
	free(k->passwords);
}

/* --- checking the request ------------------------------------------------ */

static int check_opts(ro_task_ctx *k)
{
	const ro_task_opts *o = k->o;
	ro_session *s = k->s;
	int rc;

	if ((unsigned)o->kind >= RO_TASK__COUNT)
		return ro_error_set(RO_EINVAL, "unknown task");
	if (o->kind == RO_TASK_EXPORT)
		return ro_error_set(RO_EINVAL, "Export for Upload runs through "
		    "ro_export_run");
	if (s->type < RO_TYPE_STAFF)
		return ro_error_set(RO_EDENIED, "%s accounts may not run "
		    "portfolio tasks", ro_account_type_name(s->type));
	if (!s->site_id)
		return ro_session_no_site();
	if (o->kind == RO_TASK_RESET_PASSWORDS) {
		if (o->generate && o->password)
			return ro_error_set(RO_EINVAL, "a temporary password "
			    "is either given or generated, not both");
		if (o->slips && !o->generate)
			return ro_error_set(RO_EINVAL, "sign-in slips come with "
			    "generated passwords only");
		if (o->google_csv && (rc = ro_task_google_check(s->db, o)))
			return rc;
		/* Slips are never written over anything (outfile.h). */
		if (o->slips && (rc = ro_outfile_check(s->db, o->slips, 0)))
			return rc != RO_EEXISTS ? rc : ro_error_set(RO_EEXISTS,
			    "%s already exists; the slips go to a new file "
			    "(remove it or choose another name)", o->slips);
	}
	if (o->kind == RO_TASK_MOVE_GROUP) {
		if (!o->group || !*o->group)
			return ro_error_set(RO_EINVAL, "move to which group? "
			    "none was given");
		if ((rc = ro_store_group_find(ro_db_store(s->db), &k->group_id,
		    &k->group_name, s->site_id, o->group)))
			return rc;
	}
	if (o->kind == RO_TASK_SET_GRAD_YEAR && (o->year < RO_GRAD_YEAR_MIN ||
	    o->year > RO_GRAD_YEAR_MAX))
		return ro_error_set(RO_EINVAL, "the graduation year must be a "
		    "4-digit year between %d and %d", RO_GRAD_YEAR_MIN,
		    RO_GRAD_YEAR_MAX);
	return 0;
}

/* The password a reset gives, checked once there is something to reset. */
static int check_password(const ro_task_opts *o)
{
	ro_status st;

	if (o->generate)
		return 0;
	if (!o->password || !*o->password)
		return ro_error_set(RO_EINVAL, "a temporary password is needed "
		    "(given or generated)");
	if ((st = ro_rules_password(o->password)) != RO_ST_NONE)
		return ro_error_set(RO_EINVAL, "temporary password: %s",
		    ro_rules_message(st));
	return 0;
}

/* --- the hold -------------------------------------------------------------- */

/* The tasks that can hurt a site at once: the hold (hold.h) is theirs. */
static bool can_hurt(ro_task_kind kind)
{
	return kind == RO_TASK_RESET_PASSWORDS || kind == RO_TASK_DEACTIVATE;
}

static bool held(const ro_task_ctx *k, size_t changes)
{
	return can_hurt(k->o->kind) &&
	    ro_hold_rule(changes, k->site_total) != RO_HOLD_NONE;
}

static int check_hold(const ro_task_ctx *k, size_t changes)
{
	const ro_task_opts *o = k->o;
	ro_hold_ask h = { changes, k->site_total, k->s->site_name, o->confirm };

	/* A count typed for any task must be its count; only the tasks
	 * that can hurt are held without one. */
	if (!can_hurt(o->kind) && o->confirm < 0)
		return 0;
	return ro_hold_check(&h, "this would %s %zu %s", kinds[o->kind].verb,
	    changes, o->kind == RO_TASK_RESET_PASSWORDS ? "passwords" :
	    "portfolios");
}

int ro_task_preview_run(ro_task_preview *out, ro_session *s,
    const ro_selection *sel, const ro_task_opts *o)
{
	ro_task_ctx k = { .s = s, .o = o };
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = check_opts(&k)))
		return rc;
	/* The tasks the hold is for count without reading a row: the
	 * confirmation of a whole site shows at once. */
	if (can_hurt(o->kind)) {
		rc = ro_task_count(&k, sel, out);
		out->hold = !rc && held(&k, out->changes);
		ctx_clear(&k);
		return rc;
	}
	if (!(rc = ro_task_read(&k, sel))) {
		out->selected = k.r->selected;
		out->changes = k.nt;
		out->skips = k.r->nskips;
		out->unchanged = k.r->unchanged;
		out->hold = held(&k, k.nt);
		out->site_total = k.site_total;
	}
	ro_task_result_free(k.r);
	ctx_clear(&k);
	return rc;
}

/* --- the run ---------------------------------------------------------------- */

static void describe(ro_task_ctx *k, const ro_selection *sel)
{
	const ro_task_opts *o = k->o;
	char what[96] = "";
	char sel_text[96];
	size_t n;

	switch (o->kind) {
	case RO_TASK_RESET_PASSWORDS:
		snprintf(what, sizeof what, "%s%s%s", o->generate ?
		    "generated passwords" : "one temporary password",
		    o->reset_questions ? ", security questions" : "",
		    o->notify ? ", mailed" : "");
		break;
	case RO_TASK_MOVE_GROUP:
		snprintf(what, sizeof what, "to %s", k->group_name);
		break;
	case RO_TASK_SET_GRAD_YEAR:
		snprintf(what, sizeof what, "to %d", o->year);
		break;
	default:
		break;
	}
	n = (size_t)snprintf(sel_text, sizeof sel_text, "%s%s%s%s",
	    ro_mode_label(sel->mode), sel->mode == RO_MODE_ALL ? "" : ": ",
	    sel->mode == RO_MODE_ALL || !sel->arg ? "" : sel->arg,
	    k->sel.inactive ? ", inactive" : "");
	if (sel->only && n < sizeof sel_text)
		snprintf(sel_text + n, sizeof sel_text - n, ", %zu picked",
		    sel->nonly);
	/* A long group name or prefix is cut on a character, not inside
	 * one (a batch list showed U+FFFD where an "é" was split). */
	ro_text_cut_partial(what);
	ro_text_cut_partial(sel_text);
	snprintf(k->detail, sizeof k->detail, "%s%s(%s)", what, *what ? " " :
	    "", sel_text);
	ro_text_cut_partial(k->detail);
}

int ro_task_run(ro_task_result **out, ro_session *s, const ro_selection *sel,
    const ro_task_opts *o)
{
	ro_task_ctx k = { .s = s, .o = o };
	ro_slips_out so = { NULL, NULL, false, false };
	ro_slips_out go = { NULL, NULL, false, false };
	bool slips_ready = false, google_ready = false;
	double t0 = ro_trace_now(), t1;
	int rc;

	*out = NULL;
	if ((rc = check_opts(&k)))
		goto fail;
	/* The hold first, from the counts: a refusal comes at once, not
	 * after reading a million rows.  Checked again on what was read
	 * (the rows may have changed in between). */
	if (can_hurt(o->kind)) {
		ro_task_preview pv;
		if ((rc = ro_task_count(&k, sel, &pv)) ||
		    (rc = check_hold(&k, pv.changes)))
			goto fail;
	}
	if ((rc = ro_task_read(&k, sel)) || (rc = check_hold(&k, k.nt)))
		goto fail;
	ro_trace("task: count and read %zu rows %.0f ms", k.r->selected,
	    (t1 = ro_trace_now()) - t0);
	if (k.nt == 0)
		goto done;
	if (o->kind == RO_TASK_RESET_PASSWORDS) {
		if ((rc = check_password(o)))
			goto fail;
		if (o->generate && (rc = ro_task_make_slips(&k)))
			goto fail;
		/* The slips file before the long hashing: a directory that
		 * cannot take it fails now, not minutes later. */
		if (o->slips) {
			if ((rc = ro_slips_prepare(&so, o->slips, k.r->slips,
			    k.r->nslips, s->site_name, &o->slips_style)))
				goto fail;
			slips_ready = true;
		}
		if (o->google_csv) {
			if ((rc = ro_task_google_prepare(&k, &go)))
				goto fail;
			google_ready = true;
		}
		if ((rc = ro_task_hash_passwords(&k)))
			goto fail;
	}
	describe(&k, sel);
	ro_trace("task: passwords %.0f ms", ro_trace_now() - t1);
	t1 = ro_trace_now();
	if ((rc = ro_task_apply(&k, &k.r->batch_id)))
		goto fail;
	ro_trace("task: write %zu %.0f ms", k.nt, ro_trace_now() - t1);
	k.r->changed = k.nt;
	if (slips_ready) {
		/* The batch has landed: slips that cannot be renamed into
		 * place stay in the temporary file, and the result says so. */
		if (ro_slips_publish(&so) == 0) {
			k.r->slips_file = so.path;
			so.path = NULL;
		} else {
			k.r->slips_error = strdup(ro_error_last());
			k.r->slips_file = so.tmp;
			so.tmp = NULL;
		}
		ro_slips_discard(&so);
	}
	if (google_ready)
		ro_task_google_publish(&k, &go);
	if (o->kind == RO_TASK_RESET_PASSWORDS && o->notify)
		ro_task_notify(&k);
done:
	/* The hashes and the plaintext pointers are no longer needed; the
	 * generated passwords stay in the slips until the result is freed. */
	*out = k.r;
	k.r = NULL;
	ctx_clear(&k);
	return 0;
fail:
	ro_slips_discard(&so);
	ro_slips_discard(&go);
	ro_task_result_free(k.r);
	ctx_clear(&k);
	return rc;
}
