/* task_run.c — running a portfolio task: the form's values as options,
 * what would change (the confirmation states how many, and the typed
 * count of the blast-radius hold), then the work behind a progress bar and
 * the result. */
#include "task_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <roster/error.h>
#include <roster/export.h>
#include <roster/outfile.h>
#include <roster/rules.h>

const char *task_go_label(ro_task_kind k)
{
	static const char *const labels[RO_TASK__COUNT] = {
		[RO_TASK_RESET_PASSWORDS] = "Reset",
		[RO_TASK_EXPORT] = "Export",
		[RO_TASK_MOVE_GROUP] = "Move",
		[RO_TASK_SET_GRAD_YEAR] = "Change",
		[RO_TASK_DEACTIVATE] = "Deactivate",
		[RO_TASK_REACTIVATE] = "Reactivate",
	};
	return labels[k];
}

/* --- running --------------------------------------------------------------- */

static int run_fn(job *j, ro_progress_fn progress, void *ctx)
{
	task *t = job_data(j);
	ui_app *app = job_app(j);

	if (t->kind == RO_TASK_EXPORT)
		return ro_export_run(&t->exported, app->session, &t->sel, t->path,
		    t->f[R_CSV].on ? RO_SHEET_CSV : RO_SHEET_XLSX, t->write_flags,
		    progress, ctx);
	t->opts.progress = progress;
	t->opts.progress_ctx = ctx;
	return ro_task_run(&t->result, app->session, &t->sel, &t->opts);
}

static ui_screen *run_done(job *j, int rc)
{
	task *t = job_data(j);
	ui_app *app = job_app(j);
	char summary[1024];
	ui_screen *next;

	explicit_bzero(t->f[T_PASS].text, sizeof t->f[T_PASS].text);
	explicit_bzero(t->f[T_PASS2].text, sizeof t->f[T_PASS2].text);
	if (rc == RO_ECANCEL) {
		next = msg_ok(app, t->title, "Cancelled.  Nothing was changed.");
	} else if (rc < 0) {
		char msg[512];

		snprintf(msg, sizeof msg, "%s: nothing was changed.\n\n%s",
		    t->title, ui_sane(ro_error_last()));
		next = msg_ok(app, t->title, msg);
	} else if (t->kind == RO_TASK_EXPORT) {
		char hint[8192];
		size_t n = (size_t)snprintf(summary, sizeof summary,
		    "Exported %zu portfolio%s to\n%s\n\nEdit usernames and set "
		    "permanent passwords in it, then use Create and Update "
		    "Portfolios to upload it.", t->exported,
		    t->exported == 1 ? "" : "s", ui_sane(t->path));

		/* Over SSH the file is on this server, not on the computer
		 * in front of the admin: the one command that copies it. */
		if (ui_scp_hint(hint, sizeof hint, t->path, false) &&
		    n < sizeof summary)
			snprintf(summary + n, sizeof summary - n, "\n\nThe file "
			    "is on this server.  To copy it to your computer, "
			    "run this there:\n%s", ui_sane(hint));
		next = result_new(app, t->title, summary, NULL);
	} else {
		ro_task_result *r = t->result;
		size_t n = 0;

		n += (size_t)snprintf(summary + n, sizeof summary - n,
		    "%s: %zu of %zu selected portfolios changed",
		    t->title, r->changed, r->selected);
		if (r->unchanged)
			n += (size_t)snprintf(summary + n, sizeof summary - n,
			    ", %zu already so", r->unchanged);
		n += (size_t)snprintf(summary + n, sizeof summary - n,
		    ", %zu skipped.", r->nskips);
		if (r->batch_id)
			n += (size_t)snprintf(summary + n, sizeof summary - n,
			    "  Batch %lld: b opens Batches, where it can be "
			    "undone.", (long long)r->batch_id);
		if (r->slips_file != NULL && n < sizeof summary)
			n += (size_t)snprintf(summary + n, sizeof summary - n,
			    "\nSign-in slips for %zu portfolios written to %s "
			    "(readable only by you): print them, then delete the "
			    "file.", r->nslips, ui_sane(r->slips_file));
		if (r->slips_file != NULL && n < sizeof summary) {
			char hint[600];

			/* Over SSH the file is on the server, not where the
			 * printer is: the one command that fetches it. */
			if (ui_scp_hint(hint, sizeof hint, r->slips_file, false))
				n += (size_t)snprintf(summary + n,
				    sizeof summary - n, "\nTo copy it to your "
				    "computer, run there:\n  %s", ui_sane(hint));
		}
		if (r->slips_error != NULL && n < sizeof summary)
			n += (size_t)snprintf(summary + n, sizeof summary - n,
			    "\nThe slips could not be put in place: %s",
			    ui_sane(r->slips_error));
		/* What was done and what was not, apart: the passwords of
		 * the portfolios whose mail failed did change. */
		if (t->opts.notify && n < sizeof summary)
			n += (size_t)snprintf(summary + n, sizeof summary - n,
			    "\nMail sent to %zu portfolio%s.", r->notified,
			    r->notified == 1 ? "" : "s");
		if (t->opts.notify && n < sizeof summary &&
		    r->nnotify_failures + r->no_email > 0)
			snprintf(summary + n, sizeof summary - n,
			    "\nNot mailed: %zu (the mailer refused: listed "
			    "below) and %zu without an email address.  Their "
			    "passwords did change: give them the new one another "
			    "way.", r->nnotify_failures, r->no_email);
		next = result_new(app, t->title, summary, r);
		t->result = NULL;
	}
	if (next != NULL)
		next->tag = rc == 0 ? TAG_DONE : TAG_FAIL;
	return next;
}

