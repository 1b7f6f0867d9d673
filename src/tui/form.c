/* form.c — form widgets (form.h). */
#include "form.h"

#include <roster/rules.h>

#include <stdlib.h>
#include <string.h>

static bool takes_focus(const fw_field *f)
{
	return f->kind != FW_LABEL && !f->hidden && !f->disabled;
}

void form_init(form *fm, fw_field *fields, size_t n, int y, int x)
{
	fm->f = fields;
	fm->n = n;
	fm->y = y;
	fm->x = x;
	fm->focus = 0;
	for (size_t i = 0; i < n; i++) {
		if (fields[i].kind == FW_TEXT)
			fields[i].pos = strlen(fields[i].text);
	}
	while (fm->focus < n && !takes_focus(&fields[fm->focus]))
		fm->focus++;
}

fw_field *form_focused(form *fm)
{
	return fm->focus < fm->n ? &fm->f[fm->focus] : NULL;
}

void form_focus(form *fm, size_t i)
{
	if (i < fm->n && takes_focus(&fm->f[i]))
		fm->focus = i;
}

void form_set_text(fw_field *f, const char *s)
{
	size_t n = strlen(s);

	if (n >= sizeof f->text)
		n = sizeof f->text - 1;
	memcpy(f->text, s, n);
	f->text[n] = '\0';
	f->pos = n;
}

void form_wipe(fw_field *f)
{
	explicit_bzero(f->text, sizeof f->text);
	f->pos = 0;
}

/* The columns a field occupies on screen (used by draw and mouse). */
static void field_rect(const form *fm, const fw_field *f, int *y, int *x,
    int *w)
{
	*y = fm->y + f->row;
	*x = fm->x + f->col;
	switch (f->kind) {
	case FW_TEXT:
	case FW_PICK:
		*w = f->label_w + f->width + 2;
		break;
	case FW_CHECK:
	case FW_RADIO:
		*w = 4 + ui_width(f->label);
		break;
	case FW_BUTTON:
		*w = 4 + ui_width(f->label);
		break;
	default:
		*w = ui_width(f->label);
		break;
	}
}

/* The text field's visible value: masked, scrolled to show the cursor.
 * Sets *curcol to the cursor's column within the value. */
static void text_view(const fw_field *f, ui_line *l, int *curcol)
{
	char shown[FW_TEXT_MAX * 3];
	size_t o = 0;
	int before = 0;         /* columns before the cursor */
	const char *p;

	if (f->mask) {
		for (p = f->text; *p; p++) {
			if (((unsigned char)*p & 0xC0) == 0x80)
				continue;
			shown[o++] = '*';
			if ((size_t)(p - f->text) < f->pos)
				before++;
		}
		shown[o] = '\0';
	} else {
		char head[FW_TEXT_MAX];

		memcpy(head, f->text, f->pos);
		head[f->pos] = '\0';
		before = ui_width(head);
		strcpy(shown, f->text);
	}
	/* Scroll so that the cursor stays inside the field. */
	int skip = before >= f->width ? before - f->width + 1 : 0;
	ui_line all;

	ui_line_init(&all, UI_LINE_MAX - 1);
	ui_line_put(&all, UI_FIELD, shown, -1, 0);
	int col = 0, i = 0;

	while (i < all.n && col < skip) {
		int cw = wcwidth(all.ch[i]);
		col += cw > 0 ? cw : 0;
		i++;
	}
	for (; i < all.n; i++) {
		int cw = wcwidth(all.ch[i]);

		if (cw < 0)
			cw = 0;
		if (l->cols + cw > l->width)
			break;
		l->ch[l->n] = all.ch[i];
		l->role[l->n] = all.role[i];
		l->n++;
		l->cols += cw;
	}
	*curcol = before - (col > skip ? col : skip);
	if (*curcol < 0)
		*curcol = 0;
}

