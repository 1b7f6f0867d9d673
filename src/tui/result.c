/* result.c — what a task did: the counts, then the skipped portfolios and
 * why (and mail that could not be sent) in the list widget. */
#include "screens.h"
#include "listw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <roster/status.h>

typedef struct result {
	ui_screen base;
	char *title;
	char *summary;
	ro_task_result *r;
	size_t nrows;            /* skips, then mail failures */
	listw list;
	ui_lines lines;          /* the summary, wrapped */
	int summary_rows;
	int email_w;             /* the address column, sized to the screen */
} result;

static const char help[] =
    "Result\n\n"
    "What the task changed.  The list below names the portfolios that were "
    "skipped, unchanged, and why: E90 linked to Clever/ClassLink (its "
    "password and username are managed there), E91 inactive.  Then the "
    "portfolios whose password did change but whose mail could not be "
    "handed to the mailer (\"mail\"): give them their new password "
    "another way.\n\n"
    "Every task and upload is one batch: b opens Batches (also on Home), "
    "which lists them newest first and undoes one after showing what it "
    "would restore.\n\n"
    "Keys: ↑ ↓ PgUp PgDn scroll, b Batches, Enter or Esc or q back.\n";

static size_t res_count(void *ctx)
{
	return ((result *)ctx)->nrows;
}

static int64_t res_key(void *ctx, size_t i)
{
	(void)ctx;
	return (int64_t)i;
}

static void res_render(void *ctx, size_t i, ui_line *l)
{
	result *re = ctx;

	if (i < re->r->nskips) {
		const ro_task_skip *s = &re->r->skips[i];
		const ro_status_info *in = s->code ? ro_status_get(s->code) :
		    NULL;

		ui_line_put(l, UI_NORMAL, s->username, 18, 19);
		ui_line_put(l, UI_ERROR, s->code ? ro_status_code(s->code) : "",
		    4, 5);
		ui_line_put(l, UI_NORMAL, "skipped: ", -1, 0);
		ui_line_put(l, UI_NORMAL, s->reason ? s->reason :
		    in ? in->meaning : "", -1, 0);
	} else {
		const ro_notify_failure *f =
		    &re->r->notify_failures[i - re->r->nskips];

		ui_line_put(l, UI_NORMAL, f->username, 18, 19);
		ui_line_put(l, UI_WARN, "mail", 4, 5);
		ui_line_put(l, UI_NORMAL, "not mailed: ", -1, 0);
		ui_line_put(l, UI_NORMAL, f->email, re->email_w, re->email_w + 1);
		ui_line_put(l, UI_NORMAL, f->reason, -1, 0);
	}
}

static void res_header(void *ctx, ui_line *l)
{
	(void)ctx;
	ui_line_put(l, UI_HEAD, "Portfolio", 18, 19);
	ui_line_put(l, UI_HEAD, "Code", 4, 5);
	ui_line_put(l, UI_HEAD, "What was not done, and why", -1, 0);
}

static void res_layout(ui_screen *s, int lines, int cols)
{
	result *re = (result *)s;

	ui_lines_free(&re->lines);
	ui_lines_wrap(&re->lines, re->summary, cols - 6);
	re->summary_rows = (int)re->lines.n + 1;
	if (re->summary_rows > lines / 2)
		re->summary_rows = lines / 2;
	/* Whole addresses where they fit: the longest, up to half of what
	 * the columns before leave. */
	re->email_w = 12;
	for (size_t i = 0; re->r != NULL && i < re->r->nnotify_failures; i++) {
		int w = ui_width(re->r->notify_failures[i].email);

		if (w > re->email_w)
			re->email_w = w;
	}
	if (re->email_w > (cols - 2 - 19 - 5 - 12) / 2)
		re->email_w = (cols - 2 - 19 - 5 - 12) / 2;
	if (re->r != NULL)
		lw_layout(&re->list, 2 + re->summary_rows, 1,
		    lines - 4 - re->summary_rows, cols - 2);
}

static void res_draw(ui_screen *s, WINDOW *w)
{
	result *re = (result *)s;

	for (int i = 0; i + 1 < re->summary_rows && (size_t)i < re->lines.n; i++)
		ui_text(w, 2 + i, 3, s->app->cols - 6, UI_NORMAL,
		    re->lines.line[i]);
	if (re->r != NULL)
		lw_draw(&re->list, w);
}

static int res_key_fn(ui_screen *s, int ch)
{
	result *re = (result *)s;

	if (ch == K(KEY_MOUSE)) {
		if (re->r != NULL)
			lw_mouse(&re->list, &s->app->mouse);
		return UI_HANDLED;
	}
	if (re->r != NULL && lw_key(&re->list, ch) != UI_IGNORED)
		return UI_HANDLED;
	if (ch == '\n' || ch == 'q' || ch == UI_ESC)
		return UI_POP;
	if (ch == 'b') {
		ui_push(s->app, batches_new(s->app));
		return UI_HANDLED;
	}
	return UI_IGNORED;
}

static void res_free(ui_screen *s)
{
	result *re = (result *)s;

	lw_free(&re->list);
	ui_lines_free(&re->lines);
	ro_task_result_free(re->r);
	free(re->title);
	free(re->summary);
	free(re);
}

static const ui_screen_ops res_ops = {
	.name = "result", .layout = res_layout, .draw = res_draw,
	.key = res_key_fn, .free = res_free,
};

ui_screen *result_new(ui_app *app, const char *title, const char *summary,
    ro_task_result *r)
{
	result *re = calloc(1, sizeof *re);
	lw_source src = {
		.count = res_count, .key = res_key,
		.render = res_render, .header = res_header,
	};

	if (re == NULL) {
		ro_task_result_free(r);
		return NULL;
	}
	re->base.ops = &res_ops;
	re->base.app = app;
	re->title = strdup(title);
	re->summary = strdup(summary);
	re->base.title = re->title;
	re->base.keyhelp = "↑↓ PgUp PgDn scroll  b Batches  ? help  Enter/q back";
	re->base.help = help;
	re->base.result = 1;
	re->r = r;
	if (r != NULL)
		re->nrows = r->nskips + r->nnotify_failures;
	src.ctx = re;
	lw_init(&re->list, src, false);
	re->list.empty = "Nothing was left undone.";
	lw_reload(&re->list);
	return &re->base;
}