void task_start(task *t)
{
	ui_app *app = t->base.app;
	char what[256];

	/* The count the progress counts: those that will change (the
	 * preview's), not those selected (some are skipped). */
	size_t n = t->kind != RO_TASK_EXPORT && t->pv.changes ? t->pv.changes :
	    t->count;

	snprintf(what, sizeof what, "%s: %zu portfolio%s…", t->title, n,
	    n == 1 ? "" : "s");
	ui_push(app, job_new(app, t->title, what, run_fn, run_done, t, NULL));
}

/* Checks the form and fills opts; false with t->error set. */
static bool gather(task *t)
{
	ro_task_opts *o = &t->opts;
	const char *pathf = NULL;

	memset(o, 0, sizeof *o);
	o->kind = t->kind;
	o->confirm = -1;
	t->error[0] = '\0';
	t->write_flags = 0;    /* replacing is asked for each time */
	switch (t->kind) {
	case RO_TASK_RESET_PASSWORDS:
		o->generate = t->f[R_GEN].on;
		o->reset_questions = t->f[C_SQ].on;
		o->notify = t->f[C_NOTIFY].on;
		if (o->generate) {
			pathf = t->f[T_SLIPS].text;
			break;
		}
		o->slips = NULL;
		if (ro_rules_password(t->f[T_PASS].text) != RO_ST_NONE) {
			snprintf(t->error, sizeof t->error, "%s",
			    ro_rules_message(ro_rules_password(t->f[T_PASS].text)));
			form_focus(&t->fm, T_PASS);
			return false;
		}
		if (strcmp(t->f[T_PASS].text, t->f[T_PASS2].text) != 0) {
			snprintf(t->error, sizeof t->error,
			    "The two passwords differ: type the same one twice.");
			form_focus(&t->fm, T_PASS2);
			return false;
		}
		o->password = t->f[T_PASS].text;
		break;
	case RO_TASK_EXPORT:
		pathf = t->f[T_PATH].text;
		break;
	case RO_TASK_MOVE_GROUP:
		if (t->groups == NULL || t->groups->n == 0) {
			snprintf(t->error, sizeof t->error,
			    "The site has no groups yet (Home → Groups).");
			return false;
		}
		if (t->f[P_GROUP].sel == 0) {
			snprintf(t->error, sizeof t->error,
			    "Choose the group to move the portfolios to.");
			form_focus(&t->fm, P_GROUP);
			return false;
		}
		o->group = t->group_names[t->f[P_GROUP].sel];
		break;
	case RO_TASK_SET_GRAD_YEAR: {
		/* Spaces around it are trimmed, as the upload trims a cell. */
		ro_rules_trim(t->f[T_YEAR].text);
		t->f[T_YEAR].pos = strlen(t->f[T_YEAR].text);
		ro_status st = ro_rules_grad_year(&o->year, t->f[T_YEAR].text);

		if (st != RO_ST_NONE) {
			snprintf(t->error, sizeof t->error, "%s",
			    ro_rules_message(st));
			form_focus(&t->fm, T_YEAR);
			return false;
		}
		break;
	}
	default:
		break;
	}
	if (pathf != NULL) {
		if (pathf[0] == '\0') {
			snprintf(t->error, sizeof t->error, "Type a file name.");
			return false;
		}
		/* The name decides the export's format: out.txt written as
		 * XLSX would open as garbage. */
		if (t->kind == RO_TASK_EXPORT) {
			const char *dot = strrchr(pathf, '.');

			if (dot && strcasecmp(dot, ".csv") == 0)
				t->f[R_CSV].on = true, t->f[R_XLSX].on = false;
			else if (dot && strcasecmp(dot, ".xlsx") == 0)
				t->f[R_XLSX].on = true, t->f[R_CSV].on = false;
			else {
				snprintf(t->error, sizeof t->error, "The file name "
				    "must end in .xlsx or .csv: it decides the "
				    "format.");
				form_focus(&t->fm, T_PATH);
				return false;
			}
		}
		free(t->path);
		t->path = ui_expand_home(pathf);
		if (t->kind == RO_TASK_RESET_PASSWORDS)
			o->slips = t->path;
	}
	return true;
}

