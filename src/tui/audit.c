/* audit.c — the Audit log screen: the site's audit entries in the list
 * widget, in keyset pages (asrc.c), newest at the bottom (the cursor
 * starts there; the count comes after the first frame); `/` shows only
 * the entries of a username, who, a last or first name or a date (the
 * engine's search, ro_audit_query), and the columns
 * take the widths the last page's values need, as far as the terminal
 * allows. */
#include "screens.h"
#include "asrc.h"
#include "listw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <roster/batch.h>
#include <roster/error.h>
#include <roster/portfolio.h>

enum { TAG_SEARCH = TAG_OWN };

typedef struct audit {
	ui_screen base;
	asrc src;
	listw list;
	bool opened;
	int who_w, act_w, user_w;
} audit;

/* The screen of the source the widget hands back. */
#define OF_SRC(ctx) ((audit *)(void *)((char *)(ctx) - offsetof(audit, src)))

static const char help[] =
    "Audit log\n\n"
    "Every change to the site's portfolios: when (UTC), who made it, what "
    "was done, to which portfolio, and the field's old and new values.  "
    "Passwords and hashes never appear: a password change shows as "
    "\"changed\".  Changes made together belong to one batch; Batches "
    "(on Home) lists them and undoes one.  A portfolio's own change at "
    "sign-in (its password, its security answers) belongs to no batch.\n\n"
    "/ shows only the entries whose username, who made the change, or "
    "whose portfolio's last or first name begins with what you type, ignoring case, or, for four digits "
    "and more, whose date begins with it (2026-11-28, 2026-11).  / with "
    "nothing typed shows every entry again.\n\n"
    "Keys: ↑ ↓ PgUp PgDn Home End move, Enter the entry's detail, / "
    "search, F1 help, q or Esc back.\n";

/* The change as a sentence: a password never has a value, and a change
 * made at sign-in by the portfolio itself says so. */
static void change_text(const ro_audit_entry *e, char *buf, size_t n)
{
	bool own = e->action && strcmp(e->action, "signin-change") == 0;

	buf[0] = '\0';
	if (e->field == NULL)
		snprintf(buf, n, "%s", e->new_value ? e->new_value : "");
	else if (own)
		snprintf(buf, n, "%s: %s at sign-in", e->field,
		    strcmp(e->field, "Password") == 0 ? "changed" : "set");
	else if (strcmp(e->field, "Password") == 0)
		snprintf(buf, n, "Password: %s", e->new_value ? e->new_value :
		    "changed");
	else if (e->old_value != NULL && e->old_value[0])
		snprintf(buf, n, "%s: %s → %s", e->field, e->old_value,
		    e->new_value ? e->new_value : "(blank)");
	else
		snprintf(buf, n, "%s: %s", e->field,
		    e->new_value ? e->new_value : "(blank)");
}

static void au_render(void *ctx, size_t i, ui_line *l)
{
	audit *a = OF_SRC(ctx);
	const ro_audit_entry *e = asrc_row(&a->src, i);
	char when[20], change[1024];

	if (e == NULL)
		return;
	/* "2026-11-28T23:40:12Z" → "2026-11-28 23:40" */
	snprintf(when, sizeof when, "%.16s", e->when ? e->when : "");
	if (when[10] == 'T')
		when[10] = ' ';
	change_text(e, change, sizeof change);
	ui_line_put(l, UI_DIM, when, 16, 17);
	ui_line_put(l, UI_NORMAL, e->who, a->who_w, a->who_w + 1);
	ui_line_put(l, UI_NORMAL, e->action, a->act_w, a->act_w + 1);
	ui_line_put(l, UI_NORMAL, e->username, a->user_w, a->user_w + 1);
	ui_line_put(l, UI_NORMAL, change, -1, 0);
}

static void au_header(void *ctx, ui_line *l)
{
	audit *a = OF_SRC(ctx);

	ui_line_put(l, UI_HEAD, "When (UTC)", 16, 17);
	ui_line_put(l, UI_HEAD, "Who", a->who_w, a->who_w + 1);
	ui_line_put(l, UI_HEAD, "Action", a->act_w, a->act_w + 1);
	ui_line_put(l, UI_HEAD, "Portfolio", a->user_w, a->user_w + 1);
	ui_line_put(l, UI_HEAD, "Change", -1, 0);
}

static int widest(const audit *a, size_t off, int min, int max)
{
	int w = min;

	for (size_t i = 0; i < a->src.cn; i++) {
		const char *s = *(char *const *)((const char *)&a->src.rows[i] +
		    off);
		int n = s ? ui_width(s) : 0;

		if (n > w)
			w = n;
	}
	return w < max ? w : max;
}

/* Each column as wide as its longest value, within the width the change
 * (at least a fifth) leaves: the portfolio first (similar usernames must
 * not look alike), then who and the action share the rest, the wider
 * giving way first. */
static void size_columns(audit *a, int cols)
{
	int room = cols - 17 - 3 - cols / 5;

	a->user_w = widest(a, offsetof(ro_audit_entry, username), 9, room / 2);
	a->who_w = widest(a, offsetof(ro_audit_entry, who), 3, room);
	a->act_w = widest(a, offsetof(ro_audit_entry, action), 6, room);
	while (a->who_w + a->act_w > room - a->user_w &&
	    (a->who_w > 3 || a->act_w > 6)) {
		if (a->who_w >= a->act_w)
			a->who_w--;
		else
			a->act_w--;
	}
}

