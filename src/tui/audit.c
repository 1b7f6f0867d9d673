/* audit.c — the Audit log screen: the site's audit entries in the list
 * widget, newest at the bottom (the cursor starts there); `/` shows only
 * the entries that contain a text (username, the portfolio's name, who,
 * date, action, field or value), and the columns take the widths their
 * values need, as far as the terminal allows. */
#include "screens.h"
#include "listw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <roster/batch.h>
#include <roster/error.h>
#include <roster/portfolio.h>


typedef struct audit {
	ui_screen base;
	ro_audit_list *log;
	char **names;            /* per entry: "First Last" now, or NULL */
	char **uniq;             /* the names, one per portfolio (owned) */
	size_t nuniq;
	bool named;
	size_t *idx;             /* the entries shown */
	size_t nidx;
	char filter[64];
	listw list;
	bool placed;
	int who_w, act_w, user_w;
} audit;

static const char help[] =
    "Audit log\n\n"
    "Every change to the site's portfolios: when (UTC), who made it, what "
    "was done, to which portfolio, and the field's old and new values.  "
    "Passwords and hashes never appear: a password change shows as "
    "\"changed\".  Changes made together belong to one batch; Batches "
    "(on Home) lists them and undoes one.  A portfolio's own change at "
    "sign-in (its password, its security answers) belongs to no batch.\n\n"
    "/ shows only the entries that contain what you type, ignoring case: "
    "a username, a portfolio's first or last name, who made the change, a "
    "date (2026-11-28), an action, a field or a value.  / with nothing "
    "typed shows every entry again.\n\n"
    "Keys: ↑ ↓ PgUp PgDn Home End move, Enter the entry's detail, / "
    "search, F1 help, q or Esc back.\n";

static const ro_audit_entry *entry(const audit *a, size_t i)
{
	return &a->log->items[a->idx[i]];
}

static size_t au_count(void *ctx)
{
	return ((audit *)ctx)->nidx;
}

static int64_t au_key(void *ctx, size_t i)
{
	return entry(ctx, i)->id;
}

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
	audit *a = ctx;
	const ro_audit_entry *e = entry(a, i);
	char when[20], change[1024];

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
	audit *a = ctx;

	ui_line_put(l, UI_HEAD, "When (UTC)", 16, 17);
	ui_line_put(l, UI_HEAD, "Who", a->who_w, a->who_w + 1);
	ui_line_put(l, UI_HEAD, "Action", a->act_w, a->act_w + 1);
	ui_line_put(l, UI_HEAD, "Portfolio", a->user_w, a->user_w + 1);
	ui_line_put(l, UI_HEAD, "Change", -1, 0);
}

