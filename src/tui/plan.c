/* plan.c — the trial-run diff screen: renders an ro_plan (the same value
 * `roster import --format json` prints): summary counts, one list row per
 * file row with its status (errors bold red, warnings yellow) and the
 * changed fields old → new; `e` shows only rows with errors, Enter a
 * row's detail, `?` the status code legend.  Upload is offered only when
 * no row has an error, and sends the trial run's fingerprint so that the
 * engine refuses if anything changed since (the new diff then shows). */
#include "screens.h"
#include "form.h"
#include "listw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <roster/error.h>
#include <roster/hold.h>

enum { B_UPLOAD, B_AGAIN, F__N };
enum { ACT_UPLOAD = 1, ACT_AGAIN };

typedef struct plan {
	ui_screen base;
	ro_plan *p;
	char notice[512];
	bool errors_only;
	size_t *idx;             /* rows shown: indexes of p's rows */
	size_t nidx;
	int numw;                /* the Row column: the widest row number */
	listw list;
	fw_field f[F__N];
	form bar;
	char *path;
} plan;

static const char help[] =
    "Trial run\n\n"
    "Nothing has been written.  Each row of the file has one status: NEW "
    "(a portfolio will be created: its name, group, year and type show), "
    "UPD (it will be updated: the changed fields show old → new; a "
    "password shows only as \"changed\": it is never compared with the "
    "stored one, so leave the cell blank to keep it), SAME (nothing to "
    "change; \"created by batch N\" for a row without an ID that an "
    "earlier upload created), or its first error code in bold red; \"+2\" "
    "says the row has two more codes or warnings.  The pane below the "
    "list shows every code, warning and change of the row under the "
    "cursor.  Warnings (W…) in yellow do not stop an upload.\n\n"
    "Rows are numbered as the spreadsheet numbers them: the header is row "
    "1.  Fix the rows with errors in the file, save it and press r to run "
    "the trial again.  When no row has an error, Upload Portfolios applies "
    "exactly this plan, all at once; if the file or the portfolios changed "
    "since, nothing is applied and the new trial run is shown.\n\n"
    "Keys\n"
    "  ↑ ↓ PgUp PgDn Home End   move        Enter   the row's detail\n"
    "  e    only rows with errors (again: all rows)\n"
    "  ?    the status code legend          F1      this help\n"
    "  r    trial run again                 u       Upload Portfolios\n"
    "  Tab  the buttons                     q Esc   back\n";

static void refilter(plan *pl)
{
	pl->nidx = 0;
	for (size_t i = 0; i < pl->p->nrows; i++)
		if (!pl->errors_only ||
		    ro_status_is_error(ro_plan_row_status(pl->p, i)))
			pl->idx[pl->nidx++] = i;
	pl->list.top = pl->list.cur = 0;
	lw_reload(&pl->list);
}

static size_t pl_count(void *ctx)
{
	return ((plan *)ctx)->nidx;
}

static int64_t pl_key(void *ctx, size_t i)
{
	return (int64_t)((plan *)ctx)->idx[i];
}

/* Row i of those shown, or NULL with the reason in *why. */
static const ro_plan_row *row_shown(plan *pl, size_t i, char *why, size_t n)
{
	const ro_plan_row *r = ro_plan_row_at(pl->p, pl->idx[i]);

	if (!r)
		snprintf(why, n, "This row cannot be shown: %s",
		    ro_error_last());
	return r;
}

static void pl_render(void *ctx, size_t i, ui_line *l)
{
	plan *pl = ctx;
	char why[512];
	const ro_plan_row *r = row_shown(pl, i, why, sizeof why);

	if (r)
		plan_row_line(r, pl->numw, l);
	else
		ui_line_put(l, UI_ERROR, why, -1, 0);
}

static void pl_header(void *ctx, ui_line *l)
{
	plan *pl = ctx;

	ui_line_put(l, UI_HEAD, "Row", pl->numw, pl->numw + 1);
	ui_line_put(l, UI_HEAD, "Status", 7, 8);
	ui_line_put(l, UI_HEAD, "Username", 16, 17);
	ui_line_put(l, UI_HEAD, "ID", 7, 8);
	ui_line_put(l, UI_HEAD, "Changes / messages", -1, 0);
}