/* The last page of the log (or of the search) at once, the cursor on
 * the newest entry; the count after the first frame (au_idle). */
static void reopen(audit *a, const char *find)
{
	bool exact = true;

	a->list.h = a->base.app->lines - 3;
	if (asrc_open(&a->src, find, (size_t)lw_rows(&a->list), &exact) < 0)
		ui_notice(a->base.app, UI_ERROR, "%s", ro_error_last());
	size_columns(a, a->base.app->cols);
	a->list.total = a->src.total;
	a->list.placing = a->list.counting = !exact;
	a->list.top = a->list.cur = a->src.total ? a->src.total - 1 : 0;
	lw_goto(&a->list, a->list.cur);
	if (!exact)
		a->base.want_idle = true;
}

static void au_layout(ui_screen *s, int lines, int cols)
{
	audit *a = (audit *)s;

	if (!a->opened) {
		a->opened = true;
		reopen(a, NULL);
	}
	size_columns(a, cols);
	lw_layout(&a->list, 2, 0, lines - 3, cols);
}

/* After the first frame: the count, and the rows' true positions. */
static int au_idle(ui_screen *s)
{
	audit *a = (audit *)s;
	ptrdiff_t shift;

	if (!a->list.placing)
		return UI_HANDLED;
	if (asrc_count(&a->src, &shift) < 0) {
		ui_notice(s->app, UI_ERROR, "%s", ro_error_last());
		return UI_HANDLED;
	}
	lw_rebase(&a->list, a->src.total, shift);
	return UI_HANDLED;
}

static void au_draw(ui_screen *s, WINDOW *w)
{
	audit *a = (audit *)s;
	const char *find = a->src.find;
	char line[256], count[32];

	if (a->list.counting)
		snprintf(count, sizeof count, "counting…");
	else
		snprintf(count, sizeof count, "%zu", a->list.total);
	const char *noun = !a->list.counting && a->list.total == 1 ? "entry" :
	    "entries";

	if (find[0] != '\0')
		snprintf(line, sizeof line, "%s %s of \"%s\"  (/ to search "
		    "again; empty: all)", count, noun, find);
	else
		snprintf(line, sizeof line, "%s %s, newest last  (/ search "
		    "by username, name, who or date)", count, noun);
	ui_text(w, 1, 1, s->app->cols - 2, find[0] ? UI_HEAD : UI_DIM, line);
	lw_draw(&a->list, w);
}

static void detail(audit *a)
{
	const ro_audit_entry *e;
	char text[4096], batch[64], change[1024];

	if (a->list.total == 0 || (e = asrc_row(&a->src, a->list.cur)) == NULL)
		return;
	change_text(e, change, sizeof change);
	if (e->batch_id)
		snprintf(batch, sizeof batch, "%lld", (long long)e->batch_id);
	else
		snprintf(batch, sizeof batch, "none (not part of a batch)");
	snprintf(text, sizeof text,
	    "When:       %s\nWho:        %s\nAction:     %s\n"
	    "Portfolio:  %s (ID %lld)\nBatch:      %s\nChange:     %s\n",
	    ui_sane(e->when), ui_sane(e->who), ui_sane(e->action),
	    ui_sane(e->username), (long long)e->portfolio_id, batch,
	    ui_sane(change));
	ui_push(a->base.app, help_new(a->base.app, "Audit entry", text));
}

static int au_key_fn(ui_screen *s, int ch)
{
	audit *a = (audit *)s;

	/* A key before the count came: the count first (the positions the
	 * key moves between must be the true ones). */
	if (a->list.placing)
		au_idle(s);
	if (ch == K(KEY_MOUSE)) {
		if (lw_mouse(&a->list, &s->app->mouse) == 2)
			detail(a);
		return UI_HANDLED;
	}
	if (ch == '/') {
		ui_screen *d = ask_new(s->app, "Search the audit log", "Show the "
		    "entries of (the beginning of a username, a name, who made "
		    "it, or a date such as 2026-11-28; empty: all):", false);

		if (d != NULL)
			d->tag = TAG_SEARCH;
		ui_push(s->app, d);
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

static int au_child_closed(ui_screen *s, ui_screen *child)
{
	audit *a = (audit *)s;

	if (child->tag != TAG_SEARCH || child->result != 1)
		return UI_HANDLED;
	reopen(a, ask_text(child));
	return UI_HANDLED;
}

static void au_free(ui_screen *s)
{
	audit *a = (audit *)s;

	asrc_free(&a->src);
	lw_free(&a->list);
	free(a);
}

static const ui_screen_ops au_ops = {
	.name = "audit", .layout = au_layout, .draw = au_draw,
	.key = au_key_fn, .child_closed = au_child_closed, .idle = au_idle,
	.free = au_free,
};

ui_screen *audit_new(ui_app *app)
{
	audit *a = calloc(1, sizeof *a);
	lw_source src;

	if (a == NULL)
		return NULL;
	a->base.ops = &au_ops;
	a->base.app = app;
	a->base.title = "Audit log";
	a->base.keyhelp = "↑↓ PgUp PgDn Home End move  Enter detail  / search  "
	    "F1 help  q back";
	a->base.help = help;
	asrc_init(&a->src, app->session);
	/* The rows are asrc's; the columns are this screen's. */
	src = asrc_source(&a->src);
	src.render = au_render;
	src.header = au_header;
	lw_init(&a->list, src, false);
	a->list.empty = "The audit log is empty.";
	return &a->base;
}
