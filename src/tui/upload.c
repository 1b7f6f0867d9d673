/* upload.c — Create and Update Portfolios: Choose File (a path field with
 * Tab completion, or the directory browser), [x] Trial run, Upload
 * Portfolios; and the work that trial-runs or uploads a file. */
#include "screens.h"
#include "form.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <roster/error.h>
#include <roster/hold.h>

enum { F_INTRO, T_FILE, B_CHOOSE, C_TRIAL, B_UPLOAD, F__N };
enum { ACT_CHOOSE = 1, ACT_UPLOAD };

typedef struct upload {
	ui_screen base;
	fw_field f[F__N];
	form fm;
	char *path;              /* expanded, for the work */
} upload;

static const char help[] =
    "Create and Update Portfolios\n\n"
    "Upload an Export for Upload file (XLSX or CSV) that you edited: new "
    "rows (no Portfolio ID) create portfolios, the others update "
    "usernames, permanent passwords, names, years, groups and emails.\n\n"
    "With Trial run ticked (the default), nothing is written: the diff "
    "screen shows, row by row, what would change and which rows have "
    "errors (bold red status codes).  Fix the file, save it and run the "
    "trial again as often as needed; Upload from the diff screen when no "
    "row has an error.  The upload applies the very plan the trial run "
    "showed, all at once, or nothing if the file or the portfolios "
    "changed since.\n\n"
    "Keys\n"
    "  Tab in the file field   complete the file name (several: listed)\n"
    "  Tab, Shift-Tab, ↑ ↓     move between fields\n"
    "  Space                   tick Trial run; press a button\n"
    "  Enter                   Upload Portfolios (from the file field too)\n"
    "  Esc                     back to Home\n";

/* --- Tab completion ---------------------------------------------------------- */

/* The names Tab found when they share nothing more to complete (a
 * shell lists them): shown as the notice by the key handler. */
static char tab_matches[200];

/* The typed path as a glob(3) pattern that matches what begins with it:
 * its own *?[\ escaped, then "*". */
static char *prefix_pattern(const char *path)
{
	char *pat = malloc(strlen(path) * 2 + 2), *o = pat;

	if (pat == NULL)
		return NULL;
	for (; *path; path++) {
		if (strchr("*?[\\", *path))
			*o++ = '\\';
		*o++ = *path;
	}
	strcpy(o, "*");
	return pat;
}

static bool complete_path(fw_field *f)
{
	char *full = ui_expand_home(f->text), *pat;
	const char *home = getenv("HOME"), *slash;
	char common[FW_TEXT_MAX * 2] = "";
	size_t nmatch = 0, dirlen;
	bool changed = false;
	glob_t g;

	tab_matches[0] = '\0';
	if (full == NULL)
		return false;
	slash = strrchr(full, '/');
	dirlen = slash ? (size_t)(slash - full) + 1 : 0;
	pat = prefix_pattern(full);
	memset(&g, 0, sizeof g);
	/* GLOB_MARK: a folder ends in "/", as the completion then does.
	 * Hidden names only when the typed name starts with a dot, as a
	 * shell's "*" does. */
	if (pat != NULL && glob(pat, GLOB_MARK, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++) {
			const char *m = g.gl_pathv[i], *name = m + dirlen;

			if (strcmp(name, "./") == 0 || strcmp(name, "../") == 0)
				continue;
			if (nmatch < 12 && strlen(tab_matches) + strlen(name) +
			    12 < sizeof tab_matches) {
				strcat(tab_matches, nmatch ? "  " : "Matches: ");
				strcat(tab_matches, name);
			}
			if (nmatch++ == 0) {
				snprintf(common, sizeof common, "%s", m);
			} else {
				size_t k = 0;

				while (common[k] && common[k] == m[k])
					k++;
				common[k] = '\0';
			}
		}
	}
	if (nmatch > 0 && strlen(common) > strlen(full)) {
		char out[FW_TEXT_MAX * 2];
		size_t hl = home ? strlen(home) : 0;

		snprintf(out, sizeof out, "%s", common);
		/* Keep the ~ the user typed. */
		if (f->text[0] == '~' && home && strncmp(out, home, hl) == 0) {
			char tilde[FW_TEXT_MAX * 2];

			snprintf(tilde, sizeof tilde, "~%s", out + hl);
			snprintf(out, sizeof out, "%s", tilde);
		}
		if (strlen(out) < sizeof f->text && strcmp(out, f->text) != 0) {
			form_set_text(f, out);
			changed = true;
		}
	}
	if (nmatch > 1 && !changed) {
		/* Several, nothing more in common: list them, stay here. */
		if (nmatch > 12 && strlen(tab_matches) + 8 < sizeof tab_matches)
			strcat(tab_matches, "  …");
		changed = true;
	} else {
		tab_matches[0] = '\0';
	}
	globfree(&g);
	free(pat);
	free(full);
	return changed;
}