static void draw_field(const form *fm, const fw_field *f, WINDOW *w,
    ui_app *app, bool focus)
{
	int y, x, wd;
	ui_line l;
	attr_t rev = focus ? A_REVERSE : 0;

	if (f->hidden)
		return;
	field_rect(fm, f, &y, &x, &wd);
	ui_role lr = f->disabled ? UI_DIM : UI_NORMAL;

	switch (f->kind) {
	case FW_LABEL:
		ui_text(w, y, x, app->cols - x, f->role, f->label);
		break;
	case FW_TEXT: {
		int cur = 0;

		ui_line_init(&l, f->label_w);
		ui_line_put(&l, lr, f->label, f->label_w, f->label_w);
		ui_line_draw(&l, w, y, x, 0);
		ui_line_init(&l, f->width + 2);
		ui_line_put(&l, UI_FIELD, "[", -1, 0);
		l.width = f->width + 1;
		text_view(f, &l, &cur);
		ui_line_to(&l, f->width + 1);
		l.width = f->width + 2;
		ui_line_put(&l, UI_NORMAL, "]", -1, 0);
		for (int i = 0; i < l.n; i++)
			if (l.role[i] == UI_NORMAL || l.role[i] == UI_FIELD)
				l.role[i] = focus ? UI_CURSOR : f->disabled ?
				    UI_DIM : UI_FIELD;
		ui_line_draw(&l, w, y, x + f->label_w, 0);
		if (focus) {
			app->cursor_y = y;
			app->cursor_x = x + f->label_w + 1 + cur;
		}
		break;
	}
	case FW_PICK: {
		const char *opt = f->sel < f->nopt ? f->options[f->sel] : "";

		ui_line_init(&l, f->label_w);
		ui_line_put(&l, lr, f->label, f->label_w, f->label_w);
		ui_line_draw(&l, w, y, x, 0);
		ui_line_init(&l, f->width + 2);
		ui_line_put(&l, lr, "[", -1, 0);
		ui_line_put(&l, lr, opt, f->width - 2, f->width - 2);
		ui_line_put(&l, lr, " v]", -1, 0);
		ui_line_draw(&l, w, y, x + f->label_w, rev);
		break;
	}
	case FW_CHECK:
	case FW_RADIO:
		ui_line_init(&l, wd);
		if (f->kind == FW_CHECK)
			ui_line_put(&l, lr, f->on ? "[x] " : "[ ] ", -1, 0);
		else
			ui_line_put(&l, lr, f->on ? "(*) " : "( ) ", -1, 0);
		ui_line_put(&l, lr, f->label, -1, 0);
		ui_line_draw(&l, w, y, x, rev);
		break;
	case FW_BUTTON:
		ui_line_init(&l, wd);
		ui_line_put(&l, f->disabled ? UI_DIM : UI_HEAD, "[ ", -1, 0);
		ui_line_put(&l, f->disabled ? UI_DIM : UI_HEAD, f->label, -1, 0);
		ui_line_put(&l, f->disabled ? UI_DIM : UI_HEAD, " ]", -1, 0);
		ui_line_draw(&l, w, y, x, rev);
		break;
	}
}

void form_draw(const form *fm, WINDOW *w, ui_app *app, bool active)
{
	for (size_t i = 0; i < fm->n; i++)
		draw_field(fm, &fm->f[i], w, app, active && i == fm->focus);
}

/* Tab wraps around; the arrows stop at the first and last field. */
static void move_focus_nowrap(form *fm, int dir)
{
	size_t i = fm->focus;

	while (dir > 0 ? i + 1 < fm->n : i > 0) {
		i = dir > 0 ? i + 1 : i - 1;
		if (takes_focus(&fm->f[i])) {
			fm->focus = i;
			return;
		}
	}
}

static void move_focus(form *fm, int dir)
{
	size_t i = fm->focus;

	for (size_t k = 0; k < fm->n; k++) {
		i = (i + fm->n + (size_t)(dir > 0 ? 1 : fm->n - 1)) % fm->n;
		if (takes_focus(&fm->f[i])) {
			fm->focus = i;
			return;
		}
	}
}

static void radio_set(form *fm, fw_field *f)
{
	for (size_t i = 0; i < fm->n; i++)
		if (fm->f[i].kind == FW_RADIO && fm->f[i].group == f->group)
			fm->f[i].on = false;
	f->on = true;
}