static int preview_fn(job *j, ro_progress_fn progress, void *ctx)
{
	task *t = job_data(j);

	(void)progress;
	(void)ctx;
	return ro_task_preview_run(&t->pv, job_app(j)->session, &t->sel,
	    &t->opts);
}

/* The confirmation (or the typed count, or "nothing would change")
 * replaces the "Checking…" screen, over the task form. */
static ui_screen *preview_done(job *j, int rc)
{
	task *t = job_data(j);
	ui_app *app = job_app(j);
	const ro_task_preview *pv = &t->pv;
	char text[768];
	ui_screen *d;

	if (rc < 0) {
		snprintf(text, sizeof text, "%s", ui_sane(ro_error_last()));
		return msg_ok(app, t->title, text);
	}
	if (pv->changes == 0) {
		snprintf(text, sizeof text, "None of the %zu selected portfolios "
		    "would change: %zu already so, %zu skipped (linked to "
		    "Clever/ClassLink, inactive, or not yours to change).",
		    pv->selected, pv->unchanged, pv->skips);
		return msg_ok(app, t->title, text);
	}
	if (pv->hold) {
		snprintf(text, sizeof text, "This changes %zu of the site's %zu "
		    "portfolios.  Type %zu to go ahead:", pv->changes,
		    pv->site_total, pv->changes);
		d = ask_new(app, t->title, text, false);
		if (d != NULL)
			d->tag = TAG_HOLD;
		return d;
	}
	size_t n = (size_t)snprintf(text, sizeof text, "%s: %zu portfolio%s "
	    "will change.", t->title, pv->changes, pv->changes == 1 ? "" : "s");

	/* Say where to: the group or year chosen, not only how many. */
	if (t->kind == RO_TASK_MOVE_GROUP && t->opts.group != NULL)
		n = (size_t)snprintf(text, sizeof text, "Move to Group: %zu "
		    "portfolio%s will move to %s.", pv->changes,
		    pv->changes == 1 ? "" : "s", t->opts.group);
	else if (t->kind == RO_TASK_SET_GRAD_YEAR)
		n = (size_t)snprintf(text, sizeof text, "Change Graduation Year: "
		    "%zu portfolio%s will get %d.", pv->changes,
		    pv->changes == 1 ? "" : "s", t->opts.year);

	if (pv->unchanged && n < sizeof text)
		n += (size_t)snprintf(text + n, sizeof text - n, "\n%zu already "
		    "so.", pv->unchanged);
	if (pv->skips && n < sizeof text)
		snprintf(text + n, sizeof text - n, "\n%zu skipped (linked to "
		    "Clever/ClassLink, inactive, or not yours to change): the "
		    "result lists them.", pv->skips);
	const char *buttons[] = { task_go_label(t->kind), "Cancel" };

	d = msg_new(app, t->title, text, buttons, 2);
	if (d != NULL)
		d->tag = TAG_CONFIRM;
	return d;
}

