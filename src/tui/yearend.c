/* yearend.c — the Year-End Turnover screen: the graduating class, an
 * optional group mapping file and the rule that moves groups up by the
 * number in their names, Trial run (the counts), Apply (one batch, the
 * blast-radius hold asks for the count).  The engine does the work
 * (ro_yearend_run); this screen gathers the two values and shows the
 * counts. */
#include "screens.h"
#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <roster/error.h>
#include <roster/yearend.h>

enum { F_HEAD, F_YEAR, F_MAP, F_UP, F_TRIAL, F_APPLY, NF };
enum { ACT_TRIAL = 1, ACT_APPLY };
enum { TAG_CONFIRM = TAG_OWN };

typedef struct yearend {
	ui_screen base;
	fw_field f[NF];
	form fm;
	char lines[12][160];    /* the last run's counts */
	size_t nlines;
} yearend;

static const char help[] =
    "Year-End Turnover\n\n"
    "At the end of the school year, as one batch: the active students of "
    "the graduating class are deactivated and, with a group mapping file, "
    "every other active student whose group it names moves to the group "
    "it maps to.  The mapping is a CSV or XLSX file of two columns, From "
    "Group and To Group (a blank To Group: no group); moves are read "
    "against today's groups.\n\n"
    "Move groups up by their number is the rule instead of (or besides) "
    "a file: a group whose name holds one number of one or two digits "
    "moves to the group named with that number plus one (Grade 9 to "
    "Grade 10, Homeroom 7B to Homeroom 8B).  Groups without such a "
    "number are not touched; a group whose next name is no group (the "
    "top grade) stays and is listed; a mapping file decides for the "
    "groups it names.\n\n"
    "Trial run counts what would change and writes nothing.  Apply does "
    "it; a batch of more than half of the site's portfolios, or more than "
    "1000, asks you to type the count.  'roster undo BATCH' reverses "
    "it.\n";

static void show(yearend *y, const ro_yearend *r, bool applied)
{
	y->nlines = 0;
#define LINE(...) do { if (y->nlines < 12) snprintf(y->lines[y->nlines++], \
	sizeof y->lines[0], __VA_ARGS__); } while (0)
	LINE("%s: class of %d: %zu student%s %s deactivated", applied ?
	    "Applied" : "Trial run", r->grad_year, r->graduating,
	    r->graduating == 1 ? "" : "s", applied ? "were" : "would be");
	size_t i;
	for (i = 0; i < r->nmoves && y->nlines < 8; i++)
		LINE("  %s → %s: %zu student%s", r->moves[i].from,
		    r->moves[i].to ? r->moves[i].to : "(no group)",
		    r->moves[i].count, r->moves[i].count == 1 ? "" : "s");
	if (i < r->nmoves)
		LINE("  … %zu more moves (roster year-end --trial-run lists "
		    "them all)", r->nmoves - i);
	for (i = 0; i < r->nleft && y->nlines < 10; i++)
		LINE("  %s: %zu student%s stay (no group %s)", r->left[i].group,
		    r->left[i].count, r->left[i].count == 1 ? "" : "s",
		    r->left[i].next);
	LINE("%zu portfolio%s in all, of %zu active in the site.", r->changes,
	    r->changes == 1 ? "" : "s", r->site_total);
	if (applied && r->batch_id)
		LINE("Batch %lld; roster undo %lld reverses it.",
		    (long long)r->batch_id, (long long)r->batch_id);
#undef LINE
}

static void run(yearend *y, bool apply, long confirm)
{
	ui_app *app = y->base.app;
	ro_yearend_opts o = { 0 };
	ro_yearend *r = NULL;
	char *end;
	int rc;

	o.grad_year = (int)strtol(y->f[F_YEAR].text, &end, 10);
	if (end == y->f[F_YEAR].text || *end) {
		ui_notice(app, UI_ERROR, "The graduating class is a year, such "
		    "as 2027.");
		form_focus(&y->fm, F_YEAR);
		return;
	}
	o.map_path = y->f[F_MAP].text[0] ? y->f[F_MAP].text : NULL;
	o.groups_up = y->f[F_UP].on;
	o.apply = apply;
	o.confirm = confirm;
	rc = ro_yearend_run(&r, app->session, &o);
	if (rc == RO_EHOLD && r && confirm < 0) {
		char prompt[200];
		ui_screen *d;

		show(y, r, false);
		snprintf(prompt, sizeof prompt, "This changes %zu portfolios "
		    "of the site's %zu.  Type %zu to go ahead:", r->changes,
		    r->site_total, r->changes);
		ro_yearend_free(r);
		if ((d = ask_new(app, "Year-End Turnover", prompt, false)))
			d->tag = TAG_CONFIRM;
		ui_push(app, d);
		return;
	}
	if (rc) {
		ui_notice(app, UI_ERROR, "%s", ro_error_last());
		ro_yearend_free(r);
		return;
	}
	show(y, r, apply);
	ui_notice(app, UI_OK, apply ? (r->batch_id ? "The turnover is done." :
	    "Nothing to change.") : "Trial run: nothing was written.");
	ro_yearend_free(r);
}