/* --- the work ---------------------------------------------------------------- */

static void run_free(void *data)
{
	upload_run *u = data;

	ro_plan_free(u->plan);
	free(u->path);
	free(u);
}

static int run_fn(job *j, ro_progress_fn progress, void *ctx)
{
	upload_run *u = job_data(j);
	ui_app *app = job_app(j);

	if (u->trial)
		u->rc = ro_plan_trial_run_progress(&u->plan, app->session,
		    u->path, RO_SHEET_AUTO, progress, ctx);
	else
		u->rc = ro_plan_upload(&u->plan, app->session, u->path,
		    RO_SHEET_AUTO, u->expect[0] ? u->expect : NULL, u->confirm,
		    progress, ctx);
	return u->rc;
}

static ui_screen *run_done(job *j, int rc)
{
	upload_run *u = job_data(j);
	ui_app *app = job_app(j);
	ui_screen *next;
	char summary[1024];

	if (rc != 0 || u->plan == NULL || (u->trial && u->in_place))
		return NULL;        /* the pusher shows it (upload_run_of) */
	if (u->trial) {
		next = plan_new(app, u->plan, NULL);
		u->plan = NULL;
		return next;
	}
	snprintf(summary, sizeof summary,
	    "Uploaded: %zu portfolio%s created, %zu updated, %zu unchanged.\n\n"
	    "File: %s\n\nBatch %lld: b opens Batches, where it can be undone.",
	    u->plan->summary.new_rows, u->plan->summary.new_rows == 1 ? "" : "s",
	    u->plan->summary.update,
	    u->plan->summary.same, ui_sane(u->path), (long long)u->plan->batch_id);
	next = result_new(app, "Upload Portfolios", summary, NULL);
	if (next != NULL)
		next->tag = TAG_UPLOADED;
	return next;
}

void upload_start(ui_app *app, const char *path, bool trial,
    bool in_place, const char *expect, long confirm)
{
	upload_run *u = calloc(1, sizeof *u);
	char what[600];

	if (u == NULL || (u->path = strdup(path)) == NULL) {
		free(u);
		ui_notice(app, UI_ERROR, "out of memory");
		return;
	}
	u->trial = trial;
	u->in_place = in_place;
	u->confirm = confirm;
	snprintf(u->expect, sizeof u->expect, "%s", expect ? expect : "");
	snprintf(what, sizeof what, "%s %s…", trial ? "Trial run of" :
	    "Uploading", path);
	ui_push(app, job_new(app, trial ? "Trial run" : "Upload Portfolios",
	    what, run_fn, run_done, u, run_free));
}

upload_run *upload_run_of(ui_screen *child)
{
	job *j = job_of(child);

	return j ? job_data(j) : NULL;
}

