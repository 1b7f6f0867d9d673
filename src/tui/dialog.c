/* dialog.c — dialogs that stack over their parent: a message with
 * buttons, a scrollable text (help, details), a pick list, a question. */
#include "screens.h"
#include "form.h"
#include "listw.h"

#include <stdlib.h>
#include <string.h>

/* --- message box ----------------------------------------------------------- */

typedef struct msgbox {
	ui_screen base;
	char *title;
	char *text;
	ui_lines lines;
	fw_field btn[4];
	form fm;
	int y, x, h, w;
} msgbox;

static void msg_layout(ui_screen *s, int lines, int cols)
{
	msgbox *m = (msgbox *)s;
	int bx = 0;

	m->w = cols - 8 < 72 ? cols - 8 : 72;
	ui_lines_free(&m->lines);
	ui_lines_wrap(&m->lines, m->text, m->w - 4);
	m->h = (int)m->lines.n + 4;
	if (m->h > lines - 4)
		m->h = lines - 4;
	ui_center(s->app, m->h, m->w, &m->y, &m->x);
	for (size_t i = 0; i < m->fm.n; i++) {
		m->btn[i].row = m->h - 2;
		m->btn[i].col = bx;
		bx += ui_width(m->btn[i].label) + 6;
	}
	m->fm.y = m->y;
	m->fm.x = m->x + (m->w - bx + 2) / 2;
}

static void msg_draw(ui_screen *s, WINDOW *w)
{
	msgbox *m = (msgbox *)s;
	int rows = m->h - 4;

	ui_box(w, m->y, m->x, m->h, m->w, m->title);
	for (int i = 0; i < rows && (size_t)i < m->lines.n; i++)
		ui_text(w, m->y + 1 + i, m->x + 2, m->w - 4, UI_NORMAL,
		    m->lines.line[i]);
	form_draw(&m->fm, w, s->app, true);
}

static int msg_key(ui_screen *s, int ch)
{
	msgbox *m = (msgbox *)s;
	int action = -1;
	int r;

	if (ch == UI_ESC || ch == 'q') {
		s->result = -1;
		return UI_POP;
	}
	if (ch == K(KEY_MOUSE))
		r = form_mouse(&m->fm, &s->app->mouse, &action);
	else
		r = form_key(&m->fm, ch, &action);
	if (r == FORM_PRESSED) {
		s->result = action;
		return UI_POP;
	}
	return UI_HANDLED;
}

static void msg_free(ui_screen *s)
{
	msgbox *m = (msgbox *)s;

	ui_lines_free(&m->lines);
	free(m->title);
	free(m->text);
	free(m);
}

static const ui_screen_ops msg_ops = {
	.name = "message", .layout = msg_layout, .draw = msg_draw,
	.key = msg_key, .free = msg_free,
};

ui_screen *msg_new(ui_app *app, const char *title, const char *text,
    const char *const *buttons, size_t nbuttons)
{
	msgbox *m = calloc(1, sizeof *m);

	if (m == NULL)
		return NULL;
	m->base.ops = &msg_ops;
	m->base.app = app;
	m->base.dialog = true;
	m->base.keyhelp = "Tab/←→ choose  Enter press  Esc cancel";
	m->base.result = -1;
	m->title = strdup(title ? title : "");
	m->text = strdup(text ? text : "");
	if (nbuttons > 4)
		nbuttons = 4;
	for (size_t i = 0; i < nbuttons; i++) {
		m->btn[i].kind = FW_BUTTON;
		m->btn[i].label = buttons[i];
		m->btn[i].action = (int)i;
	}
	form_init(&m->fm, m->btn, nbuttons, 0, 0);
	return &m->base;
}

ui_screen *msg_ok(ui_app *app, const char *title, const char *text)
{
	static const char *const ok[] = { "OK" };

	return msg_new(app, title, text, ok, 1);
}

/* --- scrollable text and pick list: one list widget over lines ------------ */

typedef struct viewer {
	ui_screen base;
	char *title;
	char *text;
	ui_lines lines;
	const char *const *options;  /* pick: the options, else NULL */
	size_t nopt;
	listw list;
	int y, x, h, w;
} viewer;

static size_t view_count(void *ctx)
{
	viewer *v = ctx;

	return v->options ? v->nopt : v->lines.n;
}

static int64_t view_key(void *ctx, size_t i)
{
	(void)ctx;
	return (int64_t)i;
}

static const char *view_text(void *ctx, size_t i)
{
	viewer *v = ctx;

	return v->options ? v->options[i] : v->lines.line[i];
}