static void ye_layout(ui_screen *s, int lines, int cols)
{
	yearend *y = (yearend *)s;

	(void)lines;
	y->fm.y = 2;
	y->fm.x = cols > 100 ? (cols - 84) / 2 : 2;
	y->f[F_MAP].width = cols - y->fm.x - 24;
}

static void ye_draw(ui_screen *s, WINDOW *w)
{
	yearend *y = (yearend *)s;

	form_draw(&y->fm, w, s->app, true);
	for (size_t i = 0; i < y->nlines; i++)
		ui_text(w, y->fm.y + 8 + (int)i, y->fm.x, s->app->cols -
		    y->fm.x - 1, i == 0 ? UI_HEAD : UI_NORMAL, y->lines[i]);
}

static int ye_key(ui_screen *s, int ch)
{
	yearend *y = (yearend *)s;
	int action = 0, r;

	if (ch == K(KEY_MOUSE))
		r = form_mouse(&y->fm, &s->app->mouse, &action);
	else
		r = form_key(&y->fm, ch, &action);
	if (r == FORM_PRESSED)
		run(y, action == ACT_APPLY, -1);
	return r == FORM_IGNORED ? UI_IGNORED : UI_HANDLED;
}

static int ye_child_closed(ui_screen *s, ui_screen *child)
{
	yearend *y = (yearend *)s;

	if (child->tag == TAG_CONFIRM && child->result == 1) {
		char *end;
		long n = strtol(ask_text(child), &end, 10);

		if (end == ask_text(child) || *end || n < 0)
			ui_notice(s->app, UI_ERROR, "Nothing was changed: type "
			    "the count.");
		else
			run(y, true, n);
	}
	return UI_HANDLED;
}

static void ye_free(ui_screen *s)
{
	free(s);
}

static const ui_screen_ops ye_ops = {
	.name = "yearend", .layout = ye_layout, .draw = ye_draw,
	.key = ye_key, .child_closed = ye_child_closed, .free = ye_free,
};

ui_screen *yearend_new(ui_app *app)
{
	yearend *y = calloc(1, sizeof *y);
	time_t now = time(NULL);
	struct tm tm;
	char year[16];

	if (y == NULL)
		return NULL;
	y->base.ops = &ye_ops;
	y->base.app = app;
	y->base.title = "Year-End Turnover";
	y->base.keyhelp = "Tab move  Enter press  F1 help  Esc back";
	y->base.help = help;
	/* The class graduating this school year (1 August to 31 July). */
	localtime_r(&now, &tm);
	snprintf(year, sizeof year, "%d", tm.tm_year + 1900 +
	    (tm.tm_mon >= 7));
	y->f[F_HEAD] = (fw_field){ .kind = FW_LABEL, .row = 0, .role = UI_HEAD,
	    .label = "Deactivate the graduating class; move the others' groups" };
	y->f[F_YEAR] = (fw_field){ .kind = FW_TEXT, .row = 2,
	    .label = "Graduating class:", .label_w = 22, .width = 6 };
	y->f[F_MAP] = (fw_field){ .kind = FW_TEXT, .row = 3,
	    .label = "Group mapping file:", .label_w = 22, .width = 40 };
	y->f[F_UP] = (fw_field){ .kind = FW_CHECK, .row = 4,
	    .label = "Move groups up by their number (Grade 9 → Grade 10)" };
	y->f[F_TRIAL] = (fw_field){ .kind = FW_BUTTON, .row = 6,
	    .label = "Trial run", .action = ACT_TRIAL };
	y->f[F_APPLY] = (fw_field){ .kind = FW_BUTTON, .row = 6, .col = 16,
	    .label = "Apply", .action = ACT_APPLY };
	form_set_text(&y->f[F_YEAR], year);
	form_init(&y->fm, y->f, NF, 0, 0);
	form_focus(&y->fm, F_YEAR);
	return &y->base;
}