void upload_explain(ui_app *app, int rc, const char *path)
{
	char text[1024];

	switch (rc) {
	case RO_EIO:
		snprintf(text, sizeof text, "The file %s could not be read:\n\n%s"
		    "\n\nCheck the name and that you may read it.", ui_sane(path),
		    ui_sane(ro_error_last()));
		break;
	case RO_EFORMAT:
		snprintf(text, sizeof text, "%s is not a CSV or XLSX file or "
		    "a OneRoster bundle that roster can read:\n\n%s\n\nSave it "
		    "from your spreadsheet program as Excel (.xlsx) or CSV (.csv) "
		    "and try again.", ui_sane(path), ui_sane(ro_error_last()));
		break;
	case RO_ECANCEL:
		snprintf(text, sizeof text, "Cancelled.  Nothing was changed.");
		break;
	case RO_EBUSY:
		snprintf(text, sizeof text, "The database is busy (another upload "
		    "or task is running).  Nothing was changed; try again in a "
		    "moment.\n\n%s", ui_sane(ro_error_last()));
		break;
	default:
		snprintf(text, sizeof text, "Nothing was changed.\n\n%s",
		    ui_sane(ro_error_last()));
		break;
	}
	ui_push(app, msg_ok(app, "Create and Update Portfolios", text));
}

const char *upload_notice(int rc)
{
	return rc == RO_ECONFLICT ? "The file or the portfolios changed since "
	    "the trial run: nothing was uploaded.  This is the new trial run." :
	    rc == RO_EROWS ? "Nothing was uploaded: rows have errors." : "";
}

ui_screen *upload_hold_ask(ui_app *app, const ro_plan *p, bool again)
{
	char text[512];

	snprintf(text, sizeof text, "%sThis upload changes the passwords or "
	    "usernames of %zu of the site's %zu portfolios.  Type %zu to go "
	    "ahead:", again ? "That was not the count: nothing was uploaded.  "
	    : "", p->credential_changes, p->site_total, p->credential_changes);
	return ask_new(app, "Upload Portfolios", text, false);
}

/* --- the screen ---------------------------------------------------------------- */

static void upload_layout(ui_screen *s, int lines, int cols)
{
	upload *u = (upload *)s;

	(void)lines;
	u->fm.y = 2;
	u->fm.x = cols > 100 ? (cols - 84) / 2 : 2;
	u->f[T_FILE].width = cols - u->fm.x - 12;
}

static void upload_draw(ui_screen *s, WINDOW *w)
{
	upload *u = (upload *)s;
	char names[256], text[512];
	ui_lines ls = { 0 };
	int width = s->app->cols - u->fm.x - 1;

	form_draw(&u->fm, w, s->app, true);
	/* The header as the engine names it, on three short lines. */
	ro_upload_headers_list(names, sizeof names);
	snprintf(text, sizeof text, "The first row must be the Export for "
	    "Upload header: %s.  Or a OneRoster bundle: a folder or a .zip.",
	    names);
	ui_lines_wrap(&ls, text, width < 68 ? width : 68);
	for (size_t i = 0; i < ls.n; i++)
		ui_text(w, u->fm.y + 11 + (int)i, u->fm.x, width, UI_DIM,
		    ls.line[i]);
	ui_lines_free(&ls);
}

/* The answers to this screen's dialogs. */
static int browse_answered(ui_screen *s, ui_screen *d)
{
	upload *u = (upload *)s;

	if (d->result == 1) {
		form_set_text(&u->f[T_FILE], browse_path(d));
		form_focus(&u->fm, B_UPLOAD);
	}
	return UI_HANDLED;
}

static int upload_answered(ui_screen *s, ui_screen *d)
{
	if (d->result == 0)
		upload_start(s->app, ((upload *)s)->path, false, false, NULL, -1);
	return UI_HANDLED;
}

static int hold_answered(ui_screen *s, ui_screen *d)
{
	long n;

	if (d->result != 1)
		return UI_HANDLED;
	if (ro_confirm_parse(ask_text(d), &n))
		ui_notice(s->app, UI_ERROR, "Nothing was uploaded: type the "
		    "count.");
	else
		upload_start(s->app, ((upload *)s)->path, false, false, NULL,
		    n);
	return UI_HANDLED;
}

static void go(upload *u)
{
	ui_app *app = u->base.app;

	if (u->f[T_FILE].text[0] == '\0') {
		ui_notice(app, UI_ERROR, "Choose a file first (Tab completes, "
		    "Choose File browses).");
		form_focus(&u->fm, T_FILE);
		return;
	}
	free(u->path);
	u->path = ui_expand_home(u->f[T_FILE].text);
	if (u->path == NULL)
		return;
	if (u->f[C_TRIAL].on) {
		upload_start(app, u->path, true, false, NULL, -1);
		return;
	}
	static const char *const buttons[] = { "Upload Portfolios", "Cancel" };
	ui_ask(app, msg_new(app, "Upload Portfolios", "Upload without a "
	    "trial run?\n\nEvery row is checked first: if any row has an error, "
	    "nothing is applied and the rows with errors are shown.", buttons, 2),
	    upload_answered);
}

