/* draw.c — colour roles, the rich line buffer and text drawing by display
 * width.  Every string reaches the screen through ui_line_put, which
 * sanitises it (sanitize.c) and measures it with wcwidth. */
#include "ui.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static attr_t role_attr[UI_ROLE__COUNT];
static short role_pair[UI_ROLE__COUNT];

/* NO_COLOR (no-color.org): present and not empty disables colour. */
static bool no_color(void)
{
	const char *v = getenv("NO_COLOR");

	return v != NULL && v[0] != '\0';
}

void ui_colors_init(ui_app *app)
{
	/* Monochrome: meaning carried by bold, reverse and underline. */
	static const attr_t mono[UI_ROLE__COUNT] = {
		[UI_NORMAL] = A_NORMAL,
		[UI_TITLE] = A_REVERSE,
		[UI_CURSOR] = A_REVERSE,
		[UI_ERROR] = A_BOLD,
		[UI_WARN] = A_UNDERLINE,
		[UI_OK] = A_NORMAL,
		[UI_DIM] = A_DIM,
		[UI_HEAD] = A_BOLD,
		[UI_FIELD] = A_UNDERLINE,
	};
	static const struct { ui_role r; short fg, bg; attr_t a; } col[] = {
		{ UI_TITLE, COLOR_BLACK, COLOR_CYAN, A_NORMAL },
		{ UI_CURSOR, COLOR_BLACK, COLOR_CYAN, A_NORMAL },
		{ UI_ERROR, COLOR_RED, -1, A_BOLD },
		{ UI_WARN, COLOR_YELLOW, -1, A_NORMAL },
		{ UI_OK, COLOR_GREEN, -1, A_NORMAL },
		{ UI_DIM, COLOR_BLUE, -1, A_BOLD },
		{ UI_HEAD, COLOR_CYAN, -1, A_BOLD },
		{ UI_FIELD, -1, -1, A_UNDERLINE },
	};

	for (int i = 0; i < UI_ROLE__COUNT; i++) {
		role_attr[i] = mono[i];
		role_pair[i] = 0;
	}
	app->color = false;
	if (no_color() || !has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	app->color = true;
	for (size_t i = 0; i < sizeof col / sizeof col[0]; i++) {
		short pair = (short)(i + 1);

		init_pair(pair, col[i].fg, col[i].bg);
		role_pair[col[i].r] = pair;
		role_attr[col[i].r] = col[i].a;
	}
}

attr_t ui_attr(ui_role r)
{
	return role_attr[r];
}

short ui_pair(ui_role r)
{
	return role_pair[r];
}

void ui_set_role(WINDOW *w, ui_role r)
{
	wattr_set(w, role_attr[r], role_pair[r], NULL);
}

void ui_line_init(ui_line *l, int width)
{
	l->n = 0;
	l->cols = 0;
	l->width = width < UI_LINE_MAX ? width : UI_LINE_MAX - 1;
}

static bool line_add(ui_line *l, ui_role r, wchar_t c, int limit)
{
	int cw = wcwidth(c);

	if (cw < 0)
		cw = 1;
	if (l->cols + cw > limit || l->cols + cw > l->width ||
	    l->n >= UI_LINE_MAX - 1)
		return false;
	l->ch[l->n] = c;
	l->role[l->n] = (unsigned char)r;
	l->n++;
	l->cols += cw;
	return true;
}

void ui_line_put(ui_line *l, ui_role r, const char *s, int maxcols, int pad)
{
	int start = l->cols;
	int limit = maxcols < 0 ? l->width : start + maxcols;
	wchar_t w[UI_LINE_MAX];
	int n;

	if (s == NULL)
		s = "";
	n = ui_sane_decode(s, w, UI_LINE_MAX);
	for (int i = 0; i < n; i++) {
		/* A zero-width character with nothing to combine with would
		 * merge into the previous cell's character. */
		if (wcwidth(w[i]) == 0 && l->cols == start)
			continue;
		if (!line_add(l, r, w[i], limit))
			break;
	}
	if (pad > 0)
		ui_line_to(l, start + pad);
}

void ui_line_to(ui_line *l, int col)
{
	while (l->cols < col && line_add(l, l->n ? (ui_role)l->role[l->n - 1] :
	    UI_NORMAL, L' ', col))
		;
}

void ui_line_draw(const ui_line *l, WINDOW *w, int y, int x, attr_t extra)
{
	int i = 0;
	int col = x;

	wmove(w, y, x);
	while (i < l->n) {
		int j = i;
		int cols = 0;

		while (j < l->n && l->role[j] == l->role[i]) {
			int cw = wcwidth(l->ch[j]);
			cols += cw > 0 ? cw : 0;
			j++;
		}
		wattr_set(w, role_attr[l->role[i]] | extra, role_pair[l->role[i]],
		    NULL);
		waddnwstr(w, l->ch + i, j - i);
		col += cols;
		i = j;
	}
	wattr_set(w, role_attr[UI_NORMAL] | extra, role_pair[UI_NORMAL], NULL);
	for (; col < x + l->width; col++)
		waddch(w, ' ');
	wattr_set(w, A_NORMAL, 0, NULL);
}

int ui_text(WINDOW *w, int y, int x, int width, ui_role r, const char *s)
{
	ui_line l;

	ui_line_init(&l, width);
	ui_line_put(&l, r, s, -1, 0);
	l.width = l.cols;
	ui_line_draw(&l, w, y, x, 0);
	return l.cols;
}

void ui_text_pad(WINDOW *w, int y, int x, int width, ui_role r,
    const char *s)
{
	ui_line l;

	ui_line_init(&l, width);
	ui_line_put(&l, r, s, -1, width);
	ui_line_draw(&l, w, y, x, 0);
}

void ui_fill(WINDOW *w, int y, int x, int width, ui_role r)
{
	ui_set_role(w, r);
	mvwhline(w, y, x, ' ', width);
	wattr_set(w, A_NORMAL, 0, NULL);
}

int ui_width(const char *s)
{
	ui_line l;

	ui_line_init(&l, UI_LINE_MAX - 1);
	ui_line_put(&l, UI_NORMAL, s, -1, 0);
	return l.cols;
}

void ui_box(WINDOW *w, int y, int x, int h, int wd, const char *title)
{
	for (int i = 0; i < h; i++)
		ui_fill(w, y + i, x, wd, UI_NORMAL);
	ui_set_role(w, UI_HEAD);
	mvwhline(w, y, x + 1, ACS_HLINE, wd - 2);
	mvwhline(w, y + h - 1, x + 1, ACS_HLINE, wd - 2);
	mvwvline(w, y + 1, x, ACS_VLINE, h - 2);
	mvwvline(w, y + 1, x + wd - 1, ACS_VLINE, h - 2);
	mvwaddch(w, y, x, ACS_ULCORNER);
	mvwaddch(w, y, x + wd - 1, ACS_URCORNER);
	mvwaddch(w, y + h - 1, x, ACS_LLCORNER);
	mvwaddch(w, y + h - 1, x + wd - 1, ACS_LRCORNER);
	wattr_set(w, A_NORMAL, 0, NULL);
	if (title != NULL && title[0] != '\0') {
		mvwaddch(w, y, x + 2, ' ');
		int n = ui_text(w, y, x + 3, wd - 6, UI_HEAD, title);
		mvwaddch(w, y, x + 3 + n, ' ');
	}
}

void ui_center(const ui_app *app, int h, int wd, int *y, int *x)
{
	*y = (app->lines - h) / 2;
	*x = (app->cols - wd) / 2;
	if (*y < 1)
		*y = 1;
	if (*x < 0)
		*x = 0;
}

void ui_today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

char *ui_expand_home(const char *path)
{
	const char *home = getenv("HOME");
	char *out;

	if (path[0] == '~' && (path[1] == '/' || path[1] == '\0') &&
	    home != NULL) {
		size_t n = strlen(home) + strlen(path);

		out = malloc(n + 1);
		if (out != NULL) {
			strcpy(out, home);
			strcat(out, path + 1);
		}
		return out;
	}
	return strdup(path);
}