static void view_render(void *ctx, size_t i, ui_line *l)
{
	ui_line_put(l, UI_NORMAL, view_text(ctx, i), -1, 0);
}

static int view_seek(void *ctx, const char *prefix, size_t from, size_t *at)
{
	return lw_seek_linear(view_count(ctx), view_text, ctx, prefix, from, at);
}

static void view_layout(ui_screen *s, int lines, int cols)
{
	viewer *v = (viewer *)s;

	if (v->options) {
		int longest = ui_width(v->title) + 6;

		for (size_t i = 0; i < v->nopt; i++)
			if (ui_width(v->options[i]) + 6 > longest)
				longest = ui_width(v->options[i]) + 6;
		v->w = longest < 30 ? 30 : longest;
		if (v->w > cols - 4)
			v->w = cols - 4;
		v->h = (int)v->nopt + 4;
		if (v->h > lines - 4)
			v->h = lines - 4;
	} else {
		v->w = cols - 6 < 100 ? cols - 6 : 100;
		ui_lines_free(&v->lines);
		ui_lines_wrap(&v->lines, v->text, v->w - 4);
		v->h = (int)v->lines.n + 4;
		if (v->h > lines - 4)
			v->h = lines - 4;
		if (v->h < 5)
			v->h = 5;
	}
	ui_center(s->app, v->h, v->w, &v->y, &v->x);
	lw_reload(&v->list);
	lw_layout(&v->list, v->y + 1, v->x + 2, v->h - 2, v->w - 4);
}

static void view_draw(ui_screen *s, WINDOW *w)
{
	viewer *v = (viewer *)s;

	ui_box(w, v->y, v->x, v->h, v->w, v->title);
	lw_draw(&v->list, w);
}

static int view_key_fn(ui_screen *s, int ch)
{
	viewer *v = (viewer *)s;
	int r;

	if (ch == K(KEY_MOUSE)) {
		/* One click on an option chooses it. */
		bool row = lw_on_row(&v->list, &s->app->mouse);

		r = lw_mouse(&v->list, &s->app->mouse);
		if ((r == 2 || (r == 1 && row)) && v->options) {
			s->result = (int)v->list.cur;
			return UI_POP;
		}
		return UI_HANDLED;
	}
	r = lw_key(&v->list, ch);
	if (r != UI_IGNORED)
		return r;
	if (ch == '\n' && v->options) {
		s->result = (int)v->list.cur;
		return UI_POP;
	}
	if (ch == '\n' || ch == UI_ESC || ch == 'q' || ch == '?') {
		s->result = -1;
		return UI_POP;
	}
	return UI_HANDLED;
}

static void view_free(ui_screen *s)
{
	viewer *v = (viewer *)s;

	lw_free(&v->list);
	ui_lines_free(&v->lines);
	free(v->title);
	free(v->text);
	free(v);
}

static const ui_screen_ops view_ops = {
	.name = "viewer", .layout = view_layout, .draw = view_draw,
	.key = view_key_fn, .free = view_free,
};

static viewer *viewer_new(ui_app *app, const char *title)
{
	viewer *v = calloc(1, sizeof *v);
	lw_source src = {
		.count = view_count, .key = view_key,
		.render = view_render, .seek = view_seek,
	};

	if (v == NULL)
		return NULL;
	v->base.ops = &view_ops;
	v->base.app = app;
	v->base.dialog = true;
	v->base.result = -1;
	v->title = strdup(title ? title : "");
	src.ctx = v;
	lw_init(&v->list, src, false);
	return v;
}

ui_screen *help_new(ui_app *app, const char *title, const char *text)
{
	viewer *v = viewer_new(app, title ? title : "Help");

	if (v == NULL)
		return NULL;
	v->text = strdup(text);
	v->base.keyhelp = "↑↓ PgUp PgDn scroll  / find  Esc/q close";
	return &v->base;
}

ui_screen *pick_new(ui_app *app, const char *title,
    const char *const *options, size_t n, size_t sel)
{
	viewer *v = viewer_new(app, title);

	if (v == NULL)
		return NULL;
	v->options = options;
	v->nopt = n;
	v->list.cur = sel < n ? sel : 0;
	v->list.empty = "(nothing to choose from)";
	v->base.keyhelp = "↑↓ move  / find  Enter choose  Esc cancel";
	return &v->base;
}

