/* loop.c — the screen stack and the one event loop (htop's
 * ScreenManager_run): read a key, give it to the top screen, act on the
 * flags it returns, draw the stack into the virtual screen and update the
 * terminal once per frame. */
#include "ui.h"
#include "screens.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <roster/signin.h>

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

void ui_signals_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int ui_signal_caught(void)
{
	return got_signal;
}

ui_screen *ui_top(ui_app *app)
{
	return app->depth ? app->stack[app->depth - 1] : NULL;
}

static void screen_layout(ui_app *app, ui_screen *s)
{
	if (s->ops->layout != NULL)
		s->ops->layout(s, app->lines, app->cols);
}

void ui_push(ui_app *app, ui_screen *s)
{
	if (s == NULL) {
		ui_notice(app, UI_ERROR, "out of memory");
		return;
	}
	if (app->depth == app->cap) {
		size_t cap = app->cap ? app->cap * 2 : 8;
		ui_screen **st = realloc(app->stack, cap * sizeof *st);

		if (st == NULL) {
			s->ops->free(s);
			ui_notice(app, UI_ERROR, "out of memory");
			return;
		}
		app->stack = st;
		app->cap = cap;
	}
	s->app = app;
	app->stack[app->depth++] = s;
	if (!app->too_small)
		screen_layout(app, s);
	if (s->ops->idle != NULL)
		s->want_idle = true;
}

static int dispatch(ui_app *app, ui_screen *s, int flags);

void ui_ask(ui_app *app, ui_screen *d,
    int (*answered)(ui_screen *parent, ui_screen *dialog))
{
	if (d != NULL)
		d->answered = answered;
	ui_push(app, d);
}

void ui_pop(ui_app *app)
{
	ui_screen *child;
	ui_screen *parent;

	if (app->depth == 0)
		return;
	child = app->stack[--app->depth];
	parent = ui_top(app);
	if (parent != NULL && child->answered != NULL)
		dispatch(app, parent, child->answered(parent, child));
	else if (parent != NULL && parent->ops->child_closed != NULL)
		dispatch(app, parent, parent->ops->child_closed(parent, child));
	child->ops->free(child);
}

void ui_replace(ui_app *app, ui_screen *s)
{
	ui_screen *old;

	if (app->depth == 0 || s == NULL) {
		ui_push(app, s);
		return;
	}
	old = app->stack[--app->depth];
	old->ops->free(old);
	ui_push(app, s);
}

void ui_pop_to_root(ui_app *app)
{
	while (app->depth > 1) {
		ui_screen *s = app->stack[--app->depth];

		s->ops->free(s);
	}
	if (app->depth == 1)
		screen_layout(app, app->stack[0]);
}

/* Acts on a handler's flags for screen s (which may no longer be on top
 * when the handler pushed a dialog). */
static int dispatch(ui_app *app, ui_screen *s, int flags)
{
	if (flags & UI_QUIT) {
		app->quit = true;
	} else if ((flags & UI_REPLACE) && ui_top(app) == s) {
		ui_screen *next = app->pending;

		app->pending = NULL;
		ui_replace(app, next);
	} else if ((flags & UI_POP) && ui_top(app) == s) {
		ui_pop(app);
	}
	return flags;
}

void ui_notice(ui_app *app, ui_role role, const char *fmt, ...)
{
	va_list ap;
	char raw[sizeof app->message];

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	ui_sanitize(app->message, sizeof app->message, raw);
	app->message_role = role;
}

int ui_body_top(const ui_app *app)
{
	(void)app;
	return 1;
}

int ui_body_lines(const ui_app *app)
{
	return app->lines - 2;
}

static void draw_title(ui_app *app, ui_screen *base)
{
	char left[160];

	ui_fill(stdscr, 0, 0, app->cols, UI_TITLE);
	if (app->session != NULL)
		snprintf(left, sizeof left, "roster · %s · %s",
		    ro_session_site_name(app->session),
		    ro_session_username(app->session));
	else if (app->signin != NULL)
		snprintf(left, sizeof left, "roster · %s", app->signin->username);
	else
		snprintf(left, sizeof left, "roster");
	int n = ui_text(stdscr, 0, 1, app->cols / 2, UI_TITLE, left);
	if (base != NULL && base->title != NULL) {
		int w = ui_width(base->title);
		int x = app->cols - w - 1;

		if (x < n + 3)
			x = n + 3;
		ui_text(stdscr, 0, x, app->cols - x - 1, UI_TITLE, base->title);
	}
}

static void draw_too_small(ui_app *app)
{
	char msg[128];

	werase(stdscr);
	snprintf(msg, sizeof msg, "terminal too small: %dx%d", app->cols,
	    app->lines);
	mvwaddnstr(stdscr, 0, 0, msg, app->cols);
	snprintf(msg, sizeof msg, "roster needs at least %dx%d", UI_MIN_COLS,
	    UI_MIN_LINES);
	if (app->lines > 1)
		mvwaddnstr(stdscr, 1, 0, msg, app->cols);
	if (app->lines > 2)
		mvwaddnstr(stdscr, 2, 0, "q quits; make the terminal bigger to go on", app->cols);
}