/* An export never replaces a file unasked: a file at the path brings
 * the question (save under the next free name, the first button, or
 * replace); what may never be written (a folder, the database…) is the
 * form's error.  True when the export may go ahead as it is. */
static bool export_target_ok(task *t)
{
	ui_app *app = t->base.app;
	char alt[4096], text[1024];
	static const char *const buttons[] = { "Save as new name", "Replace",
		"Cancel" };
	ui_screen *d;
	int rc = ro_outfile_check(app->db, t->path, t->write_flags);

	if (rc == 0)
		return true;
	if (rc != RO_EEXISTS || ro_outfile_free_name(alt, sizeof alt,
	    t->path) != 0) {
		ui_sanitize(t->error, sizeof t->error, ro_error_last());
		form_focus(&t->fm, T_PATH);
		return false;
	}
	free(t->alt_path);
	if (!(t->alt_path = strdup(alt)))
		return false;
	snprintf(text, sizeof text, "%s already exists, and may hold your "
	    "edits.\n\nSave the export as %s instead, or replace the file?",
	    ui_sane(t->path), ui_sane(alt));
	d = msg_new(app, t->title, text, buttons, 3);
	if (d != NULL)
		d->tag = TAG_EXISTS;
	ui_push(app, d);
	return false;
}

void task_exists_answer(task *t, int result)
{
	if (result == 0 && t->alt_path) {
		const char *home = getenv("HOME");
		size_t hl = home ? strlen(home) : 0;

		free(t->path);
		t->path = t->alt_path;
		t->alt_path = NULL;
		/* The field shows the name used, with the ~ it had. */
		if (hl && strncmp(t->path, home, hl) == 0 &&
		    t->path[hl] == '/' && t->f[T_PATH].text[0] == '~') {
			char shown[FW_TEXT_MAX + 8];

			snprintf(shown, sizeof shown, "~%s", t->path + hl);
			form_set_text(&t->f[T_PATH], shown);
		} else {
			form_set_text(&t->f[T_PATH], t->path);
		}
		task_start(t);
	} else if (result == 1) {
		t->write_flags = RO_WRITE_REPLACE;
		task_start(t);
	}
}

void task_go(task *t)
{
	ui_app *app = t->base.app;
	char what[160];

	if (!gather(t))
		return;
	if (t->kind == RO_TASK_EXPORT) {
		if (export_target_ok(t))
			task_start(t);
		return;
	}
	/* A million portfolios take the engine seconds to classify: show
	 * that something is happening. */
	snprintf(what, sizeof what, "Checking what would change for %zu "
	    "portfolios…", t->count);
	ui_push(app, job_new(app, t->title, what, preview_fn, preview_done, t,
	    NULL));
}