/* The pane below the list: every message and change of the row under
 * the cursor, wrapped, so that nothing needs opening at 80 columns. */
static int pane_lines(int lines)
{
	return lines >= 30 ? 8 : 6;
}

static void pl_layout(ui_screen *s, int lines, int cols)
{
	plan *pl = (plan *)s;

	lw_layout(&pl->list, 4, 0, lines - 7 - pane_lines(lines), cols);
	pl->bar.y = lines - 3;
	pl->bar.x = 1;
}

static void pl_draw(ui_screen *s, WINDOW *w)
{
	plan *pl = (plan *)s;
	const ro_plan *p = pl->p;
	char line[1024];
	int cols = s->app->cols;

	/* The file's name (its folder is in the row detail and help),
	 * cut when it must be: the fingerprint never is. */
	const char *base = strrchr(p->file, '/');
	int used;

	snprintf(line, sizeof line, " (%s) · %s · fingerprint %s",
	    ro_sheet_format_name(p->format),
	    p->applied ? "uploaded" : "trial run, nothing written",
	    p->fingerprint[0] ? p->fingerprint : "none");
	used = ui_text(w, 1, 1, cols - 2 - ui_width(line), UI_NORMAL,
	    base ? base + 1 : p->file);
	ui_text(w, 1, 1 + used, cols - 2 - used, UI_NORMAL, line);
	if (p->file_error != RO_ST_NONE) {
		/* The whole explanation, wrapped: the engine's message names
		 * the first column that differs. */
		char text[2048], names[256];
		size_t o;
		ui_lines ls = { 0 };

		snprintf(line, sizeof line, "%s  The whole file is refused.",
		    ro_status_code(p->file_error));
		ui_text(w, 2, 1, cols - 2, UI_ERROR, line);
		ro_upload_headers_list(names, sizeof names);
		o = (size_t)snprintf(text, sizeof text, "%s\n\nThe first row must "
		    "be exactly: %s.", p->file_message ? p->file_message : "",
		    names);
		if (o < sizeof text)
			snprintf(text + o, sizeof text - o, "\n\nDo not delete, "
			    "rearrange or rename the columns.  Fix the header, save "
			    "the file and run the trial again (r).");
		ui_lines_wrap(&ls, text, cols - 4);
		for (size_t i = 0; i < ls.n && (int)i < s->app->lines - 8; i++)
			ui_text(w, 4 + (int)i, 2, cols - 4, UI_NORMAL, ls.line[i]);
		ui_lines_free(&ls);
	} else {
		ui_line sl;
		char n[96];

		ui_line_init(&sl, cols - 2);
		snprintf(n, sizeof n, "%zu row%s: %zu new · %zu update · %zu same · ",
		    p->summary.rows, p->summary.rows == 1 ? "" : "s",
		    p->summary.new_rows, p->summary.update, p->summary.same);
		ui_line_put(&sl, UI_NORMAL, n, -1, 0);
		snprintf(n, sizeof n, "%zu with errors", p->summary.error);
		ui_line_put(&sl, p->summary.error ? UI_ERROR : UI_NORMAL, n, -1, 0);
		snprintf(n, sizeof n, " · %zu with warnings", p->summary.warning);
		ui_line_put(&sl, p->summary.warning ? UI_WARN : UI_NORMAL, n, -1, 0);
		ui_line_draw(&sl, w, 2, 1, 0);
		lw_draw(&pl->list, w);
		const ro_plan_row *r = pl->nidx > 0 ? row_shown(pl,
		    pl->list.cur, line, sizeof line) : NULL;
		if (r)
			plan_row_pane(r, p->oneroster_version != 0, w,
			    pl->list.y + pl->list.h, pane_lines(s->app->lines),
			    cols);
		else if (pl->nidx > 0)
			ui_text(w, pl->list.y + pl->list.h, 1, cols - 2,
			    UI_ERROR, line);
	}
	if (pl->errors_only)
		ui_text(w, 3, 1, cols - 2, UI_HEAD, "Only the rows with errors "
		    "are shown (e: all rows).");
	else if (pl->notice[0] != '\0')
		ui_text(w, 3, 1, cols - 2, UI_WARN, pl->notice);
	else if (p->cp1252)
		ui_text(w, 3, 1, cols - 2, UI_WARN, "W12  The file was not UTF-8 "
		    "and was read as Windows-1252: check the accented names.");
	form_draw(&pl->bar, w, s->app, true);
	if (!ro_plan_can_upload(p))
		ui_text(w, s->app->lines - 3, 24, cols - 25, UI_ERROR,
		    "Fix the errors in the file first.");
}