static int hint_y = -1, hint_x;

void ui_cursor_hint(int y, int x)
{
	hint_y = y;
	hint_x = x;
}

void ui_render(ui_app *app)
{
	size_t base = 0;
	ui_screen *top = ui_top(app);

	app->cursor_y = app->cursor_x = -1;
	hint_y = -1;
	if (app->too_small) {
		draw_too_small(app);
	} else {
		werase(stdscr);
		for (size_t i = 0; i < app->depth; i++)
			if (!app->stack[i]->dialog)
				base = i;
		draw_title(app, app->depth ? app->stack[base] : NULL);
		/* Only the top screen's list places the cursor (a dialog over
		 * a list takes it away). */
		for (size_t i = base; i < app->depth; i++) {
			hint_y = -1;
			app->stack[i]->ops->draw(app->stack[i], stdscr);
		}
		if (app->message[0] != '\0')
			ui_text_pad(stdscr, app->lines - 2, 0, app->cols,
			    app->message_role, app->message);
		ui_fill(stdscr, app->lines - 1, 0, app->cols, UI_TITLE);
		if (top != NULL && top->keyhelp != NULL)
			ui_text(stdscr, app->lines - 1, 1, app->cols - 2, UI_TITLE,
			    top->keyhelp);
	}
	if (app->cursor_y < 0 && hint_y >= 0) {
		app->cursor_y = hint_y;
		app->cursor_x = hint_x;
	}
	if (app->cursor_y >= 0 && !app->too_small) {
		wmove(stdscr, app->cursor_y, app->cursor_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

static void on_resize(ui_app *app)
{
	getmaxyx(stdscr, app->lines, app->cols);
	app->too_small = app->lines < UI_MIN_LINES || app->cols < UI_MIN_COLS;
	if (app->too_small)
		return;
	for (size_t i = 0; i < app->depth; i++)
		screen_layout(app, app->stack[i]);
}

static bool polling;

/* One key, normalised (ui.h); -1 when none (timeout, signal, or an
 * escape sequence nobody knows). */
static int read_key(ui_app *app)
{
	wint_t wc;
	int r = wget_wch(stdscr, &wc);

	if (r == ERR)
		return -1;
	if (r == KEY_CODE_YES) {
		switch (wc) {
		case KEY_ENTER:
			return '\n';
		case KEY_RESIZE:
			on_resize(app);
			return K(KEY_RESIZE);
		case KEY_MOUSE:
			if (getmouse(&app->mouse) != OK)
				return -1;
			return K(KEY_MOUSE);
		default:
			return K((int)wc);
		}
	}
	switch (wc) {
	case UI_ESC: {
		int c = ui_key_after_esc(polling);

		return c == -2 ? -1 : c;
	}
	case '\r':
		return '\n';
	case 127:
	case 8:
		return K(KEY_BACKSPACE);
	default:
		return (int)wc;
	}
}

int ui_poll_key(ui_app *app)
{
	int ch;

	nodelay(stdscr, TRUE);
	polling = true;
	ch = read_key(app);
	polling = false;
	nodelay(stdscr, FALSE);
	if (ch == K(KEY_RESIZE))
		return -1;
	return ch;
}

int ui_input_pending(void *ctx)
{
	struct pollfd p = { .fd = 0, .events = POLLIN };

	(void)ctx;
	return poll(&p, 1, 0) > 0;
}

static void global_key(ui_app *app, ui_screen *top, int ch)
{
	switch (ch) {
	case '?':
	case K(KEY_F(1)):
		if (top->help != NULL)
			ui_push(app, help_new(app, top->title, top->help));
		break;
	case 'q':
	case UI_ESC:
		if (app->depth > 1)
			ui_pop(app);
		else
			app->quit = true;
		break;
	default:
		break;
	}
}

void ui_run(ui_app *app)
{
	getmaxyx(stdscr, app->lines, app->cols);
	on_resize(app);
	while (!app->quit && app->depth > 0 && !got_signal) {
		ui_screen *top = ui_top(app);
		int ch;

		ui_render(app);
		if (top->want_idle && !app->too_small) {
			top->want_idle = false;
			dispatch(app, top, top->ops->idle(top));
			continue;
		}
		ch = read_key(app);
		if (ch < 0) {
			if (errno == EINTR && got_signal)
				break;
			continue;
		}
		app->message[0] = '\0';
		if (ch == K(KEY_RESIZE))
			continue;
		/* Only q leaves from here: an Esc meant for the screen
		 * underneath must not lose the session. */
		if (app->too_small) {
			if (ch == 'q')
				app->quit = true;
			continue;
		}
		/* F1 is help on every screen that has one, whatever has the
		 * focus (a text field would swallow it); `?` stays a
		 * character where one can be typed. */
		if (ch == K(KEY_F(1)) && top->help != NULL) {
			ui_push(app, help_new(app, top->title, top->help));
			continue;
		}
		int flags = top->ops->key(top, ch);

		if (flags == UI_IGNORED)
			global_key(app, top, ch);
		else
			dispatch(app, top, flags);
	}
}