static int upload_key(ui_screen *s, int ch)
{
	upload *u = (upload *)s;
	int action = 0;
	int r;

	if (ch == '\n' && u->fm.focus == T_FILE) {
		go(u);
		return UI_HANDLED;
	}
	if (ch == K(KEY_MOUSE))
		r = form_mouse(&u->fm, &s->app->mouse, &action);
	else
		r = form_key(&u->fm, ch, &action);
	if (tab_matches[0] != '\0') {
		ui_notice(s->app, UI_WARN, "%s", tab_matches);
		tab_matches[0] = '\0';
	}
	if (r == FORM_IGNORED)
		return UI_IGNORED;
	if (r == FORM_PRESSED && action == ACT_CHOOSE) {
		/* Empty: the home folder, where exports go by default. */
		ui_ask(s->app, browse_new(s->app, u->f[T_FILE].text[0] ?
		    u->f[T_FILE].text : "~/"), browse_answered);
	} else if (r == FORM_PRESSED && action == ACT_UPLOAD) {
		go(u);
	}
	return UI_HANDLED;
}

/* After an upload job that did not land (shared with the diff screen). */
static void after_upload(upload *u, upload_run *run)
{
	ui_app *app = u->base.app;

	if ((run->rc == RO_EROWS || run->rc == RO_ECONFLICT) && run->plan) {
		ui_push(app, plan_new(app, run->plan, upload_notice(run->rc)));
		run->plan = NULL;
	} else if (run->rc == RO_EHOLD && run->plan) {
		ui_ask(app, upload_hold_ask(app, run->plan, run->confirm >= 0),
		    hold_answered);
	} else {
		upload_explain(app, run->rc, run->path);
	}
}

static int upload_child_closed(ui_screen *s, ui_screen *child)
{
	upload *u = (upload *)s;
	upload_run *run = upload_run_of(child);

	if (run != NULL) {
		after_upload(u, run);
		return UI_HANDLED;
	}
	return UI_HANDLED;
}

static void upload_free(ui_screen *s)
{
	upload *u = (upload *)s;

	free(u->path);
	free(u);
}

static const ui_screen_ops upload_ops = {
	.name = "upload", .layout = upload_layout, .draw = upload_draw,
	.key = upload_key, .child_closed = upload_child_closed,
	.free = upload_free,
};

ui_screen *upload_new(ui_app *app)
{
	upload *u = calloc(1, sizeof *u);

	if (u == NULL)
		return NULL;
	u->base.ops = &upload_ops;
	u->base.app = app;
	u->base.title = "Create and Update Portfolios";
	u->base.keyhelp = "Tab complete/next  Enter Upload Portfolios  F1 help"
	    "  Esc back";
	u->base.help = help;
	u->f[F_INTRO] = (fw_field){ .kind = FW_LABEL, .role = UI_HEAD,
	    .label = "Upload an Export for Upload file (XLSX or CSV)" };
	u->f[T_FILE] = (fw_field){ .kind = FW_TEXT, .row = 2, .label = "File",
	    .label_w = 6, .width = 60, .complete = complete_path };
	u->f[B_CHOOSE] = (fw_field){ .kind = FW_BUTTON, .row = 4, .col = 6,
	    .label = "Choose File", .action = ACT_CHOOSE };
	u->f[C_TRIAL] = (fw_field){ .kind = FW_CHECK, .row = 6, .col = 6,
	    .label = "Trial run", .on = true };
	u->f[B_UPLOAD] = (fw_field){ .kind = FW_BUTTON, .row = 8, .col = 6,
	    .label = "Upload Portfolios", .action = ACT_UPLOAD };
	form_init(&u->fm, u->f, F__N, 0, 0);
	return &u->base;
}