static void detail(plan *pl)
{
	const ro_plan_row *r;
	char text[8192];
	size_t o = 0;

	if (pl->nidx == 0)
		return;
	if (!(r = row_shown(pl, pl->list.cur, text, sizeof text))) {
		ui_notice(pl->base.app, UI_ERROR, "%s", text);
		return;
	}
#define ADD(...) do { if (o < sizeof text) o += (size_t)snprintf(text + o, \
	sizeof text - o, __VA_ARGS__); } while (0)
	if (pl->p->oneroster_version)
		ADD("users.csv:%zu · status %s · ", r->row,
		    ro_status_code(r->status));
	else
		ADD("Row %zu · status %s · ", r->row,
		    ro_status_code(r->status));
	if (r->portfolio_id)
		ADD("portfolio %lld", (long long)r->portfolio_id);
	else
		ADD("new portfolio");
	ADD(" · username %s\n\n", ui_sane(r->username));
	if (o < sizeof text)
		plan_row_text(r, text + o, sizeof text - o);
#undef ADD
	ui_push(pl->base.app, help_new(pl->base.app, "Row detail", text));
}

/* "Upload Portfolios?" answered: upload exactly the plan shown. */
static int upload_answered(ui_screen *s, ui_screen *d)
{
	plan *pl = (plan *)s;

	if (d->result == 0)
		upload_start(s->app, pl->path, false, true, pl->p->fingerprint,
		    -1);
	return UI_HANDLED;
}

/* The hold's count typed. */
static int hold_answered(ui_screen *s, ui_screen *d)
{
	plan *pl = (plan *)s;
	long n;

	if (d->result != 1)
		return UI_HANDLED;
	if (ro_confirm_parse(ask_text(d), &n))
		ui_ask(s->app, upload_hold_ask(s->app, pl->p, true),
		    hold_answered);
	else
		upload_start(s->app, pl->path, false, true, pl->p->fingerprint,
		    n);
	return UI_HANDLED;
}

static void ask_upload(plan *pl)
{
	ui_app *app = pl->base.app;
	char text[512];
	static const char *const buttons[] = { "Upload Portfolios", "Cancel" };

	if (!ro_plan_can_upload(pl->p)) {
		ui_notice(app, UI_ERROR, "Upload is offered only when no row has an "
		    "error: fix the file and run the trial again (r).");
		return;
	}
	if (pl->p->hold) {
		ui_ask(app, upload_hold_ask(app, pl->p, false), hold_answered);
		return;
	}
	snprintf(text, sizeof text, "Upload %s?\n\n%zu portfolio%s will be "
	    "created and %zu updated (%zu row%s unchanged), all at once.",
	    pl->p->file, pl->p->summary.new_rows,
	    pl->p->summary.new_rows == 1 ? "" : "s", pl->p->summary.update,
	    pl->p->summary.same, pl->p->summary.same == 1 ? "" : "s");
	ui_ask(app, msg_new(app, "Upload Portfolios", text, buttons, 2),
	    upload_answered);
}

static void set_plan(plan *pl, ro_plan *p, const char *notice)
{
	size_t *idx = calloc(p->nrows + 1, sizeof *idx);

	if (idx == NULL) {
		ro_plan_free(p);
		return;
	}
	ro_plan_free(pl->p);
	free(pl->idx);
	pl->p = p;
	pl->idx = idx;
	pl->numw = plan_row_num_width(p);
	/* Upload is offered only when no row has an error. */
	pl->f[B_UPLOAD].disabled = !ro_plan_can_upload(p);
	pl->f[B_UPLOAD].hidden = pl->f[B_UPLOAD].disabled;
	pl->f[B_AGAIN].col = pl->f[B_UPLOAD].disabled ? 0 : 23;
	form_focus(&pl->bar, pl->f[B_UPLOAD].disabled ? B_AGAIN : B_UPLOAD);
	ui_sanitize(pl->notice, sizeof pl->notice, notice ? notice : "");
	refilter(pl);
}