static int widest(const audit *a, size_t off, int min, int max)
{
	int w = min;

	for (size_t i = 0; a->log != NULL && i < a->log->n; i++) {
		const char *s = *(char *const *)((const char *)&a->log->items[i] +
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

static int cmp_at(const void *x, const void *y)
{
	const int64_t *a = x, *b = y;

	return (a[0] > b[0]) - (a[0] < b[0]);
}

/* The portfolios' names now, one look-up per portfolio (the log holds
 * usernames only): for the search. */
static void load_names(audit *a)
{
	int64_t (*v)[2];
	size_t n;

	if (a->named || a->log == NULL)
		return;
	a->named = true;
	n = a->log->n;
	a->names = calloc(n + 1, sizeof *a->names);
	a->uniq = calloc(n + 1, sizeof *a->uniq);
	v = malloc((n + 1) * sizeof *v);
	if (a->names == NULL || a->uniq == NULL || v == NULL) {
		free(v);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		v[i][0] = a->log->items[i].portfolio_id;
		v[i][1] = (int64_t)i;
	}
	qsort(v, n, sizeof *v, cmp_at);
	for (size_t i = 0; i < n; i++) {
		ro_portfolio p;
		char *name = NULL;

		if (i > 0 && v[i][0] == v[i - 1][0]) {
			a->names[v[i][1]] = a->names[v[i - 1][1]];
			continue;
		}
		if (v[i][0] <= 0 ||
		    ro_portfolio_get(&p, a->base.app->session, v[i][0]) != 0)
			continue;
		if (asprintf(&name, "%s %s", p.first ? p.first : "",
		    p.last ? p.last : "") < 0)
			name = NULL;
		ro_portfolio_clear(&p);
		a->uniq[a->nuniq++] = name;
		a->names[v[i][1]] = name;
	}
	free(v);
}

static bool has(const char *s, const char *f)
{
	return s != NULL && strcasestr(s, f) != NULL;
}

static bool matches(const audit *a, size_t i)
{
	const ro_audit_entry *e = &a->log->items[i];
	const char *f = a->filter;

	return has(e->username, f) || has(e->who, f) || has(e->when, f) ||
	    has(e->action, f) || has(e->field, f) || has(e->old_value, f) ||
	    has(e->new_value, f) || (a->names && has(a->names[i], f));
}

static void refilter(audit *a)
{
	a->nidx = 0;
	for (size_t i = 0; a->log != NULL && i < a->log->n; i++)
		if (a->filter[0] == '\0' || matches(a, i))
			a->idx[a->nidx++] = i;
	lw_reload(&a->list);
	if (a->list.total > 0)
		lw_goto(&a->list, a->list.total - 1);
}

static void au_layout(ui_screen *s, int lines, int cols)
{
	audit *a = (audit *)s;

	size_columns(a, cols);
	lw_layout(&a->list, 2, 0, lines - 3, cols);
	if (!a->placed) {
		a->placed = true;
		refilter(a);
	}
}

static void au_draw(ui_screen *s, WINDOW *w)
{
	audit *a = (audit *)s;
	char line[256];
	size_t total = a->log ? a->log->n : 0;

	if (a->filter[0] != '\0')
		snprintf(line, sizeof line, "%zu of %zu entries contain \"%s\"  "
		    "(/ to search again; empty: all)", a->nidx, total, a->filter);
	else
		snprintf(line, sizeof line, "%zu entries, newest last  (/ search "
		    "by username, name, who, date or value)", total);
	ui_text(w, 1, 1, s->app->cols - 2, a->filter[0] ? UI_HEAD : UI_DIM,
	    line);
	lw_draw(&a->list, w);
}

static void detail(audit *a)
{
	const ro_audit_entry *e;
	char text[4096], batch[64], change[1024];

	if (a->list.total == 0)
		return;
	e = entry(a, a->list.cur);
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

/* "/" answered: the entries that contain the text. */
static int search_answered(ui_screen *s, ui_screen *d)
{
	audit *a = (audit *)s;

	if (d->result != 1)
		return UI_HANDLED;
	snprintf(a->filter, sizeof a->filter, "%s", ask_text(d));
	if (a->filter[0] != '\0')
		load_names(a);
	refilter(a);
	return UI_HANDLED;
}

static int au_key_fn(ui_screen *s, int ch)
{
	audit *a = (audit *)s;

	if (ch == K(KEY_MOUSE)) {
		if (lw_mouse(&a->list, &s->app->mouse) == 2)
			detail(a);
		return UI_HANDLED;
	}
	if (ch == '/') {
		ui_ask(s->app, ask_new(s->app, "Search the audit log", "Show the "
		    "entries that contain (a username, a name, who, a date, a "
		    "value; empty: all):", false), search_answered);
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

	for (size_t i = 0; i < a->nuniq; i++)
		free(a->uniq[i]);
	free(a->uniq);
	free(a->names);
	free(a->idx);
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
		.count = au_count, .key = au_key,
		.render = au_render, .header = au_header,
	};

	if (a == NULL)
		return NULL;
	a->base.ops = &au_ops;
	a->base.app = app;
	a->base.title = "Audit log";
	a->base.keyhelp = "↑↓ PgUp PgDn Home End move  Enter detail  / search  "
	    "F1 help  q back";
	a->base.help = help;
	src.ctx = a;
	lw_init(&a->list, src, false);
	a->list.empty = "The audit log is empty.";
	if (ro_audit_list_get(&a->log, app->session, NULL) < 0) {
		a->log = NULL;
		ui_notice(app, UI_ERROR, "%s", ro_error_last());
	}
	a->idx = calloc((a->log ? a->log->n : 0) + 1, sizeof *a->idx);
	if (a->idx == NULL) {
		ro_audit_list_free(a->log);
		free(a);
		return NULL;
	}
	return &a->base;
}