void pick_field_open(ui_app *app, form *fm)
{
	fw_field *f = form_focused(fm);
	ui_screen *d;

	if (f == NULL || f->kind != FW_PICK || f->nopt == 0)
		return;
	d = pick_new(app, f->label, f->options, f->nopt, f->sel);
	if (d != NULL)
		d->tag = TAG_PICK + (int)fm->focus;
	ui_push(app, d);
}

bool pick_field_closed(form *fm, ui_screen *child)
{
	int i = child->tag - TAG_PICK;

	if (i < 0 || (size_t)i >= fm->n || fm->f[i].kind != FW_PICK)
		return false;
	if (child->result >= 0)
		fm->f[i].sel = (size_t)child->result;
	return true;
}

/* --- a one-field question -------------------------------------------------- */

typedef struct ask {
	ui_screen base;
	char *title;
	char *prompt;
	ui_lines lines;          /* the prompt, wrapped */
	fw_field f[3];
	form fm;
	int y, x, h, w;
} ask;

static void ask_layout(ui_screen *s, int lines, int cols)
{
	ask *a = (ask *)s;

	a->w = cols - 8 < 70 ? cols - 8 : 70;
	ui_lines_free(&a->lines);
	ui_lines_wrap(&a->lines, a->prompt, a->w - 4);
	if (a->lines.n > (size_t)(lines - 12))
		a->lines.n = (size_t)(lines - 12);
	a->h = 6 + (int)a->lines.n;
	ui_center(s->app, a->h, a->w, &a->y, &a->x);
	a->fm.y = a->y + (int)a->lines.n - 1;
	a->fm.x = a->x + 2;
	a->f[0].width = a->w - 6 - a->f[0].label_w;
}

static void ask_draw(ui_screen *s, WINDOW *w)
{
	ask *a = (ask *)s;

	ui_box(w, a->y, a->x, a->h, a->w, a->title);
	for (size_t i = 0; i < a->lines.n; i++)
		ui_text(w, a->y + 1 + (int)i, a->x + 2, a->w - 4, UI_NORMAL,
		    a->lines.line[i]);
	form_draw(&a->fm, w, s->app, true);
}

static int ask_key(ui_screen *s, int ch)
{
	ask *a = (ask *)s;
	int action = -1;
	int r;

	if (ch == UI_ESC) {
		s->result = -1;
		return UI_POP;
	}
	if (ch == '\n' && a->fm.focus == 0) {
		s->result = 1;
		return UI_POP;
	}
	if (ch == K(KEY_MOUSE))
		r = form_mouse(&a->fm, &s->app->mouse, &action);
	else
		r = form_key(&a->fm, ch, &action);
	if (r == FORM_PRESSED) {
		s->result = action;
		return UI_POP;
	}
	return UI_HANDLED;
}

static void ask_free(ui_screen *s)
{
	ask *a = (ask *)s;

	form_wipe(&a->f[0]);
	ui_lines_free(&a->lines);
	free(a->title);
	free(a->prompt);
	free(a);
}

static const ui_screen_ops ask_ops = {
	.name = "ask", .layout = ask_layout, .draw = ask_draw, .key = ask_key,
	.free = ask_free,
};

ui_screen *ask_new(ui_app *app, const char *title, const char *prompt,
    bool mask)
{
	ask *a = calloc(1, sizeof *a);

	if (a == NULL)
		return NULL;
	a->base.ops = &ask_ops;
	a->base.app = app;
	a->base.dialog = true;
	a->base.result = -1;
	a->base.keyhelp = "Enter OK  Tab next  Esc cancel";
	a->title = strdup(title);
	a->prompt = strdup(prompt);
	a->f[0] = (fw_field){ .kind = FW_TEXT, .label = "", .row = 3,
	    .label_w = 0, .width = 40, .mask = mask };
	a->f[1] = (fw_field){ .kind = FW_BUTTON, .label = "OK", .row = 5,
	    .col = 0, .action = 1 };
	a->f[2] = (fw_field){ .kind = FW_BUTTON, .label = "Cancel", .row = 5,
	    .col = 10, .action = -1 };
	form_init(&a->fm, a->f, 3, 0, 0);
	return &a->base;
}

void ask_set_text(ui_screen *s, const char *text)
{
	ask *a = (ask *)s;

	if (s == NULL)
		return;
	snprintf(a->f[0].text, sizeof a->f[0].text, "%s", text);
	a->f[0].pos = strlen(a->f[0].text);
}

const char *ask_text(ui_screen *s)
{
	return ((ask *)s)->f[0].text;
}
