/* audit.c — the Audit log screen: the site's audit entries in the list
 * widget, newest at the bottom (the cursor starts there). */
#include "screens.h"
#include "listw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <roster/batch.h>
#include <roster/error.h>

typedef struct audit {
	ui_screen base;
	ro_audit_list *log;
	listw list;
	bool placed;
} audit;

static const char help[] =
    "Audit log\n\n"
    "Every change to the site's portfolios: when (UTC), who made it, what "
    "was done, to which portfolio, and the field's old and new values.  "
    "Passwords and hashes never appear: a password change shows as "
    "\"changed\".  Changes made together belong to one batch; roster undo "
    "BATCH reverts a batch.\n\n"
    "Keys: ↑ ↓ PgUp PgDn Home End move, Enter the entry's detail, / find by "
    "date, q or Esc back.\n";

static size_t au_count(void *ctx)
{
	audit *a = ctx;

	return a->log ? a->log->n : 0;
}

static int au_fetch(void *ctx, size_t top, size_t n)
{
	(void)ctx; (void)top; (void)n;
	return 0;
}

static int64_t au_key(void *ctx, size_t i)
{
	return ((audit *)ctx)->log->items[i].id;
}

static void au_render(void *ctx, size_t i, ui_line *l)
{
	const ro_audit_entry *e = &((audit *)ctx)->log->items[i];
	char when[20], change[1024] = "";

	/* "2026-11-28T23:40:12Z" → "2026-11-28 23:40" */
	snprintf(when, sizeof when, "%.16s", e->when ? e->when : "");
	if (when[10] == 'T')
		when[10] = ' ';
	if (e->field != NULL && e->old_value != NULL && e->old_value[0])
		snprintf(change, sizeof change, "%s: %s → %s", e->field,
		    e->old_value, e->new_value ? e->new_value : "(blank)");
	else if (e->field != NULL)
		snprintf(change, sizeof change, "%s: %s", e->field,
		    e->new_value ? e->new_value : "(blank)");
	ui_line_put(l, UI_DIM, when, 16, 17);
	ui_line_put(l, UI_NORMAL, e->who, 10, 11);
	ui_line_put(l, UI_NORMAL, e->action, 14, 15);
	ui_line_put(l, UI_NORMAL, e->username, 14, 15);
	ui_line_put(l, UI_NORMAL, change, -1, 0);
}

static void au_header(void *ctx, ui_line *l)
{
	(void)ctx;
	ui_line_put(l, UI_HEAD, "When (UTC)", 16, 17);
	ui_line_put(l, UI_HEAD, "Who", 10, 11);
	ui_line_put(l, UI_HEAD, "Action", 14, 15);
	ui_line_put(l, UI_HEAD, "Portfolio", 14, 15);
	ui_line_put(l, UI_HEAD, "Change", -1, 0);
}

static const char *au_text(void *ctx, size_t i)
{
	return ((audit *)ctx)->log->items[i].when;
}

static int au_seek(void *ctx, const char *prefix, size_t from, size_t *at)
{
	return lw_seek_linear(au_count(ctx), au_text, ctx, prefix, from, at);
}

static void au_layout(ui_screen *s, int lines, int cols)
{
	audit *a = (audit *)s;

	lw_layout(&a->list, 1, 0, lines - 2, cols);
	if (!a->placed) {
		a->placed = true;
		lw_reload(&a->list);
		if (a->list.total > 0)
			lw_goto(&a->list, a->list.total - 1);
	}
}

static void au_draw(ui_screen *s, WINDOW *w)
{
	lw_draw(&((audit *)s)->list, w);
}

static void detail(audit *a)
{
	const ro_audit_entry *e;
	char text[4096];

	if (a->list.total == 0)
		return;
	e = &a->log->items[a->list.cur];
	snprintf(text, sizeof text,
	    "When:       %s\nWho:        %s\nAction:     %s\n"
	    "Portfolio:  %s (ID %lld)\nBatch:      %lld\nField:      %s\n"
	    "Old value:  %s\nNew value:  %s\n",
	    ui_sane(e->when), ui_sane(e->who), ui_sane(e->action),
	    ui_sane(e->username), (long long)e->portfolio_id,
	    (long long)e->batch_id, e->field ? ui_sane(e->field) : "-",
	    e->old_value ? ui_sane(e->old_value) : "-",
	    e->new_value ? ui_sane(e->new_value) : "-");
	ui_push(a->base.app, help_new(a->base.app, "Audit entry", text));
}

static int au_key_fn(ui_screen *s, int ch)
{
	audit *a = (audit *)s;

	if (ch == K(KEY_MOUSE)) {
		if (lw_mouse(&a->list, &s->app->mouse) == 2)
			detail(a);
		return UI_HANDLED;
	}
	if (lw_key(&a->list, ch) != UI_IGNORED)
		return UI_HANDLED;
	if (ch == '\n') {
		detail(a);
		return UI_HANDLED;
	}
	return UI_IGNORED;
}

static void au_free(ui_screen *s)
{
	audit *a = (audit *)s;

	ro_audit_list_free(a->log);
	lw_free(&a->list);
	free(a);
}

static const ui_screen_ops au_ops = {
	.name = "audit", .layout = au_layout, .draw = au_draw,
	.key = au_key_fn, .free = au_free,
};

ui_screen *audit_new(ui_app *app)
{
	audit *a = calloc(1, sizeof *a);
	lw_source src = {
		.count = au_count, .fetch = au_fetch, .key = au_key,
		.render = au_render, .header = au_header, .seek = au_seek,
	};

	if (a == NULL)
		return NULL;
	a->base.ops = &au_ops;
	a->base.app = app;
	a->base.title = "Audit log";
	a->base.keyhelp = "↑↓ PgUp PgDn Home End move  Enter detail  / find  "
	    "F1 help  q back";
	a->base.help = help;
	src.ctx = a;
	lw_init(&a->list, src, false);
	a->list.empty = "The audit log is empty.";
	if (ro_audit_list_get(&a->log, app->session, NULL) < 0) {
		a->log = NULL;
		ui_notice(app, UI_ERROR, "%s", ro_error_last());
	}
	return &a->base;
}