static int pl_key_fn(ui_screen *s, int ch)
{
	plan *pl = (plan *)s;
	int action = 0, r;

	if (ch == K(KEY_MOUSE)) {
		r = lw_mouse(&pl->list, &s->app->mouse);
		if (r == 2)
			detail(pl);
		if (r > 0)
			return UI_HANDLED;
		r = form_mouse(&pl->bar, &s->app->mouse, &action);
	} else {
		if (lw_key(&pl->list, ch) != UI_IGNORED)
			return UI_HANDLED;
		switch (ch) {
		case 'e':
			pl->errors_only = !pl->errors_only;
			refilter(pl);
			return UI_HANDLED;
		case '\n':
			detail(pl);
			return UI_HANDLED;
		case '?':
			ui_push(s->app, codes_new(s->app));
			return UI_HANDLED;
		case 'u':
			ask_upload(pl);
			return UI_HANDLED;
		case 'r':
			upload_start(s->app, pl->path, true, true, NULL, -1);
			return UI_HANDLED;
		case '\t':
		case K(KEY_BTAB):
		case K(KEY_LEFT):
		case K(KEY_RIGHT):
			r = form_key(&pl->bar, ch, &action);
			break;
		default:
			return UI_IGNORED;
		}
	}
	if (r == FORM_PRESSED && action == ACT_UPLOAD)
		ask_upload(pl);
	else if (r == FORM_PRESSED && action == ACT_AGAIN)
		upload_start(s->app, pl->path, true, true, NULL, -1);
	return UI_HANDLED;
}

static int pl_child_closed(ui_screen *s, ui_screen *child)
{
	plan *pl = (plan *)s;
	upload_run *run = upload_run_of(child);

	if (run != NULL) {
		if (run->plan != NULL && (run->rc == RO_EROWS ||
		    run->rc == RO_ECONFLICT || run->trial)) {
			set_plan(pl, run->plan, upload_notice(run->rc));
			run->plan = NULL;
		} else if (run->rc == RO_EHOLD) {
			ui_ask(s->app, upload_hold_ask(s->app, run->plan ?
			    run->plan : pl->p, true), hold_answered);
		} else {
			upload_explain(s->app, run->rc, run->path);
		}
		return UI_HANDLED;
	}
	/* Uploaded and seen: back to Create and Update Portfolios. */
	return child->tag == TAG_UPLOADED ? UI_POP : UI_HANDLED;
}

static void pl_free(ui_screen *s)
{
	plan *pl = (plan *)s;

	ro_plan_free(pl->p);
	free(pl->idx);
	free(pl->path);
	lw_free(&pl->list);
	free(pl);
}

static const ui_screen_ops pl_ops = {
	.name = "plan", .layout = pl_layout, .draw = pl_draw, .key = pl_key_fn,
	.child_closed = pl_child_closed, .free = pl_free,
};

ui_screen *plan_new(ui_app *app, ro_plan *p, const char *notice)
{
	plan *pl = calloc(1, sizeof *pl);
	lw_source src = {
		.count = pl_count, .key = pl_key,
		.render = pl_render, .header = pl_header,
	};

	if (pl == NULL || (pl->path = strdup(p->file)) == NULL) {
		free(pl);
		ro_plan_free(p);
		return NULL;
	}
	pl->base.ops = &pl_ops;
	pl->base.app = app;
	pl->base.title = "Trial run";
	pl->base.keyhelp = "Enter detail  e errors only  ? codes  r trial again  "
	    "u Upload  F1 help  q back";
	pl->base.help = help;
	src.ctx = pl;
	lw_init(&pl->list, src, false);
	pl->list.empty = "No rows to show.";
	pl->f[B_UPLOAD] = (fw_field){ .kind = FW_BUTTON, .action = ACT_UPLOAD,
	    .label = "Upload Portfolios" };
	pl->f[B_AGAIN] = (fw_field){ .kind = FW_BUTTON, .action = ACT_AGAIN,
	    .label = "Trial run again", .col = 0, .hidden = false };
	form_init(&pl->bar, pl->f, F__N, 0, 0);
	set_plan(pl, p, notice);
	return &pl->base;
}