static int text_key(fw_field *f, int ch)
{
	size_t len = strlen(f->text);

	switch (ch) {
	case K(KEY_LEFT):
		while (f->pos > 0) {
			f->pos--;
			if (((unsigned char)f->text[f->pos] & 0xC0) != 0x80)
				break;
		}
		return FORM_HANDLED;
	case K(KEY_RIGHT):
		while (f->pos < len) {
			f->pos++;
			if (((unsigned char)f->text[f->pos] & 0xC0) != 0x80)
				break;
		}
		return FORM_HANDLED;
	case K(KEY_HOME):
	case UI_CTRL('a'):
		f->pos = 0;
		return FORM_HANDLED;
	case K(KEY_END):
	case UI_CTRL('e'):
		f->pos = len;
		return FORM_HANDLED;
	case UI_CTRL('u'):
		form_wipe(f);
		return FORM_CHANGED;
	case K(KEY_BACKSPACE): {
		size_t start = f->pos;

		if (start == 0)
			return FORM_HANDLED;
		do
			start--;
		while (start > 0 && ((unsigned char)f->text[start] & 0xC0) == 0x80);
		memmove(f->text + start, f->text + f->pos, len - f->pos + 1);
		f->pos = start;
		return FORM_CHANGED;
	}
	case K(KEY_DC): {
		size_t end = f->pos;

		if (end >= len)
			return FORM_HANDLED;
		do
			end++;
		while (end < len && ((unsigned char)f->text[end] & 0xC0) == 0x80);
		memmove(f->text + f->pos, f->text + end, len - end + 1);
		return FORM_CHANGED;
	}
	default:
		break;
	}
	if (ch >= 0x20 && ch != 0x7F && ch < K(0) && !(ch >= 0x80 && ch < 0xA0)) {
		char mb[8];
		int k = wctomb(mb, (wchar_t)ch);

		if (k <= 0 || len + (size_t)k >= sizeof f->text)
			return FORM_HANDLED;
		memmove(f->text + f->pos + k, f->text + f->pos, len - f->pos + 1);
		memcpy(f->text + f->pos, mb, (size_t)k);
		f->pos += (size_t)k;
		return FORM_CHANGED;
	}
	return FORM_IGNORED;
}

static int press(form *fm, fw_field *f, int *action)
{
	switch (f->kind) {
	case FW_CHECK:
		f->on = !f->on;
		return FORM_CHANGED;
	case FW_RADIO:
		radio_set(fm, f);
		return FORM_CHANGED;
	case FW_PICK:
		return FORM_PICK;
	case FW_BUTTON:
		*action = f->action;
		return FORM_PRESSED;
	default:
		return FORM_IGNORED;
	}
}

int form_key(form *fm, int ch, int *action)
{
	fw_field *f = form_focused(fm);

	if (f == NULL)
		return FORM_IGNORED;
	switch (ch) {
	case '\t':
		if (f->kind == FW_TEXT && f->complete != NULL && f->complete(f))
			return FORM_CHANGED;
		move_focus(fm, 1);
		return FORM_HANDLED;
	case K(KEY_BTAB):
		move_focus(fm, -1);
		return FORM_HANDLED;
	case K(KEY_UP):
		move_focus_nowrap(fm, -1);
		return FORM_HANDLED;
	case K(KEY_DOWN):
		move_focus_nowrap(fm, 1);
		return FORM_HANDLED;
	default:
		break;
	}
	if (f->kind == FW_TEXT) {
		if (ch == '\n') {
			move_focus(fm, 1);
			return FORM_HANDLED;
		}
		return text_key(f, ch);
	}
	if (f->kind == FW_PICK && (ch == K(KEY_LEFT) || ch == K(KEY_RIGHT))) {
		if (f->nopt == 0)
			return FORM_HANDLED;
		f->sel = ch == K(KEY_LEFT) ? (f->sel + f->nopt - 1) % f->nopt :
		    (f->sel + 1) % f->nopt;
		return FORM_CHANGED;
	}
	if (ch == K(KEY_LEFT) || ch == K(KEY_RIGHT)) {
		move_focus(fm, ch == K(KEY_LEFT) ? -1 : 1);
		return FORM_HANDLED;
	}
	if (ch == '\n' || ch == ' ')
		return press(fm, f, action);
	return FORM_IGNORED;
}

int form_mouse(form *fm, const MEVENT *ev, int *action)
{
	if (!(ev->bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED |
	    BUTTON1_DOUBLE_CLICKED)))
		return FORM_IGNORED;
	for (size_t i = 0; i < fm->n; i++) {
		fw_field *f = &fm->f[i];
		int y, x, w;

		if (!takes_focus(f))
			continue;
		field_rect(fm, f, &y, &x, &w);
		if (ev->y != y || ev->x < x || ev->x >= x + w)
			continue;
		fm->focus = i;
		if (f->kind == FW_TEXT) {
			f->pos = strlen(f->text);
			return FORM_HANDLED;
		}
		return press(fm, f, action);
	}
	return FORM_IGNORED;
}

ui_role form_password_feedback(const char *pw, const char *again,
    const char **msg)
{
	ro_status st = ro_rules_password(pw);

	if (pw[0] == '\0') {
		*msg = "8+ characters, with an uppercase letter, a lowercase "
		    "letter and a digit";
		return UI_DIM;
	}
	if (st != RO_ST_NONE) {
		*msg = ro_rules_message(st);
		return UI_ERROR;
	}
	if (again[0] != '\0' && strcmp(pw, again) != 0) {
		*msg = "The two passwords differ";
		return UI_ERROR;
	}
	*msg = "✓ The password follows the rules";
	return UI_OK;
}
